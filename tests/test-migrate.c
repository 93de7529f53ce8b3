/* test-migrate.c: a replica written by an older build opens, migrates and
 * reads exactly as it did (ledger schema steps 5–7, docs/ledger.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gov-case.h"
#include "gov-ledger.h"
#include "gov-replica.h"
#include "ledger-util.h"

#define NUMBER "GS-HRB-001-0001"

static char *
copy_fixture (void)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "replica-v4", NULL);
  char *dir = util_tmpdir ();

  for (const char *name = "replica.db"; name != NULL;
       name = g_str_equal (name, "replica.db") ? "replica.keys" : NULL)
    {
      g_autofree char *from = g_build_filename (src, name, NULL);
      g_autofree char *to = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (from, &data, &len, NULL));
      g_assert_true (g_file_set_contents (to, data, len, NULL));
    }
  return dir;
}

static JsonNode *
expected_detail (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "replica-v4",
                                                 "case-show.json", NULL);
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return json_from_string (text, NULL);
}

static void
assert_same_detail (GovReplica *r,
                    JsonNode   *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = gov_case_get_detail (r, NUMBER, &error);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_no_error (error);
  a = json_to_string (expected, TRUE);
  b = json_to_string (detail, TRUE);
  g_assert_cmpstr (b, ==, a);
}

static void
test_open_old_replica (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = copy_fixture ();
  g_autoptr(JsonNode) expected = expected_detail ();
  g_autoptr(JsonArray) problems = json_array_new ();
  guint n_checked = 0;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GovReplica *r = gov_replica_open (dir, "old replica passphrase", &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  assert_same_detail (r, expected);
  /* Step 8: notes and correspondence keyed by case, rowids kept for FTS. */
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                                  " ('note_case', 'correspondence_case', 'note_v8',"
                                  " 'correspondence_v8')"), ==, 0);
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM pragma_index_list ('note')"
                                  " WHERE \"unique\" AND origin = 'pk'"), ==, 0);
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM note"), >, 0);
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM note n JOIN note_fts f"
                                  " ON f.rowid = n.rowid"), ==,
                   util_count (r, "SELECT count(*) FROM note"));

  g_assert_true (gov_ledger_verify (gov_replica_get_ledger (r), NULL, problems, &n_checked,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_checked, >=, 7);
  g_assert_cmpuint (json_array_get_length (problems), ==, 0);

  before = util_digest (r);
  g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (r), &error));
  g_assert_no_error (error);
  after = util_digest (r);
  g_assert_cmpstr (before, ==, after);
  assert_same_detail (r, expected);

  /* Old cases keep explicit heads; new writes work on them as before. */
  g_assert_true (gov_case_set_field (r, NUMBER, "priority", "low", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (util_count (r, "SELECT count(*) FROM case_field WHERE conflict = 1"), ==, 0);
  gov_replica_close (r);

  /* And it opens again, already migrated. */
  r = gov_replica_open (dir, "old replica passphrase", &error);
  g_assert_no_error (error);
  gov_replica_close (r);
  util_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/migrate/open-old-replica", test_open_old_replica);
  return g_test_run ();
}
