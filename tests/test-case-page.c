/* test-case-page.c: the case page's History filter, "Show History" of a
 * field, Undo toasts that write reversing events, the Case Menu's
 * disabled-with-a-reason items, and the read-only banner once another
 * office accepted the case. In-process over real replicas.
 *
 * Runs under `xvfb-run -a`. Screenshots (case-page-*.png) go to
 * G_TEST_BUILDDIR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "resp-util.h"
#include "gov-case-page.h"

/* Drop-down positions (gov-case-page.c). */
enum { ALL, FIELDS, NOTES, HANDOVERS, DECISIONS, CLOCK, ONE_FIELD };

typedef struct
{
  char       *dir;
  GovReplica *hub;
  char       *number;
  char       *case_id;
  GtkWidget  *window;
  GtkWidget  *page;
  guint       loads;
  AdwToast   *toast;
} Fixture;

static gboolean
wait_until (gboolean (*done) (Fixture *f),
            Fixture   *f)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return done (f);
}

static void
loaded_cb (GtkWidget  *page,
           const char *number,
           const char *title,
           Fixture    *f)
{
  f->loads++;
}

static void
toast_cb (GtkWidget *page,
          AdwToast  *toast,
          Fixture   *f)
{
  g_clear_object (&f->toast);
  f->toast = g_object_ref_sink (toast);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "Town Hall", "TWN");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);
  f->number = resp_typed_case (f->hub, resp_dmy (1, 10, 2024));
  f->case_id = gov_case_lookup (f->hub, f->number, &error);
  g_assert_no_error (error);
}

static void
open_page (Fixture *f,
           int      width)
{
  f->page = gov_case_page_new (f->hub);
  f->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, 900);
  adw_window_set_content (ADW_WINDOW (f->window), f->page);
  g_signal_connect (f->page, "loaded", G_CALLBACK (loaded_cb), f);
  g_signal_connect (f->page, "toast", G_CALLBACK (toast_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  gtk_test_widget_wait_for_draw (f->window);
  gov_case_page_show_case (GOV_CASE_PAGE (f->page), f->case_id);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->toast);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  gov_replica_close (f->hub);
  util_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->number);
  g_free (f->case_id);
}

/* Widgets --------------------------------------------------------------------- */

static GtkWidget *
find (GtkWidget *root,
      gboolean (*match) (GtkWidget *w, const char *what),
      const char *what)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (match (c, what))
        return c;
      if ((found = find (c, match, what)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_field_entry (GtkWidget  *w,
                const char *field)
{
  return GTK_IS_ENTRY (w) && g_strcmp0 (g_object_get_data (G_OBJECT (w), "field"), field) == 0;
}

static gboolean
is_history_button (GtkWidget  *w,
                   const char *field)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (g_object_get_data (G_OBJECT (w), "field"), field) == 0 &&
         g_strcmp0 (gtk_widget_get_tooltip_text (w), "Show History") == 0;
}

static gboolean
is_named (GtkWidget  *w,
          const char *name)
{
  return g_strcmp0 (gtk_widget_get_name (w), name) == 0;
}

static gboolean
is_type (GtkWidget  *w,
         const char *type)
{
  return g_type_is_a (G_OBJECT_TYPE (w), g_type_from_name (type));
}

static GtkWidget *
need (Fixture                   *f,
      gboolean (*match) (GtkWidget *w, const char *what),
      const char                *what)
{
  GtkWidget *w = find (f->page, match, what);

  g_assert_nonnull (w);
  return w;
}

static guint
history_rows (Fixture *f)
{
  GtkListView *view = GTK_LIST_VIEW (need (f, is_named, "history-view"));

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (view)));
}

static char *
history_row (Fixture *f,
             guint    i)
{
  GtkListView *view = GTK_LIST_VIEW (need (f, is_named, "history-view"));
  g_autoptr(GtkStringObject) item = g_list_model_get_item (
    G_LIST_MODEL (gtk_list_view_get_model (view)), i);

  return g_strdup (gtk_string_object_get_string (item));
}

static void
set_flag_cb (gboolean *flag)
{
  *flag = TRUE;
}

/* Renders @widget into a PNG in the build directory, as test-case-ui.c does. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GdkPaintable) image = NULL;
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean updated = FALSE;
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gulong handler = g_signal_connect_swapped (paintable, "invalidate-contents",
                                             G_CALLBACK (set_flag_cb), &updated);

  gtk_widget_queue_draw (widget);
  while (!updated && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_signal_handler_disconnect (paintable, handler);
  image = gdk_paintable_get_current_image (paintable);
  gdk_paintable_snapshot (image, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Screenshot: %s", path);
}

/* Waits ----------------------------------------------------------------------- */

