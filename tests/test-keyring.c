/* test-keyring.c: unlocking a replica from the desktop keyring
 *
 * meson runs this under dbus-run-session with --private-bus; the test then
 * starts its own gnome-keyring-daemon (secrets only) with HOME and the XDG
 * directories in a temporary directory, so no real keyring is touched.
 * Without a private bus or a daemon the Secret Service tests skip and say
 * why; the key-file and "no Secret Service" tests always run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-keyring.h"
#include "gov-vault.h"

#define OPS   crypto_pwhash_OPSLIMIT_MIN
#define MEM   crypto_pwhash_MEMLIMIT_MIN
#define PASS  "open sesame"

static char *skip_reason;     /* why the Secret Service tests skip, or NULL */
static char *tmp_root;        /* HOME of the test and its keyring daemon */
static GSubprocess *daemon_proc;

static const SecretSchema schema = {
  GOV_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
  { { "db_id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "replica", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 } },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR) && !g_file_test (p, G_FILE_TEST_IS_SYMLINK))
        remove_tree (p);
      else
        g_remove (p);
    }
  g_rmdir (path);
}

/* ---- a private Secret Service ------------------------------------- */

static gboolean
secrets_owned (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                       -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* Starts gnome-keyring-daemon with a new login keyring unlocked by a fixed
 * password; sets skip_reason when that is not possible. */
static void
start_secret_service (gboolean private_bus)
{
  static const char *xdg[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                               "XDG_RUNTIME_DIR" };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *control = NULL;
  GOutputStream *in;

  if (!private_bus)
    {
      skip_reason = g_strdup ("not inside a private session bus (run it with meson test)");
      return;
    }
  if (program == NULL)
    {
      skip_reason = g_strdup ("no Secret Service: gnome-keyring-daemon is not installed "
                              "(apt-get install gnome-keyring)");
      return;
    }
  tmp_root = g_dir_make_tmp ("govserv-keyring-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  g_setenv ("HOME", tmp_root, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *d = g_build_filename (tmp_root, xdg[i], NULL);

      g_assert_cmpint (g_mkdir (d, 0700), ==, 0);
      g_setenv (xdg[i], d, TRUE);
    }
  control = g_build_filename (tmp_root, "XDG_RUNTIME_DIR", "keyring", NULL);

  /* After the setenv() calls: GDBus starts a thread. */
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      skip_reason = g_strdup_printf ("no session bus: %s", error->message);
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  daemon_proc = g_subprocess_launcher_spawn (launcher, &error, program, "--foreground",
                                             "--unlock", "--components=secrets",
                                             "--control-directory", control, NULL);
  if (daemon_proc == NULL)
    {
      skip_reason = g_strdup_printf ("gnome-keyring-daemon did not start: %s", error->message);
      return;
    }
  in = g_subprocess_get_stdin_pipe (daemon_proc);
  g_output_stream_write_all (in, "govserv-test", 12, NULL, NULL, NULL);
  g_output_stream_close (in, NULL, NULL);

  for (int i = 0; i < 200 && !secrets_owned (bus); i++)
    g_usleep (50 * 1000);
  if (!secrets_owned (bus))
    skip_reason = g_strdup ("gnome-keyring-daemon did not offer a Secret Service within 10 s");
}

static void
stop_secret_service (void)
{
  if (daemon_proc != NULL)
    {
      g_subprocess_send_signal (daemon_proc, SIGTERM);
      g_subprocess_wait (daemon_proc, NULL, NULL);
      g_clear_object (&daemon_proc);
    }
  if (tmp_root != NULL)
    remove_tree (tmp_root);
}

/* ---- fixtures ------------------------------------------------------ */

typedef struct
{
  char     *dir;
  char     *replica;
  GovVault *vault;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (data != NULL && skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  f->dir = g_dir_make_tmp ("govserv-keyring-vault-XXXXXX", NULL);
  f->replica = g_build_filename (f->dir, "replica", NULL);
  f->vault = gov_vault_create_with_limits (f->replica, PASS, OPS, MEM, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gov_db_exec (gov_vault_get_db (f->vault),
                              "CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('kept')", &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->vault);
  if (f->dir != NULL)
    remove_tree (f->dir);
  g_free (f->replica);
  g_free (f->dir);
}

static char *
read_keys (Fixture *f)
{
  g_autofree char *path = g_build_filename (f->replica, GOV_VAULT_KEYS_NAME, NULL);
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  return data;
}

static GHashTable *
attributes_of (Fixture *f)
{
  g_autoptr(GovKeyfile) kf = NULL;
  g_autofree char *path = g_build_filename (f->replica, GOV_VAULT_KEYS_NAME, NULL);

  kf = gov_keyfile_load (path, NULL);
  g_assert_nonnull (kf);
  return gov_keyfile_get_keyring_attributes (kf, NULL);
}

static void
assert_reads (GovVault *vault)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (gov_vault_get_db (vault), "SELECT v FROM t", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "kept");
  sqlite3_finalize (stmt);
}

/* ---- tests with a Secret Service ---------------------------------- */

static void
test_round_trip (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) again = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autofree char *keys = NULL;
  g_autofree char *label = NULL;
  char *kek_text;

  if (g_test_failed () || f->vault == NULL)
    return;
  g_assert_false (gov_keyring_has_slot (f->replica));
  g_assert_true (gov_vault_enable_keyring (f->vault, &error));
  g_assert_no_error (error);
  g_assert_true (gov_keyring_has_slot (f->replica));
  g_assert_true (gov_keyring_has_secret (f->replica, &error));
  g_assert_no_error (error);

  /* The key file names the item but never holds the key. */
  attrs = attributes_of (f);
  g_assert_nonnull (attrs);
  kek_text = secret_password_lookupv_sync (&schema, attrs, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (kek_text);
  keys = read_keys (f);
  g_assert_null (strstr (keys, kek_text));
  g_assert_nonnull (strstr (keys, "\"libsecret\""));
  secret_password_free (kek_text);

  g_clear_object (&f->vault);
  again = gov_vault_open_with_keyring (f->replica, &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  assert_reads (again);

  /* The passphrase still opens it too. */
  g_clear_object (&again);
  again = gov_vault_open (f->replica, PASS, &error);
  g_assert_no_error (error);
}

static void
test_disable (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GovVault) again = NULL;
  char *kek_text;

  if (f->vault == NULL)
    return;
  g_assert_true (gov_vault_enable_keyring (f->vault, &error));
  g_assert_no_error (error);
  attrs = attributes_of (f);

  g_assert_true (gov_vault_disable_keyring (f->vault, &error));
  g_assert_no_error (error);
  g_assert_false (gov_keyring_has_slot (f->replica));
  kek_text = secret_password_lookupv_sync (&schema, attrs, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kek_text);

  again = gov_vault_open_with_keyring (f->replica, &error);
  g_assert_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SLOT);
  g_assert_null (again);
  g_clear_error (&error);

  /* Disabling again is harmless. */
  g_assert_true (gov_vault_disable_keyring (f->vault, &error));
  g_assert_no_error (error);
}

static void
test_missing_secret (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GovVault) again = NULL;
  char other[sodium_base64_ENCODED_LEN (32, sodium_base64_VARIANT_ORIGINAL)];
  guint8 random[32];

  if (f->vault == NULL)
    return;
  g_assert_true (gov_vault_enable_keyring (f->vault, &error));
  g_assert_no_error (error);
  attrs = attributes_of (f);
  g_clear_object (&f->vault);

  /* Deleted by the user in Seahorse, say. */
  g_assert_true (secret_password_clearv_sync (&schema, attrs, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (gov_keyring_has_secret (f->replica, &error));
  g_assert_no_error (error);
  again = gov_vault_open_with_keyring (f->replica, &error);
  g_assert_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not in the desktop keyring"));
  g_assert_null (again);
  g_clear_error (&error);

  /* Another key under the same attributes does not open it either. */
  randombytes_buf (random, sizeof random);
  sodium_bin2base64 (other, sizeof other, random, sizeof random, sodium_base64_VARIANT_ORIGINAL);
  g_assert_true (secret_password_storev_sync (&schema, attrs, NULL, "other", other, NULL, &error));
  again = gov_vault_open_with_keyring (f->replica, &error);
  g_assert_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_FAILED);
  g_assert_null (again);
  g_clear_error (&error);
  secret_password_clearv_sync (&schema, attrs, NULL, NULL);

  /* The passphrase still works. */
  again = gov_vault_open (f->replica, PASS, &error);
  g_assert_no_error (error);
  assert_reads (again);
}

/* A slot written by some newer tool survives enable and disable, and the
 * libsecret slot looks like any unknown slot to older GovServ, which needs
 * only an integer "id" and a string "type" to keep it verbatim. */
static void
test_other_slots_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *keys = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *slots;
  gboolean seen_libsecret = FALSE;

  if (f->vault == NULL)
    return;
  path = g_build_filename (f->replica, GOV_VAULT_KEYS_NAME, NULL);
  keys = read_keys (f);
  {
    g_autoptr(GString) edited = g_string_new (keys);

    /* Append an "office-escrow" slot (A2.4) the current code does not know. */
    g_assert_cmpint (g_string_replace (edited, "\"slots\" : [",
                                       "\"slots\" : [ {\"id\": 9, \"type\": \"office-escrow\","
                                       " \"sealed\": \"b64:AAAA\"},", 1), ==, 1);
    g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  }

  g_assert_true (gov_vault_enable_keyring (f->vault, &error));
  g_assert_no_error (error);
  g_free (keys);
  keys = read_keys (f);
  g_assert_nonnull (strstr (keys, "office-escrow"));

  g_assert_true (json_parser_load_from_data (parser, keys, -1, &error));
  slots = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "slots");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);

      g_assert_true (json_object_has_member (slot, "id"));
      g_assert_cmpint (json_object_get_int_member (slot, "id"), >=, 1);
      if (g_str_equal (json_object_get_string_member (slot, "type"), "libsecret"))
        {
          seen_libsecret = TRUE;
          g_assert_cmpint (json_object_get_int_member (slot, "id"), ==, 10);
          g_assert_cmpstr (json_object_get_string_member (slot, "schema"), ==,
                           GOV_KEYRING_SCHEMA_NAME);
        }
    }
  g_assert_true (seen_libsecret);

  g_assert_true (gov_vault_disable_keyring (f->vault, &error));
  g_assert_no_error (error);
  g_free (keys);
  keys = read_keys (f);
  g_assert_nonnull (strstr (keys, "office-escrow"));
  g_assert_null (strstr (keys, "libsecret"));
}

