/* gov-vfs.c: casevfs, an encrypting VFS shim over the system SQLite
 *
 * Every page of the main database, the rollback journal and the WAL is
 * sealed with XChaCha20-Poly1305 under a fresh random nonce; nonce and tag
 * live in the 40 reserved bytes at the end of each 4096-byte page. The file
 * kind and the page number are bound through the associated data, so pages
 * cannot be moved between positions, files or databases. See
 * research/encryption-and-sync.md A2 for the format and A3 for the pitfalls
 * each rule below guards against.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-vfs.h"

#define PAGE        GOV_VFS_PAGE_SIZE
#define RESERVE     GOV_VFS_RESERVE
#define BODY        (PAGE - RESERVE)                 /* 4056 bytes of ciphertext */
#define NONCE_SIZE  crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_SIZE    crypto_aead_xchacha20poly1305_ietf_ABYTES
#define HDR1        24                               /* plaintext prefix of page 1 */
#define WAL_HDR     32
#define FRAME_HDR   24
#define FRAME       (PAGE + FRAME_HDR)
#define AD_MAX      (1 + GOV_VFS_DB_ID_SIZE + 4 + HDR1)
#define SOFT_FILL   0x5a
#define NONCE_POOL  64                               /* nonces fetched per getrandom() */

#ifndef SQLITE_IOCAP_SUBPAGE_READ
#define SQLITE_IOCAP_SUBPAGE_READ 0x00008000
#endif

G_STATIC_ASSERT (NONCE_SIZE + TAG_SIZE == RESERVE);

/* "CASEDB", format version 1, algorithm 1 (XChaCha20-Poly1305, 4096/40). */
static const guint8 magic[GOV_VFS_MAGIC_SIZE] = { 'C', 'A', 'S', 'E', 'D', 'B', 1, 1 };
static const char sqlite_magic[16] = "SQLite format 3";

enum
{
  SUBKEY_PAGE = 1,
  SUBKEY_TEMP = 2,
  SUBKEY_CHECK = 3,
};

typedef struct
{
  guint8 page_key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
  guint8 temp_seed[crypto_kdf_KEYBYTES];
  guint8 check_key[crypto_generichash_KEYBYTES];
} KeyMaterial;

struct _GovVfsKey
{
  gint         ref_count;
  KeyMaterial *secret;                    /* sodium_malloc'd, read-only when idle */
  guint8       db_id[GOV_VFS_DB_ID_SIZE];
  guint8       check[GOV_VFS_CHECK_SIZE];
  char         handle[32];
};

typedef struct CaseFile CaseFile;
struct CaseFile
{
  sqlite3_file   base;
  sqlite3_file  *real;          /* lower file, allocated right after this struct */
  GovVfsKey     *key;           /* NULL for 'T' and pass-through files */
  char           kind;          /* 'D', 'J', 'W', 'T' or 0 (pass-through) */
  sqlite3_int64  rec_off;       /* J: offset just after the last 4-byte record header */
  guint32        rec_pgno;
  sqlite3_int64  frame_off;     /* W: offset of the last frame header written */
  guint32        frame_pgno;
  guint8        *scratch;       /* PAGE + FRAME_HDR bytes; never SQLite's buffer */
  guint8         nonces[NONCE_POOL * NONCE_SIZE];
  guint          nonce_next;    /* NONCE_POOL: empty */
  guint          nonce_gen;     /* fork_generation when filled */
  guint8        *temp_key;      /* 'T': per-file stream key (sodium_malloc) */
  guint8         temp_nonce[crypto_stream_xchacha20_NONCEBYTES];
  guint8        *temp_buf;      /* 'T': ciphertext for writes */
  int            temp_buf_size;
};

static sqlite3_vfs *lower_vfs_for (sqlite3_vfs *vfs) { return vfs->pAppData; }

static GMutex registry_lock;
static volatile guint fork_generation;
static GHashTable *registry;   /* handle → GovVfsKey (a reference) */
static guint next_handle;
static GovVfsStats stats;

#define STAT_INC(field) g_atomic_int_inc ((gint *) &stats.field)

/* ---- keys ------------------------------------------------------------ */

static void
compute_check (GovVfsKey *key)
{
  static const char label[] = "page1-keycheck";
  crypto_generichash_state st;

  crypto_generichash_init (&st, key->secret->check_key, sizeof key->secret->check_key,
                           GOV_VFS_CHECK_SIZE);
  crypto_generichash_update (&st, (const guint8 *) label, sizeof label - 1);
  crypto_generichash_update (&st, key->db_id, sizeof key->db_id);
  crypto_generichash_final (&st, key->check, GOV_VFS_CHECK_SIZE);
  sodium_memzero (&st, sizeof st);
}

/**
 * gov_vfs_key_new:
 * @dek: (array fixed-size=32): the database key
 * @db_id: (array fixed-size=16): the database id from the key file
 *
 * Derives the page, temp-seed and key-check sub-keys from @dek (the caller
 * keeps and wipes @dek) and registers the key so casevfs files can name it
 * by its handle in the `casekey` URI parameter.
 *
 * Returns: (transfer full): the key
 */
