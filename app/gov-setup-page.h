#pragma once

#include <adwaita.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_SETUP_PAGE (gov_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (GovSetupPage, gov_setup_page, GOV, SETUP_PAGE, AdwBin)

/* The shortest passphrase the first-run page accepts. */
#define GOV_PASSPHRASE_MIN_LENGTH 12

typedef enum
{
  GOV_PASSPHRASE_TOO_SHORT,
  GOV_PASSPHRASE_FAIR,
  GOV_PASSPHRASE_STRONG,
} GovPassphraseStrength;

/* The page emits ::created (GovReplica *replica) once the new replica exists
 * and its recovery code has been shown; the handler takes ownership. */
GtkWidget             *gov_setup_page_new                 (const char *replica_dir);
GovPassphraseStrength  gov_passphrase_estimate_strength   (const char *passphrase);

G_END_DECLS
