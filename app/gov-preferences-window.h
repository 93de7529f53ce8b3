#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GOV_TYPE_PREFERENCES_WINDOW (gov_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GovPreferencesWindow, gov_preferences_window,
                      GOV, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Builds one page of the preferences window; called for every new window. */
typedef AdwPreferencesPage *(*GovPreferencesPageFunc) (GovPreferencesWindow *window);

GovPreferencesWindow *gov_preferences_window_new           (GtkWindow              *parent);

/* Adds a page builder: parts of the application that have settings (the
 * vault's Security page, Office, Peers, Calendars) register one at startup,
 * before any preferences window opens, and their pages appear in the order
 * registered, after "General". */
void                  gov_preferences_window_add_page_func (GovPreferencesPageFunc  func);

G_END_DECLS
