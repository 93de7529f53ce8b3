/* gov-case-model.c: the cases of a replica as a GListModel of GovCaseRow
 *
 * Rows are read from the projections on a worker thread (the replica's
 * connection, under its lock) and handed to the main thread in one splice,
 * so the GTK main loop never runs SQL. When the ledger applies an event,
 * only the cases it touched are read again and replaced in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "gov-case-model.h"
#include "gov-event.h"

struct _GovCaseRow
{
  GObject         parent_instance;

  GovCaseSummary *summary;
  char           *match;
};

G_DEFINE_FINAL_TYPE (GovCaseRow, gov_case_row, G_TYPE_OBJECT)

/* Events arrive on the writing thread; this collects the touched cases
 * until the main loop picks them up. It outlives the model until the
 * ledger's notify is cleared. */
typedef struct
{
  GMutex      lock;
  GHashTable *pending;
  GWeakRef    model;
  guint       idle_id;
} Watch;

struct _GovCaseModel
{
  GObject       parent_instance;

  GovReplica   *replica;
  GPtrArray    *rows;
  GHashTable   *by_id;
  GDate         today;
  char         *me;
  GCancellable *cancellable;
  Watch        *watch;
  gboolean      loading;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GovCaseModel, gov_case_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GovCaseRow -------------------------------------------------------------- */

static void
gov_case_row_finalize (GObject *object)
{
  GovCaseRow *self = GOV_CASE_ROW (object);

  g_clear_pointer (&self->summary, gov_case_summary_free);
  g_clear_pointer (&self->match, g_free);

  G_OBJECT_CLASS (gov_case_row_parent_class)->finalize (object);
}

static void
gov_case_row_class_init (GovCaseRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gov_case_row_finalize;
}

static void
gov_case_row_init (GovCaseRow *self)
{
}

/**
 * gov_case_row_new:
 * @summary: (transfer full): the row's data
 */
GovCaseRow *
gov_case_row_new (GovCaseSummary *summary)
{
  GovCaseRow *self = g_object_new (GOV_TYPE_CASE_ROW, NULL);

  self->summary = summary;
  return self;
}

const GovCaseSummary *
gov_case_row_get_summary (GovCaseRow *self)
{
  return self->summary;
}

const char *
gov_case_row_get_match (GovCaseRow *self)
{
  return self->match;
}

void
gov_case_row_set_match (GovCaseRow *self,
                        const char *match)
{
  g_free (self->match);
  self->match = g_strdup (match);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  int y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * gov_working_days_between:
 * @from: a date
 * @to: a date
 *
 * Counts Monday to Friday from the day after @from up to and including @to;
 * negative when @to is before @from. Holidays come with the clock audit of
 * issue 6; until then only weekends are skipped.
 */
int
gov_working_days_between (GDate *from,
                          GDate *to)
{
  int sign = g_date_compare (from, to) <= 0 ? 1 : -1;
  GDate a = sign > 0 ? *from : *to;
  GDate b = sign > 0 ? *to : *from;
  int days = g_date_days_between (&a, &b);
  int weeks = days / 7;
  int n = weeks * 5;

  g_date_add_days (&a, weeks * 7);
  while (g_date_compare (&a, &b) < 0)
    {
      g_date_add_days (&a, 1);
      if (g_date_get_weekday (&a) < G_DATE_SATURDAY)
        n++;
    }
  return sign * n;
}

/* Working days from @today to the due date; G_MAXINT without one. */
int
gov_case_row_days_left (GovCaseRow *self,
                        GDate      *today)
{
  GDate due;

  if (!parse_date (self->summary->due, &due))
    return G_MAXINT;
  return gov_working_days_between (today, &due);
}

const char *
gov_case_status_label (const char *status)
{
  if (g_strcmp0 (status, "new") == 0)
    return _("New");
  if (g_strcmp0 (status, "open") == 0)
    return _("Open");
  if (g_strcmp0 (status, "in_progress") == 0)
    return _("In Progress");
  if (g_strcmp0 (status, "waiting") == 0)
    return _("Waiting");
  if (g_strcmp0 (status, "closed") == 0)
    return _("Closed");
  return status != NULL ? status : "";
}

static gboolean
is_closed (GovCaseRow *self)
{
  return g_strcmp0 (self->summary->status, "closed") == 0;
}

/**
 * gov_case_row_describe:
 * @self: a row
 * @today: today
 * @words: (out) (transfer full): the state in words
 *
 * The most urgent state of the case, as a list row shows it.
 */
GovStatusChipState
gov_case_row_describe (GovCaseRow  *self,
                       GDate       *today,
                       char       **words)
{
  int left;

  if (self->summary->conflicts > 0)
    {
      *words = g_strdup (_("Conflict"));
      return GOV_STATUS_CHIP_CONFLICT;
    }
  if (is_closed (self))
    {
      *words = g_strdup (_("Closed"));
      return GOV_STATUS_CHIP_CLOSED;
    }

  left = gov_case_row_days_left (self, today);
  if (left < 0)
    {
      *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day overdue",
                                             "%d working days overdue", -left), -left);
      return GOV_STATUS_CHIP_OVERDUE;
    }
  if (left <= 3)
    {
      if (left == 0)
        *words = g_strdup (_("Due today"));
      else
        *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left",
                                               "%d working days left", left), left);
      return GOV_STATUS_CHIP_DUE_SOON;
    }

  *words = g_strdup (gov_case_status_label (self->summary->status));
  return GOV_STATUS_CHIP_PLAIN;
}

