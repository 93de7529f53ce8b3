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

/* Ledger schema step 5, for ingest speed (docs/BENCHMARKS.md, "Ledger"):
 * - `create_mask` says which registers the case.create event set. Those
 *   start with one *implicit* head, the create event, and get field_head
 *   and case_field rows only when something else writes them: most fields
 *   of most cases are never written again, and writing ten rows per new case
 *   was a third of the ingest time.
 * - The indexes superseded by _gov_projection_indexes only slowed every
 *   case_row write. */
const char *const _gov_projection_v5 =
  "ALTER TABLE case_row ADD COLUMN create_mask INTEGER NOT NULL DEFAULT 0;"
  /* Existing cases get the state a rebuild would give them: the mask from
   * their create event's body (bits in create_fields order, status last;
   * SQL's | and << share one precedence, hence the parentheses) and no rows
   * for registers whose only head is still the create event. */
  "UPDATE case_row SET create_mask = 1024 | coalesce ((SELECT"
  " (json_type (t.body, '$.title') IS NOT NULL)"
  " | ((json_type (t.body, '$.description') IS NOT NULL) << 1)"
  " | ((json_type (t.body, '$.domain') IS NOT NULL) << 2)"
  " | ((json_type (t.body, '$.category') IS NOT NULL) << 3)"
  " | ((json_type (t.body, '$.channel') IS NOT NULL) << 4)"
  " | ((json_type (t.body, '$.requester') IS NOT NULL) << 5)"
  " | ((json_type (t.body, '$.location') IS NOT NULL) << 6)"
  " | ((json_type (t.body, '$.team') IS NOT NULL) << 7)"
  " | ((json_type (t.body, '$.assignee') IS NOT NULL) << 8)"
  " | ((json_type (t.body, '$.due') IS NOT NULL) << 9)"
  " FROM timeline t WHERE t.event_id = case_row.create_id), 0);"
  "DELETE FROM field_head WHERE event_id = (SELECT create_id FROM case_row c"
  " WHERE c.case_id = field_head.case_id) AND event_id = (SELECT heads FROM case_field f"
  " WHERE f.case_id = field_head.case_id AND f.field = field_head.field);"
  "DELETE FROM case_field WHERE heads = (SELECT create_id FROM case_row c"
  " WHERE c.case_id = case_field.case_id);"
  "DROP INDEX IF EXISTS case_row_assignee;"
  "DROP INDEX IF EXISTS case_row_team;"
  "DROP INDEX IF EXISTS case_row_due;"
  "DROP INDEX IF EXISTS case_row_updated;";

/* Ledger schema step 8, for ingest speed (docs/ledger.md, "Write
 * locality"): notes and correspondence were keyed by their event's id, a
 * random BLAKE2b hash, so every new note dirtied an index page anywhere in
 * the file. Every lookup names the case too, so (case_id, event_id) serves
 * them all and grows where new cases are. Rowids are kept: note_fts uses
 * them. Columns keep their order, so the digest is unchanged. */
const char *const _gov_projection_v8 =
  "CREATE TABLE note_v8 ("
  " event_id TEXT NOT NULL, case_id TEXT NOT NULL, text TEXT NOT NULL,"
  " visibility TEXT NOT NULL, actor TEXT, author TEXT NOT NULL,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, UNIQUE (case_id, event_id));"
  "INSERT INTO note_v8 (rowid, event_id, case_id, text, visibility, actor, author, hlc_ms, hlc_c)"
  " SELECT rowid, event_id, case_id, text, visibility, actor, author, hlc_ms, hlc_c FROM note;"
  "DROP TABLE note;"
  "ALTER TABLE note_v8 RENAME TO note;"
  "CREATE TABLE correspondence_v8 ("
  " event_id TEXT NOT NULL, case_id TEXT NOT NULL, direction TEXT NOT NULL,"
  " channel TEXT NOT NULL, subject TEXT NOT NULL, party TEXT, text TEXT, actor TEXT,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, UNIQUE (case_id, event_id));"
  "INSERT INTO correspondence_v8 (rowid, event_id, case_id, direction, channel, subject, party,"
  " text, actor, hlc_ms, hlc_c) SELECT rowid, event_id, case_id, direction, channel, subject,"
  " party, text, actor, hlc_ms, hlc_c FROM correspondence;"
  "DROP TABLE correspondence;"
  "ALTER TABLE correspondence_v8 RENAME TO correspondence;";

