/* gov-resp-types.h: body checks for the responsibility event types
 *
 * The ledger's type table (gov-event.c) names these. Each has the shape of
 * the table's check hook and reports GOV_EVENT_ERROR_BAD_BODY, so that a
 * bad body from elsewhere is quarantined as "bad-body".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean _gov_resp_check_casetype_body    (JsonObject *body, GError **error);
gboolean _gov_resp_check_calendar_body    (JsonObject *body, GError **error);
gboolean _gov_resp_check_pause_body       (JsonObject *body, GError **error);
gboolean _gov_resp_check_resume_body      (JsonObject *body, GError **error);
gboolean _gov_resp_check_extend_body      (JsonObject *body, GError **error);
gboolean _gov_case_clock_check_type_body  (JsonObject *body, GError **error);
gboolean _gov_handover_check_offer_body   (JsonObject *body, GError **error);
gboolean _gov_handover_check_answer_body  (JsonObject *body, GError **error);
gboolean _gov_handover_check_resolve_body (JsonObject *body, GError **error);
gboolean _gov_decision_check_body         (JsonObject *body, GError **error);
gboolean _gov_decision_check_rule_body    (JsonObject *body, GError **error);

/* The handover part of the ledger's authority check (gov-handover.c). */
typedef enum
{
  GOV_HANDOVER_AUTHORITY_ALLOWED,
  GOV_HANDOVER_AUTHORITY_REFUSED,
  GOV_HANDOVER_AUTHORITY_WAIT,
  GOV_HANDOVER_AUTHORITY_ERROR,
} GovHandoverAuthority;

struct _GovEvent;
struct sqlite3;
GovHandoverAuthority _gov_handover_authority (struct sqlite3   *db,
                                              struct _GovEvent *ev,
                                              const char       *office_id,
                                              const char       *creator,
                                              char            **wait_for);

G_END_DECLS
