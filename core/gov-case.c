/* gov-case.c: casework operations and the queries behind the views
 *
 * Every operation is one signed event through gov_ledger_append(); the
 * deps of a register write are the heads of that register the author saw,
 * read under the ledger lock in the same transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-case.h"
#include "gov-db.h"
#include "gov-event.h"
#include "gov-ledger-private.h"
#include "gov-projection.h"

G_DEFINE_QUARK (gov-case-error-quark, gov_case_error)

/* Helpers ----------------------------------------------------------------- */

static JsonNode *
row_to_json (sqlite3_stmt *s)
{
  JsonObject *o = json_object_new ();
  JsonNode *node;

  for (int i = 0; i < sqlite3_column_count (s); i++)
    {
      const char *name = sqlite3_column_name (s, i);

      switch (sqlite3_column_type (s, i))
        {
        case SQLITE_INTEGER:
          json_object_set_int_member (o, name, sqlite3_column_int64 (s, i));
          break;
        case SQLITE_NULL:
          json_object_set_null_member (o, name);
          break;
        default:
          json_object_set_string_member (o, name, (const char *) sqlite3_column_text (s, i));
          break;
        }
    }

  node = json_node_init_object (json_node_alloc (), o);
  json_object_unref (o);
  return node;
}

/* Runs a query with text parameters ?1… (NULL binds NULL) and returns its
 * rows as a JSON array of objects named after the columns. */
static JsonNode *
query_json (sqlite3             *db,
            const char          *sql,
            const char * const  *params,
            guint                n_params,
            GError             **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *arr = json_array_new ();
  sqlite3_stmt *s = NULL;
  int rc;

  node = json_node_init_array (json_node_alloc (), arr);
  json_array_unref (arr);

  rc = sqlite3_prepare_v2 (db, sql, -1, &s, NULL);
  if (rc != SQLITE_OK)
    {
      gov_db_set_error (db, rc, _("Could not query the cases"), error);
      return NULL;
    }
  for (guint i = 0; i < n_params; i++)
    if (params[i] != NULL)
      sqlite3_bind_text (s, i + 1, params[i], -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    json_array_add_element (arr, row_to_json (s));
  sqlite3_finalize (s);

  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (db, rc, _("Could not query the cases"), error);
      return NULL;
    }

  return g_steal_pointer (&node);
}

/* One text value from a cached statement; the caller holds the lock. */
static char *
query_one (GovReplica *replica,
           const char *sql,
           const char *a,
           const char *b)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica), sql, NULL);
  char *out = NULL;

  if (s == NULL)
    return NULL;
  if (a != NULL)
    sqlite3_bind_text (s, 1, a, -1, SQLITE_STATIC);
  if (b != NULL)
    sqlite3_bind_text (s, 2, b, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
    out = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);

  return out;
}

/* A case id that sorts by creation time: the milliseconds in hex, then a
 * random UUID for uniqueness. Every index that starts with the case (its
 * row, registers, notes, its log in `event`) then grows at its end instead
 * of in random places, so a batch of new cases dirties a few pages rather
 * than one page per index per case (docs/ledger.md, "Write locality"). */
static char *
new_case_id (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%011" G_GINT64_MODIFIER "x-%s", g_get_real_time () / 1000, uuid);
}

/* The case id for a number or id, on any connection. */
static char *
lookup_on (sqlite3     *db,
           const char  *number_or_id,
           GError     **error)
{
  const char *params[] = { number_or_id };
  g_autoptr(JsonNode) rows = query_json (db, "SELECT case_id FROM case_row WHERE case_id = ?1"
                                             " UNION ALL SELECT case_id FROM case_row"
                                             " WHERE number = ?1", params, 1, error);
  JsonArray *arr;

  if (rows == NULL)
    return NULL;
  arr = json_node_get_array (rows);
  if (json_array_get_length (arr) == 0)
    {
      g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND,
                   _("There is no case %s"), number_or_id);
      return NULL;
    }
  return g_strdup (json_object_get_string_member (json_array_get_object_element (arr, 0),
                                                  "case_id"));
}

static JsonNode *
body_new (void)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  json_object_unref (o);
  return node;
}

static void
body_set (JsonNode   *body,
          const char *name,
          const char *value)
{
  if (value != NULL)
    json_object_set_string_member (json_node_get_object (body), name, value);
}

