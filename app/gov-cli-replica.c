/* gov-cli-replica.c: init, device, routing, events, quarantine, verify, rebuild
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-bundle.h"
#include "gov-case.h"
#include "gov-cli-ledger.h"
#include "gov-cli-verbs.h"
#include "gov-projection.h"
#include "gov-replica.h"

static int init_run (GovCliContext *ctx, int argc, char **argv);
static int office_show_run (GovCliContext *ctx, int argc, char **argv);
static int device_enroll_run (GovCliContext *ctx, int argc, char **argv);
static int routing_list_run (GovCliContext *ctx, int argc, char **argv);
static int routing_add_run (GovCliContext *ctx, int argc, char **argv);
static int routing_remove_run (GovCliContext *ctx, int argc, char **argv);
static int events_export_run (GovCliContext *ctx, int argc, char **argv);
static int events_import_run (GovCliContext *ctx, int argc, char **argv);
static int quarantine_list_run (GovCliContext *ctx, int argc, char **argv);
static int verify_run (GovCliContext *ctx, int argc, char **argv);
static int rebuild_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb init_verb = {
  "init", N_("--office NAME --code CODE | --join ROOT_KEY [--interactive-kdf]"),
  N_("Create a replica: a new office, or a device joining one"), init_run,
};
static const GovCliVerb office_show_verb = {
  "office show", NULL, N_("Show this office, its fingerprint and this device"), office_show_run,
};
static const GovCliVerb device_enroll_verb = {
  "device enroll", N_("DEVICE_KEY [--role ROLE] [--user NAME]"),
  N_("Certify another device for this office (hub only)"), device_enroll_run,
};
static const GovCliVerb routing_list_verb = {
  "routing list", NULL, N_("List the routing rules"), routing_list_run,
};
static const GovCliVerb routing_add_verb = {
  "routing add", N_("--team TEAM [--domain D] [--category C] [--area A]"),
  N_("Add a routing rule"), routing_add_run,
};
static const GovCliVerb routing_remove_verb = {
  "routing remove", N_("RULE_ID"), N_("Remove a routing rule"), routing_remove_run,
};
static const GovCliVerb events_export_verb = {
  "events export", N_("FILE [--case NUMBER]"), N_("Write signed events to a bundle file"),
  events_export_run,
};
static const GovCliVerb events_import_verb = {
  "events import", N_("FILE"), N_("Verify and apply the events of a bundle file"),
  events_import_run,
};
static const GovCliVerb quarantine_list_verb = {
  "quarantine list", NULL, N_("List refused events and why"), quarantine_list_run,
};
static const GovCliVerb verify_verb = {
  "verify", N_("[--case NUMBER]"),
  N_("Check every signature, hash link and authority rule"), verify_run,
};
static const GovCliVerb rebuild_verb = {
  "rebuild", NULL, N_("Rebuild every view from the signed events"), rebuild_run,
};

const GovCliVerb *const gov_cli_replica_verbs[] = {
  &init_verb,
  &office_show_verb,
  &device_enroll_verb,
  &routing_list_verb,
  &routing_add_verb,
  &routing_remove_verb,
  &events_export_verb,
  &events_import_verb,
  &quarantine_list_verb,
  &verify_verb,
  &rebuild_verb,
  NULL,
};

/**
 * gov_cli_open_replica:
 * @ctx: the CLI context
 * @error: return location
 *
 * Opens the replica named by --replica with the passphrase from
 * --passphrase-file or the terminal. The actor is $GOVSERV_ACTOR when set.
 *
 * Returns: (transfer full) (nullable): the replica
 */
GovReplica *
gov_cli_open_replica (GovCliContext  *ctx,
                      GError        **error)
{
  char *pass = gov_cli_read_passphrase (ctx, _("Passphrase: "), FALSE, error);
  GovReplica *replica;

  if (pass == NULL)
    return NULL;
  replica = gov_replica_open (gov_cli_get_replica_dir (ctx), pass, error);
  gov_cli_passphrase_free (pass);

  if (replica != NULL && g_getenv ("GOVSERV_ACTOR") != NULL)
    gov_replica_set_actor (replica, g_getenv ("GOVSERV_ACTOR"));

  return replica;
}

/* Prints @node with --json, else @text; consumes neither. */
int
gov_cli_print_value (GovCliContext *ctx,
                     JsonNode      *node,
                     const char    *text)
{
  if (gov_cli_get_json (ctx))
    gov_cli_print_json (ctx, node);
  else if (text != NULL)
    printf ("%s\n", text);

  return GOV_CLI_OK;
}

