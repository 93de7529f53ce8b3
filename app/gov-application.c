/* gov-application.c: the GUI application, its actions and options.
 *
 * Copyright 2026 The GovServ authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-application.h"
#include "gov-a11y.h"
#include "gov-case-controller.h"
#include "gov-preferences-security.h"
#include "gov-preferences-window.h"
#include "gov-setup-page.h"
#include "gov-keyring.h"
#include "gov-unlock-page.h"
#include "gov-window.h"

/* How often the idle time is checked for the automatic lock. */
#define IDLE_CHECK_SECONDS 15

struct _GovApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *replica_dir;
  char           *passphrase_file;
  GovReplica     *replica;
  gint64          last_activity;
  guint           idle_check_id;
};

G_DEFINE_FINAL_TYPE (GovApplication, gov_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_REPLICA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_unlock_page (GovApplication *self,
                              GovWindow      *window);

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
set_lock_enabled (GovApplication *self,
                  gboolean        enabled)
{
  GAction *lock = g_action_map_lookup_action (G_ACTION_MAP (self), "lock");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (lock), enabled);
}

/* Closes the replica and covers every window with the unlock page. Those
 * holding the replica hear about it first, through notify::replica. */
static void
lock (GovApplication *self)
{
  g_autoptr(GovReplica) replica = g_steal_pointer (&self->replica);

  if (replica == NULL)
    return;

  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  set_lock_enabled (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICA]);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (GOV_IS_WINDOW (l->data))
      show_unlock_page (self, l->data);
}

static void
lock_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  lock (GOV_APPLICATION (user_data));
}

static gboolean
idle_check_cb (gpointer user_data)
{
  GovApplication *self = user_data;
  guint minutes = g_settings_get_uint (self->settings, "lock-after-minutes");

  if (minutes > 0 &&
      g_get_monotonic_time () - self->last_activity >= (gint64) minutes * 60 * G_USEC_PER_SEC)
    {
      self->idle_check_id = 0;
      lock (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Any input in a window counts as use; the event goes on unchanged. */
static gboolean
window_event_cb (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 GovApplication           *self)
{
  self->last_activity = g_get_monotonic_time ();
  return GDK_EVENT_PROPAGATE;
}

static void
take_replica (GovApplication *self,
              GovReplica     *replica,
              GovWindow      *window)
{
  g_clear_pointer (&self->replica, gov_replica_close);
  self->replica = replica;
  self->last_activity = g_get_monotonic_time ();
  if (self->idle_check_id == 0)
    self->idle_check_id = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);

  set_lock_enabled (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPLICA]);
  gov_window_set_locked (window, FALSE);
}

static void
unlocked_cb (GtkWidget  *page,
             GovReplica *replica,
             gpointer    user_data)
{
  GovApplication *self = user_data;

  take_replica (self, replica, GOV_WINDOW (gtk_widget_get_root (page)));
}

typedef struct
{
  GovApplication *self;
  GovWindow      *window;
} PageSwap;

static gboolean
swap_in_unlock_page_cb (gpointer user_data)
{
  PageSwap *swap = user_data;

  show_unlock_page (swap->self, swap->window);
  g_object_unref (swap->self);
  g_object_unref (swap->window);
  g_free (swap);

  return G_SOURCE_REMOVE;
}

/* After the first run the window gets the ordinary unlock page for the
 * next lock; the setup page is replaced once its signal is over. */
static void
created_cb (GtkWidget  *page,
            GovReplica *replica,
            gpointer    user_data)
{
  GovApplication *self = user_data;
  GovWindow *window = GOV_WINDOW (gtk_widget_get_root (page));
  PageSwap *swap = g_new0 (PageSwap, 1);

  take_replica (self, replica, window);
  swap->self = g_object_ref (self);
  swap->window = g_object_ref (window);
  g_idle_add (swap_in_unlock_page_cb, swap);
}

static void
show_unlock_page (GovApplication *self,
                  GovWindow      *window)
{
  GtkWidget *page = gov_unlock_page_new (self->replica_dir);

  g_signal_connect_object (page, "unlocked", G_CALLBACK (unlocked_cb), self, 0);
  gov_window_set_lock_page (window, page);
  gov_window_set_locked (window, self->replica == NULL);
  if (self->replica == NULL)
    gov_unlock_page_reset (GOV_UNLOCK_PAGE (page));
}

static void
show_setup_page (GovApplication *self,
                 GovWindow      *window)
{
  GtkWidget *page = gov_setup_page_new (self->replica_dir);

  g_signal_connect_object (page, "created", G_CALLBACK (created_cb), self, 0);
  gov_window_set_lock_page (window, page);
  gov_window_set_locked (window, TRUE);
}

/* A replica folder that is missing or empty means this is the first run. */
static gboolean
replica_exists (const char *dir)
{
  g_autoptr(GDir) contents = g_dir_open (dir, 0, NULL);

  return contents != NULL && g_dir_read_name (contents) != NULL;
}

/* --passphrase-file: the first line of the file, in locked memory. */
static char *
read_passphrase_file (const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  size_t line;
  char *passphrase;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  line = strcspn (contents, "\r\n");
  passphrase = sodium_malloc (line + 1);
  g_assert (passphrase != NULL);
  memcpy (passphrase, contents, line);
  passphrase[line] = '\0';
  sodium_memzero (contents, length);

  return passphrase;
}

static void
unlock_from_file (GovApplication *self,
                  GovWindow      *window)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page = gov_window_get_lock_page (window);
  char *passphrase = read_passphrase_file (self->passphrase_file, &error);

  if (passphrase == NULL)
    {
      g_autoptr(AdwToast) toast = NULL;
      g_autofree char *message = g_strdup_printf (_("Could not read the passphrase file: %s"),
                                                  error->message);

      toast = adw_toast_new (message);
      gov_window_add_toast (window, g_steal_pointer (&toast));
      return;
    }

  gov_unlock_page_unlock (GOV_UNLOCK_PAGE (page), passphrase);
  sodium_free (passphrase);
}