/* The heads of @field (or of every register when %NULL) plus the create
 * event, which every case event follows causally, and the heads of the
 * handover register: a write made after seeing an accepted handover to
 * another office has that accept in its causal past, so the ledger's
 * authority check refuses it from the office the case left. */
static GPtrArray *
current_heads (GovReplica *replica,
               const char *case_id,
               const char *field)
{
  GPtrArray *deps = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT event_id FROM field_head WHERE case_id = ?1"
                                      " AND (?2 IS NULL OR field = ?2 OR field = 'handover')"
                                      " UNION SELECT create_id FROM case_row WHERE case_id = ?1",
                                      NULL);

  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
      if (field != NULL)
        sqlite3_bind_text (s, 2, field, -1, SQLITE_STATIC);
      while (sqlite3_step (s) == SQLITE_ROW)
        g_ptr_array_add (deps, g_strdup ((const char *) sqlite3_column_text (s, 0)));
      sqlite3_reset (s);
    }
  g_ptr_array_add (deps, NULL);

  return deps;
}

static char *
lookup_locked (GovReplica  *replica,
               const char  *number_or_id,
               GError     **error)
{
  char *case_id = query_one (replica, "SELECT case_id FROM case_row WHERE case_id = ?1"
                                      " UNION ALL SELECT case_id FROM case_row WHERE number = ?1",
                             number_or_id, NULL);

  if (case_id == NULL)
    g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND,
                 _("There is no case %s"), number_or_id);
  return case_id;
}

/* Appends one event to a case's log with the heads of @dep_field as deps,
 * plus @extra_dep if set; @dep_field "*" names every register. Stores the
 * new event's id in @event_id if given. */
static gboolean
append_case_full (GovReplica  *replica,
                  const char  *number_or_id,
                  const char  *type,
                  const char  *dep_field,
                  const char  *extra_dep,
                  JsonNode    *body,
                  char       **event_id,
                  GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *log = NULL;
  g_autoptr(GPtrArray) deps = NULL;
  g_autoptr(GovEvent) ev = NULL;

  gov_ledger_lock (ledger);
  case_id = lookup_locked (replica, number_or_id, error);
  if (case_id != NULL)
    {
      log = g_strconcat ("case:", case_id, NULL);
      deps = current_heads (replica, case_id,
                            g_strcmp0 (dep_field, "*") == 0 ? NULL : dep_field);
      if (extra_dep != NULL)
        g_ptr_array_insert (deps, deps->len - 1, g_strdup (extra_dep));
      ev = gov_ledger_append (ledger, log, type, (const char * const *) deps->pdata,
                              gov_replica_get_actor (replica), body, error);
    }
  gov_ledger_unlock (ledger);

  if (ev != NULL && event_id != NULL)
    *event_id = g_strdup (gov_event_get_id (ev));
  return ev != NULL;
}

static gboolean
append_case (GovReplica  *replica,
             const char  *number_or_id,
             const char  *type,
             const char  *dep_field,
             JsonNode    *body,
             GError     **error)
{
  return append_case_full (replica, number_or_id, type, dep_field, NULL, body, NULL, error);
}

/* Operations -------------------------------------------------------------- */

static char *
first_line (const char *text)
{
  const char *nl = strchr (text, '\n');
  g_autofree char *line = nl != NULL ? g_strndup (text, nl - text) : g_strdup (text);

  if (g_utf8_strlen (line, -1) > 80)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, 79);
      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&line);
}

static char *
next_number (GovReplica  *replica,
             GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *code = gov_replica_dup_office_code (replica);
  g_autofree char *short_id = gov_replica_dup_device_short_id (replica);
  g_autofree char *counter = gov_ledger_get_meta (ledger, "case_counter");
  gint64 n = counter != NULL ? g_ascii_strtoll (counter, NULL, 10) + 1 : 1;
  g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, n);

  if (code == NULL || short_id == NULL)
    {
      g_set_error (error, GOV_LEDGER_ERROR, GOV_LEDGER_ERROR_NOT_CERTIFIED,
                   _("This device has no certificate from its office yet"));
      return NULL;
    }
  if (!gov_ledger_set_meta (ledger, "case_counter", next, error))
    return NULL;

  return g_strdup_printf ("GS-%s-%s-%04" G_GINT64_FORMAT, code, short_id, n);
}

