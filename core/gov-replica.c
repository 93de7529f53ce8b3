/* gov-replica.c: an opened replica directory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sodium.h>

#include "gov-db.h"
#include "gov-event.h"
#include "gov-ledger-private.h"
#include "gov-replica-private.h"
#include "gov-vault.h"

struct _GovReplica
{
  gatomicrefcount ref_count;
  char        *dir;
  GovVault    *vault;
  sqlite3     *db;          /* the vault's writer connection */
  GovIdentity *identity;
  GovLedger   *ledger;
  char        *actor;
  GMutex       reader_lock;
  sqlite3     *reader;      /* opened on first use; see gov_replica_lock_reader() */
  GThreadPool *checkpoints; /* one thread: copies the WAL into the database */
  sqlite3     *checkpointer;
  GMutex       checkpoint_lock;
  GCond        checkpoint_done;
  gboolean     checkpoint_queued; /* under checkpoint_lock */
  int          wal_frames;        /* under checkpoint_lock: not yet copied, 0 once all were */
};

G_DEFINE_QUARK (gov-replica-error-quark, gov_replica_error)

static gboolean
valid_code (const char *code)
{
  gsize len = code != NULL ? strlen (code) : 0;

  if (len < 2 || len > 8)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isupper (code[i]) && !g_ascii_isdigit (code[i]))
      return FALSE;
  return TRUE;
}

/* Device short ids come from the certificate serial, so the hub never
 * issues the same one twice and case numbers cannot collide. */
static char *
short_id_for_serial (gint64 serial)
{
  static const char digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  char out[4];

  out[0] = digits[(serial >> 10) & 31];
  out[1] = digits[(serial >> 5) & 31];
  out[2] = digits[serial & 31];
  out[3] = '\0';
  return g_strdup (out);
}

static guint64 testing_opslimit;
static gsize testing_memlimit;

/* Tests and benchmarks create many replicas; the minimum Argon2id cost keeps
 * them fast. Never used by the application. */
void
_gov_replica_set_kdf_limits_for_testing (guint64 opslimit,
                                         gsize   memlimit)
{
  testing_opslimit = opslimit;
  testing_memlimit = memlimit;
}

/* Checkpoints run on their own thread and connection (WAL lets them run
 * beside the writer): each one opens every WAL page and seals it again for
 * the database file, work the apply thread used to do inside its commits.
 *
 * SQLite starts the WAL over only when a write transaction begins with
 * every frame copied. A writer that begins its next transaction at once
 * (a long import) never gives it that moment, so the WAL grows while the
 * checkpointer keeps up with it. Past CHECKPOINT_FULL frames (1 GiB) the
 * next BEGIN waits for the checkpointer, so an import never needs more than
 * that much disk beside the replica. Waiting at every 200 MB instead cost a
 * 500,000-event import an eighth of its time: the checkpointer always
 * finished within a transaction, but after the writer's BEGIN.
 *
 * When a stream ends with more than CHECKPOINT_SETTLE frames (200 MB) in
 * the WAL, its last BEGIN settles the WAL (waits for every frame to be
 * copied) so that SQLite starts it over and truncates it at that commit,
 * instead of leaving it that large until the next change. A smaller WAL is
 * left to the checkpointer: waiting for it cost a 15,000-event import a
 * fifth of its time. */
#define CHECKPOINT_FRAMES    1000   /* SQLite's default auto-checkpoint */
#define CHECKPOINT_SETTLE   50000
#define CHECKPOINT_FULL    262144

static int testing_settle_frames;

/* Tests only: settle a stream's WAL from this many frames. 0 restores
 * CHECKPOINT_SETTLE. */
void
_gov_replica_set_wal_settle_for_testing (int frames)
{
  testing_settle_frames = frames;
}

