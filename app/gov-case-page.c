/* gov-case-page.c: one case, its Overview and History (UX.md §3 "Case page")
 *
 * The page reads the case on a worker thread (gov_case_get_detail()) and
 * writes every edit there too: one edit is one event, on Enter or a button,
 * never per keystroke. Status changes and reassignments ask for a reason;
 * reversible edits are saved at once and offer Undo in a toast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-case.h"
#include "gov-case-model.h"
#include "gov-case-page.h"
#include "gov-a11y.h"
#include "gov-case-query.h"
#include "gov-case-resp.h"
#include "gov-conflict-dialog.h"
#include "gov-status-chip.h"

struct _GovCasePage
{
  GtkWidget             parent_instance;

  AdwViewStack         *view_stack;
  GtkLabel             *number_label;
  GtkLabel             *title_label;
  GtkBox               *chips_box;
  GtkButton            *close_button;
  AdwPreferencesGroup  *fields_group;
  AdwComboRow          *status_row;
  GtkTextView          *note_view;
  GtkCheckButton       *citizen_check;
  GtkListBox           *notes_list;
  GtkListBox           *correspondence_list;
  GtkListView          *history_view;
  GtkDropDown          *history_filter;
  GtkLabel             *history_empty;
  GtkMenuButton        *case_menu_button;
  GtkRevealer          *banner_revealer;
  GtkLabel             *banner_label;

  GovReplica           *replica;
  char                 *case_id;
  char                 *office_name;
  JsonNode             *detail;
  GPtrArray            *field_rows;
  GtkStringList        *history;
  GtkStringList        *filter_labels;
  char                 *history_field;   /* "Show History" of one field, or NULL */
  char                 *owner_name;      /* set while another office owns the case */
  GCancellable         *cancellable;
  gboolean              updating;
  gboolean              read_only;
};

G_DEFINE_FINAL_TYPE (GovCasePage, gov_case_page, GTK_TYPE_WIDGET)

enum {
  LOADED,
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The statuses a person can pick; closing has its own dialog. */
static const char *const statuses[] = { "new", "open", "in_progress", "waiting", NULL };

typedef enum
{
  WRITE_FIELD,
  WRITE_ASSIGN,
  WRITE_NOTE,
  WRITE_RETRACT,
  WRITE_CLOSE,
} WriteKind;

/* The History filter, in drop-down order; FILTER_FIELD is the extra entry
 * "Show History" adds for one field. */
typedef enum
{
  FILTER_ALL,
  FILTER_FIELDS,
  FILTER_NOTES,
  FILTER_HANDOVERS,
  FILTER_DECISIONS,
  FILTER_CLOCK,
  FILTER_FIELD,
} HistoryFilter;

typedef struct
{
  WriteKind  kind;
  char      *case_id;
  char      *field;
  char      *value;
  char      *old_value;
  char      *reason;
  gboolean   flag;
  gboolean   undo;      /* reverses an earlier write: no Undo of its own */
  char      *note_id;   /* out: the note a WRITE_NOTE added */
} Write;

static Write *write_async (GovCasePage *self, WriteKind kind, const char *field,
                           const char *value, const char *old_value, const char *reason,
                           gboolean flag);

static void update_actions (GovCasePage *self);

static void
write_free (Write *w)
{
  g_free (w->case_id);
  g_free (w->field);
  g_free (w->value);
  g_free (w->old_value);
  g_free (w->reason);
  g_free (w->note_id);
  g_free (w);
}

static void
write_closure_free (gpointer  data,
                    GClosure *closure)
{
  write_free (data);
}

/* Words ------------------------------------------------------------------- */

static const char *
field_label (const char *field)
{
  static const struct { const char *field, *label; } labels[] = {
    { "title", N_("Subject") }, { "description", N_("Description") },
    { "domain", N_("Domain") }, { "category", N_("Category") }, { "channel", N_("Channel") },
    { "location", N_("Location") }, { "requester", N_("Requester") },
    { "status", N_("Status") }, { "assignee", N_("Assignee") }, { "team", N_("Team") },
    { "due", N_("Time Limit") }, { "priority", N_("Priority") }, { "outcome", N_("Outcome") },
    { "first_contact", N_("Resolved at First Contact") }, { "handover", N_("Handover") },
    { "case_type", N_("Case Type") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].field, field) == 0)
      return _(labels[i].label);
  /* A decision's register is "decision:" and its id, which is not for people. */
  if (field != NULL && g_str_has_prefix (field, "decision:"))
    return _("Decision");
  return field;
}

static const char *
value_words (const char *field,
             const char *value)
{
  const char *label;

  if (value == NULL)
    return _("nothing");
  if (g_strcmp0 (field, "status") == 0)
    return gov_case_status_label (value);
  label = gov_case_catalogue_label (value);
  return label != NULL ? _(label) : value;
}

static const char *
channel_words (const char *channel)
{
  static const struct { const char *id, *label; } channels[] = {
    { "counter", N_("Counter") }, { "phone", N_("Phone") }, { "email", N_("E-mail") },
    { "web", N_("Portal") }, { "on_site", N_("On Site") }, { "letter", N_("Letter") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    if (g_strcmp0 (channels[i].id, channel) == 0)
      return _(channels[i].label);
  return channel;
}

static const char *
str_member (JsonObject *o,
            const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

/* History ----------------------------------------------------------------- */

/* Handovers, decisions and the clock, in words. */
static char *
resp_event_words (const char *type,
                  JsonObject *body,
                  const char *who)
{
  static const struct { const char *type, *words; } simple[] = {
    /* Translators: History rows; %s is who did it. */
    { "handover.accept", N_("%s accepted the handover") },
    { "handover.decline", N_("%s declined the handover") },
    { "handover.withdraw", N_("%s withdrew the handover offer") },
    { "handover.resolve", N_("%s settled competing handovers") },
    { "decision.record", N_("%s recorded a decision") },
    { "decision.amend", N_("%s amended a decision") },
    { "decision.retract", N_("%s retracted a decision") },
    { "decision.approve", N_("%s approved a decision") },
    { "case.type", N_("%s set the case type, which starts the clock") },
    { "clock.resume", N_("%s resumed the clock") },
  };
  const char *date = body != NULL ? str_member (body, "date") : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (simple); i++)
    if (g_strcmp0 (type, simple[i].type) == 0)
      return g_strdup_printf (_(simple[i].words), who);
  if (g_strcmp0 (type, "handover.offer") == 0)
    {
      const char *to = str_member (body, "to_team") ?: str_member (body, "to_office_name");

      return to != NULL ? g_strdup_printf (_("%s offered the case to %s"), who, to)
                        : g_strdup_printf (_("%s offered the case to another office"), who);
    }
  if (g_strcmp0 (type, "clock.pause") == 0)
    /* Translators: "Ana Ruiz paused the clock from 2024-05-09". */
    return g_strdup_printf (_("%s paused the clock from %s"), who, date);
  if (g_strcmp0 (type, "clock.extend") == 0)
    {
      gint64 days = json_object_get_int_member_with_default (body, "days", 0);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s extended the time limit by %d day",
                                           "%s extended the time limit by %d days", days),
                              who, (int) days);
    }
  return g_strdup_printf (_("%s made a change (%s)"), who, type);
}

