/* gov-case-clock.h: a case's statutory clocks, derived from its events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-calendar.h"
#include "gov-case-type.h"
#include "gov-clock.h"
#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_CASE_CLOCK_ERROR (gov_case_clock_error_quark ())

/**
 * GovCaseClockError:
 * @GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE: the case has no case type, so no clock
 * @GOV_CASE_CLOCK_ERROR_UNKNOWN: a case type or calendar is not known here
 * @GOV_CASE_CLOCK_ERROR_CLOSED: the case is closed
 */
typedef enum
{
  GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE,
  GOV_CASE_CLOCK_ERROR_UNKNOWN,
  GOV_CASE_CLOCK_ERROR_CLOSED,
} GovCaseClockError;

/**
 * GovCaseClock:
 * @result: the derived clocks
 * @case_type: the case type version the case opened under
 * @calendar: its calendar
 * @opened: the day of receipt
 * @today: the day computed for (the closing day for a closed case)
 *
 * A case's clocks with what they were derived from.
 */
typedef struct
{
  GovClockResult *result;
  GovCaseType    *case_type;
  GovCalendar    *calendar;
  GDate           opened;
  GDate           today;
} GovCaseClock;

GQuark        gov_case_clock_error_quark   (void);
void          gov_case_clock_free          (GovCaseClock  *clock);

gboolean      gov_case_type_store          (GovReplica    *replica,
                                            GovCaseType   *case_type,
                                            GError       **error);
GovCaseType  *gov_case_type_load           (GovReplica    *replica,
                                            const char    *id,
                                            guint          version,
                                            GError       **error);
JsonNode     *gov_case_type_list_stored    (GovReplica    *replica,
                                            GError       **error);
gboolean      gov_calendar_store           (GovReplica    *replica,
                                            GovCalendar   *calendar,
                                            GError       **error);
GovCalendar  *gov_calendar_load            (GovReplica    *replica,
                                            const char    *id,
                                            GError       **error);

gboolean      gov_case_clock_set_type      (GovReplica    *replica,
                                            const char    *number_or_id,
                                            const char    *case_type_id,
                                            const GDate   *opened,
                                            GError       **error);
GovCaseClock *gov_case_clock_get           (GovReplica    *replica,
                                            const char    *number_or_id,
                                            const GDate   *today,
                                            GError       **error);
gboolean      gov_case_clock_pause         (GovReplica    *replica,
                                            const char    *number_or_id,
                                            const GDate   *date,
                                            const char    *reason_id,
                                            GError       **error);
gboolean      gov_case_clock_resume        (GovReplica    *replica,
                                            const char    *number_or_id,
                                            const GDate   *date,
                                            GError       **error);
gboolean      gov_case_clock_extend        (GovReplica    *replica,
                                            const char    *number_or_id,
                                            const GDate   *date,
                                            int            days,
                                            const char    *reason,
                                            GError       **error);
JsonNode     *gov_case_clock_list_due      (GovReplica    *replica,
                                            int            within_days,
                                            const GDate   *today,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCaseClock, gov_case_clock_free)

G_END_DECLS
