/* gov-ledger.c: the one apply pipeline
 *
 * Local changes (gov_ledger_append) and events from elsewhere
 * (gov_ledger_ingest) take the same path: verify → chain → authority →
 * deps → project → notify. Anything that fails is kept in `quarantine`
 * with a reason and never applied; anything whose dependencies have not
 * arrived waits in `pending` and is drained when they do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-event-private.h"
#include "gov-ledger-private.h"
#include "gov-projection.h"
#include "gov-projection-resp.h"
#include "gov-resp-types.h"
#include "gov-stmt.h"

struct _GovLedger
{
  sqlite3         *db;
  GovIdentity     *identity;
  GovStmtCache    *cache;
  GRecMutex        lock;
  GovHlc           hlc;
  int              depth;
  gint64           next_local_seq;
  GovLedgerNotify  notify;
  gpointer         notify_data;
  GovLedgerBeforeBegin before_begin;
  gpointer         before_begin_data;
  GPtrArray       *applied;       /* events to announce after COMMIT */

  /* Caches of stored facts, so the hot path of ingest asks SQLite less.
   * All are dropped on rollback, since rows they describe may be gone. */
  GHashTable      *author_office; /* author b64 → office id, or "" when untrusted */
  GHashTable      *case_owner;    /* case id → owner office */
  GHashTable      *recent;        /* ids of events applied lately */
  GHashTable      *log_heads;     /* "author\nlog" → LogHead of its newest applied event */
  gint64           n_pending;     /* rows in `pending`; drains are skipped at 0 */
  gboolean         any_quarantined; /* FALSE only while `quarantine` is surely empty */
  gint64           data_version;  /* PRAGMA data_version when the above were last read */
};

/* A log's newest applied event. Events of a log apply in seq order and a
 * second event at a taken seq is quarantined, so this is also the highest
 * seq stored for the log: the next event in a run needs no lookup. */
typedef struct
{
  gint64  seq;
  char   *id;
} LogHead;

static void
log_head_free (gpointer data)
{
  LogHead *head = data;

  g_free (head->id);
  g_free (head);
}

typedef enum
{
  RESULT_APPLIED,
  RESULT_DUPLICATE,
  RESULT_PENDING,
  RESULT_QUARANTINED,
  RESULT_ERROR,
} Result;

/* What the pipeline decided about one event, beyond the result. */
typedef struct
{
  const char *reason;       /* quarantine reason */
  char       *detail;       /* human-readable detail */
  char       *waiting_for;  /* pending key: an event id, "case:ID" */
} Verdict;

G_DEFINE_QUARK (gov-ledger-error-quark, gov_ledger_error)

static const char ledger_schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
  "CREATE TABLE keystore (name TEXT PRIMARY KEY, pk BLOB NOT NULL, sk BLOB);"
  "CREATE TABLE event ("
  " id TEXT NOT NULL UNIQUE, author TEXT NOT NULL, log TEXT NOT NULL, seq INTEGER NOT NULL,"
  " prev TEXT, hlc_ms INTEGER NOT NULL, hlc_c INTEGER NOT NULL, type TEXT NOT NULL,"
  " case_id TEXT, signed BLOB NOT NULL, sig BLOB NOT NULL,"
  " local_seq INTEGER PRIMARY KEY,"
  " received_from TEXT, clock_anomaly INTEGER NOT NULL DEFAULT 0,"
  " UNIQUE (author, log, seq));"
  "CREATE INDEX event_case ON event (case_id, local_seq);"
  "CREATE TABLE event_dep (id TEXT NOT NULL, dep TEXT NOT NULL, PRIMARY KEY (id, dep))"
  " WITHOUT ROWID;"
  "CREATE TABLE pending (id TEXT PRIMARY KEY, signed BLOB NOT NULL, sig BLOB NOT NULL,"
  " waiting_for TEXT NOT NULL, since_ms INTEGER NOT NULL, peer TEXT);"
  "CREATE INDEX pending_waiting ON pending (waiting_for);"
  "CREATE TABLE quarantine (id TEXT PRIMARY KEY, author TEXT, signed BLOB, sig BLOB,"
  " reason TEXT NOT NULL, detail TEXT, peer TEXT, at_ms INTEGER NOT NULL);"
  "CREATE INDEX quarantine_author ON quarantine (author, reason);"
  "CREATE TABLE equivocation (author TEXT NOT NULL, log TEXT NOT NULL, seq INTEGER NOT NULL,"
  " id_a TEXT NOT NULL, id_b TEXT NOT NULL, PRIMARY KEY (author, log, seq));"
  "CREATE TABLE office (office_id TEXT PRIMARY KEY, root_pk TEXT NOT NULL UNIQUE, name TEXT,"
  " code TEXT, state TEXT NOT NULL, pinned_at_ms INTEGER NOT NULL);"
  "CREATE TABLE device (pk TEXT PRIMARY KEY, office_id TEXT NOT NULL, role TEXT NOT NULL,"
  " short_id TEXT NOT NULL, serial INTEGER NOT NULL, user_hint TEXT, cert_id TEXT NOT NULL,"
  " revoked_cut TEXT);";

/* Case events keep who acted and their body as text in `event` itself:
 * the timeline was a second copy of every case event, written on every
 * apply. The view keeps its name and columns for every reader. */
#define TIMELINE_VIEW \
  "DROP TABLE IF EXISTS timeline;" \
  "CREATE VIEW timeline AS SELECT id AS event_id, case_id, type, actor, author, hlc_ms, hlc_c," \
  " body FROM event WHERE case_id IS NOT NULL;"

static const char ledger_schema_v6[] =
  "ALTER TABLE event ADD COLUMN actor TEXT;"
  "ALTER TABLE event ADD COLUMN body TEXT;"
  "UPDATE event SET actor = t.actor, body = t.body FROM timeline t WHERE t.event_id = event.id;"
  TIMELINE_VIEW;

/* An event's deps as a JSON array in its own row: a separate table keyed
 * by random event ids cost one more scattered index insert per dep. The
 * view keeps the old table's name and columns for the ancestry queries. */
static const char ledger_schema_v7[] =
  "ALTER TABLE event ADD COLUMN deps TEXT;"
  "UPDATE event SET deps = (SELECT json_group_array (dep) FROM event_dep d WHERE d.id = event.id)"
  " WHERE id IN (SELECT id FROM event_dep);"
  "DROP TABLE event_dep;"
  "CREATE VIEW event_dep AS SELECT e.id AS id, j.value AS dep FROM event e, json_each (e.deps) j"
  " WHERE e.deps IS NOT NULL;";

/* Step 9: the body and deps columns were copies of what the signed bytes
 * hold, a sixth of every event row written at ingest (and again by each
 * checkpoint). The views read them from the signed bytes instead. */
#define TIMELINE_VIEW_V9 \
  "CREATE VIEW timeline AS SELECT id AS event_id, case_id, type, actor, author, hlc_ms, hlc_c," \
  " json_extract (CAST (signed AS TEXT), '$.body') AS body FROM event WHERE case_id IS NOT NULL;"
#define EVENT_DEP_VIEW_V9 \
  "DROP VIEW IF EXISTS event_dep;" \
  "CREATE VIEW event_dep AS SELECT e.id AS id, j.value AS dep" \
  " FROM event e, json_each (CAST (e.signed AS TEXT), '$.deps') j;"

static const char ledger_schema_v9[] =
  "DROP VIEW IF EXISTS timeline;"
  TIMELINE_VIEW_V9
  EVENT_DEP_VIEW_V9
  "ALTER TABLE event DROP COLUMN body;"
  "ALTER TABLE event DROP COLUMN deps;";

/**
 * gov_ledger_migrate:
 * @db: a replica database
 * @error: return location
 *
 * Brings the "ledger" schema (events, trust state, projections) up to date.
 */
