/* test-handover.c: two-phase handovers, their conflicts and refusals
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
  g_autoptr(GError) error = NULL;

  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "hub", "HUB");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);
  f->number = resp_typed_case (f->hub, resp_dmy (1, 10, 2024));
  g_assert_true (gov_case_set_field (f->hub, f->number, "team", "roads", NULL, &error));
  g_assert_no_error (error);
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

static char *
offer_to (GovReplica *r,
          const char *number,
          const char *team)
{
  g_autoptr(GError) error = NULL;
  const char *promises[] = { "Call back before Friday", NULL };
  const char *risks[] = { "The neighbour objects", NULL };
  GovHandoverOffer o = { .to_team = team, .reason = "Parks handles sheds", .promises = promises,
                         .risks = risks, .first_steps = "Visit the site" };
  char *id = gov_handover_offer (r, number, &o, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

static JsonObject *
state (GovReplica *r,
       const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) n = gov_handover_get_state (r, number, &error);

  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (n));
}

static const char *
owner_team (JsonObject *st)
{
  return json_object_get_string_member (st, "owner_team");
}

/* The offer changes nothing but "in transit"; the accept moves the case. */
static void
test_offer_accept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *offer = offer_to (f->hub, f->number, "parks");
  g_autoptr(JsonObject) in_transit = state (f->hub, f->number);
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonNode) inbox = NULL;
  JsonObject *pkg;

  g_assert_cmpstr (owner_team (in_transit), ==, "roads");
  g_assert_false (json_object_get_null_member (in_transit, "in_transit"));
  pkg = json_object_get_object_member (json_object_get_object_member (in_transit, "in_transit"),
                                       "package");
  /* The open deadlines are filled in from the case's clocks. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (pkg, "open_deadlines")),
                    ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (pkg, "promises"),
                                                  0), ==, "Call back before Friday");

  inbox = gov_handover_list (f->hub, "parks", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (inbox), "waiting")), ==, 1);

  g_assert_true (gov_handover_accept (f->hub, f->number, NULL, "parks", &error));
  g_assert_no_error (error);
  done = state (f->hub, f->number);
  g_assert_cmpstr (owner_team (done), ==, "parks");
  g_assert_true (json_object_get_null_member (done, "in_transit"));
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM case_row WHERE team = 'parks'"),
                   ==, 1);
}

/* Every refusal says why and writes nothing. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;
  g_autoptr(GError) e4 = NULL;
  g_autoptr(GError) e5 = NULL;
  g_autoptr(GError) e6 = NULL;
  g_autoptr(GError) error = NULL;
  GovHandoverOffer no_reason = { .to_team = "parks", .first_steps = "Visit" };
  g_autofree char *offer = offer_to (f->hub, f->number, "parks");
  g_autofree char *closed = util_new_case (f->hub, "Done already");
  GovHandoverOffer ok = { .to_team = "parks", .reason = "r", .first_steps = "Visit" };
  gint64 n = resp_events (f->hub);

  g_assert_false (gov_handover_accept (f->hub, f->number, NULL, "lights", &e1));
  g_assert_error (e1, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_NOT_TARGET);
  g_assert_nonnull (strstr (e1->message, "parks"));
  g_assert_false (gov_handover_decline (f->hub, f->number, NULL, "parks", "", &e2));
  g_assert_error (e2, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_INVALID);
  g_assert_null (gov_handover_offer (f->hub, f->number, &no_reason, &e3));
  g_assert_error (e3, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_INVALID);
  g_assert_null (gov_handover_offer (f->hub, f->number, &ok, &e4));
  g_assert_error (e4, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_IN_TRANSIT);
  g_assert_cmpint (resp_events (f->hub), ==, n);

  g_assert_true (gov_case_close (f->hub, closed, "resolved", FALSE, NULL, &error));
  g_assert_no_error (error);
  n = resp_events (f->hub);
  g_assert_null (gov_handover_offer (f->hub, closed, &ok, &e5));
  g_assert_error (e5, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_CLOSED);
  g_assert_nonnull (strstr (e5->message, "closed"));

  g_assert_true (gov_handover_decline (f->hub, f->number, NULL, "parks", "No capacity", &error));
  g_assert_no_error (error);
  n = resp_events (f->hub);
  g_assert_false (gov_handover_withdraw (f->hub, f->number, offer, &e6));
  g_assert_error (e6, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_ANSWERED);
  g_assert_cmpint (resp_events (f->hub), ==, n);
}

/* Two devices offer the case to different teams while apart: after the
 * exchange both see a conflict and the case stays where it was. */
