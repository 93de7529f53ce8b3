#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GOV_DB_ERROR (gov_db_error_quark ())

typedef enum
{
  GOV_DB_ERROR_FAILED,
  GOV_DB_ERROR_CORRUPT,
  GOV_DB_ERROR_FULL,
  GOV_DB_ERROR_BUSY,
  GOV_DB_ERROR_NEWER_SCHEMA,
} GovDbError;

/**
 * GovMigration:
 * @version: schema version this step brings the component to (1, 2, …)
 * @sql: statements run inside the migration's transaction
 *
 * One step of a component's schema. Steps are applied in order, each in its
 * own transaction together with the version bump, so a crash leaves the
 * schema at a whole step.
 */
typedef struct
{
  int         version;
  const char *sql;
} GovMigration;

GQuark    gov_db_error_quark   (void);

gboolean  gov_db_set_error     (sqlite3             *db,
                                int                  rc,
                                const char          *what,
                                GError             **error);
gboolean  gov_db_exec          (sqlite3             *db,
                                const char          *sql,
                                GError             **error);
gboolean  gov_db_configure     (sqlite3             *db,
                                GError             **error);
gboolean  gov_db_migrate       (sqlite3             *db,
                                const char          *component,
                                const GovMigration  *steps,
                                guint                n_steps,
                                GError             **error);
int       gov_db_get_version   (sqlite3             *db,
                                const char          *component);
sqlite3  *gov_db_open_plain    (const char          *path,
                                GError             **error);

G_END_DECLS
