/* gov-case-type.h: a case type's time limits, pause reasons and decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define GOV_CASE_TYPE_ERROR (gov_case_type_error_quark ())

typedef enum
{
  GOV_CASE_TYPE_ERROR_INVALID,
} GovCaseTypeError;

/**
 * GovClockUnit:
 * @GOV_CLOCK_UNIT_WORKING_DAYS: only working days of the calendar count
 * @GOV_CLOCK_UNIT_CALENDAR_DAYS: every day counts; the end moves to the next
 *   working day when it falls on a weekend or holiday
 *
 * How a period is counted. JSON: "working" or "calendar".
 */
typedef enum
{
  GOV_CLOCK_UNIT_WORKING_DAYS,
  GOV_CLOCK_UNIT_CALENDAR_DAYS,
} GovClockUnit;

/**
 * GovPeriod:
 * @days: length, at least 1
 * @unit: how the days are counted
 */
typedef struct
{
  int          days;
  GovClockUnit unit;
} GovPeriod;

/* An extension cap without a limit on the count or on the days. */
#define GOV_CASE_TYPE_UNLIMITED (-1)

typedef struct _GovCaseType GovCaseType;

GQuark        gov_case_type_error_quark          (void);

GovCaseType  *gov_case_type_new                  (const char    *id,
                                                  const char    *name,
                                                  guint          version,
                                                  const char    *calendar_id,
                                                  GovPeriod      legal_maximum,
                                                  GovPeriod      service_norm);
GovCaseType  *gov_case_type_new_from_json        (JsonNode      *node,
                                                  GError       **error);
JsonNode     *gov_case_type_to_json              (GovCaseType   *self);
gboolean      gov_case_type_check_body           (JsonObject    *body,
                                                  GError       **error);
GovCaseType  *gov_case_type_ref                  (GovCaseType   *self);
void          gov_case_type_unref                (GovCaseType   *self);

const char   *gov_case_type_get_id               (GovCaseType   *self);
const char   *gov_case_type_get_name             (GovCaseType   *self);
guint         gov_case_type_get_version          (GovCaseType   *self);
const char   *gov_case_type_get_calendar_id      (GovCaseType   *self);
GovPeriod     gov_case_type_get_legal_maximum    (GovCaseType   *self);
GovPeriod     gov_case_type_get_service_norm     (GovCaseType   *self);

void          gov_case_type_add_pause_reason     (GovCaseType   *self,
                                                  const char    *id,
                                                  const char    *label);
const char   *gov_case_type_get_pause_label      (GovCaseType   *self,
                                                  const char    *reason_id);
guint         gov_case_type_get_n_pause_reasons  (GovCaseType   *self);
const char   *gov_case_type_get_pause_reason_id  (GovCaseType   *self,
                                                  guint          index);

void          gov_case_type_set_pause_suspends   (GovCaseType   *self,
                                                  gboolean       legal,
                                                  gboolean       service);
gboolean      gov_case_type_pause_suspends_legal (GovCaseType   *self);
gboolean      gov_case_type_pause_suspends_service (GovCaseType *self);

void          gov_case_type_set_extension_cap    (GovCaseType   *self,
                                                  int            max_count,
                                                  int            max_days);
int           gov_case_type_get_extension_max_count (GovCaseType *self);
int           gov_case_type_get_extension_max_days  (GovCaseType *self);

void          gov_case_type_add_decision_type    (GovCaseType   *self,
                                                  const char    *id,
                                                  const char    *label,
                                                  GovPeriod      objection_period);
gboolean      gov_case_type_get_objection_period (GovCaseType   *self,
                                                  const char    *decision_type_id,
                                                  GovPeriod     *period);
const char   *gov_case_type_get_decision_label   (GovCaseType   *self,
                                                  const char    *decision_type_id);
guint         gov_case_type_get_n_decision_types (GovCaseType   *self);

const char   *gov_clock_unit_to_string           (GovClockUnit   unit);
gboolean      gov_clock_unit_from_string         (const char    *text,
                                                  GovClockUnit  *unit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCaseType, gov_case_type_unref)

G_END_DECLS
