/* test-cli-resp.c: handover, decision and clock verbs through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-util.h"

static gint64
n_timeline (Fixture    *f,
            const char *number)
{
  g_auto(Run) r = { 0 };

  govserv (f, &r, "hub", "case", "show", number, "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  return json_array_get_length (json_object_get_array_member (obj (&r), "timeline"));
}

#define OK(f, ...) G_STMT_START {                                  \
    g_auto(Run) _r = { 0 };                                        \
    govserv (f, &_r, "hub", __VA_ARGS__, NULL);                    \
    if (_r.status != 0) g_printerr ("%s", _r.err);                 \
    g_assert_cmpint (_r.status, ==, 0);                            \
  } G_STMT_END

/* Runs a verb that must fail with @status and say @words on stderr. */
#define REFUSED(f, code, words, ...) G_STMT_START {              \
    g_auto(Run) _r = { 0 };                                        \
    govserv (f, &_r, "hub", __VA_ARGS__, NULL);                    \
    g_assert_cmpint (_r.status, ==, code);                         \
    g_assert_nonnull (strstr (_r.err, words));                     \
  } G_STMT_END

static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *ics = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *type = g_test_build_filename (G_TEST_DIST, "data", "permit-casetype.json",
                                                 NULL);
  g_auto(Run) num = { 0 };
  g_auto(Run) clock = { 0 };
  g_auto(Run) audit = { 0 };
  g_auto(Run) decisions = { 0 };
  g_auto(Run) state = { 0 };
  const char *number;
  gint64 n;

  OK (f, "init", "--office", "Harbour Office", "--code", "HRB", "--interactive-kdf");
  OK (f, "calendar", "import", ics, "--id", "nl");
  OK (f, "casetype", "add", type);
  govserv (f, &num, "hub", "case", "new", "--channel", "phone", "--description", "Shed permit",
           "--json", NULL);
  number = json_object_get_string_member (obj (&num), "number");
  OK (f, "casetype", "set", number, "permit", "--opened", "2024-04-02");
  OK (f, "case", "set", number, "team", "roads");

  /* Refusals say why and write nothing. */
  n = n_timeline (f, number);
  REFUSED (f, 1, "does not allow", "pause", number, "--reason", "lunch", "--date", "2024-04-15");
  REFUSED (f, 1, "at most", "extend", number, "--days", "11", "--reason", "x", "--date",
           "2024-04-10");
  REFUSED (f, 1, "legal basis", "decide", number, "--type", "grant", "--mandate", "Mayor",
           "--rationale", "Fits", "--effect-date", "2024-11-14");
  REFUSED (f, 2, "Give", "handover", "offer", number);
  REFUSED (f, 2, "Give", "clock");
  g_assert_cmpint (n_timeline (f, number), ==, n);

  /* Worked example 1: the pause moves the time limit to 6 May 2024. */
  OK (f, "pause", number, "--reason", "missing-information", "--date", "2024-04-15");
  OK (f, "resume", number, "--date", "2024-04-22");
  govserv (f, &clock, "hub", "clock", number, "--today", "2024-04-23", "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (obj (&clock), "legal"), "deadline"), ==,
                   "2024-05-06");
  govserv (f, &audit, "hub", "clock", number, "--today", "2024-04-23", NULL);
  g_assert_nonnull (strstr (audit.out, "Time limit: 20 working days"));
  g_assert_nonnull (strstr (audit.out, "not counted, paused (waiting for the applicant"));

  OK (f, "decide", number, "--type", "grant", "--mandate", "Mayor", "--law", "Wabo",
      "--article", "2.1", "--law-version", "2024-01-01", "--rationale", "Fits",
      "--effect-date", "2024-11-14");
  govserv (f, &decisions, "hub", "decision", "list", number, "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_node_get_array (decisions.json), 0),
                     "objection_deadline"), ==, "2024-12-27");

  OK (f, "handover", "offer", number, "--to-team", "parks", "--reason", "Parks handles sheds",
      "--first-steps", "Visit the site", "--promise", "Call back Friday");
  REFUSED (f, 1, "offered to team parks", "handover", "accept", number, "--team", "lights");
  OK (f, "handover", "accept", number, "--team", "parks");
  govserv (f, &state, "hub", "handover", "show", number, "--json", NULL);
  g_assert_cmpstr (json_object_get_string_member (obj (&state), "owner_team"), ==, "parks");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/cli-resp/flow", Fixture, NULL, set_up, test_flow, tear_down);
  return g_test_run ();
}
