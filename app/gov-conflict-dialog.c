/* gov-conflict-dialog.c: "Resolve Conflict" (UX.md §3)
 *
 * Two cards that differ by position and heading only, no value chosen
 * beforehand, and "Resolve" insensitive until a person picks one. The
 * choice is written on a worker thread as one conflict.resolve event; the
 * optional note becomes an internal note on the case.
 *
 * Each card says who wrote its side, when and on which device. The
 * handover and the decisions are registers whose values name events
 * ("offer b2:…"): for them the dialog reads the case's history on a worker
 * thread and says what happened in our words (UX.md "Our words"), e.g.
 * "Two Handover Offers" / "roads offered it to Harbour Office; parks
 * offered it to Waterways. Choose which offer stands.", with no ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gov-case.h"
#include "gov-conflict-dialog.h"
#include "gov-decision.h"
#include "gov-handover.h"
#include "gov-ledger.h"
#include "gov-projection-resp.h"

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
  JsonArray      *heads;
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
  char     *other;    /* the value not chosen */
  char     *reason;   /* the note as typed */
  char     *note;
} Resolution;

static void
resolution_free (Resolution *r)
{
  g_free (r->case_id);
  g_free (r->field);
  g_free (r->value);
  g_free (r->other);
  g_free (r->reason);
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

/* @value: the side in words; @device: its short name; @reason: why (each may be NULL) */
static GtkWidget *
card_new (const char *heading,
          JsonObject *head,
          const char *value,
          const char *device,
          const char *reason)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  const char *actor = json_object_get_string_member_with_default (head, "actor", "");
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (
    json_object_get_int_member_with_default (head, "hlc_ms", 0) / 1000);
  /* Translators: when a value was written, g_date_time_format() format. */
  g_autofree char *when_text = g_date_time_format (when, _("%-d %B %Y at %H:%M"));
  /* Translators: who wrote a value: person, device. */
  g_autofree char *who = device != NULL ? g_strdup_printf (_("By %s on device %s"), actor, device)
                                        : g_strdup_printf (_("By %s"), actor);
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

/* Our words ---------------------------------------------------------------- */

typedef enum { KIND_FIELD, KIND_HANDOVER, KIND_DECISION } Kind;

static Kind
kind_of (const char *field)
{
  if (g_strcmp0 (field, GOV_RESP_REGISTER_HANDOVER) == 0)
    return KIND_HANDOVER;
  if (g_str_has_prefix (field, GOV_RESP_REGISTER_DECISION))
    return KIND_DECISION;
  return KIND_FIELD;
}

static JsonObject *
event_in (JsonArray  *timeline,
          const char *event_id)
{
  for (guint i = 0; timeline != NULL && i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (e, "event_id", NULL),
                     event_id) == 0)
        return e;
    }
  return NULL;
}

static const char *
body_text (JsonObject *event,
           const char *a,
           const char *b)
{
  JsonObject *body = event != NULL && json_object_has_member (event, "body")
                       ? json_object_get_object_member (event, "body") : NULL;
  const char *v = body != NULL ? json_object_get_string_member_with_default (body, a, NULL)
                               : NULL;

  if (v == NULL && body != NULL && b != NULL)
    v = json_object_get_string_member_with_default (body, b, NULL);
  return v != NULL ? v : "";
}

