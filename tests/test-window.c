/* test-window.c: the real main window, built from its template, in-process.
 *
 * Runs under `xvfb-run -a`. Screenshots go to G_TEST_BUILDDIR (the build
 * directory's tests/ folder) as window-*.png, to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-application.h"
#include "gov-window.h"
#include "ui-util.h"

typedef struct
{
  GovApplication *app;
  GovWindow      *window;
} Fixture;

/* One registered application for the whole run, as in the real program. */
static GovApplication *application;

/* Runs the main loop until @done returns TRUE or two seconds pass. */
static gboolean
wait_until (gboolean (*done) (gpointer data),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  return done (data);
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *keys[] = { "last-view", "window-width", "window-height", "window-maximized" };

  /* Each test starts from the defaults, whatever the last one left. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);

  fixture->app = g_object_ref (application);
  fixture->window = gov_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
}

/* Collects the mapped widgets of @type under @widget. */
static void
collect_mapped (GtkWidget  *widget,
                GType       type,
                GPtrArray  *found)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mapped (child, type, found);
}

/* Whether a mapped AdwWindowTitle shows @title (and @subtitle unless NULL). */
static gboolean
shows_title (GovWindow  *window,
             const char *title,
             const char *subtitle)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_mapped (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, titles);
  for (guint i = 0; i < titles->len; i++)
    {
      AdwWindowTitle *item = g_ptr_array_index (titles, i);

      if (g_strcmp0 (adw_window_title_get_title (item), title) == 0 &&
          (subtitle == NULL || g_strcmp0 (adw_window_title_get_subtitle (item), subtitle) == 0))
        return TRUE;
    }

  return FALSE;
}

static const char *
visible_status_title (GtkStack *stack)
{
  GtkWidget *child = gtk_stack_get_visible_child (stack);

  g_assert_true (ADW_IS_STATUS_PAGE (child));
  return adw_status_page_get_title (ADW_STATUS_PAGE (child));
}

typedef struct
{
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
has_width (gpointer data)
{
  WidthWait *wait = data;

  /* Client-side decorations take a few pixels of the default size. */
  return ABS (gtk_widget_get_width (wait->widget) - wait->width) <= 12;
}

static gboolean
is_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static void
resize (GovWindow *window,
        int        width,
        int        height)
{
  WidthWait wait = { GTK_WIDGET (window), width };

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (wait_until (has_width, &wait));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
}

static void
test_window_initial (Fixture       *fixture,
                     gconstpointer  data)
{
  g_assert_cmpstr (gov_window_get_view (fixture->window), ==, GOV_VIEW_MY_CASES);
  g_assert_true (shows_title (fixture->window, "My Cases", NULL));
  g_assert_cmpstr (visible_status_title (gov_window_get_list_stack (fixture->window)), ==,
                   "No Open Cases");
  g_assert_cmpstr (visible_status_title (gov_window_get_detail_stack (fixture->window)), ==,
                   "No Case Selected");
  g_assert_false (gov_window_get_locked (fixture->window));

  ui_screenshot (GTK_WIDGET (fixture->window), "window-1200.png");
}

static void
test_window_show_view (Fixture       *fixture,
                       gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-view", "s", GOV_VIEW_OVERDUE));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_cmpstr (gov_window_get_view (fixture->window), ==, GOV_VIEW_OVERDUE);
  g_assert_true (shows_title (fixture->window, "Overdue", NULL));
  g_assert_false (shows_title (fixture->window, "My Cases", NULL));
  g_assert_cmpstr (visible_status_title (gov_window_get_list_stack (fixture->window)), ==,
                   "Nothing Overdue");

  /* An unknown view changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "nope");
  g_assert_cmpstr (gov_window_get_view (fixture->window), ==, GOV_VIEW_OVERDUE);
}

static void
test_window_counts (Fixture       *fixture,
                    gconstpointer  data)
{
  gov_window_set_view (fixture->window, GOV_VIEW_OVERDUE);
  gov_window_set_view_count (fixture->window, GOV_VIEW_OVERDUE, 12);
  gov_window_set_view_count (fixture->window, GOV_VIEW_MY_CASES, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_true (shows_title (fixture->window, "Overdue", "12 cases"));
  g_assert_cmpuint (gov_window_get_view_count (fixture->window, GOV_VIEW_MY_CASES), ==, 1);
  /* Counts never move the selection. */
  g_assert_cmpstr (gov_window_get_view (fixture->window), ==, GOV_VIEW_OVERDUE);

  gov_window_set_view (fixture->window, GOV_VIEW_MY_CASES);
  g_assert_true (shows_title (fixture->window, "My Cases", "1 case"));

  ui_screenshot (GTK_WIDGET (fixture->window), "window-counts.png");
}

/* The last view is remembered in GSettings for the next window. */
static void
test_window_last_view (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GovWindow *second;

  gov_window_set_view (fixture->window, GOV_VIEW_CONFLICTS);
  g_assert_cmpstr (g_settings_get_string (settings, "last-view"), ==, GOV_VIEW_CONFLICTS);

  second = gov_window_new (GTK_APPLICATION (fixture->app));
  g_assert_cmpstr (gov_window_get_view (second), ==, GOV_VIEW_CONFLICTS);
  gtk_window_destroy (GTK_WINDOW (second));

  g_settings_reset (settings, "last-view");
}

/* Closing the window remembers its size for the next one. */
static void
test_window_size (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GovWindow *second;
  int width, height;

  resize (fixture->window, 900, 640);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  second = gov_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_get_default_size (GTK_WINDOW (second), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  /* The fixture's window is gone; the tear-down destroys this one. */
  fixture->window = second;
}

static void
test_window_dashboard (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkStack *list_stack = gov_window_get_list_stack (fixture->window);
  GtkStack *detail_stack = gov_window_get_detail_stack (fixture->window);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                              "win.show-view", "s", GOV_VIEW_DASHBOARD);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* The dashboard takes the list's place. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (list_stack)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "dashboard");
  g_assert_cmpstr (visible_status_title (detail_stack), ==, "Not Enough Data Yet");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                              "win.show-view", "s", GOV_VIEW_TEAM);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_stack)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "none");
}

