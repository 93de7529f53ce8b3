/* gov-vault.h: an encrypted replica directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "gov-keyfile.h"

G_BEGIN_DECLS

#define GOV_VAULT_ERROR (gov_vault_error_quark ())

/**
 * GovVaultError:
 * @GOV_VAULT_ERROR_NOT_FOUND: no replica (or one of its two files) in the directory
 * @GOV_VAULT_ERROR_EXISTS: create: the directory already holds a replica
 * @GOV_VAULT_ERROR_WRONG_PASSPHRASE: "Wrong passphrase"; detected before SQLite opens
 * @GOV_VAULT_ERROR_WRONG_RECOVERY_CODE: the recovery code does not open the key file
 * @GOV_VAULT_ERROR_FOREIGN_KEYFILE: the key file belongs to another replica
 * @GOV_VAULT_ERROR_DAMAGED: pages fail authentication or the structure is corrupt
 * @GOV_VAULT_ERROR_NOT_ENCRYPTED: replica.db is a plain SQLite database
 * @GOV_VAULT_ERROR_KEYFILE_INVALID: replica.keys is malformed
 * @GOV_VAULT_ERROR_LOCKED: the vault was locked
 * @GOV_VAULT_ERROR_FAILED: anything else (I/O, full disk); the message says what
 *
 * On every error from an open, nothing on disk has changed.
 */
typedef enum
{
  GOV_VAULT_ERROR_NOT_FOUND,
  GOV_VAULT_ERROR_EXISTS,
  GOV_VAULT_ERROR_WRONG_PASSPHRASE,
  GOV_VAULT_ERROR_WRONG_RECOVERY_CODE,
  GOV_VAULT_ERROR_FOREIGN_KEYFILE,
  GOV_VAULT_ERROR_DAMAGED,
  GOV_VAULT_ERROR_NOT_ENCRYPTED,
  GOV_VAULT_ERROR_KEYFILE_INVALID,
  GOV_VAULT_ERROR_LOCKED,
  GOV_VAULT_ERROR_FAILED,
} GovVaultError;

#define GOV_VAULT_DB_NAME    "replica.db"
#define GOV_VAULT_KEYS_NAME  "replica.keys"

#define GOV_TYPE_VAULT (gov_vault_get_type ())
G_DECLARE_FINAL_TYPE (GovVault, gov_vault, GOV, VAULT, GObject)

GQuark      gov_vault_error_quark               (void);

gboolean    gov_vault_exists                    (const char      *dir);

GovVault   *gov_vault_create                    (const char      *dir,
                                                 const char      *passphrase,
                                                 GovKdfStrength   strength,
                                                 char           **recovery_code,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GovVault   *gov_vault_create_with_limits        (const char      *dir,
                                                 const char      *passphrase,
                                                 guint64          opslimit,
                                                 gsize            memlimit,
                                                 char           **recovery_code,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GovVault   *gov_vault_open                      (const char      *dir,
                                                 const char      *passphrase,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GovVault   *gov_vault_open_with_recovery_code   (const char      *dir,
                                                 const char      *code,
                                                 GError         **error) G_GNUC_WARN_UNUSED_RESULT;

const char *gov_vault_get_dir                   (GovVault        *self);
sqlite3    *gov_vault_get_db                    (GovVault        *self);
sqlite3    *gov_vault_open_reader               (GovVault        *self,
                                                 GError         **error);
gboolean    gov_vault_is_locked                 (GovVault        *self);
void        gov_vault_lock                      (GovVault        *self);

gboolean    gov_vault_change_passphrase         (GovVault        *self,
                                                 const char      *old_passphrase,
                                                 const char      *new_passphrase,
                                                 GovKdfStrength   strength,
                                                 GError         **error);
gboolean    gov_vault_change_passphrase_with_limits (GovVault    *self,
                                                 const char      *old_passphrase,
                                                 const char      *new_passphrase,
                                                 guint64          opslimit,
                                                 gsize            memlimit,
                                                 GError         **error);
gboolean    gov_vault_regenerate_recovery_code  (GovVault        *self,
                                                 char           **recovery_code,
                                                 GError         **error);
gboolean    gov_vault_check                     (GovVault        *self,
                                                 char           **report,
                                                 GError         **error);
gboolean    gov_vault_backup                    (GovVault        *self,
                                                 const char      *dest_dir,
                                                 GError         **error);

G_END_DECLS
