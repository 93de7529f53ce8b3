/* test-conflict-words.c: the conflict dialog says what happened to a
 * handover in our words, in-process on two real replicas.
 *
 * Runs under `xvfb-run -a`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "gov-conflict-dialog.h"
#include "resp-util.h"
#include "ui-util.h"

static char *
offer_to (GovReplica *r,
          const char *number,
          const char *team)
{
  g_autoptr(GError) error = NULL;
  GovHandoverOffer o = { .to_team = team, .reason = "Parks handles sheds",
                         .first_steps = "Visit the site" };
  char *id = gov_handover_offer (r, number, &o, &error);

  g_assert_no_error (error);
  return id;
}

static JsonArray *
handover_heads (GovReplica *r,
                const char *number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = gov_case_get_detail (r, number, &error);
  JsonArray *fields;

  g_assert_no_error (error);
  fields = json_object_get_array_member (json_node_get_object (detail), "fields");
  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);

      if (g_strcmp0 (json_object_get_string_member (f, "field"), "handover") == 0)
        return json_array_ref (json_object_get_array_member (f, "heads"));
    }
  g_assert_not_reached ();
}

/* Every label's text under @w, one per line. */
static void
collect (GtkWidget *w,
         GString   *out)
{
  if (GTK_IS_LABEL (w) && gtk_widget_is_visible (w))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (w)));
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, out);
}

static char *
texts_once_cards_show (GtkWidget *dialog)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GString) out = g_string_new (NULL);

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_string_truncate (out, 0);
      collect (dialog, out);
      if (strstr (out->str, "Second Offer") != NULL)
        break;
    }
  return g_strdup (out->str);
}

static gboolean
check_titled (GtkWidget *w,
              gconstpointer label)
{
  return GTK_IS_CHECK_BUTTON (w) &&
         g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (w)), label) == 0;
}

static gboolean
button_titled (GtkWidget *w,
               gconstpointer label)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0;
}

/* Picks "Keep the first offer" and resolves; waits for the write. */
static void
resolve_first (GovConflictDialog *dialog)
{
  GtkWidget *check = ui_find (GTK_WIDGET (dialog), check_titled, "Keep the _first offer");
  GtkWidget *resolve = ui_find (GTK_WIDGET (dialog), button_titled, "_Resolve");
  gboolean resolved = FALSE;

  g_assert_nonnull (check);
  g_assert_nonnull (resolve);
  g_signal_connect_swapped (dialog, "resolved", G_CALLBACK (ui_set_flag_cb), &resolved);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  g_assert_true (gtk_widget_get_sensitive (resolve));
  g_signal_emit_by_name (resolve, "clicked");
  g_assert_true (ui_wait_until (ui_is_set, &resolved));
}

/* Two offers written without seeing each other: one sentence names both,
 * the cards say who, when and on which device, and no id shows. */
static void
test_two_offers (void)
{
  g_autofree char *dir = util_tmpdir ();
  g_autoptr(GovReplica) hub = util_hub (dir, "hub", "HUB");
  g_autoptr(GovReplica) desk = NULL;
  g_autofree char *number = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *texts = NULL;
  g_autoptr(JsonArray) heads = NULL;
  g_autoptr(JsonNode) after = NULL;
  JsonObject *pending;
  const char *first;
  GovConflictDialog *dialog;

  gov_replica_set_actor (hub, "Ana Ruiz");
  resp_store_fixtures (hub);
  number = resp_typed_case (hub, resp_dmy (1, 10, 2024));
  g_assert_true (gov_case_set_field (hub, number, "team", "roads", NULL, NULL));
  desk = util_join (hub, dir, "desk");
  gov_replica_set_actor (desk, "Bea Smit");
  a = offer_to (hub, number, "parks");
  b = offer_to (desk, number, "lights");
  resp_sync_both (hub, desk);

  heads = handover_heads (hub, number);
  g_assert_cmpuint (json_array_get_length (heads), ==, 2);
  dialog = gov_conflict_dialog_new (NULL, hub, number, "handover", "handover", heads);
  gtk_window_present (GTK_WINDOW (dialog));
  texts = texts_once_cards_show (GTK_WIDGET (dialog));
  g_test_message ("%s", texts);

  g_assert_nonnull (strstr (texts, "Two Handover Offers"));
  g_assert_nonnull (strstr (texts, "roads offered it to parks"));
  g_assert_nonnull (strstr (texts, "roads offered it to lights"));
  g_assert_nonnull (strstr (texts, "Choose which offer stands."));
  g_assert_nonnull (strstr (texts, "First Offer"));
  g_assert_nonnull (strstr (texts, "By Ana Ruiz on device"));
  g_assert_nonnull (strstr (texts, "By Bea Smit on device"));
  /* Our words, not the system's: no event ids, no register values. */
  g_assert_null (strstr (texts, a));
  g_assert_null (strstr (texts, b));
  g_assert_nonnull (strstr (texts, "Reason: Parks handles sheds"));
  for (guint i = 0; i < 2; i++)
    g_assert_null (strstr (texts, json_object_get_string_member (
                                    json_array_get_object_element (heads, i), "value")));
  g_assert_null (strstr (texts, "new value"));

  /* Keeping the first offer withdraws the other: the conflict ends and the
   * first offer is the one in transit. */
  resolve_first (dialog);
  after = gov_handover_get_state (hub, number, NULL);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (after), "conflict"));
  pending = json_object_get_object_member (json_node_get_object (after), "in_transit");
  g_assert_nonnull (pending);
  first = json_object_get_string_member (json_array_get_object_element (heads, 0), "value");
  g_assert_true (g_str_has_suffix (first, json_object_get_string_member (pending, "id")));
  util_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/ui/conflict-words/two-offers", test_two_offers);
  return g_test_run ();
}
