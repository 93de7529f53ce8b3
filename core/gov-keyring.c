/* gov-keyring.c: optional unlock from the desktop keyring (Secret Service)
 *
 * Design: research/encryption-and-sync.md A2.4. Enabling stores 32 random
 * bytes (the slot KEK) as a Secret Service item and adds a "libsecret" key
 * slot wrapping the database key with it, like the passphrase and
 * recovery-code slots. The key file holds only the wrapped DEK and the
 * item's lookup attributes; the KEK stays in the keyring. libsecret is
 * GLib-only, so core/ stays free of GTK. Field laptops do not enable it:
 * anyone who can open the login session could then open the replica.
 *
 * All calls block on D-Bus (and may show a keyring prompt): call them off
 * the GTK main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "gov-keyring.h"
#include "gov-vault-private.h"

#define ATTR_DB_ID    "db_id"
#define ATTR_REPLICA  "replica"
#define KEK_B64_SIZE  sodium_base64_ENCODED_LEN (GOV_KEYFILE_KEK_SIZE, sodium_base64_VARIANT_ORIGINAL)

G_DEFINE_QUARK (gov-keyring-error-quark, gov_keyring_error)

static const SecretSchema *
replica_schema (void)
{
  static const SecretSchema schema = {
    GOV_KEYRING_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { ATTR_DB_ID, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { ATTR_REPLICA, SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

/* Turns a libsecret/D-Bus error into a GovKeyringError with a message a
 * user can act on. */
static void
set_secret_error (GError     **error,
                  GError      *cause)
{
  if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_LOCKED,
                 _("The desktop keyring is locked: %s"), cause->message);
  else if (cause->domain == G_DBUS_ERROR || cause->domain == G_IO_ERROR)
    g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SERVICE,
                 _("No desktop keyring (Secret Service) is available: %s"), cause->message);
  else
    g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_FAILED,
                 _("The desktop keyring failed: %s"), cause->message);
}

/* The attributes a new item gets: the database id and the replica path. */
static GHashTable *
new_attributes (GovKeyfile *kf,
                const char *dir)
{
  GHashTable *attrs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  const guint8 *db_id = gov_keyfile_get_db_id (kf);
  char hex[GOV_KEYFILE_DB_ID_SIZE * 2 + 1];

  sodium_bin2hex (hex, sizeof hex, db_id, GOV_KEYFILE_DB_ID_SIZE);
  g_hash_table_insert (attrs, ATTR_DB_ID, g_strdup (hex));
  g_hash_table_insert (attrs, ATTR_REPLICA, g_canonicalize_filename (dir, NULL));
  return attrs;
}

/* The slot's attributes, limited to the schema's (libsecret refuses
 * others); %NULL when the slot is not ours. */
static GHashTable *
slot_attributes (GovKeyfile  *kf,
                 GError     **error)
{
  g_autoptr(GHashTable) stored = NULL;
  GHashTable *attrs;
  const char *schema = NULL;
  const char *db_id, *replica;

  stored = gov_keyfile_get_keyring_attributes (kf, &schema);
  if (stored == NULL)
    {
      g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NO_SLOT,
                   _("This replica is not set up to unlock from the desktop keyring"));
      return NULL;
    }
  db_id = g_hash_table_lookup (stored, ATTR_DB_ID);
  replica = g_hash_table_lookup (stored, ATTR_REPLICA);
  if (g_strcmp0 (schema, GOV_KEYRING_SCHEMA_NAME) != 0 || db_id == NULL || replica == NULL)
    {
      g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_FAILED,
                   _("The desktop keyring slot of this replica was written by another program"));
      return NULL;
    }
  attrs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_hash_table_insert (attrs, ATTR_DB_ID, g_strdup (db_id));
  g_hash_table_insert (attrs, ATTR_REPLICA, g_strdup (replica));
  return attrs;
}

