/* gov-passphrase-form.c: what the setup page, the unlock page and the
 * passphrase dialog share about their passphrase rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-passphrase-form.h"
#include "gov-setup-page.h"

char *
gov_passphrase_secure_strdup (const char *text)
{
  size_t len = strlen (text);
  char *copy = sodium_malloc (len + 1);

  g_assert (copy != NULL);
  memcpy (copy, text, len + 1);

  return copy;
}

/* One hint at a time, in the order the rows are filled in. */
const char *
gov_passphrase_hint (const char *passphrase,
                     const char *confirm,
                     gboolean   *acceptable)
{
  GovPassphraseStrength strength = gov_passphrase_estimate_strength (passphrase);

  *acceptable = FALSE;

  if (*passphrase == '\0')
    return _("Use at least 12 characters.");
  if (strength == GOV_PASSPHRASE_TOO_SHORT)
    return _("Too short: use at least 12 characters.");
  if (*confirm != '\0' && g_strcmp0 (passphrase, confirm) != 0)
    return _("The passphrases do not match.");

  *acceptable = g_strcmp0 (passphrase, confirm) == 0;

  if (strength == GOV_PASSPHRASE_FAIR)
    return _("Fair: a few more words make it stronger.");

  return _("Strong passphrase.");
}

void
gov_passphrase_form_set_busy (GtkWidget  *form,
                              gboolean    busy,
                              GtkSpinner *spinner,
                              GtkLabel   *label,
                              const char *label_text,
                              GtkWidget  *first_row,
                              ...)
{
  GtkRoot *root = gtk_widget_get_root (form);
  va_list ap;

  /* GTK 4.8 warns when a focused text field turns insensitive; nothing
   * needs the focus while the work runs. */
  if (busy && root != NULL)
    gtk_root_set_focus (root, NULL);

  va_start (ap, first_row);
  for (GtkWidget *row = first_row; row != NULL; row = va_arg (ap, GtkWidget *))
    gtk_widget_set_sensitive (row, !busy);
  va_end (ap);
  gtk_widget_set_visible (GTK_WIDGET (spinner), busy);
  gtk_spinner_set_spinning (spinner, busy);
  gtk_label_set_text_with_mnemonic (label, label_text);
}
