/* gov-keyfile.c: key slots wrapping a replica's database key
 *
 * The database key (DEK) is random; each slot wraps it with
 * XChaCha20-Poly1305 under a key-encryption key derived from one secret:
 * a passphrase (Argon2id, parameters stored in the slot) or a recovery code
 * (192 random bits, BLAKE2b) or a random key kept in the desktop's Secret
 * Service (the "libsecret" slot stores only the wrapped DEK and the item's
 * lookup attributes, never that key). Format and reasoning:
 * research/encryption-and-sync.md A2.4. The parser is fuzzed
 * (tests/fuzz/fuzz-keyfile.c): every malformed input must give a GError.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-keyfile.h"

#define FORMAT          "casedb-keys/1"
#define ALG             "xchacha20poly1305-page-4096-r40"
#define SLOT_AD_LABEL   "casedb-slot-v1"
#define SALT_SIZE       crypto_pwhash_SALTBYTES
#define NONCE_SIZE      crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define WRAPPED_SIZE    (GOV_KEYFILE_DEK_SIZE + crypto_aead_xchacha20poly1305_ietf_ABYTES)
#define CODE_BYTES      24
#define CODE_CHARS      40              /* 200 bits of Crockford base32; the last 8 are zero */
#define CODE_GROUP      5
#define MAX_SLOTS       16
#define MAX_DEPTH       8
#define MAX_OPSLIMIT    32
#define MAX_MEMLIMIT    ((gint64) 4 * 1024 * 1024 * 1024)
#define MAX_ATTRIBUTES  8
#define MAX_ATTR_LEN    4096

static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

typedef enum
{
  SLOT_PASSPHRASE,
  SLOT_RECOVERY,
  SLOT_KEYRING,   /* "libsecret": the KEK lives in the Secret Service */
  SLOT_OTHER,     /* kept verbatim: written by a newer GovServ or another tool */
} SlotType;

typedef struct
{
  guint32   id;
  SlotType  type;
  guint64   opslimit;
  gsize     memlimit;
  guint8    salt[SALT_SIZE];
  guint8    nonce[NONCE_SIZE];
  guint8    wrapped[WRAPPED_SIZE];
  char     *schema;   /* SLOT_KEYRING: Secret Service schema name */
  JsonNode *attrs;    /* SLOT_KEYRING: object of string lookup attributes */
  JsonNode *other;
} Slot;

struct _GovKeyfile
{
  guint8  db_id[GOV_KEYFILE_DB_ID_SIZE];
  GArray *slots;   /* of Slot */
};

G_DEFINE_QUARK (gov-keyfile-error-quark, gov_keyfile_error)

/* ---- keys ---------------------------------------------------------- */

guint8 *
gov_dek_new_random (void)
{
  guint8 *dek;

  g_assert (sodium_init () >= 0);
  dek = sodium_malloc (GOV_KEYFILE_DEK_SIZE);
  g_assert (dek != NULL);
  randombytes_buf (dek, GOV_KEYFILE_DEK_SIZE);
  return dek;
}

guint8 *
gov_dek_copy (const guint8 *dek)
{
  guint8 *copy = sodium_malloc (GOV_KEYFILE_DEK_SIZE);

  g_assert (copy != NULL);
  memcpy (copy, dek, GOV_KEYFILE_DEK_SIZE);
  return copy;
}

void
gov_dek_free (guint8 *dek)
{
  if (dek != NULL)
    sodium_free (dek);   /* zeroes before unmapping */
}

void
gov_kdf_strength_limits (GovKdfStrength  strength,
                         guint64        *opslimit,
                         gsize          *memlimit)
{
  if (strength == GOV_KDF_STRENGTH_INTERACTIVE)
    {
      *opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    }
  else
    {
      *opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
      *memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
    }
}

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->other, json_node_unref);
  g_clear_pointer (&slot->attrs, json_node_unref);
  g_clear_pointer (&slot->schema, g_free);
  sodium_memzero (slot, sizeof *slot);
}

