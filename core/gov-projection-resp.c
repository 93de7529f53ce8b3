/* gov-projection-resp.c: projections of handover, decision and clock events
 *
 * Admin events (case types, calendars, decision rules) are kept per id and
 * version; when two events carry the same id and version the one with the
 * highest (hlc, event id) wins, so arrival order does not matter.
 *
 * Case events are already in the timeline. What needs a projection is
 * concurrency: a handover's offer and its answers, a case's type and each
 * decision are multi-value registers, so that two concurrent offers, an
 * accept racing a withdraw, or two concurrent amendments of one decision
 * leave two heads and surface as a conflict like a field does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gov-db.h"
#include "gov-projection-resp.h"

const char *const _gov_projection_resp_schema =
  "CREATE TABLE resp_casetype ("
  " id TEXT NOT NULL, version INTEGER NOT NULL, event_id TEXT NOT NULL, body TEXT NOT NULL,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, PRIMARY KEY (id, version)) WITHOUT ROWID;"
  "CREATE TABLE resp_calendar ("
  " id TEXT NOT NULL, version INTEGER NOT NULL, event_id TEXT NOT NULL, body TEXT NOT NULL,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, PRIMARY KEY (id, version)) WITHOUT ROWID;"
  "CREATE TABLE resp_decision_rule ("
  " decision_type TEXT PRIMARY KEY, event_id TEXT NOT NULL, body TEXT NOT NULL,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL) WITHOUT ROWID;";

gboolean
_gov_projection_resp_reset (sqlite3  *db,
                            GError  **error)
{
  return gov_db_exec (db,
                      "DROP TABLE IF EXISTS resp_casetype; DROP TABLE IF EXISTS resp_calendar;"
                      "DROP TABLE IF EXISTS resp_decision_rule;", error) &&
         gov_db_exec (db, _gov_projection_resp_schema, error);
}

gboolean
_gov_projection_resp_handles (const char *type)
{
  return g_str_equal (type, "casetype.put") || g_str_equal (type, "calendar.put") ||
         g_str_equal (type, "case.type") || g_str_has_prefix (type, "handover.") ||
         g_str_has_prefix (type, "decision.");
}

static char *
body_text (GovEvent *ev)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), gov_event_get_body (ev));

  return json_to_string (node, FALSE);
}

/* Keeps the version with the highest (hlc, event id), whatever arrived first. */
static gboolean
put_versioned (GovStmtCache  *c,
               GovEvent      *ev,
               const char    *table_sql,
               GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  g_autofree char *text = body_text (ev);
  sqlite3_stmt *s = _gov_stmt (c, table_sql, error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, json_object_get_string_member (body, "id"));
  sqlite3_bind_int64 (s, 2, json_object_get_int_member (body, "version"));
  _gov_bind_text (s, 3, gov_event_get_id (ev));
  _gov_bind_text (s, 4, text);
  sqlite3_bind_int64 (s, 5, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_c (ev));
  return _gov_stmt_done (c, s, error);
}

#define UPSERT_WINNER \
  " ON CONFLICT DO UPDATE SET event_id = excluded.event_id, body = excluded.body," \
  " hlc_ms = excluded.hlc_ms, hlc_c = excluded.hlc_c" \
  " WHERE (excluded.hlc_ms, excluded.hlc_c, excluded.event_id) > (hlc_ms, hlc_c, event_id)"

static gboolean
put_rule (GovStmtCache  *c,
          GovEvent      *ev,
          GError       **error)
{
  g_autofree char *text = body_text (ev);
  sqlite3_stmt *s = _gov_stmt (c, "INSERT INTO resp_decision_rule (decision_type, event_id, body,"
                                  " hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?)" UPSERT_WINNER, error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, json_object_get_string_member (gov_event_get_body (ev), "decision_type"));
  _gov_bind_text (s, 2, gov_event_get_id (ev));
  _gov_bind_text (s, 3, text);
  sqlite3_bind_int64 (s, 4, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 5, gov_event_get_hlc_c (ev));
  return _gov_stmt_done (c, s, error);
}

