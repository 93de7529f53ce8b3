/* gov-decisions-view.c: the case page's Decisions view (UX.md §3)
 *
 * One card per decision as it stands (amendments applied): type, who
 * decided on whose mandate, the legal basis in one sentence, the rationale,
 * the effect date and the objection deadline, whether it was amended or
 * retracted, and "Waiting for a second signature" for a four-eyes decision
 * not yet approved. Amend… changes the rationale or the effect date with a
 * reason; Retract… asks for a reason. Reads and writes run on worker
 * threads; refusals come back as toasts in the core's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-decision.h"
#include "gov-decisions-view.h"

struct _GovDecisionsView
{
  GtkWidget     parent_instance;

  GovReplica   *replica;
  GCancellable *cancellable;
  char         *case_id;

  GtkWidget    *stack;
  GtkWidget    *cards;
  GovCaseType  *case_type;   /* for the decision types' labels; may be NULL */
};

G_DEFINE_FINAL_TYPE (GovDecisionsView, gov_decisions_view, GTK_TYPE_WIDGET)

enum { TOAST, CHANGED, RECORD, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return o != NULL ? json_object_get_string_member_with_default (o, name, NULL) : NULL;
}

static char *
date_words (const char *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  if (iso == NULL || !gov_date_parse_iso (iso, &d))
    return g_strdup (iso != NULL ? iso : _("none"));
  return gov_clock_format_date (&d);
}

/* "Wabo, art. 2.1(1), version in force on 1 January 2024" */
static char *
basis_words (JsonObject *basis)
{
  g_autofree char *version = date_words (str_member (basis, "version"));
  const char *paragraph = str_member (basis, "paragraph");
  g_autofree char *article = paragraph != NULL
    ? g_strdup_printf ("%s(%s)", str_member (basis, "article"), paragraph)
    : g_strdup (str_member (basis, "article"));

  /* Translators: law, article(paragraph), date of the version */
  return g_strdup_printf (_("%s, art. %s, version in force on %s"),
                          str_member (basis, "law"), article, version);
}

/* Writing ----------------------------------------------------------------- */

typedef struct
{
  gboolean  retract;
  char     *decision_id;
  char     *reason;
  char     *rationale;
  char     *effect_date;
} Change;

static void
change_free (Change *c)
{
  g_free (c->decision_id);
  g_free (c->reason);
  g_free (c->rationale);
  g_free (c->effect_date);
  g_free (c);
}

static void
change_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GovDecisionsView *self = source_object;
  Change *c = task_data;
  GError *error = NULL;
  gboolean ok;

  if (c->retract)
    ok = gov_decision_retract (self->replica, c->decision_id, c->reason, &error);
  else
    {
      GovDecisionInput changes = { 0 };

      changes.rationale = c->rationale;
      changes.effect_date = c->effect_date;
      ok = gov_decision_amend (self->replica, c->decision_id, &changes, c->reason, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
change_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovDecisionsView *self = GOV_DECISIONS_VIEW (object);
  Change *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[TOAST], 0, adw_toast_new (error->message));
      return;
    }
  g_signal_emit (self, signals[TOAST], 0,
                 adw_toast_new (c->retract ? _("Decision retracted") : _("Decision amended")));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
change_async (GovDecisionsView *self,
              Change           *c)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, change_cb, NULL);

  g_task_set_source_tag (task, change_async);
  g_task_set_task_data (task, c, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, change_thread);
}

static GtkWidget *
labelled_entry (const char *label,
                const char *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  return entry;
}

static char *
entry_text (GtkWidget *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* The last entry of the extra child is the reason; the response waits for it. */
static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  g_autofree char *t = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "apply", *t != '\0');
}

static void
change_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GovDecisionsView *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *reason = gtk_widget_get_last_child (box);
  Change *c;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  c = g_new0 (Change, 1);
  c->retract = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "retract"));
  c->decision_id = g_strdup (g_object_get_data (G_OBJECT (dialog), "decision-id"));
  c->reason = entry_text (reason);
  if (!c->retract)
    {
      GtkWidget *rationale = gtk_widget_get_first_child (box);

      c->rationale = entry_text (rationale);
      c->effect_date = entry_text (gtk_widget_get_next_sibling (rationale));
    }
  change_async (self, c);
}