/* ---- tests without a Secret Service -------------------------------- */

/* The key-file slot on its own: wraps with the given key, round-trips
 * through the file format, and opens with nothing else. */
static void
test_keyfile_slot (void)
{
  guint8 db_id[GOV_KEYFILE_DB_ID_SIZE] = { 1, 2, 3 };
  guint8 kek[GOV_KEYFILE_KEK_SIZE], wrong[GOV_KEYFILE_KEK_SIZE];
  g_autoptr(GovKeyfile) kf = gov_keyfile_new (db_id);
  g_autoptr(GovKeyfile) parsed = NULL;
  g_autoptr(GHashTable) attrs = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *schema_name = NULL;
  guint8 *dek = gov_dek_new_random ();
  guint8 *got;
  gsize len;

  randombytes_buf (kek, sizeof kek);
  randombytes_buf (wrong, sizeof wrong);
  g_hash_table_insert (attrs, "db_id", "010203");
  g_hash_table_insert (attrs, "replica", "/tmp/r");
  g_assert_false (gov_keyfile_has_keyring (kf));
  gov_keyfile_set_keyring (kf, dek, kek, GOV_KEYRING_SCHEMA_NAME, attrs);

  data = gov_keyfile_to_data (kf, &len);
  parsed = gov_keyfile_parse (data, len, &error);
  g_assert_no_error (error);
  g_assert_true (gov_keyfile_has_keyring (parsed));
  back = gov_keyfile_get_keyring_attributes (parsed, &schema_name);
  g_assert_cmpstr (schema_name, ==, GOV_KEYRING_SCHEMA_NAME);
  g_assert_cmpstr (g_hash_table_lookup (back, "replica"), ==, "/tmp/r");

  got = gov_keyfile_unlock_keyring (parsed, wrong, &error);
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET);
  g_assert_null (got);
  g_clear_error (&error);
  got = gov_keyfile_unlock_keyring (parsed, kek, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got, GOV_KEYFILE_DEK_SIZE, dek, GOV_KEYFILE_DEK_SIZE);
  gov_dek_free (got);

  g_assert_true (gov_keyfile_remove_keyring (parsed));
  g_assert_false (gov_keyfile_has_keyring (parsed));
  got = gov_keyfile_unlock_keyring (parsed, kek, &error);
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_NO_SLOT);
  gov_dek_free (dek);
}

