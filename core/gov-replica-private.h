#pragma once

#include "gov-replica.h"

G_BEGIN_DECLS

/* Tests, benchmarks and the fuzzer only: create vaults with these Argon2id
 * limits instead of the chosen strength. 0 restores normal behaviour. */
void _gov_replica_set_kdf_limits_for_testing (guint64 opslimit,
                                              gsize   memlimit);

/* Tests only: settle the WAL at the end of an ingest stream from this many
 * frames instead of 50,000. 0 restores normal behaviour. */
void _gov_replica_set_wal_settle_for_testing (int frames);

G_END_DECLS