/* The due date in full, e.g. "14 June 2024"; empty without one. */
char *
gov_case_row_format_due (GovCaseRow *self)
{
  GDate due;
  char buf[64];

  if (!parse_date (self->summary->due, &due))
    return g_strdup ("");
  /* Translators: a deadline in a list cell, strftime format. */
  g_date_strftime (buf, sizeof buf, _("%-d %B %Y"), &due);
  return g_strdup (buf);
}

/* The due date for a list cell, e.g. "14 Jun 2024". */
char *
gov_case_row_format_due_short (GovCaseRow *self)
{
  GDate due;
  char buf[64];

  if (!parse_date (self->summary->due, &due))
    return g_strdup ("");
  /* Translators: a deadline in a narrow list cell, strftime format. */
  g_date_strftime (buf, sizeof buf, _("%-d %b %Y"), &due);
  return g_strdup (buf);
}

gboolean
gov_case_row_in_view (GovCaseRow        *self,
                      GovCaseModelView   view,
                      const char        *me,
                      GDate             *today)
{
  const GovCaseSummary *s = self->summary;

  switch (view)
    {
    case GOV_CASE_MODEL_VIEW_MINE:
      return !is_closed (self) && g_strcmp0 (s->assignee, me) == 0;
    case GOV_CASE_MODEL_VIEW_TEAM:
      return !is_closed (self) && s->team != NULL;
    case GOV_CASE_MODEL_VIEW_OVERDUE:
      return !is_closed (self) && gov_case_row_days_left (self, today) < 0;
    case GOV_CASE_MODEL_VIEW_CONFLICTS:
      return s->conflicts > 0;
    case GOV_CASE_MODEL_N_VIEWS:
    default:
      g_assert_not_reached ();
    }
}

/* The ledger watch ---------------------------------------------------------- */

static gboolean
watch_idle_cb (gpointer user_data)
{
  Watch *watch = user_data;
  g_autoptr(GovCaseModel) model = g_weak_ref_get (&watch->model);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&watch->lock);
  g_hash_table_iter_init (&iter, watch->pending);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_ptr_array_add (ids, key);
      g_hash_table_iter_steal (&iter);
    }
  watch->idle_id = 0;
  g_mutex_unlock (&watch->lock);

  g_ptr_array_add (ids, NULL);
  if (model != NULL && ids->len > 1)
    gov_case_model_refresh_cases (model, (const char * const *) ids->pdata);

  return G_SOURCE_REMOVE;
}