static gboolean
create_locked (GovReplica           *replica,
               const GovCaseIntake  *in,
               const char           *case_id,
               char                **number,
               GError              **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *title = in->title != NULL ? g_strdup (in->title) : first_line (in->description);
  g_autofree char *rule_id = NULL;
  g_autofree char *team = NULL;
  g_autofree char *log = g_strconcat ("case:", case_id, NULL);
  g_autoptr(JsonNode) body = body_new ();
  g_autoptr(GovEvent) ev = NULL;

  *number = next_number (replica, error);
  if (*number == NULL)
    return FALSE;
  team = gov_routing_match (replica, in->domain, in->category, in->area, &rule_id);

  body_set (body, "number", *number);
  body_set (body, "title", title);
  body_set (body, "description", in->description);
  body_set (body, "channel", in->channel);
  body_set (body, "owner_office", gov_identity_get_office_id (gov_replica_get_identity (replica)));
  body_set (body, "domain", in->domain);
  body_set (body, "category", in->category);
  body_set (body, "requester", in->requester);
  body_set (body, "location", in->location);
  body_set (body, "team", team);
  body_set (body, "due", in->due);
  body_set (body, "routing_rule", rule_id);

  ev = gov_ledger_append (ledger, log, "case.create", NULL, gov_replica_get_actor (replica),
                          body, error);
  return ev != NULL;
}

/**
 * gov_case_create:
 * @replica: the replica
 * @intake: what the intake form collected
 * @number: (out) (optional) (transfer full): the human-readable case number,
 *   issued offline as office code + device short id + counter
 * @error: return location
 *
 * Opens a case for this office. Routing rules pick the team; the matched
 * rule is recorded with the case.
 *
 * Returns: (transfer full) (nullable): the case id
 */
char *
gov_case_create (GovReplica           *replica,
                 const GovCaseIntake  *intake,
                 char                **number,
                 GError              **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *num = NULL;
  gboolean ok;

  g_return_val_if_fail (intake != NULL, NULL);

  if (intake->description == NULL || *intake->description == '\0' ||
      intake->channel == NULL || *intake->channel == '\0')
    {
      g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_INVALID,
                   _("A case needs a description and the channel it came in by"));
      return NULL;
    }

  case_id = new_case_id ();
  if (!gov_ledger_begin (ledger, error))
    return NULL;
  ok = create_locked (replica, intake, case_id, &num, error);
  if (!ok)
    {
      gov_ledger_rollback (ledger);
      return NULL;
    }
  if (!gov_ledger_commit (ledger, error))
    return NULL;

  if (number != NULL)
    *number = g_steal_pointer (&num);
  return g_steal_pointer (&case_id);
}

/**
 * gov_case_lookup:
 * @replica: the replica
 * @number_or_id: a case number ("GS-HRB-001-0042") or case id
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the case id
 */
char *
gov_case_lookup (GovReplica  *replica,
                 const char  *number_or_id,
                 GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  char *case_id;

  gov_ledger_lock (ledger);
  case_id = lookup_locked (replica, number_or_id, error);
  gov_ledger_unlock (ledger);

  return case_id;
}

/**
 * gov_case_set_field:
 * @replica: the replica
 * @number_or_id: the case
 * @field: title, description, domain, category, channel, location,
 *   requester, status, team, due or priority
 * @value: (nullable): the new value; %NULL clears it
 * @reason: (nullable): why; required for status changes
 * @error: return location
 */
gboolean
gov_case_set_field (GovReplica  *replica,
                    const char  *number_or_id,
                    const char  *field,
                    const char  *value,
                    const char  *reason,
                    GError     **error)
{
  g_autoptr(JsonNode) body = body_new ();

  if (g_strcmp0 (field, "status") == 0 && (reason == NULL || *reason == '\0'))
    {
      g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_INVALID,
                   _("A status change needs a reason"));
      return FALSE;
    }

  body_set (body, "field", field);
  if (value != NULL)
    body_set (body, "value", value);
  else
    json_object_set_null_member (json_node_get_object (body), "value");
  body_set (body, "reason", reason);

  return append_case (replica, number_or_id, "field.set", field, body, error);
}

/**
 * gov_case_assign:
 * @replica: the replica
 * @number_or_id: the case
 * @assignee: (nullable): a user id; %NULL unassigns
 * @reason: (nullable): why
 * @error: return location
 */
