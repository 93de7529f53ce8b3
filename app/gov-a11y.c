/* gov-a11y.c: accessibility fixes for the GTK and libadwaita of Debian 12
 *
 * GTK 4.8 gives a button with a mnemonic ("Lock _Now") that text, underscore
 * included, as its accessible name (and labels likewise), so a screen reader
 * says "Lock underscore Now". Until both Debian and the Flatpak runtime ship
 * a GTK that strips it, every such button and label is given its text
 * without the mnemonic when it is shown. A button whose accessible name the
 * code sets itself ("Resolve Location") does so with gov_a11y_set_label(),
 * which this leaves alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "gov-a11y.h"

/**
 * gov_a11y_strip_mnemonic:
 * @label: a label with GTK mnemonics ("_Save", "Rock __n Roll")
 *
 * Returns: (transfer full): the text a person sees ("Save", "Rock _n Roll")
 */
char *
gov_a11y_strip_mnemonic (const char *label)
{
  GString *out = g_string_sized_new (strlen (label));

  for (const char *p = label; *p != '\0'; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
fix_label (GtkLabel *label)
{
  const char *text = gtk_label_get_label (label);

  if (text != NULL && gtk_label_get_use_underline (label) && !gtk_label_get_use_markup (label) &&
      strchr (text, '_') != NULL)
    {
      g_autofree char *plain = gov_a11y_strip_mnemonic (text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      plain, -1);
    }
}

#define EXPLICIT_KEY "gov-a11y-explicit-label"

/**
 * gov_a11y_set_label:
 * @widget: a widget
 * @label: its accessible name
 *
 * Sets the accessible name of a widget that shows something else (a
 * mnemonic button "_Resolve…" read as "Resolve Location").
 */
void
gov_a11y_set_label (GtkWidget  *widget,
                    const char *label)
{
  g_object_set_data (G_OBJECT (widget), EXPLICIT_KEY, GINT_TO_POINTER (TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
fix_button (GtkButton *button)
{
  const char *text = gtk_button_get_label (button);

  if (text != NULL && gtk_button_get_use_underline (button) && strchr (text, '_') != NULL &&
      g_object_get_data (G_OBJECT (button), EXPLICIT_KEY) == NULL)
    {
      g_autofree char *plain = gov_a11y_strip_mnemonic (text);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      plain, -1);
    }
}

static gboolean
label_hook_cb (GSignalInvocationHint *hint,
               guint                  n_params,
               const GValue          *params,
               gpointer               data)
{
  GObject *object = g_value_get_object (&params[0]);

  if (GTK_IS_LABEL (object))
    fix_label (GTK_LABEL (object));
  else if (GTK_IS_BUTTON (object))
    fix_button (GTK_BUTTON (object));
  return TRUE;
}

/**
 * gov_a11y_install:
 *
 * Hooks the fixes into every widget of the process; call once, after
 * gtk_init() (the application's startup).
 */
void
gov_a11y_install (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      guint map;

      /* Signals exist once their class is initialised. (GObject::notify
       * takes no emission hooks, so a label whose text changes while shown
       * keeps its first name until it is shown again.) */
      g_type_class_ref (GTK_TYPE_LABEL);
      g_type_class_ref (GTK_TYPE_BUTTON);
      map = g_signal_lookup ("map", GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (map, 0, label_hook_cb, NULL, NULL);
      g_once_init_leave (&done, 1);
    }
}
