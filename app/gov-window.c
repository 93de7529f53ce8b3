/* gov-window.c: the main window, its panes, views and navigation.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-case-bulk.h"
#include "gov-case-list.h"
#include "gov-window.h"

typedef struct
{
  const char *name;
  const char *title;
  const char *icon_name;
  const char *empty_title;
  const char *empty_description;
  const char *empty_icon_name;
  gboolean    offers_new_case;
  gboolean    has_list;
} GovView;

/* The sidebar, in order; Ctrl+1…Ctrl+7 follow this order. The first five
 * belong to the "Cases" group, the rest to "Office". */
static const GovView views[] = {
  { GOV_VIEW_MY_CASES, N_("My Cases"), "avatar-default-symbolic",
    N_("No Open Cases"), N_("Cases assigned to you appear here."),
    "avatar-default-symbolic", TRUE, TRUE },
  { GOV_VIEW_TEAM, N_("Team"), "system-users-symbolic",
    N_("No Team Cases"), N_("Open cases of your team appear here."),
    "system-users-symbolic", TRUE, TRUE },
  { GOV_VIEW_IN_TRANSIT, N_("In Transit"), "send-to-symbolic",
    N_("No Handovers in Transit"),
    N_("Cases handed over to another office stay here until that office accepts them."),
    "send-to-symbolic", FALSE, TRUE },
  { GOV_VIEW_OVERDUE, N_("Overdue"), "task-past-due-symbolic",
    N_("Nothing Overdue"), N_("Cases past their time limit appear here."),
    "emblem-ok-symbolic", FALSE, TRUE },
  { GOV_VIEW_CONFLICTS, N_("Conflicts"), "view-dual-symbolic",
    N_("No Conflicts"), N_("Changes from every device agree."),
    "emblem-ok-symbolic", FALSE, TRUE },
  { GOV_VIEW_KNOWLEDGE, N_("Knowledge Base"), "accessories-dictionary-symbolic",
    N_("No Articles"), N_("Articles this office writes for common questions appear here."),
    "accessories-dictionary-symbolic", FALSE, TRUE },
  { GOV_VIEW_DASHBOARD, N_("Dashboard"), "view-grid-symbolic",
    NULL, NULL, NULL, FALSE, FALSE },
};

#define N_VIEWS G_N_ELEMENTS (views)
#define FIRST_OFFICE_VIEW 5

struct _GovWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  guint                 view;
  guint                 counts[N_VIEWS];
  GtkWidget            *rows[N_VIEWS];
  GtkWidget            *count_labels[N_VIEWS];
  gboolean              can_create_cases;
  gboolean              selecting;
  guint                 n_selected;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwLeaflet           *outer_leaflet;
  AdwLeaflet           *inner_leaflet;
  GtkWidget            *sidebar_pane;
  AdwHeaderBar         *sidebar_header;
  GtkListBox           *sidebar;
  GtkWidget            *inner_separator;
  GtkWidget            *list_pane;
  AdwHeaderBar         *list_header;
  AdwWindowTitle       *list_title;
  char                 *filter_title;  /* gov_window_set_list_filter() */
  guint                 filter_count;
  GtkWidget            *select_button;
  GtkWidget            *list_back_button;
  GtkWidget            *search_button;
  GtkWidget            *cancel_selection_button;
  GtkActionBar         *selection_bar;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkStack             *list_stack;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_new_case_button;
  GtkWidget            *detail_pane;
  AdwHeaderBar         *detail_header;
  AdwWindowTitle       *detail_title;
  GtkStack             *detail_stack;
};

G_DEFINE_FINAL_TYPE (GovWindow, gov_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_VIEW,
  PROP_LOCKED,
  N_PROPS
};

enum {
  NEW_CASE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static int
find_view (const char *name)
{
  for (guint i = 0; i < N_VIEWS; i++)
    if (g_strcmp0 (views[i].name, name) == 0)
      return i;

  return -1;
}

/* The subtitle of the list header: "12 cases". */
static char *
format_count (guint view,
              guint count)
{
  if (count == 0)
    return g_strdup ("");

  if (view == FIRST_OFFICE_VIEW)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u article", "%u articles", count),
                            count);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", count), count);
}

