/* gov-a11y.h: accessibility fixes for the GTK and libadwaita of Debian 12
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *gov_a11y_strip_mnemonic (const char *label);
void  gov_a11y_set_label      (GtkWidget  *widget,
                               const char *label);
void  gov_a11y_install        (void);

G_END_DECLS
