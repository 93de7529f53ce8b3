/* bench-vfs-workload.h: the storage workload shared by bench-vfs and
 * bench-sqlcipher (two executables: both define the sqlite3 symbols)
 *
 * 100 000 case-sized rows inserted in batches of 1 000, 20 000 point reads
 * by rowid, a full scan and a set of full-text queries, on a connection
 * configured like a replica (WAL, synchronous=FULL, temp_store=MEMORY,
 * 32 MiB page cache). Times are CPU seconds of the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_ROWS      100000
#define BENCH_BATCH     1000
#define BENCH_READS     20000

typedef struct
{
  double insert;
  double reads;
  double scan;
  double fts_index;  /* < 0: no FTS5 in this SQLite */
  double fts;
} BenchTimes;

static const char *const bench_words[] = {
  "permit", "harbour", "dormer", "street", "noise", "complaint", "tree", "bridge", "canal",
  "parking", "waste", "festival", "objection", "inspection", "deadline", "roof", "shop",
  "market", "school", "lighting", "pavement", "flood", "quay", "terrace", "license", "fence",
  "bicycle", "crossing", "graffiti", "playground", "drainage", "monument",
};

/* Process CPU time (user + system), not wall time: the machines this runs
 * on are shared, and CPU time is what the codec adds. Waiting for fsync is
 * the same for every configuration and is left out. */
static double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
bench_exec (sqlite3 *db, const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      fprintf (stderr, "bench: %s: %s\n", sql, msg);
      exit (1);
    }
}

/* Deterministic pseudo-random text, the same in every run and binary. */
static void
bench_text (unsigned *seed, char *out, int words)
{
  int n = 0;

  out[0] = '\0';
  for (int i = 0; i < words; i++)
    {
      *seed = *seed * 1103515245u + 12345u;
      n += sprintf (out + n, "%s%s", i ? " " : "",
                    bench_words[(*seed >> 16) % (sizeof bench_words / sizeof bench_words[0])]);
    }
}

static BenchTimes
bench_run (sqlite3 *db)
{
  BenchTimes t = { 0 };
  sqlite3_stmt *ins, *get;
  unsigned seed = 42;
  int have_fts;
  double t0;
  char title[512], body[4096];

  bench_exec (db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;"
                  "PRAGMA mmap_size=0; PRAGMA cache_size=-32768; PRAGMA secure_delete=ON");
  bench_exec (db, "CREATE TABLE cases (id INTEGER PRIMARY KEY, number TEXT, title TEXT,"
                  " body TEXT, status INTEGER, opened INTEGER)");
  have_fts = sqlite3_exec (db, "CREATE VIRTUAL TABLE cases_fts USING fts5 (title, body)",
                           NULL, NULL, NULL) == SQLITE_OK;

  sqlite3_prepare_v2 (db, "INSERT INTO cases (number, title, body, status, opened)"
                          " VALUES (?, ?, ?, ?, ?)", -1, &ins, NULL);

  t0 = bench_now ();
  for (int i = 1; i <= BENCH_ROWS; i++)
    {
      char number[32];

      if (i % BENCH_BATCH == 1)
        bench_exec (db, "BEGIN IMMEDIATE");
      snprintf (number, sizeof number, "HRB-1-%06d", i);
      bench_text (&seed, title, 6);
      bench_text (&seed, body, 60);   /* ≈ 450 bytes: a case summary */
      sqlite3_bind_text (ins, 1, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 2, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (ins, 3, body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (ins, 4, i % 5);
      sqlite3_bind_int64 (ins, 5, 1700000000 + i * 60);
      sqlite3_step (ins);
      sqlite3_reset (ins);
      if (i % BENCH_BATCH == 0)
        bench_exec (db, "COMMIT");
    }
  t.insert = bench_now () - t0;
  sqlite3_finalize (ins);

  /* The full-text index in its own phase, also in batches, so the insert
   * figures compare across SQLites with and without FTS5. */
  t.fts_index = -1;
  if (have_fts)
    {
      t0 = bench_now ();
      for (int i = 0; i < BENCH_ROWS; i += BENCH_BATCH)
        {
          char sql[256];

          snprintf (sql, sizeof sql, "BEGIN IMMEDIATE; INSERT INTO cases_fts (rowid, title, body)"
                    " SELECT id, title, body FROM cases WHERE id > %d AND id <= %d; COMMIT",
                    i, i + BENCH_BATCH);
          bench_exec (db, sql);
        }
      t.fts_index = bench_now () - t0;
    }

  /* Reads start from a cold page cache, as after opening the replica. */
  bench_exec (db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA cache_size=-32768");
  bench_exec (db, "PRAGMA shrink_memory");

  sqlite3_prepare_v2 (db, "SELECT title, length(body) FROM cases WHERE id = ?", -1, &get, NULL);
  t0 = bench_now ();
  for (int i = 0; i < BENCH_READS; i++)
    {
      seed = seed * 1103515245u + 12345u;
      sqlite3_bind_int (get, 1, 1 + (seed >> 8) % BENCH_ROWS);
      if (sqlite3_step (get) != SQLITE_ROW)
        exit (1);
      sqlite3_reset (get);
    }
  t.reads = bench_now () - t0;
  sqlite3_finalize (get);

  bench_exec (db, "PRAGMA shrink_memory");
  t0 = bench_now ();
  bench_exec (db, "SELECT count(*), sum(length(body)), max(opened) FROM cases WHERE status >= 0");
  t.scan = bench_now () - t0;

  t.fts = -1;
  if (have_fts)
    {
      t0 = bench_now ();
      for (unsigned w = 0; w < sizeof bench_words / sizeof bench_words[0]; w++)
        {
          char sql[256];

          snprintf (sql, sizeof sql, "SELECT count(*) FROM (SELECT rowid FROM cases_fts"
                    " WHERE cases_fts MATCH '%s AND %s' LIMIT 200)", bench_words[w],
                    bench_words[(w + 7) % (sizeof bench_words / sizeof bench_words[0])]);
          bench_exec (db, sql);
        }
      t.fts = bench_now () - t0;
    }

  return t;
}
