/* test-flow-unlock.c: first run, unlocking and locking the real app over
 * AT-SPI.
 *
 * Run as `dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" TEST`
 * with GOVSERV pointing at the binary. Screenshots (flow-unlock-*.png) go to
 * G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "flow-helpers.h"

#define PASSPHRASE "correct horse battery staple"
#define XK_L       0x04c

typedef struct
{
  char    *dir;
  char    *replica;
  FlowApp *app;
} Fixture;

static void
start_app (Fixture    *fixture,
           const char *passphrase_file)
{
  const char *args[] = { "--replica", fixture->replica,
                         passphrase_file ? "--passphrase-file" : NULL, passphrase_file, NULL };

  fixture->app = flow_app_start (args, NULL);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("govserv-flow-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica = g_build_filename (fixture->dir, "replica", NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fixture->dir, NULL };

  g_clear_pointer (&fixture->app, flow_app_stop);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->replica);
  g_free (fixture->dir);
}

static AtspiAccessible *
find (Fixture    *fixture,
      const char *role,
      const char *name)
{
  AtspiAccessible *found = flow_find (fixture->app->window, role, name, FALSE);

  if (found == NULL)
    g_error ("No %s “%s”", role, name);

  return found;
}

static void
assert_on_screen (Fixture    *fixture,
                  const char *role,
                  const char *name)
{
  g_autoptr(AtspiAccessible) found = flow_find (fixture->app->window, role, name, TRUE);

  if (found == NULL)
    g_error ("No %s “%s” on screen", role, name);
}

/* With no replica the app asks for an office and a passphrase, explains
 * what is missing in words, and opens the new replica. */
static void
test_flow_first_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtspiAccessible) name = NULL;
  g_autoptr(AtspiAccessible) code = NULL;
  g_autoptr(AtspiAccessible) passphrase = NULL;
  g_autoptr(AtspiAccessible) confirm = NULL;
  g_autoptr(AtspiAccessible) create = NULL;

  start_app (fixture, NULL);
  assert_on_screen (fixture, "label", "Set Up GovServ");
  name = find (fixture, "text", "Office Name");
  code = find (fixture, "text", "Office Code");
  passphrase = find (fixture, "text", "Passphrase");
  confirm = find (fixture, "text", "Confirm Passphrase");
  create = find (fixture, "push button", "Create");
  g_assert_false (flow_is_sensitive (create));

  flow_set_text (name, "Harbour Office");
  flow_set_text (code, "hrb");
  assert_on_screen (fixture, "label", "The office code needs 2 to 8 capital letters or digits.");
  flow_set_text (code, "HRB");
  flow_set_text (passphrase, "short");
  assert_on_screen (fixture, "label", "Too short: use at least 12 characters.");
  g_assert_false (flow_is_sensitive (create));

  flow_set_text (passphrase, PASSPHRASE);
  flow_set_text (confirm, "correct horse battery");
  assert_on_screen (fixture, "label", "The passphrases do not match.");
  g_assert_false (flow_is_sensitive (create));

  flow_set_text (confirm, PASSPHRASE);
  assert_on_screen (fixture, "label", "Strong passphrase.");
  g_assert_true (flow_is_sensitive (create));
  flow_screenshot ("flow-unlock-setup.png");

  flow_click (create);
  assert_on_screen (fixture, "label", "No Open Cases");
  g_assert_true (g_file_test (fixture->replica, G_FILE_TEST_IS_DIR));
}

/* An existing replica opens with the passphrase typed on the lock page;
 * Shift+Ctrl+L locks it again. */
static void
test_flow_unlock (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *passphrase_file = flow_write_passphrase (fixture->dir, PASSPHRASE);
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) unlock = NULL;

  flow_init_replica (fixture->replica, passphrase_file);
  start_app (fixture, NULL);
  assert_on_screen (fixture, "label", "GovServ Is Locked");
  g_assert_true (flow_wait_gone (fixture->app->window, "list", "Views"));
  unlock = find (fixture, "push button", "Unlock");
  g_assert_false (flow_is_sensitive (unlock));
  flow_screenshot ("flow-unlock-locked.png");

  entry = find (fixture, "text", "Passphrase");
  flow_set_text (entry, PASSPHRASE);
  g_assert_true (flow_is_sensitive (unlock));
  flow_click (unlock);
  assert_on_screen (fixture, "label", "No Open Cases");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "GovServ Is Locked"));

  flow_press_control (fixture->app, XK_L, TRUE);
  assert_on_screen (fixture, "label", "GovServ Is Locked");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Open Cases"));
}

/* --passphrase-file unlocks without typing. */
static void
test_flow_passphrase_file (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *passphrase_file = flow_write_passphrase (fixture->dir, PASSPHRASE);

  flow_init_replica (fixture->replica, passphrase_file);
  start_app (fixture, passphrase_file);
  assert_on_screen (fixture, "label", "No Open Cases");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* libatspi warns under "dbind" while the registry starts: keep criticals
   * fatal, not warnings. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  flow_init ();

  g_test_add ("/flow/unlock/first-run", Fixture, NULL, set_up, test_flow_first_run, tear_down);
  g_test_add ("/flow/unlock/unlock", Fixture, NULL, set_up, test_flow_unlock, tear_down);
  g_test_add ("/flow/unlock/passphrase-file", Fixture, NULL, set_up, test_flow_passphrase_file,
              tear_down);

  return g_test_run ();
}