static void
prepare_window (GovApplication *self,
                GovWindow      *window)
{
  GtkEventController *activity = gtk_event_controller_legacy_new ();

  gtk_event_controller_set_propagation_phase (activity, GTK_PHASE_CAPTURE);
  g_signal_connect (activity, "event", G_CALLBACK (window_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (window), activity);

  if (self->replica != NULL)
    show_unlock_page (self, window);
  else if (!replica_exists (self->replica_dir))
    show_setup_page (self, window);
  else
    {
      show_unlock_page (self, window);
      if (self->passphrase_file != NULL)
        unlock_from_file (self, window);
      else if (gov_keyring_has_slot (self->replica_dir))
        gov_unlock_page_unlock_with_keyring (GOV_UNLOCK_PAGE (gov_window_get_lock_page (window)));
    }
}

/* Brings the window up for a notification's action. */
static GovWindow *
present_window (GovApplication *self)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = get_main_window (self);
  return window != NULL && GOV_IS_WINDOW (window) ? GOV_WINDOW (window) : NULL;
}

/* "Handover Offered by …": open that case. */
static void
open_case_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GovWindow *window = present_window (GOV_APPLICATION (user_data));

  if (window != NULL)
    gov_case_controller_open_case (window, g_variant_get_string (parameter, NULL));
}

/* The summary notification: the In Transit view. */
static void
show_view_action_cb (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GovWindow *window = present_window (GOV_APPLICATION (user_data));

  if (window != NULL)
    gov_window_set_view (window, g_variant_get_string (parameter, NULL));
}

static const GActionEntry app_entries[] = {
  { "preferences", preferences_action_cb },
  { "shortcuts", shortcuts_action_cb },
  { "help", help_action_cb },
  { "about", about_action_cb },
  { "quit", quit_action_cb },
  { "lock", lock_action_cb },
  { "open-case", open_case_action_cb, "s" },
  { "show-view", show_view_action_cb, "s" },
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
  gov_a11y_install ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  /* Locking needs an open replica; unlocking enables it. */
  set_lock_enabled (self, FALSE);
  gov_preferences_window_add_page_func (gov_preferences_security_new);

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
    {
      window = GTK_WINDOW (gov_window_new (GTK_APPLICATION (self)));
      gov_case_controller_install (GOV_WINDOW (window));
      prepare_window (self, GOV_WINDOW (window));
    }

  gtk_window_present (window);
}

static void
gov_application_shutdown (GApplication *application)
{
  GovApplication *self = GOV_APPLICATION (application);

  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  g_clear_pointer (&self->replica, gov_replica_close);

  G_APPLICATION_CLASS (gov_application_parent_class)->shutdown (application);
}

static void
gov_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GovApplication *self = GOV_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_REPLICA:
      g_value_set_pointer (value, self->replica);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gov_application_finalize (GObject *object)
{
  GovApplication *self = GOV_APPLICATION (object);

  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  g_clear_pointer (&self->replica, gov_replica_close);
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
  object_class->get_property = gov_application_get_property;
  app_class->shutdown = gov_application_shutdown;
  app_class->handle_local_options = gov_application_handle_local_options;
  app_class->startup = gov_application_startup;
  app_class->activate = gov_application_activate;

  /**
   * GovApplication:replica: (type gpointer)
   *
   * The open GovReplica, or %NULL while locked. Drop every use of the old
   * value when it changes: on locking it is closed right after the notify.
   */
  properties[PROP_REPLICA] =
    g_param_spec_pointer ("replica", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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

/**
 * gov_application_get_replica:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the open replica, %NULL while locked
 */
GovReplica *
gov_application_get_replica (GovApplication *self)
{
  g_return_val_if_fail (GOV_IS_APPLICATION (self), NULL);

  return self->replica;
}

const char *
gov_application_get_passphrase_file (GovApplication *self)
{
  g_return_val_if_fail (GOV_IS_APPLICATION (self), NULL);

  return self->passphrase_file;
}
