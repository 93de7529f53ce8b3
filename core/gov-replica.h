#pragma once

#include <glib.h>
#include <sqlite3.h>

#include "gov-identity.h"
#include "gov-keyfile.h"
#include "gov-vault.h"
#include "gov-ledger.h"

G_BEGIN_DECLS

#define GOV_REPLICA_ERROR (gov_replica_error_quark ())

/**
 * GovReplicaError:
 * @GOV_REPLICA_ERROR_EXISTS: there is already a replica in the directory
 * @GOV_REPLICA_ERROR_NOT_FOUND: there is no replica in the directory
 * @GOV_REPLICA_ERROR_INVALID: an argument a person typed is not valid
 * @GOV_REPLICA_ERROR_NOT_HUB: the operation needs the office root key
 */
typedef enum
{
  GOV_REPLICA_ERROR_EXISTS,
  GOV_REPLICA_ERROR_NOT_FOUND,
  GOV_REPLICA_ERROR_INVALID,
  GOV_REPLICA_ERROR_NOT_HUB,
} GovReplicaError;

/**
 * GovReplica:
 *
 * An opened replica directory: the encrypted vault (replica.db and
 * replica.keys), this installation's identity and the ledger. The CLI and the UI use only this and the domain
 * API in gov-case.h. Every call locks the replica, so it may be used from
 * worker threads; keep the GTK main loop off it (use GTask).
 */
typedef struct _GovReplica GovReplica;

GQuark       gov_replica_error_quark        (void);

GovReplica  *gov_replica_create             (const char   *dir,
                                             const char   *passphrase,
                                             const char   *office_name,
                                             const char   *office_code,
                                             GovKdfStrength strength,
                                             char        **recovery_code,
                                             GError      **error);
GovReplica  *gov_replica_create_with_clock  (const char   *dir,
                                             const char   *passphrase,
                                             const char   *office_name,
                                             const char   *office_code,
                                             GovKdfStrength strength,
                                             char        **recovery_code,
                                             GovHlcWallFunc wall,
                                             gpointer      wall_data,
                                             GError      **error);
GovReplica  *gov_replica_create_joining     (const char   *dir,
                                             const char   *passphrase,
                                             const char   *office_root_pk,
                                             GovKdfStrength strength,
                                             char        **recovery_code,
                                             GError      **error);
GovReplica  *gov_replica_open               (const char   *dir,
                                             const char   *passphrase,
                                             GError      **error);
GovReplica  *gov_replica_open_vault         (GovVault     *vault,
                                             GError      **error);
GovReplica  *gov_replica_ref                (GovReplica   *self);
void         gov_replica_close              (GovReplica   *self);

char        *gov_replica_enroll_device      (GovReplica   *self,
                                             const char   *device_pk,
                                             const char   *role,
                                             const char   *user_hint,
                                             GError      **error);

const char  *gov_replica_get_dir            (GovReplica   *self);
GovVault    *gov_replica_get_vault          (GovReplica   *self);
GovLedger   *gov_replica_get_ledger         (GovReplica   *self);
GovIdentity *gov_replica_get_identity       (GovReplica   *self);
sqlite3     *gov_replica_get_db             (GovReplica   *self);
sqlite3      *gov_replica_lock_reader       (GovReplica  *self);
void          gov_replica_unlock_reader     (GovReplica  *self);
const char  *gov_replica_get_actor          (GovReplica   *self);
void         gov_replica_set_actor          (GovReplica   *self,
                                             const char   *actor);
char        *gov_replica_dup_office_name    (GovReplica   *self);
char        *gov_replica_dup_office_code    (GovReplica   *self);
char        *gov_replica_dup_device_short_id (GovReplica  *self);
char        *gov_replica_dup_office_root_pk (GovReplica   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovReplica, gov_replica_close)

G_END_DECLS
