/* gov-vfs.h: casevfs, the encrypting SQLite VFS shim
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Name under which casevfs registers itself. It is never the default VFS:
 * a replica can only be opened by naming it (and a key) explicitly. */
#define GOV_VFS_NAME "casevfs"

#define GOV_VFS_PAGE_SIZE    4096
#define GOV_VFS_RESERVE      40
#define GOV_VFS_DEK_SIZE     32
#define GOV_VFS_DB_ID_SIZE   16
#define GOV_VFS_MAGIC_SIZE   8
#define GOV_VFS_CHECK_SIZE   8

/**
 * GovVfsKey:
 *
 * The page keys of one encrypted database: the page key, the key-check
 * value and the database id, all derived from the database key (DEK). The
 * key material lives in sodium_malloc'd memory and is wiped when the last
 * reference goes. Files opened through casevfs hold a reference, so a key
 * stays alive while any connection uses it.
 */
typedef struct _GovVfsKey GovVfsKey;

/**
 * GovVfsStats:
 *
 * Counters since the process started (or the last gov_vfs_reset_stats()).
 * Tests read them to prove that a code path was taken.
 */
typedef struct
{
  guint pages_encrypted;
  guint pages_decrypted;
  guint temp_opens;              /* temp/transient files (encrypted as 'T') */
  guint soft_failures;           /* AEAD failures on recovery paths, served as bad checksums */
  guint hard_failures;           /* AEAD failures reported as SQLITE_IOERR_DATA */
  guint synthesized_headers;     /* torn page 1 served from its plaintext fields */
  guint rejected_writes;         /* writes that would have broken the format */
  guint security_events;         /* a valid WAL frame after one that failed: tampering */
} GovVfsStats;

gboolean    gov_vfs_register        (const char          *name,
                                     const char          *lower_vfs);
gboolean    gov_vfs_ensure_registered (void);

GovVfsKey  *gov_vfs_key_new         (const guint8        *dek,
                                     const guint8        *db_id);
GovVfsKey  *gov_vfs_key_ref         (GovVfsKey           *key);
void        gov_vfs_key_unref       (GovVfsKey           *key);
const char *gov_vfs_key_get_handle  (GovVfsKey           *key);
void        gov_vfs_key_forget      (GovVfsKey           *key);

char       *gov_vfs_make_uri        (const char          *path,
                                     GovVfsKey           *key,
                                     const char          *vfs_name);

typedef enum
{
  GOV_VFS_FILE_EMPTY,            /* missing or zero bytes: a new database */
  GOV_VFS_FILE_OK,               /* our magic and this key's key check */
  GOV_VFS_FILE_PLAIN_SQLITE,     /* an unencrypted SQLite database */
  GOV_VFS_FILE_OTHER_KEY,        /* our magic, another key's key check */
  GOV_VFS_FILE_UNKNOWN,          /* neither: not a replica, or page 1 is damaged */
} GovVfsFileState;

GovVfsFileState gov_vfs_probe_file  (const char          *path,
                                     GovVfsKey           *key,
                                     GError             **error);

gboolean    gov_vfs_verify_file     (const char          *path,
                                     GovVfsKey           *key,
                                     guint64             *n_pages,
                                     GArray             **bad_pages,
                                     GError             **error);

void        gov_vfs_get_stats       (GovVfsStats         *stats);
void        gov_vfs_reset_stats     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovVfsKey, gov_vfs_key_unref)

G_END_DECLS
