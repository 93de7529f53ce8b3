/* gov-decision-dialog.c: "Record Decision" and "Amend Decision" (UX.md §3
 * Decision editor)
 *
 * Type, decided by (the person signing, read-only), mandate, the legal
 * basis (law, article, paragraph, version in force), the rationale, the
 * facts relied on (check rows from the case's History), the effect date
 * (typed or picked from a calendar) and the objection deadline computed
 * live from the case type and its calendar, with "Show How" opening the
 * Clock view. A missing or malformed part is named next to its field when
 * the user signs, not only in a general message. Signing is final, so
 * Return never signs: "Sign Decision" asks "Sign This Decision?" first.
 *
 * Amending uses the same editor, prefilled, plus a required reason; only
 * the parts that differ from the decision as it stands are written. The
 * case's clock and history are read, and the decision written, on worker
 * threads; a refusal from the core is shown in the dialog and nothing is
 * written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-calendar.h"
#include "gov-case.h"
#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-clock-view.h"
#include "gov-date-entry.h"
#include "gov-decision.h"
#include "gov-decision-dialog.h"
#include "gov-form.h"

struct _GovDecisionDialog
{
  AdwWindow      parent_instance;

  GovReplica    *replica;
  char          *case_id;
  JsonObject    *original;   /* the decision amended; NULL when recording */
  GCancellable  *cancellable;
  GovCaseClock  *clock;
  GPtrArray     *type_ids;
  GPtrArray     *fact_checks;

  AdwComboRow   *type_row;
  GtkEntry      *reason;
  GtkEntry      *mandate;
  GtkEntry      *law;
  GtkEntry      *article;
  GtkEntry      *paragraph;
  GtkEntry      *version;
  GtkTextView   *rationale;
  GtkLabel      *rationale_error;
  GovDateEntry  *effect_date;
  AdwActionRow  *objection_row;
  AdwPreferencesGroup *facts_group;
  GtkLabel      *error_label;
  GtkWidget     *sign_button;
  gboolean       loaded;
  gboolean       signing;
};

G_DEFINE_FINAL_TYPE (GovDecisionDialog, gov_decision_dialog, ADW_TYPE_WINDOW)

