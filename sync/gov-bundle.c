/* gov-bundle.c: bundle files of signed events (JSON Lines)
 *
 * A bundle is one wire event `{"e": …, "s": …}` per line. Import runs the
 * same pipeline as sync: each line is verified and applied or quarantined
 * on its own, so a damaged line never stops the rest of the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-bundle.h"
#include "gov-case.h"

G_DEFINE_QUARK (gov-bundle-error-quark, gov_bundle_error)

/**
 * gov_bundle_export:
 * @replica: the replica
 * @path: the bundle file to write (replaced atomically)
 * @case_ref: (nullable): only the admin log and this case (number or id)
 * @n_events: (out) (optional): how many events were written
 * @error: return location
 */
gboolean
gov_bundle_export (GovReplica  *replica,
                   const char  *path,
                   const char  *case_ref,
                   guint       *n_events,
                   GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *case_id = NULL;

  if (case_ref != NULL)
    {
      case_id = gov_case_lookup (replica, case_ref, error);
      if (case_id == NULL)
        return FALSE;
    }
  if (!gov_ledger_export (gov_replica_get_ledger (replica), case_id, lines, error))
    return FALSE;

  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL, error);
  if (out == NULL)
    return FALSE;
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];

      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), line, strlen (line), NULL, NULL,
                                      error) ||
          !g_output_stream_write_all (G_OUTPUT_STREAM (out), "\n", 1, NULL, NULL, error))
        {
          g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
          g_prefix_error (error, _("Could not write %s: "), path);
          return FALSE;
        }
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), NULL, error))
    return FALSE;

  if (n_events != NULL)
    *n_events = lines->len;
  return TRUE;
}

/**
 * gov_bundle_import:
 * @replica: the replica
 * @path: a bundle file
 * @report: (out caller-allocates): what happened; zero it first
 * @error: return location, for unreadable files and storage failures
 *
 * Streams the file through the pipeline (gov_ingest_new()), committing
 * every %GOV_INGEST_COMMIT_EVENTS events. Malformed lines are quarantined
 * with their line number. After a failure @report holds what the committed
 * transactions applied; importing the file again skips those events.
 */
gboolean
gov_bundle_import (GovReplica       *replica,
                   const char       *path,
                   GovIngestReport  *report,
                   GError          **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GDataInputStream) data = NULL;
  g_autofree char *peer = g_strconcat ("bundle:", path, NULL);
  g_autoptr(GovIngest) ingest = NULL;
  guint line_no = 0;

  if (in == NULL)
    return FALSE;
  data = g_data_input_stream_new (G_INPUT_STREAM (in));
  g_data_input_stream_set_newline_type (data, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  ingest = gov_ingest_new (gov_replica_get_ledger (replica), peer, GOV_INGEST_COMMIT_EVENTS);

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *line = g_data_input_stream_read_line (data, NULL, NULL, &local_error);

      if (line == NULL && local_error != NULL)
        {
          /* What was read so far is applied and committed first. */
          gov_ingest_finish (ingest, report, NULL);
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("Could not read %s: "), path);
          return FALSE;
        }
      if (line == NULL)
        break;

      line_no++;
      if (g_strstrip (line)[0] == '\0')
        continue;
      if (!gov_ingest_push (ingest, line, line_no, error))
        {
          gov_ingest_finish (ingest, report, NULL);
          return FALSE;
        }
    }

  return gov_ingest_finish (ingest, report, error);
}
