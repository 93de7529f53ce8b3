/* test-event.c: signed events, golden vectors, wire parsing, HLC */

#include "config.h"

#include <string.h>

#include <sodium.h>

#include "gov-event.h"
#include "gov-hlc.h"
#include "gov-identity.h"

static void
hex_seed (const char *hex,
          guint8     *out)
{
  g_assert_cmpint (strlen (hex), ==, 64);
  g_assert_cmpint (sodium_hex2bin (out, 32, hex, 64, NULL, NULL, NULL), ==, 0);
}

static char *
resolve_ref (const char *s,
             GPtrArray  *ids)
{
  if (s != NULL && s[0] == '@')
    return g_strdup (ids->pdata[atoi (s + 1)]);
  return g_strdup (s);
}

/* Builds vector @v with the keys of @identity, substituting placeholders. */
static GovEvent *
build_vector (JsonObject  *v,
              GovIdentity *identity,
              GPtrArray   *ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_node_copy (json_object_get_member (v, "body"));
  JsonObject *b = json_node_get_object (body);
  JsonArray *deps_arr = json_object_get_array_member (v, "deps");
  JsonArray *hlc = json_object_get_array_member (v, "hlc");
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  const char *key = json_object_get_string_member (v, "key");
  const guint8 *sk = g_str_equal (key, "root") ? gov_identity_get_root_sk (identity)
                                               : gov_identity_get_device_sk (identity);
  JsonNode *prev_node = json_object_get_member (v, "prev");
  g_autofree char *prev = JSON_NODE_HOLDS_NULL (prev_node) ? NULL :
    resolve_ref (json_node_get_string (prev_node), ids);
  GovEvent *ev;

  if (json_object_has_member (b, "device_pk"))
    {
      g_autofree char *pk = g_strconcat ("b64:", gov_identity_get_device_pk_b64 (identity), NULL);
      json_object_set_string_member (b, "device_pk", pk);
    }
  if (json_object_has_member (b, "owner_office"))
    json_object_set_string_member (b, "owner_office", gov_identity_get_office_id (identity));

  for (guint i = 0; i < json_array_get_length (deps_arr); i++)
    g_ptr_array_add (deps, resolve_ref (json_array_get_string_element (deps_arr, i), ids));
  g_ptr_array_add (deps, NULL);

  ev = gov_event_new_signed (sk, json_object_get_string_member (v, "log"),
                             json_object_get_int_member (v, "seq"), prev,
                             json_array_get_int_element (hlc, 0),
                             json_array_get_int_element (hlc, 1),
                             json_object_get_string_member (v, "type"),
                             (const char * const *) deps->pdata,
                             json_object_get_string_member (v, "actor"), body, &error);
  g_assert_no_error (error);
  return ev;
}

static JsonNode *
load_vectors (GovIdentity **identity)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "vectors", "events.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  guint8 root_seed[32], device_seed[32];

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  hex_seed (json_object_get_string_member (root, "root_seed_hex"), root_seed);
  hex_seed (json_object_get_string_member (root, "device_seed_hex"), device_seed);
  *identity = gov_identity_new_from_seeds (root_seed, device_seed);

  return json_node_ref (json_parser_get_root (parser));
}

static void
test_golden (void)
{
  g_autoptr(GovIdentity) identity = NULL;
  g_autoptr(JsonNode) root = load_vectors (&identity);
  JsonObject *o = json_node_get_object (root);
  JsonArray *events = json_object_get_array_member (o, "events");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (gov_identity_get_office_id (identity), ==,
                   json_object_get_string_member (o, "office_id"));
  g_assert_cmpstr (gov_identity_get_fingerprint (identity), ==,
                   json_object_get_string_member (o, "fingerprint"));

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *v = json_array_get_object_element (events, i);
      g_autoptr(GovEvent) ev = build_vector (v, identity, ids);
      g_autoptr(GError) error = NULL;
      g_autoptr(GovEvent) parsed = NULL;
      g_autofree char *wire = NULL;
      g_autofree char *sig = NULL;
      gsize len;
      const char *bytes = g_bytes_get_data (gov_event_get_bytes (ev), &len);
      g_autofree char *text = g_strndup (bytes, len);

      g_assert_cmpstr (text, ==, json_object_get_string_member (v, "bytes"));
      g_assert_cmpstr (gov_event_get_id (ev), ==, json_object_get_string_member (v, "id"));
      sig = gov_b64_encode (g_bytes_get_data (gov_event_get_signature (ev), NULL), 64);
      g_assert_cmpstr (sig, ==, json_object_get_string_member (v, "sig"));

      wire = gov_event_to_wire (ev);
      g_assert_cmpstr (wire, ==, json_object_get_string_member (v, "wire"));
      parsed = gov_event_new_from_wire (wire, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gov_event_get_id (parsed), ==, gov_event_get_id (ev));
      g_ptr_array_add (ids, g_strdup (gov_event_get_id (ev)));
    }
}

