/* gov-case-list.c: the case list pane (UX.md §3 "Case list")
 *
 * GtkColumnView over GtkSortListModel (GtkFilterListModel (GovCaseModel)),
 * both incremental, so that 100,000 rows stay responsive. Full-text search
 * runs on a worker thread; its matches become a set of case ids the filter
 * checks, and each row says where it matched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gov-case-list.h"
#include "gov-status-chip.h"
#include "gov-window.h"

/* Below this width only Case and Deadline show (UX.md §3). */
#define NARROW_WIDTH 560
/* The check box column of selection mode. */
#define SELECT_WIDTH 44

struct _GovCaseList
{
  GtkWidget           parent_instance;

  GtkStack           *stack;
  GtkScrolledWindow  *scrolled;
  GtkColumnView      *column_view;
  GtkSpinner         *spinner;

  GovCaseModel       *model;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSortListModel   *sort_model;
  GtkMultiSelection  *selection;
  GtkColumnViewColumn *columns[5];
  GtkColumnViewColumn *select_column;

  GovCaseModelView    view;
  GHashTable         *matches;     /* case id → where it matched, while searching */
  GCancellable       *search_cancellable;
  guint               spinner_id;
  guint               narrow_idle_id;
  gboolean            narrow;
  gboolean            selection_mode;
  int                 width;
};

G_DEFINE_FINAL_TYPE (GovCaseList, gov_case_list, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum { COL_CASE, COL_DEADLINE, COL_STATUS, COL_ASSIGNEE, COL_UPDATED };

/* Cells ------------------------------------------------------------------ */

static GtkWidget *
inscription_new (const char *css_class)
{
  GtkWidget *w = g_object_new (GTK_TYPE_INSCRIPTION,
                               "text-overflow", GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END,
                               "min-lines", 1,
                               "nat-lines", 1,
                               "hexpand", TRUE,
                               NULL);

  if (css_class != NULL)
    gtk_widget_add_css_class (w, css_class);
  return w;
}

static void
setup_case_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *caption = inscription_new ("caption");

  gtk_widget_add_css_class (caption, "dim-label");
  gtk_box_append (GTK_BOX (box), inscription_new (NULL));
  gtk_box_append (GTK_BOX (box), caption);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static char *
where_words (const char *where,
             const char *text)
{
  if (g_strcmp0 (where, "note") == 0)
    return g_strdup_printf (_("Matched in a note: %s"), text);
  if (g_strcmp0 (where, "description") == 0)
    return g_strdup_printf (_("Matched in the description: %s"), text);
  return g_strdup (_("Matched in the subject"));
}

static void
bind_case_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GovCaseList              *self)
{
  GovCaseRow *row = gtk_list_item_get_item (item);
  const GovCaseSummary *s = gov_case_row_get_summary (row);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *caption = gtk_widget_get_last_child (box);
  g_autofree char *state = NULL;
  g_autofree char *second = NULL;
  g_autofree char *label = NULL;
  const char *match = gov_case_row_get_match (row);
  gboolean has_requester = s->requester != NULL && *s->requester != '\0';

  gov_case_row_describe (row, gov_case_model_get_today (self->model), &state);
  if (match != NULL && self->matches != NULL)
    second = where_words (g_hash_table_lookup (self->matches, s->case_id), match);
  else if (self->narrow && has_requester)
    /* Translators: case number · requester · state, in a narrow list. */
    second = g_strdup_printf (_("%s · %s · %s"), s->number, s->requester, state);
  else if (self->narrow || has_requester)
    /* Translators: case number · requester (or state), under the subject. */
    second = g_strdup_printf (_("%s · %s"), s->number, has_requester ? s->requester : state);
  else
    second = g_strdup (s->number);

  gtk_inscription_set_text (GTK_INSCRIPTION (title), s->title);
  gtk_inscription_set_text (GTK_INSCRIPTION (caption), second);
  /* Translators: the accessible name of a case row: subject, number, state. */
  label = g_strdup_printf (_("%s, %s, %s"), s->title ? s->title : "", s->number, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
setup_text_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_list_item_set_child (item, inscription_new (NULL));
}

static void
set_cell_text (GtkListItem *item,
               const char  *text)
{
  GtkWidget *w = gtk_list_item_get_child (item);

  gtk_inscription_set_text (GTK_INSCRIPTION (w), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text != NULL ? text : "", -1);
}

static void
bind_deadline_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GovCaseRow *row = gtk_list_item_get_item (item);
  g_autofree char *due = gov_case_row_format_due (row);
  g_autofree char *shown = gov_case_row_format_due_short (row);
  GtkWidget *w = gtk_list_item_get_child (item);

  /* Short on screen, in full for a screen reader. */
  gtk_inscription_set_text (GTK_INSCRIPTION (w), shown);
  gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, due, -1);
}

