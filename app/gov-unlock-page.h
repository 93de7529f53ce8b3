#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_UNLOCK_PAGE (gov_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (GovUnlockPage, gov_unlock_page, GOV, UNLOCK_PAGE, AdwBin)

/* The page emits ::unlocked (GovReplica *replica) with an open replica; the
 * handler takes ownership of it. */
GtkWidget  *gov_unlock_page_new           (const char    *replica_dir);
const char *gov_unlock_page_get_replica_dir (GovUnlockPage *self);
/* Unlocks with @passphrase as if it had been typed (--passphrase-file). */
void        gov_unlock_page_unlock        (GovUnlockPage *self,
                                           const char    *passphrase);
/* Unlocks from the desktop keyring (core/gov-keyring.h); says why not on
 * the page and waits for the passphrase when that fails. */
void        gov_unlock_page_unlock_with_keyring (GovUnlockPage *self);
/* Empties the field and puts the focus in it (after locking). */
void        gov_unlock_page_reset         (GovUnlockPage *self);

G_END_DECLS
