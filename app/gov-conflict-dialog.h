#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_CONFLICT_DIALOG (gov_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GovConflictDialog, gov_conflict_dialog, GOV, CONFLICT_DIALOG, AdwWindow)

/* @heads: the field's values, newest first, each an object with "value",
 * "actor", "device", "hlc_ms" and "reason" (as GovCasePage prepares them).
 * Emits ::resolved after the conflict.resolve event is written. */
GovConflictDialog *gov_conflict_dialog_new (GtkWindow   *parent,
                                            GovReplica  *replica,
                                            const char  *case_id,
                                            const char  *field,
                                            const char  *field_label,
                                            JsonArray   *heads);

G_END_DECLS
