/* bench-launch.c: from launching govserv to a populated inbox (issue #5)
 *
 * Makes replicas with N synthetic cases (bench-fill.h; a quarter of them
 * assigned to the replica's own user, so "My Cases" is filled), then starts the real binary as a person would,
 *   govserv --replica DIR --passphrase-file FILE
 * with GOVSERV_BENCH_READY set: the case list prints the monotonic time once
 * its view first has rows (app/gov-case-list.c). Measured in the same run:
 *   baseline   the same launch of a one-case replica (an empty one never
 *              shows a row): process start, GTK, key derivation, one row;
 *   reference  the bare key derivation and sqlite scan, in this process.
 * Each figure is the median of RUNS launches. Built, never a timed test.
 *
 * Run: GSETTINGS_SCHEMA_DIR=_build/resources xvfb-run -a \
 *        _build/tests/bench-launch _build/app/govserv [N…]   (default 10000 100000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "gov-replica.h"

#include "bench-fill.h"

#define PASSPHRASE "bench launch passphrase"
#define RUNS 3

typedef struct
{
  char *dir;
  char *replica;
  char *passphrase_file;
} Bench;

static void
make_replica (Bench      *b,
              const char *name,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  GovReplica *replica;

  b->replica = g_build_filename (b->dir, name, NULL);
  replica = gov_replica_create (b->replica, PASSPHRASE, "Bench Office", "BEN",
                                GOV_KDF_STRENGTH_MODERATE, NULL, &error);
  g_assert_no_error (error);
  if (n > 0)
    bench_fill_cases (replica, n, gov_replica_get_actor (replica));
  gov_replica_close (replica);
}

/* Key derivation, open and a scan of what the list shows, in-process. */
static double
reference (Bench *b)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GovReplica *replica = gov_replica_open (b->replica, PASSPHRASE, &error);
  sqlite3_stmt *s = NULL;
  gsize bytes = 0;

  g_assert_no_error (error);
  sqlite3_prepare_v2 (gov_replica_get_db (replica),
                      "SELECT case_id, number, title, requester, status, assignee, team, domain,"
                      " category, due, updated_ms, conflicts FROM case_row", -1, &s, NULL);
  while (sqlite3_step (s) == SQLITE_ROW)
    for (int i = 0; i < 12; i++)
      bytes += sqlite3_column_bytes (s, i);
  sqlite3_finalize (s);
  gov_replica_close (replica);
  g_assert_cmpuint (bytes, >, 0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Starts govserv and waits for @marker on its stdout; returns the time
 * from spawning to the monotonic time printed after the marker, in ms. */
static double
launch (const char *govserv,
        Bench      *b,
        const char *marker)
{
  const char *argv[] = { govserv, "--replica", b->replica, "--passphrase-file",
                         b->passphrase_file, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) out = NULL;
  double ms = -1;
  gint64 start;
  GPid pid;
  int fd;

  env = g_environ_setenv (env, "GOVSERV_BENCH_READY", "1", TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  start = g_get_monotonic_time ();
  g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &fd, NULL, &error);
  g_assert_no_error (error);
  out = g_io_channel_unix_new (fd);
  g_io_channel_set_close_on_unref (out, TRUE);
  for (;;)
    {
      g_autofree char *line = NULL;

      if (g_io_channel_read_line (out, &line, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
        break;
      if (g_str_has_prefix (line, marker))
        {
          ms = (g_ascii_strtoll (line + strlen (marker), NULL, 10) - start) / 1000.0;
          break;
        }
    }
  kill (pid, SIGTERM);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  g_assert_cmpfloat (ms, >, 0);
  return ms;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median_launch (const char *govserv,
               Bench      *b,
               const char *marker)
{
  double t[RUNS];

  for (guint i = 0; i < RUNS; i++)
    t[i] = launch (govserv, b, marker);
  qsort (t, RUNS, sizeof t[0], cmp_double);
  return t[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  Bench b = { 0 };
  g_autofree char *passphrase = g_strconcat (PASSPHRASE, "\n", NULL);
  const char *sizes[] = { "10000", "100000", NULL };
  const char * const *ns = argc > 2 ? (const char * const *) argv + 2 : sizes;
  double t_empty;

  if (argc < 2)
    {
      g_printerr ("Usage: bench-launch GOVSERV [N…]\n");
      return 2;
    }
  b.dir = g_dir_make_tmp ("bench-launch-XXXXXX", &error);
  g_assert_no_error (error);
  b.passphrase_file = g_build_filename (b.dir, "passphrase", NULL);
  g_file_set_contents (b.passphrase_file, passphrase, -1, &error);
  g_assert_no_error (error);

  make_replica (&b, "one", 1);
  t_empty = median_launch (argv[1], &b, "GOVSERV_BENCH_READY ");
  g_print ("launch, 1 case (baseline)             %8.1f ms\n", t_empty);
  g_free (b.replica);

  for (guint i = 0; ns[i] != NULL; i++)
    {
      guint n = (guint) g_ascii_strtoull (ns[i], NULL, 10);
      g_autofree char *name = g_strdup_printf ("cases-%u", n);
      double t_ref, t_launch;

      make_replica (&b, name, n);
      t_ref = reference (&b);
      t_launch = median_launch (argv[1], &b, "GOVSERV_BENCH_READY ");
      g_print ("cases                                 %u\n", n);
      g_print ("reference: key derivation + scan      %8.1f ms\n", t_ref);
      g_print ("launch to populated inbox             %8.1f ms  = %.2f x reference,"
               " +%.1f ms over 1 case\n", t_launch, t_launch / t_ref, t_launch - t_empty);
      g_free (b.replica);
    }
  g_print ("(median of %d launches each)\n", RUNS);
  {
    const char *rm[] = { "rm", "-rf", b.dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                  NULL);
  }
  return 0;
}
