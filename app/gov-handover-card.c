/* gov-handover-card.c: the case's open handover offer (UX.md §3 Handover)
 *
 * Shows who offered the case, when, why and the package. The receiver gets
 * "Accept" (suggested, confirmed in an AdwMessageDialog) and "Decline With
 * Reason…" (the reason is required before "Decline" can be pressed); the
 * sender sees "In transit to X since …" and "Withdraw". A declined last
 * offer stays visible with its reason, so the sender learns why.
 *
 * Answers are written on a worker thread; the card says so with "toast"
 * and asks for a reload with "changed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-clock-format.h"
#include "gov-handover.h"
#include "gov-handover-card.h"
#include "gov-case-resp.h"
#include "gov-identity.h"

struct _GovHandoverCard
{
  GtkWidget     parent_instance;

  GovReplica   *replica;
  GCancellable *cancellable;
  char         *case_id;
  char         *offer_id;
  char         *to_team;
  char         *recipient;

  GtkWidget    *box;
  GtkLabel     *title;
  GtkLabel     *from;
  GtkLabel     *reason;
  GtkLabel     *package;
  GtkWidget    *accept;
  GtkWidget    *decline;
  GtkWidget    *withdraw;
};

G_DEFINE_FINAL_TYPE (GovHandoverCard, gov_handover_card, GTK_TYPE_WIDGET)

enum { TOAST, CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum { ANSWER_ACCEPT, ANSWER_DECLINE, ANSWER_WITHDRAW } AnswerKind;

typedef struct
{
  AnswerKind  kind;
  char       *case_id;
  char       *offer_id;
  char       *team;
  char       *reason;
} Answer;

static void
answer_free (Answer *a)
{
  g_free (a->case_id);
  g_free (a->offer_id);
  g_free (a->team);
  g_free (a->reason);
  g_free (a);
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return o != NULL ? json_object_get_string_member_with_default (o, name, NULL) : NULL;
}

/* Words ----------------------------------------------------------------------- */

/* g_strv_builder_take() needs GLib 2.80. */
static void
builder_take (GStrvBuilder *b,
              char         *s)
{
  g_strv_builder_add (b, s);
  g_free (s);
}

char *
gov_handover_deadlines_words (JsonArray *deadlines)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; deadlines != NULL && i < json_array_get_length (deadlines); i++)
    {
      JsonObject *d = json_array_get_object_element (deadlines, i);
      const char *what = str_member (d, "what");
      GDate date;
      g_autofree char *when = NULL;

      g_date_clear (&date, 1);
      if (!gov_date_parse_iso (str_member (d, "date"), &date))
        continue;
      when = gov_clock_format_date (&date);
      if (g_strcmp0 (what, "time_limit") == 0)
        builder_take (b, g_strdup_printf (_("Time limit: %s"), when));
      else if (g_strcmp0 (what, "service_target") == 0)
        builder_take (b, g_strdup_printf (_("Service target: %s"), when));
      else
        builder_take (b, g_strdup_printf (_("Due: %s"), when));
    }
  parts = g_strv_builder_end (b);
  return g_strjoinv ("; ", parts);
}

static char *
when_words (gint64 ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (ms / 1000);

  /* Translators: when an offer was made, g_date_time_format() format. */
  return g_date_time_format (when, _("%-d %B %Y, %H:%M"));
}

/* Who an offer is from or to, in words: the team, else the office's name
 * (never its id, which is not for people). */
static char *
party (GovHandoverCard *self,
       JsonObject      *offer,
       const char      *office_member,
       const char      *team_member)
{
  const char *team = str_member (offer, team_member);
  const char *office = str_member (offer, office_member);
  char *name;

  if (team != NULL)
    return g_strdup (team);
  if (office == NULL)
    return NULL;
  name = gov_case_resp_dup_office_name (self->replica, office);
  return name != NULL ? name : g_strdup (_("another office"));
}

