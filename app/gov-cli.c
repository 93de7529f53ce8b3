/* gov-cli.c: the one dispatcher for `govserv VERB …`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-cli.h"
#include "gov-cli-verbs.h"

#define MAX_PASSPHRASE 1024

struct _GovCliContext
{
  char     *replica_dir;
  char     *passphrase_file;
  gboolean  json;
};

/* Every verb table, in the order --help lists them. One line each. */
static const GovCliVerb *const *verb_tables[] = {
  gov_cli_builtin_verbs,
  gov_cli_replica_verbs,
  gov_cli_case_verbs,
  gov_cli_demo_verbs,
  gov_cli_vault_verbs,
  gov_cli_resp_verbs,
  gov_cli_keyring_verbs,
};

static const GovCliVerb *
find_verb (int    argc,
           char **argv,
           int   *n_words)
{
  for (guint t = 0; t < G_N_ELEMENTS (verb_tables); t++)
    for (const GovCliVerb *const *v = verb_tables[t]; *v != NULL; v++)
      {
        g_auto(GStrv) words = g_strsplit ((*v)->name, " ", 2);
        guint n = g_strv_length (words);

        if ((int) n > argc)
          continue;
        if (g_strcmp0 (words[0], argv[0]) != 0)
          continue;
        if (n == 2 && g_strcmp0 (words[1], argv[1]) != 0)
          continue;

        *n_words = n;
        return *v;
      }

  return NULL;
}

gboolean
gov_cli_is_verb (const char *word)
{
  for (guint t = 0; t < G_N_ELEMENTS (verb_tables); t++)
    for (const GovCliVerb *const *v = verb_tables[t]; *v != NULL; v++)
      {
        const char *space = strchr ((*v)->name, ' ');
        gsize len = space ? (gsize) (space - (*v)->name) : strlen ((*v)->name);

        if (strlen (word) == len && strncmp (word, (*v)->name, len) == 0)
          return TRUE;
      }

  return FALSE;
}

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n", _("Usage: govserv [--replica DIR] [--passphrase-file FILE] VERB [ARGS…] [--json]"));
  fprintf (out, "       %s\n\n", _("govserv [--replica DIR] [--passphrase-file FILE]   (opens the window)"));
  fprintf (out, "%s\n", _("Global options:"));
  fprintf (out, "  %-28s %s\n", "--replica DIR", _("Replica folder (default: the user data folder)"));
  fprintf (out, "  %-28s %s\n", "--passphrase-file FILE", _("Read the passphrase from the first line of FILE"));
  fprintf (out, "  %-28s %s\n", "--json", _("Machine-readable output (every verb)"));
  fprintf (out, "  %-28s %s\n", "--version", _("Print the version and exit"));
  fprintf (out, "  %-28s %s\n\n", "--help", _("Print this help and exit"));
  fprintf (out, "%s\n", _("Verbs:"));

  for (guint t = 0; t < G_N_ELEMENTS (verb_tables); t++)
    for (const GovCliVerb *const *v = verb_tables[t]; *v != NULL; v++)
      {
        g_autofree char *synopsis = g_strdup_printf ("%s%s%s", (*v)->name,
                                                     (*v)->args ? " " : "",
                                                     (*v)->args ? (*v)->args : "");
        fprintf (out, "  %-28s %s\n", synopsis, _((*v)->summary));
      }

  fprintf (out, "\n%s\n", _("Run “govserv VERB --help” for a verb’s options. See docs/cli.md."));
}

/* Pulls the global options out of argv wherever they stand, so that
 * "govserv --replica D case list" and "govserv case list --replica D" agree. */
static char **
global_option_target (GovCliContext *ctx,
                      const char    *arg,
                      gboolean      *inline_value)
{
  static const struct { const char *name; gsize offset; } options[] = {
    { "--replica", G_STRUCT_OFFSET (GovCliContext, replica_dir) },
    { "--passphrase-file", G_STRUCT_OFFSET (GovCliContext, passphrase_file) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      gsize len = strlen (options[i].name);

      if (strncmp (arg, options[i].name, len) != 0 || (arg[len] != '\0' && arg[len] != '='))
        continue;

      *inline_value = arg[len] == '=';
      return G_STRUCT_MEMBER_P (ctx, options[i].offset);
    }

  return NULL;
}

/* Pulls the global options out of argv wherever they stand, so that
 * "govserv --replica D case list" and "govserv case list --replica D" agree.
 * @argv owns its strings; consumed ones are freed and the rest compacted. */
static gboolean
take_global_options (GovCliContext  *ctx,
                     int            *argc,
                     char          **argv,
                     GError        **error)
{
  gboolean ok = TRUE;
  int out = 0;
  int i;

  for (i = 0; i < *argc && ok; i++)
    {
      gboolean inline_value = FALSE;
      char **target = global_option_target (ctx, argv[i], &inline_value);
      const char *value;

      if (target == NULL)
        {
          argv[out++] = argv[i];
          continue;
        }

      value = inline_value ? strchr (argv[i], '=') + 1 : (i + 1 < *argc ? argv[i + 1] : NULL);
      if (value == NULL || *value == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Option %s needs a value"), argv[i]);
          ok = FALSE;
          argv[out++] = argv[i];
          continue;
        }

      g_free (*target);
      *target = g_strdup (value);
      g_free (argv[i]);
      if (!inline_value)
        g_free (argv[++i]);
    }

  /* Keep what was not looked at (after an error) so the vector still owns it. */
  for (; i < *argc; i++)
    argv[out++] = argv[i];
  for (i = out; i < *argc; i++)
    argv[i] = NULL;

  *argc = out;
  return ok;
}

static char *
default_replica_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "govserv", NULL);
}

