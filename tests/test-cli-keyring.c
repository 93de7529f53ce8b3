/* test-cli-keyring.c: govserv keyring status|enable|disable without a keyring
 *
 * Runs the real binary named by $GOVSERV with the session bus pointed at a
 * socket that does not exist, so no real keyring can ever be touched; the
 * round trip with a Secret Service is tests/test-keyring.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-keyring.h"
#include "gov-vault.h"

#define PASS "first secret"

typedef struct
{
  char *dir;
  char *replica;
  char *pass_file;
} Fixture;

typedef struct
{
  char       *out;
  char       *err;
  int         status;
  JsonObject *json;
} Run;

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
  g_clear_pointer (&r->json, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* govserv --replica R --passphrase-file P ARGS… --json */
static void
govserv (Run        *r,
         Fixture    *f,
         const char *replica,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "DBUS_SESSION_BUS_ADDRESS",
                                         "unix:path=/nonexistent/govserv-test-bus", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("GOVSERV"));
  g_ptr_array_add (argv, "--replica");
  g_ptr_array_add (argv, (char *) replica);
  g_ptr_array_add (argv, "--passphrase-file");
  g_ptr_array_add (argv, f->pass_file);
  va_start (ap, replica);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, "--json");
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  r->status = WEXITSTATUS (r->status);
  if (r->status == 0)
    {
      node = json_from_string (r->out, &error);
      g_assert_no_error (error);
      r->json = json_object_ref (json_node_get_object (node));
    }
}

static void
set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;

  f->dir = g_dir_make_tmp ("gov-cli-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  f->replica = g_build_filename (f->dir, "replica", NULL);
  f->pass_file = g_build_filename (f->dir, "pass", NULL);
  g_assert_true (g_file_set_contents (f->pass_file, PASS "\n", -1, NULL));
  vault = gov_vault_create_with_limits (f->replica, PASS, crypto_pwhash_OPSLIMIT_MIN,
                                        crypto_pwhash_MEMLIMIT_MIN, NULL, &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->replica, GOV_VAULT_DB_NAME, NULL);
  g_autofree char *keys = g_build_filename (f->replica, GOV_VAULT_KEYS_NAME, NULL);

  g_remove (db);
  g_remove (keys);
  g_rmdir (f->replica);
  g_remove (f->pass_file);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->replica);
  g_free (f->pass_file);
}

static void
test_status_off (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) none = { 0 };
  g_auto(Run) usage = { 0 };
  g_autofree char *missing = g_build_filename (f->dir, "missing", NULL);

  govserv (&r, f, f->replica, "keyring", "status", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_false (json_object_get_boolean_member (r.json, "enabled"));
  g_assert_true (json_object_get_null_member (r.json, "in_keyring"));

  govserv (&none, f, missing, "keyring", "status", NULL);
  g_assert_cmpint (none.status, ==, 1);

  govserv (&usage, f, f->replica, "keyring", "status", "extra", NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

/* Without a Secret Service, enable fails saying so and the key file
 * keeps no keyring slot; disable succeeds (there is no slot to remove). */
static void
test_enable_without_keyring (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) off = { 0 };

  govserv (&r, f, f->replica, "keyring", "enable", NULL);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.out, "No desktop keyring"));
  g_assert_false (gov_keyring_has_slot (f->replica));

  govserv (&off, f, f->replica, "keyring", "disable", NULL);
  g_assert_cmpint (off.status, ==, 0);
  g_assert_false (json_object_get_boolean_member (off.json, "enabled"));
  g_assert_false (gov_keyring_has_slot (f->replica));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/keyring/status-off", Fixture, NULL, set_up, test_status_off, tear_down);
  g_test_add ("/cli/keyring/enable-without-keyring", Fixture, NULL, set_up,
              test_enable_without_keyring, tear_down);

  return g_test_run ();
}
