#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_PASSPHRASE_DIALOG (gov_passphrase_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GovPassphraseDialog, gov_passphrase_dialog,
                      GOV, PASSPHRASE_DIALOG, AdwWindow)

/* "Change Passphrase": asks for the current and a new passphrase of
 * @replica's vault; emits ::done (NULL) and closes once changed. */
GovPassphraseDialog *gov_passphrase_dialog_new_change  (GtkWindow  *parent,
                                                        GovReplica *replica);
/* "Unlock With Recovery Code": opens the replica in @replica_dir with its
 * recovery code and a new passphrase; emits ::done (GovReplica *replica,
 * transfer full) and closes. */
GovPassphraseDialog *gov_passphrase_dialog_new_recover (GtkWindow  *parent,
                                                        const char *replica_dir);

G_END_DECLS
