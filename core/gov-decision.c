/* gov-decision.c: decisions with a structured legal basis
 *
 * A decision is a "decision.record" event and never changes: an amendment
 * ("decision.amend") or a retraction ("decision.retract") is a new event
 * naming it, and the decision as it stands is derived from them in the
 * ledger's causal order. Each decision is a register (gov-projection-resp):
 * two amendments written without seeing each other leave two heads, a
 * conflict, until a later amendment that saw both. Under a four-eyes rule
 * (a "decision.rule" admin event) a decision is final only when someone
 * other than the decider, named as an approver, signs it after its last
 * amendment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-body-check.h"
#include "gov-calendar.h"
#include "gov-case-type.h"
#include "gov-clock.h"
#include "gov-decision.h"
#include "gov-ledger-private.h"
#include "gov-projection-resp.h"
#include "gov-resp-private.h"
#include "gov-resp-types.h"

G_DEFINE_QUARK (gov-decision-error-quark, gov_decision_error)

/* Body checks --------------------------------------------------------------- */

static gboolean
check_legal_basis (JsonObject  *lb,
                   GError     **error)
{
  g_autoptr(GList) names = json_object_get_members (lb);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains ((const char *[]) { "law", "article", "paragraph", "version", NULL },
                          l->data))
      return _gov_body_bad (error, _("The legal basis has an unknown part"));
  if (!_gov_body_text (lb, "law") || !_gov_body_text (lb, "article") || !_gov_body_text (lb, "version"))
    return _gov_body_bad (error, _("The legal basis needs a law, an article and the version in force"));
  if (json_object_has_member (lb, "paragraph") && !_gov_body_text (lb, "paragraph"))
    return _gov_body_bad (error, _("The paragraph of the legal basis is not text"));
  return TRUE;
}

gboolean
_gov_decision_check_body (JsonObject  *body,
                          GError     **error)
{
  GDate d;

  if (json_object_has_member (body, "legal_basis") &&
      !check_legal_basis (json_object_get_object_member (body, "legal_basis"), error))
    return FALSE;
  if (json_object_has_member (body, "facts") &&
      !_gov_body_strings (json_object_get_array_member (body, "facts")))
    return _gov_body_bad (error, _("The facts relied on are event ids"));
  if (json_object_has_member (body, "effect_date") &&
      !gov_date_parse_iso (json_object_get_string_member (body, "effect_date"), &d))
    return _gov_body_bad (error, _("The effect date is not a YYYY-MM-DD date"));
  return TRUE;
}

gboolean
_gov_decision_check_rule_body (JsonObject  *body,
                               GError     **error)
{
  if (!_gov_body_strings (json_object_get_array_member (body, "approvers")))
    return _gov_body_bad (error, _("Approvers are named by text"));
  return TRUE;
}

/* Deriving the decisions of a case ------------------------------------------ */

static JsonObject *
rule_locked (GovReplica *replica,
             const char *decision_type)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT body FROM resp_decision_rule"
                                      " WHERE decision_type = ?", NULL);
  JsonObject *out = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, decision_type, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) n = json_from_string ((const char *) sqlite3_column_text (s, 0), NULL);

      if (n != NULL)
        out = json_object_ref (json_node_get_object (n));
    }
  sqlite3_reset (s);
  return out;
}

static gboolean
register_conflict_locked (GovReplica *replica,
                          const char *case_id,
                          const char *decision_id)
{
  g_autofree char *field = g_strconcat (GOV_RESP_REGISTER_DECISION, decision_id, NULL);
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT conflict FROM case_field WHERE case_id = ?"
                                      " AND field = ?", NULL);
  gboolean out = FALSE;

  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, field, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = sqlite3_column_int (s, 0) != 0;
  sqlite3_reset (s);
  return out;
}

static const char *const decision_members[] = {
  "decision_type", "decided_by", "mandate", "legal_basis", "rationale", "facts", "effect_date",
  NULL,
};

static JsonObject *
act_object (GovRespEvent *e)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "actor", e->actor);
  json_object_set_int_member (o, "hlc_ms", e->hlc_ms);
  if (json_object_has_member (e->body, "reason"))
    json_object_set_string_member (o, "reason",
                                   json_object_get_string_member (e->body, "reason"));
  return o;
}