static void
bind_assignee_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  const GovCaseSummary *s = gov_case_row_get_summary (gtk_list_item_get_item (item));

  set_cell_text (item, s->assignee != NULL ? s->assignee : _("Unassigned"));
}

static void
bind_updated_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  const GovCaseSummary *s = gov_case_row_get_summary (gtk_list_item_get_item (item));
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (s->updated_ms / 1000);
  /* Translators: when a case last changed, g_date_time_format() format. */
  g_autofree char *text = g_date_time_format (dt, _("%-d %b %Y, %H:%M"));

  set_cell_text (item, text);
}

static void
setup_status_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  gtk_list_item_set_child (item, gov_status_chip_new ());
}

static void
bind_status_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GovCaseList              *self)
{
  g_autofree char *words = NULL;
  GovStatusChipState state = gov_case_row_describe (gtk_list_item_get_item (item),
                                                    gov_case_model_get_today (self->model),
                                                    &words);

  gov_status_chip_set (GOV_STATUS_CHIP (gtk_list_item_get_child (item)), state, words);
}

/* Sorting ----------------------------------------------------------------- */

/* Soonest deadline first (so overdue on top), cases without one and closed
 * cases last, then by number so that the order is stable. */
static int
deadline_cmp (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return gtk_ordering_from_cmpfunc (gov_case_summary_deadline_cmp (
    gov_case_row_get_summary ((GovCaseRow *) a), gov_case_row_get_summary ((GovCaseRow *) b)));
}

static int
title_cmp (gconstpointer a,
           gconstpointer b,
           gpointer      user_data)
{
  return gtk_ordering_from_cmpfunc (g_utf8_collate (
    gov_case_row_get_summary ((GovCaseRow *) a)->title ?: "",
    gov_case_row_get_summary ((GovCaseRow *) b)->title ?: ""));
}

static int
assignee_cmp (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return gtk_ordering_from_cmpfunc (g_strcmp0 (gov_case_row_get_summary ((GovCaseRow *) a)->assignee,
                                               gov_case_row_get_summary ((GovCaseRow *) b)->assignee));
}

static int
status_cmp (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  return gtk_ordering_from_cmpfunc (g_strcmp0 (gov_case_row_get_summary ((GovCaseRow *) a)->status,
                                               gov_case_row_get_summary ((GovCaseRow *) b)->status));
}

/* Newest first is the natural order of "Updated". */
static int
updated_cmp (gconstpointer a,
             gconstpointer b,
             gpointer      user_data)
{
  gint64 ua = gov_case_row_get_summary ((GovCaseRow *) a)->updated_ms;
  gint64 ub = gov_case_row_get_summary ((GovCaseRow *) b)->updated_ms;

  return ua > ub ? GTK_ORDERING_SMALLER : ua < ub ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

/* Filtering and search ----------------------------------------------------- */

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  GovCaseList *self = user_data;
  GovCaseRow *row = item;

  /* Search covers every case on this device, whatever the view. */
  if (self->matches != NULL)
    return g_hash_table_contains (self->matches, gov_case_row_get_summary (row)->case_id);
  return gov_case_row_in_view (row, self->view, gov_case_model_get_me (self->model),
                               gov_case_model_get_today (self->model));
}

