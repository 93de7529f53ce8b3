/* gov-intake-dialog.c: "New Case" (UX.md §3 "Intake")
 *
 * Requester matches and the routing explanation are read on worker threads
 * as the form changes; Create writes one case.create event on a worker
 * thread. The case number is issued on this device, so it is final even
 * offline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case.h"
#include "gov-case-query.h"
#include "gov-intake-dialog.h"

struct _GovIntakeDialog
{
  AdwWindow     parent_instance;

  AdwComboRow  *channel_row;
  AdwActionRow *requester_row;
  GtkEntry     *requester_entry;
  GtkListBox   *requester_matches;
  GtkTextView  *description_view;
  GtkEntry     *location_entry;
  GtkEntry     *coordinates_entry;
  AdwComboRow  *area_row;
  AdwComboRow  *domain_row;
  AdwComboRow  *category_row;
  AdwActionRow *routing_row;
  GtkButton    *create_button;
  GtkLabel     *error_label;

  GovReplica   *replica;
  GPtrArray    *category_ids;
  GCancellable *cancellable;
  GCancellable *lookup_cancellable;
  gboolean      picking;
};

G_DEFINE_FINAL_TYPE (GovIntakeDialog, gov_intake_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct { const char *id, *label; } channels[] = {
  { "counter", N_("Counter") }, { "phone", N_("Phone") }, { "email", N_("E-mail") },
  { "web", N_("Portal") }, { "on_site", N_("On Site") },
};

/* Areas that routing rules may name; "" is none. */
static const struct { const char *id, *label; } areas[] = {
  { "", N_("Anywhere") }, { "District North", N_("District North") },
  { "District South", N_("District South") },
};

typedef struct
{
  char *channel, *requester, *title, *description, *location, *domain, *category, *area;
  char *number;
  char *rule_team;
} Intake;

static void
intake_free (Intake *in)
{
  g_free (in->channel);
  g_free (in->requester);
  g_free (in->title);
  g_free (in->description);
  g_free (in->location);
  g_free (in->domain);
  g_free (in->category);
  g_free (in->area);
  g_free (in->number);
  g_free (in->rule_team);
  g_free (in);
}

static char *
description_text (GovIntakeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
}

static const char *
selected_domain (GovIntakeDialog *self)
{
  guint n;
  const GovCatalogueEntry *domains = gov_case_catalogue_domains (&n);
  guint i = adw_combo_row_get_selected (self->domain_row);

  return i < n ? domains[i].id : NULL;
}

static const char *
selected_category (GovIntakeDialog *self)
{
  guint i = adw_combo_row_get_selected (self->category_row);

  return i < self->category_ids->len ? g_ptr_array_index (self->category_ids, i) : NULL;
}

static const char *
selected_area (GovIntakeDialog *self)
{
  guint i = adw_combo_row_get_selected (self->area_row);

  return i < G_N_ELEMENTS (areas) && *areas[i].id != '\0' ? areas[i].id : NULL;
}

static Intake *
collect (GovIntakeDialog *self)
{
  Intake *in = g_new0 (Intake, 1);
  const char *location = gtk_editable_get_text (GTK_EDITABLE (self->location_entry));
  const char *coordinates = gtk_editable_get_text (GTK_EDITABLE (self->coordinates_entry));
  guint channel = adw_combo_row_get_selected (self->channel_row);

  in->channel = g_strdup (channels[MIN (channel, G_N_ELEMENTS (channels) - 1)].id);
  in->requester = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->requester_entry))));
  in->description = description_text (self);
  if (*location != '\0' && *coordinates != '\0')
    in->location = g_strdup_printf ("%s (%s)", location, coordinates);
  else if (*location != '\0' || *coordinates != '\0')
    in->location = g_strdup (*location != '\0' ? location : coordinates);
  in->domain = g_strdup (selected_domain (self));
  in->category = g_strdup (selected_category (self));
  in->area = g_strdup (selected_area (self));
  return in;
}

