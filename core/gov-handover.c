/* gov-handover.c: handing a case over to another team or office
 *
 * Two phases, both events in the case log (design B2.6): the owner offers
 * ("handover.offer", with a reason and a package), the receiver accepts or
 * declines, or the sender withdraws while no answer is known. The accept is
 * the commit point: ownership and accountability switch there, never at
 * the offer. Who owns a case is derived from these events in the ledger's
 * causal order, so every replica agrees after a merge.
 *
 * Handover events form one register (gov-projection-resp.c), so two offers
 * written without seeing each other, or an accept and a withdraw of the
 * same offer, leave two heads: a conflict on the case for both
 * supervisors. Until it is resolved the case stays with its last
 * uncontested owner.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-body-check.h"
#include "gov-case-clock.h"
#include "gov-clock-format.h"
#include "gov-handover.h"
#include "gov-ledger-private.h"
#include "gov-projection-resp.h"
#include "gov-resp-private.h"
#include "gov-resp-types.h"

G_DEFINE_QUARK (gov-handover-error-quark, gov_handover_error)

/* Body checks --------------------------------------------------------------- */

gboolean
_gov_handover_check_offer_body (JsonObject  *body,
                                GError     **error)
{
  JsonObject *pkg = json_object_get_object_member (body, "package");
  JsonNode *deadlines = json_object_get_member (pkg, "open_deadlines");
  g_autoptr(GList) names = json_object_get_members (pkg);

  if (_gov_body_text (body, "to_office") == _gov_body_text (body, "to_team"))
    return _gov_body_bad (error, _("An offer goes either to a team or to an office"));
  if (!_gov_body_text (body, "reason"))
    return _gov_body_bad (error, _("A handover needs a reason"));
  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains ((const char *[]) { "open_deadlines", "promises", "risks",
                                             "first_steps", NULL }, l->data))
      return _gov_body_bad (error, _("The handover package has an unknown part"));
  if (deadlines == NULL || !JSON_NODE_HOLDS_ARRAY (deadlines) ||
      !_gov_body_string_array (pkg, "promises") || !_gov_body_string_array (pkg, "risks"))
    return _gov_body_bad (error, _("The handover package lists open deadlines, promises and risks"));
  if (!_gov_body_text (pkg, "first_steps"))
    return _gov_body_bad (error, _("The handover package must say what the receiver must do first"));
  return TRUE;
}

gboolean
_gov_handover_check_answer_body (JsonObject  *body,
                                 GError     **error)
{
  if (!_gov_body_text (body, "reason"))
    return _gov_body_bad (error, _("Declining a handover needs a reason"));
  return TRUE;
}

gboolean
_gov_handover_check_resolve_body (JsonObject  *body,
                                  GError     **error)
{
  const char *outcome = json_object_get_string_member (body, "outcome");

  if (!g_str_equal (outcome, "accepted") && !g_str_equal (outcome, "withdrawn"))
    return _gov_body_bad (error, _("A contested handover ends accepted or withdrawn"));
  return TRUE;
}

/* Deriving who owns the case ------------------------------------------------ */

typedef struct
{
  char         *owner_office;
  char         *owner_team;
  GPtrArray    *offers;     /* JsonObject, in order */
  GHashTable   *by_id;      /* id → JsonObject (borrowed) */
} State;

static void
state_clear (State *st)
{
  g_free (st->owner_office);
  g_free (st->owner_team);
  g_clear_pointer (&st->offers, g_ptr_array_unref);
  g_clear_pointer (&st->by_id, g_hash_table_unref);
}

static const char *
str_or_null (JsonObject *o,
             const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

static void
set_owner (State      *st,
           const char *office,
           const char *team)
{
  /* @office or @team may be the current values. */
  char *o = g_strdup (office), *t = g_strdup (team);

  g_free (st->owner_office);
  g_free (st->owner_team);
  st->owner_office = o;
  st->owner_team = t;
}

static JsonObject *
answer_object (GovRespEvent *e)
{
  JsonObject *a = json_object_new ();

  json_object_set_string_member (a, "id", e->id);
  json_object_set_string_member (a, "type", e->type + strlen ("handover."));
  json_object_set_string_member (a, "actor", e->actor);
  json_object_set_int_member (a, "hlc_ms", e->hlc_ms);
  if (str_or_null (e->body, "reason") != NULL)
    json_object_set_string_member (a, "reason", str_or_null (e->body, "reason"));
  if (str_or_null (e->body, "team") != NULL)
    json_object_set_string_member (a, "team", str_or_null (e->body, "team"));
  return a;
}

static void
fold_offer (State        *st,
            GovRespEvent *e)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", e->id);
  json_object_set_string_member (o, "actor", e->actor);
  json_object_set_int_member (o, "since_ms", e->hlc_ms);
  for (const char *const *m = (const char *const[]) { "from_office", "from_team", "to_office",
                                                     "to_team", "reason", NULL }; *m; m++)
    if (str_or_null (e->body, *m) != NULL)
      json_object_set_string_member (o, *m, str_or_null (e->body, *m));
    else
      json_object_set_null_member (o, *m);
  json_object_set_member (o, "package",
                          json_node_copy (json_object_get_member (e->body, "package")));
  json_object_set_string_member (o, "status", "pending");
  json_object_set_null_member (o, "answer");
  g_ptr_array_add (st->offers, o);
  g_hash_table_insert (st->by_id, (gpointer) json_object_get_string_member (o, "id"), o);
}

