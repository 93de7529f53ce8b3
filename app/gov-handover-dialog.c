/* gov-handover-dialog.c: "Hand Over Case" (UX.md §3 Handover)
 *
 * A modal with the recipient, the reason and the package. Required rows say
 * "Required" in their subtitle; "Send Offer" stays insensitive until they
 * are filled in. The offer is written on a worker thread; a refusal from
 * the core is shown in the dialog, in its own words, and nothing is lost.
 *
 * Fields are GtkEntry widgets inside AdwActionRows with the row title as
 * their accessible label: on libadwaita 1.2 an AdwEntryRow is not announced
 * on focus (UX.md §3).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-handover.h"
#include "gov-form.h"
#include "gov-handover-dialog.h"

struct _GovHandoverDialog
{
  AdwWindow     parent_instance;

  GovReplica   *replica;
  char         *case_id;
  char        **case_ids;     /* several cases, or NULL */
  GCancellable *cancellable;

  AdwComboRow  *kind_row;
  GtkEntry     *recipient;
  GtkEntry     *reason;
  GtkEntry     *promises;
  GtkEntry     *risks;
  GtkEntry     *first_steps;
  GtkLabel     *error_label;
  GtkWidget    *send_button;
  gboolean      sending;
};

G_DEFINE_FINAL_TYPE (GovHandoverDialog, gov_handover_dialog, ADW_TYPE_WINDOW)

enum { SENT, REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  char  *case_id;
  char **case_ids;
  char  *to;
  char  *reason;
  char **promises;
  char **risks;
  char  *first_steps;
  gboolean to_office;
} OfferData;

static void
offer_data_free (OfferData *d)
{
  g_free (d->case_id);
  g_strfreev (d->case_ids);
  g_free (d->to);
  g_free (d->reason);
  g_strfreev (d->promises);
  g_strfreev (d->risks);
  g_free (d->first_steps);
  g_free (d);
}

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* "a; b" → { "a", "b" }, empty parts dropped. */
static char **
split_list (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (b, parts[i]);
    }
  return g_strv_builder_end (b);
}

static void
update_sensitive (GovHandoverDialog *self)
{
  gtk_widget_set_sensitive (self->send_button,
                            !self->sending && gov_form_filled (self->recipient) &&
                            gov_form_filled (self->reason) && gov_form_filled (self->first_steps));
}

/* What became of one of several cases: an offer, or the core's refusal. */
typedef struct
{
  char *case_id;
  char *offer_id;
  char *refusal;
} Outcome;

static void
outcome_free (Outcome *o)
{
  g_free (o->case_id);
  g_free (o->offer_id);
  g_free (o->refusal);
  g_free (o);
}

/* One offer per case in one transaction; a refused case (closed, already
 * in transit) writes nothing and does not stop the others. */
static GPtrArray *
offer_several (GovReplica             *replica,
               char                  **case_ids,
               const GovHandoverOffer *offer,
               GError                **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) outcome_free);

  if (!gov_ledger_begin (ledger, error))
    return NULL;
  for (guint i = 0; case_ids[i] != NULL; i++)
    {
      Outcome *o = g_new0 (Outcome, 1);
      g_autoptr(GError) refused = NULL;

      o->case_id = g_strdup (case_ids[i]);
      o->offer_id = gov_handover_offer (replica, case_ids[i], offer, &refused);
      if (o->offer_id == NULL)
        o->refusal = g_strdup (refused->message);
      g_ptr_array_add (out, o);
    }
  if (!gov_ledger_commit (ledger, error))
    return NULL;
  return g_steal_pointer (&out);
}

static void
offer_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GovHandoverDialog *self = source_object;
  OfferData *d = task_data;
  GovHandoverOffer offer = {
    .to_office = d->to_office ? d->to : NULL,
    .to_team = d->to_office ? NULL : d->to,
    .reason = d->reason,
    .promises = (const char * const *) d->promises,
    .risks = (const char * const *) d->risks,
    .first_steps = d->first_steps,
  };
  GError *error = NULL;
  char *id;

  if (d->case_ids != NULL)
    {
      GPtrArray *outcomes = offer_several (self->replica, d->case_ids, &offer, &error);

      if (outcomes != NULL)
        g_task_return_pointer (task, outcomes, (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, error);
      return;
    }
  id = gov_handover_offer (self->replica, d->case_id, &offer, &error);
  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

static void
several_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GovHandoverDialog *self = GOV_HANDOVER_DIALOG (object);
  OfferData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outcomes = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sending = FALSE;
  if (outcomes == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_sensitive (self);
      return;
    }
  for (guint i = 0; i < outcomes->len; i++)
    {
      Outcome *o = g_ptr_array_index (outcomes, i);

      if (o->offer_id != NULL)
        g_signal_emit (self, signals[SENT], 0, o->offer_id, d->to);
      else
        g_signal_emit (self, signals[REFUSED], 0, o->case_id, o->refusal);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
offer_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GovHandoverDialog *self = GOV_HANDOVER_DIALOG (object);
  OfferData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->sending = FALSE;
  if (id == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_sensitive (self);
      return;
    }
  g_signal_emit (self, signals[SENT], 0, id, d->to);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
send_clicked_cb (GovHandoverDialog *self)
{
  g_autoptr(GTask) task = NULL;
  OfferData *d;

  if (!gtk_widget_get_sensitive (self->send_button))
    return;
  d = g_new0 (OfferData, 1);
  d->case_id = g_strdup (self->case_id);
  d->case_ids = g_strdupv (self->case_ids);
  d->to = gov_form_text (self->recipient);
  d->reason = gov_form_text (self->reason);
  d->promises = split_list (text_of (self->promises));
  d->risks = split_list (text_of (self->risks));
  d->first_steps = gov_form_text (self->first_steps);
  d->to_office = adw_combo_row_get_selected (self->kind_row) == 1;

  self->sending = TRUE;
  update_sensitive (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  task = g_task_new (self, self->cancellable, self->case_ids != NULL ? several_cb : offer_cb,
                     NULL);
  g_task_set_source_tag (task, send_clicked_cb);
  g_task_set_task_data (task, d, (GDestroyNotify) offer_data_free);
  g_task_run_in_thread (task, offer_thread);
}

/* Building ---------------------------------------------------------------- */

static GtkEntry *
add_entry_row (GovHandoverDialog   *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle)
{
  GtkEntry *entry = gov_form_entry_row (group, title, subtitle);

  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_sensitive), self);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (send_clicked_cb), self);
  return entry;
}