/* One side of a register conflict in words: "roads offered it to parks". */
static char *
register_words (JsonArray  *timeline,
                JsonObject *head)
{
  const char *value = json_object_get_string_member_with_default (head, "value", "");
  const char *actor = json_object_get_string_member_with_default (head, "actor", "");
  g_auto(GStrv) parts = g_strsplit (value, " ", 2);
  JsonObject *event = parts[0] != NULL && parts[1] != NULL ? event_in (timeline, parts[1]) : NULL;
  const char *what = parts[0] != NULL ? parts[0] : "";

  if (g_str_equal (what, "offer"))
    /* Translators: "roads offered it to parks" (teams or offices) */
    return g_strdup_printf (_("%s offered it to %s"), body_text (event, "from_team", "from_office"),
                            body_text (event, "to_team", "to_office"));
  if (g_str_equal (what, "accept"))
    return g_strdup_printf (_("%s accepted the offer"), actor);
  if (g_str_equal (what, "decline"))
    return g_strdup_printf (_("%s declined the offer"), actor);
  if (g_str_equal (what, "withdraw"))
    return g_strdup_printf (_("%s withdrew the offer"), actor);
  if (g_str_equal (what, "amend"))
    return g_strdup_printf (_("%s amended it: %s"), actor, body_text (event, "reason", NULL));
  if (g_str_equal (what, "retract"))
    return g_strdup_printf (_("%s retracted it: %s"), actor, body_text (event, "reason", NULL));
  return g_strdup_printf (_("%s recorded it"), actor);
}

/* The reason the event behind a register value gives, or NULL. */
static char *
head_reason (JsonArray  *timeline,
             JsonObject *head)
{
  const char *value = json_object_get_string_member_with_default (head, "value", "");
  const char *id = strchr (value, ' ');
  const char *reason = id != NULL ? body_text (event_in (timeline, id + 1), "reason", NULL) : "";

  return *reason != '\0' ? g_strdup (reason) : NULL;
}

typedef struct
{
  char *words[2];
  char *devices[2];
  char *reasons[2];
} Sides;

static void
sides_free (Sides *s)
{
  for (guint i = 0; i < 2; i++)
    {
      g_free (s->words[i]);
      g_free (s->devices[i]);
      g_free (s->reasons[i]);
    }
  g_free (s);
}

static char *
device_name (GovReplica *replica,
             const char *author)
{
  g_autofree char *prefixed = NULL;
  char *name;

  if (author == NULL)
    return NULL;
  name = gov_ledger_dup_device_short_id (gov_replica_get_ledger (replica), author);
  if (name == NULL && !g_str_has_prefix (author, "b64:"))
    {
      prefixed = g_strconcat ("b64:", author, NULL);
      name = gov_ledger_dup_device_short_id (gov_replica_get_ledger (replica), prefixed);
    }
  return name;
}

/* Reads the devices, and for registers the events the values name. */
static void
sides_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GovConflictDialog *self = source_object;
  Sides *sides = g_new0 (Sides, 1);
  g_autoptr(JsonNode) detail = NULL;
  JsonArray *timeline = NULL;

  if (kind_of (self->field) != KIND_FIELD &&
      (detail = gov_case_get_detail (self->replica, self->case_id, NULL)) != NULL)
    timeline = json_object_get_array_member (json_node_get_object (detail), "timeline");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *head = json_array_get_object_element (self->heads, i);

      sides->devices[i] = device_name (self->replica,
                                       json_object_get_string_member_with_default (head, "author",
                                                                                   NULL));
      sides->words[i] = kind_of (self->field) == KIND_FIELD
        ? g_strdup (json_object_get_string_member_with_default (head, "value", NULL))
        : register_words (timeline, head);
      sides->reasons[i] = g_strdup (json_object_get_string_member_with_default (head, "reason",
                                                                                NULL));
      if (sides->reasons[i] == NULL && timeline != NULL)
        sides->reasons[i] = head_reason (timeline, head);
    }
  g_task_return_pointer (task, sides, (GDestroyNotify) sides_free);
}

