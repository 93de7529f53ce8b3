/* gov-clock.c: statutory clocks derived from a case's clock events
 *
 * A pure function: the same GovClockInput gives the same GovClockResult on
 * every replica. The counting conventions are listed in gov-clock.h and
 * explained in docs/clocks.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-clock.h"
#include "gov-clock-format.h"

/* Days scanned beyond the period itself (times seven, for a calendar with
 * one working day a week) before giving up: a calendar without working
 * days would otherwise never end. Long pauses are added on top. */
#define MAX_SCAN_DAYS 10000

typedef struct
{
  GDate  start;     /* the pause date P: still counts */
  GDate  end;       /* the resume date R: counts again; projected if open */
  char  *reason;
  char  *label;
  char  *actor;
} Pause;

typedef struct
{
  GPtrArray *pauses;       /* Pause, in date order, never overlapping */
  gboolean   open;         /* the last pause has no resume yet */
  guint      n_ext;
  int        ext_days;
  GDate      last_date;    /* date of the last event applied */
  GPtrArray *ignored;      /* char* */
} Replay;

G_DEFINE_QUARK (gov-clock-error-quark, gov_clock_error)

static void
pause_free (Pause *p)
{
  g_free (p->reason);
  g_free (p->label);
  g_free (p->actor);
  g_free (p);
}

static void
replay_clear (Replay *rp)
{
  g_clear_pointer (&rp->pauses, g_ptr_array_unref);
  g_clear_pointer (&rp->ignored, g_ptr_array_unref);
}

static void
period_free (GovClockPeriod *p)
{
  g_free (p->detail);
  g_free (p->actor);
  g_free (p);
}

/* --- Replaying the events ------------------------------------------- */

typedef struct
{
  guint32 julian;
  guint   index;
} OrderKey;

static int
compare_order (gconstpointer a,
               gconstpointer b)
{
  const OrderKey *ka = a, *kb = b;

  if (ka->julian != kb->julian)
    return ka->julian < kb->julian ? -1 : 1;
  return ka->index < kb->index ? -1 : ka->index > kb->index;
}

/* Date order, ties in the given (causal) order: convention 8. Sorting on the
 * (date, position) pair keeps the sort stable whatever qsort does. */
static GArray *
event_order (const GovClockInput *in)
{
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (OrderKey), in->n_events);

  for (guint i = 0; i < in->n_events; i++)
    {
      OrderKey k = { 0, i };

      if (g_date_valid (&in->events[i].date))
        k.julian = g_date_get_julian (&in->events[i].date);
      g_array_append_val (order, k);
    }
  g_array_sort (order, compare_order);
  return order;
}

static gboolean
ignore (Replay              *rp,
        const GovClockEvent *ev,
        const char          *why)
{
  g_autofree char *date = g_date_valid (&ev->date) ? gov_clock_format_date (&ev->date)
                                                   : g_strdup ("?");

  /* TRANSLATORS: first %s is a date, second why the clock event was ignored */
  g_ptr_array_add (rp->ignored, g_strdup_printf (_("%s: %s"), date, why));
  return FALSE;
}

static gboolean
extension_fits (GovCaseType *ct,
                const Replay *rp,
                int          days)
{
  int max_count = gov_case_type_get_extension_max_count (ct);
  int max_days = gov_case_type_get_extension_max_days (ct);

  if (max_count != GOV_CASE_TYPE_UNLIMITED && rp->n_ext >= (guint) max_count)
    return FALSE;
  if (max_days != GOV_CASE_TYPE_UNLIMITED && rp->ext_days + days > max_days)
    return FALSE;
  return TRUE;
}

