/* gov-preferences-window.c: the preferences window (Ctrl+,).
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-preferences-calendars.h"
#include "gov-preferences-window.h"

struct _GovPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template children */
  AdwComboRow          *color_scheme_row;
};

G_DEFINE_FINAL_TYPE (GovPreferencesWindow, gov_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Page builders registered by other parts; see gov_preferences_window_add_page_func(). */
static GPtrArray *page_funcs;

/* The combo row lists the "color-scheme" enum nicks in schema order. */
static gboolean
get_color_scheme (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  static const char *nicks[] = { "default", "light", "dark" };
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (nicks); i++)
    if (g_str_equal (nick, nicks[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
set_color_scheme (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  static const char *nicks[] = { "default", "light", "dark" };
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (nicks))
    return NULL;

  return g_variant_new_string (nicks[selected]);
}

static void
gov_preferences_window_finalize (GObject *object)
{
  GovPreferencesWindow *self = GOV_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gov_preferences_window_parent_class)->finalize (object);
}

static void
gov_preferences_window_class_init (GovPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gov_preferences_window_finalize;

  /* Calendars comes after the pages registered at startup (Security). */
  gov_preferences_window_add_page_func (gov_preferences_calendars_new);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesWindow, color_scheme_row);
}

static void
gov_preferences_window_init (GovPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->color_scheme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                get_color_scheme, set_color_scheme, NULL, NULL);

  for (guint i = 0; page_funcs != NULL && i < page_funcs->len; i++)
    {
      GovPreferencesPageFunc func = (GovPreferencesPageFunc) g_ptr_array_index (page_funcs, i);

      adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), func (self));
    }
}

/**
 * gov_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new preferences window, owned by GTK until closed
 */
GovPreferencesWindow *
gov_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  /* Belonging to the application gives its pages the app.* actions
   * (Security → Lock Now is app.lock). */
  return g_object_new (GOV_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       "application", parent != NULL ? gtk_window_get_application (parent)
                                                     : NULL,
                       NULL);
}

void
gov_preferences_window_add_page_func (GovPreferencesPageFunc func)
{
  g_return_if_fail (func != NULL);

  if (page_funcs == NULL)
    page_funcs = g_ptr_array_new ();

  g_ptr_array_add (page_funcs, (gpointer) func);
}
