/* gov-case-resp.c: handover, decisions and clock on the case page
 *
 * The case page belongs to the case UI; this file hangs the chain of
 * responsibility onto it from one call, so both can change on their own:
 * the handover card and the two action buttons on the Overview, the
 * Decisions and Clock views in its view stack, and the two shortcuts of
 * UX.md §5. Every time the page has (re)loaded its case, the handover
 * state is read on a worker thread and both views read theirs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case-page.h"
#include "gov-case-resp.h"
#include "gov-clock-view.h"
#include "gov-decision-dialog.h"
#include "gov-decisions-view.h"
#include "gov-handover.h"
#include "gov-handover-card.h"
#include "gov-handover-dialog.h"
#include "gov-identity.h"
#include "gov-ledger.h"

#define GOV_TYPE_CASE_RESP (gov_case_resp_get_type ())
G_DECLARE_FINAL_TYPE (GovCaseResp, gov_case_resp, GOV, CASE_RESP, GObject)

struct _GovCaseResp
{
  GObject       parent_instance;

  GtkWidget    *page;        /* unowned: owns us */
  GovReplica   *replica;
  GCancellable *cancellable;
  GtkWidget    *card;
  GtkWidget    *clock_view;
  GtkWidget    *decisions_view;
  GtkWidget    *handover_button;
  GtkWidget    *decision_button;
  gboolean      in_transit;
  gboolean      foreign;       /* another office owns the case */
};

G_DEFINE_FINAL_TYPE (GovCaseResp, gov_case_resp, G_TYPE_OBJECT)

static const char *
case_id (GovCaseResp *self)
{
  return gov_case_page_get_case_id (GOV_CASE_PAGE (self->page));
}

static void
toast_cb (GovCaseResp *self,
          AdwToast    *toast)
{
  g_signal_emit_by_name (self->page, "toast", toast);
}

static void
changed_cb (GovCaseResp *self)
{
  gov_case_page_reload (GOV_CASE_PAGE (self->page));
}

/* Handover state ------------------------------------------------------------ */

/* One name from the ledger's office table (read only). */
static char *
query_name (GovReplica *replica,
            const char *sql,
            const char *arg)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3_stmt *s = NULL;
  char *name = NULL;

  gov_ledger_lock (ledger);
  if (sqlite3_prepare_v2 (gov_replica_get_db (replica), sql, -1, &s, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (s, 1, arg, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
        name = g_strdup ((const char *) sqlite3_column_text (s, 0));
    }
  sqlite3_finalize (s);
  gov_ledger_unlock (ledger);
  return name;
}

/**
 * gov_case_resp_dup_office_name:
 * @replica: the replica
 * @office_id: an office id
 *
 * Returns: (transfer full) (nullable): the name the office gave itself,
 *   once its office.create event is here
 */
char *
gov_case_resp_dup_office_name (GovReplica *replica,
                               const char *office_id)
{
  return query_name (replica, "SELECT name FROM office WHERE office_id = ?", office_id);
}

/**
 * gov_case_resp_dup_author_office:
 * @replica: the replica
 * @author: an event's author (device key), as in the timeline
 *
 * Returns: (transfer full) (nullable): the name of the author's office
 */
char *
gov_case_resp_dup_author_office (GovReplica *replica,
                                 const char *author)
{
  return query_name (replica, "SELECT o.name FROM device d JOIN office o"
                              " ON o.office_id = d.office_id WHERE d.pk = ?", author);
}

/* The state, plus "owner_office_name" when another office owns the case
 * (owner_office follows accepted handovers). */
static void
state_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GovCaseResp *self = source_object;
  GError *error = NULL;
  JsonNode *state = gov_handover_get_state (self->replica, task_data, &error);
  const char *mine = gov_identity_get_office_id (gov_replica_get_identity (self->replica));
  const char *owner;

  if (state == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  owner = json_object_get_string_member_with_default (json_node_get_object (state),
                                                      "owner_office", NULL);
  if (owner != NULL && g_strcmp0 (owner, mine) != 0)
    {
      g_autofree char *name = gov_case_resp_dup_office_name (self->replica, owner);

      json_object_set_string_member (json_node_get_object (state), "owner_office_name",
                                     name != NULL ? name : _("another office"));
    }
  g_task_return_pointer (task, state, (GDestroyNotify) json_node_unref);
}

static void
state_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GovCaseResp *self = GOV_CASE_RESP (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) state = g_task_propagate_pointer (G_TASK (result), &error);
  const char *id = g_task_get_task_data (G_TASK (result));
  const char *owner;
  JsonObject *o;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_strcmp0 (id, case_id (self)) != 0)
    return;
  if (state == NULL)
    {
      g_signal_emit_by_name (self->page, "toast", adw_toast_new (error->message));
      return;
    }
  o = json_node_get_object (state);
  gov_handover_card_set_state (GOV_HANDOVER_CARD (self->card), id, o);
  owner = json_object_get_string_member_with_default (o, "owner_office_name", NULL);
  self->in_transit = !json_object_get_null_member (o, "in_transit");
  self->foreign = owner != NULL;
  /* A case in transit cannot be offered again; another office's case is
   * theirs to hand over or decide. */
  gtk_widget_set_sensitive (self->handover_button, !self->in_transit && !self->foreign);
  gtk_widget_set_sensitive (self->decision_button, !self->foreign);
  gov_case_page_set_owner (GOV_CASE_PAGE (self->page), owner);
}