/* "GovServ replica key for <office>"; the directory before the office is known. */
static char *
item_label (GovVault *vault)
{
  sqlite3 *db = gov_vault_get_db (vault);
  sqlite3_stmt *stmt = NULL;
  g_autofree char *office = NULL;

  if (db != NULL &&
      sqlite3_prepare_v2 (db, "SELECT name FROM office LIMIT 1", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    office = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (office == NULL)
    office = g_filename_display_name (gov_vault_get_dir (vault));
  return g_strdup_printf (_("GovServ replica key for %s"), office);
}

static gboolean
store_kek (GovVault      *vault,
           GHashTable    *attrs,
           const guint8  *kek,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = item_label (vault);
  char *text = sodium_malloc (KEK_B64_SIZE);
  gboolean ok;

  g_assert (text != NULL);
  sodium_bin2base64 (text, KEK_B64_SIZE, kek, GOV_KEYFILE_KEK_SIZE,
                     sodium_base64_VARIANT_ORIGINAL);
  ok = secret_password_storev_sync (replica_schema (), attrs, SECRET_COLLECTION_DEFAULT,
                                    label, text, NULL, &local_error);
  sodium_free (text);
  if (!ok)
    set_secret_error (error, local_error);
  return ok;
}

/**
 * gov_vault_enable_keyring:
 * @vault: an unlocked vault
 * @error: return location (%GOV_KEYRING_ERROR or %GOV_VAULT_ERROR)
 *
 * Stores a new random key in the Secret Service and adds (or replaces) the
 * "libsecret" slot of replica.keys. On failure the key file is unchanged.
 */
gboolean
gov_vault_enable_keyring (GovVault  *vault,
                          GError   **error)
{
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GovKeyfile) kf = NULL;
  const guint8 *dek;
  guint8 *kek;

  g_return_val_if_fail (GOV_IS_VAULT (vault), FALSE);

  dek = gov_vault_peek_dek (vault, error);
  if (dek == NULL || (kf = gov_vault_reload_keyfile (vault, error)) == NULL)
    return FALSE;

  attrs = new_attributes (kf, gov_vault_get_dir (vault));
  kek = sodium_malloc (GOV_KEYFILE_KEK_SIZE);
  g_assert (kek != NULL);
  randombytes_buf (kek, GOV_KEYFILE_KEK_SIZE);

  /* The secret first: a slot whose key is nowhere would only confuse. */
  if (!store_kek (vault, attrs, kek, error))
    {
      sodium_free (kek);
      return FALSE;
    }
  gov_keyfile_set_keyring (kf, dek, kek, GOV_KEYRING_SCHEMA_NAME, attrs);
  sodium_free (kek);

  if (!gov_vault_commit_keyfile (vault, g_steal_pointer (&kf), error))
    {
      secret_password_clearv_sync (replica_schema (), attrs, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

/**
 * gov_vault_disable_keyring:
 * @vault: an unlocked vault
 * @error: return location
 *
 * Removes the "libsecret" slot, then the key from the Secret Service. If
 * the keyring cannot be reached the slot is still removed (the key alone
 * opens nothing) and the error says the item is left behind. Without a
 * slot it only tries to delete a leftover item, and succeeds regardless.
 */
gboolean
gov_vault_disable_keyring (GovVault  *vault,
                           GError   **error)
{
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GovKeyfile) kf = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) secret_error = NULL;
  gboolean had_slot;

  g_return_val_if_fail (GOV_IS_VAULT (vault), FALSE);

  if (gov_vault_peek_dek (vault, error) == NULL ||
      (kf = gov_vault_reload_keyfile (vault, error)) == NULL)
    return FALSE;

  attrs = slot_attributes (kf, NULL);
  if (attrs == NULL)
    attrs = new_attributes (kf, gov_vault_get_dir (vault));

  had_slot = gov_keyfile_remove_keyring (kf);
  if (had_slot && !gov_vault_commit_keyfile (vault, g_steal_pointer (&kf), error))
    return FALSE;

  /* Without a slot there is normally nothing to delete: a missing
   * keyring is then no failure. */
  if (!secret_password_clearv_sync (replica_schema (), attrs, NULL, &local_error) &&
      local_error != NULL && had_slot)
    {
      set_secret_error (&secret_error, local_error);
      g_set_error (error, secret_error->domain, secret_error->code,
                   _("Keyring unlock is off, but the key could not be deleted from the desktop keyring. %s"),
                   secret_error->message);
      return FALSE;
    }
  return TRUE;
}

/* Looks the slot key up; %NULL with @error when it cannot be had. */
static guint8 *
lookup_kek (GHashTable  *attrs,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *text;
  guint8 *kek;
  gsize len = 0;
  int rc;

  text = secret_password_lookupv_nonpageable_sync (replica_schema (), attrs, NULL, &local_error);
  if (text == NULL)
    {
      if (local_error != NULL)
        set_secret_error (error, local_error);
      else
        g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_NOT_FOUND,
                     _("The replica key is not in the desktop keyring (it was removed, or this is another login). Unlock with the passphrase."));
      return NULL;
    }

  kek = sodium_malloc (GOV_KEYFILE_KEK_SIZE);
  g_assert (kek != NULL);
  rc = sodium_base642bin (kek, GOV_KEYFILE_KEK_SIZE, text, strlen (text), NULL, &len, NULL,
                          sodium_base64_VARIANT_ORIGINAL);
  secret_password_free (text);   /* wipes it */
  if (rc != 0 || len != GOV_KEYFILE_KEK_SIZE)
    {
      sodium_free (kek);
      g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_FAILED,
                   _("The replica key in the desktop keyring is damaged. Unlock with the passphrase."));
      return NULL;
    }
  return kek;
}

