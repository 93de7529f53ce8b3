/* test-cli-ledger.c: replica, case and events verbs through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-util.h"


static char *
new_case (Fixture    *f,
          const char *replica)
{
  g_auto(Run) r = { 0 };

  govserv (f, &r, replica, "case", "new", "--channel", "phone", "--description",
           "Streetlight out at Kade 12", "--domain", "public_space", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (obj (&r), "id"), ""));
  return g_strdup (json_object_get_string_member (obj (&r), "number"));
}

static void
test_case_flow (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Run) init = { 0 };
  g_auto(Run) route = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) verify = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) rebuild = { 0 };
  g_autofree char *number = NULL;

  govserv (f, &init, "hub", "init", "--office", "Harbour Office", "--code", "HRB", "--interactive-kdf", "--json", NULL);
  g_assert_cmpint (init.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&init), "office_code"), ==, "HRB");
  g_assert_cmpstr (json_object_get_string_member (obj (&init), "device_short_id"), ==, "001");

  govserv (f, &route, "hub", "routing", "add", "--team", "Public works", "--domain",
           "public_space", "--json", NULL);
  g_assert_cmpint (route.status, ==, 0);

  number = new_case (f, "hub");
  g_assert_true (g_str_has_prefix (number, "GS-HRB-001-"));

  {
    g_auto(Run) r1 = { 0 };
    g_auto(Run) r2 = { 0 };
    g_auto(Run) r3 = { 0 };
    g_auto(Run) r4 = { 0 };

    govserv (f, &r1, "hub", "case", "assign", number, "alice", "--json", NULL);
    g_assert_cmpint (r1.status, ==, 0);
    govserv (f, &r2, "hub", "case", "note", number, "Called the requester back", NULL);
    g_assert_cmpint (r2.status, ==, 0);
    govserv (f, &r3, "hub", "case", "set", number, "status", "in_progress", NULL);
    g_assert_cmpint (r3.status, ==, 1);   /* a status change needs a reason */
    govserv (f, &r4, "hub", "case", "set", number, "status", "in_progress", "--reason", "crew",
             NULL);
    g_assert_cmpint (r4.status, ==, 0);
  }

  govserv (f, &list, "hub", "case", "list", "--search", "requester", "--json", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list.json)), ==, 1);

  govserv (f, &show, "hub", "case", "show", number, "--json", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&show), "team"), ==, "Public works");
  g_assert_cmpstr (json_object_get_string_member (obj (&show), "status"), ==, "in_progress");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj (&show), "timeline")),
                    ==, 4);

  {
    g_auto(Run) close = { 0 };
    govserv (f, &close, "hub", "case", "close", number, "--outcome", "resolved",
             "--first-contact", NULL);
    g_assert_cmpint (close.status, ==, 0);
  }

  govserv (f, &verify, "hub", "verify", "--json", NULL);
  g_assert_cmpint (verify.status, ==, 0);
  g_assert_true (json_object_get_boolean_member (obj (&verify), "ok"));
  g_assert_cmpint (json_object_get_int_member (obj (&verify), "checked"), ==, 8);

  govserv (f, &rebuild, "hub", "rebuild", "--json", NULL);
  g_assert_cmpint (rebuild.status, ==, 0);

  govserv (f, &bad, "hub", "case", "show", NULL);
  g_assert_cmpint (bad.status, ==, 2);
}

