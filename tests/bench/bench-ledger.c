/* bench-ledger.c: append, ingest and query throughput of the ledger
 *
 *   bench-ledger [N_CASES]      (default 100000; 5 events per case)
 *
 * Prints events/s for local appends (through the casework API, in a child
 * process) and for ingesting the same signed events into a fresh replica,
 * next to the single-core Ed25519 verify rate measured in the same run,
 * then the inbox and search latencies on the resulting replica.
 *
 * GOV_BENCH_LINES=FILE      keep the exported events; later runs skip the append
 * GOV_BENCH_SAME_PROCESS=1  append and ingest in one process
 * GOV_BENCH_COMMIT=N        events per ingest transaction
 * GOV_BENCH_DBSTAT=1        pages per table and index after ingest
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-case.h"
#include "gov-ledger.h"
#include "gov-replica-private.h"
#include "../ledger-util.h"

#define CASES_PER_TX 200

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU seconds of this thread or of the whole process: on a shared machine
 * wall time swings with the load, CPU time far less. */
static double
cpu_s (clockid_t clock)
{
  struct timespec ts;

  clock_gettime (clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Single-core verify rate over an event-sized message, the reference:
 * verifications per CPU second of one thread. */
static double
verify_rate (void)
{
  guint8 pk[32], sk[64], sig[64], msg[400];
  double start = cpu_s (CLOCK_THREAD_CPUTIME_ID), elapsed;
  guint n = 0;

  crypto_sign_keypair (pk, sk);
  randombytes_buf (msg, sizeof msg);
  crypto_sign_detached (sig, NULL, msg, sizeof msg, sk);
  do
    {
      for (int i = 0; i < 200; i++, n++)
        g_assert (crypto_sign_verify_detached (sig, msg, sizeof msg, pk) == 0);
      elapsed = cpu_s (CLOCK_THREAD_CPUTIME_ID) - start;
    }
  while (elapsed < 2.0);

  return n / elapsed;
}

static const char *const streets[] = { "Kade", "Dam", "Markt", "Haven", "Dijk", "Brug" };
static const char *const users[] = { "alice", "bob", "carol", "dave" };

static void
create_cases (GovReplica *r,
              guint       n_cases)
{
  GovLedger *ledger = gov_replica_get_ledger (r);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n_cases; i++)
    {
      g_autofree char *desc = g_strdup_printf ("Streetlight out at %s %u near the bridge",
                                               streets[i % G_N_ELEMENTS (streets)], i % 997);
      g_autofree char *due = g_strdup_printf ("2025-%02u-%02u", 1 + i % 12, 1 + i % 28);
      GovCaseIntake in = { .channel = "phone", .description = desc, .domain = "public_space",
                           .category = "streetlight", .due = due };
      g_autofree char *number = NULL;
      g_autofree char *id = NULL;

      if (i % CASES_PER_TX == 0 && !gov_ledger_begin (ledger, &error))
        g_error ("%s", error->message);

      id = gov_case_create (r, &in, &number, &error);
      if (id == NULL ||
          !gov_case_assign (r, id, users[i % G_N_ELEMENTS (users)], NULL, &error) ||
          !gov_case_add_note (r, id, "Called the requester back about the lamp", FALSE, &error) ||
          !gov_case_set_field (r, id, "status", "in_progress", "crew sent", &error) ||
          !gov_case_add_correspondence (r, id, "out", "email", "We are on it", NULL, NULL,
                                        &error))
        g_error ("%s", error->message);

      if ((i + 1) % CASES_PER_TX == 0 || i + 1 == n_cases)
        if (!gov_ledger_commit (ledger, &error))
          g_error ("%s", error->message);
    }
}

static void
save_lines (const char *path,
            const char *root,
            GPtrArray  *lines)
{
  g_autoptr(GString) text = g_string_new (root);
  g_autoptr(GError) error = NULL;

  g_string_append_c (text, '\n');
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) lines->pdata[i]);
  if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
    g_error ("%s", error->message);
}

static char *
load_lines (const char *path,
            GPtrArray  *lines)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GError) error = NULL;
  char *root;

  if (!g_file_get_contents (path, &text, NULL, &error))
    g_error ("%s", error->message);
  parts = g_strsplit (text, "\n", -1);
  root = g_strdup (parts[0]);
  for (guint i = 1; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (lines, g_strdup (parts[i]));
  return root;
}

/* Runs the append phase in a child process that leaves the events in
 * @events (GOV_BENCH_LINES) and prints its own figures. */