GovKeyfile *
gov_keyfile_new (const guint8 *db_id)
{
  GovKeyfile *self = g_new0 (GovKeyfile, 1);

  g_assert (sodium_init () >= 0);
  memcpy (self->db_id, db_id, sizeof self->db_id);
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (self->slots, (GDestroyNotify) slot_clear);
  return self;
}

void
gov_keyfile_free (GovKeyfile *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->slots);
  g_free (self);
}

GovKeyfile *
gov_keyfile_copy (GovKeyfile *self)
{
  GovKeyfile *copy = gov_keyfile_new (self->db_id);

  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot slot = g_array_index (self->slots, Slot, i);

      if (slot.other != NULL)
        slot.other = json_node_copy (slot.other);
      if (slot.attrs != NULL)
        slot.attrs = json_node_copy (slot.attrs);
      slot.schema = g_strdup (slot.schema);
      g_array_append_val (copy->slots, slot);
    }
  return copy;
}

const guint8 *
gov_keyfile_get_db_id (GovKeyfile *self)
{
  return self->db_id;
}

static gboolean
has_type (GovKeyfile *self,
          SlotType    type)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (g_array_index (self->slots, Slot, i).type == type)
      return TRUE;
  return FALSE;
}

gboolean
gov_keyfile_has_passphrase (GovKeyfile *self)
{
  return has_type (self, SLOT_PASSPHRASE);
}

gboolean
gov_keyfile_has_recovery_code (GovKeyfile *self)
{
  return has_type (self, SLOT_RECOVERY);
}

gboolean
gov_keyfile_has_keyring (GovKeyfile *self)
{
  return has_type (self, SLOT_KEYRING);
}

/* ---- wrapping ------------------------------------------------------ */

static gsize
slot_ad (GovKeyfile *self,
         guint32     id,
         guint8     *ad)
{
  gsize n = sizeof SLOT_AD_LABEL - 1;

  memcpy (ad, SLOT_AD_LABEL, n);
  memcpy (ad + n, self->db_id, sizeof self->db_id);
  n += sizeof self->db_id;
  for (int i = 0; i < 4; i++)
    ad[n++] = (id >> (8 * i)) & 0xff;
  return n;
}

static void
wrap (GovKeyfile   *self,
      Slot         *slot,
      const guint8 *kek,
      const guint8 *dek)
{
  guint8 ad[64];
  gsize ad_len = slot_ad (self, slot->id, ad);

  randombytes_buf (slot->nonce, sizeof slot->nonce);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot->wrapped, NULL, dek, GOV_KEYFILE_DEK_SIZE,
                                              ad, ad_len, NULL, slot->nonce, kek);
}

static guint8 *
unwrap (GovKeyfile   *self,
        const Slot   *slot,
        const guint8 *kek)
{
  guint8 ad[64];
  gsize ad_len = slot_ad (self, slot->id, ad);
  guint8 *dek = sodium_malloc (GOV_KEYFILE_DEK_SIZE);

  g_assert (dek != NULL);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (dek, NULL, NULL, slot->wrapped, WRAPPED_SIZE,
                                                  ad, ad_len, slot->nonce, kek) != 0)
    {
      sodium_free (dek);
      return NULL;
    }
  return dek;
}

static gboolean
passphrase_kek (const Slot  *slot,
                const char  *passphrase,
                guint8      *kek,
                GError     **error)
{
  if (crypto_pwhash (kek, crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
                     passphrase, strlen (passphrase), slot->salt,
                     slot->opslimit, slot->memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_IO,
                   _("Not enough memory to derive the key from the passphrase"));
      return FALSE;
    }
  return TRUE;
}

