/* test-ledger.c: the apply pipeline, quarantine, pending, conflicts, rebuild */

#include "config.h"

#include <string.h>

#include "ledger-util.h"

typedef struct
{
  char       *base;
  GovReplica *hub;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  f->base = util_tmpdir ();
  f->hub = util_hub (f->base, "hub", "HRB");
  gov_replica_set_actor (f->hub, "alice");
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_pointer (&f->hub, gov_replica_close);
  util_rm_rf (f->base);
  g_free (f->base);
}

static char *
quarantine_reason (GovReplica *r)
{
  sqlite3_stmt *s = NULL;
  char *out = NULL;

  sqlite3_prepare_v2 (gov_replica_get_db (r),
                      "SELECT reason FROM quarantine ORDER BY at_ms DESC, rowid DESC LIMIT 1",
                      -1, &s, NULL);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_finalize (s);
  return out;
}

/* Ingests one wire line into @r and returns the quarantine reason. */
static char *
ingest_one_reason (GovReplica *r,
                   const char *wire)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GovIngestReport rep;

  g_ptr_array_add (lines, g_strdup (wire));
  rep = util_ingest (r, lines);
  g_assert_cmpuint (rep.quarantined, ==, 1);
  g_assert_cmpuint (rep.applied, ==, 0);
  return quarantine_reason (r);
}

static char *
case_create_id (GovReplica *r,
                const char *number,
                char      **case_id)
{
  g_autoptr(GError) error = NULL;

  *case_id = gov_case_lookup (r, number, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) 0);
}

static char *
signed_wire (const guint8 *sk,
             const char   *log,
             gint64        seq,
             const char   *prev,
             const char   *type,
             const char * const *deps,
             const char   *body_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string (body_json, &error);
  g_autoptr(GovEvent) ev = NULL;

  g_assert_no_error (error);
  ev = gov_event_new_signed (sk, log, seq, prev, g_get_real_time () / 1000, 0, type, deps, "x",
                             body, &error);
  g_assert_no_error (error);
  return gov_event_to_wire (ev);
}

static void
test_append_and_show (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = util_new_case (f->hub, "Streetlight out on Kade 12\nsince Monday");
  g_autoptr(JsonNode) detail = NULL;
  JsonObject *o;

  g_assert_true (g_str_has_prefix (number, "GS-HRB-001-"));
  g_assert_true (gov_case_assign (f->hub, number, "alice", "on duty", &error));
  g_assert_no_error (error);
  g_assert_true (gov_case_add_note (f->hub, number, "Called the requester", FALSE, &error));
  g_assert_true (gov_case_set_field (f->hub, number, "due", "2020-01-01", NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gov_case_set_field (f->hub, number, "status", "open", NULL, &error));
  g_assert_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_INVALID);
  g_clear_error (&error);

  detail = gov_case_get_detail (f->hub, number, &error);
  g_assert_no_error (error);
  o = json_node_get_object (detail);
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "Streetlight out on Kade 12");
  g_assert_cmpstr (json_object_get_string_member (o, "assignee"), ==, "alice");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "new");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "timeline")), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "notes")), ==, 1);

  /* Views and search. */
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_MINE };
    g_autoptr(JsonNode) mine = gov_case_list (f->hub, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (mine)), ==, 1);
  }
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_OVERDUE, .today = "2021-01-01" };
    g_autoptr(JsonNode) overdue = gov_case_list (f->hub, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (overdue)), ==, 1);
  }
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .search = "requester" };
    g_autoptr(JsonNode) found = gov_case_list (f->hub, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  }
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .search = "kade \"mon" };
    g_autoptr(JsonNode) found = gov_case_list (f->hub, &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 1);
  }
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .search = "bridge" };
    g_autoptr(JsonNode) found = gov_case_list (f->hub, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (found)), ==, 0);
  }

  g_assert_true (gov_case_close (f->hub, number, "resolved", TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gov_case_close (f->hub, number, "resolved", TRUE, NULL, &error));
  g_assert_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CLOSED);
}

