/* gov-projection-resp.h: projections of handover, decision and clock events
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "gov-event.h"
#include "gov-stmt.h"

G_BEGIN_DECLS

/* The ledger's migration step 3: case types, calendars and decision rules
 * from the admin log. Case events need no tables of their own: they are in
 * `timeline`, and their registers in `field_head`/`case_field`. */
extern const char *const _gov_projection_resp_schema;

/* Register names in field_head/case_field. Concurrent writes of one
 * register are a conflict, counted in case_row.conflicts like any field. */
#define GOV_RESP_REGISTER_HANDOVER  "handover"
#define GOV_RESP_REGISTER_CASE_TYPE "case_type"
#define GOV_RESP_REGISTER_DECISION  "decision:"   /* + the decision's event id */

gboolean  _gov_projection_resp_reset   (sqlite3       *db,
                                        GError       **error);
gboolean  _gov_projection_resp_handles (const char    *type);
gboolean  _gov_projection_resp_apply   (GovStmtCache  *cache,
                                        GovEvent      *event,
                                        GError       **error);

/* In gov-projection.c: one write of a multi-value register. */
gboolean  _gov_projection_write_register (GovStmtCache  *cache,
                                          GovEvent      *event,
                                          const char    *field,
                                          const char    *value,
                                          GError       **error);

G_END_DECLS