static void
recovery_kek (GovKeyfile   *self,
              const guint8 *code,
              guint8       *kek)
{
  static const char label[] = "casedb-recovery-kek";
  crypto_generichash_state st;

  crypto_generichash_init (&st, code, CODE_BYTES, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  crypto_generichash_update (&st, (const guint8 *) label, sizeof label - 1);
  crypto_generichash_update (&st, self->db_id, sizeof self->db_id);
  crypto_generichash_final (&st, kek, crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  sodium_memzero (&st, sizeof st);
}

static guint32
next_slot_id (GovKeyfile *self)
{
  guint32 id = 0;

  for (guint i = 0; i < self->slots->len; i++)
    id = MAX (id, g_array_index (self->slots, Slot, i).id);
  return id + 1;
}

/* Replaces every slot of @type by @slot. */
static void
replace_slots (GovKeyfile *self,
               SlotType    type,
               Slot       *slot)
{
  for (guint i = self->slots->len; i > 0; i--)
    if (g_array_index (self->slots, Slot, i - 1).type == type)
      g_array_remove_index (self->slots, i - 1);
  g_array_append_val (self->slots, *slot);
}

/**
 * gov_keyfile_set_passphrase:
 * @self: a key file
 * @dek: the database key to wrap
 * @passphrase: the new passphrase
 * @opslimit: Argon2id operations (see gov_kdf_strength_limits())
 * @memlimit: Argon2id memory in bytes
 * @error: return location
 *
 * Replaces the passphrase slot. The file on disk is unchanged until
 * gov_keyfile_save().
 */
gboolean
gov_keyfile_set_passphrase (GovKeyfile    *self,
                            const guint8  *dek,
                            const char    *passphrase,
                            guint64        opslimit,
                            gsize          memlimit,
                            GError       **error)
{
  Slot slot = { 0 };
  guint8 *kek = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

  g_return_val_if_fail (dek != NULL && passphrase != NULL, FALSE);

  slot.id = next_slot_id (self);
  slot.type = SLOT_PASSPHRASE;
  slot.opslimit = opslimit;
  slot.memlimit = memlimit;
  randombytes_buf (slot.salt, sizeof slot.salt);

  if (!passphrase_kek (&slot, passphrase, kek, error))
    {
      sodium_free (kek);
      return FALSE;
    }
  wrap (self, &slot, kek, dek);
  sodium_free (kek);
  replace_slots (self, SLOT_PASSPHRASE, &slot);
  return TRUE;
}

static char *
encode_code (const guint8 *code)
{
  GString *out = g_string_sized_new (CODE_CHARS + CODE_CHARS / CODE_GROUP);
  guint8 padded[CODE_BYTES + 1] = { 0 };

  memcpy (padded, code, CODE_BYTES);
  for (int c = 0; c < CODE_CHARS; c++)
    {
      int bit = c * 5;
      guint v = ((guint) padded[bit / 8] << 8 | (bit / 8 + 1 < (int) sizeof padded ? padded[bit / 8 + 1] : 0));

      if (c > 0 && c % CODE_GROUP == 0)
        g_string_append_c (out, '-');
      g_string_append_c (out, crockford[(v >> (11 - bit % 8)) & 31]);
    }
  sodium_memzero (padded, sizeof padded);

  return g_string_free (out, FALSE);
}

static gboolean
decode_code (const char *text,
             guint8     *code)
{
  guint32 acc = 0;
  int bits = 0, chars = 0, n = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);
      const char *pos;

      if (c == '-' || c == ' ')
        continue;
      if (c == 'O')
        c = '0';
      else if (c == 'I' || c == 'L')
        c = '1';
      pos = strchr (crockford, c);
      if (pos == NULL || c == '\0' || ++chars > CODE_CHARS)
        return FALSE;
      acc = (acc << 5) | (guint32) (pos - crockford);
      bits += 5;
      if (bits >= 8 && n < CODE_BYTES)
        {
          code[n++] = (acc >> (bits - 8)) & 0xff;
          bits -= 8;
        }
    }

  /* All 40 characters, and the 8 padding bits are zero. */
  return chars == CODE_CHARS && n == CODE_BYTES && (acc & ((1u << bits) - 1)) == 0;
}

