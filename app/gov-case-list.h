#pragma once

#include <gtk/gtk.h>

#include "gov-case-model.h"

G_BEGIN_DECLS

#define GOV_TYPE_CASE_LIST (gov_case_list_get_type ())
G_DECLARE_FINAL_TYPE (GovCaseList, gov_case_list, GOV, CASE_LIST, GtkWidget)

GtkWidget        *gov_case_list_new         (GovCaseModel     *model);
GovCaseModel     *gov_case_list_get_model   (GovCaseList      *self);
void              gov_case_list_set_view    (GovCaseList      *self,
                                             GovCaseModelView  view);
GovCaseModelView  gov_case_list_get_view    (GovCaseList      *self);
void              gov_case_list_set_search  (GovCaseList      *self,
                                             const char       *words);
gboolean          gov_case_list_is_searching (GovCaseList     *self);
GListModel       *gov_case_list_get_shown   (GovCaseList      *self);
void              gov_case_list_set_narrow  (GovCaseList      *self,
                                             gboolean          narrow);
gboolean          gov_case_list_get_narrow  (GovCaseList      *self);

G_END_DECLS
