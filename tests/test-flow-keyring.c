/* test-flow-keyring.c: the real app unlocking from the desktop keyring.
 *
 * Run like the other flows (dbus-run-session, xvfb-run). The test starts
 * its own gnome-keyring-daemon (secrets only) with HOME and the XDG
 * directories in a temporary directory, so no real keyring is touched;
 * without one it skips and says why.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "flow-helpers.h"

#define PASSPHRASE "correct horse battery staple"

static char *skip_reason;
static char *tmp_root;
static GSubprocess *daemon_proc;

typedef struct
{
  char    *dir;
  char    *replica;
  char    *passphrase_file;
  FlowApp *app;
} Fixture;

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

/* A login keyring with a fixed password, unlocked, in a temporary HOME. */
static void
start_secret_service (void)
{
  static const char *xdg[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME" };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *control = NULL;
  GOutputStream *in;

  if (program == NULL)
    {
      skip_reason = g_strdup ("no Secret Service: gnome-keyring-daemon is not installed");
      return;
    }
  tmp_root = g_dir_make_tmp ("govserv-flow-keyring-XXXXXX", NULL);
  g_assert_nonnull (tmp_root);
  g_setenv ("HOME", tmp_root, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *d = g_build_filename (tmp_root, xdg[i], NULL);

      g_assert_cmpint (g_mkdir (d, 0700), ==, 0);
      g_setenv (xdg[i], d, TRUE);
    }
  control = g_build_filename (tmp_root, "keyring-control", NULL);

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
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", tmp_root, NULL };

  if (daemon_proc != NULL)
    {
      g_subprocess_send_signal (daemon_proc, SIGTERM);
      g_subprocess_wait (daemon_proc, NULL, NULL);
      g_clear_object (&daemon_proc);
    }
  if (tmp_root != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
}

/* govserv --replica R --passphrase-file P keyring VERB */
static void
keyring_verb (Fixture    *fixture,
              const char *verb)
{
  const char *argv[] = { g_getenv ("GOVSERV"), "--replica", fixture->replica,
                         "--passphrase-file", fixture->passphrase_file, "keyring", verb, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_reason != NULL)
    return;
  fixture->dir = g_dir_make_tmp ("govserv-flow-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica = g_build_filename (fixture->dir, "replica", NULL);
  fixture->passphrase_file = flow_write_passphrase (fixture->dir, PASSPHRASE);
  flow_init_replica (fixture->replica, fixture->passphrase_file);
  keyring_verb (fixture, "enable");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fixture->dir, NULL };

  g_clear_pointer (&fixture->app, flow_app_stop);
  if (fixture->dir != NULL)
    g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->passphrase_file);
  g_free (fixture->replica);
  g_free (fixture->dir);
}

static void
start_app (Fixture *fixture)
{
  const char *args[] = { "--replica", fixture->replica, NULL };

  fixture->app = flow_app_start (args, NULL);
}

static void
assert_on_screen (Fixture    *fixture,
                  const char *role,
                  const char *name)
{
  g_autoptr(AtspiAccessible) found = flow_find (fixture->app->window, role, name, TRUE);

  g_assert_nonnull (found);
}

/* With keyring unlock on, the app opens without asking. */
static void
test_flow_keyring_unlock (Fixture       *fixture,
                          gconstpointer  data)
{
  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  start_app (fixture);
  assert_on_screen (fixture, "label", "No Open Cases");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "GovServ Is Locked"));
  flow_screenshot ("flow-keyring-unlocked.png");
}

/* The key is gone from the keyring (deleted in Seahorse, another login):
 * the unlock page says so in one line and the passphrase still works. */
static void
test_flow_keyring_missing (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *keys = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) unlock = NULL;
  gsize len = 0;

  if (skip_reason != NULL)
    {
      g_test_skip (skip_reason);
      return;
    }
  /* Keep the key file with its keyring slot, delete the key itself. */
  keys = g_build_filename (fixture->replica, "replica.keys", NULL);
  g_assert_true (g_file_get_contents (keys, &saved, &len, NULL));
  keyring_verb (fixture, "disable");
  g_assert_true (g_file_set_contents (keys, saved, len, NULL));

  start_app (fixture);
  assert_on_screen (fixture, "label", "GovServ Is Locked");
  assert_on_screen (fixture, "label",
                    "The key is no longer in the desktop keyring. Type the passphrase.");
  flow_screenshot ("flow-keyring-missing.png");

  entry = flow_find (fixture->app->window, "text", "Passphrase", TRUE);
  g_assert_nonnull (entry);
  flow_set_text (entry, PASSPHRASE);
  unlock = flow_find (fixture->app->window, "push button", "Unlock", TRUE);
  g_assert_nonnull (unlock);
  flow_click (unlock);
  assert_on_screen (fixture, "label", "No Open Cases");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  start_secret_service ();
  flow_init ();

  g_test_add ("/flow/keyring/unlock", Fixture, NULL, set_up, test_flow_keyring_unlock,
              tear_down);
  g_test_add ("/flow/keyring/missing", Fixture, NULL, set_up, test_flow_keyring_missing,
              tear_down);

  status = g_test_run ();
  stop_secret_service ();
  return status;
}