GovVfsKey *
gov_vfs_key_new (const guint8 *dek,
                 const guint8 *db_id)
{
  static const char ctx[crypto_kdf_CONTEXTBYTES] = { 'C', 'A', 'S', 'E', 'D', 'B', 'v', '1' };
  GovVfsKey *key;

  g_return_val_if_fail (dek != NULL && db_id != NULL, NULL);
  g_assert (sodium_init () >= 0);

  key = g_new0 (GovVfsKey, 1);
  key->ref_count = 1;
  key->secret = sodium_malloc (sizeof (KeyMaterial));
  g_assert (key->secret != NULL);
  memcpy (key->db_id, db_id, sizeof key->db_id);

  crypto_kdf_derive_from_key (key->secret->page_key, sizeof key->secret->page_key,
                              SUBKEY_PAGE, ctx, dek);
  crypto_kdf_derive_from_key (key->secret->temp_seed, sizeof key->secret->temp_seed,
                              SUBKEY_TEMP, ctx, dek);
  crypto_kdf_derive_from_key (key->secret->check_key, sizeof key->secret->check_key,
                              SUBKEY_CHECK, ctx, dek);
  compute_check (key);

  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                      (GDestroyNotify) gov_vfs_key_unref);
  g_snprintf (key->handle, sizeof key->handle, "k%u", ++next_handle);
  g_hash_table_insert (registry, key->handle, gov_vfs_key_ref (key));
  g_mutex_unlock (&registry_lock);

  return key;
}

GovVfsKey *
gov_vfs_key_ref (GovVfsKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  g_atomic_int_inc (&key->ref_count);
  return key;
}

void
gov_vfs_key_unref (GovVfsKey *key)
{
  if (key == NULL || !g_atomic_int_dec_and_test (&key->ref_count))
    return;

  sodium_free (key->secret);   /* wipes the pages before unmapping them */
  sodium_memzero (key, sizeof *key);
  g_free (key);
}

const char *
gov_vfs_key_get_handle (GovVfsKey *key)
{
  return key->handle;
}

/**
 * gov_vfs_key_forget:
 * @key: a key
 *
 * Removes @key from the handle registry: no new file can be opened with
 * it. Files already open keep their reference until they close.
 */
void
gov_vfs_key_forget (GovVfsKey *key)
{
  g_return_if_fail (key != NULL);

  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    g_hash_table_remove (registry, key->handle);
  g_mutex_unlock (&registry_lock);
}

static GovVfsKey *
lookup_key (const char *handle)
{
  GovVfsKey *key = NULL;

  if (handle == NULL)
    return NULL;

  g_mutex_lock (&registry_lock);
  if (registry != NULL)
    key = g_hash_table_lookup (registry, handle);
  if (key != NULL)
    gov_vfs_key_ref (key);
  g_mutex_unlock (&registry_lock);

  return key;
}

/**
 * gov_vfs_make_uri:
 * @path: the database file
 * @key: the key to open it with
 * @vfs_name: (nullable): the casevfs instance, %NULL for %GOV_VFS_NAME
 *
 * Returns: (transfer full): a `file:` URI for sqlite3_open_v2() with
 *   %SQLITE_OPEN_URI, or for `VACUUM INTO`
 */
char *
gov_vfs_make_uri (const char *path,
                  GovVfsKey  *key,
                  const char *vfs_name)
{
  g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);

  return g_strdup_printf ("file:%s?vfs=%s&casekey=%s", escaped,
                          vfs_name != NULL ? vfs_name : GOV_VFS_NAME, key->handle);
}

/* ---- page codec ------------------------------------------------------- */

static gsize
build_ad (guint8       *ad,
          char          kind,
          GovVfsKey    *key,
          guint32       pgno,
          const guint8 *page1_prefix)
{
  gsize n = 0;

  ad[n++] = (guint8) kind;
  memcpy (ad + n, key->db_id, GOV_VFS_DB_ID_SIZE);
  n += GOV_VFS_DB_ID_SIZE;
  ad[n++] = pgno & 0xff;
  ad[n++] = (pgno >> 8) & 0xff;
  ad[n++] = (pgno >> 16) & 0xff;
  ad[n++] = (pgno >> 24) & 0xff;
  if (page1_prefix != NULL)
    {
      memcpy (ad + n, page1_prefix, HDR1);
      n += HDR1;
    }

  return n;
}

/* Seals the plaintext page @in into @out (a separate buffer: SQLite's
 * buffer is never modified, pitfall 4). */
/* A fresh random nonce for every write (pitfall 7). They are fetched from
 * the system in batches to save a getrandom() per page; a forked child
 * bumps fork_generation and so never reuses its parent's batch. */
static const guint8 *
next_nonce (CaseFile *f)
{
  if (f->nonce_next >= NONCE_POOL || f->nonce_gen != fork_generation)
    {
      randombytes_buf (f->nonces, sizeof f->nonces);
      f->nonce_next = 0;
      f->nonce_gen = fork_generation;
    }
  return f->nonces + NONCE_SIZE * f->nonce_next++;
}

static void
seal_page (GovVfsKey    *key,
           const guint8 *nonce,
           char          kind,
           guint32       pgno,
           const guint8 *in,
           guint8       *out)
{
  guint8 ad[AD_MAX];
  gboolean first = (kind == 'D' && pgno == 1);
  gsize start = first ? HDR1 : 0;
  gsize ad_len;

  if (first)
    {
      memcpy (out, magic, sizeof magic);
      memcpy (out + GOV_VFS_MAGIC_SIZE, key->check, GOV_VFS_CHECK_SIZE);
      memcpy (out + 16, in + 16, 8);
    }
  ad_len = build_ad (ad, kind, key, pgno, first ? out : NULL);

  memcpy (out + BODY, nonce, NONCE_SIZE);
  crypto_aead_xchacha20poly1305_ietf_encrypt_detached (out + start, out + BODY + NONCE_SIZE, NULL,
                                                       in + start, BODY - start,
                                                       ad, ad_len, NULL,
                                                       out + BODY, key->secret->page_key);
  STAT_INC (pages_encrypted);
}

