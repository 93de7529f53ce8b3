/* gov-case-bulk.c: the batch actions of the case list's selection mode
 * (UX.md §3 "Case list"): Assign… and Hand Over…
 *
 * Assigning several cases is one ledger transaction: all of them or none.
 * Handing over reuses the "Hand Over Case" dialog, which writes one offer
 * per case; a refused case is reported, never skipped in silence.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case.h"
#include "gov-case-bulk.h"
#include "gov-handover-dialog.h"

typedef struct
{
  GovWindow   *window;
  GovCaseList *list;        /* weak */
  GovReplica  *replica;
  char       **numbers;     /* the selected cases */
  GtkEntry    *assignee;
  GtkEntry    *reason;
  char        *recipient;
  guint        n_sent;
  GString     *refused;
  guint        n_refused;
} Bulk;

static void
bulk_free (Bulk *b)
{
  g_clear_weak_pointer (&b->list);
  g_object_unref (b->window);
  gov_replica_close (b->replica);
  g_strfreev (b->numbers);
  g_free (b->recipient);
  g_string_free (b->refused, TRUE);
  g_free (b);
}

static Bulk *
bulk_new (GovWindow   *window,
          GovCaseList *list)
{
  Bulk *b = g_new0 (Bulk, 1);
  g_autoptr(GPtrArray) rows = gov_case_list_get_selected (list);
  g_autoptr(GStrvBuilder) numbers = g_strv_builder_new ();

  b->window = g_object_ref (window);
  g_set_weak_pointer (&b->list, list);
  b->replica = gov_replica_ref (gov_case_model_get_replica (gov_case_list_get_model (list)));
  for (guint i = 0; i < rows->len; i++)
    g_strv_builder_add (numbers, gov_case_row_get_summary (rows->pdata[i])->number);
  b->numbers = g_strv_builder_end (numbers);
  b->refused = g_string_new (NULL);
  return b;
}

/* Done: the batch action ends selection mode. */
static void
leave_selection (Bulk *b)
{
  if (b->list != NULL)
    gov_case_list_set_selection_mode (b->list, FALSE);
}

/* Assign… ------------------------------------------------------------------- */

static gboolean
assign_all (Bulk        *b,
            const char  *assignee,
            const char  *reason,
            GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (b->replica);

  if (!gov_ledger_begin (ledger, error))
    return FALSE;
  for (guint i = 0; b->numbers[i] != NULL; i++)
    if (!gov_case_assign (b->replica, b->numbers[i], assignee, reason, error))
      {
        /* Translators: before why assigning one case of several failed. */
        g_prefix_error (error, _("Case %s: "), b->numbers[i]);
        gov_ledger_rollback (ledger);
        return FALSE;
      }
  return gov_ledger_commit (ledger, error);
}

static void
assign_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Bulk *b = task_data;
  GError *error = NULL;

  if (assign_all (b, b->recipient, g_object_get_data (G_OBJECT (task), "reason"), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
show_problem (Bulk       *b,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (b->window), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
assign_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bulk *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  guint n = g_strv_length (b->numbers);
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *body = g_strdup_printf (_("Nothing was changed. %s"), error->message);

      show_problem (b, _("Cases Not Assigned"), body);
      return;
    }
  /* Translators: a toast, e.g. "3 cases assigned to Ana Ruiz". */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case assigned to %s",
                                        "%u cases assigned to %s", n), n, b->recipient);
  gov_window_add_toast (b->window, adw_toast_new (title));
  leave_selection (b);
}

static char *
stripped_text (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

static void
assign_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    Bulk             *b)
{
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "assign") != 0)
    {
      bulk_free (b);
      return;
    }
  b->recipient = stripped_text (b->assignee);
  task = g_task_new (NULL, NULL, assign_done_cb, NULL);
  g_task_set_source_tag (task, gov_case_bulk_assign);
  g_object_set_data_full (G_OBJECT (task), "reason", stripped_text (b->reason), g_free);
  g_task_set_task_data (task, b, (GDestroyNotify) bulk_free);
  g_task_run_in_thread (task, assign_thread);
}