gboolean
gov_ledger_migrate (sqlite3  *db,
                    GError  **error)
{
  const GovMigration steps[] = {
    { 1, ledger_schema_v1 },
    { 2, _gov_projection_schema },
    { 3, _gov_projection_resp_schema },  /* case types, calendars, decision rules */
    { 4, _gov_projection_indexes },
    { 5, _gov_projection_v5 },         /* implicit create heads, fewer indexes */
    { 6, ledger_schema_v6 },           /* the timeline is a view of `event` */
    { 7, ledger_schema_v7 },           /* deps live in `event` too */
    { 8, _gov_projection_v8 },         /* notes and correspondence keyed by case */
    { 9, ledger_schema_v9 },           /* no copies of body and deps */
  };

  return gov_db_migrate (db, "ledger", steps, G_N_ELEMENTS (steps), error);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
verdict_clear (Verdict *v)
{
  g_clear_pointer (&v->detail, g_free);
  g_clear_pointer (&v->waiting_for, g_free);
  v->reason = NULL;
}

static Result
quarantine (Verdict    *v,
            const char *reason,
            char       *detail)
{
  v->reason = reason;
  v->detail = detail;
  return RESULT_QUARANTINED;
}

static Result
park (Verdict    *v,
      const char *key)
{
  v->waiting_for = g_strdup (key);
  return RESULT_PENDING;
}

/* Looks up one text value; returns NULL when there is no row. */
static char *
query_text (GovLedger   *self,
            const char  *sql,
            const char  *a,
            const char  *b,
            gint64       n,
            gboolean    *failed)
{
  sqlite3_stmt *s = _gov_stmt (self->cache, sql, NULL);
  char *out = NULL;
  int rc;

  if (s == NULL)
    {
      *failed = TRUE;
      return NULL;
    }
  _gov_bind_text (s, 1, a);
  if (b != NULL)
    _gov_bind_text (s, 2, b);
  if (n >= 0)
    sqlite3_bind_int64 (s, 3, n);
  rc = sqlite3_step (s);
  if (rc == SQLITE_ROW)
    out = g_strdup ((const char *) sqlite3_column_text (s, 0));
  else if (rc != SQLITE_DONE)
    *failed = TRUE;
  sqlite3_reset (s);

  return out;
}

static gboolean
db_failed (GovLedger  *self,
           GError    **error)
{
  return gov_db_set_error (self->db, sqlite3_errcode (self->db),
                           _("Could not read the ledger"), error);
}

static gboolean
is_root_type (const char *type)
{
  return g_str_equal (type, "office.create") || g_str_equal (type, "device.cert");
}

/* Returns the author's office, or NULL when the author is not trusted for
 * this kind of event. Office-level events are signed by an office root;
 * everything else by a certified device. */
static char *
author_office (GovLedger  *self,
               GovEvent   *ev,
               gboolean   *failed)
{
  gboolean root = is_root_type (gov_event_get_event_type (ev));
  g_autofree char *key = g_strconcat (root ? "r:" : "d:", gov_event_get_author_b64 (ev), NULL);
  const char *cached = g_hash_table_lookup (self->author_office, key);
  char *office;

  if (cached != NULL)
    return *cached != '\0' ? g_strdup (cached) : NULL;

  if (root)
    office = query_text (self, "SELECT office_id FROM office WHERE root_pk = ? AND state = 'pinned'",
                         gov_event_get_author_b64 (ev), NULL, -1, failed);
  else
    office = query_text (self, "SELECT office_id FROM device WHERE pk = ? AND revoked_cut IS NULL",
                         gov_event_get_author_b64 (ev), NULL, -1, failed);

  if (!*failed)
    g_hash_table_insert (self->author_office, g_steal_pointer (&key),
                         g_strdup (office != NULL ? office : ""));
  return office;
}

static void
forget_caches (GovLedger *self)
{
  g_hash_table_remove_all (self->author_office);
  g_hash_table_remove_all (self->case_owner);
  g_hash_table_remove_all (self->recent);
  g_hash_table_remove_all (self->log_heads);
}

static char *
log_key (GovEvent *ev)
{
  return g_strconcat (gov_event_get_author_b64 (ev), "\n", gov_event_get_log (ev), NULL);
}

static void
remember_log_head (GovLedger *self,
                   GovEvent  *ev)
{
  LogHead *head = g_new (LogHead, 1);

  if (g_hash_table_size (self->log_heads) > 200000)
    g_hash_table_remove_all (self->log_heads);
  head->seq = gov_event_get_seq (ev);
  head->id = g_strdup (gov_event_get_id (ev));
  g_hash_table_insert (self->log_heads, log_key (ev), head);
}

static gboolean
is_stored (GovLedger  *self,
           const char *id,
           gboolean   *failed)
{
  g_autofree char *found = NULL;

  if (g_hash_table_contains (self->recent, id))
    return TRUE;
  found = query_text (self, "SELECT id FROM event WHERE id = ?", id, NULL, -1, failed);
  return found != NULL;
}

static gboolean
record_equivocation (GovLedger  *self,
                     GovEvent   *ev,
                     const char *other_id,
                     GError    **error)
{
  sqlite3_stmt *s = _gov_stmt (self->cache,
    "INSERT OR IGNORE INTO equivocation (author, log, seq, id_a, id_b) VALUES (?, ?, ?, ?, ?)",
    error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_author_b64 (ev));
  _gov_bind_text (s, 2, gov_event_get_log (ev));
  sqlite3_bind_int64 (s, 3, gov_event_get_seq (ev));
  _gov_bind_text (s, 4, other_id);
  _gov_bind_text (s, 5, gov_event_get_id (ev));
  return _gov_stmt_done (self->cache, s, error);
}

/* Whether @ev names the newest applied event of its log as prev, with the
 * next seq. log_heads holds the highest seq stored per log (events of a
 * log apply in seq order), so such an event is not stored yet. */
static gboolean
extends_known_head (GovLedger *self,
                    GovEvent  *ev)
{
  g_autofree char *key = log_key (ev);
  LogHead *head = g_hash_table_lookup (self->log_heads, key);

  return head != NULL && head->seq == gov_event_get_seq (ev) - 1 &&
         g_strcmp0 (head->id, gov_event_get_prev (ev)) == 0;
}

/* Chain: seq 1 has no prev (checked by the parser); otherwise prev must be
 * the stored event at seq − 1. A different event at the same seq is a fork:
 * proof of a cloned or compromised device. */
static Result
check_chain (GovLedger  *self,
             GovEvent   *ev,
             gboolean    next_in_log,
             Verdict    *v,
             GError    **error)
{
  gint64 seq = gov_event_get_seq (ev);
  g_autofree char *same = NULL;
  g_autofree char *before = NULL;
  g_autofree char *prev_log = NULL;
  gboolean failed = FALSE;
  sqlite3_stmt *s;
  int rc;

  if (next_in_log)
    return RESULT_APPLIED;

  /* A range, not IN (…): IN builds a temporary table on every step. */
  s = _gov_stmt (self->cache, "SELECT seq, id FROM event WHERE author = ? AND log = ?"
                              " AND seq BETWEEN ?4 AND ?3", error);
  if (s == NULL)
    return RESULT_ERROR;
  _gov_bind_text (s, 1, gov_event_get_author_b64 (ev));
  _gov_bind_text (s, 2, gov_event_get_log (ev));
  sqlite3_bind_int64 (s, 3, seq);
  sqlite3_bind_int64 (s, 4, seq - 1);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      if (sqlite3_column_int64 (s, 0) == seq)
        same = g_strdup ((const char *) sqlite3_column_text (s, 1));
      else
        before = g_strdup ((const char *) sqlite3_column_text (s, 1));
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return (db_failed (self, error), RESULT_ERROR);

  if (same != NULL)
    {
      if (!record_equivocation (self, ev, same, error))
        return RESULT_ERROR;
      return quarantine (v, GOV_REASON_EQUIVOCATION,
                         g_strdup_printf (_("Another event %s holds %s seq %lld"),
                                          same, gov_event_get_log (ev), (long long) seq));
    }
  if (seq == 1)
    return RESULT_APPLIED;

  if (before != NULL)
    {
      if (!g_str_equal (before, gov_event_get_prev (ev)))
        return quarantine (v, GOV_REASON_BROKEN_CHAIN,
                           g_strdup_printf (_("prev is not the author’s event %s"), before));
      return RESULT_APPLIED;
    }

  /* The predecessor is missing. If prev names some other stored event, the
   * link is wrong; otherwise wait for it. */
  prev_log = query_text (self, "SELECT log FROM event WHERE id = ?", gov_event_get_prev (ev),
                         NULL, -1, &failed);
  if (failed)
    return (db_failed (self, error), RESULT_ERROR);
  if (prev_log != NULL)
    return quarantine (v, GOV_REASON_BROKEN_CHAIN,
                       g_strdup (_("prev names an event outside this log position")));

  return park (v, gov_event_get_prev (ev));
}

static Result
check_deps (GovLedger  *self,
            GovEvent   *ev,
            Verdict    *v,
            GError    **error)
{
  const char * const *deps = gov_event_get_deps (ev);

  for (guint i = 0; deps[i] != NULL; i++)
    {
      gboolean failed = FALSE;
      gboolean found = is_stored (self, deps[i], &failed);

      if (failed)
        return (db_failed (self, error), RESULT_ERROR);
      if (!found)
        return park (v, deps[i]);
    }

  return RESULT_APPLIED;
}

/* Whether a case ever had a handover: only then can its owner differ from
 * the office that opened it. */
static gboolean
had_handover (GovLedger  *self,
              const char *case_id,
              gboolean   *failed)
{
  g_autofree char *found = query_text (self, "SELECT field FROM case_field WHERE case_id = ?"
                                             " AND field = 'handover'", case_id, NULL, -1,
                                       failed);

  return found != NULL;
}

/* Authority in the event's causal context. The owner starts as the office
 * that opened the case (case_row.owner_office); accepted handovers to
 * another office move it, as of the event's deps (_gov_handover_authority),
 * which also refuses the office the case left once an event of it follows
 * the accept. */
static Result
check_authority (GovLedger  *self,
                 GovEvent   *ev,
                 const char *office_id,
                 Verdict    *v,
                 GError    **error)
{
  const char *type = gov_event_get_event_type (ev);
  const char *case_id = gov_event_get_case_id (ev);
  gboolean failed = FALSE;
  g_autofree char *owner = NULL;

  if (case_id == NULL)
    {
      if (g_str_equal (type, "office.create") && gov_event_get_seq (ev) != 1)
        return quarantine (v, GOV_REASON_NOT_AUTHORISED,
                           g_strdup (_("An office is created only once")));
      return RESULT_APPLIED;
    }

  owner = g_strdup (g_hash_table_lookup (self->case_owner, case_id));
  if (owner == NULL)
    owner = query_text (self, "SELECT owner_office FROM case_row WHERE case_id = ?", case_id,
                        NULL, -1, &failed);
  if (failed)
    return (db_failed (self, error), RESULT_ERROR);
  if (owner != NULL)
    g_hash_table_insert (self->case_owner, g_strdup (case_id), g_strdup (owner));

  if (g_str_equal (type, "case.create"))
    {
      const char *claimed = json_object_get_string_member (gov_event_get_body (ev),
                                                           "owner_office");
      if (owner != NULL)
        return quarantine (v, GOV_REASON_NOT_AUTHORISED,
                           g_strdup_printf (_("Case %s already exists"), case_id));
      if (!g_str_equal (claimed, office_id))
        return quarantine (v, GOV_REASON_NOT_AUTHORISED,
                           g_strdup (_("A case can only be opened for the author’s own office")));
      return RESULT_APPLIED;
    }

  if (owner == NULL)
    {
      g_autofree char *key = g_strconcat ("case:", case_id, NULL);
      return park (v, key);
    }
  if (!g_str_equal (owner, office_id) || had_handover (self, case_id, &failed))
    {
      /* Handovers to another office (gov-handover.c): the target answers,
       * and an accepted case belongs to its new office as of the deps. */
      g_autofree char *wait_for = NULL;

      if (failed)
        return (db_failed (self, error), RESULT_ERROR);
      switch (_gov_handover_authority (self->db, ev, office_id, owner, &wait_for))
        {
        case GOV_HANDOVER_AUTHORITY_ALLOWED:
          return RESULT_APPLIED;
        case GOV_HANDOVER_AUTHORITY_WAIT:
          return park (v, wait_for);
        case GOV_HANDOVER_AUTHORITY_ERROR:
          return (db_failed (self, error), RESULT_ERROR);
        case GOV_HANDOVER_AUTHORITY_REFUSED:
        default:
          break;
        }
      return quarantine (v, GOV_REASON_NOT_AUTHORISED,
                         g_strdup_printf (_("The author’s office does not own case %s"), case_id));
    }

  return RESULT_APPLIED;
}

/* The event outlives the statement's step: SQLite need not copy. */
static void
bind_static (sqlite3_stmt *s,
             int           i,
             const char   *text)
{
  sqlite3_bind_text (s, i, text, -1, SQLITE_STATIC);
}

static gboolean
insert_event (GovLedger  *self,
              GovEvent   *ev,
              const char *peer,
              gboolean    anomaly,
              GError    **error)
{
  GBytes *bytes = gov_event_get_bytes (ev);
  sqlite3_stmt *s;

  s = _gov_stmt (self->cache,
                 "INSERT INTO event (id, author, log, seq, prev, hlc_ms, hlc_c, type, case_id,"
                 " signed, sig, local_seq, received_from, clock_anomaly, actor)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (s == NULL)
    return FALSE;
  bind_static (s, 1, gov_event_get_id (ev));
  bind_static (s, 2, gov_event_get_author_b64 (ev));
  bind_static (s, 3, gov_event_get_log (ev));
  sqlite3_bind_int64 (s, 4, gov_event_get_seq (ev));
  bind_static (s, 5, gov_event_get_prev (ev));
  sqlite3_bind_int64 (s, 6, gov_event_get_hlc_ms (ev));
  sqlite3_bind_int64 (s, 7, gov_event_get_hlc_c (ev));
  bind_static (s, 8, gov_event_get_event_type (ev));
  bind_static (s, 9, gov_event_get_case_id (ev));
  sqlite3_bind_blob (s, 10, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     SQLITE_STATIC);
  sqlite3_bind_blob (s, 11, g_bytes_get_data (gov_event_get_signature (ev), NULL),
                     GOV_EVENT_SIG_BYTES, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 12, self->next_local_seq++);
  bind_static (s, 13, peer);
  sqlite3_bind_int (s, 14, anomaly);
  if (gov_event_get_case_id (ev) != NULL)
    bind_static (s, 15, gov_event_get_actor (ev));
  return _gov_stmt_done (self->cache, s, error);
}

/* Trust state follows the admin events: the office's name and code, and
 * the devices its root certified. */
static gboolean
apply_trust (GovLedger  *self,
             GovEvent   *ev,
             const char *office_id,
             GError    **error)
{
  const char *type = gov_event_get_event_type (ev);
  JsonObject *body = gov_event_get_body (ev);
  sqlite3_stmt *s;

  if (is_root_type (type))
    g_hash_table_remove_all (self->author_office);

  if (g_str_equal (type, "office.create"))
    {
      s = _gov_stmt (self->cache, "UPDATE office SET name = ?, code = ? WHERE office_id = ?",
                     error);
      if (s == NULL)
        return FALSE;
      _gov_bind_text (s, 1, json_object_get_string_member (body, "name"));
      _gov_bind_text (s, 2, json_object_get_string_member (body, "code"));
      _gov_bind_text (s, 3, office_id);
      return _gov_stmt_done (self->cache, s, error);
    }

  if (g_str_equal (type, "device.cert"))
    {
      s = _gov_stmt (self->cache,
                     "INSERT OR REPLACE INTO device (pk, office_id, role, short_id, serial,"
                     " user_hint, cert_id) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
      if (s == NULL)
        return FALSE;
      _gov_bind_text (s, 1, json_object_get_string_member (body, "device_pk") + 4);
      _gov_bind_text (s, 2, office_id);
      _gov_bind_text (s, 3, json_object_get_string_member (body, "role"));
      _gov_bind_text (s, 4, json_object_get_string_member (body, "short_id"));
      sqlite3_bind_int64 (s, 5, json_object_get_int_member (body, "serial"));
      _gov_bind_text (s, 6, json_object_get_string_member_with_default (body, "user_hint", NULL));
      _gov_bind_text (s, 7, gov_event_get_id (ev));
      return _gov_stmt_done (self->cache, s, error);
    }

  return TRUE;
}

static Result
process (GovLedger  *self,
         GovEvent   *ev,
         const char *peer,
         gboolean    local,
         Verdict    *v,
         GError    **error)
{
  gboolean failed = FALSE;
  g_autofree char *known = NULL;
  g_autofree char *office_id = NULL;
  gboolean anomaly = FALSE;
  gboolean next_in_log;
  Result r;

  if (g_hash_table_contains (self->recent, gov_event_get_id (ev)))
    return RESULT_DUPLICATE;
  /* The next event of a log whose newest stored event we know cannot be
   * stored yet: skip the lookup in the largest random index there is. */
  next_in_log = extends_known_head (self, ev);
  if (!next_in_log)
    known = query_text (self, "SELECT id FROM event WHERE id = ?", gov_event_get_id (ev), NULL,
                        -1, &failed);
  if (known == NULL && !failed && self->any_quarantined)
    known = query_text (self, "SELECT id FROM quarantine WHERE id = ?", gov_event_get_id (ev),
                        NULL, -1, &failed);
  if (known == NULL && !failed && self->n_pending > 0)
    known = query_text (self, "SELECT id FROM pending WHERE id = ?", gov_event_get_id (ev),
                        NULL, -1, &failed);
  if (failed)
    return (db_failed (self, error), RESULT_ERROR);
  if (known != NULL)
    return RESULT_DUPLICATE;

  office_id = author_office (self, ev, &failed);
  if (failed)
    return (db_failed (self, error), RESULT_ERROR);
  if (office_id == NULL)
    return quarantine (v, GOV_REASON_UNKNOWN_AUTHOR,
                       g_strdup_printf (_("No certificate for author %s"),
                                        gov_event_get_author_b64 (ev)));

  if ((r = check_chain (self, ev, next_in_log, v, error)) != RESULT_APPLIED ||
      (r = check_deps (self, ev, v, error)) != RESULT_APPLIED ||
      (r = check_authority (self, ev, office_id, v, error)) != RESULT_APPLIED)
    return r;

  if (!local)
    anomaly = gov_hlc_receive (&self->hlc, gov_event_get_hlc_ms (ev), gov_event_get_hlc_c (ev));

  if (!insert_event (self, ev, peer, anomaly, error) ||
      !apply_trust (self, ev, office_id, error) ||
      !_gov_projection_apply (self->cache, ev, office_id, error))
    return RESULT_ERROR;

  if (g_hash_table_size (self->recent) > 200000)
    g_hash_table_remove_all (self->recent);
  g_hash_table_add (self->recent, g_strdup (gov_event_get_id (ev)));
  remember_log_head (self, ev);
  g_ptr_array_add (self->applied, gov_event_ref (ev));
  return RESULT_APPLIED;
}

static gboolean
store_pending (GovLedger  *self,
               GovEvent   *ev,
               const char *waiting_for,
               const char *peer,
               GError    **error)
{
  GBytes *bytes = gov_event_get_bytes (ev);
  sqlite3_stmt *s = _gov_stmt (self->cache,
    "INSERT OR IGNORE INTO pending (id, signed, sig, waiting_for, since_ms, peer)"
    " VALUES (?, ?, ?, ?, ?, ?)", error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, gov_event_get_id (ev));
  sqlite3_bind_blob (s, 2, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                     SQLITE_STATIC);
  sqlite3_bind_blob (s, 3, g_bytes_get_data (gov_event_get_signature (ev), NULL),
                     GOV_EVENT_SIG_BYTES, SQLITE_STATIC);
  _gov_bind_text (s, 4, waiting_for);
  sqlite3_bind_int64 (s, 5, now_ms ());
  _gov_bind_text (s, 6, peer);
  if (!_gov_stmt_done (self->cache, s, error))
    return FALSE;
  self->n_pending += sqlite3_changes (self->db);
  return TRUE;
}

static gboolean
store_quarantine (GovLedger    *self,
                  const char   *id,
                  const char   *author,
                  GBytes       *bytes,
                  GBytes       *sig,
                  const char   *reason,
                  const char   *detail,
                  const char   *peer,
                  GError      **error)
{
  sqlite3_stmt *s = _gov_stmt (self->cache,
    "INSERT OR IGNORE INTO quarantine (id, author, signed, sig, reason, detail, peer, at_ms)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, id);
  _gov_bind_text (s, 2, author);
  if (bytes != NULL)
    sqlite3_bind_blob (s, 3, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       SQLITE_STATIC);
  if (sig != NULL)
    sqlite3_bind_blob (s, 4, g_bytes_get_data (sig, NULL), g_bytes_get_size (sig),
                       SQLITE_STATIC);
  _gov_bind_text (s, 5, reason);
  _gov_bind_text (s, 6, detail);
  _gov_bind_text (s, 7, peer);
  sqlite3_bind_int64 (s, 8, now_ms ());
  if (!_gov_stmt_done (self->cache, s, error))
    return FALSE;
  self->any_quarantined = TRUE;
  return TRUE;
}

/* Moves rows that waited for @key (pending) or for the author's certificate
 * (quarantine, unknown author) back onto the work queue. */
static gboolean
requeue (GovLedger  *self,
         const char *select_sql,
         const char *delete_sql,
         const char *key,
         GQueue     *queue,
         GHashTable *parked,
         GError    **error)
{
  sqlite3_stmt *s = _gov_stmt (self->cache, select_sql, error);
  int rc;

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, key);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (s, 0),
                                             sqlite3_column_bytes (s, 0));
      g_autoptr(GBytes) sig = g_bytes_new (sqlite3_column_blob (s, 1),
                                           sqlite3_column_bytes (s, 1));
      GovEvent *ev = _gov_event_new_trusted (bytes, sig, NULL);

      if (ev != NULL)
        {
          if (parked != NULL)
            g_hash_table_remove (parked, gov_event_get_id (ev));
          g_queue_push_tail (queue, ev);
        }
    }
  sqlite3_reset (s);
  if (rc != SQLITE_DONE)
    return db_failed (self, error);

  s = _gov_stmt (self->cache, delete_sql, error);
  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, key);
  if (!_gov_stmt_done (self->cache, s, error))
    return FALSE;
  if (parked != NULL)
    self->n_pending -= sqlite3_changes (self->db);
  return TRUE;
}

