/* test-pages.c: the first-run and unlock pages in-process, on real replicas.
 *
 * Runs under `xvfb-run -a`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-a11y.h"
#include "gov-passphrase-dialog.h"
#include "gov-setup-page.h"
#include "gov-unlock-page.h"
#include "gov-vault.h"

#define PASSPHRASE "correct horse battery staple"

typedef struct
{
  char       *dir;
  char       *replica_dir;
  GtkWindow  *window;
  GovReplica *opened;
  gboolean    done;
} Fixture;

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("govserv-pages-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica_dir = g_build_filename (fixture->dir, "replica", NULL);
  fixture->window = GTK_WINDOW (gtk_window_new ());
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fixture->dir, NULL };

  gtk_window_destroy (fixture->window);
  g_clear_pointer (&fixture->opened, gov_replica_close);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->replica_dir);
  g_free (fixture->dir);
}

static void
make_replica (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GovReplica *replica = gov_replica_create (fixture->replica_dir, PASSPHRASE, "Harbour Office",
                                            "HRB", 0, NULL, &error);

  g_assert_no_error (error);
  gov_replica_close (replica);
}

static void
opened_cb (GtkWidget  *page,
           GovReplica *replica,
           Fixture    *fixture)
{
  fixture->opened = replica;
  fixture->done = TRUE;
}

/* Runs the main loop until @flag is set or a minute passes (the key
 * derivation can take that long on a loaded machine). */
static gboolean
wait_for (gboolean *flag)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!*flag && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  return *flag;
}

static void
test_strength (void)
{
  g_assert_cmpint (gov_passphrase_estimate_strength (""), ==, GOV_PASSPHRASE_TOO_SHORT);
  g_assert_cmpint (gov_passphrase_estimate_strength ("eleven char"), ==,
                   GOV_PASSPHRASE_TOO_SHORT);
  /* Characters, not bytes: twelve letters with accents are long enough. */
  g_assert_cmpint (gov_passphrase_estimate_strength ("éééééééééééé"), ==, GOV_PASSPHRASE_FAIR);
  g_assert_cmpint (gov_passphrase_estimate_strength ("abcdefghijkl"), ==, GOV_PASSPHRASE_FAIR);
  g_assert_cmpint (gov_passphrase_estimate_strength ("abcdefghijklmnopqrstu"), ==,
                   GOV_PASSPHRASE_FAIR);
  g_assert_cmpint (gov_passphrase_estimate_strength (PASSPHRASE), ==, GOV_PASSPHRASE_STRONG);
  g_assert_cmpint (gov_passphrase_estimate_strength ("Harbour-2024-Quay!"), ==,
                   GOV_PASSPHRASE_FAIR);
  g_assert_cmpint (gov_passphrase_estimate_strength ("Harbour-2024-Quay-North"), ==,
                   GOV_PASSPHRASE_STRONG);
}

/* The unlock page opens the replica on a worker thread and hands it over. */
static void
test_unlock (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page;

  make_replica (fixture);
  page = gov_unlock_page_new (fixture->replica_dir);
  g_signal_connect (page, "unlocked", G_CALLBACK (opened_cb), fixture);
  gtk_window_set_child (fixture->window, page);

  gov_unlock_page_unlock (GOV_UNLOCK_PAGE (page), PASSPHRASE);
  /* The work happens off the main loop: nothing has arrived yet. */
  g_assert_false (fixture->done);
  g_assert_true (wait_for (&fixture->done));
  g_assert_nonnull (fixture->opened);
  g_assert_cmpstr (gov_replica_get_dir (fixture->opened), ==, fixture->replica_dir);
}

/* A missing replica is reported on the page, not by a signal. */
static void
test_unlock_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *page = gov_unlock_page_new (fixture->replica_dir);
  gint64 end;

  g_signal_connect (page, "unlocked", G_CALLBACK (opened_cb), fixture);
  gtk_window_set_child (fixture->window, page);

  gov_unlock_page_unlock (GOV_UNLOCK_PAGE (page), PASSPHRASE);
  end = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  g_assert_false (fixture->done);
  g_assert_null (fixture->opened);
}

