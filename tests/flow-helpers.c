/* flow-helpers.c: drive the real govserv binary over AT-SPI.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <gio/gio.h>

#include "flow-helpers.h"

/* Generous: key derivation (Argon2id, 256 MiB) on a busy machine is slow. */
#define WAIT_USEC (40 * G_USEC_PER_SEC)
#define POLL_USEC (100 * 1000)

/* Keycodes of the standard X keymap that Xvfb starts with. */
#define KEYCODE_CONTROL_L 37
#define KEYCODE_SHIFT_L   50

/* Lets libatspi handle the events that keep its cache current. */
static void
pause_briefly (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (POLL_USEC);
}

static gboolean
is_descendant (AtspiAccessible *accessible,
               AtspiAccessible *ancestor)
{
  g_autoptr(AtspiAccessible) item = g_object_ref (accessible);

  for (int depth = 0; item != NULL && depth < 64; depth++)
    {
      AtspiAccessible *parent;

      if (item == ancestor)
        return TRUE;

      parent = atspi_accessible_get_parent (item, NULL);
      g_set_object (&item, parent);
      g_clear_object (&parent);
    }

  return FALSE;
}

static AtspiAccessible *
window_of (AtspiAccessible *accessible)
{
  g_autoptr(AtspiAccessible) item = g_object_ref (accessible);

  for (int depth = 0; item != NULL && depth < 64; depth++)
    {
      g_autoptr(AtspiAccessible) parent = atspi_accessible_get_parent (item, NULL);

      if (parent != NULL && atspi_accessible_get_role (parent, NULL) == ATSPI_ROLE_APPLICATION)
        return g_steal_pointer (&item);

      g_set_object (&item, parent);
    }

  return NULL;
}

static gboolean
hits (AtspiAccessible *window,
      AtspiAccessible *accessible,
      int              x,
      int              y)
{
  g_autoptr(AtspiAccessible) hit = NULL;

  hit = atspi_component_get_accessible_at_point (ATSPI_COMPONENT (window), x, y,
                                                 ATSPI_COORD_TYPE_WINDOW, NULL);

  return hit != NULL && is_descendant (hit, accessible);
}

/* GTK 4.8 reports no SHOWING state, and a hidden pane keeps its last
 * allocation, so extents alone can lie: hit-test points of the widget and
 * check that the window answers with the widget or one of its children.
 * GTK answers nothing where the topmost widget is not exported (the icon
 * inside a button), so a few points are tried, near the edges too. */
gboolean
flow_is_on_screen (AtspiAccessible *accessible)
{
  g_autoptr(AtspiAccessible) window = NULL;
  g_autofree AtspiRect *rect = NULL;
  int xs[3], ys[3];

  if (!ATSPI_IS_COMPONENT (accessible))
    return FALSE;

  rect = atspi_component_get_extents (ATSPI_COMPONENT (accessible), ATSPI_COORD_TYPE_WINDOW, NULL);
  if (rect == NULL || rect->width <= 0 || rect->height <= 0)
    return FALSE;

  window = window_of (accessible);
  if (window == NULL || !ATSPI_IS_COMPONENT (window))
    return FALSE;

  xs[0] = rect->x + rect->width / 2;
  xs[1] = rect->x + MIN (2, rect->width - 1);
  xs[2] = rect->x + MAX (rect->width - 3, 0);
  ys[0] = rect->y + rect->height / 2;
  ys[1] = rect->y + MIN (2, rect->height - 1);
  ys[2] = rect->y + MAX (rect->height - 3, 0);

  for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
    for (guint j = 0; j < G_N_ELEMENTS (ys); j++)
      if (hits (window, accessible, xs[i], ys[j]))
        return TRUE;

  return FALSE;
}

static AtspiAccessible *
find_now (AtspiAccessible *root,
          const char      *role,
          const char      *name,
          gboolean         on_screen,
          int              depth)
{
  g_autofree char *item_role = atspi_accessible_get_role_name (root, NULL);
  g_autofree char *item_name = atspi_accessible_get_name (root, NULL);
  int n_children;

  if (g_strcmp0 (item_role, role) == 0 && item_name != NULL && strstr (item_name, name) &&
      (!on_screen || flow_is_on_screen (root)))
    return g_object_ref (root);

  if (depth > 48)
    return NULL;

  n_children = atspi_accessible_get_child_count (root, NULL);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (root, i, NULL);
      AtspiAccessible *found;

      if (child == NULL)
        continue;

      found = find_now (child, role, name, on_screen, depth + 1);
      if (found != NULL)
        return found;
    }

  return NULL;
}

