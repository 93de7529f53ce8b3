/* gov-decisions-view.c: the case page's Decisions view (UX.md §3)
 *
 * One card per decision as it stands (amendments applied): type, who
 * decided on whose mandate, the legal basis in one sentence, the rationale,
 * the effect date and the objection deadline, each amendment and the
 * retraction with when, who and why, and its state as a GovStatusChip
 * (never colour alone): "Final", "Awaiting approval" under a four-eyes
 * rule, "Retracted". A person with the approver role who did not record
 * the decision gets "Approve…"; its author reads why they cannot.
 * Amend… opens the decision editor prefilled (gov-decision-dialog.c);
 * Retract… asks for a reason. Reads and writes run on worker threads;
 * refusals come back as toasts in the core's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-decision.h"
#include "gov-decision-dialog.h"
#include "gov-decisions-view.h"
#include "gov-form.h"
#include "gov-status-chip.h"

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

/* "22 November 2026" for a hybrid logical clock reading. */
static char *
ms_words (gint64 ms)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (ms / 1000);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
  return gov_clock_format_date (&d);
}

/* "Bea Smit, Carl Jansen", leaving out @except (may be NULL) */
static char *
names (JsonArray   *arr,
       const char **except)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_auto(GStrv) v = NULL;

  for (guint i = 0; arr != NULL && i < json_array_get_length (arr); i++)
    if (except == NULL || !g_strv_contains (except, json_array_get_string_element (arr, i)))
      g_strv_builder_add (b, json_array_get_string_element (arr, i));
  v = g_strv_builder_end (b);
  return g_strjoinv (", ", v);
}

static JsonArray *
array_member (JsonObject *o,
              const char *name)
{
  return json_object_has_member (o, name) && !json_object_get_null_member (o, name)
           ? json_object_get_array_member (o, name) : NULL;
}

/* Writing ----------------------------------------------------------------- */

typedef enum { CHANGE_RETRACT, CHANGE_APPROVE } ChangeKind;

typedef struct
{
  ChangeKind  kind;
  char       *decision_id;
  char       *reason;
} Change;

static void
change_free (Change *c)
{
  g_free (c->decision_id);
  g_free (c->reason);
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
  gboolean ok = c->kind == CHANGE_RETRACT
                  ? gov_decision_retract (self->replica, c->decision_id, c->reason, &error)
                  : gov_decision_approve (self->replica, c->decision_id, &error);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
changed_toast (GovDecisionsView *self,
               const char       *message)
{
  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (message));
  g_signal_emit (self, signals[CHANGED], 0);
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
  changed_toast (self, c->kind == CHANGE_RETRACT ? _("Decision retracted")
                                                 : _("Decision approved"));
}

static void
change_async (GovDecisionsView *self,
              ChangeKind        kind,
              const char       *decision_id,
              char             *reason)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, change_cb, NULL);
  Change *c = g_new0 (Change, 1);

  c->kind = kind;
  c->decision_id = g_strdup (decision_id);
  c->reason = reason;
  g_task_set_source_tag (task, change_async);
  g_task_set_task_data (task, c, (GDestroyNotify) change_free);
  g_task_run_in_thread (task, change_thread);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 GovDecisionsView *self)
{
  GtkWidget *reason = adw_message_dialog_get_extra_child (dialog);
  ChangeKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "kind"));

  if (g_strcmp0 (response, "apply") != 0)
    return;
  change_async (self, kind, g_object_get_data (G_OBJECT (dialog), "decision-id"),
                reason != NULL ? gov_form_text (reason) : NULL);
}

/* Retract… (with a required reason) and Approve… both ask first: others
 * rely on the decision and neither can be undone. */