static gboolean
is_zero (const guint8 *p,
         gsize         n)
{
  return sodium_is_zero (p, n) == 1;
}

/* Opens the sealed page in @buf in place and returns the plaintext view:
 * the SQLite magic restored on page 1 and the reserve zeroed (pitfall 4). */
static gboolean
open_page (GovVfsKey *key,
           char       kind,
           guint32    pgno,
           guint8    *buf)
{
  guint8 ad[AD_MAX];
  guint8 nonce_tag[RESERVE];
  gboolean first = (kind == 'D' && pgno == 1);
  gsize start = first ? HDR1 : 0;
  gsize ad_len = build_ad (ad, kind, key, pgno, first ? buf : NULL);

  memcpy (nonce_tag, buf + BODY, RESERVE);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt_detached (buf + start, NULL,
                                                           buf + start, BODY - start,
                                                           nonce_tag + NONCE_SIZE,
                                                           ad, ad_len, nonce_tag,
                                                           key->secret->page_key) != 0)
    return FALSE;

  if (first)
    memcpy (buf, sqlite_magic, 16);
  memset (buf + BODY, 0, RESERVE);
  STAT_INC (pages_decrypted);
  return TRUE;
}

static gboolean
page1_key_matches (GovVfsKey    *key,
                   const guint8 *disk)
{
  return memcmp (disk, magic, sizeof magic) == 0 &&
         sodium_memcmp (disk + GOV_VFS_MAGIC_SIZE, key->check, GOV_VFS_CHECK_SIZE) == 0;
}

/* ---- temp files ('T') ------------------------------------------------- */

/* Confidentiality only: temp files are delete-on-close and never re-read
 * after a crash, so a stream cipher by offset is enough (A2.5). */
static void
temp_xor (CaseFile      *f,
          guint8        *out,
          const guint8  *in,
          int            n,
          sqlite3_int64  off)
{
  guint64 block = (guint64) off / 64;
  int skip = (int) (off % 64);

  if (skip != 0)
    {
      guint8 ks[64] = { 0 };
      int take = MIN (64 - skip, n);

      crypto_stream_xchacha20_xor_ic (ks, ks, sizeof ks, f->temp_nonce, block, f->temp_key);
      for (int i = 0; i < take; i++)
        out[i] = in[i] ^ ks[skip + i];
      sodium_memzero (ks, sizeof ks);
      out += take;
      in += take;
      n -= take;
      block++;
    }

  if (n > 0)
    crypto_stream_xchacha20_xor_ic (out, in, n, f->temp_nonce, block, f->temp_key);
}

/* ---- io methods ------------------------------------------------------- */

static int
case_close (sqlite3_file *file)
{
  CaseFile *f = (CaseFile *) file;
  int rc = f->real->pMethods != NULL ? f->real->pMethods->xClose (f->real) : SQLITE_OK;

  g_clear_pointer (&f->key, gov_vfs_key_unref);
  g_clear_pointer (&f->temp_key, sodium_free);
  if (f->temp_buf != NULL)
    sodium_memzero (f->temp_buf, f->temp_buf_size);
  g_clear_pointer (&f->temp_buf, g_free);
  sodium_memzero (f->nonces, sizeof f->nonces);
  if (f->scratch != NULL)
    sodium_memzero (f->scratch, FRAME);
  g_clear_pointer (&f->scratch, g_free);

  return rc;
}

static int
lower_read (CaseFile      *f,
            void          *buf,
            int            amt,
            sqlite3_int64  off)
{
  return f->real->pMethods->xRead (f->real, buf, amt, off);
}

static int
lower_write (CaseFile      *f,
             const void    *buf,
             int            amt,
             sqlite3_int64  off)
{
  return f->real->pMethods->xWrite (f->real, buf, amt, off);
}

/* Reads main-database page @pgno into @buf (PAGE bytes) as plaintext.
 * @partial says the caller wants only the header of page 1: a torn page 1
 * is then served from its plaintext fields (pitfall 2). */
static int
read_db_page (CaseFile *f,
              guint32   pgno,
              guint8   *buf,
              gboolean  partial)
{
  int rc = lower_read (f, buf, PAGE, (sqlite3_int64) (pgno - 1) * PAGE);

  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ)
    return rc;

  if (is_zero (buf + BODY, RESERVE) && is_zero (buf, BODY))
    return rc;   /* never written, past the end, or the lock-byte page */

  if (pgno == 1 && !page1_key_matches (f->key, buf))
    return SQLITE_NOTADB;

  if (open_page (f->key, 'D', pgno, buf))
    return SQLITE_OK;

  if (pgno == 1 && partial)
    {
      memcpy (buf, sqlite_magic, 16);
      memset (buf + HDR1, 0, PAGE - HDR1);
      STAT_INC (synthesized_headers);
      return SQLITE_OK;
    }

  memset (buf, 0, PAGE);
  STAT_INC (hard_failures);
  return SQLITE_IOERR_DATA;
}