/* The accessible label of a sidebar row: "Overdue, 12 cases". */
static char *
format_row_label (guint view,
                  guint count)
{
  const char *title = _(views[view].title);

  if (count == 0)
    return g_strdup (title);

  if (view == FIRST_OFFICE_VIEW)
    /* Translators: a sidebar row read by screen readers, e.g. "Knowledge Base, 3 articles" */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u article", "%s, %u articles",
                                         count),
                            title, count);

  /* Translators: a sidebar row read by screen readers, e.g. "Overdue, 12 cases" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u case", "%s, %u cases", count),
                          title, count);
}

static GtkWidget *
create_sidebar_row (GovWindow *self,
                    guint      view)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE,
                                  "icon-name", views[view].icon_name,
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                  NULL);
  GtkWidget *label = gtk_label_new (_(views[view].title));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_add_css_class (icon, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_visible (count, FALSE);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, views[view].name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(views[view].title), -1);

  self->rows[view] = row;
  self->count_labels[view] = count;

  return row;
}

static void
update_sidebar_header (GtkListBoxRow *row,
                       GtkListBoxRow *before,
                       gpointer       user_data)
{
  int index = gtk_list_box_row_get_index (row);
  const char *heading = NULL;
  GtkWidget *label;

  if (index == 0)
    heading = _("Cases");
  else if (index == FIRST_OFFICE_VIEW)
    heading = _("Office");

  if (heading == NULL)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "sidebar-heading");
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_list_box_row_set_header (row, label);
}

/* Window buttons go on the outermost visible header only; which header that
 * is depends on both leaflets (libadwaita's split-header pattern). */
static void
update_title_buttons (GovWindow *self)
{
  gboolean inner = adw_leaflet_get_folded (self->inner_leaflet);
  gboolean outer = adw_leaflet_get_folded (self->outer_leaflet);
  gboolean list_shown = gtk_widget_get_visible (self->list_pane);

  adw_header_bar_set_show_end_title_buttons (self->sidebar_header,
                                             outer && (inner || !list_shown));
  adw_header_bar_set_show_start_title_buttons (self->list_header, inner);
  adw_header_bar_set_show_end_title_buttons (self->list_header, outer);
  adw_header_bar_set_show_start_title_buttons (self->detail_header, outer);
}

static void
update_list_title (GovWindow *self)
{
  g_autofree char *subtitle = format_count (self->view, self->counts[self->view]);

  if (self->selecting)
    {
      /* Translators: the list header in selection mode, e.g. "3 Selected". */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Selected",
                                                             "%u Selected", self->n_selected),
                                                self->n_selected);

      adw_window_title_set_title (self->list_title,
                                  self->n_selected > 0 ? title : _("No Cases Selected"));
      adw_window_title_set_subtitle (self->list_title, "");
      return;
    }
  if (self->filter_title != NULL)
    {
      /* Any case view's count reads "N cases". */
      g_autofree char *count = format_count (0, self->filter_count);

      adw_window_title_set_title (self->list_title, self->filter_title);
      adw_window_title_set_subtitle (self->list_title, count);
      return;
    }
  adw_window_title_set_title (self->list_title, _(views[self->view].title));
  adw_window_title_set_subtitle (self->list_title, subtitle);
}

/**
 * gov_window_set_list_filter:
 * @self: the window
 * @title: (nullable): what the list shows instead of the view ("Due Within 3
 *   Days"), or %NULL for the view itself
 * @count: how many cases it shows
 *
 * Titles the list while it is narrowed beyond the sidebar's view.
 */
void
gov_window_set_list_filter (GovWindow  *self,
                            const char *title,
                            guint       count)
{
  g_return_if_fail (GOV_IS_WINDOW (self));

  g_free (self->filter_title);
  self->filter_title = g_strdup (title);
  self->filter_count = count;
  update_list_title (self);
}