static const char *
status_of (JsonObject *offer)
{
  return json_object_get_string_member (offer, "status");
}

static void
set_status (JsonObject   *offer,
            const char   *status,
            GovRespEvent *answer)
{
  json_object_set_string_member (offer, "status", status);
  if (answer != NULL)
    json_object_set_object_member (offer, "answer", answer_object (answer));
}

static void
take_over (State      *st,
           JsonObject *offer,
           const char *team)
{
  /* Remember the owner before, for a withdraw that turns out to have
   * raced this accept. */
  json_object_set_string_member (offer, "previous_office", st->owner_office);
  if (st->owner_team != NULL)
    json_object_set_string_member (offer, "previous_team", st->owner_team);
  set_owner (st, str_or_null (offer, "to_office") != NULL ? str_or_null (offer, "to_office")
                                                           : st->owner_office,
             team != NULL ? team : str_or_null (offer, "to_team"));
  /* Other open offers lapse: the case has a new owner. */
  for (guint i = 0; i < st->offers->len; i++)
    if (g_str_equal (status_of (st->offers->pdata[i]), "pending"))
      set_status (st->offers->pdata[i], "lapsed", NULL);
}

/* One answer, in causal order. An answer can only meet a non-pending offer
 * when it was written without knowing the other answer (a merge): an
 * accept and a withdraw of one offer make it contested, and the case stays
 * with its last uncontested owner until someone resolves it. */
static void
fold_answer (State        *st,
             GovRespEvent *e)
{
  JsonObject *offer = g_hash_table_lookup (st->by_id, str_or_null (e->body, "offer"));
  const char *kind = e->type + strlen ("handover.");
  const char *status;

  if (offer == NULL)
    return;
  status = status_of (offer);
  if (g_str_equal (kind, "resolve"))
    {
      if (!g_str_equal (status, "contested"))
        return;
      if (g_str_equal (str_or_null (e->body, "outcome"), "accepted"))
        {
          set_status (offer, "accepted", e);
          take_over (st, offer, str_or_null (e->body, "team"));
        }
      else
        set_status (offer, "withdrawn", e);
      return;
    }
  if (g_str_equal (status, "pending") || g_str_equal (status, "lapsed"))
    {
      if (g_str_equal (kind, "accept"))
        {
          set_status (offer, "accepted", e);
          take_over (st, offer, str_or_null (e->body, "team"));
        }
      else
        set_status (offer, g_str_equal (kind, "decline") ? "declined" : "withdrawn", e);
    }
  else if (g_str_equal (status, "withdrawn") && g_str_equal (kind, "accept"))
    {
      set_status (offer, "contested", NULL);
      json_object_set_object_member (offer, "contested_by", answer_object (e));
    }
  else if (g_str_equal (status, "accepted") && g_str_equal (kind, "withdraw"))
    {
      /* The accept came first in causal order but did not see the
       * withdraw: hand the case back to the owner before the accept. */
      set_status (offer, "contested", NULL);
      json_object_set_object_member (offer, "contested_by", answer_object (e));
      set_owner (st, str_or_null (offer, "previous_office"), str_or_null (offer, "previous_team"));
    }
}

static gboolean
derive_locked (GovReplica  *replica,
               const char  *case_id,
               State       *st,
               GError     **error)
{
  g_autoptr(GPtrArray) events = _gov_resp_case_events (replica, case_id, "", error);

  if (events == NULL)
    return FALSE;
  st->offers = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  st->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < events->len; i++)
    {
      GovRespEvent *e = g_ptr_array_index (events, i);

      if (g_str_equal (e->type, "case.create"))
        set_owner (st, str_or_null (e->body, "owner_office"), str_or_null (e->body, "team"));
      else if ((g_str_equal (e->type, "field.set") || g_str_equal (e->type, "conflict.resolve")) &&
               g_strcmp0 (str_or_null (e->body, "field"), "team") == 0)
        {
          /* Reassigning within the office moves the owning team too. */
          g_free (st->owner_team);
          st->owner_team = g_strdup (str_or_null (e->body, "value"));
        }
      else if (g_str_equal (e->type, "handover.offer"))
        fold_offer (st, e);
      else if (g_str_has_prefix (e->type, "handover."))
        fold_answer (st, e);
    }
  return TRUE;
}