static void
append_in_child (const char *self,
                 guint       n_cases,
                 const char *events)
{
  g_autofree char *n = g_strdup_printf ("%u", n_cases);
  const char *child_argv[] = { self, n, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  env = g_environ_setenv (env, "GOV_BENCH_LINES", events, TRUE);
  env = g_environ_setenv (env, "GOV_BENCH_APPEND_ONLY", "1", TRUE);
  if (!g_spawn_sync (NULL, (char **) child_argv, env, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("The append phase failed: %s", error->message);
}

/* Bytes of the replica's WAL file(s) in @dir. */
static goffset
wal_bytes (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  goffset total = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, "-wal"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        GStatBuf st;

        if (g_stat (path, &st) == 0)
          total += st.st_size;
      }
  return total;
}

static double
median (double *t,
        guint   n)
{
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && t[j - 1] > t[j]; j--)
      {
        double x = t[j];
        t[j] = t[j - 1];
        t[j - 1] = x;
      }
  return t[n / 2];
}

/* Median wall and CPU milliseconds of 21 runs of a list query. */
static double
median_ms (GovReplica         *r,
           const GovCaseQuery *q,
           guint              *n_rows,
           double             *cpu_ms)
{
  double t[21], c[21];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      double start = now_s ();
      double start_cpu = cpu_s (CLOCK_THREAD_CPUTIME_ID);
      g_autoptr(JsonNode) rows = gov_case_list (r, q, &error);

      g_assert_no_error (error);
      t[i] = (now_s () - start) * 1000;
      c[i] = (cpu_s (CLOCK_THREAD_CPUTIME_ID) - start_cpu) * 1000;
      *n_rows = json_array_get_length (json_node_get_array (rows));
    }
  *cpu_ms = median (c, G_N_ELEMENTS (c));
  return median (t, G_N_ELEMENTS (t));
}