static void
test_numbers_unique (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
  g_autofree char *a = util_new_case (f->hub, "one");
  g_autofree char *b = util_new_case (f->hub, "two");
  g_autofree char *c = util_new_case (dev, "three");

  g_assert_cmpstr (a, !=, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_true (g_str_has_prefix (c, "GS-HRB-002-0001"));
  g_assert_true (g_str_has_prefix (a, "GS-HRB-001-0001"));
}

static void
test_routing (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *r1 = gov_routing_add (f->hub, "public_space", NULL, NULL, "Public works", &error);
  g_autofree char *r2 = gov_routing_add (f->hub, "public_space", "streetlight", NULL, "Lighting",
                                         &error);
  g_autofree char *number = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) rules = NULL;

  g_assert_no_error (error);
  number = util_new_case (f->hub, "lamp");
  detail = gov_case_get_detail (f->hub, number, &error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (detail), "team"), ==,
                   "Lighting");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (detail), "routing_rule"),
                   ==, r2);

  g_assert_true (gov_routing_remove (f->hub, r2, &error));
  g_assert_no_error (error);
  rules = gov_routing_list (f->hub, &error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rules)), ==, 1);
  {
    g_autofree char *rule = NULL;
    g_autofree char *team = gov_routing_match (f->hub, "public_space", "streetlight", NULL, &rule);
    g_assert_cmpstr (team, ==, "Public works");
    g_assert_cmpstr (rule, ==, r1);
  }
}

static void
test_quarantine_reasons (Fixture       *f,
                         gconstpointer  data)
{
  GovIdentity *hub_id = gov_replica_get_identity (f->hub);
  const guint8 *dev_sk = gov_identity_get_device_sk (hub_id);
  g_autofree char *number = util_new_case (f->hub, "a case");
  g_autofree char *case_id = NULL;
  g_autofree char *unused = case_create_id (f->hub, number, &case_id);
  g_autofree char *log = g_strconcat ("case:", case_id, NULL);
  g_autofree char *create_id = NULL;
  guint8 other_seed[32] = { 42 };
  g_autoptr(GovIdentity) stranger = gov_identity_new_from_seeds (other_seed, other_seed);
  const char *note = "{\"text\":\"hi\",\"visibility\":\"internal\"}";
  char *reason;

  {
    sqlite3_stmt *s = NULL;
    sqlite3_prepare_v2 (gov_replica_get_db (f->hub),
                        "SELECT create_id FROM case_row WHERE case_id = ?", -1, &s, NULL);
    sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (s), ==, SQLITE_ROW);
    create_id = g_strdup ((const char *) sqlite3_column_text (s, 0));
    sqlite3_finalize (s);
  }

  /* Forged: a valid event whose signature belongs to other bytes. */
  {
    g_autofree char *good = signed_wire (dev_sk, log, 2, create_id, "note.add", NULL, note);
    g_autoptr(JsonNode) node = json_from_string (good, NULL);
    g_autofree char *other = signed_wire (dev_sk, log, 2, create_id, "note.add", NULL,
                                          "{\"text\":\"ho\",\"visibility\":\"internal\"}");
    g_autoptr(JsonNode) onode = json_from_string (other, NULL);
    g_autofree char *forged = NULL;

    json_object_set_string_member (json_node_get_object (node), "s",
                                   json_object_get_string_member (json_node_get_object (onode), "s"));
    forged = json_to_string (node, FALSE);
    reason = ingest_one_reason (f->hub, forged);
    g_assert_cmpstr (reason, ==, GOV_REASON_FORGED);
    g_free (reason);
  }

  /* Unknown author: a key no pinned office certified. */
  {
    g_autofree char *w = signed_wire (gov_identity_get_device_sk (stranger), log, 1, NULL,
                                      "note.add", NULL, note);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_UNKNOWN_AUTHOR);
    g_free (reason);
  }

  /* Broken chain: seq 2 whose prev is not the author's seq 1. */
  {
    g_autofree char *w = signed_wire (dev_sk, log, 2,
                                      "b2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "note.add",
                                      NULL, note);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_BROKEN_CHAIN);
    g_free (reason);
  }

  /* Equivocation: a second, different event at seq 1 of the same log. */
  {
    g_autofree char *w = signed_wire (dev_sk, log, 1, NULL, "note.add", NULL, note);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_EQUIVOCATION);
    g_free (reason);
    g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM equivocation"), ==, 1);
  }

  /* Malformed JSON, correctly signed. */
  {
    g_autofree char *pk = gov_b64_encode (gov_identity_get_device_pk (hub_id), 32);
    g_autofree char *text = g_strdup_printf ("{\"v\":1,\"author\":\"b64:%s\",\"log\":", pk);
    g_autofree char *w = util_sign_raw_wire (dev_sk, text);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_MALFORMED_JSON);
    g_free (reason);
  }

  /* Unknown type and bad body, correctly signed. */
  {
    g_autofree char *pk = gov_b64_encode (gov_identity_get_device_pk (hub_id), 32);
    g_autofree char *t1 = g_strdup_printf (
      "{\"v\":1,\"author\":\"b64:%s\",\"log\":\"%s\",\"seq\":9,\"prev\":\"%s\",\"hlc\":[1,0],"
      "\"type\":\"case.teleport\",\"deps\":[],\"actor\":\"x\",\"body\":{}}", pk, log, create_id);
    g_autofree char *t2 = g_strdup_printf (
      "{\"v\":1,\"author\":\"b64:%s\",\"log\":\"%s\",\"seq\":9,\"prev\":\"%s\",\"hlc\":[1,0],"
      "\"type\":\"note.add\",\"deps\":[],\"actor\":\"x\",\"body\":{\"text\":5}}", pk, log,
      create_id);
    g_autofree char *w1 = util_sign_raw_wire (dev_sk, t1);
    g_autofree char *w2 = util_sign_raw_wire (dev_sk, t2);

    reason = ingest_one_reason (f->hub, w1);
    g_assert_cmpstr (reason, ==, GOV_REASON_UNKNOWN_TYPE);
    g_free (reason);
    reason = ingest_one_reason (f->hub, w2);
    g_assert_cmpstr (reason, ==, GOV_REASON_BAD_BODY);
    g_free (reason);
  }

  /* Oversize and malformed wire lines. */
  {
    g_autofree char *big = g_strnfill ((GOV_EVENT_MAX_BYTES + 100) / 3 * 4, 'A');
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) n = NULL;
    g_autofree char *w = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "e");
    json_builder_add_string_value (b, big);
    json_builder_set_member_name (b, "s");
    json_builder_add_string_value (b, "AAAA");
    json_builder_end_object (b);
    n = json_builder_get_root (b);
    w = json_to_string (n, FALSE);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_OVERSIZE);
    g_free (reason);

    reason = ingest_one_reason (f->hub, "{\"e\": 12");
    g_assert_cmpstr (reason, ==, GOV_REASON_MALFORMED);
    g_free (reason);
  }

  /* Not authorised: a certified device of another office writes into our
   * case. Pin that office and take its certificates first. */
  {
    g_autoptr(GovReplica) other = util_hub (f->base, "other", "OTH");
    GovIdentity *oid = gov_replica_get_identity (other);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) admin = util_export (other);
    const char *deps[] = { create_id, NULL };
    g_autofree char *w = NULL;

    gov_ledger_pin_office (gov_replica_get_ledger (f->hub), gov_identity_get_root_pk (oid), &error);
    g_assert_no_error (error);
    util_ingest (f->hub, admin);
    w = signed_wire (gov_identity_get_device_sk (oid), log, 1, NULL, "note.add", deps, note);
    reason = ingest_one_reason (f->hub, w);
    g_assert_cmpstr (reason, ==, GOV_REASON_NOT_AUTHORISED);
    g_free (reason);
  }

  /* Nothing quarantined was applied; a repeat is a duplicate. */
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM note"), ==, 0);
  g_assert_cmpint (util_count (f->hub, "SELECT count(DISTINCT reason) FROM quarantine"), ==, 10);
}