static JsonObject *
pending_offer (State *st)
{
  for (guint i = st->offers->len; i > 0; i--)
    if (g_str_equal (status_of (st->offers->pdata[i - 1]), "pending"))
      return st->offers->pdata[i - 1];
  return NULL;
}

static gboolean
register_conflict_locked (GovReplica *replica,
                          const char *case_id)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT conflict FROM case_field WHERE case_id = ?"
                                      " AND field = '" GOV_RESP_REGISTER_HANDOVER "'", NULL);
  gboolean out = FALSE;

  if (s == NULL)
    return FALSE;
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = sqlite3_column_int (s, 0) != 0;
  sqlite3_reset (s);
  return out;
}

/* Edits during a transfer: case events the receiver did not see when the
 * offer was made — written after the offer (or concurrently with it) and
 * not after the accept — except the handover events themselves and the
 * receiver's own. The receiver reviews them. */
static JsonArray *
edits_during_transfer_locked (GovReplica  *replica,
                              const char  *case_id,
                              JsonObject  *offer,
                              GError     **error)
{
  g_autoptr(GPtrArray) events = _gov_resp_case_events (replica, case_id, "", error);
  g_autoptr(GHashTable) before = NULL;
  JsonObject *answer = json_object_get_member (offer, "answer") != NULL &&
                       !json_object_get_null_member (offer, "answer")
                       ? json_object_get_object_member (offer, "answer") : NULL;
  const char *accept_id = answer != NULL && g_str_equal (json_object_get_string_member (answer,
                                                                                       "type"),
                                                         "accept")
                          ? json_object_get_string_member (answer, "id") : NULL;
  const char *accept_actor = accept_id != NULL ? json_object_get_string_member (answer, "actor")
                                               : NULL;
  JsonArray *out;

  if (events == NULL)
    return NULL;
  before = _gov_resp_ancestors (replica, json_object_get_string_member (offer, "id"), error);
  if (before == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < events->len; i++)
    {
      GovRespEvent *e = g_ptr_array_index (events, i);
      g_autoptr(GHashTable) past = NULL;
      JsonObject *row;

      if (g_hash_table_contains (before, e->id) || g_str_has_prefix (e->type, "handover.") ||
          g_str_equal (e->type, "case.create") || g_strcmp0 (e->actor, accept_actor) == 0)
        continue;
      if (accept_id != NULL)
        {
          past = _gov_resp_ancestors (replica, e->id, NULL);
          if (past != NULL && g_hash_table_contains (past, accept_id))
            continue;
        }
      row = json_object_new ();
      json_object_set_string_member (row, "event_id", e->id);
      json_object_set_string_member (row, "type", e->type);
      json_object_set_string_member (row, "actor", e->actor);
      json_object_set_int_member (row, "hlc_ms", e->hlc_ms);
      json_array_add_object_element (out, row);
    }
  return out;
}

static JsonObject *
state_to_json_locked (GovReplica  *replica,
                      const char  *case_id,
                      State       *st,
                      GError     **error)
{
  g_autoptr(JsonObject) o = json_object_new ();
  g_autofree char *number = _gov_resp_case_column (replica, case_id, "number");
  JsonObject *pending = pending_offer (st);
  JsonObject *latest = st->offers->len > 0 ? st->offers->pdata[st->offers->len - 1] : NULL;
  JsonArray *offers = json_array_new ();
  JsonArray *review;

  json_object_set_string_member (o, "case_id", case_id);
  json_object_set_string_member (o, "number", number);
  json_object_set_string_member (o, "owner_office", st->owner_office);
  if (st->owner_team != NULL)
    json_object_set_string_member (o, "owner_team", st->owner_team);
  else
    json_object_set_null_member (o, "owner_team");
  if (pending != NULL)
    json_object_set_object_member (o, "in_transit", json_object_ref (pending));
  else
    json_object_set_null_member (o, "in_transit");
  json_object_set_boolean_member (o, "conflict", register_conflict_locked (replica, case_id));
  for (guint i = 0; i < st->offers->len; i++)
    json_array_add_object_element (offers, json_object_ref (st->offers->pdata[i]));
  json_object_set_array_member (o, "offers", offers);
  review = latest != NULL ? edits_during_transfer_locked (replica, case_id, latest, error)
                          : json_array_new ();
  if (review == NULL)
    return NULL;
  json_object_set_array_member (o, "edited_during_transfer", review);
  return g_steal_pointer (&o);
}

/**
 * gov_handover_get_state:
 * @replica: the replica
 * @number_or_id: the case
 * @error: return location
 *
 * Who is accountable for the case, derived from its events: owner_office,
 * owner_team, in_transit (the open offer or null), conflict (concurrent
 * offers, or an accept racing a withdraw), offers[] (id, from_office,
 * from_team, to_office, to_team, reason, package, actor, since_ms, status:
 * pending, accepted, declined, withdrawn, lapsed or contested; answer) and
 * edited_during_transfer[] (events of the latest transfer the receiver
 * should review).
 *
 * Returns: (transfer full) (nullable): a JSON object
 */
