/* test-date-entry.c: the effect date of the decision editor, typed or
 * picked from its calendar popover, in-process.
 *
 * Runs under `xvfb-run -a`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-date-entry.h"

static void
assert_typed (const char *text,
              int         day,
              int         month,
              int         year)
{
  GDate d;

  g_assert_true (gov_date_parse_typed (text, &d));
  g_assert_cmpint (g_date_get_day (&d), ==, day);
  g_assert_cmpint (g_date_get_month (&d), ==, month);
  g_assert_cmpint (g_date_get_year (&d), ==, year);
}

/* GNOME Calendar's forms, day first as written here. */
static void
test_typed (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate d;

  assert_typed ("2024-05-03", 3, 5, 2024);
  assert_typed ("3 May 2024", 3, 5, 2024);
  assert_typed ("  3 may 2024 ", 3, 5, 2024);
  assert_typed ("3 Sept 2024", 3, 9, 2024);
  assert_typed ("3-5-2024", 3, 5, 2024);
  assert_typed ("3/5/24", 3, 5, 2024);
  assert_typed ("2024 5 3", 3, 5, 2024);
  assert_typed ("29 February 2024", 29, 2, 2024);
  assert_typed ("3 May", 3, 5, g_date_time_get_year (now));
  g_assert_false (gov_date_parse_typed ("30 February 2024", &d));
  g_assert_false (gov_date_parse_typed ("3 Mayday 2024", &d));
  g_assert_false (gov_date_parse_typed ("soon", &d));
  g_assert_false (gov_date_parse_typed ("", &d));
  g_assert_false (gov_date_parse_typed ("2024-13-01", &d));
}

static GtkWidget *
child_of_type (GtkWidget *root,
               GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = child_of_type (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_a_moment (void)
{
  gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC / 5;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The popover opens on the typed day; picking another writes it in words
 * and closes the popover. */
static void
test_pick (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *entry = gov_date_entry_new ("Effect Date");
  GtkMenuButton *button;
  GtkCalendar *calendar;
  g_autoptr(GDateTime) shown = NULL;
  g_autoptr(GDateTime) pick = g_date_time_new_local (2024, 11, 13, 12, 0, 0);
  GDate d;

  gtk_window_set_child (GTK_WINDOW (window), entry);
  gtk_window_present (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (gov_date_entry_get_entry (GOV_DATE_ENTRY (entry))),
                         "12 November 2024");
  button = GTK_MENU_BUTTON (child_of_type (entry, GTK_TYPE_MENU_BUTTON));
  gtk_menu_button_popup (button);
  wait_a_moment ();
  calendar = GTK_CALENDAR (gtk_popover_get_child (gtk_menu_button_get_popover (button)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  shown = gtk_calendar_get_date (calendar);
  g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 12);
  g_assert_cmpint (g_date_time_get_month (shown), ==, 11);
  /* Opening did not count as a pick. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gov_date_entry_get_entry (GOV_DATE_ENTRY (entry)))),
                   ==, "12 November 2024");

  gtk_calendar_select_day (calendar, pick);
  wait_a_moment ();
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gov_date_entry_get_entry (GOV_DATE_ENTRY (entry)))),
                   ==, "13 November 2024");
  g_assert_true (gov_date_entry_get_date (GOV_DATE_ENTRY (entry), &d));
  g_assert_cmpint (g_date_get_day (&d), ==, 13);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* Month names in English, whatever the machine's language. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/ui/date-entry/typed", test_typed);
  g_test_add_func ("/ui/date-entry/pick", test_pick);
  return g_test_run ();
}
