/* gov-calendar-store.c: the holiday calendars stored in a replica
 *
 * A calendar is never edited in place: every change is a new version,
 * published as the same signed "calendar.put" admin event that an import
 * writes (gov_calendar_store()), and clocks always read the latest version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-calendar-store.h"
#include "gov-case-clock.h"
#include "gov-db.h"
#include "gov-ledger-private.h"

/**
 * gov_calendar_list_stored:
 * @replica: the replica
 * @error: return location
 *
 * Returns: (transfer full) (element-type GovCalendar) (nullable): the latest
 *   version of every stored calendar, by id
 */
GPtrArray *
gov_calendar_list_stored (GovReplica  *replica,
                          GError     **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gov_calendar_unref);
  sqlite3_stmt *s;
  int rc = SQLITE_DONE;
  gboolean ok = TRUE;

  gov_ledger_lock (ledger);
  s = _gov_ledger_stmt (ledger, "SELECT body FROM resp_calendar t WHERE version ="
                                " (SELECT max (version) FROM resp_calendar WHERE id = t.id)"
                                " ORDER BY id", error);
  while (s != NULL && ok && (rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) body = json_from_string ((const char *) sqlite3_column_text (s, 0),
                                                   error);
      GovCalendar *cal = body != NULL ? gov_calendar_new_from_json (body, error) : NULL;

      ok = cal != NULL;
      if (ok)
        g_ptr_array_add (out, cal);
    }
  if (s != NULL)
    sqlite3_reset (s);
  gov_ledger_unlock (ledger);
  if (s == NULL || !ok)
    return NULL;
  if (rc != SQLITE_DONE)
    {
      gov_db_set_error (gov_replica_get_db (replica), rc, _("Could not read the calendars"),
                        error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static guint
latest_version_locked (GovReplica *replica,
                       const char *id)
{
  sqlite3_stmt *s = _gov_ledger_stmt (gov_replica_get_ledger (replica),
                                      "SELECT max (version) FROM resp_calendar WHERE id = ?1",
                                      NULL);
  guint version = 0;

  if (s == NULL)
    return 0;
  sqlite3_bind_text (s, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    version = sqlite3_column_int64 (s, 0);
  sqlite3_reset (s);
  return version;
}

/**
 * gov_calendar_store_new_version:
 * @replica: the replica
 * @calendar: the calendar as it should be from now on
 * @error: return location
 *
 * Stores @calendar as the version after the latest stored one of its id
 * (version 1 for a new id) and sets that version on @calendar. Reading the
 * latest version and appending happen under the ledger's lock, so two
 * edits on this replica never claim the same version.
 */
gboolean
gov_calendar_store_new_version (GovReplica   *replica,
                                GovCalendar  *calendar,
                                GError      **error)
{
  GovLedger *ledger = gov_replica_get_ledger (replica);
  guint old = gov_calendar_get_version (calendar);
  gboolean ok;

  gov_ledger_lock (ledger);
  gov_calendar_set_version (calendar,
                            latest_version_locked (replica, gov_calendar_get_id (calendar)) + 1);
  ok = gov_calendar_store (replica, calendar, error);
  gov_ledger_unlock (ledger);
  if (!ok)
    gov_calendar_set_version (calendar, old);
  return ok;
}

/**
 * gov_calendar_id_is_valid:
 * @id: a proposed calendar id
 *
 * Returns: %TRUE for 1 to 32 lower-case letters, digits and dashes, not
 *   starting with a dash: what case types can name without quoting
 */
gboolean
gov_calendar_id_is_valid (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > 32 || id[0] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (id[i]) && !g_ascii_isdigit (id[i]) && id[i] != '-')
      return FALSE;
  return TRUE;
}

/**
 * gov_calendar_id_from_name:
 * @name: a calendar's display name ("Netherlands (Algemene termijnenwet)")
 *
 * Returns: (transfer full): an id made from the name ("netherlands-algemene"),
 *   "calendar" when the name has no usable letters
 */
char *
gov_calendar_id_from_name (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name != NULL ? name : "", "C");
  GString *id = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0' && id->len < 20; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_assign (id, "calendar");
  return g_string_free (id, FALSE);
}