gboolean
gov_case_assign (GovReplica  *replica,
                 const char  *number_or_id,
                 const char  *assignee,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(JsonNode) body = body_new ();

  if (assignee != NULL)
    body_set (body, "assignee", assignee);
  else
    json_object_set_null_member (json_node_get_object (body), "assignee");
  body_set (body, "reason", reason);

  return append_case (replica, number_or_id, "assign.set", "assignee", body, error);
}

/**
 * gov_case_add_note:
 * @replica: the replica
 * @number_or_id: the case
 * @text: the note
 * @for_citizen: %TRUE when the citizen may read it, else internal
 * @error: return location
 */
gboolean
gov_case_add_note (GovReplica  *replica,
                   const char  *number_or_id,
                   const char  *text,
                   gboolean     for_citizen,
                   GError     **error)
{
  return gov_case_add_note_full (replica, number_or_id, text, for_citizen, NULL, error);
}

/**
 * gov_case_add_note_full:
 * @replica: the replica
 * @number_or_id: the case
 * @text: the note
 * @for_citizen: %TRUE when the citizen may read it, else internal
 * @note_id: (out) (optional) (transfer full): the note's event id, for
 *   gov_case_retract_note()
 * @error: return location
 */
gboolean
gov_case_add_note_full (GovReplica  *replica,
                        const char  *number_or_id,
                        const char  *text,
                        gboolean     for_citizen,
                        char       **note_id,
                        GError     **error)
{
  g_autoptr(JsonNode) body = body_new ();

  body_set (body, "text", text);
  body_set (body, "visibility", for_citizen ? "citizen" : "internal");

  return append_case_full (replica, number_or_id, "note.add", "", NULL, body, note_id, error);
}

/**
 * gov_case_retract_note:
 * @replica: the replica
 * @number_or_id: the case
 * @note_id: the note's event id
 * @reason: (nullable): why
 * @error: return location
 *
 * Takes a note back with a new event (the Undo of "Note added"): the note
 * leaves the case's notes and search; History keeps both events.
 */
gboolean
gov_case_retract_note (GovReplica  *replica,
                       const char  *number_or_id,
                       const char  *note_id,
                       const char  *reason,
                       GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(JsonNode) body = body_new ();
  g_autofree char *case_id = NULL;
  g_autofree char *found = NULL;
  gboolean ok = FALSE;

  body_set (body, "note", note_id);
  body_set (body, "reason", reason);

  gov_ledger_lock (ledger);
  case_id = lookup_locked (replica, number_or_id, error);
  if (case_id != NULL)
    found = query_one (replica, "SELECT event_id FROM note WHERE event_id = ?1 AND case_id = ?2",
                       note_id, case_id);
  if (case_id != NULL && found == NULL)
    g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND,
                 _("This note was already taken back"));
  else if (case_id != NULL)
    /* The note is a dep, so every replica applies it before its retraction. */
    ok = append_case_full (replica, case_id, "note.retract", "", note_id, body, NULL, error);
  gov_ledger_unlock (ledger);

  return ok;
}

/**
 * gov_case_add_correspondence:
 * @replica: the replica
 * @number_or_id: the case
 * @direction: "in" or "out"
 * @channel: e.g. "email", "letter", "phone"
 * @subject: a subject line
 * @party: (nullable): the other side
 * @text: (nullable): the content or a summary
 * @error: return location
 */
gboolean
gov_case_add_correspondence (GovReplica  *replica,
                             const char  *number_or_id,
                             const char  *direction,
                             const char  *channel,
                             const char  *subject,
                             const char  *party,
                             const char  *text,
                             GError     **error)
{
  g_autoptr(JsonNode) body = body_new ();

  body_set (body, "direction", direction);
  body_set (body, "channel", channel);
  body_set (body, "subject", subject);
  body_set (body, "party", party);
  body_set (body, "text", text);

  return append_case (replica, number_or_id, "correspondence.add", "", body, error);
}

/**
 * gov_case_close:
 * @replica: the replica
 * @number_or_id: the case
 * @outcome: e.g. "resolved", "rejected", "withdrawn"
 * @first_contact: %TRUE when resolved at first contact
 * @reason: (nullable): a remark
 * @error: return location
 *
 * Refused with %GOV_CASE_ERROR_CONFLICT while the case has an open
 * conflict: a person must resolve it first.
 */
