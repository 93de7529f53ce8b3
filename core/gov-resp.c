/* gov-resp.c: helpers shared by handovers, decisions and clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-case.h"
#include "gov-db.h"
#include "gov-ledger-private.h"
#include "gov-resp-private.h"
#include "gov-resp-types.h"
#include "gov-calendar.h"
#include "gov-case-type.h"
#include "gov-clock.h"

static char *
column_text (sqlite3_stmt *s,
             int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

char *
_gov_resp_case_column (GovReplica *replica,
                       const char *case_id,
                       const char *column)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *s;
  char *out = NULL;

  /* Only our own fixed column names reach here. */
  g_return_val_if_fail (g_strcmp0 (column, "status") == 0 || g_strcmp0 (column, "team") == 0 ||
                        g_strcmp0 (column, "owner_office") == 0 ||
                        g_strcmp0 (column, "number") == 0 ||
                        g_strcmp0 (column, "created_ms") == 0 ||
                        g_strcmp0 (column, "create_id") == 0, NULL);
  sql = g_strdup_printf ("SELECT %s FROM case_row WHERE case_id = ?", column);
  s = _gov_ledger_stmt (gov_replica_get_ledger (replica), sql, NULL);
  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = column_text (s, 0);
  sqlite3_reset (s);
  return out;
}

char *
_gov_resp_lookup (GovReplica  *replica,
                  const char  *number_or_id,
                  GError     **error)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT case_id FROM case_row WHERE case_id = ?1"
                                      " UNION ALL SELECT case_id FROM case_row WHERE number = ?1",
                                      error);
  char *out = NULL;

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, number_or_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    out = column_text (s, 0);
  sqlite3_reset (s);
  if (out == NULL)
    g_set_error (error, GOV_CASE_ERROR, GOV_CASE_ERROR_NOT_FOUND,
                 _("There is no case %s"), number_or_id);
  return out;
}

static void
resp_event_free (gpointer data)
{
  GovRespEvent *e = data;

  g_free (e->id);
  g_free (e->type);
  g_free (e->actor);
  g_free (e->author);
  g_free (e->office);
  if (e->body != NULL)
    json_object_unref (e->body);
  g_free (e);
}

/**
 * _gov_resp_case_events:
 * @replica: the replica
 * @case_id: a case
 * @type_prefix: (nullable): only types starting with this
 * @error: return location
 *
 * A case's events in the ledger's causal order: the hybrid logical clock
 * respects happens-before (an event's HLC is above that of every event its
 * author had seen), and the event id breaks ties, so every replica with the
 * same events gets the same list.
 *
 * Returns: (transfer full) (element-type GovRespEvent): the events
 */
GPtrArray *
_gov_resp_case_events (GovReplica  *replica,
                       const char  *case_id,
                       const char  *type_prefix,
                       GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (resp_event_free);
  g_autofree char *like = g_strconcat (type_prefix != NULL ? type_prefix : "", "%", NULL);
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
    "SELECT t.event_id, t.type, t.actor, t.author, coalesce (d.office_id, o.office_id),"
    " t.hlc_ms, t.hlc_c, t.body FROM timeline t LEFT JOIN device d ON d.pk = t.author"
    " LEFT JOIN office o ON o.root_pk = t.author WHERE t.case_id = ? AND t.type LIKE ?"
    " ORDER BY t.hlc_ms, t.hlc_c, t.event_id", error);
  int rc;

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, like, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      GovRespEvent *e = g_new0 (GovRespEvent, 1);
      g_autoptr(JsonNode) body = json_from_string ((const char *) sqlite3_column_text (s, 7), NULL);

      e->id = column_text (s, 0);
      e->type = column_text (s, 1);
      e->actor = column_text (s, 2);
      e->author = column_text (s, 3);
      e->office = column_text (s, 4);
      e->hlc_ms = sqlite3_column_int64 (s, 5);
      e->hlc_c = sqlite3_column_int64 (s, 6);
      e->body = body != NULL && JSON_NODE_HOLDS_OBJECT (body)
                ? json_object_ref (json_node_get_object (body)) : json_object_new ();
      g_ptr_array_add (out, e);
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (gov_replica_get_db (replica), rc, _("Could not read the case"), error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

/**
 * _gov_resp_ancestors:
 * @replica: the replica
 * @event_id: an event
 * @error: return location
 *
 * The causal past of @event_id: everything reachable through deps and
 * through the author's own chain (prev). The event itself is included.
 *
 * Returns: (transfer full): a set of event ids
 */
GHashTable *
_gov_resp_ancestors (GovReplica  *replica,
                     const char  *event_id,
                     GError     **error)
{
  g_autoptr(GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
    "WITH RECURSIVE anc (id) AS (SELECT ?1"
    " UNION SELECT d.dep FROM event_dep d JOIN anc ON d.id = anc.id"
    " UNION SELECT e.prev FROM event e JOIN anc ON e.id = anc.id WHERE e.prev IS NOT NULL)"
    " SELECT id FROM anc", error);
  int rc;

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, event_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    g_hash_table_add (set, column_text (s, 0));
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (gov_replica_get_db (replica), rc, _("Could not read the case"), error);
      return NULL;
    }

  return g_steal_pointer (&set);
}

