/* gov-identity.c: office root key and device key of this installation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-event.h"
#include "gov-identity.h"

struct _GovIdentity
{
  guint8  root_pk[32];
  guint8 *root_sk;          /* sodium_malloc'd, NULL unless this is the hub */
  guint8  device_pk[32];
  guint8 *device_sk;        /* sodium_malloc'd */
  char   *device_pk_b64;
  char   *office_id;
  char   *fingerprint;
};

static const char base32_alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";

/* RFC 4648 base32 without padding; 20 bytes give exactly 32 characters. */
static char *
base32 (const guint8 *data,
        gsize         len)
{
  GString *out = g_string_new (NULL);
  guint buffer = 0;
  int bits = 0;

  for (gsize i = 0; i < len; i++)
    {
      buffer = (buffer << 8) | data[i];
      bits += 8;
      while (bits >= 5)
        {
          g_string_append_c (out, base32_alphabet[(buffer >> (bits - 5)) & 31]);
          bits -= 5;
        }
    }
  if (bits > 0)
    g_string_append_c (out, base32_alphabet[(buffer << (5 - bits)) & 31]);

  return g_string_free (out, FALSE);
}

static char *
key_digest_b32 (const guint8 *root_pk)
{
  guint8 h[20];

  crypto_generichash (h, sizeof h, root_pk, 32, NULL, 0);
  return base32 (h, sizeof h);
}

/**
 * gov_identity_office_id_for_key:
 * @root_pk: (array fixed-size=32): an office root public key
 *
 * Returns: (transfer full): `"off_" + base32(BLAKE2b-160(root_pk))`
 */
char *
gov_identity_office_id_for_key (const guint8 *root_pk)
{
  g_autofree char *b32 = key_digest_b32 (root_pk);

  return g_strconcat ("off_", b32, NULL);
}

/**
 * gov_identity_fingerprint_for_key:
 * @root_pk: (array fixed-size=32): an office root public key
 *
 * The office id's 32 base32 characters in 8 upper-case groups of 4, for
 * people to compare out of band.
 *
 * Returns: (transfer full): e.g. "ABCD EFGH …"
 */
char *
gov_identity_fingerprint_for_key (const guint8 *root_pk)
{
  g_autofree char *b32 = key_digest_b32 (root_pk);
  GString *out = g_string_new (NULL);

  for (guint i = 0; b32[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, g_ascii_toupper (b32[i]));
    }

  return g_string_free (out, FALSE);
}

static guint8 *
secret_alloc (void)
{
  guint8 *sk;

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");
  sk = sodium_malloc (crypto_sign_SECRETKEYBYTES);

  g_assert (sk != NULL);
  return sk;
}

static void
finish (GovIdentity *self)
{
  self->device_pk_b64 = gov_b64_encode (self->device_pk, 32);
  self->office_id = gov_identity_office_id_for_key (self->root_pk);
  self->fingerprint = gov_identity_fingerprint_for_key (self->root_pk);
}

/**
 * gov_identity_new_office:
 * @error: return location
 *
 * Generates a new office root key and a device key for the hub.
 *
 * Returns: (transfer full): the identity
 */
GovIdentity *
gov_identity_new_office (GError **error)
{
  GovIdentity *self = g_new0 (GovIdentity, 1);

  self->root_sk = secret_alloc ();
  self->device_sk = secret_alloc ();
  crypto_sign_keypair (self->root_pk, self->root_sk);
  crypto_sign_keypair (self->device_pk, self->device_sk);
  finish (self);

  return self;
}

/**
 * gov_identity_new_from_seeds:
 * @root_seed: (array fixed-size=32) (nullable): seed of the office root key,
 *   or %NULL for a joining device without it (then @root_pk is zeroes)
 * @device_seed: (array fixed-size=32): seed of the device key
 *
 * Deterministic keys, for golden vectors and property tests only.
 *
 * Returns: (transfer full): the identity
 */
GovIdentity *
gov_identity_new_from_seeds (const guint8 *root_seed,
                             const guint8 *device_seed)
{
  GovIdentity *self = g_new0 (GovIdentity, 1);

  if (root_seed != NULL)
    {
      self->root_sk = secret_alloc ();
      crypto_sign_seed_keypair (self->root_pk, self->root_sk, root_seed);
    }
  self->device_sk = secret_alloc ();
  crypto_sign_seed_keypair (self->device_pk, self->device_sk, device_seed);
  finish (self);

  return self;
}

