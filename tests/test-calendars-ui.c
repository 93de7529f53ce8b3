/* test-calendars-ui.c: Preferences → Calendars as real widgets, in-process.
 *
 * A hub with the nl-2024 calendar, the "permit" case type and one permit
 * case opened on 1 May 2024. A holiday added through the page moves the
 * case's derived deadline by a working day; removing it moves it back; each
 * change is a new version of the calendar. Importing the .ics fixture, as a
 * new version and as a new calendar, and a broken file, which writes nothing.
 *
 * Runs under `xvfb-run -a`. Screenshots (calendars-*.png) go to G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-calendar-store.h"
#include "gov-preferences-calendars.h"
#include "gov-preferences-window.h"
#include "resp-util.h"
#include "ui-util.h"

typedef struct
{
  char                    *base;
  GovReplica              *replica;
  char                    *number;
  GtkWidget               *window;
  GovPreferencesCalendars *page;
} Fixture;

#define NL_NAME "Netherlands (Algemene termijnenwet)"

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->base = util_tmpdir ();
  fixture->replica = util_hub (fixture->base, "hub", "HUB");
  resp_store_fixtures (fixture->replica);
  fixture->number = resp_typed_case (fixture->replica, resp_dmy (1, 5, 2024));

  fixture->window = GTK_WIDGET (gov_preferences_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (fixture->window),
                                                "calendars");
  fixture->page = GOV_PREFERENCES_CALENDARS (adw_preferences_window_get_visible_page (
                                               ADW_PREFERENCES_WINDOW (fixture->window)));
  g_assert_nonnull (fixture->page);
  gov_preferences_calendars_set_replica (fixture->page, fixture->replica);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (fixture->window);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->replica, gov_replica_close);
  util_rm_rf (fixture->base);
  g_free (fixture->base);
  g_free (fixture->number);
}

static GtkWidget *
row (Fixture    *fixture,
     GtkWidget  *root,
     const char *title)
{
  GtkWidget *w = ui_find (root != NULL ? root : fixture->window, ui_row_titled, title);

  g_assert_nonnull (w);
  return w;
}

static GDate
legal_deadline (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GDate today = resp_dmy (1, 5, 2024);
  g_autoptr(GovCaseClock) clock = gov_case_clock_get (fixture->replica, fixture->number, &today,
                                                      &error);

  g_assert_no_error (error);
  return clock->result->legal.deadline;
}

static guint
nl_version (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovCalendar) cal = gov_calendar_load (fixture->replica, "nl", &error);

  g_assert_no_error (error);
  return gov_calendar_get_version (cal);
}

static guint
n_calendars (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gov_calendar_list_stored (fixture->replica, &error);

  g_assert_no_error (error);
  return list->len;
}

static gboolean
subpage_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *w = ui_find (fixture->window, ui_row_titled, "_Date (year-month-day)");

  return w != NULL && gtk_widget_get_mapped (w);
}

static void
type_into (GtkWidget  *root,
           const char *title,
           const char *text)
{
  GtkWidget *w = ui_find (root, ui_row_titled, title);

  g_assert_true (ADW_IS_ENTRY_ROW (w));
  gtk_editable_set_text (GTK_EDITABLE (w), text);
}

static void
click (GtkWidget *widget)
{
  g_assert_true (GTK_IS_BUTTON (widget));
  g_signal_emit_by_name (widget, "clicked");
  ui_spin (50);
}

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *cal = row (fixture, NULL, NL_NAME);
  GtkWidget *type = row (fixture, NULL, "Environment permit");

  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cal)), ==,
                   "nl · version 1 · 11 holidays");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (type)), ==, NL_NAME);
  ui_screenshot (fixture->window, "calendars-1200.png");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  ui_spin (300);
  ui_screenshot (fixture->window, "calendars-360.png");

  /* Locked: nothing is listed and nothing can be imported. */
  gov_preferences_calendars_set_replica (fixture->page, NULL);
  g_assert_nonnull (ui_find (fixture->window, ui_row_titled, "GovServ Is Locked"));
  g_assert_null (ui_find (fixture->window, ui_row_titled, NL_NAME));
}