static void
fold_record (GHashTable   *decisions,
             GPtrArray    *order,
             GovRespEvent *e,
             const char   *case_id)
{
  JsonObject *d = json_object_new ();

  json_object_set_string_member (d, "id", e->id);
  json_object_set_string_member (d, "case_id", case_id);
  for (guint i = 0; decision_members[i] != NULL; i++)
    if (json_object_has_member (e->body, decision_members[i]))
      json_object_set_member (d, decision_members[i],
                              json_node_copy (json_object_get_member (e->body,
                                                                      decision_members[i])));
  json_object_set_string_member (d, "recorded_by", e->actor);
  json_object_set_int_member (d, "recorded_ms", e->hlc_ms);
  json_object_set_string_member (d, "version", e->id);
  json_object_set_array_member (d, "amendments", json_array_new ());
  json_object_set_array_member (d, "approved_by", json_array_new ());
  json_object_set_boolean_member (d, "retracted", FALSE);
  json_object_set_null_member (d, "retraction");
  json_object_set_array_member (d, "ignored", json_array_new ());
  g_hash_table_insert (decisions, g_strdup (e->id), d);
  g_ptr_array_add (order, g_strdup (e->id));
}

static gboolean
may_approve (JsonObject *d,
             JsonObject *rule,
             const char *actor)
{
  JsonArray *approvers = json_object_get_array_member (rule, "approvers");

  if (actor == NULL || g_strcmp0 (actor, json_object_get_string_member (d, "decided_by")) == 0 ||
      g_strcmp0 (actor, json_object_get_string_member (d, "recorded_by")) == 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (approvers); i++)
    if (g_str_equal (json_array_get_string_element (approvers, i), actor))
      return TRUE;
  return FALSE;
}

/* Folds one amend, retract or approve into its decision. Acts that make no
 * sense at their place after a merge (an amendment concurrent with a
 * retraction, say) are listed under "ignored", never fatal. */
static void
fold_act (GovReplica   *replica,
          JsonObject   *d,
          GovRespEvent *e)
{
  JsonArray *ignored = json_object_get_array_member (d, "ignored");
  gboolean retracted = json_object_get_boolean_member (d, "retracted");

  if (retracted)
    {
      json_array_add_object_element (ignored, act_object (e));
      return;
    }
  if (g_str_equal (e->type, "decision.amend"))
    {
      for (guint i = 0; decision_members[i] != NULL; i++)
        if (json_object_has_member (e->body, decision_members[i]))
          json_object_set_member (d, decision_members[i],
                                  json_node_copy (json_object_get_member (e->body,
                                                                          decision_members[i])));
      json_array_add_object_element (json_object_get_array_member (d, "amendments"),
                                     act_object (e));
      json_object_set_string_member (d, "version", e->id);
      /* An approval signs what it saw: an amendment needs a new one. */
      json_object_set_array_member (d, "approved_by", json_array_new ());
    }
  else if (g_str_equal (e->type, "decision.retract"))
    {
      json_object_set_boolean_member (d, "retracted", TRUE);
      json_object_set_object_member (d, "retraction", act_object (e));
    }
  else if (g_str_equal (e->type, "decision.approve"))
    {
      g_autoptr(JsonObject) rule =
        rule_locked (replica, json_object_get_string_member (d, "decision_type"));

      if (rule != NULL && may_approve (d, rule, e->actor))
        json_array_add_string_element (json_object_get_array_member (d, "approved_by"),
                                       e->actor);
      else
        json_array_add_object_element (ignored, act_object (e));
    }
}

static void
finish (GovReplica  *replica,
        const char  *case_id,
        JsonObject  *d,
        GovCaseType *ct,
        GovCalendar *cal)
{
  g_autoptr(JsonObject) rule =
    rule_locked (replica, json_object_get_string_member (d, "decision_type"));
  gboolean four_eyes = rule != NULL && json_object_get_boolean_member (rule, "four_eyes");
  gboolean approved = json_array_get_length (json_object_get_array_member (d, "approved_by")) > 0;
  GDate effect, deadline;

  json_object_set_boolean_member (d, "four_eyes", four_eyes);
  /* Who may approve, so that a view can say who is waiting for whom. */
  if (four_eyes)
    json_object_set_member (d, "approvers",
                            json_node_copy (json_object_get_member (rule, "approvers")));
  else
    json_object_set_array_member (d, "approvers", json_array_new ());
  json_object_set_boolean_member (d, "final", !json_object_get_boolean_member (d, "retracted") &&
                                              (!four_eyes || approved));
  json_object_set_boolean_member (d, "conflict",
                                  register_conflict_locked (replica, case_id,
                                                            json_object_get_string_member (d, "id")));
  json_object_set_null_member (d, "objection_deadline");
  if (ct != NULL &&
      gov_date_parse_iso (json_object_get_string_member (d, "effect_date"), &effect) &&
      gov_clock_objection_deadline (&effect, ct,
                                    json_object_get_string_member (d, "decision_type"),
                                    cal, &deadline, NULL))
    {
      g_autofree char *text = gov_date_to_iso (&deadline);

      json_object_set_string_member (d, "objection_deadline", text);
    }
}

