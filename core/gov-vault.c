/* gov-vault.c: an encrypted replica directory (replica.db + replica.keys)
 *
 * The vault unwraps the database key from a key slot, checks it against
 * page 1 of replica.db without SQLite, and only then opens the database
 * through casevfs. So a wrong passphrase or a foreign key file is reported
 * before SQLite could run journal or WAL recovery with a wrong key, and a
 * failed open never changes a byte on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-vault-private.h"
#include "gov-vfs.h"

struct _GovVault
{
  GObject     parent_instance;

  char       *dir;
  GovKeyfile *keyfile;
  guint8     *dek;                /* sodium_malloc'd; NULL when locked */
  GovVfsKey  *key;
  sqlite3    *db;
  gboolean    opened_by_recovery; /* a new passphrase may be set without the old one */
};

G_DEFINE_FINAL_TYPE (GovVault, gov_vault, G_TYPE_OBJECT)

G_DEFINE_QUARK (gov-vault-error-quark, gov_vault_error)

static char *
db_path (const char *dir)
{
  return g_build_filename (dir, GOV_VAULT_DB_NAME, NULL);
}

static char *
keys_path (const char *dir)
{
  return g_build_filename (dir, GOV_VAULT_KEYS_NAME, NULL);
}

static gboolean
damaged (GError     **error,
         const char  *dir,
         const char  *detail)
{
  g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_DAMAGED,
               _("Replica %s is damaged (%s). Restore a backup or resync from a peer."),
               dir, detail);
  return FALSE;
}

/* ---- connections --------------------------------------------------- */

static sqlite3 *
open_connection (GovVault    *self,
                 gboolean     create,
                 GError     **error)
{
  g_autofree char *path = db_path (self->dir);
  g_autofree char *uri = gov_vfs_make_uri (path, self->key, NULL);
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI | SQLITE_OPEN_FULLMUTEX |
              (create ? SQLITE_OPEN_CREATE : 0);
  int reserve = GOV_VFS_RESERVE;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (uri, &db, flags, GOV_VFS_NAME);
  if (rc == SQLITE_OK)
    {
      /* Reserve bytes before anything is written (pitfall 9). */
      sqlite3_extended_result_codes (db, 1);
      rc = sqlite3_file_control (db, "main", SQLITE_FCNTL_RESERVE_BYTES, &reserve);
    }
  if (rc != SQLITE_OK)
    {
      g_autofree char *detail = g_strdup (db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc));

      sqlite3_close (db);
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        damaged (error, self->dir, detail);
      else
        g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED,
                     _("Could not open replica %s: %s"), self->dir, detail);
      return NULL;
    }

  return db;
}

/* Applies the usual pragmas and reads the schema, so a damaged page 1 or
 * schema page shows up now rather than in some later query. */
