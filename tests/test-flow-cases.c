/* test-flow-cases.c: casework in the real govserv window, driven as a screen
 * reader user would: intake → routed → assigned → note → close, and
 * resolving a conflict that came from a second device.
 *
 * The fixture makes a demo office with the real `govserv demo` verb (which
 * ingests the conflicting edit of a second enrolled device) and opens it
 * with --passphrase-file. Screenshots (flow-cases-*.png) go to
 * G_TEST_BUILDDIR. Run as `dbus-run-session -- xvfb-run -a TEST`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "flow-helpers.h"

#define XK_n       0x06e
#define XK_5       0x035
#define XK_Return  0xff0d

/* The subject of the demo's conflict case (core/gov-demo.c). */
#define CONFLICT_SUBJECT "Quay wall is subsiding near the houseboats"

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
                         "demo", "--cases", "30", "--me", "flow-tester", NULL };
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

  fixture->dir = g_dir_make_tmp ("govserv-flow-cases-XXXXXX", &error);
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

/* Something on screen in the main window. */
static AtspiAccessible *
need (Fixture    *fixture,
      const char *role,
      const char *name)
{
  AtspiAccessible *found = flow_find (fixture->app->window, role, name, TRUE);

  if (found == NULL)
    {
      if (g_getenv ("FLOW_DUMP") != NULL)
        flow_dump (fixture->app->app, 0);
      g_error ("No %s “%s” on screen", role, name);
    }
  return found;
}

/* Something in the main window, maybe scrolled out of view. */
static void
see (Fixture    *fixture,
     const char *role,
     const char *name)
{
  g_autoptr(AtspiAccessible) found = flow_find (fixture->app->window, role, name, FALSE);

  if (found == NULL)
    g_error ("No %s “%s” in the window", role, name);
}

/* Something in a dialog: dialogs are windows of their own, and GTK 4.8
 * reports their extents relative to their own surface, so they are found
 * in the whole application without the on-screen check. */
static AtspiAccessible *
need_dialog (Fixture    *fixture,
             const char *role,
             const char *name)
{
  AtspiAccessible *found = flow_find (fixture->app->app, role, name, FALSE);

  if (found == NULL)
    {
      if (g_getenv ("FLOW_DUMP") != NULL)
        flow_dump (fixture->app->app, 0);
      g_error ("No %s “%s” in a dialog", role, name);
    }
  return found;
}

/* Clicks a button inside the dialog titled @dialog_name. */
static void
click_in_dialog (Fixture    *fixture,
                 const char *dialog_name,
                 const char *button)
{
  g_autoptr(AtspiAccessible) dialog = need_dialog (fixture, "dialog", dialog_name);
  g_autoptr(AtspiAccessible) found = flow_find (dialog, "push button", button, FALSE);

  if (found == NULL)
    g_error ("No button “%s” in “%s”", button, dialog_name);
  flow_click (found);
}

static void
click (Fixture    *fixture,
       const char *role,
       const char *name)
{
  g_autoptr(AtspiAccessible) found = flow_find (fixture->app->window, role, name, FALSE);

  if (found == NULL)
    g_error ("No %s “%s” in the window", role, name);
  flow_click (found);
}

static void
type_into (Fixture    *fixture,
           const char *role,
           const char *name,
           const char *text)
{
  g_autoptr(AtspiAccessible) field = need_dialog (fixture, role, name);

  flow_set_text (field, text);
}

/* Puts the focus in a field and presses Return there: one edit, one event. */
static void
enter_into (Fixture    *fixture,
            const char *name,
            const char *text)
{
  /* Entries inside rows report no extent of their own on GTK 4.8. */
  g_autoptr(AtspiAccessible) field = flow_find (fixture->app->window, "text", name, FALSE);

  g_assert_nonnull (field);
  flow_set_text (field, text);
  /* GTK 4.8 does not take focus requests over AT-SPI: click into it. */
  flow_click_with_pointer (field, FALSE);
  flow_press (fixture->app, XK_Return);
}

