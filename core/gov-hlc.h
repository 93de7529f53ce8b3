#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A remote clock more than this far ahead of the wall clock is an anomaly. */
#define GOV_HLC_MAX_DRIFT_MS  (5 * 60 * 1000)
/* Timestamps before 2001-01-01 are flagged too (an RTC reset). */
#define GOV_HLC_MIN_SANE_MS   G_GINT64_CONSTANT (978307200000)

/**
 * GovHlcWallFunc:
 * @user_data: closure data
 *
 * Returns: the wall clock in Unix milliseconds
 */
typedef gint64 (*GovHlcWallFunc) (gpointer user_data);

/**
 * GovHlc:
 * @ms: physical part, Unix milliseconds
 * @c: logical counter
 * @wall: (nullable): clock source; %NULL means g_get_real_time()
 * @wall_data: closure for @wall
 *
 * A hybrid logical clock (B2.3). It orders display and flags skew; it never
 * decides a substantive field.
 */
typedef struct
{
  gint64          ms;
  guint           c;
  GovHlcWallFunc  wall;
  gpointer        wall_data;
} GovHlc;

void      gov_hlc_init     (GovHlc        *hlc,
                            GovHlcWallFunc wall,
                            gpointer       wall_data);
void      gov_hlc_tick     (GovHlc        *hlc,
                            gint64        *out_ms,
                            guint         *out_c);
gboolean  gov_hlc_receive  (GovHlc        *hlc,
                            gint64         remote_ms,
                            guint          remote_c);
int       gov_hlc_compare  (gint64         a_ms,
                            guint          a_c,
                            gint64         b_ms,
                            guint          b_c);

G_END_DECLS
