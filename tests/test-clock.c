/* test-clock.c: worked examples of the statutory clock engine
 *
 * Every expected date below was counted by hand on a printed 2024 calendar
 * with the Dutch public holidays of the Algemene termijnenwet art. 3, from
 * the fixture tests/data/nl-2024.ics:
 *   Mon 1 Jan, Mon 1 Apr (Easter Monday), Sat 27 Apr (King's Day),
 *   Sun 5 May (Liberation Day), Thu 9 May (Ascension Day),
 *   Mon 20 May (Whit Monday), Wed 25 + Thu 26 Dec (Christmas),
 *   Wed 1 Jan 2025. Good Friday (29 Mar) is NOT a holiday under the Atw.
 * Weekends are Saturday and Sunday. The counting conventions are those of
 * core/gov-clock.h: the opening day never counts; a pause on P and resume
 * on R suspend the days strictly between them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gov-calendar.h"
#include "gov-case-type.h"
#include "gov-clock.h"
#include "gov-clock-format.h"

#define WORKING(n)  ((GovPeriod) { (n), GOV_CLOCK_UNIT_WORKING_DAYS })
#define CALENDAR(n) ((GovPeriod) { (n), GOV_CLOCK_UNIT_CALENDAR_DAYS })

static GDate
dmy (int d,
     int m,
     int y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

#define assert_date(got, d, m, y)                                        \
  G_STMT_START {                                                         \
    GDate _want = dmy ((d), (m), (y));                                   \
    g_autofree char *_g = gov_date_to_iso (&(got));                      \
    g_autofree char *_w = gov_date_to_iso (&_want);                      \
    g_assert_cmpstr (_g, ==, _w);                                        \
  } G_STMT_END

static GovCalendar *
load_calendar (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GovCalendar *cal;
  gsize len;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (text, len);
  cal = gov_calendar_new_from_ics ("nl", bytes, &error);
  g_assert_no_error (error);
  return cal;
}

static GovCaseType *
make_type (GovPeriod legal,
           GovPeriod service)
{
  GovCaseType *t = gov_case_type_new ("permit", "Environment permit", 1, "nl", legal, service);

  gov_case_type_add_pause_reason (t, "missing-information", "waiting for the applicant");
  gov_case_type_add_pause_reason (t, "advice", "waiting for external advice");
  gov_case_type_set_extension_cap (t, 1, 10);
  gov_case_type_add_decision_type (t, "grant", "Permit granted", CALENDAR (42));
  return t;
}

static GovClockEvent
pause_on (GDate       d,
          const char *reason)
{
  return (GovClockEvent) { GOV_CLOCK_EVENT_PAUSE, d, reason, "Ana Ruiz", 0 };
}

static GovClockEvent
resume_on (GDate d)
{
  return (GovClockEvent) { GOV_CLOCK_EVENT_RESUME, d, NULL, "Ana Ruiz", 0 };
}

static GovClockEvent
extend_on (GDate d,
           int   days)
{
  return (GovClockEvent) { GOV_CLOCK_EVENT_EXTEND, d, "site visit needed", "Ana Ruiz", days };
}

static GovClockInput
input_for (GovCaseType         *type,
           GovCalendar         *cal,
           GDate                opened,
           const GovClockEvent *events,
           guint                n_events,
           GDate                today)
{
  return (GovClockInput) { opened, events, n_events, type, cal, today };
}

static GovClockResult *
compute (const GovClockInput *in)
{
  g_autoptr(GError) error = NULL;
  GovClockResult *r = gov_clock_compute (in, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
assert_audit (const GovClockTrack *t,
              const char * const  *expected)
{
  guint i;

  for (i = 0; expected[i] != NULL; i++)
    {
      g_autofree char *text = NULL;

      g_assert_cmpuint (i, <, t->audit->len);
      text = gov_clock_format_period (g_ptr_array_index (t->audit, i), t->unit);
      g_assert_cmpstr (text, ==, expected[i]);
    }
  g_assert_cmpuint (i, ==, t->audit->len);
}

static gboolean
audit_contains (const GovClockTrack *t,
                const char          *line)
{
  for (guint i = 0; i < t->audit->len; i++)
    {
      g_autofree char *text = gov_clock_format_period (g_ptr_array_index (t->audit, i), t->unit);

      if (g_str_equal (text, line))
        return TRUE;
    }
  return FALSE;
}

/* 1. 20 working days with one pause for missing information.
 * Opened Tue 2 Apr. Counting: Apr 3 4 5 (3), 8–12 (8), Mon 15 Apr is the
 * pause day and counts (9); 16–21 paused; Mon 22 resume counts (10); 23–26
 * (14); 29 30 (16); May 1 2 3 (19); 4 weekend, 5 Liberation Day (Sunday);
 * Mon 6 May (20). Without the pause it would be Tue 30 Apr. */
