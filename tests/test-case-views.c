/* test-case-views.c: the Overdue and In Transit views from derived clocks
 * and open handovers, and which handovers get a desktop notification,
 * in-process over real replicas.
 *
 * Runs under `xvfb-run -a`. Screenshots (views-*.png) go to G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-case-controller.h"
#include "gov-case-list.h"
#include "gov-case-model.h"
#include "gov-handover.h"
#include "resp-util.h"
#include "ui-util.h"

typedef struct
{
  char         *dir;
  GovReplica   *hub;
  GovReplica   *harbour;
  GovCaseModel *model;
  char         *paused;
  char         *late;
  char         *untyped;
  char         *soon;
  char         *sent;
  char         *incoming;
} Fixture;

static gboolean
model_loaded (gpointer data)
{
  return !gov_case_model_get_loading (data) && g_list_model_get_n_items (data) > 0;
}

static char *
case_due (GovReplica *r,
          const char *title,
          const char *due)
{
  g_autoptr(GError) error = NULL;
  char *number = util_new_case (r, title);

  g_assert_true (gov_case_set_field (r, number, "due", due, NULL, &error));
  g_assert_no_error (error);
  return number;
}

static void
type_case (GovReplica *r,
           const char *number,
           GDate       opened)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gov_case_clock_set_type (r, number, "permit", &opened, &error));
  g_assert_no_error (error);
}

/* Harbour Office offers us a case. */
static char *
offer_from_harbour (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  const char *none[] = { NULL };
  GovHandoverOffer o = { .reason = "Your district", .promises = none, .first_steps = "Call" };
  char *number = util_new_case (f->harbour, "Broken bollard at the ferry");
  g_autofree char *offer = NULL;

  o.to_office = gov_identity_get_office_id (gov_replica_get_identity (f->hub));
  gov_ledger_pin_office (gov_replica_get_ledger (f->harbour),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (f->hub),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->harbour)), &error);
  g_assert_no_error (error);
  offer = gov_handover_offer (f->harbour, number, &o, &error);
  g_assert_no_error (error);
  util_sync (f->harbour, f->hub);
  return number;
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *none[] = { NULL };
  GovHandoverOffer to_team = { .to_team = "Waterways", .reason = "Their canal",
                               .promises = none, .first_steps = "Call" };
  GDate pause = resp_dmy (15, 4, 2024);
  g_autofree char *offer = NULL;

  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "Central Office", "CEN");
  f->harbour = util_hub (f->dir, "Harbour Office", "HRB");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);

  /* Stored due dates the derived clocks contradict. */
  f->paused = case_due (f->hub, "Shed permit, waiting for drawings", "2024-04-20");
  f->late = case_due (f->hub, "Terrace permit for the quay", "2024-12-31");
  f->untyped = case_due (f->hub, "Streetlight out on Kade 4", "2024-05-01");
  f->soon = case_due (f->hub, "Bench repair at Museumplein", "2024-05-08");
  type_case (f->hub, f->paused, resp_dmy (2, 4, 2024));
  type_case (f->hub, f->late, resp_dmy (2, 4, 2024));
  g_assert_true (gov_case_clock_pause (f->hub, f->paused, &pause, "missing-information", &error));
  g_assert_no_error (error);
  f->sent = util_new_case (f->hub, "Litter in the Prinsengracht");
  offer = gov_handover_offer (f->hub, f->sent, &to_team, &error);
  g_assert_no_error (error);
  f->incoming = offer_from_harbour (f);

  f->model = gov_case_model_new (f->hub);
  gov_case_model_set_today (f->model, "2024-05-06");
  gov_case_model_reload (f->model);
  g_assert_true (ui_wait_until (model_loaded, f->model));
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_clear_object (&f->model);
  gov_replica_close (f->harbour);
  gov_replica_close (f->hub);
  util_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->paused);
  g_free (f->late);
  g_free (f->untyped);
  g_free (f->soon);
  g_free (f->sent);
  g_free (f->incoming);
}

static GovStatusChipState
describe (Fixture    *f,
          const char *number,
          char      **words)
{
  GovCaseRow *row = gov_case_model_lookup (f->model, number);

  g_assert_nonnull (row);
  return gov_case_row_describe (row, gov_case_model_get_today (f->model), words);
}

