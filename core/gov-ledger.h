#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "gov-event.h"
#include "gov-hlc.h"
#include "gov-identity.h"

G_BEGIN_DECLS

#define GOV_LEDGER_ERROR (gov_ledger_error_quark ())

/**
 * GovLedgerError:
 * @GOV_LEDGER_ERROR_REFUSED: a local change did not pass the pipeline
 *   (the message names the reason, e.g. not authorised)
 * @GOV_LEDGER_ERROR_NOT_CERTIFIED: this device has no certificate yet
 */
typedef enum
{
  GOV_LEDGER_ERROR_REFUSED,
  GOV_LEDGER_ERROR_NOT_CERTIFIED,
} GovLedgerError;

/* Quarantine reasons, as stored in the quarantine table. */
#define GOV_REASON_OVERSIZE        "oversize"
#define GOV_REASON_MALFORMED       "malformed"
#define GOV_REASON_FORGED          "forged-signature"
#define GOV_REASON_MALFORMED_JSON  "malformed-json"
#define GOV_REASON_UNKNOWN_TYPE    "unknown-type"
#define GOV_REASON_BAD_BODY        "bad-body"
#define GOV_REASON_UNKNOWN_AUTHOR  "unknown-author"
#define GOV_REASON_BROKEN_CHAIN    "broken-chain"
#define GOV_REASON_EQUIVOCATION    "equivocation"
#define GOV_REASON_NOT_AUTHORISED  "not-authorised"

/**
 * GovIngestReport:
 * @applied: events that passed and were projected (including drained ones)
 * @duplicates: events already stored or already quarantined
 * @pending: events parked until a dependency arrives
 * @quarantined: events refused, each with a reason in the quarantine table
 */
typedef struct
{
  guint applied;
  guint duplicates;
  guint pending;
  guint quarantined;
} GovIngestReport;

/**
 * GovLedger:
 *
 * The one apply pipeline of a replica: verify → chain → authority → deps →
 * project → notify, for local changes and for events from elsewhere alike.
 * All methods lock the ledger, so it may be used from several threads; the
 * connection belongs to the ledger's caller (the replica).
 */
typedef struct _GovLedger GovLedger;

/**
 * GovIngest:
 *
 * A stream of events from elsewhere on its way through the pipeline.
 */
typedef struct _GovIngest GovIngest;

/* Events per transaction when a long stream is ingested (a bundle file). */
#define GOV_INGEST_COMMIT_EVENTS 50000

/**
 * GovLedgerNotify:
 * @event: an event that was just applied
 * @user_data: closure
 *
 * Called after the transaction that applied @event committed, on the
 * thread that wrote it.
 */
typedef void (*GovLedgerNotify) (GovEvent *event,
                                 gpointer  user_data);

GQuark       gov_ledger_error_quark     (void);

gboolean     gov_ledger_migrate         (sqlite3            *db,
                                         GError            **error);
GovLedger   *gov_ledger_new             (sqlite3            *db,
                                         GovIdentity        *identity,
                                         GError            **error);
void         gov_ledger_free            (GovLedger          *self);

void         gov_ledger_set_wall_clock  (GovLedger          *self,
                                         GovHlcWallFunc      wall,
                                         gpointer            wall_data);
void         gov_ledger_set_notify      (GovLedger          *self,
                                         GovLedgerNotify     notify,
                                         gpointer            user_data);
sqlite3     *gov_ledger_get_db          (GovLedger          *self);
GovIdentity *gov_ledger_get_identity    (GovLedger          *self);

void         gov_ledger_lock            (GovLedger          *self);
void         gov_ledger_unlock          (GovLedger          *self);
gboolean     gov_ledger_begin           (GovLedger          *self,
                                         GError            **error);
gboolean     gov_ledger_commit          (GovLedger          *self,
                                         GError            **error);
void         gov_ledger_rollback        (GovLedger          *self);

GovEvent    *gov_ledger_append          (GovLedger          *self,
                                         const char         *log,
                                         const char         *type,
                                         const char * const *deps,
                                         const char         *actor,
                                         JsonNode           *body,
                                         GError            **error);
gboolean     gov_ledger_ingest          (GovLedger          *self,
                                         GPtrArray          *wire_lines,
                                         guint               first_line,
                                         const char         *peer,
                                         GovIngestReport    *report,
                                         GError            **error);
GovIngest   *gov_ingest_new             (GovLedger          *ledger,
                                         const char         *peer,
                                         guint               commit_every);
gboolean     gov_ingest_push            (GovIngest          *self,
                                         const char         *wire,
                                         guint               line_no,
                                         GError            **error);
gboolean     gov_ingest_finish          (GovIngest          *self,
                                         GovIngestReport    *report,
                                         GError            **error);
void         gov_ingest_free            (GovIngest          *self);
gboolean     gov_ledger_export          (GovLedger          *self,
                                         const char         *case_id,
                                         GPtrArray          *wire_lines,
                                         GError            **error);
gboolean     gov_ledger_rebuild         (GovLedger          *self,
                                         GError            **error);
gboolean     gov_ledger_verify          (GovLedger          *self,
                                         const char         *case_id,
                                         JsonArray          *problems,
                                         guint              *n_checked,
                                         GError            **error);

gboolean     gov_ledger_pin_office      (GovLedger          *self,
                                         const guint8       *root_pk,
                                         GError            **error);
char        *gov_ledger_get_meta        (GovLedger          *self,
                                         const char         *key);
gboolean     gov_ledger_set_meta        (GovLedger          *self,
                                         const char         *key,
                                         const char         *value,
                                         GError            **error);
char        *gov_ledger_dup_device_short_id (GovLedger      *self,
                                         const char         *device_pk_b64);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovIngest, gov_ingest_free)

G_END_DECLS