/* Regenerates the vectors; see main(). */
static int
generate (const char *out)
{
  g_autoptr(GovIdentity) identity = NULL;
  g_autoptr(JsonNode) root = load_vectors (&identity);
  JsonObject *o = json_node_get_object (root);
  JsonArray *events = json_object_get_array_member (o, "events");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *root_pk = gov_b64_encode (gov_identity_get_root_pk (identity), 32);
  g_autofree char *dev_pk = gov_b64_encode (gov_identity_get_device_pk (identity), 32);

  json_object_set_string_member (o, "root_pk", root_pk);
  json_object_set_string_member (o, "device_pk", dev_pk);
  json_object_set_string_member (o, "office_id", gov_identity_get_office_id (identity));
  json_object_set_string_member (o, "fingerprint", gov_identity_get_fingerprint (identity));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *v = json_array_get_object_element (events, i);
      g_autoptr(GovEvent) ev = build_vector (v, identity, ids);
      gsize len;
      const char *bytes = g_bytes_get_data (gov_event_get_bytes (ev), &len);
      g_autofree char *text = g_strndup (bytes, len);
      g_autofree char *sig = gov_b64_encode (g_bytes_get_data (gov_event_get_signature (ev), NULL), 64);
      g_autofree char *wire = gov_event_to_wire (ev);

      json_object_set_string_member (v, "bytes", text);
      json_object_set_string_member (v, "id", gov_event_get_id (ev));
      json_object_set_string_member (v, "sig", sig);
      json_object_set_string_member (v, "wire", wire);
      g_ptr_array_add (ids, g_strdup (gov_event_get_id (ev)));
    }
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_file (gen, out, NULL) ? 0 : 1;
}

static GovEvent *
sample_event (GovIdentity *identity,
              GError     **error)
{
  g_autoptr(JsonNode) body = json_from_string ("{\"text\":\"hello\",\"visibility\":\"internal\"}",
                                               NULL);

  return gov_event_new_signed (gov_identity_get_device_sk (identity), "case:abc", 1, NULL,
                               1732292745123, 0, "note.add", NULL, "me", body, error);
}

static char *
reprint_deps (GovEvent *ev)
{
  const char * const *deps = gov_event_get_deps (ev);
  g_autoptr(JsonArray) arr = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  if (deps == NULL || deps[0] == NULL)
    return NULL;
  for (guint i = 0; deps[i] != NULL; i++)
    json_array_add_string_element (arr, deps[i]);
  node = json_node_init_array (json_node_alloc (), arr);
  return json_to_string (node, FALSE);
}

/* A wire line in another spelling goes through json-glib instead of the
 * canonical fast path, and must give the same event; the body and deps
 * texts cut from the signed bytes must equal the parsed values printed. */