/* Per-transaction bookkeeping, flushed by _gov_projection_flush() before
 * COMMIT: the cases touched (their newest HLC, and whether their text
 * changed) and the notes added. FTS5 writes a segment per statement, so
 * indexing the whole batch in one statement is several times cheaper.
 * TEMP tables live in memory and roll back with the transaction. */
static const char touch_schema[] =
  "CREATE TEMP TABLE IF NOT EXISTS proj_touch (case_id TEXT PRIMARY KEY,"
  " hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, fts INTEGER NOT NULL) WITHOUT ROWID;"
  "CREATE TEMP TABLE IF NOT EXISTS proj_note (note_rowid INTEGER PRIMARY KEY);";

gboolean
_gov_projection_drop (sqlite3  *db,
                      GError  **error)
{
  return gov_db_exec (db,
                      "DROP TABLE IF EXISTS case_row; DROP TABLE IF EXISTS field_head;"
                      "DROP TABLE IF EXISTS case_field; DROP TABLE IF EXISTS note;"
                      "DROP TABLE IF EXISTS correspondence; DROP VIEW IF EXISTS timeline;"
                      "DROP TABLE IF EXISTS routing_rule; DROP TABLE IF EXISTS case_fts;"
                      "DROP TABLE IF EXISTS note_fts;"
                      "DROP TABLE IF EXISTS temp.proj_touch; DROP TABLE IF EXISTS temp.proj_note;",
                      error) &&
         _gov_projection_resp_reset (db, error);
}

/* Marks a case as changed in this transaction: its newest HLC and, with
 * @text, that its full-text row must be rewritten at the flush. */
static gboolean
touch_case (GovStmtCache  *c,
            GovEvent      *ev,
            gboolean       text,
            GError       **error)
{
  sqlite3_stmt *s = _gov_stmt (c,
    "INSERT INTO temp.proj_touch (case_id, hlc_ms, hlc_c, fts) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (case_id) DO UPDATE SET"
    " hlc_c = CASE WHEN excluded.hlc_ms > hlc_ms OR (excluded.hlc_ms = hlc_ms"
    " AND excluded.hlc_c > hlc_c) THEN excluded.hlc_c ELSE hlc_c END,"
    " hlc_ms = max (hlc_ms, excluded.hlc_ms), fts = max (fts, excluded.fts)", error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_case_id (ev));
  sqlite3_bind_int64 (s, 2, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 3, gov_event_get_hlc_c (ev));
  sqlite3_bind_int (s, 4, text);
  return _gov_stmt_done (c, s, error);
}

/**
 * _gov_projection_prepare:
 * @db: the writer connection
 * @error: return location
 *
 * Creates this connection's per-transaction bookkeeping tables.
 */
gboolean
_gov_projection_prepare (sqlite3  *db,
                         GError  **error)
{
  return gov_db_exec (db, touch_schema, error);
}

/**
 * _gov_projection_flush:
 * @cache: statements of the writer connection
 * @error: return location
 *
 * Writes what the events of this transaction left for the end: each touched
 * case's last change (the maximum HLC among its events, whatever order they
 * arrived in) and the full-text rows of changed cases and new notes. Call
 * before COMMIT.
 */
gboolean
_gov_projection_flush (GovStmtCache  *cache,
                       GError       **error)
{
  static const char *const steps[] = {
    "UPDATE case_row SET updated_ms = t.hlc_ms, updated_c = t.hlc_c FROM temp.proj_touch t"
    " WHERE case_row.case_id = t.case_id AND (case_row.updated_ms < t.hlc_ms"
    " OR (case_row.updated_ms = t.hlc_ms AND case_row.updated_c < t.hlc_c))",
    "INSERT OR REPLACE INTO case_fts (rowid, title, description)"
    " SELECT c.rowid, coalesce (c.title, ''), coalesce (c.description, '')"
    " FROM temp.proj_touch t JOIN case_row c ON c.case_id = t.case_id WHERE t.fts",
    "INSERT INTO note_fts (rowid, text) SELECT n.rowid, n.text"
    " FROM temp.proj_note p JOIN note n ON n.rowid = p.note_rowid",
    "DELETE FROM temp.proj_touch",
    "DELETE FROM temp.proj_note",
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sqlite3_stmt *s = _gov_stmt (cache, steps[i], error);

      if (s == NULL || !_gov_stmt_done (cache, s, error))
        return FALSE;
    }

  return TRUE;
}