static void
test_pending_drain (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = util_new_case (f->hub, "pending test");
  g_autoptr(GovReplica) dev = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) reversed = g_ptr_array_new ();
  g_autofree char *d_hub = NULL;
  g_autofree char *d_dev = NULL;
  GovIngestReport rep;

  gov_case_assign (f->hub, number, "bob", NULL, &error);
  gov_case_add_note (f->hub, number, "n1", TRUE, &error);
  gov_case_set_field (f->hub, number, "priority", "high", NULL, &error);
  g_assert_no_error (error);

  {
    g_autofree char *dir = g_build_filename (f->base, "late", NULL);
    g_autofree char *root = gov_replica_dup_office_root_pk (f->hub);
    dev = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
    g_assert_no_error (error);
  }

  /* Certificates first, then the case events newest first: each waits
   * for its predecessor. */
  lines = util_export (f->hub);
  {
    g_autoptr(GPtrArray) admin = g_ptr_array_new ();
    for (guint i = 0; i < lines->len; i++)
      {
        g_autoptr(GovEvent) ev = gov_event_new_from_wire (lines->pdata[i], -1, NULL);
        if (gov_event_get_case_id (ev) == NULL)
          g_ptr_array_add (admin, lines->pdata[i]);
        else
          g_ptr_array_insert (reversed, 0, lines->pdata[i]);
      }
    rep = util_ingest (dev, admin);
    g_assert_cmpuint (rep.applied, ==, admin->len);
  }
  g_assert_cmpuint (reversed->len, ==, 4);

  {
    g_autoptr(GPtrArray) tail = g_ptr_array_new ();
    g_autoptr(GPtrArray) head = g_ptr_array_new ();

    /* First only the newest two: both must wait. */
    g_ptr_array_add (head, reversed->pdata[0]);
    g_ptr_array_add (head, reversed->pdata[1]);
    rep = util_ingest (dev, head);
    g_assert_cmpuint (rep.pending, ==, 2);
    g_assert_cmpuint (rep.applied, ==, 0);
    g_assert_cmpint (util_count (dev, "SELECT count(*) FROM pending"), ==, 2);

    for (guint i = 2; i < reversed->len; i++)
      g_ptr_array_add (tail, reversed->pdata[i]);
    rep = util_ingest (dev, tail);
    g_assert_cmpuint (rep.applied, ==, 4);
    g_assert_cmpuint (rep.pending, ==, 0);
  }
  g_assert_cmpint (util_count (dev, "SELECT count(*) FROM pending"), ==, 0);

  d_hub = util_digest (f->hub);
  d_dev = util_digest (dev);
  g_assert_cmpstr (d_hub, ==, d_dev);

  /* Replaying everything is a no-op. */
  rep = util_ingest (dev, lines);
  g_assert_cmpuint (rep.duplicates, ==, lines->len);
  g_assert_cmpuint (rep.applied, ==, 0);
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
  g_autofree char *number = util_new_case (f->hub, "conflict test");
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;
  g_autoptr(JsonNode) detail = NULL;
  JsonArray *fields;

  util_sync (f->hub, dev);

  /* Concurrent, different values: a conflict with both heads on both sides. */
  g_assert_true (gov_case_set_field (f->hub, number, "priority", "high", NULL, &error));
  g_assert_true (gov_case_set_field (dev, number, "priority", "low", NULL, &error));
  /* Concurrent, equal values: merged silently. */
  g_assert_true (gov_case_set_field (f->hub, number, "location", "Kade 12", NULL, &error));
  g_assert_true (gov_case_set_field (dev, number, "location", "Kade 12", NULL, &error));
  g_assert_no_error (error);
  util_sync (f->hub, dev);
  util_sync (dev, f->hub);

  d1 = util_digest (f->hub);
  d2 = util_digest (dev);
  g_assert_cmpstr (d1, ==, d2);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_field WHERE conflict = 1"), ==, 1);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM field_head WHERE field = 'location'"),
                   ==, 2);

  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_CONFLICTS };
    g_autoptr(JsonNode) rows = gov_case_list (dev, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 1);
  }
  detail = gov_case_get_detail (dev, number, &error);
  fields = json_object_get_array_member (json_node_get_object (detail), "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *fo = json_array_get_object_element (fields, i);
      if (g_str_equal (json_object_get_string_member (fo, "field"), "priority"))
        {
          g_assert_cmpint (json_object_get_int_member (fo, "conflict"), ==, 1);
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fo, "heads")), ==, 2);
        }
    }

  /* Closing is refused while the conflict is open. */
  g_assert_false (gov_case_close (dev, number, "resolved", FALSE, NULL, &error));
  g_assert_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CONFLICT);
  g_clear_error (&error);

  g_assert_true (gov_case_resolve_conflict (dev, number, "priority", "high", &error));
  g_assert_no_error (error);
  util_sync (dev, f->hub);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_field WHERE conflict = 1"), ==, 0);
  g_assert_cmpint (util_count (f->hub, "SELECT conflicts FROM case_row"), ==, 0);
  g_assert_true (gov_case_close (f->hub, number, "resolved", FALSE, NULL, &error));
  g_assert_no_error (error);
  util_sync (f->hub, dev);
  g_free (d1);
  g_free (d2);
  d1 = util_digest (f->hub);
  d2 = util_digest (dev);
  g_assert_cmpstr (d1, ==, d2);
}

