/* gov-keyring.h: optional unlock from the desktop keyring (Secret Service)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gov-vault.h"

G_BEGIN_DECLS

#define GOV_KEYRING_ERROR (gov_keyring_error_quark ())

/* The Secret Service schema of the item holding a replica's slot key. */
#define GOV_KEYRING_SCHEMA_NAME "org.govserv.GovServ.ReplicaKey"

/**
 * GovKeyringError:
 * @GOV_KEYRING_ERROR_NO_SERVICE: no Secret Service answers (no session bus
 *   or no keyring daemon)
 * @GOV_KEYRING_ERROR_LOCKED: the keyring is locked and was not unlocked
 * @GOV_KEYRING_ERROR_NOT_FOUND: the replica's key is not in the keyring
 * @GOV_KEYRING_ERROR_NO_SLOT: the replica has no desktop keyring slot
 * @GOV_KEYRING_ERROR_FAILED: anything else; the message says what
 */
typedef enum
{
  GOV_KEYRING_ERROR_NO_SERVICE,
  GOV_KEYRING_ERROR_LOCKED,
  GOV_KEYRING_ERROR_NOT_FOUND,
  GOV_KEYRING_ERROR_NO_SLOT,
  GOV_KEYRING_ERROR_FAILED,
} GovKeyringError;

GQuark      gov_keyring_error_quark      (void);

gboolean    gov_vault_enable_keyring     (GovVault    *vault,
                                          GError     **error);
gboolean    gov_vault_disable_keyring    (GovVault    *vault,
                                          GError     **error);
GovVault   *gov_vault_open_with_keyring  (const char  *dir,
                                          GError     **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean    gov_keyring_has_slot         (const char  *dir);
gboolean    gov_keyring_has_secret       (const char  *dir,
                                          GError     **error);

G_END_DECLS