enum { SIGNED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return o != NULL ? json_object_get_string_member_with_default (o, name, NULL) : NULL;
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
static void
update_objection (GovDecisionDialog *self)
{
  GDate effect, deadline;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;

  g_date_clear (&deadline, 1);
  if (!gov_date_entry_get_date (self->effect_date, &effect))
    words = g_strdup (_("Computed from the effect date"));
  else if (self->clock == NULL || selected_type (self) == NULL)
    words = g_strdup (_("None: this case has no case type"));
  else if (!gov_clock_objection_deadline (&effect, self->clock->case_type, selected_type (self),
                                          self->clock->calendar, &deadline, &error))
    words = g_strdup (error->message);
  else
    words = gov_clock_format_date (&deadline);
  adw_action_row_set_subtitle (self->objection_row, words);
}

static void
update (GovDecisionDialog *self)
{
  g_autofree char *rationale = self->rationale != NULL ? rationale_text (self) : NULL;

  if (rationale != NULL && *rationale != '\0')
    gtk_widget_set_visible (GTK_WIDGET (self->rationale_error), FALSE);
  update_objection (self);
  gtk_widget_set_sensitive (self->sign_button, self->loaded && !self->signing);
}

/* Checking, field by field ------------------------------------------------- */

/* Shows @message next to @field when @wrong; returns @wrong. */
static gboolean
flag (gpointer    field,
      gboolean    wrong,
      const char *message,
      GtkWidget **first)
{
  gov_form_row_error (field, wrong ? message : NULL);
  if (wrong && *first == NULL)
    *first = field;
  return wrong;
}

/* Names every missing or malformed part next to its field and moves the
 * focus to the first; returns whether all is well. */
static gboolean
check_fields (GovDecisionDialog *self)
{
  GtkWidget *first = NULL;
  GtkEntry *date = gov_date_entry_get_entry (self->effect_date);
  g_autofree char *rationale = rationale_text (self);
  GDate d;
  gboolean bad = FALSE;

  if (self->reason != NULL)
    bad |= flag (self->reason, !gov_form_filled (self->reason),
                 _("Required: why the decision is amended"), &first);
  bad |= flag (self->type_row, selected_type (self) == NULL,
               _("Required: the case type names the types of decision; this case has none"),
               &first);
  bad |= flag (self->mandate, !gov_form_filled (self->mandate),
               _("Required: on whose mandate the decision is taken"), &first);
  bad |= flag (self->law, !gov_form_filled (self->law),
               _("Required: the law this decision rests on"), &first);
  bad |= flag (self->article, !gov_form_filled (self->article),
               _("Required: the article of the law"), &first);
  bad |= flag (self->version, !gov_date_parse_typed (gtk_editable_get_text (GTK_EDITABLE (self->version)), &d),
               gov_form_filled (self->version)
                 ? _("Not a date: the version in force is a date, e.g. 2024-01-01")
                 : _("Required: the date of the version in force, e.g. 2024-01-01"), &first);
  bad |= flag (date, !gov_date_entry_get_date (self->effect_date, &d),
               gov_form_filled (date)
                 ? _("Not a date: type e.g. 3 May 2024 or 2024-05-03, or choose one")
                 : _("Required: the day the decision takes effect"), &first);
  gtk_widget_set_visible (GTK_WIDGET (self->rationale_error), *rationale == '\0');
  if (*rationale == '\0')
    {
      bad = TRUE;
      if (first == NULL)
        first = GTK_WIDGET (self->rationale);
    }
  if (first != NULL)
    gtk_widget_grab_focus (first);
  return !bad;
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

static gboolean
relied_on (GovDecisionDialog *self,
           const char        *event_id)
{
  JsonArray *facts = self->original != NULL && json_object_has_member (self->original, "facts")
                       ? json_object_get_array_member (self->original, "facts") : NULL;

  for (guint i = 0; facts != NULL && i < json_array_get_length (facts); i++)
    if (g_strcmp0 (json_array_get_string_element (facts, i), event_id) == 0)
      return TRUE;
  return FALSE;
}

static void
fill_facts (GovDecisionDialog *self,
            JsonArray         *timeline)
{
  for (guint i = 0; timeline != NULL && i < json_array_get_length (timeline); i++)
    {
      JsonObject *entry = json_array_get_object_element (timeline, i);
      const char *id = str_member (entry, "event_id");
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
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), relied_on (self, id));
      g_object_set_data_full (G_OBJECT (check), "event-id", g_strdup (id), g_free);
      g_ptr_array_add (self->fact_checks, check);
      adw_preferences_group_add (self->facts_group, row);
    }
}

static void
fill_types (GovDecisionDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(JsonNode) type = NULL;
  const char *current = str_member (self->original, "decision_type");
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
  for (guint i = 0; current != NULL && i < self->type_ids->len; i++)
    if (g_str_equal (self->type_ids->pdata[i], current))
      adw_combo_row_set_selected (self->type_row, i);
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
      gov_form_show_error (self->error_label, error->message);
      return;
    }
  self->clock = g_steal_pointer (&l->clock);
  fill_types (self);
  fill_facts (self, json_object_get_array_member (json_node_get_object (l->detail),
                                                  "timeline"));
  loaded_free (l);
  self->loaded = TRUE;
  update (self);
}

/* Signing ----------------------------------------------------------------- */

