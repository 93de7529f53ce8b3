/* bench-case-list.c: how fast 100,000 cases reach the case list
 *
 * Fills the projection table of a fresh replica with N synthetic case rows
 * (plain SQL in one transaction: this measures the read path, not signing),
 * then times, in one run:
 *   reference  a bare sqlite3 scan of the same columns, no objects;
 *   query      gov_case_query_summaries() (the worker thread's read);
 *   model      GovCaseModel reload, worker thread to one splice on the main loop;
 *   list       a GovCaseList in a window until the incremental filter and sort
 *              are done, with the longest main-loop stall seen meanwhile.
 *
 * Run: xvfb-run -a _build/tests/bench-case-list [N]   (default 100000)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gov-case-list.h"
#include "gov-case-model.h"

#include "bench-fill.h"

static double
reference_scan (GovReplica *replica)
{
  sqlite3_stmt *s = NULL;
  gint64 start = g_get_monotonic_time ();
  gsize bytes = 0;

  sqlite3_prepare_v2 (gov_replica_get_db (replica),
                      "SELECT case_id, number, title, requester, status, assignee, team, domain,"
                      " category, due, updated_ms, conflicts FROM case_row ORDER BY number",
                      -1, &s, NULL);
  while (sqlite3_step (s) == SQLITE_ROW)
    for (int i = 0; i < 12; i++)
      bytes += sqlite3_column_bytes (s, i);
  sqlite3_finalize (s);
  g_assert_cmpuint (bytes, >, 0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
set_true (gboolean *flag)
{
  *flag = TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-case-list-XXXXXX", &error);
  g_autofree char *replica_dir = g_build_filename (dir, "replica", NULL);
  GovReplica *replica;
  GovCaseModel *model;
  GtkWidget *window, *list;
  double t_ref, t_query, t_model, t_list, stall = 0, empty_stall = 0;
  gint64 start, last;

  gtk_init ();
  adw_init ();
  replica = gov_replica_create (replica_dir, "bench", "Bench Office", "BEN", 0, NULL, &error);
  g_assert_no_error (error);
  bench_fill_cases (replica, n, NULL);

  t_ref = reference_scan (replica);

  start = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) rows = gov_case_query_summaries (replica, NULL, &error);

    g_assert_cmpuint (rows->len, ==, n);
  }
  t_query = (g_get_monotonic_time () - start) / 1000.0;

  model = gov_case_model_new (replica);
  start = g_get_monotonic_time ();
  gov_case_model_reload (model);
  while (gov_case_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  t_model = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);

  /* The first frame of any window (realize, renderer, CSS) is a stall of
   * its own: measure it on an empty window for comparison. */
  {
    GtkWidget *empty = gtk_window_new ();
    gboolean drawn = FALSE;

    gtk_window_set_default_size (GTK_WINDOW (empty), 1200, 760);
    g_signal_connect_swapped (empty, "map",
                              G_CALLBACK (set_true), &drawn);
    last = g_get_monotonic_time ();
    gtk_window_present (GTK_WINDOW (empty));
    empty_stall = (g_get_monotonic_time () - last) / 1000.0;
    last = g_get_monotonic_time ();
    while (!drawn)
      {
        gint64 now;

        g_main_context_iteration (NULL, TRUE);
        now = g_get_monotonic_time ();
        empty_stall = MAX (empty_stall, (now - last) / 1000.0);
        last = now;
      }
    for (int i = 0; i < 20; i++)
      g_main_context_iteration (NULL, FALSE);
    gtk_window_destroy (GTK_WINDOW (empty));
  }

  list = gov_case_list_new (model);
  gov_case_list_set_view (GOV_CASE_LIST (list), GOV_CASE_MODEL_VIEW_TEAM);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_set_child (GTK_WINDOW (window), list);
  start = last = g_get_monotonic_time ();
  gtk_window_present (GTK_WINDOW (window));
  {
    guint want = gov_case_model_count_view (model, GOV_CASE_MODEL_VIEW_TEAM);
    GListModel *shown = gov_case_list_get_shown (GOV_CASE_LIST (list));
    GtkSortListModel *sort = GTK_SORT_LIST_MODEL (shown);

    while (g_list_model_get_n_items (shown) != want || gtk_sort_list_model_get_pending (sort) > 0)
      {
        gint64 now;

        g_main_context_iteration (NULL, TRUE);
        now = g_get_monotonic_time ();
        stall = MAX (stall, (now - last) / 1000.0);
        last = now;
      }
  }
  t_list = (g_get_monotonic_time () - start) / 1000.0;

  g_print ("cases                              %u\n", n);
  g_print ("reference: bare sqlite3 scan        %8.1f ms\n", t_ref);
  g_print ("query (worker thread read)          %8.1f ms  = %.1f x reference\n", t_query, t_query / t_ref);
  g_print ("model load (thread + one splice)    %8.1f ms  = %.1f x reference\n", t_model, t_model / t_ref);
  g_print ("list filtered and sorted            %8.1f ms  = %.1f x reference\n", t_list, t_list / t_ref);
  g_print ("longest main-loop stall in list     %8.1f ms  = %.2f x reference\n", stall, stall / t_ref);
  g_print ("  (first frame of an empty window     %8.1f ms  = %.2f x reference)\n", empty_stall,
           empty_stall / t_ref);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (model);
  gov_replica_close (replica);
  return 0;
}