static void
update_empty_page (GovWindow *self)
{
  const GovView *view = &views[self->view];

  if (!view->has_list)
    return;

  adw_status_page_set_title (self->empty_page, _(view->empty_title));
  adw_status_page_set_description (self->empty_page, _(view->empty_description));
  adw_status_page_set_icon_name (self->empty_page, view->empty_icon_name);
  gtk_widget_set_visible (self->empty_new_case_button,
                          view->offers_new_case && self->can_create_cases);
}

/* The Dashboard takes the list pane's width: it hides the list and shows
 * itself in the detail pane. */
static void
update_panes (GovWindow *self)
{
  gboolean has_list = views[self->view].has_list;
  const char *detail = gtk_stack_get_visible_child_name (self->detail_stack);

  gtk_widget_set_visible (self->list_pane, has_list);
  gtk_widget_set_visible (self->inner_separator, has_list);

  if (!has_list)
    gov_window_show_detail (self, "dashboard", _("Dashboard"), NULL);
  else if (g_strcmp0 (detail, "dashboard") == 0)
    gov_window_show_detail (self, "none", NULL, NULL);

  update_title_buttons (self);
}

/* Picking a view while folded moves on to the list (or the dashboard). */
static void
navigate_to_view (GovWindow *self)
{
  if (!views[self->view].has_list)
    {
      adw_leaflet_set_visible_child (self->outer_leaflet, self->detail_pane);
      return;
    }

  adw_leaflet_set_visible_child (self->inner_leaflet, self->list_pane);
  adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));
}

static void
show_view_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GovWindow *self = GOV_WINDOW (widget);

  if (gov_window_set_view (self, g_variant_get_string (parameter, NULL)))
    navigate_to_view (self);
}

static void
new_case_action_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_signal_emit (widget, signals[NEW_CASE], 0);
}

static void
search_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GovWindow *self = GOV_WINDOW (widget);

  if (!views[self->view].has_list)
    return;

  navigate_to_view (self);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
}

/* The case list in the list pane, if a replica is open. */
static GovCaseList *
current_list (GovWindow *self)
{
  GtkWidget *list = gtk_stack_get_child_by_name (self->list_stack, "cases");

  return GOV_IS_CASE_LIST (list) ? GOV_CASE_LIST (list) : NULL;
}

static void
selection_action_cb (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  GovWindow *self = GOV_WINDOW (widget);
  GovCaseList *list = current_list (self);

  if (list == NULL)
    return;
  if (g_str_equal (action_name, "win.select-cases"))
    {
      navigate_to_view (self);
      gov_case_list_set_selection_mode (list, TRUE);
    }
  else if (g_str_equal (action_name, "win.cancel-selection"))
    gov_case_list_set_selection_mode (list, FALSE);
  else if (g_str_equal (action_name, "win.select-all"))
    gov_case_list_select_all (list, TRUE);
  else if (g_str_equal (action_name, "win.select-none"))
    gov_case_list_select_all (list, FALSE);
  else if (g_str_equal (action_name, "win.assign-selected"))
    gov_case_bulk_assign (self, list);
  else if (g_str_equal (action_name, "win.hand-over-selected"))
    gov_case_bulk_hand_over (self, list);
}

static void
update_selection_actions (GovWindow *self)
{
  gboolean has_list = !gov_window_get_locked (self) && views[self->view].has_list &&
                      current_list (self) != NULL &&
                      g_strcmp0 (gtk_stack_get_visible_child_name (self->list_stack),
                                 "cases") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-cases",
                                 has_list && !self->selecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-selection", self->selecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-all", self->selecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-none", self->selecting);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.assign-selected",
                                 self->selecting && self->n_selected > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.hand-over-selected",
                                 self->selecting && self->n_selected > 0);
}

static void
list_stack_changed_cb (GovWindow *self)
{
  /* A list that went away (the app locked) takes its selection with it. */
  if (current_list (self) == NULL)
    gov_window_set_selection (self, FALSE, 0);
  update_selection_actions (self);
}

