/* gov-case-query.c: read-only queries behind the case list, search and intake
 *
 * Plain SQL over the projection tables of gov-projection.c, returning plain
 * structs so that a worker thread can read many thousands of rows without
 * building JSON. Every query holds the ledger lock, as the replica's one
 * connection requires.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-case-query.h"
#include "gov-db.h"

#define SUMMARY_COLUMNS \
  "case_id, number, title, requester, status, assignee, team, domain, category, due," \
  " updated_ms, conflicts, updated_c," \
  " (SELECT max (local_seq) FROM event e WHERE e.case_id = case_row.case_id)"

static const GovCatalogueEntry domains[] = {
  { "permits", N_("Permits"), NULL },
  { "waterways", N_("Waterways"), NULL },
  { "public_space", N_("Public Space"), NULL },
  { "infrastructure", N_("Infrastructure"), NULL },
  { "enforcement", N_("Enforcement"), NULL },
};

static const GovCatalogueEntry categories[] = {
  { "building_permit", N_("Building Permit"), "permits" },
  { "event_permit", N_("Event Permit"), "permits" },
  { "terrace_permit", N_("Terrace Permit"), "permits" },
  { "mooring", N_("Mooring"), "waterways" },
  { "canal_litter", N_("Litter in a Canal"), "waterways" },
  { "quay_damage", N_("Damaged Quay Wall"), "waterways" },
  { "streetlight", N_("Streetlight"), "public_space" },
  { "graffiti", N_("Graffiti"), "public_space" },
  { "litter", N_("Litter"), "public_space" },
  { "pothole", N_("Pothole"), "infrastructure" },
  { "sewer", N_("Sewer"), "infrastructure" },
  { "bridge", N_("Bridge"), "infrastructure" },
  { "illegal_dumping", N_("Illegal Dumping"), "enforcement" },
  { "parking", N_("Parking"), "enforcement" },
  { "noise", N_("Noise"), "enforcement" },
};

/**
 * gov_case_catalogue_domains:
 * @n_domains: (out): the number of domains
 *
 * Returns: (transfer none) (array length=n_domains): the domains
 */
const GovCatalogueEntry *
gov_case_catalogue_domains (guint *n_domains)
{
  *n_domains = G_N_ELEMENTS (domains);
  return domains;
}

/**
 * gov_case_catalogue_categories:
 * @n_categories: (out): the number of categories
 *
 * Returns: (transfer none) (array length=n_categories): every category,
 *   grouped by domain
 */
const GovCatalogueEntry *
gov_case_catalogue_categories (guint *n_categories)
{
  *n_categories = G_N_ELEMENTS (categories);
  return categories;
}

/**
 * gov_case_catalogue_label:
 * @id: a domain or category id
 *
 * Returns: (transfer none) (nullable): its untranslated label, or %NULL for
 *   an id the catalogue does not know
 */
const char *
gov_case_catalogue_label (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (domains); i++)
    if (g_str_equal (domains[i].id, id))
      return domains[i].label;
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (categories); i++)
    if (g_str_equal (categories[i].id, id))
      return categories[i].label;
  return NULL;
}

void
gov_case_summary_free (GovCaseSummary *summary)
{
  if (summary == NULL)
    return;
  g_free (summary->case_id);
  g_free (summary->number);
  g_free (summary->title);
  g_free (summary->requester);
  g_free (summary->status);
  g_free (summary->assignee);
  g_free (summary->team);
  g_free (summary->domain);
  g_free (summary->category);
  g_free (summary->due);
  g_free (summary->deadline);
  g_free (summary->clock);
  g_free (summary);
}

void
gov_case_match_free (GovCaseMatch *match)
{
  if (match == NULL)
    return;
  g_free (match->case_id);
  g_free (match->where);
  g_free (match->text);
  g_free (match);
}

static char *
col_dup (sqlite3_stmt *s,
         int           i)
{
  return g_strdup ((const char *) sqlite3_column_text (s, i));
}