/* The title, the sentence above the cards and the two choices. */
static void
set_texts (GovConflictDialog *self,
           Sides             *sides)
{
  Kind kind = kind_of (self->field);
  gboolean offers = kind == KIND_HANDOVER && g_str_has_prefix (self->values[0], "offer ") &&
                    g_str_has_prefix (self->values[1], "offer ");
  GtkWidget *intro = gtk_widget_get_prev_sibling (GTK_WIDGET (self->cards_box));
  g_autofree char *sentence = NULL;

  if (kind == KIND_FIELD)
    return;
  adw_window_title_set_title (self->window_title,
                              offers ? _("Two Handover Offers")
                              : kind == KIND_HANDOVER ? _("Two Answers to a Handover")
                              : _("Two Amendments"));
  adw_window_title_set_subtitle (self->window_title,
                                 kind == KIND_HANDOVER ? _("Handover") : _("Decision"));
  /* Translators: "roads offered it to parks; central offered it to harbour. Choose…" */
  sentence = g_strdup_printf (offers ? _("%s; %s. Choose which offer stands.")
                              : kind == KIND_HANDOVER ? _("%s; %s. Choose what stands.")
                              : _("%s; %s. Choose which amendment stands."),
                              sides->words[0], sides->words[1]);
  if (GTK_IS_LABEL (intro))
    gtk_label_set_text (GTK_LABEL (intro), sentence);
  gtk_check_button_set_label (self->first_check, offers ? _("Keep the _first offer")
                                                        : _("Keep the _first"));
  gtk_check_button_set_label (self->second_check, offers ? _("Keep the _second offer")
                                                         : _("Keep the _second"));
  /* A register holds events, not text: there is no new value to type. */
  gtk_widget_set_visible (GTK_WIDGET (self->new_check), FALSE);
}

static void
sides_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GovConflictDialog *self = GOV_CONFLICT_DIALOG (object);
  Sides *sides = g_task_propagate_pointer (G_TASK (result), NULL);
  const char *headings[] = { N_("First Value"), N_("Second Value") };
  const char *offer_headings[] = { N_("First Offer"), N_("Second Offer") };
  gboolean handover = kind_of (self->field) == KIND_HANDOVER;

  if (sides == NULL)
    return;
  set_texts (self, sides);
  for (guint i = 0; i < 2; i++)
    gtk_flow_box_append (self->cards_box,
                         card_new (handover ? _(offer_headings[i]) : _(headings[i]),
                                   json_array_get_object_element (self->heads, i),
                                   sides->words[i], sides->devices[i], sides->reasons[i]));
  sides_free (sides);
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

/* Resolving through the acts themselves ---------------------------------------- */

static const char *
reason_or_default (Resolution *r)
{
  return r->reason != NULL && *r->reason != '\0' ? r->reason
                                                 : _("Chosen when resolving the conflict");
}

/* Two offers: the other one is withdrawn. An accept against a withdraw:
 * the core's handover resolution lets the chosen one stand. */
static gboolean
resolve_handover (GovReplica  *replica,
                  Resolution  *r,
                  GError     **error)
{
  g_auto(GStrv) mine = g_strsplit (r->value, " ", 2);
  g_auto(GStrv) other = g_strsplit (r->other != NULL ? r->other : "", " ", 2);

  if (mine[0] == NULL || mine[1] == NULL || other[0] == NULL || other[1] == NULL)
    return gov_case_resolve_conflict (replica, r->case_id, r->field, r->value, error);
  if (g_str_equal (mine[0], "offer") && g_str_equal (other[0], "offer"))
    return gov_handover_withdraw (replica, r->case_id, other[1], error);
  if (g_str_equal (mine[1], other[1]) &&
      (g_str_equal (mine[0], "accept") || g_str_equal (mine[0], "withdraw")))
    return gov_handover_resolve (replica, r->case_id, mine[1], g_str_equal (mine[0], "accept"),
                                 reason_or_default (r), error);
  return gov_case_resolve_conflict (replica, r->case_id, r->field, r->value, error);
}

/* Two amendments: the chosen one is written again, after both, so that
 * its content stands; if the decision already reads so, only the conflict
 * is closed. */
