/* gov-projection.c: case rows, field registers, notes, timeline, routing, FTS
 *
 * Each apply step only depends on the event and on events named in its
 * deps, which are always applied first (causal delivery), so any order of
 * arrival gives the same tables. Substantive fields are multi-value
 * registers: the heads of a field are its writes not named in the deps of
 * another write of that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-projection.h"
#include "gov-projection-resp.h"

const char *const _gov_projection_schema =
  "CREATE TABLE case_row ("
  " case_id TEXT PRIMARY KEY, number TEXT NOT NULL, create_id TEXT NOT NULL,"
  " owner_office TEXT NOT NULL, created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,"
  " updated_c INTEGER NOT NULL, title TEXT, description TEXT, domain TEXT, category TEXT,"
  " channel TEXT, requester TEXT, location TEXT, status TEXT, assignee TEXT, team TEXT,"
  " due TEXT, priority TEXT, outcome TEXT, first_contact TEXT, routing_rule TEXT,"
  " conflicts INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX case_row_number ON case_row (number);"
  "CREATE INDEX case_row_assignee ON case_row (assignee, status, due);"
  "CREATE INDEX case_row_team ON case_row (team, status, due);"
  "CREATE INDEX case_row_due ON case_row (status, due);"
  "CREATE INDEX case_row_updated ON case_row (updated_ms);"
  "CREATE INDEX case_row_conflicts ON case_row (conflicts) WHERE conflicts > 0;"
  "CREATE TABLE field_head ("
  " case_id TEXT NOT NULL, field TEXT NOT NULL, event_id TEXT NOT NULL, value TEXT,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, author TEXT NOT NULL, actor TEXT,"
  " PRIMARY KEY (case_id, field, event_id)) WITHOUT ROWID;"
  "CREATE TABLE case_field ("
  " case_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT, heads TEXT NOT NULL,"
  " conflict INTEGER NOT NULL, PRIMARY KEY (case_id, field)) WITHOUT ROWID;"
  "CREATE TABLE note ("
  " event_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, text TEXT NOT NULL,"
  " visibility TEXT NOT NULL, actor TEXT, author TEXT NOT NULL,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL);"
  "CREATE INDEX note_case ON note (case_id);"
  "CREATE TABLE correspondence ("
  " event_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, direction TEXT NOT NULL,"
  " channel TEXT NOT NULL, subject TEXT NOT NULL, party TEXT, text TEXT, actor TEXT,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL);"
  "CREATE INDEX correspondence_case ON correspondence (case_id);"
  "CREATE TABLE timeline ("
  " event_id TEXT PRIMARY KEY, case_id TEXT NOT NULL, type TEXT NOT NULL, actor TEXT,"
  " author TEXT NOT NULL, hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, body TEXT NOT NULL);"
  "CREATE INDEX timeline_case ON timeline (case_id, hlc_ms, hlc_c);"
  "CREATE TABLE routing_rule ("
  " rule_id TEXT PRIMARY KEY, office_id TEXT NOT NULL, domain TEXT, category TEXT, area TEXT,"
  " team TEXT NOT NULL, event_id TEXT NOT NULL, hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL,"
  " removed INTEGER NOT NULL DEFAULT 0);"
  "CREATE VIRTUAL TABLE case_fts USING fts5 (title, description);"
  "CREATE VIRTUAL TABLE note_fts USING fts5 (text);";

/* Indexes that let the inbox views read in order instead of sorting every
 * matching case: "mine/team/all by due date" and "last changed". */
const char *const _gov_projection_indexes =
  "CREATE INDEX IF NOT EXISTS case_row_inbox"
  " ON case_row (assignee, due IS NULL, due, number);"
  "CREATE INDEX IF NOT EXISTS case_row_team_due ON case_row (team, due IS NULL, due, number);"
  "CREATE INDEX IF NOT EXISTS case_row_all_due ON case_row (due IS NULL, due, number);"
  "CREATE INDEX IF NOT EXISTS case_row_recent"
  " ON case_row (updated_ms DESC, updated_c DESC, case_id);";

