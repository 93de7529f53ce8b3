/* gov-date-entry.c: a date typed or picked from a calendar popover
 *
 * UX.md §3: "an entry plus a calendar popover, typed dates accepted, as in
 * GNOME Calendar". The entry takes "2024-05-03", "3 May 2024", "3 mei
 * 2024" or "3 May" (this year), "3-5-2024" (day first, as written here);
 * month names are matched in the user's language and in English, full or
 * abbreviated, through GDateTime. Picking a day writes it in full words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-clock-format.h"
#include "gov-date-entry.h"

struct _GovDateEntry
{
  GtkWidget    parent_instance;

  GtkWidget   *entry;
  GtkWidget   *button;
  GtkCalendar *calendar;
  gboolean     opening;   /* selecting the typed day is not a pick */
};

G_DEFINE_FINAL_TYPE (GovDateEntry, gov_date_entry, GTK_TYPE_WIDGET)

/* Parsing ------------------------------------------------------------------- */

/* 1–12 when @word names a month (full or abbreviated), else 0. */
static int
month_of (const char *word)
{
  g_autofree char *folded = g_utf8_casefold (word, -1);

  for (int m = 1; m <= 12; m++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (2000, m, 1, 0, 0, 0);
      const char *formats[] = { "%B", "%b" };

      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_autofree char *name = g_date_time_format (dt, formats[i]);
          g_autofree char *fname = g_utf8_casefold (name, -1);

          /* "mrt." and "May" alike: ignore a trailing dot. */
          if (fname[0] != '\0' && fname[strlen (fname) - 1] == '.')
            fname[strlen (fname) - 1] = '\0';
          if (g_str_equal (folded, fname))
            return m;
        }
      {
        static const char *english[] = { "january", "february", "march", "april", "may",
                                          "june", "july", "august", "september", "october",
                                          "november", "december" };

        if (strlen (folded) >= 3 && g_str_has_prefix (english[m - 1], folded))
          return m;
      }
    }
  return 0;
}

static gboolean
number_of (const char *word,
           int        *out)
{
  char *end = NULL;
  long v;

  if (word == NULL || !g_ascii_isdigit (*word))
    return FALSE;
  v = strtol (word, &end, 10);
  if (*end != '\0' || v < 0 || v > 9999)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

static gboolean
set_valid (GDate *date,
           int    day,
           int    month,
           int    year)
{
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/**
 * gov_date_parse_typed:
 * @text: what was typed
 * @date: (out): the date
 *
 * Returns: whether @text is a date in one of the forms above
 */
gboolean
gov_date_parse_typed (const char *text,
                      GDate      *date)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_auto(GStrv) parts = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int day, month, year = g_date_time_get_year (now);
  guint n;

  g_date_clear (date, 1);
  if (gov_date_parse_iso (copy, date))
    return TRUE;
  g_strdelimit (copy, " ,/-", ' ');
  parts = g_strsplit (copy, " ", -1);
  /* Drop the empty parts that runs of separators leave. */
  n = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      {
        char *p = parts[i];

        parts[i] = NULL;
        parts[n++] = p;
      }
    else
      g_clear_pointer (&parts[i], g_free);
  parts[n] = NULL;
  if (n < 2 || n > 3 || !number_of (parts[0], &day))
    return FALSE;
  if (n == 3 && !number_of (parts[2], &year))
    return FALSE;
  if (n == 3 && day > 31)   /* "2024 5 3": year first */
    {
      int y = day;

      day = year;
      year = y;
    }
  if ((month = month_of (parts[1])) == 0 && !number_of (parts[1], &month))
    return FALSE;
  if (year < 100)
    year += 2000;
  return set_valid (date, day, month, year);
}

/* The widget ---------------------------------------------------------------- */

/**
 * gov_date_entry_get_date:
 * @date: (out): the date typed or picked
 *
 * Returns: whether the entry holds a date
 */
gboolean
gov_date_entry_get_date (GovDateEntry *self,
                         GDate        *date)
{
  return gov_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self->entry)), date);
}

/* Writes @date in full words, as the calendar does. */
void
gov_date_entry_set_date (GovDateEntry *self,
                         const GDate  *date)
{
  g_autofree char *words = gov_clock_format_date (date);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), words);
}

GtkEntry *
gov_date_entry_get_entry (GovDateEntry *self)
{
  return GTK_ENTRY (self->entry);
}

/* The calendar opens on the typed date, or today. */
static void
popover_show_cb (GovDateEntry *self)
{
  GDate d;
  g_autoptr(GDateTime) dt = NULL;

  if (gov_date_entry_get_date (self, &d))
    dt = g_date_time_new_local (g_date_get_year (&d), g_date_get_month (&d),
                                g_date_get_day (&d), 12, 0, 0);
  else
    dt = g_date_time_new_now_local ();
  self->opening = TRUE;
  gtk_calendar_select_day (self->calendar, dt);
  self->opening = FALSE;
}

static void
day_selected_cb (GovDateEntry *self)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (self->calendar);
  GDate d;

  if (self->opening)
    return;
  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  gov_date_entry_set_date (self, &d);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->button));
}

static void
gov_date_entry_dispose (GObject *object)
{
  GovDateEntry *self = GOV_DATE_ENTRY (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (gov_date_entry_parent_class)->dispose (object);
}

static void
gov_date_entry_class_init (GovDateEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_date_entry_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
gov_date_entry_init (GovDateEntry *self)
{
  GtkWidget *popover = gtk_popover_new ();

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);
  self->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (self->entry, TRUE);
  gtk_widget_set_size_request (self->entry, 120, -1);
  /* Translators: placeholder of a date entry */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->entry), _("e.g. 3 May 2024"));
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_tooltip_text (self->button, _("Choose Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Choose Date"), -1);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (popover_show_cb), self);
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  gtk_widget_set_parent (self->entry, GTK_WIDGET (self));
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
}

/* @label: the entry's accessible label */
GtkWidget *
gov_date_entry_new (const char *label)
{
  GovDateEntry *self = g_object_new (GOV_TYPE_DATE_ENTRY, NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return GTK_WIDGET (self);
}