static gboolean
configure_and_probe (GovVault  *self,
                     sqlite3   *db,
                     GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  int rc;

  if (!gov_db_exec (db, "PRAGMA page_size=4096", &local_error) ||
      !gov_db_configure (db, &local_error) ||
      !gov_db_exec (db, "SELECT count(*) FROM sqlite_master", &local_error))
    {
      rc = sqlite3_extended_errcode (db);
      if (rc == SQLITE_IOERR_DATA || (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
        return damaged (error, self->dir, local_error->message);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED,
                   _("Could not open replica %s: %s"), self->dir, local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* ---- GObject ------------------------------------------------------- */

static void
gov_vault_finalize (GObject *object)
{
  GovVault *self = GOV_VAULT (object);

  gov_vault_lock (self);
  g_clear_pointer (&self->dir, g_free);

  G_OBJECT_CLASS (gov_vault_parent_class)->finalize (object);
}

static void
gov_vault_class_init (GovVaultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gov_vault_finalize;
}

static void
gov_vault_init (GovVault *self)
{
}

/* ---- opening ------------------------------------------------------- */

/**
 * gov_vault_exists:
 * @dir: a directory
 *
 * Returns: %TRUE when @dir holds a replica database or key file
 */
gboolean
gov_vault_exists (const char *dir)
{
  g_autofree char *db = db_path (dir);
  g_autofree char *keys = keys_path (dir);

  return g_file_test (db, G_FILE_TEST_EXISTS) || g_file_test (keys, G_FILE_TEST_EXISTS);
}

static GovVault *
vault_new (const char *dir,
           GovKeyfile *keyfile,
           guint8     *dek)
{
  GovVault *self = g_object_new (GOV_TYPE_VAULT, NULL);

  g_assert (gov_vfs_ensure_registered ());
  self->dir = g_strdup (dir);
  self->keyfile = keyfile;
  self->dek = dek;
  self->key = gov_vfs_key_new (dek, gov_keyfile_get_db_id (keyfile));
  return self;
}

static GovKeyfile *
load_keyfile (const char  *dir,
              GError     **error)
{
  g_autofree char *db = db_path (dir);
  g_autofree char *keys = keys_path (dir);
  g_autoptr(GError) local_error = NULL;
  GovKeyfile *kf;

  if (!g_file_test (db, G_FILE_TEST_EXISTS) && !g_file_test (keys, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_FOUND,
                   _("There is no replica in %s"), dir);
      return NULL;
    }
  if (!g_file_test (keys, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_FOUND,
                   _("The key file %s is missing; restore it from a backup"), keys);
      return NULL;
    }
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_FOUND,
                   _("The database %s is missing; restore it from a backup"), db);
      return NULL;
    }

  kf = gov_keyfile_load (keys, &local_error);
  if (kf == NULL)
    g_set_error (error, GOV_VAULT_ERROR,
                 local_error->code == GOV_KEYFILE_ERROR_IO ? GOV_VAULT_ERROR_FAILED
                                                           : GOV_VAULT_ERROR_KEYFILE_INVALID,
                 "%s", local_error->message);
  return kf;
}

/* Checks replica.db's first bytes against the key, without SQLite. */
static gboolean
probe_db (GovVault  *self,
          GError   **error)
{
  g_autofree char *path = db_path (self->dir);
  g_autoptr(GError) local_error = NULL;

  switch (gov_vfs_probe_file (path, self->key, &local_error))
    {
    case GOV_VFS_FILE_OK:
      return TRUE;
    case GOV_VFS_FILE_EMPTY:
      return damaged (error, self->dir, _("the database file is empty"));
    case GOV_VFS_FILE_PLAIN_SQLITE:
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_ENCRYPTED,
                   _("%s is an unencrypted SQLite database, not an encrypted replica"), path);
      return FALSE;
    case GOV_VFS_FILE_OTHER_KEY:
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FOREIGN_KEYFILE,
                   _("The key file in %s belongs to another replica"), self->dir);
      return FALSE;
    case GOV_VFS_FILE_UNKNOWN:
    default:
      if (local_error != NULL)
        {
          g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED, "%s", local_error->message);
          return FALSE;
        }
      return damaged (error, self->dir, _("the file header is not a GovServ replica header"));
    }
}