JsonNode *
gov_handover_get_state (GovReplica  *replica,
                        const char  *number_or_id,
                        GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  State st = { 0 };
  JsonObject *o = NULL;

  gov_ledger_lock (ledger);
  case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (case_id != NULL && derive_locked (replica, case_id, &st, error))
    o = state_to_json_locked (replica, case_id, &st, error);
  gov_ledger_unlock (ledger);
  state_clear (&st);
  if (o == NULL)
    return NULL;
  {
    JsonNode *n = _gov_resp_object_node (o);

    json_object_unref (o);
    return n;
  }
}

/* Writing ------------------------------------------------------------------- */

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...) G_GNUC_PRINTF (3, 4);

static gboolean
refuse (GError     **error,
        int          code,
        const char  *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, GOV_HANDOVER_ERROR, code, message);
  return FALSE;
}

static char *
when (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  return gov_clock_format_date (&d);
}

static const char *
target_name (JsonObject *offer)
{
  return str_or_null (offer, "to_team") != NULL ? str_or_null (offer, "to_team")
                                                : str_or_null (offer, "to_office");
}

static JsonArray *
strv_array (const char * const *v)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; v != NULL && v[i] != NULL; i++)
    if (*v[i] != '\0')
      json_array_add_string_element (a, v[i]);
  return a;
}

/* The package's open deadlines: the case's clocks and its due date. */
static JsonArray *
open_deadlines (GovReplica *replica,
                const char *case_id)
{
  JsonArray *a = json_array_new ();
  g_autoptr(GovCaseClock) clock = gov_case_clock_get (replica, case_id, NULL, NULL);
  sqlite3_stmt *s;

  if (clock != NULL)
    for (guint i = 0; i < 2; i++)
      {
        const GovClockTrack *t = i == 0 ? &clock->result->legal : &clock->result->service;
        JsonObject *o = json_object_new ();
        g_autofree char *date = gov_date_to_iso (&t->deadline);

        json_object_set_string_member (o, "what", i == 0 ? "time_limit" : "service_target");
        json_object_set_string_member (o, "date", date);
        json_array_add_object_element (a, o);
      }
  s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                        "SELECT due FROM case_row WHERE case_id = ? AND due IS NOT NULL", NULL);
  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "what", "due");
          json_object_set_string_member (o, "date", (const char *) sqlite3_column_text (s, 0));
          json_array_add_object_element (a, o);
        }
      sqlite3_reset (s);
    }
  return a;
}

static gboolean
open_case_locked (GovReplica  *replica,
                  const char  *number_or_id,
                  char       **case_id,
                  State       *st,
                  GError     **error)
{
  g_autofree char *status = NULL;

  *case_id = _gov_resp_lookup (replica, number_or_id, error);
  if (*case_id == NULL)
    return FALSE;
  status = _gov_resp_case_column (replica, *case_id, "status");
  if (g_strcmp0 (status, "closed") == 0)
    return refuse (error, GOV_HANDOVER_ERROR_CLOSED,
                   _("Case %s is closed; a closed case cannot be handed over"), number_or_id);
  return derive_locked (replica, *case_id, st, error);
}

/**
 * gov_handover_offer:
 * @replica: the replica
 * @number_or_id: the case
 * @offer: to whom, why, and the package
 * @error: return location
 *
 * Offers the case. Nothing changes owner yet: the sender stays accountable
 * and the case is "in transit" until the receiver answers. Refused, with
 * nothing written, for a closed case, a case already in transit, an offer
 * to the current owner, or without a reason or first steps.
 *
 * Returns: (transfer full) (nullable): the offer id
 */