gboolean
gov_case_close (GovReplica  *replica,
                const char  *number_or_id,
                const char  *outcome,
                gboolean     first_contact,
                const char  *reason,
                GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(JsonNode) body = body_new ();
  g_autofree char *case_id = NULL;
  g_autofree char *conflicts = NULL;
  g_autofree char *status = NULL;
  gboolean ok = FALSE;

  body_set (body, "outcome", outcome);
  json_object_set_boolean_member (json_node_get_object (body), "first_contact", first_contact);
  body_set (body, "reason", reason);

  gov_ledger_lock (ledger);
  case_id = lookup_locked (replica, number_or_id, error);
  if (case_id != NULL)
    {
      conflicts = query_one (replica, "SELECT conflicts FROM case_row WHERE case_id = ?",
                             case_id, NULL);
      status = query_one (replica, "SELECT status FROM case_row WHERE case_id = ?", case_id, NULL);
      if (g_strcmp0 (conflicts, "0") != 0)
        g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CONFLICT,
                     _("Case %s has a conflict; resolve it before closing"), number_or_id);
      else if (g_strcmp0 (status, "closed") == 0)
        g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CLOSED,
                     _("Case %s is already closed"), number_or_id);
      else
        ok = append_case (replica, case_id, "case.close", "*", body, error);
    }
  gov_ledger_unlock (ledger);

  return ok;
}

/**
 * gov_case_resolve_conflict:
 * @replica: the replica
 * @number_or_id: the case
 * @field: the register in conflict
 * @value: (nullable): the value a person chose
 * @error: return location
 *
 * Writes a conflict.resolve whose deps are all current heads of @field, so
 * it supersedes them on every replica.
 */
gboolean
gov_case_resolve_conflict (GovReplica  *replica,
                           const char  *number_or_id,
                           const char  *field,
                           const char  *value,
                           GError     **error)
{
  g_autoptr(JsonNode) body = body_new ();

  body_set (body, "field", field);
  if (value != NULL)
    body_set (body, "value", value);
  else
    json_object_set_null_member (json_node_get_object (body), "value");

  return append_case (replica, number_or_id, "conflict.resolve", field, body, error);
}

/* Queries ----------------------------------------------------------------- */

/* Turns typed words into an FTS5 query of quoted prefix terms, so that no
 * input is FTS syntax. */
static char *
fts_query (const char *search)
{
  g_auto(GStrv) words = g_strsplit_set (search, " \t\n", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *escaped = NULL;
      g_auto(GStrv) parts = NULL;

      if (*words[i] == '\0')
        continue;
      parts = g_strsplit (words[i], "\"", -1);
      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (q, "%s\"%s\"*", q->len > 0 ? " " : "", escaped);
    }

  return g_string_free (q, FALSE);
}

static char *
today_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * gov_case_list:
 * @replica: the replica
 * @query: the view, search and order
 * @error: return location
 *
 * Rows have: case_id, number, title, status, assignee, team, domain,
 * category, channel, due, priority, created_ms, updated_ms, conflicts
 * (number of fields in conflict), owner_office.
 *
 * Returns: (transfer full) (nullable): a JSON array of case objects
 */
