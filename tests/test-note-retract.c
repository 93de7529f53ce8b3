/* test-note-retract.c: a note taken back with a new signed event (the Undo
 * of "Note added"): it leaves the notes and search on every replica,
 * History keeps both events, and a rebuild gives the same tables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "ledger-util.h"

static gint64
notes (GovReplica *r)
{
  return util_count (r, "SELECT count(*) FROM note");
}

static void
test_retract (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  g_autofree char *dir = util_tmpdir ();
  g_autoptr(GovReplica) hub = util_hub (dir, "hub", "HUB");
  g_autoptr(GovReplica) desk = util_join (hub, dir, "desk");
  g_autofree char *number = util_new_case (hub, "Streetlight out on Quay 14");
  g_autofree char *note_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (gov_case_add_note (hub, number, "Kept note", FALSE, &error));
  g_assert_true (gov_case_add_note_full (hub, number, "Wrong case, sorry", FALSE, &note_id,
                                         &error));
  g_assert_no_error (error);
  g_assert_nonnull (note_id);
  g_assert_cmpint (notes (hub), ==, 2);

  g_assert_true (gov_case_retract_note (hub, number, note_id, "Undone", &error));
  g_assert_no_error (error);
  g_assert_cmpint (notes (hub), ==, 1);
  g_assert_cmpint (util_count (hub, "SELECT count(*) FROM note_fts WHERE note_fts MATCH 'sorry'"),
                   ==, 0);
  g_assert_cmpint (util_count (hub, "SELECT count(*) FROM timeline WHERE type = 'note.retract'"),
                   ==, 1);
  g_assert_cmpint (util_count (hub, "SELECT count(*) FROM timeline WHERE type = 'note.add'"),
                   ==, 2);

  /* Twice is refused and writes nothing. */
  g_assert_false (gov_case_retract_note (hub, number, note_id, NULL, &again));
  g_assert_error (again, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND);
  g_assert_cmpint (util_count (hub, "SELECT count(*) FROM timeline WHERE type = 'note.retract'"),
                   ==, 1);

  /* Another device gets the same notes. */
  util_sync (hub, desk);
  g_assert_cmpint (notes (desk), ==, 1);
  g_assert_cmpint (util_count (desk, "SELECT count(*) FROM note WHERE text = 'Kept note'"), ==, 1);

  before = util_digest (hub);
  g_assert_true (gov_ledger_rebuild (gov_replica_get_ledger (hub), &error));
  g_assert_no_error (error);
  after = util_digest (hub);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (notes (hub), ==, 1);

  util_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case/note-retract", test_retract);
  return g_test_run ();
}
