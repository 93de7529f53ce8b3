#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses every verb uses. */
#define GOV_CLI_OK      0
#define GOV_CLI_FAILED  1
#define GOV_CLI_USAGE   2

typedef struct _GovCliContext GovCliContext;

/**
 * GovCliVerb:
 * @name: the verb as typed, one or two words ("init", "case new")
 * @args: the argument synopsis shown by --help, or %NULL
 * @summary: one line for `govserv --help`, marked with N_()
 * @run: runs the verb; @argv[0] is the verb name, the rest its arguments
 *   (global options already removed). Returns a GOV_CLI_* status.
 */
typedef struct
{
  const char *name;
  const char *args;
  const char *summary;
  int       (*run) (GovCliContext  *ctx,
                    int             argc,
                    char          **argv);
} GovCliVerb;

int          gov_cli_run                  (int              argc,
                                           char           **argv);
gboolean     gov_cli_is_verb              (const char      *word);

/* Global options, parsed by the dispatcher. */
const char  *gov_cli_get_replica_dir      (GovCliContext   *ctx);
const char  *gov_cli_get_passphrase_file  (GovCliContext   *ctx);
gboolean     gov_cli_get_json             (GovCliContext   *ctx);

/* Parses a verb's own options (--json is always added). Prints the error and
 * the verb's usage on failure; the caller then returns GOV_CLI_USAGE. */
gboolean     gov_cli_parse                (GovCliContext   *ctx,
                                           const GovCliVerb *verb,
                                           GOptionEntry    *entries,
                                           int             *argc,
                                           char          ***argv);

/* Reads the passphrase from --passphrase-file (first line) or, failing
 * that, from the terminal without echo. @confirm asks twice. The result is
 * in sodium_malloc'd memory: free it with gov_cli_passphrase_free(). */
char        *gov_cli_read_passphrase      (GovCliContext   *ctx,
                                           const char      *prompt,
                                           gboolean         confirm,
                                           GError         **error);
void         gov_cli_passphrase_free      (char            *passphrase);

/* Reports @error on stderr (or as {"error": …} with --json) and returns
 * GOV_CLI_FAILED. */
int          gov_cli_fail                 (GovCliContext   *ctx,
                                           const GError    *error);
/* Prints a usage error for @verb and returns GOV_CLI_USAGE. */
int          gov_cli_usage_error          (GovCliContext   *ctx,
                                           const GovCliVerb *verb,
                                           const char      *message);
/* Prints @node as pretty JSON on stdout. */
void         gov_cli_print_json           (GovCliContext   *ctx,
                                           gpointer         json_node);

G_END_DECLS