static GovCaseSummary *
summary_from_row (sqlite3_stmt *s)
{
  GovCaseSummary *c = g_new0 (GovCaseSummary, 1);

  c->case_id = col_dup (s, 0);
  c->number = col_dup (s, 1);
  c->title = col_dup (s, 2);
  c->requester = col_dup (s, 3);
  c->status = col_dup (s, 4);
  c->assignee = col_dup (s, 5);
  c->team = col_dup (s, 6);
  c->domain = col_dup (s, 7);
  c->category = col_dup (s, 8);
  c->due = col_dup (s, 9);
  c->updated_ms = sqlite3_column_int64 (s, 10);
  c->conflicts = sqlite3_column_int (s, 11);
  c->updated_c = sqlite3_column_int64 (s, 12);
  c->last_seq = sqlite3_column_int64 (s, 13);
  c->deadline = g_strdup (c->due);
  return c;
}

static gboolean
prepare (sqlite3       *db,
         const char    *sql,
         sqlite3_stmt **s,
         GError       **error)
{
  int rc = sqlite3_prepare_v2 (db, sql, -1, s, NULL);

  if (rc != SQLITE_OK)
    {
      gov_db_set_error (db, rc, _("Could not read the cases"), error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
finish (sqlite3       *db,
        sqlite3_stmt  *s,
        int            rc,
        GError       **error)
{
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (db, rc, _("Could not read the cases"), error);
      return FALSE;
    }
  return TRUE;
}

/**
 * gov_case_query_summaries:
 * @replica: the replica
 * @case_ids: (nullable) (array zero-terminated=1): only these cases, or
 *   every case when %NULL
 * @error: return location
 *
 * Returns: (transfer full) (element-type GovCaseSummary) (nullable): the
 *   rows, by number
 */
GPtrArray *
gov_case_query_summaries (GovReplica          *replica,
                          const char * const  *case_ids,
                          GError             **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3 *db = gov_replica_get_db (replica);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_case_summary_free);
  sqlite3_stmt *s = NULL;
  gboolean ok = TRUE;
  int rc = SQLITE_DONE;

  gov_ledger_lock (ledger);
  if (case_ids == NULL)
    {
      ok = prepare (db, "SELECT " SUMMARY_COLUMNS " FROM case_row ORDER BY number", &s, error);
      while (ok && (rc = sqlite3_step (s)) == SQLITE_ROW)
        g_ptr_array_add (rows, summary_from_row (s));
      ok = ok && finish (db, s, rc, error);
    }
  else
    {
      ok = prepare (db, "SELECT " SUMMARY_COLUMNS " FROM case_row WHERE case_id = ?", &s, error);
      for (guint i = 0; ok && case_ids[i] != NULL; i++)
        {
          sqlite3_bind_text (s, 1, case_ids[i], -1, SQLITE_STATIC);
          rc = sqlite3_step (s);
          if (rc == SQLITE_ROW)
            g_ptr_array_add (rows, summary_from_row (s));
          else if (rc != SQLITE_DONE)
            break;
          sqlite3_reset (s);
          rc = SQLITE_DONE;
        }
      ok = ok && finish (db, s, rc, error);
    }
  gov_ledger_unlock (ledger);

  return ok ? g_steal_pointer (&rows) : NULL;
}

/* Typed words become quoted prefix terms, so no input is FTS5 syntax. */
static char *
fts_terms (const char *words)
{
  g_auto(GStrv) parts = g_strsplit_set (words, " \t\n", -1);
  GString *q = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) quoted = NULL;
      g_autofree char *escaped = NULL;

      if (*parts[i] == '\0')
        continue;
      quoted = g_strsplit (parts[i], "\"", -1);
      escaped = g_strjoinv ("\"\"", quoted);
      g_string_append_printf (q, "%s\"%s\"*", q->len > 0 ? " " : "", escaped);
    }

  return g_string_free (q, FALSE);
}

