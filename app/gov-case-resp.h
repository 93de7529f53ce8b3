/* gov-case-resp.h: handover, decisions and clock on the case page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

/* Adds the handover card and the "Hand Over…" / "Record Decision…" buttons
 * to the page's Overview (just before @overview_anchor, a child of the
 * Overview's box), the Decisions and Clock views to @stack, and
 * Ctrl+Shift+H / Ctrl+Shift+D to @page (a GovCasePage). They follow the
 * page's "loaded" signal and send their toasts through its "toast" signal. */
void gov_case_resp_attach (GtkWidget    *page,
                           AdwViewStack *stack,
                           GtkWidget    *overview_anchor,
                           GovReplica   *replica);

G_END_DECLS