static GovVault *
open_unlocked (const char  *dir,
               GovKeyfile  *keyfile,
               guint8      *dek,
               GError     **error)
{
  g_autoptr(GovVault) self = vault_new (dir, keyfile, dek);

  if (!probe_db (self, error))
    return NULL;

  self->db = open_connection (self, FALSE, error);
  if (self->db == NULL || !configure_and_probe (self, self->db, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gov_vault_open:
 * @dir: the replica directory
 * @passphrase: its passphrase
 * @error: return location (%GOV_VAULT_ERROR)
 *
 * Unlocks the replica. Argon2id runs here (up to a second): call it off
 * the GTK main loop.
 *
 * Returns: (transfer full) (nullable): the unlocked vault
 */
GovVault *
gov_vault_open (const char  *dir,
                const char  *passphrase,
                GError     **error)
{
  g_autoptr(GovKeyfile) kf = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 *dek;

  g_return_val_if_fail (dir != NULL && passphrase != NULL, NULL);

  kf = load_keyfile (dir, error);
  if (kf == NULL)
    return NULL;

  dek = gov_keyfile_unlock_passphrase (kf, passphrase, &local_error);
  if (dek == NULL)
    {
      g_set_error (error, GOV_VAULT_ERROR,
                   local_error->code == GOV_KEYFILE_ERROR_WRONG_SECRET
                     ? GOV_VAULT_ERROR_WRONG_PASSPHRASE : GOV_VAULT_ERROR_FAILED,
                   "%s", local_error->message);
      return NULL;
    }

  return open_unlocked (dir, g_steal_pointer (&kf), dek, error);
}

/**
 * gov_vault_open_with_recovery_code:
 * @dir: the replica directory
 * @code: the recovery code shown at creation (dashes and case do not matter)
 * @error: return location
 *
 * Unlocks with the recovery code. The caller should then set a new
 * passphrase with gov_vault_change_passphrase() (old passphrase %NULL).
 *
 * Returns: (transfer full) (nullable): the unlocked vault
 */
GovVault *
gov_vault_open_with_recovery_code (const char  *dir,
                                   const char  *code,
                                   GError     **error)
{
  g_autoptr(GovKeyfile) kf = NULL;
  g_autoptr(GError) local_error = NULL;
  GovVault *self;
  guint8 *dek;

  g_return_val_if_fail (dir != NULL && code != NULL, NULL);

  kf = load_keyfile (dir, error);
  if (kf == NULL)
    return NULL;

  dek = gov_keyfile_unlock_recovery_code (kf, code, &local_error);
  if (dek == NULL)
    {
      g_set_error (error, GOV_VAULT_ERROR,
                   local_error->code == GOV_KEYFILE_ERROR_IO ? GOV_VAULT_ERROR_FAILED
                                                             : GOV_VAULT_ERROR_WRONG_RECOVERY_CODE,
                   "%s", local_error->message);
      return NULL;
    }

  self = open_unlocked (dir, g_steal_pointer (&kf), dek, error);
  if (self != NULL)
    self->opened_by_recovery = TRUE;
  return self;
}

/* ---- creating ------------------------------------------------------ */

/**
 * gov_vault_create_with_limits:
 * @dir: a new or empty directory (created with mode 0700)
 * @passphrase: the passphrase
 * @opslimit: Argon2id operations
 * @memlimit: Argon2id memory in bytes
 * @recovery_code: (out) (optional) (transfer full): the recovery code to show once
 * @error: return location
 *
 * Like gov_vault_create() with explicit Argon2id limits; tests use
 * crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN.
 *
 * Returns: (transfer full) (nullable): the new, unlocked vault
 */
GovVault *
gov_vault_create_with_limits (const char  *dir,
                              const char  *passphrase,
                              guint64      opslimit,
                              gsize        memlimit,
                              char       **recovery_code,
                              GError     **error)
{
  g_autoptr(GovVault) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *keys = keys_path (dir);
  g_autofree char *db = db_path (dir);
  guint8 db_id[GOV_VFS_DB_ID_SIZE];
  GovKeyfile *kf;
  guint8 *dek;

  g_return_val_if_fail (dir != NULL && passphrase != NULL, NULL);

  if (gov_vault_exists (dir))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_EXISTS,
                   _("There is already a replica in %s"), dir);
      return NULL;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED,
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return NULL;
    }

  g_assert (sodium_init () >= 0);
  randombytes_buf (db_id, sizeof db_id);
  dek = gov_dek_new_random ();
  kf = gov_keyfile_new (db_id);
  self = vault_new (dir, kf, dek);

  /* The key file first: a database must never exist without its key. */
  if (!gov_keyfile_set_passphrase (kf, dek, passphrase, opslimit, memlimit, &local_error) ||
      !gov_keyfile_set_recovery_code (kf, dek, &code, &local_error) ||
      !gov_keyfile_save (kf, keys, &local_error))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED, "%s", local_error->message);
      g_unlink (keys);
      return NULL;
    }

  self->db = open_connection (self, TRUE, error);
  if (self->db == NULL || !configure_and_probe (self, self->db, error))
    {
      gov_vault_lock (self);
      g_unlink (db);
      g_unlink (keys);
      return NULL;
    }

  if (recovery_code != NULL)
    *recovery_code = g_steal_pointer (&code);
  return g_steal_pointer (&self);
}

/**
 * gov_vault_create:
 * @dir: a new or empty directory (created with mode 0700)
 * @passphrase: the passphrase
 * @strength: Argon2id strength: moderate on desktops, interactive on
 *   low-RAM field laptops
 * @recovery_code: (out) (optional) (transfer full): the recovery code to
 *   show once ("XXXXX-XXXXX-…")
 * @error: return location
 *
 * Creates replica.keys (passphrase and recovery-code slots) and an empty
 * encrypted replica.db in WAL mode. Components then add their schemas with
 * gov_db_migrate() on gov_vault_get_db().
 *
 * Returns: (transfer full) (nullable): the new, unlocked vault
 */
GovVault *
gov_vault_create (const char      *dir,
                  const char      *passphrase,
                  GovKdfStrength   strength,
                  char           **recovery_code,
                  GError         **error)
{
  guint64 ops;
  gsize mem;

  gov_kdf_strength_limits (strength, &ops, &mem);
  return gov_vault_create_with_limits (dir, passphrase, ops, mem, recovery_code, error);
}

