/* gov-preferences-calendars.c: the Calendars page of the preferences.
 *
 * Lists the holiday calendars of the replica and the case types that count
 * with them. A calendar opens as a subpage with its holidays by date, where
 * one can be added or removed. Nothing is edited in place: every change,
 * and every import, stores the whole calendar as its next version through
 * gov_calendar_store_new_version() (a signed "calendar.put" admin event),
 * and the clocks read the latest version.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-application.h"
#include "gov-calendar-store.h"
#include "gov-case-clock.h"
#include "gov-preferences-calendars.h"

struct _GovPreferencesCalendars
{
  AdwPreferencesPage    parent_instance;

  GovReplica           *replica;       /* a reference; NULL while locked */
  GPtrArray            *calendars;     /* GovCalendar, latest versions, by id */
  GPtrArray            *rows;          /* rows added to the two groups */

  /* The open calendar's subpage, built once and kept. */
  GtkWidget            *subpage;
  char                 *open_id;
  AdwWindowTitle       *sub_title;
  AdwPreferencesGroup  *holidays_group;
  GPtrArray            *holiday_rows;
  AdwEntryRow          *date_row;
  AdwEntryRow          *name_row;
  GtkLabel             *add_error;

  GtkFileChooserNative *chooser;

  /* Template children */
  AdwPreferencesGroup  *calendars_group;
  AdwPreferencesGroup  *types_group;
  AdwActionRow         *status_row;
  GtkButton            *import_button;
};

G_DEFINE_FINAL_TYPE (GovPreferencesCalendars, gov_preferences_calendars,
                     ADW_TYPE_PREFERENCES_PAGE)

static void refresh (GovPreferencesCalendars *self);
static void added   (GovPreferencesCalendars *self);

static GtkWindow *
get_window (GovPreferencesCalendars *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (GovPreferencesCalendars *self,
       const char              *text)
{
  GtkWindow *window = get_window (self);

  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (text));
}

static void
show_error (GovPreferencesCalendars *self,
            const char              *heading,
            const char              *body)
{
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static GovCalendar *
find_calendar (GovPreferencesCalendars *self,
               const char              *id)
{
  for (guint i = 0; self->calendars != NULL && i < self->calendars->len; i++)
    if (g_str_equal (gov_calendar_get_id (g_ptr_array_index (self->calendars, i)), id))
      return g_ptr_array_index (self->calendars, i);
  return NULL;
}

/* "nl · version 3 · 12 holidays" */
static char *
calendar_summary (GovCalendar *cal)
{
  guint n = gov_calendar_get_n_holidays (cal);
  g_autofree char *holidays = g_strdup_printf (g_dngettext (NULL, "%u holiday", "%u holidays", n),
                                               n);

  /* TRANSLATORS: calendar id · version number · "12 holidays" */
  return g_strdup_printf (_("%s · version %u · %s"), gov_calendar_get_id (cal),
                          gov_calendar_get_version (cal), holidays);
}

/* Removes every row this page added to @group's list. */
static void
clear_rows (GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (GPtrArray           *rows,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

/* ---- one calendar's holidays ------------------------------------------- */

static char *
format_day (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date),
                                                   g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  /* TRANSLATORS: a holiday's date, see g_date_time_format(): "Saturday 27 April 2024" */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

/* Reads the latest stored version, lets @change edit it and stores the
 * result as the next version. */
static gboolean
store_change (GovPreferencesCalendars  *self,
              gboolean                (*change) (GovCalendar *cal,
                                                 const GDate *date,
                                                 const char  *name,
                                                 GError     **error),
              const GDate              *date,
              const char               *name,
              GError                  **error)
{
  g_autoptr(GovCalendar) cal = NULL;

  if (self->replica == NULL || self->open_id == NULL)
    return FALSE;
  cal = gov_calendar_load (self->replica, self->open_id, error);
  return cal != NULL && change (cal, date, name, error) &&
         gov_calendar_store_new_version (self->replica, cal, error);
}

static gboolean
add_change (GovCalendar *cal,
            const GDate *date,
            const char  *name,
            GError     **error)
{
  const char *old = gov_calendar_get_holiday (cal, date);

  if (old != NULL)
    {
      g_autofree char *day = format_day (date);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   /* TRANSLATORS: %s is a date, then a holiday's name */
                   _("%s is already a holiday: %s"), day, old);
      return FALSE;
    }
  gov_calendar_add_holiday (cal, date, name);
  return TRUE;
}

static gboolean
remove_change (GovCalendar *cal,
               const GDate *date,
               const char  *name,
               GError     **error)
{
  if (!gov_calendar_remove_holiday (cal, date))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This holiday was already removed"));
      return FALSE;
    }
  return TRUE;
}

static void
remove_clicked_cb (GtkButton               *button,
                   GovPreferencesCalendars *self)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "julian")));
  if (!store_change (self, remove_change, &date, NULL, &error))
    {
      if (error != NULL)
        toast (self, error->message);
      return;
    }
  toast (self, _("Holiday removed"));
  refresh (self);
}