/* Opens one of the replica's extra connections on first use. */
static gboolean
ensure_connection (GovReplica  *self,
                   sqlite3    **slot,
                   const char  *purpose)
{
  if (*slot == NULL)
    {
      g_autoptr(GError) error = NULL;

      *slot = gov_vault_open_reader (self->vault, &error);
      if (*slot == NULL)
        g_warning ("Could not open a connection for %s: %s", purpose, error->message);
    }
  return *slot != NULL;
}

static void
checkpoint_job (gpointer data,
                gpointer user_data)
{
  GovReplica *self = user_data;
  gboolean complete = FALSE;
  int n_log = 0, n_done = 0;
  int rc;

  if (ensure_connection (self, &self->checkpointer, "checkpoints"))
    {
      rc = sqlite3_wal_checkpoint_v2 (self->checkpointer, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                      &n_log, &n_done);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY)
        g_warning ("Checkpoint failed: %s", sqlite3_errmsg (self->checkpointer));
      else
        g_debug ("Checkpoint: %d of %d WAL frames in the database", n_done, n_log);
      complete = rc == SQLITE_OK && n_done == n_log;
    }
  g_mutex_lock (&self->checkpoint_lock);
  self->checkpoint_queued = FALSE;
  /* Unless a commit added frames after this checkpoint looked. */
  if (complete && n_log >= self->wal_frames)
    self->wal_frames = 0;
  g_cond_broadcast (&self->checkpoint_done);
  g_mutex_unlock (&self->checkpoint_lock);
}

/* With checkpoint_lock held. */
static void
queue_checkpoint (GovReplica *self)
{
  if (!self->checkpoint_queued)
    {
      self->checkpoint_queued = TRUE;
      g_thread_pool_push (self->checkpoints, self, NULL);
    }
}

static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         n_frames)
{
  GovReplica *self = data;

  g_mutex_lock (&self->checkpoint_lock);
  self->wal_frames = n_frames;
  if (n_frames >= CHECKPOINT_FRAMES)
    queue_checkpoint (self);
  g_mutex_unlock (&self->checkpoint_lock);
  return SQLITE_OK;
}

/* Before the writer's next BEGIN: a full WAL, or a WAL past
 * CHECKPOINT_SETTLE when @settle, waits for the checkpointer (twice at
 * most: the running job may have started before the newest commit), then
 * the writer copies what is left itself. */
static void
before_begin_cb (gpointer data,
                 gboolean settle)
{
  GovReplica *self = data;
  int limit = !settle ? CHECKPOINT_FULL
              : testing_settle_frames > 0 ? testing_settle_frames : CHECKPOINT_SETTLE;
  gboolean behind;

  g_mutex_lock (&self->checkpoint_lock);
  for (guint round = 0; round < 2 && self->wal_frames >= limit; round++)
    {
      queue_checkpoint (self);
      while (self->checkpoint_queued)
        g_cond_wait (&self->checkpoint_done, &self->checkpoint_lock);
    }
  behind = self->wal_frames >= limit;
  if (behind)
    self->wal_frames = 0;
  g_mutex_unlock (&self->checkpoint_lock);
  if (behind)
    sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

static gboolean
open_ledger (GovReplica  *self,
             GError     **error)
{
  self->ledger = gov_ledger_new (self->db, self->identity, error);
  if (self->ledger == NULL)
    return FALSE;
  _gov_ledger_set_before_begin (self->ledger, before_begin_cb, self);
  return TRUE;
}

static GovReplica *
replica_new (GovVault *vault)
{
  GovReplica *self = g_new0 (GovReplica, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->checkpoint_lock);
  g_cond_init (&self->checkpoint_done);
  self->vault = vault;
  self->dir = g_strdup (gov_vault_get_dir (vault));
  self->db = gov_vault_get_db (vault);
  self->actor = g_strdup (g_get_user_name ());
  self->checkpoints = g_thread_pool_new (checkpoint_job, self, 1, FALSE, NULL);
  sqlite3_wal_hook (self->db, wal_hook_cb, self);
  return self;
}

static GovVault *
create_vault (const char      *dir,
              const char      *passphrase,
              GovKdfStrength   strength,
              char           **recovery_code,
              GError         **error)
{
  if (testing_opslimit > 0)
    return gov_vault_create_with_limits (dir, passphrase, testing_opslimit, testing_memlimit,
                                         recovery_code, error);
  return gov_vault_create (dir, passphrase, strength, recovery_code, error);
}

static JsonNode *
body_new (const char *first_member,
          ...)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_init_object (json_node_alloc (), o);
  va_list ap;

  va_start (ap, first_member);
  for (const char *name = first_member; name != NULL; name = va_arg (ap, const char *))
    {
      const char *value = va_arg (ap, const char *);

      if (value != NULL)
        json_object_set_string_member (o, name, value);
    }
  va_end (ap);
  json_object_unref (o);

  return node;
}

