#pragma once

#include "gov-event.h"

G_BEGIN_DECLS

/* Re-reads an event from this replica's own storage, where it was verified
 * when it arrived: the signature check is skipped, the schema is not. */
gboolean  _gov_event_verify (GovEvent  *self,
                             GError   **error);
GovEvent *_gov_event_new_from_wire_unverified (const char  *wire,
                                               gssize       length,
                                               GError     **error);
GovEvent *_gov_event_new_trusted (GBytes  *bytes,
                                  GBytes  *signature,
                                  GError **error);

G_END_DECLS
