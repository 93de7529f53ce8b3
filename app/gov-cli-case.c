/* gov-cli-case.c: case new, list, show, set, assign, note, correspond, close, resolve
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "gov-calendar.h"
#include "gov-case.h"
#include "gov-case-due.h"
#include "gov-cli-ledger.h"
#include "gov-cli-verbs.h"

static int case_new_run (GovCliContext *ctx, int argc, char **argv);
static int case_list_run (GovCliContext *ctx, int argc, char **argv);
static int case_show_run (GovCliContext *ctx, int argc, char **argv);
static int case_set_run (GovCliContext *ctx, int argc, char **argv);
static int case_assign_run (GovCliContext *ctx, int argc, char **argv);
static int case_note_run (GovCliContext *ctx, int argc, char **argv);
static int case_correspond_run (GovCliContext *ctx, int argc, char **argv);
static int case_close_run (GovCliContext *ctx, int argc, char **argv);
static int case_resolve_run (GovCliContext *ctx, int argc, char **argv);

static const GovCliVerb case_new_verb = {
  "case new", N_("--channel CHANNEL --description TEXT [OPTION…]"),
  N_("Open a case (intake)"), case_new_run,
};
static const GovCliVerb case_list_verb = {
  "case list", N_("[--view VIEW] [--search WORDS] [--sort ORDER]"),
  N_("List cases: all, open, mine, team, overdue, due-soon or conflicts"), case_list_run,
};
static const GovCliVerb case_show_verb = {
  "case show", N_("NUMBER"), N_("Show a case with its fields, notes and timeline"),
  case_show_run,
};
static const GovCliVerb case_set_verb = {
  "case set", N_("NUMBER FIELD [VALUE] [--reason TEXT]"),
  N_("Change a field (a status change needs --reason; no VALUE clears)"), case_set_run,
};
static const GovCliVerb case_assign_verb = {
  "case assign", N_("NUMBER USER [--reason TEXT]"), N_("Assign a case"), case_assign_run,
};
static const GovCliVerb case_note_verb = {
  "case note", N_("NUMBER TEXT [--citizen]"), N_("Add a note (internal unless --citizen)"),
  case_note_run,
};
static const GovCliVerb case_correspond_verb = {
  "case correspond", N_("NUMBER --direction in|out --channel C --subject S"),
  N_("Log correspondence with the citizen"), case_correspond_run,
};
static const GovCliVerb case_close_verb = {
  "case close", N_("NUMBER --outcome OUTCOME [--first-contact] [--reason TEXT]"),
  N_("Close a case (refused while a conflict is open)"), case_close_run,
};
static const GovCliVerb case_resolve_verb = {
  "case resolve", N_("NUMBER FIELD [VALUE]"), N_("Resolve a conflict by choosing the value"),
  case_resolve_run,
};

const GovCliVerb *const gov_cli_case_verbs[] = {
  &case_new_verb,
  &case_list_verb,
  &case_show_verb,
  &case_set_verb,
  &case_assign_verb,
  &case_note_verb,
  &case_correspond_verb,
  &case_close_verb,
  &case_resolve_verb,
  NULL,
};

static JsonNode *
case_result (const char *number,
             const char *case_id)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);

  json_object_set_string_member (o, "number", number);
  if (case_id != NULL)
    json_object_set_string_member (o, "id", case_id);
  json_object_unref (o);
  return node;
}

/* Opens the replica, runs @op and prints {"number", "id"}. */
typedef gboolean (*CaseOp) (GovReplica *r, const char *number, gpointer data, GError **error);

static int
run_case_op (GovCliContext  *ctx,
             const char     *number,
             CaseOp          op,
             gpointer        data,
             const char     *done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = gov_cli_open_replica (ctx, &error);
  g_autofree char *case_id = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (r == NULL || !op (r, number, data, &error) ||
      (case_id = gov_case_lookup (r, number, &error)) == NULL)
    return gov_cli_fail (ctx, error);

  node = case_result (number, case_id);
  return gov_cli_print_value (ctx, node, done);
}

