#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * GovStatusChipState:
 * @GOV_STATUS_CHIP_PLAIN: a case status with no urgency ("Open")
 * @GOV_STATUS_CHIP_IN_TRANSIT: handed over, not accepted yet
 * @GOV_STATUS_CHIP_CONFLICT: a field has two values
 * @GOV_STATUS_CHIP_OVERDUE: the time limit has passed
 * @GOV_STATUS_CHIP_DUE_SOON: three working days or fewer left
 * @GOV_STATUS_CHIP_PAUSED: the clock is paused
 * @GOV_STATUS_CHIP_LOCAL_ONLY: not shared yet
 * @GOV_STATUS_CHIP_READ_ONLY: another office owns the case
 * @GOV_STATUS_CHIP_CLOSED: the case is closed
 *
 * The states of UX.md §2. Each has its own icon; colour is only an extra.
 */
typedef enum
{
  GOV_STATUS_CHIP_PLAIN,
  GOV_STATUS_CHIP_IN_TRANSIT,
  GOV_STATUS_CHIP_CONFLICT,
  GOV_STATUS_CHIP_OVERDUE,
  GOV_STATUS_CHIP_DUE_SOON,
  GOV_STATUS_CHIP_PAUSED,
  GOV_STATUS_CHIP_LOCAL_ONLY,
  GOV_STATUS_CHIP_READ_ONLY,
  GOV_STATUS_CHIP_CLOSED,
} GovStatusChipState;

#define GOV_TYPE_STATUS_CHIP (gov_status_chip_get_type ())
G_DECLARE_FINAL_TYPE (GovStatusChip, gov_status_chip, GOV, STATUS_CHIP, GtkWidget)

GtkWidget          *gov_status_chip_new        (void);
void                gov_status_chip_set        (GovStatusChip      *self,
                                                GovStatusChipState  state,
                                                const char         *label);
GovStatusChipState  gov_status_chip_get_state  (GovStatusChip      *self);
const char         *gov_status_chip_get_label  (GovStatusChip      *self);
const char         *gov_status_chip_icon_name  (GovStatusChipState  state);

G_END_DECLS