/* With GOVSERV_BENCH_READY set, prints the monotonic time once, when the
 * list first has rows to show (tests/bench/bench-launch.c). */
static void
bench_ready (GovCaseList *self)
{
  static gboolean told;

  if (told || g_getenv ("GOVSERV_BENCH_READY") == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0)
    return;
  told = TRUE;
  g_print ("GOVSERV_BENCH_READY %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
}

static void
update_stack (GovCaseList *self)
{
  gboolean loading = gov_case_model_get_loading (self->model);

  bench_ready (self);

  if (loading)
    return;
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  gtk_spinner_stop (self->spinner);
  if (self->matches != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
search_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovCaseList *self = GOV_CASE_LIST (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Search failed: %s", error->message);
      return;
    }

  g_clear_pointer (&self->matches, g_hash_table_unref);
  self->matches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < found->len; i++)
    {
      GovCaseMatch *m = g_ptr_array_index (found, i);
      GovCaseRow *row = gov_case_model_lookup (self->model, m->case_id);

      g_hash_table_insert (self->matches, g_strdup (m->case_id), g_strdup (m->where));
      if (row != NULL)
        gov_case_row_set_match (row, m->text);
    }
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GovCaseList *self = source_object;
  g_autoptr(GError) error = NULL;
  GPtrArray *found = gov_case_query_search (gov_case_model_get_replica (self->model),
                                            task_data, 1000, &error);

  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/* Callbacks --------------------------------------------------------------- */

static gboolean
show_spinner_cb (gpointer user_data)
{
  GovCaseList *self = user_data;

  self->spinner_id = 0;
  gtk_spinner_start (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  return G_SOURCE_REMOVE;
}

static void
loading_changed_cb (GovCaseList *self)
{
  /* Nothing under a second gets a spinner (UX.md §4). */
  if (gov_case_model_get_loading (self->model) && self->spinner_id == 0)
    self->spinner_id = g_timeout_add (1000, show_spinner_cb, self);
  update_stack (self);
}

static gboolean apply_narrow_cb (gpointer user_data);
static void     toggle_position (GovCaseList *self,
                                 guint        position);

static void
activate_cb (GtkColumnView *view,
             guint          position,
             GovCaseList   *self)
{
  g_autoptr(GovCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->sort_model), position);

  if (self->selection_mode)
    toggle_position (self, position);
  else if (row != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, row);
}


/* Selection mode --------------------------------------------------------- */

/* The window's header and action bar follow the list's selection. */
static void
tell_window (GovCaseList *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), GOV_TYPE_WINDOW);

  if (window != NULL)
    gov_window_set_selection (GOV_WINDOW (window), self->selection_mode,
                              gov_case_list_get_n_selected (self));
}

/* Outside selection mode one selected row is the open case; more (Ctrl+A,
 * Shift+click) starts selection mode. */
static void
selection_changed_cb (GtkSelectionModel *model,
                      guint              position,
                      guint              n_items,
                      GovCaseList       *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (model);
  guint64 n = gtk_bitset_get_size (selected);

  if (!self->selection_mode && n > 1)
    {
      self->selection_mode = TRUE;
      gtk_column_view_column_set_visible (self->select_column, TRUE);
      if (self->narrow_idle_id == 0 && self->narrow)
        self->narrow_idle_id = g_idle_add (apply_narrow_cb, self);
    }
  else if (!self->selection_mode && n == 1)
    activate_cb (self->column_view, gtk_bitset_get_nth (selected, 0), self);
  tell_window (self);
}

static void
toggle_position (GovCaseList *self,
                 guint        position)
{
  GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);

  if (gtk_selection_model_is_selected (model, position))
    gtk_selection_model_unselect_item (model, position);
  else
    gtk_selection_model_select_item (model, position, FALSE);
}

/* Every cell widget (and its cell) knows its list item, so that a click can
 * be mapped to a row. */
static void
tag_cell_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  g_object_set_data (G_OBJECT (child), "gov-list-item", item);
  if (gtk_widget_get_parent (child) != NULL)
    g_object_set_data (G_OBJECT (gtk_widget_get_parent (child)), "gov-list-item", item);
}