static HistoryFilter
event_filter (const char *type)
{
  if (g_str_has_prefix (type, "note.") || g_str_has_prefix (type, "correspondence."))
    return FILTER_NOTES;
  if (g_str_has_prefix (type, "handover."))
    return FILTER_HANDOVERS;
  if (g_str_has_prefix (type, "decision."))
    return FILTER_DECISIONS;
  if (g_str_has_prefix (type, "clock.") || g_strcmp0 (type, "case.type") == 0)
    return FILTER_CLOCK;
  return FILTER_FIELDS;
}

/* Whether @entry changed @field: "Show History" of that field's row. */
static gboolean
event_touches_field (JsonObject *entry,
                     const char *field)
{
  const char *type = str_member (entry, "type");
  JsonObject *body = json_object_get_object_member (entry, "body");

  if (g_strcmp0 (type, "field.set") == 0 || g_strcmp0 (type, "conflict.resolve") == 0)
    return g_strcmp0 (str_member (body, "field"), field) == 0;
  if (g_strcmp0 (type, "assign.set") == 0)
    return g_strcmp0 (field, "assignee") == 0;
  if (g_strcmp0 (type, "case.close") == 0)
    return g_strcmp0 (field, "status") == 0;
  if (g_strcmp0 (type, "case.create") == 0)
    return g_strcmp0 (field, "status") == 0 || json_object_has_member (body, field);
  return FALSE;
}

static gboolean
history_shows (GovCasePage *self,
               JsonObject  *entry)
{
  guint filter = gtk_drop_down_get_selected (self->history_filter);

  if (filter == FILTER_FIELD)
    return event_touches_field (entry, self->history_field);
  return filter == FILTER_ALL || filter == GTK_INVALID_LIST_POSITION ||
         event_filter (str_member (entry, "type")) == filter;
}

static char *
event_words (JsonObject *entry,
             GHashTable *last_values)
{
  const char *type = str_member (entry, "type");
  const char *actor = str_member (entry, "actor");
  JsonObject *body = json_object_get_object_member (entry, "body");
  const char *who = actor != NULL ? actor : _("Someone");

  if (g_strcmp0 (type, "case.create") == 0)
    return g_strdup_printf (_("%s opened the case"), who);
  if (g_strcmp0 (type, "field.set") == 0 || g_strcmp0 (type, "conflict.resolve") == 0)
    {
      const char *field = str_member (body, "field");
      const char *value = str_member (body, "value");
      g_autofree char *from = g_strdup (g_hash_table_lookup (last_values, field));
      char *text;

      g_hash_table_insert (last_values, g_strdup (field), g_strdup (value));
      if (g_strcmp0 (type, "conflict.resolve") == 0)
        /* Translators: "Ana Ruiz chose Quay 14 for Location". */
        return g_strdup_printf (_("%s chose %s for %s"), who, value_words (field, value),
                                field_label (field));
      if (from == NULL)
        return g_strdup_printf (_("%s set %s to %s"), who, field_label (field),
                                value_words (field, value));
      /* Translators: "Ana Ruiz changed Category from Noise to Construction noise". */
      text = g_strdup_printf (_("%s changed %s from %s to %s"), who, field_label (field),
                              value_words (field, from), value_words (field, value));
      return text;
    }
  if (g_strcmp0 (type, "assign.set") == 0)
    {
      const char *assignee = str_member (body, "assignee");

      return assignee != NULL ? g_strdup_printf (_("%s assigned the case to %s"), who, assignee)
                              : g_strdup_printf (_("%s unassigned the case"), who);
    }
  if (g_strcmp0 (type, "note.add") == 0)
    return g_strcmp0 (str_member (body, "visibility"), "citizen") == 0
             ? g_strdup_printf (_("%s added a note for the citizen"), who)
             : g_strdup_printf (_("%s added an internal note"), who);
  if (g_strcmp0 (type, "correspondence.add") == 0)
    return g_strdup_printf (_("%s logged correspondence: %s"), who,
                            str_member (body, "subject"));
  if (g_strcmp0 (type, "note.retract") == 0)
    return g_strdup_printf (_("%s took back a note"), who);
  if (g_strcmp0 (type, "case.close") == 0)
    return g_strdup_printf (_("%s closed the case"), who);
  return resp_event_words (type, body, who);
}

/* Entries are "what\x1fwhy\x1fmeta" in a GtkStringList: the list view only
 * ever shows them. */
static void
fill_history (GovCasePage *self)
{
  JsonArray *timeline = self->detail != NULL
    ? json_object_get_array_member (json_node_get_object (self->detail), "timeline") : NULL;
  g_autoptr(GHashTable) last_values = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                             g_free, g_free);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; timeline != NULL && i < json_array_get_length (timeline); i++)
    {
      JsonObject *entry = json_array_get_object_element (timeline, i);
      JsonObject *body = json_object_get_object_member (entry, "body");
      /* Words for every event, so that "from" values stay right when filtered. */
      g_autofree char *what = event_words (entry, last_values);
      const char *why = body != NULL ? str_member (body, "reason") : NULL;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (
        json_object_get_int_member (entry, "hlc_ms") / 1000);
      /* Translators: date and time in History, g_date_time_format() format. */
      g_autofree char *when_text = g_date_time_format (when, _("%-d %B %Y, %H:%M"));
      const char *device = str_member (entry, "device");
      const char *office = str_member (entry, "office");
      g_autofree char *meta = NULL;

      if (!history_shows (self, entry))
        continue;
      /* Translators: under a History row: who · office · device · date and time. */
      meta = g_strdup_printf (_("%s · %s · %s · %s"), str_member (entry, "actor") ?: "",
                              office != NULL ? office : self->office_name ?: "",
                              device != NULL ? device : "", when_text);
      g_ptr_array_add (items, g_strdup_printf ("%s\x1f%s\x1f%s", what, why != NULL ? why : "",
                                               meta));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_empty), items->len == 0);

  /* Newest first. */
  {
    g_autoptr(GPtrArray) reversed = g_ptr_array_new ();

    for (guint i = items->len; i > 0; i--)
      g_ptr_array_add (reversed, g_ptr_array_index (items, i - 1));
    g_ptr_array_add (reversed, NULL);
    gtk_string_list_splice (self->history, 0,
                            g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                            (const char * const *) reversed->pdata);
  }
}