static void
page_loaded_cb (GovCaseResp *self)
{
  g_autoptr(GTask) task = NULL;
  const char *id = case_id (self);

  if (id == NULL)
    return;
  task = g_task_new (self, self->cancellable, state_cb, NULL);
  g_task_set_source_tag (task, page_loaded_cb);
  g_task_set_task_data (task, g_strdup (id), g_free);
  g_task_run_in_thread (task, state_thread);
  gov_clock_view_set_case (GOV_CLOCK_VIEW (self->clock_view), id);
  gov_decisions_view_set_case (GOV_DECISIONS_VIEW (self->decisions_view), id);
}

/* Hand Over… ----------------------------------------------------------------- */

static void
withdraw_cb (AdwToast    *toast,
             GovCaseResp *self)
{
  gov_handover_card_withdraw (GOV_HANDOVER_CARD (self->card),
                              g_object_get_data (G_OBJECT (toast), "case-id"),
                              g_object_get_data (G_OBJECT (toast), "offer-id"));
}

static void
sent_cb (GovCaseResp *self,
         const char  *offer_id,
         const char  *recipient)
{
  g_autofree char *title = g_strdup_printf (_("Handover offered to %s"), recipient);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Withdraw"));
  g_object_set_data_full (G_OBJECT (toast), "case-id", g_strdup (case_id (self)), g_free);
  g_object_set_data_full (G_OBJECT (toast), "offer-id", g_strdup (offer_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (withdraw_cb), self, 0);
  g_signal_emit_by_name (self->page, "toast", toast);
  gov_case_page_reload (GOV_CASE_PAGE (self->page));
}

static gboolean
hand_over (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  GovCaseResp *self = user_data;
  GtkWidget *dialog;

  if (case_id (self) == NULL || !gtk_widget_get_sensitive (self->handover_button))
    return FALSE;
  dialog = gov_handover_dialog_new (GTK_WINDOW (gtk_widget_get_root (self->page)),
                                    self->replica, case_id (self),
                                    gov_clock_view_get_deadlines (
                                      GOV_CLOCK_VIEW (self->clock_view)));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (sent_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
hand_over_clicked_cb (GovCaseResp *self)
{
  hand_over (self->page, NULL, self);
}

/* Record Decision… ------------------------------------------------------------ */

static void
signed_cb (GovCaseResp *self)
{
  g_signal_emit_by_name (self->page, "toast", adw_toast_new (_("Decision signed")));
  gov_case_page_reload (GOV_CASE_PAGE (self->page));
}

static gboolean
record_decision (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  GovCaseResp *self = user_data;
  GtkWidget *dialog;

  if (case_id (self) == NULL || !gtk_widget_get_sensitive (self->decision_button))
    return FALSE;
  dialog = gov_decision_dialog_new (GTK_WINDOW (gtk_widget_get_root (self->page)),
                                    self->replica, case_id (self));
  g_signal_connect_object (dialog, "signed", G_CALLBACK (signed_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
record_clicked_cb (GovCaseResp *self)
{
  record_decision (self->page, NULL, self);
}

/* Attaching ------------------------------------------------------------------- */

static void
add_shortcut (GtkShortcutController *shortcuts,
              guint                  key,
              GtkShortcutFunc        func,
              gpointer               data)
{
  gtk_shortcut_controller_add_shortcut (shortcuts, gtk_shortcut_new (
    gtk_keyval_trigger_new (key, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
    gtk_callback_action_new (func, data, NULL)));
}

static void
page_destroy_cb (GovCaseResp *self)
{
  g_cancellable_cancel (self->cancellable);
}

void
gov_case_resp_attach (GtkWidget    *page,
                      AdwViewStack *stack,
                      GtkWidget    *overview_anchor,
                      GovReplica   *replica)
{
  GovCaseResp *self = g_object_new (GOV_TYPE_CASE_RESP, NULL);
  GtkWidget *overview = gtk_widget_get_parent (overview_anchor);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkShortcutController *shortcuts;
  AdwViewStackPage *clock_page;

  g_return_if_fail (GOV_IS_CASE_PAGE (page));
  self->page = page;
  self->replica = gov_replica_ref (replica);
  g_object_set_data_full (G_OBJECT (page), "gov-case-resp", self, g_object_unref);

  self->card = gov_handover_card_new (replica);
  self->handover_button = gtk_button_new_with_mnemonic (_("_Hand Over…"));
  gtk_widget_set_tooltip_text (self->handover_button, _("Hand Over (Ctrl+Shift+H)"));
  g_signal_connect_swapped (self->handover_button, "clicked",
                            G_CALLBACK (hand_over_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->handover_button);
  self->decision_button = gtk_button_new_with_mnemonic (_("Record _Decision…"));
  gtk_widget_set_tooltip_text (self->decision_button, _("Record Decision (Ctrl+Shift+D)"));
  g_signal_connect_swapped (self->decision_button, "clicked",
                            G_CALLBACK (record_clicked_cb), self);
  gtk_box_append (GTK_BOX (buttons), self->decision_button);
  gtk_box_append (GTK_BOX (box), self->card);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_box_insert_child_after (GTK_BOX (overview), box,
                              gtk_widget_get_prev_sibling (overview_anchor));

  self->decisions_view = gov_decisions_view_new (replica);
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (stack, self->decisions_view, "decisions", _("Decisions")),
    "emblem-documents-symbolic");
  g_signal_connect_swapped (self->decisions_view, "toast", G_CALLBACK (toast_cb), self);
  g_signal_connect_swapped (self->decisions_view, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->decisions_view, "record", G_CALLBACK (record_clicked_cb),
                            self);

  self->clock_view = gov_clock_view_new (replica);
  clock_page = adw_view_stack_add_titled (stack, self->clock_view, "clock", _("Clock"));
  adw_view_stack_page_set_icon_name (clock_page, "alarm-symbolic");

  g_signal_connect_swapped (self->card, "toast", G_CALLBACK (toast_cb), self);
  g_signal_connect_swapped (self->card, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (self->clock_view, "toast", G_CALLBACK (toast_cb), self);
  g_signal_connect_swapped (self->clock_view, "changed", G_CALLBACK (changed_cb), self);
  g_signal_connect_swapped (page, "loaded", G_CALLBACK (page_loaded_cb), self);
  g_signal_connect_swapped (page, "destroy", G_CALLBACK (page_destroy_cb), self);

  /* UX.md §5; managed by the page so it works wherever the focus is on it. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  add_shortcut (shortcuts, GDK_KEY_H, hand_over, self);
  add_shortcut (shortcuts, GDK_KEY_D, record_decision, self);
  gtk_widget_add_controller (page, GTK_EVENT_CONTROLLER (shortcuts));
}

/* GObject --------------------------------------------------------------------- */

static void
gov_case_resp_finalize (GObject *object)
{
  GovCaseResp *self = GOV_CASE_RESP (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (gov_case_resp_parent_class)->finalize (object);
}

static void
gov_case_resp_class_init (GovCaseRespClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gov_case_resp_finalize;
}

static void
gov_case_resp_init (GovCaseResp *self)
{
  self->cancellable = g_cancellable_new ();
}

/* The Case Menu (gov-case-page.c) ------------------------------------------- */

static GovCaseResp *
resp_of (GtkWidget *page)
{
  return g_object_get_data (G_OBJECT (page), "gov-case-resp");
}

void
gov_case_resp_hand_over (GtkWidget *page)
{
  hand_over (page, NULL, resp_of (page));
}

void
gov_case_resp_record_decision (GtkWidget *page)
{
  record_decision (page, NULL, resp_of (page));
}

void
gov_case_resp_pause_clock (GtkWidget *page)
{
  gov_clock_view_pause (GOV_CLOCK_VIEW (resp_of (page)->clock_view));
}

gboolean
gov_case_resp_in_transit (GtkWidget *page)
{
  GovCaseResp *self = resp_of (page);

  return self != NULL && self->in_transit;
}
