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

#include "gov-calendar.h"
#include "gov-case-model.h"
#include "gov-event.h"

struct _GovCaseRow
{
  GObject         parent_instance;

  GovCaseSummary *summary;
  char           *match;
  GovCaseTransit *transit;
  GDate           today;    /* the day the row was derived for */
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
  GovDeadlineCache *cache;     /* used by the loading threads */
  GHashTable   *notified;      /* offer ids already announced */
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
  g_clear_pointer (&self->transit, gov_case_transit_free);

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

/* Loads make many rows: asking the clock and time zone for each would cost
 * more than reading the row. */
static GovCaseRow *
row_new_for_day (GovCaseSummary *summary,
                 const GDate    *today)
{
  GovCaseRow *self = g_object_new (GOV_TYPE_CASE_ROW, NULL);

  self->summary = summary;
  self->today = *today;
  return self;
}

/**
 * gov_case_row_new:
 * @summary: (transfer full): the row's data
 */
GovCaseRow *
gov_case_row_new (GovCaseSummary *summary)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  return row_new_for_day (summary, &today);
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
  g_date_clear (date, 1);
  return gov_date_parse_iso (text, date);
}

/* Working days (or calendar days, for such a time limit) from @today to the
 * deadline; negative when overdue, G_MAXINT without one. */
int
gov_case_row_days_left (GovCaseRow *self,
                        GDate      *today)
{
  GovClockTrack t;

  switch (gov_case_due_state (self->summary, today, &t))
    {
    case GOV_CASE_DUE_OVERDUE:
      return -MAX (t.overdue_days, 1);
    case GOV_CASE_DUE_RUNNING:
    case GOV_CASE_DUE_PAUSED:
      return t.left;
    case GOV_CASE_DUE_NONE:
    default:
      return G_MAXINT;
    }
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

/* How long ago, in days; "today" counts as 0. */
static int
days_ago (gint64  since_ms,
          GDate  *today)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (since_ms / 1000);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  return MAX (0, g_date_days_between (&d, today));
}

/**
 * gov_case_row_describe_transit:
 * @self: a row
 * @today: today
 *
 * Returns: (transfer full) (nullable): "Offered 3 days ago to Harbour
 *   Office" or "Waiting for you since 3 June 2024"; %NULL when the case has
 *   no open handover
 */