/* GOptionContext allocates the option strings; GovCaseIntake only borrows. */
static void
intake_strings_free (GovCaseIntake *in)
{
  const char **fields[] = {
    &in->channel, &in->description, &in->title, &in->requester, &in->location,
    &in->domain, &in->category, &in->area, &in->due,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer ((char **) fields[i], g_free);
}

static int
create_case (GovCliContext       *ctx,
             const GovCaseIntake *in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autofree char *number = NULL;
  g_autofree char *case_id = NULL;
  g_autoptr(JsonNode) node = NULL;

  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (case_id = gov_case_create (r, in, &number, &error)) == NULL)
    return gov_cli_fail (ctx, error);

  node = case_result (number, case_id);
  return gov_cli_print_value (ctx, node, number);
}

static int
case_new_run (GovCliContext  *ctx,
              int             argc,
              char          **argv)
{
  GovCaseIntake in = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "channel", 0, 0, G_OPTION_ARG_STRING, &in.channel, N_("phone, counter, email, web, letter…"), N_("CHANNEL") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &in.description, N_("What was asked"), N_("TEXT") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &in.title, N_("Short title (default: first line)"), N_("TEXT") },
    { "requester", 0, 0, G_OPTION_ARG_STRING, &in.requester, N_("Who asked"), N_("NAME") },
    { "location", 0, 0, G_OPTION_ARG_STRING, &in.location, N_("Address or place"), N_("PLACE") },
    { "domain", 0, 0, G_OPTION_ARG_STRING, &in.domain, N_("Domain, e.g. public_space"), N_("DOMAIN") },
    { "category", 0, 0, G_OPTION_ARG_STRING, &in.category, N_("Category, e.g. streetlight"), N_("CATEGORY") },
    { "area", 0, 0, G_OPTION_ARG_STRING, &in.area, N_("Area, for routing"), N_("AREA") },
    { "due", 0, 0, G_OPTION_ARG_STRING, &in.due, N_("Due date"), N_("YYYY-MM-DD") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_new_verb, entries, &argc, &argv))
    status = GOV_CLI_USAGE;
  else if (argc > 1 || in.channel == NULL || in.description == NULL)
    status = gov_cli_usage_error (ctx, &case_new_verb, _("Give --channel and --description"));
  else
    status = create_case (ctx, &in);

  intake_strings_free (&in);
  return status;
}

/* --today, or the local day; an invalid date when --today is not one. */
static void
today_or_now (const char *text,
              GDate      *day)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (day, 1);
  if (text != NULL)
    gov_date_parse_iso (text, day);
  else
    g_date_set_dmy (day, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
}