/**
 * _gov_resp_append:
 * @replica: the replica
 * @case_id: the case
 * @type: event type
 * @dep_registers: (nullable): space-separated registers whose heads become deps
 * @body: the body
 * @error: return location
 *
 * Appends one event to the case's log, following the heads of
 * @dep_registers and the create event. One transaction (the ledger's).
 *
 * Returns: (transfer full) (nullable): the event
 */
GovEvent *
_gov_resp_append (GovReplica  *replica,
                  const char  *case_id,
                  const char  *type,
                  const char  *dep_registers,
                  JsonNode    *body,
                  GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *log = g_strconcat ("case:", case_id, NULL);
  sqlite3_stmt *s = _gov_ledger_stmt (ledger,
                                      "SELECT event_id FROM field_head WHERE case_id = ?1"
                                      " AND (instr (' ' || ?2 || ' ', ' ' || field || ' ') > 0"
                                      " OR field = 'handover')"
                                      " UNION SELECT create_id FROM case_row WHERE case_id = ?1"
                                      " ORDER BY 1", error);

  if (s == NULL)
    return NULL;
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, dep_registers != NULL ? dep_registers : "", -1, SQLITE_STATIC);
  while (sqlite3_step (s) == SQLITE_ROW)
    g_ptr_array_add (deps, column_text (s, 0));
  sqlite3_reset (s);
  g_ptr_array_add (deps, NULL);

  return gov_ledger_append (ledger, log, type, (const char * const *) deps->pdata,
                            gov_replica_get_actor (replica), body, error);
}

/* Reports a domain check's failure as a bad event body. */
gboolean
_gov_resp_bad_body (JsonObject  *body,
                    gboolean   (*check) (JsonObject *, GError **),
                    GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (check (body, &local))
    return TRUE;
  g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY, "%s", local->message);
  return FALSE;
}

gboolean
_gov_resp_check_casetype_body (JsonObject  *body,
                               GError     **error)
{
  return _gov_resp_bad_body (body, gov_case_type_check_body, error);
}

gboolean
_gov_resp_check_calendar_body (JsonObject  *body,
                               GError     **error)
{
  return _gov_resp_bad_body (body, gov_calendar_check_body, error);
}

gboolean
_gov_resp_check_pause_body (JsonObject  *body,
                            GError     **error)
{
  return _gov_resp_bad_body (body, gov_clock_check_pause_body, error);
}

gboolean
_gov_resp_check_resume_body (JsonObject  *body,
                             GError     **error)
{
  return _gov_resp_bad_body (body, gov_clock_check_resume_body, error);
}

gboolean
_gov_resp_check_extend_body (JsonObject  *body,
                             GError     **error)
{
  return _gov_resp_bad_body (body, gov_clock_check_extend_body, error);
}

/* Today in local time: deadlines are days where the office is. */
void
_gov_resp_today (GDate *today)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (today, 1);
  g_date_set_dmy (today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

const char *
_gov_resp_office_id (GovReplica *replica)
{
  return gov_identity_get_office_id (gov_replica_get_identity (replica));
}

JsonNode *
_gov_resp_object_node (JsonObject *object)
{
  return json_node_init_object (json_node_alloc (), object);
}
