/* test-flow-select.c: selection mode of the case list in the real govserv
 * window (UX.md §3 "Case list"), driven over AT-SPI: pick three cases with
 * the pointer, Assign… them in one go and check that the list and
 * `govserv case show` agree; Hand Over… several cases, one of which is
 * already in transit and is listed as not handed over; at 360 px, Ctrl+click
 * starts selection mode, Ctrl+A selects every case and Esc leaves.
 *
 * Screenshots (flow-select-*.png) go to G_TEST_BUILDDIR. Run as
 * `dbus-run-session -- xvfb-run -a TEST`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "flow-helpers.h"

#define XK_a       0x061
#define XK_2       0x032
#define XK_Escape  0xff1b
/* As in flow-helpers.c: the X keycode of the left Control key. */

typedef struct
{
  char    *dir;
  char    *replica;
  char    *passphrase_file;
  char    *config;
  FlowApp *app;
} Fixture;

static void
start_app (Fixture *fixture)
{
  g_autofree char *config_env = g_strdup_printf ("XDG_CONFIG_HOME=%s", fixture->config);
  const char *args[] = { "--replica", fixture->replica, "--passphrase-file",
                         fixture->passphrase_file, NULL };
  const char *env[] = { "GSETTINGS_BACKEND=keyfile", config_env, NULL };

  fixture->app = flow_app_start (args, env);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *group = g_strdelimit (g_strdup (APPLICATION_ID), ".", '/');
  g_autofree char *text = g_strdup_printf ("[%s]\nwindow-width=%d\nwindow-height=760\n", group,
                                           GPOINTER_TO_INT (data));

  fixture->dir = g_dir_make_tmp ("govserv-flow-select-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica = g_build_filename (fixture->dir, "replica", NULL);
  fixture->config = g_build_filename (fixture->dir, "config", NULL);
  fixture->passphrase_file = flow_write_passphrase (fixture->dir, "demo office passphrase");
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "demo", "--cases", "30", "--me", "flow-tester", NULL));

  settings = g_build_filename (fixture->config, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings, 0700), ==, 0);
  g_free (settings);
  settings = g_build_filename (fixture->config, "glib-2.0", "settings", "keyfile", NULL);
  g_file_set_contents (settings, text, -1, &error);
  g_assert_no_error (error);

  start_app (fixture);
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
  g_free (fixture->config);
  g_free (fixture->dir);
}

static AtspiAccessible *
need (AtspiAccessible *root,
      const char      *role,
      const char      *name)
{
  AtspiAccessible *found = flow_find (root, role, name, FALSE);

  if (found == NULL)
    {
      if (g_getenv ("FLOW_DUMP") != NULL)
        flow_dump (root, 0);
      g_error ("No %s “%s”", role, name);
    }
  return found;
}

static void
see (Fixture    *fixture,
     const char *role,
     const char *name)
{
  g_object_unref (need (fixture->app->app, role, name));
}

/* A button of the selection action bar (the case page has its own
 * "Hand Over…"). */
static AtspiAccessible *
bar_button (Fixture    *fixture,
            const char *name)
{
  g_autoptr(AtspiAccessible) bar = need (fixture->app->window, "filler", "Selected Cases");

  return need (bar, "push button", name);
}

/* Waits for Assign… to become usable or not. (GTK 4.8 reports no useful
 * extents inside the action bar's revealer; the screenshots show it.) */
static gboolean
bar_usable (Fixture  *fixture,
            gboolean  usable)
{
  for (int tries = 0; tries < 30; tries++)
    {
      g_autoptr(AtspiAccessible) assign = bar_button (fixture, "Assign…");

      if (flow_is_sensitive (assign) == usable)
        return TRUE;
      g_usleep (100 * 1000);
    }
  return FALSE;
}

/* The on-screen case rows of the list ("subject, GS-…, state"), in order. */
static void
collect_rows (AtspiAccessible *a,
              GPtrArray       *rows)
{
  g_autofree char *role = atspi_accessible_get_role_name (a, NULL);
  g_autofree char *name = atspi_accessible_get_name (a, NULL);
  int n;

  if (g_strcmp0 (role, "panel") == 0 && name != NULL && strstr (name, ", GS-") != NULL)
    {
      /* Rows report their extents late: every bound row counts. */
      g_ptr_array_add (rows, g_object_ref (a));
      return;
    }
  n = atspi_accessible_get_child_count (a, NULL);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (a, i, NULL);

      if (child != NULL)
        collect_rows (child, rows);
    }
}