static void
test_concurrent_offers (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  g_autofree char *a = offer_to (f->hub, f->number, "parks");
  g_autofree char *b = offer_to (desk, f->number, "lights");
  g_autoptr(JsonObject) sa = NULL;
  g_autoptr(JsonObject) sb = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *da = NULL;
  g_autofree char *db = NULL;

  resp_sync_both (f->hub, desk);
  sa = state (f->hub, f->number);
  sb = state (desk, f->number);
  g_assert_true (json_object_get_boolean_member (sa, "conflict"));
  g_assert_true (json_object_get_boolean_member (sb, "conflict"));
  g_assert_cmpstr (owner_team (sa), ==, "roads");
  g_assert_cmpint (util_count (f->hub, "SELECT conflicts FROM case_row"), ==, 1);
  da = util_digest (f->hub);
  db = util_digest (desk);
  g_assert_cmpstr (da, ==, db);

  /* A supervisor withdraws one offer having seen both: the conflict ends. */
  g_assert_true (gov_handover_withdraw (f->hub, f->number, b, &error));
  g_assert_no_error (error);
  after = state (f->hub, f->number);
  g_assert_false (json_object_get_boolean_member (after, "conflict"));
}

/* The receiver accepts while the sender withdraws: contested, the case
 * stays with the sender until someone resolves it. */
static void
test_accept_races_withdraw (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  g_autofree char *offer = NULL;
  g_autoptr(JsonObject) sa = NULL;
  g_autoptr(JsonObject) sb = NULL;
  g_autoptr(JsonObject) resolved = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *rebuilt = NULL;

  offer = offer_to (f->hub, f->number, "parks");
  util_sync (f->hub, desk);
  g_assert_true (gov_handover_withdraw (f->hub, f->number, NULL, &error));
  g_assert_true (gov_handover_accept (desk, f->number, NULL, "parks", &error));
  g_assert_no_error (error);
  resp_sync_both (f->hub, desk);

  sa = state (f->hub, f->number);
  sb = state (desk, f->number);
  g_assert_true (json_object_get_boolean_member (sa, "conflict"));
  g_assert_cmpstr (owner_team (sa), ==, "roads");
  g_assert_cmpstr (owner_team (sb), ==, "roads");
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (sa, "offers"), 0),
                     "status"), ==, "contested");

  digest = util_digest (desk);
  g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (desk), &error));
  g_assert_no_error (error);
  rebuilt = util_digest (desk);
  g_assert_cmpstr (digest, ==, rebuilt);

  g_assert_true (gov_handover_resolve (f->hub, f->number, offer, TRUE, "Parks started", &error));
  g_assert_no_error (error);
  resolved = state (f->hub, f->number);
  g_assert_false (json_object_get_boolean_member (resolved, "conflict"));
  g_assert_cmpstr (owner_team (resolved), ==, "parks");
}

/* The old owner adds a note after the offer; the receiver accepts without
 * having seen it: the note is flagged for review. */
static void
test_edits_during_transfer (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) desk = util_join (f->hub, f->dir, "desk");
  g_autofree char *offer = offer_to (f->hub, f->number, "parks");
  g_autoptr(JsonObject) st = NULL;
  JsonArray *review;

  util_sync (f->hub, desk);
  g_assert_true (gov_case_add_note (f->hub, f->number, "Citizen called again", FALSE, &error));
  g_assert_true (gov_handover_accept (desk, f->number, NULL, "parks", &error));
  g_assert_true (gov_case_add_note (desk, f->number, "Parks took it", FALSE, &error));
  g_assert_no_error (error);
  resp_sync_both (f->hub, desk);

  st = state (desk, f->number);
  review = json_object_get_array_member (st, "edited_during_transfer");
  g_assert_cmpuint (json_array_get_length (review), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (review, 0),
                                                  "actor"), ==, "Ana Ruiz");
  g_assert_cmpstr (owner_team (st), ==, "parks");
}


/* An offer to another office travels with the case's events; only that
 * office may accept, and from the accept on it may write to the case. */