static gboolean
apply_event (const GovClockInput *in,
             Replay              *rp,
             const GovClockEvent *ev)
{
  GovCaseType *ct = in->case_type;
  const char *label;
  Pause *p;

  if (!g_date_valid (&ev->date) || g_date_compare (&ev->date, &in->opened) < 0)
    return ignore (rp, ev, _("dated before the case was opened"));

  switch (ev->kind)
    {
    case GOV_CLOCK_EVENT_PAUSE:
      if ((label = gov_case_type_get_pause_label (ct, ev->reason)) == NULL)
        return ignore (rp, ev, _("a pause for a reason the case type does not allow"));
      if (rp->open)
        return ignore (rp, ev, _("a pause while the clock was already paused"));
      p = g_new0 (Pause, 1);
      p->start = ev->date;
      g_date_clear (&p->end, 1);
      p->reason = g_strdup (ev->reason);
      p->label = g_strdup (label);
      p->actor = g_strdup (ev->actor);
      g_ptr_array_add (rp->pauses, p);
      rp->open = TRUE;
      break;
    case GOV_CLOCK_EVENT_RESUME:
      if (!rp->open)
        return ignore (rp, ev, _("a resume while the clock was running"));
      p = g_ptr_array_index (rp->pauses, rp->pauses->len - 1);
      p->end = ev->date;
      rp->open = FALSE;
      break;
    case GOV_CLOCK_EVENT_EXTEND:
      if (ev->days < 1)
        return ignore (rp, ev, _("an extension without days"));
      if (!extension_fits (ct, rp, ev->days))
        return ignore (rp, ev, _("an extension beyond the case type's cap"));
      rp->n_ext++;
      rp->ext_days += ev->days;
      break;
    default:
      g_assert_not_reached ();
    }
  rp->last_date = ev->date;
  return TRUE;
}

/* Replays the events. An open pause gets a projected resume tomorrow
 * (convention 5), so that every pause has an end. */
static void
replay_events (const GovClockInput *in,
               Replay              *rp)
{
  g_autoptr(GArray) order = event_order (in);

  rp->pauses = g_ptr_array_new_with_free_func ((GDestroyNotify) pause_free);
  rp->ignored = g_ptr_array_new_with_free_func (g_free);
  rp->open = FALSE;
  rp->n_ext = 0;
  rp->ext_days = 0;
  g_date_clear (&rp->last_date, 1);

  for (guint i = 0; i < order->len; i++)
    apply_event (in, rp, &in->events[g_array_index (order, OrderKey, i).index]);

  if (rp->open)
    {
      Pause *p = g_ptr_array_index (rp->pauses, rp->pauses->len - 1);

      p->end = g_date_compare (&in->today, &p->start) > 0 ? in->today : p->start;
      g_date_add_days (&p->end, 1);
    }
}

/* --- Counting ------------------------------------------------------- */

static const Pause *
pause_on (const Replay *rp,
          const GDate  *d)
{
  for (guint i = 0; rp != NULL && i < rp->pauses->len; i++)
    {
      const Pause *p = g_ptr_array_index (rp->pauses, i);

      if (g_date_compare (&p->start, d) < 0 && g_date_compare (d, &p->end) < 0)
        return p;
    }
  return NULL;
}

static gboolean
unit_counts (GovCalendar  *cal,
             GovClockUnit  unit,
             const GDate  *d)
{
  return unit == GOV_CLOCK_UNIT_CALENDAR_DAYS || gov_calendar_is_working_day (cal, d);
}

static gboolean
day_counts (GovCalendar  *cal,
            const Replay *pauses,
            GovClockUnit  unit,
            const GDate  *d)
{
  return pause_on (pauses, d) == NULL && unit_counts (cal, unit, d);
}

static gboolean
no_working_days (GError **error)
{
  g_set_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID,
               _("The calendar has no working days, so the time limit never ends"));
  return FALSE;
}

/* Finds the Nth counted day after @start (the nominal end) and the deadline
 * (the nominal end moved to a working day for calendar-day periods). */
static gboolean
find_end (GovCalendar  *cal,
          const Replay *pauses,
          const GDate  *start,
          GovPeriod     period,
          GDate        *nominal,
          GDate        *deadline,
          GError      **error)
{
  GDate d = *start;
  int count = 0;
  guint limit = (guint) period.days * 7 + MAX_SCAN_DAYS;

  /* Suspended days do not count towards the period, so allow for them. */
  for (guint i = 0; pauses != NULL && i < pauses->pauses->len; i++)
    {
      const Pause *p = g_ptr_array_index (pauses->pauses, i);

      limit += MAX (g_date_days_between (&p->start, &p->end), 0);
    }

  for (guint guard = 0; count < period.days; guard++)
    {
      if (guard > limit)
        return no_working_days (error);
      g_date_add_days (&d, 1);
      if (day_counts (cal, pauses, period.unit, &d))
        count++;
    }
  *nominal = d;
  gov_calendar_next_working_day (cal, &d);
  if (!gov_calendar_is_working_day (cal, &d))
    return no_working_days (error);
  *deadline = d;
  return TRUE;
}

