/* test-case-clock.c: statutory clocks derived from real ledger events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "resp-util.h"

typedef struct
{
  char       *dir;
  GovReplica *hub;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "hub", "HUB");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gov_replica_close (f->hub);
  util_rm_rf (f->dir);
  g_free (f->dir);
}

static GovCaseClock *
clock_on (GovReplica *r,
          const char *number,
          GDate       today)
{
  g_autoptr(GError) error = NULL;
  GovCaseClock *c = gov_case_clock_get (r, number, &today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* Worked example 1 of docs/clocks.md, through events: a pause of a week
 * moves the time limit from Tue 30 Apr to Mon 6 May 2024. */
static void
test_pause_resume_moves_deadline (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  GDate pause = resp_dmy (15, 4, 2024), resume = resp_dmy (22, 4, 2024);
  g_autoptr(GovCaseClock) before = clock_on (f->hub, number, resp_dmy (10, 4, 2024));
  g_autoptr(GovCaseClock) paused = NULL;
  g_autoptr(GovCaseClock) after = NULL;

  resp_assert_date (&before->result->legal.deadline, 30, 4, 2024);

  g_assert_true (gov_case_clock_pause (f->hub, number, &pause, "missing-information", &error));
  g_assert_no_error (error);
  paused = clock_on (f->hub, number, resp_dmy (18, 4, 2024));
  g_assert_true (paused->result->paused);

  g_assert_true (gov_case_clock_resume (f->hub, number, &resume, &error));
  g_assert_no_error (error);
  after = clock_on (f->hub, number, resp_dmy (23, 4, 2024));
  g_assert_false (after->result->paused);
  resp_assert_date (&after->result->legal.deadline, 6, 5, 2024);
}

/* Worked example 2: one extension of 10 working days, then no more. */
static void
test_extend_and_cap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (3, 6, 2024));
  GDate on = resp_dmy (20, 6, 2024), later = resp_dmy (21, 6, 2024);
  g_autoptr(GovCaseClock) c = NULL;
  gint64 n;

  g_assert_true (gov_case_clock_extend (f->hub, number, &on, 10, "Advice needed", &error));
  g_assert_no_error (error);
  c = clock_on (f->hub, number, resp_dmy (21, 6, 2024));
  resp_assert_date (&c->result->legal.deadline, 15, 7, 2024);

  n = resp_events (f->hub);
  g_assert_false (gov_case_clock_extend (f->hub, number, &later, 1, "More advice", &error));
  g_assert_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_EXTENSION_CAP);
  g_assert_cmpint (resp_events (f->hub), ==, n);
}

/* Bad input is refused with a reason and writes nothing. */
static void
test_refusals_write_nothing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (3, 6, 2024));
  g_autofree char *untyped = util_new_case (f->hub, "No type");
  GDate on = resp_dmy (10, 6, 2024);
  gint64 n = resp_events (f->hub);

  g_assert_false (gov_case_clock_pause (f->hub, number, &on, "lunch", &e1));
  g_assert_error (e1, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_REASON_NOT_ALLOWED);
  g_assert_nonnull (strstr (e1->message, "lunch"));
  g_assert_false (gov_case_clock_extend (f->hub, number, &on, 11, "Too long", &e2));
  g_assert_error (e2, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_EXTENSION_CAP);
  g_assert_false (gov_case_clock_resume (f->hub, number, &on, &e3));
  g_assert_error (e3, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_NOT_PAUSED);
  g_assert_false (gov_case_clock_pause (f->hub, untyped, &on, "missing-information", &e4));
  g_assert_error (e4, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE);
  g_assert_cmpint (resp_events (f->hub), ==, n);
}

/* Two devices pause and resume on their own and merge: both compute the
 * same deadlines, and a rebuild changes nothing. */
