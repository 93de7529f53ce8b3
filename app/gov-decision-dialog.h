/* gov-decision-dialog.h: "Record Decision" (UX.md §3 Decision editor)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_DECISION_DIALOG (gov_decision_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GovDecisionDialog, gov_decision_dialog, GOV, DECISION_DIALOG, AdwWindow)

/* Emits "signed" (decision id) once the decision is stored. */
GtkWidget *gov_decision_dialog_new (GtkWindow  *parent,
                                    GovReplica *replica,
                                    const char *case_id);
/* The same editor, prefilled with @decision (as gov_decision_list() gives
 * it) and asking for a reason; "signed" follows the amendment. */
GtkWidget *gov_decision_dialog_new_amend (GtkWindow  *parent,
                                          GovReplica *replica,
                                          JsonObject *decision);

G_END_DECLS