JsonNode *
gov_case_list (GovReplica          *replica,
               const GovCaseQuery  *query,
               GError             **error)
{
  static const char *const views[] = {
    [GOV_CASE_VIEW_ALL] = "1",
    [GOV_CASE_VIEW_OPEN] = "status <> 'closed'",
    [GOV_CASE_VIEW_MINE] = "assignee = ?1 AND status <> 'closed'",
    [GOV_CASE_VIEW_TEAM] = "team = ?2 AND status <> 'closed'",
    [GOV_CASE_VIEW_OVERDUE] = "due < ?3 AND status <> 'closed'",
    [GOV_CASE_VIEW_CONFLICTS] = "conflicts > 0",
  };
  static const char *const sorts[] = {
    [GOV_CASE_SORT_UPDATED] = "updated_ms DESC, updated_c DESC, case_id",
    [GOV_CASE_SORT_DUE] = "due IS NULL, due, number",
    [GOV_CASE_SORT_NUMBER] = "number",
    [GOV_CASE_SORT_CREATED] = "created_ms DESC, case_id",
  };
  sqlite3 *db;
  g_autofree char *fts = query->search != NULL ? fts_query (query->search) : NULL;
  g_autofree char *today = query->today != NULL ? g_strdup (query->today) : today_text ();
  g_autofree char *sql = NULL;
  g_autofree char *limit = g_strdup_printf ("%u", query->limit > 0 ? query->limit : 100);
  g_autofree char *offset = g_strdup_printf ("%u", query->offset);
  const char *params[6];
  JsonNode *rows;

  g_return_val_if_fail (query->view <= GOV_CASE_VIEW_CONFLICTS, NULL);
  g_return_val_if_fail (query->sort <= GOV_CASE_SORT_CREATED, NULL);

  params[0] = gov_replica_get_actor (replica);
  params[1] = query->team;
  params[2] = today;
  params[3] = fts != NULL && *fts != '\0' ? fts : NULL;
  params[4] = limit;
  params[5] = offset;

  sql = g_strdup_printf (
    "SELECT case_id, number, title, status, assignee, team, domain, category, channel, due,"
    " priority, created_ms, updated_ms, conflicts, owner_office FROM case_row"
    " WHERE %s AND (?4 IS NULL OR rowid IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?4)"
    " OR case_id IN (SELECT n.case_id FROM note n WHERE n.rowid IN"
    " (SELECT rowid FROM note_fts WHERE note_fts MATCH ?4)))"
    " ORDER BY %s LIMIT ?5 OFFSET ?6",
    views[query->view], sorts[query->sort]);

  db = gov_replica_lock_reader (replica);
  rows = query_json (db, sql, params, G_N_ELEMENTS (params), error);
  gov_replica_unlock_reader (replica);

  return rows;
}

static void
parse_bodies (JsonNode *timeline)
{
  JsonArray *arr = json_node_get_array (timeline);

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      g_autoptr(JsonNode) body = json_from_string (json_object_get_string_member (o, "body"),
                                                   NULL);

      if (body != NULL)
        json_object_set_member (o, "body", g_steal_pointer (&body));
    }
}

static void
attach_heads (sqlite3    *db,
              JsonNode   *fields,
              const char *case_id)
{
  JsonArray *arr = json_node_get_array (fields);

  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      const char *params[] = { case_id, json_object_get_string_member (o, "field") };
      JsonNode *heads = query_json (db,
        "SELECT event_id, value, actor, author, hlc_ms, hlc_c FROM field_head"
        " WHERE case_id = ?1 AND field = ?2 ORDER BY hlc_ms DESC, hlc_c DESC, author DESC,"
        " event_id DESC", params, 2, NULL);

      if (heads != NULL)
        json_object_set_member (o, "heads", heads);
    }
}

static void
add_text (JsonBuilder *b,
          const char  *name,
          const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static int
cmp_field (gconstpointer a,
           gconstpointer b)
{
  JsonObject *x = json_node_get_object (*(JsonNode **) a);
  JsonObject *y = json_node_get_object (*(JsonNode **) b);

  return strcmp (json_object_get_string_member (x, "field"),
                 json_object_get_string_member (y, "field"));
}

/* Registers only the case.create set keep their head implicit (no rows in
 * case_field or field_head): list them like the others, in field order. */
static void
add_implicit_fields (sqlite3    *db,
                     JsonObject *detail,
                     const char *case_id)
{
  g_autofree char *create_id = NULL;
  g_auto(GStrv) names = _gov_projection_implicit_fields (db, case_id, &create_id);
  JsonArray *fields = json_object_get_array_member (detail, "fields");
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  JsonArray *sorted = json_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *actor = NULL;
      g_autofree char *author = NULL;
      gint64 ms = 0, c = 0;
      g_autofree char *value = _gov_projection_create_value (db, create_id, names[i], &actor,
                                                             &author, &ms, &c);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      add_text (b, "field", names[i]);
      add_text (b, "value", value);
      json_builder_set_member_name (b, "conflict");
      json_builder_add_int_value (b, 0);
      json_builder_set_member_name (b, "heads");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      add_text (b, "event_id", create_id);
      add_text (b, "value", value);
      add_text (b, "actor", actor);
      add_text (b, "author", author);
      json_builder_set_member_name (b, "hlc_ms");
      json_builder_add_int_value (b, ms);
      json_builder_set_member_name (b, "hlc_c");
      json_builder_add_int_value (b, c);
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      g_ptr_array_add (all, json_builder_get_root (b));
    }
  if (all->len == 0)
    {
      json_array_unref (sorted);
      return;
    }

  for (guint i = 0; i < json_array_get_length (fields); i++)
    g_ptr_array_add (all, json_node_copy (json_array_get_element (fields, i)));
  g_ptr_array_sort (all, cmp_field);
  for (guint i = 0; i < all->len; i++)
    json_array_add_element (sorted, json_node_copy (all->pdata[i]));
  json_object_set_array_member (detail, "fields", sorted);
}

