/* test-cli.c: the govserv command line as scripts use it
 *
 * Runs the real binary named by $GOVSERV.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_govserv (Run        *r,
             const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *exe = g_getenv ("GOVSERV");
  va_list ap;

  g_assert_nonnull (exe);
  g_ptr_array_add (argv, (gpointer) exe);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  r->status = WEXITSTATUS (r->status);
}

static void
test_help (void)
{
  g_auto(Run) r = { 0 };

  run_govserv (&r, "--help", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Usage: govserv"));
  g_assert_nonnull (strstr (r.out, "--replica DIR"));
  g_assert_nonnull (strstr (r.out, "--passphrase-file FILE"));
  g_assert_nonnull (strstr (r.out, "  version"));
}

static void
test_version (void)
{
  g_auto(Run) plain = { 0 };
  g_auto(Run) json = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  run_govserv (&plain, "--version", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_true (g_str_has_prefix (plain.out, "govserv "));

  run_govserv (&json, "version", "--json", NULL);
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "govserv");
  g_assert_cmpstr (json_object_get_string_member (obj, "version"), ==,
                   g_strstrip (plain.out) + strlen ("govserv "));
}

static void
test_unknown_verb (void)
{
  g_auto(Run) r = { 0 };

  run_govserv (&r, "frobnicate", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "unknown verb"));
  g_assert_nonnull (strstr (r.err, "frobnicate"));
  g_assert_cmpstr (r.out, ==, "");
}

static void
test_usage_errors (void)
{
  g_auto(Run) bad_option = { 0 };
  g_auto(Run) extra_arg = { 0 };
  g_auto(Run) no_value = { 0 };

  run_govserv (&bad_option, "version", "--no-such-option", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_nonnull (strstr (bad_option.err, "--no-such-option"));

  run_govserv (&extra_arg, "version", "surplus", NULL);
  g_assert_cmpint (extra_arg.status, ==, 2);

  run_govserv (&no_value, "version", "--replica", NULL);
  g_assert_cmpint (no_value.status, ==, 2);
  g_assert_nonnull (strstr (no_value.err, "--replica"));
}

static void
test_global_options_anywhere (void)
{
  g_auto(Run) before = { 0 };
  g_auto(Run) after = { 0 };

  run_govserv (&before, "--replica", "/nonexistent", "version", NULL);
  run_govserv (&after, "version", "--replica=/nonexistent", NULL);
  g_assert_cmpint (before.status, ==, 0);
  g_assert_cmpint (after.status, ==, 0);
  g_assert_cmpstr (before.out, ==, after.out);
}

/* Keys and ids are base64url: one in 64 begins with '-'. Such a word is an
 * argument, not an unknown option; so is any word after "--". A one-letter
 * option stays an unknown option. */
static void
test_dash_arguments (void)
{
  g_auto(Run) word = { 0 };
  g_auto(Run) separated = { 0 };
  g_auto(Run) letter = { 0 };
  g_auto(Run) surplus = { 0 };

  run_govserv (&word, "--replica", "/nonexistent", "case", "show", "-Xb3_k", NULL);
  g_assert_cmpint (word.status, ==, 1);
  g_assert_null (strstr (word.err, "Unknown option"));

  run_govserv (&separated, "--replica", "/nonexistent", "case", "show", "--json", "--", "-x",
               NULL);
  g_assert_cmpint (separated.status, ==, 1);
  g_assert_null (strstr (separated.err, "Unknown option"));

  run_govserv (&letter, "--replica", "/nonexistent", "case", "show", "-x", NULL);
  g_assert_cmpint (letter.status, ==, 2);
  g_assert_nonnull (strstr (letter.err, "Unknown option -x"));

  run_govserv (&surplus, "version", "-Xb3_k", NULL);
  g_assert_cmpint (surplus.status, ==, 2);
  g_assert_null (strstr (surplus.err, "Unknown option"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/unknown-verb", test_unknown_verb);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/global-options-anywhere", test_global_options_anywhere);
  g_test_add_func ("/cli/dash-arguments", test_dash_arguments);

  return g_test_run ();
}
