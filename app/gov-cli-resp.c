/* gov-cli-resp.c: handover, decide, decision, pause, resume, extend, clock,
 * casetype and calendar verbs
 *
 * Thin wrappers over core/gov-handover.h, gov-decision.h and
 * gov-case-clock.h: every check and every message comes from there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-case-clock.h"
#include "gov-cli-ledger.h"
#include "gov-cli-verbs.h"
#include "gov-clock-format.h"
#include "gov-decision.h"
#include "gov-handover.h"

#define VERB(id, name, args, summary) \
  static int id##_run (GovCliContext *ctx, int argc, char **argv); \
  static const GovCliVerb id##_verb = { name, args, summary, id##_run };

VERB (ho_offer, "handover offer",
      N_("NUMBER --to-team TEAM|--to-office OFFICE --reason TEXT --first-steps TEXT "
         "[--promise TEXT…] [--risk TEXT…]"),
      N_("Offer a case to another team or office (it is in transit until answered)"))
VERB (ho_accept, "handover accept", N_("NUMBER [--team TEAM] [--offer ID]"),
      N_("Accept a case offered to you: from now on you are accountable"))
VERB (ho_decline, "handover decline", N_("NUMBER --reason TEXT [--team TEAM] [--offer ID]"),
      N_("Decline a case offered to you"))
VERB (ho_withdraw, "handover withdraw", N_("NUMBER [--offer ID]"),
      N_("Take back an offer the receiver has not answered"))
VERB (ho_resolve, "handover resolve", N_("NUMBER --offer ID --keep accept|withdraw --reason TEXT"),
      N_("Resolve an accept that raced a withdraw"))
VERB (ho_list, "handover list", N_("[--team TEAM]"),
      N_("In transit: offers you sent and offers waiting for you"))
VERB (ho_show, "handover show", N_("NUMBER"),
      N_("Who is accountable for a case, its offers and edits made during a transfer"))
VERB (decide, "decide",
      N_("NUMBER --type TYPE --mandate TEXT --law LAW --article ART --law-version V "
         "--rationale TEXT --effect-date DATE [--paragraph P] [--fact EVENT…]"),
      N_("Record a decision with its legal basis"))
VERB (dec_amend, "decision amend", N_("ID --reason TEXT [--rationale TEXT] [--effect-date DATE] …"),
      N_("Amend a decision (a new event pointing at it)"))
VERB (dec_retract, "decision retract", N_("ID --reason TEXT"), N_("Retract a decision"))
VERB (dec_approve, "decision approve", N_("ID"),
      N_("Sign a decision as the second person (four-eyes rule)"))
VERB (dec_list, "decision list", N_("NUMBER"), N_("A case's decisions as they stand"))
VERB (dec_rule, "decision rule", N_("TYPE [--four-eyes --approver NAME…]"),
      N_("Set the four-eyes rule of a decision type"))
VERB (pause, "pause", N_("NUMBER --reason REASON [--date DATE]"), N_("Pause a case's clock"))
VERB (resume, "resume", N_("NUMBER [--date DATE]"), N_("Resume a case's clock"))
VERB (extend, "extend", N_("NUMBER --days N --reason TEXT [--date DATE]"),
      N_("Extend a case's time limit"))
VERB (clock, "clock", N_("NUMBER [--today DATE]"), N_("Show a case's clocks and the clock audit"))
VERB (clock_due, "clock due", N_("--overdue|--within N [--today DATE]"),
      N_("Cases whose time limit or service target is overdue or due soon"))
VERB (ct_list, "casetype list", NULL, N_("List case types"))
VERB (ct_add, "casetype add", N_("FILE.json"), N_("Publish a case type version"))
VERB (ct_show, "casetype show", N_("ID [--version N]"), N_("Show a case type"))
VERB (ct_set, "casetype set", N_("NUMBER ID [--opened DATE]"),
      N_("Give a case its case type, which starts its clocks"))
VERB (cal_import, "calendar import", N_("FILE.ics --id ID [--name NAME] [--version N]"),
      N_("Import a holiday calendar"))

const GovCliVerb *const gov_cli_resp_verbs[] = {
  &ho_offer_verb, &ho_accept_verb, &ho_decline_verb, &ho_withdraw_verb, &ho_resolve_verb,
  &ho_list_verb, &ho_show_verb, &decide_verb, &dec_amend_verb, &dec_retract_verb,
  &dec_approve_verb, &dec_list_verb, &dec_rule_verb, &pause_verb, &resume_verb, &extend_verb,
  &clock_due_verb, &clock_verb, &ct_list_verb, &ct_add_verb, &ct_show_verb, &ct_set_verb,
  &cal_import_verb, NULL,
};

/* Helpers -------------------------------------------------------------------- */