/**
 * gov_keyfile_set_recovery_code:
 * @self: a key file
 * @dek: the database key to wrap
 * @code_out: (out) (transfer full): the new code, to show once
 *   ("XXXXX-XXXXX-…", 8 groups of 5)
 * @error: return location
 *
 * Replaces the recovery-code slot with a new random code.
 */
gboolean
gov_keyfile_set_recovery_code (GovKeyfile    *self,
                               const guint8  *dek,
                               char         **code_out,
                               GError       **error)
{
  Slot slot = { 0 };
  guint8 *code = sodium_malloc (CODE_BYTES);
  guint8 *kek = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

  g_return_val_if_fail (dek != NULL && code_out != NULL, FALSE);

  randombytes_buf (code, CODE_BYTES);
  slot.id = next_slot_id (self);
  slot.type = SLOT_RECOVERY;
  recovery_kek (self, code, kek);
  wrap (self, &slot, kek, dek);
  replace_slots (self, SLOT_RECOVERY, &slot);
  *code_out = encode_code (code);

  sodium_free (kek);
  sodium_free (code);
  return TRUE;
}

/**
 * gov_keyfile_unlock_passphrase:
 * @self: a key file
 * @passphrase: the passphrase
 * @error: return location (%GOV_KEYFILE_ERROR_WRONG_SECRET for a wrong one)
 *
 * Returns: (transfer full) (nullable): the database key; free it with
 *   gov_dek_free()
 */
guint8 *
gov_keyfile_unlock_passphrase (GovKeyfile  *self,
                               const char  *passphrase,
                               GError     **error)
{
  guint8 *kek = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  guint8 *dek = NULL;
  gboolean any = FALSE;

  for (guint i = 0; i < self->slots->len && dek == NULL; i++)
    {
      const Slot *slot = &g_array_index (self->slots, Slot, i);

      if (slot->type != SLOT_PASSPHRASE)
        continue;
      any = TRUE;
      if (!passphrase_kek (slot, passphrase, kek, error))
        break;
      dek = unwrap (self, slot, kek);
    }
  sodium_free (kek);

  if (dek == NULL && !any)
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_NO_SLOT,
                 _("The key file has no passphrase slot"));
  else if (dek == NULL && (error == NULL || *error == NULL))
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET,
                 _("Wrong passphrase"));
  return dek;
}

/**
 * gov_keyfile_unlock_recovery_code:
 * @self: a key file
 * @code: the recovery code as shown (case, dashes and spaces do not matter)
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the database key; free it with
 *   gov_dek_free()
 */
guint8 *
gov_keyfile_unlock_recovery_code (GovKeyfile  *self,
                                  const char  *code_text,
                                  GError     **error)
{
  guint8 *code = sodium_malloc (CODE_BYTES);
  guint8 *kek = sodium_malloc (crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
  guint8 *dek = NULL;
  gboolean any = has_type (self, SLOT_RECOVERY);

  if (!any)
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_NO_SLOT,
                 _("The key file has no recovery-code slot"));
  else if (!decode_code (code_text, code))
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET,
                 _("This is not a recovery code: it has 8 groups of 5 letters and digits"));
  else
    {
      recovery_kek (self, code, kek);
      for (guint i = 0; i < self->slots->len && dek == NULL; i++)
        if (g_array_index (self->slots, Slot, i).type == SLOT_RECOVERY)
          dek = unwrap (self, &g_array_index (self->slots, Slot, i), kek);
      if (dek == NULL)
        g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET,
                     _("Wrong recovery code"));
    }

  sodium_free (kek);
  sodium_free (code);
  return dek;
}

/* ---- desktop keyring slot ------------------------------------------ */

