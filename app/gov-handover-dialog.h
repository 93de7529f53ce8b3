/* gov-handover-dialog.h: "Hand Over Case" (UX.md §3 Handover)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_HANDOVER_DIALOG (gov_handover_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GovHandoverDialog, gov_handover_dialog, GOV, HANDOVER_DIALOG, AdwWindow)

/* @open_deadlines: the package's deadlines in words, shown read-only (the
 * core fills the real ones in from the clock when the offer is written).
 * Emits "sent" (offer id, recipient) after the offer is stored. */
GtkWidget *gov_handover_dialog_new (GtkWindow  *parent,
                                    GovReplica *replica,
                                    const char *case_id,
                                    const char *open_deadlines);
/* The same for several cases: emits "sent" per offer and "refused" (case,
 * message) per case that cannot be handed over, then closes. */
GtkWidget *gov_handover_dialog_new_for_cases (GtkWindow          *parent,
                                              GovReplica         *replica,
                                              const char * const *cases);

G_END_DECLS
