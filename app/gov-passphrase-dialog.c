/* gov-passphrase-dialog.c: change the passphrase, or unlock with the
 * recovery code and choose a new one.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-passphrase-dialog.h"
#include "gov-passphrase-form.h"
#include "gov-setup-page.h"
#include "gov-vault.h"

struct _GovPassphraseDialog
{
  AdwWindow       parent_instance;

  GovVault       *vault;        /* change: the open replica's vault */
  char           *replica_dir;  /* recover: the replica to open */
  GCancellable   *cancellable;
  gboolean        busy;

  /* Template children */
  AdwWindowTitle *title;
  GtkWidget      *apply_button;
  GtkLabel       *apply_label;
  GtkSpinner     *spinner;
  AdwEntryRow    *current_row;
  AdwEntryRow    *code_row;
  AdwEntryRow    *new_row;
  AdwEntryRow    *confirm_row;
  GtkLabel       *hint_label;
  GtkLabel       *error_label;
};

G_DEFINE_FINAL_TYPE (GovPassphraseDialog, gov_passphrase_dialog, ADW_TYPE_WINDOW)

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  GovVault *vault;
  char     *dir;
  char     *old_secret;   /* the current passphrase, or the recovery code */
  char     *new_passphrase;
} WorkData;

static void
work_data_free (WorkData *data)
{
  g_clear_object (&data->vault);
  g_free (data->dir);
  if (data->old_secret != NULL)
    sodium_free (data->old_secret);
  if (data->new_passphrase != NULL)
    sodium_free (data->new_passphrase);
  g_free (data);
}

static gboolean
is_recover (GovPassphraseDialog *self)
{
  return self->replica_dir != NULL;
}

static const char *
get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static const char *
describe_form (GovPassphraseDialog *self,
               gboolean            *complete)
{
  AdwEntryRow *secret_row = is_recover (self) ? self->code_row : self->current_row;
  const char *hint = gov_passphrase_hint (get_text (self->new_row), get_text (self->confirm_row),
                                          complete);

  *complete = *complete && *get_text (secret_row) != '\0';
  return hint;
}

static void
update_form (GovPassphraseDialog *self)
{
  gboolean complete;

  gtk_label_set_text (self->hint_label, describe_form (self, &complete));
  gtk_widget_set_sensitive (self->apply_button, complete && !self->busy);
}

static const char *
apply_text (GovPassphraseDialog *self,
            gboolean             busy)
{
  if (is_recover (self))
    return busy ? _("Unlocking…") : _("_Unlock");

  return busy ? _("Changing…") : _("C_hange");
}

static void
set_busy (GovPassphraseDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gov_passphrase_form_set_busy (GTK_WIDGET (self), busy, self->spinner, self->apply_label,
                                apply_text (self, busy), GTK_WIDGET (self->current_row),
                                GTK_WIDGET (self->code_row), GTK_WIDGET (self->new_row),
                                GTK_WIDGET (self->confirm_row), NULL);
  update_form (self);
}

/* Both run the slow key derivation, so both run here, off the main loop. */
static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WorkData *data = task_data;
  GError *error = NULL;

  if (gov_vault_change_passphrase (data->vault, data->old_secret, data->new_passphrase,
                                   GOV_KDF_STRENGTH_MODERATE, &error))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_error (task, error);
}

static void
recover_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  WorkData *data = task_data;
  g_autoptr(GovVault) vault = NULL;
  GError *error = NULL;
  GovReplica *replica;

  vault = gov_vault_open_with_recovery_code (data->dir, data->old_secret, &error);
  if (vault == NULL ||
      !gov_vault_change_passphrase (vault, NULL, data->new_passphrase,
                                    GOV_KDF_STRENGTH_MODERATE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The vault is reopened through the replica, with the new passphrase. */
  gov_vault_lock (vault);
  g_clear_object (&vault);
  replica = gov_replica_open (data->dir, data->new_passphrase, &error);
  if (replica == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, replica, (GDestroyNotify) gov_replica_close);
}

static void
show_error (GovPassphraseDialog *self,
            const GError        *error)
{
  AdwEntryRow *secret_row = is_recover (self) ? self->code_row : self->current_row;

  if (g_error_matches (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE))
    gtk_label_set_text (self->error_label, _("Wrong passphrase. Try again."));
  else if (g_error_matches (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_RECOVERY_CODE))
    gtk_label_set_text (self->error_label, _("Wrong recovery code. Try again."));
  else
    gtk_label_set_text (self->error_label, error->message);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (secret_row));
  gtk_editable_select_region (GTK_EDITABLE (secret_row), 0, -1);
}

