/* test-flow-resp.c: the chain of responsibility in the real govserv window,
 * driven over AT-SPI: hand a case over to another team and accept it,
 * decline an offer with a reason, pause and resume the clock and see the
 * deadline move in the clock audit; record a decision with its legal basis;
 * and, under a four-eyes rule, approve a colleague's decision, see why one's
 * own cannot be, and amend it.
 *
 * The fixture prepares the replica with the real CLI (init, calendar
 * import, casetype add, case new, casetype set, case set team), as
 * tests/test-cli-resp.c does, then starts the window. Screenshots
 * (flow-resp-*.png) go to G_TEST_BUILDDIR. Run as
 * `dbus-run-session -- xvfb-run -a TEST`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "flow-helpers.h"

#define XK_2 0x032

#define SUBJECT "Shed permit for Lindenplein 4"

typedef struct
{
  char    *dir;
  char    *replica;
  char    *passphrase_file;
  char    *number;
  FlowApp *app;
} Fixture;

/* Today minus @days, as YYYY-MM-DD. */
static char *
days_ago (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Grants need a second signature from the person running the test (the
 * app's actor) or Bea Smit; Ana Ruiz has already decided one. */
static void
four_eyes_fixture (Fixture *fixture)
{
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "decision", "rule", "grant", "--four-eyes", "--approver",
                   g_get_user_name (), "--approver", "Bea Smit", NULL));
  g_setenv ("GOVSERV_ACTOR", "Ana Ruiz", TRUE);
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "decide", fixture->number, "--type", "grant", "--mandate",
                   "Mayor and aldermen", "--law", "Environment Act", "--article", "5.1",
                   "--law-version", "2024-01-01", "--rationale", "The neighbours agreed.",
                   "--effect-date", "2024-10-01", NULL));
  g_unsetenv ("GOVSERV_ACTOR");
}

static void
set_up (Fixture       *fixture,
        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = g_test_build_filename (G_TEST_DIST, "data", "nl-2024.ics", NULL);
  g_autofree char *type = g_test_build_filename (G_TEST_DIST, "data", "permit-casetype.json",
                                                 NULL);
  g_autofree char *opened = days_ago (14);
  g_autofree char *created = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *args[] = { "--replica", NULL, "--passphrase-file", NULL, NULL };

  fixture->dir = g_dir_make_tmp ("govserv-flow-resp-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->replica = g_build_filename (fixture->dir, "replica", NULL);
  fixture->passphrase_file = flow_write_passphrase (fixture->dir, "resp office passphrase");
  flow_init_replica (fixture->replica, fixture->passphrase_file);
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "calendar", "import", ics, "--id", "nl", NULL));
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file, "casetype", "add", type, NULL));
  created = flow_govserv (fixture->replica, fixture->passphrase_file,
                          "case", "new", "--channel", "phone", "--title", SUBJECT,
                     "--description", "A garden shed of 12 m²", "--json", NULL);
  node = json_from_string (created, &error);
  g_assert_no_error (error);
  fixture->number = g_strdup (json_object_get_string_member (json_node_get_object (node),
                                                             "number"));
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "casetype", "set", fixture->number, "permit", "--opened", opened,
                   NULL));
  g_free (flow_govserv (fixture->replica, fixture->passphrase_file,
                        "case", "set", fixture->number, "team", "roads", NULL));
  if (data != NULL)
    four_eyes_fixture (fixture);

  args[1] = fixture->replica;
  args[3] = fixture->passphrase_file;
  fixture->app = flow_app_start (args, NULL);
}

static void
tear_down (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *rm = g_find_program_in_path ("rm");
  const char *argv[] = { rm, "-rf", fixture->dir, NULL };

  g_clear_pointer (&fixture->app, flow_app_stop);
  g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (fixture->number);
  g_free (fixture->passphrase_file);
  g_free (fixture->replica);
  g_free (fixture->dir);
}

/* On screen in the main window first, then anywhere (dialogs are windows of
 * their own, with extents relative to their surface). */
static AtspiAccessible *
need (Fixture    *fixture,
      const char *role,
      const char *name)
{
  AtspiAccessible *found = flow_find_preferring_screen (fixture->app->app, role, name);

  if (found == NULL)
    {
      if (g_getenv ("FLOW_DUMP") != NULL)
        flow_dump (fixture->app->app, 0);
      flow_screenshot ("flow-resp-failure.png");
      g_error ("No %s “%s” on screen", role, name);
    }
  return found;
}

