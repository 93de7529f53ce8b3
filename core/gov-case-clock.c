/* gov-case-clock.c: a case's statutory clocks, derived from its events
 *
 * Nothing here is stored: case types and calendars are admin-log events
 * (projected per id and version), a case's type is its create event or a
 * "case.type" event, and the clocks are recomputed from the case's
 * clock.pause/resume/extend events each time, in the ledger's causal order
 * (gov-resp.c), so every replica with the same events gets the same
 * deadlines. A new pause, resume or extension is checked against that same
 * input before it is written, and nothing is written when it is refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-case.h"
#include "gov-case-clock.h"
#include "gov-db.h"
#include "gov-ledger-private.h"
#include "gov-projection-resp.h"
#include "gov-resp-private.h"
#include "gov-resp-types.h"

G_DEFINE_QUARK (gov-case-clock-error-quark, gov_case_clock_error)

void
gov_case_clock_free (GovCaseClock *clock)
{
  if (clock == NULL)
    return;
  gov_clock_result_free (clock->result);
  g_clear_pointer (&clock->case_type, gov_case_type_unref);
  g_clear_pointer (&clock->calendar, gov_calendar_unref);
  g_free (clock);
}

gboolean
_gov_case_clock_check_type_body (JsonObject  *body,
                                 GError     **error)
{
  GDate d;

  if (!gov_date_parse_iso (json_object_get_string_member (body, "opened"), &d))
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY,
                   _("The opening day is not a YYYY-MM-DD date"));
      return FALSE;
    }
  if (json_object_get_int_member (body, "case_type_version") < 1)
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY,
                   _("Case type versions start at 1"));
      return FALSE;
    }
  return TRUE;
}

/* Stored case types and calendars ------------------------------------------ */

static gboolean
append_admin (GovReplica  *replica,
              const char  *type,
              JsonNode    *body,
              GError     **error)
{
  g_autoptr(GovEvent) ev = gov_ledger_append (gov_replica_get_ledger (replica), "admin", type,
                                              NULL, gov_replica_get_actor (replica), body, error);

  return ev != NULL;
}

/**
 * gov_case_type_store:
 * @replica: the replica
 * @case_type: a case type version
 * @error: return location
 *
 * Publishes a case type version as a "casetype.put" admin event. Cases
 * keep the version they opened under.
 */
gboolean
gov_case_type_store (GovReplica   *replica,
                     GovCaseType  *case_type,
                     GError      **error)
{
  g_autoptr(JsonNode) body = gov_case_type_to_json (case_type);

  return append_admin (replica, "casetype.put", body, error);
}

/**
 * gov_calendar_store:
 * @replica: the replica
 * @calendar: a calendar version
 * @error: return location
 */
gboolean
gov_calendar_store (GovReplica   *replica,
                    GovCalendar  *calendar,
                    GError      **error)
{
  g_autoptr(JsonNode) body = gov_calendar_to_json (calendar);

  return append_admin (replica, "calendar.put", body, error);
}

/* The body of (id, version), or of the highest version when @version is 0. */
static JsonNode *
load_versioned_locked (GovReplica  *replica,
                       const char  *sql,
                       const char  *id,
                       guint        version,
                       GError     **error)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica), sql, error);
  JsonNode *out = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, version);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = json_from_string ((const char *) sqlite3_column_text (s, 0), error);
  sqlite3_reset (s);
  return out;
}

static GovCaseType *
case_type_load_locked (GovReplica  *replica,
                       const char  *id,
                       guint        version,
                       GError     **error)
{
  g_autoptr(JsonNode) node = load_versioned_locked (replica,
    "SELECT body FROM resp_casetype WHERE id = ?1 AND (?2 = 0 OR version = ?2)"
    " ORDER BY version DESC LIMIT 1", id, version, NULL);

  if (node == NULL)
    {
      g_set_error (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_UNKNOWN,
                   version == 0 ? _("There is no case type “%s”")
                                : _("There is no case type “%s” version %u"), id, version);
      return NULL;
    }
  return gov_case_type_new_from_json (node, error);
}

