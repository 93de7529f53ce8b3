/* ledger-util.h: shared fixtures for the ledger tests (header-only) */
#pragma once

#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-case.h"
#include "gov-event.h"
#include "gov-ledger.h"
#include "gov-projection.h"
#include "gov-replica-private.h"

static inline char *
util_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gov-ledger-XXXXXX", &error);

  _gov_replica_set_kdf_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);

  g_assert_no_error (error);
  return dir;
}

static inline void
util_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        util_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static inline GovReplica *
util_hub (const char *base,
          const char *name,
          const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (base, name, NULL);
  GovReplica *r = gov_replica_create (dir, "pass", name, code, 0, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static inline GPtrArray *
util_export (GovReplica *r)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  gov_ledger_export (gov_replica_get_ledger (r), NULL, lines, &error);
  g_assert_no_error (error);
  return lines;
}

static inline GovIngestReport
util_ingest (GovReplica *r,
             GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  GovIngestReport rep = { 0 };

  gov_ledger_ingest (gov_replica_get_ledger (r), lines, 0, "test", &rep, &error);
  g_assert_no_error (error);
  return rep;
}

/* Copies every event of @from into @to. */
static inline void
util_sync (GovReplica *from,
           GovReplica *to)
{
  g_autoptr(GPtrArray) lines = util_export (from);

  util_ingest (to, lines);
}

/* A second device of @hub's office, enrolled and holding the hub's events. */
static inline GovReplica *
util_join (GovReplica *hub,
           const char *base,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (base, name, NULL);
  g_autofree char *root = gov_replica_dup_office_root_pk (hub);
  g_autofree char *short_id = NULL;
  GovReplica *r = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);

  g_assert_no_error (error);
  short_id = gov_replica_enroll_device (hub, gov_identity_get_device_pk_b64 (
                                          gov_replica_get_identity (r)), "desk", name, &error);
  g_assert_no_error (error);
  util_sync (hub, r);
  gov_replica_set_actor (r, name);
  return r;
}

static inline char *
util_digest (GovReplica *r)
{
  g_autoptr(GError) error = NULL;
  char *d;

  gov_ledger_lock (gov_replica_get_ledger (r));
  d = gov_projection_digest (gov_replica_get_db (r), &error);
  gov_ledger_unlock (gov_replica_get_ledger (r));
  g_assert_no_error (error);
  return d;
}

static inline char *
util_conflicts (GovReplica *r)
{
  g_autoptr(GError) error = NULL;
  char *d;

  gov_ledger_lock (gov_replica_get_ledger (r));
  d = gov_projection_conflicts_digest (gov_replica_get_db (r), &error);
  gov_ledger_unlock (gov_replica_get_ledger (r));
  g_assert_no_error (error);
  return d;
}

static inline char *
util_new_case (GovReplica *r,
               const char *description)
{
  g_autoptr(GError) error = NULL;
  GovCaseIntake in = { .channel = "phone", .description = description,
                       .domain = "public_space", .category = "streetlight" };
  char *number = NULL;
  g_autofree char *id = gov_case_create (r, &in, &number, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return number;
}

static inline gint64
util_count (GovReplica *r,
            const char *sql)
{
  sqlite3_stmt *s = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (gov_replica_get_db (r), sql, -1, &s, NULL), ==, SQLITE_OK);
  if (sqlite3_step (s) == SQLITE_ROW)
    n = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);
  return n;
}

/* Signs arbitrary bytes the way an author would, for forging malformed
 * but correctly signed events. */
static inline char *
util_sign_raw_wire (const guint8 *sk,
                    const char   *text)
{
  static const char ctx[] = "casesync-event-v1";
  gsize len = strlen (text);
  g_autofree guint8 *msg = g_malloc (sizeof ctx + len);
  guint8 sig[64];
  g_autofree char *e = NULL;
  g_autofree char *s = NULL;

  memcpy (msg, ctx, sizeof ctx);
  memcpy (msg + sizeof ctx, text, len);
  crypto_sign_detached (sig, NULL, msg, sizeof ctx + len, sk);
  e = gov_b64_encode ((const guint8 *) text, len);
  s = gov_b64_encode (sig, 64);
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "e");
    json_builder_add_string_value (b, e);
    json_builder_set_member_name (b, "s");
    json_builder_add_string_value (b, s);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    return json_to_string (root, FALSE);
  }
}
