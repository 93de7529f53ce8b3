/* gov-clock-format.h: clock wording for the case page, lists and the CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gov-clock.h"

G_BEGIN_DECLS

char *gov_clock_format_date            (const GDate           *date);
char *gov_clock_format_date_range      (const GDate           *first,
                                        const GDate           *last);
char *gov_clock_format_days            (int                    n,
                                        GovClockUnit           unit);
char *gov_clock_format_row             (const GovClockResult  *result,
                                        const GovClockTrack   *track);
char *gov_clock_format_status          (const GovClockResult  *result,
                                        const GovClockTrack   *track);
char *gov_clock_format_summary         (const GovClockResult  *result,
                                        const GovClockTrack   *track);
char *gov_clock_format_period          (const GovClockPeriod  *period,
                                        GovClockUnit           unit);
char *gov_clock_format_extensions_left (GovCaseType           *case_type,
                                        const GovClockResult  *result);

G_END_DECLS