static GovCalendar *
calendar_load_locked (GovReplica  *replica,
                      const char  *id,
                      GError     **error)
{
  g_autoptr(JsonNode) node = load_versioned_locked (replica,
    "SELECT body FROM resp_calendar WHERE id = ?1 AND ?2 = 0 ORDER BY version DESC LIMIT 1",
    id, 0, NULL);

  if (node == NULL)
    {
      g_set_error (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_UNKNOWN,
                   _("There is no calendar “%s”; import it first"), id);
      return NULL;
    }
  return gov_calendar_new_from_json (node, error);
}

/**
 * gov_case_type_load:
 * @replica: the replica
 * @id: a case type id
 * @version: a version, or 0 for the latest
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the case type
 */
GovCaseType *
gov_case_type_load (GovReplica  *replica,
                    const char  *id,
                    guint        version,
                    GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  GovCaseType *out;

  gov_ledger_lock (ledger);
  out = case_type_load_locked (replica, id, version, error);
  gov_ledger_unlock (ledger);
  return out;
}

/**
 * gov_calendar_load:
 * @replica: the replica
 * @id: a calendar id
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the latest version of the calendar
 */
GovCalendar *
gov_calendar_load (GovReplica  *replica,
                   const char  *id,
                   GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  GovCalendar *out;

  gov_ledger_lock (ledger);
  out = calendar_load_locked (replica, id, error);
  gov_ledger_unlock (ledger);
  return out;
}

/**
 * gov_case_type_list_stored:
 * @replica: the replica
 * @error: return location
 *
 * Returns: (transfer full) (nullable): an array of {id, name, version,
 *   calendar} for the latest version of each case type, by id
 */
JsonNode *
gov_case_type_list_stored (GovReplica  *replica,
                           GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), json_array_new ());
  JsonArray *arr = json_node_get_array (node);
  sqlite3_stmt *s;
  int rc = SQLITE_DONE;

  json_array_unref (arr);
  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT body FROM resp_casetype t WHERE version ="
                                " (SELECT max (version) FROM resp_casetype WHERE id = t.id)"
                                " ORDER BY id", error);
  if (s != NULL)
    {
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        {
          g_autoptr(JsonNode) body = json_from_string ((const char *) sqlite3_column_text (s, 0),
                                                       NULL);
          JsonObject *o = json_node_get_object (body), *row = json_object_new ();

          json_object_set_string_member (row, "id", json_object_get_string_member (o, "id"));
          json_object_set_string_member (row, "name", json_object_get_string_member (o, "name"));
          json_object_set_int_member (row, "version", json_object_get_int_member (o, "version"));
          json_object_set_string_member (row, "calendar",
                                         json_object_get_string_member (o, "calendar"));
          json_array_add_object_element (arr, row);
        }
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);
  if (s == NULL)
    return NULL;
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (gov_replica_get_db (replica), rc, _("Could not read the case types"),
                        error);
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* A case's clock ------------------------------------------------------------ */

typedef struct
{
  GovCaseClock *clock;
  GPtrArray    *events;       /* GovRespEvent, keeps the strings alive */
  GArray       *clock_events; /* GovClockEvent */
  GovClockInput input;
} ClockCtx;

static void
clock_ctx_clear (ClockCtx *ctx)
{
  gov_case_clock_free (ctx->clock);
  g_clear_pointer (&ctx->events, g_ptr_array_unref);
  g_clear_pointer (&ctx->clock_events, g_array_unref);
}

static void
date_of_ms (gint64  ms,
            GDate  *date)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* The case type, its version and the day of receipt: the winning
 * "case.type" event, else the create event's members. */
static gboolean
case_type_of (GovReplica  *replica,
              const char  *case_id,
              GPtrArray   *events,
              char       **id,
              guint       *version,
              GDate       *opened)
{
  for (guint i = events->len; i > 0; i--)
    {
      GovRespEvent *e = g_ptr_array_index (events, i - 1);
      JsonObject *b = e->body;

      if (!g_str_equal (e->type, "case.type") && !g_str_equal (e->type, "case.create"))
        continue;
      if (!json_object_has_member (b, "case_type"))
        return FALSE;
      *id = g_strdup (json_object_get_string_member (b, "case_type"));
      *version = json_object_get_int_member_with_default (b, "case_type_version", 0);
      if (!json_object_has_member (b, "opened") ||
          !gov_date_parse_iso (json_object_get_string_member (b, "opened"), opened))
        date_of_ms (e->hlc_ms, opened);
      return TRUE;
    }
  return FALSE;
}