static gboolean
parse_view (const char  *text,
            GovCaseView *view)
{
  static const char *const names[] = { "all", "open", "mine", "team", "overdue", "conflicts" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *view = i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_sort (const char  *text,
            GovCaseSort *sort)
{
  static const char *const names[] = { "updated", "due", "number", "created" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *sort = i;
        return TRUE;
      }
  return FALSE;
}

static void
print_case_line (JsonObject *o)
{
  printf ("%s%s  %-11s  %-10s  %-10s  %s\n",
          json_object_get_int_member (o, "conflicts") > 0 ? "!" : " ",
          json_object_get_string_member (o, "number"),
          json_object_get_string_member_with_default (o, "status", ""),
          json_object_get_string_member_with_default (o, "assignee", "–"),
          json_object_get_string_member_with_default (o, "due", "–"),
          json_object_get_string_member_with_default (o, "title", ""));
}

/* A row of the derived views: "due" is the time limit the list shows (the
 * derived one for a case with a case type), "stored_due" the field. */
static JsonObject *
due_row (const GovCaseSummary *s,
         const GDate          *today)
{
  JsonObject *o = json_object_new ();
  g_autofree char *words = gov_case_due_words (s, today);

  /* A NULL string becomes a JSON null. */
  json_object_set_string_member (o, "case_id", s->case_id);
  json_object_set_string_member (o, "number", s->number);
  json_object_set_string_member (o, "title", s->title);
  json_object_set_string_member (o, "status", s->status);
  json_object_set_string_member (o, "assignee", s->assignee);
  json_object_set_string_member (o, "team", s->team);
  json_object_set_string_member (o, "domain", s->domain);
  json_object_set_string_member (o, "category", s->category);
  json_object_set_string_member (o, "due", s->deadline);
  json_object_set_string_member (o, "stored_due", s->due);
  json_object_set_boolean_member (o, "derived", s->clock != NULL);
  json_object_set_string_member (o, "time_limit", words);
  json_object_set_int_member (o, "updated_ms", s->updated_ms);
  json_object_set_int_member (o, "conflicts", s->conflicts);
  return o;
}

static gboolean
search_hits (GovReplica   *r,
             const char   *words,
             GHashTable  **hits,
             GError      **error)
{
  g_autoptr(GPtrArray) matches = NULL;

  *hits = NULL;
  if (words == NULL)
    return TRUE;
  matches = gov_case_query_search (r, words, G_MAXINT, error);
  if (matches == NULL)
    return FALSE;
  *hits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < matches->len; i++)
    g_hash_table_add (*hits, g_strdup (((GovCaseMatch *) matches->pdata[i])->case_id));
  return TRUE;
}

/* --view overdue and due-soon: decided by the same core function as the
 * window's views (gov-case-due.c), soonest time limit first. */
static JsonNode *
list_due (GovReplica   *r,
          int           within,
          const char   *search,
          const GDate  *today,
          int           offset,
          int           limit,
          GError      **error)
{
  g_autoptr(GPtrArray) rows = gov_case_due_list (r, within, today, error);
  g_autoptr(GHashTable) hits = NULL;
  JsonArray *arr;
  int skipped = 0;

  if (rows == NULL || !search_hits (r, search, &hits, error))
    return NULL;
  arr = json_array_new ();
  for (guint i = 0; i < rows->len && (int) json_array_get_length (arr) < limit; i++)
    {
      GovCaseSummary *s = rows->pdata[i];

      if (hits != NULL && !g_hash_table_contains (hits, s->case_id))
        continue;
      if (skipped++ < offset)
        continue;
      json_array_add_object_element (arr, due_row (s, today));
    }
  return json_node_init_array (json_node_alloc (), arr);
}

static int
case_list_run (GovCliContext  *ctx,
               int             argc,
               char          **argv)
{
  g_autofree char *view = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *team = NULL;
  g_autofree char *search = NULL;
  g_autofree char *today = NULL;
  int limit = 100, offset = 0, days = GOV_CASE_DUE_SOON_DAYS;
  gboolean due_soon;
  GDate day;
  GovCaseQuery q = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) rows = NULL;
  JsonArray *arr;
  GOptionEntry entries[] = {
    { "view", 0, 0, G_OPTION_ARG_STRING, &view, N_("all (default), open, mine, team, overdue, due-soon, conflicts"), N_("VIEW") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("For --view due-soon: at most N days left (default 3)"), N_("N") },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Decide overdue and due soon for this day"), N_("YYYY-MM-DD") },
    { "team", 0, 0, G_OPTION_ARG_STRING, &team, N_("The team for --view team"), N_("TEAM") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("Words in title, description or notes"), N_("WORDS") },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("updated (default), due, number, created"), N_("ORDER") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N cases (default 100)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("Skip N cases"), N_("N") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_list_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  due_soon = g_strcmp0 (view, "due-soon") == 0;
  today_or_now (today, &day);
  if (argc > 1 || (view != NULL && !due_soon && !parse_view (view, &q.view)) ||
      !g_date_valid (&day) || days < 0 ||
      (sort != NULL && !parse_sort (sort, &q.sort)) || limit < 1 || offset < 0 ||
      (q.view == GOV_CASE_VIEW_TEAM && team == NULL))
    return gov_cli_usage_error (ctx, &case_list_verb, _("Unknown view or order, or a bad number"));
  q.team = team;
  q.search = search;
  q.limit = limit;
  q.offset = offset;

  r = gov_cli_open_replica (ctx, &error);
  if (r != NULL && (due_soon || q.view == GOV_CASE_VIEW_OVERDUE))
    rows = list_due (r, due_soon ? days : -1, search, &day, offset, limit, &error);
  else if (r != NULL)
    rows = gov_case_list (r, &q, &error);
  if (rows == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, rows, NULL);

  arr = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    print_case_line (json_array_get_object_element (arr, i));
  return GOV_CLI_OK;
}

static void
print_detail (JsonObject *o)
{
  static const char *const rows[] = {
    "title", "status", "assignee", "team", "domain", "category", "channel", "requester",
    "location", "due", "priority", "outcome", "owner_office", "routing_rule", NULL,
  };
  JsonArray *fields = json_object_get_array_member (o, "fields");
  JsonArray *timeline = json_object_get_array_member (o, "timeline");

  printf ("%s\n", json_object_get_string_member (o, "number"));
  for (guint i = 0; rows[i] != NULL; i++)
    {
      const char *v = json_object_get_string_member_with_default (o, rows[i], NULL);
      if (v != NULL)
        printf ("  %-13s %s\n", rows[i], v);
    }
  printf ("  %-13s %s\n", "description",
          json_object_get_string_member_with_default (o, "description", ""));

  for (guint i = 0; i < json_array_get_length (fields); i++)
    {
      JsonObject *f = json_array_get_object_element (fields, i);
      JsonArray *heads = json_object_get_array_member (f, "heads");

      if (json_object_get_int_member (f, "conflict") == 0)
        continue;
      printf (_("  CONFLICT on %s:\n"), json_object_get_string_member (f, "field"));
      for (guint h = 0; h < json_array_get_length (heads); h++)
        {
          JsonObject *head = json_array_get_object_element (heads, h);
          printf (_("    “%s” by %s\n"),
                  json_object_get_string_member_with_default (head, "value", ""),
                  json_object_get_string_member_with_default (head, "actor", "?"));
        }
    }

  printf ("%s\n", _("Timeline:"));
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *t = json_array_get_object_element (timeline, i);
      g_autoptr(GDateTime) when =
        g_date_time_new_from_unix_local (json_object_get_int_member (t, "hlc_ms") / 1000);
      g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d %H:%M");
      g_autofree char *body = json_to_string (json_object_get_member (t, "body"), FALSE);

      printf ("  %s  %-18s %-10s %s\n", stamp, json_object_get_string_member (t, "type"),
              json_object_get_string_member_with_default (t, "actor", ""), body);
    }
}