static void
test_add_remove_holiday (Fixture       *fixture,
                         gconstpointer  data)
{
  GDate before = legal_deadline (fixture);
  GDate after;
  g_autofree char *iso = gov_date_to_iso (&before);
  GtkWidget *button;

  g_signal_emit_by_name (row (fixture, NULL, NL_NAME), "activated");
  g_assert_true (ui_wait_until (subpage_shown, fixture));
  g_assert_nonnull (ui_find (fixture->window, ui_row_titled, "King's Day"));

  /* A bad date is refused on the spot, and nothing is stored. */
  type_into (fixture->window, "_Date (year-month-day)", "2024-13-01");
  type_into (fixture->window, "_Name", "Harbour Day");
  click (ui_find (fixture->window, ui_named, "add-holiday"));
  g_assert_cmpuint (nl_version (fixture), ==, 1);

  /* The deadline day becomes a holiday: the deadline moves to the next
   * working day, and the calendar is at version 2. */
  type_into (fixture->window, "_Date (year-month-day)", iso);
  click (ui_find (fixture->window, ui_named, "add-holiday"));
  g_assert_cmpuint (nl_version (fixture), ==, 2);
  after = legal_deadline (fixture);
  g_assert_cmpint (g_date_days_between (&before, &after), >=, 1);
  g_assert_nonnull (ui_find (fixture->window, ui_row_titled, "Harbour Day"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (fixture, NULL, NL_NAME))),
                   ==, "nl · version 2 · 12 holidays");
  ui_screenshot (fixture->window, "calendars-holidays-1200.png");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
  ui_spin (300);
  ui_screenshot (fixture->window, "calendars-holidays-360.png");

  /* Adding it twice says so. */
  type_into (fixture->window, "_Date (year-month-day)", iso);
  type_into (fixture->window, "_Name", "Harbour Day");
  click (ui_find (fixture->window, ui_named, "add-holiday"));
  g_assert_cmpuint (nl_version (fixture), ==, 2);

  /* Removing it is version 3, and the deadline is back. */
  button = ui_find (row (fixture, NULL, "Harbour Day"), ui_named, "remove-holiday");
  click (button);
  g_assert_cmpuint (nl_version (fixture), ==, 3);
  after = legal_deadline (fixture);
  g_assert_cmpint (g_date_compare (&before, &after), ==, 0);
  g_assert_null (ui_find (fixture->window, ui_row_titled, "Harbour Day"));
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *tops = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (tops); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (tops, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return find_dialog () != NULL;
}

static AdwMessageDialog *
import (Fixture    *fixture,
        const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gov_preferences_calendars_import_file (fixture->page, file);
  g_assert_true (ui_wait_until (dialog_shown, NULL));
  return find_dialog ();
}

static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  /* As a click on the button: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  ui_spin (100);
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *ics = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *bad = g_build_filename (fixture->base, "bad.ics", NULL);
  AdwMessageDialog *dialog;
  GtkWidget *target;

  /* A broken file names the line at fault and writes nothing. */
  g_assert_true (g_file_set_contents (bad, "BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n"
                                      "END:VEVENT\nEND:VCALENDAR\n", -1, NULL));
  dialog = import (fixture, bad);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Could Not Import “bad.ics”");
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "Line 2 of the calendar file: the event has no DTSTART. Nothing was imported.");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_screenshot (GTK_WIDGET (dialog), "calendars-import-error.png");
  answer (dialog, "close");
  g_assert_cmpuint (n_calendars (fixture), ==, 1);
  g_assert_cmpuint (nl_version (fixture), ==, 1);

  /* The same name is offered as a new version of that calendar. */
  dialog = import (fixture, ics);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Import “" NL_NAME "”?");
  target = adw_message_dialog_get_extra_child (dialog);
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (target)), ==, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_screenshot (GTK_WIDGET (dialog), "calendars-import.png");
  answer (dialog, "import");
  g_assert_cmpuint (nl_version (fixture), ==, 2);
  g_assert_cmpuint (n_calendars (fixture), ==, 1);

  /* Or as a new calendar, with an id made from its name. */
  dialog = import (fixture, ics);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog)), 0);
  answer (dialog, "import");
  g_assert_cmpuint (n_calendars (fixture), ==, 2);
  {
    g_autoptr(GovCalendar) cal = gov_calendar_load (fixture->replica, "netherlands-algemene",
                                                    NULL);

    g_assert_nonnull (cal);
    g_assert_cmpuint (gov_calendar_get_n_holidays (cal), ==, 11);
    g_assert_cmpuint (gov_calendar_get_version (cal), ==, 1);
  }
  g_assert_nonnull (ui_find (fixture->window, ui_row_titled, NL_NAME));

  /* Cancel writes nothing. */
  dialog = import (fixture, ics);
  answer (dialog, "cancel");
  g_assert_cmpuint (nl_version (fixture), ==, 2);
  g_assert_cmpuint (n_calendars (fixture), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/ui/calendars/list", test_list);
  ADD ("/ui/calendars/add-remove-holiday", test_add_remove_holiday);
  ADD ("/ui/calendars/import", test_import);
#undef ADD

  return g_test_run ();
}