static JsonNode *
object_node (JsonObject *o)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  json_object_unref (o);
  return node;
}

static void
set_nullable (JsonObject *o,
              const char *name,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, name, value);
  else
    json_object_set_null_member (o, name);
}

static JsonNode *
office_json (GovReplica *r)
{
  GovIdentity *id = gov_replica_get_identity (r);
  JsonObject *o = json_object_new ();
  g_autofree char *name = gov_replica_dup_office_name (r);
  g_autofree char *code = gov_replica_dup_office_code (r);
  g_autofree char *root = gov_replica_dup_office_root_pk (r);
  g_autofree char *short_id = gov_replica_dup_device_short_id (r);

  json_object_set_string_member (o, "replica", gov_replica_get_dir (r));
  json_object_set_string_member (o, "office_id", gov_identity_get_office_id (id));
  set_nullable (o, "office_name", name);
  set_nullable (o, "office_code", code);
  json_object_set_string_member (o, "fingerprint", gov_identity_get_fingerprint (id));
  json_object_set_string_member (o, "office_root_key", root);
  json_object_set_string_member (o, "device_key", gov_identity_get_device_pk_b64 (id));
  set_nullable (o, "device_short_id", short_id);
  json_object_set_boolean_member (o, "hub", gov_identity_has_root_key (id));

  return object_node (o);
}

static void
print_office (GovReplica *r)
{
  GovIdentity *id = gov_replica_get_identity (r);
  g_autofree char *name = gov_replica_dup_office_name (r);
  g_autofree char *code = gov_replica_dup_office_code (r);
  g_autofree char *root = gov_replica_dup_office_root_pk (r);
  g_autofree char *short_id = gov_replica_dup_device_short_id (r);

  printf (_("Office:       %s (%s)\n"), name != NULL ? name : _("not yet known"),
          code != NULL ? code : "–");
  printf (_("Office id:    %s\n"), gov_identity_get_office_id (id));
  printf (_("Fingerprint:  %s\n"), gov_identity_get_fingerprint (id));
  printf (_("Root key:     %s\n"), root);
  printf (_("Device key:   %s\n"), gov_identity_get_device_pk_b64 (id));
  printf (_("Device:       %s\n"), short_id != NULL ? short_id : _("not certified yet"));
}

static int
init_run (GovCliContext  *ctx,
          int             argc,
          char          **argv)
{
  g_autofree char *office = NULL;
  g_autofree char *code = NULL;
  g_autofree char *join = NULL;
  gboolean interactive = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *recovery = NULL;
  g_autoptr(JsonNode) node = NULL;
  GovKdfStrength strength;
  char *pass;
  GOptionEntry entries[] = {
    { "office", 0, 0, G_OPTION_ARG_STRING, &office, N_("Name of the new office"), N_("NAME") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Short office code, e.g. HRB"), N_("CODE") },
    { "join", 0, 0, G_OPTION_ARG_STRING, &join, N_("Join the office with this root key"),
      N_("ROOT_KEY") },
    { "interactive-kdf", 0, 0, G_OPTION_ARG_NONE, &interactive,
      N_("Cheaper passphrase hashing, for low-memory field laptops"), NULL },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &init_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1 || (join == NULL) == (office == NULL || code == NULL))
    return gov_cli_usage_error (ctx, &init_verb,
                                _("Give --office and --code, or --join, and no other arguments"));

  strength = interactive ? GOV_KDF_STRENGTH_INTERACTIVE : GOV_KDF_STRENGTH_MODERATE;
  pass = gov_cli_read_passphrase (ctx, _("New passphrase: "), TRUE, &error);
  if (pass == NULL)
    return gov_cli_fail (ctx, error);
  if (join != NULL)
    r = gov_replica_create_joining (gov_cli_get_replica_dir (ctx), pass, join, strength,
                                    &recovery, &error);
  else
    r = gov_replica_create (gov_cli_get_replica_dir (ctx), pass, office, code, strength,
                            &recovery, &error);
  gov_cli_passphrase_free (pass);
  if (r == NULL)
    return gov_cli_fail (ctx, error);

  node = office_json (r);
  set_nullable (json_node_get_object (node), "recovery_code", recovery);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, node, NULL);

  print_office (r);
  if (recovery != NULL)
    printf (_("Recovery code (write it down now; it is shown only once):\n  %s\n"), recovery);
  return GOV_CLI_OK;
}