static gboolean
drain (GovLedger  *self,
       GovEvent   *ev,
       GQueue     *queue,
       GHashTable *parked,
       GError    **error)
{
  const char *case_id = gov_event_get_case_id (ev);

  if (self->n_pending <= 0)
    goto certificates;

  if (!requeue (self, "SELECT signed, sig FROM pending WHERE waiting_for = ?",
                "DELETE FROM pending WHERE waiting_for = ?", gov_event_get_id (ev),
                queue, parked, error))
    return FALSE;

  if (case_id != NULL && g_str_equal (gov_event_get_event_type (ev), "case.create"))
    {
      g_autofree char *key = g_strconcat ("case:", case_id, NULL);

      if (!requeue (self, "SELECT signed, sig FROM pending WHERE waiting_for = ?",
                    "DELETE FROM pending WHERE waiting_for = ?", key, queue, parked, error))
        return FALSE;
    }

certificates:
  if (g_str_equal (gov_event_get_event_type (ev), "device.cert"))
    {
      const char *pk = json_object_get_string_member (gov_event_get_body (ev), "device_pk") + 4;

      if (!requeue (self, "SELECT signed, sig FROM quarantine WHERE author = ?"
                          " AND reason = '" GOV_REASON_UNKNOWN_AUTHOR "'",
                    "DELETE FROM quarantine WHERE author = ?"
                    " AND reason = '" GOV_REASON_UNKNOWN_AUTHOR "'",
                    pk, queue, NULL, error))
        return FALSE;
    }

  return TRUE;
}