static void
history_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

  for (guint i = 0; i < 3; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      if (i == 2)
        {
          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "dim-label");
        }
      gtk_box_append (GTK_BOX (box), label);
    }
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_item_set_child (item, box);
}

static void
history_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));
  g_auto(GStrv) parts = g_strsplit (text, "\x1f", 3);
  GtkWidget *label = gtk_widget_get_first_child (gtk_list_item_get_child (item));

  for (guint i = 0; i < 3 && label != NULL; i++, label = gtk_widget_get_next_sibling (label))
    {
      const char *part = parts[0] != NULL && i < g_strv_length (parts) ? parts[i] : "";

      gtk_label_set_text (GTK_LABEL (label), part);
      gtk_widget_set_visible (label, *part != '\0');
    }
}

/* Overview ---------------------------------------------------------------- */

/* gtk_*_remove_all() arrived in GTK 4.12. */
static void
remove_children (GtkWidget *container,
                 void     (*remove) (GtkWidget *, GtkWidget *))
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    remove (container, child);
}

static void
box_remove (GtkWidget *box,
            GtkWidget *child)
{
  gtk_box_remove (GTK_BOX (box), child);
}

static void
list_box_remove (GtkWidget *box,
                 GtkWidget *child)
{
  gtk_list_box_remove (GTK_LIST_BOX (box), child);
}

static JsonObject *
find_field (GovCasePage *self,
            const char  *field)
{
  JsonArray *fields = json_object_get_array_member (json_node_get_object (self->detail), "fields");

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);

      if (g_strcmp0 (str_member (f, "field"), field) == 0)
        return f;
    }
  return NULL;
}

static gboolean
field_in_conflict (GovCasePage *self,
                   const char  *field)
{
  JsonObject *f = find_field (self, field);

  return f != NULL && json_object_get_int_member_with_default (f, "conflict", 0) != 0;
}

static void
add_field_row (GovCasePage *self,
               GtkWidget   *row)
{
  adw_preferences_group_add (self->fields_group, row);
  g_ptr_array_add (self->field_rows, row);
}

static void
resolved_cb (GovCasePage *self)
{
  AdwToast *toast = adw_toast_new (_("Conflict resolved"));

  g_signal_emit (self, signals[TOAST], 0, toast);
  gov_case_page_reload (self);
}

