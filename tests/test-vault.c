/* test-vault.c: opening, unlocking, damage, passphrase changes and backups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-vault.h"
#include "gov-vfs.h"

#define OPS     crypto_pwhash_OPSLIMIT_MIN
#define MEM     crypto_pwhash_MEMLIMIT_MIN
#define MARKER  "VAULT-PLAINTEXT-MARKER"
#define PASS    "open sesame"

/* memmem() without _GNU_SOURCE. */
static const char *
find_bytes (const char *hay, gsize len, const char *needle, gsize nlen)
{
  for (gsize i = 0; nlen <= len && i <= len - nlen; i++)
    if (hay[i] == needle[0] && memcmp (hay + i, needle, nlen) == 0)
      return hay + i;
  return NULL;
}

typedef struct
{
  char *dir;      /* a temp directory holding replica directories */
  char *replica;  /* dir/replica */
  char *code;     /* its recovery code */
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (path, name, NULL);

      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_remove (p);
    }
  g_rmdir (path);
}

static void
fill (GovVault *vault, int n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf (
    "BEGIN IMMEDIATE;"
    "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT);"
    "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < %d)"
    " INSERT INTO t (v) SELECT '" MARKER "' || hex(randomblob(200)) FROM c;"
    "COMMIT", n);

  g_assert_true (gov_db_exec (gov_vault_get_db (vault), sql, &error));
  g_assert_no_error (error);
}

static GovVault *
create_vault (const char *dir, const char *pass, char **code)
{
  g_autoptr(GError) error = NULL;
  GovVault *vault = gov_vault_create_with_limits (dir, pass, OPS, MEM, code, &error);

  g_assert_no_error (error);
  g_assert_nonnull (vault);
  return vault;
}

static void
fixture_set_up (Fixture *fx, gconstpointer data)
{
  g_autoptr(GovVault) vault = NULL;

  fx->dir = g_dir_make_tmp ("govserv-vault-XXXXXX", NULL);
  fx->replica = g_build_filename (fx->dir, "replica", NULL);
  vault = create_vault (fx->replica, PASS, &fx->code);
  fill (vault, 1000);
  gov_vault_lock (vault);
}

static void
fixture_tear_down (Fixture *fx, gconstpointer data)
{
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->replica);
  g_free (fx->code);
}

static gint64
count_rows (sqlite3 *db)
{
  sqlite3_stmt *st = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM t", -1, &st, NULL), ==, SQLITE_OK);
  if (sqlite3_step (st) == SQLITE_ROW)
    n = sqlite3_column_int64 (st, 0);
  sqlite3_finalize (st);
  return n;
}

/* A digest of every file in the replica directory, to prove a failed open
 * changed nothing. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static char *
dir_digest (const char *dir)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *p = g_build_filename (dir, names->pdata[i], NULL);
      g_autofree char *content = NULL;
      gsize len = 0;

      g_file_get_contents (p, &content, &len, NULL);
      g_checksum_update (sum, names->pdata[i], -1);
      g_checksum_update (sum, (guint8 *) content, len);
    }
  return g_strdup (g_checksum_get_string (sum));
}

static gsize
count_marker (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  gsize hits = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_autofree char *content = NULL;
      gsize len = 0;

      g_file_get_contents (p, &content, &len, NULL);
      for (const char *q = content; q != NULL && (q = find_bytes (q, len - (q - content), MARKER,
                                                          strlen (MARKER))) != NULL; q++)
        hits++;
    }
  return hits;
}

static void
assert_open_fails (const char *dir, const char *pass, int code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dir_digest (dir);
  g_autofree char *after = NULL;
  g_autoptr(GovVault) vault = gov_vault_open (dir, pass, &error);

  g_assert_null (vault);
  g_assert_error (error, GOV_VAULT_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_null (strstr (error->message, pass));
  after = dir_digest (dir);
  g_assert_cmpstr (before, ==, after);
}

static void
test_roundtrip (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);
  g_autofree char *report = NULL;
  sqlite3 *reader;

  g_assert_no_error (error);
  g_assert_cmpint (count_rows (gov_vault_get_db (vault)), ==, 1000);
  g_assert_true (gov_vault_exists (fx->replica));
  g_assert_cmpuint (count_marker (fx->replica), ==, 0);

  /* A reader on the same key sees committed writes. */
  reader = gov_vault_open_reader (vault, &error);
  g_assert_no_error (error);
  fill (vault, 10);
  g_assert_cmpint (count_rows (reader), ==, 1010);
  g_assert_cmpint (sqlite3_exec (reader, "DELETE FROM t", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (reader);

  gov_vault_check (vault, &report, &error);
  g_test_message ("%s", report);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (report, "0 failing authentication"));
  g_assert_nonnull (strstr (report, "integrity: ok"));

  gov_vault_lock (vault);
  g_assert_true (gov_vault_is_locked (vault));
  g_assert_null (gov_vault_get_db (vault));
  g_assert_null (gov_vault_open_reader (vault, &error));
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_LOCKED);
}