static int
read_db (CaseFile      *f,
         guint8        *out,
         int            amt,
         sqlite3_int64  off)
{
  int result = SQLITE_OK;

  if (off % PAGE == 0 && amt == PAGE)
    return read_db_page (f, (guint32) (off / PAGE) + 1, out, FALSE);

  /* Sub-page reads (the 100-byte header at open, 16 bytes at offset 24 on
   * each read transaction): decrypt the whole page and copy (pitfall 1). */
  while (amt > 0)
    {
      guint32 pgno = (guint32) (off / PAGE) + 1;
      int in_page = (int) (off % PAGE);
      int take = MIN (amt, PAGE - in_page);
      int rc = read_db_page (f, pgno, f->scratch, take < PAGE);

      if (rc == SQLITE_IOERR_SHORT_READ)
        result = rc;
      else if (rc != SQLITE_OK)
        return rc;

      memcpy (out, f->scratch + in_page, take);
      out += take;
      off += take;
      amt -= take;
    }

  return result;
}

static int
write_db (CaseFile      *f,
          const guint8  *in,
          int            amt,
          sqlite3_int64  off)
{
  if (off % PAGE != 0 || amt % PAGE != 0)
    {
      STAT_INC (rejected_writes);
      return SQLITE_IOERR_WRITE;
    }

  for (; amt > 0; amt -= PAGE, in += PAGE, off += PAGE)
    {
      guint32 pgno = (guint32) (off / PAGE) + 1;
      int rc;

      /* Never write a page without room for nonce and tag (pitfall 9). */
      if (pgno == 1 && (in[16] != (PAGE >> 8) || in[17] != 0 || in[20] != RESERVE))
        {
          STAT_INC (rejected_writes);
          return SQLITE_IOERR_WRITE;
        }

      seal_page (f->key, next_nonce (f), 'D', pgno, in, f->scratch);
      rc = lower_write (f, f->scratch, PAGE, off);
      if (rc != SQLITE_OK)
        return rc;
    }

  return SQLITE_OK;
}

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* The page number of the journal record whose image starts at @off: the
 * cached 4-byte header if it was just written or read, else from disk. */
static int
journal_pgno (CaseFile      *f,
              sqlite3_int64  off,
              guint32       *pgno)
{
  guint8 hdr[4];
  int rc;

  if (f->rec_off == off)
    {
      *pgno = f->rec_pgno;
      return SQLITE_OK;
    }

  rc = lower_read (f, hdr, 4, off - 4);
  if (rc != SQLITE_OK)
    return rc;
  *pgno = get_be32 (hdr);
  return SQLITE_OK;
}

static int
read_journal (CaseFile      *f,
              guint8        *out,
              int            amt,
              sqlite3_int64  off)
{
  guint32 pgno;
  int rc = lower_read (f, out, amt, off);

  if (rc != SQLITE_OK)
    return rc;

  if (amt == 4)
    {
      f->rec_off = off + 4;
      f->rec_pgno = get_be32 (out);
      return SQLITE_OK;
    }
  if (amt != PAGE || off < 4)
    return SQLITE_OK;   /* journal header, super-journal name */

  rc = journal_pgno (f, off, &pgno);
  if (rc != SQLITE_OK)
    return rc;

  /* Soft failure: a torn record must look like a bad checksum so playback
   * stops there, exactly as for a torn plaintext record (pitfall 6). */
  if (!open_page (f->key, f->kind, pgno, out))
    {
      memset (out, SOFT_FILL, PAGE);
      STAT_INC (soft_failures);
    }

  return SQLITE_OK;
}

static int
write_journal (CaseFile      *f,
               const guint8  *in,
               int            amt,
               sqlite3_int64  off)
{
  guint32 pgno;
  int rc;

  if (amt == 4)
    {
      rc = lower_write (f, in, amt, off);
      f->rec_off = rc == SQLITE_OK ? off + 4 : -1;
      f->rec_pgno = get_be32 (in);
      return rc;
    }
  if (amt != PAGE || off < 4)
    return lower_write (f, in, amt, off);

  rc = journal_pgno (f, off, &pgno);
  if (rc != SQLITE_OK)
    return rc;

  seal_page (f->key, next_nonce (f), f->kind, pgno, in, f->scratch);
  return lower_write (f, f->scratch, PAGE, off);
}

/* A torn write only ever damages the tail of the log. If a frame after a
 * failed one belongs to the same WAL generation (same salts as the WAL
 * header; older generations may linger after a restart) and
 * authenticates, someone changed the WAL: say so. */
static void
check_next_frame (CaseFile      *f,
                  sqlite3_int64  off)
{
  guint8 wal_hdr[WAL_HDR];

  if (lower_read (f, wal_hdr, WAL_HDR, 0) == SQLITE_OK &&
      lower_read (f, f->scratch, FRAME, off) == SQLITE_OK &&
      memcmp (f->scratch + 8, wal_hdr + 16, 8) == 0 &&
      open_page (f->key, 'W', get_be32 (f->scratch), f->scratch + FRAME_HDR))
    {
      STAT_INC (security_events);
      g_message ("casevfs: a WAL frame failed authentication but the next one is valid; "
                 "the WAL was tampered with");
    }
}

