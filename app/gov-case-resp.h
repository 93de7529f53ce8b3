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

/* What the page's Case Menu calls; each refuses quietly where the button
 * on the page would be insensitive. */
void     gov_case_resp_hand_over        (GtkWidget *page);
void     gov_case_resp_record_decision  (GtkWidget *page);
void     gov_case_resp_pause_clock      (GtkWidget *page);
gboolean gov_case_resp_in_transit       (GtkWidget *page);
char    *gov_case_resp_dup_office_name  (GovReplica *replica,
                                         const char *office_id);
char    *gov_case_resp_dup_author_office (GovReplica *replica,
                                          const char *author);

G_END_DECLS
