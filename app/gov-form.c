/* gov-form.c: the pieces every action dialog of the case page is made of
 *
 * UX.md §4 "Action dialogs": a modal AdwWindow with its own header bar
 * (no window buttons), "_Cancel" first and the affirmative verb last, the
 * fields in a clamped, scrolling column of preference groups. Fields are
 * GtkEntry widgets inside AdwActionRows with the row title as their
 * accessible label, because libadwaita 1.2 does not announce an
 * AdwEntryRow on focus. Message dialogs that need a reason keep their verb
 * disabled until one is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-form.h"

/**
 * gov_form_frame:
 * @window: the dialog
 * @title: its title
 * @affirm: the affirmative button, packed at the end as the suggested action
 *
 * Sets the content of @window: a header bar with "_Cancel" (which closes
 * @window) and @affirm, above a scrolling, clamped column.
 *
 * Returns: (transfer none): the column to add groups to
 */
GtkWidget *
gov_form_frame (AdwWindow  *window,
                const char *title,
                GtkWidget  *affirm)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading = adw_window_title_new (title, NULL);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  /* The heading follows the window title ("Hand Over 3 Cases"). */
  if (gtk_window_get_title (GTK_WINDOW (window)) == NULL)
    gtk_window_set_title (GTK_WINDOW (window), title);
  g_object_bind_property (window, "title", heading, "title", G_BINDING_SYNC_CREATE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), heading);
  gtk_widget_add_css_class (affirm, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), affirm);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), window);

  gtk_widget_set_margin_top (column, 12);
  gtk_widget_set_margin_bottom (column, 24);
  gtk_widget_set_margin_start (column, 12);
  gtk_widget_set_margin_end (column, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), column);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (window, toolbar);
  return column;
}

/* Returns: (transfer none): a new group with @title at the end of @column */
AdwPreferencesGroup *
gov_form_group (GtkWidget  *column,
                const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (GTK_BOX (column), group);
  return ADW_PREFERENCES_GROUP (group);
}

/**
 * gov_form_row:
 * @group: where the row goes
 * @title: the row title
 * @subtitle: (nullable): e.g. "Required"
 * @widget: the row's suffix, activated with the row
 *
 * Returns: (transfer none): the row
 */
AdwActionRow *
gov_form_row (AdwPreferencesGroup *group,
              const char          *title,
              const char          *subtitle,
              GtkWidget           *widget)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
  adw_preferences_group_add (group, row);
  return ADW_ACTION_ROW (row);
}

static void
clear_error_cb (GtkWidget *editable)
{
  GtkWidget *row = gtk_widget_get_ancestor (editable, ADW_TYPE_ACTION_ROW);

  if (row != NULL && gtk_widget_has_css_class (row, "error"))
    gov_form_row_error (editable, NULL);
}

/* Takes the message of gov_form_row_error() away once @editable changes. */
void
gov_form_clear_on_change (GtkWidget *editable)
{
  g_signal_connect (editable, "changed", G_CALLBACK (clear_error_cb), NULL);
}

/**
 * gov_form_entry_row:
 * @group: where the row goes
 * @title: the row title, also the entry's accessible label
 * @subtitle: (nullable): e.g. "Required"
 *
 * Returns: (transfer none): the entry; its row is its parent's parent
 */
GtkEntry *
gov_form_entry_row (AdwPreferencesGroup *group,
                    const char          *title,
                    const char          *subtitle)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_hexpand (entry, TRUE);
  /* Narrow enough for a 360 px window next to the row title. */
  gtk_widget_set_size_request (entry, 160, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  gov_form_row (group, title, subtitle, entry);
  gov_form_clear_on_change (entry);
  return GTK_ENTRY (entry);
}

/**
 * gov_form_row_error:
 * @widget: a field inside an AdwActionRow made by gov_form_row()
 * @message: (nullable): what is wrong, or %NULL when it is right again
 *
 * Shows @message next to the field, as its row's subtitle in `.error`
 * and as the field's accessible description, in place of the hint the
 * row had ("Required"); %NULL brings the hint back.
 */
void
gov_form_row_error (GtkWidget  *widget,
                    const char *message)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);
  const char *hint;

  g_return_if_fail (row != NULL);
  /* The hint is saved once, before the first message replaces it (it may
   * be NULL, hence the separate mark). */
  if (g_object_get_data (G_OBJECT (row), "hint-saved") == NULL)
    {
      g_object_set_data_full (G_OBJECT (row), "hint",
                              g_strdup (adw_action_row_get_subtitle (ADW_ACTION_ROW (row))),
                              g_free);
      g_object_set_data (G_OBJECT (row), "hint-saved", GINT_TO_POINTER (TRUE));
    }
  hint = g_object_get_data (G_OBJECT (row), "hint");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message != NULL ? message : hint);
  if (message != NULL)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                               : GTK_ACCESSIBLE_INVALID_FALSE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message != NULL ? message : hint != NULL ? hint : "", -1);
}

/* Returns: (transfer none): a hidden, wrapping `.error` label at the end of @column */
GtkLabel *
gov_form_error_label (GtkWidget *column)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_visible (label, FALSE);
  gtk_box_append (GTK_BOX (column), label);
  return GTK_LABEL (label);
}

/* Shows @message in @label, or hides it when @message is %NULL. */
void
gov_form_show_error (GtkLabel   *label,
                     const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* Returns: (transfer full): the text of a GtkEditable without surrounding spaces */
char *
gov_form_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

gboolean
gov_form_filled (gpointer editable)
{
  g_autofree char *t = gov_form_text (editable);

  return *t != '\0';
}

static void
required_changed_cb (GtkEditable      *entry,
                     AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog,
                                           g_object_get_data (G_OBJECT (entry), "response"),
                                           gov_form_filled (entry));
}

/**
 * gov_form_require_text:
 * @dialog: a message dialog
 * @response: the response that needs @entry filled in
 * @entry: a GtkEditable inside the dialog's extra child
 *
 * Keeps @response disabled while @entry is empty or only spaces.
 */
void
gov_form_require_text (AdwMessageDialog *dialog,
                       const char       *response,
                       GtkWidget        *entry)
{
  g_object_set_data_full (G_OBJECT (entry), "response", g_strdup (response), g_free);
  adw_message_dialog_set_response_enabled (dialog, response, gov_form_filled (entry));
  g_signal_connect (entry, "changed", G_CALLBACK (required_changed_cb), dialog);
}

/* Returns: (transfer none): @widget, with @label as its accessible label */
GtkWidget *
gov_form_labelled (GtkWidget  *widget,
                   const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return widget;
}
