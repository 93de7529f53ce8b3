/* gov-calendar-store.h: the holiday calendars stored in a replica
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "gov-calendar.h"
#include "gov-replica.h"

G_BEGIN_DECLS

GPtrArray *gov_calendar_list_stored       (GovReplica   *replica,
                                           GError      **error);
gboolean   gov_calendar_store_new_version (GovReplica   *replica,
                                           GovCalendar  *calendar,
                                           GError      **error);
gboolean   gov_calendar_id_is_valid       (const char   *id);
char      *gov_calendar_id_from_name      (const char   *name);

G_END_DECLS