static void
audit_add (GPtrArray       *audit,
           const GDate     *d,
           GovClockDayKind  kind,
           gboolean         extension,
           const char      *detail,
           const char      *actor)
{
  GovClockPeriod *last = audit->len > 0 ? g_ptr_array_index (audit, audit->len - 1) : NULL;
  GDate next;

  if (last != NULL)
    {
      next = last->last;
      g_date_add_days (&next, 1);
      if (last->kind == kind && last->extension == extension
          && g_strcmp0 (last->detail, detail) == 0 && g_strcmp0 (last->actor, actor) == 0
          && g_date_compare (&next, d) == 0)
        {
          last->last = *d;
          last->n_days++;
          return;
        }
    }
  last = g_new0 (GovClockPeriod, 1);
  last->first = last->last = *d;
  last->kind = kind;
  last->n_days = 1;
  last->extension = extension;
  last->detail = g_strdup (detail);
  last->actor = g_strdup (actor);
  g_ptr_array_add (audit, last);
}

/* The audit from the opening day to the deadline, then one overdue period. */
static void
build_audit (const GovClockInput *in,
             const Replay        *pauses,
             GovClockTrack       *t,
             const GDate         *nominal)
{
  GovCalendar *cal = in->calendar;
  GDate d = in->opened;
  int counted = 0;

  t->audit = g_ptr_array_new_with_free_func ((GDestroyNotify) period_free);
  audit_add (t->audit, &d, GOV_CLOCK_DAY_RECEIPT, FALSE, NULL, NULL);

  for (g_date_add_days (&d, 1); g_date_compare (&d, &t->deadline) <= 0; g_date_add_days (&d, 1))
    {
      const Pause *p = pause_on (pauses, &d);
      GovCalendarDay kind = gov_calendar_classify_day (cal, &d);

      if (g_date_compare (&d, nominal) > 0)
        audit_add (t->audit, &d, GOV_CLOCK_DAY_MOVED, FALSE, NULL, NULL);
      else if (p != NULL)
        audit_add (t->audit, &d, GOV_CLOCK_DAY_PAUSED, FALSE, p->label, p->actor);
      else if (t->unit == GOV_CLOCK_UNIT_WORKING_DAYS && kind == GOV_CALENDAR_DAY_HOLIDAY)
        audit_add (t->audit, &d, GOV_CLOCK_DAY_HOLIDAY, FALSE,
                   gov_calendar_get_holiday (cal, &d), NULL);
      else if (t->unit == GOV_CLOCK_UNIT_WORKING_DAYS && kind == GOV_CALENDAR_DAY_WEEKEND)
        audit_add (t->audit, &d, GOV_CLOCK_DAY_WEEKEND, FALSE, NULL, NULL);
      else
        audit_add (t->audit, &d, GOV_CLOCK_DAY_COUNTED, ++counted > t->base_days, NULL, NULL);
    }

  if (t->state == GOV_CLOCK_STATE_OVERDUE)
    {
      GovClockPeriod *o = g_new0 (GovClockPeriod, 1);

      o->first = t->deadline;
      g_date_add_days (&o->first, 1);
      o->last = in->today;
      o->kind = GOV_CLOCK_DAY_OVERDUE;
      o->n_days = t->overdue_days;
      g_ptr_array_add (t->audit, o);
    }
}

static void
count_overdue (const GovClockInput *in,
               GovClockTrack       *t)
{
  GDate d = t->deadline;

  t->state = GOV_CLOCK_STATE_OVERDUE;
  t->left = 0;
  t->overdue_days = 0;
  t->overdue_since = t->deadline;
  g_date_add_days (&t->overdue_since, 1);
  for (g_date_add_days (&d, 1); g_date_compare (&d, &in->today) <= 0; g_date_add_days (&d, 1))
    if (unit_counts (in->calendar, t->unit, &d) && t->overdue_days++ == 0)
      t->overdue_since = d;
}

static void
count_used_and_left (const GovClockInput *in,
                     const Replay        *pauses,
                     GovClockTrack       *t,
                     const GDate         *nominal)
{
  GDate d = in->opened;

  t->used = 0;
  t->left = 0;
  for (g_date_add_days (&d, 1); g_date_compare (&d, &t->deadline) <= 0; g_date_add_days (&d, 1))
    {
      gboolean after_end = g_date_compare (&d, nominal) > 0;

      if (!after_end && !day_counts (in->calendar, pauses, t->unit, &d))
        continue;
      if (g_date_compare (&d, &in->today) <= 0)
        t->used += after_end ? 0 : 1;
      else
        t->left++;
    }
}

