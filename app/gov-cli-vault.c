/* gov-cli-vault.c: passwd, check, backup, recovery-code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-cli-verbs.h"
#include "gov-vault.h"

static int passwd_run (GovCliContext *ctx, int argc, char **argv);
static int check_run (GovCliContext *ctx, int argc, char **argv);
static int backup_run (GovCliContext *ctx, int argc, char **argv);
static int recovery_code_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb passwd_verb = {
  "passwd", N_("[--new-passphrase-file FILE] [--interactive-kdf]"),
  N_("Change the replica passphrase (rewrites only the key file)"), passwd_run,
};
static const GovCliVerb check_verb = {
  "check", NULL, N_("Authenticate every page and check the database structure"), check_run,
};
static const GovCliVerb backup_verb = {
  "backup", N_("--to DIR"), N_("Write a consistent encrypted copy of the replica"), backup_run,
};
static const GovCliVerb recovery_code_verb = {
  "recovery-code", NULL, N_("Make a new recovery code (the old one stops working)"),
  recovery_code_run,
};

const GovCliVerb *const gov_cli_vault_verbs[] = {
  &passwd_verb,
  &check_verb,
  &backup_verb,
  &recovery_code_verb,
  NULL,
};

typedef char Passphrase;

static void
passphrase_free (Passphrase *p)
{
  gov_cli_passphrase_free (p);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Passphrase, passphrase_free)

/* First line of @path, in sodium_malloc'd memory. */
static char *
read_first_line (const char  *path,
                 GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0, line;
  char *pass;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  line = strcspn (data, "\r\n");
  pass = sodium_malloc (line + 1);
  g_assert (pass != NULL);
  memcpy (pass, data, line);
  pass[line] = '\0';
  sodium_memzero (data, len);
  return pass;
}

static GovVault *
open_vault (GovCliContext  *ctx,
            char          **passphrase_out,
            GError        **error)
{
  g_autoptr(Passphrase) pass = gov_cli_read_passphrase (ctx, _("Passphrase: "), FALSE, error);
  GovVault *vault;

  if (pass == NULL)
    return NULL;
  vault = gov_vault_open (gov_cli_get_replica_dir (ctx), pass, error);
  if (vault != NULL && passphrase_out != NULL)
    *passphrase_out = g_steal_pointer (&pass);
  return vault;
}

static JsonNode *
object_node (JsonObject *o)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  json_object_unref (o);
  return node;
}

static int
passwd_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  g_autofree char *new_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  g_autoptr(Passphrase) old_pass = NULL;
  g_autoptr(Passphrase) new_pass = NULL;
  gboolean interactive = FALSE;
  GOptionEntry entries[] = {
    { "new-passphrase-file", 0, 0, G_OPTION_ARG_FILENAME, &new_file,
      N_("Read the new passphrase from the first line of FILE"), N_("FILE") },
    { "interactive-kdf", 0, 0, G_OPTION_ARG_NONE, &interactive,
      N_("Faster key derivation for low-memory laptops (64 MiB instead of 256 MiB)"), NULL },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &passwd_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &passwd_verb, _("This verb takes no arguments"));
  if (new_file == NULL && gov_cli_get_passphrase_file (ctx) != NULL)
    return gov_cli_usage_error (ctx, &passwd_verb,
                                _("With --passphrase-file, give the new one with --new-passphrase-file"));

  vault = open_vault (ctx, &old_pass, &error);
  if (vault == NULL)
    return gov_cli_fail (ctx, error);

  new_pass = new_file != NULL ? read_first_line (new_file, &error)
                              : gov_cli_read_passphrase (ctx, _("New passphrase: "), TRUE, &error);
  if (new_pass == NULL)
    return gov_cli_fail (ctx, error);
  if (*new_pass == '\0')
    return gov_cli_usage_error (ctx, &passwd_verb, _("The new passphrase is empty"));

  if (!gov_vault_change_passphrase (vault, old_pass, new_pass,
                                    interactive ? GOV_KDF_STRENGTH_INTERACTIVE
                                                : GOV_KDF_STRENGTH_MODERATE,
                                    &error))
    return gov_cli_fail (ctx, error);

  if (gov_cli_get_json (ctx))
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) node = object_node (o);

      json_object_set_boolean_member (o, "changed", TRUE);
      gov_cli_print_json (ctx, node);
    }
  else
    printf ("%s\n", _("The passphrase was changed."));

  return GOV_CLI_OK;
}

static int
check_run (GovCliContext  *ctx,
           int             argc,
           char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) damage = NULL;
  g_autoptr(GovVault) vault = NULL;
  g_autofree char *report = NULL;
  gboolean healthy;

  if (!gov_cli_parse (ctx, &check_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &check_verb, _("This verb takes no arguments"));

  vault = open_vault (ctx, NULL, &error);
  if (vault == NULL)
    return gov_cli_fail (ctx, error);

  healthy = gov_vault_check (vault, &report, &damage);
  if (!healthy && !g_error_matches (damage, GOV_VAULT_ERROR, GOV_VAULT_ERROR_DAMAGED))
    return gov_cli_fail (ctx, damage);

  if (gov_cli_get_json (ctx))
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) node = object_node (o);

      json_object_set_boolean_member (o, "healthy", healthy);
      json_object_set_string_member (o, "report", report != NULL ? report : "");
      if (!healthy)
        json_object_set_string_member (o, "error", damage->message);
      gov_cli_print_json (ctx, node);
    }
  else
    {
      fputs (report != NULL ? report : "", stdout);
      if (healthy)
        printf ("%s\n", _("The replica is healthy."));
      else
        fprintf (stderr, "%s\n", damage->message);
    }

  return healthy ? GOV_CLI_OK : GOV_CLI_FAILED;
}

static int
backup_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  g_autofree char *dest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &dest,
      N_("A new or empty directory for the copy"), N_("DIR") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &backup_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &backup_verb, _("This verb takes no arguments"));
  if (dest == NULL)
    return gov_cli_usage_error (ctx, &backup_verb, _("Say where to write the copy with --to DIR"));

  vault = open_vault (ctx, NULL, &error);
  if (vault == NULL || !gov_vault_backup (vault, dest, &error))
    return gov_cli_fail (ctx, error);

  if (gov_cli_get_json (ctx))
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) node = object_node (o);

      json_object_set_string_member (o, "backup", dest);
      gov_cli_print_json (ctx, node);
    }
  else
    printf (_("Backed up to %s. It opens with the same passphrase and recovery code.\n"), dest);

  return GOV_CLI_OK;
}

static int
recovery_code_run (GovCliContext  *ctx,
                   int             argc,
                   char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  g_autofree char *code = NULL;

  if (!gov_cli_parse (ctx, &recovery_code_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &recovery_code_verb, _("This verb takes no arguments"));

  vault = open_vault (ctx, NULL, &error);
  if (vault == NULL || !gov_vault_regenerate_recovery_code (vault, &code, &error))
    return gov_cli_fail (ctx, error);

  if (gov_cli_get_json (ctx))
    {
      JsonObject *o = json_object_new ();
      g_autoptr(JsonNode) node = object_node (o);

      json_object_set_string_member (o, "recovery_code", code);
      gov_cli_print_json (ctx, node);
    }
  else
    printf (_("New recovery code (shown once; write it down and keep it apart from the "
              "laptop):\n\n    %s\n\nThe previous recovery code no longer works.\n"), code);

  sodium_memzero (code, strlen (code));
  return GOV_CLI_OK;
}