/* At 360 px one pane fills the window: the list, with Back to the sidebar. */
static void
test_window_narrow (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkStack *list_stack = gov_window_get_list_stack (fixture->window);
  GtkStack *detail_stack = gov_window_get_detail_stack (fixture->window);

  resize (fixture->window, 360, 640);
  /* Folding animates; the panes settle when it ends. */
  g_assert_true (wait_until (is_unmapped, detail_stack));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_stack)));
  ui_screenshot (GTK_WIDGET (fixture->window), "window-360.png");

  /* Back goes to the sidebar; picking a view comes back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-view", "s", GOV_VIEW_IN_TRANSIT));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (shows_title (fixture->window, "In Transit", NULL));

  /* The dashboard fills the window on its own. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                              "win.show-view", "s", GOV_VIEW_DASHBOARD);
  g_assert_true (wait_until (is_unmapped, list_stack));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (detail_stack)));
  ui_screenshot (GTK_WIDGET (fixture->window), "window-360-dashboard.png");

  resize (fixture->window, 800, 600);
  ui_screenshot (GTK_WIDGET (fixture->window), "window-800-dashboard.png");
  gov_window_set_view (fixture->window, GOV_VIEW_OVERDUE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_stack)));
  ui_screenshot (GTK_WIDGET (fixture->window), "window-800.png");

  resize (fixture->window, 1024, 600);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list_stack)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (detail_stack)));
  ui_screenshot (GTK_WIDGET (fixture->window), "window-1024.png");
}

static void
test_window_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (adw_style_manager_get_dark (style));
  ui_screenshot (GTK_WIDGET (fixture->window), "window-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_window_lock (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *page = adw_status_page_new ();

  gov_window_set_lock_page (fixture->window, page);
  gov_window_set_locked (fixture->window, TRUE);
  g_assert_true (gov_window_get_locked (fixture->window));
  g_assert_true (wait_until (is_unmapped, gov_window_get_list_stack (fixture->window)));
  g_assert_true (gtk_widget_get_mapped (page));

  /* Views cannot be switched behind the lock. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                              "win.show-view", "s", GOV_VIEW_TEAM) &&
                  g_strcmp0 (gov_window_get_view (fixture->window), GOV_VIEW_TEAM) == 0);

  gov_window_set_locked (fixture->window, FALSE);
  g_assert_true (wait_until (is_unmapped, page));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gov_window_get_list_stack (fixture->window))));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Leaflet and stack transitions finish at once, so states and screenshots
   * never catch a pane half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  application = gov_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);

#define ADD(path, func) g_test_add (path, Fixture, NULL, set_up, func, tear_down)
  ADD ("/ui/window/initial", test_window_initial);
  ADD ("/ui/window/show-view", test_window_show_view);
  ADD ("/ui/window/counts", test_window_counts);
  ADD ("/ui/window/last-view", test_window_last_view);
  ADD ("/ui/window/size", test_window_size);
  ADD ("/ui/window/dashboard", test_window_dashboard);
  ADD ("/ui/window/narrow", test_window_narrow);
  ADD ("/ui/window/dark", test_window_dark);
  ADD ("/ui/window/lock", test_window_lock);
#undef ADD

  status = g_test_run ();
  g_clear_object (&application);

  return status;
}