char *
gov_handover_offer (GovReplica              *replica,
                    const char              *number_or_id,
                    const GovHandoverOffer  *offer,
                    GError                 **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autoptr(GovEvent) ev = NULL;
  State st = { 0 };
  JsonObject *pending;

  if (offer->reason == NULL || *offer->reason == '\0')
    return (refuse (error, GOV_HANDOVER_ERROR_INVALID, _("A handover needs a reason")), NULL);
  if (offer->first_steps == NULL || *offer->first_steps == '\0')
    return (refuse (error, GOV_HANDOVER_ERROR_INVALID,
                    _("The handover package must say what the receiver must do first")), NULL);
  if ((offer->to_team == NULL || *offer->to_team == '\0') ==
      (offer->to_office == NULL || *offer->to_office == '\0'))
    return (refuse (error, GOV_HANDOVER_ERROR_INVALID,
                    _("Offer the case either to a team of this office or to another office")),
            NULL);

  gov_ledger_lock (ledger);
  if (open_case_locked (replica, number_or_id, &case_id, &st, error))
    {
      pending = pending_offer (&st);
      if (pending != NULL)
        {
          g_autofree char *since = when (json_object_get_int_member (pending, "since_ms"));

          refuse (error, GOV_HANDOVER_ERROR_IN_TRANSIT,
                  _("Case %s is already in transit to %s since %s; withdraw that offer first"),
                  number_or_id, target_name (pending), since);
        }
      else if (g_strcmp0 (offer->to_office, st.owner_office) == 0 ||
               (offer->to_team != NULL && g_strcmp0 (offer->to_team, st.owner_team) == 0))
        refuse (error, GOV_HANDOVER_ERROR_INVALID, _("Case %s already belongs to %s"),
                number_or_id, offer->to_team != NULL ? offer->to_team : offer->to_office);
      else
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autoptr(JsonNode) node = NULL;
          JsonObject *pkg = json_object_new ();

          if (offer->to_office != NULL && *offer->to_office != '\0')
            json_object_set_string_member (body, "to_office", offer->to_office);
          else
            json_object_set_string_member (body, "to_team", offer->to_team);
          json_object_set_string_member (body, "from_office", st.owner_office);
          if (st.owner_team != NULL)
            json_object_set_string_member (body, "from_team", st.owner_team);
          else
            json_object_set_null_member (body, "from_team");
          json_object_set_string_member (body, "reason", offer->reason);
          json_object_set_array_member (pkg, "open_deadlines", open_deadlines (replica, case_id));
          json_object_set_array_member (pkg, "promises", strv_array (offer->promises));
          json_object_set_array_member (pkg, "risks", strv_array (offer->risks));
          json_object_set_string_member (pkg, "first_steps", offer->first_steps);
          json_object_set_object_member (body, "package", pkg);
          node = _gov_resp_object_node (body);
          ev = _gov_resp_append (replica, case_id, "handover.offer", GOV_RESP_REGISTER_HANDOVER,
                                 node, error);
        }
    }
  gov_ledger_unlock (ledger);
  state_clear (&st);
  return ev != NULL ? g_strdup (gov_event_get_id (ev)) : NULL;
}

/* The offer an answer is about: the named one, or the only open one. */
static JsonObject *
answerable_offer (State       *st,
                  const char  *number_or_id,
                  const char  *offer_id,
                  GError     **error)
{
  JsonObject *offer = NULL;

  if (offer_id != NULL && strlen (offer_id) < 6)
    return (refuse (error, GOV_HANDOVER_ERROR_NO_OFFER,
                    _("Give at least 6 characters of the offer id")), NULL);
  if (offer_id != NULL)
    {
      for (guint i = 0; i < st->offers->len && offer == NULL; i++)
        if (g_str_has_prefix (json_object_get_string_member (st->offers->pdata[i], "id"),
                              offer_id))
          offer = st->offers->pdata[i];
    }
  else
    offer = pending_offer (st);
  if (offer == NULL)
    return (refuse (error, GOV_HANDOVER_ERROR_NO_OFFER, _("Case %s has no open handover offer"),
                    number_or_id), NULL);
  if (!g_str_equal (status_of (offer), "pending"))
    {
      JsonObject *answer = json_object_get_null_member (offer, "answer")
                           ? NULL : json_object_get_object_member (offer, "answer");
      g_autofree char *on = answer != NULL
                            ? when (json_object_get_int_member (answer, "hlc_ms")) : NULL;

      /* TRANSLATORS: the offer's status (accepted, declined, …) and a date */
      return (refuse (error, GOV_HANDOVER_ERROR_ANSWERED,
                      on != NULL ? _("The offer was already %s on %s") : _("The offer was already %s"),
                      status_of (offer), on), NULL);
    }
  return offer;
}

/* Only the team or office the case was offered to may answer. */
static gboolean
is_target (GovReplica  *replica,
           JsonObject  *offer,
           const char  *as_team,
           GError     **error)
{
  const char *to_team = str_or_null (offer, "to_team");
  const char *to_office = str_or_null (offer, "to_office");

  if (to_team != NULL && g_strcmp0 (as_team, to_team) != 0)
    return refuse (error, GOV_HANDOVER_ERROR_NOT_TARGET,
                   _("The case was offered to team %s, not to %s"), to_team,
                   as_team != NULL ? as_team : _("no team"));
  if (to_office != NULL && g_strcmp0 (to_office, _gov_resp_office_id (replica)) != 0)
    return refuse (error, GOV_HANDOVER_ERROR_NOT_TARGET,
                   _("The case was offered to office %s, not to this office"), to_office);
  return TRUE;
}

