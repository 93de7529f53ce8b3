/* gov-clock.h: statutory clocks derived from a case's clock events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-calendar.h"
#include "gov-case-type.h"

G_BEGIN_DECLS

/*
 * Counting conventions (see docs/clocks.md for the legal reasoning):
 *
 * 1. The day a case is opened (the day of receipt) never counts. Counting
 *    starts the day after, as in the Algemene termijnenwet and Awb 6:8.
 * 2. Working-day periods count only days that are neither weekend nor
 *    holiday; the deadline is the Nth counted day, always a working day.
 * 3. Calendar-day periods count every day; when the Nth day is a weekend
 *    day or holiday the deadline moves to the next working day
 *    (Algemene termijnenwet art. 1). The moved days are shown as such.
 * 4. A pause dated P and a resume dated R suspend the days strictly between
 *    them: P still counts (the clock ran that day), R counts again
 *    (Awb 4:15: suspended "from the day after" the request "until the day"
 *    it is answered). A pause and resume on the same day, or on consecutive
 *    days, suspend nothing. A pause only suspends the clocks the case type
 *    says it suspends.
 * 5. While a pause is open the deadline is projected as if the case were
 *    resumed tomorrow, and flagged as projected.
 * 6. Extensions add days, in the legal maximum's unit, to the legal clock
 *    only; the service norm is never extended.
 * 7. Overdue means today is after the deadline. "Overdue by N" counts the
 *    days after the deadline up to and including today in the clock's unit;
 *    pauses no longer matter once the deadline has passed.
 * 8. Events are applied in date order; events on the same date keep the
 *    order given, which must be the ledger's causal order with ties broken
 *    by event id, so every replica passes the same list. Events that make no
 *    sense at their place (a resume while running, a second pause, an
 *    extension beyond the cap after a merge, a reason the case type does
 *    not allow) are ignored and listed in the result, never fatal.
 */

#define GOV_CLOCK_ERROR (gov_clock_error_quark ())

/**
 * GovClockError:
 * @GOV_CLOCK_ERROR_REASON_NOT_ALLOWED: the case type does not allow the pause reason
 * @GOV_CLOCK_ERROR_ALREADY_PAUSED: a pause while the clock is paused
 * @GOV_CLOCK_ERROR_NOT_PAUSED: a resume while the clock is running
 * @GOV_CLOCK_ERROR_EXTENSION_CAP: the extension would exceed the case type's cap
 * @GOV_CLOCK_ERROR_EXPIRED: the time limit has already ended
 * @GOV_CLOCK_ERROR_BAD_DATE: a date before the opening, in the future or
 *   before the last clock change
 * @GOV_CLOCK_ERROR_INVALID: other invalid input (a calendar that does not
 *   belong to the case type, a calendar without working days, zero days)
 */
typedef enum
{
  GOV_CLOCK_ERROR_REASON_NOT_ALLOWED,
  GOV_CLOCK_ERROR_ALREADY_PAUSED,
  GOV_CLOCK_ERROR_NOT_PAUSED,
  GOV_CLOCK_ERROR_EXTENSION_CAP,
  GOV_CLOCK_ERROR_EXPIRED,
  GOV_CLOCK_ERROR_BAD_DATE,
  GOV_CLOCK_ERROR_INVALID,
} GovClockError;

typedef enum
{
  GOV_CLOCK_EVENT_PAUSE,
  GOV_CLOCK_EVENT_RESUME,
  GOV_CLOCK_EVENT_EXTEND,
} GovClockEventKind;

/* Proposed ledger event types for the clock events (case logs), with the
 * bodies written by gov_clock_event_to_json(). */
#define GOV_CLOCK_EVENT_TYPE_PAUSE  "clock.pause"
#define GOV_CLOCK_EVENT_TYPE_RESUME "clock.resume"
#define GOV_CLOCK_EVENT_TYPE_EXTEND "clock.extend"

/**
 * GovClockEvent:
 * @kind: pause, resume or extend
 * @date: the date the act takes effect
 * @reason: (nullable): for a pause, the case type's reason id; for an
 *   extension, the reason in words
 * @actor: (nullable): who did it, for the audit ("Ana Ruiz")
 * @days: for an extension, how many days it adds (legal maximum's unit)
 *
 * One clock event, as read from the ledger. Strings are borrowed.
 */
typedef struct
{
  GovClockEventKind  kind;
  GDate              date;
  const char        *reason;
  const char        *actor;
  int                days;
} GovClockEvent;

/**
 * GovClockInput:
 * @opened: the day the case was opened (received)
 * @events: (array length=n_events): clock events, see convention 8
 * @n_events: number of @events
 * @case_type: the case type version in force when the case opened
 * @calendar: the case type's calendar
 * @today: the day to compute for
 *
 * Everything the clocks depend on: nothing else is read.
 */
typedef struct
{
  GDate                opened;
  const GovClockEvent *events;
  guint                n_events;
  GovCaseType         *case_type;
  GovCalendar         *calendar;
  GDate                today;
} GovClockInput;

typedef enum
{
  GOV_CLOCK_STATE_RUNNING,
  GOV_CLOCK_STATE_PAUSED,
  GOV_CLOCK_STATE_OVERDUE,
} GovClockState;

