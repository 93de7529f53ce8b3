/* gov-vault-private.h: what other core key-slot code needs from GovVault
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gov-vault.h"

G_BEGIN_DECLS

/* The key file as loaded by gov_vault_open*() (NULL errors as there). */
GovKeyfile   *gov_vault_load_keyfile_for_dir (const char   *dir,
                                              GError      **error);
/* Opens @dir with an already unwrapped @dek; takes @keyfile and @dek. */
GovVault     *gov_vault_open_with_dek        (const char   *dir,
                                              GovKeyfile   *keyfile,
                                              guint8       *dek,
                                              GError      **error);
/* The database key of an unlocked vault, %NULL (with @error) when locked. */
const guint8 *gov_vault_peek_dek             (GovVault     *self,
                                              GError      **error);
/* The key file as it is on disk now, checked to belong to this vault. */
GovKeyfile   *gov_vault_reload_keyfile       (GovVault     *self,
                                              GError      **error);
/* Saves @keyfile (taken) atomically as replica.keys and adopts it. */
gboolean      gov_vault_commit_keyfile       (GovVault     *self,
                                              GovKeyfile   *keyfile,
                                              GError      **error);

G_END_DECLS