static int
office_show_run (GovCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!gov_cli_parse (ctx, &office_show_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &office_show_verb, _("This verb takes no arguments"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL)
    return gov_cli_fail (ctx, error);

  node = office_json (r);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, node, NULL);
  print_office (r);
  return GOV_CLI_OK;
}

static int
device_enroll_run (GovCliContext  *ctx,
                   int             argc,
                   char          **argv)
{
  g_autofree char *role = NULL;
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *short_id = NULL;
  g_autoptr(JsonNode) node = NULL;
  GOptionEntry entries[] = {
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("hub, desk or field (default desk)"),
      N_("ROLE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Who uses the device"), N_("NAME") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &device_enroll_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &device_enroll_verb, _("Give the device key"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL)
    return gov_cli_fail (ctx, error);

  short_id = gov_replica_enroll_device (r, argv[1], role != NULL ? role : "desk", user, &error);
  if (short_id == NULL)
    return gov_cli_fail (ctx, error);

  {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "device_key", argv[1]);
    json_object_set_string_member (o, "device_short_id", short_id);
    node = object_node (o);
  }
  {
    g_autofree char *text = g_strdup_printf (_("Enrolled device %s"), short_id);
    return gov_cli_print_value (ctx, node, text);
  }
}

static int
routing_list_run (GovCliContext  *ctx,
                  int             argc,
                  char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) rules = NULL;
  JsonArray *arr;

  if (!gov_cli_parse (ctx, &routing_list_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &routing_list_verb, _("This verb takes no arguments"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (rules = gov_routing_list (r, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, rules, NULL);

  arr = json_node_get_array (rules);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      printf ("%s  %s / %s / %s → %s\n", json_object_get_string_member (o, "rule_id"),
              json_object_get_string_member_with_default (o, "domain", "*"),
              json_object_get_string_member_with_default (o, "category", "*"),
              json_object_get_string_member_with_default (o, "area", "*"),
              json_object_get_string_member (o, "team"));
    }
  return GOV_CLI_OK;
}

static int
routing_add_run (GovCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autofree char *team = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *category = NULL;
  g_autofree char *area = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *rule = NULL;
  g_autoptr(JsonNode) node = NULL;
  GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Team the cases go to"), N_("TEAM") },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &domain, N_("Match this domain"), N_("DOMAIN") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Match this category"), N_("CATEGORY") },
    { "area", 0, 0, G_OPTION_ARG_STRING, &area, N_("Match this area"), N_("AREA") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &routing_add_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1 || team == NULL)
    return gov_cli_usage_error (ctx, &routing_add_verb, _("Give --team"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (rule = gov_routing_add (r, domain, category, area, team, &error)) == NULL)
    return gov_cli_fail (ctx, error);

  {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "rule_id", rule);
    node = object_node (o);
  }
  return gov_cli_print_value (ctx, node, rule);
}

static int
routing_remove_run (GovCliContext  *ctx,
                    int             argc,
                    char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!gov_cli_parse (ctx, &routing_remove_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &routing_remove_verb, _("Give the rule id"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_routing_remove (r, argv[1], &error))
    return gov_cli_fail (ctx, error);

  {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "rule_id", argv[1]);
    json_object_set_boolean_member (o, "removed", TRUE);
    node = object_node (o);
  }
  return gov_cli_print_value (ctx, node, NULL);
}

static int
events_export_run (GovCliContext  *ctx,
                   int             argc,
                   char          **argv)
{
  g_autofree char *case_ref = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint n = 0;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("Only this case (and the admin log)"),
      N_("NUMBER") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &events_export_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &events_export_verb, _("Give the bundle file"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_bundle_export (r, argv[1], case_ref, &n, &error))
    return gov_cli_fail (ctx, error);

  {
    JsonObject *o = json_object_new ();
    json_object_set_string_member (o, "file", argv[1]);
    json_object_set_int_member (o, "events", n);
    node = object_node (o);
  }
  {
    g_autofree char *text = g_strdup_printf (g_dngettext (NULL, "Wrote %u event to %s",
                                                          "Wrote %u events to %s", n),
                                             n, argv[1]);
    return gov_cli_print_value (ctx, node, text);
  }
}

