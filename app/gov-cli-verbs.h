#pragma once

#include "gov-cli.h"

G_BEGIN_DECLS

/* One NULL-terminated table per app/gov-cli-*.c file; app/gov-cli.c lists
 * them all in verb_tables[]. */
extern const GovCliVerb *const gov_cli_builtin_verbs[];
extern const GovCliVerb *const gov_cli_replica_verbs[];
extern const GovCliVerb *const gov_cli_case_verbs[];
extern const GovCliVerb *const gov_cli_demo_verbs[];
extern const GovCliVerb *const gov_cli_vault_verbs[];
extern const GovCliVerb *const gov_cli_resp_verbs[];
extern const GovCliVerb *const gov_cli_keyring_verbs[];

G_END_DECLS