/* The register value names the event (or the offer it answers), so that
 * any two concurrent heads differ and count as a conflict. */
static gboolean
apply_handover (GovStmtCache  *c,
                GovEvent      *ev,
                GError       **error)
{
  const char *type = gov_event_get_event_type (ev) + strlen ("handover.");
  JsonObject *body = gov_event_get_body (ev);
  const char *ref = json_object_has_member (body, "offer")
                    ? json_object_get_string_member (body, "offer") : gov_event_get_id (ev);
  g_autofree char *value = g_strconcat (type, " ", ref, NULL);

  if (!_gov_projection_write_register (c, ev, GOV_RESP_REGISTER_HANDOVER, value, error))
    return FALSE;
  /* The accept is the commit point: the case's team follows it (and a
   * resolution of a contested handover sets it back or confirms it). */
  if ((g_str_equal (type, "accept") || g_str_equal (type, "resolve")) &&
      json_object_has_member (body, "team"))
    return _gov_projection_write_register (c, ev, "team",
                                           json_object_get_string_member (body, "team"), error);
  return TRUE;
}

static gboolean
apply_decision (GovStmtCache  *c,
                GovEvent      *ev,
                GError       **error)
{
  const char *type = gov_event_get_event_type (ev);
  JsonObject *body = gov_event_get_body (ev);
  const char *decision;
  g_autofree char *field = NULL;
  g_autofree char *value = NULL;

  /* An approval signs a version; it does not change the decision. */
  if (g_str_equal (type, "decision.approve") || g_str_equal (type, "decision.rule"))
    return TRUE;

  decision = g_str_equal (type, "decision.record")
             ? gov_event_get_id (ev) : json_object_get_string_member (body, "decision");
  field = g_strconcat (GOV_RESP_REGISTER_DECISION, decision, NULL);
  value = g_strconcat (type + strlen ("decision."), " ", gov_event_get_id (ev), NULL);

  return _gov_projection_write_register (c, ev, field, value, error);
}

static gboolean
apply_case_type (GovStmtCache  *c,
                 GovEvent      *ev,
                 GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  g_autofree char *value = g_strdup_printf ("%s %" G_GINT64_FORMAT " %s",
                                            json_object_get_string_member (body, "case_type"),
                                            json_object_get_int_member (body, "case_type_version"),
                                            json_object_get_string_member (body, "opened"));

  return _gov_projection_write_register (c, ev, GOV_RESP_REGISTER_CASE_TYPE, value, error);
}

/**
 * _gov_projection_resp_apply:
 * @cache: statements of the writer connection
 * @event: an event of a type _gov_projection_resp_handles() accepts
 * @error: return location
 *
 * Folds one event in. The caller holds the transaction; for case events
 * the timeline shows the event itself.
 */
gboolean
_gov_projection_resp_apply (GovStmtCache  *cache,
                            GovEvent      *event,
                            GError       **error)
{
  const char *type = gov_event_get_event_type (event);

  if (g_str_equal (type, "casetype.put"))
    return put_versioned (cache, event, "INSERT INTO resp_casetype (id, version, event_id, body,"
                          " hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?, ?)" UPSERT_WINNER, error);
  if (g_str_equal (type, "calendar.put"))
    return put_versioned (cache, event, "INSERT INTO resp_calendar (id, version, event_id, body,"
                          " hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?, ?)" UPSERT_WINNER, error);
  if (g_str_equal (type, "decision.rule"))
    return put_rule (cache, event, error);
  if (g_str_equal (type, "case.type"))
    return apply_case_type (cache, event, error);
  if (g_str_has_prefix (type, "handover."))
    return apply_handover (cache, event, error);
  if (g_str_has_prefix (type, "decision."))
    return apply_decision (cache, event, error);

  return TRUE;
}