/* Two devices of one office edit concurrently and exchange bundles. */
static void
test_conflict_by_bundles (Fixture       *f,
                          gconstpointer  data)
{
  g_auto(Run) init = { 0 };
  g_auto(Run) join = { 0 };
  g_auto(Run) enroll = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) close = { 0 };
  g_auto(Run) resolve = { 0 };
  g_autofree char *root = NULL;
  g_autofree char *dev_key = NULL;
  g_autofree char *hub_bundle = g_build_filename (f->dir, "hub.jsonl", NULL);
  g_autofree char *dev_bundle = g_build_filename (f->dir, "dev.jsonl", NULL);
  g_autofree char *number = NULL;

  govserv (f, &init, "hub", "init", "--office", "Harbour Office", "--code", "HRB", "--interactive-kdf", "--json", NULL);
  root = g_strdup (json_object_get_string_member (obj (&init), "office_root_key"));
  govserv (f, &join, "dev", "init", "--join", root, "--interactive-kdf", "--json", NULL);
  g_assert_cmpint (join.status, ==, 0);
  dev_key = g_strdup (json_object_get_string_member (obj (&join), "device_key"));
  govserv (f, &enroll, "hub", "device", "enroll", dev_key, "--user", "bob", "--json", NULL);
  g_assert_cmpint (enroll.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (obj (&enroll), "device_short_id"), ==, "002");

  number = new_case (f, "hub");
  {
    g_auto(Run) a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 }, e = { 0 }, g = { 0 };

    govserv (f, &a, "hub", "events", "export", hub_bundle, NULL);
    g_assert_cmpint (a.status, ==, 0);
    govserv (f, &b, "dev", "events", "import", hub_bundle, "--json", NULL);
    g_assert_cmpint (b.status, ==, 0);
    g_assert_cmpint (json_object_get_int_member (obj (&b), "quarantined"), ==, 0);

    govserv (f, &c, "hub", "case", "set", number, "priority", "high", NULL);
    govserv (f, &d, "dev", "case", "set", number, "priority", "low", NULL);
    g_assert_cmpint (c.status + d.status, ==, 0);
    govserv (f, &e, "dev", "events", "export", dev_bundle, "--case", number, NULL);
    g_assert_cmpint (e.status, ==, 0);
    govserv (f, &g, "hub", "events", "import", dev_bundle, NULL);
    g_assert_cmpint (g.status, ==, 0);
  }

  govserv (f, &list, "hub", "case", "list", "--view", "conflicts", "--json", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list.json)), ==, 1);

  govserv (f, &close, "hub", "case", "close", number, "--outcome", "resolved", "--json", NULL);
  g_assert_cmpint (close.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj (&close), "domain"), ==,
                   "gov-case-error-quark");

  govserv (f, &resolve, "hub", "case", "resolve", number, "priority", "high", NULL);
  g_assert_cmpint (resolve.status, ==, 0);
  {
    g_auto(Run) again = { 0 };
    govserv (f, &again, "hub", "case", "list", "--view", "conflicts", "--json", NULL);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (again.json)), ==, 0);
  }
}

static void
test_import_bad_lines (Fixture       *f,
                       gconstpointer  data)
{
  g_auto(Run) init = { 0 };
  g_auto(Run) imp = { 0 };
  g_auto(Run) q = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *bundle = g_build_filename (f->dir, "bad.jsonl", NULL);
  JsonArray *rows;

  govserv (f, &init, "hub", "init", "--office", "Harbour Office", "--code", "HRB", "--interactive-kdf", NULL);
  g_file_set_contents (bundle, "not json\n\n{\"e\":\"AAAA\",\"s\":\"AAAA\"}\n", -1, &error);
  g_assert_no_error (error);

  govserv (f, &imp, "hub", "events", "import", bundle, "--json", NULL);
  g_assert_cmpint (imp.status, ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj (&imp), "quarantined"), ==, 2);

  govserv (f, &q, "hub", "quarantine", "list", "--json", NULL);
  rows = json_node_get_array (q.json);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *detail = json_object_get_string_member (json_array_get_object_element (rows, i),
                                                          "detail");
      g_assert_true (g_str_has_prefix (detail, "line 1:") || g_str_has_prefix (detail, "line 3:"));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli/ledger/case-flow", Fixture, NULL, set_up, test_case_flow, tear_down);
  g_test_add ("/cli/ledger/conflict-by-bundles", Fixture, NULL, set_up, test_conflict_by_bundles,
              tear_down);
  g_test_add ("/cli/ledger/import-bad-lines", Fixture, NULL, set_up, test_import_bad_lines,
              tear_down);
  return g_test_run ();
}
