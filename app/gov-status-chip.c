/* gov-status-chip.c: a state as icon + words in a pill (UX.md §2)
 *
 * The words carry the meaning; the icon is decorative for assistive
 * technologies (they read the label), and the colour class is only an
 * extra that Adwaita adapts to dark and high contrast.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-status-chip.h"

struct _GovStatusChip
{
  GtkWidget           parent_instance;

  GtkWidget          *box;
  GtkWidget          *icon;
  GtkWidget          *label;
  GovStatusChipState  state;
};

G_DEFINE_FINAL_TYPE (GovStatusChip, gov_status_chip, GTK_TYPE_WIDGET)

static const struct
{
  const char *icon_name;
  const char *css_class;
} states[] = {
  [GOV_STATUS_CHIP_PLAIN] = { "document-open-symbolic", NULL },
  [GOV_STATUS_CHIP_IN_TRANSIT] = { "send-to-symbolic", "accent" },
  [GOV_STATUS_CHIP_CONFLICT] = { "view-dual-symbolic", "warning" },
  [GOV_STATUS_CHIP_OVERDUE] = { "task-past-due-symbolic", "error" },
  [GOV_STATUS_CHIP_DUE_SOON] = { "task-due-symbolic", "warning" },
  [GOV_STATUS_CHIP_PAUSED] = { "media-playback-pause-symbolic", NULL },
  [GOV_STATUS_CHIP_LOCAL_ONLY] = { "computer-symbolic", "dim-label" },
  [GOV_STATUS_CHIP_READ_ONLY] = { "changes-prevent-symbolic", NULL },
  [GOV_STATUS_CHIP_CLOSED] = { "object-select-symbolic", "dim-label" },
};

static void
gov_status_chip_dispose (GObject *object)
{
  GovStatusChip *self = GOV_STATUS_CHIP (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gov_status_chip_parent_class)->dispose (object);
}

static void
gov_status_chip_class_init (GovStatusChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gov_status_chip_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "status-chip");
}

static void
gov_status_chip_init (GovStatusChip *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  self->icon = g_object_new (GTK_TYPE_IMAGE,
                             "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                             "pixel-size", 12,
                             NULL);
  self->label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0.0f);
  gtk_widget_add_css_class (self->label, "caption");
  gtk_box_append (GTK_BOX (self->box), self->icon);
  gtk_box_append (GTK_BOX (self->box), self->label);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gov_status_chip_set (self, GOV_STATUS_CHIP_PLAIN, "");
}

GtkWidget *
gov_status_chip_new (void)
{
  return g_object_new (GOV_TYPE_STATUS_CHIP, NULL);
}

const char *
gov_status_chip_icon_name (GovStatusChipState state)
{
  g_return_val_if_fail (state < G_N_ELEMENTS (states), NULL);

  return states[state].icon_name;
}

/**
 * gov_status_chip_set:
 * @self: a chip
 * @state: the state, which picks the icon and colour
 * @label: the words, e.g. "2 working days overdue"
 */
void
gov_status_chip_set (GovStatusChip      *self,
                     GovStatusChipState  state,
                     const char         *label)
{
  g_return_if_fail (GOV_IS_STATUS_CHIP (self));
  g_return_if_fail (state < G_N_ELEMENTS (states));

  if (states[self->state].css_class != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self), states[self->state].css_class);
  self->state = state;
  if (states[state].css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), states[state].css_class);

  gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), states[state].icon_name);
  gtk_label_set_text (GTK_LABEL (self->label), label != NULL ? label : "");
}

GovStatusChipState
gov_status_chip_get_state (GovStatusChip *self)
{
  g_return_val_if_fail (GOV_IS_STATUS_CHIP (self), GOV_STATUS_CHIP_PLAIN);

  return self->state;
}

const char *
gov_status_chip_get_label (GovStatusChip *self)
{
  g_return_val_if_fail (GOV_IS_STATUS_CHIP (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->label));
}