static GtkListItem *
item_at (GovCaseList *self,
         double       x,
         double       y)
{
  GtkWidget *w = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);

  for (; w != NULL && w != GTK_WIDGET (self->column_view); w = gtk_widget_get_parent (w))
    if (g_object_get_data (G_OBJECT (w), "gov-list-item") != NULL)
      return g_object_get_data (G_OBJECT (w), "gov-list-item");
  return NULL;
}

/* In selection mode a click toggles its row, as does Ctrl+click anywhere,
 * which starts selection mode. The click is claimed before the list sees
 * it, so it never replaces the selection or opens a case. */
static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GovCaseList     *self)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  GtkListItem *item = item_at (self, x, y);

  if (item == NULL)
    return;
  if (!self->selection_mode && !(state & GDK_CONTROL_MASK))
    {
      /* A click on the open case's row selects nothing new, but where the
       * list has folded over the case (360 px, after Back) it must open it
       * again. */
      if (n_press == 1 && gtk_list_item_get_selected (item) &&
          gov_case_list_get_n_selected (self) == 1)
        activate_cb (self->column_view, gtk_list_item_get_position (item), self);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (n_press > 1)
    return;
  if (!self->selection_mode)
    {
      /* The open case's row stays selected: Ctrl+click adds to it. */
      self->selection_mode = TRUE;
      gtk_column_view_column_set_visible (self->select_column, TRUE);
    }
  toggle_position (self, gtk_list_item_get_position (item));
  tell_window (self);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GovCaseList    *self)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (check), "gov-list-item");

  /* Only a toggle by keyboard or screen reader differs from the row. */
  if (item != NULL && gtk_check_button_get_active (check) != gtk_list_item_get_selected (item))
    toggle_position (self, gtk_list_item_get_position (item));
}

static void
setup_select_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GovCaseList              *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  g_object_bind_property (item, "selected", check, "active", G_BINDING_SYNC_CREATE);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  gtk_list_item_set_child (item, check);
}