static gboolean
compute_track (const GovClockInput *in,
               const Replay        *rp,
               GovPeriod            period,
               int                  extra_days,
               gboolean             suspends,
               GovClockTrack       *t,
               GError             **error)
{
  const Replay *pauses = suspends ? rp : NULL;
  GovPeriod total = { period.days + extra_days, period.unit };
  GDate nominal;

  t->unit = period.unit;
  t->base_days = period.days;
  t->total_days = total.days;
  g_date_clear (&t->overdue_since, 1);
  if (!find_end (in->calendar, pauses, &in->opened, total, &nominal, &t->deadline, error))
    return FALSE;
  t->projected = suspends && rp->open;

  count_used_and_left (in, pauses, t, &nominal);
  if (g_date_compare (&in->today, &t->deadline) > 0)
    count_overdue (in, t);
  else
    t->state = suspends && rp->open ? GOV_CLOCK_STATE_PAUSED : GOV_CLOCK_STATE_RUNNING;
  build_audit (in, pauses, t, &nominal);
  return TRUE;
}

static gboolean
check_input (const GovClockInput  *in,
             GError              **error)
{
  g_return_val_if_fail (in != NULL && in->case_type != NULL && in->calendar != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (&in->opened) && g_date_valid (&in->today), FALSE);
  g_return_val_if_fail (in->n_events == 0 || in->events != NULL, FALSE);

  if (g_strcmp0 (gov_calendar_get_id (in->calendar),
                 gov_case_type_get_calendar_id (in->case_type)) != 0)
    {
      g_set_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID,
                   /* TRANSLATORS: %s are a case type, a calendar id, a calendar id */
                   _("The case type “%s” uses the calendar “%s”, not “%s”"),
                   gov_case_type_get_name (in->case_type),
                   gov_case_type_get_calendar_id (in->case_type),
                   gov_calendar_get_id (in->calendar));
      return FALSE;
    }
  return TRUE;
}

/**
 * gov_clock_compute:
 * @input: the opening date, clock events, case type, calendar and today
 * @error: return location
 *
 * Derives both clocks of a case. Reads nothing but @input.
 *
 * Returns: (transfer full): the result, or %NULL when the calendar does not
 *   belong to the case type or has no working days
 */
GovClockResult *
gov_clock_compute (const GovClockInput  *input,
                   GError              **error)
{
  g_autoptr(GovClockResult) r = NULL;
  GovCaseType *ct;
  Replay rp = { 0 };
  gboolean ok;

  if (!check_input (input, error))
    return NULL;
  ct = input->case_type;

  replay_events (input, &rp);
  r = g_new0 (GovClockResult, 1);
  ok = compute_track (input, &rp, gov_case_type_get_legal_maximum (ct), rp.ext_days,
                      gov_case_type_pause_suspends_legal (ct), &r->legal, error)
       && compute_track (input, &rp, gov_case_type_get_service_norm (ct), 0,
                         gov_case_type_pause_suspends_service (ct), &r->service, error);

  r->extensions_used = rp.n_ext;
  r->extension_days = rp.ext_days;
  r->ignored = g_steal_pointer (&rp.ignored);
  g_date_clear (&r->paused_since, 1);
  if (rp.open)
    {
      Pause *p = g_ptr_array_index (rp.pauses, rp.pauses->len - 1);

      r->paused = TRUE;
      r->paused_since = p->start;
      r->pause_reason = g_strdup (p->reason);
      r->pause_label = g_strdup (p->label);
      r->pause_actor = g_strdup (p->actor);
    }
  replay_clear (&rp);
  return ok ? g_steal_pointer (&r) : NULL;
}

void
gov_clock_result_free (GovClockResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->legal.audit, g_ptr_array_unref);
  g_clear_pointer (&result->service.audit, g_ptr_array_unref);
  g_clear_pointer (&result->ignored, g_ptr_array_unref);
  g_free (result->pause_reason);
  g_free (result->pause_label);
  g_free (result->pause_actor);
  g_free (result);
}

/**
 * gov_clock_track_is_due_within:
 * @track: a legal or service track
 * @days: how many days ahead, in the track's unit
 *
 * For the "due within N days" view (UX.md §2 "Due soon"): the clock is
 * running and at most @days of its unit are left. Overdue and paused
 * clocks are not "due soon"; they have their own views and words.
 *
 * Returns: %TRUE if the track is due within @days
 */
gboolean
gov_clock_track_is_due_within (const GovClockTrack *track,
                               int                  days)
{
  g_return_val_if_fail (track != NULL, FALSE);

  return track->state == GOV_CLOCK_STATE_RUNNING && track->left <= days;
}

/* --- JSON ----------------------------------------------------------- */

