/* gov-resp-private.h: helpers shared by handovers, decisions and clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

/**
 * GovRespEvent:
 * @id: event id
 * @type: event type
 * @actor: (nullable): who did it
 * @author: the signing device (base64)
 * @office: (nullable): the office of the signing device
 * @hlc_ms: hybrid logical clock, milliseconds
 * @hlc_c: hybrid logical clock, counter
 * @body: the event body
 *
 * One case event as read from the timeline.
 */
typedef struct
{
  char       *id;
  char       *type;
  char       *actor;
  char       *author;
  char       *office;
  gint64      hlc_ms;
  gint64      hlc_c;
  JsonObject *body;
} GovRespEvent;

/* All helpers expect the caller to hold gov_ledger_lock(). */
char      *_gov_resp_lookup        (GovReplica   *replica,
                                    const char   *number_or_id,
                                    GError      **error);
char      *_gov_resp_case_column   (GovReplica   *replica,
                                    const char   *case_id,
                                    const char   *column);
GPtrArray *_gov_resp_case_events   (GovReplica   *replica,
                                    const char   *case_id,
                                    const char   *type_prefix,
                                    GError      **error);
GHashTable *_gov_resp_ancestors    (GovReplica   *replica,
                                    const char   *event_id,
                                    GError      **error);
GovEvent  *_gov_resp_append        (GovReplica   *replica,
                                    const char   *case_id,
                                    const char   *type,
                                    const char   *dep_register,
                                    JsonNode     *body,
                                    GError      **error);
gboolean   _gov_resp_bad_body      (JsonObject   *body,
                                    gboolean    (*check) (JsonObject *, GError **),
                                    GError      **error);
void       _gov_resp_today         (GDate        *today);
const char *_gov_resp_office_id    (GovReplica   *replica);
JsonNode  *_gov_resp_object_node   (JsonObject   *object);

/* gov-case-clock.c */
struct _GovCaseType;
struct _GovCalendar;
gboolean   _gov_case_clock_type_locked (GovReplica          *replica,
                                        const char          *case_id,
                                        struct _GovCaseType **case_type,
                                        struct _GovCalendar **calendar);

G_END_DECLS