static void
bind_select_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  const GovCaseSummary *s = gov_case_row_get_summary (gtk_list_item_get_item (item));
  /* Translators: the check box of a case row in selection mode. */
  g_autofree char *label = g_strdup_printf (_("Select %s"), s->number);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_list_item_get_child (item)),
                               gtk_list_item_get_selected (item));
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static gboolean
apply_narrow_cb (gpointer user_data)
{
  GovCaseList *self = user_data;

  self->narrow_idle_id = 0;
  for (guint i = COL_STATUS; i <= COL_UPDATED; i++)
    gtk_column_view_column_set_visible (self->columns[i], !self->narrow);
  /* GTK 4.8 does not give the room of hidden columns to the expanding one:
   * size the Case column by hand while narrow. */
  gtk_column_view_column_set_fixed_width (self->columns[COL_CASE],
                                          self->narrow
                                            ? MAX (self->width - 150 -
                                                   (self->selection_mode ? SELECT_WIDTH : 0), 120)
                                            : -1);

  /* The Case cell's second line changes with the width: bind it again. */
  if (self->filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  return G_SOURCE_REMOVE;
}

/* GtkWidget ---------------------------------------------------------------- */

static void
gov_case_list_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  GovCaseList *self = GOV_CASE_LIST (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);

  if (self->narrow && ABS (width - self->width) > 8 && self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (apply_narrow_cb, self);
  self->width = width;

  /* Changing columns during allocation would queue another one: defer it. */
  if ((width < NARROW_WIDTH) != self->narrow)
    gov_case_list_set_narrow (self, width < NARROW_WIDTH);
}

static void
gov_case_list_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  gtk_widget_measure (GTK_WIDGET (GOV_CASE_LIST (widget)->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
gov_case_list_dispose (GObject *object)
{
  GovCaseList *self = GOV_CASE_LIST (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  g_clear_handle_id (&self->narrow_idle_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_CASE_LIST);

  G_OBJECT_CLASS (gov_case_list_parent_class)->dispose (object);
}

static void
gov_case_list_finalize (GObject *object)
{
  GovCaseList *self = GOV_CASE_LIST (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->matches, g_hash_table_unref);

  G_OBJECT_CLASS (gov_case_list_parent_class)->finalize (object);
}

static void
gov_case_list_class_init (GovCaseListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_case_list_dispose;
  object_class->finalize = gov_case_list_finalize;
  /* No layout manager: it would bypass size_allocate, which watches the width. */
  widget_class->measure = gov_case_list_measure;
  widget_class->size_allocate = gov_case_list_size_allocate;

  /**
   * GovCaseList::case-activated:
   * @row: the GovCaseRow to open
   */
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, GOV_TYPE_CASE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-case-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GovCaseList, stack);
  gtk_widget_class_bind_template_child (widget_class, GovCaseList, scrolled);
  gtk_widget_class_bind_template_child (widget_class, GovCaseList, column_view);
  gtk_widget_class_bind_template_child (widget_class, GovCaseList, spinner);
}

static GtkColumnViewColumn *
add_column (GovCaseList      *self,
            const char       *title,
            GCallback         setup,
            GCallback         bind,
            GCompareDataFunc  cmp,
            gboolean          expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "setup", G_CALLBACK (tag_cell_cb), self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, FALSE);
  if (cmp != NULL)
    gtk_column_view_column_set_sorter (column,
                                       GTK_SORTER (gtk_custom_sorter_new (cmp, NULL, NULL)));
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static void
gov_case_list_init (GovCaseList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  GtkGesture *click = gtk_gesture_click_new ();

  self->search_cancellable = g_cancellable_new ();
  self->view = GOV_CASE_MODEL_VIEW_MINE;

  /* No heading: the check boxes say what they are. */
  self->select_column = add_column (self, NULL, G_CALLBACK (setup_select_cb),
                                    G_CALLBACK (bind_select_cb), NULL, FALSE);
  gtk_column_view_column_set_fixed_width (self->select_column, SELECT_WIDTH);
  gtk_column_view_column_set_visible (self->select_column, FALSE);

  self->columns[COL_CASE] = add_column (self, _("Case"), G_CALLBACK (setup_case_cb),
                                        G_CALLBACK (bind_case_cb), title_cmp, TRUE);
  self->columns[COL_DEADLINE] = add_column (self, _("Deadline"), G_CALLBACK (setup_text_cb),
                                            G_CALLBACK (bind_deadline_cb), deadline_cmp, FALSE);
  self->columns[COL_STATUS] = add_column (self, _("Status"), G_CALLBACK (setup_status_cb),
                                          G_CALLBACK (bind_status_cb), status_cmp, FALSE);
  self->columns[COL_ASSIGNEE] = add_column (self, _("Assignee"), G_CALLBACK (setup_text_cb),
                                            G_CALLBACK (bind_assignee_cb), assignee_cmp, FALSE);
  self->columns[COL_UPDATED] = add_column (self, _("Updated"), G_CALLBACK (setup_text_cb),
                                           G_CALLBACK (bind_updated_cb), updated_cmp, FALSE);
  gtk_column_view_column_set_fixed_width (self->columns[COL_DEADLINE], 130);
  gtk_column_view_column_set_fixed_width (self->columns[COL_STATUS], 190);
  gtk_column_view_column_set_fixed_width (self->columns[COL_ASSIGNEE], 120);
  gtk_column_view_column_set_fixed_width (self->columns[COL_UPDATED], 150);

  g_signal_connect (self->column_view, "activate", G_CALLBACK (activate_cb), self);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));
}

/* Public API --------------------------------------------------------------- */

/**
 * gov_case_list_new:
 * @model: the cases
 */
GtkWidget *
gov_case_list_new (GovCaseModel *model)
{
  GovCaseList *self = g_object_new (GOV_TYPE_CASE_LIST, NULL);
  GtkMultiSorter *sorter = gtk_multi_sorter_new ();

  self->model = g_object_ref (model);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (model)),
                                                  GTK_FILTER (self->filter));
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);

  /* Header clicks sort first; soonest deadline breaks ties and is the default. */
  gtk_multi_sorter_append (sorter, g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  gtk_multi_sorter_append (sorter, GTK_SORTER (gtk_custom_sorter_new (deadline_cmp, NULL, NULL)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (self->filter_model),
                                              GTK_SORTER (sorter));
  gtk_sort_list_model_set_incremental (self->sort_model, TRUE);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->sort_model));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, 0);
  g_signal_connect_object (model, "notify::loading", G_CALLBACK (loading_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sort_model, "items-changed", G_CALLBACK (update_stack), self,
                           G_CONNECT_SWAPPED);
  loading_changed_cb (self);

  return GTK_WIDGET (self);
}