/* Runs the queue to completion. Every applied event may release others. */
static gboolean
run_queue (GovLedger       *self,
           GQueue          *queue,
           const char      *peer,
           GovIngestReport *report,
           GHashTable      *parked,
           GError         **error)
{
  GovEvent *ev;

  while ((ev = g_queue_pop_head (queue)) != NULL)
    {
      g_autoptr(GovEvent) owned = ev;
      Verdict v = { 0 };
      gboolean ok = TRUE;

      switch (process (self, ev, peer, FALSE, &v, error))
        {
        case RESULT_APPLIED:
          report->applied++;
          ok = drain (self, ev, queue, parked, error);
          break;
        case RESULT_DUPLICATE:
          report->duplicates++;
          break;
        case RESULT_PENDING:
          report->pending++;
          g_hash_table_add (parked, g_strdup (gov_event_get_id (ev)));
          ok = store_pending (self, ev, v.waiting_for, peer, error);
          break;
        case RESULT_QUARANTINED:
          report->quarantined++;
          ok = store_quarantine (self, gov_event_get_id (ev), gov_event_get_author_b64 (ev),
                                 gov_event_get_bytes (ev), gov_event_get_signature (ev),
                                 v.reason, v.detail, peer, error);
          break;
        case RESULT_ERROR:
        default:
          ok = FALSE;
          break;
        }
      verdict_clear (&v);

      if (!ok)
        {
          g_queue_free_full (g_steal_pointer (&queue), (GDestroyNotify) gov_event_unref);
          return FALSE;
        }
    }

  return TRUE;
}

static const char *
reason_for_error (const GError *error)
{
  if (error->domain != GOV_EVENT_ERROR)
    return GOV_REASON_MALFORMED;

  switch ((GovEventError) error->code)
    {
    case GOV_EVENT_ERROR_OVERSIZE:
      return GOV_REASON_OVERSIZE;
    case GOV_EVENT_ERROR_FORGED:
      return GOV_REASON_FORGED;
    case GOV_EVENT_ERROR_MALFORMED_JSON:
      return GOV_REASON_MALFORMED_JSON;
    case GOV_EVENT_ERROR_UNKNOWN_TYPE:
      return GOV_REASON_UNKNOWN_TYPE;
    case GOV_EVENT_ERROR_BAD_BODY:
      return GOV_REASON_BAD_BODY;
    case GOV_EVENT_ERROR_MALFORMED:
    default:
      return GOV_REASON_MALFORMED;
    }
}

/* Verification ----------------------------------------------------------- */

typedef struct
{
  char       *wire;
  guint       line_no;  /* in its file, or 0 */
  GovEvent   *event;
  GError     *error;
} Item;

/* Signature checks and parsing dominate ingest and libsodium 1.0.18 has no
 * batch verification, so events are verified in chunks by two worker
 * threads while the ingesting thread applies the chunks already verified,
 * in order. */
#define CHUNK 256

/* Chunks handed to the workers and not yet applied. It bounds the memory of
 * parsed events (about 2.5 KB each, 80 MB in all) and is deep enough that
 * the workers stay busy while the ingesting thread commits or waits for the
 * checkpointer: at 32 chunks they were idle for a tenth of a large import. */
#define WINDOW 128

/* A job for a worker: verify a chunk of items, or only free @release. */
typedef struct
{
  GPtrArray *release;
  guint      worker;   /* which worker parses it */
  Item      *items;    /* CHUNK of them */
  guint      n;
  gboolean   done;
  GMutex    *lock;
  GCond     *cond;
} Chunk;

struct _GovIngest
{
  GovLedger       *ledger;
  char            *peer;
  guint            commit_every;
  GQueue           in_flight;  /* Chunk, oldest first */
  Chunk           *filling;
  GMutex           lock;
  GCond            cond;
  GHashTable      *parked;     /* ids parked in this ingest */
  guint            next_worker;
  gboolean         in_tx;
  gboolean         owns_tx;    /* the open transaction is the stream's own */
  gboolean         unsynced;   /* a commit of the stream skipped the fsync */
  guint            tx_events;  /* events handled in the open transaction */
  GovIngestReport  tx;         /* counts of the open transaction */
  GovIngestReport  committed;
  GError          *failure;    /* the storage error that stopped it */
};

/* A run of consecutive events of one author's log needs only its newest
 * signature checked: each event's prev is the BLAKE2b-256 id of its
 * predecessor's exact bytes, so the author's signature over the newest
 * event commits to every earlier one byte for byte. Walking the chunk
 * backwards, an event is authentic when the authentic event after it in
 * its log names it as prev; otherwise its own signature is checked. A
 * signature that fails breaks the run, so the earlier events are checked
 * one by one and the quarantine names the exact forged event. */
static void
verify_range (Item  *items,
              guint  start,
              guint  end)
{
  g_autoptr(GHashTable) next = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = start; i < end; i++)
    items[i].event = _gov_event_new_from_wire_unverified (items[i].wire, -1, &items[i].error);

  for (guint i = end; i-- > start;)
    {
      GovEvent *ev = items[i].event;
      g_autofree char *key = NULL;
      GovEvent *after;

      if (ev == NULL)
        continue;
      key = g_strconcat (gov_event_get_author_b64 (ev), " ", gov_event_get_log (ev), NULL);
      after = g_hash_table_lookup (next, key);
      if (after == NULL || gov_event_get_seq (after) != gov_event_get_seq (ev) + 1 ||
          g_strcmp0 (gov_event_get_prev (after), gov_event_get_id (ev)) != 0)
        {
          if (!_gov_event_verify (ev, &items[i].error))
            {
              g_clear_pointer (&items[i].event, gov_event_unref);
              g_hash_table_remove (next, key);
              continue;
            }
        }
      g_hash_table_insert (next, g_steal_pointer (&key), ev);
    }
}

/* Two worker threads, each with its own queue. A chunk's events are freed
 * by the worker that parsed them: freeing a JSON tree on another thread
 * cost three times as much (the allocator's per-thread caches and arena
 * locks), and freeing it right after it was applied finds it still in the
 * cache, so a release goes to the front of its worker's queue. */
#define N_WORKERS 2