static void
update_create (GovIntakeDialog *self)
{
  g_autofree char *description = description_text (self);
  g_autofree char *requester = g_strstrip (g_strdup (gtk_editable_get_text (
    GTK_EDITABLE (self->requester_entry))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            *description != '\0' && *requester != '\0' &&
                            selected_category (self) != NULL);
}

/* Routing, explained live -------------------------------------------------- */

static void
routing_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GovIntakeDialog *self = source_object;
  Intake *in = task_data;

  g_task_return_pointer (task, gov_routing_match (self->replica, in->domain, in->category,
                                                  in->area, NULL), g_free);
}

static void
routing_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GovIntakeDialog *self = GOV_INTAKE_DIALOG (object);
  Intake *in = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *team = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;
  const char *domain = gov_case_catalogue_label (in->domain);
  const char *category = gov_case_catalogue_label (in->category);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (team == NULL)
    text = g_strdup (_("No rule matches; the case stays with the office until someone assigns it"));
  else if (in->area != NULL)
    /* Translators: "Goes to Waterways North Team — rule: Waterways, Mooring in District North". */
    text = g_strdup_printf (_("Goes to %s — rule: %s, %s in %s"), team, _(domain), _(category),
                            in->area);
  else
    /* Translators: "Goes to Permits Team — rule: Permits, Event Permit". */
    text = g_strdup_printf (_("Goes to %s — rule: %s, %s"), team, _(domain), _(category));
  adw_action_row_set_subtitle (self->routing_row, text);
}

static void
routing_inputs_changed_cb (GovIntakeDialog *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->category_ids == NULL || selected_category (self) == NULL)
    return;
  task = g_task_new (self, self->cancellable, routing_cb, NULL);
  g_task_set_source_tag (task, routing_inputs_changed_cb);
  g_task_set_task_data (task, collect (self), (GDestroyNotify) intake_free);
  g_task_run_in_thread (task, routing_thread);
  update_create (self);
}

static void
domain_changed_cb (GovIntakeDialog *self)
{
  const char *domain = selected_domain (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n;
  const GovCatalogueEntry *cats = gov_case_catalogue_categories (&n);

  if (self->category_ids == NULL)
    return;
  g_ptr_array_set_size (self->category_ids, 0);
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (cats[i].parent, domain) == 0)
      {
        g_ptr_array_add (self->category_ids, (gpointer) cats[i].id);
        gtk_string_list_append (labels, _(cats[i].label));
      }
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (labels));
  adw_combo_row_set_selected (self->category_row, 0);
  routing_inputs_changed_cb (self);
}

/* Requester search as you type ---------------------------------------------- */

static void
requesters_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GovIntakeDialog *self = source_object;
  g_autoptr(GError) error = NULL;
  GPtrArray *names = gov_case_query_requesters (self->replica, task_data, 5, &error);

  if (names == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, names, (GDestroyNotify) g_ptr_array_unref);
}