/* Toasts go after five seconds: look for one at once, wherever it is. */
static void
toast (Fixture    *fixture,
       const char *text)
{
  g_autoptr(AtspiAccessible) found = flow_find (fixture->app->app, "label", text, FALSE);

  if (found == NULL)
    {
      flow_screenshot ("flow-resp-failure.png");
      g_error ("No toast “%s”", text);
    }
}

static void
click (Fixture    *fixture,
       const char *role,
       const char *name)
{
  g_autoptr(AtspiAccessible) found = need (fixture, role, name);

  flow_click (found);
}

static void
click_in (Fixture    *fixture,
          const char *role,
          const char *window,
          const char *button)
{
  g_autoptr(AtspiAccessible) dialog = need (fixture, role, window);
  g_autoptr(AtspiAccessible) found = flow_find (dialog, "push button", button, FALSE);

  if (found == NULL)
    g_error ("No button “%s” in “%s”", button, window);
  flow_click (found);
}

static void
type_into (Fixture    *fixture,
           const char *name,
           const char *text)
{
  g_autoptr(AtspiAccessible) field = need (fixture, "text", name);

  flow_set_text (field, text);
}

/* The Team view lists the case (its team is roads): open it. */
static void
open_case (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) row = NULL;

  need (fixture, "label", "My Cases");
  flow_press_control (fixture->app, XK_2, FALSE);
  row = need (fixture, "panel", SUBJECT);
  flow_click_with_pointer (row, FALSE);
  need (fixture, "push button", "Hand Over…");
}

/* Fills in and sends "Hand Over Case" to the team parks. */
static void
offer_to_parks (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) send = NULL;
  g_autoptr(AtspiAccessible) dialog = NULL;

  click (fixture, "push button", "Hand Over…");
  g_clear_object (&dialog);
  dialog = flow_find_window (fixture->app, "Hand Over Case");
  g_assert_nonnull (dialog);
  send = need (fixture, "push button", "Send Offer");
  /* Required rows say so, and nothing is sent half-filled. */
  need (fixture, "label", "Required");
  g_assert_false (flow_is_sensitive (send));
  type_into (fixture, "Recipient", "parks");
  type_into (fixture, "Reason", "Parks handles garden sheds");
  g_assert_false (flow_is_sensitive (send));
  type_into (fixture, "Promises to the Citizen", "Call back on Friday");
  type_into (fixture, "First Steps for the Receiver", "Visit the site");
  g_assert_true (flow_is_sensitive (send));
  flow_screenshot ("flow-resp-handover-dialog.png");
  flow_click (send);
  toast (fixture, "Handover offered to parks");
  need (fixture, "label", "In transit to parks since");
  need (fixture, "label", "Promised to the citizen: Call back on Friday");
}

static char *
owner_team (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = flow_govserv (fixture->replica, fixture->passphrase_file,
                                       "handover", "show", fixture->number, "--json", NULL);
  g_autoptr(JsonNode) node = json_from_string (out, &error);

  g_assert_no_error (error);
  return g_strdup (json_object_get_string_member (json_node_get_object (node), "owner_team"));
}

/* Accepts the open offer through the card and its confirmation. */
static void
accept_offer (Fixture *fixture)
{
  click (fixture, "push button", "Accept");
  need (fixture, "dialog", "Accept Handover?");
  click_in (fixture, "dialog", "Accept Handover?", "Accept");
  toast (fixture, "Handover accepted");
  g_assert_true (flow_wait_gone (fixture->app->app, "label", "In transit to parks since"));
  flow_screenshot ("flow-resp-accepted.png");
}

/* Offer → decline with a reason → offer again → accept: the case moves. */
static void
test_handover (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) decline = NULL;
  g_autoptr(AtspiAccessible) reason = NULL;
  g_autofree char *team = NULL;

  open_case (fixture);
  offer_to_parks (fixture);

  click (fixture, "push button", "Decline With Reason…");
  dialog = need (fixture, "dialog", "Decline Handover?");
  decline = flow_find (dialog, "push button", "Decline", FALSE);
  g_assert_nonnull (decline);
  /* No reason, no decline. */
  g_assert_false (flow_is_sensitive (decline));
  reason = flow_find (dialog, "text", "Reason", FALSE);
  g_assert_nonnull (reason);
  flow_set_text (reason, "Sheds on the quay are Roads work");
  g_assert_true (flow_is_sensitive (decline));
  flow_screenshot ("flow-resp-decline-dialog.png");
  flow_click (decline);

  toast (fixture, "Handover declined");
  /* The sender sees the reason on the case. */
  need (fixture, "label", "parks declined the handover");
  need (fixture, "label", "Reason: Sheds on the quay are Roads work");
  flow_screenshot ("flow-resp-declined.png");

  offer_to_parks (fixture);
  flow_screenshot ("flow-resp-in-transit.png");
  accept_offer (fixture);

  g_clear_pointer (&fixture->app, flow_app_stop);
  team = owner_team (fixture);
  g_assert_cmpstr (team, ==, "parks");
}

