#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_INTAKE_DIALOG (gov_intake_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GovIntakeDialog, gov_intake_dialog, GOV, INTAKE_DIALOG, AdwWindow)

/* Emits ::created (case id, case number) after the case is written. */
GovIntakeDialog *gov_intake_dialog_new (GtkWindow  *parent,
                                        GovReplica *replica);

G_END_DECLS