static void
add_holiday_row (GovPreferencesCalendars *self,
                 GovCalendar             *cal,
                 const GDate             *date)
{
  const char *name = gov_calendar_get_holiday (cal, date);
  g_autofree char *day = format_day (date);
  g_autofree char *label = NULL;
  GtkWidget *row = add_row (self->holiday_rows, self->holidays_group,
                            *name != '\0' ? name : _("Public holiday"), day);
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, "remove-holiday");
  gtk_widget_set_tooltip_text (button, _("Remove Holiday"));
  /* TRANSLATORS: accessible name of the remove button; %s is the date */
  label = g_strdup_printf (_("Remove the holiday of %s"), day);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "julian", GUINT_TO_POINTER (g_date_get_julian (date)));
  g_signal_connect (button, "clicked", G_CALLBACK (remove_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
fill_subpage (GovPreferencesCalendars *self)
{
  GovCalendar *cal = self->open_id != NULL ? find_calendar (self, self->open_id) : NULL;
  g_autoptr(GArray) dates = NULL;
  g_autofree char *summary = NULL;

  clear_rows (self->holiday_rows);
  if (cal == NULL)
    return;
  summary = calendar_summary (cal);
  adw_window_title_set_title (self->sub_title, gov_calendar_get_name (cal));
  adw_window_title_set_subtitle (self->sub_title, summary);
  dates = gov_calendar_get_holiday_dates (cal);
  for (guint i = 0; i < dates->len; i++)
    add_holiday_row (self, cal, &g_array_index (dates, GDate, i));
  if (dates->len == 0)
    add_row (self->holiday_rows, self->holidays_group, _("No Holidays"),
             _("Only the weekend is free of work in this calendar."));
}

static void
set_add_error (GovPreferencesCalendars *self,
               const char              *message)
{
  gtk_label_set_text (self->add_error, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), message != NULL);
}

static void
add_clicked_cb (GovPreferencesCalendars *self)
{
  g_autofree char *date_text = g_strstrip (g_strdup (gtk_editable_get_text (
                                             GTK_EDITABLE (self->date_row))));
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (
                                        GTK_EDITABLE (self->name_row))));
  g_autoptr(GError) error = NULL;
  GDate date;

  if (!gov_date_parse_iso (date_text, &date))
    set_add_error (self, _("Type the date as year-month-day, such as 2025-04-26."));
  else if (*name == '\0')
    set_add_error (self, _("Give the holiday a name."));
  else if (!store_change (self, add_change, &date, name, &error))
    set_add_error (self, error != NULL ? error->message : NULL);
  else
    added (self);
}

static void
added (GovPreferencesCalendars *self)
{
  set_add_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  toast (self, _("Holiday added"));
  refresh (self);
}

static void
back_clicked_cb (GovPreferencesCalendars *self)
{
  GtkWindow *window = get_window (self);

  g_clear_pointer (&self->open_id, g_free);
  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (window));
}

static GtkWidget *
entry_row (const char *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  return row;
}

static GtkWidget *
build_add_group (GovPreferencesCalendars *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Add Holiday"));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Add a Holiday"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_set_name (button, "add-holiday");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);

  /* TRANSLATORS: the mnemonic is D */
  self->date_row = ADW_ENTRY_ROW (entry_row (_("_Date (year-month-day)")));
  /* TRANSLATORS: the mnemonic is N */
  self->name_row = ADW_ENTRY_ROW (entry_row (_("_Name")));
  g_signal_connect_swapped (self->name_row, "entry-activated", G_CALLBACK (add_clicked_cb), self);
  adw_entry_row_set_activates_default (self->name_row, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->date_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->name_row));

  self->add_error = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->add_error, TRUE);
  gtk_label_set_xalign (self->add_error, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->add_error), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->add_error), 6);
  gtk_widget_set_visible (GTK_WIDGET (self->add_error), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->add_error));
  return group;
}

