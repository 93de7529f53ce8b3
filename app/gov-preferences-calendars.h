/* gov-preferences-calendars.h: the Calendars page of the preferences.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "gov-preferences-window.h"
#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_PREFERENCES_CALENDARS (gov_preferences_calendars_get_type ())
G_DECLARE_FINAL_TYPE (GovPreferencesCalendars, gov_preferences_calendars,
                      GOV, PREFERENCES_CALENDARS, AdwPreferencesPage)

AdwPreferencesPage *gov_preferences_calendars_new         (GovPreferencesWindow    *window);

/* The page follows the application's replica by itself; tests without a
 * GovApplication hand it one here (NULL means locked). */
void                gov_preferences_calendars_set_replica (GovPreferencesCalendars *self,
                                                           GovReplica              *replica);
/* What "Import From File…" does once a file is chosen. */
void                gov_preferences_calendars_import_file (GovPreferencesCalendars *self,
                                                           GFile                   *file);

G_END_DECLS
