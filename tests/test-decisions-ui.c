/* test-decisions-ui.c: the Decisions view and the decision editor
 * in-process, at 1200 and at 360 px, on a real replica with a four-eyes
 * rule: the approver sees "Approve…", the amendment is told in words, and
 * the editor names a missing reason next to its field.
 *
 * Runs under `xvfb-run -a`; screenshots go to G_TEST_BUILT.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-clock-view.h"
#include "gov-decision-dialog.h"
#include "gov-decisions-view.h"
#include "resp-util.h"
#include "ui-util.h"

typedef struct
{
  char       *dir;
  GovReplica *hub;
  char       *number;
  char       *decision;
} Fixture;

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* Ana is an approver too, but not of her own decision. */
  const char *approvers[] = { "Ana Ruiz", "Bea Smit", NULL };
  GovDecisionInput in = {
    .decision_type = "grant", .mandate = "Mayor and aldermen",
    .legal_basis = { "Environment Act", "5.2", "1", "2024-01-01" },
    .rationale = "The shed fits the zoning plan.", .effect_date = "2024-11-14",
  };
  GovDecisionInput change = { .effect_date = "2024-11-15" };

  f->dir = util_tmpdir ();
  f->hub = util_hub (f->dir, "hub", "HUB");
  gov_replica_set_actor (f->hub, "Ana Ruiz");
  resp_store_fixtures (f->hub);
  f->number = resp_typed_case (f->hub, resp_dmy (1, 10, 2024));
  g_assert_true (gov_decision_set_rule (f->hub, "grant", TRUE, approvers, &error));
  f->decision = gov_decision_record (f->hub, f->number, &in, &error);
  g_assert_no_error (error);
  g_assert_true (gov_decision_amend (f->hub, f->decision, &change, "Wrong day", &error));
  g_assert_no_error (error);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  gov_replica_close (f->hub);
  util_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->number);
  g_free (f->decision);
}

static gboolean
label_containing (GtkWidget     *widget,
                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_visible (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} Seek;

static gboolean
shows (gpointer data)
{
  Seek *s = data;

  return ui_find (s->root, label_containing, s->text) != NULL;
}

static void
assert_shows (GtkWidget  *root,
              const char *text)
{
  Seek s = { root, text };

  if (!ui_wait_until (shows, &s))
    g_error ("No label “%s”", text);
}

static GtkWidget *
view_window (Fixture *f,
             int      width)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = gov_decisions_view_new (f->hub);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  gov_decisions_view_set_case (GOV_DECISIONS_VIEW (view), f->number);
  return window;
}

/* The second person with the approver role is asked to approve. */
static void
test_view (Fixture       *f,
           gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);
  g_autofree char *shot = g_strdup_printf ("decisions-%d.png", width);
  g_autofree char *amended = NULL;
  GtkWidget *window;

  gov_replica_set_actor (f->hub, "Bea Smit");
  window = view_window (f, width);
  assert_shows (window, "Awaiting approval");
  assert_shows (window, "Awaiting your approval as the second person.");
  assert_shows (window, "Approve…");
  assert_shows (window, "Amended on ");
  assert_shows (window, "by Ana Ruiz: Wrong day");
  assert_shows (window, "Takes effect on 15 November 2024");
  ui_spin (300);
  ui_screenshot (window, shot);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The author reads why they cannot approve, and gets no Approve…. */
static void
test_view_author (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window = view_window (f, 360);

  assert_shows (window, "You recorded this decision, so you cannot approve it. A second person "
                        "must: Bea Smit.");
  g_assert_null (ui_find (window, label_containing, "Approve…"));
  ui_spin (300);
  ui_screenshot (window, "decisions-author-360.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
button_labelled (GtkWidget     *widget,
                 gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
entry_labelled (GtkWidget     *widget,
                gconstpointer  title)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return GTK_IS_ENTRY (widget) && row != NULL &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0;
}

/* Amend… opens the editor prefilled; signing without a reason names it
 * next to its field and asks nothing. */
static void
test_amend_editor (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonNode) d = gov_decision_get (f->hub, f->decision, NULL);
  GtkWidget *dialog = gov_decision_dialog_new_amend (NULL, f->hub, json_node_get_object (d));
  GtkWidget *sign;

  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 700);
  gtk_window_present (GTK_WINDOW (dialog));
  assert_shows (dialog, "27 December 2024");   /* deadline of the prefilled 15 November */
  sign = ui_find (dialog, button_labelled, "Sign _Amendment");
  g_assert_nonnull (sign);
  g_assert_true (gtk_widget_get_sensitive (sign));
  gtk_widget_activate (sign);
  assert_shows (dialog, "Required: why the decision is amended");
  ui_spin (300);
  ui_screenshot (dialog, "decision-amend-360.png");
  /* Typing a reason takes the message away and brings the hint back. */
  gtk_editable_set_text (GTK_EDITABLE (ui_find (dialog, entry_labelled, "Reason for Amending")),
                         "Wrong day");
  ui_spin (100);
  g_assert_null (ui_find (dialog, label_containing, "Required: why the decision is amended"));
  g_assert_nonnull (ui_find (dialog, label_containing, "Required"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* "Show How" brings the case page's Clock view forward behind the editor. */
static void
test_show_how (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = adw_view_stack_new ();
  GtkWidget *clock = gov_clock_view_new (f->hub);
  GtkWidget *dialog, *how;

  adw_view_stack_add_titled (ADW_VIEW_STACK (stack), gov_decisions_view_new (f->hub),
                             "decisions", "Decisions");
  adw_view_stack_add_titled (ADW_VIEW_STACK (stack), clock, "clock", "Clock");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (stack), "decisions");
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  dialog = gov_decision_dialog_new (GTK_WINDOW (window), f->hub, f->number);
  gtk_window_present (GTK_WINDOW (dialog));
  how = ui_find (dialog, button_labelled, "Show _How");
  g_assert_nonnull (how);
  gtk_widget_activate (how);
  ui_spin (500);   /* a button activated from the keyboard clicks after a moment */
  g_assert_true (adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack)) == clock);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/ui/decisions/approver-1200", Fixture, GINT_TO_POINTER (1200), set_up, test_view,
              tear_down);
  g_test_add ("/ui/decisions/approver-360", Fixture, GINT_TO_POINTER (360), set_up, test_view,
              tear_down);
  g_test_add ("/ui/decisions/author-360", Fixture, NULL, set_up, test_view_author, tear_down);
  g_test_add ("/ui/decisions/amend-editor-360", Fixture, NULL, set_up, test_amend_editor,
              tear_down);
  g_test_add ("/ui/decisions/show-how", Fixture, NULL, set_up, test_show_how, tear_down);
  return g_test_run ();
}