static int
read_wal (CaseFile      *f,
          guint8        *out,
          int            amt,
          sqlite3_int64  off)
{
  sqlite3_int64 rel = off >= WAL_HDR ? (off - WAL_HDR) % FRAME : -1;
  int rc;

  if (rel == 0 && amt == FRAME)
    {
      /* A whole frame: recovery or a checksum rewrite. Soft on failure,
       * so the frame reads as the end of the log (pitfall 6). */
      rc = lower_read (f, out, amt, off);
      if (rc != SQLITE_OK)
        return rc;
      if (!open_page (f->key, 'W', get_be32 (out), out + FRAME_HDR))
        {
          memset (out + FRAME_HDR, SOFT_FILL, PAGE);
          STAT_INC (soft_failures);
          check_next_frame (f, off + FRAME);
        }
      return SQLITE_OK;
    }

  if (rel == FRAME_HDR && amt == PAGE)
    {
      /* A committed page (reader or checkpoint): one read for header and
       * page, and a hard error on failure. */
      rc = lower_read (f, f->scratch, FRAME, off - FRAME_HDR);
      if (rc != SQLITE_OK)
        return rc;
      if (!open_page (f->key, 'W', get_be32 (f->scratch), f->scratch + FRAME_HDR))
        {
          STAT_INC (hard_failures);
          return SQLITE_IOERR_DATA;
        }
      memcpy (out, f->scratch + FRAME_HDR, PAGE);
      return SQLITE_OK;
    }

  return lower_read (f, out, amt, off);   /* WAL header, frame headers */
}

static int
write_wal (CaseFile      *f,
           const guint8  *in,
           int            amt,
           sqlite3_int64  off)
{
  sqlite3_int64 rel = off >= WAL_HDR ? (off - WAL_HDR) % FRAME : -1;
  guint32 pgno;
  int rc;

  if (off == 0 && amt == WAL_HDR)
    return lower_write (f, in, amt, off);

  if (rel == 0 && amt == FRAME_HDR)
    {
      rc = lower_write (f, in, amt, off);
      f->frame_off = rc == SQLITE_OK ? off : -1;
      f->frame_pgno = get_be32 (in);
      return rc;
    }

  if (rel != FRAME_HDR || amt != PAGE)
    {
      /* A split or odd write inside a frame (pitfall 14). */
      STAT_INC (rejected_writes);
      return SQLITE_IOERR_WRITE;
    }

  /* The page number comes from the frame header only; the salt and checksum
   * are rewritten later and must not be bound (pitfall 3). */
  if (f->frame_off == off - FRAME_HDR)
    pgno = f->frame_pgno;
  else
    {
      guint8 hdr[FRAME_HDR];

      rc = lower_read (f, hdr, FRAME_HDR, off - FRAME_HDR);
      if (rc != SQLITE_OK)
        return rc;
      pgno = get_be32 (hdr);
    }

  seal_page (f->key, next_nonce (f), 'W', pgno, in, f->scratch);
  return lower_write (f, f->scratch, PAGE, off);
}

static int
case_read (sqlite3_file  *file,
           void          *buf,
           int            amt,
           sqlite3_int64  off)
{
  CaseFile *f = (CaseFile *) file;
  int rc;

  switch (f->kind)
    {
    case 'D':
      return read_db (f, buf, amt, off);
    case 'J':
      return read_journal (f, buf, amt, off);
    case 'W':
      return read_wal (f, buf, amt, off);
    case 'T':
      rc = lower_read (f, buf, amt, off);
      if (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ)
        temp_xor (f, buf, buf, amt, off);
      return rc;
    default:
      return lower_read (f, buf, amt, off);
    }
}

static int
case_write (sqlite3_file  *file,
            const void    *buf,
            int            amt,
            sqlite3_int64  off)
{
  CaseFile *f = (CaseFile *) file;

  switch (f->kind)
    {
    case 'D':
      return write_db (f, buf, amt, off);
    case 'J':
      return write_journal (f, buf, amt, off);
    case 'W':
      return write_wal (f, buf, amt, off);
    case 'T':
      if (amt > f->temp_buf_size)
        {
          g_free (f->temp_buf);
          f->temp_buf = g_malloc (amt);
          f->temp_buf_size = amt;
        }
      temp_xor (f, f->temp_buf, buf, amt, off);
      return lower_write (f, f->temp_buf, amt, off);
    default:
      return lower_write (f, buf, amt, off);
    }
}

static int
case_truncate (sqlite3_file  *file,
               sqlite3_int64  size)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xTruncate (f->real, size);
}

static int
case_sync (sqlite3_file *file,
           int           flags)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xSync (f->real, flags);
}

static int
case_file_size (sqlite3_file  *file,
                sqlite3_int64 *size)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xFileSize (f->real, size);
}

static int
case_lock (sqlite3_file *file,
           int           level)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xLock (f->real, level);
}

static int
case_unlock (sqlite3_file *file,
             int           level)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xUnlock (f->real, level);
}

static int
case_check_reserved_lock (sqlite3_file *file,
                          int          *out)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xCheckReservedLock (f->real, out);
}

/* Blocks format-changing pragmas on encrypted files (pitfall 15). */
static int
intercept_pragma (CaseFile  *f,
                  char     **args)
{
  if (args[2] != NULL && g_ascii_strcasecmp (args[1], "page_size") == 0 &&
      g_ascii_strtoll (args[2], NULL, 10) != PAGE)
    {
      args[0] = sqlite3_mprintf ("casevfs: the page size of an encrypted replica is fixed at %d",
                                 PAGE);
      return SQLITE_ERROR;
    }

  return f->real->pMethods->xFileControl (f->real, SQLITE_FCNTL_PRAGMA, args);
}