/* Returns the decisions of a case, oldest first, as they stand. */
static JsonNode *
derive_locked (GovReplica  *replica,
               const char  *case_id,
               GError     **error)
{
  g_autoptr(GPtrArray) events = _gov_resp_case_events (replica, case_id, "decision.", error);
  g_autoptr(GHashTable) decisions = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GovCaseType) ct = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  JsonArray *arr;
  JsonNode *out;

  if (events == NULL)
    return NULL;
  decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < events->len; i++)
    {
      GovRespEvent *e = g_ptr_array_index (events, i);
      JsonObject *d;

      if (g_str_equal (e->type, "decision.record"))
        fold_record (decisions, order, e, case_id);
      else if ((d = g_hash_table_lookup (decisions,
                                         json_object_get_string_member_with_default (e->body,
                                                                                     "decision",
                                                                                     ""))))
        fold_act (replica, d, e);
    }

  _gov_case_clock_type_locked (replica, case_id, &ct, &cal);
  arr = json_array_new ();
  out = json_node_init_array (json_node_alloc (), arr);
  for (guint i = 0; i < order->len; i++)
    {
      JsonObject *d = g_hash_table_lookup (decisions, order->pdata[i]);

      finish (replica, case_id, d, ct, cal);
      json_array_add_object_element (arr, json_object_ref (d));
    }
  json_array_unref (arr);
  return out;
}

/* The case and full id of a decision given by id or unique id prefix. */
static gboolean
find_locked (GovReplica  *replica,
             const char  *decision_id,
             char       **case_id,
             char       **full_id,
             GError     **error)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT case_id, event_id FROM timeline"
                                      " WHERE type = 'decision.record'"
                                      " AND substr (event_id, 1, length (?1)) = ?1 LIMIT 2",
                                      error);
  guint n = 0;

  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, decision_id, -1, SQLITE_STATIC);
  while (decision_id != NULL && strlen (decision_id) >= 6 && sqlite3_step (s) == SQLITE_ROW)
    {
      if (n++ == 0)
        {
          *case_id = g_strdup ((const char *) sqlite3_column_text (s, 0));
          *full_id = g_strdup ((const char *) sqlite3_column_text (s, 1));
        }
    }
  sqlite3_reset (s);
  if (n == 1)
    return TRUE;
  g_clear_pointer (case_id, g_free);
  g_clear_pointer (full_id, g_free);
  g_set_error (error, GOV_DECISION_ERROR, GOV_DECISION_ERROR_NOT_FOUND,
               n == 0 ? _("There is no decision %s") : _("More than one decision starts with %s"),
               decision_id);
  return FALSE;
}

static JsonObject *
find_derived_locked (GovReplica  *replica,
                     const char  *case_id,
                     const char  *full_id,
                     GError     **error)
{
  g_autoptr(JsonNode) all = derive_locked (replica, case_id, error);

  if (all == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (all)); i++)
    {
      JsonObject *d = json_array_get_object_element (json_node_get_array (all), i);

      if (g_str_equal (json_object_get_string_member (d, "id"), full_id))
        return json_object_ref (d);
    }
  g_set_error (error, GOV_DECISION_ERROR, GOV_DECISION_ERROR_NOT_FOUND,
               _("There is no decision %s"), full_id);
  return NULL;
}

/* Writing ------------------------------------------------------------------- */

static gboolean
refuse (GError     **error,
        int          code,
        const char  *message)
{
  g_set_error (error, GOV_DECISION_ERROR, code, "%s", message);
  return FALSE;
}

