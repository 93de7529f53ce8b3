/* gov-demo-types.c: the demo office's holiday calendar and case types
 *
 * The calendar is the Dutch one of the Algemene termijnenwet (the same
 * holidays, and the same name, as tests/data/nl-2024.ics), computed for
 * the years the demo spans so that it never runs out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-case-clock.h"
#include "gov-demo-private.h"

/* Easter Sunday of @year (Gregorian; the anonymous algorithm). */
static void
easter (int    year,
        GDate *date)
{
  int a = year % 19, b = year / 100, c = year % 100;
  int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30;
  int i = c / 4, k = c % 4;
  int l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;

  g_date_clear (date, 1);
  g_date_set_dmy (date, ((h + l - 7 * m + 114) % 31) + 1, (h + l - 7 * m + 114) / 31, year);
}

static void
add_day (GovCalendar *cal,
         int          year,
         int          month,
         int          day,
         const char  *name)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, day, month, year);
  gov_calendar_add_holiday (cal, &d, name);
}

static void
add_after_easter (GovCalendar *cal,
                  int          year,
                  int          days,
                  const char  *name)
{
  GDate d;

  easter (year, &d);
  g_date_add_days (&d, days);
  gov_calendar_add_holiday (cal, &d, name);
}

/**
 * _gov_demo_nl_calendar:
 * @first_year: the first year
 * @last_year: the last year
 *
 * Returns: (transfer full): calendar "nl", version 1
 */
GovCalendar *
_gov_demo_nl_calendar (int first_year,
                       int last_year)
{
  GovCalendar *cal = gov_calendar_new ("nl", "Netherlands (Algemene termijnenwet)", 1);

  for (int y = first_year; y <= last_year; y++)
    {
      GDate kings;

      add_day (cal, y, 1, 1, "New Year's Day");
      add_after_easter (cal, y, 1, "Easter Monday");
      /* King's Day moves to the 26th when the 27th is a Sunday. */
      g_date_clear (&kings, 1);
      g_date_set_dmy (&kings, 27, 4, y);
      add_day (cal, y, 4, g_date_get_weekday (&kings) == G_DATE_SUNDAY ? 26 : 27, "King's Day");
      add_day (cal, y, 5, 5, "Liberation Day");
      add_after_easter (cal, y, 39, "Ascension Day");
      add_after_easter (cal, y, 50, "Whit Monday");
      add_day (cal, y, 12, 25, "Christmas");
      add_day (cal, y, 12, 26, "Christmas");
    }
  return cal;
}

static GovCaseType *
permit_type (void)
{
  GovPeriod legal = { GOV_DEMO_PERMIT_WORKING_DAYS, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod service = { 30, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod objection = { 42, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  GovCaseType *t = gov_case_type_new (GOV_DEMO_PERMIT, "Permit", 1, "nl", legal, service);

  gov_case_type_add_pause_reason (t, "missing-information", "waiting for the applicant");
  gov_case_type_set_pause_suspends (t, TRUE, TRUE);
  gov_case_type_set_extension_cap (t, 1, 30);
  gov_case_type_add_decision_type (t, "grant", "Permit granted", objection);
  gov_case_type_add_decision_type (t, "refuse", "Permit refused", objection);
  return t;
}

static GovCaseType *
complaint_type (void)
{
  GovPeriod legal = { 42, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  GovPeriod service = { 28, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  GovPeriod objection = { 42, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  GovCaseType *t = gov_case_type_new (GOV_DEMO_COMPLAINT, "Complaint", 1, "nl", legal, service);

  gov_case_type_add_pause_reason (t, "hearing", "waiting for the hearing");
  gov_case_type_set_pause_suspends (t, TRUE, FALSE);
  gov_case_type_set_extension_cap (t, 1, 28);
  gov_case_type_add_decision_type (t, "upheld", "Complaint upheld", objection);
  return t;
}

/**
 * _gov_demo_store_types:
 * @hub: the demo hub
 * @calendar: the calendar the case types count with
 * @error: return location
 *
 * Publishes @calendar and both case types as admin events.
 */
gboolean
_gov_demo_store_types (GovReplica   *hub,
                       GovCalendar  *calendar,
                       GError      **error)
{
  g_autoptr(GovCaseType) permit = permit_type ();
  g_autoptr(GovCaseType) complaint = complaint_type ();

  return gov_calendar_store (hub, calendar, error) &&
         gov_case_type_store (hub, permit, error) &&
         gov_case_type_store (hub, complaint, error);
}