static void
test_create_refuses_existing (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = dir_digest (fx->replica);
  g_autofree char *after = NULL;
  g_autoptr(GovVault) vault = gov_vault_create_with_limits (fx->replica, "x", OPS, MEM, NULL,
                                                            &error);

  g_assert_null (vault);
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_EXISTS);
  after = dir_digest (fx->replica);
  g_assert_cmpstr (before, ==, after);
}

static void
test_wrong_passphrase (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;

  assert_open_fails (fx->replica, "open sesame!", GOV_VAULT_ERROR_WRONG_PASSPHRASE);
  vault = gov_vault_open (fx->replica, "wrong", &error);
  g_assert_cmpstr (error->message, ==, "Wrong passphrase");
}

static void
test_foreign_keyfile (Fixture *fx, gconstpointer data)
{
  g_autofree char *other = g_build_filename (fx->dir, "other", NULL);
  g_autofree char *other_keys = g_build_filename (other, GOV_VAULT_KEYS_NAME, NULL);
  g_autofree char *keys = g_build_filename (fx->replica, GOV_VAULT_KEYS_NAME, NULL);
  g_autofree char *content = NULL;
  g_autoptr(GovVault) vault = create_vault (other, "other pass", NULL);
  gsize len;

  gov_vault_lock (vault);
  g_assert_true (g_file_get_contents (other_keys, &content, &len, NULL));
  g_assert_true (g_file_set_contents (keys, content, len, NULL));
  assert_open_fails (fx->replica, "other pass", GOV_VAULT_ERROR_FOREIGN_KEYFILE);
}

static void
patch (const char *path, goffset off, const void *bytes, gsize n)
{
  int fd = g_open (path, O_WRONLY, 0);

  g_assert_cmpint (pwrite (fd, bytes, n, off), ==, (gssize) n);
  close (fd);
}