/**
 * gov_identity_new_joining:
 * @root_pk: (array fixed-size=32): the root key of the office to join,
 *   confirmed by its fingerprint
 * @error: return location
 *
 * A new device for an existing office. It can write once the office's hub
 * has certified its key and that certificate has arrived.
 *
 * Returns: (transfer full): the identity
 */
GovIdentity *
gov_identity_new_joining (const guint8  *root_pk,
                          GError       **error)
{
  GovIdentity *self = g_new0 (GovIdentity, 1);

  memcpy (self->root_pk, root_pk, 32);
  self->device_sk = secret_alloc ();
  crypto_sign_keypair (self->device_pk, self->device_sk);
  finish (self);

  return self;
}

static gboolean
save_key (sqlite3       *db,
          const char    *name,
          const guint8  *pk,
          const guint8  *sk,
          GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO keystore (name, pk, sk) VALUES (?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return gov_db_set_error (db, rc, _("Could not store a key"), error);

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, pk, 32, SQLITE_STATIC);
  if (sk != NULL)
    sqlite3_bind_blob (stmt, 3, sk, crypto_sign_SECRETKEYBYTES, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return gov_db_set_error (db, rc, _("Could not store a key"), error);

  return TRUE;
}

/**
 * gov_identity_save:
 * @self: the identity
 * @db: the replica database (inside the vault), with the ledger schema
 * @error: return location
 *
 * Stores the keys in the `keystore` table. The caller holds a transaction.
 */
gboolean
gov_identity_save (GovIdentity  *self,
                   sqlite3      *db,
                   GError      **error)
{
  return save_key (db, "office-root", self->root_pk, self->root_sk, error) &&
         save_key (db, "device", self->device_pk, self->device_sk, error);
}

static gboolean
load_key (sqlite3       *db,
          const char    *name,
          guint8        *pk,
          guint8       **sk,
          GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;
  gboolean ok = FALSE;

  rc = sqlite3_prepare_v2 (db, "SELECT pk, sk FROM keystore WHERE name = ?", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return gov_db_set_error (db, rc, _("Could not read the keys"), error);

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 32)
    {
      memcpy (pk, sqlite3_column_blob (stmt, 0), 32);
      if (sqlite3_column_bytes (stmt, 1) == crypto_sign_SECRETKEYBYTES)
        {
          *sk = secret_alloc ();
          memcpy (*sk, sqlite3_column_blob (stmt, 1), crypto_sign_SECRETKEYBYTES);
        }
      ok = TRUE;
    }
  else
    {
      g_set_error (error, GOV_DB_ERROR, GOV_DB_ERROR_CORRUPT,
                   _("The replica has no %s key"), name);
    }
  sqlite3_finalize (stmt);

  return ok;
}

/**
 * gov_identity_load:
 * @db: the replica database
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the stored identity
 */
GovIdentity *
gov_identity_load (sqlite3  *db,
                   GError  **error)
{
  g_autoptr(GovIdentity) self = g_new0 (GovIdentity, 1);

  if (!load_key (db, "office-root", self->root_pk, &self->root_sk, error) ||
      !load_key (db, "device", self->device_pk, &self->device_sk, error))
    return NULL;

  if (self->device_sk == NULL)
    {
      g_set_error (error, GOV_DB_ERROR, GOV_DB_ERROR_CORRUPT,
                   _("The replica has no device secret key"));
      return NULL;
    }
  finish (self);

  return g_steal_pointer (&self);
}

void
gov_identity_free (GovIdentity *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->root_sk, sodium_free);
  g_clear_pointer (&self->device_sk, sodium_free);
  g_free (self->device_pk_b64);
  g_free (self->office_id);
  g_free (self->fingerprint);
  g_free (self);
}

const char *
gov_identity_get_office_id (GovIdentity *self)
{
  return self->office_id;
}

const char *
gov_identity_get_fingerprint (GovIdentity *self)
{
  return self->fingerprint;
}

const guint8 *
gov_identity_get_root_pk (GovIdentity *self)
{
  return self->root_pk;
}

gboolean
gov_identity_has_root_key (GovIdentity *self)
{
  return self->root_sk != NULL;
}

/**
 * gov_identity_get_root_sk:
 * @self: the identity
 *
 * Returns: (nullable) (transfer none): the office root secret key, only on the hub
 */
const guint8 *
gov_identity_get_root_sk (GovIdentity *self)
{
  return self->root_sk;
}

const guint8 *
gov_identity_get_device_pk (GovIdentity *self)
{
  return self->device_pk;
}

const char *
gov_identity_get_device_pk_b64 (GovIdentity *self)
{
  return self->device_pk_b64;
}

const guint8 *
gov_identity_get_device_sk (GovIdentity *self)
{
  return self->device_sk;
}
