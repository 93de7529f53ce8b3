/* gov-bundle.c: bundle files of signed events (JSON Lines)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-bundle.h"

G_DEFINE_QUARK (gov-bundle-error-quark, gov_bundle_error)
