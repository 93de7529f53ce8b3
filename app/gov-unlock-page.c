/* gov-unlock-page.c: asks for the passphrase and opens the replica.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-keyring.h"
#include "gov-passphrase-dialog.h"
#include "gov-passphrase-form.h"
#include "gov-unlock-page.h"
#include "gov-vault.h"

struct _GovUnlockPage
{
  AdwBin        parent_instance;

  char         *replica_dir;
  GCancellable *cancellable;
  gboolean      busy;

  /* Template children */
  AdwEntryRow  *passphrase_row;
  GtkLabel     *error_label;
  GtkWidget    *unlock_button;
  GtkLabel     *unlock_label;
  GtkSpinner   *spinner;
};

G_DEFINE_FINAL_TYPE (GovUnlockPage, gov_unlock_page, ADW_TYPE_BIN)

enum {
  UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The passphrase travels to the worker thread in locked memory and is
 * wiped afterwards. Without one, the desktop keyring unlocks. */
typedef struct
{
  char *dir;
  char *passphrase;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->dir);
  if (data->passphrase != NULL)
    sodium_free (data->passphrase);
  g_free (data);
}

/* Key derivation is deliberately slow: it runs here, off the main loop. */
static void
open_replica_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  GovReplica *replica = NULL;

  if (data->passphrase != NULL)
    replica = gov_replica_open (data->dir, data->passphrase, &error);
  else
    {
      GovVault *vault = gov_vault_open_with_keyring (data->dir, &error);

      if (vault != NULL)
        replica = gov_replica_open_vault (vault, &error);
    }

  if (replica == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, replica, (GDestroyNotify) gov_replica_close);
}

static void
set_busy (GovUnlockPage *self,
          gboolean       busy)
{
  self->busy = busy;
  gov_passphrase_form_set_busy (GTK_WIDGET (self), busy, self->spinner, self->unlock_label,
                                busy ? _("Unlocking…") : _("_Unlock"),
                                GTK_WIDGET (self->passphrase_row), self->unlock_button, NULL);
}

static void
show_error (GovUnlockPage *self,
            const GError  *error)
{
  /* A mistyped passphrase is the common case: say so plainly. Anything
   * else (a damaged file, a full disk) keeps the message naming it. */
  if (g_error_matches (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE))
    gtk_label_set_text (self->error_label, _("Wrong passphrase. Try again."));
  else
    gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);

  /* Focus stays in the field with its text selected, ready to retype. */
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
  gtk_editable_select_region (GTK_EDITABLE (self->passphrase_row), 0, -1);
}

