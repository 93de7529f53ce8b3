#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_APPLICATION (gov_application_get_type ())
G_DECLARE_FINAL_TYPE (GovApplication, gov_application, GOV, APPLICATION, AdwApplication)

GovApplication *gov_application_new                  (void);

/* The replica folder this instance opens: --replica DIR, or
 * g_get_user_data_dir()/govserv when not given. */
const char     *gov_application_get_replica_dir      (GovApplication *self);
/* The file given with --passphrase-file, or %NULL: the unlock flow reads the
 * passphrase from it instead of asking (tests and the demo launcher). */
const char     *gov_application_get_passphrase_file  (GovApplication *self);

/* The open replica, or NULL while locked; see the "replica" property. */
GovReplica     *gov_application_get_replica          (GovApplication *self);

G_END_DECLS
