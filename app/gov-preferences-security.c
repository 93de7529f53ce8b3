/* gov-preferences-security.c: the Security page of the preferences.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-preferences-security.h"

struct _GovPreferencesSecurity
{
  AdwPreferencesPage  parent_instance;

  GSettings          *settings;

  /* Template children */
  AdwComboRow        *lock_after_row;
};

G_DEFINE_FINAL_TYPE (GovPreferencesSecurity, gov_preferences_security,
                     ADW_TYPE_PREFERENCES_PAGE)

/* The choices of "Lock After", in row order; 0 is "Never". */
static const guint lock_minutes[] = { 5, 15, 30, 60, 0 };
#define DEFAULT_CHOICE 1

static gboolean
get_lock_after (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  guint minutes = g_variant_get_uint32 (variant);

  for (guint i = 0; i < G_N_ELEMENTS (lock_minutes); i++)
    if (lock_minutes[i] == minutes)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  /* A value set elsewhere (gsettings) shows as the default choice. */
  g_value_set_uint (value, DEFAULT_CHOICE);
  return TRUE;
}

static GVariant *
set_lock_after (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (lock_minutes))
    return NULL;

  return g_variant_new_uint32 (lock_minutes[selected]);
}

static void
gov_preferences_security_finalize (GObject *object)
{
  GovPreferencesSecurity *self = GOV_PREFERENCES_SECURITY (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gov_preferences_security_parent_class)->finalize (object);
}

static void
gov_preferences_security_class_init (GovPreferencesSecurityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gov_preferences_security_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/govserv/GovServ/ui/gov-preferences-security.ui");
  gtk_widget_class_bind_template_child (widget_class, GovPreferencesSecurity, lock_after_row);
}

static void
gov_preferences_security_init (GovPreferencesSecurity *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind_with_mapping (self->settings, "lock-after-minutes",
                                self->lock_after_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                get_lock_after, set_lock_after, NULL, NULL);
}

AdwPreferencesPage *
gov_preferences_security_new (GovPreferencesWindow *window)
{
  return g_object_new (GOV_TYPE_PREFERENCES_SECURITY, NULL);
}
