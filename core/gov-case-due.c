/* gov-case-due.c: the deadline a case list shows, and who has a handover open
 *
 * A case with a case type gets its deadline from its clocks, derived from
 * its events (gov-case-clock.c); a case without one keeps the stored "due"
 * field. The Overdue and "due within N days" views of the window and of
 * `govserv case list` both decide with gov_case_due_state(), so they agree.
 *
 * Deriving costs about 0.3 ms per case, so the case list keeps a
 * GovDeadlineCache between reloads. It is only a memo of
 * gov_case_clock_get(): an entry is reused while everything the clocks are
 * computed from is unchanged, and dropping the cache changes nothing but
 * the time taken (docs/clocks.md, "The list's deadline cache").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-case-clock.h"
#include "gov-case-due.h"
#include "gov-clock-format.h"
#include "gov-db.h"
#include "gov-handover.h"
#include "gov-identity.h"
#include "gov-ledger-private.h"

/* Deadlines ------------------------------------------------------------------ */

/* What a case's clocks are computed from, besides the admin log: the case's
 * events are an only-growing set, and every event that arrives here gets a
 * higher local sequence number, even one older by HLC (a late sync). */
typedef struct
{
  gint64           updated_ms;
  gint64           updated_c;
  gint64           last_seq;
  guint32          today;
  gboolean         typed;
  GovCaseDeadline  deadline;
} Entry;

struct _GovDeadlineCache
{
  GMutex      lock;
  GHashTable *entries;   /* case_id → Entry */
  char       *admin;     /* the case types and calendars the entries used */
  guint       computed;
};

GovDeadlineCache *
gov_deadline_cache_new (void)
{
  GovDeadlineCache *cache = g_new0 (GovDeadlineCache, 1);

  g_mutex_init (&cache->lock);
  cache->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return cache;
}

void
gov_deadline_cache_free (GovDeadlineCache *cache)
{
  if (cache == NULL)
    return;
  g_hash_table_unref (cache->entries);
  g_free (cache->admin);
  g_mutex_clear (&cache->lock);
  g_free (cache);
}

/* For tests: how many cases' clocks were derived rather than reused. */
guint
gov_deadline_cache_get_computed (GovDeadlineCache *cache)
{
  guint n;

  g_mutex_lock (&cache->lock);
  n = cache->computed;
  g_mutex_unlock (&cache->lock);
  return n;
}

/* The stored case type and calendar versions by event: a new version, or a
 * concurrent one winning, changes this and so every deadline. */
static char *
admin_stamp (GovReplica  *replica,
             GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3_stmt *s;
  char *out = NULL;

  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT coalesce (group_concat (event_id), '') FROM"
                                " (SELECT event_id FROM resp_casetype UNION ALL"
                                "  SELECT event_id FROM resp_calendar ORDER BY 1)", error);
  if (s != NULL)
    {
      if (sqlite3_step (s) == SQLITE_ROW)
        out = g_strdup ((const char *) sqlite3_column_text (s, 0));
      else
        gov_db_set_error (gov_replica_get_db (replica), sqlite3_errcode (gov_replica_get_db (replica)),
                          _("Could not read the case types"), error);
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);
  return out;
}

static gboolean
entry_matches (const Entry          *e,
               const GovCaseSummary *s,
               guint32               today)
{
  return e->updated_ms == s->updated_ms && e->updated_c == s->updated_c &&
         e->last_seq == s->last_seq && e->today == today;
}

static void
copy_track (GovClockTrack       *to,
            const GovClockTrack *from)
{
  *to = *from;
  to->audit = NULL;
}

#define TYPED_EVENT \
  "(type = 'case.type' OR (type = 'case.create' AND instr (body, '\"case_type\"') > 0))"

/* The cases any event gave a case type, so that the many untyped cases of
 * a first load cost nothing like a gov_case_clock_get() each: one index
 * probe per case for a few, one scan of the timeline for many. */
static GHashTable *
typed_cases (GovReplica *replica,
             GPtrArray  *misses)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean scan = misses->len > 256;
  sqlite3_stmt *s;

  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, scan ? "SELECT DISTINCT case_id FROM timeline WHERE " TYPED_EVENT
                                     : "SELECT case_id FROM timeline WHERE case_id = ?1 AND "
                                       TYPED_EVENT " LIMIT 1", NULL);
  for (guint i = 0; s != NULL && i < (scan ? 1 : misses->len); i++)
    {
      if (!scan)
        sqlite3_bind_text (s, 1, ((GovCaseSummary *) misses->pdata[i])->case_id, -1,
                           SQLITE_STATIC);
      while (sqlite3_step (s) == SQLITE_ROW)
        g_hash_table_add (out, g_strdup ((const char *) sqlite3_column_text (s, 0)));
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);
  return out;
}