static void
test_pause_missing_information (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (20), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (15, 4, 2024), "missing-information"),
                         resume_on (dmy (22, 4, 2024)) };
  GovClockInput in = input_for (type, cal, dmy (2, 4, 2024), ev, 2, dmy (23, 4, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autoptr(GovClockResult) plain = NULL;
  g_autofree char *row = NULL;

  assert_date (r->legal.deadline, 6, 5, 2024);
  g_assert_cmpint (r->legal.state, ==, GOV_CLOCK_STATE_RUNNING);
  /* Used by Tue 23 Apr: 3 4 5, 8–12, 15, 22 23 = 11; left 24–26, 29 30,
   * May 1–3, 6 = 9. */
  g_assert_cmpint (r->legal.used, ==, 11);
  g_assert_cmpint (r->legal.left, ==, 9);
  row = gov_clock_format_row (r, &r->legal);
  g_assert_cmpstr (row, ==, "9 working days left");
  g_assert_true (audit_contains (&r->legal, "16–21 April: not counted, paused "
                                            "(waiting for the applicant, by Ana Ruiz)"));
  g_assert_true (gov_clock_track_is_due_within (&r->legal, 9));
  g_assert_false (gov_clock_track_is_due_within (&r->legal, 8));
  /* Overdue is its own view, not "due soon". */
  g_assert_false (gov_clock_track_is_due_within (&r->service, 3));

  /* The service norm of 10 working days ended on the resume day, Mon 22
   * Apr (3 4 5, 8–12, 15, 22), so on the 23rd it is 1 working day overdue. */
  assert_date (r->service.deadline, 22, 4, 2024);
  g_assert_cmpint (r->service.state, ==, GOV_CLOCK_STATE_OVERDUE);
  g_assert_cmpint (r->service.overdue_days, ==, 1);

  in.n_events = 0;
  plain = compute (&in);
  assert_date (plain->legal.deadline, 30, 4, 2024);
}

/* 2. An extension at the cap (1 extension, 10 working days) and one
 * beyond it. Opened Mon 3 Jun: 4–7 (4), 10–14 (9), 17–21 (14), 24–28
 * (19), Mon 1 Jul (20). Extended by 10: Jul 2–5 (4), 8–12 (9), Mon 15 Jul. */
static void
test_extension_cap (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (20), WORKING (10));
  GovClockEvent ev[] = { extend_on (dmy (20, 6, 2024), 10), extend_on (dmy (21, 6, 2024), 5) };
  GovClockInput in = input_for (type, cal, dmy (3, 6, 2024), ev, 0, dmy (21, 6, 2024));
  GDate day = dmy (20, 6, 2024);
  g_autoptr(GovClockResult) before = compute (&in);
  g_autoptr(GovClockResult) after = NULL;
  g_autoptr(GovClockResult) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left = NULL;

  assert_date (before->legal.deadline, 1, 7, 2024);

  /* 11 days would pass the 10-day cap; 10 days are exactly at it. */
  g_assert_false (gov_clock_validate_extension (&in, &day, 11, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_EXTENSION_CAP);
  g_assert_cmpstr (error->message, ==, "An extension of 11 working days would bring the "
                   "extensions to 11 working days; the case type allows at most 10 working days");
  g_clear_error (&error);
  g_assert_true (gov_clock_validate_extension (&in, &day, 10, &error));
  g_assert_no_error (error);

  in.n_events = 1;
  after = compute (&in);
  assert_date (after->legal.deadline, 15, 7, 2024);
  g_assert_cmpint (after->legal.total_days, ==, 30);
  g_assert_true (audit_contains (&after->legal, "1 July: counted, 1 working day"));
  g_assert_true (audit_contains (&after->legal, "2–5 July: counted, 4 working days (extension)"));
  /* The extension moves the legal clock only. */
  assert_date (after->service.deadline, 17, 6, 2024);
  left = gov_clock_format_extensions_left (type, after);
  g_assert_cmpstr (left, ==, "0 of 1 extension left");

  day = dmy (21, 6, 2024);
  g_assert_false (gov_clock_validate_extension (&in, &day, 5, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_EXTENSION_CAP);
  g_assert_cmpstr (error->message, ==, "1 of 1 extension already used");
  g_clear_error (&error);

  /* Two replicas that each granted one extension: after the merge the
   * second is ignored, visibly, and the deadline stays. */
  in.n_events = 2;
  merged = compute (&in);
  assert_date (merged->legal.deadline, 15, 7, 2024);
  g_assert_cmpuint (merged->ignored->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (merged->ignored, 0), ==,
                   "21 June 2024: an extension beyond the case type's cap");
}

static void
test_extension_expired (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (20), WORKING (10));
  GovClockInput in = input_for (type, cal, dmy (3, 6, 2024), NULL, 0, dmy (2, 7, 2024));
  GDate day = dmy (2, 7, 2024);
  g_autoptr(GError) error = NULL;

  g_assert_false (gov_clock_validate_extension (&in, &day, 5, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_EXPIRED);
  g_assert_cmpstr (error->message, ==,
                   "The time limit ended on 1 July 2024; it can no longer be extended");
}

/* 3. A pause across a holiday. Opened Fri 3 May, 10 working days, paused
 * Wed 8 May, resumed Mon 13 May: 9–12 May are suspended, of which only Fri
 * 10 May was a working day (9 May is Ascension Day). Counting: 6 7 8 (3),
 * 13–17 (8), 20 Whit Monday, 21 22 (10) → Wed 22 May; without the pause
 * Tue 21 May. */
static void
test_pause_across_holiday (void)
{
  static const char * const audit[] = {
    "3 May: not counted, day of receipt",
    "4 May: not counted, weekend",
    "5 May: not counted, public holiday (Liberation Day)",
    "6–8 May: counted, 3 working days",
    "9–12 May: not counted, paused (waiting for the applicant, by Ana Ruiz)",
    "13–17 May: counted, 5 working days",
    "18–19 May: not counted, weekend",
    "20 May: not counted, public holiday (Whit Monday)",
    "21–22 May: counted, 2 working days",
    NULL
  };
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (8, 5, 2024), "missing-information"),
                         resume_on (dmy (13, 5, 2024)) };
  GovClockInput in = input_for (type, cal, dmy (3, 5, 2024), ev, 2, dmy (13, 5, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autoptr(GovClockResult) plain = NULL;
  g_autofree char *summary = NULL;

  assert_date (r->legal.deadline, 22, 5, 2024);
  assert_audit (&r->legal, audit);
  summary = gov_clock_format_summary (r, &r->legal);
  g_assert_cmpstr (summary, ==,
                   "Time limit: 10 working days. Used 4, 6 left. Deadline 22 May 2024.");

  in.n_events = 0;
  plain = compute (&in);
  assert_date (plain->legal.deadline, 21, 5, 2024);
}

/* 4. A pause longer than the remaining time. Opened Mon 2 Sep, 10 working
 * days (unpaused: 3–6, 9–13, Mon 16 Sep). Paused Thu 12 Sep with 8 days
 * used, resumed Tue 1 Oct: the old deadline passes while paused and does
 * not matter. Counting resumes: Tue 1 Oct (9), Wed 2 Oct (10). */
static void
test_pause_longer_than_remaining (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (12, 9, 2024), "advice"), resume_on (dmy (1, 10, 2024)) };
  GovClockInput in = input_for (type, cal, dmy (2, 9, 2024), ev, 2, dmy (2, 10, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autofree char *row = gov_clock_format_row (r, &r->legal);
  g_autofree char *status = gov_clock_format_status (r, &r->legal);

  assert_date (r->legal.deadline, 2, 10, 2024);
  g_assert_cmpint (r->legal.state, ==, GOV_CLOCK_STATE_RUNNING);
  g_assert_cmpint (r->legal.used, ==, 10);
  g_assert_cmpint (r->legal.left, ==, 0);
  g_assert_cmpstr (row, ==, "Due today");
  g_assert_cmpstr (status, ==, "2 October 2024 — due today");
}

/* 5. A pause still open today. Same case, never resumed, today Fri 20
 * Sep. Paused, and the deadline is projected as if resumed tomorrow (Sat
 * 21): Mon 23 (9), Tue 24 Sep (10). */
static void
test_pause_open_today (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (12, 9, 2024), "missing-information") };
  GovClockInput in = input_for (type, cal, dmy (2, 9, 2024), ev, 1, dmy (20, 9, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autofree char *row = gov_clock_format_row (r, &r->legal);
  g_autofree char *status = gov_clock_format_status (r, &r->legal);
  g_autofree char *summary = gov_clock_format_summary (r, &r->legal);

  g_assert_true (r->paused);
  assert_date (r->paused_since, 12, 9, 2024);
  g_assert_cmpint (r->legal.state, ==, GOV_CLOCK_STATE_PAUSED);
  g_assert_true (r->legal.projected);
  assert_date (r->legal.deadline, 24, 9, 2024);
  g_assert_cmpint (r->legal.used, ==, 8);
  g_assert_cmpint (r->legal.left, ==, 2);
  g_assert_cmpstr (row, ==, "Clock paused");
  g_assert_false (gov_clock_track_is_due_within (&r->legal, 3));
  g_assert_cmpstr (status, ==, "Paused since 12 September 2024: waiting for the applicant");
  g_assert_cmpstr (summary, ==, "Time limit: 10 working days. Used 8, 2 left. "
                   "Deadline 24 September 2024 if the clock resumes tomorrow.");
  g_assert_true (audit_contains (&r->legal, "13–20 September: not counted, paused "
                                            "(waiting for the applicant, by Ana Ruiz)"));
}

/* 6. Opened on a holiday: Wed 25 Dec 2024 (Christmas), 5 working days.
 * 26 Dec Christmas, Fri 27 (1), 28–29 weekend, Mon 30 (2), Tue 31 (3),
 * Wed 1 Jan 2025 New Year's Day, Thu 2 (4), Fri 3 Jan 2025 (5). */
static void
test_opened_on_holiday (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (5), WORKING (5));
  GovClockInput in = input_for (type, cal, dmy (25, 12, 2024), NULL, 0, dmy (25, 12, 2024));
  g_autoptr(GovClockResult) r = compute (&in);

  assert_date (r->legal.deadline, 3, 1, 2025);
  g_assert_true (audit_contains (&r->legal, "25 December: not counted, day of receipt"));
  g_assert_true (audit_contains (&r->legal, "1 January: not counted, public holiday "
                                            "(New Year's Day)"));
  g_assert_cmpint (r->legal.left, ==, 5);
}

/* 7. Opened on a Friday, 7 Jun: 3 working days → Mon 10, Tue 11, Wed 12
 * Jun; 3 calendar days → Sat 8, Sun 9, Mon 10 Jun (a working day, so it
 * stays). A pause and a resume on the same day, or on consecutive days,
 * suspend nothing. */
static void
test_opened_on_friday (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (3), CALENDAR (3));
  GovClockEvent same[] = { pause_on (dmy (10, 6, 2024), "advice"), resume_on (dmy (10, 6, 2024)) };
  GovClockEvent next[] = { pause_on (dmy (10, 6, 2024), "advice"), resume_on (dmy (11, 6, 2024)) };
  GovClockInput in = input_for (type, cal, dmy (7, 6, 2024), NULL, 0, dmy (7, 6, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autoptr(GovClockResult) r_same = NULL;
  g_autoptr(GovClockResult) r_next = NULL;

  assert_date (r->legal.deadline, 12, 6, 2024);
  assert_date (r->service.deadline, 10, 6, 2024);

  in.events = same;
  in.n_events = 2;
  r_same = compute (&in);
  assert_date (r_same->legal.deadline, 12, 6, 2024);
  in.events = next;
  r_next = compute (&in);
  assert_date (r_next->legal.deadline, 12, 6, 2024);
}

/* 8. A calendar-day period ending on a Sunday. Opened Sun 1 Sep, 14
 * calendar days: 2–15 Sep, and Sun 15 Sep moves to Mon 16 Sep. Also one
 * ending on a holiday that is a Saturday: opened Sat 13 Apr, 14 days end
 * on Sat 27 Apr, King's Day; Sun 28 is weekend; the deadline is Mon 29 Apr. */
static void
test_calendar_days_end_on_sunday (void)
{
  static const char * const audit[] = {
    "1 September: not counted, day of receipt",
    "2–15 September: counted, 14 calendar days",
    "16 September: added, the period ended on a weekend or public holiday and moves to the "
    "next working day",
    NULL
  };
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (CALENDAR (14), CALENDAR (14));
  GovClockInput in = input_for (type, cal, dmy (1, 9, 2024), NULL, 0, dmy (2, 9, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autoptr(GovClockResult) kings = NULL;

  assert_date (r->legal.deadline, 16, 9, 2024);
  assert_audit (&r->legal, audit);
  /* Left after Mon 2 Sep: 3–15 Sep (13) and the moved Monday. */
  g_assert_cmpint (r->legal.left, ==, 14);

  in.opened = dmy (13, 4, 2024);
  in.today = dmy (13, 4, 2024);
  kings = compute (&in);
  assert_date (kings->legal.deadline, 29, 4, 2024);
}

/* 9. Overdue by N days. Opened Mon 6 May, 5 working days: 7 (1), 8 (2),
 * 9 Ascension, 10 (3), 13 (4), Tue 14 May (5). On Tue 21 May it is overdue
 * by 15 16 17 (3), 18–19 weekend, 20 Whit Monday, 21 (4) working days. */
static void
test_overdue (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (5), WORKING (5));
  GovClockInput in = input_for (type, cal, dmy (6, 5, 2024), NULL, 0, dmy (21, 5, 2024));
  g_autoptr(GovClockResult) r = compute (&in);
  g_autoptr(GovClockResult) one = NULL;
  g_autofree char *status = gov_clock_format_status (r, &r->legal);
  g_autofree char *row = gov_clock_format_row (r, &r->legal);
  g_autofree char *row1 = NULL;

  assert_date (r->legal.deadline, 14, 5, 2024);
  g_assert_cmpint (r->legal.state, ==, GOV_CLOCK_STATE_OVERDUE);
  g_assert_cmpint (r->legal.overdue_days, ==, 4);
  assert_date (r->legal.overdue_since, 15, 5, 2024);
  g_assert_cmpstr (status, ==, "Overdue since 15 May 2024 (4 working days)");
  g_assert_cmpstr (row, ==, "4 working days overdue");
  g_assert_true (audit_contains (&r->legal, "15–21 May: overdue, 4 working days"));

  in.today = dmy (15, 5, 2024);
  one = compute (&in);
  row1 = gov_clock_format_row (one, &one->legal);
  g_assert_cmpstr (row1, ==, "1 working day overdue");
}

/* 10. Two pauses. Opened Mon 4 Nov, 20 working days. Pause Wed 6, resume
 * Mon 11 Nov (7–10 suspended: Thu 7, Fri 8 lost); pause Fri 15, resume Fri
 * 22 Nov (16–21 suspended: Mon 18 … Thu 21 lost). Counting: 5 6 (2), 11–15
 * (7), 22 (8), 25–29 (13), Dec 2–6 (18), 9 (19), Tue 10 Dec (20). */
static const GovClockEvent *
two_pauses (void)
{
  static GovClockEvent ev[4];

  ev[0] = pause_on (dmy (6, 11, 2024), "missing-information");
  ev[1] = resume_on (dmy (11, 11, 2024));
  ev[2] = pause_on (dmy (15, 11, 2024), "advice");
  ev[3] = resume_on (dmy (22, 11, 2024));
  return ev;
}

static void
test_two_pauses (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (20), WORKING (10));
  GovClockInput in = input_for (type, cal, dmy (4, 11, 2024), two_pauses (), 4,
                                dmy (25, 11, 2024));
  g_autoptr(GovClockResult) r = compute (&in);

  assert_date (r->legal.deadline, 10, 12, 2024);
  g_assert_true (audit_contains (&r->legal, "16–21 November: not counted, paused "
                                            "(waiting for external advice, by Ana Ruiz)"));
  /* Service, 10 working days: 5 6 (2), 11–15 (7), 22 (8), 25 (9), Tue 26
   * Nov (10). */
  assert_date (r->service.deadline, 26, 11, 2024);
  g_assert_cmpint (r->ignored->len, ==, 0);
}

/* 11. Service norm and legal maximum in different units, and a pause that
 * suspends only the legal clock. Legal: 8 weeks = 56 calendar days; from
 * Mon 8 Apr that is Mon 3 Jun; the pause Wed 10 → Mon 15 Apr suspends 11–14
 * Apr (4 days) → Fri 7 Jun. Service: 10 working days, not suspended: 9–12
 * (4), 15–19 (9), Mon 22 Apr (10). */
static void
test_different_units (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (CALENDAR (56), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (10, 4, 2024), "advice"), resume_on (dmy (15, 4, 2024)) };
  GovClockInput in = input_for (type, cal, dmy (8, 4, 2024), ev, 2, dmy (16, 4, 2024));
  g_autoptr(GovClockResult) r = NULL;
  g_autofree char *legal_row = NULL;
  g_autofree char *service_row = NULL;
  g_autofree char *service_summary = NULL;

  gov_case_type_set_pause_suspends (type, TRUE, FALSE);
  r = compute (&in);
  assert_date (r->legal.deadline, 7, 6, 2024);
  assert_date (r->service.deadline, 22, 4, 2024);
  service_summary = gov_clock_format_summary (r, &r->service);
  g_assert_cmpstr (service_summary, ==, "Service target: 10 working days. Used 6, 4 left. "
                   "Deadline 22 April 2024.");
  /* Legal used: 9, 10, 15, 16 = 4; left 17 Apr … 7 Jun = 14 + 31 + 7 = 52. */
  g_assert_cmpint (r->legal.used, ==, 4);
  g_assert_cmpint (r->legal.left, ==, 52);
  legal_row = gov_clock_format_row (r, &r->legal);
  g_assert_cmpstr (legal_row, ==, "52 calendar days left");
  /* Service used: 9 10 11 12 15 16 = 6; left 17 18 19 22 = 4. */
  service_row = gov_clock_format_row (r, &r->service);
  g_assert_cmpstr (service_row, ==, "4 working days left");
}

/* 12. Objection period of 6 weeks (42 calendar days, Awb 6:7) from a
 * decision's effect date (Awb 6:8: from the day after). Effect Thu 14 Nov
 * 2024: 16 days to 30 Nov, 26 more → Thu 26 Dec, Christmas → Fri 27 Dec.
 * Effect Fri 29 Mar 2024 (Good Friday, not a holiday): 2 days to 31 Mar,
 * 30 in April, 10 in May → Fri 10 May. */
static void
test_objection (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (20), WORKING (10));
  g_autoptr(GError) error = NULL;
  GDate effect = dmy (14, 11, 2024);
  GDate deadline;

  g_assert_true (gov_clock_objection_deadline (&effect, type, "grant", cal, &deadline, &error));
  g_assert_no_error (error);
  assert_date (deadline, 27, 12, 2024);

  effect = dmy (29, 3, 2024);
  g_assert_true (gov_clock_objection_deadline (&effect, type, "grant", cal, &deadline, &error));
  assert_date (deadline, 10, 5, 2024);

  g_assert_false (gov_clock_objection_deadline (&effect, type, "refuse", cal, &deadline, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The case type “Environment permit” has no decision type “refuse”");
}

static void
test_refusals (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (12, 9, 2024), "missing-information"),
                         pause_on (dmy (13, 9, 2024), "lunch") };
  GovClockInput in = input_for (type, cal, dmy (2, 9, 2024), ev, 0, dmy (20, 9, 2024));
  g_autoptr(GError) error = NULL;
  g_autoptr(GovClockResult) r = NULL;
  GDate day = dmy (12, 9, 2024);

  g_assert_false (gov_clock_validate_pause (&in, &day, "lunch", &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_REASON_NOT_ALLOWED);
  g_assert_cmpstr (error->message, ==, "The case type “Environment permit” does not allow "
                   "pausing the clock for “lunch”. Allowed reasons: waiting for the applicant, "
                   "waiting for external advice.");
  g_clear_error (&error);

  g_assert_false (gov_clock_validate_resume (&in, &day, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_NOT_PAUSED);
  g_assert_cmpstr (error->message, ==, "The clock is running, so there is no pause to end");
  g_clear_error (&error);

  day = dmy (21, 9, 2024);
  g_assert_false (gov_clock_validate_pause (&in, &day, "advice", &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_BAD_DATE);
  g_assert_cmpstr (error->message, ==, "21 September 2024 is in the future");
  g_clear_error (&error);

  day = dmy (1, 9, 2024);
  g_assert_false (gov_clock_validate_pause (&in, &day, "advice", &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_BAD_DATE);
  g_assert_cmpstr (error->message, ==,
                   "1 September 2024 is before the case was opened on 2 September 2024");
  g_clear_error (&error);

  in.n_events = 1;
  day = dmy (13, 9, 2024);
  g_assert_false (gov_clock_validate_pause (&in, &day, "advice", &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_ALREADY_PAUSED);
  g_assert_cmpstr (error->message, ==, "The clock is already paused since 12 September 2024 "
                   "(waiting for the applicant)");
  g_clear_error (&error);
  day = dmy (11, 9, 2024);
  g_assert_false (gov_clock_validate_resume (&in, &day, &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_BAD_DATE);
  g_clear_error (&error);
  day = dmy (16, 9, 2024);
  g_assert_true (gov_clock_validate_resume (&in, &day, &error));
  g_assert_no_error (error);

  /* A reason that arrives anyway (an older case type version on another
   * replica) is ignored and reported, never fatal. */
  in.n_events = 2;
  r = compute (&in);
  g_assert_cmpuint (r->ignored->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (r->ignored, 0), ==,
                   "13 September 2024: a pause for a reason the case type does not allow");
}

static void
test_wrong_calendar (void)
{
  g_autoptr(GovCalendar) cal = gov_calendar_new ("be", "Belgium", 1);
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockInput in = input_for (type, cal, dmy (2, 9, 2024), NULL, 0, dmy (2, 9, 2024));
  g_autoptr(GError) error = NULL;
  g_autoptr(GovClockResult) r = gov_clock_compute (&in, &error);

  g_assert_null (r);
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The case type “Environment permit” uses the calendar “nl”, not “be”");
}

/* A calendar whose every day is weekend never lets a working-day period
 * end: refused with a reason instead of looping. A very long calendar-day
 * period with a long pause still ends. */
static void
test_no_working_days (void)
{
  g_autoptr(GovCalendar) cal = gov_calendar_new ("nl", "Nowhere", 1);
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  g_autoptr(GovCaseType) longer = make_type (CALENDAR (9999), CALENDAR (9999));
  GovClockEvent ev[] = { pause_on (dmy (3, 1, 2000), "advice"), resume_on (dmy (3, 1, 2030)) };
  GovClockInput in = input_for (type, cal, dmy (2, 9, 2024), NULL, 0, dmy (2, 9, 2024));
  g_autoptr(GError) error = NULL;
  g_autoptr(GovClockResult) r = NULL;
  g_autoptr(GovClockResult) ok = NULL;

  for (int wd = G_DATE_MONDAY; wd <= G_DATE_SUNDAY; wd++)
    gov_calendar_set_weekend (cal, wd, TRUE);
  r = gov_clock_compute (&in, &error);
  g_assert_null (r);
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The calendar has no working days, so the time limit never ends");
  g_clear_error (&error);

  /* Opened Sat 1 Jan 2000; 2 Jan counts, 3 Jan 2000 … 2 Jan 2030 are
   * suspended; the other 9998 days run from 3 Jan 2030. */
  for (int wd = G_DATE_MONDAY; wd <= G_DATE_FRIDAY; wd++)
    gov_calendar_set_weekend (cal, wd, FALSE);
  in = input_for (longer, cal, dmy (1, 1, 2000), ev, 2, dmy (1, 1, 2000));
  ok = gov_clock_compute (&in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
  g_assert_cmpint (g_date_get_year (&ok->legal.deadline), ==, 2057);
}

static char *
result_json (const GovClockInput *in)
{
  g_autoptr(GovClockResult) r = compute (in);
  g_autoptr(JsonNode) node = gov_clock_result_to_json (r);

  return json_to_string (node, FALSE);
}

/* Same inputs in any replica → same result. Events with different dates
 * may arrive in any order (they are applied in date order); the calendar's
 * holidays are a set. */
static void
test_determinism (void)
{
  static const guint perms[][4] = {
    { 0, 1, 2, 3 }, { 3, 2, 1, 0 }, { 2, 0, 3, 1 }, { 1, 3, 0, 2 }, { 0, 2, 1, 3 }, { 3, 0, 2, 1 },
  };
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCalendar) reversed = gov_calendar_new ("nl", gov_calendar_get_name (cal), 1);
  g_autoptr(GovCaseType) type = make_type (WORKING (20), CALENDAR (14));
  g_autoptr(GArray) dates = gov_calendar_get_holiday_dates (cal);
  const GovClockEvent *ev = two_pauses ();
  GovClockInput in = input_for (type, cal, dmy (4, 11, 2024), ev, 4, dmy (25, 11, 2024));
  g_autofree char *reference = result_json (&in);
  g_autofree char *other_cal = NULL;

  for (guint p = 0; p < G_N_ELEMENTS (perms); p++)
    {
      GovClockEvent shuffled[4];
      g_autofree char *json = NULL;

      for (guint i = 0; i < 4; i++)
        shuffled[i] = ev[perms[p][i]];
      in.events = shuffled;
      json = result_json (&in);
      g_assert_cmpstr (json, ==, reference);
    }

  for (guint i = dates->len; i > 0; i--)
    {
      GDate *d = &g_array_index (dates, GDate, i - 1);
      gov_calendar_add_holiday (reversed, d, gov_calendar_get_holiday (cal, d));
    }
  in.events = ev;
  in.calendar = reversed;
  other_cal = result_json (&in);
  g_assert_cmpstr (other_cal, ==, reference);
}

/* Events on the same date keep the order given (the ledger's causal
 * order): a resume listed before its pause is ignored as a resume while
 * running, so the pause stays open. */
static void
test_same_date_order (void)
{
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent causal[] = { pause_on (dmy (10, 6, 2024), "advice"),
                             resume_on (dmy (10, 6, 2024)) };
  GovClockEvent swapped[] = { causal[1], causal[0] };
  GovClockInput in = input_for (type, cal, dmy (7, 6, 2024), causal, 2, dmy (12, 6, 2024));
  g_autoptr(GovClockResult) a = compute (&in);
  g_autoptr(GovClockResult) b = NULL;

  g_assert_false (a->paused);
  in.events = swapped;
  b = compute (&in);
  g_assert_true (b->paused);
  g_assert_cmpuint (b->ignored->len, ==, 1);
}

static void
test_format_words (void)
{
  GDate a = dmy (30, 4, 2024), b = dmy (2, 5, 2024), c = dmy (2, 1, 2025);
  g_autofree char *one = gov_clock_format_days (1, GOV_CLOCK_UNIT_WORKING_DAYS);
  g_autofree char *two = gov_clock_format_days (2, GOV_CLOCK_UNIT_CALENDAR_DAYS);
  g_autofree char *r1 = gov_clock_format_date_range (&a, &b);
  g_autofree char *r2 = gov_clock_format_date_range (&a, &c);

  g_assert_cmpstr (one, ==, "1 working day");
  g_assert_cmpstr (two, ==, "2 calendar days");
  g_assert_cmpstr (r1, ==, "30 April – 2 May");
  g_assert_cmpstr (r2, ==, "30 April 2024 – 2 January 2025");
}

/* Clock events travel as ledger bodies; reading them back gives the same
 * clock (example 3, the pause across Ascension Day). */
static void
test_event_bodies (void)
{
  static const char * const bad[][3] = {
    { "clock.pause", "{\"date\":\"2024-05-08\"}",
      "Invalid clock.pause event: “reason” must be a non-empty string" },
    { "clock.resume", "{\"date\":\"2024-02-30\"}",
      "Invalid clock.resume event: “date” must be a date like 2024-05-08" },
    { "clock.resume", "{\"date\":\"2024-05-13\",\"reason\":\"x\"}",
      "Invalid clock.resume event: unexpected member" },
    { "clock.extend", "{\"date\":\"2024-05-13\",\"days\":0,\"reason\":\"x\"}",
      "Invalid clock.extend event: “days” must be a whole number from 1 to 9999" },
    { "clock.stop", "{}", "Invalid clock.stop event: not a clock event" },
  };
  g_autoptr(GovCalendar) cal = load_calendar ();
  g_autoptr(GovCaseType) type = make_type (WORKING (10), WORKING (10));
  GovClockEvent ev[] = { pause_on (dmy (8, 5, 2024), "missing-information"),
                         resume_on (dmy (13, 5, 2024)), extend_on (dmy (13, 5, 2024), 2) };
  GovClockEvent back[3];
  JsonNode *bodies[3];
  GovClockInput in = input_for (type, cal, dmy (3, 5, 2024), ev, 3, dmy (13, 5, 2024));
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;

      bodies[i] = gov_clock_event_to_json (&ev[i]);
      g_assert_true (gov_clock_event_from_json (gov_clock_event_type (ev[i].kind),
                                                json_node_get_object (bodies[i]), "Ana Ruiz",
                                                &back[i], &error));
      g_assert_no_error (error);
    }
  want = result_json (&in);
  in.events = back;
  got = result_json (&in);
  g_assert_cmpstr (got, ==, want);
  /* Two more working days: Thu 23 and Fri 24 May. */
  g_assert_nonnull (strstr (got, "\"deadline\":\"2024-05-24\""));
  for (guint i = 0; i < 3; i++)
    json_node_unref (bodies[i]);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (bad[i][1], &error);
      GovClockEvent e;

      g_assert_no_error (error);
      g_assert_false (gov_clock_event_from_json (bad[i][0], json_node_get_object (node),
                                                 NULL, &e, &error));
      g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i][2]);
    }

  /* The ledger's body checks agree with the reader. */
  {
    g_autoptr(JsonNode) p = gov_clock_event_to_json (&ev[0]);
    g_autoptr(JsonNode) r = gov_clock_event_to_json (&ev[1]);
    g_autoptr(JsonNode) x = gov_clock_event_to_json (&ev[2]);

    g_assert_true (gov_clock_check_pause_body (json_node_get_object (p), NULL));
    g_assert_true (gov_clock_check_resume_body (json_node_get_object (r), NULL));
    g_assert_true (gov_clock_check_extend_body (json_node_get_object (x), NULL));
    g_assert_false (gov_clock_check_resume_body (json_node_get_object (p), NULL));
    g_assert_false (gov_clock_check_pause_body (json_node_get_object (x), NULL));
    g_assert_false (gov_clock_check_extend_body (json_node_get_object (r), NULL));
  }
}

static char *
type_json (GovCaseType *t)
{
  g_autoptr(JsonNode) node = gov_case_type_to_json (t);

  return json_to_string (node, FALSE);
}

static void
test_case_type_json (void)
{
  g_autoptr(GovCaseType) type = make_type (CALENDAR (56), WORKING (10));
  g_autoptr(GovCaseType) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GovPeriod p;

  gov_case_type_set_pause_suspends (type, TRUE, FALSE);
  first = type_json (type);
  node = json_from_string (first, &error);
  g_assert_no_error (error);
  back = gov_case_type_new_from_json (node, &error);
  g_assert_no_error (error);
  second = type_json (back);
  g_assert_cmpstr (first, ==, second);
  g_assert_false (gov_case_type_pause_suspends_service (back));
  g_assert_cmpint (gov_case_type_get_extension_max_days (back), ==, 10);
  g_assert_true (gov_case_type_get_objection_period (back, "grant", &p));
  g_assert_cmpint (p.days, ==, 42);
  g_assert_cmpint (p.unit, ==, GOV_CLOCK_UNIT_CALENDAR_DAYS);
  g_assert_true (gov_case_type_check_body (json_node_get_object (node), &error));
  g_assert_no_error (error);
  json_object_set_int_member (json_node_get_object (node), "version", 0);
  g_assert_false (gov_case_type_check_body (json_node_get_object (node), &error));
  g_assert_error (error, GOV_CASE_TYPE_ERROR, GOV_CASE_TYPE_ERROR_INVALID);
}

static void
test_case_type_strict (void)
{
  static const char *base =
    "{\"id\":\"p\",\"name\":\"Permit\",\"version\":1,\"calendar\":\"nl\","
    "\"legal_maximum\":{\"days\":%s,\"unit\":\"%s\"},"
    "\"service_norm\":{\"days\":10,\"unit\":\"working\"},"
    "\"pause_reasons\":[{\"id\":\"a\",\"label\":\"A\"}%s],"
    "\"pause_suspends\":{\"legal\":true,\"service\":true},"
    "\"extension_cap\":{%s},\"decision_types\":[]%s}";
  static const char * const bad[][6] = {
    { "40", "weeks", "", "", "",
      "Invalid case type: “unit” in legal_maximum must be “working” or “calendar”, not “weeks”" },
    { "0", "working", "", "", "",
      "Invalid case type: “days” in legal_maximum must be a whole number from 1 to 9999" },
    { "40", "working", ",{\"id\":\"a\",\"label\":\"B\"}", "", "",
      "Invalid case type: pause reason “a” is listed twice" },
    { "40", "working", "", "\"count\":-1", "",
      "Invalid case type: “count” in extension_cap must be a whole number from 0 to 100" },
    { "40", "working", "", "", ",\"colour\":\"red\"",
      "Invalid case type: unknown member “colour” in the case type" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *good = g_strdup_printf (base, "40", "working", "", "", "");
  g_autoptr(JsonNode) good_node = json_from_string (good, &error);
  g_autoptr(GovCaseType) ok = gov_case_type_new_from_json (good_node, &error);

  g_assert_no_error (error);
  /* An empty extension cap means no limit on either. */
  g_assert_cmpint (gov_case_type_get_extension_max_count (ok), ==, GOV_CASE_TYPE_UNLIMITED);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf (base, bad[i][0], bad[i][1], bad[i][2],
                                               bad[i][3], bad[i][4]);
      g_autoptr(JsonNode) node = json_from_string (text, &error);
      g_autoptr(GovCaseType) t = NULL;

      g_assert_no_error (error);
      t = gov_case_type_new_from_json (node, &error);
      g_assert_null (t);
      g_assert_error (error, GOV_CASE_TYPE_ERROR, GOV_CASE_TYPE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, bad[i][5]);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/clock/pause-missing-information", test_pause_missing_information);
  g_test_add_func ("/core/clock/extension-cap", test_extension_cap);
  g_test_add_func ("/core/clock/extension-expired", test_extension_expired);
  g_test_add_func ("/core/clock/pause-across-holiday", test_pause_across_holiday);
  g_test_add_func ("/core/clock/pause-longer-than-remaining", test_pause_longer_than_remaining);
  g_test_add_func ("/core/clock/pause-open-today", test_pause_open_today);
  g_test_add_func ("/core/clock/opened-on-holiday", test_opened_on_holiday);
  g_test_add_func ("/core/clock/opened-on-friday", test_opened_on_friday);
  g_test_add_func ("/core/clock/calendar-days-end-on-sunday", test_calendar_days_end_on_sunday);
  g_test_add_func ("/core/clock/overdue", test_overdue);
  g_test_add_func ("/core/clock/two-pauses", test_two_pauses);
  g_test_add_func ("/core/clock/different-units", test_different_units);
  g_test_add_func ("/core/clock/objection", test_objection);
  g_test_add_func ("/core/clock/refusals", test_refusals);
  g_test_add_func ("/core/clock/wrong-calendar", test_wrong_calendar);
  g_test_add_func ("/core/clock/no-working-days", test_no_working_days);
  g_test_add_func ("/core/clock/determinism", test_determinism);
  g_test_add_func ("/core/clock/same-date-order", test_same_date_order);
  g_test_add_func ("/core/clock/format-words", test_format_words);
  g_test_add_func ("/core/clock/event-bodies", test_event_bodies);
  g_test_add_func ("/core/case-type/json", test_case_type_json);
  g_test_add_func ("/core/case-type/strict", test_case_type_strict);

  return g_test_run ();
}