#define NONCE_B64    "\"nonce\": \"b64:" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "\""
#define WRAPPED_B64  "\"wrapped\": \"b64:" "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" "\""

static GovKeyfile *
parse_with_slot (const char  *slot,
                 GError     **error)
{
  g_autofree char *doc = g_strdup_printf (
    "{\"format\": \"casedb-keys/1\", \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\","
    " \"alg\": \"xchacha20poly1305-page-4096-r40\", \"slots\": [%s]}", slot);

  return gov_keyfile_parse (doc, strlen (doc), error);
}

/* A malformed libsecret slot is refused with a message, not kept; each
 * bad case differs from the good one in one thing. */
static void
test_keyfile_slot_malformed (void)
{
  static const char *bad[] = {
    "{\"id\": 1, \"type\": \"libsecret\", \"attributes\": {\"a\": \"b\"}, " NONCE_B64 ", " WRAPPED_B64 "}",
    "{\"id\": 1, \"type\": \"libsecret\", \"schema\": \"s\", \"attributes\": {\"a\": 1}, " NONCE_B64 ", " WRAPPED_B64 "}",
    "{\"id\": 1, \"type\": \"libsecret\", \"schema\": \"s\", \"attributes\": {}, " NONCE_B64 ", " WRAPPED_B64 "}",
    "{\"id\": 1, \"type\": \"libsecret\", \"schema\": \"s\", \"attributes\": {\"a\": \"b\"}, " NONCE_B64 ", \"wrapped\": \"b64:AAAA\"}",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GovKeyfile) good = NULL;

  good = parse_with_slot ("{\"id\": 1, \"type\": \"libsecret\", \"schema\": \"s\", "
                          "\"attributes\": {\"a\": \"b\"}, " NONCE_B64 ", " WRAPPED_B64 "}", &error);
  g_assert_no_error (error);
  g_assert_true (gov_keyfile_has_keyring (good));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GovKeyfile) kf = parse_with_slot (bad[i], &error);

      g_assert_null (kf);
      g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_INVALID);
      g_clear_error (&error);
    }
}