static void
build (GovHandoverDialog *self,
       const char        *open_deadlines)
{
  GtkWidget *box;
  AdwPreferencesGroup *to, *pkg;
  GtkWidget *deadlines = adw_action_row_new ();
  const char *kinds[] = { _("Team of this office"), _("Another office"), NULL };
  const char *required = _("Required");

  self->send_button = gtk_button_new_with_mnemonic (_("_Send Offer"));
  box = gov_form_frame (ADW_WINDOW (self), _("Hand Over Case"), self->send_button);
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_clicked_cb), self);

  to = gov_form_group (box, _("Recipient"));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Send To"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (gtk_string_list_new (kinds)));
  adw_preferences_group_add (to, GTK_WIDGET (self->kind_row));
  self->recipient = add_entry_row (self, to, _("Recipient"), required);
  self->reason = add_entry_row (self, to, _("Reason"), required);

  pkg = gov_form_group (box, _("Package"));
  adw_preferences_group_set_description (pkg, _("What the receiver needs to take over."));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (deadlines), _("Open Deadlines"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (deadlines),
                               open_deadlines != NULL && *open_deadlines != '\0'
                                 ? open_deadlines : _("No open deadlines"));
  adw_preferences_group_add (pkg, deadlines);
  self->promises = add_entry_row (self, pkg, _("Promises to the Citizen"),
                                  _("Separate several with semicolons"));
  self->risks = add_entry_row (self, pkg, _("Risks"), _("Separate several with semicolons"));
  self->first_steps = add_entry_row (self, pkg, _("First Steps for the Receiver"), required);

  self->error_label = gov_form_error_label (box);
  update_sensitive (self);
}

/* GObject ------------------------------------------------------------------- */

static void
gov_handover_dialog_dispose (GObject *object)
{
  GovHandoverDialog *self = GOV_HANDOVER_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (gov_handover_dialog_parent_class)->dispose (object);
}

static void
gov_handover_dialog_finalize (GObject *object)
{
  GovHandoverDialog *self = GOV_HANDOVER_DIALOG (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_free (self->case_id);
  g_strfreev (self->case_ids);
  G_OBJECT_CLASS (gov_handover_dialog_parent_class)->finalize (object);
}

static void
gov_handover_dialog_class_init (GovHandoverDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_handover_dialog_dispose;
  object_class->finalize = gov_handover_dialog_finalize;

  /**
   * GovHandoverDialog::sent:
   * @offer_id: the new offer
   * @recipient: the team or office it went to
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GovHandoverDialog::refused:
   * @case: one of several cases (as given) that the core refused to offer
   * @message: why, in the core's words
   */
  signals[REFUSED] = g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                   G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gov_handover_dialog_init (GovHandoverDialog *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
gov_handover_dialog_new (GtkWindow  *parent,
                         GovReplica *replica,
                         const char *case_id,
                         const char *open_deadlines)
{
  GovHandoverDialog *self = g_object_new (GOV_TYPE_HANDOVER_DIALOG,
                                          "modal", TRUE,
                                          "transient-for", parent,
                                          "title", _("Hand Over Case"),
                                          "default-width", 560,
                                          "default-height", 620,
                                          NULL);

  self->replica = gov_replica_ref (replica);
  self->case_id = g_strdup (case_id);
  build (self, open_deadlines);
  return GTK_WIDGET (self);
}

/**
 * gov_handover_dialog_new_for_cases:
 * @parent: the window
 * @replica: the replica
 * @cases: (array zero-terminated=1): case numbers or ids
 *
 * One recipient, reason and package for several cases. Each case gets its
 * own offer (its open deadlines filled in from its clock), all in one
 * transaction. Emits "sent" for each offer and "refused" for each case the
 * core refused, then closes.
 */
GtkWidget *
gov_handover_dialog_new_for_cases (GtkWindow          *parent,
                                   GovReplica         *replica,
                                   const char * const *cases)
{
  guint n = g_strv_length ((char **) cases);
  GovHandoverDialog *self;
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Hand Over %u Case",
                                                         "Hand Over %u Cases", n), n);

  g_return_val_if_fail (n > 0, NULL);
  self = GOV_HANDOVER_DIALOG (gov_handover_dialog_new (parent, replica, cases[0],
                                                       _("Filled in for each case from its clock")));
  self->case_ids = g_strdupv ((char **) cases);
  gtk_window_set_title (GTK_WINDOW (self), title);
  return GTK_WIDGET (self);
}