static const Slot *
find_slot (GovKeyfile *self,
           SlotType    type)
{
  for (guint i = 0; i < self->slots->len; i++)
    if (g_array_index (self->slots, Slot, i).type == type)
      return &g_array_index (self->slots, Slot, i);
  return NULL;
}

/**
 * gov_keyfile_set_keyring:
 * @self: a key file
 * @dek: the database key to wrap
 * @kek: the GOV_KEYFILE_KEK_SIZE-byte key kept in the Secret Service
 * @schema: the Secret Service schema name of the item holding @kek
 * @attributes: (element-type utf8 utf8): the item's lookup attributes
 *
 * Replaces the "libsecret" slot. Only the wrapped @dek, @schema and
 * @attributes are stored; @kek itself never reaches the file.
 */
void
gov_keyfile_set_keyring (GovKeyfile   *self,
                         const guint8 *dek,
                         const guint8 *kek,
                         const char   *schema,
                         GHashTable   *attributes)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  Slot slot = { 0 };
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (dek != NULL && kek != NULL && schema != NULL && attributes != NULL);

  g_hash_table_iter_init (&iter, attributes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_string_member (obj, key, value);

  slot.id = next_slot_id (self);
  slot.type = SLOT_KEYRING;
  slot.schema = g_strdup (schema);
  slot.attrs = json_node_init_object (json_node_alloc (), obj);
  wrap (self, &slot, kek, dek);
  replace_slots (self, SLOT_KEYRING, &slot);
}

/**
 * gov_keyfile_get_keyring_attributes:
 * @self: a key file
 * @schema: (out) (optional) (transfer none): the schema name
 *
 * Returns: (transfer full) (nullable) (element-type utf8 utf8): the lookup
 *   attributes of the "libsecret" slot, %NULL without one
 */
GHashTable *
gov_keyfile_get_keyring_attributes (GovKeyfile  *self,
                                    const char **schema)
{
  const Slot *slot = find_slot (self, SLOT_KEYRING);
  JsonObject *obj;
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;
  GHashTable *attrs;

  if (slot == NULL)
    return NULL;
  if (schema != NULL)
    *schema = slot->schema;
  attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  obj = json_node_get_object (slot->attrs);
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, &node))
    g_hash_table_insert (attrs, g_strdup (name), g_strdup (json_node_get_string (node)));
  return attrs;
}

/**
 * gov_keyfile_unlock_keyring:
 * @self: a key file
 * @kek: the key read from the Secret Service
 * @error: return location (%GOV_KEYFILE_ERROR_NO_SLOT,
 *   %GOV_KEYFILE_ERROR_WRONG_SECRET)
 *
 * Returns: (transfer full) (nullable): the database key; free it with
 *   gov_dek_free()
 */
guint8 *
gov_keyfile_unlock_keyring (GovKeyfile    *self,
                            const guint8  *kek,
                            GError       **error)
{
  const Slot *slot = find_slot (self, SLOT_KEYRING);
  guint8 *dek;

  if (slot == NULL)
    {
      g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_NO_SLOT,
                   _("The key file has no desktop keyring slot"));
      return NULL;
    }
  dek = unwrap (self, slot, kek);
  if (dek == NULL)
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET,
                 _("The key in the desktop keyring does not open this replica"));
  return dek;
}

/**
 * gov_keyfile_remove_keyring:
 * @self: a key file
 *
 * Removes the "libsecret" slot, if any.
 *
 * Returns: %TRUE when there was one
 */
gboolean
gov_keyfile_remove_keyring (GovKeyfile *self)
{
  gboolean found = FALSE;

  for (guint i = self->slots->len; i > 0; i--)
    if (g_array_index (self->slots, Slot, i - 1).type == SLOT_KEYRING)
      {
        g_array_remove_index (self->slots, i - 1);
        found = TRUE;
      }
  return found;
}

/* ---- serialisation ------------------------------------------------- */