static void
ask (GovDecisionsView *self,
     JsonObject       *d,
     ChangeKind        kind)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  gboolean retract = kind == CHANGE_RETRACT;
  GtkWidget *dialog = adw_message_dialog_new (
    parent, retract ? _("Retract This Decision?") : _("Approve This Decision?"),
    retract ? _("The decision stays in the case's history, marked as retracted, with your "
                "reason.")
            : _("As the second person you sign the decision as it stands; it becomes final."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "apply", retract ? _("_Retract") : _("_Approve"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              retract ? ADW_RESPONSE_DESTRUCTIVE
                                                      : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (retract)
    {
      GtkWidget *reason = gov_form_labelled (gtk_entry_new (), _("Reason"));

      gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason"));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), reason);
      gov_form_require_text (ADW_MESSAGE_DIALOG (dialog), "apply", reason);
    }
  g_object_set_data (G_OBJECT (dialog), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (dialog), "decision-id", g_strdup (str_member (d, "id")),
                          g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (ask_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
amended_cb (GovDecisionsView *self)
{
  changed_toast (self, _("Decision amended"));
}

static void
amend_clicked_cb (GtkButton        *button,
                  GovDecisionsView *self)
{
  GtkWidget *dialog =
    gov_decision_dialog_new_amend (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   self->replica,
                                   g_object_get_data (G_OBJECT (button), "decision"));

  g_signal_connect_object (dialog, "signed", G_CALLBACK (amended_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retract_clicked_cb (GtkButton        *button,
                    GovDecisionsView *self)
{
  ask (self, g_object_get_data (G_OBJECT (button), "decision"), CHANGE_RETRACT);
}

static void
approve_clicked_cb (GtkButton        *button,
                    GovDecisionsView *self)
{
  ask (self, g_object_get_data (G_OBJECT (button), "decision"), CHANGE_APPROVE);
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

/* "Amended on 3 May 2024 by Ana Ruiz: wrong date" */
static void
add_act_line (GtkWidget  *card,
              JsonObject *act,
              gboolean    retraction)
{
  g_autofree char *when = ms_words (json_object_get_int_member_with_default (act, "hlc_ms", 0));
  const char *who = str_member (act, "actor");
  const char *why = str_member (act, "reason");
  g_autofree char *line =
    retraction ? g_strdup_printf (_("Retracted on %s by %s: %s"), when, who, why)
               : g_strdup_printf (_("Amended on %s by %s: %s"), when, who, why);

  add_line (card, line, NULL);
}

static gboolean
is_author (GovDecisionsView *self,
           JsonObject       *d)
{
  const char *me = gov_replica_get_actor (self->replica);

  return g_strcmp0 (me, str_member (d, "decided_by")) == 0 ||
         g_strcmp0 (me, str_member (d, "recorded_by")) == 0;
}

static gboolean
is_approver (GovDecisionsView *self,
             JsonObject       *d)
{
  JsonArray *approvers = array_member (d, "approvers");

  for (guint i = 0; approvers != NULL && i < json_array_get_length (approvers); i++)
    if (g_strcmp0 (json_array_get_string_element (approvers, i),
                   gov_replica_get_actor (self->replica)) == 0)
      return TRUE;
  return FALSE;
}

/* The state in a chip and, under a four-eyes rule, who is to act. Returns
 * whether this person may approve. */
static gboolean
add_state (GovDecisionsView *self,
           GtkWidget        *card,
           GovStatusChip    *chip,
           JsonObject       *d)
{
  gboolean four_eyes = json_object_get_boolean_member_with_default (d, "four_eyes", FALSE);
  gboolean final = json_object_get_boolean_member_with_default (d, "final", TRUE);
  /* The author cannot approve: name only the others who can. */
  const char *authors[] = { str_member (d, "decided_by"), str_member (d, "recorded_by"), NULL };
  g_autofree char *approvers = names (array_member (d, "approvers"), authors);
  g_autofree char *approved = names (array_member (d, "approved_by"), NULL);
  g_autofree char *line = NULL;

  if (json_object_get_boolean_member_with_default (d, "retracted", FALSE))
    {
      gov_status_chip_set (chip, GOV_STATUS_CHIP_READ_ONLY, _("Retracted"));
      return FALSE;
    }
  if (final)
    {
      gov_status_chip_set (chip, GOV_STATUS_CHIP_CLOSED, _("Final"));
      if (four_eyes)
        add_line (card, (line = g_strdup_printf (_("Final, approved by %s"), approved)), NULL);
      return FALSE;
    }
  gov_status_chip_set (chip, GOV_STATUS_CHIP_PAUSED, _("Awaiting approval"));
  if (is_author (self, d))
    line = g_strdup_printf (_("You recorded this decision, so you cannot approve it. A second "
                              "person must: %s."), approvers);
  else if (is_approver (self, d))
    line = g_strdup (_("Awaiting your approval as the second person."));
  else
    line = g_strdup_printf (_("Awaiting approval by a second person: %s. You do not have the "
                              "approver role for this type of decision."), approvers);
  add_line (card, line, NULL);
  return !is_author (self, d) && is_approver (self, d);
}

static GtkWidget *
card_heading (GtkWidget  *card,
              const char *title,
              GtkWidget  *chip)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_valign (chip, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), label);
  gtk_box_append (GTK_BOX (row), chip);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_widget_set_margin_top (row, 12);
  gtk_box_append (GTK_BOX (card), row);
  return row;
}

static void
add_buttons (GovDecisionsView *self,
             GtkWidget        *card,
             JsonObject       *d,
             gboolean          may_approve)
{
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  if (may_approve)
    card_button (buttons, _("A_pprove…"), d, G_CALLBACK (approve_clicked_cb), self);
  if (!json_object_get_boolean_member_with_default (d, "retracted", FALSE))
    {
      card_button (buttons, _("A_mend…"), d, G_CALLBACK (amend_clicked_cb), self);
      card_button (buttons, _("_Retract…"), d, G_CALLBACK (retract_clicked_cb), self);
    }
  gtk_box_append (GTK_BOX (card), buttons);
}

static GtkWidget *
decision_card (GovDecisionsView *self,
               JsonObject       *d)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *chip = gov_status_chip_new ();
  JsonArray *amendments = array_member (d, "amendments");
  JsonArray *facts = array_member (d, "facts");
  guint n_facts = facts != NULL ? json_array_get_length (facts) : 0;
  g_autofree char *by = g_strdup_printf (_("Decided by %s on the mandate of %s"),
                                         str_member (d, "decided_by"), str_member (d, "mandate"));
  g_autofree char *basis = basis_words (json_object_get_object_member (d, "legal_basis"));
  g_autofree char *basis_line = g_strdup_printf (_("Legal basis: %s"), basis);
  g_autofree char *effect = date_words (str_member (d, "effect_date"));
  g_autofree char *objection = date_words (str_member (d, "objection_deadline"));
  g_autofree char *dates = g_strdup_printf (_("Takes effect on %s; objections until %s"),
                                            effect, objection);
  g_autofree char *facts_line = g_strdup_printf (
    g_dngettext (GETTEXT_PACKAGE, "Relies on %u fact from the case’s History",
                 "Relies on %u facts from the case’s History", n_facts), n_facts);
  gboolean may_approve;

  gtk_widget_add_css_class (card, "card");
  card_heading (card, type_label (self, str_member (d, "decision_type")), chip);
  add_line (card, by, "dim-label");
  add_line (card, basis_line, NULL);
  add_line (card, str_member (d, "rationale"), NULL);
  if (n_facts > 0)
    add_line (card, facts_line, "dim-label");
  add_line (card, dates, NULL);
  for (guint i = 0; amendments != NULL && i < json_array_get_length (amendments); i++)
    add_act_line (card, json_array_get_object_element (amendments, i), FALSE);
  if (json_object_get_boolean_member_with_default (d, "retracted", FALSE) &&
      !json_object_get_null_member (d, "retraction"))
    add_act_line (card, json_object_get_object_member (d, "retraction"), TRUE);
  if (json_object_get_boolean_member_with_default (d, "conflict", FALSE))
    add_line (card, _("Two amendments were made at the same time on different devices. "
                      "Amend the decision once more to settle what stands."), NULL);
  may_approve = add_state (self, card, GOV_STATUS_CHIP (chip), d);
  add_buttons (self, card, d, may_approve);
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