static void
sidebar_row_selected_cb (GovWindow     *self,
                         GtkListBoxRow *row)
{
  if (row != NULL)
    gov_window_set_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
sidebar_row_activated_cb (GovWindow     *self,
                          GtkListBoxRow *row)
{
  navigate_to_view (self);
}

static void
list_back_clicked_cb (GovWindow *self)
{
  adw_leaflet_navigate (self->inner_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
detail_back_clicked_cb (GovWindow *self)
{
  adw_leaflet_navigate (self->outer_leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* On folding show the list, never an empty detail pane. */
static void
folded_changed_cb (GovWindow *self)
{
  const char *detail = gtk_stack_get_visible_child_name (self->detail_stack);

  if (adw_leaflet_get_folded (self->outer_leaflet) && g_strcmp0 (detail, "none") == 0)
    adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));

  if (adw_leaflet_get_folded (self->inner_leaflet) && views[self->view].has_list)
    adw_leaflet_set_visible_child (self->inner_leaflet, self->list_pane);

  update_title_buttons (self);
}

static gboolean
gov_window_close_request (GtkWindow *window)
{
  GovWindow *self = GOV_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }

  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (gov_window_parent_class)->close_request (window);
}

static void
gov_window_dispose (GObject *object)
{
  GovWindow *self = GOV_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GOV_TYPE_WINDOW);

  G_OBJECT_CLASS (gov_window_parent_class)->dispose (object);
}

static void
gov_window_finalize (GObject *object)
{
  GovWindow *self = GOV_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->filter_title);

  G_OBJECT_CLASS (gov_window_parent_class)->finalize (object);
}