static void
add_b64 (JsonBuilder  *b,
         const char   *member,
         const guint8 *bin,
         gsize         len)
{
  gsize max = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_ORIGINAL);
  g_autofree char *enc = g_malloc (max);
  g_autofree char *value = NULL;

  sodium_bin2base64 (enc, max, bin, len, sodium_base64_VARIANT_ORIGINAL);
  value = g_strconcat ("b64:", enc, NULL);
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
build_slot (JsonBuilder *b,
            const Slot  *slot)
{
  if (slot->type == SLOT_OTHER)
    {
      json_builder_add_value (b, json_node_copy (slot->other));
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, slot->id);
  json_builder_set_member_name (b, "type");
  if (slot->type == SLOT_KEYRING)
    {
      json_builder_add_string_value (b, "libsecret");
      json_builder_set_member_name (b, "schema");
      json_builder_add_string_value (b, slot->schema);
      json_builder_set_member_name (b, "attributes");
      json_builder_add_value (b, json_node_copy (slot->attrs));
      add_b64 (b, "nonce", slot->nonce, sizeof slot->nonce);
      add_b64 (b, "wrapped", slot->wrapped, sizeof slot->wrapped);
      json_builder_end_object (b);
      return;
    }
  json_builder_add_string_value (b, slot->type == SLOT_PASSPHRASE ? "passphrase" : "recovery-code");
  json_builder_set_member_name (b, "kdf");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "alg");
  if (slot->type == SLOT_PASSPHRASE)
    {
      json_builder_add_string_value (b, "argon2id13");
      json_builder_set_member_name (b, "opslimit");
      json_builder_add_int_value (b, (gint64) slot->opslimit);
      json_builder_set_member_name (b, "memlimit");
      json_builder_add_int_value (b, (gint64) slot->memlimit);
      add_b64 (b, "salt", slot->salt, sizeof slot->salt);
    }
  else
    json_builder_add_string_value (b, "blake2b-kdf");
  json_builder_end_object (b);
  add_b64 (b, "nonce", slot->nonce, sizeof slot->nonce);
  add_b64 (b, "wrapped", slot->wrapped, sizeof slot->wrapped);
  json_builder_end_object (b);
}

char *
gov_keyfile_to_data (GovKeyfile *self,
                     gsize      *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, FORMAT);
  add_b64 (b, "db_id", self->db_id, sizeof self->db_id);
  json_builder_set_member_name (b, "alg");
  json_builder_add_string_value (b, ALG);
  json_builder_set_member_name (b, "slots");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->slots->len; i++)
    build_slot (b, &g_array_index (self->slots, Slot, i));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, length);
}

static gboolean
sync_dir (const char  *path,
          GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_IO,
                   _("Could not save the key file in %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/**
 * gov_keyfile_save:
 * @self: a key file
 * @path: where to write it
 * @error: return location
 *
 * Writes atomically: a temporary file, fsync, rename over @path, fsync of
 * the directory. A crash leaves either the old or the new file.
 */
gboolean
gov_keyfile_save (GovKeyfile  *self,
                  const char  *path,
                  GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *tmp = g_strconcat (path, ".tmp-XXXXXX", NULL);
  gsize len = 0, done = 0;
  int fd;

  data = gov_keyfile_to_data (self, &len);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    goto fail;

  while (done < len)
    {
      gssize n = write (fd, data + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto fail;
      done += n;
    }
  if (fsync (fd) != 0 || close (fd) != 0)
    {
      fd = -1;
      goto fail;
    }
  fd = -1;
  if (g_rename (tmp, path) != 0)
    goto fail;

  return sync_dir (path, error);

fail:
  {
    int saved = errno;

    if (fd >= 0)
      close (fd);
    g_unlink (tmp);
    g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_IO,
                 _("Could not save the key file %s: %s"), path, g_strerror (saved));
    return FALSE;
  }
}

/* ---- parsing ------------------------------------------------------- */

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_INVALID,
               _("The key file is damaged or not a GovServ key file: %s"), what);
  return FALSE;
}