AtspiAccessible *
flow_find (AtspiAccessible *root,
           const char      *role,
           const char      *name,
           gboolean         on_screen)
{
  gint64 end = g_get_monotonic_time () + WAIT_USEC / 2;

  do
    {
      AtspiAccessible *found = find_now (root, role, name, on_screen, 0);

      if (found != NULL)
        return found;

      pause_briefly ();
    }
  while (g_get_monotonic_time () < end);

  return NULL;
}

/* Prefers a match that is on screen, but takes a hidden one once a visible
 * one has had two seconds to appear: some widgets (dialog contents, stack
 * pages) never report an extent, and waiting out the whole timeout for
 * each of them made a flow take minutes. */
AtspiAccessible *
flow_find_preferring_screen (AtspiAccessible *root,
                             const char      *role,
                             const char      *name)
{
  gint64 start = g_get_monotonic_time ();
  gint64 end = start + WAIT_USEC / 2;

  do
    {
      AtspiAccessible *found = find_now (root, role, name, TRUE, 0);

      if (found == NULL && g_get_monotonic_time () - start > 2 * G_USEC_PER_SEC)
        found = find_now (root, role, name, FALSE, 0);
      if (found != NULL)
        return found;

      pause_briefly ();
    }
  while (g_get_monotonic_time () < end);

  return NULL;
}

gboolean
flow_wait_gone (AtspiAccessible *root,
                const char      *role,
                const char      *name)
{
  gint64 end = g_get_monotonic_time () + WAIT_USEC / 2;

  do
    {
      g_autoptr(AtspiAccessible) found = find_now (root, role, name, TRUE, 0);

      if (found == NULL)
        return TRUE;

      pause_briefly ();
    }
  while (g_get_monotonic_time () < end);

  return FALSE;
}

static AtspiAccessible *
find_app (GPid pid)
{
  g_autoptr(AtspiAccessible) desktop = atspi_get_desktop (0);
  int n_apps = atspi_accessible_get_child_count (desktop, NULL);

  for (int i = 0; i < n_apps; i++)
    {
      g_autoptr(AtspiAccessible) app = atspi_accessible_get_child_at_index (desktop, i, NULL);

      if (app != NULL && atspi_accessible_get_process_id (app, NULL) == (guint) pid)
        return g_steal_pointer (&app);
    }

  return NULL;
}

/* dbus-run-session starts outside xvfb-run, so services it activates (the
 * accessibility registry, which synthesises keys and pointer moves) would
 * not know the display: hand it over before anything is activated. */
void
flow_init (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder env;
  const char *names[] = { "DISPLAY", "XAUTHORITY" };

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  g_variant_builder_init (&env, G_VARIANT_TYPE ("a{ss}"));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_getenv (names[i]) != NULL)
      g_variant_builder_add (&env, "{ss}", names[i], g_getenv (names[i]));

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "UpdateActivationEnvironment",
                                       g_variant_new ("(a{ss})", &env), NULL,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  atspi_init ();
}

/* A test that fails or times out never reaches its tear-down: the app must
 * not outlive it, or it keeps the test's output pipe open and meson waits
 * for it forever. Runs in the child between fork and exec. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

FlowApp *
flow_app_start (const char * const *args,
                const char * const *env)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *govserv = g_getenv ("GOVSERV");
  FlowApp *app = g_new0 (FlowApp, 1);
  gint64 end;

  g_assert_nonnull (govserv);
  g_ptr_array_add (argv, (char *) govserv);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* The app runs with the accessibility bridge on, and its warnings are
   * shown but not fatal: criticals still abort it. */
  envp = g_environ_setenv (envp, "GTK_A11Y", "atspi", TRUE);
  envp = g_environ_unsetenv (envp, "NO_AT_BRIDGE");
  envp = g_environ_setenv (envp, "G_DEBUG", "fatal-criticals", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }

  g_spawn_async (NULL, (char **) argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                 die_with_parent, NULL, &app->pid, &error);
  g_assert_no_error (error);

  end = g_get_monotonic_time () + WAIT_USEC;
  while (app->window == NULL && g_get_monotonic_time () < end)
    {
      g_clear_object (&app->app);
      app->app = find_app (app->pid);
      if (app->app != NULL && atspi_accessible_get_child_count (app->app, NULL) > 0)
        app->window = atspi_accessible_get_child_at_index (app->app, 0, NULL);
      else
        pause_briefly ();
    }

  g_assert_nonnull (app->window);
  g_test_message ("govserv is running as process %d", app->pid);

  return app;
}

