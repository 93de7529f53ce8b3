#pragma once

#include "gov-ledger.h"

G_BEGIN_DECLS

/* A cached prepared statement on the ledger's connection, reset and with
 * cleared bindings. Hold gov_ledger_lock() while using it and reset it
 * before unlocking. */
sqlite3_stmt *_gov_ledger_stmt (GovLedger   *self,
                                const char  *sql,
                                GError     **error);

G_END_DECLS
