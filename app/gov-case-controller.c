/* gov-case-controller.c: wires the case list, case page and intake into
 * the window while the application has an open replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-application.h"
#include "gov-case-controller.h"
#include "gov-case-list.h"
#include "gov-case-model.h"
#include "gov-case-page.h"
#include "gov-intake-dialog.h"

struct _GovCaseController
{
  GObject       parent_instance;

  GovWindow    *window;        /* owns us */
  GovReplica   *replica;       /* the application's, while unlocked */
  GovCaseModel *model;
  GtkWidget    *list;
  GtkWidget    *page;
  GSimpleAction *due_soon;     /* win.due-soon: narrow the list */
};

G_DEFINE_FINAL_TYPE (GovCaseController, gov_case_controller, G_TYPE_OBJECT)

static const struct
{
  const char       *name;
  GovCaseModelView  view;
} views[] = {
  { GOV_VIEW_MY_CASES, GOV_CASE_MODEL_VIEW_MINE },
  { GOV_VIEW_TEAM, GOV_CASE_MODEL_VIEW_TEAM },
  { GOV_VIEW_IN_TRANSIT, GOV_CASE_MODEL_VIEW_IN_TRANSIT },
  { GOV_VIEW_OVERDUE, GOV_CASE_MODEL_VIEW_OVERDUE },
  { GOV_VIEW_CONFLICTS, GOV_CASE_MODEL_VIEW_CONFLICTS },
};

static void
update_empty (GovCaseController *self)
{
  GovCaseList *list = GOV_CASE_LIST (self->list);
  gboolean empty = g_list_model_get_n_items (gov_case_list_get_shown (list)) == 0 &&
                   !gov_case_list_is_searching (list) &&
                   !gov_case_model_get_loading (self->model);

  gov_window_set_list_empty (self->window, empty);
}

/**
 * gov_case_controller_offer_notification:
 * @rows: (element-type GovCaseRow): handovers waiting for this office that
 *   were not announced yet
 *
 * One notification for what arrived: the case itself when one offer came
 * (activating it opens the case), else a summary that opens In Transit.
 *
 * Returns: (transfer full) (nullable): the notification, or %NULL for none
 */
GNotification *
gov_case_controller_offer_notification (GPtrArray *rows)
{
  GNotification *n;
  const GovCaseSummary *s;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  if (rows->len == 0)
    return NULL;
  if (rows->len > 1)
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Handover Offered",
                                            "%u Handovers Offered", rows->len), rows->len);
      body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u handover is waiting for you",
                                           "%u handovers are waiting for you", rows->len),
                              rows->len);
      n = g_notification_new (title);
      g_notification_set_body (n, body);
      g_notification_set_default_action_and_target (n, "app.show-view", "s",
                                                    GOV_VIEW_IN_TRANSIT);
      return n;
    }
  s = gov_case_row_get_summary (rows->pdata[0]);
  /* Translators: a desktop notification; %s is an office. */
  title = g_strdup_printf (_("Handover Offered by %s"), gov_case_row_get_transit (rows->pdata[0])->party);
  /* Translators: case number, then its subject. */
  body = g_strdup_printf (_("%s: %s"), s->number, s->title != NULL ? s->title : "");
  n = g_notification_new (title);
  g_notification_set_body (n, body);
  g_notification_set_default_action_and_target (n, "app.open-case", "s", s->case_id);
  return n;
}

/* Announces handovers that arrived since the last look, and takes the
 * notification back once none waits any more. */
static void
announce_offers (GovCaseController *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self->window)));
  g_autoptr(GPtrArray) fresh = gov_case_model_take_new_offers (self->model);
  g_autoptr(GNotification) n = gov_case_controller_offer_notification (fresh);

  /* Notifications go through the session bus, which an unregistered
   * application (some tests) does not have. */
  if (!g_application_get_is_registered (app))
    return;
  if (n != NULL)
    g_application_send_notification (app, GOV_CASE_CONTROLLER_OFFERS_NOTIFICATION, n);
  else if (!gov_case_model_has_incoming_offers (self->model))
    g_application_withdraw_notification (app, GOV_CASE_CONTROLLER_OFFERS_NOTIFICATION);
}

static gboolean
due_soon_on (GovCaseController *self)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (self->due_soon));

  return g_variant_get_boolean (state);
}