/* Derives one case's clocks; an untyped case, or one whose case type or
 * calendar has not arrived yet, keeps its stored due date. */
static void
derive (GovReplica           *replica,
        const GovCaseSummary *s,
        gboolean              typed,
        const GDate          *today,
        Entry                *e)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovCaseClock) clock = NULL;

  e->updated_ms = s->updated_ms;
  e->updated_c = s->updated_c;
  e->last_seq = s->last_seq;
  e->today = g_date_get_julian (today);
  if (!typed)
    return;
  clock = gov_case_clock_get (replica, s->case_id, today, &error);
  e->typed = clock != NULL;
  if (clock != NULL)
    {
      copy_track (&e->deadline.legal, &clock->result->legal);
      copy_track (&e->deadline.service, &clock->result->service);
    }
  else if (!g_error_matches (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE) &&
           !g_error_matches (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_UNKNOWN))
    /* One case's unreadable events must not empty the whole list. */
    g_warning ("Could not derive the clocks of case %s: %s", s->number, error->message);
}

static void
apply_entry (GovCaseSummary *s,
             const Entry    *e)
{
  g_clear_pointer (&s->clock, g_free);
  if (!e->typed)
    return;
  s->clock = g_memdup2 (&e->deadline, sizeof e->deadline);
  g_free (s->deadline);
  s->deadline = gov_date_to_iso (&e->deadline.legal.deadline);
}

