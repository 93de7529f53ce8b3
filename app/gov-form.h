/* gov-form.h: the pieces every action dialog of the case page is made of
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget           *gov_form_frame         (AdwWindow           *window,
                                             const char          *title,
                                             GtkWidget           *affirm);
AdwPreferencesGroup *gov_form_group         (GtkWidget           *column,
                                             const char          *title);
AdwActionRow        *gov_form_row           (AdwPreferencesGroup *group,
                                             const char          *title,
                                             const char          *subtitle,
                                             GtkWidget           *widget);
void                 gov_form_row_error     (GtkWidget           *widget,
                                             const char          *message);
void                 gov_form_clear_on_change (GtkWidget         *editable);
GtkEntry            *gov_form_entry_row     (AdwPreferencesGroup *group,
                                             const char          *title,
                                             const char          *subtitle);
GtkLabel            *gov_form_error_label   (GtkWidget           *column);
void                 gov_form_show_error    (GtkLabel            *label,
                                             const char          *message);

char                *gov_form_text          (gpointer             editable);
gboolean             gov_form_filled        (gpointer             editable);

void                 gov_form_require_text  (AdwMessageDialog    *dialog,
                                             const char          *response,
                                             GtkWidget           *entry);
GtkWidget           *gov_form_labelled      (GtkWidget           *widget,
                                             const char          *label);

G_END_DECLS
