/* gov-decisions-view.h: the case page's Decisions view (UX.md §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_DECISIONS_VIEW (gov_decisions_view_get_type ())
G_DECLARE_FINAL_TYPE (GovDecisionsView, gov_decisions_view, GOV, DECISIONS_VIEW, GtkWidget)

GtkWidget *gov_decisions_view_new       (GovReplica       *replica);
/* Reads the case's decisions again (on a worker thread). */
void       gov_decisions_view_set_case  (GovDecisionsView *self,
                                         const char       *case_id);

G_END_DECLS