static gboolean
resolve_decision (GovReplica  *replica,
                  Resolution  *r,
                  GError     **error)
{
  g_autoptr(JsonNode) detail = gov_case_get_detail (replica, r->case_id, error);
  const char *id = strchr (r->value, ' ');
  JsonObject *event = NULL;
  JsonObject *body, *lb;
  g_autoptr(GStrvBuilder) facts = g_strv_builder_new ();
  g_auto(GStrv) fact_ids = NULL;
  GovDecisionInput in = { 0 };
  g_autoptr(GError) refused = NULL;

  if (detail == NULL)
    return FALSE;
  if (id != NULL)
    event = event_in (json_object_get_array_member (json_node_get_object (detail), "timeline"),
                      id + 1);
  body = event != NULL && json_object_has_member (event, "body")
           ? json_object_get_object_member (event, "body") : NULL;
  if (body == NULL || !g_str_has_prefix (r->value, "amend "))
    return gov_case_resolve_conflict (replica, r->case_id, r->field, r->value, error);
  lb = json_object_has_member (body, "legal_basis")
         ? json_object_get_object_member (body, "legal_basis") : NULL;
  in.decision_type = json_object_get_string_member_with_default (body, "decision_type", NULL);
  in.mandate = json_object_get_string_member_with_default (body, "mandate", NULL);
  in.rationale = json_object_get_string_member_with_default (body, "rationale", NULL);
  in.effect_date = json_object_get_string_member_with_default (body, "effect_date", NULL);
  if (lb != NULL)
    {
      in.legal_basis.law = json_object_get_string_member_with_default (lb, "law", NULL);
      in.legal_basis.article = json_object_get_string_member_with_default (lb, "article", NULL);
      in.legal_basis.paragraph = json_object_get_string_member_with_default (lb, "paragraph",
                                                                             NULL);
      in.legal_basis.version = json_object_get_string_member_with_default (lb, "version", NULL);
    }
  if (json_object_has_member (body, "facts"))
    {
      JsonArray *a = json_object_get_array_member (body, "facts");

      for (guint i = 0; i < json_array_get_length (a); i++)
        g_strv_builder_add (facts, json_array_get_string_element (a, i));
      fact_ids = g_strv_builder_end (facts);
      in.facts = (const char * const *) fact_ids;
    }
  if (gov_decision_amend (replica, r->field + strlen (GOV_RESP_REGISTER_DECISION), &in,
                          reason_or_default (r), &refused))
    return TRUE;
  return gov_case_resolve_conflict (replica, r->case_id, r->field, r->value, error);
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
  gboolean ok;

  switch (kind_of (r->field))
    {
    case KIND_HANDOVER:
      ok = resolve_handover (self->replica, r, &error);
      break;
    case KIND_DECISION:
      ok = resolve_decision (self->replica, r, &error);
      break;
    default:
      ok = gov_case_resolve_conflict (self->replica, r->case_id, r->field, r->value, &error);
    }
  if (!ok)
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
  r->other = g_strdup (g_strcmp0 (r->value, self->values[0]) == 0 ? self->values[1]
                                                                  : self->values[0]);
  r->reason = g_strdup (note);
  /* Registers hold event ids: the note names the choice by its card. */
  if (*note != '\0' && kind_of (self->field) == KIND_FIELD)
    /* Translators: an internal note written when a conflict is resolved. */
    r->note = g_strdup_printf (_("Chose “%s” for %s: %s"), r->value, self->field_label, note);
  else if (*note != '\0')
    r->note = g_strdup_printf (_("Resolved the conflict: %s"), note);

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
  g_clear_pointer (&self->heads, json_array_unref);

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
  g_autoptr(GTask) task = NULL;

  g_return_val_if_fail (json_array_get_length (heads) >= 2, self);

  self->replica = gov_replica_ref (replica);
  self->case_id = g_strdup (case_id);
  self->field = g_strdup (field);
  self->field_label = g_strdup (field_label);
  self->heads = json_array_ref (heads);
  adw_window_title_set_subtitle (self->window_title, field_label);
  for (guint i = 0; i < 2; i++)
    self->values[i] = g_strdup (json_object_get_string_member_with_default (
                                  json_array_get_object_element (heads, i), "value", NULL));
  /* The cards follow once the devices (and events) are read. */
  task = g_task_new (self, self->cancellable, sides_cb, NULL);
  g_task_set_source_tag (task, gov_conflict_dialog_new);
  g_task_run_in_thread (task, sides_thread);
  gtk_widget_grab_focus (GTK_WIDGET (self->first_check));
  return self;
}
