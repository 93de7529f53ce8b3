#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GOV_TYPE_WINDOW (gov_window_get_type ())
G_DECLARE_FINAL_TYPE (GovWindow, gov_window, GOV, WINDOW, AdwApplicationWindow)

/* The view names used by `win.show-view`, the "view" property, GSettings
 * "last-view" and gov_window_set_view_count(), in sidebar order. */
#define GOV_VIEW_MY_CASES   "my-cases"
#define GOV_VIEW_TEAM       "team"
#define GOV_VIEW_IN_TRANSIT "in-transit"
#define GOV_VIEW_OVERDUE    "overdue"
#define GOV_VIEW_CONFLICTS  "conflicts"
#define GOV_VIEW_KNOWLEDGE  "knowledge"
#define GOV_VIEW_DASHBOARD  "dashboard"

GovWindow  *gov_window_new                  (GtkApplication *application);

const char *gov_window_get_view             (GovWindow      *self);
gboolean    gov_window_set_view             (GovWindow      *self,
                                             const char     *view);

/* Sets the count shown in the sidebar row and, for the current view, the list
 * subtitle. Zero hides the number. Never changes the selection. */
void        gov_window_set_view_count       (GovWindow      *self,
                                             const char     *view,
                                             guint           count);
guint       gov_window_get_view_count       (GovWindow      *self,
                                             const char     *view);
void        gov_window_set_list_filter      (GovWindow      *self,
                                             const char     *title,
                                             guint           count);

/* Hook points for the parts built later.
 *
 * The case list: gov_window_set_case_list() puts @list into the list pane's
 * stack as the child named "cases" (replacing an earlier list; NULL removes
 * it); gov_window_set_list_empty() switches
 * between it and the view's empty state ("status").
 *
 * The detail pane: gov_window_add_detail_page() adds a named page ("case",
 * "party", "article") to the detail stack; gov_window_show_detail() shows a
 * page and, while the window is folded, moves to the detail pane. The
 * built-in pages are "none" and "dashboard". */
void        gov_window_set_case_list        (GovWindow      *self,
                                             GtkWidget      *list);
void        gov_window_set_list_empty       (GovWindow      *self,
                                             gboolean        empty);
GtkStack   *gov_window_get_list_stack       (GovWindow      *self);
/* The list pane's search entry (Ctrl+F, type-to-search); the case list
 * runs the search. */
GtkEditable *gov_window_get_search_entry    (GovWindow      *self);
void        gov_window_add_detail_page      (GovWindow      *self,
                                             GtkWidget      *page,
                                             const char     *name);
void        gov_window_show_detail          (GovWindow      *self,
                                             const char     *name,
                                             const char     *title,
                                             const char     *subtitle);
GtkStack   *gov_window_get_detail_stack     (GovWindow      *self);

/* The lock: @page is shown instead of the panes while locked. */
void        gov_window_set_lock_page        (GovWindow      *self,
                                             GtkWidget      *page);
GtkWidget  *gov_window_get_lock_page        (GovWindow      *self);
void        gov_window_set_locked           (GovWindow      *self,
                                             gboolean        locked);
gboolean    gov_window_get_locked           (GovWindow      *self);

/* Whether "New Case" (win.new-case) is available; the window emits
 * ::new-case when it is activated. Off until the intake dialog exists. */
void        gov_window_set_can_create_cases (GovWindow      *self,
                                             gboolean        can_create);

void        gov_window_add_toast            (GovWindow      *self,
                                             AdwToast       *toast);

/* Selection mode of the case list, which calls this: the header shows
 * Cancel and "3 Selected", the action bar Assign… and Hand Over…. */
void        gov_window_set_selection        (GovWindow      *self,
                                             gboolean        selecting,
                                             guint           n_selected);

G_END_DECLS