static void
add_date (JsonBuilder *b,
          const char  *member,
          const GDate *d)
{
  json_builder_set_member_name (b, member);
  if (g_date_valid (d))
    {
      g_autofree char *iso = gov_date_to_iso (d);
      json_builder_add_string_value (b, iso);
    }
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       v)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, v);
}

static const char *
state_name (GovClockState s)
{
  switch (s)
    {
    case GOV_CLOCK_STATE_PAUSED: return "paused";
    case GOV_CLOCK_STATE_OVERDUE: return "overdue";
    case GOV_CLOCK_STATE_RUNNING:
    default: return "running";
    }
}

static const char *
day_kind_name (GovClockDayKind k)
{
  static const char * const names[] = {
    "receipt", "counted", "weekend", "holiday", "paused", "moved", "overdue"
  };

  return names[k];
}

static void
add_track (JsonBuilder         *b,
           const char          *member,
           const GovClockTrack *t)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "unit");
  json_builder_add_string_value (b, gov_clock_unit_to_string (t->unit));
  add_int (b, "days", t->total_days);
  add_date (b, "deadline", &t->deadline);
  json_builder_set_member_name (b, "projected");
  json_builder_add_boolean_value (b, t->projected);
  json_builder_set_member_name (b, "state");
  json_builder_add_string_value (b, state_name (t->state));
  add_int (b, "used", t->used);
  add_int (b, "left", t->left);
  add_int (b, "overdue_days", t->overdue_days);
  add_date (b, "overdue_since", &t->overdue_since);
  json_builder_set_member_name (b, "audit");
  json_builder_begin_array (b);
  for (guint i = 0; i < t->audit->len; i++)
    {
      const GovClockPeriod *p = g_ptr_array_index (t->audit, i);
      g_autofree char *text = gov_clock_format_period (p, t->unit);

      json_builder_begin_object (b);
      add_date (b, "first", &p->first);
      add_date (b, "last", &p->last);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, day_kind_name (p->kind));
      add_int (b, "days", p->n_days);
      json_builder_set_member_name (b, "text");
      json_builder_add_string_value (b, text);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

/**
 * gov_clock_result_to_json:
 * @result: a result
 *
 * The result as JSON for `govserv clock --json` (see docs/cli.md). Equal
 * results give equal JSON, which the determinism tests rely on.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gov_clock_result_to_json (const GovClockResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (result != NULL, NULL);

  json_builder_begin_object (b);
  add_track (b, "legal", &result->legal);
  add_track (b, "service", &result->service);
  json_builder_set_member_name (b, "paused");
  json_builder_add_boolean_value (b, result->paused);
  add_date (b, "paused_since", &result->paused_since);
  json_builder_set_member_name (b, "pause_reason");
  if (result->pause_reason != NULL)
    json_builder_add_string_value (b, result->pause_reason);
  else
    json_builder_add_null_value (b);
  add_int (b, "extensions_used", result->extensions_used);
  add_int (b, "extension_days", result->extension_days);
  json_builder_set_member_name (b, "ignored");
  json_builder_begin_array (b);
  for (guint i = 0; i < result->ignored->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (result->ignored, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* --- Clock events as ledger bodies --------------------------------- */

/**
 * gov_clock_event_type:
 * @kind: a clock event kind
 *
 * Returns: the ledger event type, "clock.pause", "clock.resume" or
 *   "clock.extend"
 */
const char *
gov_clock_event_type (GovClockEventKind kind)
{
  switch (kind)
    {
    case GOV_CLOCK_EVENT_PAUSE: return GOV_CLOCK_EVENT_TYPE_PAUSE;
    case GOV_CLOCK_EVENT_RESUME: return GOV_CLOCK_EVENT_TYPE_RESUME;
    case GOV_CLOCK_EVENT_EXTEND: return GOV_CLOCK_EVENT_TYPE_EXTEND;
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * gov_clock_event_to_json:
 * @event: a clock event
 *
 * The body of the ledger event: `{"date": "2024-05-08", "reason":
 * "missing-information"}` for a pause, `{"date"}` for a resume, `{"date",
 * "days", "reason"}` for an extension. The actor travels in the event's
 * envelope, not in the body.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gov_clock_event_to_json (const GovClockEvent *event)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (event != NULL && g_date_valid (&event->date), NULL);

  json_builder_begin_object (b);
  add_date (b, "date", &event->date);
  if (event->kind == GOV_CLOCK_EVENT_EXTEND)
    add_int (b, "days", event->days);
  if (event->kind != GOV_CLOCK_EVENT_RESUME)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, event->reason != NULL ? event->reason : "");
    }
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
bad_body (GError     **error,
          const char  *type,
          const char  *what)
{
  g_set_error (error, GOV_CLOCK_ERROR, GOV_CLOCK_ERROR_INVALID,
               /* TRANSLATORS: an event type ("clock.pause"), then what is wrong */
               _("Invalid %s event: %s"), type, what);
  return FALSE;
}