static int
case_show_run (GovCliContext  *ctx,
               int             argc,
               char          **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovReplica) r = NULL;
  g_autoptr(JsonNode) detail = NULL;

  if (!gov_cli_parse (ctx, &case_show_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2)
    return gov_cli_usage_error (ctx, &case_show_verb, _("Give the case number"));
  r = gov_cli_open_replica (ctx, &error);
  if (r == NULL || (detail = gov_case_get_detail (r, argv[1], &error)) == NULL)
    return gov_cli_fail (ctx, error);
  if (gov_cli_get_json (ctx))
    return gov_cli_print_value (ctx, detail, NULL);

  print_detail (json_node_get_object (detail));
  return GOV_CLI_OK;
}

typedef struct
{
  const char *a;
  const char *b;
  const char *c;
  const char *d;
  const char *e;
  gboolean    flag;
} OpArgs;

static gboolean
set_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_set_field (r, number, a->a, a->b, a->c, error);
}

static gboolean
assign_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_assign (r, number, a->a, a->c, error);
}

static gboolean
note_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_add_note (r, number, a->a, a->flag, error);
}

static gboolean
correspond_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_add_correspondence (r, number, a->a, a->b, a->c, a->d, a->e, error);
}

static gboolean
close_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_close (r, number, a->a, a->flag, a->c, error);
}

static gboolean
resolve_op (GovReplica *r, const char *number, gpointer data, GError **error)
{
  OpArgs *a = data;
  return gov_case_resolve_conflict (r, number, a->a, a->b, error);
}