/* The accessible name of the first label containing @words. */
static char *
label_text (Fixture    *fixture,
            const char *words)
{
  g_autoptr(AtspiAccessible) label = need (fixture, "label", words);

  return atspi_accessible_get_name (label, NULL);
}

static void
clock_pause_resume (Fixture *fixture)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *paused_from = days_ago (7);

  click (fixture, "page tab", "Clock");
  before = label_text (fixture, "Time limit: 20 working days");
  /* The clock audit, in words. */
  need (fixture, "label", "1 of 1 extension left");
  flow_screenshot ("flow-resp-clock.png");

  click (fixture, "push button", "Pause Clock…");
  need (fixture, "dialog", "Pause Clock?");
  type_into (fixture, "From", paused_from);
  click_in (fixture, "dialog", "Pause Clock?", "Pause Clock");
  toast (fixture, "Clock paused");
  need (fixture, "label", "Paused since");

  click (fixture, "push button", "Resume Clock");
  toast (fixture, "Clock resumed");
  need (fixture, "label", "not counted, paused (waiting for the applicant");
  after = label_text (fixture, "Time limit: 20 working days");
  flow_screenshot ("flow-resp-clock-moved.png");
  g_test_message ("before: %s; after: %s", before, after);
  /* The deadline moved by the paused days. */
  g_assert_cmpstr (before, !=, after);
}

static void
record_decision (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) sign = NULL;

  click (fixture, "push button", "Record Decision…");
  dialog = flow_find_window (fixture->app, "Record Decision");
  g_assert_nonnull (dialog);
  sign = need (fixture, "push button", "Sign Decision");
  type_into (fixture, "Mandate", "Mayor and aldermen");
  type_into (fixture, "Law", "Environment Act");
  type_into (fixture, "Article", "5.2");
  type_into (fixture, "Paragraph", "1");
  type_into (fixture, "Version in Force", "2024-01-01");
  type_into (fixture, "Rationale", "The shed fits the zoning plan.");
  type_into (fixture, "Effect Date", "2024-11-14");
  /* The objection deadline follows the effect date: 42 calendar days, and
   * 26 December is a public holiday. */
  need (fixture, "label", "27 December 2024");
  g_assert_true (flow_is_sensitive (sign));
  flow_screenshot ("flow-resp-decision-dialog.png");
  flow_click (sign);
  click_in (fixture, "dialog", "Sign This Decision?", "Sign");
  toast (fixture, "Decision signed");

  click (fixture, "page tab", "Decisions");
  need (fixture, "label", "Legal basis: Environment Act, art. 5.2(1), version in force on "
                          "1 January 2024");
  need (fixture, "label", "Permit granted");
  need (fixture, "label", "Decided by");
  flow_screenshot ("flow-resp-decisions.png");
}

/* One window for both, to keep the suite short. */
static void
test_decision_and_clock (Fixture       *fixture,
                         gconstpointer  data)
{
  open_case (fixture);
  record_decision (fixture);
  clock_pause_resume (fixture);
}

/* Approves Ana Ruiz's decision as the second person. */
static void
approve_colleague (Fixture *fixture)
{
  click (fixture, "page tab", "Decisions");
  need (fixture, "label", "Awaiting your approval as the second person.");
  need (fixture, "label", "Awaiting approval");
  click (fixture, "push button", "Approve…");
  need (fixture, "dialog", "Approve This Decision?");
  flow_screenshot ("flow-resp-approve-dialog.png");
  click_in (fixture, "dialog", "Approve This Decision?", "Approve");
  need (fixture, "label", "Final, approved by");
  g_assert_true (flow_wait_gone (fixture->app->app, "push button", "Approve…"));
}

/* Signing with no law names the law next to its field and writes nothing;
 * the effect date is typed in words and its deadline follows. */