static gboolean
facts_in_case_locked (GovReplica  *replica,
                      const char  *case_id,
                      JsonObject  *body,
                      GError     **error)
{
  JsonArray *facts = json_object_has_member (body, "facts")
                     ? json_object_get_array_member (body, "facts") : NULL;
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT 1 FROM timeline WHERE event_id = ? AND case_id = ?",
                                      error);

  if (s == NULL)
    return FALSE;
  for (guint i = 0; facts != NULL && i < json_array_get_length (facts); i++)
    {
      const char *fact = json_array_get_string_element (facts, i);
      gboolean found;

      sqlite3_bind_text (s, 1, fact, -1, SQLITE_STATIC);
      sqlite3_bind_text (s, 2, case_id, -1, SQLITE_STATIC);
      found = sqlite3_step (s) == SQLITE_ROW;
      sqlite3_reset (s);
      if (!found)
        {
          g_set_error (error, GOV_DECISION_ERROR, GOV_DECISION_ERROR_INVALID,
                       _("The fact %s is not an event of this case"), fact);
          return FALSE;
        }
    }
  return TRUE;
}

static void
set_text (JsonObject *o,
          const char *name,
          const char *value)
{
  if (value != NULL && *value != '\0')
    json_object_set_string_member (o, name, value);
}

/* The body of a record (@full) or an amendment. Missing parts that a
 * record needs are refused with a message naming them. */
static JsonNode *
input_body (const GovDecisionInput  *in,
            gboolean                 full,
            const char              *default_decider,
            GError                 **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  const GovLegalBasis *lb = &in->legal_basis;
  GDate d;

  if (full && (lb->law == NULL || *lb->law == '\0'))
    return (refuse (error, GOV_DECISION_ERROR_INVALID,
                    _("A decision needs a legal basis: the law, the article and the version in "
                      "force")), NULL);
  if (lb->law != NULL && *lb->law != '\0')
    {
      JsonObject *b = json_object_new ();

      if (lb->article == NULL || *lb->article == '\0' || lb->version == NULL || *lb->version == '\0')
        {
          json_object_unref (b);
          return (refuse (error, GOV_DECISION_ERROR_INVALID,
                          _("The legal basis needs the article and the version in force as well "
                            "as the law")), NULL);
        }
      set_text (b, "law", lb->law);
      set_text (b, "article", lb->article);
      set_text (b, "paragraph", lb->paragraph);
      set_text (b, "version", lb->version);
      json_object_set_object_member (o, "legal_basis", b);
    }
  if (full && (in->decision_type == NULL || in->mandate == NULL || in->rationale == NULL ||
               in->effect_date == NULL || *in->decision_type == '\0' || *in->mandate == '\0' ||
               *in->rationale == '\0'))
    return (refuse (error, GOV_DECISION_ERROR_INVALID,
                    _("A decision needs a type, a mandate, a rationale and an effect date")), NULL);
  if (in->effect_date != NULL && !gov_date_parse_iso (in->effect_date, &d))
    return (refuse (error, GOV_DECISION_ERROR_INVALID,
                    _("The effect date is not a YYYY-MM-DD date")), NULL);
  set_text (o, "decision_type", in->decision_type);
  set_text (o, "decided_by", in->decided_by != NULL ? in->decided_by : full ? default_decider : NULL);
  set_text (o, "mandate", in->mandate);
  set_text (o, "rationale", in->rationale);
  set_text (o, "effect_date", in->effect_date);
  if (full || in->facts != NULL)
    {
      JsonArray *facts = json_array_new ();

      for (guint i = 0; in->facts != NULL && in->facts[i] != NULL; i++)
        json_array_add_string_element (facts, in->facts[i]);
      json_object_set_array_member (o, "facts", facts);
    }
  if (full && !json_object_has_member (o, "decided_by"))
    return (refuse (error, GOV_DECISION_ERROR_INVALID, _("A decision needs who decided")), NULL);
  return _gov_resp_object_node (o);
}

static gboolean
case_open_locked (GovReplica  *replica,
                  const char  *case_id,
                  GError     **error)
{
  g_autofree char *status = _gov_resp_case_column (replica, case_id, "status");
  g_autofree char *number = _gov_resp_case_column (replica, case_id, "number");

  if (g_strcmp0 (status, "closed") != 0)
    return TRUE;
  g_set_error (error, GOV_DECISION_ERROR, GOV_DECISION_ERROR_CLOSED,
               _("Case %s is closed; decisions can no longer be recorded or changed"), number);
  return FALSE;
}

/**
 * gov_decision_record:
 * @replica: the replica
 * @number_or_id: the case
 * @input: the decision
 * @error: return location
 *
 * Records a decision. Refused, with nothing written, without a legal basis
 * (law, article, version in force), type, mandate, rationale or effect date,
 * or when a fact is not an event of the case.
 *
 * Returns: (transfer full) (nullable): the decision id (its event id)
 */
