/* gov-preferences-security.c: the Security page of the preferences.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-application.h"
#include "gov-keyring.h"
#include "gov-passphrase-dialog.h"
#include "gov-preferences-security.h"
#include "gov-vault.h"

struct _GovPreferencesSecurity
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;

  /* Template children */
  AdwComboRow        *lock_after_row;
  AdwActionRow       *keyring_row;
  GtkSwitch          *keyring_switch;

  gboolean            keyring_syncing;  /* the switch is set from the key file */
};

G_DEFINE_FINAL_TYPE (GovPreferencesSecurity, gov_preferences_security,
                     ADW_TYPE_PREFERENCES_PAGE)

/* The choices of "Lock After", in row order; 0 is "Never". */
static const guint lock_minutes[] = { 5, 15, 30, 60, 0 };
#define DEFAULT_CHOICE 1

static gboolean
get_lock_after (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);

  for (guint i = 0; i < G_N_ELEMENTS (lock_minutes); i++)
    if (lock_minutes[i] == minutes)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  /* A value set elsewhere (gsettings) shows as the default choice. */
  g_value_set_uint (value, DEFAULT_CHOICE);
  return TRUE;
}

static GVariant *
set_lock_after (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (lock_minutes))
    return NULL;

  return g_variant_new_uint32 (lock_minutes[selected]);
}

static GtkWindow *
get_window (GovPreferencesSecurity *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static GovReplica *
get_replica (void)
{
  GApplication *app = g_application_get_default ();

  return GOV_IS_APPLICATION (app) ? gov_application_get_replica (GOV_APPLICATION (app)) : NULL;
}

static void
toast (GovPreferencesSecurity *self,
       const char             *text)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (get_window (self)),
                                    adw_toast_new (text));
}

static void
passphrase_changed_cb (GovPassphraseDialog    *dialog,
                       gpointer                replica,
                       GovPreferencesSecurity *self)
{
  toast (self, _("Passphrase changed"));
}

static void
change_passphrase_cb (GovPreferencesSecurity *self)
{
  GovReplica *replica = get_replica ();
  GovPassphraseDialog *dialog;

  if (replica == NULL)
    return;

  dialog = gov_passphrase_dialog_new_change (get_window (self), replica);
  g_signal_connect_object (dialog, "done", G_CALLBACK (passphrase_changed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
regenerate_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  char *code = NULL;

  if (gov_vault_regenerate_recovery_code (task_data, &code, &error))
    g_task_return_pointer (task, code, g_free);
  else
    g_task_return_error (task, error);
}

static void
regenerated_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GovPreferencesSecurity *self = GOV_PREFERENCES_SECURITY (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *dialog;
  GtkWidget *label;

  if (code == NULL)
    {
      toast (self, error->message);
      return;
    }

  /* Shown once, in a dialog of its own, selectable for copying by hand. */
  dialog = adw_message_dialog_new (get_window (self), _("Write Down the Recovery Code"),
                                   _("If the passphrase is ever lost, this code is the only way "
                                     "to open this office's cases. The old code no longer "
                                     "works."));
  label = gtk_label_new (code);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "title-3");
  gtk_widget_add_css_class (label, "monospace");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  sodium_memzero (code, strlen (code));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
regenerate_response_cb (AdwMessageDialog       *dialog,
                        const char             *response,
                        GovPreferencesSecurity *self)
{
  GovReplica *replica = get_replica ();
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "make") != 0 || replica == NULL)
    return;

  task = g_task_new (self, NULL, regenerated_cb, NULL);
  g_task_set_source_tag (task, regenerate_response_cb);
  g_task_set_task_data (task, g_object_ref (gov_replica_get_vault (replica)), g_object_unref);
  g_task_run_in_thread (task, regenerate_thread);
}

static void
recovery_code_cb (GovPreferencesSecurity *self)
{
  AdwMessageDialog *dialog;

  if (get_replica () == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (get_window (self),
                                                       _("Make a New Recovery Code?"),
                                                       _("The current recovery code stops "
                                                         "working. The new one is shown "
                                                         "once.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "make", _("_Make New Code"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "make", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (regenerate_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- desktop keyring ---------------------------------------------- */

/* Shows whether the key file has a keyring slot; @problem (or the usual
 * explanation) goes under the title. */
static void
sync_keyring_row (GovPreferencesSecurity *self,
                  const char             *problem)
{
  GovReplica *replica = get_replica ();

  self->keyring_syncing = TRUE;
  gtk_switch_set_active (self->keyring_switch,
                         replica != NULL && gov_keyring_has_slot (gov_replica_get_dir (replica)));
  self->keyring_syncing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_switch), replica != NULL);

  if (problem != NULL)
    {
      adw_action_row_set_subtitle (self->keyring_row, problem);
      gtk_widget_add_css_class (GTK_WIDGET (self->keyring_row), "error");
    }
  else
    {
      adw_action_row_set_subtitle (self->keyring_row,
                                   _("Unlock from the login keyring instead of typing the "
                                     "passphrase. Leave this off on field laptops."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->keyring_row), "error");
    }
}

static void
keyring_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GovVault *vault = task_data;
  GError *error = NULL;
  gboolean enable = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "enable"));
  gboolean ok = enable ? gov_vault_enable_keyring (vault, &error)
                       : gov_vault_disable_keyring (vault, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
keyring_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GovPreferencesSecurity *self = GOV_PREFERENCES_SECURITY (object);
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  sync_keyring_row (self, error != NULL ? error->message : NULL);
}

/* On stores a new key in the keyring, off removes it; both on a worker
 * thread (D-Bus, and the keyring may ask to be unlocked). */
static void
keyring_switch_cb (GovPreferencesSecurity *self)
{
  GovReplica *replica = get_replica ();
  g_autoptr(GTask) task = NULL;

  if (self->keyring_syncing || replica == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_switch), FALSE);
  task = g_task_new (self, NULL, keyring_done_cb, NULL);
  g_task_set_source_tag (task, keyring_switch_cb);
  g_object_set_data (G_OBJECT (task), "enable",
                     GINT_TO_POINTER (gtk_switch_get_active (self->keyring_switch)));
  g_task_set_task_data (task, g_object_ref (gov_replica_get_vault (replica)), g_object_unref);
  g_task_run_in_thread (task, keyring_thread);
}

static void
gov_preferences_security_finalize (GObject *object)
{
  GovPreferencesSecurity *self = GOV_PREFERENCES_SECURITY (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gov_preferences_security_parent_class)->finalize (object);
}

static void
gov_preferences_security_class_init (GovPreferencesSecurityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gov_preferences_security_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-preferences-security.ui");
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesSecurity, lock_after_row);
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesSecurity, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesSecurity, keyring_switch);
  gtk_widget_class_bind_template_callback (widget_class, keyring_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_passphrase_cb);
  gtk_widget_class_bind_template_callback (widget_class, recovery_code_cb);
}

static void
gov_preferences_security_init (GovPreferencesSecurity *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "lock-after-minutes",
                                self->lock_after_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                get_lock_after, set_lock_after, NULL, NULL);
  sync_keyring_row (self, NULL);
}

AdwPreferencesPage *
gov_preferences_security_new (GovPreferencesWindow *window)
{
  return g_object_new (GOV_TYPE_PREFERENCES_SECURITY, NULL);
}