static void
ledger_notify_cb (GovEvent *event,
                  gpointer  user_data)
{
  Watch *watch = user_data;
  const char *case_id = gov_event_get_case_id (event);

  if (case_id == NULL)
    return;

  g_mutex_lock (&watch->lock);
  g_hash_table_add (watch->pending, g_strdup (case_id));
  /* A short delay gathers the events of one sync into one refresh. */
  if (watch->idle_id == 0)
    watch->idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT_IDLE, 50, watch_idle_cb, watch, NULL);
  g_mutex_unlock (&watch->lock);
}

static void
watch_free (Watch *watch)
{
  if (watch->idle_id != 0)
    g_source_remove (watch->idle_id);
  g_hash_table_unref (watch->pending);
  g_weak_ref_clear (&watch->model);
  g_mutex_clear (&watch->lock);
  g_free (watch);
}

/* GListModel --------------------------------------------------------------- */

static GType
get_item_type (GListModel *model)
{
  return GOV_TYPE_CASE_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return GOV_CASE_MODEL (model)->rows->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GovCaseModel *self = GOV_CASE_MODEL (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

/* Loading ------------------------------------------------------------------ */

static GPtrArray *
rows_from_summaries (GPtrArray *summaries)
{
  GPtrArray *rows = g_ptr_array_new_full (summaries->len, g_object_unref);

  for (guint i = 0; i < summaries->len; i++)
    {
      g_ptr_array_add (rows, gov_case_row_new (g_ptr_array_index (summaries, i)));
      g_ptr_array_index (summaries, i) = NULL;
    }
  return rows;
}

/* The case list's default order: open before closed, soonest time limit
 * first, cases without one last, then by number. Rows arrive in this order
 * so that the list's sort finds one sorted run instead of sorting. */
int
gov_case_summary_deadline_cmp (const GovCaseSummary *a,
                               const GovCaseSummary *b)
{
  gboolean ca = g_strcmp0 (a->status, "closed") == 0;
  gboolean cb = g_strcmp0 (b->status, "closed") == 0;
  int c;

  if (ca != cb)
    return ca ? 1 : -1;
  if ((a->due == NULL) != (b->due == NULL))
    return a->due == NULL ? 1 : -1;
  c = g_strcmp0 (a->due, b->due);
  return c != 0 ? c : g_strcmp0 (a->number, b->number);
}

static int
summary_ptr_cmp (gconstpointer a,
                 gconstpointer b)
{
  return gov_case_summary_deadline_cmp (*(GovCaseSummary **) a, *(GovCaseSummary **) b);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovCaseModel *self = source_object;
  const char * const *ids = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = gov_case_query_summaries (self->replica, ids, &error);

  if (summaries == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (summaries, summary_ptr_cmp);
  g_task_return_pointer (task, rows_from_summaries (summaries),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
set_loading (GovCaseModel *self,
             gboolean      loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GovCaseModel *self = GOV_CASE_MODEL (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), &error);
  guint removed;

  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not load the cases: %s", error->message);
      return;
    }

  removed = self->rows->len;
  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GovCaseRow *row = g_ptr_array_index (self->rows, i);

      g_hash_table_insert (self->by_id, row->summary->case_id, row);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->rows->len);
  set_loading (self, FALSE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GovCaseModel *self = GOV_CASE_MODEL (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (rows == NULL)
    return;

  for (guint i = 0; i < rows->len; i++)
    {
      GovCaseRow *row = g_ptr_array_index (rows, i);
      GovCaseRow *old = g_hash_table_lookup (self->by_id, row->summary->case_id);
      guint pos;

      /* Removing and adding the item makes filters and sorters look again. */
      if (old != NULL && g_ptr_array_find (self->rows, old, &pos))
        {
          g_hash_table_replace (self->by_id, row->summary->case_id, row);
          g_ptr_array_index (self->rows, pos) = g_object_ref (row);
          g_object_unref (old);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
        }
      else
        {
          g_ptr_array_add (self->rows, g_object_ref (row));
          g_hash_table_replace (self->by_id, row->summary->case_id, row);
          g_list_model_items_changed (G_LIST_MODEL (self), self->rows->len - 1, 0, 1);
        }
    }
  g_signal_emit (self, signals[CHANGED], 0);
}

/* GObject ------------------------------------------------------------------ */

static void
gov_case_model_dispose (GObject *object)
{
  GovCaseModel *self = GOV_CASE_MODEL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->watch != NULL)
    {
      gov_ledger_set_notify (gov_replica_get_ledger (self->replica), NULL, NULL);
      g_clear_pointer (&self->watch, watch_free);
    }

  G_OBJECT_CLASS (gov_case_model_parent_class)->dispose (object);
}

static void
gov_case_model_finalize (GObject *object)
{
  GovCaseModel *self = GOV_CASE_MODEL (object);

  g_clear_pointer (&self->replica, gov_replica_close);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->me, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (gov_case_model_parent_class)->finalize (object);
}

static void
gov_case_model_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GovCaseModel *self = GOV_CASE_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gov_case_model_class_init (GovCaseModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gov_case_model_dispose;
  object_class->finalize = gov_case_model_finalize;
  object_class->get_property = gov_case_model_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GovCaseModel::changed:
   *
   * Emitted after a load or a refresh changed rows; view counts may differ.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gov_case_model_init (GovCaseModel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  g_date_clear (&self->today, 1);
  g_date_set_dmy (&self->today, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

/**
 * gov_case_model_new:
 * @replica: (transfer none): an open replica that outlives the model
 */
GovCaseModel *
gov_case_model_new (GovReplica *replica)
{
  GovCaseModel *self = g_object_new (GOV_TYPE_CASE_MODEL, NULL);

  self->replica = gov_replica_ref (replica);
  self->me = g_strdup (gov_replica_get_actor (replica));
  return self;
}

GovReplica *
gov_case_model_get_replica (GovCaseModel *self)
{
  return self->replica;
}

GDate *
gov_case_model_get_today (GovCaseModel *self)
{
  return &self->today;
}

/* For tests: fixes "today", which decides overdue and due-soon. */
void
gov_case_model_set_today (GovCaseModel *self,
                          const char   *yyyy_mm_dd)
{
  g_return_if_fail (parse_date (yyyy_mm_dd, &self->today));
}

const char *
gov_case_model_get_me (GovCaseModel *self)
{
  return self->me;
}

gboolean
gov_case_model_get_loading (GovCaseModel *self)
{
  return self->loading;
}

/* Reads every case again on a worker thread. */
void
gov_case_model_reload (GovCaseModel *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, reload_cb, NULL);

  g_task_set_source_tag (task, gov_case_model_reload);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

/* Reads @case_ids again on a worker thread and replaces their rows. */
void
gov_case_model_refresh_cases (GovCaseModel       *self,
                              const char * const *case_ids)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, refresh_cb, NULL);

  g_task_set_source_tag (task, gov_case_model_refresh_cases);
  g_task_set_task_data (task, g_strdupv ((char **) case_ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, load_thread);
}

/* Refreshes the rows of every case the ledger applies an event to. */
void
gov_case_model_watch_ledger (GovCaseModel *self)
{
  g_return_if_fail (self->watch == NULL);

  self->watch = g_new0 (Watch, 1);
  g_mutex_init (&self->watch->lock);
  self->watch->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_weak_ref_init (&self->watch->model, self);
  gov_ledger_set_notify (gov_replica_get_ledger (self->replica), ledger_notify_cb, self->watch);
}

GovCaseRow *
gov_case_model_lookup (GovCaseModel *self,
                       const char   *case_id_or_number)
{
  GovCaseRow *row = g_hash_table_lookup (self->by_id, case_id_or_number);

  for (guint i = 0; row == NULL && i < self->rows->len; i++)
    {
      GovCaseRow *r = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (r->summary->number, case_id_or_number) == 0)
        row = r;
    }
  return row;
}

guint
gov_case_model_count_view (GovCaseModel     *self,
                           GovCaseModelView  view)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    if (gov_case_row_in_view (g_ptr_array_index (self->rows, i), view, self->me, &self->today))
      n++;
  return n;
}