static JsonNode *
result_node (const char *key,
             const char *value)
{
  JsonObject *o = json_object_new ();
  JsonNode *n = json_node_init_object (json_node_alloc (), o);

  json_object_set_string_member (o, key, value);
  json_object_unref (o);
  return n;
}

static int
done (GovCliContext *ctx,
      const char    *key,
      const char    *value,
      const char    *text)
{
  g_autoptr(JsonNode) n = result_node (key, value);

  return gov_cli_print_value (ctx, n, text);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  return text == NULL || gov_date_parse_iso (text, date);
}

static const char *
member (JsonObject *o,
        const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? "–" : json_node_get_string (n);
}

/* Handover ------------------------------------------------------------------ */

static int
ho_offer_run (GovCliContext  *ctx,
              int             argc,
              char          **argv)
{
  g_autofree char *team = NULL, *office = NULL, *reason = NULL, *first = NULL;
  g_auto(GStrv) promises = NULL, risks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  GOptionEntry entries[] = {
    { "to-team", 0, 0, G_OPTION_ARG_STRING, &team, N_("A team of this office"), N_("TEAM") },
    { "to-office", 0, 0, G_OPTION_ARG_STRING, &office, N_("Another office (its id)"), N_("OFFICE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "first-steps", 0, 0, G_OPTION_ARG_STRING, &first, N_("What the receiver must do first"), N_("TEXT") },
    { "promise", 0, 0, G_OPTION_ARG_STRING_ARRAY, &promises, N_("A promise made to the citizen"), N_("TEXT") },
    { "risk", 0, 0, G_OPTION_ARG_STRING_ARRAY, &risks, N_("A risk"), N_("TEXT") },
    { NULL }
  };
  GovHandoverOffer o = { 0 };

  if (!gov_cli_parse (ctx, &ho_offer_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || (team == NULL) == (office == NULL) || reason == NULL || first == NULL)
    return gov_cli_usage_error (ctx, &ho_offer_verb,
                                _("Give NUMBER, one of --to-team or --to-office, --reason and "
                                  "--first-steps"));
  o.to_team = team;
  o.to_office = office;
  o.reason = reason;
  o.first_steps = first;
  o.promises = (const char * const *) promises;
  o.risks = (const char * const *) risks;
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (id = gov_handover_offer (r, argv[1], &o, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  text = g_strdup_printf (_("%s is in transit to %s"), argv[1], team != NULL ? team : office);
  return done (ctx, "offer", id, text);
}

typedef enum { ANSWER_ACCEPT, ANSWER_DECLINE, ANSWER_WITHDRAW } Answer;

static int
answer_run (GovCliContext    *ctx,
            const GovCliVerb *verb,
            Answer            kind,
            int               argc,
            char            **argv)
{
  g_autofree char *team = NULL, *offer = NULL, *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "offer", 0, 0, G_OPTION_ARG_STRING, &offer, N_("The offer (when there are several)"), N_("ID") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Your team"), N_("TEAM") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };
  gboolean ok;

  if (!gov_cli_parse (ctx, verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || (kind == ANSWER_DECLINE && reason == NULL))
    return gov_cli_usage_error (ctx, verb, kind == ANSWER_DECLINE
                                           ? _("Give NUMBER and --reason")
                                           : _("Give NUMBER"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL)
    return gov_cli_fail (ctx, error);
  ok = kind == ANSWER_ACCEPT ? gov_handover_accept (r, argv[1], offer, team, &error)
       : kind == ANSWER_DECLINE ? gov_handover_decline (r, argv[1], offer, team, reason, &error)
       : gov_handover_withdraw (r, argv[1], offer, &error);
  if (!ok)
    return gov_cli_fail (ctx, error);
  return done (ctx, "number", argv[1],
               kind == ANSWER_ACCEPT ? _("Accepted; the case is yours now")
               : kind == ANSWER_DECLINE ? _("Declined") : _("Offer withdrawn"));
}

static int
ho_accept_run (GovCliContext *ctx, int argc, char **argv)
{
  return answer_run (ctx, &ho_accept_verb, ANSWER_ACCEPT, argc, argv);
}

static int
ho_decline_run (GovCliContext *ctx, int argc, char **argv)
{
  return answer_run (ctx, &ho_decline_verb, ANSWER_DECLINE, argc, argv);
}

static int
ho_withdraw_run (GovCliContext *ctx, int argc, char **argv)
{
  return answer_run (ctx, &ho_withdraw_verb, ANSWER_WITHDRAW, argc, argv);
}

static int
ho_resolve_run (GovCliContext  *ctx,
                int             argc,
                char          **argv)
{
  g_autofree char *offer = NULL, *keep = NULL, *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "offer", 0, 0, G_OPTION_ARG_STRING, &offer, N_("The contested offer"), N_("ID") },
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep, N_("accept or withdraw"), N_("WHICH") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &ho_resolve_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || offer == NULL || reason == NULL ||
      (g_strcmp0 (keep, "accept") != 0 && g_strcmp0 (keep, "withdraw") != 0))
    return gov_cli_usage_error (ctx, &ho_resolve_verb,
                                _("Give NUMBER, --offer, --keep accept|withdraw and --reason"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL ||
      !gov_handover_resolve (r, argv[1], offer, g_str_equal (keep, "accept"), reason, &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "number", argv[1], _("Resolved"));
}

static void
print_transit_rows (const char *title,
                    JsonArray  *rows)
{
  printf ("%s\n", title);
  if (json_array_get_length (rows) == 0)
    printf ("  %s\n", _("none"));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *o = json_array_get_object_element (rows, i);
      gint64 hours = json_object_get_int_member (o, "age_hours");
      g_autofree char *age = hours < 48
        ? g_strdup_printf (g_dngettext (NULL, "%d hour", "%d hours", hours), (int) hours)
        : g_strdup_printf (g_dngettext (NULL, "%d day", "%d days", hours / 24), (int) (hours / 24));

      /* TRANSLATORS: case number, from, to, age, reason */
      printf (_("  %s  from %s to %s, %s ago: %s\n"), member (o, "number"),
              g_strcmp0 (member (o, "from_team"), "–") != 0 ? member (o, "from_team")
                                                            : member (o, "from_office"),
              g_strcmp0 (member (o, "to_team"), "–") != 0 ? member (o, "to_team")
                                                          : member (o, "to_office"),
              age, member (o, "reason"));
    }
}

static int
ho_list_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  g_autofree char *team = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) n = NULL;
  GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("Your team (default: the whole office)"), N_("TEAM") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &ho_list_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 1)
    return gov_cli_usage_error (ctx, &ho_list_verb, _("No arguments expected"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (n = gov_handover_list (r, team, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, n, NULL);
  print_transit_rows (_("Offers you sent:"),
                      json_object_get_array_member (json_node_get_object (n), "sent"));
  print_transit_rows (_("Offers waiting for you:"),
                      json_object_get_array_member (json_node_get_object (n), "waiting"));
  return GOV_CLI_OK;
}

static int
ho_show_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonObject *o, *t;
  JsonArray *review;

  if (!gov_cli_parse (ctx, &ho_show_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &ho_show_verb, _("Give NUMBER"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (n = gov_handover_get_state (r, argv[1], &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, n, NULL);
  o = json_node_get_object (n);
  printf (_("Accountable: %s (office %s)\n"), member (o, "owner_team"), member (o, "owner_office"));
  if (!json_object_get_null_member (o, "in_transit"))
    {
      g_autoptr(GDateTime) since = NULL;
      g_autofree char *when = NULL;

      t = json_object_get_object_member (o, "in_transit");
      since = g_date_time_new_from_unix_local (json_object_get_int_member (t, "since_ms") / 1000);
      when = g_date_time_format (since, "%x %X");
      printf (_("In transit to %s since %s\n"),
              g_strcmp0 (member (t, "to_team"), "–") != 0 ? member (t, "to_team")
                                                          : member (t, "to_office"), when);
    }
  if (json_object_get_boolean_member (o, "conflict"))
    printf ("%s\n", _("Conflict: offers or answers were made at the same time; a supervisor must "
                      "resolve it"));
  review = json_object_get_array_member (o, "edited_during_transfer");
  for (guint i = 0; i < json_array_get_length (review); i++)
    {
      JsonObject *e = json_array_get_object_element (review, i);

      printf (_("Review: %s by %s during the transfer\n"), member (e, "type"), member (e, "actor"));
    }
  return GOV_CLI_OK;
}

/* Decisions ----------------------------------------------------------------- */

typedef struct
{
  char  *type, *mandate, *law, *article, *paragraph, *version, *rationale, *effect, *by, *reason;
  char **facts;
} DecisionArgs;

static void
decision_args_clear (DecisionArgs *a)
{
  g_free (a->type); g_free (a->mandate); g_free (a->law); g_free (a->article);
  g_free (a->paragraph); g_free (a->version); g_free (a->rationale); g_free (a->effect);
  g_free (a->by); g_free (a->reason); g_strfreev (a->facts);
}

static gboolean
parse_decision (GovCliContext     *ctx,
                const GovCliVerb  *verb,
                DecisionArgs      *a,
                GovDecisionInput  *in,
                int               *argc,
                char            ***argv)
{
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &a->type, N_("Decision type, e.g. grant"), N_("TYPE") },
    { "decided-by", 0, 0, G_OPTION_ARG_STRING, &a->by, N_("Who decided (default: you)"), N_("NAME") },
    { "mandate", 0, 0, G_OPTION_ARG_STRING, &a->mandate, N_("On whose mandate"), N_("TEXT") },
    { "law", 0, 0, G_OPTION_ARG_STRING, &a->law, N_("Legal basis: the law"), N_("LAW") },
    { "article", 0, 0, G_OPTION_ARG_STRING, &a->article, N_("Legal basis: the article"), N_("ART") },
    { "paragraph", 0, 0, G_OPTION_ARG_STRING, &a->paragraph, N_("Legal basis: the paragraph"), N_("P") },
    { "law-version", 0, 0, G_OPTION_ARG_STRING, &a->version, N_("Version of the law in force"), N_("V") },
    { "rationale", 0, 0, G_OPTION_ARG_STRING, &a->rationale, N_("Why"), N_("TEXT") },
    { "effect-date", 0, 0, G_OPTION_ARG_STRING, &a->effect, N_("Effect date"), N_("YYYY-MM-DD") },
    { "fact", 0, 0, G_OPTION_ARG_STRING_ARRAY, &a->facts, N_("An event of the case relied on"), N_("EVENT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &a->reason, N_("Why it changes"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, verb, entries, argc, argv))
    return FALSE;
  in->decision_type = a->type;
  in->decided_by = a->by;
  in->mandate = a->mandate;
  in->legal_basis.law = a->law;
  in->legal_basis.article = a->article;
  in->legal_basis.paragraph = a->paragraph;
  in->legal_basis.version = a->version;
  in->rationale = a->rationale;
  in->effect_date = a->effect;
  in->facts = (const char * const *) a->facts;
  return TRUE;
}

static int
decide_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  DecisionArgs a = { 0 };
  GovDecisionInput in = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *id = NULL;
  int status;

  if (!parse_decision (ctx, &decide_verb, &a, &in, &argc, &argv))
    status = GOV_CLI_USAGE;
  else if (argc != 2)
    status = gov_cli_usage_error (ctx, &decide_verb, _("Give NUMBER"));
  else if ((r = gov_cli_open_replica (ctx, &error)) == NULL ||
           (id = gov_decision_record (r, argv[1], &in, &error)) == NULL)
    status = gov_cli_fail (ctx, error);
  else
    status = done (ctx, "decision", id, id);
  decision_args_clear (&a);
  return status;
}

static int
dec_amend_run (GovCliContext  *ctx,
               int             argc,
               char          **argv)
{
  DecisionArgs a = { 0 };
  GovDecisionInput in = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  int status;

  if (!parse_decision (ctx, &dec_amend_verb, &a, &in, &argc, &argv))
    status = GOV_CLI_USAGE;
  else if (argc != 2 || a.reason == NULL)
    status = gov_cli_usage_error (ctx, &dec_amend_verb, _("Give ID and --reason"));
  else if ((r = gov_cli_open_replica (ctx, &error)) == NULL ||
           !gov_decision_amend (r, argv[1], &in, a.reason, &error))
    status = gov_cli_fail (ctx, error);
  else
    status = done (ctx, "decision", argv[1], _("Decision amended"));
  decision_args_clear (&a);
  return status;
}

static int
dec_retract_run (GovCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &dec_retract_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || reason == NULL)
    return gov_cli_usage_error (ctx, &dec_retract_verb, _("Give ID and --reason"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_decision_retract (r, argv[1], reason, &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "decision", argv[1], _("Decision retracted"));
}

static int
dec_approve_run (GovCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;

  if (!gov_cli_parse (ctx, &dec_approve_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &dec_approve_verb, _("Give ID"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_decision_approve (r, argv[1], &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "decision", argv[1], _("Decision signed"));
}

static int
dec_list_run (GovCliContext  *ctx,
              int             argc,
              char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonArray *arr;

  if (!gov_cli_parse (ctx, &dec_list_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &dec_list_verb, _("Give NUMBER"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (n = gov_decision_list (r, argv[1], &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, n, NULL);
  arr = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *d = json_array_get_object_element (arr, i);
      JsonObject *lb = json_object_get_object_member (d, "legal_basis");

      printf ("%s  %s  %s %s %s  %s\n", member (d, "id"), member (d, "decision_type"),
              member (lb, "law"), member (lb, "article"), member (d, "effect_date"),
              json_object_get_boolean_member (d, "retracted") ? _("retracted")
              : json_object_get_boolean_member (d, "final") ? _("final")
              : _("waiting for a second signature"));
      if (!json_object_get_null_member (d, "objection_deadline"))
        printf (_("  Objection deadline: %s\n"), member (d, "objection_deadline"));
      if (json_object_get_boolean_member (d, "conflict"))
        printf ("  %s\n", _("Conflict: amended twice at the same time"));
    }
  return GOV_CLI_OK;
}

static int
dec_rule_run (GovCliContext  *ctx,
              int             argc,
              char          **argv)
{
  gboolean four_eyes = FALSE;
  g_auto(GStrv) approvers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "four-eyes", 0, 0, G_OPTION_ARG_NONE, &four_eyes, N_("A second person must sign"), NULL },
    { "approver", 0, 0, G_OPTION_ARG_STRING_ARRAY, &approvers, N_("Who may sign"), N_("NAME") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &dec_rule_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &dec_rule_verb, _("Give TYPE"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL ||
      !gov_decision_set_rule (r, argv[1], four_eyes, (const char * const *) approvers, &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "decision_type", argv[1], _("Rule saved"));
}

/* Clocks -------------------------------------------------------------------- */

typedef enum { CLOCK_PAUSE, CLOCK_RESUME, CLOCK_EXTEND } ClockAct;

static int
clock_act_run (GovCliContext    *ctx,
               const GovCliVerb *verb,
               ClockAct          act,
               int               argc,
               char            **argv)
{
  g_autofree char *date = NULL, *reason = NULL;
  int days = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("The day (default: today)"), N_("YYYY-MM-DD") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Pause reason id, or why"), N_("REASON") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Days to add"), N_("N") },
    { NULL }
  };
  GDate d;
  gboolean ok;

  g_date_clear (&d, 1);
  if (!gov_cli_parse (ctx, verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || !parse_date (date, &d) || (act != CLOCK_RESUME && reason == NULL) ||
      (act == CLOCK_EXTEND && days < 1))
    return gov_cli_usage_error (ctx, verb, _("Give NUMBER, a YYYY-MM-DD --date and the options "
                                             "the verb needs"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL)
    return gov_cli_fail (ctx, error);
  ok = act == CLOCK_PAUSE ? gov_case_clock_pause (r, argv[1], date ? &d : NULL, reason, &error)
       : act == CLOCK_RESUME ? gov_case_clock_resume (r, argv[1], date ? &d : NULL, &error)
       : gov_case_clock_extend (r, argv[1], date ? &d : NULL, days, reason, &error);
  if (!ok)
    return gov_cli_fail (ctx, error);
  return done (ctx, "number", argv[1], act == CLOCK_PAUSE ? _("Clock paused")
                                       : act == CLOCK_RESUME ? _("Clock resumed")
                                       : _("Time limit extended"));
}

static int
pause_run (GovCliContext *ctx, int argc, char **argv)
{
  return clock_act_run (ctx, &pause_verb, CLOCK_PAUSE, argc, argv);
}

static int
resume_run (GovCliContext *ctx, int argc, char **argv)
{
  return clock_act_run (ctx, &resume_verb, CLOCK_RESUME, argc, argv);
}

static int
extend_run (GovCliContext *ctx, int argc, char **argv)
{
  return clock_act_run (ctx, &extend_verb, CLOCK_EXTEND, argc, argv);
}

static void
print_track (const GovClockResult *res,
             const GovClockTrack  *t)
{
  g_autofree char *summary = gov_clock_format_summary (res, t);

  printf ("%s\n", summary);
  for (guint i = 0; i < t->audit->len; i++)
    {
      g_autofree char *line = gov_clock_format_period (g_ptr_array_index (t->audit, i), t->unit);

      printf ("  %s\n", line);
    }
}

static int
clock_run (GovCliContext  *ctx,
           int             argc,
           char          **argv)
{
  g_autofree char *today = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(GovCaseClock) c = NULL;
  g_autofree char *left = NULL;
  GOptionEntry entries[] = {
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Compute for this day"), N_("YYYY-MM-DD") },
    { NULL }
  };
  GDate d;

  g_date_clear (&d, 1);
  if (!gov_cli_parse (ctx, &clock_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || !parse_date (today, &d))
    return gov_cli_usage_error (ctx, &clock_verb, _("Give NUMBER and a YYYY-MM-DD --today"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (c = gov_case_clock_get (r, argv[1], today ? &d : NULL, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    {
      g_autoptr(JsonNode) n = gov_clock_result_to_json (c->result);

      return gov_cli_print_value (ctx, n, NULL);
    }
  print_track (c->result, &c->result->legal);
  print_track (c->result, &c->result->service);
  left = gov_clock_format_extensions_left (c->case_type, c->result);
  printf ("%s\n", left);
  for (guint i = 0; c->result->ignored != NULL && i < c->result->ignored->len; i++)
    printf (_("Ignored: %s\n"), (char *) g_ptr_array_index (c->result->ignored, i));
  return GOV_CLI_OK;
}

static int
clock_due_run (GovCliContext  *ctx,
               int             argc,
               char          **argv)
{
  g_autofree char *today = NULL;
  gboolean overdue = FALSE;
  int within = -1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) n = NULL;
  GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Overdue cases"), NULL },
    { "within", 0, 0, G_OPTION_ARG_INT, &within, N_("Cases due within N days"), N_("N") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Compute for this day"), N_("YYYY-MM-DD") },
    { NULL }
  };
  JsonArray *arr;
  GDate d;

  g_date_clear (&d, 1);
  if (!gov_cli_parse (ctx, &clock_due_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 1 || overdue == (within >= 0) || !parse_date (today, &d))
    return gov_cli_usage_error (ctx, &clock_due_verb, _("Give --overdue or --within N"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL ||
      (n = gov_case_clock_list_due (r, overdue ? -1 : within, today ? &d : NULL, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, n, NULL);
  arr = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);

      printf (_("%s  time limit %s  service target %s\n"), member (o, "number"),
              member (json_object_get_object_member (o, "legal"), "deadline"),
              member (json_object_get_object_member (o, "service"), "deadline"));
    }
  return GOV_CLI_OK;
}

/* Case types and calendars ---------------------------------------------------- */

static int
ct_list_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) n = NULL;
  JsonArray *arr;

  if (!gov_cli_parse (ctx, &ct_list_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 1)
    return gov_cli_usage_error (ctx, &ct_list_verb, _("No arguments expected"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (n = gov_case_type_list_stored (r, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, n, NULL);
  arr = json_node_get_array (n);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonObject *o = json_array_get_object_element (arr, i);

      printf ("%s  v%" G_GINT64_FORMAT "  %s  (%s)\n", member (o, "id"),
              json_object_get_int_member (o, "version"), member (o, "name"),
              member (o, "calendar"));
    }
  return GOV_CLI_OK;
}

static int
ct_add_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GovCaseType) t = NULL;

  if (!gov_cli_parse (ctx, &ct_add_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &ct_add_verb, _("Give FILE.json"));
  if (!json_parser_load_from_file (parser, argv[1], &error) ||
      (t = gov_case_type_new_from_json (json_parser_get_root (parser), &error)) == NULL)
    return gov_cli_fail (ctx, error);
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_case_type_store (r, t, &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "id", gov_case_type_get_id (t), gov_case_type_get_id (t));
}

static int
ct_show_run (GovCliContext  *ctx,
             int             argc,
             char          **argv)
{
  int version = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(GovCaseType) t = NULL;
  g_autoptr(JsonNode) n = NULL;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("A version (default: the latest)"), N_("N") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &ct_show_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || version < 0)
    return gov_cli_usage_error (ctx, &ct_show_verb, _("Give ID"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (t = gov_case_type_load (r, argv[1], version, &error)) == NULL)
    return gov_cli_fail (ctx, error);
  /* The stored JSON is the readable form too. */
  n = gov_case_type_to_json (t);
  gov_cli_print_json (ctx, n);
  return GOV_CLI_OK;
}

static int
ct_set_run (GovCliContext  *ctx,
            int             argc,
            char          **argv)
{
  g_autofree char *opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  GOptionEntry entries[] = {
    { "opened", 0, 0, G_OPTION_ARG_STRING, &opened, N_("Day of receipt (default: the day the case was created)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  GDate d;

  g_date_clear (&d, 1);
  if (!gov_cli_parse (ctx, &ct_set_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 3 || !parse_date (opened, &d))
    return gov_cli_usage_error (ctx, &ct_set_verb, _("Give NUMBER, ID and a YYYY-MM-DD --opened"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_case_clock_set_type (r, argv[1], argv[2], opened ? &d : NULL, &error))
    return gov_cli_fail (ctx, error);
  return done (ctx, "number", argv[1], _("Case type set; the clocks run"));
}

static int
cal_import_run (GovCliContext  *ctx,
                int             argc,
                char          **argv)
{
  g_autofree char *id = NULL, *name = NULL, *text = NULL;
  int version = 1;
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GOptionEntry entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_("Calendar id, as case types name it"), N_("ID") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Calendar name"), N_("NAME") },
    { "version", 0, 0, G_OPTION_ARG_INT, &version, N_("Version (default 1)"), N_("N") },
    { NULL }
  };
  gsize len;

  if (!gov_cli_parse (ctx, &cal_import_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || id == NULL || version < 1)
    return gov_cli_usage_error (ctx, &cal_import_verb, _("Give FILE.ics and --id"));
  if (!g_file_get_contents (argv[1], &text, &len, &error))
    return gov_cli_fail (ctx, error);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);
  cal = gov_calendar_new_from_ics (id, bytes, &error);
  if (cal == NULL)
    return gov_cli_fail (ctx, error);
  if (name != NULL)
    gov_calendar_set_name (cal, name);
  gov_calendar_set_version (cal, version);
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || !gov_calendar_store (r, cal, &error))
    return gov_cli_fail (ctx, error);
  {
    g_autofree char *msg = g_strdup_printf (g_dngettext (NULL, "%u holiday imported",
                                                         "%u holidays imported",
                                                         gov_calendar_get_n_holidays (cal)),
                                            gov_calendar_get_n_holidays (cal));
    return done (ctx, "id", id, msg);
  }
}
