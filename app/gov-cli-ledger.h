#pragma once

#include <json-glib/json-glib.h>

#include "gov-cli.h"
#include "gov-replica.h"

G_BEGIN_DECLS

/* Shared by the replica and case verbs (app/gov-cli-replica.c, gov-cli-case.c). */
GovReplica *gov_cli_open_replica (GovCliContext  *ctx,
                                  GError        **error);
int         gov_cli_print_value  (GovCliContext  *ctx,
                                  JsonNode       *node,
                                  const char     *text);

G_END_DECLS