static int
case_file_control (sqlite3_file *file,
                   int           op,
                   void         *arg)
{
  CaseFile *f = (CaseFile *) file;

  switch (op)
    {
    case SQLITE_FCNTL_MMAP_SIZE:
      /* mmap would bypass xRead (pitfall 8). */
      *(sqlite3_int64 *) arg = 0;
      return f->real->pMethods->xFileControl (f->real, op, arg);
    case SQLITE_FCNTL_PRAGMA:
      if (f->kind == 'D')
        return intercept_pragma (f, arg);
      break;
    default:
      break;
    }

  return f->real->pMethods->xFileControl (f->real, op, arg);
}

static int
case_sector_size (sqlite3_file *file)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xSectorSize (f->real);
}

static int
case_device_characteristics (sqlite3_file *file)
{
  CaseFile *f = (CaseFile *) file;
  int dc = f->real->pMethods->xDeviceCharacteristics (f->real);

  /* PSOW keeps the WAL writer from splitting a page at a sync point and the
   * journal header at 512 bytes (pitfall 14); atomic-write capabilities
   * would let SQLite write pages in ways the codec does not expect. */
  dc |= SQLITE_IOCAP_POWERSAFE_OVERWRITE;
  dc &= ~(SQLITE_IOCAP_SUBPAGE_READ | SQLITE_IOCAP_BATCH_ATOMIC | SQLITE_IOCAP_ATOMIC |
          SQLITE_IOCAP_ATOMIC512 | SQLITE_IOCAP_ATOMIC1K | SQLITE_IOCAP_ATOMIC2K |
          SQLITE_IOCAP_ATOMIC4K | SQLITE_IOCAP_ATOMIC8K | SQLITE_IOCAP_ATOMIC16K |
          SQLITE_IOCAP_ATOMIC32K | SQLITE_IOCAP_ATOMIC64K);
  return dc;
}

static int
case_shm_map (sqlite3_file      *file,
              int                region,
              int                size,
              int                extend,
              void volatile    **out)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xShmMap (f->real, region, size, extend, out);
}

static int
case_shm_lock (sqlite3_file *file,
               int           offset,
               int           n,
               int           flags)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xShmLock (f->real, offset, n, flags);
}

static void
case_shm_barrier (sqlite3_file *file)
{
  CaseFile *f = (CaseFile *) file;
  f->real->pMethods->xShmBarrier (f->real);
}

static int
case_shm_unmap (sqlite3_file *file,
                int           delete_flag)
{
  CaseFile *f = (CaseFile *) file;
  return f->real->pMethods->xShmUnmap (f->real, delete_flag);
}

static int
case_fetch (sqlite3_file  *file,
            sqlite3_int64  off,
            int            amt,
            void         **out)
{
  *out = NULL;   /* always read through xRead (pitfall 8) */
  return SQLITE_OK;
}

static int
case_unfetch (sqlite3_file  *file,
              sqlite3_int64  off,
              void          *p)
{
  return SQLITE_OK;
}

static const sqlite3_io_methods case_io = {
  3,
  case_close,
  case_read,
  case_write,
  case_truncate,
  case_sync,
  case_file_size,
  case_lock,
  case_unlock,
  case_check_reserved_lock,
  case_file_control,
  case_sector_size,
  case_device_characteristics,
  case_shm_map,
  case_shm_lock,
  case_shm_barrier,
  case_shm_unmap,
  case_fetch,
  case_unfetch,
};

/* ---- vfs methods ------------------------------------------------------ */

/* Checks the key against page 1 before SQLite can look at a hot journal
 * or WAL: a wrong key there would make recovery discard committed data
 * (pitfall 5). A file shorter than page 1's prefix is a torn first write of
 * a new database: it must agree with the bytes that are there. */
static int
check_main_key (CaseFile *f)
{
  guint8 head[16];
  sqlite3_int64 size = 0;
  int rc = f->real->pMethods->xFileSize (f->real, &size);
  int n;

  if (rc != SQLITE_OK)
    return rc;
  if (size == 0)
    return SQLITE_OK;

  n = (int) MIN (size, (sqlite3_int64) sizeof head);
  memset (head, 0, sizeof head);
  rc = lower_read (f, head, n, 0);
  if (rc != SQLITE_OK)
    return rc;

  if (memcmp (head, magic, MIN (n, GOV_VFS_MAGIC_SIZE)) != 0)
    return SQLITE_NOTADB;
  if (n > GOV_VFS_MAGIC_SIZE &&
      sodium_memcmp (head + GOV_VFS_MAGIC_SIZE, f->key->check, n - GOV_VFS_MAGIC_SIZE) != 0)
    return SQLITE_NOTADB;

  return SQLITE_OK;
}

static int
open_temp (CaseFile *f)
{
  static const char ctx[crypto_kdf_CONTEXTBYTES] = { 'C', 'A', 'S', 'E', 'T', 'E', 'M', 'P' };
  guint8 seed[crypto_kdf_KEYBYTES];

  /* Temp files belong to no database, so their key comes from a per-file
   * random seed: nobody needs to read them after this process. */
  randombytes_buf (seed, sizeof seed);
  f->temp_key = sodium_malloc (crypto_stream_xchacha20_KEYBYTES);
  if (f->temp_key == NULL)
    return SQLITE_NOMEM;
  crypto_kdf_derive_from_key (f->temp_key, crypto_stream_xchacha20_KEYBYTES,
                              randombytes_random (), ctx, seed);
  sodium_memzero (seed, sizeof seed);
  randombytes_buf (f->temp_nonce, sizeof f->temp_nonce);
  STAT_INC (temp_opens);
  g_debug ("casevfs: a temp file was opened; some connection lacks temp_store=MEMORY");

  return SQLITE_OK;
}

