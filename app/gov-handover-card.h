/* gov-handover-card.h: the case's open handover offer (UX.md §3 Handover)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_TYPE_HANDOVER_CARD (gov_handover_card_get_type ())
G_DECLARE_FINAL_TYPE (GovHandoverCard, gov_handover_card, GOV, HANDOVER_CARD, GtkWidget)

GtkWidget *gov_handover_card_new          (GovReplica      *replica);
/* @state: gov_handover_get_state() of @case_id, or %NULL to hide the card. */
void       gov_handover_card_set_state    (GovHandoverCard *self,
                                           const char      *case_id,
                                           JsonObject      *state);
void       gov_handover_card_withdraw     (GovHandoverCard *self,
                                           const char      *case_id,
                                           const char      *offer_id);
/* "Time limit: 6 May 2024; Service target: …" from a package's deadlines. */
char      *gov_handover_deadlines_words   (JsonArray       *deadlines);

G_END_DECLS