/* ---- use ----------------------------------------------------------- */

const char *
gov_vault_get_dir (GovVault *self)
{
  g_return_val_if_fail (GOV_IS_VAULT (self), NULL);
  return self->dir;
}

/**
 * gov_vault_get_db:
 * @self: a vault
 *
 * The writer connection, configured (WAL, synchronous=FULL,
 * temp_store=MEMORY, mmap off, secure_delete, 32 MiB cache). Opened with
 * SQLITE_OPEN_FULLMUTEX; still, keep writes on one worker thread.
 *
 * Returns: (transfer none) (nullable): the connection, %NULL once locked
 */
sqlite3 *
gov_vault_get_db (GovVault *self)
{
  g_return_val_if_fail (GOV_IS_VAULT (self), NULL);
  return self->db;
}

/**
 * gov_vault_open_reader:
 * @self: an unlocked vault
 * @error: return location
 *
 * Opens another connection on the same key for reading on another thread
 * (WAL lets it read while the writer writes). It is query-only.
 *
 * Returns: (transfer full) (nullable): close it with sqlite3_close() before
 *   gov_vault_lock()
 */
sqlite3 *
gov_vault_open_reader (GovVault  *self,
                       GError   **error)
{
  sqlite3 *db;

  g_return_val_if_fail (GOV_IS_VAULT (self), NULL);

  if (self->key == NULL)
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_LOCKED, _("The replica is locked"));
      return NULL;
    }

  db = open_connection (self, FALSE, error);
  if (db == NULL)
    return NULL;
  if (!configure_and_probe (self, db, error) ||
      !gov_db_exec (db, "PRAGMA query_only=ON", NULL))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

gboolean
gov_vault_is_locked (GovVault *self)
{
  g_return_val_if_fail (GOV_IS_VAULT (self), TRUE);
  return self->key == NULL;
}

/**
 * gov_vault_lock:
 * @self: a vault
 *
 * Closes the writer connection (checkpointing the WAL), forgets the key
 * handle and wipes the database key. Readers from gov_vault_open_reader()
 * must be closed first. Locking twice is harmless.
 */
void
gov_vault_lock (GovVault *self)
{
  g_return_if_fail (GOV_IS_VAULT (self));

  if (self->db != NULL)
    {
      /* A truncated WAL limits checksum exposure (pitfall 12). */
      sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  if (self->key != NULL)
    {
      gov_vfs_key_forget (self->key);
      g_clear_pointer (&self->key, gov_vfs_key_unref);
    }
  g_clear_pointer (&self->dek, gov_dek_free);
  g_clear_pointer (&self->keyfile, gov_keyfile_free);
}

static gboolean
require_unlocked (GovVault  *self,
                  GError   **error)
{
  if (self->dek != NULL)
    return TRUE;
  g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_LOCKED, _("The replica is locked"));
  return FALSE;
}

/* The key file as it is on disk now: another process (`govserv passwd`
 * while the window is open) may have changed it since the unlock, and a
 * change made here must not undo that one. */
static GovKeyfile *
reload_keyfile (GovVault  *self,
                GError   **error)
{
  g_autofree char *keys = keys_path (self->dir);
  g_autoptr(GError) local_error = NULL;
  GovKeyfile *kf = gov_keyfile_load (keys, &local_error);

  if (kf == NULL)
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_KEYFILE_INVALID,
                   "%s", local_error->message);
      return NULL;
    }
  if (sodium_memcmp (gov_keyfile_get_db_id (kf), gov_keyfile_get_db_id (self->keyfile),
                     GOV_KEYFILE_DB_ID_SIZE) != 0)
    {
      gov_keyfile_free (kf);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FOREIGN_KEYFILE,
                   _("The key file in %s belongs to another replica"), self->dir);
      return NULL;
    }
  return kf;
}

