/* test-case-ui.c: the case model, list, page, status chip and conflict
 * dialog as real widgets over a real demo replica, in-process.
 *
 * Runs under `xvfb-run -a`. Screenshots (case-*.png) go to G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include <sodium.h>

#include "gov-case.h"
#include "gov-case-list.h"
#include "gov-case-model.h"
#include "gov-case-page.h"
#include "gov-conflict-dialog.h"
#include "gov-demo.h"
#include "gov-replica-private.h"
#include "gov-status-chip.h"
#include "ui-util.h"

typedef struct
{
  char          *dir;
  GovReplica    *replica;
  GovDemoReport  report;
  GovCaseModel  *model;
} Fixture;

static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  return done (data);
}

static gboolean
model_loaded (gpointer data)
{
  return !gov_case_model_get_loading (data) && g_list_model_get_n_items (data) > 0;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *replica = NULL;

  fixture->dir = g_dir_make_tmp ("govserv-case-ui-XXXXXX", &error);
  g_assert_no_error (error);
  replica = g_build_filename (fixture->dir, "replica", NULL);
  g_assert_true (gov_demo_create (replica, "pass", 40, 7, "me", &fixture->report, &error));
  g_assert_no_error (error);
  fixture->replica = gov_replica_open (replica, "pass", &error);
  g_assert_no_error (error);
  gov_replica_set_actor (fixture->replica, "me");

  fixture->model = gov_case_model_new (fixture->replica);
  gov_case_model_reload (fixture->model);
  g_assert_true (wait_until (model_loaded, fixture->model));
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_clear_object (&fixture->model);
  g_clear_pointer (&fixture->replica, gov_replica_close);
  gov_demo_report_clear (&fixture->report);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gint64
count (Fixture    *fixture,
       const char *sql)
{
  sqlite3_stmt *s = NULL;
  gint64 n = -1;

  gov_ledger_lock (gov_replica_get_ledger (fixture->replica));
  g_assert_cmpint (sqlite3_prepare_v2 (gov_replica_get_db (fixture->replica), sql, -1, &s, NULL),
                   ==, SQLITE_OK);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  gov_ledger_unlock (gov_replica_get_ledger (fixture->replica));
  return n;
}

/* Status chip ------------------------------------------------------------- */

static void
test_status_chip (void)
{
  GtkWidget *chip = g_object_ref_sink (gov_status_chip_new ());
  GtkWidget *box = gtk_widget_get_first_child (chip);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkAccessibleRole role;

  gov_status_chip_set (GOV_STATUS_CHIP (chip), GOV_STATUS_CHIP_OVERDUE, "2 working days overdue");
  g_assert_cmpstr (gov_status_chip_get_label (GOV_STATUS_CHIP (chip)), ==, "2 working days overdue");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "task-past-due-symbolic");
  g_assert_true (gtk_widget_has_css_class (chip, "error"));
  g_object_get (icon, "accessible-role", &role, NULL);
  g_assert_cmpint (role, ==, GTK_ACCESSIBLE_ROLE_PRESENTATION);

  /* A new state drops the old colour: colour never lingers without words. */
  gov_status_chip_set (GOV_STATUS_CHIP (chip), GOV_STATUS_CHIP_CONFLICT, "Conflict");
  g_assert_false (gtk_widget_has_css_class (chip, "error"));
  g_assert_true (gtk_widget_has_css_class (chip, "warning"));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "view-dual-symbolic");

  /* Every state has its own icon. */
  for (int a = GOV_STATUS_CHIP_PLAIN; a <= GOV_STATUS_CHIP_CLOSED; a++)
    for (int b = a + 1; b <= GOV_STATUS_CHIP_CLOSED; b++)
      g_assert_cmpstr (gov_status_chip_icon_name (a), !=, gov_status_chip_icon_name (b));

  g_object_unref (chip);
}

static void
test_working_days (void)
{
  GDate fri, mon, wed;

  g_date_clear (&fri, 1);
  g_date_clear (&mon, 1);
  g_date_clear (&wed, 1);
  g_date_set_dmy (&fri, 14, G_DATE_JUNE, 2024);
  g_date_set_dmy (&mon, 17, G_DATE_JUNE, 2024);
  g_date_set_dmy (&wed, 26, G_DATE_JUNE, 2024);
  g_assert_cmpint (gov_working_days_between (&fri, &mon), ==, 1);
  g_assert_cmpint (gov_working_days_between (&mon, &fri), ==, -1);
  g_assert_cmpint (gov_working_days_between (&fri, &wed), ==, 8);
  g_assert_cmpint (gov_working_days_between (&fri, &fri), ==, 0);
}

/* Model ------------------------------------------------------------------- */

static gboolean
changed (gpointer data)
{
  return *(gboolean *) data;
}

