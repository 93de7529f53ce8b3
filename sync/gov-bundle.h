#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GOV_BUNDLE_ERROR (gov_bundle_error_quark ())

typedef enum
{
  GOV_BUNDLE_ERROR_MALFORMED,
} GovBundleError;

GQuark gov_bundle_error_quark (void);

G_END_DECLS
