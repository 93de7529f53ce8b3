/* test-property-resp.c: handovers, decisions and clocks converge under any
 * delivery order
 *
 * Three devices of one office hand cases over between teams, record,
 * amend and retract decisions and pause and resume clocks, with partial
 * syncs in between (so offers race, answers race withdraws and amendments
 * race each other). The union of their events is delivered to fresh
 * replicas in random orders and batches, with duplicates. Every replica
 * must derive the same owners, offers, decisions and deadlines as the
 * devices, and the same projections, also after a rebuild.
 */

#include "config.h"

#include <string.h>

#include "resp-util.h"

#define N_DEVICES   3
#define N_OPS       90
#define N_RECEIVERS 3

static const char *const teams[] = { "roads", "parks", "lights" };

static GPtrArray *
numbers (GovReplica *r)
{
  GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .sort = GOV_CASE_SORT_NUMBER, .limit = 1000 };
  g_autoptr(JsonNode) rows = gov_case_list (r, &q, NULL);
  JsonArray *arr = json_node_get_array (rows);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (arr); i++)
    g_ptr_array_add (out, g_strdup (json_object_get_string_member (
                                      json_array_get_object_element (arr, i), "number")));
  return out;
}

static char *
some_decision (GovReplica *r,
               const char *number,
               GRand      *rand)
{
  g_autoptr(JsonNode) list = gov_decision_list (r, number, NULL);
  JsonArray *arr = json_node_get_array (list);
  guint n = json_array_get_length (arr);

  if (n == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (
    json_array_get_object_element (arr, g_rand_int_range (rand, 0, n)), "id"));
}

/* One random act; refusals (already in transit, not pending, retracted…)
 * are part of the game and leave nothing behind. */
static void
random_op (GovReplica *r,
           GRand      *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = numbers (r);
  const char *number;
  const char *team = teams[g_rand_int_range (rand, 0, G_N_ELEMENTS (teams))];
  int op = g_rand_int_range (rand, 0, 11);
  GDate day = resp_dmy (g_rand_int_range (rand, 3, 28), 6, 2024);

  if (cases->len == 0 || op == 0)
    {
      g_free (resp_typed_case (r, resp_dmy (3, 6, 2024)));
      return;
    }
  number = cases->pdata[g_rand_int_range (rand, 0, cases->len)];
  switch (op)
    {
    case 1: case 2:
      {
        GovHandoverOffer o = { .to_team = team, .reason = "load", .first_steps = "call" };
        g_free (gov_handover_offer (r, number, &o, &error));
      }
      break;
    case 3:
      gov_handover_accept (r, number, NULL, team, &error);
      break;
    case 4:
      gov_handover_decline (r, number, NULL, team, "busy", &error);
      break;
    case 5:
      gov_handover_withdraw (r, number, NULL, &error);
      break;
    case 6:
      {
        GovDecisionInput in = { .decision_type = "grant", .mandate = "Mayor",
                                .legal_basis = { "Wabo", "2.1", NULL, "2024-01-01" },
                                .rationale = "fits", .effect_date = "2024-06-20" };
        g_free (gov_decision_record (r, number, &in, &error));
      }
      break;
    case 7: case 8:
      {
        g_autofree char *id = some_decision (r, number, rand);
        GovDecisionInput in = { .rationale = team };

        if (id != NULL && op == 7)
          gov_decision_amend (r, id, &in, "change", &error);
        else if (id != NULL)
          gov_decision_retract (r, id, "gone", &error);
      }
      break;
    case 9:
      gov_case_clock_pause (r, number, &day, "missing-information", &error);
      break;
    default:
      gov_case_clock_resume (r, number, &day, &error);
      break;
    }
  /* Only refusals are expected here, never a broken replica. */
  if (error != NULL)
    g_assert_true (error->domain == GOV_HANDOVER_ERROR || error->domain == GOV_DECISION_ERROR ||
                   error->domain == GOV_CLOCK_ERROR);
}

