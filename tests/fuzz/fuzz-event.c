/* fuzz-event.c: libFuzzer harness for event parsing, verification and bundle import
 *
 * Each input is tried as (1) a wire line, (2) 64 signature bytes followed
 * by signed bytes, (3) signed bytes parsed without the signature check, so
 * the envelope and body schemas are reached, and (4) a bundle file imported
 * into a replica in a temporary directory.
 *
 *   CC=clang meson setup _fuzz -Dfuzzing=true -Dc_args=-fsanitize=fuzzer-no-link \
 *     -Db_sanitize=address -Db_lundef=false
 *   ninja -C _fuzz tests/fuzz-event
 *   cp -r tests/fuzz/corpus-event /tmp/corpus   # keep the committed seeds small
 *   _fuzz/tests/fuzz-event /tmp/corpus -max_total_time=300 -max_len=70000
 *
 * Instrumenting the libraries (fuzzer-no-link) gives the fuzzer coverage of
 * the parser and the pipeline, not just of this file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-bundle.h"
#include "gov-event-private.h"
#include "gov-replica-private.h"

static GovReplica *replica;
static char *bundle_path;

static void
set_up (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *replica_dir = NULL;

  g_assert (sodium_init () >= 0);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  _gov_replica_set_kdf_limits_for_testing (crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
  dir = g_dir_make_tmp ("gov-fuzz-XXXXXX", &error);
  g_assert_no_error (error);
  replica_dir = g_build_filename (dir, "replica", NULL);
  bundle_path = g_build_filename (dir, "input.jsonl", NULL);
  replica = gov_replica_create (replica_dir, "fuzz", "Fuzz Office", "FUZ", 0, NULL, &error);
  g_assert_no_error (error);
  /* Durability is not under test here; fsync per import would cap the
   * fuzzer at a few runs per second. */
  sqlite3_exec (gov_replica_get_db (replica), "PRAGMA synchronous=OFF", NULL, NULL, NULL);
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GovEvent) a = NULL;
  g_autoptr(GovEvent) b = NULL;
  g_autoptr(GovEvent) c = NULL;
  GovIngestReport report = { 0 };

  if (replica == NULL)
    set_up ();

  a = gov_event_new_from_wire ((const char *) data, size, NULL);
  if (a != NULL)
    g_free (gov_event_to_wire (a));

  if (size > 64)
    {
      g_autoptr(GBytes) sig = g_bytes_new (data, 64);
      g_autoptr(GBytes) bytes = g_bytes_new (data + 64, size - 64);

      b = gov_event_new_from_signed (bytes, sig, NULL);
      c = _gov_event_new_trusted (bytes, sig, NULL);
      if (c != NULL)
        {
          g_assert (gov_event_get_log (c) != NULL);
          g_assert (gov_event_get_deps (c) != NULL);
        }
    }

  if (g_file_set_contents (bundle_path, (const char *) data, size, NULL))
    gov_bundle_import (replica, bundle_path, &report, NULL);

  return 0;
}
