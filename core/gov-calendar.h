/* gov-calendar.h: a jurisdiction's working-day calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GOV_CALENDAR_ERROR (gov_calendar_error_quark ())

/**
 * GovCalendarError:
 * @GOV_CALENDAR_ERROR_ICS: an iCalendar file could not be read; the message
 *   names the line
 * @GOV_CALENDAR_ERROR_JSON: a stored calendar is not valid
 *
 * Why a calendar could not be loaded.
 */
typedef enum
{
  GOV_CALENDAR_ERROR_ICS,
  GOV_CALENDAR_ERROR_JSON,
} GovCalendarError;

/**
 * GovCalendarDay:
 * @GOV_CALENDAR_DAY_WORKING: an ordinary working day
 * @GOV_CALENDAR_DAY_WEEKEND: one of the calendar's weekend days
 * @GOV_CALENDAR_DAY_HOLIDAY: a public holiday of the calendar (this wins
 *   over the weekend, so King's Day on a Saturday reads as King's Day)
 *
 * What kind of day a date is in a calendar.
 */
typedef enum
{
  GOV_CALENDAR_DAY_WORKING,
  GOV_CALENDAR_DAY_WEEKEND,
  GOV_CALENDAR_DAY_HOLIDAY,
} GovCalendarDay;

/* How many years a yearly recurrence without COUNT or UNTIL is expanded to,
 * counting the year of its DTSTART. */
#define GOV_CALENDAR_ICS_DEFAULT_YEARS 10

/**
 * GovCalendar:
 *
 * A holiday calendar of one jurisdiction: id, name, version, which weekdays
 * are the weekend, and a set of dated, named public holidays. Reference
 * counted; not thread safe while being modified, safe to share once built.
 */
typedef struct _GovCalendar GovCalendar;

GQuark          gov_calendar_error_quark     (void);

GovCalendar    *gov_calendar_new             (const char     *id,
                                              const char     *name,
                                              guint           version);
GovCalendar    *gov_calendar_new_from_ics    (const char     *id,
                                              GBytes         *bytes,
                                              GError        **error);
GovCalendar    *gov_calendar_new_from_ics_full (const char   *id,
                                              GBytes         *bytes,
                                              guint           last_year,
                                              GError        **error);
GovCalendar    *gov_calendar_new_from_json   (JsonNode       *node,
                                              GError        **error);
JsonNode       *gov_calendar_to_json         (GovCalendar    *self);
gboolean        gov_calendar_check_body      (JsonObject     *body,
                                              GError        **error);

GovCalendar    *gov_calendar_ref             (GovCalendar    *self);
void            gov_calendar_unref           (GovCalendar    *self);

const char     *gov_calendar_get_id          (GovCalendar    *self);
const char     *gov_calendar_get_name        (GovCalendar    *self);
void            gov_calendar_set_name        (GovCalendar    *self,
                                              const char     *name);
guint           gov_calendar_get_version     (GovCalendar    *self);
void            gov_calendar_set_version     (GovCalendar    *self,
                                              guint           version);

void            gov_calendar_set_weekend     (GovCalendar    *self,
                                              GDateWeekday    weekday,
                                              gboolean        is_weekend);
gboolean        gov_calendar_is_weekend      (GovCalendar    *self,
                                              const GDate    *date);
void            gov_calendar_add_holiday     (GovCalendar    *self,
                                              const GDate    *date,
                                              const char     *name);
gboolean        gov_calendar_remove_holiday  (GovCalendar    *self,
                                              const GDate    *date);
const char     *gov_calendar_get_holiday     (GovCalendar    *self,
                                              const GDate    *date);
guint           gov_calendar_get_n_holidays  (GovCalendar    *self);
GArray         *gov_calendar_get_holiday_dates (GovCalendar  *self);

GovCalendarDay  gov_calendar_classify_day    (GovCalendar    *self,
                                              const GDate    *date);
gboolean        gov_calendar_is_working_day  (GovCalendar    *self,
                                              const GDate    *date);
char           *gov_calendar_describe_day    (GovCalendar    *self,
                                              const GDate    *date);
void            gov_calendar_next_working_day (GovCalendar   *self,
                                              GDate          *date);

/* ISO 8601 calendar dates ("2024-05-09"), shared by the clock JSON. */
gboolean        gov_date_parse_iso           (const char     *text,
                                              GDate          *date);
char           *gov_date_to_iso              (const GDate    *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCalendar, gov_calendar_unref)

G_END_DECLS
