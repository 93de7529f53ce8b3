/* test-keyfile.c: key slots, recovery codes and the key-file parser
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "gov-keyfile.h"

#define OPS crypto_pwhash_OPSLIMIT_MIN
#define MEM crypto_pwhash_MEMLIMIT_MIN

static GovKeyfile *
make_keyfile (guint8 **dek_out, char **code_out)
{
  guint8 id[GOV_KEYFILE_DB_ID_SIZE];
  g_autoptr(GError) error = NULL;
  GovKeyfile *kf;
  guint8 *dek = gov_dek_new_random ();
  char *code = NULL;

  randombytes_buf (id, sizeof id);
  kf = gov_keyfile_new (id);
  g_assert_true (gov_keyfile_set_passphrase (kf, dek, "correct horse", OPS, MEM, &error));
  g_assert_no_error (error);
  g_assert_true (gov_keyfile_set_recovery_code (kf, dek, &code, &error));
  g_assert_no_error (error);

  *dek_out = dek;
  if (code_out != NULL)
    *code_out = code;
  else
    g_free (code);
  return kf;
}

static void
test_passphrase_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovKeyfile) parsed = NULL;
  g_autofree char *data = NULL;
  guint8 *dek = NULL;
  guint8 *got;
  gsize len;
  g_autoptr(GovKeyfile) kf = make_keyfile (&dek, NULL);

  data = gov_keyfile_to_data (kf, &len);
  parsed = gov_keyfile_parse (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (gov_keyfile_get_db_id (parsed), GOV_KEYFILE_DB_ID_SIZE,
                   gov_keyfile_get_db_id (kf), GOV_KEYFILE_DB_ID_SIZE);

  got = gov_keyfile_unlock_passphrase (parsed, "correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got, GOV_KEYFILE_DEK_SIZE, dek, GOV_KEYFILE_DEK_SIZE);
  gov_dek_free (got);

  got = gov_keyfile_unlock_passphrase (parsed, "correct horse ", &error);
  g_assert_null (got);
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET);
  g_assert_cmpstr (error->message, ==, "Wrong passphrase");
  g_clear_error (&error);

  /* A new passphrase replaces the old slot. */
  g_assert_true (gov_keyfile_set_passphrase (parsed, dek, "battery staple", OPS, MEM, &error));
  g_assert_null (gov_keyfile_unlock_passphrase (parsed, "correct horse", NULL));
  got = gov_keyfile_unlock_passphrase (parsed, "battery staple", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got, GOV_KEYFILE_DEK_SIZE, dek, GOV_KEYFILE_DEK_SIZE);
  gov_dek_free (got);
  gov_dek_free (dek);
}

static void
test_recovery_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *messy = NULL;
  g_autofree char *old_code = NULL;
  guint8 *dek = NULL;
  guint8 *got;
  g_autoptr(GovKeyfile) kf = make_keyfile (&dek, &code);

  /* 8 groups of 5 Crockford base32 characters. */
  g_assert_cmpuint (strlen (code), ==, 47);
  for (int i = 5; i < 47; i += 6)
    g_assert_cmpint (code[i], ==, '-');

  got = gov_keyfile_unlock_recovery_code (kf, code, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got, GOV_KEYFILE_DEK_SIZE, dek, GOV_KEYFILE_DEK_SIZE);
  gov_dek_free (got);

  /* Typed back in lower case with spaces instead of dashes. */
  messy = g_ascii_strdown (code, -1);
  g_strdelimit (messy, "-", ' ');
  got = gov_keyfile_unlock_recovery_code (kf, messy, &error);
  g_assert_no_error (error);
  gov_dek_free (got);

  /* One character off. */
  messy[0] = messy[0] == '0' ? '1' : '0';
  g_assert_null (gov_keyfile_unlock_recovery_code (kf, messy, &error));
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET);
  g_clear_error (&error);

  g_assert_null (gov_keyfile_unlock_recovery_code (kf, "ABCDE-FGHJK", &error));
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET);
  g_clear_error (&error);

  /* Regenerating invalidates the old code. */
  old_code = g_steal_pointer (&code);
  g_assert_true (gov_keyfile_set_recovery_code (kf, dek, &code, &error));
  g_assert_cmpstr (old_code, !=, code);
  g_assert_null (gov_keyfile_unlock_recovery_code (kf, old_code, NULL));
  got = gov_keyfile_unlock_recovery_code (kf, code, &error);
  g_assert_no_error (error);
  gov_dek_free (got);
  gov_dek_free (dek);
}

static void
test_slot_bound_to_db_id (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *b64 = NULL;
  g_autoptr(GovKeyfile) forged = NULL;
  guint8 *dek = NULL;
  gsize len;
  g_autoptr(GovKeyfile) kf = make_keyfile (&dek, NULL);
  guint8 other[GOV_KEYFILE_DB_ID_SIZE] = { 7 };
  char enc[64];
  char *p;

  /* Moving a slot to a file with another db_id breaks the unwrap. */
  data = gov_keyfile_to_data (kf, &len);
  sodium_bin2base64 (enc, sizeof enc, other, sizeof other, sodium_base64_VARIANT_ORIGINAL);
  p = strstr (data, "\"db_id\" : \"b64:");
  g_assert_nonnull (p);
  memcpy (p + strlen ("\"db_id\" : \"b64:"), enc, strlen (enc));
  forged = gov_keyfile_parse (data, len, &error);
  g_assert_no_error (error);
  g_assert_null (gov_keyfile_unlock_passphrase (forged, "correct horse", &error));
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_WRONG_SECRET);
  gov_dek_free (dek);
}