static gboolean
load_events (GovReplica  *replica,
             const char  *case_id,
             ClockCtx    *ctx,
             GError     **error)
{
  ctx->clock_events = g_array_new (FALSE, TRUE, sizeof (GovClockEvent));
  for (guint i = 0; i < ctx->events->len; i++)
    {
      GovRespEvent *e = g_ptr_array_index (ctx->events, i);
      GovClockEvent ce;

      if (!g_str_has_prefix (e->type, "clock."))
        continue;
      /* Stored events passed the same reader on the way in. */
      if (!gov_clock_event_from_json (e->type, e->body, e->actor, &ce, error))
        return FALSE;
      g_array_append_val (ctx->clock_events, ce);
    }
  return TRUE;
}

/* Today, or for a closed case the day it closed: its clocks stop there. */
static void
day_to_compute (GPtrArray   *events,
                const GDate *today,
                GDate       *out)
{
  for (guint i = events->len; i > 0; i--)
    {
      GovRespEvent *e = g_ptr_array_index (events, i - 1);

      if (g_str_equal (e->type, "case.close"))
        {
          date_of_ms (e->hlc_ms, out);
          return;
        }
    }
  if (today != NULL)
    *out = *today;
  else
    _gov_resp_today (out);
}

static gboolean
load_ctx_locked (GovReplica  *replica,
                 const char  *case_id,
                 const GDate *today,
                 ClockCtx    *ctx,
                 GError     **error)
{
  g_autofree char *type_id = NULL;
  guint version = 0;

  ctx->clock = g_new0 (GovCaseClock, 1);
  ctx->events = _gov_resp_case_events (replica, case_id, NULL, error);
  if (ctx->events == NULL)
    return FALSE;
  if (!case_type_of (replica, case_id, ctx->events, &type_id, &version, &ctx->clock->opened))
    {
      g_autofree char *number = _gov_resp_case_column (replica, case_id, "number");

      g_set_error (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE,
                   _("Case %s has no case type, so it has no statutory clock"), number);
      return FALSE;
    }
  ctx->clock->case_type = case_type_load_locked (replica, type_id, version, error);
  if (ctx->clock->case_type == NULL)
    return FALSE;
  ctx->clock->calendar =
    calendar_load_locked (replica, gov_case_type_get_calendar_id (ctx->clock->case_type), error);
  if (ctx->clock->calendar == NULL || !load_events (replica, case_id, ctx, error))
    return FALSE;
  day_to_compute (ctx->events, today, &ctx->clock->today);

  ctx->input.opened = ctx->clock->opened;
  ctx->input.events = (const GovClockEvent *) ctx->clock_events->data;
  ctx->input.n_events = ctx->clock_events->len;
  ctx->input.case_type = ctx->clock->case_type;
  ctx->input.calendar = ctx->clock->calendar;
  ctx->input.today = ctx->clock->today;
  return TRUE;
}

/**
 * gov_case_clock_get:
 * @replica: the replica
 * @number_or_id: the case
 * @today: (nullable): the day to compute for; %NULL for today
 * @error: return location
 *
 * Derives the case's clocks from its events. For a closed case the clocks
 * stop on the day it closed.
 *
 * Returns: (transfer full) (nullable): the clocks
 */
GovCaseClock *
gov_case_clock_get (GovReplica   *replica,
                    const char   *number_or_id,
                    const GDate  *today,
                    GError      **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  ClockCtx ctx = { 0 };
  GovCaseClock *out = NULL;

  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL && load_ctx_locked (replica, case_id, today, &ctx, error))
    {
      ctx.clock->result = gov_clock_compute (&ctx.input, error);
      if (ctx.clock->result != NULL)
        out = g_steal_pointer (&ctx.clock);
    }
  gov_ledger_unlock (ledger);
  clock_ctx_clear (&ctx);
  return out;
}

/**
 * gov_case_clock_set_type:
 * @replica: the replica
 * @number_or_id: the case
 * @case_type_id: a stored case type; its latest version is used
 * @opened: (nullable): the day of receipt; %NULL for the day the case was created
 * @error: return location
 *
 * Gives a case a case type (a "case.type" event), which starts its clocks.
 */
