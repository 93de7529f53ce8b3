/* test-pages.c: the first-run and unlock pages in-process, on real replicas.
 *
 * Runs under `xvfb-run -a`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

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

/* Runs the main loop until @flag is set or five seconds pass. */
static gboolean
wait_for (gboolean *flag)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

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

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/ui/pages/strength", test_strength);
  g_test_add ("/ui/pages/unlock", Fixture, NULL, set_up, test_unlock, tear_down);
  g_test_add ("/ui/pages/unlock-missing", Fixture, NULL, set_up, test_unlock_missing, tear_down);
  g_test_add ("/ui/pages/unlock-wrong", Fixture, NULL, set_up, test_unlock_wrong, tear_down);

  return g_test_run ();
}
