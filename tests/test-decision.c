/* test-decision.c: decisions, amendments, retractions, four eyes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "resp-util.h"

typedef struct
{
  char       *dir;
  GovReplica *hub;
  char       *number;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "hub", "HUB");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);
  f->number = resp_typed_case (f->hub, resp_dmy (1, 10, 2024));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gov_replica_close (f->hub);
  util_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->number);
}

static GovDecisionInput
grant (void)
{
  GovDecisionInput in = {
    .decision_type = "grant", .mandate = "Mayor and aldermen",
    .legal_basis = { "Wabo", "2.1", "1", "2024-01-01" },
    .rationale = "The shed fits the zoning plan", .effect_date = "2024-11-14",
  };

  return in;
}

static JsonObject *
decision (GovReplica *r,
          const char *id)
{
  g_autoptr(GError) error = NULL;
  JsonNode *n = gov_decision_get (r, id, &error);
  JsonObject *o;

  g_assert_no_error (error);
  o = json_object_ref (json_node_get_object (n));
  json_node_unref (n);
  return o;
}

/* The objection deadline is worked example 13: effect Thu 14 Nov 2024,
 * 42 calendar days end on Christmas, so Fri 27 Dec. */
static void
test_record (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GovDecisionInput in = grant ();
  g_autoptr(JsonNode) detail = gov_case_get_detail (f->hub, f->number, &error);
  JsonArray *timeline = json_object_get_array_member (json_node_get_object (detail), "timeline");
  const char *fact = json_object_get_string_member (json_array_get_object_element (timeline, 0),
                                                    "event_id");
  const char *facts[] = { fact, NULL };
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) d = NULL;
  JsonObject *lb;

  in.facts = facts;
  id = gov_decision_record (f->hub, f->number, &in, &error);
  g_assert_no_error (error);
  d = decision (f->hub, id);
  lb = json_object_get_object_member (d, "legal_basis");
  g_assert_cmpstr (json_object_get_string_member (lb, "law"), ==, "Wabo");
  g_assert_cmpstr (json_object_get_string_member (lb, "article"), ==, "2.1");
  g_assert_cmpstr (json_object_get_string_member (lb, "version"), ==, "2024-01-01");
  g_assert_cmpstr (json_object_get_string_member (d, "decided_by"), ==, "Ana Ruiz");
  g_assert_cmpstr (json_object_get_string_member (d, "objection_deadline"), ==, "2024-12-27");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (d, "facts"), 0),
                   ==, fact);
  g_assert_true (json_object_get_boolean_member (d, "final"));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  GovDecisionInput no_basis = grant ();
  GovDecisionInput bad_fact = grant ();
  GovDecisionInput no_version = grant ();
  const char *facts[] = { "b2:not-an-event-of-this-case", NULL };
  gint64 n = resp_events (f->hub);

  no_basis.legal_basis.law = NULL;
  g_assert_null (gov_decision_record (f->hub, f->number, &no_basis, &e1));
  g_assert_error (e1, GOV_DECISION_ERROR, GOV_DECISION_ERROR_INVALID);
  g_assert_nonnull (strstr (e1->message, "legal basis"));
  bad_fact.facts = facts;
  g_assert_null (gov_decision_record (f->hub, f->number, &bad_fact, &e2));
  g_assert_error (e2, GOV_DECISION_ERROR, GOV_DECISION_ERROR_INVALID);
  no_version.legal_basis.version = "";
  g_assert_null (gov_decision_record (f->hub, f->number, &no_version, &e3));
  g_assert_error (e3, GOV_DECISION_ERROR, GOV_DECISION_ERROR_INVALID);
  g_assert_cmpint (resp_events (f->hub), ==, n);
}

/* Amend and retract are new events pointing at the decision; a retracted
 * decision can no longer be amended. */
static void
test_amend_retract (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GovDecisionInput in = grant ();
  GovDecisionInput change = { .effect_date = "2024-03-29" };
  g_autofree char *id = gov_decision_record (f->hub, f->number, &in, &error);
  g_autoptr(JsonObject) amended = NULL;
  g_autoptr(JsonObject) retracted = NULL;
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (gov_decision_amend (f->hub, id, &change, "Wrong date", &error));
  g_assert_no_error (error);
  amended = decision (f->hub, id);
  g_assert_cmpstr (json_object_get_string_member (amended, "effect_date"), ==, "2024-03-29");
  /* Worked example 13b: Good Friday is a working day, so Fri 10 May. */
  g_assert_cmpstr (json_object_get_string_member (amended, "objection_deadline"), ==,
                   "2024-05-10");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (amended, "amendments")),
                    ==, 1);
  g_assert_cmpstr (json_object_get_string_member (amended, "rationale"), ==,
                   "The shed fits the zoning plan");

  g_assert_true (gov_decision_retract (f->hub, id, "Application withdrawn", &error));
  g_assert_no_error (error);
  retracted = decision (f->hub, id);
  g_assert_true (json_object_get_boolean_member (retracted, "retracted"));
  g_assert_false (json_object_get_boolean_member (retracted, "final"));

  n = resp_events (f->hub);
  g_assert_false (gov_decision_amend (f->hub, id, &change, "Again", &error));
  g_assert_error (error, GOV_DECISION_ERROR, GOV_DECISION_ERROR_RETRACTED);
  g_assert_cmpint (resp_events (f->hub), ==, n);
}

