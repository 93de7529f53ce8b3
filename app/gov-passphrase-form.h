/* gov-passphrase-form.h: what the setup page, the unlock page and the
 * passphrase dialog share about their passphrase rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A copy in guarded memory (libsodium); free it with sodium_free(). */
char       *gov_passphrase_secure_strdup (const char *text);

/* The hint under a new passphrase and its confirmation, in words (never a
 * colour alone); @acceptable says whether both may be used. */
const char *gov_passphrase_hint          (const char *passphrase,
                                          const char *confirm,
                                          gboolean   *acceptable);

/* While the slow key derivation runs: the rows (NULL-terminated) turn
 * insensitive, the spinner spins and @label says what happens. */
void        gov_passphrase_form_set_busy (GtkWidget  *form,
                                          gboolean    busy,
                                          GtkSpinner *spinner,
                                          GtkLabel   *label,
                                          const char *label_text,
                                          GtkWidget  *first_row,
                                          ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