gboolean
_gov_projection_drop (sqlite3  *db,
                      GError  **error)
{
  return gov_db_exec (db,
                      "DROP TABLE IF EXISTS case_row; DROP TABLE IF EXISTS field_head;"
                      "DROP TABLE IF EXISTS case_field; DROP TABLE IF EXISTS note;"
                      "DROP TABLE IF EXISTS correspondence; DROP TABLE IF EXISTS timeline;"
                      "DROP TABLE IF EXISTS routing_rule; DROP TABLE IF EXISTS case_fts;"
                      "DROP TABLE IF EXISTS note_fts;",
                      error) &&
         _gov_projection_resp_reset (db, error);
}

/* Columns of case_row that mirror a register's provisional winner. The
 * whitelist keeps field names out of SQL text built at run time. */
static const char *
column_update_sql (const char *field)
{
#define COL(f) if (g_str_equal (field, #f)) \
    return "UPDATE case_row SET " #f " = ?2 WHERE case_id = ?1";
  COL (title) COL (description) COL (domain) COL (category) COL (channel)
  COL (requester) COL (location) COL (status) COL (assignee) COL (team) COL (due)
  COL (priority) COL (outcome) COL (first_contact)
#undef COL
  return NULL;
}

static gboolean
refresh_fts (GovStmtCache  *c,
             const char    *case_id,
             GError       **error)
{
  sqlite3_stmt *s = _gov_stmt (c,
    "INSERT OR REPLACE INTO case_fts (rowid, title, description)"
    " SELECT rowid, coalesce (title, ''), coalesce (description, '') FROM case_row"
    " WHERE case_id = ?", error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  return _gov_stmt_done (c, s, error);
}

static int
cmp_strp (gconstpointer a,
          gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Recomputes one register from its heads: the value shown is the head with
 * the highest (hlc, author, id), the provisional winner every replica picks;
 * different values among the heads are a conflict for a person. */
static gboolean
recompute_field (GovStmtCache  *c,
                 const char    *case_id,
                 const char    *field,
                 GError       **error)
{
  sqlite3_stmt *s;
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *winner = NULL;
  g_autofree char *heads_text = NULL;
  gboolean have_winner = FALSE;
  gboolean conflict = FALSE;
  const char *update;

  s = _gov_stmt (c, "SELECT value, event_id FROM field_head WHERE case_id = ? AND field = ?"
                    " ORDER BY hlc_ms DESC, hlc_c DESC, author DESC, event_id DESC", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (s, 0);

      if (!have_winner)
        {
          winner = g_strdup (value);
          have_winner = TRUE;
        }
      else if (g_strcmp0 (winner, value) != 0)
        {
          conflict = TRUE;
        }
      g_ptr_array_add (heads, g_strdup ((const char *) sqlite3_column_text (s, 1)));
    }
  sqlite3_reset (s);

  g_ptr_array_sort (heads, cmp_strp);
  g_ptr_array_add (heads, NULL);
  heads_text = g_strjoinv (" ", (char **) heads->pdata);

  s = _gov_stmt (c, "INSERT OR REPLACE INTO case_field (case_id, field, value, heads, conflict)"
                    " VALUES (?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, winner);
  _gov_bind_text (s, 4, heads_text);
  sqlite3_bind_int (s, 5, conflict);
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  update = column_update_sql (field);
  if (update != NULL)
    {
      s = _gov_stmt (c, update, error);
      if (s == NULL)
        return FALSE;
      _gov_bind_text (s, 1, case_id);
      _gov_bind_text (s, 2, winner);
      if (!_gov_stmt_done (c, s, error))
        return FALSE;
    }

  s = _gov_stmt (c, "UPDATE case_row SET conflicts = (SELECT count(*) FROM case_field"
                    " WHERE case_id = ?1 AND conflict = 1) WHERE case_id = ?1", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  return _gov_stmt_done (c, s, error);
}

/* One write of a register: heads := (heads − deps) ∪ {event}. */
static gboolean
write_field (GovStmtCache  *c,
             GovEvent      *ev,
             const char    *field,
             const char    *value,
             GError       **error)
{
  const char *case_id = gov_event_get_case_id (ev);
  const char * const *deps = gov_event_get_deps (ev);
  sqlite3_stmt *s;

  /* The deps are already in event_dep: one statement drops them all.
   * EXISTS probes the primary key; IN (SELECT …) would build a temporary
   * table each time. */
  s = _gov_stmt (c, "DELETE FROM field_head WHERE case_id = ?1 AND field = ?2 AND EXISTS"
                    " (SELECT 1 FROM event_dep d WHERE d.id = ?3 AND d.dep = field_head.event_id)",
                 error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, gov_event_get_id (ev));
  if (deps[0] != NULL && !_gov_stmt_done (c, s, error))
    return FALSE;

  s = _gov_stmt (c, "INSERT OR IGNORE INTO field_head"
                    " (case_id, field, event_id, value, hlc_ms, hlc_c, author, actor)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, gov_event_get_id (ev));
  _gov_bind_text (s, 4, value);
  sqlite3_bind_int64 (s, 5, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_c (ev));
  _gov_bind_text (s, 7, gov_event_get_author_b64 (ev));
  _gov_bind_text (s, 8, gov_event_get_actor (ev));
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  return recompute_field (c, case_id, field, error);
}

/* For gov-projection-resp.c: handover and decision registers. */
gboolean
_gov_projection_write_register (GovStmtCache  *cache,
                                GovEvent      *event,
                                const char    *field,
                                const char    *value,
                                GError       **error)
{
  return write_field (cache, event, field, value, error);
}

static const char *
member_or_null (JsonObject *body,
                const char *name)
{
  JsonNode *n = json_object_get_member (body, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

static const char *const create_fields[] = {
  "title", "description", "domain", "category", "channel", "requester", "location",
  "team", "assignee", "due", NULL,
};

/* A new case has no heads yet: every field starts with one head, the
 * create event, and no conflict, so the rows are written directly. */
static gboolean
create_field (GovStmtCache  *c,
              GovEvent      *ev,
              const char    *field,
              const char    *value,
              GError       **error)
{
  sqlite3_stmt *s;

  s = _gov_stmt (c, "INSERT INTO field_head (case_id, field, event_id, value, hlc_ms, hlc_c,"
                    " author, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_case_id (ev));
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, gov_event_get_id (ev));
  _gov_bind_text (s, 4, value);
  sqlite3_bind_int64 (s, 5, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_c (ev));
  _gov_bind_text (s, 7, gov_event_get_author_b64 (ev));
  _gov_bind_text (s, 8, gov_event_get_actor (ev));
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  s = _gov_stmt (c, "INSERT INTO case_field (case_id, field, value, heads, conflict)"
                    " VALUES (?, ?, ?, ?, 0)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_case_id (ev));
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, value);
  _gov_bind_text (s, 4, gov_event_get_id (ev));
  return _gov_stmt_done (c, s, error);
}

static gboolean
apply_case_create (GovStmtCache  *c,
                   GovEvent      *ev,
                   GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  sqlite3_stmt *s;

  s = _gov_stmt (c, "INSERT INTO case_row (case_id, number, create_id, owner_office, created_ms,"
                    " updated_ms, updated_c, routing_rule, title, description, domain, category,"
                    " channel, requester, location, team, assignee, due, status)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new')", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_case_id (ev));
  _gov_bind_text (s, 2, member_or_null (body, "number"));
  _gov_bind_text (s, 3, gov_event_get_id (ev));
  _gov_bind_text (s, 4, member_or_null (body, "owner_office"));
  sqlite3_bind_int64 (s, 5, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 7, gov_event_get_hlc_c (ev));
  _gov_bind_text (s, 8, member_or_null (body, "routing_rule"));
  for (guint i = 0; create_fields[i] != NULL; i++)
    _gov_bind_text (s, 9 + i, member_or_null (body, create_fields[i]));
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  for (guint i = 0; create_fields[i] != NULL; i++)
    if (json_object_has_member (body, create_fields[i]) &&
        !create_field (c, ev, create_fields[i], member_or_null (body, create_fields[i]), error))
      return FALSE;

  return create_field (c, ev, "status", "new", error);
}

static gboolean
apply_note (GovStmtCache  *c,
            GovEvent      *ev,
            GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  sqlite3_stmt *s;

  s = _gov_stmt (c, "INSERT INTO note (event_id, case_id, text, visibility, actor, author,"
                    " hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_id (ev));
  _gov_bind_text (s, 2, gov_event_get_case_id (ev));
  _gov_bind_text (s, 3, member_or_null (body, "text"));
  _gov_bind_text (s, 4, member_or_null (body, "visibility"));
  _gov_bind_text (s, 5, gov_event_get_actor (ev));
  _gov_bind_text (s, 6, gov_event_get_author_b64 (ev));
  sqlite3_bind_int64 (s, 7, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 8, gov_event_get_hlc_c (ev));
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  s = _gov_stmt (c, "INSERT INTO note_fts (rowid, text) SELECT rowid, text FROM note"
                    " WHERE event_id = ?", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_id (ev));
  return _gov_stmt_done (c, s, error);
}

/* The retraction names the note in its deps, so the note is always there
 * first; History keeps both events. */
static gboolean
retract_note (GovStmtCache  *c,
              GovEvent      *ev,
              GError       **error)
{
  const char *note = member_or_null (gov_event_get_body (ev), "note");
  sqlite3_stmt *s;

  s = _gov_stmt (c, "DELETE FROM note_fts WHERE rowid IN"
                    " (SELECT rowid FROM note WHERE event_id = ?1 AND case_id = ?2)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, note);
  _gov_bind_text (s, 2, gov_event_get_case_id (ev));
  if (!_gov_stmt_done (c, s, error))
    return FALSE;
  s = _gov_stmt (c, "DELETE FROM note WHERE event_id = ?1 AND case_id = ?2", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, note);
  _gov_bind_text (s, 2, gov_event_get_case_id (ev));
  return _gov_stmt_done (c, s, error);
}

static gboolean
apply_correspondence (GovStmtCache  *c,
                      GovEvent      *ev,
                      GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  sqlite3_stmt *s;

  s = _gov_stmt (c, "INSERT INTO correspondence (event_id, case_id, direction, channel, subject,"
                    " party, text, actor, hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_id (ev));
  _gov_bind_text (s, 2, gov_event_get_case_id (ev));
  _gov_bind_text (s, 3, member_or_null (body, "direction"));
  _gov_bind_text (s, 4, member_or_null (body, "channel"));
  _gov_bind_text (s, 5, member_or_null (body, "subject"));
  _gov_bind_text (s, 6, member_or_null (body, "party"));
  _gov_bind_text (s, 7, member_or_null (body, "text"));
  _gov_bind_text (s, 8, gov_event_get_actor (ev));
  sqlite3_bind_int64 (s, 9, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 10, gov_event_get_hlc_c (ev));
  return _gov_stmt_done (c, s, error);
}

static gboolean
apply_routing (GovStmtCache  *c,
               GovEvent      *ev,
               const char    *office_id,
               GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  sqlite3_stmt *s;

  if (g_str_equal (gov_event_get_event_type (ev), "routing.remove"))
    {
      s = _gov_stmt (c, "UPDATE routing_rule SET removed = 1 WHERE rule_id = ?", error);
      if (s == NULL)
        return FALSE;
      _gov_bind_text (s, 1, member_or_null (body, "rule_id"));
      return _gov_stmt_done (c, s, error);
    }

  s = _gov_stmt (c, "INSERT OR IGNORE INTO routing_rule (rule_id, office_id, domain, category,"
                    " area, team, event_id, hlc_ms, hlc_c) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, member_or_null (body, "rule_id"));
  _gov_bind_text (s, 2, office_id);
  _gov_bind_text (s, 3, member_or_null (body, "domain"));
  _gov_bind_text (s, 4, member_or_null (body, "category"));
  _gov_bind_text (s, 5, member_or_null (body, "area"));
  _gov_bind_text (s, 6, member_or_null (body, "team"));
  _gov_bind_text (s, 7, gov_event_get_id (ev));
  sqlite3_bind_int64 (s, 8, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 9, gov_event_get_hlc_c (ev));
  return _gov_stmt_done (c, s, error);
}

static gboolean
add_timeline (GovStmtCache  *c,
              GovEvent      *ev,
              GError       **error)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), gov_event_get_body (ev));
  g_autofree char *text = NULL;
  sqlite3_stmt *s;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);

  s = _gov_stmt (c, "INSERT INTO timeline (event_id, case_id, type, actor, author, hlc_ms, hlc_c,"
                    " body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_id (ev));
  _gov_bind_text (s, 2, gov_event_get_case_id (ev));
  _gov_bind_text (s, 3, gov_event_get_event_type (ev));
  _gov_bind_text (s, 4, gov_event_get_actor (ev));
  _gov_bind_text (s, 5, gov_event_get_author_b64 (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 7, gov_event_get_hlc_c (ev));
  _gov_bind_text (s, 8, text);
  if (!_gov_stmt_done (c, s, error))
    return FALSE;

  /* The case's last change is the maximum HLC among its events, whatever
   * order they arrived in. A new case row already carries its own. */
  if (g_str_equal (gov_event_get_event_type (ev), "case.create"))
    return TRUE;
  s = _gov_stmt (c, "UPDATE case_row SET updated_ms = ?2, updated_c = ?3 WHERE case_id = ?1"
                    " AND (updated_ms < ?2 OR (updated_ms = ?2 AND updated_c < ?3))", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_case_id (ev));
  sqlite3_bind_int64 (s, 2, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 3, gov_event_get_hlc_c (ev));
  return _gov_stmt_done (c, s, error);
}

static gboolean
apply_case_event (GovStmtCache  *c,
                  GovEvent      *ev,
                  GError       **error)
{
  const char *type = gov_event_get_event_type (ev);
  JsonObject *body = gov_event_get_body (ev);
  gboolean ok = TRUE;
  gboolean text_changed = FALSE;

  if (g_str_equal (type, "case.create"))
    {
      ok = apply_case_create (c, ev, error);
      text_changed = TRUE;
    }
  else if (g_str_equal (type, "field.set") || g_str_equal (type, "conflict.resolve"))
    {
      const char *field = member_or_null (body, "field");

      ok = write_field (c, ev, field, member_or_null (body, "value"), error);
      text_changed = g_str_equal (field, "title") || g_str_equal (field, "description");
    }
  else if (g_str_equal (type, "assign.set"))
    {
      ok = write_field (c, ev, "assignee", member_or_null (body, "assignee"), error);
    }
  else if (g_str_equal (type, "note.add"))
    {
      ok = apply_note (c, ev, error);
    }
  else if (g_str_equal (type, "note.retract"))
    {
      ok = retract_note (c, ev, error);
    }
  else if (g_str_equal (type, "correspondence.add"))
    {
      ok = apply_correspondence (c, ev, error);
    }
  else if (_gov_projection_resp_handles (type))
    {
      ok = _gov_projection_resp_apply (c, ev, error);
    }
  else if (g_str_equal (type, "case.close"))
    {
      ok = write_field (c, ev, "status", "closed", error) &&
           write_field (c, ev, "outcome", member_or_null (body, "outcome"), error) &&
           write_field (c, ev, "first_contact",
                        json_object_get_boolean_member (body, "first_contact") ? "1" : "0",
                        error);
    }

  if (ok && text_changed)
    ok = refresh_fts (c, gov_event_get_case_id (ev), error);

  return ok && add_timeline (c, ev, error);
}

/**
 * _gov_projection_apply:
 * @cache: statements of the writer connection
 * @event: an event that passed the whole pipeline
 * @office_id: the office of the event's author
 * @error: return location
 *
 * Folds one event into the projections. The caller holds the transaction.
 */
gboolean
_gov_projection_apply (GovStmtCache  *cache,
                       GovEvent      *event,
                       const char    *office_id,
                       GError       **error)
{
  const char *type = gov_event_get_event_type (event);

  if (gov_event_get_case_id (event) != NULL)
    return apply_case_event (cache, event, error);
  if (g_str_has_prefix (type, "routing."))
    return apply_routing (cache, event, office_id, error);
  if (_gov_projection_resp_handles (type))
    return _gov_projection_resp_apply (cache, event, error);

  return TRUE;
}

static gboolean
hash_query (sqlite3                  *db,
            crypto_generichash_state *st,
            const char               *sql,
            GError                  **error)
{
  sqlite3_stmt *s = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &s, NULL);

  if (rc != SQLITE_OK)
    return gov_db_set_error (db, rc, _("Could not read the projections"), error);

  crypto_generichash_update (st, (const guint8 *) sql, strlen (sql));
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (s); i++)
      {
        /* Type tag plus length prefix keep NULL, '' and neighbours apart. */
        guint8 type = sqlite3_column_type (s, i);
        const guint8 *text = sqlite3_column_text (s, i);
        guint32 len = sqlite3_column_bytes (s, i);

        crypto_generichash_update (st, &type, 1);
        crypto_generichash_update (st, (const guint8 *) &len, sizeof len);
        if (text != NULL)
          crypto_generichash_update (st, text, len);
      }
  sqlite3_finalize (s);

  if (rc != SQLITE_DONE)
    return gov_db_set_error (db, rc, _("Could not read the projections"), error);

  return TRUE;
}

static char *
digest_of (sqlite3            *db,
           const char *const  *queries,
           GError            **error)
{
  crypto_generichash_state st;
  guint8 out[32];

  crypto_generichash_init (&st, NULL, 0, sizeof out);
  for (guint i = 0; queries[i] != NULL; i++)
    if (!hash_query (db, &st, queries[i], error))
      return NULL;
  crypto_generichash_final (&st, out, sizeof out);

  return gov_b64_encode (out, sizeof out);
}

/**
 * gov_projection_digest:
 * @db: a replica database
 * @error: return location
 *
 * A BLAKE2b-256 digest over every projection table in a canonical order
 * (row ids left out, since they depend on arrival order). Two replicas with
 * the same event set have the same digest; `rebuild` must not change it.
 *
 * Returns: (transfer full) (nullable): the digest as base64url
 */
char *
gov_projection_digest (sqlite3  *db,
                       GError  **error)
{
  static const char *const queries[] = {
    "SELECT case_id, number, create_id, owner_office, created_ms, updated_ms, updated_c, title,"
    " description, domain, category, channel, requester, location, status, assignee, team, due,"
    " priority, outcome, first_contact, routing_rule, conflicts FROM case_row ORDER BY case_id",
    "SELECT * FROM field_head ORDER BY case_id, field, event_id",
    "SELECT * FROM case_field ORDER BY case_id, field",
    "SELECT * FROM note ORDER BY event_id",
    "SELECT * FROM correspondence ORDER BY event_id",
    "SELECT * FROM timeline ORDER BY event_id",
    "SELECT * FROM routing_rule ORDER BY rule_id",
    "SELECT * FROM resp_casetype ORDER BY id, version",
    "SELECT * FROM resp_calendar ORDER BY id, version",
    "SELECT * FROM resp_decision_rule ORDER BY decision_type",
    "SELECT c.case_id, f.title, f.description FROM case_fts f JOIN case_row c"
    " ON c.rowid = f.rowid ORDER BY c.case_id",
    "SELECT n.event_id, f.text FROM note_fts f JOIN note n ON n.rowid = f.rowid"
    " ORDER BY n.event_id",
    NULL,
  };

  return digest_of (db, queries, error);
}

/**
 * gov_projection_conflicts_digest:
 * @db: a replica database
 * @error: return location
 *
 * Returns: (transfer full) (nullable): a digest of the open conflicts and their heads
 */
char *
gov_projection_conflicts_digest (sqlite3  *db,
                                 GError  **error)
{
  static const char *const queries[] = {
    "SELECT case_id, field, heads FROM case_field WHERE conflict = 1 ORDER BY case_id, field",
    NULL,
  };

  return digest_of (db, queries, error);
}
