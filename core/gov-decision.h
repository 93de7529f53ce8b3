/* gov-decision.h: decisions with a structured legal basis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_DECISION_ERROR (gov_decision_error_quark ())

/**
 * GovDecisionError:
 * @GOV_DECISION_ERROR_INVALID: a required part is missing or malformed
 *   (e.g. no legal basis)
 * @GOV_DECISION_ERROR_NOT_FOUND: no decision has that id
 * @GOV_DECISION_ERROR_RETRACTED: the decision was retracted
 * @GOV_DECISION_ERROR_NOT_ALLOWED: e.g. approving one's own decision
 * @GOV_DECISION_ERROR_CLOSED: the case is closed
 */
typedef enum
{
  GOV_DECISION_ERROR_INVALID,
  GOV_DECISION_ERROR_NOT_FOUND,
  GOV_DECISION_ERROR_RETRACTED,
  GOV_DECISION_ERROR_NOT_ALLOWED,
  GOV_DECISION_ERROR_CLOSED,
} GovDecisionError;

/**
 * GovLegalBasis:
 * @law: the law ("Awb")
 * @article: the article ("4:13")
 * @paragraph: (nullable): the paragraph ("2")
 * @version: the version in force on the decision date ("2024-01-01")
 */
typedef struct
{
  const char *law;
  const char *article;
  const char *paragraph;
  const char *version;
} GovLegalBasis;

/**
 * GovDecisionInput:
 * @decision_type: one of the case type's decision types, e.g. "grant"
 * @decided_by: (nullable): who decided; the replica's actor when %NULL
 * @mandate: on whose mandate ("Mayor and aldermen")
 * @legal_basis: the legal basis
 * @rationale: why
 * @facts: (array zero-terminated=1) (nullable): event ids of the case relied on
 * @effect_date: YYYY-MM-DD
 *
 * What a decision records; strings are borrowed. For an amendment, %NULL
 * members (and a legal basis without a law) keep their value.
 */
typedef struct
{
  const char         *decision_type;
  const char         *decided_by;
  const char         *mandate;
  GovLegalBasis       legal_basis;
  const char         *rationale;
  const char * const *facts;
  const char         *effect_date;
} GovDecisionInput;

GQuark     gov_decision_error_quark (void);

char      *gov_decision_record      (GovReplica              *replica,
                                     const char              *number_or_id,
                                     const GovDecisionInput  *input,
                                     GError                 **error);
gboolean   gov_decision_amend       (GovReplica              *replica,
                                     const char              *decision_id,
                                     const GovDecisionInput  *changes,
                                     const char              *reason,
                                     GError                 **error);
gboolean   gov_decision_retract     (GovReplica              *replica,
                                     const char              *decision_id,
                                     const char              *reason,
                                     GError                 **error);
gboolean   gov_decision_approve     (GovReplica              *replica,
                                     const char              *decision_id,
                                     GError                 **error);
gboolean   gov_decision_set_rule    (GovReplica              *replica,
                                     const char              *decision_type,
                                     gboolean                 four_eyes,
                                     const char * const      *approvers,
                                     GError                 **error);
JsonNode  *gov_decision_list        (GovReplica              *replica,
                                     const char              *number_or_id,
                                     GError                 **error);
JsonNode  *gov_decision_get         (GovReplica              *replica,
                                     const char              *decision_id,
                                     GError                 **error);

G_END_DECLS
