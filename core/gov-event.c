/* gov-event.c: events as exact signed bytes
 *
 * An event is compact JSON written once by its author and never
 * re-serialised: the signature and the id cover the bytes, so a receiver
 * verifies what it received and parses only after the signature holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "gov-event-private.h"
#include "gov-resp-types.h"

/* Domain separation strings, NUL included, as in the design (B2.2). */
static const char sig_context[] = "casesync-event-v1";
static const char id_context[] = "casesync-id-v1";

/* Every event starts with these bytes followed by the author key, because
 * the members are written in a fixed order. This lets the receiver find the
 * key to verify with before it parses anything. */
static const char author_prefix[] = "{\"v\":1,\"author\":\"b64:";
#define B64_32_LEN 43

struct _GovEvent
{
  gatomicrefcount  ref;
  GBytes          *bytes;
  GBytes          *sig;
  char            *id;
  guint8           author[GOV_EVENT_PK_BYTES];
  char            *author_b64;
  char            *log;
  gint64           seq;
  char            *prev;
  gint64           hlc_ms;
  guint            hlc_c;
  char            *type;
  char           **deps;
  char            *actor;
  JsonNode        *root;       /* only while the envelope is parsed */
  JsonObject      *body;
  char            *body_text;  /* made on first use */
  char            *deps_text;  /* made on first use */
};

G_DEFINE_QUARK (gov-event-error-quark, gov_event_error)

/* Body schemas ----------------------------------------------------------- */

typedef enum
{
  KIND_STRING,
  KIND_STRING_OR_NULL,
  KIND_INT,
  KIND_BOOL,
  KIND_KEY,
  KIND_OBJECT,  /* nested members are checked by the type's check function */
  KIND_ARRAY,
} MemberKind;

typedef struct
{
  const char *name;
  MemberKind  kind;
  gboolean    required;
} MemberSpec;

typedef gboolean (*BodyCheck) (JsonObject *body, GError **error);

typedef struct
{
  const char       *type;
  gboolean          admin;      /* lives in the "admin" log, else in a case log */
  const MemberSpec *members;
  BodyCheck         check;
} TypeSpec;

static const char *const known_fields[] = {
  "title", "description", "domain", "category", "channel", "location", "requester",
  "status", "assignee", "team", "due", "priority", "outcome", NULL,
};

/* Fields a plain field.set may write: assignee and outcome have their own
 * events so that the reason travels with them. */
static const char *const settable_fields[] = {
  "title", "description", "domain", "category", "channel", "location", "requester",
  "status", "team", "due", "priority", NULL,
};

static const char *const statuses[] = {
  "new", "open", "in_progress", "waiting", "closed", NULL,
};

static gboolean
in_list (const char        *s,
         const char *const *list)
{
  return s != NULL && g_strv_contains ((const char * const *) list, s);
}

gboolean
gov_event_field_is_known (const char *field)
{
  return in_list (field, known_fields);
}

gboolean
gov_event_status_is_known (const char *status)
{
  return in_list (status, statuses);
}

static gboolean
bad_body (GError    **error,
          const char *what)
{
  g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY, "%s", what);
  return FALSE;
}

static gboolean
is_date (const char *s)
{
  int y, m, d;

  if (strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (s[i]))
      return FALSE;
  y = atoi (s);
  m = atoi (s + 5);
  d = atoi (s + 8);
  return g_date_valid_dmy (d, m, y);
}

static gboolean
check_field_value (const char  *field,
                   JsonNode    *value,
                   gboolean     closing_allowed,
                   GError     **error)
{
  const char *v;

  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (g_str_equal (field, "status") || g_str_equal (field, "title"))
        return bad_body (error, _("This field cannot be empty"));
      return TRUE;
    }

  v = json_node_get_string (value);
  if (g_str_equal (field, "status") &&
      (!gov_event_status_is_known (v) || (!closing_allowed && g_str_equal (v, "closed"))))
    return bad_body (error, _("Unknown or not allowed status"));
  if (g_str_equal (field, "due") && !is_date (v))
    return bad_body (error, _("The due date is not a YYYY-MM-DD date"));

  return TRUE;
}

static gboolean
check_field_set (JsonObject  *body,
                 GError     **error)
{
  const char *field = json_object_get_string_member (body, "field");

  if (!in_list (field, settable_fields))
    return bad_body (error, _("Unknown or not settable field"));

  return check_field_value (field, json_object_get_member (body, "value"), FALSE, error);
}

static gboolean
check_conflict_resolve (JsonObject  *body,
                        GError     **error)
{
  const char *field = json_object_get_string_member (body, "field");

  if (!gov_event_field_is_known (field))
    return bad_body (error, _("Unknown field"));

  return check_field_value (field, json_object_get_member (body, "value"), TRUE, error);
}

static gboolean
check_note (JsonObject  *body,
            GError     **error)
{
  const char *vis = json_object_get_string_member (body, "visibility");

  if (!g_str_equal (vis, "internal") && !g_str_equal (vis, "citizen"))
    return bad_body (error, _("A note is internal or for the citizen"));

  return TRUE;
}

static gboolean
check_correspondence (JsonObject  *body,
                      GError     **error)
{
  const char *dir = json_object_get_string_member (body, "direction");

  if (!g_str_equal (dir, "in") && !g_str_equal (dir, "out"))
    return bad_body (error, _("Correspondence goes in or out"));

  return TRUE;
}

static gboolean
check_case_create (JsonObject  *body,
                   GError     **error)
{
  if (json_object_has_member (body, "due") &&
      !is_date (json_object_get_string_member (body, "due")))
    return bad_body (error, _("The due date is not a YYYY-MM-DD date"));

  return TRUE;
}

