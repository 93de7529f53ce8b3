#pragma once

#include "gov-replica.h"

G_BEGIN_DECLS

/* Tests, benchmarks and the fuzzer only: create vaults with these Argon2id
 * limits instead of the chosen strength. 0 restores normal behaviour. */
void _gov_replica_set_kdf_limits_for_testing (guint64 opslimit,
                                              gsize   memlimit);

G_END_DECLS
