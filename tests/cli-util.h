/* cli-util.h: run the real govserv binary from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

typedef struct
{
  char *dir;
  char *pass_file;
} Fixture;

typedef struct
{
  int       status;
  char     *out;
  char     *err;
  JsonNode *json;
} Run;

void        run_clear  (Run           *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs $GOVSERV --replica DIR/REPLICA --passphrase-file F ARGS… (NULL-terminated);
 * with --json among ARGS the output is parsed into r->json. */
void        govserv    (Fixture       *f,
                        Run           *r,
                        const char    *replica,
                        ...) G_GNUC_NULL_TERMINATED;
JsonObject *obj        (Run           *r);
void        rm_rf      (const char    *path);

/* A temp folder with a passphrase file; removed in tear_down. */
void        set_up     (Fixture       *f,
                        gconstpointer  data);
void        tear_down  (Fixture       *f,
                        gconstpointer  data);