static void
resolve_field (GovCasePage *self,
               const char  *field)
{
  JsonObject *f = find_field (self, field);
  GovConflictDialog *dialog;

  g_return_if_fail (f != NULL);
  dialog = gov_conflict_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                    self->replica, self->case_id, field, field_label (field),
                                    json_object_get_array_member (f, "heads"));
  g_signal_connect_object (dialog, "resolved", G_CALLBACK (resolved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resolve_clicked_cb (GtkButton   *button,
                    GovCasePage *self)
{
  resolve_field (self, g_object_get_data (G_OBJECT (button), "field"));
}

static void
show_history_clicked_cb (GtkButton   *button,
                         GovCasePage *self)
{
  gov_case_page_show_field_history (self, g_object_get_data (G_OBJECT (button), "field"));
}

/* Each editable field's row ends in "Show History" (UX.md §3). */
static void
add_history_button (GovCasePage  *self,
                    AdwActionRow *row,
                    const char   *field)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-open-recent-symbolic");
  /* Translators: accessible name of a field's history button, e.g. "Show History of Location". */
  g_autofree char *name = g_strdup_printf (_("Show History of %s"), field_label (field));

  gtk_widget_set_tooltip_text (button, _("Show History"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "field", g_strdup (field), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (show_history_clicked_cb), self);
  adw_action_row_add_suffix (row, button);
}

static GtkWidget *
conflict_row_new (GovCasePage *self,
                  const char  *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve…"));
  GtkWidget *chip = gov_status_chip_new ();
  /* Translators: accessible name of the Resolve… button of one field. */
  g_autofree char *name = g_strdup_printf (_("Resolve %s"), field_label (field));

  gov_status_chip_set (GOV_STATUS_CHIP (chip), GOV_STATUS_CHIP_CONFLICT, _("Conflict"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (field));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Two values — choose one"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gov_a11y_set_label (button, name);
  g_object_set_data_full (G_OBJECT (button), "field", g_strdup (field), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (resolve_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chip);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  add_history_button (self, ADW_ACTION_ROW (row), field);
  return row;
}

static void
info_row (GovCasePage *self,
          const char  *title,
          const char  *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value != NULL && *value ? value : _("None"));
  gtk_widget_add_css_class (row, "property");
  add_field_row (self, row);
}

/* Reason dialogs ------------------------------------------------------------ */

typedef struct
{
  GovCasePage *page;
  WriteKind    kind;
  char        *field;
  char        *value;
  char        *old_value;
  GtkWidget   *entry;
} ReasonRequest;

static void
reason_request_free (gpointer  data,
                     GClosure *closure)
{
  ReasonRequest *r = data;

  g_object_unref (r->page);
  g_free (r->field);
  g_free (r->value);
  g_free (r->old_value);
  g_free (r);
}

static void
reason_changed_cb (GtkEditable      *entry,
                   AdwMessageDialog *dialog)
{
  adw_message_dialog_set_response_enabled (dialog, "apply",
                                           *gtk_editable_get_text (entry) != '\0');
}

static void
reason_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ReasonRequest    *r)
{
  if (g_strcmp0 (response, "apply") == 0)
    write_async (r->page, r->kind, r->field, r->value, r->old_value,
                 gtk_editable_get_text (GTK_EDITABLE (r->entry)), FALSE);
  else
    gov_case_page_reload (r->page);   /* puts the old value back in the row */
}

static void
ask_reason (GovCasePage *self,
            WriteKind    kind,
            const char  *field,
            const char  *value,
            const char  *old_value,
            const char  *heading,
            const char  *apply_label)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                              heading,
                                              _("Write why, so that colleagues see it in History."));
  ReasonRequest *r = g_new0 (ReasonRequest, 1);

  r->page = g_object_ref (self);
  r->kind = kind;
  r->field = g_strdup (field);
  r->value = g_strdup (value);
  r->old_value = g_strdup (old_value);
  r->entry = gtk_entry_new ();
  gtk_entry_set_activates_default (GTK_ENTRY (r->entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_entry_set_placeholder_text (GTK_ENTRY (r->entry), _("Reason"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), r->entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"), "apply", apply_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "apply",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "apply", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "apply");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (r->entry, "changed", G_CALLBACK (reason_changed_cb), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (reason_response_cb), r,
                         reason_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Editable rows ------------------------------------------------------------ */

static void
entry_activate_cb (GtkEntry    *entry,
                   GovCasePage *self)
{
  const char *field = g_object_get_data (G_OBJECT (entry), "field");
  const char *old_value = g_object_get_data (G_OBJECT (entry), "old-value");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  const char *value = *text != '\0' ? text : NULL;

  if (g_strcmp0 (value, old_value) == 0)
    return;
  if (g_strcmp0 (field, "assignee") == 0)
    ask_reason (self, WRITE_ASSIGN, field, value, old_value, _("Reassign Case?"), _("_Reassign"));
  else
    write_async (self, WRITE_FIELD, field, value, old_value, NULL, FALSE);
}

static void
entry_row (GovCasePage *self,
           const char  *field,
           const char  *value)
{
  GtkWidget *row;
  GtkWidget *entry;

  if (field_in_conflict (self, field))
    {
      add_field_row (self, conflict_row_new (self, field));
      return;
    }

  row = adw_action_row_new ();
  entry = gtk_entry_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field_label (field));
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  /* A small minimum keeps the page usable at 360 px; the entry grows. */
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 4);
  /* A small natural width too, so that the row title is not wrapped. */
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 4);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), g_strcmp0 (field, "assignee") == 0
                                                       ? _("Unassigned") : _("None"));
  gtk_widget_set_tooltip_text (entry, _("Press Enter to save"));
  /* AdwEntryRow announces no focus over AT-SPI on 1.2 (UX.md §3), so the
   * entry carries the row's title as its own name. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  field_label (field), -1);
  g_object_set_data_full (G_OBJECT (entry), "field", g_strdup (field), g_free);
  g_object_set_data_full (G_OBJECT (entry), "old-value", g_strdup (value), g_free);
  g_signal_connect (entry, "activate", G_CALLBACK (entry_activate_cb), self);
  gtk_editable_set_editable (GTK_EDITABLE (entry), !self->read_only);
  g_object_set_data (G_OBJECT (row), "entry", entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), entry);
  add_history_button (self, ADW_ACTION_ROW (row), field);
  add_field_row (self, row);
}

static char *
time_limit_words (GovCasePage *self,
                  JsonObject  *o)
{
  GovCaseSummary *s = g_new0 (GovCaseSummary, 1);
  g_autoptr(GovCaseRow) row = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  int left;

  s->due = g_strdup (str_member (o, "due"));
  s->status = g_strdup (str_member (o, "status"));
  row = gov_case_row_new (s);
  if (s->due == NULL)
    return g_strdup (_("No time limit"));

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  date = gov_case_row_format_due (row);
  left = gov_case_row_days_left (row, &today);
  if (left < 0)
    /* Translators: "Overdue since 12 May 2024 (2 working days)". */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Overdue since %s (%d working day)",
                                         "Overdue since %s (%d working days)", -left), date, -left);
  /* Translators: "14 June 2024 — 3 working days left". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %d working day left",
                                       "%s — %d working days left", left), date, left);
}

static void
fill_chips (GovCasePage *self,
            JsonObject  *o)
{
  GovCaseSummary *s = g_new0 (GovCaseSummary, 1);
  g_autoptr(GovCaseRow) row = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *words = NULL;
  GtkWidget *chip;
  GovStatusChipState state;
  GDate today;

  s->due = g_strdup (str_member (o, "due"));
  s->status = g_strdup (str_member (o, "status"));
  s->conflicts = json_object_get_int_member_with_default (o, "conflicts", 0);
  row = gov_case_row_new (s);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  remove_children (GTK_WIDGET (self->chips_box), box_remove);
  chip = gov_status_chip_new ();
  /* Describe first: the words are an out parameter of the same call. */
  state = gov_case_row_describe (row, &today, &words);
  gov_status_chip_set (GOV_STATUS_CHIP (chip), state, words);
  gtk_box_append (self->chips_box, chip);
  if (s->conflicts == 0 || g_strcmp0 (s->status, "closed") == 0)
    return;
  /* The conflict chip hides the deadline state: show that one too. */
  s->conflicts = 0;
  g_clear_pointer (&words, g_free);
  chip = gov_status_chip_new ();
  state = gov_case_row_describe (row, &today, &words);
  gov_status_chip_set (GOV_STATUS_CHIP (chip), state, words);
  gtk_box_append (self->chips_box, chip);
}

static void
fill_status (GovCasePage *self,
             const char  *status)
{
  gboolean closed = g_strcmp0 (status, "closed") == 0;
  guint selected = 0;

  for (guint i = 0; statuses[i] != NULL; i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      selected = i;
  self->updating = TRUE;
  adw_combo_row_set_selected (self->status_row, selected);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), !closed && !self->read_only);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->status_row),
                               closed ? _("Closed") : "");
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), !closed);
}

static void
fill_fields (GovCasePage *self,
             JsonObject  *o)
{
  const char *domain = str_member (o, "domain");
  const char *category = str_member (o, "category");
  const char *team = str_member (o, "team");
  g_autofree char *what = NULL;
  g_autofree char *routing = NULL;
  g_autofree char *limit = time_limit_words (self, o);

  for (guint i = 0; i < self->field_rows->len; i++)
    adw_preferences_group_remove (self->fields_group, g_ptr_array_index (self->field_rows, i));
  g_ptr_array_set_size (self->field_rows, 0);

  fill_status (self, str_member (o, "status"));
  entry_row (self, "assignee", str_member (o, "assignee"));
  info_row (self, _("Owner Office"), self->owner_name != NULL ? self->owner_name
                                                              : self->office_name);
  info_row (self, _("Team"), team);
  /* Translators: domain · category, e.g. "Waterways · Mooring". */
  what = g_strdup_printf (_("%s · %s"), value_words ("domain", domain),
                          value_words ("category", category));
  info_row (self, _("Domain and Category"), what);
  if (team != NULL)
    /* Translators: how a case was routed: team, then the rule's domain and category. */
    routing = g_strdup_printf (_("Routed to %s — rule: %s, %s"), team,
                               value_words ("domain", domain), value_words ("category", category));
  info_row (self, _("Routing"), routing != NULL ? routing : _("No routing rule matched"));
  info_row (self, _("Time Limit"), limit);
  entry_row (self, "location", str_member (o, "location"));
  entry_row (self, "requester", str_member (o, "requester"));
  info_row (self, _("Channel"), channel_words (str_member (o, "channel")));

  /* Conflicts on fields without a row of their own still need a place. */
  {
    JsonArray *fields = json_object_get_array_member (o, "fields");

    for (guint i = 0; i < json_array_get_length (fields); i++)
      {
        JsonObject *f = json_array_get_object_element (fields, i);
        const char *name = str_member (f, "field");

        if (json_object_get_int_member_with_default (f, "conflict", 0) != 0 &&
            !g_strv_contains ((const char *[]) { "assignee", "location", "requester", NULL }, name))
          add_field_row (self, conflict_row_new (self, name));
      }
  }
}