static void
set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static void
test_model_views (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *sql = NULL;
  gboolean refreshed = FALSE;
  guint mine;
  GovCaseRow *row;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->model)), ==,
                    count (fixture, "SELECT count(*) FROM case_row"));
  g_assert_cmpuint (gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_CONFLICTS), ==, 1);
  mine = gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_MINE);
  g_assert_cmpuint (mine, ==,
                    count (fixture, "SELECT count(*) FROM case_row WHERE assignee = 'me'"
                                    " AND status <> 'closed'"));
  /* The demo has cases with a case type, overdue by their derived clocks,
   * and cases with only a due date; the demo counted both kinds itself
   * (gov_case_clock_get() for the first). */
  sql = g_strdup_printf ("SELECT count(*) FROM case_row WHERE due < '%s' AND status <> 'closed'",
                         today);
  g_assert_cmpuint (gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_OVERDUE), ==,
                    fixture->report.n_overdue);
  g_assert_cmpuint (fixture->report.n_overdue, >, count (fixture, sql));

  /* A change through the ledger reaches the model without a reload. */
  gov_case_model_watch_ledger (fixture->model);
  g_signal_connect_swapped (fixture->model, "changed", G_CALLBACK (set_flag_cb), &refreshed);
  row = gov_case_model_lookup (fixture->model, fixture->report.conflict_number);
  g_assert_nonnull (row);
  g_assert_true (gov_case_assign (fixture->replica, fixture->report.conflict_number, "me", NULL,
                                  &error));
  g_assert_no_error (error);
  g_assert_true (wait_until (changed, &refreshed));
  g_assert_cmpuint (gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_MINE), ==,
                    mine + 1);
  row = gov_case_model_lookup (fixture->model, fixture->report.conflict_number);
  g_assert_cmpstr (gov_case_row_get_summary (row)->assignee, ==, "me");

  /* A closed case leaves My Cases. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fixture->model)); i++)
    {
      g_autoptr(GovCaseRow) r = g_list_model_get_item (G_LIST_MODEL (fixture->model), i);
      const GovCaseSummary *s = gov_case_row_get_summary (r);

      if (g_strcmp0 (s->assignee, "me") == 0 && g_strcmp0 (s->status, "closed") != 0 &&
          s->conflicts == 0)
        {
          refreshed = FALSE;
          g_assert_true (gov_case_close (fixture->replica, s->number, "resolved", FALSE, NULL,
                                         &error));
          g_assert_no_error (error);
          g_assert_true (wait_until (changed, &refreshed));
          g_assert_cmpuint (gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_MINE),
                            ==, mine);
          return;
        }
    }
  g_assert_not_reached ();
}

/* List --------------------------------------------------------------------- */

typedef struct
{
  GovCaseList *list;
  guint        n;
} ShownWait;

static gboolean
shows (gpointer data)
{
  ShownWait *w = data;

  return g_list_model_get_n_items (gov_case_list_get_shown (w->list)) == w->n;
}

static gboolean
is_narrow (gpointer data)
{
  return gov_case_list_get_narrow (data);
}

static gboolean
search_done (gpointer data)
{
  return gov_case_list_is_searching (data);
}

static GtkWidget *
window_with (GtkWidget *child,
             int        width,
             int        height)
{
  GtkWidget *window = adw_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  return window;
}

