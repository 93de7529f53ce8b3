/* gov-clock-view.c: the case page's Clock view, the clock audit (UX.md §3)
 *
 * "Time limit: 20 working days. Used 9, 11 left. Deadline 6 May 2024.",
 * then the periods with their reasons, for the legal time limit and the
 * service target, and the number of extensions left. Pause Clock… offers
 * the reasons the case type allows; Resume Clock resumes today; Extend
 * Time Limit… asks for days and a reason. The clocks are derived in the
 * core on a worker thread; a refusal is shown in the view in the core's
 * words, and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-clock-view.h"
#include "gov-form.h"

struct _GovClockView
{
  GtkWidget     parent_instance;

  GovReplica   *replica;
  GCancellable *cancellable;
  char         *case_id;
  GovCaseClock *clock;
  char         *deadlines;

  GtkWidget    *scrolled;
  GtkWidget    *stack;
  GtkLabel     *state_label;
  GtkLabel     *error_label;
  GtkLabel     *legal_label;
  GtkListBox   *legal_list;
  GtkLabel     *service_label;
  GtkListBox   *service_list;
  GtkLabel     *extensions_label;
  GtkWidget    *pause_button;
  GtkWidget    *resume_button;
  GtkWidget    *extend_button;
};

G_DEFINE_FINAL_TYPE (GovClockView, gov_clock_view, GTK_TYPE_WIDGET)

enum { TOAST, CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum { ACT_PAUSE, ACT_RESUME, ACT_EXTEND } ActKind;

typedef struct
{
  ActKind  kind;
  char    *case_id;
  GDate    date;
  char    *reason;
  int      days;
} Act;

static void
act_free (Act *a)
{
  g_free (a->case_id);
  g_free (a->reason);
  g_free (a);
}

static void
today (GDate *d)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (d, 1);
  g_date_set_dmy (d, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/* Filling ------------------------------------------------------------------- */

static void
fill_track (GtkLabel            *label,
            GtkListBox          *list,
            const GovClockResult *result,
            const GovClockTrack  *track)
{
  g_autofree char *summary = gov_clock_format_summary (result, track);
  GtkWidget *child;

  gtk_label_set_text (label, summary);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
  for (guint i = 0; track->audit != NULL && i < track->audit->len; i++)
    {
      g_autofree char *line = gov_clock_format_period (g_ptr_array_index (track->audit, i),
                                                       track->unit);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_list_box_append (list, row);
    }
}

static void
fill (GovClockView *self)
{
  GovClockResult *r = self->clock->result;
  g_autofree char *left = gov_clock_format_extensions_left (self->clock->case_type, r);
  g_autofree char *state = gov_clock_format_status (r, &r->legal);
  g_autofree char *legal = gov_clock_format_date (&r->legal.deadline);
  g_autofree char *service = gov_clock_format_date (&r->service.deadline);

  fill_track (self->legal_label, self->legal_list, r, &r->legal);
  fill_track (self->service_label, self->service_list, r, &r->service);
  gtk_label_set_text (self->state_label, state);
  gtk_label_set_text (self->extensions_label, left);
  gtk_widget_set_visible (self->pause_button, !r->paused);
  gtk_widget_set_visible (self->resume_button, r->paused);
  g_free (self->deadlines);
  self->deadlines = g_strdup_printf (_("Time limit: %s; Service target: %s"), legal, service);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "clock");
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovClockView *self = source_object;
  GError *error = NULL;
  GovCaseClock *clock = gov_case_clock_get (self->replica, task_data, NULL, &error);

  if (clock != NULL)
    g_task_return_pointer (task, clock, (GDestroyNotify) gov_case_clock_free);
  else
    g_task_return_error (task, error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GovClockView *self = GOV_CLOCK_VIEW (object);
  g_autoptr(GError) error = NULL;
  GovCaseClock *clock = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_strcmp0 (g_task_get_task_data (G_TASK (result)), self->case_id) != 0)
    {
      g_clear_pointer (&clock, gov_case_clock_free);
      return;
    }
  g_clear_pointer (&self->clock, gov_case_clock_free);
  g_clear_pointer (&self->deadlines, g_free);
  if (clock == NULL)
    {
      /* No case type: no statutory clock, not a failure. */
      gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "none");
      return;
    }
  self->clock = clock;
  fill (self);
}

void
gov_clock_view_set_case (GovClockView *self,
                         const char   *case_id)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GOV_IS_CLOCK_VIEW (self));
  if (g_strcmp0 (self->case_id, case_id) != 0)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  /* Reloading passes self->case_id itself: copy before freeing. */
  if (case_id != self->case_id)
    {
      char *copy = g_strdup (case_id);

      g_free (self->case_id);
      self->case_id = copy;
    }
  if (case_id == NULL)
    return;
  task = g_task_new (self, self->cancellable, load_cb, NULL);
  g_task_set_source_tag (task, gov_clock_view_set_case);
  g_task_set_task_data (task, g_strdup (case_id), g_free);
  g_task_run_in_thread (task, load_thread);
}

