#pragma once

#include <gio/gio.h>

#include "gov-case-due.h"
#include "gov-case-query.h"
#include "gov-replica.h"
#include "gov-status-chip.h"

G_BEGIN_DECLS

#define GOV_TYPE_CASE_ROW (gov_case_row_get_type ())
G_DECLARE_FINAL_TYPE (GovCaseRow, gov_case_row, GOV, CASE_ROW, GObject)

#define GOV_TYPE_CASE_MODEL (gov_case_model_get_type ())
G_DECLARE_FINAL_TYPE (GovCaseModel, gov_case_model, GOV, CASE_MODEL, GObject)

/* The views the case list filters by; the names match GovWindow's. */
typedef enum
{
  GOV_CASE_MODEL_VIEW_MINE,
  GOV_CASE_MODEL_VIEW_TEAM,
  GOV_CASE_MODEL_VIEW_OVERDUE,
  GOV_CASE_MODEL_VIEW_CONFLICTS,
  GOV_CASE_MODEL_VIEW_IN_TRANSIT,
  GOV_CASE_MODEL_VIEW_DUE_SOON,
  GOV_CASE_MODEL_N_VIEWS,
} GovCaseModelView;

GovCaseRow           *gov_case_row_new             (GovCaseSummary     *summary);
const GovCaseSummary *gov_case_row_get_summary     (GovCaseRow         *self);
const char           *gov_case_row_get_match       (GovCaseRow         *self);
void                  gov_case_row_set_match       (GovCaseRow         *self,
                                                    const char         *match);
int                   gov_case_row_days_left       (GovCaseRow         *self,
                                                    GDate              *today);
GovStatusChipState    gov_case_row_describe        (GovCaseRow         *self,
                                                    GDate              *today,
                                                    char              **words);
char                 *gov_case_row_describe_transit (GovCaseRow        *self,
                                                    GDate              *today);
const GovCaseTransit *gov_case_row_get_transit     (GovCaseRow         *self);
char                 *gov_case_row_format_due      (GovCaseRow         *self);
char                 *gov_case_row_format_due_short (GovCaseRow        *self);
gboolean              gov_case_row_in_view         (GovCaseRow         *self,
                                                    GovCaseModelView    view,
                                                    const char         *me,
                                                    GDate              *today);

const char           *gov_case_status_label        (const char         *status);

GovCaseModel         *gov_case_model_new           (GovReplica         *replica);
GovReplica           *gov_case_model_get_replica   (GovCaseModel       *self);
GDate                *gov_case_model_get_today     (GovCaseModel       *self);
void                  gov_case_model_set_today     (GovCaseModel       *self,
                                                    const char         *yyyy_mm_dd);
const char           *gov_case_model_get_me        (GovCaseModel       *self);
gboolean              gov_case_model_get_loading   (GovCaseModel       *self);
void                  gov_case_model_reload        (GovCaseModel       *self);
void                  gov_case_model_refresh_cases (GovCaseModel       *self,
                                                    const char * const *case_ids);
void                  gov_case_model_watch_ledger  (GovCaseModel       *self);
GovCaseRow           *gov_case_model_lookup        (GovCaseModel       *self,
                                                    const char         *case_id_or_number);
guint                 gov_case_model_count_view    (GovCaseModel       *self,
                                                    GovCaseModelView    view);
GPtrArray            *gov_case_model_take_new_offers (GovCaseModel     *self);
gboolean              gov_case_model_has_incoming_offers (GovCaseModel *self);

G_END_DECLS