static GtkWidget *
text_row_new (const char *title,
              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  return row;
}

static void
fill_notes (GovCasePage *self,
            JsonObject  *o)
{
  JsonArray *notes = json_object_get_array_member (o, "notes");
  JsonArray *mail = json_object_get_array_member (o, "correspondence");
  guint n = json_array_get_length (notes);

  remove_children (GTK_WIDGET (self->notes_list), list_box_remove);
  remove_children (GTK_WIDGET (self->correspondence_list), list_box_remove);
  for (guint i = n; i > 0; i--)
    {
      JsonObject *note = json_array_get_object_element (notes, i - 1);
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (
        json_object_get_int_member (note, "hlc_ms") / 1000);
      g_autofree char *when_text = g_date_time_format (when, _("%-d %B %Y, %H:%M"));
      gboolean citizen = g_strcmp0 (str_member (note, "visibility"), "citizen") == 0;
      /* Translators: under a note: who · when · internal or for the citizen. */
      g_autofree char *meta = g_strdup_printf (_("%s · %s · %s"), str_member (note, "actor") ?: "",
                                               when_text,
                                               citizen ? _("For the citizen") : _("Internal"));

      gtk_list_box_append (self->notes_list, text_row_new (str_member (note, "text"), meta));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_list), n > 0);

  for (guint i = 0; i < json_array_get_length (mail); i++)
    {
      JsonObject *m = json_array_get_object_element (mail, i);

      gtk_list_box_append (self->correspondence_list,
                           text_row_new (str_member (m, "subject"), str_member (m, "text")));
    }
  if (json_array_get_length (mail) == 0)
    gtk_list_box_append (self->correspondence_list,
                         text_row_new (_("No correspondence yet"), NULL));
}

static void
fill (GovCasePage *self)
{
  JsonObject *o = json_node_get_object (self->detail);

  gtk_label_set_text (self->number_label, str_member (o, "number"));
  gtk_label_set_text (self->title_label, str_member (o, "title"));
  fill_chips (self, o);
  fill_fields (self, o);
  fill_notes (self, o);
  fill_history (self);
  update_actions (self);
  g_signal_emit (self, signals[LOADED], 0, str_member (o, "number"), str_member (o, "title"));
}

/* Loading ------------------------------------------------------------------ */

static const char *
timeline_reason (JsonArray  *timeline,
                 const char *event_id)
{
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);

      if (g_strcmp0 (str_member (e, "event_id"), event_id) == 0 &&
          json_object_has_member (e, "body") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (e, "body")))
        return str_member (json_object_get_object_member (e, "body"), "reason");
    }
  return NULL;
}

/* An offer to another office names it in words, not by its id. */
static void
name_office (GovReplica *replica,
             JsonObject *entry)
{
  JsonObject *body = json_object_get_object_member (entry, "body");
  const char *to = body != NULL ? str_member (body, "to_office") : NULL;
  g_autofree char *name = NULL;

  if (g_strcmp0 (str_member (entry, "type"), "handover.offer") != 0 || to == NULL)
    return;
  name = gov_case_resp_dup_office_name (replica, to);
  if (name != NULL)
    json_object_set_string_member (body, "to_office_name", name);
}

/* Adds what a person needs to judge a value: the device it came from and
 * the reason given, to the heads and the timeline. */
static void
annotate (GovReplica *replica,
          JsonObject *o,
          const char *office)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  JsonArray *timeline = json_object_get_array_member (o, "timeline");
  JsonArray *fields = json_object_get_array_member (o, "fields");

  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      g_autofree char *device = gov_ledger_dup_device_short_id (ledger, str_member (e, "author"));
      g_autofree char *from = gov_case_resp_dup_author_office (replica, str_member (e, "author"));

      if (device != NULL)
        json_object_set_string_member (e, "device", device);
      if (from != NULL)
        json_object_set_string_member (e, "office", from);
      name_office (replica, e);
    }
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      JsonArray *heads = json_object_get_array_member (f, "heads");

      for (guint j = 0; heads != NULL && j < json_array_get_length (heads); j++)
        {
          JsonObject *h = json_array_get_object_element (heads, j);
          g_autofree char *device = gov_ledger_dup_device_short_id (ledger, str_member (h, "author"));
          const char *reason = timeline_reason (timeline, str_member (h, "event_id"));

          json_object_set_string_member (h, "device", device != NULL ? device : "");
          json_object_set_string_member (h, "office", office);
          if (reason != NULL)
            json_object_set_string_member (h, "reason", reason);
        }
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovCasePage *self = source_object;
  g_autoptr(GError) error = NULL;
  JsonNode *detail = gov_case_get_detail (self->replica, task_data, &error);

  if (detail == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  annotate (self->replica, json_node_get_object (detail), self->office_name);
  g_task_return_pointer (task, detail, (GDestroyNotify) json_node_unref);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GovCasePage *self = GOV_CASE_PAGE (object);
  g_autoptr(GError) error = NULL;
  JsonNode *detail = g_task_propagate_pointer (G_TASK (result), &error);

  if (detail == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[TOAST], 0, adw_toast_new (error->message));
      return;
    }
  /* A newer request may have replaced the case meanwhile. */
  if (g_strcmp0 (g_task_get_task_data (G_TASK (result)), self->case_id) != 0)
    {
      json_node_unref (detail);
      return;
    }
  g_clear_pointer (&self->detail, json_node_unref);
  self->detail = detail;
  fill (self);
}

