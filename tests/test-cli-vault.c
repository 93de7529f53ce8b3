/* test-cli-vault.c: govserv passwd, check, backup and recovery-code
 *
 * Runs the real binary named by $GOVSERV on a vault made through the C API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-vault.h"

typedef struct
{
  char *dir;
  char *replica;
  char *pass_file;
  char *new_pass_file;
  char *code;
} Fixture;

typedef struct
{
  char     *out;
  char     *err;
  int       status;
  JsonNode *json;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
  g_clear_pointer (&r->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
govserv (Run *r, const char *replica, const char *pass_file, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  va_list ap;

  g_ptr_array_add (argv, g_strdup (g_getenv ("GOVSERV")));
  g_ptr_array_add (argv, g_strdup ("--replica"));
  g_ptr_array_add (argv, g_strdup (replica));
  g_ptr_array_add (argv, g_strdup ("--passphrase-file"));
  g_ptr_array_add (argv, g_strdup (pass_file));
  va_start (ap, pass_file);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    {
      json |= g_str_equal (a, "--json");
      g_ptr_array_add (argv, g_strdup (a));
    }
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  r->status = WEXITSTATUS (r->status);
  if (json && r->out[0] != '\0')
    {
      r->json = json_from_string (r->out, &error);
      g_assert_no_error (error);
    }
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;

  f->dir = g_dir_make_tmp ("gov-cli-vault-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica = g_build_filename (f->dir, "replica", NULL);
  f->pass_file = g_build_filename (f->dir, "pass", NULL);
  f->new_pass_file = g_build_filename (f->dir, "new-pass", NULL);
  g_assert_true (g_file_set_contents (f->pass_file, "first secret\n", -1, NULL));
  g_assert_true (g_file_set_contents (f->new_pass_file, "second secret\n", -1, NULL));

  vault = gov_vault_create_with_limits (f->replica, "first secret", crypto_pwhash_OPSLIMIT_MIN,
                                        crypto_pwhash_MEMLIMIT_MIN, &f->code, &error);
  g_assert_no_error (error);
  g_assert_true (gov_db_exec (gov_vault_get_db (vault),
                              "CREATE TABLE t (v); INSERT INTO t VALUES ('x')", &error));
  gov_vault_lock (vault);
}

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
tear_down (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->replica);
  g_free (f->pass_file);
  g_free (f->new_pass_file);
  g_free (f->code);
}

static void
test_check (Fixture *f, gconstpointer data)
{
  g_auto(Run) ok = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) wrong = { 0 };
  g_autofree char *db = g_build_filename (f->replica, GOV_VAULT_DB_NAME, NULL);
  int fd;

  govserv (&ok, f->replica, f->pass_file, "check", "--json", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (ok.json), "healthy"));

  govserv (&wrong, f->replica, f->new_pass_file, "check", NULL);
  g_assert_cmpint (wrong.status, ==, 1);
  g_assert_nonnull (strstr (wrong.err, "Wrong passphrase"));

  /* One flipped byte in page 2. */
  fd = g_open (db, O_WRONLY, 0);
  g_assert_cmpint (pwrite (fd, "\x01", 1, 4096 + 77), ==, 1);
  close (fd);
  govserv (&bad, f->replica, f->pass_file, "check", "--json", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (bad.json), "healthy"));
  g_assert_nonnull (strstr (json_object_get_string_member (json_node_get_object (bad.json), "report"),
                            "damaged page: 2"));
}

static void
test_passwd (Fixture *f, gconstpointer data)
{
  g_auto(Run) usage = { 0 };
  g_auto(Run) changed = { 0 };
  g_auto(Run) old_fails = { 0 };
  g_auto(Run) new_works = { 0 };

  govserv (&usage, f->replica, f->pass_file, "passwd", NULL);
  g_assert_cmpint (usage.status, ==, 2);

  govserv (&changed, f->replica, f->pass_file, "passwd", "--new-passphrase-file",
           f->new_pass_file, "--interactive-kdf", "--json", NULL);
  g_assert_cmpint (changed.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (changed.json), "changed"));

  govserv (&old_fails, f->replica, f->pass_file, "check", NULL);
  g_assert_cmpint (old_fails.status, ==, 1);
  govserv (&new_works, f->replica, f->new_pass_file, "check", NULL);
  g_assert_cmpint (new_works.status, ==, 0);
}

static void
test_backup_and_recovery_code (Fixture *f, gconstpointer data)
{
  g_autofree char *dest = g_build_filename (f->dir, "copy", NULL);
  g_auto(Run) backup = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) check = { 0 };
  g_auto(Run) code = { 0 };
  g_auto(Run) missing = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  const char *new_code;

  govserv (&missing, f->replica, f->pass_file, "backup", NULL);
  g_assert_cmpint (missing.status, ==, 2);

  govserv (&backup, f->replica, f->pass_file, "backup", "--to", dest, "--json", NULL);
  g_assert_cmpint (backup.status, ==, 0);
  govserv (&again, f->replica, f->pass_file, "backup", "--to", dest, NULL);
  g_assert_cmpint (again.status, ==, 1);
  govserv (&check, dest, f->pass_file, "check", NULL);
  g_assert_cmpint (check.status, ==, 0);

  govserv (&code, f->replica, f->pass_file, "recovery-code", "--json", NULL);
  g_assert_cmpint (code.status, ==, 0);
  new_code = json_object_get_string_member (json_node_get_object (code.json), "recovery_code");
  g_assert_cmpstr (new_code, !=, f->code);

  vault = gov_vault_open_with_recovery_code (f->replica, f->code, &error);
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_RECOVERY_CODE);
  g_clear_error (&error);
  vault = gov_vault_open_with_recovery_code (f->replica, new_code, &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add ("/cli/vault/check", Fixture, NULL, set_up, test_check, tear_down);
  g_test_add ("/cli/vault/passwd", Fixture, NULL, set_up, test_passwd, tear_down);
  g_test_add ("/cli/vault/backup-and-recovery-code", Fixture, NULL, set_up,
              test_backup_and_recovery_code, tear_down);

  return g_test_run ();
}
