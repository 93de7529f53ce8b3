/* test-calendar.c: holiday calendars, iCalendar import and JSON
 *
 * The fixture tests/data/nl-2024.ics holds the Dutch public holidays of the
 * Algemene termijnenwet art. 3 for 2024 (Good Friday is not among them):
 * 1 Jan (yearly, 2 times), 1 Apr Easter Monday, 27 Apr King's Day (a
 * Saturday; a timed event in Europe/Amsterdam), 5 May Liberation Day (a
 * Sunday; written in UTC as 4 May 22:00Z), 9 May Ascension Day (folded
 * SUMMARY), 20 May Whit Monday, 25–26 Dec Christmas (one two-day event,
 * yearly until 2025).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gov-calendar.h"

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

static GovCalendar *
load_fixture (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  GovCalendar *cal;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (text, len);
  cal = gov_calendar_new_from_ics ("nl", bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cal);
  return cal;
}

static GovCalendar *
parse_text (const char  *text,
            GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gov_calendar_new_from_ics ("t", bytes, error);
}

static void
assert_holiday (GovCalendar *cal,
                GDate        d,
                const char  *name)
{
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, name);
  g_assert_false (gov_calendar_is_working_day (cal, &d));
}

static void
test_fixture (void)
{
  g_autoptr(GovCalendar) cal = load_fixture ();
  GDate d;

  g_assert_cmpstr (gov_calendar_get_name (cal), ==, "Netherlands (Algemene termijnenwet)");
  /* 2 New Year's Days + Easter Monday + King's Day + Liberation Day +
   * Ascension + Whit Monday + 2 × 2 Christmas days. */
  g_assert_cmpuint (gov_calendar_get_n_holidays (cal), ==, 11);
  assert_holiday (cal, dmy (1, 1, 2024), "New Year's Day");
  assert_holiday (cal, dmy (1, 1, 2025), "New Year's Day");
  assert_holiday (cal, dmy (1, 4, 2024), "Easter Monday");
  assert_holiday (cal, dmy (27, 4, 2024), "King's Day");
  assert_holiday (cal, dmy (5, 5, 2024), "Liberation Day");
  assert_holiday (cal, dmy (9, 5, 2024), "Ascension Day");
  assert_holiday (cal, dmy (20, 5, 2024), "Whit Monday");
  assert_holiday (cal, dmy (25, 12, 2024), "Christmas");
  assert_holiday (cal, dmy (26, 12, 2024), "Christmas");
  assert_holiday (cal, dmy (26, 12, 2025), "Christmas");

  /* COUNT=2 stops after 2025; DTEND is exclusive; Good Friday is a working
   * day; the VTIMEZONE's DTSTART lines are no holidays; a UTC time is read
   * in the calendar's zone, so 4 May 22:00Z is not 4 May. */
  d = dmy (1, 1, 2026);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
  d = dmy (27, 12, 2024);
  g_assert_true (gov_calendar_is_working_day (cal, &d));
  d = dmy (29, 3, 2024);
  g_assert_true (gov_calendar_is_working_day (cal, &d));
  d = dmy (25, 10, 1970);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
  d = dmy (4, 5, 2024);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
}

static void
test_describe (void)
{
  g_autoptr(GovCalendar) cal = load_fixture ();
  GDate sat = dmy (6, 4, 2024), kings = dmy (27, 4, 2024), tue = dmy (2, 4, 2024);
  g_autofree char *w = gov_calendar_describe_day (cal, &sat);
  g_autofree char *h = gov_calendar_describe_day (cal, &kings);
  g_autofree char *none = gov_calendar_describe_day (cal, &tue);

  g_assert_cmpstr (w, ==, "weekend");
  /* A holiday on a Saturday reads as the holiday. */
  g_assert_cmpstr (h, ==, "public holiday (King's Day)");
  g_assert_null (none);
  g_assert_cmpint (gov_calendar_classify_day (cal, &kings), ==, GOV_CALENDAR_DAY_HOLIDAY);

  /* A Friday–Saturday weekend. */
  gov_calendar_set_weekend (cal, G_DATE_SUNDAY, FALSE);
  gov_calendar_set_weekend (cal, G_DATE_FRIDAY, TRUE);
  sat = dmy (7, 4, 2024);   /* a Sunday */
  g_assert_true (gov_calendar_is_working_day (cal, &sat));
  sat = dmy (5, 4, 2024);   /* a Friday */
  g_assert_false (gov_calendar_is_working_day (cal, &sat));
}

static void
test_folding (void)
{
  g_autoptr(GError) error = NULL;
  /* A CRLF followed by a space or a tab continues the line (RFC 5545
   * §3.1); the fold may split a word or the property name itself. */
  g_autoptr(GovCalendar) cal = parse_text ("BEGIN:VCALENDAR\r\n"
                                           "BEGIN:VEVENT\r\n"
                                           "DTST\r\n ART;VALUE=DATE:2024\r\n\t0527\r\n"
                                           "SUMMARY:Whit Mon\r\n day\\, moved\r\n"
                                           "END:VEVENT\r\n"
                                           "END:VCALENDAR\r\n", &error);
  GDate d = dmy (27, 5, 2024);

  g_assert_no_error (error);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "Whit Monday, moved");
}