static const char *
body_string (JsonObject *body,
             const char *name)
{
  JsonNode *n = json_object_get_member (body, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
body_members_allowed (JsonObject *body,
                      gboolean    with_days,
                      gboolean    with_reason)
{
  g_autoptr(GList) names = json_object_get_members (body);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "date")
        && !(with_days && g_str_equal (l->data, "days"))
        && !(with_reason && g_str_equal (l->data, "reason")))
      return FALSE;
  return TRUE;
}

/**
 * gov_clock_event_from_json:
 * @type: the ledger event type ("clock.pause", …)
 * @body: its body
 * @actor: (nullable): the event's actor, for the audit
 * @event: (out caller-allocates): the clock event; its strings point into
 *   @body and @actor, which must outlive it
 * @error: return location
 *
 * Strict reading of a clock event body: unknown members, a missing or
 * impossible date, a missing reason or days outside 1…9999 are refused.
 *
 * Returns: %TRUE if @event was filled in
 */
gboolean
gov_clock_event_from_json (const char     *type,
                           JsonObject     *body,
                           const char     *actor,
                           GovClockEvent  *event,
                           GError        **error)
{
  JsonNode *days;
  const char *date;

  g_return_val_if_fail (type != NULL && body != NULL && event != NULL, FALSE);

  memset (event, 0, sizeof *event);
  if (g_str_equal (type, GOV_CLOCK_EVENT_TYPE_PAUSE))
    event->kind = GOV_CLOCK_EVENT_PAUSE;
  else if (g_str_equal (type, GOV_CLOCK_EVENT_TYPE_RESUME))
    event->kind = GOV_CLOCK_EVENT_RESUME;
  else if (g_str_equal (type, GOV_CLOCK_EVENT_TYPE_EXTEND))
    event->kind = GOV_CLOCK_EVENT_EXTEND;
  else
    return bad_body (error, type, _("not a clock event"));

  if (!body_members_allowed (body, event->kind == GOV_CLOCK_EVENT_EXTEND,
                             event->kind != GOV_CLOCK_EVENT_RESUME))
    return bad_body (error, type, _("unexpected member"));
  date = body_string (body, "date");
  if (date == NULL || !gov_date_parse_iso (date, &event->date))
    return bad_body (error, type, _("“date” must be a date like 2024-05-08"));
  if (event->kind != GOV_CLOCK_EVENT_RESUME)
    {
      event->reason = body_string (body, "reason");
      if (event->reason == NULL || *event->reason == '\0')
        return bad_body (error, type, _("“reason” must be a non-empty string"));
    }
  if (event->kind == GOV_CLOCK_EVENT_EXTEND)
    {
      days = json_object_get_member (body, "days");
      if (days == NULL || !JSON_NODE_HOLDS_VALUE (days)
          || json_node_get_value_type (days) != G_TYPE_INT64
          || json_node_get_int (days) < 1 || json_node_get_int (days) > 9999)
        return bad_body (error, type, _("“days” must be a whole number from 1 to 9999"));
      event->days = json_node_get_int (days);
    }
  event->actor = actor;
  return TRUE;
}

/**
 * gov_clock_check_pause_body:
 * @body: the body of a "clock.pause" event
 * @error: return location
 *
 * For the ledger's body check of "clock.pause" (and the two below for
 * "clock.resume" and "clock.extend"): the same strict reading as
 * gov_clock_event_from_json().
 *
 * Returns: %TRUE if the body is valid
 */
gboolean
gov_clock_check_pause_body (JsonObject  *body,
                            GError     **error)
{
  GovClockEvent ev;

  return gov_clock_event_from_json (GOV_CLOCK_EVENT_TYPE_PAUSE, body, NULL, &ev, error);
}

gboolean
gov_clock_check_resume_body (JsonObject  *body,
                             GError     **error)
{
  GovClockEvent ev;

  return gov_clock_event_from_json (GOV_CLOCK_EVENT_TYPE_RESUME, body, NULL, &ev, error);
}