/* Saves @kf as the key file and adopts it. */
static gboolean
commit_keyfile (GovVault    *self,
                GovKeyfile  *kf,
                GError     **error)
{
  g_autofree char *keys = keys_path (self->dir);
  g_autoptr(GError) local_error = NULL;

  if (!gov_keyfile_save (kf, keys, &local_error))
    {
      gov_keyfile_free (kf);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  gov_keyfile_free (self->keyfile);
  self->keyfile = kf;
  return TRUE;
}

/**
 * gov_vault_change_passphrase_with_limits:
 * @self: an unlocked vault
 * @old_passphrase: (nullable): the current passphrase; may be %NULL only
 *   when the vault was unlocked with the recovery code
 * @new_passphrase: the new passphrase
 * @opslimit: Argon2id operations
 * @memlimit: Argon2id memory in bytes
 * @error: return location
 *
 * Re-wraps the database key; only replica.keys is rewritten (atomically).
 */
gboolean
gov_vault_change_passphrase_with_limits (GovVault    *self,
                                         const char  *old_passphrase,
                                         const char  *new_passphrase,
                                         guint64      opslimit,
                                         gsize        memlimit,
                                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GovKeyfile *kf;

  g_return_val_if_fail (GOV_IS_VAULT (self), FALSE);
  g_return_val_if_fail (new_passphrase != NULL, FALSE);

  if (!require_unlocked (self, error))
    return FALSE;

  kf = reload_keyfile (self, error);
  if (kf == NULL)
    return FALSE;

  if (old_passphrase != NULL || !self->opened_by_recovery)
    {
      guint8 *check = gov_keyfile_unlock_passphrase (kf,
                                                     old_passphrase != NULL ? old_passphrase : "",
                                                     &local_error);
      gboolean same = check != NULL && sodium_memcmp (check, self->dek, GOV_KEYFILE_DEK_SIZE) == 0;

      gov_dek_free (check);
      if (!same)
        {
          gov_keyfile_free (kf);
          g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE,
                       _("Wrong passphrase"));
          return FALSE;
        }
    }

  if (!gov_keyfile_set_passphrase (kf, self->dek, new_passphrase, opslimit, memlimit,
                                   &local_error))
    {
      gov_keyfile_free (kf);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }

  if (!commit_keyfile (self, kf, error))
    return FALSE;
  self->opened_by_recovery = FALSE;
  return TRUE;
}

gboolean
gov_vault_change_passphrase (GovVault        *self,
                             const char      *old_passphrase,
                             const char      *new_passphrase,
                             GovKdfStrength   strength,
                             GError         **error)
{
  guint64 ops;
  gsize mem;

  gov_kdf_strength_limits (strength, &ops, &mem);
  return gov_vault_change_passphrase_with_limits (self, old_passphrase, new_passphrase,
                                                  ops, mem, error);
}

/**
 * gov_vault_regenerate_recovery_code:
 * @self: an unlocked vault
 * @recovery_code: (out) (transfer full): the new code, to show once
 * @error: return location
 *
 * Replaces the recovery-code slot; the old code stops working.
 */
gboolean
gov_vault_regenerate_recovery_code (GovVault  *self,
                                    char     **recovery_code,
                                    GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  GovKeyfile *kf;

  g_return_val_if_fail (GOV_IS_VAULT (self), FALSE);
  g_return_val_if_fail (recovery_code != NULL, FALSE);

  if (!require_unlocked (self, error))
    return FALSE;

  kf = reload_keyfile (self, error);
  if (kf == NULL)
    return FALSE;
  if (!gov_keyfile_set_recovery_code (kf, self->dek, &code, &local_error))
    {
      gov_keyfile_free (kf);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED, "%s", local_error->message);
      return FALSE;
    }
  if (!commit_keyfile (self, kf, error))
    return FALSE;

  *recovery_code = g_steal_pointer (&code);
  return TRUE;
}

/* ---- maintenance --------------------------------------------------- */

static char *
integrity_report (sqlite3 *db,
                  guint   *n_problems)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  *n_problems = 0;
  rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check(20)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  for (; rc == SQLITE_ROW; rc = sqlite3_step (stmt))
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        (*n_problems)++;
      g_string_append_printf (out, "integrity: %s\n", line);
    }
  if (rc != SQLITE_DONE)
    {
      (*n_problems)++;
      g_string_append_printf (out, "integrity: %s\n", sqlite3_errmsg (db));
    }
  sqlite3_finalize (stmt);

  return g_string_free (out, FALSE);
}

/**
 * gov_vault_check:
 * @self: an unlocked vault
 * @report: (out) (optional) (transfer full): a human-readable report, one
 *   finding per line
 * @error: return location (%GOV_VAULT_ERROR_DAMAGED when unhealthy)
 *
 * Authenticates every page of replica.db and runs SQLite's integrity check
 * on a separate connection (through the WAL).
 *
 * Returns: %TRUE when the replica is healthy
 */