/* Keyring unlock failed: one line on why, then the passphrase as usual. */
static void
show_keyring_error (GovUnlockPage *self,
                    const GError  *error)
{
  g_autofree char *text = NULL;

  if (g_error_matches (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SERVICE))
    text = g_strdup (_("The desktop keyring is not available. Type the passphrase."));
  else if (g_error_matches (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_LOCKED))
    text = g_strdup (_("The desktop keyring is locked. Type the passphrase."));
  else if (g_error_matches (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NOT_FOUND))
    text = g_strdup (_("The key is no longer in the desktop keyring. Type the passphrase."));
  else
    text = g_strdup_printf (_("The desktop keyring did not unlock GovServ: %s"), error->message);

  gtk_label_set_text (self->error_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

static void
open_replica_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GovUnlockPage *self = GOV_UNLOCK_PAGE (object);
  g_autoptr(GError) error = NULL;
  GovReplica *replica = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (replica == NULL)
    {
      OpenData *data = g_task_get_task_data (G_TASK (result));

      if (data->passphrase == NULL)
        show_keyring_error (self, error);
      else
        show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[UNLOCKED], 0, replica);
}

static void
unlock_cb (GovUnlockPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  if (*passphrase != '\0')
    gov_unlock_page_unlock (self, passphrase);
}

static void
recovered_cb (GovPassphraseDialog *dialog,
              GovReplica          *replica,
              GovUnlockPage       *self)
{
  if (replica != NULL)
    g_signal_emit (self, signals[UNLOCKED], 0, replica);
}

static void
recovery_cb (GovUnlockPage *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GovPassphraseDialog *dialog = gov_passphrase_dialog_new_recover (parent, self->replica_dir);

  g_signal_connect_object (dialog, "done", G_CALLBACK (recovered_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
passphrase_changed_cb (GovUnlockPage *self)
{
  const char *passphrase = gtk_editable_get_text (GTK_EDITABLE (self->passphrase_row));

  gtk_widget_set_sensitive (self->unlock_button, !self->busy && *passphrase != '\0');
}

static void
gov_unlock_page_dispose (GObject *object)
{
  GovUnlockPage *self = GOV_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_UNLOCK_PAGE);

  G_OBJECT_CLASS (gov_unlock_page_parent_class)->dispose (object);
}

static void
gov_unlock_page_finalize (GObject *object)
{
  GovUnlockPage *self = GOV_UNLOCK_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->replica_dir);

  G_OBJECT_CLASS (gov_unlock_page_parent_class)->finalize (object);
}

static void
gov_unlock_page_class_init (GovUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_unlock_page_dispose;
  object_class->finalize = gov_unlock_page_finalize;

  /**
   * GovUnlockPage::unlocked:
   * @replica: (transfer full): the open replica
   */
  signals[UNLOCKED] = g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GovUnlockPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, GovUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GovUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, GovUnlockPage, unlock_label);
  gtk_widget_class_bind_template_child (widget_class, GovUnlockPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, unlock_cb);
  gtk_widget_class_bind_template_callback (widget_class, passphrase_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_cb);
}

static void
gov_unlock_page_init (GovUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->passphrase_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label, NULL,
                                  -1);
}

GtkWidget *
gov_unlock_page_new (const char *replica_dir)
{
  GovUnlockPage *self;

  g_return_val_if_fail (replica_dir != NULL, NULL);

  self = g_object_new (GOV_TYPE_UNLOCK_PAGE, NULL);
  self->replica_dir = g_strdup (replica_dir);

  return GTK_WIDGET (self);
}

const char *
gov_unlock_page_get_replica_dir (GovUnlockPage *self)
{
  g_return_val_if_fail (GOV_IS_UNLOCK_PAGE (self), NULL);

  return self->replica_dir;
}

void
gov_unlock_page_unlock (GovUnlockPage *self,
                        const char    *passphrase)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (GOV_IS_UNLOCK_PAGE (self));
  g_return_if_fail (passphrase != NULL);

  if (self->busy)
    return;

  data = g_new0 (OpenData, 1);
  data->dir = g_strdup (self->replica_dir);
  data->passphrase = gov_passphrase_secure_strdup (passphrase);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, open_replica_cb, NULL);
  g_task_set_source_tag (task, gov_unlock_page_unlock);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_replica_thread);
}

void
gov_unlock_page_reset (GovUnlockPage *self)
{
  g_return_if_fail (GOV_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->passphrase_row));
}

/**
 * gov_unlock_page_unlock_with_keyring:
 * @self: an unlock page
 *
 * Unlocks with the key in the desktop keyring (on a worker thread: D-Bus,
 * maybe a keyring prompt). On failure the page says why in one line and
 * waits for the passphrase.
 */
void
gov_unlock_page_unlock_with_keyring (GovUnlockPage *self)
{
  g_autoptr(GTask) task = NULL;
  OpenData *data;

  g_return_if_fail (GOV_IS_UNLOCK_PAGE (self));

  if (self->busy)
    return;

  data = g_new0 (OpenData, 1);
  data->dir = g_strdup (self->replica_dir);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, open_replica_cb, NULL);
  g_task_set_source_tag (task, gov_unlock_page_unlock_with_keyring);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_replica_thread);
}