static gpointer
worker_main (gpointer data)
{
  GAsyncQueue *queue = data;

  /* The applying thread is the pipeline's critical path: when the two
   * cores are contended it should win them. Linux applies a nice value to
   * the calling thread only. */
#ifdef __linux__
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 10);
#endif
  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (queue);

      if (chunk->release != NULL)
        {
          g_ptr_array_unref (chunk->release);
          g_free (chunk);
          continue;
        }
      verify_range (chunk->items, 0, chunk->n);
      g_mutex_lock (chunk->lock);
      chunk->done = TRUE;
      g_cond_broadcast (chunk->cond);
      g_mutex_unlock (chunk->lock);
    }
  return NULL;
}

static GAsyncQueue *
worker_queue (guint worker)
{
  static GAsyncQueue *queues[N_WORKERS];
  static gsize started;

  if (g_once_init_enter (&started))
    {
      for (guint i = 0; i < N_WORKERS; i++)
        {
          queues[i] = g_async_queue_new ();
          /* Never joined: they serve every ledger of the process. */
          g_thread_unref (g_thread_new ("gov-verify", worker_main, queues[i]));
        }
      g_once_init_leave (&started, 1);
    }
  return queues[worker % N_WORKERS];
}

static void
release_events (GPtrArray *events,
                guint      worker)
{
  Chunk *job;

  if (events->len == 0)
    {
      g_ptr_array_unref (events);
      return;
    }
  job = g_new0 (Chunk, 1);
  job->release = events;
  g_async_queue_push_front (worker_queue (worker), job);
}

static void
wait_chunk (Chunk *chunk)
{
  g_mutex_lock (chunk->lock);
  while (!chunk->done)
    g_cond_wait (chunk->cond, chunk->lock);
  g_mutex_unlock (chunk->lock);
}

static void
chunk_free (Chunk *chunk)
{
  for (guint i = 0; i < chunk->n; i++)
    {
      g_free (chunk->items[i].wire);
      g_clear_pointer (&chunk->items[i].event, gov_event_unref);
      g_clear_error (&chunk->items[i].error);
    }
  g_free (chunk->items);
  g_free (chunk);
}

/* Public API ------------------------------------------------------------- */

static gboolean
load_state (GovLedger  *self,
            GError    **error)
{
  g_autofree char *ms = gov_ledger_get_meta (self, "hlc_ms");
  g_autofree char *c = gov_ledger_get_meta (self, "hlc_c");
  sqlite3_stmt *s = _gov_stmt (self->cache, "SELECT coalesce (max (local_seq), 0) FROM event",
                               error);

  if (s == NULL)
    return FALSE;
  if (sqlite3_step (s) != SQLITE_ROW)
    return db_failed (self, error);
  self->next_local_seq = sqlite3_column_int64 (s, 0) + 1;
  sqlite3_reset (s);

  s = _gov_stmt (self->cache, "SELECT count(*) FROM pending", error);
  if (s == NULL)
    return FALSE;
  if (sqlite3_step (s) != SQLITE_ROW)
    return db_failed (self, error);
  self->n_pending = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);

  s = _gov_stmt (self->cache, "SELECT EXISTS (SELECT 1 FROM quarantine)", error);
  if (s == NULL)
    return FALSE;
  if (sqlite3_step (s) != SQLITE_ROW)
    return db_failed (self, error);
  self->any_quarantined = sqlite3_column_int (s, 0);
  sqlite3_reset (s);

  /* Never backwards: another process may have stored an older clock. */
  if (ms != NULL && c != NULL)
    {
      gint64 stored_ms = g_ascii_strtoll (ms, NULL, 10);
      guint stored_c = g_ascii_strtoull (c, NULL, 10);

      if (stored_ms > self->hlc.ms || (stored_ms == self->hlc.ms && stored_c > self->hlc.c))
        {
          self->hlc.ms = stored_ms;
          self->hlc.c = stored_c;
        }
    }

  return TRUE;
}

static gint64
data_version (GovLedger *self)
{
  sqlite3_stmt *s = _gov_stmt (self->cache, "PRAGMA data_version", NULL);
  gint64 v = -1;

  if (s != NULL && sqlite3_step (s) == SQLITE_ROW)
    v = sqlite3_column_int64 (s, 0);
  if (s != NULL)
    sqlite3_reset (s);
  return v;
}

/* Another process (the command line beside the open app) may have written
 * since our last transaction: then what this ledger keeps in memory (the
 * next local_seq, counters, caches) is re-read. */
static gboolean
catch_up (GovLedger  *self,
          GError    **error)
{
  gint64 v = data_version (self);

  if (v == self->data_version)
    return TRUE;
  self->data_version = v;
  forget_caches (self);
  return load_state (self, error);
}

/**
 * gov_ledger_new:
 * @db: (transfer none): the replica's writer connection, kept open by the caller
 * @identity: (transfer none): this installation's keys, outliving the ledger
 * @error: return location
 *
 * Migrates the schema and loads the clock and counters.
 *
 * Returns: (transfer full) (nullable): the ledger
 */
GovLedger *
gov_ledger_new (sqlite3      *db,
                GovIdentity  *identity,
                GError      **error)
{
  GovLedger *self;

  g_return_val_if_fail (db != NULL && identity != NULL, NULL);

  if (!gov_ledger_migrate (db, error))
    return NULL;

  /* Event ids and case ids are random, so every apply touches index pages
   * all over the file; with the default 32 MiB cache a large replica spends
   * its time re-reading and decrypting pages. */
  if (!gov_db_exec (db, "PRAGMA cache_size=-131072", error) ||
      !_gov_projection_prepare (db, error))
    return NULL;

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  self = g_new0 (GovLedger, 1);
  self->db = db;
  self->identity = identity;
  self->cache = _gov_stmt_cache_new (db);
  self->applied = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_event_unref);
  self->author_office = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->case_owner = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->log_heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, log_head_free);
  g_rec_mutex_init (&self->lock);
  gov_hlc_init (&self->hlc, NULL, NULL);

  if (!load_state (self, error))
    {
      gov_ledger_free (self);
      return NULL;
    }
  self->data_version = data_version (self);

  return self;
}

void
gov_ledger_free (GovLedger *self)
{
  if (self == NULL)
    return;

  _gov_stmt_cache_free (self->cache);
  g_ptr_array_unref (self->applied);
  g_hash_table_unref (self->author_office);
  g_hash_table_unref (self->case_owner);
  g_hash_table_unref (self->recent);
  g_hash_table_unref (self->log_heads);
  g_rec_mutex_clear (&self->lock);
  g_free (self);
}

/**
 * gov_ledger_set_wall_clock:
 * @self: the ledger
 * @wall: (nullable) (scope forever): clock source; %NULL for the system clock
 * @wall_data: closure
 *
 * For tests that simulate clock skew.
 */
void
gov_ledger_set_wall_clock (GovLedger      *self,
                           GovHlcWallFunc  wall,
                           gpointer        wall_data)
{
  self->hlc.wall = wall;
  self->hlc.wall_data = wall_data;
}

/**
 * gov_ledger_set_notify:
 * @self: the ledger
 * @notify: (nullable) (scope forever): called for each applied event after commit
 * @user_data: closure
 */
void
gov_ledger_set_notify (GovLedger       *self,
                       GovLedgerNotify  notify,
                       gpointer         user_data)
{
  self->notify = notify;
  self->notify_data = user_data;
}

/**
 * gov_ledger_get_db:
 * @self: the ledger
 *
 * Returns: (transfer none): the writer connection; hold gov_ledger_lock() while using it
 */
sqlite3 *
gov_ledger_get_db (GovLedger *self)
{
  return self->db;
}

/**
 * gov_ledger_get_identity:
 * @self: the ledger
 *
 * Returns: (transfer none): the identity
 */
GovIdentity *
gov_ledger_get_identity (GovLedger *self)
{
  return self->identity;
}

/**
 * gov_ledger_lock:
 * @self: the ledger
 *
 * Serialises use of the writer connection. Recursive: domain operations
 * hold it while they read the heads they are about to name in deps.
 */
void
gov_ledger_lock (GovLedger *self)
{
  g_rec_mutex_lock (&self->lock);
}

void
gov_ledger_unlock (GovLedger *self)
{
  g_rec_mutex_unlock (&self->lock);
}

void
_gov_ledger_set_before_begin (GovLedger            *self,
                              GovLedgerBeforeBegin  func,
                              gpointer              data)
{
  self->before_begin = func;
  self->before_begin_data = data;
}

static gboolean
begin (GovLedger  *self,
       gboolean    settle,
       GError    **error)
{
  gov_ledger_lock (self);
  if (self->depth == 0 && self->before_begin != NULL)
    self->before_begin (self->before_begin_data, settle);
  if (self->depth == 0 && !gov_db_exec (self->db, "BEGIN IMMEDIATE", error))
    {
      gov_ledger_unlock (self);
      return FALSE;
    }
  if (self->depth == 0 && !catch_up (self, error))
    {
      gov_db_exec (self->db, "ROLLBACK", NULL);
      gov_ledger_unlock (self);
      return FALSE;
    }
  self->depth++;

  return TRUE;
}

/**
 * gov_ledger_begin:
 * @self: the ledger
 * @error: return location
 *
 * Opens a write transaction, or joins the one already open, so that many
 * changes (an import, a generated demo office) commit as one. Takes the
 * lock until the matching gov_ledger_commit() or gov_ledger_rollback().
 */
gboolean
gov_ledger_begin (GovLedger  *self,
                  GError    **error)
{
  return begin (self, FALSE, error);
}

