/* gov-case-type.c: a case type's time limits, pause reasons and decisions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-case-type.h"
#include "gov-json-strict.h"

/* A period longer than this is certainly a typing mistake (about 27 years). */
#define MAX_PERIOD_DAYS 9999

typedef struct
{
  char *id;
  char *label;
} PauseReason;

typedef struct
{
  char      *id;
  char      *label;
  GovPeriod  objection;
} DecisionType;

struct _GovCaseType
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *name;
  guint            version;
  char            *calendar_id;
  GovPeriod        legal;
  GovPeriod        service;
  GPtrArray       *pause_reasons;   /* PauseReason */
  gboolean         suspends_legal;
  gboolean         suspends_service;
  int              ext_max_count;
  int              ext_max_days;
  GPtrArray       *decisions;       /* DecisionType */
};

G_DEFINE_QUARK (gov-case-type-error-quark, gov_case_type_error)

static void
pause_reason_free (PauseReason *r)
{
  g_free (r->id);
  g_free (r->label);
  g_free (r);
}

static void
decision_type_free (DecisionType *d)
{
  g_free (d->id);
  g_free (d->label);
  g_free (d);
}

const char *
gov_clock_unit_to_string (GovClockUnit unit)
{
  return unit == GOV_CLOCK_UNIT_WORKING_DAYS ? "working" : "calendar";
}

gboolean
gov_clock_unit_from_string (const char   *text,
                            GovClockUnit *unit)
{
  if (g_strcmp0 (text, "working") == 0)
    *unit = GOV_CLOCK_UNIT_WORKING_DAYS;
  else if (g_strcmp0 (text, "calendar") == 0)
    *unit = GOV_CLOCK_UNIT_CALENDAR_DAYS;
  else
    return FALSE;
  return TRUE;
}

/**
 * gov_case_type_new:
 * @id: stable id ("environment-permit")
 * @name: display name
 * @version: version in force (a case keeps the version it opened under)
 * @calendar_id: id of the holiday calendar the clocks use
 * @legal_maximum: the legal time limit
 * @service_norm: the (shorter) service target
 *
 * A new case type: pauses suspend both clocks and no extension is allowed
 * until set otherwise.
 *
 * Returns: (transfer full): the case type
 */