/* With no session bus at all, every call says so and changes nothing. */
static void
test_no_service (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GovVault) vault = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/govserv-test-bus", TRUE);
      g_assert_false (gov_vault_enable_keyring (f->vault, &error));
      g_assert_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SERVICE);
      g_assert_nonnull (strstr (error->message, "No desktop keyring"));
      g_assert_false (gov_keyring_has_slot (f->replica));
      g_clear_error (&error);

      vault = gov_vault_open_with_keyring (f->replica, &error);
      g_assert_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SLOT);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int argc, char **argv)
{
  gboolean private_bus = FALSE;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--private-bus"))
      private_bus = TRUE;
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  if (!g_test_subprocess ())
    start_secret_service (private_bus);

#define ADD(path, func, needs_service) \
  g_test_add (path, Fixture, (needs_service) ? "service" : NULL, \
              fixture_set_up, func, fixture_tear_down)
  ADD ("/core/keyring/round-trip", test_round_trip, TRUE);
  ADD ("/core/keyring/disable", test_disable, TRUE);
  ADD ("/core/keyring/missing-secret", test_missing_secret, TRUE);
  ADD ("/core/keyring/other-slots-kept", test_other_slots_kept, TRUE);
  ADD ("/core/keyring/no-service", test_no_service, FALSE);
  g_test_add_func ("/core/keyring/keyfile-slot", test_keyfile_slot);
  g_test_add_func ("/core/keyring/keyfile-slot-malformed", test_keyfile_slot_malformed);

  status = g_test_run ();
  stop_secret_service ();
  return status;
}
