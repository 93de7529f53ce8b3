/* flow-helpers.h: drive the real govserv binary over AT-SPI.
 *
 * Whole-application tests run as `dbus-run-session -- xvfb-run -a TEST`, so
 * each has its own session bus, accessibility bus and X display. The app is
 * started with GTK_A11Y=atspi and found on the AT-SPI desktop by its process
 * id; widgets are found by role and accessible name, as a screen reader
 * would. "On screen" means a non-empty extent: GTK 4.8 does not report the
 * SHOWING state, but unmapped stack pages and folded leaflet panes have an
 * empty one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <atspi/atspi.h>
#include <glib.h>

G_BEGIN_DECLS

/* libatspi 2.46 declares no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAccessible, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiAction, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiSelection, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtspiStateSet, g_object_unref)

typedef struct
{
  GPid             pid;
  AtspiAccessible *app;
  AtspiAccessible *window;
} FlowApp;

/* Call once at start instead of atspi_init(). */
void             flow_init                 (void);

/* Starts $GOVSERV with @args (NULL-terminated, may be NULL) and the extra
 * environment @env ("NAME=value", NULL-terminated, may be NULL), then waits
 * for its window to appear on the desktop. */
FlowApp         *flow_app_start            (const char * const *args,
                                            const char * const *env);
/* Waits for a top-level window of @app whose title contains @title
 * (dialogs are windows of their own). */
AtspiAccessible *flow_find_window          (FlowApp            *app,
                                            const char         *title);
/* Terminates the app and waits for it to exit. */
void             flow_app_stop             (FlowApp            *app);

/* Finds a descendant of @root with @role (atspi role name, e.g. "push
 * button") whose name contains @name; @on_screen requires a non-empty extent.
 * Waits up to five seconds; returns NULL if none appeared. */
AtspiAccessible *flow_find                 (AtspiAccessible    *root,
                                            const char         *role,
                                            const char         *name,
                                            gboolean            on_screen);
/* Like flow_find(), preferring an on-screen match for two seconds, then
 * taking any match. */
AtspiAccessible *flow_find_preferring_screen (AtspiAccessible  *root,
                                              const char       *role,
                                              const char       *name);
/* Waits until no on-screen match of @role/@name is left under @root. */
gboolean         flow_wait_gone            (AtspiAccessible    *root,
                                            const char         *role,
                                            const char         *name);
gboolean         flow_is_on_screen         (AtspiAccessible    *accessible);

/* Selects the child of @list whose name is @name through AtspiSelection. */
void             flow_select               (AtspiAccessible    *list,
                                            const char         *name);
/* Runs the "click" action of @accessible (buttons). */
void             flow_click                (AtspiAccessible    *accessible);
char            *flow_govserv              (const char         *replica,
                                            const char         *passphrase_file,
                                            ...) G_GNUC_NULL_TERMINATED;
void             flow_dump                 (AtspiAccessible    *a,
                                            int                 depth);
void             flow_click_with_pointer   (AtspiAccessible    *accessible,
                                            gboolean            control);
/* Replaces the text of an editable (entries, entry rows) as if typed. */
void             flow_set_text             (AtspiAccessible    *editable,
                                            const char         *text);
/* Whether @accessible can be used (not greyed out). */
gboolean         flow_is_sensitive         (AtspiAccessible    *accessible);
/* Creates a replica in @dir with the passphrase in @passphrase_file, using
 * the real `govserv init`. */
void             flow_init_replica         (const char         *dir,
                                            const char         *passphrase_file);
/* Writes @passphrase as the first line of a new file in @dir; returns the
 * path. */
char            *flow_write_passphrase     (const char         *dir,
                                            const char         *passphrase);

/* Types @text into the focused widget. */
void             flow_type                 (const char         *text);
/* Presses @keysym with Control (and Shift if @shift) held, through the X
 * server; the pointer is first moved into @app's window so that it gets
 * the keys. */
void             flow_press_control        (FlowApp            *app,
                                            guint               keysym,
                                            gboolean            shift);
/* Presses @keysym on its own. */
void             flow_press                (FlowApp            *app,
                                            guint               keysym);

/* Saves a PNG of the whole X screen as @name in G_TEST_BUILDDIR. */
void             flow_screenshot           (const char         *name);

G_END_DECLS