static void
requesters_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GovIntakeDialog *self = GOV_INTAKE_DIALOG (object);
  g_autoptr(GPtrArray) names = g_task_propagate_pointer (G_TASK (result), NULL);
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->requester_entry));
  gboolean known = FALSE;
  GtkWidget *child;

  if (names == NULL)
    return;
  /* gtk_list_box_remove_all() arrived in GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->requester_matches))) != NULL)
    gtk_list_box_remove (self->requester_matches, child);
  for (guint i = 0; i < names->len; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      known = known || g_utf8_collate (g_ptr_array_index (names, i), typed) == 0;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_ptr_array_index (names, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->requester_matches, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->requester_matches), names->len > 0 && !known);
  adw_action_row_set_subtitle (self->requester_row,
                               *typed == '\0' ? _("Required. Type to find someone who asked before")
                               : known ? _("Asked before")
                               : _("New person; saved with the case"));
}

static void
requester_changed_cb (GovIntakeDialog *self)
{
  g_autoptr(GTask) task = NULL;
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->requester_entry));

  update_create (self);
  g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);
  if (self->picking || *typed == '\0')
    {
      gtk_widget_set_visible (GTK_WIDGET (self->requester_matches), FALSE);
      return;
    }
  self->lookup_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->lookup_cancellable, requesters_cb, NULL);
  g_task_set_source_tag (task, requester_changed_cb);
  g_task_set_task_data (task, g_strdup (typed), g_free);
  g_task_run_in_thread (task, requesters_thread);
}

static void
requester_match_cb (GovIntakeDialog *self,
                    GtkListBoxRow   *row)
{
  self->picking = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->requester_entry),
                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  self->picking = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->requester_matches), FALSE);
  adw_action_row_set_subtitle (self->requester_row, _("Asked before"));
  gtk_widget_grab_focus (GTK_WIDGET (self->description_view));
}

/* Creating ----------------------------------------------------------------- */

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GovIntakeDialog *self = source_object;
  Intake *in = task_data;
  GovCaseIntake intake = {
    .channel = in->channel, .requester = in->requester, .description = in->description,
    .location = in->location, .domain = in->domain, .category = in->category, .area = in->area,
  };
  g_autoptr(GError) error = NULL;
  char *case_id = gov_case_create (self->replica, &intake, &in->number, &error);

  if (case_id == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, case_id, g_free);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovIntakeDialog *self = GOV_INTAKE_DIALOG (object);
  Intake *in = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = g_task_propagate_pointer (G_TASK (result), &error);

  if (case_id == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      update_create (self);
      return;
    }

  g_signal_emit (self, signals[CREATED], 0, case_id, in->number);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
create_clicked_cb (GovIntakeDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, create_cb, NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, collect (self), (GDestroyNotify) intake_free);
  g_task_run_in_thread (task, create_thread);
}

/* GObject ------------------------------------------------------------------- */

static void
gov_intake_dialog_dispose (GObject *object)
{
  GovIntakeDialog *self = GOV_INTAKE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->lookup_cancellable);

  G_OBJECT_CLASS (gov_intake_dialog_parent_class)->dispose (object);
}

static void
gov_intake_dialog_finalize (GObject *object)
{
  GovIntakeDialog *self = GOV_INTAKE_DIALOG (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_pointer (&self->category_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (gov_intake_dialog_parent_class)->finalize (object);
}

static void
gov_intake_dialog_class_init (GovIntakeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_intake_dialog_dispose;
  object_class->finalize = gov_intake_dialog_finalize;

  /**
   * GovIntakeDialog::created:
   * @case_id: the new case's id
   * @number: its case number
   */
  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                   G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-intake-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, channel_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, requester_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, requester_entry);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, requester_matches);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, description_view);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, location_entry);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, coordinates_entry);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, area_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, domain_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, routing_row);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, GovIntakeDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, requester_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, requester_match_cb);
  gtk_widget_class_bind_template_callback (widget_class, domain_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, routing_inputs_changed_cb);
}

static void
gov_intake_dialog_init (GovIntakeDialog *self)
{
  g_autoptr(GtkStringList) channel_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) area_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) domain_labels = gtk_string_list_new (NULL);
  guint n;
  const GovCatalogueEntry *domains = gov_case_catalogue_domains (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (channels); i++)
    gtk_string_list_append (channel_labels, _(channels[i].label));
  adw_combo_row_set_model (self->channel_row, G_LIST_MODEL (channel_labels));
  for (guint i = 0; i < G_N_ELEMENTS (areas); i++)
    gtk_string_list_append (area_labels, _(areas[i].label));
  adw_combo_row_set_model (self->area_row, G_LIST_MODEL (area_labels));
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (domain_labels, _(domains[i].label));
  adw_combo_row_set_model (self->domain_row, G_LIST_MODEL (domain_labels));

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->description_view), "changed",
                            G_CALLBACK (update_create), self);
  /* Focus starts in Channel (UX.md §3). */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->channel_row));
}

GovIntakeDialog *
gov_intake_dialog_new (GtkWindow  *parent,
                       GovReplica *replica)
{
  GovIntakeDialog *self = g_object_new (GOV_TYPE_INTAKE_DIALOG,
                                        "transient-for", parent,
                                        NULL);

  self->replica = gov_replica_ref (replica);
  self->category_ids = g_ptr_array_new ();
  domain_changed_cb (self);
  return self;
}