static void
work_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GovPassphraseDialog *self = GOV_PASSPHRASE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gpointer replica = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      show_error (self, error);
      return;
    }

  g_signal_emit (self, signals[DONE], 0, replica);
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_cb (GovPassphraseDialog *self)
{
  g_autoptr(GTask) task = NULL;
  WorkData *data;
  gboolean complete;

  describe_form (self, &complete);
  if (!complete || self->busy)
    return;

  data = g_new0 (WorkData, 1);
  data->new_passphrase = gov_passphrase_secure_strdup (get_text (self->new_row));
  if (is_recover (self))
    {
      data->dir = g_strdup (self->replica_dir);
      data->old_secret = gov_passphrase_secure_strdup (get_text (self->code_row));
    }
  else
    {
      data->vault = g_object_ref (self->vault);
      data->old_secret = gov_passphrase_secure_strdup (get_text (self->current_row));
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, work_done_cb, NULL);
  g_task_set_source_tag (task, apply_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) work_data_free);
  g_task_run_in_thread (task, is_recover (self) ? recover_thread : change_thread);
}

static void
changed_cb (GovPassphraseDialog *self)
{
  update_form (self);
}

static void
gov_passphrase_dialog_dispose (GObject *object)
{
  GovPassphraseDialog *self = GOV_PASSPHRASE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_PASSPHRASE_DIALOG);

  G_OBJECT_CLASS (gov_passphrase_dialog_parent_class)->dispose (object);
}

static void
gov_passphrase_dialog_finalize (GObject *object)
{
  GovPassphraseDialog *self = GOV_PASSPHRASE_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->vault);
  g_free (self->replica_dir);

  G_OBJECT_CLASS (gov_passphrase_dialog_parent_class)->finalize (object);
}

static void
gov_passphrase_dialog_class_init (GovPassphraseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_passphrase_dialog_dispose;
  object_class->finalize = gov_passphrase_dialog_finalize;

  /**
   * GovPassphraseDialog::done:
   * @replica: (transfer full) (nullable): the opened replica when recovering
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-passphrase-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, title);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, apply_label);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, code_row);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, new_row);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, GovPassphraseDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  /* AdwWindow does not close on Esc by itself. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gov_passphrase_dialog_init (GovPassphraseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->new_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->hint_label, self->error_label, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->confirm_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->hint_label, self->error_label, NULL, -1);
}

static void
set_mode (GovPassphraseDialog *self)
{
  gboolean recover = is_recover (self);
  AdwEntryRow *secret_row = recover ? self->code_row : self->current_row;

  gtk_widget_set_visible (GTK_WIDGET (self->current_row), !recover);
  gtk_widget_set_visible (GTK_WIDGET (self->code_row), recover);
  adw_window_title_set_title (self->title, recover ? _("Unlock With Recovery Code")
                                                   : _("Change Passphrase"));
  gtk_window_set_title (GTK_WINDOW (self), adw_window_title_get_title (self->title));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (secret_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->error_label, NULL, -1);
  set_busy (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (secret_row));
}

GovPassphraseDialog *
gov_passphrase_dialog_new_change (GtkWindow  *parent,
                                  GovReplica *replica)
{
  GovPassphraseDialog *self;

  g_return_val_if_fail (replica != NULL, NULL);

  self = g_object_new (GOV_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
  self->vault = g_object_ref (gov_replica_get_vault (replica));
  set_mode (self);

  return self;
}

GovPassphraseDialog *
gov_passphrase_dialog_new_recover (GtkWindow  *parent,
                                   const char *replica_dir)
{
  GovPassphraseDialog *self;

  g_return_val_if_fail (replica_dir != NULL, NULL);

  self = g_object_new (GOV_TYPE_PASSPHRASE_DIALOG, "transient-for", parent, NULL);
  self->replica_dir = g_strdup (replica_dir);
  set_mode (self);

  return self;
}