typedef struct
{
  char  *decision_id;   /* when amending */
  char  *reason;
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
  g_free (r->decision_id);
  g_free (r->reason);
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
    .decided_by = NULL,   /* the signing person, or unchanged */
    .mandate = r->mandate,
    .legal_basis = { r->law, r->article, r->paragraph, r->version },
    .rationale = r->rationale,
    .facts = (const char * const *) r->facts,
    .effect_date = r->effect_date,
  };
  GError *error = NULL;
  char *id;

  if (r->decision_id != NULL)
    id = gov_decision_amend (self->replica, r->decision_id, &in, r->reason, &error)
           ? g_strdup (r->decision_id) : NULL;
  else
    id = gov_decision_record (self->replica, r->case_id, &in, &error);
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
      gov_form_show_error (self->error_label, error->message);
      update (self);
      return;
    }
  g_signal_emit (self, signals[SIGNED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Takes @value when recording, or when it differs from the decision's
 * @member when amending; the core keeps what is left NULL. */
static char *
changed (GovDecisionDialog *self,
         char              *value,
         const char        *member)
{
  if (self->original != NULL && g_strcmp0 (value, str_member (self->original, member)) == 0)
    g_clear_pointer (&value, g_free);
  return value;
}

static char **
chosen_facts (GovDecisionDialog *self)
{
  g_autoptr(GStrvBuilder) facts = g_strv_builder_new ();
  gboolean same = self->original != NULL;
  guint n = 0;

  for (guint i = 0; i < self->fact_checks->len; i++)
    {
      const char *id = g_object_get_data (self->fact_checks->pdata[i], "event-id");
      gboolean on = gtk_check_button_get_active (self->fact_checks->pdata[i]);

      if (on)
        {
          g_strv_builder_add (facts, id);
          n++;
        }
      same = same && on == relied_on (self, id);
    }
  if (same && n == (json_object_has_member (self->original, "facts")
                      ? json_array_get_length (json_object_get_array_member (self->original,
                                                                             "facts"))
                      : 0))
    return NULL;
  return g_strv_builder_end (facts);
}

static char *
iso_of (const char *typed)
{
  GDate d;

  return gov_date_parse_typed (typed, &d) ? gov_date_to_iso (&d) : NULL;
}

/* The legal basis is amended whole or not at all. */
static void
take_basis (GovDecisionDialog *self,
            Record            *r)
{
  JsonObject *lb = self->original != NULL
                     ? json_object_get_object_member (self->original, "legal_basis") : NULL;
  g_autofree char *paragraph = gov_form_text (self->paragraph);

  r->law = gov_form_text (self->law);
  r->article = gov_form_text (self->article);
  r->paragraph = *paragraph != '\0' ? g_steal_pointer (&paragraph) : NULL;
  r->version = iso_of (gtk_editable_get_text (GTK_EDITABLE (self->version)));
  if (lb != NULL && g_strcmp0 (r->law, str_member (lb, "law")) == 0 &&
      g_strcmp0 (r->article, str_member (lb, "article")) == 0 &&
      g_strcmp0 (r->paragraph, str_member (lb, "paragraph")) == 0 &&
      g_strcmp0 (r->version, str_member (lb, "version")) == 0)
    {
      g_clear_pointer (&r->law, g_free);
      g_clear_pointer (&r->article, g_free);
      g_clear_pointer (&r->paragraph, g_free);
      g_clear_pointer (&r->version, g_free);
    }
}

static void
sign (GovDecisionDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, record_cb, NULL);
  Record *r = g_new0 (Record, 1);

  r->decision_id = g_strdup (str_member (self->original, "id"));
  r->reason = self->reason != NULL ? gov_form_text (self->reason) : NULL;
  r->case_id = g_strdup (self->case_id);
  r->type = changed (self, g_strdup (selected_type (self)), "decision_type");
  r->mandate = changed (self, gov_form_text (self->mandate), "mandate");
  take_basis (self, r);
  r->rationale = changed (self, rationale_text (self), "rationale");
  r->facts = chosen_facts (self);
  r->effect_date = changed (self, iso_of (gtk_editable_get_text (
                              GTK_EDITABLE (gov_date_entry_get_entry (self->effect_date)))),
                            "effect_date");

  self->signing = TRUE;
  update (self);
  gov_form_show_error (self->error_label, NULL);
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
  gboolean amend = self->original != NULL;
  GtkWidget *dialog;

  if (!check_fields (self))
    {
      gov_form_show_error (self->error_label, _("Some parts are missing or wrong; "
                                                "they are marked above."));
      return;
    }
  gov_form_show_error (self->error_label, NULL);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   amend ? _("Sign This Amendment?") : _("Sign This Decision?"),
                                   amend ? _("The amendment is recorded next to the decision, "
                                             "with your reason; it cannot be edited.")
                                         : _("A signed decision can later be amended or "
                                             "retracted, but not edited."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "sign", _("_Sign"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* "Show How": the Clock view of the case page behind explains the days. */
static void
show_how_cb (GovDecisionDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gov_clock_view_reveal_in (GTK_WIDGET (parent));
}

/* Building ---------------------------------------------------------------- */

/* Return moves to the next field; it never signs. */
static void
next_field_cb (GovDecisionDialog *self)
{
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}

static GtkEntry *
add_entry_row (GovDecisionDialog   *self,
               AdwPreferencesGroup *group,
               const char          *title,
               const char          *subtitle,
               const char          *text)
{
  GtkEntry *entry = gov_form_entry_row (group, title, subtitle);

  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (next_field_cb), self);
  return entry;
}

static void
build_rationale (GovDecisionDialog *self,
                 GtkWidget         *box)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new_with_mnemonic (_("_Rationale"));
  GtkWidget *required = gtk_label_new (_("Required"));

  self->rationale = GTK_TEXT_VIEW (gtk_text_view_new ());
  self->rationale_error = GTK_LABEL (gtk_label_new (_("Required: why the decision is taken")));
  gtk_text_view_set_wrap_mode (self->rationale, GTK_WRAP_WORD_CHAR);
  gtk_widget_set_size_request (GTK_WIDGET (self->rationale), -1, 96);
  gtk_text_view_set_left_margin (self->rationale, 12);
  gtk_text_view_set_right_margin (self->rationale, 12);
  gtk_text_view_set_top_margin (self->rationale, 6);
  gtk_text_view_set_bottom_margin (self->rationale, 6);
  gtk_label_set_mnemonic_widget (GTK_LABEL (heading), GTK_WIDGET (self->rationale));
  gtk_widget_add_css_class (heading, "heading");
  gtk_widget_add_css_class (required, "dim-label");
  gtk_widget_add_css_class (required, "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->rationale_error), "error");
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_visible (GTK_WIDGET (self->rationale_error), FALSE);
  gtk_widget_set_margin_top (heading, 9);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->rationale_error), 9);
  for (GtkWidget *w = heading; w != NULL; w = w == heading ? required
                                              : w == required ? GTK_WIDGET (self->rationale_error)
                                              : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (w), 0);
      gtk_label_set_wrap (GTK_LABEL (w), TRUE);
      gtk_widget_set_margin_start (w, 12);
      gtk_widget_set_margin_end (w, 12);
    }
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->rationale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, heading, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, required,
                                  self->rationale_error, NULL, -1);
  if (self->original != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->rationale),
                              str_member (self->original, "rationale"), -1);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->rationale), "changed",
                            G_CALLBACK (update), self);
  gtk_box_append (GTK_BOX (card), heading);
  gtk_box_append (GTK_BOX (card), required);
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->rationale));
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (self->rationale_error));
  gtk_box_append (GTK_BOX (box), card);
}