/* Two devices amend the same decision without seeing each other: after
 * the exchange both show a conflict; an amendment that saw both ends it. */
static void
test_concurrent_amendments (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GovDecisionInput in = grant ();
  GovDecisionInput a = { .rationale = "Reason A" };
  GovDecisionInput b = { .rationale = "Reason B" };
  GovDecisionInput c = { .rationale = "Reason C" };
  g_autofree char *id = gov_decision_record (f->hub, f->number, &in, &error);
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  g_autoptr(JsonObject) at_hub = NULL;
  g_autoptr(JsonObject) at_desk = NULL;
  g_autoptr(JsonObject) resolved = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *cb = NULL;

  g_assert_true (gov_decision_amend (f->hub, id, &a, "A", &error));
  g_assert_true (gov_decision_amend (desk, id, &b, "B", &error));
  g_assert_no_error (error);
  resp_sync_both (f->hub, desk);

  at_hub = decision (f->hub, id);
  at_desk = decision (desk, id);
  g_assert_true (json_object_get_boolean_member (at_hub, "conflict"));
  g_assert_true (json_object_get_boolean_member (at_desk, "conflict"));
  g_assert_cmpstr (json_object_get_string_member (at_hub, "rationale"), ==,
                   json_object_get_string_member (at_desk, "rationale"));
  g_assert_cmpint (util_count (f->hub, "SELECT conflicts FROM case_row"), ==, 1);
  ca = util_conflicts (f->hub);
  cb = util_conflicts (desk);
  g_assert_cmpstr (ca, ==, cb);

  g_assert_true (gov_decision_amend (f->hub, id, &c, "Both seen", &error));
  g_assert_no_error (error);
  resp_sync_both (f->hub, desk);
  resolved = decision (desk, id);
  g_assert_false (json_object_get_boolean_member (resolved, "conflict"));
  g_assert_cmpstr (json_object_get_string_member (resolved, "rationale"), ==, "Reason C");
}

/* Under a four-eyes rule the decision is final only after a second person
 * with the approver role signs it; the decider cannot. */
static void
test_four_eyes (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) own = NULL;
  g_autoptr(GError) stranger = NULL;
  const char *approvers[] = { "Bea Smit", NULL };
  GovDecisionInput in = grant ();
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  gint64 n;

  g_assert_true (gov_decision_set_rule (f->hub, "grant", TRUE, approvers, &error));
  g_assert_no_error (error);
  id = gov_decision_record (f->hub, f->number, &in, &error);
  g_assert_no_error (error);
  before = decision (f->hub, id);
  g_assert_true (json_object_get_boolean_member (before, "four_eyes"));
  g_assert_false (json_object_get_boolean_member (before, "final"));

  n = resp_events (f->hub);
  g_assert_false (gov_decision_approve (f->hub, id, &own));
  g_assert_error (own, GOV_DECISION_ERROR, GOV_DECISION_ERROR_NOT_ALLOWED);
  gov_replica_set_actor (f->hub, "Carl Jansen");
  g_assert_false (gov_decision_approve (f->hub, id, &stranger));
  g_assert_error (stranger, GOV_DECISION_ERROR, GOV_DECISION_ERROR_NOT_ALLOWED);
  g_assert_cmpint (resp_events (f->hub), ==, n);

  gov_replica_set_actor (f->hub, "Bea Smit");
  g_assert_true (gov_decision_approve (f->hub, id, &error));
  g_assert_no_error (error);
  after = decision (f->hub, id);
  g_assert_true (json_object_get_boolean_member (after, "final"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/decision/record", Fixture, NULL, setup, test_record, teardown);
  g_test_add ("/decision/refusals", Fixture, NULL, setup, test_refusals, teardown);
  g_test_add ("/decision/amend-retract", Fixture, NULL, setup, test_amend_retract, teardown);
  g_test_add ("/decision/concurrent-amendments", Fixture, NULL, setup,
              test_concurrent_amendments, teardown);
  g_test_add ("/decision/four-eyes", Fixture, NULL, setup, test_four_eyes, teardown);
  return g_test_run ();
}