/* Registers only the create event set have no rows (their head is the
 * create event, implicitly); the detail lists them all the same, and a write
 * that does not follow the create event keeps it as a second head. */
static void
test_implicit_heads (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = util_new_case (f->hub, "Bench on the Dam is broken");
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"field\":\"title\",\"value\":\"Bench\"}", NULL);
  g_autoptr(GovEvent) ev = NULL;
  g_autofree char *log = NULL;
  g_autofree char *create_id = NULL;
  JsonObject *o;

  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM field_head"), ==, 0);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_field"), ==, 0);
  detail = gov_case_get_detail (f->hub, number, &error);
  g_assert_no_error (error);
  o = json_node_get_object (detail);
  create_id = g_strdup (json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (o, "timeline"), 0), "event_id"));
  {
    JsonArray *fields = json_object_get_array_member (o, "fields");
    gboolean saw_title = FALSE, saw_status = FALSE;

    for (guint i = 0; i < json_array_get_length (fields); i++)
      {
        JsonObject *fo = json_array_get_object_element (fields, i);
        const char *name = json_object_get_string_member (fo, "field");
        JsonArray *heads = json_object_get_array_member (fo, "heads");

        if (i > 0)
          g_assert_cmpstr (json_object_get_string_member (
            json_array_get_object_element (fields, i - 1), "field"), <, name);
        g_assert_cmpuint (json_array_get_length (heads), ==, 1);
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (heads, 0),
                                                        "event_id"), ==, create_id);
        if (g_str_equal (name, "title"))
          saw_title = g_str_equal (json_object_get_string_member (fo, "value"),
                                   "Bench on the Dam is broken");
        if (g_str_equal (name, "status"))
          saw_status = g_str_equal (json_object_get_string_member (fo, "value"), "new");
      }
    g_assert_true (saw_title && saw_status);
  }

  /* A write with no deps does not follow the create event: two heads. */
  log = g_strconcat ("case:", json_object_get_string_member (o, "case_id"), NULL);
  ev = gov_ledger_append (gov_replica_get_ledger (f->hub), log, "field.set", NULL, "alice", body,
                          &error);
  g_assert_no_error (error);
  g_assert_nonnull (ev);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM field_head WHERE field = 'title'"),
                   ==, 2);
  g_assert_cmpint (util_count (f->hub, "SELECT conflicts FROM case_row"), ==, 1);
  after = gov_case_get_detail (f->hub, number, &error);
  {
    JsonArray *fields = json_object_get_array_member (json_node_get_object (after), "fields");

    for (guint i = 0; i < json_array_get_length (fields); i++)
      {
        JsonObject *fo = json_array_get_object_element (fields, i);

        if (g_str_equal (json_object_get_string_member (fo, "field"), "title"))
          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (fo, "heads")),
                            ==, 2);
      }
  }

  /* Resolving follows both heads. */
  g_assert_true (gov_case_resolve_conflict (f->hub, number, "title", "Bench", &error));
  g_assert_no_error (error);
  g_assert_cmpint (util_count (f->hub, "SELECT conflicts FROM case_row"), ==, 0);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM field_head WHERE field = 'title'"),
                   ==, 1);
}