static gboolean
add_section (JsonObject  *detail,
             sqlite3     *db,
             const char  *name,
             const char  *sql,
             const char  *case_id,
             GError     **error)
{
  const char *params[] = { case_id };
  JsonNode *rows = query_json (db, sql, params, 1, error);

  if (rows == NULL)
    return FALSE;
  json_object_set_member (detail, name, rows);
  return TRUE;
}

/**
 * gov_case_get_detail:
 * @replica: the replica
 * @number_or_id: the case
 * @error: return location
 *
 * The case row (as in gov_case_list()) plus "description", "requester",
 * "location", "outcome", "first_contact", "routing_rule" and the arrays
 * "fields" (field, value, conflict, heads[]), "notes", "correspondence"
 * and "timeline" (event_id, type, actor, author, hlc_ms, hlc_c, body),
 * oldest first.
 *
 * Returns: (transfer full) (nullable): a JSON object
 */
JsonNode *
gov_case_get_detail (GovReplica  *replica,
                     const char  *number_or_id,
                     GError     **error)
{
  sqlite3 *db = gov_replica_lock_reader (replica);
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *case_id = NULL;
  JsonObject *o;
  gboolean ok;

  case_id = lookup_on (db, number_or_id, error);
  if (case_id == NULL)
    {
      gov_replica_unlock_reader (replica);
      return NULL;
    }
  {
    const char *params[] = { case_id };
    rows = query_json (db, "SELECT case_id, number, title, description, status, assignee, team,"
                           " domain, category, channel, requester, location, due, priority,"
                           " outcome, first_contact, routing_rule, owner_office, created_ms,"
                           " updated_ms, conflicts FROM case_row WHERE case_id = ?1",
                       params, 1, error);
  }
  ok = rows != NULL && json_array_get_length (json_node_get_array (rows)) == 1;
  if (ok)
    {
      detail = json_node_copy (json_array_get_element (json_node_get_array (rows), 0));
      o = json_node_get_object (detail);
      ok = add_section (o, db, "fields", "SELECT field, value, conflict FROM case_field"
                                         " WHERE case_id = ?1 ORDER BY field", case_id, error) &&
           add_section (o, db, "notes", "SELECT event_id, text, visibility, actor, hlc_ms"
                                        " FROM note WHERE case_id = ?1"
                                        " ORDER BY hlc_ms, hlc_c, event_id", case_id, error) &&
           add_section (o, db, "correspondence",
                        "SELECT event_id, direction, channel, subject, party, text, actor, hlc_ms"
                        " FROM correspondence WHERE case_id = ?1"
                        " ORDER BY hlc_ms, hlc_c, event_id", case_id, error) &&
           add_section (o, db, "timeline", "SELECT event_id, type, actor, author, hlc_ms, hlc_c,"
                                           " body FROM timeline WHERE case_id = ?1"
                                           " ORDER BY hlc_ms, hlc_c, event_id", case_id, error);
      if (ok)
        {
          attach_heads (db, json_object_get_member (o, "fields"), case_id);
          add_implicit_fields (db, o, case_id);
          parse_bodies (json_object_get_member (o, "timeline"));
        }
    }
  gov_replica_unlock_reader (replica);

  return ok ? g_steal_pointer (&detail) : NULL;
}

/* Routing ----------------------------------------------------------------- */

/**
 * gov_routing_add:
 * @replica: the replica
 * @domain: (nullable): match this domain, or any
 * @category: (nullable): match this category, or any
 * @area: (nullable): match this area, or any
 * @team: the team cases go to
 * @error: return location
 *
 * Stores a routing rule as a signed admin-log event. The most specific
 * matching rule wins; among equals, the oldest.
 *
 * Returns: (transfer full) (nullable): the rule id
 */