static void
announce (GovLedger *self)
{
  GPtrArray *applied = g_steal_pointer (&self->applied);

  self->applied = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_event_unref);
  if (self->notify != NULL)
    for (guint i = 0; i < applied->len; i++)
      self->notify (applied->pdata[i], self->notify_data);
  release_events (applied, 0);
}

/**
 * gov_ledger_commit:
 * @self: the ledger
 * @error: return location
 *
 * Commits when the outermost transaction ends, then announces the applied
 * events. On failure the transaction is rolled back.
 */
gboolean
gov_ledger_commit (GovLedger  *self,
                   GError    **error)
{
  g_autofree char *ms = NULL;
  g_autofree char *c = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1)
    {
      self->depth--;
      gov_ledger_unlock (self);
      return TRUE;
    }

  ms = g_strdup_printf ("%" G_GINT64_FORMAT, self->hlc.ms);
  c = g_strdup_printf ("%u", self->hlc.c);
  if (!_gov_projection_flush (self->cache, error) ||
      !gov_ledger_set_meta (self, "hlc_ms", ms, error) ||
      !gov_ledger_set_meta (self, "hlc_c", c, error) ||
      !gov_db_exec (self->db, "COMMIT", error))
    {
      gov_ledger_rollback (self);
      return FALSE;
    }

  self->depth = 0;
  announce (self);
  gov_ledger_unlock (self);
  return TRUE;
}

/**
 * gov_ledger_rollback:
 * @self: the ledger
 *
 * Abandons the whole open transaction, however deeply joined.
 */
void
gov_ledger_rollback (GovLedger *self)
{
  g_return_if_fail (self->depth > 0);

  gov_db_exec (self->db, "ROLLBACK", NULL);
  g_ptr_array_set_size (self->applied, 0);
  forget_caches (self);
  load_state (self, NULL);
  while (self->depth > 0)
    {
      self->depth--;
      gov_ledger_unlock (self);
    }
}

static gboolean
next_position (GovLedger   *self,
               const char  *author,
               const char  *log,
               gint64      *seq,
               char       **prev,
               GError     **error)
{
  sqlite3_stmt *s = _gov_stmt (self->cache,
    "SELECT seq, id FROM event WHERE author = ? AND log = ? ORDER BY seq DESC LIMIT 1", error);
  int rc;

  if (s == NULL)
    return FALSE;
  _gov_bind_text (s, 1, author);
  _gov_bind_text (s, 2, log);
  rc = sqlite3_step (s);
  *seq = 1;
  *prev = NULL;
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (s, 0) + 1;
      *prev = g_strdup ((const char *) sqlite3_column_text (s, 1));
    }
  sqlite3_reset (s);

  return rc == SQLITE_ROW || rc == SQLITE_DONE ? TRUE : db_failed (self, error);
}

static GovEvent *
append_locked (GovLedger          *self,
               const char         *log,
               const char         *type,
               const char * const *deps,
               const char         *actor,
               JsonNode           *body,
               GError            **error)
{
  GovIdentity *id = self->identity;
  gboolean root = is_root_type (type);
  const guint8 *sk = root ? gov_identity_get_root_sk (id) : gov_identity_get_device_sk (id);
  g_autofree char *author = NULL;
  g_autofree char *prev = NULL;
  g_autoptr(GovEvent) ev = NULL;
  gint64 seq, ms;
  guint c;
  Verdict v = { 0 };

  if (sk == NULL)
    {
      g_set_error (error, GOV_LEDGER_ERROR, GOV_LEDGER_ERROR_REFUSED,
                   _("Only the office hub holds the office root key"));
      return NULL;
    }
  author = gov_b64_encode (sk + 32, 32);
  if (!next_position (self, author, log, &seq, &prev, error))
    return NULL;

  gov_hlc_tick (&self->hlc, &ms, &c);
  ev = gov_event_new_signed (sk, log, seq, prev, ms, c, type, deps, actor, body, error);
  if (ev == NULL)
    return NULL;

  switch (process (self, ev, NULL, TRUE, &v, error))
    {
    case RESULT_APPLIED:
      return g_steal_pointer (&ev);
    case RESULT_ERROR:
      return NULL;
    case RESULT_QUARANTINED:
      g_set_error (error, GOV_LEDGER_ERROR,
                   g_str_equal (v.reason, GOV_REASON_UNKNOWN_AUTHOR) ?
                   GOV_LEDGER_ERROR_NOT_CERTIFIED : GOV_LEDGER_ERROR_REFUSED,
                   _("The change was refused (%s): %s"), v.reason, v.detail);
      break;
    case RESULT_PENDING:
    case RESULT_DUPLICATE:
    default:
      g_set_error (error, GOV_LEDGER_ERROR, GOV_LEDGER_ERROR_REFUSED,
                   _("The change depends on events this replica does not have"));
      break;
    }
  verdict_clear (&v);

  return NULL;
}

/**
 * gov_ledger_append:
 * @self: the ledger
 * @log: "case:ID" or "admin"
 * @type: the event type
 * @deps: (array zero-terminated=1) (nullable): the heads the author saw
 * @actor: the user making the change
 * @body: (transfer none): the body object
 * @error: return location
 *
 * Signs a local change with this device's key (office-level events with
 * the office root key) and runs it through the pipeline in one transaction,
 * or in a savepoint of the transaction opened with gov_ledger_begin().
 * Nothing is stored when it is refused.
 *
 * Returns: (transfer full) (nullable): the applied event
 */
GovEvent *
gov_ledger_append (GovLedger          *self,
                   const char         *log,
                   const char         *type,
                   const char * const *deps,
                   const char         *actor,
                   JsonNode           *body,
                   GError            **error)
{
  GovEvent *ev;
  gboolean nested;
  guint keep;

  g_return_val_if_fail (self != NULL && log != NULL && type != NULL && body != NULL, NULL);

  if (!gov_ledger_begin (self, error))
    return NULL;
  nested = self->depth > 1;
  if (nested && !gov_db_exec (self->db, "SAVEPOINT gov_append", error))
    {
      gov_ledger_commit (self, NULL);
      return NULL;
    }

  keep = self->applied->len;
  ev = append_locked (self, log, type, deps, actor, body, error);

  if (nested)
    {
      if (ev == NULL)
        {
          gov_db_exec (self->db, "ROLLBACK TO gov_append", NULL);
          g_ptr_array_set_size (self->applied, keep);
          forget_caches (self);
        }
      gov_db_exec (self->db, "RELEASE gov_append", NULL);
      gov_ledger_commit (self, NULL);
      return ev;
    }

  if (ev == NULL)
    {
      gov_ledger_rollback (self);
      return NULL;
    }
  if (!gov_ledger_commit (self, error))
    g_clear_pointer (&ev, gov_event_unref);

  return ev;
}

static char *
line_detail (const GError *error,
             guint         line_no)
{
  if (line_no == 0)
    return g_strdup (error->message);

  return g_strdup_printf (_("line %u: %s"), line_no, error->message);
}

/* An event that could not even be verified has no trustworthy id; keep it
 * under the hash of what arrived so a repeat is recognised. */
static gboolean
quarantine_item (GovLedger       *self,
                 Item            *item,
                 const char      *peer,
                 GError         **error)
{
  g_autofree char *id = gov_event_id_for_bytes ((const guint8 *) item->wire, strlen (item->wire));
  g_autofree char *detail = line_detail (item->error, item->line_no);
  g_autoptr(GBytes) raw = g_bytes_new (item->wire, MIN (strlen (item->wire),
                                                         GOV_EVENT_MAX_BYTES * 2));

  return store_quarantine (self, id, NULL, raw, NULL, reason_for_error (item->error), detail,
                           peer, error);
}

static void
report_add (GovIngestReport       *to,
            const GovIngestReport *from)
{
  to->applied += from->applied;
  to->duplicates += from->duplicates;
  to->pending += from->pending;
  to->quarantined += from->quarantined;
}

/**
 * gov_ingest_new:
 * @ledger: the ledger
 * @peer: (nullable): where the events come from
 * @commit_every: events per transaction, rounded up to whole chunks of
 *   256 events; %G_MAXUINT for one transaction that gov_ingest_finish()
 *   commits
 *
 * Starts a streaming ingest: events pushed one by one are verified on two
 * worker threads while this thread applies them in order. A long stream
 * (a bundle file, a peer catching up) commits every @commit_every events,
 * so memory and the write lock stay bounded; each transaction is whole,
 * and an event applied in an earlier one is a duplicate when it comes again.
 *
 * Returns: (transfer full): the ingest; finish it with gov_ingest_finish()
 *   or abandon it with gov_ingest_free()
 */