AtspiAccessible *
flow_find_window (FlowApp    *app,
                  const char *title)
{
  gint64 end = g_get_monotonic_time () + WAIT_USEC / 2;

  do
    {
      int n_windows = atspi_accessible_get_child_count (app->app, NULL);

      for (int i = 0; i < n_windows; i++)
        {
          g_autoptr(AtspiAccessible) window = atspi_accessible_get_child_at_index (app->app, i,
                                                                                   NULL);
          g_autofree char *name = window ? atspi_accessible_get_name (window, NULL) : NULL;

          if (name != NULL && strstr (name, title) != NULL)
            return g_steal_pointer (&window);
        }

      pause_briefly ();
    }
  while (g_get_monotonic_time () < end);

  return NULL;
}

void
flow_app_stop (FlowApp *app)
{
  int status;

  if (app == NULL)
    return;

  kill (app->pid, SIGTERM);
  waitpid (app->pid, &status, 0);
  g_spawn_close_pid (app->pid);
  g_clear_object (&app->window);
  g_clear_object (&app->app);
  g_free (app);
}

void
flow_select (AtspiAccessible *list,
             const char      *name)
{
  g_autoptr(AtspiSelection) selection = atspi_accessible_get_selection_iface (list);
  g_autoptr(GError) error = NULL;
  int n_children = atspi_accessible_get_child_count (list, NULL);

  g_assert_nonnull (selection);
  for (int i = 0; i < n_children; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (list, i, NULL);
      g_autofree char *child_name = atspi_accessible_get_name (child, NULL);

      if (g_strcmp0 (child_name, name) == 0)
        {
          g_assert_true (atspi_selection_select_child (selection, i, &error));
          g_assert_no_error (error);
          return;
        }
    }

  g_error ("No item “%s” to select", name);
}

void
flow_click (AtspiAccessible *accessible)
{
  g_autoptr(AtspiAction) action = atspi_accessible_get_action_iface (accessible);
  g_autoptr(GError) error = NULL;
  int n_actions;

  g_assert_nonnull (action);
  n_actions = atspi_action_get_n_actions (action, NULL);
  for (int i = 0; i < n_actions; i++)
    {
      g_autofree char *name = atspi_action_get_action_name (action, i, NULL);

      if (g_strcmp0 (name, "click") == 0 || g_strcmp0 (name, "activate") == 0)
        {
          atspi_action_do_action (action, i, &error);
          g_assert_no_error (error);
          return;
        }
    }

  g_error ("The accessible has no click action");
}

void
flow_type (const char *text)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (0, text, ATSPI_KEY_STRING, &error);
  g_assert_no_error (error);
  pause_briefly ();
}

static void
point_at (FlowApp *app)
{
  g_autofree AtspiRect *rect = NULL;

  rect = atspi_component_get_extents (ATSPI_COMPONENT (app->window), ATSPI_COORD_TYPE_WINDOW,
                                      NULL);
  g_assert_nonnull (rect);
  /* Xvfb has no window manager: the window sits at the origin and the X
   * focus follows the pointer. */
  atspi_generate_mouse_event (rect->width / 2, rect->height / 2, "abs", NULL);
}

static void
key (glong           keycode,
     AtspiKeySynthType type)
{
  g_autoptr(GError) error = NULL;

  atspi_generate_keyboard_event (keycode, NULL, type, &error);
  g_assert_no_error (error);
}

void
flow_press_control (FlowApp  *app,
                    guint     keysym,
                    gboolean  shift)
{
  point_at (app);
  key (KEYCODE_CONTROL_L, ATSPI_KEY_PRESS);
  if (shift)
    key (KEYCODE_SHIFT_L, ATSPI_KEY_PRESS);
  key (keysym, ATSPI_KEY_SYM);
  if (shift)
    key (KEYCODE_SHIFT_L, ATSPI_KEY_RELEASE);
  key (KEYCODE_CONTROL_L, ATSPI_KEY_RELEASE);
  pause_briefly ();
}