/* Header bar with Back, then a preferences page of its own (it scrolls and
 * clamps like the main pages, down to 360 px). */
static void
build_subpage (GovPreferencesCalendars *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *page = adw_preferences_page_new ();

  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back"), -1);
  g_signal_connect_swapped (back, "clicked", G_CALLBACK (back_clicked_cb), self);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  self->sub_title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->sub_title));
  gtk_box_append (GTK_BOX (box), header);

  self->holidays_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->holidays_group, _("Holidays"));
  adw_preferences_group_set_description (self->holidays_group,
                                         _("Removing or adding a holiday stores a new version of "
                                           "the calendar; open cases count with it at once."));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page),
                            ADW_PREFERENCES_GROUP (build_add_group (self)));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), self->holidays_group);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  self->subpage = g_object_ref_sink (box);
}

static void
open_calendar (GovPreferencesCalendars *self,
               const char              *id)
{
  GtkWindow *window = get_window (self);

  g_free (self->open_id);
  self->open_id = g_strdup (id);
  if (self->subpage == NULL)
    build_subpage (self);
  set_add_error (self, NULL);
  fill_subpage (self);
  if (ADW_IS_PREFERENCES_WINDOW (window) && gtk_widget_get_parent (self->subpage) == NULL)
    adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (window), self->subpage);
}

static void
calendar_activated_cb (AdwActionRow            *row,
                       GovPreferencesCalendars *self)
{
  open_calendar (self, g_object_get_data (G_OBJECT (row), "calendar-id"));
}

/* ---- the lists ----------------------------------------------------------- */

static void
fill_calendars (GovPreferencesCalendars *self)
{
  for (guint i = 0; i < self->calendars->len; i++)
    {
      GovCalendar *cal = g_ptr_array_index (self->calendars, i);
      g_autofree char *summary = calendar_summary (cal);
      GtkWidget *row = add_row (self->rows, self->calendars_group,
                                gov_calendar_get_name (cal), summary);
      GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      "", -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "calendar-id",
                              g_strdup (gov_calendar_get_id (cal)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (calendar_activated_cb), self);
    }
}

static void
fill_case_types (GovPreferencesCalendars *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = gov_case_type_list_stored (self->replica, &error);
  JsonArray *arr = list != NULL ? json_node_get_array (list) : NULL;
  guint n = arr != NULL ? json_array_get_length (arr) : 0;

  if (list == NULL)
    add_row (self->rows, self->types_group, _("Could Not Read the Case Types"), error->message);
  else if (n == 0)
    add_row (self->rows, self->types_group, _("No Case Types Yet"),
             _("Case types are published with “govserv casetype add”."));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      const char *cal_id = json_object_get_string_member (o, "calendar");
      GovCalendar *cal = find_calendar (self, cal_id);
      g_autofree char *missing = NULL;
      GtkWidget *row;

      if (cal == NULL)
        /* TRANSLATORS: %s is a calendar id; a case type names a calendar that is not here */
        missing = g_strdup_printf (_("Calendar “%s” is not imported: its time limits cannot "
                                     "be computed"), cal_id);
      row = add_row (self->rows, self->types_group, json_object_get_string_member (o, "name"),
                     cal != NULL ? gov_calendar_get_name (cal) : missing);
      if (cal == NULL)
        gtk_widget_add_css_class (row, "warning");
    }
}

static void
refresh (GovPreferencesCalendars *self)
{
  g_autoptr(GError) error = NULL;

  clear_rows (self->rows);
  g_clear_pointer (&self->calendars, g_ptr_array_unref);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), self->replica != NULL);
  if (self->replica != NULL)
    self->calendars = gov_calendar_list_stored (self->replica, &error);

  if (self->calendars == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row),
                                     self->replica == NULL ? _("GovServ Is Locked")
                                                           : _("Could Not Read the Calendars"));
      adw_action_row_set_subtitle (self->status_row,
                                   self->replica == NULL
                                   ? _("Unlock GovServ to see and change the calendars.")
                                   : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_row), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->types_group), FALSE);
      if (self->subpage != NULL && self->open_id != NULL)
        back_clicked_cb (self);
      return;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _("No Calendars Yet"));
  adw_action_row_set_subtitle (self->status_row,
                               _("Import the public holidays of your jurisdiction from an "
                                 "iCalendar (.ics) file."));
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), self->calendars->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->types_group), TRUE);
  fill_calendars (self);
  fill_case_types (self);
  if (self->subpage != NULL)
    fill_subpage (self);
}