gboolean
gov_clock_check_extend_body (JsonObject  *body,
                             GError     **error)
{
  GovClockEvent ev;

  return gov_clock_event_from_json (GOV_CLOCK_EVENT_TYPE_EXTEND, body, NULL, &ev, error);
}

/* --- Validation ----------------------------------------------------- */

static gboolean
refuse (GError        **error,
        GovClockError   code,
        const char     *fmt,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError        **error,
        GovClockError   code,
        const char     *fmt,
        ...)
{
  g_autofree char *msg = NULL;
  va_list ap;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error_literal (error, GOV_CLOCK_ERROR, code, msg);
  return FALSE;
}

static gboolean
check_date (const GovClockInput  *in,
            const GDate          *date,
            const Replay         *rp,
            GError              **error)
{
  g_autofree char *when = NULL;
  g_autofree char *ref = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  when = gov_clock_format_date (date);
  if (g_date_compare (date, &in->opened) < 0)
    {
      ref = gov_clock_format_date (&in->opened);
      return refuse (error, GOV_CLOCK_ERROR_BAD_DATE,
                     _("%s is before the case was opened on %s"), when, ref);
    }
  if (g_date_compare (date, &in->today) > 0)
    return refuse (error, GOV_CLOCK_ERROR_BAD_DATE, _("%s is in the future"), when);
  if (g_date_valid (&rp->last_date) && g_date_compare (date, &rp->last_date) < 0)
    {
      ref = gov_clock_format_date (&rp->last_date);
      return refuse (error, GOV_CLOCK_ERROR_BAD_DATE,
                     _("%s is before the last change to the clock, on %s"), when, ref);
    }
  return TRUE;
}

static char *
allowed_reasons (GovCaseType *ct)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < gov_case_type_get_n_pause_reasons (ct); i++)
    {
      const char *id = gov_case_type_get_pause_reason_id (ct, i);

      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, gov_case_type_get_pause_label (ct, id));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/**
 * gov_clock_validate_pause:
 * @input: the case's clock input so far
 * @date: the pause date
 * @reason_id: the case type's pause reason id
 * @error: return location
 *
 * Checks a pause before it is recorded: the case type allows the reason,
 * the clock is running, and the date is neither before the opening or the
 * last clock change nor in the future.
 *
 * Returns: %TRUE if the pause may be recorded; otherwise @error says why
 */
gboolean
gov_clock_validate_pause (const GovClockInput  *input,
                          const GDate          *date,
                          const char           *reason_id,
                          GError              **error)
{
  GovCaseType *ct;
  Replay rp = { 0 };
  gboolean ok = FALSE;

  if (!check_input (input, error))
    return FALSE;
  ct = input->case_type;
  if (reason_id == NULL || gov_case_type_get_pause_label (ct, reason_id) == NULL)
    {
      g_autofree char *allowed = allowed_reasons (ct);

      return refuse (error, GOV_CLOCK_ERROR_REASON_NOT_ALLOWED,
                     *allowed != '\0'
                     /* TRANSLATORS: a reason id, a case type name, then a list of reasons */
                     ? _("The case type “%2$s” does not allow pausing the clock for “%1$s”. "
                         "Allowed reasons: %3$s.")
                     : _("The case type “%2$s” does not allow pausing the clock for “%1$s”%3$s."),
                     reason_id != NULL ? reason_id : "", gov_case_type_get_name (ct), allowed);
    }

  replay_events (input, &rp);
  if (rp.open)
    {
      Pause *p = g_ptr_array_index (rp.pauses, rp.pauses->len - 1);
      g_autofree char *since = gov_clock_format_date (&p->start);

      refuse (error, GOV_CLOCK_ERROR_ALREADY_PAUSED,
              /* TRANSLATORS: %s are a date and the reason for the pause */
              _("The clock is already paused since %s (%s)"), since, p->label);
    }
  else
    ok = check_date (input, date, &rp, error);
  replay_clear (&rp);
  return ok;
}

/**
 * gov_clock_validate_resume:
 * @input: the case's clock input so far
 * @date: the resume date
 * @error: return location
 *
 * Returns: %TRUE if the clock is paused and may resume on @date
 */
gboolean
gov_clock_validate_resume (const GovClockInput  *input,
                           const GDate          *date,
                           GError              **error)
{
  Replay rp = { 0 };
  gboolean ok;

  if (!check_input (input, error))
    return FALSE;
  replay_events (input, &rp);
  if (!rp.open)
    ok = refuse (error, GOV_CLOCK_ERROR_NOT_PAUSED,
                 _("The clock is running, so there is no pause to end"));
  else
    ok = check_date (input, date, &rp, error);
  replay_clear (&rp);
  return ok;
}