static int
case_set_run (GovCliContext  *ctx,
              int             argc,
              char          **argv)
{
  g_autofree char *reason = NULL;
  OpArgs a = { 0 };
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (required for status)"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_set_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 3 && argc != 4)
    return gov_cli_usage_error (ctx, &case_set_verb, _("Give the case number, field and value"));
  a.a = argv[2];
  a.b = argc == 4 ? argv[3] : NULL;
  a.c = reason;
  return run_case_op (ctx, argv[1], set_op, &a, _("Changed"));
}

static int
case_assign_run (GovCliContext  *ctx,
                 int             argc,
                 char          **argv)
{
  g_autofree char *reason = NULL;
  OpArgs a = { 0 };
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_assign_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 3)
    return gov_cli_usage_error (ctx, &case_assign_verb, _("Give the case number and the user"));
  a.a = argv[2];
  a.c = reason;
  return run_case_op (ctx, argv[1], assign_op, &a, _("Assigned"));
}

static int
case_note_run (GovCliContext  *ctx,
               int             argc,
               char          **argv)
{
  OpArgs a = { 0 };
  GOptionEntry entries[] = {
    { "citizen", 0, 0, G_OPTION_ARG_NONE, &a.flag, N_("The citizen may read this note"), NULL },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_note_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 3)
    return gov_cli_usage_error (ctx, &case_note_verb, _("Give the case number and the text"));
  a.a = argv[2];
  return run_case_op (ctx, argv[1], note_op, &a, _("Noted"));
}

static int
case_correspond_run (GovCliContext  *ctx,
                     int             argc,
                     char          **argv)
{
  g_autofree char *direction = NULL, *channel = NULL, *subject = NULL, *party = NULL;
  g_autofree char *text = NULL;
  OpArgs a = { 0 };
  GOptionEntry entries[] = {
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction, N_("in or out"), N_("DIR") },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("email, letter, phone…"), N_("CHANNEL") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("Subject line"), N_("TEXT") },
    { "party", 0, 0, G_OPTION_ARG_STRING, &party, N_("The other side"), N_("NAME") },
    { "text", 0, 0, G_OPTION_ARG_STRING, &text, N_("Content or summary"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_correspond_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || direction == NULL || channel == NULL || subject == NULL)
    return gov_cli_usage_error (ctx, &case_correspond_verb,
                                _("Give the case number, --direction, --channel and --subject"));
  a = (OpArgs) { direction, channel, subject, party, text, FALSE };
  return run_case_op (ctx, argv[1], correspond_op, &a, _("Logged"));
}

static int
case_close_run (GovCliContext  *ctx,
                int             argc,
                char          **argv)
{
  g_autofree char *outcome = NULL;
  g_autofree char *reason = NULL;
  OpArgs a = { 0 };
  GOptionEntry entries[] = {
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("resolved, rejected, withdrawn…"), N_("OUTCOME") },
    { "first-contact", 0, 0, G_OPTION_ARG_NONE, &a.flag, N_("Resolved at first contact"), NULL },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("A remark"), N_("TEXT") },
    { NULL }
  };

  if (!gov_cli_parse (ctx, &case_close_verb, entries, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 2 || outcome == NULL)
    return gov_cli_usage_error (ctx, &case_close_verb, _("Give the case number and --outcome"));
  a.a = outcome;
  a.c = reason;
  return run_case_op (ctx, argv[1], close_op, &a, _("Closed"));
}

static int
case_resolve_run (GovCliContext  *ctx,
                  int             argc,
                  char          **argv)
{
  OpArgs a = { 0 };

  if (!gov_cli_parse (ctx, &case_resolve_verb, NULL, &argc, &argv))
    return GOV_CLI_USAGE;
  if (argc != 3 && argc != 4)
    return gov_cli_usage_error (ctx, &case_resolve_verb,
                                _("Give the case number, the field and the chosen value"));
  a.a = argv[2];
  a.b = argc == 4 ? argv[3] : NULL;
  return run_case_op (ctx, argv[1], resolve_op, &a, _("Resolved"));
}