static void
gov_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GovWindow *self = GOV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      g_value_set_string (value, gov_window_get_view (self));
      break;

    case PROP_LOCKED:
      g_value_set_boolean (value, gov_window_get_locked (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gov_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  GovWindow *self = GOV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_VIEW:
      gov_window_set_view (self, g_value_get_string (value));
      break;

    case PROP_LOCKED:
      gov_window_set_locked (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gov_window_class_init (GovWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  static const guint view_keys[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4,
                                     GDK_KEY_5, GDK_KEY_6, GDK_KEY_7 };
  static const char *const selection_actions[] = {
    "win.select-cases", "win.cancel-selection", "win.select-all", "win.select-none",
    "win.assign-selected", "win.hand-over-selected",
  };

  object_class->dispose = gov_window_dispose;
  object_class->finalize = gov_window_finalize;
  object_class->get_property = gov_window_get_property;
  object_class->set_property = gov_window_set_property;
  window_class->close_request = gov_window_close_request;

  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, GOV_VIEW_MY_CASES,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GovWindow::new-case:
   *
   * Emitted when the user asks for a new case (win.new-case, Ctrl+N).
   */
  signals[NEW_CASE] = g_signal_new ("new-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GovWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, outer_leaflet);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, inner_leaflet);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, sidebar_header);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, inner_separator);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, list_pane);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, list_header);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, list_title);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, select_button);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, list_back_button);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, search_button);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, cancel_selection_button);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, empty_new_case_button);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, detail_header);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, GovWindow, detail_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, detail_back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action_cb);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action_cb);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action_cb);
  for (guint i = 0; i < G_N_ELEMENTS (selection_actions); i++)
    gtk_widget_class_install_action (widget_class, selection_actions[i], NULL,
                                     selection_action_cb);
  /* Bindings of disabled actions let the key through: outside selection
   * mode Ctrl+A and Escape keep their usual meaning. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "win.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.select-none", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.cancel-selection", NULL);

  for (guint i = 0; i < N_VIEWS; i++)
    gtk_widget_class_add_binding_action (widget_class, view_keys[i], GDK_CONTROL_MASK,
                                         "win.show-view", "s", views[i].name);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
}

static void
gov_window_init (GovWindow *self)
{
  g_autofree char *last_view = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  for (guint i = 0; i < N_VIEWS; i++)
    gtk_list_box_append (self->sidebar, create_sidebar_row (self, i));
  gtk_list_box_set_header_func (self->sidebar, update_sidebar_header, NULL, NULL);

  /* The entry sits in a clamp, where the bar does not find it by itself. */
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", FALSE);
  g_signal_connect_object (self->list_stack, "notify::visible-child",
                           G_CALLBACK (list_stack_changed_cb), self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Show the first view explicitly so that a stale "last-view" still leaves
   * a consistent window. */
  last_view = g_settings_get_string (self->settings, "last-view");
  self->view = N_VIEWS;
  gov_window_set_view (self, GOV_VIEW_MY_CASES);
  gov_window_set_view (self, last_view);
}

/**
 * gov_window_new:
 * @application: the application
 *
 * Returns: (transfer full): a new main window
 */
GovWindow *
gov_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (GOV_TYPE_WINDOW, "application", application, NULL);
}

const char *
gov_window_get_view (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), NULL);

  return views[self->view].name;
}

/**
 * gov_window_set_view:
 * @self: a window
 * @view: a view name such as %GOV_VIEW_OVERDUE
 *
 * Shows @view in the list pane and selects its sidebar row.
 *
 * Returns: %FALSE if @view is not a known view
 */
gboolean
gov_window_set_view (GovWindow  *self,
                     const char *view)
{
  int index;

  g_return_val_if_fail (GOV_IS_WINDOW (self), FALSE);

  index = find_view (view);
  if (index < 0)
    return FALSE;

  if ((guint) index == self->view)
    return TRUE;

  /* Another view is another set of rows: picking ends. */
  if (self->selecting && current_list (self) != NULL)
    gov_case_list_set_selection_mode (current_list (self), FALSE);
  self->view = index;
  gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (self->rows[index]));
  update_list_title (self);
  update_empty_page (self);
  update_panes (self);
  update_selection_actions (self);
  g_settings_set_string (self->settings, "last-view", views[index].name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);

  return TRUE;
}

void
gov_window_set_view_count (GovWindow  *self,
                           const char *view,
                           guint       count)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;
  int index;

  g_return_if_fail (GOV_IS_WINDOW (self));

  index = find_view (view);
  g_return_if_fail (index >= 0);

  self->counts[index] = count;
  text = g_strdup_printf ("%u", count);
  gtk_label_set_text (GTK_LABEL (self->count_labels[index]), text);
  gtk_widget_set_visible (self->count_labels[index], count > 0);

  label = format_row_label (index, count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[index]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  if ((guint) index == self->view)
    update_list_title (self);
}

guint
gov_window_get_view_count (GovWindow  *self,
                           const char *view)
{
  int index;

  g_return_val_if_fail (GOV_IS_WINDOW (self), 0);

  index = find_view (view);
  g_return_val_if_fail (index >= 0, 0);

  return self->counts[index];
}

/**
 * gov_window_set_case_list:
 * @self: a window
 * @list: the case list, or %NULL to remove it
 *
 * Puts @list in the list pane as the stack child "cases", replacing the
 * previous one (a new list may come with each unlocked replica).
 */
void
gov_window_set_case_list (GovWindow *self,
                          GtkWidget *list)
{
  GtkWidget *old;

  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (list == NULL || GTK_IS_WIDGET (list));

  /* The stack, not a pointer of ours, knows the current list: its owner
   * may have destroyed it already. */
  old = gtk_stack_get_child_by_name (self->list_stack, "cases");
  if (list == old)
    return;

  if (old != NULL)
    {
      gtk_stack_set_visible_child_name (self->list_stack, "status");
      gtk_stack_remove (self->list_stack, old);
    }

  if (list != NULL)
    gtk_stack_add_named (self->list_stack, list, "cases");
}

void
gov_window_set_list_empty (GovWindow *self,
                           gboolean   empty)
{
  g_return_if_fail (GOV_IS_WINDOW (self));

  if (!empty && gtk_stack_get_child_by_name (self->list_stack, "cases") == NULL)
    return;

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "status" : "cases");
}

GtkStack *
gov_window_get_list_stack (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), NULL);

  return self->list_stack;
}

GtkEditable *
gov_window_get_search_entry (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), NULL);

  return GTK_EDITABLE (self->search_entry);
}

void
gov_window_add_detail_page (GovWindow  *self,
                            GtkWidget  *page,
                            const char *name)
{
  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));
  g_return_if_fail (name != NULL);

  gtk_stack_add_named (self->detail_stack, page, name);
}

