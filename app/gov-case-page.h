#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_CASE_PAGE (gov_case_page_get_type ())
G_DECLARE_FINAL_TYPE (GovCasePage, gov_case_page, GOV, CASE_PAGE, GtkWidget)

GtkWidget  *gov_case_page_new          (GovReplica  *replica);
void        gov_case_page_show_case    (GovCasePage *self,
                                        const char  *case_id);
const char *gov_case_page_get_case_id  (GovCasePage *self);
void        gov_case_page_reload       (GovCasePage *self);
void        gov_case_page_close_case   (GovCasePage *self);
void        gov_case_page_add_note     (GovCasePage *self);
void        gov_case_page_show_field_history (GovCasePage *self,
                                              const char  *field);
void        gov_case_page_set_owner    (GovCasePage *self,
                                        const char  *office_name);

G_END_DECLS
