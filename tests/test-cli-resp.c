/* test-cli-resp.c: handover, decision and clock verbs through the real binary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  char *dir;
  char *pass_file;
} Fixture;

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
  g_clear_pointer (&r->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs govserv --replica DIR/NAME --passphrase-file F ARGS… */
static void
govserv (Fixture    *f,
         Run        *r,
         const char *replica,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  va_list ap;

  g_ptr_array_add (argv, g_strdup (g_getenv ("GOVSERV")));
  g_ptr_array_add (argv, g_strdup ("--replica"));
  g_ptr_array_add (argv, g_build_filename (f->dir, replica, NULL));
  g_ptr_array_add (argv, g_strdup ("--passphrase-file"));
  g_ptr_array_add (argv, g_strdup (f->pass_file));
  va_start (ap, replica);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    {
      json |= g_str_equal (a, "--json");
      g_ptr_array_add (argv, g_strdup (a));
    }
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  r->status = WEXITSTATUS (r->status);
  if (json && r->out[0] != '\0')
    {
      r->json = json_from_string (r->out, &error);
      g_assert_no_error (error);
    }
}

static JsonObject *
obj (Run *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

static void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gov-cli-resp-XXXXXX", &error);
  g_assert_no_error (error);
  f->pass_file = g_build_filename (f->dir, "pass", NULL);
  g_file_set_contents (f->pass_file, "correct horse\n", -1, &error);
  g_assert_no_error (error);
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->pass_file);
}
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
