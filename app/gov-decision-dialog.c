/* gov-decision-dialog.c: "Record Decision" (UX.md §3 Decision editor)
 *
 * Type, decided by (the person signing, read-only), mandate, the legal
 * basis (law, article, paragraph, version in force), the rationale, the
 * facts relied on (events of the case), the effect date and the objection
 * deadline computed live from the case type and its calendar. Signing is
 * final, so Return never signs: "Sign Decision" asks "Sign This
 * Decision?" first. The case's clock and history are read, and the
 * decision written, on worker threads; a refusal from the core is shown in
 * the dialog and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-case.h"
#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-decision.h"
#include "gov-decision-dialog.h"

struct _GovDecisionDialog
{
  AdwWindow      parent_instance;

  GovReplica    *replica;
  char          *case_id;
  GCancellable  *cancellable;
  GovCaseClock  *clock;
  GPtrArray     *type_ids;
  GPtrArray     *fact_checks;

  AdwComboRow   *type_row;
  GtkEntry      *mandate;
  GtkEntry      *law;
  GtkEntry      *article;
  GtkEntry      *paragraph;
  GtkEntry      *version;
  GtkTextView   *rationale;
  GtkEntry      *effect_date;
  AdwActionRow  *objection_row;
  AdwPreferencesGroup *facts_group;
  GtkLabel      *error_label;
  GtkWidget     *sign_button;
  gboolean       signing;
};

G_DEFINE_FINAL_TYPE (GovDecisionDialog, gov_decision_dialog, ADW_TYPE_WINDOW)

enum { SIGNED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
text_of (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

static char *
stripped (GtkEntry *entry)
{
  return g_strstrip (g_strdup (text_of (entry)));
}

static gboolean
filled (GtkEntry *entry)
{
  g_autofree char *t = stripped (entry);

  return *t != '\0';
}

static char *
rationale_text (GovDecisionDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->rationale);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static const char *
selected_type (GovDecisionDialog *self)
{
  guint i = adw_combo_row_get_selected (self->type_row);

  return self->type_ids != NULL && i < self->type_ids->len ? self->type_ids->pdata[i] : NULL;
}

/* The objection deadline follows the effect date and the type. */
static gboolean
update_objection (GovDecisionDialog *self)
{
  GDate effect, deadline;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;

  g_date_clear (&effect, 1);
  g_date_clear (&deadline, 1);
  if (!gov_date_parse_iso (text_of (self->effect_date), &effect))
    {
      adw_action_row_set_subtitle (self->objection_row,
                                   _("Type the effect date as year-month-day, e.g. 2024-05-03"));
      return FALSE;
    }
  if (self->clock == NULL || selected_type (self) == NULL)
    {
      adw_action_row_set_subtitle (self->objection_row,
                                   _("None: this case has no case type"));
      return TRUE;
    }
  if (!gov_clock_objection_deadline (&effect, self->clock->case_type, selected_type (self),
                                     self->clock->calendar, &deadline, &error))
    {
      adw_action_row_set_subtitle (self->objection_row, error->message);
      return TRUE;
    }
  words = gov_clock_format_date (&deadline);
  adw_action_row_set_subtitle (self->objection_row, words);
  return TRUE;
}

static void
update (GovDecisionDialog *self)
{
  gboolean date_ok = update_objection (self);
  g_autofree char *rationale = rationale_text (self);

  gtk_widget_set_sensitive (self->sign_button,
                            !self->signing && date_ok && *rationale != '\0' &&
                            filled (self->mandate) && filled (self->law) &&
                            filled (self->article) && filled (self->version));
}

/* Loading ----------------------------------------------------------------- */

typedef struct
{
  GovCaseClock *clock;
  JsonNode     *detail;
} Loaded;

static void
loaded_free (Loaded *l)
{
  g_clear_pointer (&l->clock, gov_case_clock_free);
  g_clear_pointer (&l->detail, json_node_unref);
  g_free (l);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovDecisionDialog *self = source_object;
  Loaded *l = g_new0 (Loaded, 1);
  GError *error = NULL;

  /* No case type is not a failure: the decision then has no deadline. */
  l->clock = gov_case_clock_get (self->replica, self->case_id, NULL, NULL);
  l->detail = gov_case_get_detail (self->replica, self->case_id, &error);
  if (l->detail == NULL)
    {
      loaded_free (l);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, l, (GDestroyNotify) loaded_free);
}

static char *
fact_words (JsonObject *entry)
{
  const char *type = json_object_get_string_member_with_default (entry, "type", "");
  JsonObject *body = json_object_get_object_member (entry, "body");
  const char *actor = json_object_get_string_member_with_default (entry, "actor", "");

  if (g_str_equal (type, "note.add") && body != NULL)
    return g_strdup_printf (_("Note by %s: %s"), actor,
                            json_object_get_string_member_with_default (body, "text", ""));
  if (g_str_equal (type, "field.set") && body != NULL)
    return g_strdup_printf (_("%s set %s to %s"), actor,
                            json_object_get_string_member_with_default (body, "field", ""),
                            json_object_get_string_member_with_default (body, "value", ""));
  if (g_str_equal (type, "correspondence.add") && body != NULL)
    return g_strdup_printf (_("Correspondence: %s"),
                            json_object_get_string_member_with_default (body, "subject", ""));
  if (g_str_equal (type, "case.create"))
    return g_strdup_printf (_("%s opened the case"), actor);
  return NULL;
}