static void
test_wire_spellings (void)
{
  g_autoptr(GovIdentity) identity = NULL;
  g_autoptr(JsonNode) root = load_vectors (&identity);
  JsonArray *events = json_object_get_array_member (json_node_get_object (root), "events");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *v = json_array_get_object_element (events, i);
      g_autoptr(GovEvent) ev = build_vector (v, identity, ids);
      g_autofree char *wire = gov_event_to_wire (ev);
      g_autoptr(JsonNode) node = json_from_string (wire, NULL);
      JsonObject *o = json_node_get_object (node);
      g_autofree char *spaced = g_strdup_printf ("{ \"s\" : \"%s\",\n \"e\" : \"%s\" }",
                                                 json_object_get_string_member (o, "s"),
                                                 json_object_get_string_member (o, "e"));
      g_autoptr(GError) error = NULL;
      g_autoptr(GovEvent) fast = gov_event_new_from_wire (wire, -1, &error);
      g_autoptr(GovEvent) slow = NULL;
      g_autoptr(JsonNode) body = json_node_init_object (json_node_alloc (),
                                                        gov_event_get_body (fast));
      g_autofree char *body_text = json_to_string (body, FALSE);
      g_autofree char *deps_text = reprint_deps (fast);

      g_assert_no_error (error);
      slow = gov_event_new_from_wire (spaced, -1, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (gov_event_get_id (slow), ==, gov_event_get_id (fast));
      if (gov_event_get_case_id (fast) != NULL)
        g_assert_cmpstr (gov_event_get_body_text (fast), ==, body_text);
      g_assert_cmpstr (gov_event_get_deps_text (fast), ==, deps_text);
      g_ptr_array_add (ids, g_strdup (gov_event_get_id (ev)));
    }
}

/* Both spellings share one decoder, as strict as libsodium's was: the
 * standard alphabet, padding and non-zero unused bits are refused. */
static void
test_wire_base64 (void)
{
  guint8 seed[32] = { 7 };
  g_autoptr(GovIdentity) identity = gov_identity_new_from_seeds (seed, seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GovEvent) ev = sample_event (identity, &error);
  g_autofree char *wire = gov_event_to_wire (ev);
  g_autoptr(JsonNode) node = json_from_string (wire, NULL);
  JsonObject *o = json_node_get_object (node);
  const char *e = json_object_get_string_member (o, "e");
  const char *sig = json_object_get_string_member (o, "s");
  g_autofree char *plus = g_strdup (e);
  g_autofree char *loose = g_strdup (sig);
  g_autofree char *padded = g_strconcat (sig, "==", NULL);
  const char *bad_e[] = { plus, e, e };
  const char *bad_s[] = { sig, loose, padded };

  g_assert_no_error (error);
  plus[3] = '+';
  /* 64 bytes are 86 characters: the last one carries 4 unused bits. */
  g_assert_cmpuint (strlen (loose), ==, 86);
  loose[85] = loose[85] == 'A' ? 'B' : loose[85] == 'Q' ? 'R' : 'A' + 1;

  for (guint i = 0; i < G_N_ELEMENTS (bad_e); i++)
    {
      g_autofree char *canonical = g_strdup_printf ("{\"e\":\"%s\",\"s\":\"%s\"}",
                                                    bad_e[i], bad_s[i]);
      g_autofree char *spaced = g_strdup_printf ("{\"e\": \"%s\", \"s\": \"%s\"}",
                                                 bad_e[i], bad_s[i]);
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(GovEvent) a = gov_event_new_from_wire (canonical, -1, &e1);
      g_autoptr(GovEvent) b = gov_event_new_from_wire (spaced, -1, &e2);

      g_assert_null (a);
      g_assert_null (b);
      g_assert_error (e1, GOV_EVENT_ERROR, GOV_EVENT_ERROR_MALFORMED);
      g_assert_error (e2, GOV_EVENT_ERROR, GOV_EVENT_ERROR_MALFORMED);
    }
}

static void
test_sign_verify (void)
{
  guint8 seed[32] = { 7 };
  g_autoptr(GovIdentity) identity = gov_identity_new_from_seeds (seed, seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(GovEvent) ev = sample_event (identity, &error);
  g_autoptr(GBytes) flipped = NULL;
  g_autoptr(GovEvent) bad = NULL;
  gsize len;
  guint8 *copy;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (gov_event_get_id (ev), "b2:"));
  g_assert_cmpstr (gov_event_get_case_id (ev), ==, "abc");
  g_assert_cmpstr (json_object_get_string_member (gov_event_get_body (ev), "text"), ==, "hello");

  /* One flipped bit anywhere in the bytes breaks the signature. */
  g_bytes_get_data (gov_event_get_bytes (ev), &len);
  copy = g_memdup2 (g_bytes_get_data (gov_event_get_bytes (ev), NULL), len);
  copy[len - 5] ^= 1;
  flipped = g_bytes_new_take (copy, len);
  bad = gov_event_new_from_signed (flipped, gov_event_get_signature (ev), &error);
  g_assert_null (bad);
  g_assert_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_FORGED);
}