static void
update_filter_title (GovCaseController *self)
{
  if (due_soon_on (self))
    gov_window_set_list_filter (self->window, _("Due Within 3 Days"),
                                gov_case_model_count_view (self->model,
                                                           GOV_CASE_MODEL_VIEW_DUE_SOON));
  else
    gov_window_set_list_filter (self->window, NULL, 0);
}

static void
update_counts (GovCaseController *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gov_window_set_view_count (self->window, views[i].name,
                               gov_case_model_count_view (self->model, views[i].view));
  update_filter_title (self);
  update_empty (self);
  announce_offers (self);
}

/* The list shows the sidebar's view, or only the cases due within three
 * days while win.due-soon is on. */
static void
apply_view (GovCaseController *self)
{
  const char *view = gov_window_get_view (self->window);

  if (self->list == NULL)
    return;
  if (due_soon_on (self))
    gov_case_list_set_view (GOV_CASE_LIST (self->list), GOV_CASE_MODEL_VIEW_DUE_SOON);
  else
    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      if (g_strcmp0 (view, views[i].name) == 0)
        gov_case_list_set_view (GOV_CASE_LIST (self->list), views[i].view);
  update_filter_title (self);
  update_empty (self);
}

/* Picking a sidebar view leaves "due within three days". */
static void
view_changed_cb (GovCaseController *self)
{
  g_simple_action_set_state (self->due_soon, g_variant_new_boolean (FALSE));
  apply_view (self);
}

static void
due_soon_change_state_cb (GSimpleAction     *action,
                          GVariant          *state,
                          GovCaseController *self)
{
  g_simple_action_set_state (action, state);
  apply_view (self);
}

static void
search_changed_cb (GtkEditable       *entry,
                   GovCaseController *self)
{
  gov_case_list_set_search (GOV_CASE_LIST (self->list), gtk_editable_get_text (entry));
}

static void
case_activated_cb (GovCaseList       *list,
                   GovCaseRow        *row,
                   GovCaseController *self)
{
  gov_case_page_show_case (GOV_CASE_PAGE (self->page), gov_case_row_get_summary (row)->case_id);
}

static void
page_loaded_cb (GovCasePage       *page,
                const char        *number,
                const char        *title,
                GovCaseController *self)
{
  const char *shown = gtk_stack_get_visible_child_name (gov_window_get_detail_stack (self->window));

  /* Reloads after an edit keep the pane where it is. */
  if (g_strcmp0 (shown, "case") != 0)
    gov_window_show_detail (self->window, "case", number, title);
}

static void
page_toast_cb (GovCasePage       *page,
               AdwToast          *toast,
               GovCaseController *self)
{
  gov_window_add_toast (self->window, toast);
}

static void
open_created_cb (AdwToast          *toast,
                 GovCaseController *self)
{
  if (self->page != NULL)
    gov_case_page_show_case (GOV_CASE_PAGE (self->page),
                             g_object_get_data (G_OBJECT (toast), "case-id"));
}

static void
created_cb (GovIntakeDialog   *dialog,
            const char        *case_id,
            const char        *number,
            GovCaseController *self)
{
  /* Translators: a toast after intake; %s is the case number. */
  g_autofree char *title = g_strdup_printf (_("Case %s created"), number);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "case-id", g_strdup (case_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_created_cb), self, 0);
  gov_window_add_toast (self->window, toast);
}