gboolean
gov_case_clock_set_type (GovReplica   *replica,
                         const char   *number_or_id,
                         const char   *case_type_id,
                         const GDate  *opened,
                         GError      **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GovCaseType) ct = NULL;
  g_autoptr(GovEvent) ev = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *opened_text = NULL;
  JsonObject *o;
  GDate day;

  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL)
    ct = case_type_load_locked (replica, case_type_id, 0, error);
  if (ct != NULL)
    {
      status = _gov_resp_case_column (replica, case_id, "status");
      if (g_strcmp0 (status, "closed") == 0)
        g_set_error (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_CLOSED,
                     _("Case %s is closed"), number_or_id);
      else
        {
          g_autofree char *created = _gov_resp_case_column (replica, case_id, "created_ms");

          if (opened != NULL)
            day = *opened;
          else
            date_of_ms (g_ascii_strtoll (created, NULL, 10), &day);
          opened_text = gov_date_to_iso (&day);
          o = json_object_new ();
          json_object_set_string_member (o, "case_type", case_type_id);
          json_object_set_int_member (o, "case_type_version", gov_case_type_get_version (ct));
          json_object_set_string_member (o, "opened", opened_text);
          body = _gov_resp_object_node (o);
          json_object_unref (o);
          ev = _gov_resp_append (replica, case_id, "case.type", GOV_RESP_REGISTER_CASE_TYPE,
                                 body, error);
        }
    }
  gov_ledger_unlock (ledger);
  return ev != NULL;
}

typedef enum { ACT_PAUSE, ACT_RESUME, ACT_EXTEND } Act;

static gboolean
clock_act (GovReplica   *replica,
           const char   *number_or_id,
           Act           act,
           const GDate  *date,
           int           days,
           const char   *reason,
           GError      **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *status = NULL;
  ClockCtx ctx = { 0 };
  GovClockEvent ce = { 0 };
  g_autoptr(GovEvent) ev = NULL;
  gboolean ok = FALSE;
  GDate day;

  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL)
    status = _gov_resp_case_column (replica, case_id, "status");
  if (g_strcmp0 (status, "closed") == 0)
    g_set_error (error, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_CLOSED,
                 _("Case %s is closed; its clock has stopped"), number_or_id);
  else if (case_id != NULL && load_ctx_locked (replica, case_id, NULL, &ctx, error))
    {
      day = date != NULL ? *date : ctx.clock->today;
      switch (act)
        {
        case ACT_PAUSE:
          ok = gov_clock_validate_pause (&ctx.input, &day, reason, error);
          break;
        case ACT_RESUME:
          ok = gov_clock_validate_resume (&ctx.input, &day, error);
          break;
        case ACT_EXTEND:
          ok = gov_clock_validate_extension (&ctx.input, &day, days, error);
          break;
        }
    }
  if (ok)
    {
      g_autoptr(JsonNode) body = NULL;

      ce.kind = act == ACT_PAUSE ? GOV_CLOCK_EVENT_PAUSE
                : act == ACT_RESUME ? GOV_CLOCK_EVENT_RESUME : GOV_CLOCK_EVENT_EXTEND;
      ce.date = day;
      ce.reason = reason;
      ce.days = days;
      body = gov_clock_event_to_json (&ce);
      ev = _gov_resp_append (replica, case_id, gov_clock_event_type (ce.kind), NULL, body, error);
    }
  gov_ledger_unlock (ledger);
  clock_ctx_clear (&ctx);
  return ev != NULL;
}

/**
 * gov_case_clock_pause:
 * @replica: the replica
 * @number_or_id: the case
 * @date: (nullable): the day of the pause; %NULL for today
 * @reason_id: one of the case type's pause reasons
 * @error: return location
 *
 * Refused, with nothing written, when the case type does not allow the
 * reason, the clock is already paused, or the date is not possible.
 */
gboolean
gov_case_clock_pause (GovReplica   *replica,
                      const char   *number_or_id,
                      const GDate  *date,
                      const char   *reason_id,
                      GError      **error)
{
  return clock_act (replica, number_or_id, ACT_PAUSE, date, 0, reason_id, error);
}

gboolean
gov_case_clock_resume (GovReplica   *replica,
                       const char   *number_or_id,
                       const GDate  *date,
                       GError      **error)
{
  return clock_act (replica, number_or_id, ACT_RESUME, date, 0, NULL, error);
}

/**
 * gov_case_clock_extend:
 * @replica: the replica
 * @number_or_id: the case
 * @date: (nullable): the day of the extension; %NULL for today
 * @days: days to add, in the legal maximum's unit
 * @reason: why, in words
 * @error: return location
 *
 * Refused, with nothing written, beyond the case type's cap or after the
 * time limit ended.
 */