static int
events_import_run (GovCliContext  *ctx,
                   int             argc,
                   char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  GovIngestReport rep = { 0 };
  JsonObject *o;

  if (!gov_cli_parse (ctx, &events_import_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &events_import_verb, _("Give the bundle file"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_bundle_import (r, argv[1], &rep, &error))
    return gov_cli_fail (ctx, error);

  o = json_object_new ();
  json_object_set_int_member (o, "applied", rep.applied);
  json_object_set_int_member (o, "duplicates", rep.duplicates);
  json_object_set_int_member (o, "pending", rep.pending);
  json_object_set_int_member (o, "quarantined", rep.quarantined);
  node = object_node (o);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, node, NULL);

  printf (_("Applied %u, already present %u, waiting for dependencies %u, quarantined %u\n"),
          rep.applied, rep.duplicates, rep.pending, rep.quarantined);
  if (rep.quarantined > 0)
    printf ("%s\n", _("See “govserv quarantine list” for the reasons."));
  return GOV_CLI_OK;
}

static int
quarantine_list_run (GovCliContext  *ctx,
                     int             argc,
                     char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *arr;

  if (!gov_cli_parse (ctx, &quarantine_list_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &quarantine_list_verb, _("This verb takes no arguments"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (rows = gov_quarantine_list (r, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, rows, NULL);

  arr = json_node_get_array (rows);
  if (json_array_get_length (arr) == 0)
    printf ("%s\n", _("Nothing is quarantined."));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);
      printf ("%s  %s  %s\n", json_object_get_string_member (o, "reason"),
              json_object_get_string_member (o, "id"),
              json_object_get_string_member_with_default (o, "detail", ""));
    }
  return GOV_CLI_OK;
}

static int
verify_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  g_autofree char *case_ref = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *problems = json_array_new ();
  JsonObject *o = json_object_new ();
  guint n = 0;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_ref, N_("Only this case"), N_("NUMBER") },
    { NULL }
  };

  json_object_set_array_member (o, "problems", problems);
  node = object_node (o);
  if (!gov_cli_parse (ctx, &verify_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &verify_verb, _("This verb takes no arguments"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL)
    return gov_cli_fail (ctx, error);
  if (case_ref != NULL && (case_id = gov_case_lookup (r, case_ref, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (!gov_ledger_verify (gov_replica_get_ledger (r), case_id, problems, &n, &error))
    return gov_cli_fail (ctx, error);

  json_object_set_int_member (o, "checked", n);
  json_object_set_boolean_member (o, "ok", json_array_get_length (problems) == 0);
  if (gov_cli_get_json (ctx))
    gov_cli_print_value (ctx, node, NULL);
  else
    {
      for (guint i = 0; i < json_array_get_length (problems); i++)
        {
          JsonObject *p = json_array_get_object_element (problems, i);
          printf (_("PROBLEM  %s: %s\n"), json_object_get_string_member (p, "id"),
                  json_object_get_string_member (p, "problem"));
        }
      if (json_array_get_length (problems) == 0)
        printf (g_dngettext (NULL, "OK: %u event checked; every signature, hash link and "
                             "authority rule holds.\n",
                             "OK: %u events checked; every signature, hash link and "
                             "authority rule holds.\n", n), n);
      else
        printf (_("FAILED: %u problems in %u events.\n"), json_array_get_length (problems), n);
    }

  return json_array_get_length (problems) == 0 ? GOV_CLI_OK : GOV_CLI_FAILED;
}

static int
rebuild_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *digest = NULL;
  JsonObject *o;

  if (!gov_cli_parse (ctx, &rebuild_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc > 1)
    return gov_cli_usage_error (ctx, &rebuild_verb, _("This verb takes no arguments"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_ledger_rebuild (gov_replica_get_ledger (r), &error))
    return gov_cli_fail (ctx, error);

  gov_ledger_lock (gov_replica_get_ledger (r));
  digest = gov_projection_digest (gov_replica_get_db (r), &error);
  gov_ledger_unlock (gov_replica_get_ledger (r));
  if (digest == NULL)
    return gov_cli_fail (ctx, error);

  o = json_object_new ();
  json_object_set_boolean_member (o, "rebuilt", TRUE);
  json_object_set_string_member (o, "digest", digest);
  node = object_node (o);
  {
    g_autofree char *text = g_strdup_printf (_("Rebuilt every view. Digest %s"), digest);
    return gov_cli_print_value (ctx, node, text);
  }
}