/* Replaces member @name of a wire line with the one of @donor. */
static char *
swap_member (const char *wire,
             const char *donor,
             const char *name)
{
  g_autoptr(JsonNode) node = json_from_string (wire, NULL);
  g_autoptr(JsonNode) other = json_from_string (donor, NULL);

  json_object_set_string_member (json_node_get_object (node), name,
                                 json_object_get_string_member (json_node_get_object (other),
                                                                name));
  return json_to_string (node, FALSE);
}

/* A run of one author's log is authenticated by its newest signature and
 * the prev hashes (verify_range() in gov-ledger.c); a break in the run
 * falls back to checking each event, so forgeries still land in
 * quarantine by name. */
static void
test_run_verification (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
  g_autoptr(GovReplica) third = util_join (f->hub, f->base, "third");
  g_autofree char *number = util_new_case (f->hub, "run of events");
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *reason_a = NULL;
  g_autofree char *reason_b = NULL;
  guint first;

  util_sync (f->hub, dev);
  util_sync (f->hub, third);
  g_assert_true (gov_case_add_note (f->hub, number, "one", FALSE, &error));
  g_assert_true (gov_case_add_note (f->hub, number, "two", FALSE, &error));
  g_assert_true (gov_case_add_note (f->hub, number, "three", FALSE, &error));
  g_assert_no_error (error);
  lines = util_export (f->hub);
  first = lines->len - 3;

  /* The newest event's signature is another's: it alone is forged; the
   * two before it are checked one by one and applied. */
  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_free);
    GovIngestReport rep;

    for (guint i = 0; i < first; i++)
      g_ptr_array_add (batch, g_strdup (lines->pdata[i]));
    g_ptr_array_add (batch, g_strdup (lines->pdata[first]));
    g_ptr_array_add (batch, g_strdup (lines->pdata[first + 1]));
    g_ptr_array_add (batch, swap_member (lines->pdata[first + 2], lines->pdata[first], "s"));
    rep = util_ingest (dev, batch);
    g_assert_cmpuint (rep.quarantined, ==, 1);
    g_assert_cmpuint (rep.applied, ==, 2);
    reason_a = quarantine_reason (dev);
    g_assert_cmpstr (reason_a, ==, GOV_REASON_FORGED);
  }

  /* The middle event's bytes are another's under its own signature: the
   * run breaks there, so it is checked alone and found forged. */
  {
    g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_free);
    GovIngestReport rep;

    for (guint i = 0; i < first + 3; i++)
      g_ptr_array_add (batch, i == first + 1 ? swap_member (lines->pdata[i], lines->pdata[first], "e")
                                             : g_strdup (lines->pdata[i]));
    rep = util_ingest (third, batch);
    g_assert_cmpuint (rep.quarantined, ==, 1);
    reason_b = quarantine_reason (third);
    g_assert_cmpstr (reason_b, ==, GOV_REASON_FORGED);
    g_assert_cmpuint (rep.pending, ==, 1);  /* the newest waits for its real predecessor */
  }
}

