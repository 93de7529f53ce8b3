/* cli-util.c: run the real govserv binary from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>

#include "cli-util.h"

void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
  g_clear_pointer (&r->json, json_node_unref);
}

/* Runs govserv --replica DIR/NAME --passphrase-file F ARGS… */
void
govserv (Fixture    *f,
         Run        *r,
         const char *replica,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  va_list ap;

  g_ptr_array_add (argv, g_strdup (g_getenv ("GOVSERV")));
  g_ptr_array_add (argv, g_strdup ("--replica"));
  g_ptr_array_add (argv, g_build_filename (f->dir, replica, NULL));
  g_ptr_array_add (argv, g_strdup ("--passphrase-file"));
  g_ptr_array_add (argv, g_strdup (f->pass_file));
  va_start (ap, replica);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    {
      json |= g_str_equal (a, "--json");
      g_ptr_array_add (argv, g_strdup (a));
    }
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &r->out, &r->err, &r->status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (r->status));
  r->status = WEXITSTATUS (r->status);
  if (json && r->out[0] != '\0')
    {
      r->json = json_from_string (r->out, &error);
      g_assert_no_error (error);
    }
}

JsonObject *
obj (Run *r)
{
  g_assert_nonnull (r->json);
  return json_node_get_object (r->json);
}

void
set_up (Fixture       *f,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gov-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->pass_file = g_build_filename (f->dir, "pass", NULL);
  g_file_set_contents (f->pass_file, "correct horse\n", -1, &error);
  g_assert_no_error (error);
}

void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
tear_down (Fixture       *f,
           gconstpointer  data)
{
  rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->pass_file);
}

