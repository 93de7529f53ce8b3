/* test-property.c: convergence of projections under any delivery order
 *
 * Three devices of one office work concurrently with partial syncs. The
 * union of their events is then delivered to several fresh replicas in
 * random orders, in random batches, with duplicates. Every replica must end
 * with the same projections digest and the same conflict set, equal to the
 * devices' own state after a full exchange, and equal after a rebuild.
 */

#include "config.h"

#include <string.h>

#include "ledger-util.h"

#define N_DEVICES   3
#define N_OPS       120
#define N_RECEIVERS 4

static const char *const fields[] = { "priority", "location", "title", "due" };
static const char *const values[][3] = {
  { "low", "high", "urgent" },
  { "Kade 12", "Dam 1", "Markt 3" },
  { "Lamp", "Lamp out", "Broken lamp" },
  { "2025-01-10", "2025-02-01", "2025-03-15" },
};

static char *
random_case (GovReplica *r,
             GRand      *rand)
{
  GovCaseQuery q = { .view = GOV_CASE_VIEW_ALL, .sort = GOV_CASE_SORT_NUMBER, .limit = 1000 };
  g_autoptr(JsonNode) rows = gov_case_list (r, &q, NULL);
  JsonArray *arr = json_node_get_array (rows);
  guint n = json_array_get_length (arr);

  if (n == 0)
    return NULL;
  return g_strdup (json_object_get_string_member (
    json_array_get_object_element (arr, g_rand_int_range (rand, 0, n)), "number"));
}

static void
random_op (GovReplica *r,
           GRand      *rand)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = random_case (r, rand);
  int op = g_rand_int_range (rand, 0, 10);
  int f = g_rand_int_range (rand, 0, G_N_ELEMENTS (fields));
  const char *v = values[f][g_rand_int_range (rand, 0, 3)];

  if (number == NULL || op == 0)
    {
      g_free (util_new_case (r, "Lamp out near the bridge"));
      return;
    }

  switch (op)
    {
    case 1: case 2: case 3:
      gov_case_set_field (r, number, fields[f], v, NULL, &error);
      break;
    case 4:
      gov_case_assign (r, number, g_rand_boolean (rand) ? "alice" : "bob", NULL, &error);
      break;
    case 5:
      gov_case_add_note (r, number, "checked the lamp", g_rand_boolean (rand), &error);
      break;
    case 6:
      gov_case_add_correspondence (r, number, "in", "email", "Any news?", "J. Doe", NULL, &error);
      break;
    case 7:
      gov_case_set_field (r, number, "status", g_rand_boolean (rand) ? "open" : "in_progress",
                          "work started", &error);
      break;
    case 8:
      gov_case_resolve_conflict (r, number, fields[f], v, &error);
      break;
    default:
      gov_case_close (r, number, "resolved", g_rand_boolean (rand), NULL, &error);
      if (g_error_matches (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CONFLICT) ||
          g_error_matches (error, GOV_CASE_ERROR, GOV_CASE_ERROR_CLOSED))
        g_clear_error (&error);
      break;
    }
  g_assert_no_error (error);
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
  g_autofree char *expected_conflicts = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  GovReplica *dev[N_DEVICES];

  g_test_message ("seed %u", seed);
  dev[0] = util_hub (base, "hub", "HRB");
  gov_replica_set_actor (dev[0], "alice");
  g_free (gov_routing_add (dev[0], "public_space", NULL, NULL, "Public works", NULL));
  dev[1] = util_join (dev[0], base, "d1");
  dev[2] = util_join (dev[0], base, "d2");
  util_sync (dev[0], dev[1]);
  root = gov_replica_dup_office_root_pk (dev[0]);

  for (guint op = 0; op < N_OPS; op++)
    {
      random_op (dev[g_rand_int_range (rand, 0, N_DEVICES)], rand);
      if (g_rand_int_range (rand, 0, 6) == 0)
        {
          int a = g_rand_int_range (rand, 0, N_DEVICES);
          int b = (a + g_rand_int_range (rand, 1, N_DEVICES)) % N_DEVICES;
          util_sync (dev[a], dev[b]);
        }
    }

  /* The union of every device's events. */
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

  /* Full exchange among the devices: they converge. */
  for (guint round = 0; round < 2; round++)
    for (guint a = 0; a < N_DEVICES; a++)
      for (guint b = 0; b < N_DEVICES; b++)
        if (a != b)
          util_sync (dev[a], dev[b]);
  expected = util_digest (dev[0]);
  expected_conflicts = util_conflicts (dev[0]);
  for (guint d = 1; d < N_DEVICES; d++)
    {
      g_autofree char *got = util_digest (dev[d]);
      g_assert_cmpstr (got, ==, expected);
    }
  g_assert_cmpint (util_count (dev[0], "SELECT count(*) FROM event"), ==, all->len);

  for (guint k = 0; k < N_RECEIVERS; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("recv%u", k);
      g_autofree char *dir = g_build_filename (base, name, NULL);
      g_autoptr(GovReplica) r = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
      g_autofree char *got = NULL;
      g_autofree char *got_conflicts = NULL;

      g_assert_no_error (error);
      deliver_randomly (r, all, rand);
      g_assert_cmpint (util_count (r, "SELECT count(*) FROM pending"), ==, 0);
      g_assert_cmpint (util_count (r, "SELECT count(*) FROM quarantine"), ==, 0);
      got = util_digest (r);
      got_conflicts = util_conflicts (r);
      g_assert_cmpstr (got, ==, expected);
      g_assert_cmpstr (got_conflicts, ==, expected_conflicts);

      if (k == 0)
        {
          g_autofree char *rebuilt = NULL;

          g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (r), &error));
          g_assert_no_error (error);
          rebuilt = util_digest (r);
          g_assert_cmpstr (rebuilt, ==, expected);
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
  for (guint32 seed = 1; seed <= 4; seed++)
    run_seed (seed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/property/convergence", test_convergence);
  return g_test_run ();
}
