/* gov-application.c: the GUI application, its actions and options.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "gov-application.h"
#include "gov-preferences-window.h"
#include "gov-window.h"

struct _GovApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *replica_dir;
  char           *passphrase_file;
};

G_DEFINE_FINAL_TYPE (GovApplication, gov_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "replica", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the replica in DIR"), N_("DIR") },
  { "passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Unlock with the passphrase in the first line of FILE"), N_("FILE") },
  { NULL }
};

static GtkWindow *
get_main_window (GovApplication *self)
{
  return gtk_application_get_active_window (GTK_APPLICATION (self));
}

static void
apply_color_scheme (GovApplication *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint scheme = g_settings_get_enum (self->settings, "color-scheme");

  g_assert (scheme < G_N_ELEMENTS (schemes));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[scheme]);
}

static void
color_scheme_changed_cb (GovApplication *self)
{
  apply_color_scheme (self);
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GovApplication *self = user_data;
  GovPreferencesWindow *preferences = gov_preferences_window_new (get_main_window (self));

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GovApplication *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource ("/org/govserv/GovServ/ui/gov-shortcuts.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, get_main_window (self));
  gtk_window_present (window);
}

static void
help_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GovApplication *self = user_data;

  gtk_show_uri (get_main_window (self), "help:govserv", GDK_CURRENT_TIME);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GovApplication *self = user_data;
  static const char *developers[] = { "The GovServ authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", get_main_window (self),
                        "application-name", _("GovServ"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The GovServ authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Handle citizens' cases across offices, "
                                      "with or without a network."),
                        "copyright", "© 2026 The GovServ authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* Closes every window first so each saves its size, then quits. */
static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GovApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static void
lock_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GovApplication *self = user_data;
  GtkWindow *window = get_main_window (self);

  if (GOV_IS_WINDOW (window))
    gov_window_set_locked (GOV_WINDOW (window), TRUE);
}

static const GActionEntry app_entries[] = {
  { "preferences", preferences_action_cb },
  { "shortcuts", shortcuts_action_cb },
  { "help", help_action_cb },
  { "about", about_action_cb },
  { "quit", quit_action_cb },
  { "lock", lock_action_cb },
};

static int
gov_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  GovApplication *self = GOV_APPLICATION (application);
  g_autofree char *replica = NULL;
  g_autofree char *passphrase_file = NULL;

  if (g_variant_dict_lookup (options, "replica", "^ay", &replica))
    {
      g_free (self->replica_dir);
      self->replica_dir = g_steal_pointer (&replica);
    }

  if (g_variant_dict_lookup (options, "passphrase-file", "^ay", &passphrase_file))
    {
      g_free (self->passphrase_file);
      self->passphrase_file = g_steal_pointer (&passphrase_file);
    }

  /* Carry on with the default handling (activation). */
  return -1;
}

static void
gov_application_startup (GApplication *application)
{
  GovApplication *self = GOV_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.help", { "F1", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.lock", { "<Shift><Control>l", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (gov_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  /* Locking needs an unlocked vault; the unlock flow enables it. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self),
                                                                            "lock")),
                               FALSE);

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (color_scheme_changed_cb), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
}

static void
gov_application_activate (GApplication *application)
{
  GovApplication *self = GOV_APPLICATION (application);
  GtkWindow *window = get_main_window (self);

  if (window == NULL)
    window = GTK_WINDOW (gov_window_new (GTK_APPLICATION (self)));

  gtk_window_present (window);
}

static void
gov_application_finalize (GObject *object)
{
  GovApplication *self = GOV_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->replica_dir, g_free);
  g_clear_pointer (&self->passphrase_file, g_free);

  G_OBJECT_CLASS (gov_application_parent_class)->finalize (object);
}

static void
gov_application_class_init (GovApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = gov_application_finalize;
  app_class->handle_local_options = gov_application_handle_local_options;
  app_class->startup = gov_application_startup;
  app_class->activate = gov_application_activate;
}

static void
gov_application_init (GovApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  self->replica_dir = g_build_filename (g_get_user_data_dir (), "govserv", NULL);
}

/**
 * gov_application_new:
 *
 * Returns: (transfer full): the GovServ application
 */
GovApplication *
gov_application_new (void)
{
  /* The resource path is fixed, while the id gains ".Devel" in development
   * builds: set it explicitly so both find the same resources. */
  return g_object_new (GOV_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/org/govserv/GovServ",
                       NULL);
}

const char *
gov_application_get_replica_dir (GovApplication *self)
{
  g_return_val_if_fail (GOV_IS_APPLICATION (self), NULL);

  return self->replica_dir;
}

const char *
gov_application_get_passphrase_file (GovApplication *self)
{
  g_return_val_if_fail (GOV_IS_APPLICATION (self), NULL);

  return self->passphrase_file;
}
