/* test-demo.c: the demo office has a believable history
 *
 * Cases opened over the past four months (event times in the past, in
 * order), two case types on the NL calendar, derived clocks that are
 * overdue and due within three days, a pause, an extension, two decisions,
 * one handover in transit and one accepted; and a seed gives the same
 * office twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-demo.h"
#include "resp-util.h"

typedef struct
{
  char          *base;
  GovReplica    *replica;
  GovDemoReport  report;
} Fixture;

static GovReplica *
make_demo (const char    *base,
           const char    *name,
           GovDemoReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (base, name, NULL);
  GovReplica *r;

  g_assert_true (gov_demo_create (dir, "pass", 20, 7, "me", report, &error));
  g_assert_no_error (error);
  r = gov_replica_open (dir, "pass", &error);
  g_assert_no_error (error);
  return r;
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  fixture->base = util_tmpdir ();
  fixture->replica = make_demo (fixture->base, "demo", &fixture->report);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_pointer (&fixture->replica, gov_replica_close);
  gov_demo_report_clear (&fixture->report);
  util_rm_rf (fixture->base);
  g_free (fixture->base);
}

static gint64
count_type (Fixture    *fixture,
            const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM event WHERE type = '%s'", type);

  return util_count (fixture->replica, sql);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 day = 86400000;
  gint64 oldest = util_count (fixture->replica,
                              "SELECT min (hlc_ms) FROM event WHERE type = 'case.create'");
  gint64 newest = util_count (fixture->replica, "SELECT max (hlc_ms) FROM event");
  gint64 recent = util_count (fixture->replica,
                              "SELECT count(*) FROM event WHERE type = 'case.create'"
                              " AND hlc_ms > (SELECT max (hlc_ms) FROM event) - 7 * 86400000");

  /* 20 random cases, 10 that tell the story, and the conflict. */
  g_assert_cmpuint (fixture->report.n_cases, ==, 31);
  g_assert_cmpint (count_type (fixture, "case.create"), ==, 31);
  g_assert_cmpint (oldest, <, now_ms - 100 * day);
  g_assert_cmpint (oldest, >, now_ms - 130 * day);
  g_assert_cmpint (newest, <=, now_ms + 60000);
  /* Not every case is from this week. */
  g_assert_cmpint (recent, <, 10);
  /* The ledger's order is the order of the story: the founding events come
   * first and no event is dated before its case was opened. */
  g_assert_cmpint (util_count (fixture->replica,
                               "SELECT count(*) FROM event e JOIN event c"
                               " ON c.case_id = e.case_id AND c.type = 'case.create'"
                               " WHERE e.hlc_ms < c.hlc_ms"), ==, 0);
}

static void
test_responsibility (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) types = gov_case_type_list_stored (fixture->replica, &error);
  g_autoptr(GovCalendar) nl = gov_calendar_load (fixture->replica, "nl", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (types)), ==, 2);
  g_assert_cmpstr (gov_calendar_get_name (nl), ==, "Netherlands (Algemene termijnenwet)");
  /* Eight a year, for three years (two may fall on one day). */
  g_assert_cmpuint (gov_calendar_get_n_holidays (nl), >=, 3 * 8 - 3);

  g_assert_cmpuint (fixture->report.n_overdue, >=, 2);
  g_assert_cmpuint (fixture->report.n_due_soon, >=, 2);
  g_assert_cmpint (count_type (fixture, "clock.extend"), ==, 1);
  g_assert_cmpint (count_type (fixture, "clock.pause"), >=, 1);
  g_assert_cmpint (count_type (fixture, "decision.record"), ==, 2);
  g_assert_cmpint (count_type (fixture, "handover.offer"), ==, 2);
  g_assert_cmpint (count_type (fixture, "handover.accept"), ==, 1);
  g_assert_nonnull (fixture->report.conflict_number);
}

static void
test_seed (Fixture       *fixture,
           gconstpointer  data)
{
  GovDemoReport again;
  g_autoptr(GovReplica) r = make_demo (fixture->base, "again", &again);

  g_assert_cmpuint (again.n_cases, ==, fixture->report.n_cases);
  g_assert_cmpuint (again.n_overdue, ==, fixture->report.n_overdue);
  g_assert_cmpuint (again.n_due_soon, ==, fixture->report.n_due_soon);
  g_assert_cmpuint (again.n_closed, ==, fixture->report.n_closed);
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM event"), ==,
                   util_count (fixture->replica, "SELECT count(*) FROM event"));
  gov_demo_report_clear (&again);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo/history", Fixture, NULL, set_up, test_history, tear_down);
  g_test_add ("/demo/responsibility", Fixture, NULL, set_up, test_responsibility, tear_down);
  g_test_add ("/demo/seed", Fixture, NULL, set_up, test_seed, tear_down);

  return g_test_run ();
}