static void
test_datetime_vs_date (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovCalendar) cal = parse_text ("BEGIN:VCALENDAR\n"
                                           "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\n"
                                           "DTEND;VALUE=DATE:20240103\nSUMMARY:Two days\n"
                                           "END:VEVENT\n"
                                           "BEGIN:VEVENT\nDTSTART:20240301T090000\n"
                                           "DTEND:20240303T170000\nSUMMARY:Timed\nEND:VEVENT\n"
                                           "BEGIN:VEVENT\nDTSTART:20240401T230000Z\n"
                                           "SUMMARY:UTC\nEND:VEVENT\n"
                                           "END:VCALENDAR\n", &error);
  GDate d;

  g_assert_no_error (error);
  /* All-day: DTSTART up to, not including, DTEND. */
  d = dmy (2, 1, 2024);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "Two days");
  d = dmy (3, 1, 2024);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
  /* Timed: its start date only. */
  d = dmy (1, 3, 2024);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "Timed");
  d = dmy (2, 3, 2024);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
  /* UTC with no X-WR-TIMEZONE stays on its UTC date. */
  d = dmy (1, 4, 2024);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "UTC");
}

static void
test_rrule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *text = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240229\n"
                     "RRULE:FREQ=YEARLY\nSUMMARY:Leap\nEND:VEVENT\n"
                     "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20240427\n"
                     "RRULE:FREQ=YEARLY\nSUMMARY:King's Day\nEND:VEVENT\nEND:VCALENDAR\n";
  GDate d;

  bytes = g_bytes_new_static (text, strlen (text));
  cal = gov_calendar_new_from_ics_full ("t", bytes, 2030, &error);
  g_assert_no_error (error);
  /* 29 February exists in 2024 and 2028 only; 27 April in 2024…2030. */
  g_assert_cmpuint (gov_calendar_get_n_holidays (cal), ==, 2 + 7);
  d = dmy (29, 2, 2028);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "Leap");
  d = dmy (27, 4, 2030);
  g_assert_cmpstr (gov_calendar_get_holiday (cal, &d), ==, "King's Day");
  d = dmy (28, 2, 2025);
  g_assert_null (gov_calendar_get_holiday (cal, &d));
}

typedef struct
{
  const char *text;
  const char *message;
} BadIcs;

static void
test_malformed (void)
{
  static const BadIcs cases[] = {
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nthis line has no colon\n"
      "END:VEVENT\nEND:VCALENDAR\n", "Line 4 of the calendar file: expected NAME:value" },
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240230\nEND:VEVENT\nEND:VCALENDAR\n",
      "Line 3 of the calendar file: expected a date such as 20240427" },
    { "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:no start\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
      "Line 2 of the calendar file: the event has no DTSTART" },
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\nEND:VCALENDAR\n",
      "Line 4 of the calendar file: END:VCALENDAR does not close BEGIN:VEVENT" },
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240101\n",
      "Line 2 of the calendar file: BEGIN:VEVENT is never closed" },
    { "Holidays\n1 January\n", "Line 1 of the calendar file: expected NAME:value" },
    { "", "Line 1 of the calendar file: expected BEGIN:VCALENDAR" },
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20240527\n"
      "RRULE:FREQ=YEARLY;BYDAY=-1MO\nEND:VEVENT\nEND:VCALENDAR\n",
      "Line 4 of the calendar file: only yearly holidays on a fixed date can repeat; "
      "“BYDAY=-1MO” is not supported" },
    { "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20240527T250000\nEND:VEVENT\nEND:VCALENDAR\n",
      "Line 3 of the calendar file: the time of day is not valid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GovCalendar) cal = parse_text (cases[i].text, &error);

      g_assert_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_ICS);
      g_assert_cmpstr (error->message, ==, cases[i].message);
      g_assert_null (cal);
    }
}

/* Damaged files (deterministic: fixed seed) either load or fail with a
 * calendar error that names a line; never a crash, never a silent NULL. */
static void
test_ics_robust (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240427);
  gsize len;
  guint n_ok = 0, n_err = 0;

  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  for (guint round = 0; round < 3000; round++)
    {
      g_autofree char *copy = g_memdup2 (text, len);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GovCalendar) cal = NULL;
      g_autoptr(GError) error = NULL;
      gsize n = len;

      switch (round % 3)
        {
        case 0:   /* flip a few bytes */
          for (guint k = 0; k < 1 + round % 4; k++)
            copy[g_rand_int_range (rand, 0, len)] = (char) g_rand_int_range (rand, 0, 256);
          break;
        case 1:   /* cut the file short */
          n = g_rand_int_range (rand, 0, len);
          break;
        default:  /* overwrite a byte with a structural character */
          copy[g_rand_int_range (rand, 0, len)] = ":;\r\n \"\\T"[g_rand_int_range (rand, 0, 8)];
          break;
        }
      bytes = g_bytes_new (copy, n);
      cal = gov_calendar_new_from_ics ("t", bytes, &error);
      if (cal != NULL)
        {
          g_assert_no_error (error);
          n_ok++;
        }
      else
        {
          g_assert_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_ICS);
          g_assert_true (g_str_has_prefix (error->message, "Line "));
          n_err++;
        }
    }
  /* Both outcomes occur, so the damage really reaches the parser. */
  g_assert_cmpuint (n_ok, >, 0);
  g_assert_cmpuint (n_err, >, 0);
}