static int
classify (CaseFile   *f,
          const char *name,
          int         flags)
{
  if (flags & SQLITE_OPEN_MAIN_DB)
    {
      f->kind = 'D';
      f->key = lookup_key (sqlite3_uri_parameter (name, "casekey"));
      return f->key != NULL ? SQLITE_OK : SQLITE_CANTOPEN;
    }

  if (flags & (SQLITE_OPEN_MAIN_JOURNAL | SQLITE_OPEN_WAL))
    {
      sqlite3_file *main_file = sqlite3_database_file_object (name);
      CaseFile *main_f = (CaseFile *) main_file;

      /* Only a main file that passed its key check exists (xOpen refuses
       * the others), so a journal or WAL is never opened on a wrong key. */
      if (main_file == NULL || main_file->pMethods != &case_io || main_f->key == NULL)
        return SQLITE_CANTOPEN;
      f->kind = (flags & SQLITE_OPEN_WAL) ? 'W' : 'J';
      f->key = gov_vfs_key_ref (main_f->key);
      return SQLITE_OK;
    }

  if (flags & (SQLITE_OPEN_TEMP_DB | SQLITE_OPEN_TEMP_JOURNAL | SQLITE_OPEN_TRANSIENT_DB |
               SQLITE_OPEN_SUBJOURNAL))
    {
      f->kind = 'T';
      return open_temp (f);
    }

  /* The super-journal holds only journal file names. */
  f->kind = 0;
  return SQLITE_OK;
}

static int
case_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  CaseFile *f = (CaseFile *) file;
  sqlite3_vfs *lower = lower_vfs_for (vfs);
  int rc;

  memset (f, 0, sizeof *f);
  f->real = (sqlite3_file *) (f + 1);
  f->rec_off = -1;
  f->frame_off = -1;
  f->nonce_next = NONCE_POOL;

  rc = classify (f, name, flags);
  if (rc == SQLITE_OK)
    rc = lower->xOpen (lower, name, f->real, flags, out_flags);
  if (rc == SQLITE_OK)
    {
      f->base.pMethods = &case_io;
      f->scratch = g_malloc (FRAME);
      if (f->kind == 'D')
        rc = check_main_key (f);
    }

  if (rc != SQLITE_OK)
    {
      if (f->base.pMethods != NULL)
        case_close (file);
      else
        {
          g_clear_pointer (&f->key, gov_vfs_key_unref);
          g_clear_pointer (&f->temp_key, sodium_free);
        }
      f->base.pMethods = NULL;
    }

  return rc;
}

static int
case_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return lower_vfs_for (vfs)->xDelete (lower_vfs_for (vfs), name, sync_dir);
}

static int
case_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return lower_vfs_for (vfs)->xAccess (lower_vfs_for (vfs), name, flags, out);
}

static int
case_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return lower_vfs_for (vfs)->xFullPathname (lower_vfs_for (vfs), name, n, out);
}

static void *
case_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return NULL;   /* no loadable extensions inside a replica */
}

static int
case_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return lower_vfs_for (vfs)->xRandomness (lower_vfs_for (vfs), n, out);
}

static int
case_sleep (sqlite3_vfs *vfs, int us)
{
  return lower_vfs_for (vfs)->xSleep (lower_vfs_for (vfs), us);
}

static int
case_current_time (sqlite3_vfs *vfs, double *out)
{
  return lower_vfs_for (vfs)->xCurrentTime (lower_vfs_for (vfs), out);
}

static int
case_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return lower_vfs_for (vfs)->xGetLastError (lower_vfs_for (vfs), n, out);
}

static int
case_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return lower_vfs_for (vfs)->xCurrentTimeInt64 (lower_vfs_for (vfs), out);
}

static void
after_fork_in_child (void)
{
  fork_generation++;
}

/**
 * gov_vfs_register:
 * @name: the name to register under, usually %GOV_VFS_NAME
 * @lower_vfs: (nullable): the VFS to encrypt over, %NULL for the default
 *
 * Registers a casevfs instance, never as the default VFS. Tests register a
 * second instance over a fault-injecting VFS.
 *
 * Returns: %TRUE when registered (or already registered)
 */
gboolean
gov_vfs_register (const char *name,
                  const char *lower_vfs)
{
  static GMutex lock;
  static gboolean atfork_registered;
  sqlite3_vfs *lower;
  sqlite3_vfs *vfs;
  gboolean ok;

  g_return_val_if_fail (name != NULL, FALSE);

  if (sodium_init () < 0)
    return FALSE;

  g_mutex_lock (&lock);
  if (sqlite3_vfs_find (name) != NULL)
    {
      g_mutex_unlock (&lock);
      return TRUE;
    }

  lower = sqlite3_vfs_find (lower_vfs);
  if (lower == NULL || lower->iVersion < 2)
    {
      g_mutex_unlock (&lock);
      return FALSE;
    }

  if (!atfork_registered)
    atfork_registered = pthread_atfork (NULL, NULL, after_fork_in_child) == 0;
  vfs = g_new0 (sqlite3_vfs, 1);   /* lives as long as the process */
  vfs->iVersion = 2;
  vfs->szOsFile = (int) sizeof (CaseFile) + lower->szOsFile;
  vfs->mxPathname = lower->mxPathname;
  vfs->zName = g_strdup (name);
  vfs->pAppData = lower;
  vfs->xOpen = case_open;
  vfs->xDelete = case_delete;
  vfs->xAccess = case_access;
  vfs->xFullPathname = case_full_pathname;
  vfs->xDlOpen = case_dl_open;
  vfs->xRandomness = case_randomness;
  vfs->xSleep = case_sleep;
  vfs->xCurrentTime = case_current_time;
  vfs->xGetLastError = case_get_last_error;
  vfs->xCurrentTimeInt64 = case_current_time_int64;

  ok = sqlite3_vfs_register (vfs, 0) == SQLITE_OK;
  g_mutex_unlock (&lock);

  return ok;
}

