/* bench-fill.h: N synthetic cases for the benchmarks, fast
 *
 * Fills the projection table of a fresh replica with plain SQL in one
 * transaction: the benchmarks measure the read path, not signing. With @me,
 * every fourth case is assigned to @me so that "My Cases" is filled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "gov-replica.h"

static void
bench_fill_cases (GovReplica *replica,
                  guint       n,
                  const char *me)
{
  sqlite3 *db = gov_replica_get_db (replica);
  sqlite3_stmt *s = NULL;
  static const char *const teams[] = { "Permits Team", "Waterways Team", "Public Space Team" };
  static const char *const statuses[] = { "new", "open", "in_progress", "waiting", "closed" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "INSERT INTO case_row (case_id, number, create_id, owner_office, created_ms, updated_ms,"
    " updated_c, title, requester, status, assignee, team, due, domain, category, conflicts)"
    " VALUES (?1, ?2, ?1, 'office', ?3, ?3, 0, ?4, ?5, ?6, ?7, ?8, ?9, 'waterways', 'mooring', ?10)",
    -1, &s, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *number = g_strdup_printf ("GS-HRB-001-%06u", i);
      g_autofree char *title = g_strdup_printf ("Houseboat moored without a permit %u", i);
      g_autofree char *requester = g_strdup_printf ("Requester %u", i % 997);
      g_autofree char *assignee = me != NULL && i % 4 == 0 ? g_strdup (me)
                                                           : g_strdup_printf ("clerk%u", i % 20);
      g_autofree char *due = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (rand, 1, 13),
                                              g_rand_int_range (rand, 1, 29));

      sqlite3_bind_text (s, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, number, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (s, 3, 1700000000000 + i);
      sqlite3_bind_text (s, 4, title, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 5, requester, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 6, statuses[i % 5], -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 7, assignee, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 8, teams[i % 3], -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 9, due, -1, SQLITE_STATIC);
      sqlite3_bind_int (s, 10, i % 1000 == 0);
      g_assert_cmpint (sqlite3_step (s), ==, SQLITE_DONE);
      sqlite3_reset (s);
    }
  sqlite3_finalize (s);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}