static gboolean
answer (GovReplica  *replica,
        const char  *number_or_id,
        const char  *offer_id,
        const char  *type,
        const char  *as_team,
        const char  *reason,
        GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autoptr(GovEvent) ev = NULL;
  State st = { 0 };
  JsonObject *offer = NULL;
  gboolean withdraw = g_str_equal (type, "handover.withdraw");

  gov_ledger_lock (ledger);
  if (open_case_locked (replica, number_or_id, &case_id, &st, error) &&
      (offer = answerable_offer (&st, number_or_id, offer_id, error)) != NULL &&
      (withdraw || is_target (replica, offer, as_team, error)))
    {
      g_autoptr(JsonObject) body = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (body, "offer", json_object_get_string_member (offer, "id"));
      if (reason != NULL && *reason != '\0')
        json_object_set_string_member (body, "reason", reason);
      if (as_team != NULL && !withdraw)
        json_object_set_string_member (body, "team", as_team);
      node = _gov_resp_object_node (body);
      ev = _gov_resp_append (replica, case_id, type,
                             g_str_equal (type, "handover.accept")
                             ? GOV_RESP_REGISTER_HANDOVER " team" : GOV_RESP_REGISTER_HANDOVER,
                             node, error);
    }
  gov_ledger_unlock (ledger);
  state_clear (&st);
  return ev != NULL;
}

/**
 * gov_handover_accept:
 * @replica: the replica
 * @number_or_id: the case
 * @offer_id: (nullable): the offer (id or prefix); the open one when %NULL
 * @as_team: (nullable): the accepting team; must be the offer's team
 * @error: return location
 *
 * The commit point: from here the receiver owns the case and is
 * accountable. Refused for anyone the case was not offered to, and once
 * the offer was withdrawn or answered.
 */
gboolean
gov_handover_accept (GovReplica  *replica,
                     const char  *number_or_id,
                     const char  *offer_id,
                     const char  *as_team,
                     GError     **error)
{
  return answer (replica, number_or_id, offer_id, "handover.accept", as_team, NULL, error);
}

/**
 * gov_handover_decline:
 * @replica: the replica
 * @number_or_id: the case
 * @offer_id: (nullable): the offer; the open one when %NULL
 * @as_team: (nullable): the declining team
 * @reason: why (required)
 * @error: return location
 */
gboolean
gov_handover_decline (GovReplica  *replica,
                      const char  *number_or_id,
                      const char  *offer_id,
                      const char  *as_team,
                      const char  *reason,
                      GError     **error)
{
  if (reason == NULL || *reason == '\0')
    return refuse (error, GOV_HANDOVER_ERROR_INVALID, _("Declining a handover needs a reason"));
  return answer (replica, number_or_id, offer_id, "handover.decline", as_team, reason, error);
}

/**
 * gov_handover_withdraw:
 * @replica: the replica
 * @number_or_id: the case
 * @offer_id: (nullable): the offer; the open one when %NULL
 * @error: return location
 *
 * The sender takes an offer back. Refused once the receiver has answered.
 */
gboolean
gov_handover_withdraw (GovReplica  *replica,
                       const char  *number_or_id,
                       const char  *offer_id,
                       GError     **error)
{
  return answer (replica, number_or_id, offer_id, "handover.withdraw", NULL, NULL, error);
}

/**
 * gov_handover_resolve:
 * @replica: the replica
 * @number_or_id: the case
 * @offer_id: the contested offer
 * @accepted: %TRUE to let the accept stand, %FALSE to let the withdraw stand
 * @reason: why
 * @error: return location
 *
 * Ends the conflict of an accept that raced a withdraw.
 */
gboolean
gov_handover_resolve (GovReplica  *replica,
                      const char  *number_or_id,
                      const char  *offer_id,
                      gboolean     accepted,
                      const char  *reason,
                      GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autofree char *case_id = NULL;
  g_autoptr(GovEvent) ev = NULL;
  State st = { 0 };
  JsonObject *offer = NULL;

  if (reason == NULL || *reason == '\0')
    return refuse (error, GOV_HANDOVER_ERROR_INVALID, _("Resolving a handover needs a reason"));
  gov_ledger_lock (ledger);
  if (open_case_locked (replica, number_or_id, &case_id, &st, error))
    {
      for (guint i = 0; i < st.offers->len && offer == NULL; i++)
        if (offer_id != NULL &&
            g_str_has_prefix (json_object_get_string_member (st.offers->pdata[i], "id"), offer_id))
          offer = st.offers->pdata[i];
      if (offer == NULL || !g_str_equal (status_of (offer), "contested"))
        refuse (error, GOV_HANDOVER_ERROR_NO_OFFER,
                _("Case %s has no contested handover %s"), number_or_id,
                offer_id != NULL ? offer_id : "");
      else
        {
          g_autoptr(JsonObject) body = json_object_new ();
          g_autoptr(JsonNode) node = NULL;
          JsonObject *by = json_object_get_object_member (offer, "contested_by");
          const char *team = accepted
                             ? (g_str_equal (json_object_get_string_member (by, "type"), "accept")
                                ? str_or_null (by, "team")
                                : str_or_null (json_object_get_object_member (offer, "answer"),
                                               "team"))
                             : str_or_null (offer, "from_team");

          json_object_set_string_member (body, "offer", json_object_get_string_member (offer, "id"));
          json_object_set_string_member (body, "outcome", accepted ? "accepted" : "withdrawn");
          json_object_set_string_member (body, "reason", reason);
          if (team != NULL)
            json_object_set_string_member (body, "team", team);
          node = _gov_resp_object_node (body);
          ev = _gov_resp_append (replica, case_id, "handover.resolve",
                                 GOV_RESP_REGISTER_HANDOVER " team", node, error);
        }
    }
  gov_ledger_unlock (ledger);
  state_clear (&st);
  return ev != NULL;
}

