/* ui-util.h: helpers for in-process widget tests under xvfb (header-only):
 * waiting on the main loop, finding widgets, PNG screenshots. */
#pragma once

#include <adwaita.h>

static inline gboolean
ui_wait_until (gboolean (*done) (gpointer data),
               gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

/* Lets pending idle work and redraws run for about @ms milliseconds. */
static inline void
ui_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The first widget below @root (depth first, @root included) for which
 * @match returns TRUE. */
static inline GtkWidget *
ui_find (GtkWidget  *root,
         gboolean  (*match) (GtkWidget *widget, gconstpointer data),
         gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = ui_find (c, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static inline gboolean
ui_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static inline gboolean
ui_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

static inline void
ui_set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

static inline gboolean
ui_is_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Renders @widget, as drawn on screen, into G_TEST_BUILT/@name. */
static inline void
ui_screenshot (GtkWidget  *widget,
               const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkPaintable) image = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gboolean updated = FALSE;
  gulong handler;

  handler = g_signal_connect_swapped (paintable, "invalidate-contents",
                                      G_CALLBACK (ui_set_flag_cb), &updated);
  gtk_widget_queue_draw (widget);
  g_assert_true (ui_wait_until (ui_is_set, &updated));
  g_signal_handler_disconnect (paintable, handler);
  image = gdk_paintable_get_current_image (paintable);
  gdk_paintable_snapshot (image, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}
