/* fuzz-keyfile.c: libFuzzer entry point for the key-slot file parser
 *
 * Build with -Dfuzzing=true and clang; run:
 *   _build-fuzz/tests/fuzz/fuzz-keyfile tests/fuzz/corpus-keyfile
 * Any crash found becomes a file in corpus-keyfile/, which test-keyfile
 * replays on every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>

#include <sodium.h>

#include "gov-keyfile.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovKeyfile) kf = NULL;

  if (sodium_init () < 0)
    return 0;

  kf = gov_keyfile_parse ((const char *) data, size, &error);
  g_assert ((kf == NULL) != (error == NULL));

  if (kf != NULL)
    {
      /* Whatever parses must serialise and parse back. */
      gsize len = 0;
      g_autofree char *out = gov_keyfile_to_data (kf, &len);
      g_autoptr(GovKeyfile) again = gov_keyfile_parse (out, len, NULL);

      g_assert (again != NULL);
      gov_keyfile_has_passphrase (again);
    }

  return 0;
}