static gint64
pragma_synchronous (GovReplica *r)
{
  return util_count (r, "PRAGMA synchronous");
}

/* A stream longer than one transaction: every event applied once, a bad
 * line quarantined by its line number, the connection back to
 * synchronous=FULL, and the same stream again only duplicates. */
static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) dev = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *digest_hub = NULL;
  g_autofree char *digest_dev = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *dir = g_build_filename (f->base, "dev", NULL);
  g_autofree char *root = gov_replica_dup_office_root_pk (f->hub);
  GovIngestReport rep = { 0 }, again = { 0 };
  guint bad_line;

  g_assert_true (gov_ledger_begin (gov_replica_get_ledger (f->hub), &error));
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *title = g_strdup_printf ("streamed case %u", i);
      g_autofree char *number = util_new_case (f->hub, title);

      g_assert_true (gov_case_add_note (f->hub, number, "a note", FALSE, &error));
      g_assert_no_error (error);
    }
  g_assert_true (gov_ledger_commit (gov_replica_get_ledger (f->hub), &error));
  lines = util_export (f->hub);
  dev = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
  g_assert_no_error (error);

  {
    /* A stream commits at the end of a chunk (256 events) once it holds 7
     * events: 601 lines make three transactions. */
    g_autoptr(GovIngest) ingest = gov_ingest_new (gov_replica_get_ledger (dev), "file", 7);

    bad_line = lines->len / 2 + 1;
    for (guint i = 0; i < lines->len; i++)
      {
        if (i + 1 == bad_line)
          g_assert_true (gov_ingest_push (ingest, "{\"e\":\"not an event\"}", bad_line, &error));
        g_assert_true (gov_ingest_push (ingest, lines->pdata[i], i + 1 + (i + 1 >= bad_line),
                                        &error));
        g_assert_no_error (error);
      }
    g_assert_true (gov_ingest_finish (ingest, &rep, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (rep.applied, ==, lines->len);
  g_assert_cmpuint (rep.quarantined, ==, 1);
  g_assert_cmpuint (rep.pending, ==, 0);
  g_assert_cmpint (pragma_synchronous (dev), ==, 2);  /* FULL */
  detail = g_strdup_printf ("SELECT count(*) FROM quarantine WHERE detail LIKE 'line %u:%%'",
                            bad_line);
  g_assert_cmpint (util_count (dev, detail), ==, 1);
  digest_hub = util_digest (f->hub);
  digest_dev = util_digest (dev);
  g_assert_cmpstr (digest_dev, ==, digest_hub);

  {
    g_autoptr(GovIngest) ingest = gov_ingest_new (gov_replica_get_ledger (dev), "file", 7);

    for (guint i = 0; i < lines->len; i++)
      g_assert_true (gov_ingest_push (ingest, lines->pdata[i], i + 1, &error));
    g_assert_true (gov_ingest_finish (ingest, &again, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (again.applied, ==, 0);
  g_assert_cmpuint (again.duplicates, ==, lines->len);
}

/* Frames in the replica's WAL, counted by a passive checkpoint (busy while
 * the replica's checkpointer runs one). */
static int
wal_frames (GovReplica *r)
{
  int n_log = -1, n_done = -1;
  int rc;

  for (guint tries = 0; tries < 500; tries++)
    {
      rc = sqlite3_wal_checkpoint_v2 (gov_replica_get_db (r), NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      &n_log, &n_done);
      if (rc != SQLITE_BUSY)
        break;
      g_usleep (10000);
    }
  g_assert_cmpint (rc, ==, SQLITE_OK);
  return n_log;
}

/* A stream begins each transaction right after the last one, so SQLite
 * never gets to start the WAL over while it runs. Past the settling size its
 * last transaction waits for the checkpointer first, so the WAL starts over
 * there instead of staying at its largest until the next change; below it,
 * the WAL is left to the checkpointer. */
static void
test_stream_settles_wal (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *root = gov_replica_dup_office_root_pk (f->hub);
  GovLedger *hub = gov_replica_get_ledger (f->hub);
  /* Settling starts at 50,000 frames (200 MB) and this stream writes about
   * 1,100: once with that, once with settling from 1,000. */
  const int settle_from[] = { 0, 1000 };

  g_assert_true (gov_ledger_begin (hub, &error));
  for (guint i = 0; i < 1500; i++)
    {
      g_autofree char *title = g_strdup_printf ("case %u of a long stream", i);

      g_free (util_new_case (f->hub, title));
    }
  g_assert_true (gov_ledger_commit (hub, &error));
  lines = util_export (f->hub);

  for (guint run = 0; run < G_N_ELEMENTS (settle_from); run++)
    {
      g_autofree char *name = g_strdup_printf ("dev%u", run);
      g_autofree char *dir = g_build_filename (f->base, name, NULL);
      g_autoptr(GovReplica) dev = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
      /* A commit after every chunk: many transactions, well past the
       * 1,000 frames at which the checkpointer starts. */
      g_autoptr(GovIngest) ingest = NULL;
      GovIngestReport rep = { 0 };

      g_assert_no_error (error);
      _gov_replica_set_wal_settle_for_testing (settle_from[run]);
      ingest = gov_ingest_new (gov_replica_get_ledger (dev), "file", 1);
      for (guint i = 0; i < lines->len; i++)
        g_assert_true (gov_ingest_push (ingest, lines->pdata[i], i + 1, &error));
      g_assert_true (gov_ingest_finish (ingest, &rep, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rep.applied, ==, lines->len);
      if (settle_from[run] == 0)
        g_assert_cmpint (wal_frames (dev), >, 1000);
      else
        g_assert_cmpint (wal_frames (dev), <, 20);  /* the settling transaction's own */
    }
  _gov_replica_set_wal_settle_for_testing (0);
}

/* A stream inside a transaction the caller opened joins it: nothing is
 * committed, and the caller's rollback takes it all back. */
static void
test_stream_joins (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) dev = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *dir = g_build_filename (f->base, "dev", NULL);
  g_autofree char *root = gov_replica_dup_office_root_pk (f->hub);
  g_autoptr(GovIngest) ingest = NULL;
  GovLedger *ledger;
  GovIngestReport rep = { 0 };

  g_free (util_new_case (f->hub, "joined"));
  lines = util_export (f->hub);
  dev = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
  g_assert_no_error (error);
  ledger = gov_replica_get_ledger (dev);

  g_assert_true (gov_ledger_begin (ledger, &error));
  ingest = gov_ingest_new (ledger, "file", 2);
  for (guint i = 0; i < lines->len; i++)
    g_assert_true (gov_ingest_push (ingest, lines->pdata[i], 0, &error));
  g_assert_true (gov_ingest_finish (ingest, &rep, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rep.applied, ==, lines->len);
  g_assert_cmpint (pragma_synchronous (dev), ==, 2);
  gov_ledger_rollback (ledger);
  g_assert_cmpint (util_count (dev, "SELECT count(*) FROM case_row"), ==, 0);
}

/* The command line writing to a replica the app has open: each handle
 * catches up with the other's writes before its own (local_seq, caches). */
static void
test_two_processes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->base, "hub", NULL);
  g_autofree char *number = util_new_case (f->hub, "written from two places");
  GovReplica *other = gov_replica_open (dir, "pass", &error);

  g_assert_no_error (error);
  g_assert_true (gov_case_add_note (other, number, "from the command line", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (gov_case_add_note (f->hub, number, "from the app", FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (gov_case_set_field (other, number, "priority", "high", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gov_case_set_field (f->hub, number, "priority", "low", NULL, &error));
  g_assert_no_error (error);
  gov_replica_close (other);

  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM note"), ==, 2);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_field WHERE conflict = 1"), ==, 0);
}

static void
test_rebuild (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *cbefore = NULL;
  g_autofree char *cafter = NULL;

  g_free (gov_routing_add (f->hub, "public_space", NULL, NULL, "Public works", &error));
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *n = util_new_case (f->hub, "rebuild me");
      gov_case_add_note (f->hub, n, "some note words", i % 2, &error);
      gov_case_add_correspondence (f->hub, n, "out", "letter", "Reply", "J. Doe", "text", &error);
      util_sync (f->hub, dev);
      gov_case_set_field (f->hub, n, "title", "hub title", NULL, &error);
      gov_case_set_field (dev, n, "title", "dev title", NULL, &error);
      g_assert_no_error (error);
    }
  util_sync (dev, f->hub);

  before = util_digest (f->hub);
  cbefore = util_conflicts (f->hub);
  g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (f->hub), &error));
  g_assert_no_error (error);
  after = util_digest (f->hub);
  cafter = util_conflicts (f->hub);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (cbefore, ==, cafter);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_field WHERE conflict = 1"), ==, 5);

  /* FTS survives the rebuild. */
  {
    GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .search = "words" };
    g_autoptr(JsonNode) rows = gov_case_list (f->hub, &q, &error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 5);
  }
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = util_new_case (f->hub, "verify me");
  g_autoptr(JsonArray) problems = json_array_new ();
  guint n = 0;

  gov_case_add_note (f->hub, number, "x", FALSE, &error);
  g_assert_true (gov_ledger_verify (gov_replica_get_ledger (f->hub), NULL, problems, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (json_array_get_length (problems), ==, 0);

  /* Tamper with a stored note behind the ledger's back. */
  g_assert_cmpint (sqlite3_exec (gov_replica_get_db (f->hub),
                                 "UPDATE event SET signed = replace (signed, 'internal', 'citizen')"
                                 " WHERE type = 'note.add'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_true (gov_ledger_verify (gov_replica_get_ledger (f->hub), NULL, problems, &n, &error));
  g_assert_cmpuint (json_array_get_length (problems), >=, 1);
}

static void
test_not_certified (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->base, "lonely", NULL);
  g_autofree char *root = gov_replica_dup_office_root_pk (f->hub);
  g_autoptr(GovReplica) r = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
  GovCaseIntake in = { .channel = "phone", .description = "x" };
  g_autofree char *id = NULL;

  g_assert_no_error (error);
  id = gov_case_create (r, &in, NULL, &error);
  g_assert_null (id);
  g_assert_error (error, GOV_LEDGER_ERROR, GOV_LEDGER_ERROR_NOT_CERTIFIED);
  g_clear_error (&error);

  /* An uncertified device's events from elsewhere wait in quarantine and
   * are applied when its certificate arrives. */
  {
    g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
    g_autoptr(GPtrArray) dev_lines = NULL;
    g_autoptr(GovReplica) fresh = NULL;
    g_autofree char *fdir = g_build_filename (f->base, "fresh", NULL);
    g_autoptr(GPtrArray) hub_lines = NULL;
    g_autofree char *n = util_new_case (dev, "from dev");
    GovIngestReport rep;

    fresh = gov_replica_create_joining (fdir, "pass", root, 0, NULL, &error);
    g_assert_no_error (error);
    dev_lines = util_export (dev);
    /* Only the device's own case events, without the hub's admin log. */
    {
      g_autoptr(GPtrArray) only = g_ptr_array_new ();
      for (guint i = 0; i < dev_lines->len; i++)
        {
          g_autoptr(GovEvent) ev = gov_event_new_from_wire (dev_lines->pdata[i], -1, NULL);
          if (gov_event_get_case_id (ev) != NULL)
            g_ptr_array_add (only, dev_lines->pdata[i]);
        }
      rep = util_ingest (fresh, only);
      g_assert_cmpuint (rep.quarantined, ==, 1);
    }
    hub_lines = util_export (f->hub);
    rep = util_ingest (fresh, hub_lines);
    g_assert_cmpint (util_count (fresh, "SELECT count(*) FROM quarantine"), ==, 0);
    g_assert_cmpint (util_count (fresh, "SELECT count(*) FROM case_row"), ==, 1);
  }
}

static gint64 skew_wall;

static gint64
skew_wall_cb (gpointer data)
{
  return skew_wall;
}

static void
test_clock_anomaly (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GovReplica) dev = util_join (f->hub, f->base, "dev");
  g_autofree char *number = NULL;

  /* The device's clock is ten years ahead. */
  skew_wall = g_get_real_time () / 1000 + G_GINT64_CONSTANT (315360000000);
  gov_ledger_set_wall_clock (gov_replica_get_ledger (dev), skew_wall_cb, NULL);
  number = util_new_case (dev, "from the future");
  util_sync (dev, f->hub);
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM event WHERE clock_anomaly = 1"), ==, 1);
  g_assert_cmpint (util_count (f->hub, "SELECT value FROM meta WHERE key = 'hlc_ms'"), <,
                   skew_wall - 1000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, set_up, fn, tear_down)
  ADD ("/core/ledger/append-and-show", test_append_and_show);
  ADD ("/core/ledger/numbers-unique", test_numbers_unique);
  ADD ("/core/ledger/routing", test_routing);
  ADD ("/core/ledger/quarantine-reasons", test_quarantine_reasons);
  ADD ("/core/ledger/pending-drain", test_pending_drain);
  ADD ("/core/ledger/conflict", test_conflict);
  ADD ("/core/ledger/implicit-heads", test_implicit_heads);
  ADD ("/core/ledger/run-verification", test_run_verification);
  ADD ("/core/ledger/two-processes", test_two_processes);
  ADD ("/core/ledger/stream", test_stream);
  ADD ("/core/ledger/stream-joins", test_stream_joins);
  ADD ("/core/ledger/stream-settles-wal", test_stream_settles_wal);
  ADD ("/core/ledger/rebuild", test_rebuild);
  ADD ("/core/ledger/verify", test_verify);
  ADD ("/core/ledger/not-certified", test_not_certified);
  ADD ("/core/ledger/clock-anomaly", test_clock_anomaly);
#undef ADD
  return g_test_run ();
}
