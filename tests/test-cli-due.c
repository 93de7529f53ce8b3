/* test-cli-due.c: `govserv case list --view overdue|due-soon` decides from
 * the derived clocks, as the window's views do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cli-util.h"

#define OK(f, ...) G_STMT_START {                                  \
    g_auto(Run) _r = { 0 };                                        \
    govserv (f, &_r, "hub", __VA_ARGS__, NULL);                    \
    if (_r.status != 0) g_printerr ("%s", _r.err);                 \
    g_assert_cmpint (_r.status, ==, 0);                            \
  } G_STMT_END

static char *
new_case (Fixture    *f,
          const char *description,
          const char *due)
{
  g_auto(Run) r = { 0 };

  govserv (f, &r, "hub", "case", "new", "--channel", "phone", "--description", description,
           "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  OK (f, "case", "set", json_object_get_string_member (obj (&r), "number"), "due", due);
  return g_strdup (json_object_get_string_member (obj (&r), "number"));
}

/* The numbers listed by `case list ARGS… --json`, space-separated. */
static char *
listed (Fixture    *f,
        const char *view,
        const char *today)
{
  g_auto(Run) r = { 0 };
  GString *out = g_string_new (NULL);
  JsonArray *arr;

  govserv (f, &r, "hub", "case", "list", "--view", view, "--today", today, "--json", NULL);
  if (r.status != 0)
    g_printerr ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  arr = json_node_get_array (r.json);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    g_string_append_printf (out, "%s%s", i > 0 ? " " : "",
                            json_object_get_string_member (json_array_get_object_element (arr, i),
                                                           "number"));
  return g_string_free (out, FALSE);
}

static void
test_overdue_view (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *ics = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *type = g_test_build_filename (G_TEST_DIST, "data", "permit-casetype.json",
                                                 NULL);
  g_autofree char *paused = NULL;
  g_autofree char *late = NULL;
  g_autofree char *untyped = NULL;
  g_autofree char *overdue = NULL;
  g_autofree char *soon = NULL;
  g_autofree char *expect = NULL;
  g_auto(Run) text = { 0 };

  OK (f, "init", "--office", "Harbour Office", "--code", "HRB", "--interactive-kdf");
  OK (f, "calendar", "import", ics, "--id", "nl");
  OK (f, "casetype", "add", type);
  /* Stored due dates that the derived clocks contradict. */
  paused = new_case (f, "Paused shed", "2024-04-20");
  late = new_case (f, "Late shed", "2024-12-31");
  untyped = new_case (f, "Untyped", "2024-05-01");
  OK (f, "casetype", "set", paused, "permit", "--opened", "2024-04-02");
  OK (f, "casetype", "set", late, "permit", "--opened", "2024-04-02");
  OK (f, "pause", paused, "--reason", "missing-information", "--date", "2024-04-15");

  /* The paused case is not overdue; the late one is (time limit 30 Apr). */
  overdue = listed (f, "overdue", "2024-05-06");
  expect = g_strdup_printf ("%s %s", late, untyped);
  g_assert_cmpstr (overdue, ==, expect);

  /* On Thu 25 Apr the late case has 3 working days left; paused ones are
   * never "due soon". */
  soon = listed (f, "due-soon", "2024-04-25");
  g_assert_cmpstr (soon, ==, late);

  govserv (f, &text, "hub", "case", "list", "--view", "overdue", "--today", "2024-05-06", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "2024-04-30"));
  g_assert_null (strstr (text.out, paused));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-due/overdue-view", Fixture, NULL, set_up, test_overdue_view, tear_down);
  return g_test_run ();
}