static void
fill_facts (GovDecisionDialog *self,
            JsonArray         *timeline)
{
  for (guint i = 0; timeline != NULL && i < json_array_get_length (timeline); i++)
    {
      JsonObject *entry = json_array_get_object_element (timeline, i);
      g_autofree char *words = fact_words (entry);
      GtkWidget *row, *check;

      if (words == NULL)
        continue;
      row = adw_action_row_new ();
      check = gtk_check_button_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), words);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      words, -1);
      g_object_set_data_full (G_OBJECT (check), "event-id",
                              g_strdup (json_object_get_string_member (entry, "event_id")),
                              g_free);
      g_ptr_array_add (self->fact_checks, check);
      adw_preferences_group_add (self->facts_group, row);
    }
}

static void
fill_types (GovDecisionDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(JsonNode) type = NULL;
  JsonArray *types;

  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  if (self->clock == NULL)
    return;
  type = gov_case_type_to_json (self->clock->case_type);
  types = json_object_get_array_member (json_node_get_object (type), "decision_types");
  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    {
      JsonObject *t = json_array_get_object_element (types, i);

      g_ptr_array_add (self->type_ids, g_strdup (json_object_get_string_member (t, "id")));
      gtk_string_list_append (labels, json_object_get_string_member (t, "label"));
    }
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (labels));
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GovDecisionDialog *self = GOV_DECISION_DIALOG (object);
  g_autoptr(GError) error = NULL;
  Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (l == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  self->clock = g_steal_pointer (&l->clock);
  fill_types (self);
  fill_facts (self, json_object_get_array_member (json_node_get_object (l->detail),
                                                  "timeline"));
  loaded_free (l);
  update (self);
}

/* Signing ----------------------------------------------------------------- */

typedef struct
{
  char  *case_id;
  char  *type;
  char  *mandate;
  char  *law, *article, *paragraph, *version;
  char  *rationale;
  char **facts;
  char  *effect_date;
} Record;

static void
record_free (Record *r)
{
  g_free (r->case_id);
  g_free (r->type);
  g_free (r->mandate);
  g_free (r->law);
  g_free (r->article);
  g_free (r->paragraph);
  g_free (r->version);
  g_free (r->rationale);
  g_strfreev (r->facts);
  g_free (r->effect_date);
  g_free (r);
}

static void
record_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GovDecisionDialog *self = source_object;
  Record *r = task_data;
  GovDecisionInput in = {
    .decision_type = r->type,
    .decided_by = NULL,   /* the signing person */
    .mandate = r->mandate,
    .legal_basis = { r->law, r->article, *r->paragraph ? r->paragraph : NULL, r->version },
    .rationale = r->rationale,
    .facts = (const char * const *) r->facts,
    .effect_date = r->effect_date,
  };
  GError *error = NULL;
  char *id = gov_decision_record (self->replica, r->case_id, &in, &error);

  if (id != NULL)
    g_task_return_pointer (task, id, g_free);
  else
    g_task_return_error (task, error);
}

static void
record_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovDecisionDialog *self = GOV_DECISION_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->signing = FALSE;
  if (id == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update (self);
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sign (GovDecisionDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, record_cb, NULL);
  g_autoptr(GStrvBuilder) facts = g_strv_builder_new ();
  Record *r = g_new0 (Record, 1);

  for (guint i = 0; i < self->fact_checks->len; i++)
    if (gtk_check_button_get_active (self->fact_checks->pdata[i]))
      g_strv_builder_add (facts, g_object_get_data (self->fact_checks->pdata[i], "event-id"));
  r->case_id = g_strdup (self->case_id);
  r->type = g_strdup (selected_type (self));
  r->mandate = stripped (self->mandate);
  r->law = stripped (self->law);
  r->article = stripped (self->article);
  r->paragraph = stripped (self->paragraph);
  r->version = stripped (self->version);
  r->rationale = rationale_text (self);
  r->facts = g_strv_builder_end (facts);
  r->effect_date = stripped (self->effect_date);

  self->signing = TRUE;
  update (self);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_task_set_source_tag (task, sign);
  g_task_set_task_data (task, r, (GDestroyNotify) record_free);
  g_task_run_in_thread (task, record_thread);
}

static void
confirm_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     GovDecisionDialog *self)
{
  if (g_strcmp0 (response, "sign") == 0)
    sign (self);
}