static int
cmp_strp (gconstpointer a,
          gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static const char *
member_or_null (JsonObject *body,
                const char *name)
{
  JsonNode *n = json_object_get_member (body, name);

  return n == NULL || JSON_NODE_HOLDS_NULL (n) ? NULL : json_node_get_string (n);
}

/* The registers a case.create sets, in the order of their `create_mask`
 * bits; "status" (always "new") is the last bit. */
static const char *const create_fields[] = {
  "title", "description", "domain", "category", "channel", "requester", "location",
  "team", "assignee", "due", "status", NULL,
};

#define N_CREATE_COLUMNS 10  /* create_fields taken from the body; then status */

static int
create_bit (const char *field)
{
  for (int i = 0; create_fields[i] != NULL; i++)
    if (g_str_equal (field, create_fields[i]))
      return i;
  return -1;
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
insert_head (GovStmtCache  *c,
             const char    *case_id,
             const char    *field,
             const char    *event_id,
             const char    *value,
             gint64         hlc_ms,
             gint64         hlc_c,
             const char    *author,
             const char    *actor,
             GError       **error)
{
  sqlite3_stmt *s = _gov_stmt (c, "INSERT OR IGNORE INTO field_head"
                                  " (case_id, field, event_id, value, hlc_ms, hlc_c, author, actor)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  _gov_bind_text (s, 3, event_id);
  _gov_bind_text (s, 4, value);
  sqlite3_bind_int64 (s, 5, hlc_ms);
  sqlite3_bind_int64 (s, 6, hlc_c);
  _gov_bind_text (s, 7, author);
  _gov_bind_text (s, 8, actor);
  return _gov_stmt_done (c, s, error);
}

/* The implicit head of a register that only the case.create set: its id,
 * or NULL when the create event did not set @field (or the case predates
 * implicit heads and has explicit rows). */
static char *
implicit_head (GovStmtCache  *c,
               const char    *case_id,
               const char    *field,
               gboolean      *failed)
{
  int bit = create_bit (field);
  char *id = NULL;
  sqlite3_stmt *s;

  if (bit < 0)
    return NULL;
  s = _gov_stmt (c, "SELECT create_id FROM case_row WHERE case_id = ? AND create_mask & ?",
                 NULL);
  if (s == NULL)
    return (*failed = TRUE, NULL);
  _gov_bind_text (s, 1, case_id);
  sqlite3_bind_int64 (s, 2, (gint64) 1 << bit);
  if (sqlite3_step (s) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (s, 0));
  sqlite3_reset (s);
  return id;
}

/**
 * _gov_projection_create_value:
 * @db: a replica database
 * @create_id: a case.create event
 * @field: a register the create event set
 * @actor: (out) (optional) (transfer full): who created the case
 * @author: (out) (optional) (transfer full): the signing device
 * @hlc_ms: (out) (optional): its HLC
 * @hlc_c: (out) (optional): its HLC counter
 *
 * Reads an implicit head from the create event's timeline row.
 *
 * Returns: (transfer full) (nullable): the value the create event set
 */
char *
_gov_projection_create_value (sqlite3     *db,
                              const char  *create_id,
                              const char  *field,
                              char       **actor,
                              char       **author,
                              gint64      *hlc_ms,
                              gint64      *hlc_c)
{
  sqlite3_stmt *s = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT body, actor, author, hlc_ms, hlc_c FROM timeline"
                              " WHERE event_id = ?", -1, &s, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (s, 1, create_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) body = json_from_string ((const char *) sqlite3_column_text (s, 0),
                                                   NULL);

      if (g_str_equal (field, "status"))
        value = g_strdup ("new");
      else if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
        value = g_strdup (member_or_null (json_node_get_object (body), field));
      if (actor != NULL)
        *actor = g_strdup ((const char *) sqlite3_column_text (s, 1));
      if (author != NULL)
        *author = g_strdup ((const char *) sqlite3_column_text (s, 2));
      if (hlc_ms != NULL)
        *hlc_ms = sqlite3_column_int64 (s, 3);
      if (hlc_c != NULL)
        *hlc_c = sqlite3_column_int64 (s, 4);
    }
  sqlite3_finalize (s);
  return value;
}

/**
 * _gov_projection_implicit_fields:
 * @db: a replica database
 * @case_id: a case
 * @create_id: (out) (transfer full): the case's create event
 *
 * The registers of @case_id whose only head is the implicit create head:
 * they have no case_field or field_head rows.
 *
 * Returns: (transfer full): field names, possibly none
 */
GStrv
_gov_projection_implicit_fields (sqlite3     *db,
                                 const char  *case_id,
                                 char       **create_id)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  sqlite3_stmt *s = NULL;

  *create_id = NULL;
  if (sqlite3_prepare_v2 (db, "SELECT create_id, create_mask, (SELECT ' ' || group_concat (field,"
                              " ' ') || ' ' FROM case_field WHERE case_id = ?1) FROM case_row"
                              " WHERE case_id = ?1", -1, &s, NULL) != SQLITE_OK)
    return g_strv_builder_end (names);
  sqlite3_bind_text (s, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      gint64 mask = sqlite3_column_int64 (s, 1);
      const char *written = (const char *) sqlite3_column_text (s, 2);

      *create_id = g_strdup ((const char *) sqlite3_column_text (s, 0));
      for (guint i = 0; create_fields[i] != NULL; i++)
        {
          g_autofree char *word = g_strconcat (" ", create_fields[i], " ", NULL);

          if ((mask & ((gint64) 1 << i)) && (written == NULL || strstr (written, word) == NULL))
            g_strv_builder_add (names, create_fields[i]);
        }
    }
  sqlite3_finalize (s);
  return g_strv_builder_end (names);
}

/* Gives an implicit head its rows, for a write that does not follow it. */
static gboolean
materialize_head (GovStmtCache  *c,
                  const char    *case_id,
                  const char    *field,
                  const char    *create_id,
                  GError       **error)
{
  g_autofree char *actor = NULL;
  g_autofree char *author = NULL;
  g_autofree char *value = NULL;
  gint64 ms = 0, cc = 0;

  value = _gov_projection_create_value (_gov_stmt_cache_db (c), create_id, field, &actor,
                                        &author, &ms, &cc);
  return insert_head (c, case_id, field, create_id, value, ms, cc,
                      author != NULL ? author : "", actor, error);
}

static gboolean
in_strv (const char * const *strv,
         const char         *s)
{
  for (guint i = 0; strv[i] != NULL; i++)
    if (g_str_equal (strv[i], s))
      return TRUE;
  return FALSE;
}

/* The heads of a register before a write: from case_field, or the implicit
 * head of a field only the create event set. */
static gboolean
load_heads (GovStmtCache  *c,
            GovEvent      *ev,
            const char    *field,
            GStrv         *heads,
            int           *conflict,
            GError       **error)
{
  const char *case_id = gov_event_get_case_id (ev);
  g_autofree char *implicit = NULL;
  gboolean failed = FALSE;
  sqlite3_stmt *s;

  s = _gov_stmt (c, "SELECT heads, conflict FROM case_field WHERE case_id = ? AND field = ?",
                 error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      *heads = g_strsplit ((const char *) sqlite3_column_text (s, 0), " ", -1);
      *conflict = sqlite3_column_int (s, 1);
      sqlite3_reset (s);
      return TRUE;
    }
  sqlite3_reset (s);

  *conflict = 0;
  implicit = implicit_head (c, case_id, field, &failed);
  if (failed)
    return FALSE;
  if (implicit == NULL)
    {
      *heads = g_new0 (char *, 1);
      return TRUE;
    }
  /* A write that follows the create event replaces its head without ever
   * needing its row (the usual case); anything else keeps it as a head. */
  if (!in_strv (gov_event_get_deps (ev), implicit) &&
      !materialize_head (c, case_id, field, implicit, error))
    return FALSE;
  *heads = g_new0 (char *, 2);
  (*heads)[0] = g_steal_pointer (&implicit);
  return TRUE;
}

/* The value shown is the head with the highest (hlc, author, id), the
 * provisional winner every replica picks; different values among the
 * heads are a conflict for a person. */
static gboolean
pick_winner (GovStmtCache  *c,
             const char    *case_id,
             const char    *field,
             char         **winner,
             char         **heads_text,
             int           *conflict,
             GError       **error)
{
  g_autoptr(GPtrArray) heads = g_ptr_array_new_with_free_func (g_free);
  gboolean have_winner = FALSE;
  sqlite3_stmt *s;
  int rc;

  s = _gov_stmt (c, "SELECT value, event_id FROM field_head WHERE case_id = ? AND field = ?"
                    " ORDER BY hlc_ms DESC, hlc_c DESC, author DESC, event_id DESC", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  _gov_bind_text (s, 2, field);
  *conflict = 0;
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (s, 0);

      if (!have_winner)
        {
          *winner = g_strdup (value);
          have_winner = TRUE;
        }
      else if (g_strcmp0 (*winner, value) != 0)
        {
          *conflict = 1;
        }
      g_ptr_array_add (heads, g_strdup ((const char *) sqlite3_column_text (s, 1)));
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return gov_db_set_error (_gov_stmt_cache_db (c), rc, _("Could not read the projections"),
                             error);

  g_ptr_array_sort (heads, cmp_strp);
  g_ptr_array_add (heads, NULL);
  *heads_text = g_strjoinv (" ", (char **) heads->pdata);
  return TRUE;
}

/* Stores a register's new state and mirrors it into case_row. */
static gboolean
store_register (GovStmtCache  *c,
                const char    *case_id,
                const char    *field,
                const char    *winner,
                const char    *heads_text,
                int            conflict,
                int            old_conflict,
                GError       **error)
{
  const char *update = column_update_sql (field);
  sqlite3_stmt *s;

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

  if (conflict == old_conflict)
    return TRUE;
  s = _gov_stmt (c, "UPDATE case_row SET conflicts = conflicts + ?2 WHERE case_id = ?1", error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, case_id);
  sqlite3_bind_int (s, 2, conflict - old_conflict);
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
  g_auto(GStrv) heads = NULL;
  g_autofree char *winner = NULL;
  g_autofree char *heads_text = NULL;
  gboolean others = FALSE;
  int old_conflict, conflict = 0;
  sqlite3_stmt *s;

  if (!load_heads (c, ev, field, &heads, &old_conflict, error))
    return FALSE;

  for (guint i = 0; heads[i] != NULL; i++)
    {
      if (!in_strv (deps, heads[i]))
        {
          others = TRUE;
          continue;
        }
      s = _gov_stmt (c, "DELETE FROM field_head WHERE case_id = ? AND field = ?"
                        " AND event_id = ?", error);
      if (s == NULL)
        return FALSE;
      _gov_bind_text (s, 1, case_id);
      _gov_bind_text (s, 2, field);
      _gov_bind_text (s, 3, heads[i]);
      if (!_gov_stmt_done (c, s, error))
        return FALSE;
    }

  if (!insert_head (c, case_id, field, gov_event_get_id (ev), value, gov_event_get_hlc_ms (ev),
                    gov_event_get_hlc_c (ev), gov_event_get_author_b64 (ev),
                    gov_event_get_actor (ev), error))
    return FALSE;

  /* Usually the write follows every head: it is the only one left. */
  if (others)
    {
      if (!pick_winner (c, case_id, field, &winner, &heads_text, &conflict, error))
        return FALSE;
    }
  else
    {
      winner = g_strdup (value);
      heads_text = g_strdup (gov_event_get_id (ev));
    }

  return store_register (c, case_id, field, winner, heads_text, conflict, old_conflict, error);
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

/* A new case: its registers start with the create event as their implicit
 * head (see _gov_projection_v5), so only case_row is written. */
static gboolean
apply_case_create (GovStmtCache  *c,
                   GovEvent      *ev,
                   GError       **error)
{
  JsonObject *body = gov_event_get_body (ev);
  gint64 mask = (gint64) 1 << N_CREATE_COLUMNS;  /* status */
  sqlite3_stmt *s;

  for (guint i = 0; i < N_CREATE_COLUMNS; i++)
    if (json_object_has_member (body, create_fields[i]))
      mask |= (gint64) 1 << i;

  s = _gov_stmt (c, "INSERT INTO case_row (case_id, number, create_id, owner_office, created_ms,"
                    " updated_ms, updated_c, routing_rule, title, description, domain, category,"
                    " channel, requester, location, team, assignee, due, create_mask, status)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new')",
                 error);
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
  for (guint i = 0; i < N_CREATE_COLUMNS; i++)
    _gov_bind_text (s, 9 + i, member_or_null (body, create_fields[i]));
  sqlite3_bind_int64 (s, 19, mask);
  return _gov_stmt_done (c, s, error);
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

  /* Indexed at the flush, with the rest of the transaction's notes. */
  s = _gov_stmt (c, "INSERT INTO temp.proj_note (note_rowid) VALUES (?)", error);
  if (s == NULL)
    return FALSE;
  sqlite3_bind_int64 (s, 1, sqlite3_last_insert_rowid (_gov_stmt_cache_db (c)));
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

  /* The timeline is a view of `event`, which the ledger has written. */
  return ok && touch_case (c, ev, text_changed, error);
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
    " priority, outcome, first_contact, routing_rule, conflicts, create_mask FROM case_row"
    " ORDER BY case_id",
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