static void
build_dates (GovDecisionDialog *self,
             GtkWidget         *box)
{
  AdwPreferencesGroup *dates = gov_form_group (box, _("Dates"));
  GtkWidget *how = gtk_button_new_with_mnemonic (_("Show _How"));
  const char *effect = str_member (self->original, "effect_date");

  self->effect_date = GOV_DATE_ENTRY (gov_date_entry_new (_("Effect Date")));
  gov_form_row (dates, _("Effect Date"), _("Required; type it or choose it from the calendar"),
                GTK_WIDGET (self->effect_date));
  gtk_widget_set_hexpand (GTK_WIDGET (self->effect_date), TRUE);
  if (effect != NULL)
    {
      GDate d;

      if (gov_date_parse_iso (effect, &d))
        gov_date_entry_set_date (self->effect_date, &d);
    }
  g_signal_connect_swapped (gov_date_entry_get_entry (self->effect_date), "changed",
                            G_CALLBACK (update), self);
  gov_form_clear_on_change (GTK_WIDGET (gov_date_entry_get_entry (self->effect_date)));
  gtk_widget_add_css_class (how, "flat");
  self->objection_row = gov_form_row (dates, _("Objection Deadline"), NULL, how);
  adw_action_row_set_activatable_widget (self->objection_row, NULL);
  g_signal_connect_swapped (how, "clicked", G_CALLBACK (show_how_cb), self);
}