const char *
gov_cli_get_replica_dir (GovCliContext *ctx)
{
  if (ctx->replica_dir == NULL)
    ctx->replica_dir = default_replica_dir ();

  return ctx->replica_dir;
}

const char *
gov_cli_get_passphrase_file (GovCliContext *ctx)
{
  return ctx->passphrase_file;
}

gboolean
gov_cli_get_json (GovCliContext *ctx)
{
  return ctx->json;
}

/* Whether the long option in @arg ("--name", no "=") takes the next word
 * as its value. */
static gboolean
takes_value (const GOptionEntry *entries,
             const char         *arg)
{
  if (entries == NULL || !g_str_has_prefix (arg, "--") || strchr (arg, '=') != NULL)
    return FALSE;
  for (const GOptionEntry *e = entries; e->long_name != NULL; e++)
    if (g_str_equal (arg + 2, e->long_name))
      return e->arg != G_OPTION_ARG_NONE;
  return FALSE;
}

/* Keys and ids are base64url, so one in 64 begins with '-', and GOption
 * would read it as a group of short options ("Unknown option"). No verb
 * has short options: a word of one dash and more than one letter ("-h" is
 * help) is an argument. Each is swapped for a placeholder GOption leaves
 * alone, and put back by restore_dash_words(). */
static void
hide_dash_words (GOptionEntry *entries,
                 int           argc,
                 char        **argv,
                 GPtrArray    *placeholders,
                 GPtrArray    *originals)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        break;
      if (takes_value (entries, argv[i]))
        {
          i++;
          continue;
        }
      if (argv[i][0] == '-' && argv[i][1] != '-' && strlen (argv[i]) > 2)
        {
          char *mark = g_strdup_printf ("placeholder-%u", originals->len);

          g_ptr_array_add (originals, argv[i]);
          g_ptr_array_add (placeholders, mark);
          argv[i] = mark;
        }
    }
}

/* By pointer: a word the user typed may look like a placeholder. */
static void
restore_dash_words (int        argc,
                    char     **argv,
                    GPtrArray *placeholders,
                    GPtrArray *originals)
{
  for (int i = 1; i < argc; i++)
    for (guint j = 0; j < placeholders->len; j++)
      if (argv[i] == placeholders->pdata[j])
        argv[i] = originals->pdata[j];
}

/* GOption stops at "--" but leaves it in argv: drop the first one, so
 * that `verb -- WORD` has WORD as its first argument. */
static void
drop_separator (int   *argc,
                char **argv)
{
  for (int i = 1; i < *argc; i++)
    if (g_str_equal (argv[i], "--"))
      {
        memmove (argv + i, argv + i + 1, sizeof (char *) * (*argc - i));
        (*argc)--;
        return;
      }
}

gboolean
gov_cli_parse (GovCliContext     *ctx,
               const GovCliVerb  *verb,
               GOptionEntry      *entries,
               int               *argc,
               char            ***argv)
{
  g_autoptr(GPtrArray) placeholders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) originals = g_ptr_array_new ();
  gboolean ok;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = NULL;
  GOptionEntry json_entry[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &ctx->json, N_("Machine-readable output"), NULL },
    { NULL }
  };

  usage = g_strdup_printf ("%s%s%s", verb->name, verb->args ? " " : "",
                           verb->args ? verb->args : "");
  context = g_option_context_new (usage);
  g_option_context_set_summary (context, _(verb->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_help_enabled (context, TRUE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, json_entry, GETTEXT_PACKAGE);

  hide_dash_words (entries, *argc, *argv, placeholders, originals);
  ok = g_option_context_parse (context, argc, argv, &error);
  restore_dash_words (*argc, *argv, placeholders, originals);
  if (!ok)
    {
      gov_cli_usage_error (ctx, verb, error->message);
      return FALSE;
    }
  drop_separator (argc, *argv);

  return TRUE;
}

int
gov_cli_usage_error (GovCliContext    *ctx,
                     const GovCliVerb *verb,
                     const char       *message)
{
  fprintf (stderr, "govserv %s: %s\n", verb->name, message);
  fprintf (stderr, _("Usage: govserv %s%s%s\n"), verb->name, verb->args ? " " : "",
           verb->args ? verb->args : "");
  fprintf (stderr, _("Run “govserv %s --help” for details.\n"), verb->name);
  return GOV_CLI_USAGE;
}

void
gov_cli_print_json (GovCliContext *ctx,
                    gpointer       json_node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, json_node);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

int
gov_cli_fail (GovCliContext *ctx,
              const GError  *error)
{
  if (ctx->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_add_string_value (b, error->message);
      json_builder_set_member_name (b, "domain");
      json_builder_add_string_value (b, g_quark_to_string (error->domain));
      json_builder_set_member_name (b, "code");
      json_builder_add_int_value (b, error->code);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      gov_cli_print_json (ctx, root);
    }

  fprintf (stderr, "govserv: %s\n", error->message);
  return GOV_CLI_FAILED;
}

static char *
read_line_secure (FILE    *in,
                  GError **error)
{
  char *buf = sodium_malloc (MAX_PASSPHRASE);
  gsize len;

  if (buf == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                           _("Could not allocate protected memory for the passphrase"));
      return NULL;
    }

  if (fgets (buf, MAX_PASSPHRASE, in) == NULL)
    {
      sodium_free (buf);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("No passphrase was given"));
      return NULL;
    }

  len = strcspn (buf, "\r\n");
  buf[len] = '\0';
  return buf;
}

