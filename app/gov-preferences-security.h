#pragma once

#include "gov-preferences-window.h"

G_BEGIN_DECLS

#define GOV_TYPE_PREFERENCES_SECURITY (gov_preferences_security_get_type ())
G_DECLARE_FINAL_TYPE (GovPreferencesSecurity, gov_preferences_security,
                      GOV, PREFERENCES_SECURITY, AdwPreferencesPage)

/* A GovPreferencesPageFunc for gov_preferences_window_add_page_func(). */
AdwPreferencesPage *gov_preferences_security_new (GovPreferencesWindow *window);

G_END_DECLS