static void
test_damage (Fixture *fx, gconstpointer data)
{
  g_autofree char *db = g_build_filename (fx->replica, GOV_VAULT_DB_NAME, NULL);
  g_autofree char *pristine = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  guint8 page_a[4096], page_b[4096];
  int fd;

  g_assert_true (g_file_get_contents (db, &pristine, &len, NULL));
  g_assert_cmpuint (len, >, 10 * 4096);

  /* A flipped byte in page 1's ciphertext: the open fails. */
  patch (db, 2000, (guint8[]) { pristine[2000] ^ 0x04 }, 1);
  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_DAMAGED);

  /* A flipped byte in a data page: it opens, the check finds it. */
  g_assert_true (g_file_set_contents (db, pristine, len, NULL));
  patch (db, 7 * 4096 + 100, (guint8[]) { pristine[7 * 4096 + 100] ^ 0x10 }, 1);
  {
    g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);
    g_autofree char *report = NULL;

    g_assert_no_error (error);
    g_assert_false (gov_vault_check (vault, &report, &error));
    g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_DAMAGED);
    g_assert_nonnull (strstr (error->message, "Restore a backup or resync from a peer"));
    g_assert_nonnull (strstr (report, "damaged page: 8"));
    g_clear_error (&error);
  }

  /* Two valid pages swapped. */
  g_assert_true (g_file_set_contents (db, pristine, len, NULL));
  memcpy (page_a, pristine + 4 * 4096, 4096);
  memcpy (page_b, pristine + 5 * 4096, 4096);
  patch (db, 4 * 4096, page_b, 4096);
  patch (db, 5 * 4096, page_a, 4096);
  {
    g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);

    g_assert_no_error (error);
    g_assert_false (gov_vault_check (vault, NULL, &error));
    g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* Truncated in the middle of a page: refused at open, or found by the
   * check. */
  g_assert_true (g_file_set_contents (db, pristine, len, NULL));
  fd = g_open (db, O_WRONLY, 0);
  g_assert_cmpint (ftruncate (fd, 6 * 4096 + 1234), ==, 0);
  close (fd);
  {
    g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);

    if (vault != NULL)
      g_assert_false (gov_vault_check (vault, NULL, &error));
    g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* Truncated to a few bytes: not even a header. */
  fd = g_open (db, O_WRONLY, 0);
  g_assert_cmpint (ftruncate (fd, 5), ==, 0);
  close (fd);
  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_DAMAGED);
}

static void
test_not_encrypted (Fixture *fx, gconstpointer data)
{
  g_autofree char *db = g_build_filename (fx->replica, GOV_VAULT_DB_NAME, NULL);
  sqlite3 *plain = NULL;

  g_remove (db);
  g_assert_cmpint (sqlite3_open (db, &plain), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (plain, "CREATE TABLE t (v)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (plain);

  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_NOT_ENCRYPTED);
}

static void
test_keyfile_problems (Fixture *fx, gconstpointer data)
{
  g_autofree char *keys = g_build_filename (fx->replica, GOV_VAULT_KEYS_NAME, NULL);
  g_autofree char *nowhere = g_build_filename (fx->dir, "nowhere", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;

  vault = gov_vault_open (nowhere, PASS, &error);
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (keys, "{\"format\": \"casedb-keys/1\"", -1, NULL));
  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_KEYFILE_INVALID);

  g_remove (keys);
  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_NOT_FOUND);
}

static void
test_change_passphrase (Fixture *fx, gconstpointer data)
{
  g_autofree char *db = g_build_filename (fx->replica, GOV_VAULT_DB_NAME, NULL);
  g_autofree char *db_before = NULL;
  g_autofree char *db_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);
  g_autoptr(GovVault) again = NULL;
  gsize len, len_after;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (db, &db_before, &len, NULL));

  g_assert_false (gov_vault_change_passphrase_with_limits (vault, "nope", "new pass", OPS, MEM,
                                                           &error));
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  g_assert_false (gov_vault_change_passphrase_with_limits (vault, NULL, "new pass", OPS, MEM,
                                                           &error));
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);

  g_assert_true (gov_vault_change_passphrase_with_limits (vault, PASS, "new pass", OPS, MEM,
                                                          &error));
  g_assert_no_error (error);
  gov_vault_lock (vault);

  /* Only the key file changed. */
  g_assert_true (g_file_get_contents (db, &db_after, &len_after, NULL));
  g_assert_cmpuint (len, ==, len_after);
  g_assert_cmpmem (db_before, len, db_after, len);

  assert_open_fails (fx->replica, PASS, GOV_VAULT_ERROR_WRONG_PASSPHRASE);
  again = gov_vault_open (fx->replica, "new pass", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (gov_vault_get_db (again)), ==, 1000);
}