static void
today_or_now (const GDate *today,
              GDate       *out)
{
  g_autoptr(GDateTime) now = NULL;

  if (today != NULL && g_date_valid (today))
    {
      *out = *today;
      return;
    }
  now = g_date_time_new_now_local ();
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

/**
 * gov_case_due_add_deadlines:
 * @replica: the replica
 * @summaries: (element-type GovCaseSummary): rows to complete
 * @cache: (nullable): a memo kept between calls, or %NULL to derive all
 * @today: (nullable): the day to compute for; %NULL for today
 * @error: return location
 *
 * Gives every open case with a case type its derived clocks (@clock) and
 * their time limit as @deadline. Call without the ledger lock: it takes
 * it per case, so writers are not held up for the whole list.
 */
gboolean
gov_case_due_add_deadlines (GovReplica        *replica,
                            GPtrArray         *summaries,
                            GovDeadlineCache  *cache,
                            const GDate       *today,
                            GError           **error)
{
  g_autoptr(GovDeadlineCache) own = NULL;
  g_autofree char *stamp = admin_stamp (replica, error);
  g_autoptr(GPtrArray) misses = NULL;
  g_autoptr(GHashTable) typed = NULL;
  GDate day;

  if (stamp == NULL)
    return FALSE;
  if (cache == NULL)
    cache = own = gov_deadline_cache_new ();
  today_or_now (today, &day);

  g_mutex_lock (&cache->lock);
  if (g_strcmp0 (cache->admin, stamp) != 0)
    {
      g_hash_table_remove_all (cache->entries);
      g_free (cache->admin);
      cache->admin = g_steal_pointer (&stamp);
    }
  misses = g_ptr_array_new ();
  for (guint i = 0; i < summaries->len; i++)
    {
      GovCaseSummary *s = g_ptr_array_index (summaries, i);
      Entry *e;

      if (g_strcmp0 (s->status, "closed") == 0)
        continue;
      e = g_hash_table_lookup (cache->entries, s->case_id);
      if (e != NULL && entry_matches (e, s, g_date_get_julian (&day)))
        apply_entry (s, e);
      else
        g_ptr_array_add (misses, s);
    }
  typed = typed_cases (replica, misses);
  for (guint i = 0; i < misses->len; i++)
    {
      GovCaseSummary *s = g_ptr_array_index (misses, i);
      Entry *e = g_new0 (Entry, 1);

      derive (replica, s, g_hash_table_contains (typed, s->case_id), &day, e);
      g_hash_table_replace (cache->entries, g_strdup (s->case_id), e);
      cache->computed++;
      apply_entry (s, e);
    }
  g_mutex_unlock (&cache->lock);
  return TRUE;
}

/**
 * gov_working_days_between:
 * @from: a date
 * @to: a date
 *
 * Counts Monday to Friday from the day after @from up to and including @to;
 * negative when @to is before @from. Only for cases without a case type
 * (and so without a calendar): those skip weekends only.
 */
int
gov_working_days_between (const GDate *from,
                          const GDate *to)
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

/**
 * gov_case_due_state:
 * @summary: a row, after gov_case_due_add_deadlines()
 * @today: today
 * @track: (out caller-allocates) (optional): the time limit as a clock track
 *   (for an untyped case: built from the stored due date, in working days)
 *
 * Returns: where the case's time limit stands
 */
GovCaseDueState
gov_case_due_state (const GovCaseSummary *summary,
                    const GDate          *today,
                    GovClockTrack        *track)
{
  GovClockTrack t = { 0 };
  GDate due;
  int left;

  if (g_strcmp0 (summary->status, "closed") == 0)
    return GOV_CASE_DUE_NONE;
  if (summary->clock != NULL)
    t = summary->clock->legal;
  else if (gov_date_parse_iso (summary->due, &due))
    {
      /* As for a clock (docs/clocks.md rule 8): overdue once today is after
       * the deadline, by the working days since, which may be none yet
       * (a Friday deadline on Saturday). */
      left = gov_working_days_between (today, &due);
      t.unit = GOV_CLOCK_UNIT_WORKING_DAYS;
      t.deadline = due;
      t.state = g_date_compare (today, &due) > 0 ? GOV_CLOCK_STATE_OVERDUE
                                                 : GOV_CLOCK_STATE_RUNNING;
      t.left = MAX (left, 0);
      t.overdue_days = MAX (-left, 0);
    }
  else
    return GOV_CASE_DUE_NONE;

  if (track != NULL)
    *track = t;
  switch (t.state)
    {
    case GOV_CLOCK_STATE_OVERDUE:
      return GOV_CASE_DUE_OVERDUE;
    case GOV_CLOCK_STATE_PAUSED:
      return GOV_CASE_DUE_PAUSED;
    case GOV_CLOCK_STATE_RUNNING:
    default:
      return GOV_CASE_DUE_RUNNING;
    }
}

/* The Overdue view: the time limit has passed. */
gboolean
gov_case_due_is_overdue (const GovCaseSummary *summary,
                         const GDate          *today)
{
  return gov_case_due_state (summary, today, NULL) == GOV_CASE_DUE_OVERDUE;
}

/* "Due within N days": a running time limit with at most @days left, in its
 * own unit; paused and overdue clocks have their own words and views. */
gboolean
gov_case_due_is_within (const GovCaseSummary *summary,
                        int                   days,
                        const GDate          *today)
{
  GovClockTrack t;

  return gov_case_due_state (summary, today, &t) == GOV_CASE_DUE_RUNNING && t.left <= days;
}

/**
 * gov_case_due_words:
 * @summary: a row
 * @today: today
 *
 * Returns: (transfer full) (nullable): "2 working days overdue", "3 working
 *   days left", "Due today" or "Clock paused"; %NULL without a deadline
 */
char *
gov_case_due_words (const GovCaseSummary *summary,
                    const GDate          *today)
{
  GovClockTrack t;

  if (gov_case_due_state (summary, today, &t) == GOV_CASE_DUE_NONE)
    return NULL;
  /* The row words need only the track. */
  return gov_clock_format_row (NULL, &t);
}

/* The case list's default order: open before closed, soonest time limit
 * first (so overdue on top), cases without one last, then by number. */
int
gov_case_summary_deadline_cmp (const GovCaseSummary *a,
                               const GovCaseSummary *b)
{
  gboolean ca = g_strcmp0 (a->status, "closed") == 0;
  gboolean cb = g_strcmp0 (b->status, "closed") == 0;
  int c;

  if (ca != cb)
    return ca ? 1 : -1;
  if ((a->deadline == NULL) != (b->deadline == NULL))
    return a->deadline == NULL ? 1 : -1;
  c = g_strcmp0 (a->deadline, b->deadline);
  return c != 0 ? c : g_strcmp0 (a->number, b->number);
}

static int
summary_ptr_cmp (gconstpointer a,
                 gconstpointer b)
{
  return gov_case_summary_deadline_cmp (*(GovCaseSummary **) a, *(GovCaseSummary **) b);
}

/**
 * gov_case_due_list:
 * @replica: the replica
 * @within_days: -1 for the overdue cases; N ≥ 0 for those due within N days
 * @today: (nullable): the day to compute for; %NULL for today
 * @error: return location
 *
 * The Overdue and "due within N days" views, decided exactly as the case
 * list decides them.
 *
 * Returns: (transfer full) (element-type GovCaseSummary) (nullable): the
 *   cases, soonest deadline first
 */
GPtrArray *
gov_case_due_list (GovReplica   *replica,
                   int           within_days,
                   const GDate  *today,
                   GError      **error)
{
  g_autoptr(GPtrArray) rows = gov_case_query_summaries (replica, NULL, error);
  GPtrArray *out;
  GDate day;

  if (rows == NULL || !gov_case_due_add_deadlines (replica, rows, NULL, today, error))
    return NULL;
  today_or_now (today, &day);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_case_summary_free);
  for (guint i = 0; i < rows->len; i++)
    {
      GovCaseSummary *s = g_ptr_array_index (rows, i);
      gboolean hit = within_days < 0 ? gov_case_due_is_overdue (s, &day)
                                     : gov_case_due_is_within (s, within_days, &day);

      if (hit)
        g_ptr_array_add (out, g_steal_pointer (&rows->pdata[i]));
    }
  g_ptr_array_sort (out, summary_ptr_cmp);
  return out;
}