static void
assign_changed_cb (AdwMessageDialog *dialog)
{
  Bulk *b = g_object_get_data (G_OBJECT (dialog), "bulk");
  g_autofree char *who = stripped_text (b->assignee);
  g_autofree char *why = stripped_text (b->reason);

  adw_message_dialog_set_response_enabled (dialog, "assign", *who != '\0' && *why != '\0');
}

static GtkEntry *
dialog_entry (AdwMessageDialog *dialog,
              GtkBox           *box,
              const char       *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (assign_changed_cb), dialog);
  gtk_box_append (box, entry);
  return GTK_ENTRY (entry);
}

void
gov_case_bulk_assign (GovWindow   *window,
                      GovCaseList *list)
{
  Bulk *b = bulk_new (window, list);
  guint n = g_strv_length (b->numbers);
  /* Translators: the heading of the batch assign dialog. */
  g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Assign %u Case?",
                                                           "Assign %u Cases?", n), n);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading,
                                              _("Write why, so that colleagues see it in History."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  g_object_set_data (G_OBJECT (dialog), "bulk", b);
  b->assignee = dialog_entry (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box), _("Assignee"));
  b->reason = dialog_entry (ADW_MESSAGE_DIALOG (dialog), GTK_BOX (box), _("Reason"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "assign", _("_Assign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "assign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "assign", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "assign");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (assign_response_cb), b);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Hand Over… ----------------------------------------------------------------- */

static void
sent_cb (GtkWidget  *dialog,
         const char *offer_id,
         const char *recipient,
         Bulk       *b)
{
  b->n_sent++;
  g_free (b->recipient);
  b->recipient = g_strdup (recipient);
}

static void
refused_cb (GtkWidget  *dialog,
            const char *number,
            const char *message,
            Bulk       *b)
{
  b->n_refused++;
  g_string_append_printf (b->refused, "%s%s", b->refused->len > 0 ? "\n" : "", message);
}

/* When the dialog closes: a toast when every case went, else the list of
 * cases that did not. */
static void
hand_over_done_cb (GtkWidget *dialog,
                   Bulk      *b)
{
  if (b->n_sent > 0)
    leave_selection (b);
  if (b->n_refused == 0 && b->n_sent > 0)
    {
      /* Translators: a toast, e.g. "3 cases offered to Harbour Office". */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u case offered to %s",
                                                             "%u cases offered to %s",
                                                             b->n_sent),
                                                b->n_sent, b->recipient);

      gov_window_add_toast (b->window, adw_toast_new (title));
    }
  else if (b->n_refused > 0)
    {
      g_autofree char *heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%u Case Not Handed Over",
                                                               "%u Cases Not Handed Over",
                                                               b->n_refused),
                                                  b->n_refused);
      g_autofree char *sent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u case was offered.",
                                                            "%u cases were offered.",
                                                            b->n_sent),
                                               b->n_sent);
      g_autofree char *body = g_strdup_printf ("%s\n\n%s", b->refused->str, sent);

      show_problem (b, heading, body);
    }
  bulk_free (b);
}

void
gov_case_bulk_hand_over (GovWindow   *window,
                         GovCaseList *list)
{
  Bulk *b = bulk_new (window, list);
  GtkWidget *dialog = gov_handover_dialog_new_for_cases (GTK_WINDOW (window), b->replica,
                                                         (const char * const *) b->numbers);

  g_signal_connect (dialog, "sent", G_CALLBACK (sent_cb), b);
  g_signal_connect (dialog, "refused", G_CALLBACK (refused_cb), b);
  g_signal_connect (dialog, "destroy", G_CALLBACK (hand_over_done_cb), b);
  gtk_window_present (GTK_WINDOW (dialog));
}
