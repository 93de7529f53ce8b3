/* test-disk-full.c: an import that fills the disk keeps what it committed
 *
 * A VFS under casevfs, registered as the process's default before any
 * replica opens, refuses WAL writes with SQLITE_FULL once a byte budget is
 * spent, as a full disk would. Only the WAL: the checkpointer writes the
 * database file on its own thread, where a failure is a warning. */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ledger-util.h"

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  gboolean      wal;
} FullFile;

static sqlite3_vfs *lower_vfs;
static gint64 budget = -1;   /* WAL bytes still allowed; -1: no limit */
static GMutex budget_lock;

static int
full_write (sqlite3_file  *file,
            const void    *buf,
            int            amt,
            sqlite3_int64  off)
{
  FullFile *f = (FullFile *) file;

  if (f->wal)
    {
      gboolean full;

      g_mutex_lock (&budget_lock);
      full = budget >= 0 && budget < amt;
      if (!full && budget >= 0)
        budget -= amt;
      g_mutex_unlock (&budget_lock);
      if (full)
        return SQLITE_FULL;
    }
  return f->real->pMethods->xWrite (f->real, buf, amt, off);
}

#define REAL(f) (((FullFile *) (f))->real)
static int full_close (sqlite3_file *f) { return REAL (f)->pMethods->xClose (REAL (f)); }
static int full_read (sqlite3_file *f, void *b, int n, sqlite3_int64 o) { return REAL (f)->pMethods->xRead (REAL (f), b, n, o); }
static int full_truncate (sqlite3_file *f, sqlite3_int64 s) { return REAL (f)->pMethods->xTruncate (REAL (f), s); }
static int full_sync (sqlite3_file *f, int fl) { return REAL (f)->pMethods->xSync (REAL (f), fl); }
static int full_size (sqlite3_file *f, sqlite3_int64 *s) { return REAL (f)->pMethods->xFileSize (REAL (f), s); }
static int full_lock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xLock (REAL (f), l); }
static int full_unlock (sqlite3_file *f, int l) { return REAL (f)->pMethods->xUnlock (REAL (f), l); }
static int full_crl (sqlite3_file *f, int *o) { return REAL (f)->pMethods->xCheckReservedLock (REAL (f), o); }
static int full_fcntl (sqlite3_file *f, int op, void *a) { return REAL (f)->pMethods->xFileControl (REAL (f), op, a); }
static int full_sector (sqlite3_file *f) { return REAL (f)->pMethods->xSectorSize (REAL (f)); }
static int full_dc (sqlite3_file *f) { return REAL (f)->pMethods->xDeviceCharacteristics (REAL (f)); }
static int full_shm_map (sqlite3_file *f, int r, int s, int e, void volatile **o) { return REAL (f)->pMethods->xShmMap (REAL (f), r, s, e, o); }
static int full_shm_lock (sqlite3_file *f, int o, int n, int fl) { return REAL (f)->pMethods->xShmLock (REAL (f), o, n, fl); }
static void full_shm_barrier (sqlite3_file *f) { REAL (f)->pMethods->xShmBarrier (REAL (f)); }
static int full_shm_unmap (sqlite3_file *f, int d) { return REAL (f)->pMethods->xShmUnmap (REAL (f), d); }

static const sqlite3_io_methods full_io = {
  2, full_close, full_read, full_write, full_truncate, full_sync, full_size, full_lock,
  full_unlock, full_crl, full_fcntl, full_sector, full_dc, full_shm_map, full_shm_lock,
  full_shm_barrier, full_shm_unmap,
};

static int
full_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out)
{
  FullFile *f = (FullFile *) file;
  int rc;

  f->real = (sqlite3_file *) (f + 1);
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  rc = lower_vfs->xOpen (lower_vfs, name, f->real, flags, out);
  f->base.pMethods = rc == SQLITE_OK ? &full_io : NULL;
  return rc;
}