static void
test_list_views_and_search (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *list = gov_case_list_new (fixture->model);
  GtkWidget *window = window_with (list, 1000, 700);
  ShownWait w = { GOV_CASE_LIST (list), 0 };

  w.n = gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_MINE);
  g_assert_true (wait_until (shows, &w));
  ui_screenshot (window, "case-list-1000.png");

  gov_case_list_set_view (GOV_CASE_LIST (list), GOV_CASE_MODEL_VIEW_CONFLICTS);
  w.n = 1;
  g_assert_true (wait_until (shows, &w));

  /* Search covers every view and says where it matched. */
  g_assert_true (gov_case_add_note (fixture->replica, fixture->report.conflict_number,
                                    "Zebracrossing paint is fading", FALSE, NULL));
  gov_case_list_set_view (GOV_CASE_LIST (list), GOV_CASE_MODEL_VIEW_OVERDUE);
  gov_case_list_set_search (GOV_CASE_LIST (list), "zebracross");
  g_assert_true (wait_until (search_done, list));
  w.n = 1;
  g_assert_true (wait_until (shows, &w));
  {
    g_autoptr(GovCaseRow) row = g_list_model_get_item (gov_case_list_get_shown (GOV_CASE_LIST (list)), 0);

    g_assert_nonnull (row);
    g_assert_cmpstr (gov_case_row_get_summary (row)->number, ==, fixture->report.conflict_number);
    g_assert_cmpstr (gov_case_row_get_match (row), ==, "Zebracrossing paint is fading");
  }
  ui_screenshot (window, "case-list-search.png");
  gov_case_list_set_search (GOV_CASE_LIST (list), "zzzznothing");
  w.n = 0;
  g_assert_true (wait_until (shows, &w));
  gov_case_list_set_search (GOV_CASE_LIST (list), "");
  gov_case_list_set_view (GOV_CASE_LIST (list), GOV_CASE_MODEL_VIEW_CONFLICTS);
  w.n = 1;
  g_assert_true (wait_until (shows, &w));

  gtk_window_destroy (GTK_WINDOW (window));

  /* At 360 px only Case and Deadline show. */
  list = gov_case_list_new (fixture->model);
  gov_case_list_set_view (GOV_CASE_LIST (list), GOV_CASE_MODEL_VIEW_TEAM);
  window = window_with (list, 360, 640);
  w.list = GOV_CASE_LIST (list);
  w.n = gov_case_model_count_view (fixture->model, GOV_CASE_MODEL_VIEW_TEAM);
  g_assert_true (wait_until (shows, &w));
  if (!wait_until (is_narrow, list))
    g_error ("Not narrow at %d px", gtk_widget_get_width (list));
  ui_screenshot (window, "case-list-360.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Case page and conflict dialog ------------------------------------------ */

static void
count_loaded_cb (GovCasePage *page,
                 const char  *number,
                 const char  *title,
                 guint       *n)
{
  (*n)++;
}

static gboolean
loaded_once (gpointer data)
{
  return *(guint *) data > 0;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0 &&
          gtk_widget_get_mapped (c))
        return c;
      if ((found = find_button (c, label)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_chip (GtkWidget *root)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GOV_IS_STATUS_CHIP (c))
        return c;
      if ((found = find_chip (c)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GOV_IS_CONFLICT_DIALOG (w))
        return GTK_WINDOW (w);
    }
  return NULL;
}

static gboolean
dialog_open (gpointer data)
{
  return find_dialog () != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  return find_dialog () == NULL;
}

static gboolean
conflict_gone (gpointer data)
{
  Fixture *fixture = data;

  return count (fixture, "SELECT count(*) FROM case_row WHERE conflicts > 0") == 0;
}

static void
test_page_resolve_conflict (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *page = gov_case_page_new (fixture->replica);
  GtkWidget *window = window_with (page, 1000, 900);
  GovCaseRow *row = gov_case_model_lookup (fixture->model, fixture->report.conflict_number);
  GtkWidget *resolve;
  GtkWindow *dialog;
  GtkWidget *resolve_button;
  GtkWidget *second;
  guint loads = 0;

  g_signal_connect (page, "loaded", G_CALLBACK (count_loaded_cb), &loads);
  gov_case_page_show_case (GOV_CASE_PAGE (page), gov_case_row_get_summary (row)->case_id);
  g_assert_true (wait_until (loaded_once, &loads));
  gtk_test_widget_wait_for_draw (window);
  ui_screenshot (window, "case-page-conflict.png");

  /* The summary's first chip says the state in words. */
  g_assert_cmpstr (gov_status_chip_get_label (GOV_STATUS_CHIP (find_chip (page))), ==, "Conflict");

  resolve = find_button (page, "_Resolve…");
  g_assert_nonnull (resolve);
  gtk_widget_activate (resolve);
  g_assert_true (wait_until (dialog_open, NULL));
  dialog = find_dialog ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  ui_screenshot (GTK_WIDGET (dialog), "conflict-dialog.png");

  /* Nothing is chosen for the person: Resolve waits for a choice. */
  resolve_button = find_button (GTK_WIDGET (dialog), "_Resolve");
  g_assert_nonnull (resolve_button);
  g_assert_false (gtk_widget_get_sensitive (resolve_button));
  second = find_button (GTK_WIDGET (dialog), "Keep _second value");
  g_assert_null (second);   /* check buttons are not GtkButtons */
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (dialog)); c != NULL;)
    {
      if (GTK_IS_CHECK_BUTTON (c) &&
          g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), "Keep _second value") == 0)
        {
          second = c;
          break;
        }
      if (gtk_widget_get_first_child (c) != NULL)
        c = gtk_widget_get_first_child (c);
      else
        {
          while (c != NULL && gtk_widget_get_next_sibling (c) == NULL)
            c = gtk_widget_get_parent (c);
          c = c != NULL ? gtk_widget_get_next_sibling (c) : NULL;
        }
    }
  g_assert_nonnull (second);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (second), TRUE);
  g_assert_true (gtk_widget_get_sensitive (resolve_button));
  gtk_widget_activate (resolve_button);

  g_assert_true (wait_until (no_dialog, NULL));
  g_assert_true (wait_until (conflict_gone, fixture));
  g_assert_cmpint (count (fixture, "SELECT count(*) FROM timeline WHERE type = 'conflict.resolve'"),
                   ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The vault's key derivation is not under test here. */
  _gov_replica_set_kdf_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/ui/status-chip/states", test_status_chip);
  g_test_add_func ("/ui/case-model/working-days", test_working_days);
  g_test_add ("/ui/case-model/views", Fixture, NULL, set_up, test_model_views, tear_down);
  g_test_add ("/ui/case-list/views-and-search", Fixture, NULL, set_up,
              test_list_views_and_search, tear_down);
  g_test_add ("/ui/case-page/resolve-conflict", Fixture, NULL, set_up,
              test_page_resolve_conflict, tear_down);

  return g_test_run ();
}