char *
gov_decision_record (GovReplica              *replica,
                     const char              *number_or_id,
                     const GovDecisionInput  *input,
                     GError                 **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GovEvent) ev = NULL;

  body = input_body (input, TRUE, gov_replica_get_actor (replica), error);
  if (body == NULL)
    return NULL;
  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL && case_open_locked (replica, case_id, error) &&
      facts_in_case_locked (replica, case_id, json_node_get_object (body), error))
    ev = _gov_resp_append (replica, case_id, "decision.record", NULL, body, error);
  gov_ledger_unlock (ledger);

  return ev != NULL ? g_strdup (gov_event_get_id (ev)) : NULL;
}

/* Writes an act on a decision, following the decision's register heads, so
 * that an amendment after a conflict supersedes both sides. */
static gboolean
act (GovReplica  *replica,
     const char  *decision_id,
     const char  *type,
     JsonNode    *body,
     gboolean   (*allowed) (GovReplica *, JsonObject *, GError **),
     GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *full_id = NULL;
  g_autofree char *field = NULL;
  g_autoptr(JsonObject) d = NULL;
  g_autoptr(GovEvent) ev = NULL;

  gov_ledger_lock (ledger);
  if (find_locked (replica, decision_id, &case_id, &full_id, error) &&
      case_open_locked (replica, case_id, error) &&
      (d = find_derived_locked (replica, case_id, full_id, error)) != NULL &&
      allowed (replica, d, error))
    {
      JsonObject *o = json_node_get_object (body);

      if (!facts_in_case_locked (replica, case_id, o, error))
        goto out;
      json_object_set_string_member (o, "decision", full_id);
      field = g_strconcat (GOV_RESP_REGISTER_DECISION, full_id, NULL);
      ev = _gov_resp_append (replica, case_id, type, field, body, error);
    }
out:
  gov_ledger_unlock (ledger);
  return ev != NULL;
}

static gboolean
not_retracted (GovReplica  *replica,
               JsonObject  *d,
               GError     **error)
{
  if (json_object_get_boolean_member (d, "retracted"))
    return refuse (error, GOV_DECISION_ERROR_RETRACTED,
                   _("The decision was retracted; it can no longer be changed or approved"));
  return TRUE;
}

static gboolean
approvable (GovReplica  *replica,
            JsonObject  *d,
            GError     **error)
{
  g_autoptr(JsonObject) rule = NULL;
  const char *actor = gov_replica_get_actor (replica);

  if (!not_retracted (replica, d, error))
    return FALSE;
  rule = rule_locked (replica, json_object_get_string_member (d, "decision_type"));
  if (rule == NULL || !json_object_get_boolean_member (rule, "four_eyes"))
    return refuse (error, GOV_DECISION_ERROR_NOT_ALLOWED,
                   _("This decision type has no four-eyes rule; it needs no approval"));
  if (g_strcmp0 (actor, json_object_get_string_member (d, "decided_by")) == 0 ||
      g_strcmp0 (actor, json_object_get_string_member (d, "recorded_by")) == 0)
    return refuse (error, GOV_DECISION_ERROR_NOT_ALLOWED,
                   _("You cannot approve your own decision; a second person must sign it"));
  if (!may_approve (d, rule, actor))
    return refuse (error, GOV_DECISION_ERROR_NOT_ALLOWED,
                   _("You do not have the approver role for this decision type"));
  if (json_object_get_boolean_member (d, "final"))
    return refuse (error, GOV_DECISION_ERROR_NOT_ALLOWED, _("The decision is already approved"));
  return TRUE;
}

/**
 * gov_decision_amend:
 * @replica: the replica
 * @decision_id: the decision (id or a unique prefix of at least 6 characters)
 * @changes: the parts that change (%NULL members keep their value)
 * @reason: why
 * @error: return location
 *
 * Refused for a retracted decision, without a reason, or when nothing changes.
 */
gboolean
gov_decision_amend (GovReplica              *replica,
                    const char              *decision_id,
                    const GovDecisionInput  *changes,
                    const char              *reason,
                    GError                 **error)
{
  g_autoptr(JsonNode) body = NULL;

  if (reason == NULL || *reason == '\0')
    return refuse (error, GOV_DECISION_ERROR_INVALID, _("An amendment needs a reason"));
  body = input_body (changes, FALSE, NULL, error);
  if (body == NULL)
    return FALSE;
  if (json_object_get_size (json_node_get_object (body)) == 0)
    return refuse (error, GOV_DECISION_ERROR_INVALID, _("The amendment changes nothing"));
  json_object_set_string_member (json_node_get_object (body), "reason", reason);
  return act (replica, decision_id, "decision.amend", body, not_retracted, error);
}

