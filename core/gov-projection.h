#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "gov-event.h"
#include "gov-stmt.h"

G_BEGIN_DECLS

/* Projections are a pure function of the event set: every table here can be
 * dropped and rebuilt from `event` (gov_ledger_rebuild()). Internal to core;
 * views read them through gov-case.h. */

extern const char *const _gov_projection_schema;
extern const char *const _gov_projection_indexes;
extern const char *const _gov_projection_v5;
extern const char *const _gov_projection_v8;

gboolean  _gov_projection_drop    (sqlite3        *db,
                                   GError        **error);
gboolean  _gov_projection_apply   (GovStmtCache   *cache,
                                   GovEvent       *event,
                                   const char     *office_id,
                                   GError        **error);
gboolean  _gov_projection_prepare (sqlite3        *db,
                                   GError        **error);
gboolean  _gov_projection_flush   (GovStmtCache   *cache,
                                   GError        **error);
char     *_gov_projection_create_value (sqlite3     *db,
                                        const char  *create_id,
                                        const char  *field,
                                        char       **actor,
                                        char       **author,
                                        gint64      *hlc_ms,
                                        gint64      *hlc_c);
GStrv     _gov_projection_implicit_fields (sqlite3    *db,
                                           const char *case_id,
                                           char      **create_id);
char     *gov_projection_digest   (sqlite3        *db,
                                   GError        **error);
char     *gov_projection_conflicts_digest (sqlite3 *db,
                                   GError        **error);

G_END_DECLS
