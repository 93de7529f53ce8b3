/* test-flow-main.c: the real govserv window, driven as a screen reader user.
 *
 * Run as `dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" TEST`
 * with GOVSERV pointing at the binary. Screenshots (flow-main-*.png) go to
 * G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "flow-helpers.h"

#define XK_2         0x032
#define XK_4         0x034
#define XK_5         0x035

typedef struct
{
  char    *dir;
  char    *settings_dir;
  char    *passphrase_file;
  FlowApp *app;
} Fixture;

/* Settings live in a key file of the fixture's own, so that a test can
 * start the app with a given window size and see what it remembers across
 * a restart. */
static void
write_settings (Fixture    *fixture,
                const char *contents)
{
  g_autofree char *group = g_strdelimit (g_strdup (APPLICATION_ID), ".", '/');
  g_autofree char *text = g_strdup_printf ("[%s]\n%s", group, contents);
  g_autofree char *path = g_build_filename (fixture->settings_dir, "glib-2.0", "settings", NULL);
  g_autofree char *file = g_build_filename (path, "keyfile", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  g_file_set_contents (file, text, -1, &error);
  g_assert_no_error (error);
}

/* The app opens a replica made by `govserv init` and unlocks it from
 * --passphrase-file, as the demo launcher does. */
static void
start_app (Fixture *fixture)
{
  g_autofree char *replica = g_build_filename (fixture->dir, "replica", NULL);
  g_autofree char *config = g_strdup_printf ("XDG_CONFIG_HOME=%s", fixture->settings_dir);
  const char *args[] = { "--replica", replica, "--passphrase-file", fixture->passphrase_file,
                         NULL };
  const char *env[] = { "GSETTINGS_BACKEND=keyfile", config, NULL };

  if (!g_file_test (replica, G_FILE_TEST_IS_DIR))
    flow_init_replica (replica, fixture->passphrase_file);

  fixture->app = flow_app_start (args, env);
}

static void
stop_app (Fixture *fixture)
{
  g_clear_pointer (&fixture->app, flow_app_stop);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("govserv-flow-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->settings_dir = g_build_filename (fixture->dir, "config", NULL);
  fixture->passphrase_file = flow_write_passphrase (fixture->dir, "correct horse battery staple");
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fixture->dir, NULL };

  stop_app (fixture);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->passphrase_file);
  g_free (fixture->settings_dir);
  g_free (fixture->dir);
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

/* Sidebar views switch by their accessible names and by Ctrl+number; the
 * page shown says which view it is. */
static void
test_flow_views (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AtspiAccessible) views = NULL;

  start_app (fixture);
  assert_on_screen (fixture, "label", "No Open Cases");
  assert_on_screen (fixture, "label", "No Case Selected");

  views = flow_find (fixture->app->window, "list", "Views", TRUE);
  g_assert_nonnull (views);
  flow_select (views, "Overdue");
  assert_on_screen (fixture, "label", "Nothing Overdue");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Open Cases"));

  flow_select (views, "In Transit");
  assert_on_screen (fixture, "label", "No Handovers in Transit");

  flow_press_control (fixture->app, XK_2, FALSE);
  assert_on_screen (fixture, "label", "No Team Cases");
  flow_screenshot ("flow-main-1200.png");

  /* The dashboard takes the list's place. */
  flow_select (views, "Dashboard");
  assert_on_screen (fixture, "label", "Not Enough Data Yet");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Team Cases"));
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Case Selected"));
  flow_screenshot ("flow-main-dashboard.png");
}

/* At 360 px one pane shows at a time: Back reaches the sidebar, a view
 * shortcut returns to the list, and the view survives a restart. */
static void
test_flow_narrow (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(AtspiAccessible) back = NULL;

  write_settings (fixture, "window-width=360\nwindow-height=700\n");
  start_app (fixture);
  assert_on_screen (fixture, "label", "No Open Cases");
  g_assert_true (flow_wait_gone (fixture->app->window, "list", "Views"));
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Case Selected"));
  flow_screenshot ("flow-main-360.png");

  back = flow_find (fixture->app->window, "push button", "Back", TRUE);
  g_assert_nonnull (back);
  flow_click (back);
  assert_on_screen (fixture, "list", "Views");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Open Cases"));
  flow_screenshot ("flow-main-360-sidebar.png");

  flow_press_control (fixture->app, XK_5, FALSE);
  assert_on_screen (fixture, "label", "No Conflicts");
  g_assert_true (flow_wait_gone (fixture->app->window, "list", "Views"));

  stop_app (fixture);
  start_app (fixture);
  assert_on_screen (fixture, "label", "No Conflicts");
}

/* F10 opens the main menu, whose items are named as on screen. Popovers are
 * surfaces of their own, so their items are checked by extent, not by
 * hit-testing the main window. */
static void
test_flow_menu (Fixture       *fixture,
                gconstpointer  data)
{
  const char *items[] = { "Preferences", "Keyboard Shortcuts", "Help", "About GovServ",
                          "Lock GovServ" };

  start_app (fixture);
  assert_on_screen (fixture, "label", "No Open Cases");
  flow_press (fixture->app, 0xffc7 /* F10 */);
  flow_screenshot ("flow-main-menu.png");

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(AtspiAccessible) item = flow_find (fixture->app->window, "menu item", items[i],
                                                   FALSE);
      g_autofree AtspiRect *rect = NULL;

      if (item == NULL)
        g_error ("No menu item “%s”", items[i]);
      rect = atspi_component_get_extents (ATSPI_COMPONENT (item), ATSPI_COORD_TYPE_WINDOW, NULL);
      g_assert_cmpint (rect->width, >, 0);
      g_assert_cmpint (rect->height, >, 0);
    }
}

/* Ctrl+comma opens the preferences with the General and Security pages. */
static void
test_flow_preferences (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AtspiAccessible) preferences = NULL;
  g_autoptr(AtspiAccessible) appearance = NULL;
  g_autoptr(AtspiAccessible) lock_after = NULL;

  start_app (fixture);
  assert_on_screen (fixture, "label", "No Open Cases");
  flow_press_control (fixture->app, 0x02c /* comma */, FALSE);
  preferences = flow_find_window (fixture->app, "Preferences");
  g_assert_nonnull (preferences);
  appearance = flow_find (preferences, "label", "Appearance", FALSE);
  g_assert_nonnull (appearance);
  lock_after = flow_find (preferences, "label", "Lock After", FALSE);
  g_assert_nonnull (lock_after);
  flow_screenshot ("flow-main-preferences.png");
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

  g_test_add ("/flow/main/views", Fixture, NULL, set_up, test_flow_views, tear_down);
  g_test_add ("/flow/main/narrow", Fixture, NULL, set_up, test_flow_narrow, tear_down);
  g_test_add ("/flow/main/menu", Fixture, NULL, set_up, test_flow_menu, tear_down);
  g_test_add ("/flow/main/preferences", Fixture, NULL, set_up, test_flow_preferences, tear_down);

  return g_test_run ();
}