static void
test_other_office (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) other = util_hub (f->dir, "other", "OTH");
  g_autoptr(GovReplica) third = util_hub (f->dir, "third", "THR");
  const char *other_id = gov_identity_get_office_id (gov_replica_get_identity (other));
  const char *promises[] = { NULL };
  GovHandoverOffer o = { .to_office = other_id, .reason = "Their district", .promises = promises,
                         .first_steps = "Call the applicant" };
  g_autofree char *offer = NULL;
  g_autoptr(JsonObject) there = NULL;
  g_autoptr(JsonObject) back_home = NULL;
  g_autoptr(GError) not_target = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  GovIngestReport rep;

  gov_replica_set_actor (other, "Olga");
  gov_ledger_pin_office (gov_replica_get_ledger (other),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (third),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (f->hub),
                         gov_identity_get_root_pk (gov_replica_get_identity (other)), &error);
  g_assert_no_error (error);
  offer = gov_handover_offer (f->hub, f->number, &o, &error);
  g_assert_no_error (error);
  util_sync (f->hub, other);
  util_sync (f->hub, third);

  /* A third office that was not offered the case cannot accept it. */
  g_assert_false (gov_handover_accept (third, f->number, NULL, NULL, &not_target));
  g_assert_error (not_target, GOV_HANDOVER_ERROR, GOV_HANDOVER_ERROR_NOT_TARGET);

  g_assert_true (gov_handover_accept (other, f->number, NULL, "permits", &error));
  g_assert_no_error (error);
  g_assert_true (gov_case_add_note (other, f->number, "Taken over", FALSE, &error));
  g_assert_no_error (error);
  there = state (other, f->number);
  g_assert_cmpstr (json_object_get_string_member (there, "owner_office"), ==, other_id);

  lines = util_export (other);
  rep = util_ingest (f->hub, lines);
  g_assert_cmpuint (rep.quarantined, ==, 0);
  back_home = state (f->hub, f->number);
  g_assert_cmpstr (json_object_get_string_member (back_home, "owner_office"), ==, other_id);
  g_assert_cmpstr (owner_team (back_home), ==, "permits");

  /* Having seen the accept, the office the case left can no longer write
   * to it; nothing is stored. The new owner still can. */
  {
    g_autoptr(GError) refused = NULL;
    gint64 before = util_count (f->hub, "SELECT count(*) FROM event");

    g_assert_false (gov_case_add_note (f->hub, f->number, "Still ours?", FALSE, &refused));
    g_assert_error (refused, GOV_LEDGER_ERROR, GOV_LEDGER_ERROR_REFUSED);
    g_clear_error (&refused);
    g_assert_false (gov_case_set_field (f->hub, f->number, "priority", "high", NULL, &refused));
    g_assert_nonnull (refused);
    g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM event"), ==, before);
  }
  g_assert_true (gov_case_set_field (other, f->number, "priority", "high", NULL, &error));
  g_assert_no_error (error);
}

/* The old owner's edit made before it saw the accept is concurrent with it:
 * it is kept, and the new owner is shown it for review. */
static void
test_other_office_concurrent_edit (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) other = util_hub (f->dir, "other", "OTH");
  const char *other_id = gov_identity_get_office_id (gov_replica_get_identity (other));
  const char *promises[] = { NULL };
  GovHandoverOffer o = { .to_office = other_id, .reason = "Their district", .promises = promises,
                         .first_steps = "Call the applicant" };
  g_autofree char *offer = NULL;
  GovIngestReport rep;

  gov_ledger_pin_office (gov_replica_get_ledger (other),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (f->hub),
                         gov_identity_get_root_pk (gov_replica_get_identity (other)), &error);
  offer = gov_handover_offer (f->hub, f->number, &o, &error);
  g_assert_no_error (error);
  util_sync (f->hub, other);
  g_assert_true (gov_handover_accept (other, f->number, NULL, "permits", &error));
  g_assert_true (gov_case_add_note (f->hub, f->number, "Applicant called again", FALSE, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GPtrArray) lines = util_export (f->hub);
    rep = util_ingest (other, lines);
  }
  g_assert_cmpuint (rep.quarantined, ==, 0);
  {
    g_autoptr(JsonObject) st = state (other, f->number);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                        st, "edited_during_transfer")), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/handover/offer-accept", Fixture, NULL, setup, test_offer_accept, teardown);
  g_test_add ("/handover/refusals", Fixture, NULL, setup, test_refusals, teardown);
  g_test_add ("/handover/concurrent-offers", Fixture, NULL, setup, test_concurrent_offers,
              teardown);
  g_test_add ("/handover/accept-races-withdraw", Fixture, NULL, setup,
              test_accept_races_withdraw, teardown);
  g_test_add ("/handover/edits-during-transfer", Fixture, NULL, setup,
              test_edits_during_transfer, teardown);
  g_test_add ("/handover/other-office", Fixture, NULL, setup, test_other_office, teardown);
  g_test_add ("/handover/other-office-concurrent-edit", Fixture, NULL, setup,
              test_other_office_concurrent_edit, teardown);
  return g_test_run ();
}
