/* gov-hlc.c: hybrid logical clock with a drift guard
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "gov-hlc.h"

static gint64
wall_now (GovHlc *hlc)
{
  if (hlc->wall != NULL)
    return hlc->wall (hlc->wall_data);
  return g_get_real_time () / 1000;
}

/**
 * gov_hlc_init:
 * @hlc: (out caller-allocates): the clock
 * @wall: (nullable) (scope forever): clock source, for tests
 * @wall_data: closure for @wall
 */
void
gov_hlc_init (GovHlc         *hlc,
              GovHlcWallFunc  wall,
              gpointer        wall_data)
{
  hlc->ms = 0;
  hlc->c = 0;
  hlc->wall = wall;
  hlc->wall_data = wall_data;
}

/**
 * gov_hlc_tick:
 * @hlc: the clock
 * @out_ms: (out): the timestamp for a local event
 * @out_c: (out): its counter
 *
 * ms = max(wall, last.ms); c = last.c + 1 when ms did not move, else 0.
 */
void
gov_hlc_tick (GovHlc *hlc,
              gint64 *out_ms,
              guint  *out_c)
{
  gint64 wall = wall_now (hlc);

  if (wall > hlc->ms)
    {
      hlc->ms = wall;
      hlc->c = 0;
    }
  else
    {
      hlc->c++;
    }

  *out_ms = hlc->ms;
  *out_c = hlc->c;
}

/**
 * gov_hlc_receive:
 * @hlc: the clock
 * @remote_ms: the received event's physical time
 * @remote_c: its counter
 *
 * Merges a received timestamp. A remote clock more than five minutes
 * ahead never drags the local clock past wall + 5 min, so one bad device
 * cannot poison every replica; the event is still stored.
 *
 * Returns: %TRUE when the timestamp is an anomaly (far ahead, or before 2001)
 */
gboolean
gov_hlc_receive (GovHlc *hlc,
                 gint64  remote_ms,
                 guint   remote_c)
{
  gint64 wall = wall_now (hlc);
  gint64 cap = wall + GOV_HLC_MAX_DRIFT_MS;
  gboolean anomaly = remote_ms > cap || remote_ms < GOV_HLC_MIN_SANE_MS;

  if (remote_ms > cap)
    {
      remote_ms = cap;
      remote_c = 0;
    }

  if (wall > hlc->ms && wall > remote_ms)
    {
      hlc->ms = wall;
      hlc->c = 0;
    }
  else if (remote_ms > hlc->ms)
    {
      hlc->ms = remote_ms;
      hlc->c = remote_c + 1;
    }
  else if (remote_ms == hlc->ms)
    {
      hlc->c = MAX (hlc->c, remote_c) + 1;
    }
  else
    {
      hlc->c++;
    }

  return anomaly;
}

/**
 * gov_hlc_compare:
 *
 * Returns: negative, 0 or positive as (a_ms, a_c) sorts before, with or after (b_ms, b_c)
 */
int
gov_hlc_compare (gint64 a_ms,
                 guint  a_c,
                 gint64 b_ms,
                 guint  b_c)
{
  if (a_ms != b_ms)
    return a_ms < b_ms ? -1 : 1;
  if (a_c != b_c)
    return a_c < b_c ? -1 : 1;
  return 0;
}
