#pragma once

#include <glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

/**
 * GovCaseSummary:
 * @case_id: the case id
 * @number: the case number
 * @title: (nullable): the subject
 * @requester: (nullable): who asked
 * @status: new, open, in_progress, waiting or closed
 * @assignee: (nullable): who works on it
 * @team: (nullable): the team it was routed to
 * @domain: (nullable): the domain
 * @category: (nullable): the category
 * @due: (nullable): YYYY-MM-DD, as stored
 * @updated_ms: last change, Unix milliseconds
 * @conflicts: number of fields with two values
 * @updated_c: the counter of the last change's hybrid logical clock
 * @last_seq: the local arrival number of the case's latest event here
 * @deadline: (nullable): YYYY-MM-DD, the derived time limit of a case with a
 *   case type, else @due (see gov-case-due.h)
 * @clock: (nullable): the derived clocks of an open case with a case type
 *
 * One row of the case list, read from the projections.
 */
typedef struct _GovCaseDeadline GovCaseDeadline;

typedef struct
{
  char   *case_id;
  char   *number;
  char   *title;
  char   *requester;
  char   *status;
  char   *assignee;
  char   *team;
  char   *domain;
  char   *category;
  char   *due;
  gint64  updated_ms;
  guint   conflicts;
  gint64  updated_c;
  gint64  last_seq;
  char   *deadline;
  GovCaseDeadline *clock;
} GovCaseSummary;

/**
 * GovCaseMatch:
 * @case_id: the case
 * @where: "title", "description" or "note"
 * @text: the matching text (a note's first line)
 */
typedef struct
{
  char *case_id;
  char *where;
  char *text;
} GovCaseMatch;

/**
 * GovCatalogueEntry:
 * @id: the stored value ("waterways")
 * @label: the name shown, marked with N_(); translate with _()
 * @parent: (nullable): for a category, its domain's id
 *
 * The domains and categories an intake offers.
 */
typedef struct
{
  const char *id;
  const char *label;
  const char *parent;
} GovCatalogueEntry;

const GovCatalogueEntry *gov_case_catalogue_domains    (guint       *n_domains);
const GovCatalogueEntry *gov_case_catalogue_categories (guint       *n_categories);
const char              *gov_case_catalogue_label      (const char  *id);

void       gov_case_summary_free          (GovCaseSummary  *summary);
void       gov_case_match_free            (GovCaseMatch    *match);

GPtrArray *gov_case_query_summaries       (GovReplica          *replica,
                                           const char * const  *case_ids,
                                           GError             **error);
GPtrArray *gov_case_query_search          (GovReplica          *replica,
                                           const char          *words,
                                           guint                limit,
                                           GError             **error);
GPtrArray *gov_case_query_requesters      (GovReplica          *replica,
                                           const char          *prefix,
                                           guint                limit,
                                           GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCaseSummary, gov_case_summary_free)

G_END_DECLS
