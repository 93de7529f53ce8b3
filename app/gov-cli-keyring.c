/* gov-cli-keyring.c: keyring enable|disable|status
 *
 * Opt-in unlock from the desktop keyring (core/gov-keyring.h). enable and
 * disable first unlock the replica with the passphrase; status needs no
 * passphrase and only asks the Secret Service whether the key is there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-cli-verbs.h"
#include "gov-keyring.h"
#include "gov-vault.h"

static int enable_run (GovCliContext *ctx, int argc, char **argv);
static int disable_run (GovCliContext *ctx, int argc, char **argv);
static int status_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb enable_verb = {
  "keyring enable", NULL,
  N_("Let the desktop keyring unlock the replica (GNOME desktops; not on field laptops)"),
  enable_run,
};
static const GovCliVerb disable_verb = {
  "keyring disable", NULL, N_("Stop unlocking from the desktop keyring and delete its key"),
  disable_run,
};
static const GovCliVerb status_verb = {
  "keyring status", NULL, N_("Show whether the desktop keyring can unlock the replica"),
  status_run,
};

const GovCliVerb *const gov_cli_keyring_verbs[] = {
  &enable_verb,
  &disable_verb,
  &status_verb,
  NULL,
};

static GovVault *
open_vault (GovCliContext  *ctx,
            GError        **error)
{
  char *pass = gov_cli_read_passphrase (ctx, _("Passphrase: "), FALSE, error);
  GovVault *vault;

  if (pass == NULL)
    return NULL;
  vault = gov_vault_open (gov_cli_get_replica_dir (ctx), pass, error);
  gov_cli_passphrase_free (pass);
  return vault;
}

static void
print_enabled (GovCliContext *ctx,
               gboolean       enabled,
               const char    *text)
{
  if (gov_cli_get_json (ctx))
    {
      g_autoptr(JsonObject) o = json_object_new ();
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

      json_object_set_boolean_member (o, "enabled", enabled);
      gov_cli_print_json (ctx, node);
    }
  else
    printf ("%s\n", text);
}

/* enable and disable: no arguments, unlock with the passphrase, change. */
static int
change_run (GovCliContext     *ctx,
            const GovCliVerb  *verb,
            gboolean           enable,
            int                argc,
            char             **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovVault) vault = NULL;
  gboolean ok;

  if (!gov_cli_parse (ctx, verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, verb, _("This verb takes no arguments"));

  vault = open_vault (ctx, &error);
  if (vault == NULL)
    return gov_cli_fail (ctx, error);
  ok = enable ? gov_vault_enable_keyring (vault, &error)
              : gov_vault_disable_keyring (vault, &error);
  if (!ok)
    return gov_cli_fail (ctx, error);

  print_enabled (ctx, enable,
                 enable ? _("The desktop keyring now unlocks this replica.")
                        : _("The desktop keyring no longer unlocks this replica."));
  return GOV_CLI_OK;
}

static int
enable_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  return change_run (ctx, &enable_verb, TRUE, argc, argv);
}

static int
disable_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  return change_run (ctx, &disable_verb, FALSE, argc, argv);
}

static int
status_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  const char *dir = gov_cli_get_replica_dir (ctx);
  g_autoptr(GError) error = NULL;
  gboolean enabled, present = FALSE;

  if (!gov_cli_parse (ctx, &status_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &status_verb, _("This verb takes no arguments"));
  if (!gov_vault_exists (dir))
    {
      g_set_error (&error, GOV_VAULT_ERROR, GOV_VAULT_ERROR_NOT_FOUND,
                   _("There is no replica in %s"), dir);
      return gov_cli_fail (ctx, error);
    }

  enabled = gov_keyring_has_slot (dir);
  if (enabled)
    present = gov_keyring_has_secret (dir, &error);

  if (gov_cli_get_json (ctx))
    {
      g_autoptr(JsonObject) o = json_object_new ();
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), o);

      json_object_set_boolean_member (o, "enabled", enabled);
      if (enabled && error == NULL)
        json_object_set_boolean_member (o, "in_keyring", present);
      else
        json_object_set_null_member (o, "in_keyring");
      if (error != NULL)
        json_object_set_string_member (o, "problem", error->message);
      gov_cli_print_json (ctx, node);
    }
  else if (!enabled)
    printf ("%s\n", _("Keyring unlock is off: the replica opens with the passphrase."));
  else if (error != NULL)
    printf (_("Keyring unlock is on, but the keyring cannot be asked: %s\n"), error->message);
  else if (present)
    printf ("%s\n", _("Keyring unlock is on and the key is in the desktop keyring."));
  else
    printf ("%s\n", _("Keyring unlock is on, but the key is missing from the desktop keyring."));
  return GOV_CLI_OK;
}