static char *
to_json_string (GovCalendar *cal)
{
  g_autoptr(JsonNode) node = gov_calendar_to_json (cal);

  return json_to_string (node, FALSE);
}

static void
test_json_roundtrip (void)
{
  g_autoptr(GovCalendar) cal = load_fixture ();
  g_autoptr(GovCalendar) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  gov_calendar_set_version (cal, 3);
  first = to_json_string (cal);
  g_assert_nonnull (strstr (first, "\"weekend\":[6,7]"));
  g_assert_nonnull (strstr (first, "{\"date\":\"2024-04-27\",\"name\":\"King's Day\"}"));
  node = json_from_string (first, &error);
  g_assert_no_error (error);
  back = gov_calendar_new_from_json (node, &error);
  g_assert_no_error (error);
  second = to_json_string (back);
  g_assert_cmpstr (first, ==, second);
  g_assert_true (gov_calendar_check_body (json_node_get_object (node), &error));
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (node), "id", "");
  g_assert_false (gov_calendar_check_body (json_node_get_object (node), &error));
  g_assert_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_JSON);
  g_clear_error (&error);
  g_assert_cmpuint (gov_calendar_get_version (back), ==, 3);
}

static void
test_json_strict (void)
{
  static const char * const bad[][2] = {
    { "{\"id\":\"nl\",\"name\":\"NL\",\"version\":1,\"weekend\":[6,7],\"holidays\":[],\"x\":1}",
      "Invalid calendar: unknown member “x” in the calendar" },
    { "{\"id\":\"nl\",\"name\":\"NL\",\"version\":1,\"weekend\":[6,8],\"holidays\":[]}",
      "Invalid calendar: “weekend” must be a list of ISO weekday numbers (1 = Monday)" },
    { "{\"id\":\"nl\",\"name\":\"NL\",\"version\":0,\"weekend\":[],\"holidays\":[]}",
      "Invalid calendar: “version” must be a positive whole number" },
    { "{\"id\":\"nl\",\"name\":\"NL\",\"version\":1,\"weekend\":[],\"holidays\":"
      "[{\"date\":\"2024-02-30\",\"name\":\"X\"}]}",
      "Invalid calendar: holiday date “2024-02-30” is not a date like 2024-04-27" },
    { "{\"id\":\"nl\",\"name\":\"NL\",\"version\":1,\"weekend\":[],\"holidays\":"
      "[{\"date\":\"2024-04-27\",\"name\":\"X\"},{\"date\":\"2024-04-27\",\"name\":\"Y\"}]}",
      "Invalid calendar: holiday date 2024-04-27 is listed twice" },
    { "[]", "Invalid calendar: expected an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = json_from_string (bad[i][0], &error);
      g_autoptr(GovCalendar) cal = NULL;

      g_assert_no_error (error);
      cal = gov_calendar_new_from_json (node, &error);
      g_assert_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_JSON);
      g_assert_cmpstr (error->message, ==, bad[i][1]);
      g_assert_null (cal);
    }
}

static void
test_iso_dates (void)
{
  GDate d;
  g_autofree char *s = NULL;

  g_assert_true (gov_date_parse_iso ("2024-02-29", &d));
  s = gov_date_to_iso (&d);
  g_assert_cmpstr (s, ==, "2024-02-29");
  g_assert_false (gov_date_parse_iso ("2023-02-29", &d));
  g_assert_false (gov_date_parse_iso ("2024-2-29", &d));
  g_assert_false (gov_date_parse_iso ("2024-02-29x", &d));
  g_assert_false (gov_date_parse_iso (" 2024-0229", &d));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/calendar/fixture", test_fixture);
  g_test_add_func ("/core/calendar/describe", test_describe);
  g_test_add_func ("/core/calendar/ics-folding", test_folding);
  g_test_add_func ("/core/calendar/ics-date-vs-datetime", test_datetime_vs_date);
  g_test_add_func ("/core/calendar/ics-rrule", test_rrule);
  g_test_add_func ("/core/calendar/ics-malformed", test_malformed);
  g_test_add_func ("/core/calendar/ics-robust", test_ics_robust);
  g_test_add_func ("/core/calendar/json-roundtrip", test_json_roundtrip);
  g_test_add_func ("/core/calendar/json-strict", test_json_strict);
  g_test_add_func ("/core/calendar/iso-dates", test_iso_dates);

  return g_test_run ();
}
