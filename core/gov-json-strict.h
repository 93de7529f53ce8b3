/* gov-json-strict.h: strict readers of JSON object members (internal)
 *
 * The stored calendars and case types are read strictly: unknown members
 * are refused and every error names the member at fault. These readers
 * report through the caller's own fail function, so each kind of document
 * keeps its error domain and its "Invalid …: " prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Sets @error from a printf-style message and returns %FALSE. */
typedef gboolean (*GovJsonFail) (GError    **error,
                                 const char *fmt,
                                 ...) G_GNUC_PRINTF (2, 3);

gboolean    gov_json_only_members (GovJsonFail          fail,
                                   JsonObject          *obj,
                                   const char * const  *allowed,
                                   const char          *where,
                                   GError             **error);
const char *gov_json_get_string   (GovJsonFail          fail,
                                   JsonObject          *obj,
                                   const char          *name,
                                   const char          *where,
                                   GError             **error);
gboolean    gov_json_get_int      (GovJsonFail          fail,
                                   JsonObject          *obj,
                                   const char          *name,
                                   const char          *where,
                                   gint64               min,
                                   gint64               max,
                                   gint64              *out,
                                   GError             **error);
JsonArray  *gov_json_get_array    (GovJsonFail          fail,
                                   JsonObject          *obj,
                                   const char          *name,
                                   GError             **error);
JsonObject *gov_json_get_object   (GovJsonFail          fail,
                                   JsonObject          *obj,
                                   const char          *name,
                                   GError             **error);

G_END_DECLS
