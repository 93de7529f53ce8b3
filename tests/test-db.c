/* test-db.c: connection settings and the migration runner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "gov-db.h"

#include <glib/gstdio.h>

typedef struct
{
  char    *dir;
  sqlite3 *db;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("gov-test-db-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "t.db", NULL);
  f->db = gov_db_open_plain (path, &error);
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  sqlite3_close (f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *mode = query_text (f->db, "PRAGMA journal_mode");
  g_autofree char *sync = query_text (f->db, "PRAGMA synchronous");
  g_autofree char *temp = query_text (f->db, "PRAGMA temp_store");
  g_autofree char *mmap = query_text (f->db, "PRAGMA mmap_size");
  g_autofree char *secure = query_text (f->db, "PRAGMA secure_delete");

  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpstr (sync, ==, "2");     /* FULL */
  g_assert_cmpstr (temp, ==, "2");     /* MEMORY */
  g_assert_cmpstr (mmap, ==, "0");
  g_assert_cmpstr (secure, ==, "1");
}

static const GovMigration steps_v2[] = {
  { 1, "CREATE TABLE a (x INTEGER)" },
  { 2, "ALTER TABLE a ADD COLUMN y TEXT" },
};

static void
test_migrate_in_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gov_db_get_version (f->db, "t"), ==, 0);
  g_assert_true (gov_db_migrate (f->db, "t", steps_v2, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gov_db_get_version (f->db, "t"), ==, 1);

  /* Running again applies only the missing step. */
  g_assert_true (gov_db_migrate (f->db, "t", steps_v2, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gov_db_get_version (f->db, "t"), ==, 2);
  g_assert_true (gov_db_exec (f->db, "INSERT INTO a (x, y) VALUES (1, 'one')", &error));

  /* Components are versioned independently. */
  g_assert_cmpint (gov_db_get_version (f->db, "other"), ==, 0);
}

static void
test_migrate_failure_rolls_back (Fixture       *f,
                                 gconstpointer  data)
{
  static const GovMigration broken[] = {
    { 1, "CREATE TABLE b (x INTEGER)" },
    { 2, "CREATE TABLE c (x INTEGER); THIS IS NOT SQL" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *c = NULL;

  g_assert_false (gov_db_migrate (f->db, "t", broken, 2, &error));
  g_assert_error (error, GOV_DB_ERROR, GOV_DB_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "version 2"));

  /* Step 1 stays; step 2's table and version bump were rolled back together. */
  g_assert_cmpint (gov_db_get_version (f->db, "t"), ==, 1);
  c = query_text (f->db, "SELECT count(*) FROM sqlite_master WHERE name = 'c'");
  g_assert_cmpstr (c, ==, "0");
}

static void
test_migrate_refuses_newer (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gov_db_migrate (f->db, "t", steps_v2, 2, &error));
  g_assert_false (gov_db_migrate (f->db, "t", steps_v2, 1, &error));
  g_assert_error (error, GOV_DB_ERROR, GOV_DB_ERROR_NEWER_SCHEMA);
  g_assert_cmpint (gov_db_get_version (f->db, "t"), ==, 2);
}

static void
test_error_names_full_disk (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (gov_db_set_error (NULL, SQLITE_FULL, "Could not save", &error));
  g_assert_error (error, GOV_DB_ERROR, GOV_DB_ERROR_FULL);
  g_assert_cmpstr (error->message, ==, "Could not save: the disk is full");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/db/settings", Fixture, NULL, set_up, test_settings, tear_down);
  g_test_add ("/core/db/migrate/in-order", Fixture, NULL, set_up, test_migrate_in_order, tear_down);
  g_test_add ("/core/db/migrate/failure-rolls-back", Fixture, NULL, set_up,
              test_migrate_failure_rolls_back, tear_down);
  g_test_add ("/core/db/migrate/refuses-newer", Fixture, NULL, set_up,
              test_migrate_refuses_newer, tear_down);
  g_test_add_func ("/core/db/error/full-disk", test_error_names_full_disk);

  return g_test_run ();
}