static char *
list_words (JsonObject *package,
            const char *member)
{
  JsonArray *a = package != NULL && json_object_has_member (package, member)
                   && JSON_NODE_HOLDS_ARRAY (json_object_get_member (package, member))
                   ? json_object_get_array_member (package, member) : NULL;
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; a != NULL && i < json_array_get_length (a); i++)
    g_strv_builder_add (b, json_array_get_string_element (a, i));
  parts = g_strv_builder_end (b);
  return parts[0] != NULL ? g_strjoinv ("; ", parts) : NULL;
}

static char *
package_words (JsonObject *package)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  JsonArray *deadlines = package != NULL && json_object_has_member (package, "open_deadlines")
                           ? json_object_get_array_member (package, "open_deadlines") : NULL;
  g_autofree char *d = gov_handover_deadlines_words (deadlines);
  g_autofree char *promises = list_words (package, "promises");
  g_autofree char *risks = list_words (package, "risks");
  const char *first = str_member (package, "first_steps");

  if (*d != '\0')
    builder_take (b, g_strdup_printf (_("Open deadlines: %s"), d));
  if (promises != NULL)
    builder_take (b, g_strdup_printf (_("Promised to the citizen: %s"), promises));
  if (risks != NULL)
    builder_take (b, g_strdup_printf (_("Risks: %s"), risks));
  if (first != NULL)
    builder_take (b, g_strdup_printf (_("First steps: %s"), first));
  lines = g_strv_builder_end (b);
  return g_strjoinv ("\n", lines);
}

/* Writing ----------------------------------------------------------------- */

static void
answer_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GovHandoverCard *self = source_object;
  Answer *a = task_data;
  GError *error = NULL;
  gboolean ok;

  switch (a->kind)
    {
    case ANSWER_ACCEPT:
      ok = gov_handover_accept (self->replica, a->case_id, a->offer_id, a->team, &error);
      break;
    case ANSWER_DECLINE:
      ok = gov_handover_decline (self->replica, a->case_id, a->offer_id, a->team, a->reason,
                                 &error);
      break;
    case ANSWER_WITHDRAW:
      ok = gov_handover_withdraw (self->replica, a->case_id, a->offer_id, &error);
      break;
    default:
      g_assert_not_reached ();
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovHandoverCard *self = GOV_HANDOVER_CARD (object);
  Answer *a = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const char *text;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_signal_emit (self, signals[TOAST], 0, adw_toast_new (error->message));
      g_signal_emit (self, signals[CHANGED], 0);
      return;
    }
  text = a->kind == ANSWER_ACCEPT ? _("Handover accepted")
         : a->kind == ANSWER_DECLINE ? _("Handover declined")
         : _("Handover withdrawn");
  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (text));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
answer_async (GovHandoverCard *self,
              AnswerKind       kind,
              const char      *case_id,
              const char      *offer_id,
              const char      *reason)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, answer_cb, NULL);
  Answer *a = g_new0 (Answer, 1);

  *a = (Answer) { kind, g_strdup (case_id), g_strdup (offer_id),
                  kind != ANSWER_WITHDRAW ? g_strdup (self->to_team) : NULL, g_strdup (reason) };
  g_task_set_source_tag (task, answer_async);
  g_task_set_task_data (task, a, (GDestroyNotify) answer_free);
  g_task_run_in_thread (task, answer_thread);
}

/* Callbacks ------------------------------------------------------------------- */

static void
accept_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GovHandoverCard  *self)
{
  if (g_strcmp0 (response, "accept") == 0 && self->offer_id != NULL)
    answer_async (self, ANSWER_ACCEPT, self->case_id, self->offer_id, NULL);
}

static void
accept_clicked_cb (GovHandoverCard *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Accept Handover?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s becomes accountable for this case and its deadlines."),
                                  self->recipient);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "accept", _("_Accept"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "accept",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "accept");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (accept_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
decline_reason_changed_cb (GtkEditable      *entry,
                           AdwMessageDialog *dialog)
{
  g_autofree char *t = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "decline", *t != '\0');
}