char *
gov_routing_add (GovReplica  *replica,
                 const char  *domain,
                 const char  *category,
                 const char  *area,
                 const char  *team,
                 GError     **error)
{
  g_autofree char *rule_id = g_uuid_string_random ();
  g_autoptr(JsonNode) body = body_new ();
  g_autoptr(GovEvent) ev = NULL;

  if (team == NULL || *team == '\0')
    {
      g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_INVALID, _("A routing rule needs a team"));
      return NULL;
    }

  body_set (body, "rule_id", rule_id);
  body_set (body, "domain", domain);
  body_set (body, "category", category);
  body_set (body, "area", area);
  body_set (body, "team", team);
  ev = gov_ledger_append (gov_replica_get_ledger (replica), "admin", "routing.add", NULL,
                          gov_replica_get_actor (replica), body, error);

  return ev != NULL ? g_steal_pointer (&rule_id) : NULL;
}

/**
 * gov_routing_remove:
 * @replica: the replica
 * @rule_id: a rule
 * @error: return location
 */
gboolean
gov_routing_remove (GovReplica  *replica,
                    const char  *rule_id,
                    GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(JsonNode) body = body_new ();
  g_autoptr(GovEvent) ev = NULL;
  g_autofree char *event_id = NULL;

  gov_ledger_lock (ledger);
  event_id = query_one (replica,
                        "SELECT event_id FROM routing_rule WHERE rule_id = ? AND removed = 0",
                        rule_id, NULL);
  if (event_id == NULL)
    {
      g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND,
                   _("There is no routing rule %s"), rule_id);
    }
  else
    {
      const char *deps[] = { event_id, NULL };

      body_set (body, "rule_id", rule_id);
      ev = gov_ledger_append (ledger, "admin", "routing.remove", deps,
                              gov_replica_get_actor (replica), body, error);
    }
  gov_ledger_unlock (ledger);

  return ev != NULL;
}

/**
 * gov_routing_list:
 * @replica: the replica
 * @error: return location
 *
 * Returns: (transfer full) (nullable): a JSON array of active rules
 *   (rule_id, domain, category, area, team, hlc_ms)
 */
JsonNode *
gov_routing_list (GovReplica  *replica,
                  GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  JsonNode *rows;

  gov_ledger_lock (ledger);
  rows = query_json (gov_replica_get_db (replica),
                     "SELECT rule_id, domain, category, area, team, hlc_ms FROM routing_rule"
                     " WHERE removed = 0 ORDER BY hlc_ms, hlc_c, rule_id", NULL, 0, error);
  gov_ledger_unlock (ledger);

  return rows;
}

/**
 * gov_routing_match:
 * @replica: the replica
 * @domain: (nullable): the case's domain
 * @category: (nullable): the case's category
 * @area: (nullable): the case's area
 * @rule_id: (out) (optional) (transfer full): the rule that matched
 *
 * Returns: (transfer full) (nullable): the team, or %NULL when no rule matches
 */
char *
gov_routing_match (GovReplica  *replica,
                   const char  *domain,
                   const char  *category,
                   const char  *area,
                   char       **rule_id)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3_stmt *s = NULL;
  char *team = NULL;

  if (rule_id != NULL)
    *rule_id = NULL;

  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT team, rule_id FROM routing_rule WHERE removed = 0"
                                " AND office_id = ?4"
                                " AND (domain IS NULL OR domain = ?1)"
                                " AND (category IS NULL OR category = ?2)"
                                " AND (area IS NULL OR area = ?3)"
                                " ORDER BY (domain IS NOT NULL) + (category IS NOT NULL)"
                                " + (area IS NOT NULL) DESC, hlc_ms, hlc_c, rule_id LIMIT 1",
                        NULL);
  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, domain, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, category, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 3, area, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 4, gov_identity_get_office_id (gov_replica_get_identity (replica)),
                         -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          team = g_strdup ((const char *) sqlite3_column_text (s, 0));
          if (rule_id != NULL)
            *rule_id = g_strdup ((const char *) sqlite3_column_text (s, 1));
        }
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);

  return team;
}

/**
 * gov_quarantine_list:
 * @replica: the replica
 * @error: return location
 *
 * Returns: (transfer full) (nullable): a JSON array of (id, reason, detail,
 *   peer, at_ms), oldest first
 */
JsonNode *
gov_quarantine_list (GovReplica  *replica,
                     GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  JsonNode *rows;

  gov_ledger_lock (ledger);
  rows = query_json (gov_replica_get_db (replica),
                     "SELECT id, reason, detail, peer, at_ms FROM quarantine ORDER BY at_ms, id",
                     NULL, 0, error);
  gov_ledger_unlock (ledger);

  return rows;
}
