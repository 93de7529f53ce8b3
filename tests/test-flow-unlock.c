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
    {
      flow_screenshot ("flow-failure.png");
      g_error ("No %s “%s” on screen", role, name);
    }
}

/* With no replica the app asks for an office and a passphrase, explains
 * what is missing in words, shows the recovery code once and opens the new
 * replica; the code later unlocks it with a new passphrase. */
static void
test_flow_first_run (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtspiAccessible) name = NULL;
  g_autoptr(AtspiAccessible) code = NULL;
  g_autoptr(AtspiAccessible) passphrase = NULL;
  g_autoptr(AtspiAccessible) confirm = NULL;
  g_autoptr(AtspiAccessible) create = NULL;
  g_autoptr(AtspiAccessible) code_label = NULL;
  g_autoptr(AtspiAccessible) cont = NULL;
  g_autoptr(AtspiAccessible) recover = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) code_row = NULL;
  g_autoptr(AtspiAccessible) apply = NULL;
  g_autofree char *recovery_code = NULL;

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

  /* The recovery code is shown once, then the empty office opens. */
  assert_on_screen (fixture, "label", "Write Down the Recovery Code");
  code_label = flow_find (fixture->app->window, "label", "-", TRUE);
  g_assert_nonnull (code_label);
  recovery_code = atspi_accessible_get_name (code_label, NULL);
  g_assert_cmpuint (strlen (recovery_code), >=, 20);
  flow_screenshot ("flow-unlock-recovery-code.png");
  g_clear_object (&cont);
  cont = find (fixture, "push button", "Continue");
  flow_click (cont);
  assert_on_screen (fixture, "label", "No Open Cases");
  g_assert_true (g_file_test (fixture->replica, G_FILE_TEST_IS_DIR));

  /* Locked again, the recovery code opens it and sets a new passphrase. */
  flow_press_control (fixture->app, XK_L, TRUE);
  assert_on_screen (fixture, "label", "GovServ Is Locked");
  recover = find (fixture, "push button", "Use Recovery Code");
  flow_click (recover);
  dialog = flow_find_window (fixture->app, "Unlock With Recovery Code");
  g_assert_nonnull (dialog);
  g_clear_object (&passphrase);
  g_clear_object (&confirm);
  code_row = flow_find (dialog, "text", "Recovery Code", FALSE);
  passphrase = flow_find (dialog, "text", "New Passphrase", FALSE);
  confirm = flow_find (dialog, "text", "Confirm New Passphrase", FALSE);
  apply = flow_find (dialog, "push button", "Unlock", FALSE);
  g_assert_nonnull (code_row);
  g_assert_nonnull (apply);
  flow_set_text (code_row, recovery_code);
  flow_set_text (passphrase, "a new passphrase for the harbour");
  flow_set_text (confirm, "a new passphrase for the harbour");
  g_assert_true (flow_is_sensitive (apply));
  flow_screenshot ("flow-unlock-recover.png");
  flow_click (apply);
  assert_on_screen (fixture, "label", "No Open Cases");
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

/* A wrong passphrase leaves the page locked, says so under the field and
 * keeps the typed text selected for retyping. */
static void
test_flow_wrong_passphrase (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *passphrase_file = flow_write_passphrase (fixture->dir, PASSPHRASE);
  g_autofree char *keys = NULL;
  g_autoptr(AtspiAccessible) entry = NULL;
  g_autoptr(AtspiAccessible) unlock = NULL;

  flow_init_replica (fixture->replica, passphrase_file);
  keys = g_build_filename (fixture->replica, "replica.keys", NULL);
  if (!g_file_test (keys, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("govserv init does not make an encrypted replica yet");
      return;
    }

  start_app (fixture, NULL);
  entry = find (fixture, "text", "Passphrase");
  unlock = find (fixture, "push button", "Unlock");
  flow_set_text (entry, "correct horse battery stable");
  flow_click (unlock);
  assert_on_screen (fixture, "label", "Wrong passphrase. Try again.");
  assert_on_screen (fixture, "label", "GovServ Is Locked");
  g_assert_true (flow_is_sensitive (entry));
  flow_screenshot ("flow-unlock-wrong.png");

  flow_set_text (entry, PASSPHRASE);
  flow_click (unlock);
  assert_on_screen (fixture, "label", "No Open Cases");
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
  g_test_add ("/flow/unlock/wrong-passphrase", Fixture, NULL, set_up, test_flow_wrong_passphrase,
              tear_down);
  g_test_add ("/flow/unlock/passphrase-file", Fixture, NULL, set_up, test_flow_passphrase_file,
              tear_down);

  return g_test_run ();
}