const char *
gov_clock_view_get_deadlines (GovClockView *self)
{
  return self->deadlines != NULL ? self->deadlines : "";
}

/* Writing ----------------------------------------------------------------- */

static void
act_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GovClockView *self = source_object;
  Act *a = task_data;
  GError *error = NULL;
  gboolean ok;

  switch (a->kind)
    {
    case ACT_PAUSE:
      ok = gov_case_clock_pause (self->replica, a->case_id, &a->date, a->reason, &error);
      break;
    case ACT_RESUME:
      ok = gov_case_clock_resume (self->replica, a->case_id, &a->date, &error);
      break;
    case ACT_EXTEND:
      ok = gov_case_clock_extend (self->replica, a->case_id, &a->date, a->days, a->reason,
                                  &error);
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
act_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  GovClockView *self = GOV_CLOCK_VIEW (object);
  Act *a = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_signal_emit (self, signals[TOAST], 0, adw_toast_new (
    a->kind == ACT_PAUSE ? _("Clock paused")
    : a->kind == ACT_RESUME ? _("Clock resumed") : _("Time limit extended")));
  g_signal_emit (self, signals[CHANGED], 0);
  gov_clock_view_set_case (self, self->case_id);
}

static void
act_async (GovClockView *self,
           Act          *a)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, act_cb, NULL);

  a->case_id = g_strdup (self->case_id);
  g_task_set_source_tag (task, act_async);
  g_task_set_task_data (task, a, (GDestroyNotify) act_free);
  g_task_run_in_thread (task, act_thread);
}

/* Dialogs ----------------------------------------------------------------- */

static GtkWidget *
date_entry (void)
{
  GDate d;
  g_autofree char *iso = NULL;
  GtkWidget *entry = gtk_entry_new ();

  today (&d);
  iso = gov_date_to_iso (&d);
  gtk_editable_set_text (GTK_EDITABLE (entry), iso);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
  return gov_form_labelled (entry, _("From"));
}

/* The typed date, or a message in the view. */
static gboolean
read_date (GovClockView *self,
           GtkWidget    *entry,
           GDate        *date)
{
  g_date_clear (date, 1);
  if (gov_date_parse_iso (gtk_editable_get_text (GTK_EDITABLE (entry)), date))
    return TRUE;
  gtk_label_set_text (self->error_label, _("Type the date as year-month-day, e.g. 2024-05-03."));
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  return FALSE;
}

static void
pause_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   GovClockView     *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *reasons = gtk_widget_get_first_child (box);
  GtkWidget *entry = gtk_widget_get_next_sibling (reasons);
  guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (reasons));
  Act *a;

  if (g_strcmp0 (response, "pause") != 0 || self->clock == NULL ||
      i >= gov_case_type_get_n_pause_reasons (self->clock->case_type))
    return;
  a = g_new0 (Act, 1);
  a->kind = ACT_PAUSE;
  a->reason = g_strdup (gov_case_type_get_pause_reason_id (self->clock->case_type, i));
  if (!read_date (self, entry, &a->date))
    {
      act_free (a);
      return;
    }
  act_async (self, a);
}

void
gov_clock_view_pause (GovClockView *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *dialog, *box, *reasons;
  GovCaseType *type;

  if (self->clock == NULL)
    return;
  type = self->clock->case_type;
  for (guint i = 0; i < gov_case_type_get_n_pause_reasons (type); i++)
    gtk_string_list_append (labels, gov_case_type_get_pause_label (
      type, gov_case_type_get_pause_reason_id (type, i)));
  dialog = adw_message_dialog_new (parent, _("Pause Clock?"),
                                   _("The time limit stops counting from this day until the "
                                     "clock is resumed."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  reasons = gov_form_labelled (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (labels)), NULL),
                      _("Reason"));
  gtk_box_append (GTK_BOX (box), reasons);
  gtk_box_append (GTK_BOX (box), date_entry ());
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "pause", _("_Pause Clock"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "pause",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "pause",
                                           g_list_model_get_n_items (G_LIST_MODEL (labels)) > 0);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (pause_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
resume_clicked_cb (GovClockView *self)
{
  Act *a = g_new0 (Act, 1);

  a->kind = ACT_RESUME;
  today (&a->date);
  act_async (self, a);
}

static void
extend_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    GovClockView     *self)
{
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *days = gtk_widget_get_first_child (box);
  GtkWidget *reason = gtk_widget_get_next_sibling (days);
  Act *a;

  if (g_strcmp0 (response, "extend") != 0)
    return;
  a = g_new0 (Act, 1);
  a->kind = ACT_EXTEND;
  a->days = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (days));
  a->reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (reason))));
  today (&a->date);
  act_async (self, a);
}

