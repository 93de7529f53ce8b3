/* test-case-due.c: list deadlines from derived clocks, their cache, and the
 * In Transit query
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "gov-case-due.h"
#include "gov-handover.h"
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

static void
set_due (GovReplica *r,
         const char *number,
         const char *due)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gov_case_set_field (r, number, "due", due, NULL, &error));
  g_assert_no_error (error);
}

static GPtrArray *
rows_with_deadlines (GovReplica       *r,
                     GovDeadlineCache *cache,
                     GDate             today)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = gov_case_query_summaries (r, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (gov_case_due_add_deadlines (r, rows, cache, &today, &error));
  g_assert_no_error (error);
  return rows;
}

static GovCaseSummary *
find (GPtrArray  *rows,
      const char *number)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((GovCaseSummary *) rows->pdata[i])->number, number))
      return rows->pdata[i];
  g_assert_not_reached ();
}

static gboolean
listed (GPtrArray  *rows,
        const char *number)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((GovCaseSummary *) rows->pdata[i])->number, number))
      return TRUE;
  return FALSE;
}

static GPtrArray *
due_list (GovReplica *r,
          int         within,
          GDate       today)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *out = gov_case_due_list (r, within, &today, &error);

  g_assert_no_error (error);
  return out;
}

/* A paused typed case whose stored due date has passed is not overdue; a
 * typed case past its derived time limit is, whatever its stored due date
 * says; an untyped case keeps its stored due date. */
static void
test_overdue_from_clocks (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *paused = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  g_autofree char *late = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  g_autofree char *untyped = util_new_case (f->hub, "No type");
  GDate pause = resp_dmy (15, 4, 2024), today = resp_dmy (6, 5, 2024);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autofree char *words = NULL;
  g_autofree char *late_words = NULL;

  set_due (f->hub, paused, "2024-04-20");
  set_due (f->hub, late, "2024-12-31");
  set_due (f->hub, untyped, "2024-05-01");
  g_assert_true (gov_case_clock_pause (f->hub, paused, &pause, "missing-information", &error));
  g_assert_no_error (error);

  rows = rows_with_deadlines (f->hub, NULL, today);
  g_assert_false (gov_case_due_is_overdue (find (rows, paused), &today));
  words = gov_case_due_words (find (rows, paused), &today);
  g_assert_cmpstr (words, ==, "Clock paused");
  /* Without the pause the time limit was Tue 30 Apr: 4 working days ago
   * (Liberation Day, 5 May, is a Sunday). */
  g_assert_true (gov_case_due_is_overdue (find (rows, late), &today));
  g_assert_cmpstr (find (rows, late)->deadline, ==, "2024-04-30");
  late_words = gov_case_due_words (find (rows, late), &today);
  g_assert_cmpstr (late_words, ==, "4 working days overdue");
  g_assert_true (gov_case_due_is_overdue (find (rows, untyped), &today));
  g_assert_cmpstr (find (rows, untyped)->deadline, ==, "2024-05-01");

  overdue = due_list (f->hub, -1, today);
  g_assert_false (listed (overdue, paused));
  g_assert_true (listed (overdue, late));
  g_assert_true (listed (overdue, untyped));
  g_assert_cmpuint (overdue->len, ==, 2);
  /* Soonest deadline first. */
  g_assert_cmpstr (((GovCaseSummary *) overdue->pdata[0])->number, ==, late);
}

/* An untyped case is overdue the day after its stored due date, even on a
 * weekend when no working day has passed yet ("Overdue"). */
static void
test_untyped_weekend (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *friday = util_new_case (f->hub, "Due on a Friday");
  GDate saturday = resp_dmy (4, 5, 2024), monday = resp_dmy (6, 5, 2024);
  GDate thursday = resp_dmy (2, 5, 2024);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *sat = NULL;
  g_autofree char *mon = NULL;
  g_autofree char *thu = NULL;

  set_due (f->hub, friday, "2024-05-03");
  rows = rows_with_deadlines (f->hub, NULL, saturday);
  g_assert_true (gov_case_due_is_overdue (find (rows, friday), &saturday));
  sat = gov_case_due_words (find (rows, friday), &saturday);
  g_assert_cmpstr (sat, ==, "Overdue");
  mon = gov_case_due_words (find (rows, friday), &monday);
  g_assert_cmpstr (mon, ==, "1 working day overdue");
  g_assert_false (gov_case_due_is_overdue (find (rows, friday), &thursday));
  thu = gov_case_due_words (find (rows, friday), &thursday);
  g_assert_cmpstr (thu, ==, "1 working day left");
}

