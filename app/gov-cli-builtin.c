/* gov-cli-builtin.c: verbs that need no replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-cli-verbs.h"

static int version_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb version_verb = {
  "version", NULL, N_("Print the version of GovServ"), version_run,
};

const GovCliVerb *const gov_cli_builtin_verbs[] = {
  &version_verb,
  NULL,
};

static int
version_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  if (!gov_cli_parse (ctx, &version_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;

  if (argc > 1)
    return gov_cli_usage_error (ctx, &version_verb, _("This verb takes no arguments"));

  if (gov_cli_get_json (ctx))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "govserv");
      json_builder_set_member_name (b, "version");
      json_builder_add_string_value (b, PACKAGE_VERSION);
      json_builder_set_member_name (b, "application_id");
      json_builder_add_string_value (b, APPLICATION_ID);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      gov_cli_print_json (ctx, root);
    }
  else
    {
      printf ("govserv %s\n", PACKAGE_VERSION);
    }

  return GOV_CLI_OK;
}
