#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_CASE_ERROR (gov_case_error_quark ())

/**
 * GovCaseError:
 * @GOV_CASE_ERROR_NOT_FOUND: no case has that number or id
 * @GOV_CASE_ERROR_CONFLICT: the case has an open conflict (closing is refused)
 * @GOV_CASE_ERROR_INVALID: a value a person typed is not valid
 * @GOV_CASE_ERROR_CLOSED: the case is already closed
 */
typedef enum
{
  GOV_CASE_ERROR_NOT_FOUND,
  GOV_CASE_ERROR_CONFLICT,
  GOV_CASE_ERROR_INVALID,
  GOV_CASE_ERROR_CLOSED,
} GovCaseError;

/**
 * GovCaseIntake:
 * @channel: how the request came in ("phone", "counter", "email", "web", "letter", …)
 * @requester: (nullable): who asked
 * @title: (nullable): short title; the first line of @description when %NULL
 * @description: what was asked
 * @location: (nullable): address or place
 * @domain: (nullable): e.g. "public_space"
 * @category: (nullable): e.g. "streetlight"
 * @area: (nullable): used for routing only
 * @due: (nullable): YYYY-MM-DD
 *
 * What an intake form collects. Strings are borrowed.
 */
typedef struct
{
  const char *channel;
  const char *requester;
  const char *title;
  const char *description;
  const char *location;
  const char *domain;
  const char *category;
  const char *area;
  const char *due;
} GovCaseIntake;

/**
 * GovCaseView:
 * @GOV_CASE_VIEW_ALL: every case
 * @GOV_CASE_VIEW_OPEN: every case not closed
 * @GOV_CASE_VIEW_MINE: open cases assigned to the replica's actor
 * @GOV_CASE_VIEW_TEAM: open cases of a team
 * @GOV_CASE_VIEW_OVERDUE: open cases whose due date has passed
 * @GOV_CASE_VIEW_CONFLICTS: cases with an open conflict
 */
typedef enum
{
  GOV_CASE_VIEW_ALL,
  GOV_CASE_VIEW_OPEN,
  GOV_CASE_VIEW_MINE,
  GOV_CASE_VIEW_TEAM,
  GOV_CASE_VIEW_OVERDUE,
  GOV_CASE_VIEW_CONFLICTS,
} GovCaseView;

/**
 * GovCaseSort:
 * @GOV_CASE_SORT_UPDATED: last change first
 * @GOV_CASE_SORT_DUE: earliest due date first, cases without one last
 * @GOV_CASE_SORT_NUMBER: by case number
 * @GOV_CASE_SORT_CREATED: newest first
 */
typedef enum
{
  GOV_CASE_SORT_UPDATED,
  GOV_CASE_SORT_DUE,
  GOV_CASE_SORT_NUMBER,
  GOV_CASE_SORT_CREATED,
} GovCaseSort;

/**
 * GovCaseQuery:
 * @view: which cases
 * @team: (nullable): the team for %GOV_CASE_VIEW_TEAM
 * @search: (nullable): words to find in title, description and notes
 * @today: (nullable): YYYY-MM-DD for %GOV_CASE_VIEW_OVERDUE; %NULL for today
 * @sort: order
 * @limit: at most this many rows (0 = 100)
 * @offset: rows to skip
 */
typedef struct
{
  GovCaseView  view;
  const char  *team;
  const char  *search;
  const char  *today;
  GovCaseSort  sort;
  guint        limit;
  guint        offset;
} GovCaseQuery;

GQuark      gov_case_error_quark          (void);

char       *gov_case_create               (GovReplica           *replica,
                                           const GovCaseIntake  *intake,
                                           char                **number,
                                           GError              **error);
char       *gov_case_lookup               (GovReplica           *replica,
                                           const char           *number_or_id,
                                           GError              **error);
gboolean    gov_case_set_field            (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *field,
                                           const char           *value,
                                           const char           *reason,
                                           GError              **error);
gboolean    gov_case_assign               (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *assignee,
                                           const char           *reason,
                                           GError              **error);
gboolean    gov_case_add_note             (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *text,
                                           gboolean              for_citizen,
                                           GError              **error);
gboolean    gov_case_add_note_full        (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *text,
                                           gboolean              for_citizen,
                                           char                **note_id,
                                           GError              **error);
gboolean    gov_case_retract_note         (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *note_id,
                                           const char           *reason,
                                           GError              **error);
gboolean    gov_case_add_correspondence   (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *direction,
                                           const char           *channel,
                                           const char           *subject,
                                           const char           *party,
                                           const char           *text,
                                           GError              **error);
gboolean    gov_case_close                (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *outcome,
                                           gboolean              first_contact,
                                           const char           *reason,
                                           GError              **error);
gboolean    gov_case_resolve_conflict     (GovReplica           *replica,
                                           const char           *number_or_id,
                                           const char           *field,
                                           const char           *value,
                                           GError              **error);

JsonNode   *gov_case_list                 (GovReplica           *replica,
                                           const GovCaseQuery   *query,
                                           GError              **error);
JsonNode   *gov_case_get_detail           (GovReplica           *replica,
                                           const char           *number_or_id,
                                           GError              **error);

char       *gov_routing_add               (GovReplica           *replica,
                                           const char           *domain,
                                           const char           *category,
                                           const char           *area,
                                           const char           *team,
                                           GError              **error);
gboolean    gov_routing_remove            (GovReplica           *replica,
                                           const char           *rule_id,
                                           GError              **error);
JsonNode   *gov_routing_list              (GovReplica           *replica,
                                           GError              **error);
char       *gov_routing_match             (GovReplica           *replica,
                                           const char           *domain,
                                           const char           *category,
                                           const char           *area,
                                           char                **rule_id);
JsonNode   *gov_quarantine_list           (GovReplica           *replica,
                                           GError              **error);

G_END_DECLS
