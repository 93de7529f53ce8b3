/* gov-stmt.c: prepared statement cache
 *
 * The apply pipeline runs the same few statements hundreds of thousands of
 * times; preparing each once per connection keeps ingest CPU-bound on
 * signature checks rather than on the SQL compiler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-db.h"
#include "gov-stmt.h"

struct _GovStmtCache
{
  sqlite3    *db;
  GHashTable *stmts;     /* SQL text → statement */
  GHashTable *by_place;  /* where the caller's SQL text lives → its key in stmts */
};

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

GovStmtCache *
_gov_stmt_cache_new (sqlite3 *db)
{
  GovStmtCache *self = g_new0 (GovStmtCache, 1);

  self->db = db;
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       finalize_stmt);
  self->by_place = g_hash_table_new (NULL, NULL);
  return self;
}

void
_gov_stmt_cache_free (GovStmtCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->by_place);
  g_hash_table_unref (self->stmts);
  g_free (self);
}

sqlite3 *
_gov_stmt_cache_db (GovStmtCache *self)
{
  return self->db;
}

/* Returns a reset statement with cleared bindings, owned by the cache. */
sqlite3_stmt *
_gov_stmt (GovStmtCache  *self,
           const char    *sql,
           GError       **error)
{
  const char *key = g_hash_table_lookup (self->by_place, sql);
  sqlite3_stmt *stmt;
  int rc;

  /* Callers pass string literals: finding one by its address skips hashing
   * a few hundred characters per statement. The text is compared all the
   * same, since an address can be reused by other text. */
  if (key != NULL && strcmp (key, sql) == 0)
    stmt = g_hash_table_lookup (self->stmts, key);
  else
    {
      char *stored = NULL;

      stmt = NULL;
      if (g_hash_table_lookup_extended (self->stmts, sql, (gpointer *) &stored,
                                        (gpointer *) &stmt))
        {
          if (g_hash_table_size (self->by_place) > 4096)
            g_hash_table_remove_all (self->by_place);
          g_hash_table_insert (self->by_place, (gpointer) sql, stored);
        }
    }

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gov_db_set_error (self->db, rc, _("Could not prepare a statement"), error);
      return NULL;
    }
  g_hash_table_insert (self->stmts, g_strdup (sql), stmt);

  return stmt;
}

/* Steps a write statement to completion. */
gboolean
_gov_stmt_done (GovStmtCache  *self,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return gov_db_set_error (self->db, rc, _("Could not write to the replica"), error);

  return TRUE;
}

void
_gov_bind_text (sqlite3_stmt *stmt,
                int           i,
                const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, i);
  else
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_TRANSIENT);
}