static void
new_case_cb (GovWindow         *window,
             GovCaseController *self)
{
  GovIntakeDialog *dialog;

  if (self->replica == NULL)
    return;
  dialog = gov_intake_dialog_new (GTK_WINDOW (window), self->replica);
  g_signal_connect_object (dialog, "created", G_CALLBACK (created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
detach (GovCaseController *self)
{
  GtkStack *detail = gov_window_get_detail_stack (self->window);

  if (self->replica == NULL)
    return;
  gov_window_set_can_create_cases (self->window, FALSE);
  g_simple_action_set_enabled (self->due_soon, FALSE);
  gov_window_show_detail (self->window, "none", NULL, NULL);
  gtk_stack_remove (detail, self->page);
  gtk_stack_remove (gov_window_get_list_stack (self->window), self->list);
  gov_window_set_list_empty (self->window, TRUE);
  g_signal_handlers_disconnect_by_data (gov_window_get_search_entry (self->window), self);
  self->page = NULL;
  self->list = NULL;
  g_clear_object (&self->model);
  g_clear_pointer (&self->replica, gov_replica_close);
}

static void
attach (GovCaseController *self,
        GovReplica        *replica)
{
  GtkStack *list_stack = gov_window_get_list_stack (self->window);

  self->replica = gov_replica_ref (replica);
  self->model = gov_case_model_new (replica);
  gov_case_model_watch_ledger (self->model);
  self->list = gov_case_list_new (self->model);
  self->page = gov_case_page_new (replica);

  /* A second unlock finds the old child gone; the window only adds. */
  if (gtk_stack_get_child_by_name (list_stack, "cases") == NULL)
    gov_window_set_case_list (self->window, self->list);
  else
    gtk_stack_add_named (list_stack, self->list, "cases");
  gov_window_add_detail_page (self->window, self->page, "case");

  g_signal_connect_object (self->model, "changed", G_CALLBACK (update_counts), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_empty), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gov_case_list_get_shown (GOV_CASE_LIST (self->list)), "items-changed",
                           G_CALLBACK (update_empty), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "case-activated", G_CALLBACK (case_activated_cb), self, 0);
  g_signal_connect_object (self->page, "loaded", G_CALLBACK (page_loaded_cb), self, 0);
  g_signal_connect_object (self->page, "toast", G_CALLBACK (page_toast_cb), self, 0);
  g_signal_connect_object (gov_window_get_search_entry (self->window), "search-changed",
                           G_CALLBACK (search_changed_cb), self, 0);

  view_changed_cb (self);
  g_simple_action_set_enabled (self->due_soon, TRUE);
  gov_window_set_can_create_cases (self->window, TRUE);
  gov_case_model_reload (self->model);
}

static void
replica_changed_cb (GovApplication    *app,
                    GParamSpec        *pspec,
                    GovCaseController *self)
{
  GovReplica *replica = gov_application_get_replica (app);

  if (replica == self->replica)
    return;
  detach (self);
  if (replica != NULL)
    attach (self, replica);
}

static void
gov_case_controller_finalize (GObject *object)
{
  GovCaseController *self = GOV_CASE_CONTROLLER (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->model);
  g_clear_object (&self->due_soon);

  G_OBJECT_CLASS (gov_case_controller_parent_class)->finalize (object);
}

static void
gov_case_controller_class_init (GovCaseControllerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gov_case_controller_finalize;
}

static void
gov_case_controller_init (GovCaseController *self)
{
}

void
gov_case_controller_install (GovWindow *window)
{
  GovCaseController *self = g_object_new (GOV_TYPE_CASE_CONTROLLER, NULL);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));

  g_return_if_fail (GOV_IS_APPLICATION (app));

  self->window = window;
  /* For the list's menu ("Due Within 3 Days"): a toggle over any view. */
  self->due_soon = g_simple_action_new_stateful ("due-soon", NULL, g_variant_new_boolean (FALSE));
  g_simple_action_set_enabled (self->due_soon, FALSE);
  g_signal_connect_object (self->due_soon, "change-state", G_CALLBACK (due_soon_change_state_cb),
                           self, 0);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (self->due_soon));
  g_object_set_data_full (G_OBJECT (window), "gov-case-controller", self, g_object_unref);
  g_signal_connect_object (window, "notify::view", G_CALLBACK (view_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "new-case", G_CALLBACK (new_case_cb), self, 0);
  g_signal_connect_object (app, "notify::replica", G_CALLBACK (replica_changed_cb), self, 0);
  replica_changed_cb (GOV_APPLICATION (app), NULL, self);
}

/**
 * gov_case_controller_open_case:
 * @window: a window with a controller
 * @case_id: a case
 *
 * Shows the case in @window's detail pane, as activating its row would.
 * Does nothing while locked.
 */
void
gov_case_controller_open_case (GovWindow  *window,
                               const char *case_id)
{
  GovCaseController *self = g_object_get_data (G_OBJECT (window), "gov-case-controller");

  if (self != NULL && self->page != NULL)
    gov_case_page_show_case (GOV_CASE_PAGE (self->page), case_id);
}
