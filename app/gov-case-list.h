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

/* Selection mode (UX.md §3): "Select Cases", Ctrl+click, Ctrl+A. The list
 * tells its GovWindow, which shows the count and the action bar. */
void              gov_case_list_set_selection_mode (GovCaseList *self,
                                                    gboolean     selection_mode);
gboolean          gov_case_list_get_selection_mode (GovCaseList *self);
void              gov_case_list_select_all  (GovCaseList      *self,
                                             gboolean          all);
guint             gov_case_list_get_n_selected (GovCaseList   *self);
GPtrArray        *gov_case_list_get_selected (GovCaseList     *self);

G_END_DECLS