static void
test_recovery_code (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  g_autoptr(GovVault) again = NULL;
  g_autofree char *new_code = NULL;

  vault = gov_vault_open_with_recovery_code (fx->replica, "00000-00000-00000-00000-00000-00000-00000-00000", &error);
  g_assert_null (vault);
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_RECOVERY_CODE);
  g_clear_error (&error);

  vault = gov_vault_open_with_recovery_code (fx->replica, fx->code, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (gov_vault_get_db (vault)), ==, 1000);

  /* Forgotten passphrase: a new one without the old. */
  g_assert_true (gov_vault_change_passphrase_with_limits (vault, NULL, "fresh", OPS, MEM, &error));
  g_assert_no_error (error);
  g_assert_true (gov_vault_regenerate_recovery_code (vault, &new_code, &error));
  g_assert_no_error (error);
  gov_vault_lock (vault);
  g_clear_object (&vault);

  vault = gov_vault_open_with_recovery_code (fx->replica, fx->code, &error);
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_RECOVERY_CODE);
  g_clear_error (&error);
  again = gov_vault_open_with_recovery_code (fx->replica, new_code, &error);
  g_assert_no_error (error);
  gov_vault_lock (again);
  g_clear_object (&again);
  again = gov_vault_open (fx->replica, "fresh", &error);
  g_assert_no_error (error);
}

/* Two unlocked copies (the window and `govserv passwd`): a key-slot change
 * in one must not be undone by a later change in the other. */
static void
test_concurrent_slot_changes (Fixture *fx, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) window = gov_vault_open (fx->replica, PASS, &error);
  g_autoptr(GovVault) cli = gov_vault_open (fx->replica, PASS, &error);
  g_autoptr(GovVault) again = NULL;
  g_autofree char *code = NULL;

  g_assert_no_error (error);
  g_assert_true (gov_vault_change_passphrase_with_limits (cli, PASS, "from the cli", OPS, MEM,
                                                          &error));
  g_assert_no_error (error);
  g_assert_true (gov_vault_regenerate_recovery_code (window, &code, &error));
  g_assert_no_error (error);
  gov_vault_lock (window);
  gov_vault_lock (cli);

  again = gov_vault_open (fx->replica, "from the cli", &error);
  g_assert_no_error (error);
  gov_vault_lock (again);
  g_clear_object (&again);
  again = gov_vault_open_with_recovery_code (fx->replica, code, &error);
  g_assert_no_error (error);
}

static void
test_backup (Fixture *fx, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (fx->dir, "backup", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = gov_vault_open (fx->replica, PASS, &error);
  g_autoptr(GovVault) copy = NULL;
  g_autoptr(GovVault) by_code = NULL;
  g_autofree char *report = NULL;

  g_assert_no_error (error);
  fill (vault, 5);   /* still in the WAL: the backup must include it */
  g_assert_true (gov_vault_backup (vault, dest, &error));
  g_assert_no_error (error);
  g_assert_false (gov_vault_backup (vault, dest, &error));
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_cmpuint (count_marker (dest), ==, 0);

  copy = gov_vault_open (dest, PASS, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (gov_vault_get_db (copy)), ==, 1005);
  g_assert_true (gov_vault_check (copy, &report, &error));
  g_assert_no_error (error);
  gov_vault_lock (copy);

  by_code = gov_vault_open_with_recovery_code (dest, fx->code, &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/core/vault/roundtrip", test_roundtrip);
  ADD ("/core/vault/create-refuses-existing", test_create_refuses_existing);
  ADD ("/core/vault/wrong-passphrase", test_wrong_passphrase);
  ADD ("/core/vault/foreign-keyfile", test_foreign_keyfile);
  ADD ("/core/vault/damage", test_damage);
  ADD ("/core/vault/not-encrypted", test_not_encrypted);
  ADD ("/core/vault/keyfile-problems", test_keyfile_problems);
  ADD ("/core/vault/change-passphrase", test_change_passphrase);
  ADD ("/core/vault/recovery-code", test_recovery_code);
  ADD ("/core/vault/concurrent-slot-changes", test_concurrent_slot_changes);
  ADD ("/core/vault/backup", test_backup);
#undef ADD

  return g_test_run ();
}