GovCaseModel *
gov_case_list_get_model (GovCaseList *self)
{
  return self->model;
}

void
gov_case_list_set_view (GovCaseList      *self,
                        GovCaseModelView  view)
{
  g_return_if_fail (view < GOV_CASE_MODEL_N_VIEWS);

  if (self->view == view)
    return;
  self->view = view;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

GovCaseModelView
gov_case_list_get_view (GovCaseList *self)
{
  return self->view;
}

/* Starts a full-text search on a worker thread; empty @words ends it. */
void
gov_case_list_set_search (GovCaseList *self,
                          const char  *words)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (words != NULL ? words : ""));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();

  if (*stripped == '\0')
    {
      g_clear_pointer (&self->matches, g_hash_table_unref);
      gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
      update_stack (self);
      return;
    }

  task = g_task_new (self, self->search_cancellable, search_cb, NULL);
  g_task_set_source_tag (task, gov_case_list_set_search);
  g_task_set_task_data (task, g_steal_pointer (&stripped), g_free);
  g_task_run_in_thread (task, search_thread);
}

gboolean
gov_case_list_is_searching (GovCaseList *self)
{
  return self->matches != NULL;
}

/* The rows shown, in order. */
GListModel *
gov_case_list_get_shown (GovCaseList *self)
{
  return G_LIST_MODEL (self->sort_model);
}

void
gov_case_list_set_narrow (GovCaseList *self,
                          gboolean     narrow)
{
  if (self->narrow == narrow)
    return;
  self->narrow = narrow;
  if (self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (apply_narrow_cb, self);
}

/* Whether only Case and Deadline show (below 560 px). */
gboolean
gov_case_list_get_narrow (GovCaseList *self)
{
  return self->narrow &&
         !gtk_column_view_column_get_visible (self->columns[COL_STATUS]);
}

/**
 * gov_case_list_set_selection_mode:
 * @self: the list
 * @selection_mode: whether rows are being picked for a batch action
 *
 * Entering starts with nothing selected; leaving clears the selection.
 */
void
gov_case_list_set_selection_mode (GovCaseList *self,
                                  gboolean     selection_mode)
{
  selection_mode = !!selection_mode;
  if (self->selection_mode == selection_mode)
    return;
  /* Set first: clearing must not open or keep open a case. */
  self->selection_mode = selection_mode;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  gtk_column_view_column_set_visible (self->select_column, selection_mode);
  if (self->narrow && self->narrow_idle_id == 0)
    self->narrow_idle_id = g_idle_add (apply_narrow_cb, self);
  tell_window (self);
}

gboolean
gov_case_list_get_selection_mode (GovCaseList *self)
{
  return self->selection_mode;
}

/* Ctrl+A and Shift+Ctrl+A of selection mode. */
void
gov_case_list_select_all (GovCaseList *self,
                          gboolean     all)
{
  if (all)
    gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
  else
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

guint
gov_case_list_get_n_selected (GovCaseList *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return gtk_bitset_get_size (selected);
}

/**
 * gov_case_list_get_selected:
 * @self: the list
 *
 * Returns: (transfer container): the selected GovCaseRows, in list order
 */
GPtrArray *
gov_case_list_get_selected (GovCaseList *self)
{
  g_autoptr(GtkBitset) selected =
    gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  return rows;
}
