/* gov-body-check.h: checks shared by the body checks of event types
 *
 * The body checks (gov-resp-types.h) run inside the ledger's apply
 * pipeline and report GOV_EVENT_ERROR_BAD_BODY, so that a bad body from
 * elsewhere is quarantined as "bad-body". Header-only: each is a line or
 * two, used by gov-decision.c and gov-handover.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "gov-event.h"

/* Sets @error to a bad-body error with @message; returns %FALSE. */
static inline gboolean
_gov_body_bad (GError     **error,
               const char  *message)
{
  g_set_error (error, GOV_EVENT_ERROR, GOV_EVENT_ERROR_BAD_BODY, "%s", message);
  return FALSE;
}

/* Whether member @name of @o is a non-empty string. */
static inline gboolean
_gov_body_text (JsonObject *o,
                const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
         json_node_get_value_type (n) == G_TYPE_STRING && *json_node_get_string (n) != '\0';
}

/* Whether every element of @arr is a string. */
static inline gboolean
_gov_body_strings (JsonArray *arr)
{
  for (guint i = 0; arr != NULL && i < json_array_get_length (arr); i++)
    {
      JsonNode *e = json_array_get_element (arr, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        return FALSE;
    }
  return TRUE;
}

/* Whether member @name of @o is an array of strings. */
static inline gboolean
_gov_body_string_array (JsonObject *o,
                        const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) && _gov_body_strings (json_node_get_array (n));
}