/**
 * gov_handover_list:
 * @replica: the replica
 * @team: (nullable): the viewer's team; %NULL for the whole office
 * @error: return location
 *
 * The "In transit" inbox: {sent: [...], waiting: [...]}, each row {number,
 * case_id, offer, from_office, from_team, to_office, to_team, reason,
 * since_ms, age_hours}. Sent are open offers from this office (or team);
 * waiting are open offers to it.
 *
 * Returns: (transfer full) (nullable): a JSON object
 */
JsonNode *
gov_handover_list (GovReplica  *replica,
                   const char  *team,
                   GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  const char *office = _gov_resp_office_id (replica);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *sent = json_array_new (), *waiting = json_array_new ();
  gint64 now_ms = g_get_real_time () / 1000;
  sqlite3_stmt *s;
  gboolean ok = TRUE;

  json_object_set_array_member (out, "sent", sent);
  json_object_set_array_member (out, "waiting", waiting);
  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT DISTINCT t.case_id FROM timeline t JOIN case_row c"
                                " ON c.case_id = t.case_id WHERE t.type = 'handover.offer'"
                                " AND c.status <> 'closed' ORDER BY c.number", error);
  if (s == NULL)
    ok = FALSE;
  else
    {
      while (sqlite3_step (s) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (s, 0)));
      sqlite3_reset (s);
    }
  for (guint i = 0; ok && i < ids->len; i++)
    {
      State st = { 0 };
      JsonObject *p;

      ok = derive_locked (replica, ids->pdata[i], &st, error);
      if (ok && (p = pending_offer (&st)) != NULL)
        {
          g_autofree char *number = _gov_resp_case_column (replica, ids->pdata[i], "number");
          JsonObject *row = json_object_ref (p);
          gboolean from_me = g_strcmp0 (str_or_null (p, "from_office"), office) == 0 &&
                             (team == NULL || g_strcmp0 (str_or_null (p, "from_team"), team) == 0);
          gboolean to_me = str_or_null (p, "to_office") != NULL
                           ? g_strcmp0 (str_or_null (p, "to_office"), office) == 0
                           : team == NULL || g_strcmp0 (str_or_null (p, "to_team"), team) == 0;

          json_object_set_string_member (row, "number", number);
          json_object_set_string_member (row, "case_id", ids->pdata[i]);
          json_object_set_int_member (row, "age_hours",
                                      MAX (0, now_ms - json_object_get_int_member (p, "since_ms"))
                                      / 3600000);
          if (from_me)
            json_array_add_object_element (sent, json_object_ref (row));
          if (to_me)
            json_array_add_object_element (waiting, json_object_ref (row));
          json_object_unref (row);
        }
      state_clear (&st);
    }
  gov_ledger_unlock (ledger);
  return ok ? _gov_resp_object_node (out) : NULL;
}

/* Authority (design B2.5) --------------------------------------------------- */

static JsonObject *
timeline_body (sqlite3    *db,
               const char *event_id,
               const char *type,
               gboolean   *failed)
{
  sqlite3_stmt *s = NULL;
  JsonObject *out = NULL;
  int rc = sqlite3_prepare_v2 (db, "SELECT body FROM timeline WHERE event_id = ? AND type = ?",
                               -1, &s, NULL);

  if (rc != SQLITE_OK)
    {
      *failed = TRUE;
      return NULL;
    }
  sqlite3_bind_text (s, 1, event_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, type, -1, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonNode) n = json_from_string ((const char *) sqlite3_column_text (s, 0), NULL);

      if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
        out = json_object_ref (json_node_get_object (n));
    }
  else if (rc != SQLITE_DONE)
    *failed = TRUE;
  sqlite3_finalize (s);
  return out;
}

static gboolean
is_stored (sqlite3    *db,
           const char *id,
           gboolean   *failed)
{
  sqlite3_stmt *s = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM event WHERE id = ?", -1, &s, NULL) != SQLITE_OK)
    {
      *failed = TRUE;
      return FALSE;
    }
  sqlite3_bind_text (s, 1, id, -1, SQLITE_STATIC);
  found = sqlite3_step (s) == SQLITE_ROW;
  sqlite3_finalize (s);
  return found;
}

/* The office that owns the case as the author of @ev saw it: the creator,
 * moved by every accepted handover in the causal past of its deps and its
 * own previous event. */
