/* gov-setup-page.c: first run, creating this office's replica.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-passphrase-form.h"
#include "gov-setup-page.h"

struct _GovSetupPage
{
  AdwBin        parent_instance;

  char         *replica_dir;
  GCancellable *cancellable;
  GovReplica   *replica;
  gboolean      busy;

  /* Template children */
  GtkStack     *stack;
  AdwEntryRow  *office_name_row;
  AdwEntryRow  *office_code_row;
  AdwEntryRow  *passphrase_row;
  AdwEntryRow  *confirm_row;
  GtkLabel     *hint_label;
  GtkLabel     *error_label;
  GtkWidget    *create_button;
  GtkLabel     *create_label;
  GtkSpinner   *spinner;
  GtkLabel     *recovery_label;
  GtkWidget    *done_button;
};

G_DEFINE_FINAL_TYPE (GovSetupPage, gov_setup_page, ADW_TYPE_BIN)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *dir;
  char *passphrase;
  char *office_name;
  char *office_code;
  char *recovery_code;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->dir);
  if (data->passphrase != NULL)
    sodium_free (data->passphrase);
  g_free (data->office_name);
  g_free (data->office_code);
  if (data->recovery_code != NULL)
    {
      sodium_memzero (data->recovery_code, strlen (data->recovery_code));
      g_free (data->recovery_code);
    }
  g_free (data);
}

static gboolean
is_valid_office_code (const char *code)
{
  size_t len = strlen (code);

  if (len < 2 || len > 8)
    return FALSE;

  for (const char *c = code; *c != '\0'; c++)
    if (!g_ascii_isupper (*c) && !g_ascii_isdigit (*c))
      return FALSE;

  return TRUE;
}

static const char *
get_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* One hint at a time, in the order the form is filled in; the words carry
 * the meaning, never a colour. */
static const char *
describe_form (GovSetupPage *self,
               gboolean     *complete)
{
  const char *name = get_text (self->office_name_row);
  const char *code = get_text (self->office_code_row);
  const char *hint = gov_passphrase_hint (get_text (self->passphrase_row),
                                          get_text (self->confirm_row), complete);

  *complete = *complete && *name != '\0' && is_valid_office_code (code);
  if (*code != '\0' && !is_valid_office_code (code))
    return _("The office code needs 2 to 8 capital letters or digits.");
  return hint;
}

static void
update_form (GovSetupPage *self)
{
  gboolean complete;

  gtk_label_set_text (self->hint_label, describe_form (self, &complete));
  gtk_widget_set_sensitive (self->create_button, complete && !self->busy);
}

static void
set_busy (GovSetupPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gov_passphrase_form_set_busy (GTK_WIDGET (self), busy, self->spinner, self->create_label,
                                busy ? _("Creating…") : _("C_reate"),
                                GTK_WIDGET (self->office_name_row),
                                GTK_WIDGET (self->office_code_row),
                                GTK_WIDGET (self->passphrase_row),
                                GTK_WIDGET (self->confirm_row), NULL);
  update_form (self);
}

static void
create_replica_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CreateData *data = task_data;
  GError *error = NULL;
  GovReplica *replica;

  replica = gov_replica_create (data->dir, data->passphrase, data->office_name,
                                data->office_code, 0, &data->recovery_code, &error);
  if (replica == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, replica, (GDestroyNotify) gov_replica_close);
}

static void
finish (GovSetupPage *self)
{
  GovReplica *replica = g_steal_pointer (&self->replica);

  g_signal_emit (self, signals[CREATED], 0, replica);
}

static void
create_replica_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GovSetupPage *self = GOV_SETUP_PAGE (object);
  CreateData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->replica = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (self->replica == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->passphrase_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");

  /* Without a recovery code there is nothing to write down. */
  if (data->recovery_code == NULL)
    {
      finish (self);
      return;
    }

  gtk_label_set_text (self->recovery_label, data->recovery_code);
  gtk_stack_set_visible_child_name (self->stack, "recovery");
  gtk_widget_grab_focus (self->done_button);
}