static void
test_replicas_agree (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (4, 11, 2024));
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  GDate p1 = resp_dmy (6, 11, 2024), r1 = resp_dmy (11, 11, 2024);
  GDate p2 = resp_dmy (15, 11, 2024), r2 = resp_dmy (22, 11, 2024);
  g_autoptr(GovCaseClock) a = NULL;
  g_autoptr(GovCaseClock) b = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *rebuilt = NULL;

  g_assert_true (gov_case_clock_pause (f->hub, number, &p1, "missing-information", &error));
  g_assert_true (gov_case_clock_resume (f->hub, number, &r1, &error));
  util_sync (f->hub, desk);
  g_assert_true (gov_case_clock_pause (desk, number, &p2, "missing-information", &error));
  g_assert_true (gov_case_clock_resume (desk, number, &r2, &error));
  g_assert_no_error (error);
  resp_sync_both (f->hub, desk);

  /* Worked example 11: Tue 10 Dec 2024. */
  a = clock_on (f->hub, number, resp_dmy (25, 11, 2024));
  b = clock_on (desk, number, resp_dmy (25, 11, 2024));
  resp_assert_date (&a->result->legal.deadline, 10, 12, 2024);
  resp_assert_date (&b->result->legal.deadline, 10, 12, 2024);

  digest = util_digest (desk);
  g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (desk), &error));
  g_assert_no_error (error);
  rebuilt = util_digest (desk);
  g_assert_cmpstr (digest, ==, rebuilt);
}

/* The overdue and due-soon lists come from the derived clocks. */
static void
test_due_lists (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *late = resp_typed_case (f->hub, resp_dmy (6, 5, 2024));
  g_autofree char *fresh = resp_typed_case (f->hub, resp_dmy (17, 6, 2024));
  GDate today = resp_dmy (25, 6, 2024);
  g_autoptr(JsonNode) overdue = gov_case_clock_list_due (f->hub, -1, &today, &error);
  g_autoptr(JsonNode) soon = NULL;
  JsonArray *arr;

  g_assert_no_error (error);
  arr = json_node_get_array (overdue);
  g_assert_cmpuint (json_array_get_length (arr), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 0),
                                                  "number"), ==, late);

  /* The fresh case's service target (10 working days from 17 Jun) is Mon
   * 1 Jul: 4 working days left on 25 Jun. */
  soon = gov_case_clock_list_due (f->hub, 4, &today, &error);
  g_assert_no_error (error);
  arr = json_node_get_array (soon);
  g_assert_cmpuint (json_array_get_length (arr), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (arr, 0),
                                                  "number"), ==, fresh);
}

/* A case keeps the case type version it opened under. */
static void
test_case_type_versions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  GovPeriod legal = { 30, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod service = { 10, GOV_CLOCK_UNIT_WORKING_DAYS };
  g_autoptr(GovCaseType) v2 = gov_case_type_new ("permit", "Environment permit", 2, "nl",
                                                 legal, service);
  g_autoptr(GovCaseClock) c = NULL;
  g_autoptr(JsonNode) list = NULL;

  g_assert_true (gov_case_type_store (f->hub, v2, &error));
  g_assert_no_error (error);
  c = clock_on (f->hub, number, resp_dmy (10, 4, 2024));
  g_assert_cmpuint (gov_case_type_get_version (c->case_type), ==, 1);
  resp_assert_date (&c->result->legal.deadline, 30, 4, 2024);

  list = gov_case_type_list_stored (f->hub, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (
                     json_array_get_object_element (json_node_get_array (list), 0), "version"),
                   ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/case-clock/pause-resume", Fixture, NULL, setup,
              test_pause_resume_moves_deadline, teardown);
  g_test_add ("/case-clock/extend-cap", Fixture, NULL, setup, test_extend_and_cap, teardown);
  g_test_add ("/case-clock/refusals", Fixture, NULL, setup, test_refusals_write_nothing, teardown);
  g_test_add ("/case-clock/replicas-agree", Fixture, NULL, setup, test_replicas_agree, teardown);
  g_test_add ("/case-clock/due-lists", Fixture, NULL, setup, test_due_lists, teardown);
  g_test_add ("/case-clock/versions", Fixture, NULL, setup, test_case_type_versions, teardown);
  return g_test_run ();
}
