/* gov-db.c: connection settings, errors and the versioned migration runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-db.h"

G_DEFINE_QUARK (gov-db-error-quark, gov_db_error)

static GovDbError
code_for_rc (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return GOV_DB_ERROR_CORRUPT;
    case SQLITE_FULL:
      return GOV_DB_ERROR_FULL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return GOV_DB_ERROR_BUSY;
    default:
      return GOV_DB_ERROR_FAILED;
    }
}

/**
 * gov_db_set_error:
 * @db: (nullable): the connection, for its message
 * @rc: the SQLite result code
 * @what: a short phrase naming what was attempted
 * @error: return location
 *
 * Turns an SQLite failure into a #GError in %GOV_DB_ERROR.
 *
 * Returns: %FALSE, so callers can `return gov_db_set_error (…)`
 */
gboolean
gov_db_set_error (sqlite3     *db,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  const char *msg = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_FULL)
    msg = _("the disk is full");

  g_set_error (error, GOV_DB_ERROR, code_for_rc (rc), "%s: %s", what, msg);
  return FALSE;
}

gboolean
gov_db_exec (sqlite3     *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return gov_db_set_error (db, rc, _("Database statement failed"), error);

  return TRUE;
}

/**
 * gov_db_configure:
 * @db: a freshly opened connection
 * @error: return location
 *
 * Applies the settings every GovServ connection uses. Temp files stay in
 * memory so no plaintext ever reaches a temp directory, and mmap is off so
 * every page passes through the VFS.
 */
gboolean
gov_db_configure (sqlite3  *db,
                  GError  **error)
{
  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, 1);

  return gov_db_exec (db,
                      "PRAGMA journal_mode=WAL;"
                      "PRAGMA synchronous=FULL;"
                      "PRAGMA temp_store=MEMORY;"
                      "PRAGMA mmap_size=0;"
                      "PRAGMA secure_delete=ON;"
                      "PRAGMA foreign_keys=ON;"
                      "PRAGMA journal_size_limit=4194304;"
                      "PRAGMA cache_size=-32768;",
                      error);
}

static gboolean
ensure_version_table (sqlite3  *db,
                      GError  **error)
{
  return gov_db_exec (db,
                      "CREATE TABLE IF NOT EXISTS schema_version ("
                      " component TEXT PRIMARY KEY,"
                      " version INTEGER NOT NULL)",
                      error);
}

/**
 * gov_db_get_version:
 * @db: a connection
 * @component: the schema component, e.g. "ledger"
 *
 * Returns: the component's schema version, 0 when it has none yet, -1 on error
 */
int
gov_db_get_version (sqlite3    *db,
                    const char *component)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "SELECT version FROM schema_version WHERE component = ?",
                          -1, &stmt, NULL) != SQLITE_OK)
    return sqlite3_errcode (db) == SQLITE_ERROR ? 0 : -1;

  sqlite3_bind_text (stmt, 1, component, -1, SQLITE_STATIC);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      version = sqlite3_column_int (stmt, 0);
      break;
    case SQLITE_DONE:
      version = 0;
      break;
    default:
      break;
    }
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
set_version (sqlite3     *db,
             const char  *component,
             int          version,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db,
                               "INSERT INTO schema_version (component, version) VALUES (?, ?)"
                               " ON CONFLICT (component) DO UPDATE SET version = excluded.version",
                               -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, component, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, version);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return gov_db_set_error (db, rc, _("Could not record the schema version"), error);

  return TRUE;
}

static gboolean
apply_step (sqlite3            *db,
            const char         *component,
            const GovMigration *step,
            GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!gov_db_exec (db, "BEGIN IMMEDIATE", error))
    return FALSE;

  if (!gov_db_exec (db, step->sql, &local_error) ||
      !set_version (db, component, step->version, &local_error))
    {
      gov_db_exec (db, "ROLLBACK", NULL);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not upgrade the %s schema to version %d: "),
                                  component, step->version);
      return FALSE;
    }

  return gov_db_exec (db, "COMMIT", error);
}

/**
 * gov_db_migrate:
 * @db: a connection
 * @component: the schema component these steps belong to
 * @steps: (array length=n_steps): the component's steps, in increasing version
 * @n_steps: the number of steps
 * @error: return location
 *
 * Brings @component's schema up to the last step. Each step runs in one
 * transaction with its version bump. A database whose schema is newer than
 * this build knows is refused rather than touched.
 */
gboolean
gov_db_migrate (sqlite3             *db,
                const char          *component,
                const GovMigration  *steps,
                guint                n_steps,
                GError             **error)
{
  int current;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (component != NULL, FALSE);

  if (!ensure_version_table (db, error))
    return FALSE;

  current = gov_db_get_version (db, component);
  if (current < 0)
    return gov_db_set_error (db, sqlite3_errcode (db), _("Could not read the schema version"), error);

  if (n_steps > 0 && current > steps[n_steps - 1].version)
    {
      g_set_error (error, GOV_DB_ERROR, GOV_DB_ERROR_NEWER_SCHEMA,
                   _("The %s schema is version %d, newer than this GovServ knows (%d). "
                     "Update GovServ to open this replica."),
                   component, current, steps[n_steps - 1].version);
      return FALSE;
    }

  for (guint i = 0; i < n_steps; i++)
    {
      g_assert (i == 0 || steps[i].version > steps[i - 1].version);

      if (steps[i].version <= current)
        continue;
      if (!apply_step (db, component, &steps[i], error))
        return FALSE;
    }

  return TRUE;
}

/**
 * gov_db_open_plain:
 * @path: a database file
 * @error: return location
 *
 * Opens an unencrypted database with the usual settings. Used by tests and
 * benchmarks as the reference; replicas always go through the vault.
 *
 * Returns: (transfer full): the connection, or %NULL
 */
sqlite3 *
gov_db_open_plain (const char  *path,
                   GError     **error)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                            NULL);

  if (rc != SQLITE_OK)
    {
      gov_db_set_error (db, rc, _("Could not open the database"), error);
      sqlite3_close (db);
      return NULL;
    }

  if (!gov_db_configure (db, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}