static char *
certify (GovReplica  *self,
         const char  *device_pk,
         const char  *role,
         const char  *user_hint,
         GError     **error)
{
  g_autofree char *serial_text = gov_ledger_get_meta (self->ledger, "next_serial");
  gint64 serial = serial_text != NULL ? g_ascii_strtoll (serial_text, NULL, 10) : 1;
  g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, serial + 1);
  g_autofree char *short_id = short_id_for_serial (serial);
  g_autofree char *pk = g_strconcat ("b64:", device_pk, NULL);
  g_autoptr(JsonNode) body = body_new ("device_pk", pk, "role", role, "short_id", short_id,
                                       "user_hint", user_hint, NULL);
  g_autoptr(GovEvent) ev = NULL;

  json_object_set_int_member (json_node_get_object (body), "serial", serial);
  if (!gov_ledger_set_meta (self->ledger, "next_serial", next, error))
    return NULL;
  ev = gov_ledger_append (self->ledger, "admin", "device.cert", NULL, self->actor, body, error);

  return ev != NULL ? g_steal_pointer (&short_id) : NULL;
}

static gboolean
found_office (GovReplica  *self,
              const char  *office_name,
              const char  *office_code,
              GError     **error)
{
  g_autoptr(JsonNode) body = body_new ("name", office_name, "code", office_code, NULL);
  g_autoptr(GovEvent) ev = NULL;
  g_autofree char *short_id = NULL;

  if (!gov_identity_save (self->identity, self->db, error) ||
      !gov_ledger_pin_office (self->ledger, gov_identity_get_root_pk (self->identity), error))
    return FALSE;

  ev = gov_ledger_append (self->ledger, "admin", "office.create", NULL, self->actor, body, error);
  if (ev == NULL)
    return FALSE;

  short_id = certify (self, gov_identity_get_device_pk_b64 (self->identity), "hub", self->actor,
                      error);
  return short_id != NULL;
}

/**
 * gov_replica_create:
 * @dir: a new or empty directory
 * @passphrase: the passphrase that will unlock the replica
 * @office_name: e.g. "Harbour Office"
 * @office_code: 2–8 upper-case letters or digits, e.g. "HRB"
 * @strength: key-derivation strength of the vault
 * @recovery_code: (out) (optional) (nullable) (transfer full): the recovery
 *   code to show once, when the vault makes one
 * @error: return location
 *
 * Creates the replica of a new office on its hub: the office root key, this
 * device's key, and the signed office and device certificate events.
 *
 * Returns: (transfer full) (nullable): the open replica
 */
GovReplica *
gov_replica_create (const char      *dir,
                    const char      *passphrase,
                    const char      *office_name,
                    const char      *office_code,
                    GovKdfStrength   strength,
                    char           **recovery_code,
                    GError         **error)
{
  return gov_replica_create_with_clock (dir, passphrase, office_name, office_code, strength,
                                        recovery_code, NULL, NULL, error);
}

/**
 * gov_replica_create_with_clock:
 * @wall: (nullable) (scope forever): the ledger's wall clock from the first
 *   event on, see gov_ledger_set_wall_clock(); %NULL for the system clock
 * @wall_data: closure for @wall
 *
 * Same as gov_replica_create(), for a replica whose history is made up
 * (the demo office, tests): its events, the founding ones included, carry
 * the times @wall gives. The caller sets the system clock back with
 * gov_ledger_set_wall_clock() before @wall_data goes away.
 */