GovCaseType *
gov_case_type_new (const char *id,
                   const char *name,
                   guint       version,
                   const char *calendar_id,
                   GovPeriod   legal_maximum,
                   GovPeriod   service_norm)
{
  GovCaseType *self;

  g_return_val_if_fail (id != NULL && name != NULL && calendar_id != NULL, NULL);
  g_return_val_if_fail (legal_maximum.days > 0 && service_norm.days > 0, NULL);

  self = g_new0 (GovCaseType, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->name = g_strdup (name);
  self->version = version;
  self->calendar_id = g_strdup (calendar_id);
  self->legal = legal_maximum;
  self->service = service_norm;
  self->pause_reasons = g_ptr_array_new_with_free_func ((GDestroyNotify) pause_reason_free);
  self->decisions = g_ptr_array_new_with_free_func ((GDestroyNotify) decision_type_free);
  self->suspends_legal = TRUE;
  self->suspends_service = TRUE;
  self->ext_max_count = 0;
  self->ext_max_days = 0;
  return self;
}

GovCaseType *
gov_case_type_ref (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gov_case_type_unref (GovCaseType *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self->calendar_id);
  g_ptr_array_unref (self->pause_reasons);
  g_ptr_array_unref (self->decisions);
  g_free (self);
}

const char *
gov_case_type_get_id (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
gov_case_type_get_name (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

guint
gov_case_type_get_version (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->version;
}

const char *
gov_case_type_get_calendar_id (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->calendar_id;
}

GovPeriod
gov_case_type_get_legal_maximum (GovCaseType *self)
{
  return self->legal;
}

GovPeriod
gov_case_type_get_service_norm (GovCaseType *self)
{
  return self->service;
}

static PauseReason *
find_pause_reason (GovCaseType *self,
                   const char  *id)
{
  for (guint i = 0; i < self->pause_reasons->len; i++)
    {
      PauseReason *r = g_ptr_array_index (self->pause_reasons, i);

      if (g_strcmp0 (r->id, id) == 0)
        return r;
    }
  return NULL;
}

static DecisionType *
find_decision (GovCaseType *self,
               const char  *id)
{
  for (guint i = 0; i < self->decisions->len; i++)
    {
      DecisionType *d = g_ptr_array_index (self->decisions, i);

      if (g_strcmp0 (d->id, id) == 0)
        return d;
    }
  return NULL;
}

/**
 * gov_case_type_add_pause_reason:
 * @self: a case type
 * @id: stable id ("missing-information")
 * @label: words shown to people ("waiting for the applicant")
 *
 * Allows a pause reason; an existing id gets the new label.
 */
void
gov_case_type_add_pause_reason (GovCaseType *self,
                                const char  *id,
                                const char  *label)
{
  PauseReason *r;

  g_return_if_fail (self != NULL && id != NULL && label != NULL);

  if ((r = find_pause_reason (self, id)) == NULL)
    {
      r = g_new0 (PauseReason, 1);
      r->id = g_strdup (id);
      g_ptr_array_add (self->pause_reasons, r);
    }
  g_free (r->label);
  r->label = g_strdup (label);
}

/**
 * gov_case_type_get_pause_label:
 * @self: a case type
 * @reason_id: a pause reason id
 *
 * Returns: (nullable): the label, or %NULL if the reason is not allowed
 */
const char *
gov_case_type_get_pause_label (GovCaseType *self,
                               const char  *reason_id)
{
  PauseReason *r;

  g_return_val_if_fail (self != NULL, NULL);

  r = find_pause_reason (self, reason_id);
  return r != NULL ? r->label : NULL;
}

guint
gov_case_type_get_n_pause_reasons (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pause_reasons->len;
}

const char *
gov_case_type_get_pause_reason_id (GovCaseType *self,
                                   guint        index)
{
  g_return_val_if_fail (self != NULL && index < self->pause_reasons->len, NULL);
  return ((PauseReason *) g_ptr_array_index (self->pause_reasons, index))->id;
}

void
gov_case_type_set_pause_suspends (GovCaseType *self,
                                  gboolean     legal,
                                  gboolean     service)
{
  g_return_if_fail (self != NULL);

  self->suspends_legal = !!legal;
  self->suspends_service = !!service;
}

gboolean
gov_case_type_pause_suspends_legal (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->suspends_legal;
}

gboolean
gov_case_type_pause_suspends_service (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->suspends_service;
}

/**
 * gov_case_type_set_extension_cap:
 * @self: a case type
 * @max_count: how many extensions may be granted (0 = none), or
 *   %GOV_CASE_TYPE_UNLIMITED
 * @max_days: how many days all extensions may add together, in the legal
 *   maximum's unit, or %GOV_CASE_TYPE_UNLIMITED
 */
void
gov_case_type_set_extension_cap (GovCaseType *self,
                                 int          max_count,
                                 int          max_days)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_count >= GOV_CASE_TYPE_UNLIMITED && max_days >= GOV_CASE_TYPE_UNLIMITED);

  self->ext_max_count = max_count;
  self->ext_max_days = max_days;
}

int
gov_case_type_get_extension_max_count (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->ext_max_count;
}

int
gov_case_type_get_extension_max_days (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->ext_max_days;
}

void
gov_case_type_add_decision_type (GovCaseType *self,
                                 const char  *id,
                                 const char  *label,
                                 GovPeriod    objection_period)
{
  DecisionType *d;

  g_return_if_fail (self != NULL && id != NULL && label != NULL);
  g_return_if_fail (objection_period.days > 0);

  if ((d = find_decision (self, id)) == NULL)
    {
      d = g_new0 (DecisionType, 1);
      d->id = g_strdup (id);
      g_ptr_array_add (self->decisions, d);
    }
  g_free (d->label);
  d->label = g_strdup (label);
  d->objection = objection_period;
}

/**
 * gov_case_type_get_objection_period:
 * @self: a case type
 * @decision_type_id: a decision type id
 * @period: (out): its objection period
 *
 * Returns: %FALSE if the case type has no such decision type
 */
gboolean
gov_case_type_get_objection_period (GovCaseType *self,
                                    const char  *decision_type_id,
                                    GovPeriod   *period)
{
  DecisionType *d;

  g_return_val_if_fail (self != NULL && period != NULL, FALSE);

  if ((d = find_decision (self, decision_type_id)) == NULL)
    return FALSE;
  *period = d->objection;
  return TRUE;
}

const char *
gov_case_type_get_decision_label (GovCaseType *self,
                                  const char  *decision_type_id)
{
  DecisionType *d;

  g_return_val_if_fail (self != NULL, NULL);

  d = find_decision (self, decision_type_id);
  return d != NULL ? d->label : NULL;
}

guint
gov_case_type_get_n_decision_types (GovCaseType *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->decisions->len;
}

/* --- JSON ----------------------------------------------------------- */

static void
add_period (JsonBuilder *b,
            const char  *member,
            GovPeriod    p)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "days");
  json_builder_add_int_value (b, p.days);
  json_builder_set_member_name (b, "unit");
  json_builder_add_string_value (b, gov_clock_unit_to_string (p.unit));
  json_builder_end_object (b);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_lists (GovCaseType *self,
           JsonBuilder *b)
{
  json_builder_set_member_name (b, "pause_reasons");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->pause_reasons->len; i++)
    {
      PauseReason *r = g_ptr_array_index (self->pause_reasons, i);

      json_builder_begin_object (b);
      add_string (b, "id", r->id);
      add_string (b, "label", r->label);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "decision_types");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->decisions->len; i++)
    {
      DecisionType *d = g_ptr_array_index (self->decisions, i);

      json_builder_begin_object (b);
      add_string (b, "id", d->id);
      add_string (b, "label", d->label);
      add_period (b, "objection_period", d->objection);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/**
 * gov_case_type_to_json:
 * @self: a case type
 *
 * Serialises the case type; see docs/clocks.md for the format. An unlimited
 * extension count or day total is written by leaving the member out.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gov_case_type_to_json (GovCaseType *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", self->id);
  add_string (b, "name", self->name);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->version);
  add_string (b, "calendar", self->calendar_id);
  add_period (b, "legal_maximum", self->legal);
  add_period (b, "service_norm", self->service);
  json_builder_set_member_name (b, "pause_suspends");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "legal");
  json_builder_add_boolean_value (b, self->suspends_legal);
  json_builder_set_member_name (b, "service");
  json_builder_add_boolean_value (b, self->suspends_service);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "extension_cap");
  json_builder_begin_object (b);
  if (self->ext_max_count != GOV_CASE_TYPE_UNLIMITED)
    {
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, self->ext_max_count);
    }
  if (self->ext_max_days != GOV_CASE_TYPE_UNLIMITED)
    {
      json_builder_set_member_name (b, "days");
      json_builder_add_int_value (b, self->ext_max_days);
    }
  json_builder_end_object (b);
  add_lists (self, b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
invalid (GError    **error,
         const char *fmt,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *fmt,
         ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, GOV_CASE_TYPE_ERROR, GOV_CASE_TYPE_ERROR_INVALID,
               _("Invalid case type: %s"), msg);
  return FALSE;
}

static gboolean
get_bool (JsonObject  *obj,
          const char  *name,
          gboolean    *out,
          GError     **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return invalid (error, _("“pause_suspends.%s” must be true or false"), name);
  *out = json_node_get_boolean (n);
  return TRUE;
}

static gboolean
read_period (JsonObject  *parent,
             const char  *name,
             GovPeriod   *out,
             GError     **error)
{
  static const char * const keys[] = { "days", "unit", NULL };
  JsonObject *obj;
  const char *unit;
  gint64 days;

  if ((obj = gov_json_get_object (invalid, parent, name, error)) == NULL
      || !gov_json_only_members (invalid, obj, keys, name, error)
      || !gov_json_get_int (invalid, obj, "days", name, 1, MAX_PERIOD_DAYS, &days, error)
      || (unit = gov_json_get_string (invalid, obj, "unit", name, error)) == NULL)
    return FALSE;
  if (!gov_clock_unit_from_string (unit, &out->unit))
    return invalid (error, _("“unit” in %s must be “working” or “calendar”, not “%s”"),
                    name, unit);
  out->days = days;
  return TRUE;
}

static gboolean
read_extension_cap (GovCaseType  *self,
                    JsonObject   *root,
                    GError      **error)
{
  static const char * const keys[] = { "count", "days", NULL };
  JsonObject *obj;
  gint64 v;

  if ((obj = gov_json_get_object (invalid, root, "extension_cap", error)) == NULL
      || !gov_json_only_members (invalid, obj, keys, "extension_cap", error))
    return FALSE;
  self->ext_max_count = self->ext_max_days = GOV_CASE_TYPE_UNLIMITED;
  if (json_object_has_member (obj, "count"))
    {
      if (!gov_json_get_int (invalid, obj, "count", "extension_cap", 0, 100, &v, error))
        return FALSE;
      self->ext_max_count = v;
    }
  if (json_object_has_member (obj, "days"))
    {
      if (!gov_json_get_int (invalid, obj, "days", "extension_cap", 0, MAX_PERIOD_DAYS, &v,
                             error))
        return FALSE;
      self->ext_max_days = v;
    }
  return TRUE;
}

static gboolean
read_pause_reasons (GovCaseType  *self,
                    JsonObject   *root,
                    GError      **error)
{
  static const char * const keys[] = { "id", "label", NULL };
  JsonArray *arr;

  if ((arr = gov_json_get_array (invalid, root, "pause_reasons", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *r;
      const char *id, *label;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, _("pause reason %u is not an object"), i + 1);
      r = json_node_get_object (n);
      if (!gov_json_only_members (invalid, r, keys, "pause_reasons", error)
          || (id = gov_json_get_string (invalid, r, "id", "pause_reasons", error)) == NULL
          || (label = gov_json_get_string (invalid, r, "label", "pause_reasons", error))
             == NULL)
        return FALSE;
      if (find_pause_reason (self, id) != NULL)
        return invalid (error, _("pause reason “%s” is listed twice"), id);
      gov_case_type_add_pause_reason (self, id, label);
    }
  return TRUE;
}

static gboolean
read_decision_types (GovCaseType  *self,
                     JsonObject   *root,
                     GError      **error)
{
  static const char * const keys[] = { "id", "label", "objection_period", NULL };
  JsonArray *arr;

  if ((arr = gov_json_get_array (invalid, root, "decision_types", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *d;
      const char *id, *label;
      GovPeriod p;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return invalid (error, _("decision type %u is not an object"), i + 1);
      d = json_node_get_object (n);
      if (!gov_json_only_members (invalid, d, keys, "decision_types", error)
          || (id = gov_json_get_string (invalid, d, "id", "decision_types", error)) == NULL
          || (label = gov_json_get_string (invalid, d, "label", "decision_types", error))
             == NULL
          || !read_period (d, "objection_period", &p, error))
        return FALSE;
      if (find_decision (self, id) != NULL)
        return invalid (error, _("decision type “%s” is listed twice"), id);
      gov_case_type_add_decision_type (self, id, label, p);
    }
  return TRUE;
}

/**
 * gov_case_type_new_from_json:
 * @node: a node as written by gov_case_type_to_json()
 * @error: return location
 *
 * Strict: every member is required except the two extension cap limits,
 * unknown members are refused, and the error names the member at fault.
 *
 * Returns: (transfer full): the case type, or %NULL with @error set
 */
GovCaseType *
gov_case_type_new_from_json (JsonNode  *node,
                             GError   **error)
{
  static const char * const keys[] = { "id", "name", "version", "calendar", "legal_maximum",
                                       "service_norm", "pause_reasons", "pause_suspends",
                                       "extension_cap", "decision_types", NULL };
  static const char * const suspend_keys[] = { "legal", "service", NULL };
  g_autoptr(GovCaseType) self = NULL;
  JsonObject *obj, *suspends;
  const char *id, *name, *calendar, *where;
  GovPeriod legal, service;
  gboolean s_legal, s_service;
  gint64 version;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("expected an object")), NULL;
  obj = json_node_get_object (node);
  where = _("the case type");
  if (!gov_json_only_members (invalid, obj, keys, where, error)
      || (id = gov_json_get_string (invalid, obj, "id", where, error)) == NULL
      || (name = gov_json_get_string (invalid, obj, "name", where, error)) == NULL
      || !gov_json_get_int (invalid, obj, "version", where, 1, G_MAXINT, &version, error)
      || (calendar = gov_json_get_string (invalid, obj, "calendar", where, error)) == NULL
      || !read_period (obj, "legal_maximum", &legal, error)
      || !read_period (obj, "service_norm", &service, error)
      || (suspends = gov_json_get_object (invalid, obj, "pause_suspends", error)) == NULL
      || !gov_json_only_members (invalid, suspends, suspend_keys, "pause_suspends", error)
      || !get_bool (suspends, "legal", &s_legal, error)
      || !get_bool (suspends, "service", &s_service, error))
    return NULL;

  self = gov_case_type_new (id, name, version, calendar, legal, service);
  gov_case_type_set_pause_suspends (self, s_legal, s_service);
  if (!read_extension_cap (self, obj, error)
      || !read_pause_reasons (self, obj, error)
      || !read_decision_types (self, obj, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * gov_case_type_check_body:
 * @body: the body of an event carrying a case type
 * @error: return location
 *
 * For the ledger's per-type body check: @body must be a valid case type.
 *
 * Returns: %TRUE if it is
 */
gboolean
gov_case_type_check_body (JsonObject  *body,
                          GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(GovCaseType) type = gov_case_type_new_from_json (node, error);

  return type != NULL;
}
