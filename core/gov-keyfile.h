/* gov-keyfile.h: the key-slot file of a replica ("casedb-keys/1")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GOV_KEYFILE_ERROR (gov_keyfile_error_quark ())

typedef enum
{
  GOV_KEYFILE_ERROR_INVALID,       /* malformed or unsupported file */
  GOV_KEYFILE_ERROR_WRONG_SECRET,  /* no slot of that type opens with this secret */
  GOV_KEYFILE_ERROR_NO_SLOT,       /* the file has no slot of that type */
  GOV_KEYFILE_ERROR_IO,            /* reading or writing the file failed */
} GovKeyfileError;

/**
 * GovKdfStrength:
 * @GOV_KDF_STRENGTH_MODERATE: Argon2id ops 3, 256 MiB (about 0.5–1 s): desktops
 * @GOV_KDF_STRENGTH_INTERACTIVE: Argon2id ops 2, 64 MiB: low-RAM field laptops
 */
typedef enum
{
  GOV_KDF_STRENGTH_MODERATE,
  GOV_KDF_STRENGTH_INTERACTIVE,
} GovKdfStrength;

#define GOV_KEYFILE_DEK_SIZE    32
#define GOV_KEYFILE_DB_ID_SIZE  16
#define GOV_KEYFILE_KEK_SIZE    32
#define GOV_KEYFILE_MAX_SIZE    (64 * 1024)

/* A replica's key-slot file, parsed. Not thread-safe. */
typedef struct _GovKeyfile GovKeyfile;

GQuark       gov_keyfile_error_quark        (void);

/* The database key: GOV_KEYFILE_DEK_SIZE bytes in sodium_malloc'd memory. */
guint8      *gov_dek_new_random             (void);
guint8      *gov_dek_copy                   (const guint8    *dek);
void         gov_dek_free                   (guint8          *dek);

void         gov_kdf_strength_limits        (GovKdfStrength   strength,
                                             guint64         *opslimit,
                                             gsize           *memlimit);

GovKeyfile  *gov_keyfile_new                (const guint8    *db_id);
GovKeyfile  *gov_keyfile_parse              (const char      *data,
                                             gsize            length,
                                             GError         **error);
GovKeyfile  *gov_keyfile_load               (const char      *path,
                                             GError         **error);
char        *gov_keyfile_to_data            (GovKeyfile      *self,
                                             gsize           *length);
gboolean     gov_keyfile_save               (GovKeyfile      *self,
                                             const char      *path,
                                             GError         **error);
GovKeyfile  *gov_keyfile_copy               (GovKeyfile      *self);
void         gov_keyfile_free               (GovKeyfile      *self);

const guint8 *gov_keyfile_get_db_id         (GovKeyfile      *self);
gboolean     gov_keyfile_has_passphrase     (GovKeyfile      *self);
gboolean     gov_keyfile_has_recovery_code  (GovKeyfile      *self);
gboolean     gov_keyfile_has_keyring        (GovKeyfile      *self);

gboolean     gov_keyfile_set_passphrase     (GovKeyfile      *self,
                                             const guint8    *dek,
                                             const char      *passphrase,
                                             guint64          opslimit,
                                             gsize            memlimit,
                                             GError         **error);
gboolean     gov_keyfile_set_recovery_code  (GovKeyfile      *self,
                                             const guint8    *dek,
                                             char           **code_out,
                                             GError         **error);

guint8      *gov_keyfile_unlock_passphrase  (GovKeyfile      *self,
                                             const char      *passphrase,
                                             GError         **error);
guint8      *gov_keyfile_unlock_recovery_code (GovKeyfile    *self,
                                             const char      *code,
                                             GError         **error);

/* The desktop keyring ("libsecret") slot; see core/gov-keyring.h. */
void         gov_keyfile_set_keyring        (GovKeyfile      *self,
                                             const guint8    *dek,
                                             const guint8    *kek,
                                             const char      *schema,
                                             GHashTable      *attributes);
GHashTable  *gov_keyfile_get_keyring_attributes (GovKeyfile  *self,
                                             const char     **schema);
guint8      *gov_keyfile_unlock_keyring     (GovKeyfile      *self,
                                             const guint8    *kek,
                                             GError         **error);
gboolean     gov_keyfile_remove_keyring     (GovKeyfile      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovKeyfile, gov_keyfile_free)

G_END_DECLS
