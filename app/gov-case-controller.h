#pragma once

#include "gov-window.h"

G_BEGIN_DECLS

#define GOV_TYPE_CASE_CONTROLLER (gov_case_controller_get_type ())
G_DECLARE_FINAL_TYPE (GovCaseController, gov_case_controller, GOV, CASE_CONTROLLER, GObject)

/* Installs the case list, the case page and "New Case" into @window while
 * its GovApplication has an open replica, and removes them when it locks.
 * The controller lives as long as the window. */
void           gov_case_controller_install            (GovWindow  *window);
void           gov_case_controller_open_case          (GovWindow  *window,
                                                       const char *case_id);
GNotification *gov_case_controller_offer_notification (GPtrArray  *rows);

/* The id of the "handovers waiting for you" desktop notification. */
#define GOV_CASE_CONTROLLER_OFFERS_NOTIFICATION "handover-offers"

G_END_DECLS
