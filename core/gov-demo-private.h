/* gov-demo-private.h: parts of the demo office (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gov-calendar.h"
#include "gov-replica.h"

G_BEGIN_DECLS

/* The demo's case types: "permit" (8 weeks of working days, NL calendar)
 * and "complaint" (6 weeks of calendar days). */
#define GOV_DEMO_PERMIT    "permit"
#define GOV_DEMO_COMPLAINT "complaint"
#define GOV_DEMO_PERMIT_WORKING_DAYS 40

GovCalendar *_gov_demo_nl_calendar   (int          first_year,
                                      int          last_year);
gboolean     _gov_demo_store_types   (GovReplica  *hub,
                                      GovCalendar *calendar,
                                      GError     **error);

G_END_DECLS