static const char *want_toast;
static const char *want_text;

static gboolean
toast_is (Fixture *f)
{
  return f->toast != NULL && g_strcmp0 (adw_toast_get_title (f->toast), want_toast) == 0;
}

static gboolean
location_is (Fixture *f)
{
  GtkWidget *entry = find (f->page, is_field_entry, "location");

  return entry != NULL &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), want_text) == 0;
}

static gboolean
loaded (Fixture *f)
{
  return f->loads > 0;
}

static void
expect_toast (Fixture    *f,
              const char *title)
{
  want_toast = title;
  if (!wait_until (toast_is, f))
    g_error ("No toast “%s” (last: “%s”)", title,
             f->toast != NULL ? adw_toast_get_title (f->toast) : "none");
}

/* Tests ----------------------------------------------------------------------- */

static gint64
events_of (Fixture    *f,
           const char *type)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM timeline WHERE type = '%s'",
                                          type);

  return util_count (f->hub, sql);
}

/* An edit is saved at once; Undo writes the old value back as a new event,
 * and History filtered to the field shows both. */
static void
test_undo_field (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *entry;
  GtkDropDown *filter;
  g_autofree char *newest = NULL;

  open_page (f, 1200);
  g_assert_true (wait_until (loaded, f));
  entry = need (f, is_field_entry, "location");
  gtk_editable_set_text (GTK_EDITABLE (entry), "Quay 14");
  g_signal_emit_by_name (entry, "activate");
  expect_toast (f, "Location changed to Quay 14");
  g_assert_cmpint (events_of (f, "field.set"), ==, 1);

  adw_toast_set_title (f->toast, "");
  g_signal_emit_by_name (f->toast, "button-clicked");
  expect_toast (f, "Change undone");
  want_text = "";
  g_assert_true (wait_until (location_is, f));
  g_assert_cmpint (events_of (f, "field.set"), ==, 2);

  g_signal_emit_by_name (need (f, is_history_button, "location"), "clicked");
  filter = GTK_DROP_DOWN (need (f, is_type, "GtkDropDown"));
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, ONE_FIELD);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (filter)), ==,
                   "Changes to Location");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (
                     ADW_VIEW_STACK (need (f, is_type, "AdwViewStack"))), ==, "history");
  g_assert_cmpuint (history_rows (f), ==, 2);
  newest = history_row (f, 0);
  g_assert_true (g_str_has_prefix (newest, "Ana Ruiz changed Location from Quay 14 to nothing"));
  g_assert_nonnull (strstr (newest, "Undone"));
  g_assert_nonnull (strstr (newest, "Town Hall"));
  gtk_test_widget_wait_for_draw (f->window);
  save_screenshot (f->window, "case-page-history-field.png");

  /* Clock shows the case type only; All shows more than Fields. */
  gtk_drop_down_set_selected (filter, CLOCK);
  g_assert_cmpuint (history_rows (f), ==, 1);
  gtk_drop_down_set_selected (filter, NOTES);
  g_assert_cmpuint (history_rows (f), ==, 0);
  gtk_drop_down_set_selected (filter, ALL);
  g_assert_cmpuint (history_rows (f), ==, 4);
}

/* "Note added" → Undo retracts the note with a signed event. */
static void
test_undo_note (Fixture       *f,
                gconstpointer  data)
{
  GtkTextView *note;

  open_page (f, 1200);
  g_assert_true (wait_until (loaded, f));
  note = GTK_TEXT_VIEW (need (f, is_type, "GtkTextView"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (note), "Wrong case, sorry", -1);
  gov_case_page_add_note (GOV_CASE_PAGE (f->page));
  expect_toast (f, "Note added");
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM note"), ==, 1);

  adw_toast_set_title (f->toast, "");
  g_signal_emit_by_name (f->toast, "button-clicked");
  expect_toast (f, "Change undone");
  g_assert_cmpint (util_count (f->hub, "SELECT count(*) FROM note"), ==, 0);
  g_assert_cmpint (events_of (f, "note.retract"), ==, 1);

  gov_case_page_reload (GOV_CASE_PAGE (f->page));
  f->loads = 0;
  g_assert_true (wait_until (loaded, f));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (need (f, is_type, "GtkDropDown")), NOTES);
  g_assert_cmpuint (history_rows (f), ==, 2);
  {
    g_autofree char *newest = history_row (f, 0);

    g_assert_true (g_str_has_prefix (newest, "Ana Ruiz took back a note"));
  }
}