static void
create_cb (GovSetupPage *self)
{
  g_autoptr(GTask) task = NULL;
  CreateData *data;
  gboolean complete;

  describe_form (self, &complete);
  if (!complete || self->busy)
    return;

  data = g_new0 (CreateData, 1);
  data->dir = g_strdup (self->replica_dir);
  data->passphrase = gov_passphrase_secure_strdup (get_text (self->passphrase_row));
  data->office_name = g_strstrip (g_strdup (get_text (self->office_name_row)));
  data->office_code = g_strdup (get_text (self->office_code_row));

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, create_replica_cb, NULL);
  g_task_set_source_tag (task, create_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_replica_thread);
}

static void
form_changed_cb (GovSetupPage *self)
{
  update_form (self);
}

static void
done_cb (GovSetupPage *self)
{
  /* The code is shown once: take it off the screen. */
  gtk_label_set_text (self->recovery_label, "");
  finish (self);
}

static void
gov_setup_page_dispose (GObject *object)
{
  GovSetupPage *self = GOV_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->replica, gov_replica_close);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_SETUP_PAGE);

  G_OBJECT_CLASS (gov_setup_page_parent_class)->dispose (object);
}

static void
gov_setup_page_finalize (GObject *object)
{
  GovSetupPage *self = GOV_SETUP_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->replica_dir);

  G_OBJECT_CLASS (gov_setup_page_parent_class)->finalize (object);
}

static void
gov_setup_page_class_init (GovSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_setup_page_dispose;
  object_class->finalize = gov_setup_page_finalize;

  /**
   * GovSetupPage::created:
   * @replica: (transfer full): the new, open replica
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, office_name_row);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, office_code_row);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, passphrase_row);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, create_label);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, GovSetupPage, done_button);
  gtk_widget_class_bind_template_callback (widget_class, create_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, done_cb);
}

static void
gov_setup_page_init (GovSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  /* The hint and the error belong to the passphrase fields. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->passphrase_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->hint_label, self->error_label, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->confirm_row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  self->hint_label, self->error_label, NULL, -1);
  update_form (self);
}

GtkWidget *
gov_setup_page_new (const char *replica_dir)
{
  GovSetupPage *self;

  g_return_val_if_fail (replica_dir != NULL, NULL);

  self = g_object_new (GOV_TYPE_SETUP_PAGE, NULL);
  self->replica_dir = g_strdup (replica_dir);

  return GTK_WIDGET (self);
}

/**
 * gov_passphrase_estimate_strength:
 * @passphrase: a passphrase
 *
 * A rough estimate for the first-run hint: length counts most, then the
 * number of words or kinds of characters. It is advice, not a guarantee.
 *
 * Returns: the strength of @passphrase
 */
GovPassphraseStrength
gov_passphrase_estimate_strength (const char *passphrase)
{
  glong length;
  guint words = 0, kinds = 0;
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE, in_word = FALSE;

  g_return_val_if_fail (passphrase != NULL, GOV_PASSPHRASE_TOO_SHORT);

  length = g_utf8_strlen (passphrase, -1);
  if (length < GOV_PASSPHRASE_MIN_LENGTH)
    return GOV_PASSPHRASE_TOO_SHORT;

  for (const char *p = passphrase; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          in_word = FALSE;
          continue;
        }

      if (!in_word)
        words++;
      in_word = TRUE;
      lower |= g_unichar_islower (c);
      upper |= g_unichar_isupper (c);
      digit |= g_unichar_isdigit (c);
      other |= !g_unichar_isalnum (c);
    }

  kinds = lower + upper + digit + other;
  if (length >= 20 && (words >= 4 || kinds >= 3))
    return GOV_PASSPHRASE_STRONG;

  return GOV_PASSPHRASE_FAIR;
}