static void
test_bad_bodies (void)
{
  guint8 seed[32] = { 9 };
  g_autoptr(GovIdentity) identity = gov_identity_new_from_seeds (seed, seed);
  const guint8 *sk = gov_identity_get_device_sk (identity);
  const struct { const char *type; const char *log; const char *body; int code; } cases[] = {
    { "note.add", "case:x", "{\"text\":\"a\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "note.add", "case:x", "{\"text\":\"a\",\"visibility\":\"public\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "note.add", "case:x", "{\"text\":1,\"visibility\":\"internal\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "note.add", "case:x", "{\"text\":\"a\",\"visibility\":\"internal\",\"x\":1}", GOV_EVENT_ERROR_BAD_BODY },
    { "field.set", "case:x", "{\"field\":\"colour\",\"value\":\"red\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "field.set", "case:x", "{\"field\":\"status\",\"value\":\"closed\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "field.set", "case:x", "{\"field\":\"due\",\"value\":\"2025-02-30\"}", GOV_EVENT_ERROR_BAD_BODY },
    { "teleport", "case:x", "{}", GOV_EVENT_ERROR_UNKNOWN_TYPE },
    { "note.add", "admin", "{\"text\":\"a\",\"visibility\":\"internal\"}", GOV_EVENT_ERROR_MALFORMED },
    { "note.add", "case:a/b", "{\"text\":\"a\",\"visibility\":\"internal\"}", GOV_EVENT_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = json_from_string (cases[i].body, NULL);
      g_autoptr(GovEvent) ev = gov_event_new_signed (sk, cases[i].log, 1, NULL, 1, 0, cases[i].type,
                                                     NULL, "me", body, &error);

      g_test_message ("case %u", i);
      g_assert_null (ev);
      g_assert_error (error, GOV_EVENT_ERROR, cases[i].code);
    }
}

static void
test_wire_errors (void)
{
  const struct { const char *wire; int code; } cases[] = {
    { "not json", GOV_EVENT_ERROR_MALFORMED },
    /* Found by fuzz-event: a blank document has no root node. */
    { "", GOV_EVENT_ERROR_MALFORMED },
    { " \t", GOV_EVENT_ERROR_MALFORMED },
    { "[1,2]", GOV_EVENT_ERROR_MALFORMED },
    { "{\"e\":\"AAAA\"}", GOV_EVENT_ERROR_MALFORMED },
    { "{\"e\":\"!!\",\"s\":\"AAAA\"}", GOV_EVENT_ERROR_MALFORMED },
    { "{\"e\":\"e30\",\"s\":\"AAAA\"}", GOV_EVENT_ERROR_MALFORMED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GovEvent) ev = gov_event_new_from_wire (cases[i].wire, -1, &error);

      g_assert_null (ev);
      g_assert_error (error, GOV_EVENT_ERROR, cases[i].code);
    }
}

static void
test_oversize (void)
{
  guint8 seed[32] = { 3 };
  g_autoptr(GovIdentity) identity = gov_identity_new_from_seeds (seed, seed);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (70 * 1024, 'a');
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();
  g_autoptr(GovEvent) ev = NULL;

  /* Four 16 KiB members: each within the member limit, together too big. */
  big[16000] = '\0';
  json_object_set_string_member (o, "text", big);
  json_object_set_string_member (o, "visibility", "internal");
  json_node_take_object (body, o);
  ev = gov_event_new_signed (gov_identity_get_device_sk (identity), "case:x", 1, NULL, 1, 0,
                             "note.add", NULL, "me", body, &error);
  g_assert_no_error (error);
  g_clear_pointer (&ev, gov_event_unref);

  {
    g_autofree char *huge = g_strnfill (GOV_EVENT_MAX_BYTES + 10, ' ');
    g_autoptr(GBytes) bytes = g_bytes_new (huge, strlen (huge));
    g_autoptr(GBytes) sig = g_bytes_new (huge, 64);

    ev = gov_event_new_from_signed (bytes, sig, &error);
    g_assert_null (ev);
    g_assert_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_OVERSIZE);
  }
}

static void
test_unsorted_deps (void)
{
  guint8 seed[32] = { 4 };
  g_autoptr(GovIdentity) identity = gov_identity_new_from_seeds (seed, seed);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"text\":\"a\",\"visibility\":\"internal\"}", NULL);
  const char *deps[] = { "b2:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzw",
                         "b2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                         "b2:zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzw", NULL };
  g_autoptr(GovEvent) ev = gov_event_new_signed (gov_identity_get_device_sk (identity), "case:x",
                                                 1, NULL, 1, 0, "note.add", deps, "me", body,
                                                 &error);

  /* The writer sorts and de-duplicates, so the result always parses. */
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) gov_event_get_deps (ev)), ==, 2);
  g_assert_cmpstr (gov_event_get_deps (ev)[0], <, gov_event_get_deps (ev)[1]);
}

static gint64 fake_wall;

static gint64
fake_wall_cb (gpointer data)
{
  return fake_wall;
}

static void
test_hlc (void)
{
  GovHlc hlc;
  gint64 ms;
  guint c;

  gov_hlc_init (&hlc, fake_wall_cb, NULL);
  fake_wall = G_GINT64_CONSTANT (1732292745000);
  gov_hlc_tick (&hlc, &ms, &c);
  g_assert_cmpint (ms, ==, fake_wall);
  g_assert_cmpuint (c, ==, 0);
  gov_hlc_tick (&hlc, &ms, &c);
  g_assert_cmpuint (c, ==, 1);

  /* A clock that runs backwards does not move the HLC back. */
  fake_wall -= 1000;
  gov_hlc_tick (&hlc, &ms, &c);
  g_assert_cmpint (ms, ==, fake_wall + 1000);
  g_assert_cmpuint (c, ==, 2);

  /* A remote clock ten years ahead is flagged and does not poison us. */
  g_assert_true (gov_hlc_receive (&hlc, fake_wall + G_GINT64_CONSTANT (315360000000), 0));
  g_assert_cmpint (hlc.ms, <=, fake_wall + GOV_HLC_MAX_DRIFT_MS);
  /* 1970 is flagged too; a near remote clock is not. */
  g_assert_true (gov_hlc_receive (&hlc, 1000, 0));
  g_assert_false (gov_hlc_receive (&hlc, fake_wall + 1000, 5));
  gov_hlc_tick (&hlc, &ms, &c);
  g_assert_cmpint (ms, >=, fake_wall + 1000);
  g_assert_cmpint (gov_hlc_compare (1, 2, 1, 3), <, 0);
  g_assert_cmpint (gov_hlc_compare (2, 0, 1, 3), >, 0);
}

static void
test_office_id (void)
{
  guint8 seed[32] = { 1 };
  g_autoptr(GovIdentity) a = gov_identity_new_from_seeds (seed, seed);
  const char *id = gov_identity_get_office_id (a);

  g_assert_true (g_str_has_prefix (id, "off_"));
  g_assert_cmpuint (strlen (id), ==, 4 + 32);
  g_assert_cmpuint (strlen (gov_identity_get_fingerprint (a)), ==, 8 * 4 + 7);
}

int
main (int    argc,
      char **argv)
{
  g_assert_cmpint (sodium_init (), >=, 0);
  g_test_init (&argc, &argv, NULL);
  /* GOV_WRITE_VECTORS=FILE regenerates the golden vectors into FILE. */
  if (g_getenv ("GOV_WRITE_VECTORS") != NULL)
    return generate (g_getenv ("GOV_WRITE_VECTORS"));

  g_test_add_func ("/core/event/golden", test_golden);
  g_test_add_func ("/core/event/sign-verify", test_sign_verify);
  g_test_add_func ("/core/event/bad-bodies", test_bad_bodies);
  g_test_add_func ("/core/event/wire-errors", test_wire_errors);
  g_test_add_func ("/core/event/wire-spellings", test_wire_spellings);
  g_test_add_func ("/core/event/wire-base64", test_wire_base64);
  g_test_add_func ("/core/event/oversize", test_oversize);
  g_test_add_func ("/core/event/deps-sorted", test_unsorted_deps);
  g_test_add_func ("/core/hlc/drift", test_hlc);
  g_test_add_func ("/core/identity/office-id", test_office_id);
  return g_test_run ();
}