GovIngest *
gov_ingest_new (GovLedger  *ledger,
                const char *peer,
                guint       commit_every)
{
  GovIngest *self = g_new0 (GovIngest, 1);

  g_return_val_if_fail (ledger != NULL && commit_every > 0, NULL);

  self->ledger = ledger;
  self->peer = g_strdup (peer);
  self->commit_every = commit_every;
  g_queue_init (&self->in_flight);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->parked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

static gboolean
ingest_failed (GovIngest  *self,
               GError    **error)
{
  if (self->failure != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (self->failure);
      return TRUE;
    }
  return FALSE;
}

/* A long stream's commits skip the WAL's fsync: it blocked the applying
 * thread for a third of a large import. At its end the stream syncs the
 * WAL once (ingest_sync()), which makes every transaction in it durable.
 * Until then a power failure (not a crash of the program) can lose
 * the newest intermediate transactions, never corrupt the replica; their
 * events are still at their source, and importing again applies them.
 * Only transactions the stream opened itself are changed, and the
 * connection is back to synchronous=FULL after each one. */
static gboolean
set_synchronous (GovIngest  *self,
                 gboolean    full,
                 GError    **error)
{
  if (self->commit_every == G_MAXUINT || !self->owns_tx)
    return TRUE;
  return gov_db_exec (self->ledger->db, full ? "PRAGMA synchronous=FULL"
                                             : "PRAGMA synchronous=NORMAL", error);
}

static gboolean
ingest_commit (GovIngest  *self,
               GError    **error)
{
  gboolean ok;

  if (!self->in_tx)
    return TRUE;
  self->in_tx = FALSE;
  self->tx_events = 0;
  ok = gov_ledger_commit (self->ledger, error);
  if (!set_synchronous (self, TRUE, ok ? error : NULL) || !ok)
    return FALSE;
  if (self->commit_every != G_MAXUINT && self->owns_tx)
    self->unsynced = TRUE;
  report_add (&self->committed, &self->tx);
  memset (&self->tx, 0, sizeof self->tx);
  return TRUE;
}

/* Makes the stream's commits durable: gov_ledger_commit() writes the hlc
 * rows, so an otherwise empty transaction still writes a WAL frame, and
 * committing it with synchronous=FULL syncs the whole WAL. Its BEGIN
 * settles a large WAL first, so that this commit starts it over and
 * shrinks it. */
static gboolean
ingest_sync (GovIngest  *self,
             GError    **error)
{
  if (!self->unsynced)
    return TRUE;
  self->unsynced = FALSE;
  return begin (self->ledger, TRUE, error) && gov_ledger_commit (self->ledger, error);
}

static gboolean
apply_item (GovIngest  *self,
            Item       *item,
            GError    **error)
{
  GQueue *queue;

  if (item->event == NULL)
    {
      self->tx.quarantined++;
      return quarantine_item (self->ledger, item, self->peer, error);
    }
  queue = g_queue_new ();
  g_queue_push_tail (queue, g_steal_pointer (&item->event));
  if (!run_queue (self->ledger, queue, self->peer, &self->tx, self->parked, error))
    return FALSE;
  g_queue_free (queue);
  return TRUE;
}

/* Without a listener nothing needs the applied events after their
 * transaction: free them now, on the worker that parsed them, instead of
 * holding a long stream's events until its commit. */
static void
release_unannounced (GovLedger *ledger,
                     guint      worker)
{
  if (ledger->notify == NULL)
    {
      release_events (g_steal_pointer (&ledger->applied), worker);
      ledger->applied = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_event_unref);
    }
}

static gboolean
apply_chunk (GovIngest  *self,
             Chunk      *chunk,
             GError    **error)
{
  if (!self->in_tx)
    {
      self->owns_tx = self->ledger->depth == 0;
      if (!set_synchronous (self, FALSE, error) || !gov_ledger_begin (self->ledger, error))
        return FALSE;
      self->in_tx = TRUE;
    }
  for (guint i = 0; i < chunk->n; i++)
    if (!apply_item (self, &chunk->items[i], error))
      return FALSE;
  release_unannounced (self->ledger, chunk->worker);
  self->tx_events += chunk->n;
  if (self->tx_events >= self->commit_every)
    return ingest_commit (self, error);
  return TRUE;
}

/* Applies the oldest chunk once its workers are done. A storage failure
 * rolls the open transaction back and stops the ingest. */
static gboolean
apply_oldest (GovIngest *self)
{
  Chunk *chunk = g_queue_pop_head (&self->in_flight);
  g_autoptr(GError) local_error = NULL;

  wait_chunk (chunk);
  if (self->failure == NULL && !apply_chunk (self, chunk, &local_error))
    {
      if (self->in_tx && self->ledger->depth > 0)
        gov_ledger_rollback (self->ledger);
      set_synchronous (self, TRUE, NULL);
      self->in_tx = FALSE;
      memset (&self->tx, 0, sizeof self->tx);
      self->failure = g_steal_pointer (&local_error);
    }
  chunk_free (chunk);
  return self->failure == NULL;
}

static void
submit_filling (GovIngest *self,
                gboolean   inline_ok)
{
  Chunk *chunk = g_steal_pointer (&self->filling);

  if (chunk == NULL)
    return;
  g_queue_push_tail (&self->in_flight, chunk);
  /* A lone small batch (a local sync message) is not worth a thread hop. */
  if (inline_ok && self->in_flight.length == 1)
    {
      verify_range (chunk->items, 0, chunk->n);
      chunk->done = TRUE;
    }
  else
    {
      chunk->worker = self->next_worker++;
      g_async_queue_push (worker_queue (chunk->worker), chunk);
    }
}

/**
 * gov_ingest_push:
 * @self: the ingest
 * @wire: one event in wire form (copied)
 * @line_no: its line in a file, for the quarantine detail, or 0
 * @error: return location, only for storage failures
 *
 * Returns: %FALSE when the ingest stopped on a storage failure
 */
gboolean
gov_ingest_push (GovIngest   *self,
                 const char  *wire,
                 guint        line_no,
                 GError     **error)
{
  Item *item;

  g_return_val_if_fail (self != NULL && wire != NULL, FALSE);

  if (ingest_failed (self, error))
    return FALSE;
  if (self->filling == NULL)
    {
      self->filling = g_new0 (Chunk, 1);
      self->filling->items = g_new0 (Item, CHUNK);
      self->filling->lock = &self->lock;
      self->filling->cond = &self->cond;
    }
  item = &self->filling->items[self->filling->n++];
  item->wire = g_strdup (wire);
  item->line_no = line_no;
  if (self->filling->n == CHUNK)
    submit_filling (self, FALSE);
  while (self->in_flight.length > WINDOW)
    if (!apply_oldest (self))
      return !ingest_failed (self, error);
  return TRUE;
}

/**
 * gov_ingest_finish:
 * @self: the ingest
 * @report: (out caller-allocates): what happened, added to; after a
 *   failure, what the committed transactions hold
 * @error: return location, only for storage failures
 *
 * Applies what is still in flight and commits.
 */
gboolean
gov_ingest_finish (GovIngest        *self,
                   GovIngestReport  *report,
                   GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL && report != NULL, FALSE);

  submit_filling (self, TRUE);
  while (self->in_flight.length > 0)
    apply_oldest (self);
  ok = !ingest_failed (self, error) && ingest_commit (self, error);
  /* Also after a failure: what was committed is made durable. */
  if (!ingest_sync (self, ok ? error : NULL))
    ok = FALSE;
  /* Events parked and released within this ingest count as applied only. */
  self->committed.pending = ok ? g_hash_table_size (self->parked) : 0;
  report_add (report, &self->committed);
  return ok;
}

/**
 * gov_ingest_free:
 * @self: (nullable): the ingest
 *
 * Waits for the workers, rolls back what was not committed and makes the
 * committed part durable.
 */
void
gov_ingest_free (GovIngest *self)
{
  Chunk *chunk;

  if (self == NULL)
    return;
  while ((chunk = g_queue_pop_head (&self->in_flight)) != NULL)
    {
      wait_chunk (chunk);
      chunk_free (chunk);
    }
  g_clear_pointer (&self->filling, chunk_free);
  if (self->in_tx)
    {
      gov_ledger_rollback (self->ledger);
      set_synchronous (self, TRUE, NULL);
    }
  ingest_sync (self, NULL);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_hash_table_unref (self->parked);
  g_clear_error (&self->failure);
  g_free (self->peer);
  g_free (self);
}

/**
 * gov_ledger_ingest:
 * @self: the ledger
 * @wire_lines: (element-type utf8): events in wire form, one per element
 * @first_line: line number of the first element in its file, for the
 *   quarantine detail; 0 when the events did not come from a file
 * @peer: (nullable): where the events came from
 * @report: (out caller-allocates): what happened, added to
 * @error: return location, only for storage failures
 *
 * Ingests a batch in one transaction; see gov_ingest_new() for a stream.
 * Refused events are quarantined, not errors.
 */
gboolean
gov_ledger_ingest (GovLedger       *self,
                   GPtrArray       *wire_lines,
                   guint            first_line,
                   const char      *peer,
                   GovIngestReport *report,
                   GError         **error)
{
  g_autoptr(GovIngest) ingest = NULL;

  g_return_val_if_fail (self != NULL && wire_lines != NULL && report != NULL, FALSE);

  ingest = gov_ingest_new (self, peer, G_MAXUINT);
  for (guint i = 0; i < wire_lines->len; i++)
    if (!gov_ingest_push (ingest, wire_lines->pdata[i], first_line == 0 ? 0 : first_line + i,
                          error))
      return FALSE;
  return gov_ingest_finish (ingest, report, error);
}

/**
 * gov_ledger_export:
 * @self: the ledger
 * @case_id: (nullable): only the admin log and this case's events, or %NULL for all
 * @wire_lines: (element-type utf8): receives the events in wire form
 * @error: return location
 *
 * Lists stored events in the order they were applied here, which respects
 * deps, so an importer rarely has to park anything. Admin events come
 * first: they carry the certificates everything else needs.
 */
