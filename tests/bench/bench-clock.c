/* bench-clock.c: how fast clocks can be derived for a whole case list
 *
 *   bench-clock [N_CASES]      (default 20000)
 *
 * The Overdue and "due within N days" views derive both clocks of every
 * open case. This measures gov_clock_compute() (with its audit) for cases
 * with two pauses and one extension, next to the rate of parsing one
 * event-sized JSON text with json-glib, measured in the same run, and
 * prints the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include "gov-calendar.h"
#include "gov-case-type.h"
#include "gov-clock.h"

static const char event_text[] =
  "{\"v\":1,\"author\":\"ed1:3q2+7w\",\"log\":\"case:7f0c\",\"seq\":12,\"prev\":\"b2:x1\","
  "\"hlc\":[1715150000000,0],\"type\":\"clock.pause\",\"deps\":[\"b2:abc\",\"b2:def\"],"
  "\"actor\":\"Ana Ruiz\",\"body\":{\"date\":\"2024-05-08\",\"reason\":\"missing-information\"}}";

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
json_rate (void)
{
  double start = now_s (), elapsed;
  guint n = 0;

  do
    {
      for (int i = 0; i < 500; i++, n++)
        {
          g_autoptr(JsonNode) node = json_from_string (event_text, NULL);
          g_assert (node != NULL);
        }
      elapsed = now_s () - start;
    }
  while (elapsed < 1.0);
  return n / elapsed;
}

static GovCalendar *
dutch_2024 (void)
{
  static const int holidays[][2] = {
    { 1, 1 }, { 1, 4 }, { 27, 4 }, { 5, 5 }, { 9, 5 }, { 20, 5 }, { 25, 12 }, { 26, 12 },
  };
  GovCalendar *cal = gov_calendar_new ("nl", "Netherlands", 1);

  for (guint i = 0; i < G_N_ELEMENTS (holidays); i++)
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_dmy (&d, holidays[i][0], holidays[i][1], 2024);
      gov_calendar_add_holiday (cal, &d, "holiday");
    }
  return cal;
}

static GDate
day_of_2024 (int n)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, 1, 1, 2024);
  g_date_add_days (&d, n);
  return d;
}

int
main (int   argc,
      char *argv[])
{
  guint n_cases = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  g_autoptr(GovCalendar) cal = dutch_2024 ();
  GovPeriod legal = { 40, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod service = { 15, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  g_autoptr(GovCaseType) type = gov_case_type_new ("permit", "Permit", 1, "nl", legal, service);
  double reference, start, elapsed, rate;
  guint overdue = 0;

  gov_case_type_add_pause_reason (type, "missing-information", "waiting for the applicant");
  gov_case_type_set_extension_cap (type, 1, 30);
  reference = json_rate ();

  start = now_s ();
  for (guint i = 0; i < n_cases; i++)
    {
      int o = i % 300;
      GovClockEvent ev[] = {
        { GOV_CLOCK_EVENT_PAUSE, day_of_2024 (o + 5), "missing-information", "Ana Ruiz", 0 },
        { GOV_CLOCK_EVENT_RESUME, day_of_2024 (o + 12), NULL, "Ana Ruiz", 0 },
        { GOV_CLOCK_EVENT_EXTEND, day_of_2024 (o + 20), "site visit", "Ana Ruiz", 20 },
        { GOV_CLOCK_EVENT_PAUSE, day_of_2024 (o + 25), "missing-information", "Ana Ruiz", 0 },
        { GOV_CLOCK_EVENT_RESUME, day_of_2024 (o + 40), NULL, "Ana Ruiz", 0 },
      };
      GovClockInput in = { day_of_2024 (o), ev, G_N_ELEMENTS (ev), type, cal,
                           day_of_2024 (o + 45 + i % 150) };
      g_autoptr(GovClockResult) r = gov_clock_compute (&in, NULL);

      g_assert (r != NULL);
      overdue += r->legal.state == GOV_CLOCK_STATE_OVERDUE;
    }
  elapsed = now_s () - start;
  rate = n_cases / elapsed;

  printf ("reference: json-glib parses %.0f event texts/s\n", reference);
  printf ("clocks:    %u cases (2 pauses, 1 extension, with audit) in %.3f s = %.0f cases/s "
          "(%u overdue)\n", n_cases, elapsed, rate, overdue);
  printf ("ratio:     one case's clocks cost %.1f event parses\n", reference / rate);
  return 0;
}
