/* gov-cli-demo.c: `govserv demo`, a realistic demo office
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-cli-verbs.h"
#include "gov-demo.h"

#define DEFAULT_CASES 300
#define DEFAULT_SEED  2024

static int demo_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb demo_verb = {
  "demo", "[--cases N] [--seed N] [--me NAME]",
  N_("Create a demo office with four months of cases, time limits, decisions, handovers "
     "and one conflict in a new replica"),
  demo_run,
};

const GovCliVerb *const gov_cli_demo_verbs[] = {
  &demo_verb,
  NULL,
};

static void
print_report (GovCliContext       *ctx,
              const char          *dir,
              const GovDemoReport *report)
{
  if (gov_cli_get_json (ctx))
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "replica");
      json_builder_add_string_value (b, dir);
      json_builder_set_member_name (b, "cases");
      json_builder_add_int_value (b, report->n_cases);
      json_builder_set_member_name (b, "overdue");
      json_builder_add_int_value (b, report->n_overdue);
      json_builder_set_member_name (b, "due_within_3_days");
      json_builder_add_int_value (b, report->n_due_soon);
      json_builder_set_member_name (b, "closed");
      json_builder_add_int_value (b, report->n_closed);
      json_builder_set_member_name (b, "conflict_case");
      json_builder_add_string_value (b, report->conflict_number);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      gov_cli_print_json (ctx, root);
      return;
    }

  /* Translators: %u are numbers of cases, %s a case number. */
  printf (_("Demo office created in %s: %u cases, %u overdue, %u due within 3 days, %u closed; "
            "case %s has a conflict.\n"),
          dir, report->n_cases, report->n_overdue, report->n_due_soon, report->n_closed,
          report->conflict_number);
}

static int
demo_run (GovCliContext  *ctx,
          int             argc,
          char          **argv)
{
  int n_cases = DEFAULT_CASES;
  int seed = DEFAULT_SEED;
  g_autofree char *me = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, N_("Create N cases (default 300)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Seed of the content (default 2024)"), N_("N") },
    { "me", 0, 0, G_OPTION_ARG_STRING, &me,
      N_("Assign some cases to NAME (default: your login name)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  GovDemoReport report;
  const char *dir;
  char *passphrase;
  gboolean ok;

  if (!gov_cli_parse (ctx, &demo_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &demo_verb, _("This verb takes no arguments"));
  if (n_cases < 0 || n_cases > 200000)
    return gov_cli_usage_error (ctx, &demo_verb, _("--cases must be between 0 and 200000"));

  dir = gov_cli_get_replica_dir (ctx);
  passphrase = gov_cli_read_passphrase (ctx, _("Passphrase for the demo office: "), TRUE, &error);
  if (passphrase == NULL)
    return gov_cli_fail (ctx, error);

  ok = gov_demo_create (dir, passphrase, n_cases, (guint32) seed, me, &report, &error);
  gov_cli_passphrase_free (passphrase);
  if (!ok)
    return gov_cli_fail (ctx, error);

  print_report (ctx, dir, &report);
  gov_demo_report_clear (&report);
  return GOV_CLI_OK;
}