static void
test_flow_intake_to_close (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(AtspiAccessible) create = NULL;
  g_autoptr(AtspiAccessible) open = NULL;

  see (fixture, "label", "My Cases");
  flow_press_control (fixture->app, XK_n, FALSE);
  g_object_unref (need_dialog (fixture, "label", "Request"));

  /* Create waits for the required fields. */
  create = need_dialog (fixture, "push button", "Create");
  g_assert_false (flow_is_sensitive (create));
  type_into (fixture, "text", "Requester", "Flow Tester Association");
  type_into (fixture, "text", "Description", "Streetlight out on the corner since Monday");
  type_into (fixture, "text", "Location", "Lindenplein 4");

  /* The routing row explains itself from the first domain and category. */
  g_object_unref (need_dialog (fixture, "label", "Goes to Permits Team"));
  g_assert_true (flow_is_sensitive (create));
  flow_screenshot ("flow-cases-intake.png");
  flow_click (create);

  /* The toast offers to open the new case (it goes after five seconds,
   * so it is looked up at once). */
  open = flow_find (fixture->app->window, "push button", "Open", FALSE);
  g_assert_nonnull (open);
  flow_click (open);
  see (fixture, "label", "Routed to Permits Team");
  see (fixture, "label", "Streetlight out on the corner since Monday");

  /* Reassigning asks why. */
  enter_into (fixture, "Assignee", "Ana Ruiz");
  type_into (fixture, "text", "Reason", "Ana covers Lindenplein");
  click_in_dialog (fixture, "Reassign Case?", "Reassign");
  see (fixture, "label", "Assigned to Ana Ruiz");

  type_into (fixture, "text", "New Note", "Called the requester back");
  click (fixture, "push button", "Add Note");
  see (fixture, "label", "Note added");
  see (fixture, "label", "Called the requester back");
  flow_screenshot ("flow-cases-case-page.png");

  click (fixture, "push button", "Close Case…");
  flow_screenshot ("flow-cases-close-dialog.png");
  click_in_dialog (fixture, "Close This Case?", "Close Case");
  see (fixture, "label", "Case closed");
  g_assert_true (flow_wait_gone (fixture->app->app, "push button", "Close Case…"));

  /* History tells the whole story, newest first. */
  click (fixture, "page tab", "History");
  see (fixture, "label", "closed the case");
  see (fixture, "label", "assigned the case to Ana Ruiz");
  see (fixture, "label", "Ana covers Lindenplein");
  flow_screenshot ("flow-cases-history.png");
}

static void
test_flow_resolve_conflict (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(AtspiAccessible) row = NULL;
  g_autoptr(AtspiAccessible) resolve = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;

  see (fixture, "label", "My Cases");
  flow_press_control (fixture->app, XK_5, FALSE);
  row = need (fixture, "panel", CONFLICT_SUBJECT);
  flow_click_with_pointer (row, FALSE);

  see (fixture, "label", "Two values — choose one");
  flow_screenshot ("flow-cases-conflict-page.png");
  click (fixture, "push button", "Resolve Location");

  /* GTK 4.8 gives an AdwWindow dialog the role "filler". */
  dialog = flow_find (fixture->app->app, "filler", "Resolve Conflict", FALSE);
  g_assert_nonnull (dialog);
  g_assert_nonnull (flow_find (dialog, "label", "Noorderkade 14, east side", FALSE));
  g_assert_nonnull (flow_find (dialog, "label", "Noorderkade 41, by the bridge", FALSE));
  resolve = flow_find (dialog, "push button", "Resolve", FALSE);
  g_assert_nonnull (resolve);
  /* No value is chosen for the person. */
  g_assert_false (flow_is_sensitive (resolve));
  {
    g_autoptr(AtspiAccessible) second = flow_find (dialog, "check box", "_second value", FALSE);

    g_assert_nonnull (second);
    flow_click_with_pointer (second, FALSE);
  }
  g_assert_true (flow_is_sensitive (resolve));
  flow_screenshot ("flow-cases-conflict-dialog.png");
  flow_click (resolve);

  g_assert_true (flow_wait_gone (fixture->app->app, "label", "Two values — choose one"));
  /* The Conflicts view empties: the case left it. */
  g_object_unref (need (fixture, "label", "No Conflicts"));
  flow_screenshot ("flow-cases-conflict-resolved.png");
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

  g_test_add ("/ui/flow-cases/intake-to-close", Fixture, NULL, set_up,
              test_flow_intake_to_close, tear_down);
  g_test_add ("/ui/flow-cases/resolve-conflict", Fixture, NULL, set_up,
              test_flow_resolve_conflict, tear_down);

  return g_test_run ();
}