/* Writing ------------------------------------------------------------------- */

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GovCasePage *self = source_object;
  Write *w = task_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = FALSE;

  switch (w->kind)
    {
    case WRITE_FIELD:
      ok = gov_case_set_field (self->replica, w->case_id, w->field, w->value, w->reason, &error);
      break;
    case WRITE_ASSIGN:
      ok = gov_case_assign (self->replica, w->case_id, w->value, w->reason, &error);
      break;
    case WRITE_NOTE:
      ok = gov_case_add_note_full (self->replica, w->case_id, w->value, w->flag, &w->note_id,
                                   &error);
      break;
    case WRITE_RETRACT:
      ok = gov_case_retract_note (self->replica, w->case_id, w->value, w->reason, &error);
      break;
    case WRITE_CLOSE:
      ok = gov_case_close (self->replica, w->case_id, w->value, w->flag, w->reason, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/* Undo writes a reversing change: the old value again, or a retraction of
 * the note; it never deletes the first event (UX.md "Toasts"). */
static void
undo_cb (AdwToast *toast,
         Write    *w)
{
  GovCasePage *page = g_object_get_data (G_OBJECT (toast), "page");
  Write *undo;

  if (page == NULL || g_strcmp0 (page->case_id, w->case_id) != 0)
    return;
  if (w->kind == WRITE_NOTE)
    undo = write_async (page, WRITE_RETRACT, NULL, w->note_id, NULL, _("Undone"), FALSE);
  else
    undo = write_async (page, w->kind, w->field, w->old_value, w->value, _("Undone"), FALSE);
  undo->undo = TRUE;
}

static char *
toast_title (Write *w)
{
  switch (w->kind)
    {
    case WRITE_FIELD:
      /* Translators: a toast after an edit, e.g. "Status changed to Waiting". */
      return w->value != NULL ? g_strdup_printf (_("%s changed to %s"), field_label (w->field),
                                                  value_words (w->field, w->value))
                              /* Translators: a toast after emptying a field. */
                              : g_strdup_printf (_("%s cleared"), field_label (w->field));
    case WRITE_ASSIGN:
      return w->value != NULL ? g_strdup_printf (_("Assigned to %s"), w->value)
                              : g_strdup (_("Case unassigned"));
    case WRITE_NOTE:
      return g_strdup (_("Note added"));
    case WRITE_RETRACT:
      return g_strdup (_("Note taken back"));
    case WRITE_CLOSE:
      return g_strdup (_("Case closed"));
    default:
      g_assert_not_reached ();
    }
}

static AdwToast *
toast_for_write (GovCasePage *self,
                 Write       *w)
{
  g_autofree char *title = w->undo ? g_strdup (_("Change undone")) : toast_title (w);
  AdwToast *toast = adw_toast_new (title);
  Write *copy;

  if (w->undo || w->kind == WRITE_CLOSE || w->kind == WRITE_RETRACT ||
      (w->kind == WRITE_NOTE && w->note_id == NULL))
    return toast;
  copy = g_new0 (Write, 1);
  *copy = (Write) { w->kind, g_strdup (w->case_id), g_strdup (w->field), g_strdup (w->value),
                    g_strdup (w->old_value), NULL, FALSE, FALSE, g_strdup (w->note_id) };
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "page", g_object_ref (self), g_object_unref);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_cb), copy,
                         write_closure_free, 0);
  return toast;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GovCasePage *self = GOV_CASE_PAGE (object);
  g_autoptr(GError) error = NULL;
  Write *w = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[TOAST], 0, adw_toast_new (error->message));
      gov_case_page_reload (self);
      return;
    }

  if (w->kind == WRITE_NOTE)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), "", -1);
  g_signal_emit (self, signals[TOAST], 0, toast_for_write (self, w));
  gov_case_page_reload (self);
}

static Write *
write_async (GovCasePage *self,
             WriteKind    kind,
             const char  *field,
             const char  *value,
             const char  *old_value,
             const char  *reason,
             gboolean     flag)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, write_cb, NULL);
  Write *w = g_new0 (Write, 1);

  *w = (Write) { kind, g_strdup (self->case_id), g_strdup (field), g_strdup (value),
                 g_strdup (old_value), g_strdup (reason), flag, FALSE, NULL };
  g_task_set_source_tag (task, write_async);
  g_task_set_task_data (task, w, (GDestroyNotify) write_free);
  g_task_run_in_thread (task, write_thread);
  return w;   /* owned by the task */
}

/* Callbacks ----------------------------------------------------------------- */

static void
status_selected_cb (GovCasePage *self)
{
  guint i = adw_combo_row_get_selected (self->status_row);
  const char *old = self->detail != NULL
                      ? str_member (json_node_get_object (self->detail), "status") : NULL;

  if (self->updating || self->detail == NULL || i >= g_strv_length ((char **) statuses) ||
      g_strcmp0 (statuses[i], old) == 0)
    return;
  ask_reason (self, WRITE_FIELD, "status", statuses[i], old, _("Change Status?"),
              _("C_hange Status"));
}

static void
add_note_cb (GovCasePage *self)
{
  gov_case_page_add_note (self);
}

typedef struct
{
  GovCasePage *page;
  GtkWidget   *outcome;
  GtkWidget   *reason;
} CloseRequest;

static void
close_request_free (gpointer  data,
                    GClosure *closure)
{
  CloseRequest *r = data;

  g_object_unref (r->page);
  g_free (r);
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CloseRequest     *r)
{
  static const char *const outcomes[] = { "resolved", "resolved", "rejected", "withdrawn" };
  guint i = r->outcome != NULL ? gtk_drop_down_get_selected (GTK_DROP_DOWN (r->outcome)) : 0;

  if (g_strcmp0 (response, "close") == 0 && r->outcome != NULL && i < G_N_ELEMENTS (outcomes))
    write_async (r->page, WRITE_CLOSE, NULL, outcomes[i], NULL,
                 gtk_editable_get_text (GTK_EDITABLE (r->reason)), i == 1);
  else if (g_strcmp0 (response, "resolve") == 0)
    {
      JsonArray *fields = json_object_get_array_member (json_node_get_object (r->page->detail),
                                                        "fields");

      for (guint j = 0; j < json_array_get_length (fields); j++)
        {
          JsonObject *f = json_array_get_object_element (fields, j);

          if (json_object_get_int_member_with_default (f, "conflict", 0) != 0)
            {
              resolve_field (r->page, str_member (f, "field"));
              break;
            }
        }
    }
}

static void
close_clicked_cb (GovCasePage *self)
{
  gov_case_page_close_case (self);
}

/* Case Menu ------------------------------------------------------------------ */

static gboolean
has_case_type (GovCasePage *self)
{
  JsonArray *timeline = json_object_get_array_member (json_node_get_object (self->detail),
                                                      "timeline");

  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      JsonObject *body = json_object_get_object_member (e, "body");

      if (g_strcmp0 (str_member (e, "type"), "case.type") == 0 ||
          (body != NULL && json_object_has_member (body, "case_type")))
        return TRUE;
    }
  return FALSE;
}

static void
add_reason (GMenu      *reasons,
            const char *text)
{
  /* An action nobody installed: the item shows, insensitive, and is read. */
  g_menu_append (reasons, text, "case.why-not");
}

/* Enables what the case allows; the Case Menu itself is built when it
 * opens, so that what is disabled says why (closed, another office's, in
 * transit, no case type) and no popover waits in the tree meanwhile. */
