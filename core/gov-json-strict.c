/* gov-json-strict.c: strict readers of JSON object members (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-json-strict.h"

static gboolean
holds (JsonNode *n,
       GType     type)
{
  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == type;
}

/**
 * gov_json_only_members:
 * @fail: the caller's fail function
 * @obj: an object
 * @allowed: (array zero-terminated=1): the member names it may have
 * @where: what @obj is, for the message ("the calendar")
 * @error: return location
 *
 * Returns: %TRUE when @obj has no member outside @allowed
 */
gboolean
gov_json_only_members (GovJsonFail          fail,
                       JsonObject          *obj,
                       const char * const  *allowed,
                       const char          *where,
                       GError             **error)
{
  g_autoptr(GList) names = json_object_get_members (obj);

  for (GList *l = names; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      /* TRANSLATORS: first %s is a JSON member name, second where it was found */
      return fail (error, _("unknown member “%s” in %s"), (char *) l->data, where);
  return TRUE;
}

/**
 * gov_json_get_string:
 * @fail: the caller's fail function
 * @obj: an object
 * @name: the member
 * @where: (nullable): where @obj belongs; when given the string must not be
 *   empty, when %NULL any string is accepted
 * @error: return location
 *
 * Returns: (transfer none) (nullable): the string, or %NULL with @error set
 */
const char *
gov_json_get_string (GovJsonFail   fail,
                     JsonObject   *obj,
                     const char   *name,
                     const char   *where,
                     GError      **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (!holds (n, G_TYPE_STRING))
    {
      if (where == NULL)
        fail (error, _("“%s” must be a string"), name);
      else
        /* TRANSLATORS: first %s is a JSON member name, second where it belongs */
        fail (error, _("“%s” in %s must be a non-empty string"), name, where);
      return NULL;
    }
  if (where != NULL && *json_node_get_string (n) == '\0')
    {
      fail (error, _("“%s” in %s must be a non-empty string"), name, where);
      return NULL;
    }
  return json_node_get_string (n);
}

/**
 * gov_json_get_int:
 * @fail: the caller's fail function
 * @obj: an object
 * @name: the member
 * @where: where @obj belongs, for the message
 * @min: the smallest value allowed
 * @max: the largest value allowed
 * @out: (out): the value
 * @error: return location
 *
 * Returns: %TRUE if the member is a whole number from @min to @max
 */
gboolean
gov_json_get_int (GovJsonFail   fail,
                  JsonObject   *obj,
                  const char   *name,
                  const char   *where,
                  gint64        min,
                  gint64        max,
                  gint64       *out,
                  GError      **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (!holds (n, G_TYPE_INT64) || json_node_get_int (n) < min || json_node_get_int (n) > max)
    return fail (error, _("“%s” in %s must be a whole number from %lld to %lld"),
                 name, where, (long long) min, (long long) max);
  *out = json_node_get_int (n);
  return TRUE;
}

/**
 * gov_json_get_array:
 *
 * Returns: (transfer none) (nullable): the member @name of @obj when it is a
 *   list, else %NULL with @error set
 */
JsonArray *
gov_json_get_array (GovJsonFail   fail,
                    JsonObject   *obj,
                    const char   *name,
                    GError      **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      fail (error, _("“%s” must be a list"), name);
      return NULL;
    }
  return json_node_get_array (n);
}

/**
 * gov_json_get_object:
 *
 * Returns: (transfer none) (nullable): the member @name of @obj when it is
 *   an object, else %NULL with @error set
 */
JsonObject *
gov_json_get_object (GovJsonFail   fail,
                     JsonObject   *obj,
                     const char   *name,
                     GError      **error)
{
  JsonNode *n = json_object_get_member (obj, name);

  if (n == NULL || !JSON_NODE_HOLDS_OBJECT (n))
    {
      fail (error, _("“%s” must be an object"), name);
      return NULL;
    }
  return json_node_get_object (n);
}