static gboolean
collect_matches (sqlite3      *db,
                 const char   *sql,
                 const char   *terms,
                 const char   *where,
                 guint         limit,
                 GHashTable   *seen,
                 GPtrArray    *out,
                 GError      **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (!prepare (db, sql, &s, error))
    return FALSE;
  sqlite3_bind_text (s, 1, terms, -1, SQLITE_STATIC);
  sqlite3_bind_int (s, 2, limit);
  while ((rc = sqlite3_step (s)) == SQLITE_ROW && out->len < limit)
    {
      const char *case_id = (const char *) sqlite3_column_text (s, 0);
      GovCaseMatch *m;

      if (g_hash_table_contains (seen, case_id))
        continue;
      m = g_new0 (GovCaseMatch, 1);
      m->case_id = g_strdup (case_id);
      m->where = g_strdup (where);
      m->text = col_dup (s, 1);
      g_hash_table_add (seen, m->case_id);
      g_ptr_array_add (out, m);
    }
  if (rc == SQLITE_ROW)
    rc = SQLITE_DONE;

  return finish (db, s, rc, error);
}

/**
 * gov_case_query_search:
 * @replica: the replica
 * @words: what a person typed
 * @limit: at most this many cases
 * @error: return location
 *
 * Full-text search over every case on this device: titles first, then
 * descriptions, then notes. Each case appears once, with where it matched.
 *
 * Returns: (transfer full) (element-type GovCaseMatch) (nullable): the matches
 */
GPtrArray *
gov_case_query_search (GovReplica  *replica,
                       const char  *words,
                       guint        limit,
                       GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3 *db = gov_replica_get_db (replica);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_case_match_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *terms = fts_terms (words);
  g_autofree char *in_title = NULL;
  g_autofree char *in_description = NULL;
  gboolean ok;

  if (*terms == '\0')
    return g_steal_pointer (&out);
  in_title = g_strdup_printf ("title : (%s)", terms);
  in_description = g_strdup_printf ("description : (%s)", terms);

  gov_ledger_lock (ledger);
  ok = collect_matches (db, "SELECT r.case_id, r.title FROM case_fts f"
                            " JOIN case_row r ON r.rowid = f.rowid"
                            " WHERE case_fts MATCH ?1 ORDER BY rank LIMIT ?2",
                        in_title, "title", limit, seen, out, error) &&
       collect_matches (db, "SELECT r.case_id, snippet (case_fts, 1, '', '', '…', 10)"
                            " FROM case_fts f JOIN case_row r ON r.rowid = f.rowid"
                            " WHERE case_fts MATCH ?1 ORDER BY rank LIMIT ?2",
                        in_description, "description", limit, seen, out, error) &&
       collect_matches (db, "SELECT n.case_id, snippet (note_fts, 0, '', '', '…', 10)"
                            " FROM note_fts f JOIN note n ON n.rowid = f.rowid"
                            " WHERE note_fts MATCH ?1 ORDER BY rank LIMIT ?2",
                        terms, "note", limit, seen, out, error);
  gov_ledger_unlock (ledger);

  return ok ? g_steal_pointer (&out) : NULL;
}

/**
 * gov_case_query_requesters:
 * @replica: the replica
 * @prefix: the start of a name (case-insensitive)
 * @limit: at most this many names
 * @error: return location
 *
 * The people and organisations who asked before, for the intake form.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): names, by how
 *   often they asked
 */
GPtrArray *
gov_case_query_requesters (GovReplica  *replica,
                           const char  *prefix,
                           guint        limit,
                           GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  sqlite3 *db = gov_replica_get_db (replica);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pattern = g_strconcat (prefix, "%", NULL);
  sqlite3_stmt *s = NULL;
  gboolean ok;
  int rc = SQLITE_DONE;

  gov_ledger_lock (ledger);
  ok = prepare (db, "SELECT requester FROM case_row WHERE requester LIKE ?1"
                    " GROUP BY requester ORDER BY count(*) DESC, requester LIMIT ?2", &s, error);
  if (ok)
    {
      sqlite3_bind_text (s, 1, pattern, -1, SQLITE_STATIC);
      sqlite3_bind_int (s, 2, limit);
      while ((rc = sqlite3_step (s)) == SQLITE_ROW)
        g_ptr_array_add (out, col_dup (s, 0));
      ok = finish (db, s, rc, error);
    }
  gov_ledger_unlock (ledger);

  return ok ? g_steal_pointer (&out) : NULL;
}
