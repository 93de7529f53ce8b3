#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define GOV_IDENTITY_SEED_BYTES 32

/**
 * GovIdentity:
 *
 * The keys of this installation: its device signing key and, on the
 * office's hub, the office root key that certifies devices. Secret keys live
 * in sodium_malloc'd memory and are wiped when the identity is freed; on
 * disk they are stored only inside the (encrypted) replica database.
 */
typedef struct _GovIdentity GovIdentity;

GovIdentity  *gov_identity_new_office          (GError       **error);
GovIdentity  *gov_identity_new_from_seeds      (const guint8  *root_seed,
                                                const guint8  *device_seed);
GovIdentity  *gov_identity_new_joining         (const guint8  *root_pk,
                                                GError       **error);
GovIdentity  *gov_identity_load                (sqlite3       *db,
                                                GError       **error);
gboolean      gov_identity_save                (GovIdentity   *self,
                                                sqlite3       *db,
                                                GError       **error);
void          gov_identity_free                (GovIdentity   *self);

const char   *gov_identity_get_office_id       (GovIdentity   *self);
const char   *gov_identity_get_fingerprint     (GovIdentity   *self);
const guint8 *gov_identity_get_root_pk         (GovIdentity   *self);
gboolean      gov_identity_has_root_key        (GovIdentity   *self);
const guint8 *gov_identity_get_root_sk         (GovIdentity   *self);
const guint8 *gov_identity_get_device_pk       (GovIdentity   *self);
const char   *gov_identity_get_device_pk_b64   (GovIdentity   *self);
const guint8 *gov_identity_get_device_sk       (GovIdentity   *self);

char         *gov_identity_office_id_for_key   (const guint8  *root_pk);
char         *gov_identity_fingerprint_for_key (const guint8  *root_pk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovIdentity, gov_identity_free)

G_END_DECLS