static void
update_actions (GovCasePage *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  JsonObject *o = self->detail != NULL ? json_node_get_object (self->detail) : NULL;
  gboolean loaded = o != NULL;
  gboolean closed = loaded && g_strcmp0 (str_member (o, "status"), "closed") == 0;
  gboolean act = loaded && !closed && !self->read_only;

  gtk_widget_action_set_enabled (w, "case.add-note", loaded && !closed);
  gtk_widget_action_set_enabled (w, "case.hand-over", act && !gov_case_resp_in_transit (w));
  gtk_widget_action_set_enabled (w, "case.record-decision", act);
  gtk_widget_action_set_enabled (w, "case.pause-clock", act && has_case_type (self));
  gtk_widget_action_set_enabled (w, "case.copy-number", loaded);
  gtk_widget_action_set_enabled (w, "case.close", act);
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), act);
}

static GMenuModel *
case_menu_new (GovCasePage *self)
{
  JsonObject *o = self->detail != NULL ? json_node_get_object (self->detail) : NULL;
  gboolean closed = o != NULL && g_strcmp0 (str_member (o, "status"), "closed") == 0;
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) main = g_menu_new ();
  g_autoptr(GMenu) copy = g_menu_new ();
  g_autoptr(GMenu) end = g_menu_new ();
  g_autoptr(GMenu) reasons = g_menu_new ();

  g_menu_append (main, _("Add _Note"), "case.add-note");
  g_menu_append (main, _("_Hand Over…"), "case.hand-over");
  g_menu_append (main, _("Record _Decision…"), "case.record-decision");
  g_menu_append (main, _("_Pause Clock…"), "case.pause-clock");
  g_menu_append (copy, _("_Copy Case Number"), "case.copy-number");
  g_menu_append (end, _("_Close Case…"), "case.close");
  if (closed)
    add_reason (reasons, _("This case is closed."));
  else if (self->read_only)
    add_reason (reasons, _("Another office owns this case."));
  else if (o != NULL)
    {
      if (gov_case_resp_in_transit (GTK_WIDGET (self)))
        add_reason (reasons, _("Hand Over: the case is already in transit."));
      if (!has_case_type (self))
        add_reason (reasons, _("Pause Clock: the case has no case type, so no clock."));
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (main));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (end));
  if (g_menu_model_get_n_items (G_MENU_MODEL (reasons)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (reasons));
  return G_MENU_MODEL (menu);
}

/* The handover state arrives after the page: read it when the menu opens. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  GovCasePage *self = GOV_CASE_PAGE (user_data);
  g_autoptr(GMenuModel) menu = case_menu_new (self);

  update_actions (self);
  gtk_menu_button_set_menu_model (button, menu);
}

static void
menu_action_cb (GtkWidget  *widget,
                const char *action,
                GVariant   *parameter)
{
  GovCasePage *self = GOV_CASE_PAGE (widget);

  if (g_str_equal (action, "case.add-note"))
    {
      adw_view_stack_set_visible_child_name (self->view_stack, "overview");
      gtk_widget_grab_focus (GTK_WIDGET (self->note_view));
    }
  else if (g_str_equal (action, "case.hand-over"))
    gov_case_resp_hand_over (widget);
  else if (g_str_equal (action, "case.record-decision"))
    gov_case_resp_record_decision (widget);
  else if (g_str_equal (action, "case.pause-clock"))
    gov_case_resp_pause_clock (widget);
  else if (g_str_equal (action, "case.copy-number"))
    {
      gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                              gtk_label_get_text (self->number_label));
      g_signal_emit (self, signals[TOAST], 0, adw_toast_new (_("Case number copied")));
    }
  else if (g_str_equal (action, "case.close"))
    gov_case_page_close_case (self);
}

/* History filter ------------------------------------------------------------- */

static void
filter_changed_cb (GovCasePage *self)
{
  if (!self->updating)
    fill_history (self);
}

/* Back to "All Changes", without the entry of one field. */
static void
reset_filter (GovCasePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_labels));

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->history_filter, FILTER_ALL);
  if (n > FILTER_FIELD)
    gtk_string_list_splice (self->filter_labels, FILTER_FIELD, n - FILTER_FIELD, NULL);
  self->updating = FALSE;
  g_clear_pointer (&self->history_field, g_free);
}

/* Read only ------------------------------------------------------------------ */

static void
apply_read_only (GovCasePage *self)
{
  g_autofree char *text = NULL;

  if (self->owner_name != NULL)
    /* Translators: a banner; %s is the office that now owns the case. */
    text = g_strdup_printf (_("This case now belongs to %s. Your changes go to them as "
                              "suggestions."), self->owner_name);
  gtk_label_set_text (self->banner_label, text != NULL ? text : "");
  gtk_revealer_set_reveal_child (self->banner_revealer, self->read_only);
  for (guint i = 0; i < self->field_rows->len; i++)
    {
      GtkWidget *entry = g_object_get_data (g_ptr_array_index (self->field_rows, i), "entry");

      if (entry != NULL)
        gtk_editable_set_editable (GTK_EDITABLE (entry), !self->read_only);
    }
  if (self->detail != NULL)
    fill_status (self, str_member (json_node_get_object (self->detail), "status"));
  update_actions (self);
}

/* GObject --------------------------------------------------------------------- */