static void
decline_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     GovHandoverCard  *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_strcmp0 (response, "decline") == 0 && *reason != '\0' && self->offer_id != NULL)
    answer_async (self, ANSWER_DECLINE, self->case_id, self->offer_id, reason);
}

static void
decline_clicked_cb (GovHandoverCard *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog = adw_message_dialog_new (parent, _("Decline Handover?"),
                                              _("The sender sees your reason on the case."));
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "decline", _("_Decline"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "decline",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "decline", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (entry, "changed", G_CALLBACK (decline_reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (decline_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
withdraw_clicked_cb (GovHandoverCard *self)
{
  if (self->offer_id != NULL)
    answer_async (self, ANSWER_WITHDRAW, self->case_id, self->offer_id, NULL);
}

/* Filling ------------------------------------------------------------------- */

static JsonObject *
last_offer (JsonObject *state)
{
  JsonArray *offers = json_object_has_member (state, "offers")
                        ? json_object_get_array_member (state, "offers") : NULL;
  guint n = offers != NULL ? json_array_get_length (offers) : 0;

  return n > 0 ? json_array_get_object_element (offers, n - 1) : NULL;
}

static void
show_offer (GovHandoverCard *self,
            JsonObject      *offer,
            gboolean         from_me,
            gboolean         to_me)
{
  g_autofree char *when = when_words (json_object_get_int_member_with_default (offer,
                                                                              "since_ms", 0));
  g_autofree char *from = NULL;
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *package = package_words (json_object_get_object_member (offer, "package"));

  /* Translators: "In transit to parks since 3 May 2024, 14:05". */
  title = g_strdup_printf (_("In transit to %s since %s"), self->recipient, when);
  /* Translators: "Offered by Ana Ruiz of roads". */
  sender = party (self, offer, "from_office", "from_team");
  from = g_strdup_printf (_("Offered by %s of %s"), str_member (offer, "actor") ?: _("someone"),
                          sender != NULL ? sender : "–");
  reason = g_strdup_printf (_("Reason: %s"), str_member (offer, "reason") ?: "");
  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->from, from);
  gtk_label_set_text (self->reason, reason);
  gtk_label_set_text (self->package, package);
  gtk_widget_set_visible (GTK_WIDGET (self->package), *package != '\0');
  gtk_widget_set_visible (self->accept, to_me);
  gtk_widget_set_visible (self->decline, to_me);
  gtk_widget_set_visible (self->withdraw, from_me);
}

static void
show_declined (GovHandoverCard *self,
               JsonObject      *offer)
{
  JsonNode *answer = json_object_get_member (offer, "answer");
  JsonObject *a = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                    ? json_node_get_object (answer) : NULL;
  g_autofree char *title = g_strdup_printf (_("%s declined the handover"), self->recipient);
  g_autofree char *reason = g_strdup_printf (_("Reason: %s"),
                                             str_member (a, "reason") ?: _("none given"));

  gtk_label_set_text (self->title, title);
  gtk_label_set_text (self->from, "");
  gtk_label_set_text (self->reason, reason);
  gtk_widget_set_visible (GTK_WIDGET (self->package), FALSE);
  gtk_widget_set_visible (self->accept, FALSE);
  gtk_widget_set_visible (self->decline, FALSE);
  gtk_widget_set_visible (self->withdraw, FALSE);
}

void
gov_handover_card_set_state (GovHandoverCard *self,
                             const char      *case_id,
                             JsonObject      *state)
{
  JsonNode *transit = state != NULL ? json_object_get_member (state, "in_transit") : NULL;
  JsonObject *offer = transit != NULL && JSON_NODE_HOLDS_OBJECT (transit)
                        ? json_node_get_object (transit) : NULL;
  JsonObject *last = state != NULL ? last_offer (state) : NULL;
  const char *mine = gov_identity_get_office_id (gov_replica_get_identity (self->replica));

  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_clear_pointer (&self->offer_id, g_free);
  g_clear_pointer (&self->to_team, g_free);
  g_clear_pointer (&self->recipient, g_free);

  if (offer == NULL && (last == NULL || g_strcmp0 (str_member (last, "status"), "declined") != 0))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }
  if (offer == NULL)
    {
      self->recipient = party (self, last, "to_office", "to_team");
      show_declined (self, last);
    }
  else
    {
      const char *to_office = str_member (offer, "to_office");
      /* There is no directory of people and teams yet: within one office
       * every device may answer for the team offered to (the core checks the
       * team), and the sending office may withdraw. */
      gboolean from_me = g_strcmp0 (str_member (offer, "from_office"), mine) == 0;
      gboolean to_me = to_office == NULL ? from_me : g_strcmp0 (to_office, mine) == 0;

      self->offer_id = g_strdup (str_member (offer, "id"));
      self->to_team = g_strdup (str_member (offer, "to_team"));
      self->recipient = party (self, offer, "to_office", "to_team");
      show_offer (self, offer, from_me, to_me);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
gov_handover_card_withdraw (GovHandoverCard *self,
                            const char      *case_id,
                            const char      *offer_id)
{
  answer_async (self, ANSWER_WITHDRAW, case_id, offer_id, NULL);
}

/* GObject --------------------------------------------------------------------- */

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
gov_handover_card_dispose (GObject *object)
{
  GovHandoverCard *self = GOV_HANDOVER_CARD (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (gov_handover_card_parent_class)->dispose (object);
}

static void
gov_handover_card_finalize (GObject *object)
{
  GovHandoverCard *self = GOV_HANDOVER_CARD (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_free (self->case_id);
  g_free (self->offer_id);
  g_free (self->to_team);
  g_free (self->recipient);
  G_OBJECT_CLASS (gov_handover_card_parent_class)->finalize (object);
}

static void
gov_handover_card_class_init (GovHandoverCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_handover_card_dispose;
  object_class->finalize = gov_handover_card_finalize;

  /**
   * GovHandoverCard::toast:
   * @toast: a toast for the window
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  /**
   * GovHandoverCard::changed:
   *
   * An answer was written (or refused): the case should be read again.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gov_handover_card_init (GovHandoverCard *self)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->cancellable = g_cancellable_new ();
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_add_css_class (self->box, "card");
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_top (self->box, 0);

  self->title = add_label (self->box, "heading");
  self->from = add_label (self->box, "dim-label");
  self->reason = add_label (self->box, NULL);
  self->package = add_label (self->box, NULL);
  for (GtkWidget *c = gtk_widget_get_first_child (self->box); c; c = gtk_widget_get_next_sibling (c))
    {
      gtk_widget_set_margin_start (c, 12);
      gtk_widget_set_margin_end (c, 12);
    }
  gtk_widget_set_margin_top (GTK_WIDGET (self->title), 12);

  self->decline = gtk_button_new_with_mnemonic (_("_Decline With Reason…"));
  self->withdraw = gtk_button_new_with_mnemonic (_("_Withdraw"));
  self->accept = gtk_button_new_with_mnemonic (_("_Accept"));
  gtk_widget_add_css_class (self->accept, "suggested-action");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), self->withdraw);
  gtk_box_append (GTK_BOX (buttons), self->decline);
  gtk_box_append (GTK_BOX (buttons), self->accept);
  gtk_box_append (GTK_BOX (self->box), buttons);
  g_signal_connect_swapped (self->accept, "clicked", G_CALLBACK (accept_clicked_cb), self);
  g_signal_connect_swapped (self->decline, "clicked", G_CALLBACK (decline_clicked_cb), self);
  g_signal_connect_swapped (self->withdraw, "clicked", G_CALLBACK (withdraw_clicked_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Handover"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
gov_handover_card_new (GovReplica *replica)
{
  GovHandoverCard *self = g_object_new (GOV_TYPE_HANDOVER_CARD, NULL);

  self->replica = gov_replica_ref (replica);
  return GTK_WIDGET (self);
}