/* Before any replica opens, so that casevfs stacks on it. */
static void
register_full_vfs (void)
{
  static sqlite3_vfs vfs;

  lower_vfs = sqlite3_vfs_find (NULL);
  vfs = *lower_vfs;
  vfs.iVersion = 2;
  vfs.zName = "gov-test-full";
  vfs.szOsFile = sizeof (FullFile) + lower_vfs->szOsFile;
  vfs.xOpen = full_open;
  vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 1), ==, SQLITE_OK);
}

static void
set_budget (gint64 bytes)
{
  g_mutex_lock (&budget_lock);
  budget = bytes;
  g_mutex_unlock (&budget_lock);
}

/* Streams @lines into @r, one transaction per chunk. Returns whether the
 * stream finished; @error names the failure. */
static gboolean
stream (GovReplica      *r,
        GPtrArray       *lines,
        GovIngestReport *rep,
        GError         **error)
{
  g_autoptr(GovIngest) ingest = gov_ingest_new (gov_replica_get_ledger (r), "file", 1);

  for (guint i = 0; i < lines->len; i++)
    if (!gov_ingest_push (ingest, lines->pdata[i], i + 1, NULL))
      break;
  return gov_ingest_finish (ingest, rep, error);
}

/* The disk fills in the middle of an import: the error says so, the
 * transactions committed before it stay, nothing half-applied remains, and
 * importing the file again once there is room completes the replica. */
static void
test_import_fills_disk (void)
{
  g_autofree char *base = util_tmpdir ();
  g_autofree char *dir = g_build_filename (base, "dev", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *digest_hub = NULL;
  g_autofree char *digest_dev = NULL;
  GovReplica *hub = util_hub (base, "hub", "HRB");
  g_autofree char *root = gov_replica_dup_office_root_pk (hub);
  GovReplica *dev;
  GovIngestReport rep = { 0 }, again = { 0 };
  gint64 before;

  g_assert_true (gov_ledger_begin (gov_replica_get_ledger (hub), &error));
  for (guint i = 0; i < 700; i++)
    {
      g_autofree char *title = g_strdup_printf ("case %u before the disk filled", i);
      g_autofree char *number = util_new_case (hub, title);

      g_assert_true (gov_case_add_note (hub, number, "a note", FALSE, &error));
    }
  g_assert_true (gov_ledger_commit (gov_replica_get_ledger (hub), &error));
  lines = util_export (hub);
  dev = gov_replica_create_joining (dir, "pass", root, 0, NULL, &error);
  g_assert_no_error (error);
  before = util_count (dev, "SELECT count(*) FROM event");

  /* Room for the first few of six transactions. */
  set_budget (1500 * 1024);
  g_assert_false (stream (dev, lines, &rep, &error));
  set_budget (-1);
  g_assert_nonnull (error);
  g_test_message ("%s; committed %u of %u", error->message, rep.applied, lines->len);
  g_assert_nonnull (strstr (error->message, "the disk is full"));
  g_assert_cmpuint (rep.applied, >, 0);
  g_assert_cmpuint (rep.applied, <, lines->len);
  g_assert_cmpint (util_count (dev, "SELECT count(*) FROM event"), ==, before + rep.applied);
  g_clear_error (&error);

  /* Again, after a restart, with room. */
  gov_replica_close (dev);
  dev = gov_replica_open (dir, "pass", &error);
  g_assert_no_error (error);
  g_assert_true (stream (dev, lines, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (again.duplicates, ==, rep.applied);
  g_assert_cmpuint (again.applied, ==, lines->len - rep.applied);
  digest_hub = util_digest (hub);
  digest_dev = util_digest (dev);
  g_assert_cmpstr (digest_dev, ==, digest_hub);

  gov_replica_close (dev);
  gov_replica_close (hub);
  util_rm_rf (base);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (sodium_init (), >=, 0);
  register_full_vfs ();

  g_test_add_func ("/core/ledger/import-fills-disk", test_import_fills_disk);

  return g_test_run ();
}