/**
 * gov_decision_retract:
 * @replica: the replica
 * @decision_id: the decision
 * @reason: why
 * @error: return location
 */
gboolean
gov_decision_retract (GovReplica  *replica,
                      const char  *decision_id,
                      const char  *reason,
                      GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  if (reason == NULL || *reason == '\0')
    return refuse (error, GOV_DECISION_ERROR_INVALID, _("A retraction needs a reason"));
  json_object_set_string_member (o, "reason", reason);
  body = _gov_resp_object_node (o);
  return act (replica, decision_id, "decision.retract", body, not_retracted, error);
}

/**
 * gov_decision_approve:
 * @replica: the replica
 * @decision_id: the decision
 * @error: return location
 *
 * The second signature under a four-eyes rule. Refused for one's own
 * decision, without the approver role, and when no rule asks for it.
 */
gboolean
gov_decision_approve (GovReplica  *replica,
                      const char  *decision_id,
                      GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) body = _gov_resp_object_node (o);

  return act (replica, decision_id, "decision.approve", body, approvable, error);
}

/**
 * gov_decision_set_rule:
 * @replica: the replica
 * @decision_type: a decision type id
 * @four_eyes: whether a second person must approve
 * @approvers: (array zero-terminated=1) (nullable): who holds the approver role
 * @error: return location
 */
gboolean
gov_decision_set_rule (GovReplica          *replica,
                       const char          *decision_type,
                       gboolean             four_eyes,
                       const char * const  *approvers,
                       GError             **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GovEvent) ev = NULL;
  JsonArray *arr = json_array_new ();

  if (decision_type == NULL || *decision_type == '\0')
    return refuse (error, GOV_DECISION_ERROR_INVALID, _("A rule needs a decision type"));
  if (four_eyes && (approvers == NULL || approvers[0] == NULL))
    {
      json_array_unref (arr);
      return refuse (error, GOV_DECISION_ERROR_INVALID,
                     _("A four-eyes rule needs at least one approver"));
    }
  for (guint i = 0; approvers != NULL && approvers[i] != NULL; i++)
    json_array_add_string_element (arr, approvers[i]);
  json_object_set_string_member (o, "decision_type", decision_type);
  json_object_set_boolean_member (o, "four_eyes", four_eyes);
  json_object_set_array_member (o, "approvers", arr);
  body = _gov_resp_object_node (o);
  ev = gov_ledger_append (gov_replica_get_ledger (replica), "admin", "decision.rule", NULL,
                          gov_replica_get_actor (replica), body, error);
  return ev != NULL;
}

/**
 * gov_decision_list:
 * @replica: the replica
 * @number_or_id: the case
 * @error: return location
 *
 * The case's decisions as they stand: id, decision_type, decided_by,
 * mandate, legal_basis {law, article, paragraph, version}, rationale,
 * facts[], effect_date, recorded_by, recorded_ms, version (the latest
 * event), amendments[] and retraction ({id, actor, hlc_ms, reason}),
 * retracted, approved_by[], four_eyes, approvers[] (empty without the
 * rule), final, conflict, objection_deadline (null without a case type),
 * ignored[].
 *
 * Returns: (transfer full) (nullable): a JSON array, oldest first
 */
JsonNode *
gov_decision_list (GovReplica  *replica,
                   const char  *number_or_id,
                   GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  JsonNode *out = NULL;

  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL)
    out = derive_locked (replica, case_id, error);
  gov_ledger_unlock (ledger);
  return out;
}

/**
 * gov_decision_get:
 * @replica: the replica
 * @decision_id: the decision (id or unique prefix)
 * @error: return location
 *
 * Returns: (transfer full) (nullable): one decision as in gov_decision_list()
 */
JsonNode *
gov_decision_get (GovReplica  *replica,
                  const char  *decision_id,
                  GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autofree char *full_id = NULL;
  g_autoptr(JsonObject) d = NULL;

  gov_ledger_lock (ledger);
  if (find_locked (replica, decision_id, &case_id, &full_id, error))
    d = find_derived_locked (replica, case_id, full_id, error);
  gov_ledger_unlock (ledger);
  return d != NULL ? _gov_resp_object_node (d) : NULL;
}