void
gov_preferences_calendars_set_replica (GovPreferencesCalendars *self,
                                       GovReplica              *replica)
{
  g_return_if_fail (GOV_IS_PREFERENCES_CALENDARS (self));

  if (replica == self->replica)
    return;
  g_clear_pointer (&self->replica, gov_replica_close);
  self->replica = replica != NULL ? gov_replica_ref (replica) : NULL;
  refresh (self);
}

/* On locking the application notifies before it closes the replica: the
 * reference is dropped here, and the page says it is locked. */
static void
app_replica_cb (GovApplication          *app,
                GParamSpec              *pspec,
                GovPreferencesCalendars *self)
{
  gov_preferences_calendars_set_replica (self, gov_application_get_replica (app));
}

/* ---- import ------------------------------------------------------------- */

typedef struct
{
  GovPreferencesCalendars *self;
  GBytes                  *bytes;
  GtkDropDown             *target;
} Import;

static void
import_free (Import *imp)
{
  g_object_unref (imp->self);
  g_bytes_unref (imp->bytes);
  g_free (imp);
}

/* A fresh id for a new calendar, from its name. */
static char *
new_calendar_id (GovPreferencesCalendars *self,
                 const char              *name)
{
  g_autofree char *base = gov_calendar_id_from_name (name);
  char *id = g_strdup (base);

  for (guint n = 2; find_calendar (self, id) != NULL; n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  return id;
}

static void
import_as (GovPreferencesCalendars *self,
           GBytes                  *bytes,
           guint                    choice)
{
  GovCalendar *existing = choice > 0 ? g_ptr_array_index (self->calendars, choice - 1) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovCalendar) parsed = gov_calendar_new_from_ics ("import", bytes, &error);
  g_autoptr(GovCalendar) cal = NULL;
  g_autofree char *id = NULL;
  g_autofree char *msg = NULL;
  guint n;

  if (parsed == NULL || self->replica == NULL)
    return;
  id = existing != NULL ? g_strdup (gov_calendar_get_id (existing))
                        : new_calendar_id (self, gov_calendar_get_name (parsed));
  cal = gov_calendar_new_from_ics (id, bytes, &error);
  /* A new version keeps the calendar's name: it is the same jurisdiction. */
  if (cal != NULL && existing != NULL)
    gov_calendar_set_name (cal, gov_calendar_get_name (existing));
  if (cal == NULL || !gov_calendar_store_new_version (self->replica, cal, &error))
    {
      show_error (self, _("Could Not Import the Calendar"), error->message);
      return;
    }
  n = gov_calendar_get_n_holidays (cal);
  msg = g_strdup_printf (g_dngettext (NULL, "%u holiday imported", "%u holidays imported", n), n);
  toast (self, msg);
  refresh (self);
}

static void
import_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Import           *imp)
{
  if (g_str_equal (response, "import"))
    import_as (imp->self, imp->bytes, gtk_drop_down_get_selected (imp->target));
}

/* "As a new calendar", then "As a new version of …" for each stored one;
 * the one with the file's name is chosen first. */
static GtkWidget *
target_drop_down (GovPreferencesCalendars *self,
                  GovCalendar             *parsed)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GtkWidget *drop;
  guint selected = 0;

  gtk_string_list_append (choices, _("As a new calendar"));
  for (guint i = 0; i < self->calendars->len; i++)
    {
      GovCalendar *cal = g_ptr_array_index (self->calendars, i);
      /* TRANSLATORS: %s is a calendar's name */
      g_autofree char *label = g_strdup_printf (_("As a new version of “%s”"),
                                                gov_calendar_get_name (cal));

      gtk_string_list_append (choices, label);
      if (g_str_equal (gov_calendar_get_name (cal), gov_calendar_get_name (parsed)))
        selected = i + 1;
    }
  drop = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&choices)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Import"), -1);
  return drop;
}