static void
record_own (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autoptr(AtspiAccessible) confirm = NULL;
  g_autoptr(AtspiAccessible) menu = NULL;
  g_autoptr(AtspiAccessible) toggle = NULL;

  click (fixture, "push button", "Record Decision…");
  dialog = flow_find_window (fixture->app, "Record Decision");
  g_assert_nonnull (dialog);
  type_into (fixture, "Mandate", "Mayor and aldermen");
  type_into (fixture, "Article", "5.2");
  type_into (fixture, "Version in Force", "1 January 2024");
  type_into (fixture, "Rationale", "The shed fits the zoning plan.");
  type_into (fixture, "Effect Date", "12 November 2024");
  need (fixture, "label", "24 December 2024");
  click (fixture, "push button", "Sign Decision");
  need (fixture, "label", "Required: the law this decision rests on");
  confirm = flow_find (fixture->app->app, "dialog", "Sign This Decision?", FALSE);
  g_assert_null (confirm);
  flow_screenshot ("flow-resp-decision-missing-law.png");
  type_into (fixture, "Law", "Environment Act");

  /* The calendar opens on the typed day (GtkMenuButton's inner toggle
   * button is the one that clicks). Picking a day needs the pointer or the
   * keyboard in the popover, which XTest cannot reach without a window
   * manager: tests/test-date-entry.c picks one in-process. */
  menu = need (fixture, "push button", "Choose Date");
  toggle = atspi_accessible_get_child_at_index (menu, 0, NULL);
  g_assert_nonnull (toggle);
  flow_click (toggle);
  g_usleep (G_USEC_PER_SEC / 2);
  flow_screenshot ("flow-resp-decision-calendar.png");
  flow_click (toggle);
  type_into (fixture, "Effect Date", "13 November 2024");
  /* Its deadline past Christmas. */
  need (fixture, "label", "27 December 2024");
  g_assert_true (flow_wait_gone (fixture->app->app, "label",
                                 "Required: the law this decision rests on"));
  flow_screenshot ("flow-resp-decision-date-picked.png");
  click (fixture, "push button", "Sign Decision");
  click_in (fixture, "dialog", "Sign This Decision?", "Sign");
  /* No toast check: under load it may be gone before the tree is read. */
  need (fixture, "label", "You recorded this decision, so you cannot approve it.");
}

/* Amend… opens the editor prefilled; a reason is required. */
static void
amend_own (Fixture *fixture)
{
  g_autoptr(AtspiAccessible) dialog = NULL;
  g_autofree char *line = NULL;

  /* Newest first: the first Amend… is on our own decision. */
  click (fixture, "push button", "Amend…");
  dialog = flow_find_window (fixture->app, "Amend Decision");
  g_assert_nonnull (dialog);
  /* Only the article is typed: the law and the version in force that the
   * card shows afterwards come from the prefilled fields. */
  type_into (fixture, "Article", "5.3");
  click (fixture, "push button", "Sign Amendment");
  need (fixture, "label", "Required: why the decision is amended");
  type_into (fixture, "Reason for Amending", "Article 5.3 covers sheds");
  flow_screenshot ("flow-resp-amend-dialog.png");
  click (fixture, "push button", "Sign Amendment");
  click_in (fixture, "dialog", "Sign This Amendment?", "Sign");
  line = g_strdup_printf ("by %s: Article 5.3 covers sheds", g_get_user_name ());
  need (fixture, "label", line);
}

static void
test_four_eyes (Fixture       *fixture,
                gconstpointer  data)
{
  open_case (fixture);
  approve_colleague (fixture);
  record_own (fixture);
  amend_own (fixture);
  need (fixture, "label", "Legal basis: Environment Act, art. 5.3, version in force on "
                          "1 January 2024");
  need (fixture, "label", ": Article 5.3 covers sheds");
  need (fixture, "label", "Final, approved by");
  flow_screenshot ("flow-resp-decisions-four-eyes.png");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  flow_init ();

  g_test_add ("/ui/flow-resp/handover", Fixture, NULL, set_up, test_handover, tear_down);
  g_test_add ("/ui/flow-resp/decision-and-clock", Fixture, NULL, set_up,
              test_decision_and_clock, tear_down);
  g_test_add ("/ui/flow-resp/four-eyes", Fixture, "four-eyes", set_up, test_four_eyes,
              tear_down);

  return g_test_run ();
}