GovReplica *
gov_replica_create_with_clock (const char      *dir,
                               const char      *passphrase,
                               const char      *office_name,
                               const char      *office_code,
                               GovKdfStrength   strength,
                               char           **recovery_code,
                               GovHlcWallFunc   wall,
                               gpointer         wall_data,
                               GError         **error)
{
  g_autoptr(GovReplica) self = NULL;
  g_autoptr(GError) local_error = NULL;
  GovVault *vault;

  g_return_val_if_fail (dir != NULL && passphrase != NULL, NULL);

  if (recovery_code != NULL)
    *recovery_code = NULL;
  if (office_name == NULL || *office_name == '\0' || !valid_code (office_code))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_INVALID,
                   _("An office needs a name and a code of 2 to 8 upper-case letters or digits"));
      return NULL;
    }

  vault = create_vault (dir, passphrase, strength, recovery_code, error);
  if (vault == NULL)
    return NULL;
  self = replica_new (vault);
  self->identity = gov_identity_new_office (error);
  if (!open_ledger (self, error))
    return NULL;
  if (wall != NULL)
    gov_ledger_set_wall_clock (self->ledger, wall, wall_data);

  if (!gov_ledger_begin (self->ledger, error))
    return NULL;
  if (!found_office (self, office_name, office_code, &local_error))
    {
      gov_ledger_rollback (self->ledger);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not create the office: "));
      return NULL;
    }
  if (!gov_ledger_commit (self->ledger, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gov_replica_create_joining:
 * @dir: a new or empty directory
 * @passphrase: the passphrase that will unlock the replica
 * @office_root_pk: the root key of the office to join (base64url), as
 *   confirmed by its fingerprint
 * @strength: key-derivation strength of the vault
 * @recovery_code: (out) (optional) (nullable) (transfer full): see gov_replica_create()
 * @error: return location
 *
 * Creates a replica for a new device of an existing office. It can write
 * once the hub has enrolled its key (gov_replica_enroll_device()) and the
 * certificate has arrived by sync or bundle.
 *
 * Returns: (transfer full) (nullable): the open replica
 */
GovReplica *
gov_replica_create_joining (const char      *dir,
                            const char      *passphrase,
                            const char      *office_root_pk,
                            GovKdfStrength   strength,
                            char           **recovery_code,
                            GError         **error)
{
  g_autoptr(GovReplica) self = NULL;
  guint8 root_pk[32];
  GovVault *vault;

  if (recovery_code != NULL)
    *recovery_code = NULL;
  if (!gov_b64_decode (office_root_pk, root_pk, sizeof root_pk))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_INVALID,
                   _("The office root key is not valid"));
      return NULL;
    }

  vault = create_vault (dir, passphrase, strength, recovery_code, error);
  if (vault == NULL)
    return NULL;
  self = replica_new (vault);
  self->identity = gov_identity_new_joining (root_pk, error);
  if (!open_ledger (self, error))
    return NULL;

  if (!gov_ledger_begin (self->ledger, error))
    return NULL;
  if (!gov_identity_save (self->identity, self->db, error) ||
      !gov_ledger_pin_office (self->ledger, root_pk, error))
    {
      gov_ledger_rollback (self->ledger);
      return NULL;
    }
  if (!gov_ledger_commit (self->ledger, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gov_replica_open:
 * @dir: a replica directory
 * @passphrase: its passphrase
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the open replica
 */
GovReplica *
gov_replica_open (const char  *dir,
                  const char  *passphrase,
                  GError     **error)
{
  GovVault *vault;

  g_return_val_if_fail (dir != NULL && passphrase != NULL, NULL);

  vault = gov_vault_open (dir, passphrase, error);
  if (vault == NULL)
    return NULL;
  return gov_replica_open_vault (vault, error);
}

/**
 * gov_replica_open_vault:
 * @vault: (transfer full): a vault unlocked some other way (the desktop
 *   keyring, gov-keyring.h)
 * @error: return location
 *
 * Like gov_replica_open() on an already unlocked vault.
 *
 * Returns: (transfer full) (nullable): the replica
 */
GovReplica *
gov_replica_open_vault (GovVault  *vault,
                        GError   **error)
{
  g_autoptr(GovReplica) self = NULL;

  g_return_val_if_fail (GOV_IS_VAULT (vault), NULL);

  self = replica_new (vault);
  if (!gov_ledger_migrate (self->db, error))
    return NULL;
  self->identity = gov_identity_load (self->db, error);
  if (self->identity == NULL)
    return NULL;
  if (!open_ledger (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * gov_replica_ref:
 * @self: a replica
 *
 * Keeps the replica open. Anything that uses it from a worker thread, or
 * may outlive the code that opened it, holds a reference, so that locking
 * never closes the database under a running query.
 *
 * Returns: (transfer full): @self
 */
GovReplica *
gov_replica_ref (GovReplica *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * gov_replica_close:
 * @self: (transfer full) (nullable): a replica
 *
 * Drops a reference. The last one closes the ledger and the vault, which
 * wipes the keys.
 */
void
gov_replica_close (GovReplica *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;

  sqlite3_wal_hook (self->db, NULL, NULL);
  g_thread_pool_free (self->checkpoints, TRUE, TRUE);
  g_clear_pointer (&self->checkpointer, sqlite3_close);
  g_mutex_clear (&self->checkpoint_lock);
  g_cond_clear (&self->checkpoint_done);
  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_clear (&self->reader_lock);
  g_clear_pointer (&self->ledger, gov_ledger_free);
  g_clear_pointer (&self->identity, gov_identity_free);
  self->db = NULL;
  g_clear_object (&self->vault);
  g_free (self->actor);
  g_free (self->dir);
  g_free (self);
}

/**
 * gov_replica_enroll_device:
 * @self: the office hub's replica
 * @device_pk: the new device's key (base64url), from gov_identity_get_device_pk_b64()
 * @role: "hub", "desk" or "field"
 * @user_hint: (nullable): who uses the device
 * @error: return location
 *
 * Signs a device certificate with the office root key.
 *
 * Returns: (transfer full) (nullable): the device's short id
 */
char *
gov_replica_enroll_device (GovReplica  *self,
                           const char  *device_pk,
                           const char  *role,
                           const char  *user_hint,
                           GError     **error)
{
  char *short_id;
  guint8 pk[32];

  if (!gov_identity_has_root_key (self->identity))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_NOT_HUB,
                   _("Only the office hub can enroll devices"));
      return NULL;
    }
  if (!gov_b64_decode (device_pk, pk, sizeof pk))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_INVALID,
                   _("The device key is not valid"));
      return NULL;
    }

  if (!gov_ledger_begin (self->ledger, error))
    return NULL;
  short_id = certify (self, device_pk, role, user_hint, error);
  if (short_id == NULL)
    {
      gov_ledger_rollback (self->ledger);
      return NULL;
    }
  if (!gov_ledger_commit (self->ledger, error))
    g_clear_pointer (&short_id, g_free);

  return short_id;
}

const char *
gov_replica_get_dir (GovReplica *self)
{
  return self->dir;
}

/**
 * gov_replica_get_vault:
 * @self: the replica
 *
 * Returns: (transfer none): the encrypted storage, for passphrase changes,
 *   checks, backups and reader connections (gov_vault_open_reader())
 */
GovVault *
gov_replica_get_vault (GovReplica *self)
{
  return self->vault;
}

/**
 * gov_replica_get_ledger:
 * @self: the replica
 *
 * Returns: (transfer none): the ledger
 */
GovLedger *
gov_replica_get_ledger (GovReplica *self)
{
  return self->ledger;
}

/**
 * gov_replica_get_identity:
 * @self: the replica
 *
 * Returns: (transfer none): the identity
 */
GovIdentity *
gov_replica_get_identity (GovReplica *self)
{
  return self->identity;
}

/**
 * gov_replica_get_db:
 * @self: the replica
 *
 * Returns: (transfer none): the connection; hold gov_ledger_lock() while using it
 */
sqlite3 *
gov_replica_get_db (GovReplica *self)
{
  return self->db;
}

/**
 * gov_replica_lock_reader:
 * @self: the replica
 *
 * The replica's reader connection, for the views' queries: WAL lets it read
 * the last committed state while an import or a sync batch is being
 * written on the writer connection, so a list never waits for a long
 * write. Opened on first use; one thread at a time (this locks it).
 * Falls back to the writer connection under the ledger lock when a second
 * connection cannot be opened.
 *
 * Returns: (transfer none): a connection; release it with
 *   gov_replica_unlock_reader()
 */
sqlite3 *
gov_replica_lock_reader (GovReplica *self)
{
  g_mutex_lock (&self->reader_lock);
  if (ensure_connection (self, &self->reader, "reading"))
    return self->reader;

  gov_ledger_lock (self->ledger);
  return self->db;
}

/**
 * gov_replica_unlock_reader:
 * @self: the replica
 *
 * Releases the connection from gov_replica_lock_reader().
 */
void
gov_replica_unlock_reader (GovReplica *self)
{
  if (self->reader == NULL)
    gov_ledger_unlock (self->ledger);
  g_mutex_unlock (&self->reader_lock);
}

/**
 * gov_replica_get_actor:
 * @self: the replica
 *
 * Returns: the user id recorded as the actor of local changes
 */
const char *
gov_replica_get_actor (GovReplica *self)
{
  return self->actor;
}

void
gov_replica_set_actor (GovReplica *self,
                       const char *actor)
{
  g_return_if_fail (actor != NULL);

  gov_ledger_lock (self->ledger);
  g_free (self->actor);
  self->actor = g_strdup (actor);
  gov_ledger_unlock (self->ledger);
}

static char *
office_column (GovReplica *self,
               const char *sql)
{
  sqlite3_stmt *s = NULL;
  char *out = NULL;

  gov_ledger_lock (self->ledger);
  s = _gov_ledger_stmt (self->ledger, sql, NULL);
  if (s != NULL)
    {
      sqlite3_bind_text (s, 1, gov_identity_get_office_id (self->identity), -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW && sqlite3_column_type (s, 0) != SQLITE_NULL)
        out = g_strdup ((const char *) sqlite3_column_text (s, 0));
      sqlite3_reset (s);
    }
  gov_ledger_unlock (self->ledger);

  return out;
}

/**
 * gov_replica_dup_office_name:
 * @self: the replica
 *
 * Returns: (transfer full) (nullable): the office name, once known
 */
char *
gov_replica_dup_office_name (GovReplica *self)
{
  return office_column (self, "SELECT name FROM office WHERE office_id = ?");
}

/**
 * gov_replica_dup_office_code:
 * @self: the replica
 *
 * Returns: (transfer full) (nullable): the office code, once known
 */
char *
gov_replica_dup_office_code (GovReplica *self)
{
  return office_column (self, "SELECT code FROM office WHERE office_id = ?");
}

/**
 * gov_replica_dup_device_short_id:
 * @self: the replica
 *
 * Returns: (transfer full) (nullable): this device's short id, once certified
 */
char *
gov_replica_dup_device_short_id (GovReplica *self)
{
  return gov_ledger_dup_device_short_id (self->ledger,
                                         gov_identity_get_device_pk_b64 (self->identity));
}

/**
 * gov_replica_dup_office_root_pk:
 * @self: the replica
 *
 * Returns: (transfer full): the office root key as base64url, to join devices
 */
char *
gov_replica_dup_office_root_pk (GovReplica *self)
{
  return gov_b64_encode (gov_identity_get_root_pk (self->identity), 32);
}