static void
ask_change (GovDecisionsView *self,
            JsonObject       *d,
            gboolean          retract)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog = adw_message_dialog_new (
    parent, retract ? _("Retract Decision?") : _("Amend Decision?"),
    retract ? _("The decision stays in the case's history, marked as retracted.")
            : _("The amendment is signed and recorded next to the decision."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *reason = labelled_entry (_("Reason"), NULL);

  if (!retract)
    {
      gtk_box_append (GTK_BOX (box), labelled_entry (_("Rationale"), str_member (d, "rationale")));
      gtk_box_append (GTK_BOX (box), labelled_entry (_("Effect Date"),
                                                     str_member (d, "effect_date")));
    }
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "apply", retract ? _("_Retract") : _("_Amend"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              retract ? ADW_RESPONSE_DESTRUCTIVE
                                                      : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "retract", GINT_TO_POINTER (retract));
  g_object_set_data_full (G_OBJECT (dialog), "decision-id", g_strdup (str_member (d, "id")),
                          g_free);
  g_signal_connect (reason, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (change_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
amend_clicked_cb (GtkButton        *button,
                  GovDecisionsView *self)
{
  ask_change (self, g_object_get_data (G_OBJECT (button), "decision"), FALSE);
}

static void
retract_clicked_cb (GtkButton        *button,
                    GovDecisionsView *self)
{
  ask_change (self, g_object_get_data (G_OBJECT (button), "decision"), TRUE);
}

/* Cards ------------------------------------------------------------------- */

static void
add_line (GtkWidget  *card,
          const char *text,
          const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (card), label);
}

static GtkWidget *
card_button (GtkWidget        *buttons,
             const char       *label,
             JsonObject       *d,
             GCallback         cb,
             GovDecisionsView *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "decision", json_object_ref (d),
                          (GDestroyNotify) json_object_unref);
  g_signal_connect (button, "clicked", cb, self);
  gtk_box_append (GTK_BOX (buttons), button);
  return button;
}

static const char *
type_label (GovDecisionsView *self,
            const char       *type)
{
  const char *label = self->case_type != NULL && type != NULL
                        ? gov_case_type_get_decision_label (self->case_type, type) : NULL;

  return label != NULL ? label : type;
}

static GtkWidget *
decision_card (GovDecisionsView *self,
               JsonObject       *d)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gboolean retracted = json_object_get_boolean_member_with_default (d, "retracted", FALSE);
  JsonArray *amendments = json_object_has_member (d, "amendments")
                            ? json_object_get_array_member (d, "amendments") : NULL;
  g_autofree char *by = g_strdup_printf (_("Decided by %s on the mandate of %s"),
                                         str_member (d, "decided_by"), str_member (d, "mandate"));
  g_autofree char *basis = NULL;
  g_autofree char *effect = date_words (str_member (d, "effect_date"));
  g_autofree char *objection = date_words (str_member (d, "objection_deadline"));
  g_autofree char *dates = NULL;
  JsonObject *legal = json_object_get_object_member (d, "legal_basis");
  g_autofree char *basis_line = NULL;

  basis = basis_words (legal);
  basis_line = g_strdup_printf (_("Legal basis: %s"), basis);
  dates = g_strdup_printf (_("Takes effect on %s; objections until %s"), effect, objection);
  gtk_widget_add_css_class (card, "card");
  add_line (card, type_label (self, str_member (d, "decision_type")), "heading");
  gtk_widget_set_margin_top (gtk_widget_get_last_child (card), 12);
  add_line (card, by, "dim-label");
  add_line (card, basis_line, NULL);
  add_line (card, str_member (d, "rationale"), NULL);
  add_line (card, dates, NULL);
  if (amendments != NULL && json_array_get_length (amendments) > 0)
    add_line (card, _("Amended"), "accent");
  if (retracted)
    add_line (card, _("Retracted"), "error");
  else if (json_object_get_boolean_member_with_default (d, "four_eyes", FALSE) &&
           !json_object_get_boolean_member_with_default (d, "final", TRUE))
    add_line (card, _("Waiting for a second signature"), "warning");

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  if (!retracted)
    {
      card_button (buttons, _("A_mend…"), d, G_CALLBACK (amend_clicked_cb), self);
      card_button (buttons, _("_Retract…"), d, G_CALLBACK (retract_clicked_cb), self);
    }
  gtk_box_append (GTK_BOX (card), buttons);
  return card;
}

/* Loading ----------------------------------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovDecisionsView *self = source_object;
  GError *error = NULL;
  JsonNode *list = gov_decision_list (self->replica, task_data, &error);
  g_autoptr(GovCaseClock) clock = NULL;

  /* The case type names the decision types; a case without one has none. */
  if (list != NULL && (clock = gov_case_clock_get (self->replica, task_data, NULL, NULL)))
    g_object_set_data_full (G_OBJECT (task), "case-type",
                            gov_case_type_ref (clock->case_type),
                            (GDestroyNotify) gov_case_type_unref);
  if (list != NULL)
    g_task_return_pointer (task, list, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GovDecisionsView *self = GOV_DECISIONS_VIEW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) list = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *child;
  JsonArray *a;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_strcmp0 (g_task_get_task_data (G_TASK (result)), self->case_id) != 0)
    return;
  if (list == NULL)
    {
      g_signal_emit (self, signals[TOAST], 0, adw_toast_new (error->message));
      return;
    }
  while ((child = gtk_widget_get_last_child (self->cards)) != NULL &&
         !GTK_IS_BUTTON (child))
    gtk_box_remove (GTK_BOX (self->cards), child);
  g_clear_pointer (&self->case_type, gov_case_type_unref);
  if (g_object_get_data (G_OBJECT (result), "case-type") != NULL)
    self->case_type = gov_case_type_ref (g_object_get_data (G_OBJECT (result), "case-type"));
  a = json_node_get_array (list);
  for (guint i = json_array_get_length (a); i > 0; i--)   /* newest first */
    gtk_box_append (GTK_BOX (self->cards),
                    decision_card (self, json_array_get_object_element (a, i - 1)));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    json_array_get_length (a) > 0 ? "list" : "empty");
}