/* "Due within N days" counts a running time limit in its own unit. */
static void
test_due_within (Fixture       *f,
                 gconstpointer  data)
{
  /* Opened Tue 2 Apr: time limit Tue 30 Apr; on Thu 25 Apr 3 working days left. */
  g_autofree char *soon = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  g_autofree char *later = resp_typed_case (f->hub, resp_dmy (16, 4, 2024));
  g_autoptr(GPtrArray) within = due_list (f->hub, 3, resp_dmy (25, 4, 2024));
  g_autoptr(GPtrArray) within_two = due_list (f->hub, 2, resp_dmy (25, 4, 2024));

  g_assert_true (listed (within, soon));
  g_assert_false (listed (within, later));
  g_assert_false (listed (within_two, soon));
}

static void
assert_same_deadlines (GPtrArray *a,
                       GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      GovCaseSummary *x = a->pdata[i], *y = find (b, ((GovCaseSummary *) a->pdata[i])->number);

      g_assert_cmpstr (x->deadline, ==, y->deadline);
      g_assert_true ((x->clock == NULL) == (y->clock == NULL));
      if (x->clock != NULL)
        {
          g_assert_cmpint (x->clock->legal.state, ==, y->clock->legal.state);
          g_assert_cmpint (x->clock->legal.left, ==, y->clock->legal.left);
          g_assert_cmpint (x->clock->service.left, ==, y->clock->service.left);
        }
    }
}

/* The cache reuses a case's clocks until one of its events, the day or a
 * case type or calendar changes, and always agrees with deriving afresh. */
static void
test_cache (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovDeadlineCache) cache = gov_deadline_cache_new ();
  g_autofree char *a = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  g_autofree char *b = resp_typed_case (f->hub, resp_dmy (3, 4, 2024));
  g_autofree char *c = util_new_case (f->hub, "No type");
  GDate today = resp_dmy (18, 4, 2024), pause = resp_dmy (15, 4, 2024);
  GovPeriod legal = { 30, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovPeriod service = { 10, GOV_CLOCK_UNIT_WORKING_DAYS };
  g_autoptr(GovCaseType) v2 = gov_case_type_new ("other", "Other permit", 1, "nl", legal,
                                                 service);
  g_autoptr(GPtrArray) r1 = rows_with_deadlines (f->hub, cache, today);
  g_autoptr(GPtrArray) r2 = NULL;
  g_autoptr(GPtrArray) r3 = NULL;
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GPtrArray) r4 = NULL;
  g_autoptr(GPtrArray) r5 = NULL;

  g_assert_nonnull (find (r1, c));
  g_assert_cmpuint (gov_deadline_cache_get_computed (cache), ==, 3);
  r2 = rows_with_deadlines (f->hub, cache, today);
  g_assert_cmpuint (gov_deadline_cache_get_computed (cache), ==, 3);
  assert_same_deadlines (r1, r2);

  g_assert_true (gov_case_clock_pause (f->hub, a, &pause, "missing-information", &error));
  g_assert_no_error (error);
  r3 = rows_with_deadlines (f->hub, cache, today);
  g_assert_cmpuint (gov_deadline_cache_get_computed (cache), ==, 4);
  g_assert_cmpint (find (r3, a)->clock->legal.state, ==, GOV_CLOCK_STATE_PAUSED);
  fresh = rows_with_deadlines (f->hub, NULL, today);
  assert_same_deadlines (r3, fresh);

  r4 = rows_with_deadlines (f->hub, cache, resp_dmy (19, 4, 2024));
  g_assert_cmpuint (gov_deadline_cache_get_computed (cache), ==, 7);

  g_assert_true (gov_case_type_store (f->hub, v2, &error));
  g_assert_no_error (error);
  r5 = rows_with_deadlines (f->hub, cache, resp_dmy (19, 4, 2024));
  g_assert_cmpuint (gov_deadline_cache_get_computed (cache), ==, 10);
  g_assert_cmpstr (find (r5, b)->deadline, ==, find (r4, b)->deadline);
  g_assert_cmpstr (find (r5, b)->deadline, !=, NULL);
}

