/* gov-case-bulk.h: the batch actions of the case list's selection mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "gov-case-list.h"
#include "gov-window.h"

G_BEGIN_DECLS

/* Asks once for an assignee and a reason, then assigns every selected case
 * in one ledger transaction and says so in a toast. */
void gov_case_bulk_assign    (GovWindow   *window,
                              GovCaseList *list);
/* Offers every selected case to one recipient with one reason and package;
 * cases the core refuses (closed, already in transit) are listed after. */
void gov_case_bulk_hand_over (GovWindow   *window,
                              GovCaseList *list);

G_END_DECLS