/* Everything the responsibility layer derives, as one text. */
static char *
derived (GovReplica *r)
{
  g_autoptr(GPtrArray) cases = numbers (r);
  g_autoptr(GString) out = g_string_new (NULL);
  GDate today = resp_dmy (1, 7, 2024);

  for (guint i = 0; i < cases->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) ho = gov_handover_get_state (r, cases->pdata[i], &error);
      g_autoptr(JsonNode) dec = gov_decision_list (r, cases->pdata[i], &error);
      g_autoptr(GovCaseClock) clock = gov_case_clock_get (r, cases->pdata[i], &today, &error);
      g_autoptr(JsonNode) cj = NULL;
      g_autofree char *a = NULL, *b = NULL, *c = NULL;

      g_assert_no_error (error);
      cj = gov_clock_result_to_json (clock->result);
      a = json_to_string (ho, FALSE);
      b = json_to_string (dec, FALSE);
      c = json_to_string (cj, FALSE);
      g_string_append_printf (out, "%s\n%s\n%s\n", a, b, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
shuffle (GPtrArray *a,
         GRand     *rand)
{
  for (guint i = a->len; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      gpointer t = a->pdata[i - 1];
      a->pdata[i - 1] = a->pdata[j];
      a->pdata[j] = t;
    }
}

static void
deliver_randomly (GovReplica *r,
                  GPtrArray  *events,
                  GRand      *rand)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint i = 0;

  for (guint k = 0; k < events->len; k++)
    {
      g_ptr_array_add (order, events->pdata[k]);
      if (g_rand_int_range (rand, 0, 5) == 0)
        g_ptr_array_add (order, events->pdata[k]);
    }
  shuffle (order, rand);

  while (i < order->len)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new ();
      guint n = g_rand_int_range (rand, 1, 40);

      for (; n > 0 && i < order->len; n--, i++)
        g_ptr_array_add (batch, order->pdata[i]);
      util_ingest (r, batch);
    }
}

static void
run_seed (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *base = util_tmpdir ();
  g_autofree char *root = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expected_derived = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  GovReplica *dev[N_DEVICES];

  g_test_message ("seed %u", seed);
  dev[0] = util_hub (base, "hub", "HRB");
  gov_replica_set_actor (dev[0], "alice");
  resp_store_fixtures (dev[0]);
  dev[1] = util_join (dev[0], base, "d1");
  dev[2] = util_join (dev[0], base, "d2");
  root = gov_replica_dup_office_root_pk (dev[0]);

  for (guint op = 0; op < N_OPS; op++)
    {
      random_op (dev[g_rand_int_range (rand, 0, N_DEVICES)], rand);
      if (g_rand_int_range (rand, 0, 5) == 0)
        {
          int a = g_rand_int_range (rand, 0, N_DEVICES);
          int b = (a + g_rand_int_range (rand, 1, N_DEVICES)) % N_DEVICES;
          util_sync (dev[a], dev[b]);
        }
    }

  for (guint d = 0; d < N_DEVICES; d++)
    {
      g_autoptr(GPtrArray) lines = util_export (dev[d]);

      for (guint i = 0; i < lines->len; i++)
        if (!g_hash_table_contains (seen, lines->pdata[i]))
          {
            char *line = g_strdup (lines->pdata[i]);
            g_ptr_array_add (all, line);
            g_hash_table_add (seen, line);
          }
    }

  for (guint round = 0; round < 2; round++)
    for (guint a = 0; a < N_DEVICES; a++)
      for (guint b = 0; b < N_DEVICES; b++)
        if (a != b)
          util_sync (dev[a], dev[b]);
  expected = util_digest (dev[0]);
  expected_derived = derived (dev[0]);
  for (guint d = 1; d < N_DEVICES; d++)
    {
      g_autofree char *got = util_digest (dev[d]);
      g_autofree char *got_derived = derived (dev[d]);

      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got_derived, ==, expected_derived);
    }

  for (guint k = 0; k < N_RECEIVERS; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("recv%u", k);
      g_autofree char *dir = g_build_filename (base, name, NULL);
      g_autoptr(GovReplica) r = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
      g_autofree char *got = NULL;
      g_autofree char *got_derived = NULL;

      g_assert_no_error (error);
      deliver_randomly (r, all, rand);
      g_assert_cmpint (util_count (r, "SELECT count(*) FROM pending"), ==, 0);
      g_assert_cmpint (util_count (r, "SELECT count(*) FROM quarantine"), ==, 0);
      got = util_digest (r);
      got_derived = derived (r);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got_derived, ==, expected_derived);
      if (k == 0)
        {
          g_autofree char *rebuilt = NULL;
          g_autofree char *rebuilt_derived = NULL;

          g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (r), &error));
          g_assert_no_error (error);
          rebuilt = util_digest (r);
          rebuilt_derived = derived (r);
          g_assert_cmpstr (rebuilt, ==, expected);
          g_assert_cmpstr (rebuilt_derived, ==, expected_derived);
        }
    }

  g_test_message ("%u events, %" G_GINT64_FORMAT " conflicts", all->len,
                  util_count (dev[0], "SELECT count(*) FROM case_field WHERE conflict = 1"));
  for (guint d = 0; d < N_DEVICES; d++)
    gov_replica_close (dev[d]);
  util_rm_rf (base);
}

static void
test_convergence (void)
{
  const char *env = g_getenv ("GOV_PROPERTY_SEED");

  if (env != NULL)
    {
      run_seed (g_ascii_strtoull (env, NULL, 10));
      return;
    }
  for (guint32 seed = 1; seed <= 3; seed++)
    run_seed (seed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/property-resp/convergence", test_convergence);
  return g_test_run ();
}