/* A synced event older (by HLC) than the case's newest one leaves
 * updated_ms as it was, yet moves the clock: the cache must see it. */
static void
test_cache_late_event (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovDeadlineCache) cache = gov_deadline_cache_new ();
  g_autofree char *number = resp_typed_case (f->hub, resp_dmy (2, 4, 2024));
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  GDate pause = resp_dmy (15, 4, 2024), today = resp_dmy (6, 5, 2024);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  gint64 updated;

  util_sync (f->hub, desk);
  g_assert_true (gov_case_clock_pause (desk, number, &pause, "missing-information", &error));
  g_assert_no_error (error);
  /* The hub changes the case later than the desk's pause, then hears of it. */
  g_usleep (2000);
  set_due (f->hub, number, "2024-12-31");
  before = rows_with_deadlines (f->hub, cache, today);
  g_assert_cmpint (find (before, number)->clock->legal.state, ==, GOV_CLOCK_STATE_OVERDUE);
  updated = find (before, number)->updated_ms;
  util_sync (desk, f->hub);

  after = rows_with_deadlines (f->hub, cache, today);
  g_assert_cmpint (find (after, number)->updated_ms, ==, updated);
  g_assert_cmpint (find (after, number)->clock->legal.state, ==, GOV_CLOCK_STATE_PAUSED);
}

/* Offers this office sent show with whom they wait; an offer from another
 * office waits for us. */
static void
test_in_transit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) other = util_hub (f->dir, "other", "OTH");
  const char *other_id = gov_identity_get_office_id (gov_replica_get_identity (other));
  const char *none[] = { NULL };
  GovHandoverOffer to_team = { .to_team = "Waterways", .reason = "Their canal",
                               .promises = none, .first_steps = "Call" };
  GovHandoverOffer to_us = { .to_office = NULL, .reason = "Your district",
                             .promises = none, .first_steps = "Call" };
  g_autofree char *sent = util_new_case (f->hub, "Sent to a team");
  g_autofree char *quiet = util_new_case (f->hub, "Not handed over");
  g_autofree char *theirs = util_new_case (other, "Theirs");
  g_autofree char *offer = gov_handover_offer (f->hub, sent, &to_team, &error);
  g_autofree char *offer2 = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GovCaseTransit *t;

  g_assert_no_error (error);
  to_us.to_office = gov_identity_get_office_id (gov_replica_get_identity (f->hub));
  gov_ledger_pin_office (gov_replica_get_ledger (other),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (f->hub),
                         gov_identity_get_root_pk (gov_replica_get_identity (other)), &error);
  g_assert_no_error (error);
  offer2 = gov_handover_offer (other, theirs, &to_us, &error);
  g_assert_no_error (error);
  util_sync (other, f->hub);

  list = gov_case_due_in_transit (f->hub, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  t = list->pdata[0];
  g_assert_false (t->incoming);
  g_assert_cmpstr (t->offer_id, ==, offer);
  g_assert_cmpstr (t->party, ==, "Waterways");
  t = list->pdata[1];
  g_assert_true (t->incoming);
  g_assert_cmpstr (t->offer_id, ==, offer2);
  g_assert_cmpstr (t->party, !=, other_id);
  g_assert_cmpstr (t->party, !=, NULL);
  (void) quiet;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/case-due/overdue-from-clocks", Fixture, NULL, setup, test_overdue_from_clocks,
              teardown);
  g_test_add ("/case-due/untyped-weekend", Fixture, NULL, setup, test_untyped_weekend,
              teardown);
  g_test_add ("/case-due/due-within", Fixture, NULL, setup, test_due_within, teardown);
  g_test_add ("/case-due/cache", Fixture, NULL, setup, test_cache, teardown);
  g_test_add ("/case-due/cache-late-event", Fixture, NULL, setup, test_cache_late_event,
              teardown);
  g_test_add ("/case-due/in-transit", Fixture, NULL, setup, test_in_transit, teardown);
  return g_test_run ();
}