static void
build (GovDecisionDialog *self)
{
  gboolean amend = self->original != NULL;
  JsonObject *lb = amend ? json_object_get_object_member (self->original, "legal_basis") : NULL;
  AdwPreferencesGroup *decision, *basis;
  GtkWidget *by = adw_action_row_new ();
  const char *required = _("Required");
  GtkWidget *box;
  g_autofree char *version = NULL;

  self->sign_button = gtk_button_new_with_mnemonic (amend ? _("Sign _Amendment")
                                                          : _("Sign _Decision"));
  box = gov_form_frame (ADW_WINDOW (self), amend ? _("Amend Decision") : _("Record Decision"),
                        self->sign_button);
  g_signal_connect_swapped (self->sign_button, "clicked", G_CALLBACK (sign_clicked_cb), self);

  if (amend)
    self->reason = add_entry_row (self, gov_form_group (box, _("Amendment")),
                                  _("Reason for Amending"), required, NULL);
  decision = gov_form_group (box, _("Decision"));
  self->type_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->type_row), _("Type"));
  g_signal_connect_swapped (self->type_row, "notify::selected", G_CALLBACK (update), self);
  adw_preferences_group_add (decision, GTK_WIDGET (self->type_row));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (by), _("Decided By"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (by),
                               amend ? str_member (self->original, "decided_by")
                                     : gov_replica_get_actor (self->replica));
  adw_preferences_group_add (decision, by);
  self->mandate = add_entry_row (self, decision, _("Mandate"), required,
                                 str_member (self->original, "mandate"));

  basis = gov_form_group (box, _("Legal Basis"));
  self->law = add_entry_row (self, basis, _("Law"), required, str_member (lb, "law"));
  self->article = add_entry_row (self, basis, _("Article"), required, str_member (lb, "article"));
  self->paragraph = add_entry_row (self, basis, _("Paragraph"), NULL,
                                   str_member (lb, "paragraph"));
  self->version = add_entry_row (self, basis, _("Version in Force"),
                                 _("Required; the date of the version, e.g. 2024-01-01"),
                                 str_member (lb, "version"));

  /* The dates before the long parts, so that the calendar opens in view. */
  build_dates (self, box);
  build_rationale (self, box);
  self->facts_group = gov_form_group (box, _("Facts Relied On"));
  adw_preferences_group_set_description (self->facts_group,
                                         _("Choose the events of this case the decision rests on."));
  self->error_label = gov_form_error_label (box);
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
  g_clear_pointer (&self->original, json_object_unref);
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
   * @decision_id: the new or amended decision
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

static GtkWidget *
open_dialog (GtkWindow  *parent,
             GovReplica *replica,
             const char *case_id,
             JsonObject *decision)
{
  GovDecisionDialog *self = g_object_new (GOV_TYPE_DECISION_DIALOG,
                                          "modal", TRUE,
                                          "transient-for", parent,
                                          "title", decision != NULL ? _("Amend Decision")
                                                                    : _("Record Decision"),
                                          "default-width", 600,
                                          "default-height", 680,
                                          NULL);
  g_autoptr(GTask) task = NULL;

  self->replica = gov_replica_ref (replica);
  self->case_id = g_strdup (case_id);
  self->original = decision != NULL ? json_object_ref (decision) : NULL;
  build (self);
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, open_dialog);
  g_task_run_in_thread (task, load_thread);
  return GTK_WIDGET (self);
}

GtkWidget *
gov_decision_dialog_new (GtkWindow  *parent,
                         GovReplica *replica,
                         const char *case_id)
{
  return open_dialog (parent, replica, case_id, NULL);
}

GtkWidget *
gov_decision_dialog_new_amend (GtkWindow  *parent,
                               GovReplica *replica,
                               JsonObject *decision)
{
  g_return_val_if_fail (decision != NULL, NULL);
  return open_dialog (parent, replica, str_member (decision, "case_id"), decision);
}
