/* bench-resp.c: what deriving clocks and handover state on demand costs
 *
 * One replica with N cases of type "permit", each with a pause and a
 * resume and a handover offer. Measured in the same run:
 *   reference A: gov_case_list (Overdue view, stored "due" field)
 *   derived A:   gov_case_clock_list_due (clocks computed from events)
 *   reference B: gov_case_get_detail for every case
 *   derived B:   gov_handover_get_state for every case
 * Usage: bench-resp ICS_FILE [N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "../resp-util.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  g_autoptr(GovCaseType) t = NULL;
  g_autoptr(GPtrArray) numbers = g_ptr_array_new_with_free_func (g_free);
  GovPeriod legal = { 20, GOV_CLOCK_UNIT_WORKING_DAYS }, service = { 10, GOV_CLOCK_UNIT_WORKING_DAYS };
  GovCaseQuery q = { .view = GOV_CASE_VIEW_OVERDUE, .limit = 100000, .today = "2024-09-01" };
  GDate today = resp_dmy (1, 9, 2024), opened = resp_dmy (3, 6, 2024);
  GDate p = resp_dmy (10, 6, 2024), r = resp_dmy (14, 6, 2024);
  int n = argc > 2 ? atoi (argv[2]) : 200;
  double t0, ref_a, der_a, ref_b, der_b;
  GovReplica *hub;
  gsize len;

  if (argc < 2 || !g_file_get_contents (argv[1], &text, &len, &error))
    {
      fprintf (stderr, "usage: bench-resp ICS_FILE [N]\n");
      return 2;
    }
  base = util_tmpdir ();
  hub = util_hub (base, "hub", "HUB");
  bytes = g_bytes_new (text, len);
  cal = gov_calendar_new_from_ics ("nl", bytes, &error);
  g_assert_no_error (error);
  gov_calendar_store (hub, cal, &error);
  t = gov_case_type_new ("permit", "Environment permit", 1, "nl", legal, service);
  gov_case_type_add_pause_reason (t, "missing-information", "waiting for the applicant");
  gov_case_type_store (hub, t, &error);
  g_assert_no_error (error);
  for (int i = 0; i < n; i++)
    {
      char *number = resp_typed_case (hub, opened);
      GovHandoverOffer o = { .to_team = "parks", .reason = "load", .first_steps = "call" };

      gov_case_set_field (hub, number, "due", "2024-07-01", NULL, &error);
      gov_case_clock_pause (hub, number, &p, "missing-information", &error);
      gov_case_clock_resume (hub, number, &r, &error);
      g_free (gov_handover_offer (hub, number, &o, &error));
      g_assert_no_error (error);
      g_ptr_array_add (numbers, number);
    }

  t0 = now ();
  json_node_unref (gov_case_list (hub, &q, &error));
  ref_a = now () - t0;
  t0 = now ();
  json_node_unref (gov_case_clock_list_due (hub, -1, &today, &error));
  der_a = now () - t0;
  t0 = now ();
  for (guint i = 0; i < numbers->len; i++)
    json_node_unref (gov_case_get_detail (hub, numbers->pdata[i], &error));
  ref_b = now () - t0;
  t0 = now ();
  for (guint i = 0; i < numbers->len; i++)
    json_node_unref (gov_handover_get_state (hub, numbers->pdata[i], &error));
  der_b = now () - t0;
  g_assert_no_error (error);

  printf ("cases: %d\n", n);
  printf ("Overdue view, stored due:        %8.1f ms (reference)\n", ref_a * 1e3);
  printf ("Overdue view, derived clocks:    %8.1f ms  ratio %.1f\n", der_a * 1e3, der_a / ref_a);
  printf ("case detail for every case:      %8.1f ms (reference)\n", ref_b * 1e3);
  printf ("handover state for every case:   %8.1f ms  ratio %.2f\n", der_b * 1e3, der_b / ref_b);

  gov_replica_close (hub);
  util_rm_rf (base);
  return 0;
}