/* In transit -------------------------------------------------------------------- */

void
gov_case_transit_free (GovCaseTransit *transit)
{
  if (transit == NULL)
    return;
  g_free (transit->case_id);
  g_free (transit->offer_id);
  g_free (transit->party);
  g_free (transit);
}

/* An office's name as its peers know it; the id only if it has none. */
static char *
office_name (GovReplica *replica,
             const char *office_id)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  const char *mine = gov_identity_get_office_id (gov_replica_get_identity (replica));
  sqlite3_stmt *s;
  char *out = NULL;

  if (g_strcmp0 (office_id, mine) == 0)
    return gov_replica_dup_office_name (replica);
  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT name FROM office WHERE office_id = ?", NULL);
  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, office_id, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_text (s, 0) != NULL)
        out = g_strdup ((const char *) sqlite3_column_text (s, 0));
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);
  return out != NULL ? out : g_strdup (office_id);
}

static const char *
member (JsonObject *o,
        const char *name)
{
  return json_object_get_string_member_with_default (o, name, NULL);
}

static void
add_transits (GovReplica *replica,
              JsonArray  *rows,
              gboolean    incoming,
              GHashTable *seen,
              GPtrArray  *out)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      GovCaseTransit *t;

      /* Within the office an offer to a team is both sent and waiting;
       * the sender's words ("Offered … to Waterways Team") say more. */
      if (g_hash_table_contains (seen, member (o, "case_id")))
        continue;
      t = g_new0 (GovCaseTransit, 1);
      t->case_id = g_strdup (member (o, "case_id"));
      t->offer_id = g_strdup (member (o, "id"));
      t->incoming = incoming;
      t->since_ms = json_object_get_int_member_with_default (o, "since_ms", 0);
      if (incoming)
        t->party = office_name (replica, member (o, "from_office"));
      else if (member (o, "to_team") != NULL)
        t->party = g_strdup (member (o, "to_team"));
      else
        t->party = office_name (replica, member (o, "to_office"));
      g_hash_table_add (seen, t->case_id);
      g_ptr_array_add (out, t);
    }
}

/**
 * gov_case_due_in_transit:
 * @replica: the replica
 * @error: return location
 *
 * The open handovers of this office: offers it sent, then offers waiting
 * for it, one per case. Only cases that ever had an offer are derived.
 *
 * Returns: (transfer full) (element-type GovCaseTransit) (nullable): them
 */
GPtrArray *
gov_case_due_in_transit (GovReplica  *replica,
                         GError     **error)
{
  g_autoptr(JsonNode) list = gov_handover_list (replica, NULL, error);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *out;
  JsonObject *o;

  if (list == NULL)
    return NULL;
  o = json_node_get_object (list);
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_case_transit_free);
  add_transits (replica, json_object_get_array_member (o, "sent"), FALSE, seen, out);
  add_transits (replica, json_object_get_array_member (o, "waiting"), TRUE, seen, out);
  return out;
}