/**
 * gov_vfs_ensure_registered:
 *
 * Registers %GOV_VFS_NAME over the default VFS once.
 *
 * Returns: %TRUE when casevfs is available
 */
gboolean
gov_vfs_ensure_registered (void)
{
  return gov_vfs_register (GOV_VFS_NAME, NULL);
}

/* ---- file inspection (no SQLite) -------------------------------------- */

/**
 * gov_vfs_probe_file:
 * @path: a database file
 * @key: the key it should open with
 * @error: return location for I/O errors
 *
 * Classifies @path by its first 16 bytes without opening it in SQLite, so
 * a caller can tell "not encrypted" from "another key" before anything can
 * touch the journal or WAL.
 *
 * Returns: the file state, or %GOV_VFS_FILE_UNKNOWN with @error set
 */
GovVfsFileState
gov_vfs_probe_file (const char  *path,
                    GovVfsKey   *key,
                    GError     **error)
{
  guint8 head[16] = { 0 };
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;

  if (fd < 0 && errno == ENOENT)
    return GOV_VFS_FILE_EMPTY;
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read %s: %s"), path, g_strerror (saved));
      return GOV_VFS_FILE_UNKNOWN;
    }

  n = read (fd, head, sizeof head);
  close (fd);

  if (n == 0)
    return GOV_VFS_FILE_EMPTY;
  if (n == (gssize) sizeof head && memcmp (head, sqlite_magic, 16) == 0)
    return GOV_VFS_FILE_PLAIN_SQLITE;
  if (n < (gssize) sizeof head || memcmp (head, magic, sizeof magic) != 0)
    return GOV_VFS_FILE_UNKNOWN;
  if (sodium_memcmp (head + GOV_VFS_MAGIC_SIZE, key->check, GOV_VFS_CHECK_SIZE) != 0)
    return GOV_VFS_FILE_OTHER_KEY;

  return GOV_VFS_FILE_OK;
}

/**
 * gov_vfs_verify_file:
 * @path: a main database file (not a WAL)
 * @key: its key
 * @n_pages: (out) (optional): pages examined
 * @bad_pages: (out) (optional) (transfer full): page numbers (guint32) that
 *   failed authentication
 * @error: return location for I/O errors
 *
 * Authenticates every page of @path. Never-written (all-zero) pages are
 * skipped. Pages newer than the file live in the WAL and are checked when
 * SQLite reads them.
 *
 * Returns: %TRUE when the file could be read (check @bad_pages for damage)
 */
gboolean
gov_vfs_verify_file (const char  *path,
                     GovVfsKey   *key,
                     guint64     *n_pages,
                     GArray     **bad_pages,
                     GError     **error)
{
  g_autoptr(GArray) bad = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree guint8 *buf = g_malloc (PAGE);
  FILE *fp = g_fopen (path, "rbe");
  guint32 pgno = 0;
  size_t n;

  if (fp == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Could not read %s: %s"), path, g_strerror (saved));
      return FALSE;
    }

  while ((n = fread (buf, 1, PAGE, fp)) > 0)
    {
      pgno++;
      if (n < PAGE)
        memset (buf + n, 0, PAGE - n);
      if (is_zero (buf, PAGE))
        continue;
      if ((pgno == 1 && !page1_key_matches (key, buf)) || n < PAGE ||
          !open_page (key, 'D', pgno, buf))
        g_array_append_val (bad, pgno);
    }
  fclose (fp);
  sodium_memzero (buf, PAGE);

  if (n_pages != NULL)
    *n_pages = pgno;
  if (bad_pages != NULL)
    *bad_pages = g_steal_pointer (&bad);

  return TRUE;
}

void
gov_vfs_get_stats (GovVfsStats *out)
{
  out->pages_encrypted = g_atomic_int_get ((gint *) &stats.pages_encrypted);
  out->pages_decrypted = g_atomic_int_get ((gint *) &stats.pages_decrypted);
  out->temp_opens = g_atomic_int_get ((gint *) &stats.temp_opens);
  out->soft_failures = g_atomic_int_get ((gint *) &stats.soft_failures);
  out->hard_failures = g_atomic_int_get ((gint *) &stats.hard_failures);
  out->synthesized_headers = g_atomic_int_get ((gint *) &stats.synthesized_headers);
  out->rejected_writes = g_atomic_int_get ((gint *) &stats.rejected_writes);
  out->security_events = g_atomic_int_get ((gint *) &stats.security_events);
}

void
gov_vfs_reset_stats (void)
{
  memset (&stats, 0, sizeof stats);
}