gboolean
gov_ledger_export (GovLedger   *self,
                   const char  *case_id,
                   GPtrArray   *wire_lines,
                   GError     **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  gov_ledger_lock (self);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT signed, sig FROM event WHERE ?1 IS NULL OR case_id = ?1"
                           " OR case_id IS NULL ORDER BY case_id IS NOT NULL, local_seq",
                           -1, &s, NULL);
  if (rc == SQLITE_OK)
    {
      _gov_bind_text (s, 1, case_id);
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (s, 0),
                                                 sqlite3_column_bytes (s, 0));
          g_autoptr(GBytes) sig = g_bytes_new (sqlite3_column_blob (s, 1),
                                               sqlite3_column_bytes (s, 1));
          g_autoptr(GovEvent) ev = _gov_event_new_trusted (bytes, sig, NULL);

          if (ev != NULL)
            g_ptr_array_add (wire_lines, gov_event_to_wire (ev));
        }
    }
  sqlite3_finalize (s);
  gov_ledger_unlock (self);

  if (rc != SQLITE_DONE)
    return gov_db_set_error (self->db, rc, _("Could not read the events"), error);

  return TRUE;
}

/**
 * gov_ledger_rebuild:
 * @self: the ledger
 * @error: return location
 *
 * Drops every projection and folds the stored events in again, in the
 * order they were applied (which respects deps). The result must equal the
 * incrementally maintained projections.
 */
gboolean
gov_ledger_rebuild (GovLedger  *self,
                    GError    **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (!gov_ledger_begin (self, error))
    return FALSE;

  /* Cached statements refer to the tables about to be dropped. */
  forget_caches (self);
  _gov_stmt_cache_free (self->cache);
  self->cache = _gov_stmt_cache_new (self->db);

  if (!_gov_projection_drop (self->db, error) ||
      !gov_db_exec (self->db, _gov_projection_schema, error) ||
      !gov_db_exec (self->db, _gov_projection_v5, error) ||
      !gov_db_exec (self->db, _gov_projection_v8, error) ||
      /* The projection schema of step 2 still makes a timeline table. */
      !gov_db_exec (self->db, "DROP TABLE IF EXISTS timeline;" TIMELINE_VIEW_V9, error) ||
      !gov_db_exec (self->db, _gov_projection_indexes, error) ||
      !_gov_projection_prepare (self->db, error))
    goto fail;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT e.signed, e.sig, coalesce (d.office_id, o.office_id)"
                           " FROM event e LEFT JOIN device d ON d.pk = e.author"
                           " LEFT JOIN office o ON o.root_pk = e.author ORDER BY e.local_seq",
                           -1, &s, NULL);
  if (rc != SQLITE_OK)
    {
      gov_db_set_error (self->db, rc, _("Could not read the events"), error);
      goto fail;
    }
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (s, 0), sqlite3_column_bytes (s, 0));
      g_autoptr(GBytes) sig = g_bytes_new (sqlite3_column_blob (s, 1), sqlite3_column_bytes (s, 1));
      g_autoptr(GovEvent) ev = _gov_event_new_trusted (bytes, sig, error);

      if (ev == NULL ||
          !_gov_projection_apply (self->cache, ev, (const char *) sqlite3_column_text (s, 2),
                                  error))
        goto fail;
    }
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (self->db, rc, _("Could not read the events"), error);
      goto fail;
    }
  sqlite3_finalize (s);

  return gov_ledger_commit (self, error);

fail:
  sqlite3_finalize (s);
  gov_ledger_rollback (self);
  return FALSE;
}

static void
add_problem (JsonArray  *problems,
             const char *id,
             const char *problem)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "problem", problem);
  json_array_add_object_element (problems, o);
}

static void
verify_row (GovLedger    *self,
            sqlite3_stmt *s,
            JsonArray    *problems)
{
  const char *id = (const char *) sqlite3_column_text (s, 0);
  g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (s, 1), sqlite3_column_bytes (s, 1));
  g_autoptr(GBytes) sig = g_bytes_new (sqlite3_column_blob (s, 2), sqlite3_column_bytes (s, 2));
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GovEvent) ev = gov_event_new_from_signed (bytes, sig, &local_error);
  gboolean failed = FALSE;
  g_autofree char *office = NULL;
  g_autofree char *before = NULL;
  g_autofree char *owner = NULL;

  if (ev == NULL)
    {
      add_problem (problems, id, local_error->message);
      return;
    }
  if (!g_str_equal (gov_event_get_id (ev), id))
    add_problem (problems, id, _("the stored id is not the hash of the stored bytes"));

  office = author_office (self, ev, &failed);
  if (office == NULL)
    add_problem (problems, id, _("the author has no certificate from a pinned office"));

  if (gov_event_get_seq (ev) > 1)
    {
      before = query_text (self, "SELECT id FROM event WHERE author = ?1 AND log = ?2 AND seq = ?3",
                           gov_event_get_author_b64 (ev), gov_event_get_log (ev),
                           gov_event_get_seq (ev) - 1, &failed);
      if (before == NULL || !g_str_equal (before, gov_event_get_prev (ev)))
        add_problem (problems, id, _("the hash link to the previous event is broken"));
    }

  for (guint i = 0; gov_event_get_deps (ev)[i] != NULL; i++)
    {
      g_autofree char *dep = query_text (self, "SELECT id FROM event WHERE id = ?",
                                         gov_event_get_deps (ev)[i], NULL, -1, &failed);
      if (dep == NULL)
        add_problem (problems, id, _("a dependency is missing"));
    }

  if (gov_event_get_case_id (ev) != NULL)
    {
      owner = query_text (self, "SELECT owner_office FROM case_row WHERE case_id = ?",
                          gov_event_get_case_id (ev), NULL, -1, &failed);
      if (owner == NULL || g_strcmp0 (owner, office) != 0)
        add_problem (problems, id, _("the author’s office does not own the case"));
    }
}

/**
 * gov_ledger_verify:
 * @self: the ledger
 * @case_id: (nullable): only this case's events, or %NULL for all
 * @problems: a JSON array that receives `{"id", "problem"}` objects
 * @n_checked: (out) (optional): number of events checked
 * @error: return location, for storage failures
 *
 * Re-checks every stored signature, id, hash link, dependency and
 * authority rule from the stored bytes.
 */
gboolean
gov_ledger_verify (GovLedger   *self,
                   const char  *case_id,
                   JsonArray   *problems,
                   guint       *n_checked,
                   GError     **error)
{
  sqlite3_stmt *s = NULL;
  guint n = 0;
  int rc;

  gov_ledger_lock (self);
  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT id, signed, sig FROM event WHERE ?1 IS NULL OR case_id = ?1"
                           " ORDER BY local_seq", -1, &s, NULL);
  if (rc == SQLITE_OK)
    {
      _gov_bind_text (s, 1, case_id);
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        {
          verify_row (self, s, problems);
          n++;
        }
    }
  sqlite3_finalize (s);
  gov_ledger_unlock (self);

  if (n_checked != NULL)
    *n_checked = n;
  if (rc != SQLITE_DONE)
    return gov_db_set_error (self->db, rc, _("Could not read the events"), error);

  return TRUE;
}

/**
 * gov_ledger_pin_office:
 * @self: the ledger
 * @root_pk: (array fixed-size=32): an office root key confirmed by fingerprint
 * @error: return location
 *
 * Trusts an office root: its office.create and device.cert events will be
 * accepted.
 */
gboolean
gov_ledger_pin_office (GovLedger     *self,
                       const guint8  *root_pk,
                       GError       **error)
{
  g_autofree char *office_id = gov_identity_office_id_for_key (root_pk);
  g_autofree char *pk = gov_b64_encode (root_pk, 32);
  sqlite3_stmt *s;
  gboolean ok;

  gov_ledger_lock (self);
  s = _gov_stmt (self->cache, "INSERT OR IGNORE INTO office (office_id, root_pk, state,"
                              " pinned_at_ms) VALUES (?, ?, 'pinned', ?)", error);
  ok = s != NULL;
  if (ok)
    {
      _gov_bind_text (s, 1, office_id);
      _gov_bind_text (s, 2, pk);
      sqlite3_bind_int64 (s, 3, now_ms ());
      ok = _gov_stmt_done (self->cache, s, error);
    }
  gov_ledger_unlock (self);

  return ok;
}

/**
 * gov_ledger_get_meta:
 * @self: the ledger
 * @key: a key
 *
 * Returns: (transfer full) (nullable): the stored value
 */
char *
gov_ledger_get_meta (GovLedger  *self,
                     const char *key)
{
  gboolean failed = FALSE;
  char *value;

  gov_ledger_lock (self);
  value = query_text (self, "SELECT value FROM meta WHERE key = ?", key, NULL, -1, &failed);
  gov_ledger_unlock (self);

  return value;
}

gboolean
gov_ledger_set_meta (GovLedger   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *s;
  gboolean ok;

  gov_ledger_lock (self);
  s = _gov_stmt (self->cache, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", error);
  ok = s != NULL;
  if (ok)
    {
      _gov_bind_text (s, 1, key);
      _gov_bind_text (s, 2, value);
      ok = _gov_stmt_done (self->cache, s, error);
    }
  gov_ledger_unlock (self);

  return ok;
}

/**
 * gov_ledger_dup_device_short_id:
 * @self: the ledger
 * @device_pk_b64: a device key
 *
 * Returns: (transfer full) (nullable): the short id its certificate gives
 *   it, or %NULL when the device is not certified (yet)
 */
char *
gov_ledger_dup_device_short_id (GovLedger  *self,
                                const char *device_pk_b64)
{
  gboolean failed = FALSE;
  char *value;

  gov_ledger_lock (self);
  value = query_text (self, "SELECT short_id FROM device WHERE pk = ?", device_pk_b64, NULL, -1,
                      &failed);
  gov_ledger_unlock (self);

  return value;
}

sqlite3_stmt *
_gov_ledger_stmt (GovLedger   *self,
                  const char  *sql,
                  GError     **error)
{
  return _gov_stmt (self->cache, sql, error);
}