static char *
import_body (GovCalendar *parsed)
{
  g_autoptr(GArray) dates = gov_calendar_get_holiday_dates (parsed);
  guint n = dates->len;
  g_autofree char *first = NULL, *last = NULL;

  if (n == 0)
    return g_strdup (_("The file holds no holidays."));
  first = format_day (&g_array_index (dates, GDate, 0));
  last = format_day (&g_array_index (dates, GDate, n - 1));
  /* TRANSLATORS: "12 holidays, from <date> to <date>." */
  return g_strdup_printf (g_dngettext (NULL, "%u holiday, from %s to %s.",
                                       "%u holidays, from %s to %s.", n), n, first, last);
}

static void
ask_import (GovPreferencesCalendars *self,
            GovCalendar             *parsed,
            GBytes                  *bytes)
{
  g_autofree char *heading = g_strdup_printf (_("Import “%s”?"), gov_calendar_get_name (parsed));
  g_autofree char *body = import_body (parsed);
  GtkWidget *dialog = adw_message_dialog_new (get_window (self), heading, body);
  Import *imp = g_new0 (Import, 1);

  imp->self = g_object_ref (self);
  imp->bytes = g_bytes_ref (bytes);
  imp->target = GTK_DROP_DOWN (target_drop_down (self, parsed));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (imp->target));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (import_response_cb), imp,
                         (GClosureNotify) (void (*) (void)) import_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GovPreferencesCalendars) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autoptr(GovCalendar) parsed = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *heading = g_strdup_printf (_("Could Not Import “%s”"), name);
  g_autofree char *body = NULL;

  if (bytes != NULL)
    parsed = gov_calendar_new_from_ics ("import", bytes, &error);
  if (parsed == NULL)
    {
      /* TRANSLATORS: %s says what is wrong with the file */
      body = g_strdup_printf (_("%s. Nothing was imported."), error->message);
      show_error (self, heading, body);
      return;
    }
  if (self->replica != NULL && self->calendars != NULL)
    ask_import (self, parsed, bytes);
}

void
gov_preferences_calendars_import_file (GovPreferencesCalendars *self,
                                       GFile                   *file)
{
  g_return_if_fail (GOV_IS_PREFERENCES_CALENDARS (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_bytes_async (file, NULL, loaded_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     GovPreferencesCalendars *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    gov_preferences_calendars_import_file (self, file);
}

static void
import_clicked_cb (GovPreferencesCalendars *self)
{
  g_autoptr(GtkFileFilter) ics = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  gtk_file_filter_set_name (ics, _("iCalendar files"));
  gtk_file_filter_add_pattern (ics, "*.ics");
  gtk_file_filter_add_pattern (ics, "*.ICS");
  gtk_file_filter_add_mime_type (ics, "text/calendar");
  self->chooser = gtk_file_chooser_native_new (_("Import a Holiday Calendar"), get_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), ics);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- object ------------------------------------------------------------- */

static void
gov_preferences_calendars_dispose (GObject *object)
{
  GovPreferencesCalendars *self = GOV_PREFERENCES_CALENDARS (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->subpage);
  g_clear_pointer (&self->replica, gov_replica_close);

  G_OBJECT_CLASS (gov_preferences_calendars_parent_class)->dispose (object);
}

static void
gov_preferences_calendars_finalize (GObject *object)
{
  GovPreferencesCalendars *self = GOV_PREFERENCES_CALENDARS (object);

  g_clear_pointer (&self->calendars, g_ptr_array_unref);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->holiday_rows);
  g_free (self->open_id);

  G_OBJECT_CLASS (gov_preferences_calendars_parent_class)->finalize (object);
}

static void
gov_preferences_calendars_class_init (GovPreferencesCalendarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_preferences_calendars_dispose;
  object_class->finalize = gov_preferences_calendars_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/org/govserv/GovServ/ui/gov-preferences-calendars.ui");
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesCalendars, calendars_group);
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesCalendars, types_group);
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesCalendars, status_row);
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesCalendars, import_button);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
}

static void
gov_preferences_calendars_init (GovPreferencesCalendars *self)
{
  GApplication *app = g_application_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->holiday_rows = g_ptr_array_new ();

  if (GOV_IS_APPLICATION (app))
    {
      g_signal_connect_object (app, "notify::replica", G_CALLBACK (app_replica_cb), self, 0);
      self->replica = gov_application_get_replica (GOV_APPLICATION (app));
      if (self->replica != NULL)
        gov_replica_ref (self->replica);
    }
  refresh (self);
}

AdwPreferencesPage *
gov_preferences_calendars_new (GovPreferencesWindow *window)
{
  return g_object_new (GOV_TYPE_PREFERENCES_CALENDARS, NULL);
}
