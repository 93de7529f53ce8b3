/* gov-case-due.h: the deadline a case list shows, and who has a handover open
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gov-case-query.h"
#include "gov-clock.h"
#include "gov-replica.h"

G_BEGIN_DECLS

/**
 * GovCaseDueState:
 * @GOV_CASE_DUE_NONE: no deadline: closed, or untyped without a due date
 * @GOV_CASE_DUE_RUNNING: days are left (0 = due today)
 * @GOV_CASE_DUE_PAUSED: the time limit's clock is paused
 * @GOV_CASE_DUE_OVERDUE: the deadline has passed
 */
typedef enum
{
  GOV_CASE_DUE_NONE,
  GOV_CASE_DUE_RUNNING,
  GOV_CASE_DUE_PAUSED,
  GOV_CASE_DUE_OVERDUE,
} GovCaseDueState;

/**
 * GovCaseDeadline:
 * @legal: the derived time limit (its audit is %NULL)
 * @service: the derived service target (its audit is %NULL)
 *
 * The clocks of an open case with a case type, as a list row needs them.
 */
struct _GovCaseDeadline
{
  GovClockTrack legal;
  GovClockTrack service;
};

/**
 * GovCaseTransit:
 * @case_id: the case
 * @offer_id: the open offer
 * @incoming: the offer waits for this office to answer
 * @party: who it went to (sent) or came from (incoming), in words
 * @since_ms: when it was offered, Unix milliseconds
 *
 * One open handover, as the In Transit view shows it.
 */
typedef struct
{
  char     *case_id;
  char     *offer_id;
  gboolean  incoming;
  char     *party;
  gint64    since_ms;
} GovCaseTransit;

typedef struct _GovDeadlineCache GovDeadlineCache;

/* "Due soon" and the default of "due within N days" (UX.md section 2). */
#define GOV_CASE_DUE_SOON_DAYS 3

GovDeadlineCache *gov_deadline_cache_new       (void);
void              gov_deadline_cache_free      (GovDeadlineCache      *cache);
guint             gov_deadline_cache_get_computed (GovDeadlineCache   *cache);

gboolean          gov_case_due_add_deadlines   (GovReplica            *replica,
                                                GPtrArray             *summaries,
                                                GovDeadlineCache      *cache,
                                                const GDate           *today,
                                                GError               **error);
int               gov_working_days_between     (const GDate           *from,
                                                const GDate           *to);
int               gov_case_summary_deadline_cmp (const GovCaseSummary *a,
                                                const GovCaseSummary  *b);
GovCaseDueState   gov_case_due_state           (const GovCaseSummary  *summary,
                                                const GDate           *today,
                                                GovClockTrack         *track);
gboolean          gov_case_due_is_overdue      (const GovCaseSummary  *summary,
                                                const GDate           *today);
gboolean          gov_case_due_is_within       (const GovCaseSummary  *summary,
                                                int                    days,
                                                const GDate           *today);
char             *gov_case_due_words           (const GovCaseSummary  *summary,
                                                const GDate           *today);
GPtrArray        *gov_case_due_list            (GovReplica            *replica,
                                                int                    within_days,
                                                const GDate           *today,
                                                GError               **error);

void              gov_case_transit_free        (GovCaseTransit        *transit);
GPtrArray        *gov_case_due_in_transit      (GovReplica            *replica,
                                                GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCaseTransit, gov_case_transit_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovDeadlineCache, gov_deadline_cache_free)

G_END_DECLS
