/* gov-date-entry.h: a date typed or picked from a calendar popover
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GOV_TYPE_DATE_ENTRY (gov_date_entry_get_type ())
G_DECLARE_FINAL_TYPE (GovDateEntry, gov_date_entry, GOV, DATE_ENTRY, GtkWidget)

GtkWidget *gov_date_entry_new        (const char   *label);
GtkEntry  *gov_date_entry_get_entry  (GovDateEntry *self);
gboolean   gov_date_entry_get_date   (GovDateEntry *self,
                                      GDate        *date);
void       gov_date_entry_set_date   (GovDateEntry *self,
                                      const GDate  *date);

gboolean   gov_date_parse_typed      (const char   *text,
                                      GDate        *date);

G_END_DECLS