gboolean
gov_case_clock_extend (GovReplica   *replica,
                       const char   *number_or_id,
                       const GDate  *date,
                       int           days,
                       const char   *reason,
                       GError      **error)
{
  if (reason == NULL || *reason == '\0')
    {
      g_set_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID,
                   _("An extension needs a reason"));
      return FALSE;
    }
  return clock_act (replica, number_or_id, ACT_EXTEND, date, days, reason, error);
}

static void
add_track (JsonObject          *row,
           const char          *name,
           const GovClockTrack *t)
{
  JsonObject *o = json_object_new ();
  g_autofree char *deadline = gov_date_to_iso (&t->deadline);

  json_object_set_string_member (o, "deadline", deadline);
  json_object_set_int_member (o, "left", t->left);
  json_object_set_int_member (o, "overdue_days", t->overdue_days);
  json_object_set_string_member (o, "state", t->state == GOV_CLOCK_STATE_OVERDUE ? "overdue"
                                             : t->state == GOV_CLOCK_STATE_PAUSED ? "paused"
                                             : "running");
  json_object_set_object_member (row, name, o);
}

/**
 * gov_case_clock_list_due:
 * @replica: the replica
 * @within_days: -1 for overdue cases; N ≥ 0 for cases due within N days
 * @today: (nullable): the day to compute for; %NULL for today
 * @error: return location
 *
 * The open cases with a case type whose time limit or service target is
 * overdue (or due within N days of its unit), computed from their events
 * now: a replacement for the stored-"due" Overdue view.
 *
 * Returns: (transfer full) (nullable): an array of {number, case_id,
 *   legal {deadline, left, overdue_days, state}, service {…}}, by number
 */
JsonNode *
gov_case_clock_list_due (GovReplica   *replica,
                         int           within_days,
                         const GDate  *today,
                         GError      **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), json_array_new ());
  sqlite3_stmt *s;

  json_array_unref (json_node_get_array (node));
  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT case_id FROM case_row WHERE status <> 'closed'"
                                " ORDER BY number", error);
  if (s != NULL)
    {
      while (sqlite3_step (s) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (s, 0)));
      sqlite3_reset (s);
    }
  gov_ledger_unlock (ledger);
  if (s == NULL)
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(GovCaseClock) clock = gov_case_clock_get (replica, ids->pdata[i], today, &local);
      g_autofree char *number = NULL;
      GovClockResult *r;
      gboolean hit;
      JsonObject *row;

      if (clock == NULL)
        {
          if (g_error_matches (local, GOV_CASE_CLOCK_ERROR, GOV_CASE_CLOCK_ERROR_NO_CASE_TYPE))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      r = clock->result;
      hit = within_days < 0
            ? r->legal.state == GOV_CLOCK_STATE_OVERDUE || r->service.state == GOV_CLOCK_STATE_OVERDUE
            : gov_clock_track_is_due_within (&r->legal, within_days) ||
              gov_clock_track_is_due_within (&r->service, within_days);
      if (!hit)
        continue;
      row = json_object_new ();
      gov_ledger_lock (ledger);
      number = _gov_resp_case_column (replica, ids->pdata[i], "number");
      gov_ledger_unlock (ledger);
      json_object_set_string_member (row, "number", number);
      json_object_set_string_member (row, "case_id", ids->pdata[i]);
      add_track (row, "legal", &r->legal);
      add_track (row, "service", &r->service);
      json_array_add_object_element (json_node_get_array (node), row);
    }
  return g_steal_pointer (&node);
}

/* For decisions: the case type and calendar of a case, if it has one. The
 * caller holds the lock. */
gboolean
_gov_case_clock_type_locked (GovReplica    *replica,
                             const char    *case_id,
                             GovCaseType  **case_type,
                             GovCalendar  **calendar)
{
  ClockCtx ctx = { 0 };
  gboolean ok = load_ctx_locked (replica, case_id, NULL, &ctx, NULL);

  if (ok)
    {
      *case_type = gov_case_type_ref (ctx.clock->case_type);
      *calendar = gov_calendar_ref (ctx.clock->calendar);
    }
  clock_ctx_clear (&ctx);
  return ok;
}
