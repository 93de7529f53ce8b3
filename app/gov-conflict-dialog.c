/* gov-conflict-dialog.c: "Resolve Conflict" (UX.md §3)
 *
 * Two cards that differ by position and heading only, no value chosen
 * beforehand, and "Resolve" insensitive until a person picks one. The
 * choice is written on a worker thread as one conflict.resolve event; the
 * optional note becomes an internal note on the case.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case.h"
#include "gov-conflict-dialog.h"

struct _GovConflictDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkFlowBox     *cards_box;
  GtkCheckButton *first_check;
  GtkCheckButton *second_check;
  GtkCheckButton *new_check;
  GtkEntry       *new_entry;
  GtkEntry       *note_entry;
  GtkButton      *resolve_button;
  GtkLabel       *error_label;

  GovReplica     *replica;
  char           *case_id;
  char           *field;
  char           *field_label;
  char           *values[2];
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (GovConflictDialog, gov_conflict_dialog, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char     *case_id;
  char     *field;
  char     *value;
  char     *note;
} Resolution;

static void
resolution_free (Resolution *r)
{
  g_free (r->case_id);
  g_free (r->field);
  g_free (r->value);
  g_free (r->note);
  g_free (r);
}

static GtkWidget *
line_new (const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
card_new (const char *heading,
          JsonObject *head)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *value = json_object_get_string_member_with_default (head, "value", NULL);
  const char *actor = json_object_get_string_member_with_default (head, "actor", "");
  const char *device = json_object_get_string_member_with_default (head, "device", "");
  const char *office = json_object_get_string_member_with_default (head, "office", "");
  const char *reason = json_object_get_string_member_with_default (head, "reason", NULL);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (
    json_object_get_int_member_with_default (head, "hlc_ms", 0) / 1000);
  /* Translators: when a value was written, g_date_time_format() format. */
  g_autofree char *when_text = g_date_time_format (when, _("%-d %B %Y at %H:%M"));
  /* Translators: who wrote a value: person, office, device. */
  g_autofree char *who = g_strdup_printf (_("By %s, %s, on device %s"), actor, office, device);
  g_autofree char *why = reason != NULL ? g_strdup_printf (_("Reason: %s"), reason)
                                        : g_strdup (_("No reason given"));

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_start (box, 0);
  gtk_box_append (GTK_BOX (box), line_new (heading, "heading"));
  gtk_box_append (GTK_BOX (box), line_new (value != NULL ? value : _("(empty)"), "title-4"));
  gtk_box_append (GTK_BOX (box), line_new (who, NULL));
  gtk_box_append (GTK_BOX (box), line_new (when_text, "dim-label"));
  gtk_box_append (GTK_BOX (box), line_new (why, "dim-label"));
  for (GtkWidget *c = gtk_widget_get_first_child (box); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      gtk_widget_set_margin_start (c, 12);
      gtk_widget_set_margin_end (c, 12);
    }
  gtk_widget_set_margin_top (gtk_widget_get_first_child (box), 12);
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (box), 12);
  return box;
}

static const char *
chosen_value (GovConflictDialog *self,
              gboolean          *chosen)
{
  *chosen = TRUE;
  if (gtk_check_button_get_active (self->first_check))
    return self->values[0];
  if (gtk_check_button_get_active (self->second_check))
    return self->values[1];
  if (gtk_check_button_get_active (self->new_check))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->new_entry));

      *chosen = *text != '\0';
      return text;
    }
  *chosen = FALSE;
  return NULL;
}

static void
choice_toggled_cb (GovConflictDialog *self)
{
  gboolean chosen;

  chosen_value (self, &chosen);
  gtk_widget_set_visible (GTK_WIDGET (self->new_entry),
                          gtk_check_button_get_active (self->new_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), chosen);
}

static void
resolve_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GovConflictDialog *self = source_object;
  Resolution *r = task_data;
  g_autoptr(GError) error = NULL;

  if (!gov_case_resolve_conflict (self->replica, r->case_id, r->field, r->value, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (r->note != NULL && *r->note != '\0')
    gov_case_add_note (self->replica, r->case_id, r->note, FALSE, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
resolve_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GovConflictDialog *self = GOV_CONFLICT_DIALOG (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), TRUE);
      return;
    }

  g_signal_emit (self, signals[RESOLVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
resolve_clicked_cb (GovConflictDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, resolve_done_cb, NULL);
  Resolution *r = g_new0 (Resolution, 1);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
  gboolean chosen;

  r->case_id = g_strdup (self->case_id);
  r->field = g_strdup (self->field);
  r->value = g_strdup (chosen_value (self, &chosen));
  g_return_if_fail (chosen);
  if (*note != '\0')
    /* Translators: an internal note written when a conflict is resolved. */
    r->note = g_strdup_printf (_("Chose “%s” for %s: %s"), r->value, self->field_label, note);

  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), FALSE);
  g_task_set_source_tag (task, resolve_clicked_cb);
  g_task_set_task_data (task, r, (GDestroyNotify) resolution_free);
  g_task_run_in_thread (task, resolve_thread);
}

static void
gov_conflict_dialog_dispose (GObject *object)
{
  GovConflictDialog *self = GOV_CONFLICT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (gov_conflict_dialog_parent_class)->dispose (object);
}

static void
gov_conflict_dialog_finalize (GObject *object)
{
  GovConflictDialog *self = GOV_CONFLICT_DIALOG (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_free (self->case_id);
  g_free (self->field);
  g_free (self->field_label);
  g_free (self->values[0]);
  g_free (self->values[1]);

  G_OBJECT_CLASS (gov_conflict_dialog_parent_class)->finalize (object);
}

static void
gov_conflict_dialog_class_init (GovConflictDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_conflict_dialog_dispose;
  object_class->finalize = gov_conflict_dialog_finalize;

  /**
   * GovConflictDialog::resolved:
   *
   * The choice was written.
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, cards_box);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, first_check);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, second_check);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, new_check);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, new_entry);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, note_entry);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, resolve_button);
  gtk_widget_class_bind_template_child (widget_class, GovConflictDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, choice_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, resolve_clicked_cb);
}

static void
gov_conflict_dialog_init (GovConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

GovConflictDialog *
gov_conflict_dialog_new (GtkWindow   *parent,
                         GovReplica  *replica,
                         const char  *case_id,
                         const char  *field,
                         const char  *field_label,
                         JsonArray   *heads)
{
  GovConflictDialog *self = g_object_new (GOV_TYPE_CONFLICT_DIALOG,
                                          "transient-for", parent,
                                          NULL);
  const char *headings[] = { N_("First Value"), N_("Second Value") };

  g_return_val_if_fail (json_array_get_length (heads) >= 2, self);

  self->replica = gov_replica_ref (replica);
  self->case_id = g_strdup (case_id);
  self->field = g_strdup (field);
  self->field_label = g_strdup (field_label);
  adw_window_title_set_subtitle (self->window_title, field_label);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *head = json_array_get_object_element (heads, i);

      self->values[i] = g_strdup (json_object_get_string_member_with_default (head, "value", NULL));
      gtk_flow_box_append (self->cards_box, card_new (_(headings[i]), head));
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->first_check));
  return self;
}