/* json-glib parses recursively: refuse deep nesting before it sees it. */
static gboolean
depth_ok (const char *data,
          gsize       len)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            return FALSE;
        }
      else if (c == '}' || c == ']')
        depth--;
    }
  return TRUE;
}

static const char *
get_string (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *obj,
         const char *member,
         gint64      min,
         gint64      max,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= min && *out <= max;
}

static JsonObject *
get_object (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
get_b64 (JsonObject *obj,
         const char *member,
         guint8     *out,
         gsize       len)
{
  const char *s = get_string (obj, member);
  gsize got = 0;

  if (s == NULL || !g_str_has_prefix (s, "b64:"))
    return FALSE;
  s += 4;
  return sodium_base642bin (out, len, s, strlen (s), NULL, &got, NULL,
                            sodium_base64_VARIANT_ORIGINAL) == 0 && got == len;
}

/* A "libsecret" slot: schema, string attributes, nonce, wrapped key. */
static gboolean
parse_keyring_slot (JsonObject  *obj,
                    Slot        *slot,
                    GError     **error)
{
  JsonObject *attrs = get_object (obj, "attributes");
  const char *schema = get_string (obj, "schema");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;
  guint n = 0;

  slot->type = SLOT_KEYRING;
  if (schema == NULL || *schema == '\0' || strlen (schema) > MAX_ATTR_LEN)
    return invalid (error, _("a desktop keyring slot has no schema"));
  if (attrs == NULL || json_object_get_size (attrs) == 0)
    return invalid (error, _("a desktop keyring slot has no attributes"));
  json_object_iter_init (&iter, attrs);
  while (json_object_iter_next (&iter, &name, &value))
    if (++n > MAX_ATTRIBUTES || !JSON_NODE_HOLDS_VALUE (value) ||
        json_node_get_value_type (value) != G_TYPE_STRING ||
        strlen (json_node_get_string (value)) > MAX_ATTR_LEN)
      return invalid (error, _("bad desktop keyring attributes"));

  slot->schema = g_strdup (schema);
  slot->attrs = json_node_copy (json_object_get_member (obj, "attributes"));
  if (!get_b64 (obj, "nonce", slot->nonce, sizeof slot->nonce))
    return invalid (error, _("bad slot nonce"));
  if (!get_b64 (obj, "wrapped", slot->wrapped, sizeof slot->wrapped))
    return invalid (error, _("bad wrapped key"));
  return TRUE;
}

static gboolean
parse_slot (JsonNode  *node,
            Slot      *slot,
            GError   **error)
{
  JsonObject *obj;
  JsonObject *kdf;
  const char *type;
  const char *kdf_alg;
  gint64 v;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("a slot is not an object"));
  obj = json_node_get_object (node);

  if (!get_int (obj, "id", 1, G_MAXINT32, &v))
    return invalid (error, _("a slot has no valid id"));
  slot->id = (guint32) v;

  type = get_string (obj, "type");
  if (type == NULL)
    return invalid (error, _("a slot has no type"));
  if (g_str_equal (type, "libsecret"))
    return parse_keyring_slot (obj, slot, error);
  if (!g_str_equal (type, "passphrase") && !g_str_equal (type, "recovery-code"))
    {
      slot->type = SLOT_OTHER;
      slot->other = json_node_copy (node);
      return TRUE;
    }

  slot->type = g_str_equal (type, "passphrase") ? SLOT_PASSPHRASE : SLOT_RECOVERY;
  kdf = get_object (obj, "kdf");
  kdf_alg = kdf != NULL ? get_string (kdf, "alg") : NULL;
  if (kdf_alg == NULL)
    return invalid (error, _("a slot has no key derivation"));

  if (slot->type == SLOT_PASSPHRASE)
    {
      if (!g_str_equal (kdf_alg, "argon2id13"))
        return invalid (error, _("unsupported passphrase key derivation"));
      if (!get_int (kdf, "opslimit", crypto_pwhash_OPSLIMIT_MIN, MAX_OPSLIMIT, &v))
        return invalid (error, _("bad Argon2id operation count"));
      slot->opslimit = v;
      if (!get_int (kdf, "memlimit", crypto_pwhash_MEMLIMIT_MIN, MAX_MEMLIMIT, &v))
        return invalid (error, _("bad Argon2id memory size"));
      slot->memlimit = v;
      if (!get_b64 (kdf, "salt", slot->salt, sizeof slot->salt))
        return invalid (error, _("bad salt"));
    }
  else if (!g_str_equal (kdf_alg, "blake2b-kdf"))
    return invalid (error, _("unsupported recovery-code key derivation"));

  if (!get_b64 (obj, "nonce", slot->nonce, sizeof slot->nonce))
    return invalid (error, _("bad slot nonce"));
  if (!get_b64 (obj, "wrapped", slot->wrapped, sizeof slot->wrapped))
    return invalid (error, _("bad wrapped key"));

  return TRUE;
}

