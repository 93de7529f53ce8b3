#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* A per-connection cache of prepared statements keyed by their SQL text.
 * Internal to core: the ledger and the projections share one. */
typedef struct _GovStmtCache GovStmtCache;

GovStmtCache *_gov_stmt_cache_new   (sqlite3       *db);
void          _gov_stmt_cache_free  (GovStmtCache  *self);
sqlite3      *_gov_stmt_cache_db    (GovStmtCache  *self);
sqlite3_stmt *_gov_stmt             (GovStmtCache  *self,
                                     const char    *sql,
                                     GError       **error);
gboolean      _gov_stmt_done        (GovStmtCache  *self,
                                     sqlite3_stmt  *stmt,
                                     GError       **error);
void          _gov_bind_text        (sqlite3_stmt  *stmt,
                                     int            i,
                                     const char    *text);

G_END_DECLS
