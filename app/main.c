/* main.c: one binary for the window and the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <sys/prctl.h>

#include <glib/gi18n.h>
#include <sodium.h>

#include "gov-application.h"
#include "gov-cli.h"

/* The command line is chosen when the first word that is not a global
 * option is a verb, --help or --version; anything else opens the window. */
static gboolean
wants_cli (int    argc,
           char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--replica") || g_str_equal (arg, "--passphrase-file"))
        {
          i++;
          continue;
        }
      if (g_str_has_prefix (arg, "--replica=") || g_str_has_prefix (arg, "--passphrase-file="))
        continue;

      return g_str_equal (arg, "--help") || g_str_equal (arg, "-h") ||
             g_str_equal (arg, "--version") || g_str_equal (arg, "help") ||
             arg[0] != '-';
    }

  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

#if !DEVELOPMENT_BUILD
  /* Keys live in this process: keep them out of core dumps. */
  prctl (PR_SET_DUMPABLE, 0);
#endif

  if (sodium_init () < 0)
    g_error ("libsodium could not be initialised");

  if (wants_cli (argc, argv))
    return gov_cli_run (argc, argv);

  app = G_APPLICATION (gov_application_new ());
  return g_application_run (app, argc, argv);
}