static GPtrArray *
rows_on_screen (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) table = need (fixture->app->window, "tree table", "Cases");
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (int tries = 0; tries < 50 && rows->len == 0; tries++)
    {
      collect_rows (table, rows);
      if (rows->len == 0)
        g_usleep (100 * 1000);
    }
  return rows;
}

/* "subject, GS-HRB-…, state" → "GS-HRB-…" */
static char *
number_of (AtspiAccessible *row)
{
  g_autofree char *name = atspi_accessible_get_name (row, NULL);
  const char *start = strstr (name, ", GS-");
  const char *end;

  g_assert_nonnull (start);
  start += 2;
  end = strchr (start, ',');
  return end != NULL ? g_strndup (start, end - start) : g_strdup (start);
}

static char *
assignee_in_cli (Fixture    *fixture,
                 const char *number)
{
  g_autofree char *out = flow_govserv (fixture->replica, fixture->passphrase_file,
                                       "case", "show", number, "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, NULL);
  JsonObject *o;

  g_assert_nonnull (node);
  o = json_node_get_object (node);
  if (!json_object_has_member (o, "assignee") || json_object_get_null_member (o, "assignee"))
    return NULL;
  return g_strdup (json_object_get_string_member (o, "assignee"));
}

/* The demo's cases are the team's (its "me" is not this device's user). */
static void
open_team (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = NULL;

  see (fixture, "label", "My Cases");
  flow_press_control (fixture->app, XK_2, FALSE);
  rows = rows_on_screen (fixture);
  g_assert_cmpuint (rows->len, >=, 4);
}

static GPtrArray *
pick_three (Fixture *fixture)
{
  g_autoptr(GPtrArray) rows = rows_on_screen (fixture);
  GPtrArray *numbers = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (rows->len, >=, 4);
  for (guint i = 0; i < 3; i++)
    {
      g_ptr_array_add (numbers, number_of (rows->pdata[i]));
      flow_click_with_pointer (rows->pdata[i], FALSE);
    }
  return numbers;
}

static void
test_assign_three (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(AtspiAccessible) select = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) assign = NULL;
  g_autoptr(GPtrArray) numbers = NULL;

  open_team (fixture);
  select = need (fixture->app->window, "push button", "Select Cases");
  flow_click (select);
  see (fixture, "label", "No Cases Selected");
  assign = bar_button (fixture, "Assign…");
  g_assert_false (flow_is_sensitive (assign));
  g_clear_object (&assign);

  numbers = pick_three (fixture);
  see (fixture, "label", "3 Selected");
  /* Picking never opens a case. */
  see (fixture, "label", "No Case Selected");
  flow_screenshot ("flow-select-1200.png");

  assign = bar_button (fixture, "Assign…");
  g_assert_true (flow_is_sensitive (assign));
  flow_click (assign);
  dialog = need (fixture->app->app, "dialog", "Assign 3 Cases?");
  flow_set_text (need (dialog, "text", "Assignee"), "Ana Ruiz");
  flow_set_text (need (dialog, "text", "Reason"), "Ana covers the harbour this week");
  flow_screenshot ("flow-select-assign-dialog.png");
  flow_click (need (dialog, "push button", "Assign"));
  see (fixture, "label", "3 cases assigned to Ana Ruiz");

  /* Done, selection mode ends. */
  see (fixture, "push button", "Select Cases");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "3 Selected"));

  /* The replica and the list agree. */
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *who = assignee_in_cli (fixture, numbers->pdata[i]);

      g_assert_cmpstr (who, ==, "Ana Ruiz");
    }
  /* The list's narrow columns leave out the assignee: the case opened from
   * the list says who has it, and why, in History. */
  flow_click_with_pointer (need (fixture->app->window, "panel", numbers->pdata[0]), FALSE);
  flow_click (need (fixture->app->window, "page tab", "History"));
  see (fixture, "label", "assigned the case to Ana Ruiz");
  see (fixture, "label", "Ana covers the harbour this week");
  flow_screenshot ("flow-select-assigned.png");
}

/* Puts an open case in transit with the CLI, while the app is closed (a
 * replica has one writer at a time), and returns its number. */