/**
 * gov_window_show_detail:
 * @self: a window
 * @name: the detail page to show
 * @title: (nullable): the detail header's title
 * @subtitle: (nullable): the detail header's subtitle
 *
 * Shows a detail page; while folded, the window moves to the detail pane,
 * except for "none", which is never shown on its own.
 */
void
gov_window_show_detail (GovWindow  *self,
                        const char *name,
                        const char *title,
                        const char *subtitle)
{
  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (gtk_stack_get_child_by_name (self->detail_stack, name) != NULL);

  gtk_stack_set_visible_child_name (self->detail_stack, name);
  adw_window_title_set_title (self->detail_title, title ? title : "");
  adw_window_title_set_subtitle (self->detail_title, subtitle ? subtitle : "");

  if (g_strcmp0 (name, "none") == 0)
    adw_leaflet_set_visible_child (self->outer_leaflet, GTK_WIDGET (self->inner_leaflet));
  else
    adw_leaflet_set_visible_child (self->outer_leaflet, self->detail_pane);
}

GtkStack *
gov_window_get_detail_stack (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), NULL);

  return self->detail_stack;
}

void
gov_window_set_lock_page (GovWindow *self,
                          GtkWidget *page)
{
  GtkWidget *old;

  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  old = gtk_stack_get_child_by_name (self->main_stack, "locked");
  if (old != NULL)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      /* GTK 4.8 warns if a focused text field goes away without losing
       * the focus first. */
      if (focus != NULL && gtk_widget_is_ancestor (focus, old))
        gtk_root_set_focus (GTK_ROOT (self), NULL);
      gtk_stack_remove (self->main_stack, old);
    }

  gtk_stack_add_named (self->main_stack, page, "locked");
}

GtkWidget *
gov_window_get_lock_page (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->main_stack, "locked");
}

void
gov_window_set_locked (GovWindow *self,
                       gboolean   locked)
{
  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (!locked || gtk_stack_get_child_by_name (self->main_stack, "locked"));

  if (locked == gov_window_get_locked (self))
    return;

  gtk_stack_set_visible_child_name (self->main_stack, locked ? "locked" : "main");

  /* Typing on the lock page must not open the hidden case search. */
  gtk_search_bar_set_key_capture_widget (self->search_bar, locked ? NULL : GTK_WIDGET (self));
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case",
                                 !locked && self->can_create_cases);
  if (locked && current_list (self) != NULL)
    gov_case_list_set_selection_mode (current_list (self), FALSE);
  update_selection_actions (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

gboolean
gov_window_get_locked (GovWindow *self)
{
  g_return_val_if_fail (GOV_IS_WINDOW (self), FALSE);

  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "locked") == 0;
}

void
gov_window_set_can_create_cases (GovWindow *self,
                                 gboolean   can_create)
{
  g_return_if_fail (GOV_IS_WINDOW (self));

  self->can_create_cases = !!can_create;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case",
                                 can_create && !gov_window_get_locked (self));
  update_empty_page (self);
}

void
gov_window_add_toast (GovWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (GOV_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * gov_window_set_selection:
 * @self: a window
 * @selecting: whether the case list is in selection mode
 * @n_selected: how many cases are selected
 *
 * Called by the case list: the list header shows Cancel and "3 Selected"
 * and the action bar offers the batch actions.
 */
void
gov_window_set_selection (GovWindow *self,
                          gboolean   selecting,
                          guint      n_selected)
{
  g_return_if_fail (GOV_IS_WINDOW (self));

  self->selecting = !!selecting;
  self->n_selected = selecting ? n_selected : 0;
  gtk_widget_set_visible (self->cancel_selection_button, self->selecting);
  gtk_widget_set_visible (self->select_button, !self->selecting);
  gtk_widget_set_visible (self->search_button, !self->selecting);
  /* Selection mode is left with Cancel, not Back; at 360 px this also
   * leaves room for "29 Selected". */
  gtk_widget_set_visible (self->list_back_button,
                          !self->selecting && adw_leaflet_get_folded (self->inner_leaflet));
  gtk_action_bar_set_revealed (self->selection_bar, self->selecting);
  update_list_title (self);
  update_selection_actions (self);
}