static gboolean
check_cap (GovCaseType  *ct,
           const Replay *rp,
           int           days,
           GError      **error)
{
  int max_count = gov_case_type_get_extension_max_count (ct);
  int max_days = gov_case_type_get_extension_max_days (ct);
  GovClockUnit unit = gov_case_type_get_legal_maximum (ct).unit;

  if (max_count == 0)
    return refuse (error, GOV_CLOCK_ERROR_EXTENSION_CAP,
                   _("The case type “%s” allows no extensions"), gov_case_type_get_name (ct));
  if (max_count != GOV_CASE_TYPE_UNLIMITED && rp->n_ext >= (guint) max_count)
    return refuse (error, GOV_CLOCK_ERROR_EXTENSION_CAP,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u of %d extension already used",
                                "%u of %d extensions already used", max_count),
                   rp->n_ext, max_count);
  if (max_days != GOV_CASE_TYPE_UNLIMITED && rp->ext_days + days > max_days)
    {
      g_autofree char *asked = gov_clock_format_days (days, unit);
      g_autofree char *total = gov_clock_format_days (rp->ext_days + days, unit);
      g_autofree char *cap = gov_clock_format_days (max_days, unit);

      return refuse (error, GOV_CLOCK_ERROR_EXTENSION_CAP,
                     /* TRANSLATORS: each %s is a number of days, "10 working days" */
                     _("An extension of %s would bring the extensions to %s; "
                       "the case type allows at most %s"), asked, total, cap);
    }
  return TRUE;
}

/**
 * gov_clock_validate_extension:
 * @input: the case's clock input so far
 * @date: the date of the extension
 * @days: days to add, in the legal maximum's unit
 * @error: return location
 *
 * Checks an extension against the case type's cap (count and total days)
 * and that the time limit has not ended before @date.
 *
 * Returns: %TRUE if the extension may be recorded
 */
gboolean
gov_clock_validate_extension (const GovClockInput  *input,
                              const GDate          *date,
                              int                   days,
                              GError              **error)
{
  g_autoptr(GovClockResult) now = NULL;
  Replay rp = { 0 };
  gboolean ok;

  if (!check_input (input, error))
    return FALSE;
  if (days < 1)
    return refuse (error, GOV_CLOCK_ERROR_INVALID, _("An extension must add at least one day"));
  if ((now = gov_clock_compute (input, error)) == NULL)
    return FALSE;

  replay_events (input, &rp);
  ok = check_cap (input->case_type, &rp, days, error) && check_date (input, date, &rp, error);
  if (ok && g_date_compare (date, &now->legal.deadline) > 0)
    {
      g_autofree char *ended = gov_clock_format_date (&now->legal.deadline);

      ok = refuse (error, GOV_CLOCK_ERROR_EXPIRED,
                   _("The time limit ended on %s; it can no longer be extended"), ended);
    }
  replay_clear (&rp);
  return ok;
}

/**
 * gov_clock_objection_deadline:
 * @effect_date: the day the decision took effect (was made known)
 * @case_type: the case type
 * @decision_type_id: one of its decision types
 * @calendar: the case type's calendar
 * @deadline: (out caller-allocates): the last day to object
 * @error: return location
 *
 * The objection period starts the day after @effect_date (Awb 6:8) and is
 * counted like any other period: a calendar-day period ending on a weekend
 * or holiday moves to the next working day (Algemene termijnenwet art. 1).
 *
 * Returns: %FALSE if the case type has no such decision type
 */
gboolean
gov_clock_objection_deadline (const GDate  *effect_date,
                              GovCaseType  *case_type,
                              const char   *decision_type_id,
                              GovCalendar  *calendar,
                              GDate        *deadline,
                              GError      **error)
{
  GovPeriod period;
  GDate nominal;

  g_return_val_if_fail (effect_date != NULL && g_date_valid (effect_date), FALSE);
  g_return_val_if_fail (case_type != NULL && calendar != NULL && deadline != NULL, FALSE);

  if (!gov_case_type_get_objection_period (case_type, decision_type_id, &period))
    return refuse (error, GOV_CLOCK_ERROR_INVALID,
                   _("The case type “%s” has no decision type “%s”"),
                   gov_case_type_get_name (case_type),
                   decision_type_id != NULL ? decision_type_id : "");
  return find_end (calendar, NULL, effect_date, period, &nominal, deadline, error);
}