static void
extend_clicked_cb (GovClockView *self)
{
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
  GtkWidget *dialog, *box, *days, *reason;
  int max;

  if (self->clock == NULL)
    return;
  max = MAX (1, gov_case_type_get_extension_max_days (self->clock->case_type));
  dialog = adw_message_dialog_new (parent, _("Extend Time Limit?"),
                                   gtk_label_get_text (self->extensions_label));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  days = gov_form_labelled (gtk_spin_button_new_with_range (1, max, 1), _("Days"));
  reason = gov_form_labelled (gtk_entry_new (), _("Reason"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason"));
  gtk_box_append (GTK_BOX (box), days);
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "extend", _("_Extend"), NULL);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gov_form_require_text (ADW_MESSAGE_DIALOG (dialog), "extend", reason);
  g_signal_connect_object (dialog, "response", G_CALLBACK (extend_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The first GovClockView under @root, depth first. */
static GtkWidget *
find_view (GtkWidget *root)
{
  if (GOV_IS_CLOCK_VIEW (root))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_view (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * gov_clock_view_reveal_in:
 * @root: e.g. the window behind a dialog
 *
 * "Show How" in the decision editor: brings the Clock view forward in the
 * view stack that holds it, so the days behind a deadline can be read.
 *
 * Returns: whether there was one
 */
gboolean
gov_clock_view_reveal_in (GtkWidget *root)
{
  GtkWidget *view = find_view (root);
  GtkWidget *stack = view != NULL ? gtk_widget_get_ancestor (view, ADW_TYPE_VIEW_STACK) : NULL;

  if (stack == NULL)
    return FALSE;
  adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), view);
  return TRUE;
}

/* GObject --------------------------------------------------------------------- */

static GtkLabel *
add_label (GtkWidget  *box,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static GtkListBox *
add_list (GtkWidget  *box,
          const char *name)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gov_form_labelled (list, name);
  gtk_box_append (GTK_BOX (box), list);
  return GTK_LIST_BOX (list);
}

static GtkWidget *
add_button (GtkWidget  *box,
            const char *label,
            GCallback   cb,
            gpointer    self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_swapped (button, "clicked", cb, self);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), button);
  return button;
}

static void
build (GovClockView *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  /* Stacked, not side by side: three buttons in a row would keep the
   * window from folding down to 360 px. */
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *none = adw_status_page_new ();

  self->scrolled = gtk_scrolled_window_new ();
  self->stack = gtk_stack_new ();
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  self->state_label = add_label (box, "heading");
  self->error_label = add_label (box, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->pause_button = add_button (buttons, _("_Pause Clock…"),
                                   G_CALLBACK (gov_clock_view_pause), self);
  self->resume_button = add_button (buttons, _("_Resume Clock"),
                                    G_CALLBACK (resume_clicked_cb), self);
  self->extend_button = add_button (buttons, _("_Extend Time Limit…"),
                                    G_CALLBACK (extend_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), buttons);
  self->extensions_label = add_label (box, "dim-label");
  self->legal_label = add_label (box, "heading");
  gtk_widget_set_margin_top (GTK_WIDGET (self->legal_label), 12);
  self->legal_list = add_list (box, _("Time Limit"));
  self->service_label = add_label (box, "heading");
  gtk_widget_set_margin_top (GTK_WIDGET (self->service_label), 12);
  self->service_list = add_list (box, _("Service Target"));

  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_status_page_set_title (ADW_STATUS_PAGE (none), _("No Time Limit"));
  adw_status_page_set_description (ADW_STATUS_PAGE (none),
                                   _("This case has no case type, so no statutory clock runs."));
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (none), "alarm-symbolic");
  gtk_stack_add_named (GTK_STACK (self->stack), none, "none");
  gtk_stack_add_named (GTK_STACK (self->stack), self->scrolled, "clock");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
}

static void
gov_clock_view_dispose (GObject *object)
{
  GovClockView *self = GOV_CLOCK_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  G_OBJECT_CLASS (gov_clock_view_parent_class)->dispose (object);
}

static void
gov_clock_view_finalize (GObject *object)
{
  GovClockView *self = GOV_CLOCK_VIEW (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->clock, gov_case_clock_free);
  g_free (self->case_id);
  g_free (self->deadlines);
  G_OBJECT_CLASS (gov_clock_view_parent_class)->finalize (object);
}

static void
gov_clock_view_class_init (GovClockViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_clock_view_dispose;
  object_class->finalize = gov_clock_view_finalize;

  /**
   * GovClockView::toast:
   * @toast: a toast for the window
   */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  /**
   * GovClockView::changed:
   *
   * A clock event was written: the rest of the case page should reload.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
gov_clock_view_init (GovClockView *self)
{
  self->cancellable = g_cancellable_new ();
  build (self);
}

GtkWidget *
gov_clock_view_new (GovReplica *replica)
{
  GovClockView *self = g_object_new (GOV_TYPE_CLOCK_VIEW, NULL);

  self->replica = gov_replica_ref (replica);
  return GTK_WIDGET (self);
}