static void
test_views (Fixture       *f,
            gconstpointer  data)
{
  GovCaseModel *m = f->model;
  GDate *today = gov_case_model_get_today (m);
  g_autofree char *paused = NULL;
  g_autofree char *late = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *incoming = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *soon = NULL;

  /* Overdue: the late typed case and the untyped one, not the paused one. */
  g_assert_cmpuint (gov_case_model_count_view (m, GOV_CASE_MODEL_VIEW_OVERDUE), ==, 2);
  g_assert_false (gov_case_row_in_view (gov_case_model_lookup (m, f->paused),
                                        GOV_CASE_MODEL_VIEW_OVERDUE, "Ana Ruiz", today));
  g_assert_cmpint (describe (f, f->paused, &paused), ==, GOV_STATUS_CHIP_PAUSED);
  g_assert_cmpstr (paused, ==, "Clock paused");
  g_assert_cmpint (describe (f, f->late, &late), ==, GOV_STATUS_CHIP_OVERDUE);
  g_assert_cmpstr (late, ==, "4 working days overdue");
  deadline = gov_case_row_format_due (gov_case_model_lookup (m, f->late));
  g_assert_cmpstr (deadline, ==, "30 April 2024, 4 working days overdue");

  /* Due within three days: Wed 8 May is two working days after Mon 6 May. */
  g_assert_cmpuint (gov_case_model_count_view (m, GOV_CASE_MODEL_VIEW_DUE_SOON), ==, 1);
  g_assert_cmpint (describe (f, f->soon, &soon), ==, GOV_STATUS_CHIP_DUE_SOON);
  g_assert_cmpstr (soon, ==, "2 working days left");

  /* In Transit: what we sent and what waits for us. */
  g_assert_cmpuint (gov_case_model_count_view (m, GOV_CASE_MODEL_VIEW_IN_TRANSIT), ==, 2);
  g_assert_cmpint (describe (f, f->sent, &sent), ==, GOV_STATUS_CHIP_IN_TRANSIT);
  g_assert_true (g_str_has_prefix (sent, "Offered ") && g_str_has_suffix (sent, " to Waterways"));
  g_assert_cmpint (describe (f, f->incoming, &incoming), ==, GOV_STATUS_CHIP_IN_TRANSIT);
  g_assert_true (g_str_has_prefix (incoming, "Waiting for you since "));
  waiting = g_strdup (gov_case_row_get_transit (gov_case_model_lookup (m, f->incoming))->party);
  g_assert_cmpstr (waiting, ==, "Harbour Office");
}

/* Each offer is announced once per replica; a second one arriving later
 * is announced alone; a reload announces nothing new. */
static void
test_offer_notifications (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) first = gov_case_model_take_new_offers (f->model);
  g_autoptr(GPtrArray) again = gov_case_model_take_new_offers (f->model);
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GNotification) one = NULL;
  g_autoptr(GNotification) nothing = NULL;
  g_autofree char *second = NULL;
  gboolean changed = FALSE;

  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpstr (gov_case_row_get_summary (first->pdata[0])->number, ==, f->incoming);
  g_assert_cmpuint (again->len, ==, 0);
  g_assert_true (gov_case_model_has_incoming_offers (f->model));
  one = gov_case_controller_offer_notification (first);
  g_assert_nonnull (one);
  nothing = gov_case_controller_offer_notification (none);
  g_assert_null (nothing);

  gov_case_model_watch_ledger (f->model);
  g_signal_connect_swapped (f->model, "changed", G_CALLBACK (ui_set_flag_cb), &changed);
  second = offer_from_harbour (f);
  g_assert_true (ui_wait_until (ui_is_set, &changed));
  later = gov_case_model_take_new_offers (f->model);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpstr (gov_case_row_get_summary (later->pdata[0])->number, ==, second);
}

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

static void
show_view (GovCaseModel     *model,
           GovCaseModelView  view,
           int               width,
           const char       *png)
{
  GtkWidget *list = gov_case_list_new (model);
  GtkWidget *window = adw_window_new ();
  ShownWait w = { GOV_CASE_LIST (list), gov_case_model_count_view (model, view) };

  gov_case_list_set_view (GOV_CASE_LIST (list), view);
  gtk_window_set_default_size (GTK_WINDOW (window), width, 400);
  adw_window_set_content (ADW_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  g_assert_true (ui_wait_until (shows, &w));
  ui_screenshot (window, png);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  show_view (f->model, GOV_CASE_MODEL_VIEW_OVERDUE, 1200, "views-overdue-1200.png");
  show_view (f->model, GOV_CASE_MODEL_VIEW_IN_TRANSIT, 1200, "views-in-transit-1200.png");
  show_view (f->model, GOV_CASE_MODEL_VIEW_IN_TRANSIT, 360, "views-in-transit-360.png");
  show_view (f->model, GOV_CASE_MODEL_VIEW_OVERDUE, 360, "views-overdue-360.png");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/ui/case-views/views", Fixture, NULL, set_up, test_views, tear_down);
  g_test_add ("/ui/case-views/offer-notifications", Fixture, NULL, set_up,
              test_offer_notifications, tear_down);
  g_test_add ("/ui/case-views/screenshots", Fixture, NULL, set_up, test_screenshots, tear_down);
  return g_test_run ();
}