/**
 * GovClockDayKind:
 * @GOV_CLOCK_DAY_RECEIPT: the opening day, which does not count
 * @GOV_CLOCK_DAY_COUNTED: counted days
 * @GOV_CLOCK_DAY_WEEKEND: not counted, weekend (working-day clocks)
 * @GOV_CLOCK_DAY_HOLIDAY: not counted, public holiday (working-day clocks)
 * @GOV_CLOCK_DAY_PAUSED: not counted, the clock was paused
 * @GOV_CLOCK_DAY_MOVED: the period ended on a weekend or holiday and the
 *   deadline moved to the next working day (calendar-day clocks)
 * @GOV_CLOCK_DAY_OVERDUE: after the deadline
 */
typedef enum
{
  GOV_CLOCK_DAY_RECEIPT,
  GOV_CLOCK_DAY_COUNTED,
  GOV_CLOCK_DAY_WEEKEND,
  GOV_CLOCK_DAY_HOLIDAY,
  GOV_CLOCK_DAY_PAUSED,
  GOV_CLOCK_DAY_MOVED,
  GOV_CLOCK_DAY_OVERDUE,
} GovClockDayKind;

/**
 * GovClockPeriod:
 * @first: first day of the period
 * @last: last day of the period (inclusive)
 * @kind: why the days did or did not count
 * @n_days: for counted and overdue periods, the days that count in the
 *   clock's unit; otherwise the number of calendar days in the period
 * @extension: counted days that only exist because of an extension
 * @detail: (nullable): the holiday name or the pause reason's label
 * @actor: (nullable): who paused
 *
 * One line of the clock audit.
 */
typedef struct
{
  GDate            first;
  GDate            last;
  GovClockDayKind  kind;
  int              n_days;
  gboolean         extension;
  char            *detail;
  char            *actor;
} GovClockPeriod;

/**
 * GovClockTrack:
 * @unit: working or calendar days
 * @base_days: the case type's period
 * @total_days: @base_days plus granted extensions
 * @deadline: the last day of the period
 * @projected: the deadline assumes an open pause ends tomorrow
 * @used: counted days from the day after opening up to today
 * @left: days still to count after today up to the deadline (0 if overdue)
 * @state: running, paused or overdue
 * @overdue_since: the day after the deadline (valid when overdue)
 * @overdue_days: days after the deadline up to today, in @unit
 * @audit: (element-type GovClockPeriod): the days from opening to the
 *   deadline (or today, if later), grouped into periods
 *
 * One clock: the legal maximum or the service norm.
 */
typedef struct
{
  GovClockUnit   unit;
  int            base_days;
  int            total_days;
  GDate          deadline;
  gboolean       projected;
  int            used;
  int            left;
  GovClockState  state;
  GDate          overdue_since;
  int            overdue_days;
  GPtrArray     *audit;
} GovClockTrack;

/**
 * GovClockResult:
 * @legal: the legal time limit
 * @service: the service norm
 * @paused: a pause is open
 * @paused_since: the open pause's date
 * @pause_reason: (nullable): its reason id
 * @pause_label: (nullable): its reason in words
 * @pause_actor: (nullable): who paused
 * @extensions_used: extensions granted
 * @extension_days: days they added together
 * @ignored: (element-type utf8): why events were ignored, in event order
 */
typedef struct
{
  GovClockTrack  legal;
  GovClockTrack  service;
  gboolean       paused;
  GDate          paused_since;
  char          *pause_reason;
  char          *pause_label;
  char          *pause_actor;
  guint          extensions_used;
  int            extension_days;
  GPtrArray     *ignored;
} GovClockResult;

GQuark          gov_clock_error_quark          (void);

GovClockResult *gov_clock_compute              (const GovClockInput  *input,
                                                GError              **error);
void            gov_clock_result_free          (GovClockResult       *result);
JsonNode       *gov_clock_result_to_json       (const GovClockResult *result);
gboolean        gov_clock_track_is_due_within  (const GovClockTrack  *track,
                                                int                   days);

const char     *gov_clock_event_type           (GovClockEventKind     kind);
JsonNode       *gov_clock_event_to_json        (const GovClockEvent  *event);
gboolean        gov_clock_event_from_json      (const char           *type,
                                                JsonObject           *body,
                                                const char           *actor,
                                                GovClockEvent        *event,
                                                GError              **error);

/* Body checks with the shape of the ledger's per-type check hook. */
gboolean        gov_clock_check_pause_body     (JsonObject           *body,
                                                GError              **error);
gboolean        gov_clock_check_resume_body    (JsonObject           *body,
                                                GError              **error);
gboolean        gov_clock_check_extend_body    (JsonObject           *body,
                                                GError              **error);

gboolean        gov_clock_validate_pause       (const GovClockInput  *input,
                                                const GDate          *date,
                                                const char           *reason_id,
                                                GError              **error);
gboolean        gov_clock_validate_resume      (const GovClockInput  *input,
                                                const GDate          *date,
                                                GError              **error);
gboolean        gov_clock_validate_extension   (const GovClockInput  *input,
                                                const GDate          *date,
                                                int                   days,
                                                GError              **error);

gboolean        gov_clock_objection_deadline   (const GDate          *effect_date,
                                                GovCaseType          *case_type,
                                                const char           *decision_type_id,
                                                GovCalendar          *calendar,
                                                GDate                *deadline,
                                                GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovClockResult, gov_clock_result_free)

G_END_DECLS
