#pragma once

#include "gov-ledger.h"

G_BEGIN_DECLS

/* A cached prepared statement on the ledger's connection, reset and with
 * cleared bindings. Hold gov_ledger_lock() while using it and reset it
 * before unlocking. */
sqlite3_stmt *_gov_ledger_stmt (GovLedger   *self,
                                const char  *sql,
                                GError     **error);

/* Called with the ledger locked before each outermost BEGIN: the replica
 * uses it to let its checkpointer finish first when the WAL is full, or,
 * with @settle (the last transaction of an ingest stream), already when it
 * is large, so that SQLite can start the WAL over and shrink it. */
typedef void (*GovLedgerBeforeBegin) (gpointer data,
                                      gboolean settle);

void          _gov_ledger_set_before_begin (GovLedger            *self,
                                            GovLedgerBeforeBegin  func,
                                            gpointer              data);

G_END_DECLS