static gboolean
check_device_cert (JsonObject  *body,
                   GError     **error)
{
  const char *role = json_object_get_string_member (body, "role");

  if (!g_str_equal (role, "hub") && !g_str_equal (role, "desk") && !g_str_equal (role, "field"))
    return bad_body (error, _("Unknown device role"));
  if (json_object_get_int_member (body, "serial") < 1)
    return bad_body (error, _("Device serial numbers start at 1"));

  return TRUE;
}

static const MemberSpec office_create_members[] = {
  { "name", KIND_STRING, TRUE }, { "code", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec device_cert_members[] = {
  { "device_pk", KIND_KEY, TRUE }, { "role", KIND_STRING, TRUE },
  { "serial", KIND_INT, TRUE }, { "short_id", KIND_STRING, TRUE },
  { "user_hint", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec routing_add_members[] = {
  { "rule_id", KIND_STRING, TRUE }, { "domain", KIND_STRING, FALSE },
  { "category", KIND_STRING, FALSE }, { "area", KIND_STRING, FALSE },
  { "team", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec routing_remove_members[] = {
  { "rule_id", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec case_create_members[] = {
  { "number", KIND_STRING, TRUE }, { "title", KIND_STRING, TRUE },
  { "description", KIND_STRING, TRUE }, { "channel", KIND_STRING, TRUE },
  { "owner_office", KIND_STRING, TRUE }, { "domain", KIND_STRING, FALSE },
  { "category", KIND_STRING, FALSE }, { "requester", KIND_STRING, FALSE },
  { "location", KIND_STRING, FALSE }, { "team", KIND_STRING, FALSE },
  { "assignee", KIND_STRING, FALSE }, { "due", KIND_STRING, FALSE },
  { "routing_rule", KIND_STRING, FALSE },
  /* The statutory clock (gov-case-clock.c): case type, its version, day of receipt. */
  { "case_type", KIND_STRING, FALSE }, { "case_type_version", KIND_INT, FALSE },
  { "opened", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec field_set_members[] = {
  { "field", KIND_STRING, TRUE }, { "value", KIND_STRING_OR_NULL, TRUE },
  { "reason", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec assign_set_members[] = {
  { "assignee", KIND_STRING_OR_NULL, TRUE }, { "reason", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec note_add_members[] = {
  { "text", KIND_STRING, TRUE }, { "visibility", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec note_retract_members[] = {
  { "note", KIND_STRING, TRUE }, { "reason", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec correspondence_add_members[] = {
  { "direction", KIND_STRING, TRUE }, { "channel", KIND_STRING, TRUE },
  { "subject", KIND_STRING, TRUE }, { "party", KIND_STRING, FALSE },
  { "text", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec case_close_members[] = {
  { "outcome", KIND_STRING, TRUE }, { "first_contact", KIND_BOOL, TRUE },
  { "reason", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec conflict_resolve_members[] = {
  { "field", KIND_STRING, TRUE }, { "value", KIND_STRING_OR_NULL, TRUE }, { NULL },
};

/* Responsibility: handovers, decisions, clocks (gov-resp-types.h). The
 * check functions live with their domain code. */
static const MemberSpec casetype_put_members[] = {
  { "id", KIND_STRING, TRUE }, { "name", KIND_STRING, TRUE }, { "version", KIND_INT, TRUE },
  { "calendar", KIND_STRING, TRUE }, { "legal_maximum", KIND_OBJECT, TRUE },
  { "service_norm", KIND_OBJECT, TRUE }, { "pause_reasons", KIND_ARRAY, FALSE },
  { "pause_suspends", KIND_OBJECT, FALSE }, { "extension_cap", KIND_OBJECT, FALSE },
  { "decision_types", KIND_ARRAY, FALSE }, { NULL },
};
static const MemberSpec calendar_put_members[] = {
  { "id", KIND_STRING, TRUE }, { "name", KIND_STRING, TRUE }, { "version", KIND_INT, TRUE },
  { "weekend", KIND_ARRAY, TRUE }, { "holidays", KIND_ARRAY, TRUE }, { NULL },
};
static const MemberSpec decision_rule_members[] = {
  { "decision_type", KIND_STRING, TRUE }, { "four_eyes", KIND_BOOL, TRUE },
  { "approvers", KIND_ARRAY, TRUE }, { NULL },
};
static const MemberSpec case_type_set_members[] = {
  { "case_type", KIND_STRING, TRUE }, { "case_type_version", KIND_INT, TRUE },
  { "opened", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec clock_pause_members[] = {
  { "date", KIND_STRING, TRUE }, { "reason", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec clock_resume_members[] = {
  { "date", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec clock_extend_members[] = {
  { "date", KIND_STRING, TRUE }, { "days", KIND_INT, TRUE }, { "reason", KIND_STRING, TRUE },
  { NULL },
};
static const MemberSpec handover_offer_members[] = {
  { "to_office", KIND_STRING, FALSE }, { "to_team", KIND_STRING, FALSE },
  { "from_office", KIND_STRING, TRUE }, { "from_team", KIND_STRING_OR_NULL, TRUE },
  { "reason", KIND_STRING, TRUE }, { "package", KIND_OBJECT, TRUE }, { NULL },
};
static const MemberSpec handover_answer_members[] = {
  { "offer", KIND_STRING, TRUE }, { "reason", KIND_STRING, FALSE },
  { "team", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec handover_resolve_members[] = {
  { "offer", KIND_STRING, TRUE }, { "outcome", KIND_STRING, TRUE },
  { "reason", KIND_STRING, TRUE }, { "team", KIND_STRING_OR_NULL, FALSE }, { NULL },
};
static const MemberSpec decision_record_members[] = {
  { "decision_type", KIND_STRING, TRUE }, { "decided_by", KIND_STRING, TRUE },
  { "mandate", KIND_STRING, TRUE }, { "legal_basis", KIND_OBJECT, TRUE },
  { "rationale", KIND_STRING, TRUE }, { "facts", KIND_ARRAY, TRUE },
  { "effect_date", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec decision_amend_members[] = {
  { "decision", KIND_STRING, TRUE }, { "reason", KIND_STRING, TRUE },
  { "decision_type", KIND_STRING, FALSE }, { "decided_by", KIND_STRING, FALSE },
  { "mandate", KIND_STRING, FALSE }, { "legal_basis", KIND_OBJECT, FALSE },
  { "rationale", KIND_STRING, FALSE }, { "facts", KIND_ARRAY, FALSE },
  { "effect_date", KIND_STRING, FALSE }, { NULL },
};
static const MemberSpec decision_retract_members[] = {
  { "decision", KIND_STRING, TRUE }, { "reason", KIND_STRING, TRUE }, { NULL },
};
static const MemberSpec decision_approve_members[] = {
  { "decision", KIND_STRING, TRUE }, { NULL },
};

static const TypeSpec type_specs[] = {
  { "office.create", TRUE, office_create_members, NULL },
  { "device.cert", TRUE, device_cert_members, check_device_cert },
  { "routing.add", TRUE, routing_add_members, NULL },
  { "routing.remove", TRUE, routing_remove_members, NULL },
  { "case.create", FALSE, case_create_members, check_case_create },
  { "field.set", FALSE, field_set_members, check_field_set },
  { "assign.set", FALSE, assign_set_members, NULL },
  { "note.add", FALSE, note_add_members, check_note },
  { "note.retract", FALSE, note_retract_members, NULL },
  { "correspondence.add", FALSE, correspondence_add_members, check_correspondence },
  { "case.close", FALSE, case_close_members, NULL },
  { "conflict.resolve", FALSE, conflict_resolve_members, check_conflict_resolve },
  /* Responsibility (gov-resp-types.h) */
  { "casetype.put", TRUE, casetype_put_members, _gov_resp_check_casetype_body },
  { "calendar.put", TRUE, calendar_put_members, _gov_resp_check_calendar_body },
  { "decision.rule", TRUE, decision_rule_members, _gov_decision_check_rule_body },
  { "case.type", FALSE, case_type_set_members, _gov_case_clock_check_type_body },
  { "clock.pause", FALSE, clock_pause_members, _gov_resp_check_pause_body },
  { "clock.resume", FALSE, clock_resume_members, _gov_resp_check_resume_body },
  { "clock.extend", FALSE, clock_extend_members, _gov_resp_check_extend_body },
  { "handover.offer", FALSE, handover_offer_members, _gov_handover_check_offer_body },
  { "handover.accept", FALSE, handover_answer_members, NULL },
  { "handover.decline", FALSE, handover_answer_members, _gov_handover_check_answer_body },
  { "handover.withdraw", FALSE, handover_answer_members, NULL },
  { "handover.resolve", FALSE, handover_resolve_members, _gov_handover_check_resolve_body },
  { "decision.record", FALSE, decision_record_members, _gov_decision_check_body },
  { "decision.amend", FALSE, decision_amend_members, _gov_decision_check_body },
  { "decision.retract", FALSE, decision_retract_members, NULL },
  { "decision.approve", FALSE, decision_approve_members, NULL },
};

static const TypeSpec *
find_type (const char *type)
{
  for (gsize i = 0; i < G_N_ELEMENTS (type_specs); i++)
    if (g_str_equal (type_specs[i].type, type))
      return &type_specs[i];
  return NULL;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_b64_key (const char *s)
{
  guint8 raw[32];

  return g_str_has_prefix (s, "b64:") && gov_b64_decode (s + 4, raw, sizeof raw);
}

static gboolean
member_ok (JsonNode   *node,
           MemberKind  kind)
{
  switch (kind)
    {
    case KIND_STRING:
      return node_is_string (node) && strlen (json_node_get_string (node)) <= 16384;
    case KIND_STRING_OR_NULL:
      return JSON_NODE_HOLDS_NULL (node) || member_ok (node, KIND_STRING);
    case KIND_INT:
      return node_is_int (node);
    case KIND_BOOL:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case KIND_KEY:
      return node_is_string (node) && is_b64_key (json_node_get_string (node));
    case KIND_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KIND_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
validate_body (const TypeSpec  *spec,
               JsonObject      *body,
               GError         **error)
{
  g_autoptr(GList) names = json_object_get_members (body);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const MemberSpec *m = spec->members;

      while (m->name != NULL && !g_str_equal (m->name, l->data))
        m++;
      if (m->name == NULL)
        {
          g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY,
                       _("Unknown member “%s” in a %s body"), (char *) l->data, spec->type);
          return FALSE;
        }
      if (!member_ok (json_object_get_member (body, m->name), m->kind))
        {
          g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY,
                       _("Member “%s” of a %s body has the wrong type"), m->name, spec->type);
          return FALSE;
        }
    }

  for (const MemberSpec *m = spec->members; m->name != NULL; m++)
    if (m->required && !json_object_has_member (body, m->name))
      {
        g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY,
                     _("A %s body lacks “%s”"), spec->type, m->name);
        return FALSE;
      }

  return spec->check == NULL || spec->check (body, error);
}

/* Encoding ---------------------------------------------------------------- */

/**
 * gov_b64_encode:
 * @data: (array length=len): bytes
 * @len: their length
 *
 * Binary values in events and wire forms are unpadded base64url (RFC 4648
 * §5), pinned by the golden vectors.
 *
 * Returns: (transfer full): the text
 */
char *
gov_b64_encode (const guint8 *data,
                gsize         len)
{
  gsize size = sodium_base64_ENCODED_LEN (len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  char *out = g_malloc (size);

  sodium_bin2base64 (out, size, data, len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

/**
 * gov_b64_decode:
 * @text: unpadded base64url text
 * @out: (out caller-allocates) (array length=out_len): the decoded bytes
 * @out_len: the exact number of bytes expected
 *
 * Returns: %TRUE when @text decodes to exactly @out_len bytes
 */
gboolean
gov_b64_decode (const char *text,
                guint8     *out,
                gsize       out_len)
{
  gsize bin_len = 0;
  const char *end = NULL;

  if (text == NULL)
    return FALSE;
  if (sodium_base642bin (out, out_len, text, strlen (text), NULL, &bin_len, &end,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return FALSE;

  return bin_len == out_len && *end == '\0';
}

static int
b64url_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '-')
    return 62;
  if (c == '_')
    return 63;
  return -1;
}

/* Event bytes are public, so they need not be decoded in constant time:
 * GLib's decoder is several times faster than libsodium's, which was a
 * tenth of ingest. It is as strict: only the base64url alphabet, no
 * padding, and the unused low bits of the last character must be zero,
 * so every byte string has exactly one accepted text. */
static GBytes *
b64url_decode (const char *text,
               gsize       len,
               gsize       max_len)
{
  gsize padded = (len + 3) / 4 * 4;
  g_autofree char *buf = NULL;
  gsize out_len = 0;
  int last;

  if (len % 4 == 1 || padded / 4 * 3 > max_len + 3)
    return NULL;
  buf = g_malloc (padded + 1);
  for (gsize i = 0; i < len; i++)
    {
      if (b64url_value (text[i]) < 0)
        return NULL;
      buf[i] = text[i] == '-' ? '+' : text[i] == '_' ? '/' : text[i];
    }
  last = len > 0 ? b64url_value (text[len - 1]) : 0;
  if ((len % 4 == 2 && (last & 0x0f) != 0) || (len % 4 == 3 && (last & 0x03) != 0))
    return NULL;
  memset (buf + len, '=', padded - len);
  buf[padded] = '\0';
  if (padded > 0)
    g_base64_decode_inplace (buf, &out_len);
  if (out_len > max_len)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&buf), out_len);
}

/**
 * gov_b64_decode_bytes:
 * @text: unpadded base64url text
 * @max_len: the largest decoded size accepted
 *
 * Returns: (transfer full) (nullable): the bytes, or %NULL when @text is not
 *   base64url or decodes to more than @max_len bytes
 */
GBytes *
gov_b64_decode_bytes (const char *text,
                      gsize       max_len)
{
  return b64url_decode (text, strlen (text), max_len);
}

/**
 * gov_event_id_for_bytes:
 * @data: (array length=len): signed event bytes
 * @len: their length
 *
 * Returns: (transfer full): `"b2:" + base64url(BLAKE2b-256("casesync-id-v1\0" ‖ bytes))`
 */
char *
gov_event_id_for_bytes (const guint8 *data,
                        gsize         len)
{
  crypto_generichash_state st;
  guint8 hash[GOV_EVENT_ID_BYTES];

  crypto_generichash_init (&st, NULL, 0, sizeof hash);
  crypto_generichash_update (&st, (const guint8 *) id_context, sizeof id_context);
  crypto_generichash_update (&st, data, len);
  crypto_generichash_final (&st, hash, sizeof hash);

  return gov_event_id_from_raw (hash);
}

char *
gov_event_id_from_raw (const guint8 *raw)
{
  g_autofree char *b64 = gov_b64_encode (raw, GOV_EVENT_ID_BYTES);

  return g_strconcat ("b2:", b64, NULL);
}

gboolean
gov_event_id_to_raw (const char *id,
                     guint8     *out)
{
  return id != NULL && g_str_has_prefix (id, "b2:") &&
         gov_b64_decode (id + 3, out, GOV_EVENT_ID_BYTES);
}

static gboolean
is_event_id (const char *s)
{
  guint8 raw[GOV_EVENT_ID_BYTES];

  return gov_event_id_to_raw (s, raw);
}

static gboolean
is_log_name (const char *log,
             gboolean    admin)
{
  if (admin)
    return g_str_equal (log, "admin");
  if (!g_str_has_prefix (log, "case:"))
    return FALSE;
  log += 5;
  if (*log == '\0' || strlen (log) > 64)
    return FALSE;
  for (; *log != '\0'; log++)
    if (!g_ascii_isalnum (*log) && *log != '-' && *log != '_')
      return FALSE;
  return TRUE;
}

static int
cmp_strp (gconstpointer a,
          gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
sign_message (const guint8 *sk,
              const guint8 *data,
              gsize         len,
              guint8       *sig)
{
  /* Ed25519ph would change the algorithm; the plain scheme needs the whole
   * message, so the context and the bytes are joined in one buffer. */
  g_autofree guint8 *msg = g_malloc (sizeof sig_context + len);

  memcpy (msg, sig_context, sizeof sig_context);
  memcpy (msg + sizeof sig_context, data, len);
  crypto_sign_detached (sig, NULL, msg, sizeof sig_context + len, sk);
}

static gboolean
verify_message (const guint8 *pk,
                const guint8 *data,
                gsize         len,
                const guint8 *sig)
{
  g_autofree guint8 *msg = g_malloc (sizeof sig_context + len);

  memcpy (msg, sig_context, sizeof sig_context);
  memcpy (msg + sizeof sig_context, data, len);
  return crypto_sign_verify_detached (sig, msg, sizeof sig_context + len, pk) == 0;
}

/* Envelope ---------------------------------------------------------------- */

static const char *const envelope_members[] = {
  "v", "author", "log", "seq", "prev", "hlc", "type", "deps", "actor", "body",
};

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_MALFORMED,
               _("Malformed event: %s"), what);
  return FALSE;
}

typedef struct
{
  guint    i;
  gboolean in_order;
} MemberOrder;

static void
check_member_cb (JsonObject  *obj,
                 const char  *name,
                 JsonNode    *node,
                 gpointer     data)
{
  MemberOrder *order = data;

  if (order->i >= G_N_ELEMENTS (envelope_members) || !g_str_equal (name, envelope_members[order->i]))
    order->in_order = FALSE;
  order->i++;
}

static gboolean
check_member_order (JsonObject  *obj,
                    GError     **error)
{
  MemberOrder order = { 0, TRUE };

  /* Visits the members in their order in the text, without copying them. */
  json_object_foreach_member (obj, check_member_cb, &order);
  if (!order.in_order)
    return malformed (error, _("members are missing, extra or out of order"));
  if (order.i != G_N_ELEMENTS (envelope_members))
    return malformed (error, _("members are missing"));

  return TRUE;
}

static gboolean
parse_deps (GovEvent   *self,
            JsonNode   *node,
            GError    **error)
{
  JsonArray *arr;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return malformed (error, _("deps is not a list"));
  arr = json_node_get_array (node);
  n = json_array_get_length (arr);
  if (n > GOV_EVENT_MAX_DEPS)
    return malformed (error, _("too many deps"));

  self->deps = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *d = json_array_get_element (arr, i);

      if (!node_is_string (d) || !is_event_id (json_node_get_string (d)))
        return malformed (error, _("a dep is not an event id"));
      self->deps[i] = g_strdup (json_node_get_string (d));
      /* Sorted and unique, so one causal context has one encoding. */
      if (i > 0 && strcmp (self->deps[i - 1], self->deps[i]) >= 0)
        return malformed (error, _("deps are not sorted and unique"));
    }

  return TRUE;
}

static gboolean
parse_envelope (GovEvent  *self,
                GError   **error)
{
  JsonObject *obj = json_node_get_object (self->root);
  JsonNode *n;
  JsonArray *hlc;
  const TypeSpec *spec;

  if (!check_member_order (obj, error))
    return FALSE;

  n = json_object_get_member (obj, "v");
  if (!node_is_int (n) || json_node_get_int (n) != 1)
    return malformed (error, _("unsupported version"));

  n = json_object_get_member (obj, "author");
  if (!node_is_string (n) || g_strcmp0 (json_node_get_string (n) + 4, self->author_b64) != 0)
    return malformed (error, _("author does not match"));

  n = json_object_get_member (obj, "log");
  if (!node_is_string (n))
    return malformed (error, _("log is not a string"));
  self->log = g_strdup (json_node_get_string (n));

  n = json_object_get_member (obj, "seq");
  if (!node_is_int (n) || json_node_get_int (n) < 1)
    return malformed (error, _("seq is not a positive integer"));
  self->seq = json_node_get_int (n);

  n = json_object_get_member (obj, "prev");
  if (JSON_NODE_HOLDS_NULL (n))
    self->prev = NULL;
  else if (node_is_string (n) && is_event_id (json_node_get_string (n)))
    self->prev = g_strdup (json_node_get_string (n));
  else
    return malformed (error, _("prev is not an event id"));
  if ((self->seq == 1) != (self->prev == NULL))
    return malformed (error, _("prev must be null exactly when seq is 1"));

  n = json_object_get_member (obj, "hlc");
  if (!JSON_NODE_HOLDS_ARRAY (n) || json_array_get_length (hlc = json_node_get_array (n)) != 2 ||
      !node_is_int (json_array_get_element (hlc, 0)) ||
      !node_is_int (json_array_get_element (hlc, 1)) ||
      json_array_get_int_element (hlc, 0) < 0 ||
      json_array_get_int_element (hlc, 1) < 0 || json_array_get_int_element (hlc, 1) > G_MAXUINT32)
    return malformed (error, _("hlc is not [ms, counter]"));
  self->hlc_ms = json_array_get_int_element (hlc, 0);
  self->hlc_c = json_array_get_int_element (hlc, 1);

  if (!parse_deps (self, json_object_get_member (obj, "deps"), error))
    return FALSE;

  n = json_object_get_member (obj, "actor");
  if (!node_is_string (n) || strlen (json_node_get_string (n)) > 128)
    return malformed (error, _("actor is not a short string"));
  self->actor = g_strdup (json_node_get_string (n));

  n = json_object_get_member (obj, "type");
  if (!node_is_string (n))
    return malformed (error, _("type is not a string"));
  self->type = g_strdup (json_node_get_string (n));

  n = json_object_get_member (obj, "body");
  if (!JSON_NODE_HOLDS_OBJECT (n))
    return malformed (error, _("body is not an object"));
  self->body = json_object_ref (json_node_get_object (n));

  spec = find_type (self->type);
  if (spec == NULL)
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_UNKNOWN_TYPE,
                   _("Unknown event type “%s”"), self->type);
      return FALSE;
    }
  if (!is_log_name (self->log, spec->admin))
    return malformed (error, _("the log does not fit the event type"));

  return validate_body (spec, self->body, error);
}

static GovEvent *
event_alloc (GBytes *bytes,
             GBytes *sig)
{
  GovEvent *self = g_new0 (GovEvent, 1);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_atomic_ref_count_init (&self->ref);
  self->bytes = g_bytes_ref (bytes);
  self->sig = g_bytes_ref (sig);
  self->id = gov_event_id_for_bytes (data, len);
  return self;
}

/**
 * _gov_event_verify:
 * @self: an event, parsed or not
 * @error: return location; %GOV_EVENT_ERROR_FORGED when it fails
 *
 * Returns: whether the detached signature verifies over the event's bytes
 */
gboolean
_gov_event_verify (GovEvent  *self,
                   GError   **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);

  if (verify_message (self->author, data, len, g_bytes_get_data (self->sig, NULL)))
    return TRUE;
  g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_FORGED,
               _("The signature of event %s does not verify"), self->id);
  return FALSE;
}

/**
 * gov_event_new_from_signed:
 * @bytes: the signed bytes as received
 * @signature: the detached Ed25519 signature (64 bytes)
 * @error: return location; %GOV_EVENT_ERROR names the reason
 *
 * Checks the size, finds the author key at its fixed position, verifies the
 * signature over the received bytes and only then parses and validates the
 * envelope and the body schema of its type.
 *
 * Returns: (transfer full) (nullable): the event
 */
static GovEvent *
event_new (GBytes    *bytes,
           GBytes    *signature,
           gboolean   verify,
           GError   **error)
{
  g_autoptr(GovEvent) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gsize plen = strlen (author_prefix);

  g_return_val_if_fail (bytes != NULL && signature != NULL, NULL);

  if (len > GOV_EVENT_MAX_BYTES)
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_OVERSIZE,
                   _("The event is %zu bytes, more than the 64 KiB limit"), len);
      return NULL;
    }
  if (g_bytes_get_size (signature) != GOV_EVENT_SIG_BYTES)
    {
      malformed (error, _("the signature is not 64 bytes"));
      return NULL;
    }

  self = event_alloc (bytes, signature);
  if (len < plen + B64_32_LEN + 1 || memcmp (data, author_prefix, plen) != 0 ||
      data[plen + B64_32_LEN] != '"')
    {
      malformed (error, _("it does not start with the version and author"));
      return NULL;
    }
  self->author_b64 = g_strndup ((const char *) data + plen, B64_32_LEN);
  if (!gov_b64_decode (self->author_b64, self->author, sizeof self->author))
    {
      malformed (error, _("the author is not a key"));
      return NULL;
    }

  if (verify && !_gov_event_verify (self, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!g_utf8_validate ((const char *) data, len, NULL) || memchr (data, 0, len) != NULL ||
      !json_parser_load_from_data (parser, (const char *) data, len, &local_error) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_MALFORMED_JSON,
                   _("Event %s is not valid JSON"), self->id);
      return NULL;
    }
  self->root = json_node_ref (json_parser_get_root (parser));

  if (!parse_envelope (self, error))
    return NULL;
  /* Everything but the body is copied into the event by now. Freeing the
   * rest of the tree here, while it is still in the cache, is several
   * times cheaper than when the event is done with. */
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_object (&parser);

  return g_steal_pointer (&self);
}

GovEvent *
gov_event_new_from_signed (GBytes  *bytes,
                           GBytes  *signature,
                           GError **error)
{
  return event_new (bytes, signature, TRUE, error);
}

GovEvent *
_gov_event_new_trusted (GBytes  *bytes,
                        GBytes  *signature,
                        GError **error)
{
  return event_new (bytes, signature, FALSE, error);
}


/**
 * gov_event_get_body_text:
 * @self: an event
 *
 * The body as compact JSON, made once and kept (the timeline stores it).
 *
 * Returns: (transfer none): the body text
 */
/* The text of a member as signed, when the event is spelled compactly (as
 * gov_event_new_signed() writes it): @key with its colon and the value's
 * first character, up to the first @close after it. Strings cannot hold an
 * unescaped quote, so the first match of @key is the envelope's own member
 * (the envelope is checked first: members in order, none before "body" an
 * object). Copying the text is several times cheaper than printing the
 * parsed value again. */
static char *
signed_member_text (GovEvent   *self,
                    const char *key,
                    char        close,
                    gboolean    at_end)
{
  gsize len, key_len = strlen (key);
  const char *data = g_bytes_get_data (self->bytes, &len);
  const char *start = g_strstr_len (data, len, key);
  const char *end;

  if (start == NULL)
    return NULL;
  start += key_len - 1;
  if (at_end)
    end = len >= 2 && data[len - 1] == '}' && data[len - 2] == close ? data + len - 2 : NULL;
  else
    end = memchr (start, close, data + len - start);
  if (end == NULL || end < start)
    return NULL;
  return g_strndup (start, end - start + 1);
}

const char *
gov_event_get_body_text (GovEvent *self)
{
  if (self->body_text == NULL)
    self->body_text = signed_member_text (self, ",\"body\":{", '}', TRUE);
  if (self->body_text == NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), self->body);

      self->body_text = json_to_string (node, FALSE);
    }
  return self->body_text;
}

/**
 * gov_event_new_signed:
 * @secret_key: (array fixed-size=64): the author's Ed25519 secret key
 * @log: "case:ID" or "admin"
 * @seq: position in the author's log, from 1
 * @prev: (nullable): id of the author's previous event in @log; %NULL for seq 1
 * @hlc_ms: hybrid logical clock, milliseconds
 * @hlc_c: hybrid logical clock, counter
 * @type: event type, e.g. "field.set"
 * @deps: (array zero-terminated=1) (nullable): causal context; sorted here
 * @actor: the user the device asserts made the change
 * @body: (transfer none): a JSON object
 * @error: return location
 *
 * Writes the event once as compact JSON with members in the fixed order,
 * signs the bytes and checks the result like a receiver would, so a bad
 * body never reaches the ledger.
 *
 * Returns: (transfer full) (nullable): the signed event
 */
GovEvent *
gov_event_new_signed (const guint8        *secret_key,
                      const char          *log,
                      gint64               seq,
                      const char          *prev,
                      gint64               hlc_ms,
                      guint                hlc_c,
                      const char          *type,
                      const char * const  *deps,
                      const char          *actor,
                      JsonNode            *body,
                      GError             **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autofree char *author = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) sig_bytes = NULL;
  guint8 sig[GOV_EVENT_SIG_BYTES];
  gsize len;

  g_return_val_if_fail (secret_key != NULL && log != NULL && type != NULL, NULL);
  g_return_val_if_fail (body != NULL && JSON_NODE_HOLDS_OBJECT (body), NULL);

  author = gov_b64_encode (secret_key + 32, 32);
  for (guint i = 0; deps != NULL && deps[i] != NULL; i++)
    g_ptr_array_add (sorted, (gpointer) deps[i]);
  g_ptr_array_sort (sorted, cmp_strp);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "v");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "author");
  {
    g_autofree char *a = g_strconcat ("b64:", author, NULL);
    json_builder_add_string_value (b, a);
  }
  json_builder_set_member_name (b, "log");
  json_builder_add_string_value (b, log);
  json_builder_set_member_name (b, "seq");
  json_builder_add_int_value (b, seq);
  json_builder_set_member_name (b, "prev");
  if (prev != NULL)
    json_builder_add_string_value (b, prev);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "hlc");
  json_builder_begin_array (b);
  json_builder_add_int_value (b, hlc_ms);
  json_builder_add_int_value (b, hlc_c);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, type);
  json_builder_set_member_name (b, "deps");
  json_builder_begin_array (b);
  for (guint i = 0; i < sorted->len; i++)
    if (i == 0 || !g_str_equal (sorted->pdata[i], sorted->pdata[i - 1]))
      json_builder_add_string_value (b, sorted->pdata[i]);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, actor != NULL ? actor : "");
  json_builder_set_member_name (b, "body");
  json_builder_add_value (b, json_node_copy (body));
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  bytes = g_bytes_new_take (g_steal_pointer (&text), len);

  sign_message (secret_key, g_bytes_get_data (bytes, NULL), len, sig);
  sig_bytes = g_bytes_new (sig, sizeof sig);

  /* The signature was made just now over these bytes; the golden vectors
   * pin the construction. The schema is still checked like a receiver's. */
  return event_new (bytes, sig_bytes, FALSE, error);
}

/* The wire form as gov_event_to_wire() spells it. Base64url values need
 * no escaping, so in a line spelled exactly like this the two values stand
 * verbatim between the fixed parts. */
static const char wire_head[] = "{\"e\":\"";
static const char wire_middle[] = "\",\"s\":\"";
static const char wire_tail[] = "\"}";
#define SIG_B64_LEN 86

/* Finds the values of a line in the canonical spelling without a parser:
 * that was a sixth of the ingest time. Anything else (other spacing,
 * member order, escapes) is left to json-glib. */
static gboolean
split_canonical_wire (const char  *wire,
                      gsize        length,
                      GBytes     **bytes,
                      GBytes     **sig)
{
  gsize head = strlen (wire_head), middle = strlen (wire_middle), tail = strlen (wire_tail);
  gsize e_len;

  if (length < head + middle + SIG_B64_LEN + tail ||
      memcmp (wire, wire_head, head) != 0 ||
      memcmp (wire + length - tail, wire_tail, tail) != 0)
    return FALSE;
  e_len = length - head - middle - SIG_B64_LEN - tail;
  if (memcmp (wire + head + e_len, wire_middle, middle) != 0)
    return FALSE;
  /* The line's length already bounds the size; event_new() names oversize. */
  *bytes = b64url_decode (wire + head, e_len, e_len);
  *sig = b64url_decode (wire + head + e_len + middle, SIG_B64_LEN, GOV_EVENT_SIG_BYTES);
  return TRUE;
}

static GovEvent *
wire_event_new (const char  *wire,
                gssize       length,
                gboolean     verify,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) sig = NULL;
  JsonObject *obj;
  JsonNode *e, *s;

  if (length < 0)
    length = strlen (wire);
  /* Base64 grows the event by a third; anything larger is oversize. */
  if (length > GOV_EVENT_MAX_BYTES * 4 / 3 + 256)
    {
      g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_OVERSIZE,
                   _("The event is larger than the 64 KiB limit"));
      return NULL;
    }
  if (split_canonical_wire (wire, length, &bytes, &sig))
    {
      if (bytes == NULL || sig == NULL)
        {
          malformed (error, _("“e” or “s” is not base64url"));
          return NULL;
        }
      return event_new (bytes, sig, verify, error);
    }

  parser = json_parser_new_immutable ();
  /* An empty or blank document parses without error and without a root. */
  if (!g_utf8_validate (wire, length, NULL) ||
      !json_parser_load_from_data (parser, wire, length, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      malformed (error, _("the wire form is not JSON"));
      return NULL;
    }
  obj = json_node_get_object (json_parser_get_root (parser));
  e = json_object_get_member (obj, "e");
  s = json_object_get_member (obj, "s");
  if (json_object_get_size (obj) != 2 || e == NULL || s == NULL ||
      !node_is_string (e) || !node_is_string (s))
    {
      malformed (error, _("the wire form needs exactly “e” and “s”"));
      return NULL;
    }

  bytes = gov_b64_decode_bytes (json_node_get_string (e), GOV_EVENT_MAX_BYTES + 1);
  sig = gov_b64_decode_bytes (json_node_get_string (s), GOV_EVENT_SIG_BYTES);
  if (bytes == NULL || sig == NULL)
    {
      if (bytes == NULL && strlen (json_node_get_string (e)) > GOV_EVENT_MAX_BYTES)
        g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_OVERSIZE,
                     _("The event is larger than the 64 KiB limit"));
      else
        malformed (error, _("“e” or “s” is not base64url"));
      return NULL;
    }

  return event_new (bytes, sig, verify, error);
}

/**
 * gov_event_new_from_wire:
 * @wire: `{"e": base64url(bytes), "s": base64url(sig)}`
 * @length: length of @wire, or -1 when NUL-terminated
 * @error: return location
 *
 * Returns: (transfer full) (nullable): the verified event
 */
GovEvent *
gov_event_new_from_wire (const char  *wire,
                         gssize       length,
                         GError     **error)
{
  return wire_event_new (wire, length, TRUE, error);
}

/**
 * gov_event_get_deps_text:
 * @self: an event
 *
 * The deps as a compact JSON array, made once and kept (the ledger stores
 * it beside the event), or %NULL when the event has none.
 *
 * Returns: (transfer none) (nullable): the deps text
 */
const char *
gov_event_get_deps_text (GovEvent *self)
{
  if (self->deps_text == NULL && self->deps[0] != NULL)
    self->deps_text = signed_member_text (self, ",\"deps\":[", ']', FALSE);
  if (self->deps_text == NULL && self->deps[0] != NULL)
    {
      g_autoptr(JsonArray) arr = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      for (guint i = 0; self->deps[i] != NULL; i++)
        json_array_add_string_element (arr, self->deps[i]);
      node = json_node_init_array (json_node_alloc (), arr);
      self->deps_text = json_to_string (node, FALSE);
    }
  return self->deps_text;
}

/**
 * _gov_event_new_from_wire_unverified:
 * @wire: the wire form
 * @length: length of @wire, or -1 when NUL-terminated
 * @error: return location
 *
 * Like gov_event_new_from_wire() but leaves the signature to the caller
 * (_gov_event_verify()): the ledger authenticates runs of one author's log
 * with one signature. Never hand the result on unverified.
 *
 * Returns: (transfer full) (nullable): the parsed, checked, unverified event
 */
GovEvent *
_gov_event_new_from_wire_unverified (const char  *wire,
                                     gssize       length,
                                     GError     **error)
{
  return wire_event_new (wire, length, FALSE, error);
}

/**
 * gov_event_to_wire:
 * @self: an event
 *
 * Returns: (transfer full): the one-line wire form
 */
char *
gov_event_to_wire (GovEvent *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *e = NULL;
  g_autofree char *s = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (self->bytes, &len);

  e = gov_b64_encode (data, len);
  s = gov_b64_encode (g_bytes_get_data (self->sig, NULL), GOV_EVENT_SIG_BYTES);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "e");
  json_builder_add_string_value (b, e);
  json_builder_set_member_name (b, "s");
  json_builder_add_string_value (b, s);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);

  return json_generator_to_data (gen, NULL);
}

GovEvent *
gov_event_ref (GovEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
gov_event_unref (GovEvent *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref))
    return;

  g_bytes_unref (self->bytes);
  g_bytes_unref (self->sig);
  g_free (self->id);
  g_free (self->author_b64);
  g_free (self->log);
  g_free (self->prev);
  g_free (self->type);
  g_strfreev (self->deps);
  g_free (self->actor);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->body, json_object_unref);
  g_free (self->body_text);
  g_free (self->deps_text);
  g_free (self);
}

/**
 * gov_event_get_bytes:
 * @self: an event
 *
 * Returns: (transfer none): the exact signed bytes
 */
GBytes *
gov_event_get_bytes (GovEvent *self)
{
  return self->bytes;
}

/**
 * gov_event_get_signature:
 * @self: an event
 *
 * Returns: (transfer none): the 64-byte signature
 */
GBytes *
gov_event_get_signature (GovEvent *self)
{
  return self->sig;
}

const char *
gov_event_get_id (GovEvent *self)
{
  return self->id;
}

/**
 * gov_event_get_author:
 * @self: an event
 *
 * Returns: (array fixed-size=32) (transfer none): the author's public key
 */
const guint8 *
gov_event_get_author (GovEvent *self)
{
  return self->author;
}

/**
 * gov_event_get_author_b64:
 * @self: an event
 *
 * Returns: the author key as base64url, without the "b64:" prefix
 */
const char *
gov_event_get_author_b64 (GovEvent *self)
{
  return self->author_b64;
}

const char *
gov_event_get_log (GovEvent *self)
{
  return self->log;
}

gint64
gov_event_get_seq (GovEvent *self)
{
  return self->seq;
}

/**
 * gov_event_get_prev:
 * @self: an event
 *
 * Returns: (nullable): the id of the author's previous event in the log
 */
const char *
gov_event_get_prev (GovEvent *self)
{
  return self->prev;
}

gint64
gov_event_get_hlc_ms (GovEvent *self)
{
  return self->hlc_ms;
}

guint
gov_event_get_hlc_c (GovEvent *self)
{
  return self->hlc_c;
}

const char *
gov_event_get_event_type (GovEvent *self)
{
  return self->type;
}

/**
 * gov_event_get_deps:
 * @self: an event
 *
 * Returns: (array zero-terminated=1) (transfer none): the sorted causal deps
 */
const char * const *
gov_event_get_deps (GovEvent *self)
{
  return (const char * const *) self->deps;
}

const char *
gov_event_get_actor (GovEvent *self)
{
  return self->actor;
}

/**
 * gov_event_get_body:
 * @self: an event
 *
 * Returns: (transfer none): the schema-checked body
 */
JsonObject *
gov_event_get_body (GovEvent *self)
{
  return self->body;
}

/**
 * gov_event_get_case_id:
 * @self: an event
 *
 * Returns: (nullable): the case id for events in a case log
 */
const char *
gov_event_get_case_id (GovEvent *self)
{
  return g_str_has_prefix (self->log, "case:") ? self->log + 5 : NULL;
}