static void
sign_clicked_cb (GovDecisionDialog *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sign This Decision?"),
                                              _("A signed decision can later be amended or "
                                                "retracted, but not edited."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "sign", _("_Sign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Building ---------------------------------------------------------------- */

static GtkEntry *
add_entry_row (GovDecisionDialog   *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_entry_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (entry, 220, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update), self);
  adw_preferences_group_add (group, row);
  return GTK_ENTRY (entry);
}

static AdwPreferencesGroup *
add_group (GtkWidget  *box,
           const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_box_append (GTK_BOX (box), group);
  return ADW_PREFERENCES_GROUP (group);
}

static void
build_rationale (GovDecisionDialog *self,
                 GtkWidget         *box)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new_with_mnemonic (_("_Rationale"));
  GtkWidget *required = gtk_label_new (_("Required"));

  self->rationale = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->rationale, GTK_WRAP_WORD_CHAR);
  gtk_widget_set_size_request (GTK_WIDGET (self->rationale), -1, 96);
  gtk_text_view_set_left_margin (self->rationale, 12);
  gtk_text_view_set_right_margin (self->rationale, 12);
  gtk_text_view_set_top_margin (self->rationale, 6);
  gtk_text_view_set_bottom_margin (self->rationale, 6);
  gtk_label_set_mnemonic_widget (GTK_LABEL (heading), GTK_WIDGET (self->rationale));
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_xalign (GTK_LABEL (required), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (required, "dim-label");
  gtk_widget_add_css_class (required, "caption");
  gtk_widget_add_css_class (card, "card");
  for (GtkWidget *w = heading; w != NULL; w = w == heading ? required : NULL)
    {
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_top (w, w == heading ? 9 : 0);
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->rationale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL, -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->rationale), "changed",
                            G_CALLBACK (update), self);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), required);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->rationale));
  gtk_box_append (GTK_BOX (box), card);
}

static void
build (GovDecisionDialog *self)
{
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  AdwPreferencesGroup *decision, *basis, *dates;
  GtkWidget *by = adw_action_row_new ();
  const char *required = _("Required");

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Record Decision"), NULL));
  self->sign_button = gtk_button_new_with_mnemonic (_("Sign _Decision"));
  gtk_widget_add_css_class (self->sign_button, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->sign_button);
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->sign_button, "clicked", G_CALLBACK (sign_clicked_cb), self);

  decision = add_group (box, _("Decision"));
  self->type_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->type_row), _("Type"));
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (update), self);
  adw_preferences_group_add (decision, GTK_WIDGET (self->type_row));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (by), _("Decided By"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (by), gov_replica_get_actor (self->replica));
  adw_preferences_group_add (decision, by);
  self->mandate = add_entry_row (self, decision, _("Mandate"), required);

  basis = add_group (box, _("Legal Basis"));
  self->law = add_entry_row (self, basis, _("Law"), required);
  self->article = add_entry_row (self, basis, _("Article"), required);
  self->paragraph = add_entry_row (self, basis, _("Paragraph"), NULL);
  self->version = add_entry_row (self, basis, _("Version in Force"),
                                 _("Required; the date of the version, e.g. 2024-01-01"));

  build_rationale (self, box);

  self->facts_group = add_group (box, _("Facts Relied On"));
  adw_preferences_group_set_description (self->facts_group,
                                         _("Choose the events of this case the decision rests on."));

  dates = add_group (box, _("Dates"));
  self->effect_date = add_entry_row (self, dates, _("Effect Date"),
                                     _("Required; year-month-day"));
  self->objection_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->objection_row),
                                 _("Objection Deadline"));
  adw_preferences_group_add (dates, GTK_WIDGET (self->objection_row));

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), header);
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);
  update (self);
}

/* GObject --------------------------------------------------------------------- */

static void
gov_decision_dialog_dispose (GObject *object)
{
  GovDecisionDialog *self = GOV_DECISION_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (gov_decision_dialog_parent_class)->dispose (object);
}

static void
gov_decision_dialog_finalize (GObject *object)
{
  GovDecisionDialog *self = GOV_DECISION_DIALOG (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clock, gov_case_clock_free);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_clear_pointer (&self->fact_checks, g_ptr_array_unref);
  g_free (self->case_id);
  G_OBJECT_CLASS (gov_decision_dialog_parent_class)->finalize (object);
}

static void
gov_decision_dialog_class_init (GovDecisionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_decision_dialog_dispose;
  object_class->finalize = gov_decision_dialog_finalize;

  /**
   * GovDecisionDialog::signed:
   * @decision_id: the new decision
   */
  signals[SIGNED] = g_signal_new ("signed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gov_decision_dialog_init (GovDecisionDialog *self)
{
  self->cancellable = g_cancellable_new ();
  self->fact_checks = g_ptr_array_new ();
}

GtkWidget *
gov_decision_dialog_new (GtkWindow  *parent,
                         GovReplica *replica,
                         const char *case_id)
{
  GovDecisionDialog *self = g_object_new (GOV_TYPE_DECISION_DIALOG,
                                          "modal", TRUE,
                                          "transient-for", parent,
                                          "title", _("Record Decision"),
                                          "default-width", 600,
                                          "default-height", 680,
                                          NULL);
  g_autoptr(GTask) task = NULL;

  self->replica = gov_replica_ref (replica);
  self->case_id = g_strdup (case_id);
  build (self);
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, gov_decision_dialog_new);
  g_task_run_in_thread (task, load_thread);
  return GTK_WIDGET (self);
}