static char *
owner_as_of_deps (sqlite3    *db,
                  GovEvent   *ev,
                  const char *creator,
                  gboolean   *failed)
{
  const char * const *deps = gov_event_get_deps (ev);
  char *owner = g_strdup (creator);
  sqlite3_stmt *s = NULL;
  g_autoptr(JsonArray) arr = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *seeds = NULL;

  /* The seeds go in as one JSON array bound as a parameter. */
  for (guint i = 0; deps[i] != NULL; i++)
    json_array_add_string_element (arr, deps[i]);
  if (gov_event_get_prev (ev) != NULL)
    json_array_add_string_element (arr, gov_event_get_prev (ev));
  node = json_node_init_array (json_node_alloc (), arr);
  seeds = json_to_string (node, FALSE);

  if (sqlite3_prepare_v2 (db,
        "WITH RECURSIVE anc (id) AS (SELECT value FROM json_each (?1)"
        " UNION SELECT d.dep FROM event_dep d JOIN anc ON d.id = anc.id"
        " UNION SELECT e.prev FROM event e JOIN anc ON e.id = anc.id WHERE e.prev IS NOT NULL)"
        " SELECT t.type, t.body FROM timeline t JOIN anc ON t.event_id = anc.id"
        " WHERE t.type IN ('handover.accept', 'handover.resolve')"
        " ORDER BY t.hlc_ms, t.hlc_c, t.event_id", -1, &s, NULL) != SQLITE_OK)
    {
      *failed = TRUE;
      return owner;
    }
  sqlite3_bind_text (s, 1, seeds, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) n = json_from_string ((const char *) sqlite3_column_text (s, 1), NULL);
      JsonObject *b = n != NULL ? json_node_get_object (n) : NULL;
      g_autoptr(JsonObject) offer = NULL;
      gboolean accepted;

      if (b == NULL)
        continue;
      accepted = g_str_equal ((const char *) sqlite3_column_text (s, 0), "handover.accept") ||
                 g_strcmp0 (str_or_null (b, "outcome"), "accepted") == 0;
      offer = timeline_body (db, str_or_null (b, "offer"), "handover.offer", failed);
      if (offer == NULL || str_or_null (offer, "to_office") == NULL)
        continue;
      g_free (owner);
      owner = g_strdup (accepted ? str_or_null (offer, "to_office")
                                 : str_or_null (offer, "from_office"));
    }
  sqlite3_finalize (s);
  return owner;
}

/**
 * _gov_handover_authority:
 * @db: the replica database (inside the apply transaction)
 * @ev: a case event whose author's office is not the office that opened the
 *   case, or any event of a case that had a handover
 * @office_id: the author's office
 * @creator: the office that opened the case
 * @wait_for: (out): for %GOV_HANDOVER_AUTHORITY_WAIT, the event to wait for
 *
 * The handover part of the authority rule (B2.5): an answer to an offer to
 * another office may come only from that office, and an office that
 * accepted a case may write to it as of the accept.
 *
 * Returns: whether the event is authorised, refused, or must wait
 */
GovHandoverAuthority
_gov_handover_authority (sqlite3     *db,
                         GovEvent    *ev,
                         const char  *office_id,
                         const char  *creator,
                         char       **wait_for)
{
  const char *type = gov_event_get_event_type (ev);
  const char * const *deps = gov_event_get_deps (ev);
  gboolean failed = FALSE;
  g_autofree char *owner = NULL;

  /* Ownership as of the deps needs the deps. */
  for (guint i = 0; deps[i] != NULL; i++)
    if (!is_stored (db, deps[i], &failed))
      {
        *wait_for = g_strdup (deps[i]);
        return failed ? GOV_HANDOVER_AUTHORITY_ERROR : GOV_HANDOVER_AUTHORITY_WAIT;
      }

  if (g_str_equal (type, "handover.accept") || g_str_equal (type, "handover.decline"))
    {
      g_autoptr(JsonObject) offer = timeline_body (db, json_object_get_string_member (
                                                     gov_event_get_body (ev), "offer"),
                                                   "handover.offer", &failed);

      if (failed)
        return GOV_HANDOVER_AUTHORITY_ERROR;
      if (offer == NULL)
        {
          *wait_for = g_strdup (json_object_get_string_member (gov_event_get_body (ev), "offer"));
          return GOV_HANDOVER_AUTHORITY_WAIT;
        }
      /* An offer between teams of one office is answered by that office,
       * which must own the case: the owner check below. */
      if (str_or_null (offer, "to_office") != NULL)
        return g_strcmp0 (str_or_null (offer, "to_office"), office_id) == 0
               ? GOV_HANDOVER_AUTHORITY_ALLOWED : GOV_HANDOVER_AUTHORITY_REFUSED;
    }

  owner = owner_as_of_deps (db, ev, creator, &failed);
  if (failed)
    return GOV_HANDOVER_AUTHORITY_ERROR;
  return g_strcmp0 (owner, office_id) == 0 ? GOV_HANDOVER_AUTHORITY_ALLOWED
                                           : GOV_HANDOVER_AUTHORITY_REFUSED;
}