static gboolean
banner_shown (Fixture *f)
{
  GtkRevealer *revealer = GTK_REVEALER (find (f->page, is_type, "GtkRevealer"));

  return revealer != NULL && gtk_revealer_get_reveal_child (revealer) &&
         gtk_revealer_get_child_revealed (revealer);
}

static gboolean
is_banner_label (GtkWidget  *w,
                 const char *prefix)
{
  return GTK_IS_LABEL (w) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (w)), prefix);
}

/* Once Harbour Office accepted the case, it is read only here. */
static void
test_other_office (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) other = util_hub (f->dir, "Harbour Office", "HRB");
  const char *other_id = gov_identity_get_office_id (gov_replica_get_identity (other));
  const char *promises[] = { NULL };
  GovHandoverOffer o = { .to_office = other_id, .reason = "Their quay", .promises = promises,
                         .first_steps = "Call the applicant" };
  g_autofree char *offer = NULL;
  int width = GPOINTER_TO_INT (data);
  g_autofree char *shot = g_strdup_printf ("case-page-other-office-%d.png", width);
  GtkWidget *entry;

  gov_replica_set_actor (other, "Olga");
  gov_ledger_pin_office (gov_replica_get_ledger (other),
                         gov_identity_get_root_pk (gov_replica_get_identity (f->hub)), &error);
  gov_ledger_pin_office (gov_replica_get_ledger (f->hub),
                         gov_identity_get_root_pk (gov_replica_get_identity (other)), &error);
  g_assert_no_error (error);
  offer = gov_handover_offer (f->hub, f->number, &o, &error);
  g_assert_no_error (error);
  util_sync (f->hub, other);
  g_assert_true (gov_handover_accept (other, f->number, NULL, "quays", &error));
  g_assert_no_error (error);
  util_sync (other, f->hub);

  open_page (f, width);
  g_assert_true (wait_until (loaded, f));
  g_assert_true (wait_until (banner_shown, f));
  need (f, is_banner_label, "This case now belongs to Harbour Office. Your changes go to them "
                            "as suggestions.");
  entry = need (f, is_field_entry, "location");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (entry)));
  g_assert_false (gtk_widget_is_sensitive (need (f, is_type, "AdwComboRow")));
  /* The Case Menu says why most of it is off. */
  {
    GtkMenuButton *button = GTK_MENU_BUTTON (need (f, is_type, "GtkMenuButton"));
    GMenuModel *menu, *reasons;
    g_autofree char *why = NULL;

    gtk_menu_button_popup (button);
    menu = gtk_menu_button_get_menu_model (button);
    g_assert_nonnull (menu);
    g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 4);
    reasons = g_menu_model_get_item_link (menu, 3, G_MENU_LINK_SECTION);
    g_assert_true (g_menu_model_get_item_attribute (reasons, 0, G_MENU_ATTRIBUTE_LABEL, "s",
                                                    &why));
    g_assert_cmpstr (why, ==, "Another office owns this case.");
    g_object_unref (reasons);
    gtk_menu_button_popdown (button);
  }
  /* The Case Menu keeps what still makes sense. */
  g_assert_true (gtk_widget_activate_action (f->page, "case.copy-number", NULL));
  expect_toast (f, "Case number copied");
  save_screenshot (f->window, shot);

  /* The handover in History, with the office that accepted it. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (need (f, is_type, "GtkDropDown")), HANDOVERS);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (need (f, is_type, "AdwViewStack")),
                                         "history");
  g_assert_cmpuint (history_rows (f), ==, 2);
  {
    g_autofree char *accepted = history_row (f, 0);

    g_assert_true (g_str_has_prefix (accepted, "Olga accepted the handover"));
    g_free (accepted);
    accepted = history_row (f, 1);
    g_assert_true (g_str_has_prefix (accepted, "Ana Ruiz offered the case to Harbour Office"));
    accepted = (g_free (accepted), history_row (f, 0));
    g_assert_nonnull (strstr (accepted, "Harbour Office"));
  }
  g_free (shot);
  shot = g_strdup_printf ("case-page-history-handovers-%d.png", width);
  save_screenshot (f->window, shot);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* AdwApplication loads it in the app; the banner needs it here too. */
  gtk_css_provider_load_from_resource (css, "/org/govserv/GovServ/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/case-page/undo-field", Fixture, NULL, setup, test_undo_field, teardown);
  g_test_add ("/case-page/undo-note", Fixture, NULL, setup, test_undo_note, teardown);
  g_test_add ("/case-page/other-office-1200", Fixture, GINT_TO_POINTER (1200), setup,
              test_other_office, teardown);
  g_test_add ("/case-page/other-office-360", Fixture, GINT_TO_POINTER (360), setup,
              test_other_office, teardown);
  return g_test_run ();
}