void
flow_press (FlowApp *app,
            guint    keysym)
{
  point_at (app);
  key (keysym, ATSPI_KEY_SYM);
  pause_briefly ();
}

void
flow_screenshot (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "import", "-window", "root", path, NULL };
  int status;

  /* Let the last change reach the screen first. */
  g_usleep (300 * 1000);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("Screenshot: %s", path);
}

void
flow_set_text (AtspiAccessible *editable,
               const char      *text)
{
  AtspiEditableText *iface = atspi_accessible_get_editable_text_iface (editable);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (iface);
  atspi_editable_text_set_text_contents (iface, text, &error);
  g_assert_no_error (error);
  g_object_unref (iface);
  pause_briefly ();
}

gboolean
flow_is_sensitive (AtspiAccessible *accessible)
{
  g_autoptr(AtspiStateSet) states = atspi_accessible_get_state_set (accessible);

  return atspi_state_set_contains (states, ATSPI_STATE_SENSITIVE);
}

void
flow_init_replica (const char *dir,
                   const char *passphrase_file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("GOVSERV"), "--replica", dir, "--passphrase-file",
                         passphrase_file, "init", "--interactive-kdf", "--office", "Harbour Office",
                         "--code", "HRB",
                         NULL };
  int status;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("govserv init failed: %s", err);
}

char *
flow_write_passphrase (const char *dir,
                       const char *passphrase)
{
  g_autofree char *text = g_strconcat (passphrase, "\n", NULL);
  char *path = g_build_filename (dir, "passphrase", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  return path;
}

/**
 * flow_click_with_pointer:
 * @accessible: something on screen
 * @control: hold Ctrl while clicking
 *
 * Clicks the middle of @accessible with the pointer, as a person clicks a
 * list row (AT-SPI's own "click" action selects rows differently).
 */
void
flow_click_with_pointer (AtspiAccessible *accessible,
                         gboolean         control)
{
  g_autofree AtspiRect *rect = atspi_component_get_extents (ATSPI_COMPONENT (accessible),
                                                            ATSPI_COORD_TYPE_SCREEN, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (rect);
  if (control)
    key (KEYCODE_CONTROL_L, ATSPI_KEY_PRESS);
  atspi_generate_mouse_event (rect->x + rect->width / 2, rect->y + rect->height / 2, "b1c",
                              &error);
  if (control)
    key (KEYCODE_CONTROL_L, ATSPI_KEY_RELEASE);
  g_assert_no_error (error);
  g_usleep (400 * 1000);
}

/**
 * flow_govserv:
 * @replica: the replica folder
 * @passphrase_file: its passphrase file
 * @...: the verb and its arguments, then %NULL
 *
 * Runs `$GOVSERV --replica … --passphrase-file … ARGS…`, failing the test
 * when it fails.
 *
 * Returns: (transfer full): its standard output
 */
char *
flow_govserv (const char *replica,
              const char *passphrase_file,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;
  va_list ap;

  g_ptr_array_add (argv, (char *) g_getenv ("GOVSERV"));
  g_ptr_array_add (argv, "--replica");
  g_ptr_array_add (argv, (char *) replica);
  g_ptr_array_add (argv, "--passphrase-file");
  g_ptr_array_add (argv, (char *) passphrase_file);
  va_start (ap, passphrase_file);
  for (char *a = va_arg (ap, char *); a != NULL; a = va_arg (ap, char *))
    g_ptr_array_add (argv, a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("govserv %s failed: %s", (char *) argv->pdata[5], err);
  return out;
}

/**
 * flow_dump:
 * @a: an accessible
 * @depth: its depth, 0 at the top
 *
 * Prints the tree below @a (role “name”), for a failing flow run with
 * FLOW_DUMP set.
 */
void
flow_dump (AtspiAccessible *a,
           int              depth)
{
  g_autofree char *role = atspi_accessible_get_role_name (a, NULL);
  g_autofree char *name = atspi_accessible_get_name (a, NULL);
  int n = atspi_accessible_get_child_count (a, NULL);

  g_printerr ("%*s%s “%s”\n", depth * 2, "", role, name);
  for (int i = 0; i < n && depth < 30; i++)
    {
      g_autoptr(AtspiAccessible) child = atspi_accessible_get_child_at_index (a, i, NULL);

      if (child != NULL)
        flow_dump (child, depth + 1);
    }
}
