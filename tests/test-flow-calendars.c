/* test-flow-calendars.c: Preferences → Calendars in the real govserv binary,
 * driven over AT-SPI.
 *
 * The demo office (`govserv demo`) has the NL holiday calendar and two case
 * types. Ctrl+comma opens the preferences; the Calendars page lists the
 * calendar and which case types count with it. Opened while GovServ is
 * locked, the page shows nothing of the replica.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "flow-helpers.h"

#define NL_NAME "Netherlands (Algemene termijnenwet)"

typedef struct
{
  char    *dir;
  char    *replica;
  char    *passphrase_file;
  FlowApp *app;
} Fixture;

static void
run_demo (Fixture *fixture)
{
  const char *argv[] = { g_getenv ("GOVSERV"), "--replica", fixture->replica,
                         "--passphrase-file", fixture->passphrase_file,
                         "demo", "--cases", "10", "--me", "flow-tester", NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("govserv demo failed: %s", err);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--replica", NULL, "--passphrase-file", NULL, NULL };

  fixture->dir = g_dir_make_tmp ("govserv-flow-calendars-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica = g_build_filename (fixture->dir, "replica", NULL);
  fixture->passphrase_file = flow_write_passphrase (fixture->dir, "demo office passphrase");
  run_demo (fixture);

  args[1] = fixture->replica;
  args[3] = fixture->passphrase_file;
  fixture->app = flow_app_start (args, NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *rm = g_find_program_in_path ("rm");
  const char *argv[] = { rm, "-rf", fixture->dir, NULL };

  g_clear_pointer (&fixture->app, flow_app_stop);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->passphrase_file);
  g_free (fixture->replica);
  g_free (fixture->dir);
}

static void
click (AtspiAccessible *root,
       const char      *role,
       const char      *name)
{
  g_autoptr(AtspiAccessible) a = flow_find_preferring_screen (root, role, name);

  if (a == NULL)
    g_error ("No %s “%s”", role, name);
  flow_click (a);
}

static void
see (AtspiAccessible *root,
     const char      *name)
{
  g_autoptr(AtspiAccessible) a = flow_find (root, "label", name, TRUE);

  if (a == NULL)
    g_error ("No label “%s” on screen", name);
}

static void
test_flow_calendars (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(AtspiAccessible) preferences = NULL;

  /* The window is unlocked (from the passphrase file) once a view shows. */
  g_assert_nonnull (flow_find (fixture->app->window, "label", "My Cases", TRUE));
  flow_press_control (fixture->app, 0x02c /* comma */, FALSE);
  preferences = flow_find_window (fixture->app, "Preferences");
  g_assert_nonnull (preferences);

  click (preferences, "page tab", "Calendars");
  see (preferences, "Holiday Calendars");
  see (preferences, NL_NAME);
  see (preferences, "nl · version 1 ·");
  see (preferences, "Permit");
  see (preferences, "Complaint");
  g_assert_nonnull (flow_find (preferences, "push button", "Import From File…", TRUE));
  flow_screenshot ("flow-calendars.png");

  /* Locked from Preferences → Security → Lock Now, the page shows nothing
   * of the replica. */
  click (preferences, "page tab", "Security");
  click (preferences, "push button", "Lock Now");
  g_assert_nonnull (flow_find (fixture->app->window, "label", "GovServ Is Locked", TRUE));
  click (preferences, "page tab", "Calendars");
  see (preferences, "Unlock GovServ to see and change the calendars.");
  g_assert_null (flow_find (preferences, "label", NL_NAME, TRUE));
  flow_screenshot ("flow-calendars-locked.png");
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

  g_test_add ("/flow/calendars/list-and-lock", Fixture, NULL, set_up, test_flow_calendars,
              tear_down);

  return g_test_run ();
}