gboolean
gov_vault_check (GovVault  *self,
                 char     **report,
                 GError   **error)
{
  g_autofree char *path = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GArray) bad = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint64 n_pages = 0;
  guint n_problems = 0;
  sqlite3 *reader;

  g_return_val_if_fail (GOV_IS_VAULT (self), FALSE);

  if (!require_unlocked (self, error))
    return FALSE;

  path = db_path (self->dir);
  if (!gov_vfs_verify_file (path, self->key, &n_pages, &bad, error))
    return FALSE;
  g_string_append_printf (out, "pages: %" G_GUINT64_FORMAT " in %s, %u failing authentication\n",
                          n_pages, GOV_VAULT_DB_NAME, bad->len);
  for (guint i = 0; i < bad->len; i++)
    g_string_append_printf (out, "damaged page: %u\n", g_array_index (bad, guint32, i));

  reader = gov_vault_open_reader (self, NULL);
  if (reader == NULL)
    {
      n_problems++;
      g_string_append (out, "integrity: the database does not open\n");
    }
  else
    {
      integrity = integrity_report (reader, &n_problems);
      g_string_append (out, integrity);
      sqlite3_close (reader);
    }

  if (report != NULL)
    *report = g_strdup (out->str);

  if (bad->len > 0 || n_problems > 0)
    {
      g_autofree char *detail = g_strdup_printf (_("%u pages fail authentication, %u integrity problems"),
                                                 bad->len, n_problems);
      return damaged (error, self->dir, detail);
    }
  return TRUE;
}

/**
 * gov_vault_backup:
 * @self: an unlocked vault
 * @dest_dir: a new or empty directory
 * @error: return location
 *
 * Writes a consistent encrypted copy (`VACUUM INTO` through casevfs, one
 * read transaction) and the key file to @dest_dir. The copy opens with the
 * same passphrase and recovery code.
 */
gboolean
gov_vault_backup (GovVault    *self,
                  const char  *dest_dir,
                  GError     **error)
{
  g_autofree char *dest_db = NULL;
  g_autofree char *dest_keys = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GOV_IS_VAULT (self), FALSE);
  g_return_val_if_fail (dest_dir != NULL, FALSE);

  if (!require_unlocked (self, error))
    return FALSE;
  if (gov_vault_exists (dest_dir))
    {
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_EXISTS,
                   _("There is already a replica in %s"), dest_dir);
      return FALSE;
    }
  if (g_mkdir_with_parents (dest_dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED,
                   _("Could not create %s: %s"), dest_dir, g_strerror (saved));
      return FALSE;
    }

  dest_db = db_path (dest_dir);
  dest_keys = keys_path (dest_dir);
  uri = gov_vfs_make_uri (dest_db, self->key, NULL);
  sql = sqlite3_mprintf ("VACUUM INTO %Q", uri);

  if (!gov_keyfile_save (self->keyfile, dest_keys, &local_error) ||
      !gov_db_exec (self->db, sql, &local_error))
    {
      sqlite3_free (g_steal_pointer (&sql));
      g_unlink (dest_db);
      g_unlink (dest_keys);
      g_set_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_FAILED,
                   _("Could not back up replica %s to %s: %s"), self->dir, dest_dir,
                   local_error->message);
      return FALSE;
    }

  sqlite3_free (g_steal_pointer (&sql));
  return TRUE;
}

/* ---- for other key slots (gov-vault-private.h) --------------------- */

GovKeyfile *
gov_vault_load_keyfile_for_dir (const char  *dir,
                                GError     **error)
{
  return load_keyfile (dir, error);
}

GovVault *
gov_vault_open_with_dek (const char  *dir,
                         GovKeyfile  *keyfile,
                         guint8      *dek,
                         GError     **error)
{
  return open_unlocked (dir, keyfile, dek, error);
}

const guint8 *
gov_vault_peek_dek (GovVault  *self,
                    GError   **error)
{
  return require_unlocked (self, error) ? self->dek : NULL;
}

GovKeyfile *
gov_vault_reload_keyfile (GovVault  *self,
                          GError   **error)
{
  return reload_keyfile (self, error);
}

gboolean
gov_vault_commit_keyfile (GovVault    *self,
                          GovKeyfile  *keyfile,
                          GError     **error)
{
  return commit_keyfile (self, keyfile, error);
}