void
gov_decisions_view_set_case (GovDecisionsView *self,
                             const char       *case_id)
{
  g_autoptr(GTask) task = NULL;

  /* A reload may pass self->case_id itself: copy before freeing. */
  if (case_id != self->case_id)
    {
      char *copy = g_strdup (case_id);

      g_free (self->case_id);
      self->case_id = copy;
    }
  if (case_id == NULL)
    return;
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, gov_decisions_view_set_case);
  g_task_set_task_data (task, g_strdup (case_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* GObject --------------------------------------------------------------------- */

static void
record_clicked_cb (GovDecisionsView *self)
{
  g_signal_emit (self, signals[RECORD], 0);
}

static void
build (GovDecisionsView *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();
  GtkWidget *record = gtk_button_new_with_mnemonic (_("Record _Decision…"));
  GtkWidget *empty_record = gtk_button_new_with_mnemonic (_("Record _Decision…"));

  self->stack = gtk_stack_new ();
  self->cards = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (self->cards, 12);
  gtk_widget_set_margin_bottom (self->cards, 24);
  gtk_widget_set_margin_start (self->cards, 12);
  gtk_widget_set_margin_end (self->cards, 12);
  gtk_widget_set_halign (record, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->cards), record);
  g_signal_connect_swapped (record, "clicked", G_CALLBACK (record_clicked_cb), self);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->cards);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Decisions"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Decisions on this case, with their legal basis, "
                                     "appear here."));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-documents-symbolic");
  gtk_widget_add_css_class (empty_record, "pill");
  gtk_widget_set_halign (empty_record, GTK_ALIGN_CENTER);
  adw_status_page_set_child (ADW_STATUS_PAGE (empty), empty_record);
  g_signal_connect_swapped (empty_record, "clicked", G_CALLBACK (record_clicked_cb), self);

  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}

static void
gov_decisions_view_dispose (GObject *object)
{
  GovDecisionsView *self = GOV_DECISIONS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  G_OBJECT_CLASS (gov_decisions_view_parent_class)->dispose (object);
}

static void
gov_decisions_view_finalize (GObject *object)
{
  GovDecisionsView *self = GOV_DECISIONS_VIEW (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->case_type, gov_case_type_unref);
  g_free (self->case_id);
  G_OBJECT_CLASS (gov_decisions_view_parent_class)->finalize (object);
}

static void
gov_decisions_view_class_init (GovDecisionsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_decisions_view_dispose;
  object_class->finalize = gov_decisions_view_finalize;

  /** GovDecisionsView::toast: @toast: a toast for the window */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  /** GovDecisionsView::changed: a decision was amended or retracted */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /** GovDecisionsView::record: "Record Decision…" was pressed */
  signals[RECORD] = g_signal_new ("record", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gov_decisions_view_init (GovDecisionsView *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
}

GtkWidget *
gov_decisions_view_new (GovReplica *replica)
{
  GovDecisionsView *self = g_object_new (GOV_TYPE_DECISIONS_VIEW, NULL);

  self->replica = gov_replica_ref (replica);
  return GTK_WIDGET (self);
}