static void
gov_case_page_dispose (GObject *object)
{
  GovCasePage *self = GOV_CASE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_CASE_PAGE);
  /* GTK 4.8 unparents only the named template children, not our root box. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gov_case_page_parent_class)->dispose (object);
}

static void
gov_case_page_finalize (GObject *object)
{
  GovCasePage *self = GOV_CASE_PAGE (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->history);
  g_clear_pointer (&self->field_rows, g_ptr_array_unref);
  g_clear_pointer (&self->detail, json_node_unref);
  g_clear_object (&self->filter_labels);
  g_free (self->case_id);
  g_free (self->office_name);
  g_free (self->owner_name);
  g_free (self->history_field);

  G_OBJECT_CLASS (gov_case_page_parent_class)->finalize (object);
}

static const char *const menu_actions[] = {
  "case.add-note", "case.hand-over", "case.record-decision", "case.pause-clock",
  "case.copy-number", "case.close",
};

static void
gov_case_page_class_init (GovCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_case_page_dispose;
  object_class->finalize = gov_case_page_finalize;

  /**
   * GovCasePage::loaded:
   * @number: the case number
   * @title: the subject
   */
  signals[LOADED] = g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_STRING, G_TYPE_STRING);
  /**
   * GovCasePage::toast:
   * @toast: a toast for the window's overlay
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, number_label);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, chips_box);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, close_button);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, fields_group);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, status_row);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, note_view);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, citizen_check);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, correspondence_list);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, history_view);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, history_filter);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, history_empty);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, case_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GovCasePage, banner_label);
  gtk_widget_class_bind_template_callback (widget_class, add_note_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  for (guint i = 0; i < G_N_ELEMENTS (menu_actions); i++)
    gtk_widget_class_install_action (widget_class, menu_actions[i], NULL, menu_action_cb);
}

static void
gov_case_page_init (GovCasePage *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->field_rows = g_ptr_array_new ();
  self->history = gtk_string_list_new (NULL);

  for (guint i = 0; statuses[i] != NULL; i++)
    gtk_string_list_append (labels, gov_case_status_label (statuses[i]));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (labels));
  g_signal_connect_swapped (self->status_row, "notify::selected",
                            G_CALLBACK (status_selected_cb), self);

  self->filter_labels = gtk_string_list_new ((const char *[]) {
    _("All Changes"), _("Fields"), _("Notes"), _("Handovers"), _("Decisions"), _("Clock"), NULL });
  gtk_drop_down_set_model (self->history_filter, G_LIST_MODEL (self->filter_labels));
  g_signal_connect_swapped (self->history_filter, "notify::selected",
                            G_CALLBACK (filter_changed_cb), self);
  add_history_button (self, ADW_ACTION_ROW (self->status_row), "status");
  gtk_menu_button_set_create_popup_func (self->case_menu_button, create_menu_cb, self, NULL);
  update_actions (self);

  g_signal_connect (factory, "setup", G_CALLBACK (history_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (history_bind_cb), self);
  gtk_list_view_set_factory (self->history_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->history_view, GTK_SELECTION_MODEL (
    gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->history)))));

  /* Ctrl+Return adds the note (UX.md §5). */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts, gtk_shortcut_new (
    gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
    gtk_callback_action_new ((GtkShortcutFunc) (void (*) (void)) add_note_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), GTK_EVENT_CONTROLLER (shortcuts));
}

/* Public API -------------------------------------------------------------- */

GtkWidget *
gov_case_page_new (GovReplica *replica)
{
  GovCasePage *self = g_object_new (GOV_TYPE_CASE_PAGE, NULL);

  self->replica = gov_replica_ref (replica);
  self->office_name = gov_replica_dup_office_name (replica);
  /* Handover, decisions and clock (gov-case-resp.c). */
  gov_case_resp_attach (GTK_WIDGET (self), self->view_stack, GTK_WIDGET (self->fields_group),
                        replica);
  return GTK_WIDGET (self);
}

void
gov_case_page_show_case (GovCasePage *self,
                         const char  *case_id)
{
  g_return_if_fail (GOV_IS_CASE_PAGE (self));

  if (g_strcmp0 (self->case_id, case_id) != 0)
    {
      g_free (self->case_id);
      self->case_id = g_strdup (case_id);
      adw_view_stack_set_visible_child_name (self->view_stack, "overview");
      reset_filter (self);
      gov_case_page_set_owner (self, NULL);
    }
  gov_case_page_reload (self);
}

const char *
gov_case_page_get_case_id (GovCasePage *self)
{
  return self->case_id;
}

void
gov_case_page_reload (GovCasePage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->case_id == NULL)
    return;
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, gov_case_page_reload);
  g_task_set_task_data (task, g_strdup (self->case_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

void
gov_case_page_add_note (GovCasePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (*text == '\0' || self->case_id == NULL)
    return;
  write_async (self, WRITE_NOTE, NULL, text, NULL, NULL,
               gtk_check_button_get_active (self->citizen_check));
}

/* "Close Case…": refused while a conflict is open, with a way to resolve it. */
void
gov_case_page_close_case (GovCasePage *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  JsonObject *o;
  GtkWidget *dialog;
  CloseRequest *r;
  GtkWidget *box;

  if (self->detail == NULL)
    return;
  o = json_node_get_object (self->detail);
  if (json_object_get_int_member_with_default (o, "conflicts", 0) > 0)
    {
      dialog = adw_message_dialog_new (parent, _("Resolve the Conflict First"),
                                       _("A field of this case has two values. Choose one, "
                                         "then close the case."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "resolve", _("_Resolve…"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "resolve",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  else
    {
      dialog = adw_message_dialog_new (parent, _("Close This Case?"),
                                       _("Closing is recorded in History and shared with "
                                         "every device of the office."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "close", _("C_lose Case"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                                  ADW_RESPONSE_SUGGESTED);
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  r = g_new0 (CloseRequest, 1);
  r->page = g_object_ref (self);
  if (json_object_get_int_member_with_default (o, "conflicts", 0) == 0)
    {
      r->outcome = gtk_drop_down_new_from_strings ((const char *[]) {
        _("Resolved"), _("Resolved at first contact"), _("Rejected"), _("Withdrawn"), NULL });
      r->reason = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (r->reason), _("Remark (optional)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->outcome), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Outcome"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (r->reason), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remark"), -1);
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_box_append (GTK_BOX (box), r->outcome);
      gtk_box_append (GTK_BOX (box), r->reason);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
    }
  g_signal_connect_data (dialog, "response", G_CALLBACK (close_response_cb), r,
                         close_request_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * gov_case_page_show_field_history:
 * @self: the page
 * @field: a field name ("location", "status", …)
 *
 * Switches to History, filtered to the changes of @field.
 */
void
gov_case_page_show_field_history (GovCasePage *self,
                                  const char  *field)
{
  /* Translators: the History filter's entry for one field, e.g. "Changes to Location". */
  g_autofree char *label = g_strdup_printf (_("Changes to %s"), field_label (field));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filter_labels));

  g_return_if_fail (GOV_IS_CASE_PAGE (self));

  self->updating = TRUE;
  g_free (self->history_field);
  self->history_field = g_strdup (field);
  gtk_string_list_splice (self->filter_labels, FILTER_FIELD, n - FILTER_FIELD,
                          (const char *[]) { label, NULL });
  gtk_drop_down_set_selected (self->history_filter, FILTER_FIELD);
  self->updating = FALSE;
  fill_history (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "history");
}

/**
 * gov_case_page_set_owner:
 * @self: the page
 * @office_name: (nullable): the office that owns the case when it is not
 *   this office; %NULL when it is ours
 *
 * Another office's case is read only here, with a banner that says so.
 */
void
gov_case_page_set_owner (GovCasePage *self,
                         const char  *office_name)
{
  g_return_if_fail (GOV_IS_CASE_PAGE (self));

  if (g_strcmp0 (self->owner_name, office_name) == 0 && self->read_only == (office_name != NULL))
    return;
  g_free (self->owner_name);
  self->owner_name = g_strdup (office_name);
  self->read_only = office_name != NULL;
  apply_read_only (self);
  if (self->detail != NULL)
    fill_fields (self, json_node_get_object (self->detail));
}