int
main (int    argc,
      char **argv)
{
  guint n_cases = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_dir_make_tmp ("gov-bench-XXXXXX", &error);
  g_autofree char *dir_a = g_build_filename (base, "a", NULL);
  g_autofree char *dir_b = g_build_filename (base, "b", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *root = NULL;
  /* GOV_BENCH_LINES=FILE keeps the exported events for later runs. */
  const char *saved = g_getenv ("GOV_BENCH_LINES");
  gboolean same_process = g_getenv ("GOV_BENCH_SAME_PROCESS") != NULL;
  GovReplica *b;
  GovIngestReport rep = { 0 };
  double v_rate, t0, append_s, ingest_s, ms, apply_cpu, all_cpu, cpu_rate;
  guint n_rows;

  /* Figures appear as they are measured, also when piped to a file. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  g_assert (sodium_init () >= 0);
  _gov_replica_set_kdf_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
  v_rate = verify_rate ();
  printf ("Ed25519 verify, 1 core:      %10.0f /s (reference%s)\n", v_rate,
          g_getenv ("GOV_BENCH_APPEND_ONLY") != NULL ? ", append process" : "");

  if (saved == NULL && !same_process)
    {
      /* The two replicas live in two processes, as an export on one
       * machine and an import on another would: in one process, the heap
       * the append left behind made the ingest 5–25 % slower. */
      g_autofree char *events = g_build_filename (base, "events.txt", NULL);

      append_in_child (argv[0], n_cases, events);
      append_s = 0;
      root = load_lines (events, lines);
    }
  else if (saved != NULL && g_file_test (saved, G_FILE_TEST_EXISTS))
    {
      /* Profiling ingest alone: reuse the events of an earlier run. */
      append_s = 0;
      root = load_lines (saved, lines);
    }
  else
    {
      GovReplica *a = gov_replica_create (dir_a, "bench", "Bench Office", "BEN", 0, NULL, &error);

      g_assert_no_error (error);
      gov_routing_add (a, "public_space", NULL, NULL, "Public works", &error);
      gov_replica_set_actor (a, "alice");

      t0 = now_s ();
      create_cases (a, n_cases);
      append_s = now_s () - t0;
      printf ("append  %7u cases × 5:  %10.0f events/s  %.1f s\n", n_cases,
              n_cases * 5 / append_s, append_s);

      gov_ledger_export (gov_replica_get_ledger (a), NULL, lines, &error);
      g_assert_no_error (error);
      root = gov_replica_dup_office_root_pk (a);
      if (saved != NULL)
        save_lines (saved, root, lines);
      /* The first replica's writes still reaching the disk would be
       * measured as the ingest's: close it and let them land first. */
      gov_replica_close (a);
      sync ();
      if (g_getenv ("GOV_BENCH_APPEND_ONLY") != NULL)
        {
          printf ("append: %.2f × verify\n", n_cases * 5 / append_s / v_rate);
          util_rm_rf (base);
          return 0;
        }
    }
  b = gov_replica_create_joining (dir_b, "bench", root, 0, NULL, &error);
  g_assert_no_error (error);

  t0 = now_s ();
  apply_cpu = cpu_s (CLOCK_THREAD_CPUTIME_ID);
  all_cpu = cpu_s (CLOCK_PROCESS_CPUTIME_ID);
  {
    /* As `govserv events import` does it: one stream, committed in parts. */
    const char *every = g_getenv ("GOV_BENCH_COMMIT");
    g_autoptr(GovIngest) ingest =
      gov_ingest_new (gov_replica_get_ledger (b), "bench",
                      every != NULL ? (guint) g_ascii_strtoull (every, NULL, 10)
                                    : GOV_INGEST_COMMIT_EVENTS);

    for (guint i = 0; i < lines->len; i++)
      if (!gov_ingest_push (ingest, lines->pdata[i], i + 1, &error))
        g_error ("%s", error->message);
    if (!gov_ingest_finish (ingest, &rep, &error))
      g_error ("%s", error->message);
  }
  ingest_s = now_s () - t0;
  apply_cpu = cpu_s (CLOCK_THREAD_CPUTIME_ID) - apply_cpu;
  all_cpu = cpu_s (CLOCK_PROCESS_CPUTIME_ID) - all_cpu;
  /* The machine is shared: measure the reference again and use the mean
   * of both, so load changes during the run show up in the ratios. */
  {
    double again = verify_rate ();

    printf ("Ed25519 verify, 1 core, again: %8.0f /s\n", again);
    v_rate = (v_rate + again) / 2;
  }
  g_assert_cmpuint (rep.applied, ==, lines->len);
  if (append_s > 0)
    printf ("append: %.2f × verify\n", n_cases * 5 / append_s / v_rate);
  printf ("ingest %u events: %.0f events/s = %.2f × verify  (%.1f s)\n",
          lines->len, lines->len / ingest_s,
          lines->len / ingest_s / v_rate, ingest_s);
  /* Apply runs on this thread, verification on two workers: on two idle
   * cores the rate is bounded by the apply thread and by the CPU of all. */
  cpu_rate = MIN (lines->len / apply_cpu, 2 * lines->len / all_cpu);
  printf ("ingest CPU: apply thread %.1f µs/event, all threads %.1f µs/event;"
          " two idle cores: %.0f events/s = %.2f × verify\n",
          apply_cpu * 1e6 / lines->len, all_cpu * 1e6 / lines->len, cpu_rate, cpu_rate / v_rate);
  printf ("WAL after ingest: %.1f MB\n", wal_bytes (dir_b) / 1e6);

  {
    GovCaseQuery inbox = { .view = GOV_CASE_VIEW_MINE, .sort = GOV_CASE_SORT_DUE, .limit = 100 };
    GovCaseQuery search = { .view = GOV_CASE_VIEW_ALL, .search = "markt bridge", .limit = 100 };

    gov_replica_set_actor (b, "alice");
    double cpu_ms;

    ms = median_ms (b, &inbox, &n_rows, &cpu_ms);
    printf ("inbox (mine, open, by due, first 100):   %7.2f ms median, %.2f ms CPU (%u rows)\n",
            ms, cpu_ms, n_rows);
    ms = median_ms (b, &search, &n_rows, &cpu_ms);
    printf ("search “markt bridge” (first 100):       %7.2f ms median, %.2f ms CPU (%u rows)\n",
            ms, cpu_ms, n_rows);
  }

  /* GOV_BENCH_DBSTAT=1: where the pages go. */
  if (g_getenv ("GOV_BENCH_DBSTAT"))
    {
      sqlite3_stmt *st;
      sqlite3_prepare_v2 (gov_ledger_get_db (gov_replica_get_ledger (b)),
        "SELECT name, count(*), sum(pgsize) FROM dbstat GROUP BY name ORDER BY 3 DESC", -1, &st, NULL);
      while (sqlite3_step (st) == SQLITE_ROW)
        printf ("%-30s %8d pages %10.1f MB\n", sqlite3_column_text (st, 0), sqlite3_column_int (st, 1), sqlite3_column_int64 (st, 2) / 1e6);
      sqlite3_finalize (st);
    }
  gov_replica_close (b);
  util_rm_rf (base);
  return 0;
}