/**
 * gov_vault_open_with_keyring:
 * @dir: the replica directory
 * @error: return location: %GOV_KEYRING_ERROR_NO_SLOT, _NO_SERVICE,
 *   _LOCKED, _NOT_FOUND, or a %GOV_VAULT_ERROR from opening the database
 *
 * Unlocks the replica with the key kept in the desktop keyring.
 *
 * Returns: (transfer full) (nullable): the unlocked vault
 */
GovVault *
gov_vault_open_with_keyring (const char  *dir,
                             GError     **error)
{
  g_autoptr(GovKeyfile) kf = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 *kek;
  guint8 *dek;

  g_return_val_if_fail (dir != NULL, NULL);

  kf = gov_vault_load_keyfile_for_dir (dir, error);
  if (kf == NULL || (attrs = slot_attributes (kf, error)) == NULL)
    return NULL;
  kek = lookup_kek (attrs, error);
  if (kek == NULL)
    return NULL;

  dek = gov_keyfile_unlock_keyring (kf, kek, &local_error);
  sodium_free (kek);
  if (dek == NULL)
    {
      g_set_error (error, GOV_KEYRING_ERROR, GOV_KEYRING_ERROR_FAILED, "%s", local_error->message);
      return NULL;
    }
  return gov_vault_open_with_dek (dir, g_steal_pointer (&kf), dek, error);
}

/**
 * gov_keyring_has_slot:
 * @dir: a replica directory
 *
 * Returns: %TRUE when its key file has a desktop keyring slot (no D-Bus)
 */
gboolean
gov_keyring_has_slot (const char *dir)
{
  g_autoptr(GovKeyfile) kf = gov_vault_load_keyfile_for_dir (dir, NULL);

  return kf != NULL && gov_keyfile_has_keyring (kf);
}

/**
 * gov_keyring_has_secret:
 * @dir: a replica directory with a keyring slot
 * @error: return location (%GOV_KEYRING_ERROR)
 *
 * Asks the Secret Service whether the slot's key is there, without
 * unlocking anything.
 *
 * Returns: %TRUE when the item exists; %FALSE with @error unset when not
 */
gboolean
gov_keyring_has_secret (const char  *dir,
                        GError     **error)
{
  g_autoptr(GovKeyfile) kf = NULL;
  g_autoptr(GHashTable) attrs = NULL;
  g_autoptr(GError) local_error = NULL;
  GList *items;

  kf = gov_vault_load_keyfile_for_dir (dir, error);
  if (kf == NULL || (attrs = slot_attributes (kf, error)) == NULL)
    return FALSE;

  items = secret_password_searchv_sync (replica_schema (), attrs, SECRET_SEARCH_ALL,
                                        NULL, &local_error);
  if (local_error != NULL)
    {
      set_secret_error (error, local_error);
      return FALSE;
    }
  g_list_free_full (items, g_object_unref);
  return items != NULL;
}