char *
gov_case_row_describe_transit (GovCaseRow *self,
                               GDate      *today)
{
  const GovCaseTransit *t = self->transit;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *date = NULL;
  int n;

  if (t == NULL)
    return NULL;
  if (t->incoming)
    {
      when = g_date_time_new_from_unix_local (t->since_ms / 1000);
      /* Translators: when a handover was offered, g_date_time_format() format. */
      date = g_date_time_format (when, _("%-d %B %Y"));
      /* Translators: %s is a date, "3 June 2024". */
      return g_strdup_printf (_("Waiting for you since %s"), date);
    }
  n = days_ago (t->since_ms, today);
  if (n == 0)
    /* Translators: %s is an office or a team. */
    return g_strdup_printf (_("Offered today to %s"), t->party);
  /* Translators: %2$s is an office or a team. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offered %1$d day ago to %2$s",
                                       "Offered %1$d days ago to %2$s", n), n, t->party);
}

const GovCaseTransit *
gov_case_row_get_transit (GovCaseRow *self)
{
  return self->transit;
}

/**
 * gov_case_row_describe:
 * @self: a row
 * @today: today
 * @words: (out) (transfer full): the state in words
 *
 * The most urgent state of the case, as a list row shows it: a conflict, an
 * open handover, then the time limit (derived from the clocks for a case
 * with a case type, else the stored due date).
 */
GovStatusChipState
gov_case_row_describe (GovCaseRow  *self,
                       GDate       *today,
                       char       **words)
{
  GovClockTrack t;

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
  if (self->transit != NULL)
    {
      *words = gov_case_row_describe_transit (self, today);
      return GOV_STATUS_CHIP_IN_TRANSIT;
    }

  switch (gov_case_due_state (self->summary, today, &t))
    {
    case GOV_CASE_DUE_OVERDUE:
      *words = gov_case_due_words (self->summary, today);
      return GOV_STATUS_CHIP_OVERDUE;
    case GOV_CASE_DUE_PAUSED:
      *words = gov_case_due_words (self->summary, today);
      return GOV_STATUS_CHIP_PAUSED;
    case GOV_CASE_DUE_RUNNING:
      if (t.left > GOV_CASE_DUE_SOON_DAYS)
        break;
      *words = gov_case_due_words (self->summary, today);
      return GOV_STATUS_CHIP_DUE_SOON;
    case GOV_CASE_DUE_NONE:
    default:
      break;
    }

  *words = g_strdup (gov_case_status_label (self->summary->status));
  return GOV_STATUS_CHIP_PLAIN;
}

/* The deadline for a screen reader: "14 June 2024, 3 working days left";
 * empty without one. */
char *
gov_case_row_format_due (GovCaseRow *self)
{
  g_autofree char *words = gov_case_due_words (self->summary, &self->today);
  GDate due;
  char buf[64];

  if (!parse_date (self->summary->deadline, &due))
    return g_strdup ("");
  /* Translators: a deadline in a list cell, strftime format. */
  g_date_strftime (buf, sizeof buf, _("%-d %B %Y"), &due);
  if (words == NULL)
    return g_strdup (buf);
  /* Translators: a deadline, then where it stands: "14 June 2024, 3 working days left". */
  return g_strdup_printf (_("%s, %s"), buf, words);
}

/* The deadline cell, e.g. "14 Jun 2024": the derived time limit of a case
 * with a case type, else the stored due date. Its words ("2 working days
 * overdue", "Clock paused") are in the row's status chip beside it. */
char *
gov_case_row_format_due_short (GovCaseRow *self)
{
  GDate due;
  char buf[64];

  if (!parse_date (self->summary->deadline, &due))
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
    case GOV_CASE_MODEL_VIEW_IN_TRANSIT:
      return self->transit != NULL;
    case GOV_CASE_MODEL_VIEW_OVERDUE:
      return gov_case_due_is_overdue (s, today);
    case GOV_CASE_MODEL_VIEW_DUE_SOON:
      return gov_case_due_is_within (s, GOV_CASE_DUE_SOON_DAYS, today);
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

/* What a load reads: every case (ids NULL) or some, for one day. */
typedef struct
{
  char  **ids;
  GDate   today;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_strfreev (data->ids);
  g_free (data);
}

static GPtrArray *
rows_from_summaries (GPtrArray   *summaries,
                     GHashTable  *transits,
                     const GDate *today)
{
  GPtrArray *rows = g_ptr_array_new_full (summaries->len, g_object_unref);

  for (guint i = 0; i < summaries->len; i++)
    {
      GovCaseRow *row = row_new_for_day (g_ptr_array_index (summaries, i), today);

      g_ptr_array_index (summaries, i) = NULL;
      g_hash_table_steal_extended (transits, row->summary->case_id, NULL,
                                   (gpointer *) &row->transit);
      g_ptr_array_add (rows, row);
    }
  return rows;
}

static int
summary_ptr_cmp (gconstpointer a,
                 gconstpointer b)
{
  return gov_case_summary_deadline_cmp (*(GovCaseSummary **) a, *(GovCaseSummary **) b);
}

/* The open handovers by case id. */
static GHashTable *
load_transits (GovReplica  *replica,
               GError     **error)
{
  g_autoptr(GPtrArray) list = gov_case_due_in_transit (replica, error);
  GHashTable *out;

  if (list == NULL)
    return NULL;
  out = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                               (GDestroyNotify) gov_case_transit_free);
  for (guint i = 0; i < list->len; i++)
    {
      GovCaseTransit *t = g_steal_pointer (&list->pdata[i]);

      g_hash_table_replace (out, t->case_id, t);
    }
  return out;
}

/* Runs on a worker thread: the projections, then each open typed case's
 * clocks (from the cache where nothing changed), then the open handovers. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GovCaseModel *self = source_object;
  LoadData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  g_autoptr(GHashTable) transits = NULL;

  summaries = gov_case_query_summaries (self->replica, (const char * const *) data->ids, &error);
  if (summaries != NULL &&
      gov_case_due_add_deadlines (self->replica, summaries, self->cache, &data->today, &error))
    transits = load_transits (self->replica, &error);
  if (transits == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_ptr_array_sort (summaries, summary_ptr_cmp);
  g_task_return_pointer (task, rows_from_summaries (summaries, transits, &data->today),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
run_load (GovCaseModel        *self,
          const char * const  *case_ids,
          GAsyncReadyCallback  callback,
          gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, callback, NULL);
  LoadData *data = g_new0 (LoadData, 1);

  data->ids = g_strdupv ((char **) case_ids);
  data->today = self->today;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
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
  g_clear_pointer (&self->cache, gov_deadline_cache_free);
  g_clear_pointer (&self->notified, g_hash_table_unref);

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
  self->cache = gov_deadline_cache_new ();
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  set_loading (self, TRUE);
  run_load (self, NULL, reload_cb, gov_case_model_reload);
}

/* Reads @case_ids again on a worker thread and replaces their rows. */
void
gov_case_model_refresh_cases (GovCaseModel       *self,
                              const char * const *case_ids)
{
  run_load (self, case_ids, refresh_cb, gov_case_model_refresh_cases);
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

/**
 * gov_case_model_take_new_offers:
 * @self: a model
 *
 * The handovers waiting for this office that were not returned before, so
 * that each is announced once per replica (the first load after unlocking
 * returns all that wait).
 *
 * Returns: (transfer container) (element-type GovCaseRow): their rows
 */
GPtrArray *
gov_case_model_take_new_offers (GovCaseModel *self)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < self->rows->len; i++)
    {
      GovCaseRow *row = g_ptr_array_index (self->rows, i);

      if (row->transit == NULL || !row->transit->incoming ||
          g_hash_table_contains (self->notified, row->transit->offer_id))
        continue;
      g_hash_table_add (self->notified, g_strdup (row->transit->offer_id));
      g_ptr_array_add (out, row);
    }
  return out;
}

/* Whether any handover still waits for this office. */
gboolean
gov_case_model_has_incoming_offers (GovCaseModel *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GovCaseRow *row = g_ptr_array_index (self->rows, i);

      if (row->transit != NULL && row->transit->incoming)
        return TRUE;
    }
  return FALSE;
}
