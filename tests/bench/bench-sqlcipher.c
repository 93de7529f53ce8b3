/* bench-sqlcipher.c: the bench-vfs workload on Debian's SQLCipher
 *
 * A separate executable because SQLCipher exports the sqlite3 symbols.
 * bench-vfs runs it and prints its times as ratios to plain SQLite.
 * Usage: bench-sqlcipher DIR   (prints "insert reads scan fts-index fts" in seconds)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include <sqlite3.h>   /* from sqlcipher's include directory */

#include "bench-vfs-workload.h"

int
main (int argc, char **argv)
{
  char path[4096];
  sqlite3 *db = NULL;
  BenchTimes t;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s DIR\n", argv[0]);
      return 2;
    }
  snprintf (path, sizeof path, "%s/sqlcipher.db", argv[1]);
  remove (path);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    return 1;

  /* A raw 256-bit key (no PBKDF2 at open) and the same 4096-byte pages as
   * casevfs, so the comparison is codec against codec. */
  bench_exec (db, "PRAGMA key = \"x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'\";"
                  "PRAGMA cipher_page_size = 4096");
  t = bench_run (db);
  sqlite3_close (db);

  printf ("%.6f %.6f %.6f %.6f %.6f\n", t.insert, t.reads, t.scan, t.fts_index, t.fts);
  return 0;
}