static char *
offer_an_open_case (Fixture *fixture)
{
  g_autofree char *out = flow_govserv (fixture->replica, fixture->passphrase_file,
                                       "case", "list", "--view", "open", "--sort", "due",
                                  "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, NULL);
  JsonArray *rows;

  g_assert_nonnull (node);
  rows = json_node_get_array (node);
  g_clear_pointer (&fixture->app, flow_app_stop);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      const char *number = json_object_get_string_member (json_array_get_object_element (rows, i),
                                                          "number");
      const char *argv[] = { g_getenv ("GOVSERV"), "--replica", fixture->replica,
                             "--passphrase-file", fixture->passphrase_file, "handover", "offer",
                             number, "--to-team", "parks", "--reason", "Parks asked for it",
                             "--first-steps", "Call the requester", NULL };
      int status = 1;

      /* The demo has a case in transit already: take the first that goes. */
      g_spawn_sync (NULL, (char **) argv, NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL,
                    NULL, &status, NULL);
      if (g_spawn_check_wait_status (status, NULL))
        {
          start_app (fixture);
          return g_strdup (number);
        }
    }
  g_error ("No open case could be offered");
}

static void
test_hand_over_lists_refused (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *in_transit = offer_an_open_case (fixture);
  g_autofree char *refused = NULL;
  guint picked = 0;

  open_team (fixture);
  flow_click (need (fixture->app->window, "push button", "Select Cases"));
  /* The case in transit and two others. */
  flow_click_with_pointer (need (fixture->app->window, "panel", in_transit), FALSE);
  rows = rows_on_screen (fixture);
  for (guint i = 0; i < rows->len && picked < 2; i++)
    {
      g_autofree char *number = number_of (rows->pdata[i]);

      if (g_strcmp0 (number, in_transit) != 0)
        {
          flow_click_with_pointer (rows->pdata[i], FALSE);
          picked++;
        }
    }
  see (fixture, "label", "3 Selected");

  flow_click (bar_button (fixture, "Hand Over…"));
  dialog = need (fixture->app->app, "frame", "Hand Over 3 Cases");
  flow_set_text (need (dialog, "text", "Recipient"), "roads");
  flow_set_text (need (dialog, "text", "Reason"), "Roads takes over the quays");
  flow_set_text (need (dialog, "text", "First Steps"), "Check the time limits");
  flow_screenshot ("flow-select-hand-over-dialog.png");
  flow_click (need (dialog, "push button", "Send Offer"));

  /* The case in transit is named, not skipped. */
  refused = g_strdup_printf ("Case %s is already in transit", in_transit);
  g_object_unref (need (fixture->app->app, "dialog", "Not Handed Over"));
  see (fixture, "label", refused);
  see (fixture, "label", " offered.");
  flow_screenshot ("flow-select-hand-over-result.png");
}

static void
test_narrow_keyboard (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *n_cases = NULL;

  open_team (fixture);
  rows = rows_on_screen (fixture);
  g_assert_cmpuint (rows->len, >=, 2);

  /* Ctrl+click starts selection mode without opening the case. */
  flow_click_with_pointer (rows->pdata[0], TRUE);
  see (fixture, "label", "1 Selected");
  g_assert_true (bar_usable (fixture, TRUE));

  flow_press_control (fixture->app, XK_a, FALSE);
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "1 Selected"));
  flow_screenshot ("flow-select-360.png");
  flow_press_control (fixture->app, XK_a, TRUE);
  see (fixture, "label", "No Cases Selected");

  flow_press (fixture->app, XK_Escape);
  see (fixture, "push button", "Select Cases");
  g_assert_true (flow_wait_gone (fixture->app->window, "label", "No Cases Selected"));
  g_assert_true (bar_usable (fixture, FALSE));
  flow_screenshot ("flow-select-360-left.png");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  flow_init ();

  g_test_add ("/ui/flow-select/assign-three", Fixture, GINT_TO_POINTER (1200), set_up,
              test_assign_three, tear_down);
  g_test_add ("/ui/flow-select/hand-over-lists-refused", Fixture, GINT_TO_POINTER (1200),
              set_up, test_hand_over_lists_refused, tear_down);
  g_test_add ("/ui/flow-select/narrow-keyboard", Fixture, GINT_TO_POINTER (360), set_up,
              test_narrow_keyboard, tear_down);

  return g_test_run ();
}