static void
test_malformed (void)
{
  static const char *cases[] = {
    "",
    "null",
    "[]",
    "{}",
    "{\"format\": \"casedb-keys/2\"}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\"}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\", \"slots\": []}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAA\", \"slots\": [{}]}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\", \"slots\": [{\"id\": 1, \"type\": \"passphrase\","
    " \"kdf\": {\"alg\": \"argon2id13\", \"opslimit\": 3, \"memlimit\": 99999999999999,"
    " \"salt\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\"}, \"nonce\": \"b64:x\", \"wrapped\": \"b64:x\"}]}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\", \"slots\": [{\"id\": 1.5, \"type\": 3}]}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\", \"slots\": \"none\"}",
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAA\", \"slots\": [{\"id\": 1, \"type\": \"libsecret\"}]}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"format\": \"casedb-keys/1\"",
    "\xff\xfe{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GovKeyfile) kf = gov_keyfile_parse (cases[i], strlen (cases[i]), &error);

      g_test_message ("case %u", i);
      g_assert_null (kf);
      g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "The key file is damaged"));
    }
}

static void
test_unknown_slot_kept (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GovKeyfile) kf = NULL;
  g_autofree char *out = NULL;
  guint8 *dek;
  const char *data =
    "{\"format\": \"casedb-keys/1\", \"alg\": \"xchacha20poly1305-page-4096-r40\","
    " \"db_id\": \"b64:AAAAAAAAAAAAAAAAAAAAAA==\", \"slots\": ["
    "{\"id\": 9, \"type\": \"office-escrow\", \"office_id\": \"off_1\", \"sealed\": \"b64:AA==\"}]}";

  kf = gov_keyfile_parse (data, strlen (data), &error);
  g_assert_no_error (error);
  g_assert_false (gov_keyfile_has_passphrase (kf));
  g_assert_null (gov_keyfile_unlock_passphrase (kf, "x", &error));
  g_assert_error (error, GOV_KEYFILE_ERROR, GOV_KEYFILE_ERROR_NO_SLOT);

  dek = gov_dek_new_random ();
  g_assert_true (gov_keyfile_set_passphrase (kf, dek, "x", OPS, MEM, NULL));
  out = gov_keyfile_to_data (kf, NULL);
  g_assert_nonnull (strstr (out, "office-escrow"));
  g_assert_nonnull (strstr (out, "\"id\" : 10"));
  gov_dek_free (dek);
}

static void
test_save_atomic (void)
{
  g_autofree char *dir = g_dir_make_tmp ("govserv-keys-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "replica.keys", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GovKeyfile) loaded = NULL;
  g_autoptr(GDir) d = NULL;
  GStatBuf sb;
  guint8 *dek = NULL;
  guint8 *got;
  g_autoptr(GovKeyfile) kf = make_keyfile (&dek, NULL);

  g_assert_true (gov_keyfile_save (kf, path, &error));
  g_assert_no_error (error);
  g_assert_true (gov_keyfile_save (kf, path, &error));
  g_assert_cmpint (g_stat (path, &sb), ==, 0);
  g_assert_cmpint (sb.st_mode & 0777, ==, 0600);

  /* Only the key file: no temporary file left behind. */
  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, "replica.keys");
  g_assert_null (g_dir_read_name (d));

  loaded = gov_keyfile_load (path, &error);
  g_assert_no_error (error);
  got = gov_keyfile_unlock_passphrase (loaded, "correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpmem (got, GOV_KEYFILE_DEK_SIZE, dek, GOV_KEYFILE_DEK_SIZE);
  gov_dek_free (got);
  gov_dek_free (dek);

  g_remove (path);
  g_rmdir (dir);
}

/* Every file of the fuzz corpus (seeds and crash regressions) must parse
 * or fail cleanly. */
static void
test_fuzz_corpus (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus-keyfile", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GovKeyfile) kf = NULL;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      kf = gov_keyfile_parse (data, len, &error);
      g_assert_true ((kf == NULL) != (error == NULL));
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);

  g_test_add_func ("/core/keyfile/passphrase", test_passphrase_roundtrip);
  g_test_add_func ("/core/keyfile/recovery-code", test_recovery_code);
  g_test_add_func ("/core/keyfile/bound-to-db-id", test_slot_bound_to_db_id);
  g_test_add_func ("/core/keyfile/malformed", test_malformed);
  g_test_add_func ("/core/keyfile/unknown-slot-kept", test_unknown_slot_kept);
  g_test_add_func ("/core/keyfile/save-atomic", test_save_atomic);
  g_test_add_func ("/core/keyfile/fuzz-corpus", test_fuzz_corpus);

  return g_test_run ();
}