static gboolean
parse_slots (GovKeyfile  *self,
             JsonArray   *slots,
             GError     **error)
{
  guint n = json_array_get_length (slots);

  if (n == 0)
    return invalid (error, _("no key slots"));
  if (n > MAX_SLOTS)
    return invalid (error, _("too many key slots"));

  for (guint i = 0; i < n; i++)
    {
      Slot slot = { 0 };

      if (!parse_slot (json_array_get_element (slots, i), &slot, error))
        {
          slot_clear (&slot);
          return FALSE;
        }
      for (guint j = 0; j < self->slots->len; j++)
        if (g_array_index (self->slots, Slot, j).id == slot.id)
          {
            slot_clear (&slot);
            return invalid (error, _("two slots share an id"));
          }
      g_array_append_val (self->slots, slot);
    }

  return TRUE;
}

/**
 * gov_keyfile_parse:
 * @data: (array length=length): file contents
 * @length: size of @data
 * @error: return location (%GOV_KEYFILE_ERROR_INVALID)
 *
 * Returns: (transfer full) (nullable): the key file
 */
GovKeyfile *
gov_keyfile_parse (const char  *data,
                   gsize        length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GovKeyfile) self = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 db_id[GOV_KEYFILE_DB_ID_SIZE];
  JsonNode *root;
  JsonObject *obj;
  JsonNode *slots;
  const char *s;

  if (length > GOV_KEYFILE_MAX_SIZE)
    return invalid (error, _("the file is too large")), NULL;
  if (!g_utf8_validate_len (data, length, NULL))
    return invalid (error, _("the file is not text")), NULL;
  if (!depth_ok (data, length))
    return invalid (error, _("the file is nested too deeply")), NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    return invalid (error, local_error->message), NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("the top level is not an object")), NULL;
  obj = json_node_get_object (root);

  s = get_string (obj, "format");
  if (s == NULL || !g_str_equal (s, FORMAT))
    return invalid (error, _("unknown format (expected casedb-keys/1)")), NULL;
  s = get_string (obj, "alg");
  if (s == NULL || !g_str_equal (s, ALG))
    return invalid (error, _("unsupported page cipher")), NULL;
  if (!get_b64 (obj, "db_id", db_id, sizeof db_id))
    return invalid (error, _("bad database id")), NULL;

  slots = json_object_get_member (obj, "slots");
  if (slots == NULL || !JSON_NODE_HOLDS_ARRAY (slots))
    return invalid (error, _("no slot list")), NULL;

  self = gov_keyfile_new (db_id);
  if (!parse_slots (self, json_node_get_array (slots), error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gov_keyfile_load:
 * @path: a `replica.keys` file
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the key file
 */
GovKeyfile *
gov_keyfile_load (const char  *path,
                  GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  GovKeyfile *self;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  self = gov_keyfile_parse (data, len, &local_error);
  if (self == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
  return self;
}
