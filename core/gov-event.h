#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sizes of the binary parts of an event. */
#define GOV_EVENT_MAX_BYTES   (64 * 1024)
#define GOV_EVENT_PK_BYTES    32
#define GOV_EVENT_SK_BYTES    64
#define GOV_EVENT_SIG_BYTES   64
#define GOV_EVENT_ID_BYTES    32
#define GOV_EVENT_MAX_DEPS    64

#define GOV_EVENT_ERROR (gov_event_error_quark ())

/**
 * GovEventError:
 * @GOV_EVENT_ERROR_OVERSIZE: the signed bytes exceed 64 KiB
 * @GOV_EVENT_ERROR_MALFORMED: the wire form or envelope is not an event
 * @GOV_EVENT_ERROR_FORGED: the signature does not verify
 * @GOV_EVENT_ERROR_MALFORMED_JSON: the signed bytes are not JSON
 * @GOV_EVENT_ERROR_UNKNOWN_TYPE: the event type is not known to this build
 * @GOV_EVENT_ERROR_BAD_BODY: the body does not match its type's schema
 *
 * Why an event was refused. Each code maps to one quarantine reason.
 */
typedef enum
{
  GOV_EVENT_ERROR_OVERSIZE,
  GOV_EVENT_ERROR_MALFORMED,
  GOV_EVENT_ERROR_FORGED,
  GOV_EVENT_ERROR_MALFORMED_JSON,
  GOV_EVENT_ERROR_UNKNOWN_TYPE,
  GOV_EVENT_ERROR_BAD_BODY,
} GovEventError;

/**
 * GovEvent:
 *
 * One signed event: the exact bytes the author signed, the detached
 * signature and the parsed, schema-checked envelope. Immutable and
 * reference counted; safe to share between threads.
 */
typedef struct _GovEvent GovEvent;

GQuark        gov_event_error_quark     (void);

GovEvent     *gov_event_new_signed      (const guint8        *secret_key,
                                         const char          *log,
                                         gint64               seq,
                                         const char          *prev,
                                         gint64               hlc_ms,
                                         guint                hlc_c,
                                         const char          *type,
                                         const char * const  *deps,
                                         const char          *actor,
                                         JsonNode            *body,
                                         GError             **error);
GovEvent     *gov_event_new_from_signed (GBytes              *bytes,
                                         GBytes              *signature,
                                         GError             **error);
GovEvent     *gov_event_new_from_wire   (const char          *wire,
                                         gssize               length,
                                         GError             **error);
char         *gov_event_to_wire         (GovEvent            *self);

GovEvent     *gov_event_ref             (GovEvent            *self);
void          gov_event_unref           (GovEvent            *self);

GBytes       *gov_event_get_bytes       (GovEvent            *self);
GBytes       *gov_event_get_signature   (GovEvent            *self);
const char   *gov_event_get_id          (GovEvent            *self);
const guint8 *gov_event_get_author      (GovEvent            *self);
const char   *gov_event_get_author_b64  (GovEvent            *self);
const char   *gov_event_get_log         (GovEvent            *self);
gint64        gov_event_get_seq         (GovEvent            *self);
const char   *gov_event_get_prev        (GovEvent            *self);
gint64        gov_event_get_hlc_ms      (GovEvent            *self);
guint         gov_event_get_hlc_c       (GovEvent            *self);
const char   *gov_event_get_event_type  (GovEvent            *self);
const char * const *gov_event_get_deps  (GovEvent            *self);
const char   *gov_event_get_actor       (GovEvent            *self);
JsonObject   *gov_event_get_body        (GovEvent            *self);
const char   *gov_event_get_body_text   (GovEvent            *self);
const char   *gov_event_get_deps_text   (GovEvent            *self);
const char   *gov_event_get_case_id     (GovEvent            *self);

/* Encoding helpers shared by identities, ledger and bundles. */
char         *gov_b64_encode            (const guint8        *data,
                                         gsize                len);
gboolean      gov_b64_decode            (const char          *text,
                                         guint8              *out,
                                         gsize                out_len);
GBytes       *gov_b64_decode_bytes      (const char          *text,
                                         gsize                max_len);
char         *gov_event_id_for_bytes    (const guint8        *data,
                                         gsize                len);
gboolean      gov_event_id_to_raw       (const char          *id,
                                         guint8              *out);
char         *gov_event_id_from_raw     (const guint8        *raw);
gboolean      gov_event_field_is_known  (const char          *field);
gboolean      gov_event_status_is_known (const char          *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GovEvent, gov_event_unref)

G_END_DECLS
