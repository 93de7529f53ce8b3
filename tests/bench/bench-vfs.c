/* bench-vfs.c: casevfs against plain SQLite (and SQLCipher when built)
 *
 * Runs the same workload (bench-vfs-workload.h) on plain SQLite and on
 * casevfs in this process, and on Debian's SQLCipher through the
 * bench-sqlcipher executable next to this one, then prints each as a ratio
 * to plain SQLite measured in the same run. Each configuration runs
 * ROUNDS times (default 2) and keeps its best time per phase.
 *
 *   _build/tests/bench/bench-vfs [ROUNDS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>
#include <sqlite3.h>

#include "gov-vfs.h"

#include "bench-vfs-workload.h"

static void
remove_db (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

static BenchTimes
run_plain (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "plain.db", NULL);
  sqlite3 *db = NULL;
  BenchTimes t;

  remove_db (path);
  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  t = bench_run (db);
  sqlite3_close (db);
  return t;
}

static BenchTimes
run_casevfs (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "casevfs.db", NULL);
  g_autofree char *uri = NULL;
  guint8 dek[GOV_VFS_DEK_SIZE], id[GOV_VFS_DB_ID_SIZE];
  g_autoptr(GovVfsKey) key = NULL;
  int reserve = GOV_VFS_RESERVE;
  sqlite3 *db = NULL;
  BenchTimes t;

  randombytes_buf (dek, sizeof dek);
  randombytes_buf (id, sizeof id);
  key = gov_vfs_key_new (dek, id);
  uri = gov_vfs_make_uri (path, key, NULL);
  remove_db (path);
  g_assert (sqlite3_open_v2 (uri, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                             SQLITE_OPEN_URI, GOV_VFS_NAME) == SQLITE_OK);
  g_assert (sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve) == SQLITE_OK);
  t = bench_run (db);
  sqlite3_close (db);
  gov_vfs_key_forget (key);
  return t;
}

static gboolean
run_sqlcipher (const char *self, const char *dir, BenchTimes *t)
{
  g_autofree char *bindir = g_path_get_dirname (self);
  g_autofree char *exe = g_build_filename (bindir, "bench-sqlcipher", NULL);
  g_autofree char *out = NULL;
  const char *argv[] = { exe, dir, NULL };
  int status = 0;

  if (!g_file_test (exe, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    return FALSE;
  return sscanf (out, "%lf %lf %lf %lf %lf", &t->insert, &t->reads, &t->scan, &t->fts_index,
                 &t->fts) == 5;
}

static void
keep_best (BenchTimes *best, const BenchTimes *t, gboolean first)
{
  if (first || t->insert < best->insert) best->insert = t->insert;
  if (first || t->reads < best->reads) best->reads = t->reads;
  if (first || t->scan < best->scan) best->scan = t->scan;
  if (first || t->fts < best->fts) best->fts = t->fts;
  if (first || t->fts_index < best->fts_index) best->fts_index = t->fts_index;
}

static void
print_row (const char *name, const BenchTimes *t, const BenchTimes *ref)
{
  printf ("%-9s insert %6.2fs %5.2fx | 20k reads %6.3fs %5.2fx | scan %6.3fs %5.2fx | ",
          name, t->insert, t->insert / ref->insert, t->reads, t->reads / ref->reads,
          t->scan, t->scan / ref->scan);
  if (t->fts >= 0)
    printf ("fts index %6.2fs %5.2fx | fts queries %6.3fs %5.2fx\n", t->fts_index,
            t->fts_index / ref->fts_index, t->fts, t->fts / ref->fts);
  else
    printf ("fts n/a (no FTS5)\n");
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("govserv-bench-vfs-XXXXXX", NULL);
  int rounds = argc > 1 ? atoi (argv[1]) : 2;
  BenchTimes plain = { 0 }, enc = { 0 }, cipher = { 0 }, t;
  gboolean have_cipher = TRUE;

  g_assert (sodium_init () >= 0 && gov_vfs_ensure_registered ());

  for (int r = 0; r < rounds; r++)
    {
      t = run_plain (dir);
      keep_best (&plain, &t, r == 0);
      t = run_casevfs (dir);
      keep_best (&enc, &t, r == 0);
      if (have_cipher && (have_cipher = run_sqlcipher (argv[0], dir, &t)))
        keep_best (&cipher, &t, r == 0);
    }

  printf ("%d rows in batches of %d, %d point reads, full scan, %zu FTS5 queries; "
          "best of %d; CPU seconds; ratios to plain SQLite %s\n",
          BENCH_ROWS, BENCH_BATCH, BENCH_READS, sizeof bench_words / sizeof bench_words[0],
          rounds, sqlite3_libversion ());
  print_row ("plain", &plain, &plain);
  print_row ("casevfs", &enc, &plain);
  {
    GovVfsStats st;

    gov_vfs_get_stats (&st);
    printf ("          casevfs pages sealed %u, opened %u (all rounds)\n",
            st.pages_encrypted, st.pages_decrypted);
  }
  if (have_cipher)
    print_row ("sqlcipher", &cipher, &plain);
  else
    printf ("sqlcipher  not built (install libsqlcipher-dev)\n");

  remove_db (g_build_filename (dir, "plain.db", NULL));
  remove_db (g_build_filename (dir, "casevfs.db", NULL));
  remove_db (g_build_filename (dir, "sqlcipher.db", NULL));
  g_rmdir (dir);
  return 0;
}
