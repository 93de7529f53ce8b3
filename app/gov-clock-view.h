/* gov-clock-view.h: the case page's Clock view, the clock audit (UX.md §3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_CLOCK_VIEW (gov_clock_view_get_type ())
G_DECLARE_FINAL_TYPE (GovClockView, gov_clock_view, GOV, CLOCK_VIEW, GtkWidget)

GtkWidget  *gov_clock_view_new            (GovReplica   *replica);
/* Reads the case's clocks again (on a worker thread). */
void        gov_clock_view_set_case       (GovClockView *self,
                                           const char   *case_id);
/* "Time limit: 6 May 2024; Service target: …", or "" without a clock. */
const char *gov_clock_view_get_deadlines  (GovClockView *self);
/* Shows the Clock view found under @root in its view stack. */
gboolean    gov_clock_view_reveal_in      (GtkWidget    *root);
void        gov_clock_view_pause          (GovClockView *self);

G_END_DECLS