static char *
read_passphrase_file (const char  *path,
                      GError     **error)
{
  FILE *in = fopen (path, "re");
  char *pass;

  if (in == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read the passphrase file %s: %s"), path, g_strerror (saved));
      return NULL;
    }

  pass = read_line_secure (in, error);
  fclose (in);
  return pass;
}

static char *
prompt_terminal (const char  *prompt,
                 GError     **error)
{
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO) && tcgetattr (STDIN_FILENO, &saved) == 0;
  char *pass;

  fprintf (stderr, "%s", prompt);
  fflush (stderr);

  if (tty)
    {
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }

  pass = read_line_secure (stdin, error);

  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      fprintf (stderr, "\n");
    }

  return pass;
}

void
gov_cli_passphrase_free (char *passphrase)
{
  if (passphrase != NULL)
    sodium_free (passphrase);   /* sodium_free wipes before it frees */
}

char *
gov_cli_read_passphrase (GovCliContext  *ctx,
                         const char     *prompt,
                         gboolean        confirm,
                         GError        **error)
{
  char *first;
  char *second;

  if (ctx->passphrase_file != NULL)
    return read_passphrase_file (ctx->passphrase_file, error);

  if (!isatty (STDIN_FILENO))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("No terminal to ask the passphrase on; use --passphrase-file FILE"));
      return NULL;
    }

  first = prompt_terminal (prompt, error);
  if (first == NULL || !confirm)
    return first;

  second = prompt_terminal (_("Repeat the passphrase: "), error);
  if (second == NULL)
    {
      gov_cli_passphrase_free (first);
      return NULL;
    }

  if (strcmp (first, second) != 0)
    {
      gov_cli_passphrase_free (first);
      gov_cli_passphrase_free (second);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The passphrases do not match"));
      return NULL;
    }

  gov_cli_passphrase_free (second);
  return first;
}

static void
context_free (GovCliContext *ctx)
{
  g_free (ctx->replica_dir);
  g_free (ctx->passphrase_file);
  g_free (ctx);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovCliContext, context_free)

/**
 * gov_cli_run:
 * @argc: argument count, program name included
 * @argv: arguments
 *
 * Runs one verb (or --help/--version) and returns the process exit status.
 */
int
gov_cli_run (int    argc,
             char **argv)
{
  g_autoptr(GovCliContext) ctx = g_new0 (GovCliContext, 1);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  const GovCliVerb *verb;
  int n_args = argc - 1;
  int n_words = 0;

  for (int i = 1; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);

  if (!take_global_options (ctx, &n_args, args, &error))
    {
      fprintf (stderr, "govserv: %s\n", error->message);
      return GOV_CLI_USAGE;
    }

  if (n_args == 0 || g_str_equal (args[0], "--help") || g_str_equal (args[0], "-h") ||
      g_str_equal (args[0], "help"))
    {
      print_help (stdout);
      return n_args == 0 ? GOV_CLI_USAGE : GOV_CLI_OK;
    }

  /* "--version" is the conventional spelling of the "version" verb. */
  if (g_str_equal (args[0], "--version"))
    {
      g_free (args[0]);
      args[0] = g_strdup ("version");
    }

  verb = find_verb (n_args, args, &n_words);
  if (verb == NULL)
    {
      fprintf (stderr, _("govserv: unknown verb “%s”\n"), args[0]);
      fprintf (stderr, "%s\n", _("Run “govserv --help” for the list of verbs."));
      return GOV_CLI_USAGE;
    }

  /* Hand the verb its words as argv[0] so GOptionContext prints "govserv case new". */
  {
    int sub_argc = n_args - n_words + 1;
    g_autofree char **sub_argv = g_new0 (char *, sub_argc + 1);

    sub_argv[0] = (char *) verb->name;
    for (int i = n_words; i < n_args; i++)
      sub_argv[i - n_words + 1] = args[i];

    return verb->run (ctx, sub_argc, sub_argv);
  }
}
