/* gov-handover.h: handing a case over to another team or office
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_HANDOVER_ERROR (gov_handover_error_quark ())

/**
 * GovHandoverError:
 * @GOV_HANDOVER_ERROR_INVALID: a reason or part of the package is missing
 * @GOV_HANDOVER_ERROR_CLOSED: the case is closed
 * @GOV_HANDOVER_ERROR_IN_TRANSIT: the case is already in transit
 * @GOV_HANDOVER_ERROR_NO_OFFER: there is no open offer to answer or withdraw
 * @GOV_HANDOVER_ERROR_NOT_TARGET: the offer was made to someone else
 * @GOV_HANDOVER_ERROR_ANSWERED: the receiver already answered
 */
typedef enum
{
  GOV_HANDOVER_ERROR_INVALID,
  GOV_HANDOVER_ERROR_CLOSED,
  GOV_HANDOVER_ERROR_IN_TRANSIT,
  GOV_HANDOVER_ERROR_NO_OFFER,
  GOV_HANDOVER_ERROR_NOT_TARGET,
  GOV_HANDOVER_ERROR_ANSWERED,
} GovHandoverError;

/**
 * GovHandoverOffer:
 * @to_office: (nullable): another office's id (travels with sync)
 * @to_team: (nullable): a team of this office; exactly one of the two
 * @reason: why the case is handed over
 * @promises: (array zero-terminated=1) (nullable): promises made to the citizen
 * @risks: (array zero-terminated=1) (nullable): risks the receiver should know
 * @first_steps: what the receiver must do first
 *
 * An offer; the package's open deadlines are filled in from the case.
 */
typedef struct
{
  const char         *to_office;
  const char         *to_team;
  const char         *reason;
  const char * const *promises;
  const char * const *risks;
  const char         *first_steps;
} GovHandoverOffer;

GQuark     gov_handover_error_quark (void);

char      *gov_handover_offer       (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const GovHandoverOffer  *offer,
                                     GError                 **error);
gboolean   gov_handover_accept      (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const char              *offer_id,
                                     const char              *as_team,
                                     GError                 **error);
gboolean   gov_handover_decline     (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const char              *offer_id,
                                     const char              *as_team,
                                     const char              *reason,
                                     GError                 **error);
gboolean   gov_handover_withdraw    (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const char              *offer_id,
                                     GError                 **error);
gboolean   gov_handover_resolve     (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const char              *offer_id,
                                     gboolean                 accepted,
                                     const char              *reason,
                                     GError                 **error);
JsonNode  *gov_handover_get_state   (GovReplica              *replica,
                                     const char              *number_or_id,
                                     GError                 **error);
JsonNode  *gov_handover_list        (GovReplica              *replica,
                                     const char              *team,
                                     GError                 **error);

G_END_DECLS
