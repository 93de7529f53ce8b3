#pragma once

#include <gio/gio.h>

#include "gov-ledger.h"
#include "gov-replica.h"

G_BEGIN_DECLS

#define GOV_BUNDLE_ERROR (gov_bundle_error_quark ())

typedef enum
{
  GOV_BUNDLE_ERROR_MALFORMED,
} GovBundleError;

GQuark    gov_bundle_error_quark (void);

gboolean  gov_bundle_export      (GovReplica       *replica,
                                  const char       *path,
                                  const char       *case_ref,
                                  guint            *n_events,
                                  GError          **error);
gboolean  gov_bundle_import      (GovReplica       *replica,
                                  const char       *path,
                                  GovIngestReport  *report,
                                  GError          **error);

G_END_DECLS