/* With a vault, a wrong passphrase never hands out a replica. */
static void
test_unlock_wrong (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *page;
  gint64 end;

  make_replica (fixture);
  if (!gov_vault_exists (fixture->replica_dir))
    {
      g_test_skip ("gov_replica_create does not make an encrypted replica yet");
      return;
    }

  page = gov_unlock_page_new (fixture->replica_dir);
  g_signal_connect (page, "unlocked", G_CALLBACK (opened_cb), fixture);
  gtk_window_set_child (fixture->window, page);

  gov_unlock_page_unlock (GOV_UNLOCK_PAGE (page), "correct horse battery stable");
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end && !fixture->done)
    g_main_context_iteration (NULL, FALSE);

  g_assert_false (fixture->done);
  g_assert_null (fixture->opened);
}

/* Finds the entry row titled @title (mnemonic stripped) under @widget. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      g_autofree char *plain = NULL;
      const char *text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      GString *s = g_string_new (NULL);

      for (const char *c = text; *c != '\0'; c++)
        if (*c != '_')
          g_string_append_c (s, *c);
      plain = g_string_free (s, FALSE);

      if (g_str_equal (plain, title) && gtk_widget_get_visible (widget))
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_suggested_button (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_has_css_class (widget, "suggested-action"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_suggested_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
set_row (GtkWidget  *dialog,
         const char *title,
         const char *text)
{
  GtkWidget *row = find_row (dialog, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
done_cb (GovPassphraseDialog *dialog,
         gpointer             replica,
         gboolean            *done)
{
  g_assert_null (replica);
  *done = TRUE;
}

/* Change Passphrase: the wrong current passphrase is refused, the right one
 * changes it, and afterwards only the new passphrase opens the replica. */
static void
test_change_passphrase (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GovPassphraseDialog *dialog;
  GtkWidget *apply;
  GovReplica *replica;
  gboolean done = FALSE;
  gint64 end;

  make_replica (fixture);
  replica = gov_replica_open (fixture->replica_dir, PASSPHRASE, &error);
  g_assert_no_error (error);

  dialog = gov_passphrase_dialog_new_change (NULL, replica);
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "done", G_CALLBACK (done_cb), &done);
  apply = find_suggested_button (GTK_WIDGET (dialog));
  g_assert_nonnull (apply);
  g_assert_false (gtk_widget_get_sensitive (apply));

  set_row (GTK_WIDGET (dialog), "Current Passphrase", "not the passphrase");
  set_row (GTK_WIDGET (dialog), "New Passphrase", "a new passphrase for the harbour");
  set_row (GTK_WIDGET (dialog), "Confirm New Passphrase", "a new passphrase for the harbour");
  g_assert_true (gtk_widget_get_sensitive (apply));

  g_signal_emit_by_name (apply, "clicked");
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!gtk_widget_get_sensitive (apply) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (done);

  set_row (GTK_WIDGET (dialog), "Current Passphrase", PASSPHRASE);
  g_signal_emit_by_name (apply, "clicked");
  g_assert_true (wait_for (&done));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  gov_replica_close (replica);

  g_assert_null (gov_replica_open (fixture->replica_dir, PASSPHRASE, &error));
  g_assert_error (error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_WRONG_PASSPHRASE);
  g_clear_error (&error);
  fixture->opened = gov_replica_open (fixture->replica_dir, "a new passphrase for the harbour",
                                      &error);
  g_assert_no_error (error);
}

/* GTK 4.8 reads mnemonic underscores out; gov-a11y.c gives buttons the
 * label a person sees. */
static void
test_strip_mnemonic (void)
{
  static const char *const cases[][2] = {
    { "Lock _Now", "Lock Now" }, { "_Cancel", "Cancel" }, { "Sign _Decision", "Sign Decision" },
    { "Rock __n Roll", "Rock _n Roll" }, { "No mnemonic", "No mnemonic" }, { "end_", "end" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = gov_a11y_strip_mnemonic (cases[i][0]);

      g_assert_cmpstr (out, ==, cases[i][1]);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/pages/strength", test_strength);
  g_test_add_func ("/ui/a11y/strip-mnemonic", test_strip_mnemonic);
  g_test_add ("/ui/pages/unlock", Fixture, NULL, set_up, test_unlock, tear_down);
  g_test_add ("/ui/pages/unlock-missing", Fixture, NULL, set_up, test_unlock_missing, tear_down);
  g_test_add ("/ui/pages/unlock-wrong", Fixture, NULL, set_up, test_unlock_wrong, tear_down);
  g_test_add ("/ui/pages/change-passphrase", Fixture, NULL, set_up, test_change_passphrase,
              tear_down);

  return g_test_run ();
}
