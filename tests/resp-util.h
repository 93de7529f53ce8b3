/* resp-util.h: fixtures for the handover, decision and case clock tests
 * (header-only): a hub with the nl-2024 calendar and a "permit" case type
 * (20 working days, service 10 working days, one extension of at most 10
 * days, decision "grant" with a 42-day objection period). */
#pragma once

#include "ledger-util.h"
#include "gov-case-clock.h"
#include "gov-decision.h"
#include "gov-handover.h"

static inline GDate
resp_dmy (int d,
          int m,
          int y)
{
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, d, m, y);
  return g;
}

static inline void
resp_store_fixtures (GovReplica *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  g_autoptr(GovCaseType) t = NULL;
  GovPeriod legal = { 20, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod service = { 10, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod objection = { 42, GOV_CLOCK_UNIT_CALENDAR_DAYS };
  gsize len;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  bytes = g_bytes_new (text, len);
  cal = gov_calendar_new_from_ics ("nl", bytes, &error);
  g_assert_no_error (error);
  g_assert_true (gov_calendar_store (r, cal, &error));
  g_assert_no_error (error);

  t = gov_case_type_new ("permit", "Environment permit", 1, "nl", legal, service);
  gov_case_type_add_pause_reason (t, "missing-information", "waiting for the applicant");
  gov_case_type_set_extension_cap (t, 1, 10);
  gov_case_type_add_decision_type (t, "grant", "Permit granted", objection);
  g_assert_true (gov_case_type_store (r, t, &error));
  g_assert_no_error (error);
}

/* A case of type "permit" opened on @opened. */
static inline char *
resp_typed_case (GovReplica *r,
                 GDate       opened)
{
  g_autoptr(GError) error = NULL;
  char *number = util_new_case (r, "Permit for a shed");

  g_assert_true (gov_case_clock_set_type (r, number, "permit", &opened, &error));
  g_assert_no_error (error);
  return number;
}

static inline gint64
resp_events (GovReplica *r)
{
  return util_count (r, "SELECT count(*) FROM event");
}

static inline void
resp_assert_date (const GDate *got,
                  int          d,
                  int          m,
                  int          y)
{
  GDate want = resp_dmy (d, m, y);
  g_autofree char *g = gov_date_to_iso (got);
  g_autofree char *w = gov_date_to_iso (&want);

  g_assert_cmpstr (g, ==, w);
}

/* Two-way exchange of every event. */
static inline void
resp_sync_both (GovReplica *a,
                GovReplica *b)
{
  util_sync (a, b);
  util_sync (b, a);
}
