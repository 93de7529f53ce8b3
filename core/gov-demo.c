/* gov-demo.c: a realistic demo office, made through the public domain API
 *
 * Every row the demo leaves is a signed event, written by gov-case.h calls
 * exactly as a caseworker's actions would be; the open conflict comes from
 * a second enrolled device whose concurrent edit is ingested like a sync.
 * The content is drawn from a seeded GRand, so a seed gives the same office
 * on the same day (ids and signatures differ: they come from fresh keys and
 * UUIDs; dates are counted back from today).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gov-case.h"
#include "gov-case-clock.h"
#include "gov-case-due.h"
#include "gov-case-query.h"
#include "gov-decision.h"
#include "gov-demo.h"
#include "gov-demo-private.h"
#include "gov-handover.h"
#include "gov-replica.h"

/* The lighter of the vault's two key-derivation settings (as for low-RAM
 * field laptops): a demo passphrase protects nothing real, and the demo
 * must open quickly. */
#define DEMO_STRENGTH GOV_KDF_STRENGTH_INTERACTIVE

typedef struct
{
  const char *category;
  const char *area;
  const char *title;
  const char *location;
} Template;

static const Template templates[] = {
  { "building_permit", NULL, "Dormer window on a listed house", "Herengracht 112" },
  { "building_permit", NULL, "Extension at the back of a shop", "Dijkstraat 4" },
  { "event_permit", NULL, "Street party on King's Day", "Lindenplein" },
  { "event_permit", NULL, "Open-air concert in the harbour park", "Harbour Park" },
  { "terrace_permit", NULL, "Larger café terrace for the summer", "Vismarkt 9" },
  { "mooring", "District North", "Houseboat moored without a permit", "Noorderkade 31" },
  { "mooring", NULL, "Request for a mooring place", "Westerdok jetty 3" },
  { "canal_litter", "District North", "Bicycles dumped in the canal", "Brouwersgracht bridge 52" },
  { "canal_litter", NULL, "Oil film on the water", "Oostelijke Handelskade" },
  { "quay_damage", "District North", "Quay wall is subsiding", "Noorderkade 14" },
  { "quay_damage", NULL, "Loose stones in the quay edge", "Prins Hendrikkade 70" },
  { "streetlight", NULL, "Streetlight out for a week", "Lijnbaansgracht 200" },
  { "streetlight", NULL, "Lamp post leaning after a collision", "Marnixstraat 18" },
  { "graffiti", NULL, "Graffiti on the school wall", "Bloemstraat 2" },
  { "litter", NULL, "Overflowing bins at the playground", "Westerpark playground" },
  { "pothole", NULL, "Deep pothole in the cycle lane", "Haarlemmerweg 310" },
  { "sewer", NULL, "Sewer smell after rain", "Spaarndammerstraat 41" },
  { "bridge", NULL, "Bridge does not close fully", "Bridge 284" },
  { "illegal_dumping", NULL, "Furniture left on the pavement", "Van Hallstraat 12" },
  { "parking", NULL, "Van parked on the cycle path every night", "Zaandammerplein" },
  { "noise", NULL, "Loud music from a boat at night", "Westerdok" },
  { "noise", NULL, "Construction noise before 7 in the morning", "Houtmankade 8" },
};

static const char *const channels[] = { "counter", "phone", "email", "web", "on_site" };

static const char *const requesters[] = {
  "Mila de Vries", "Daan Jansen", "Sophie Bakker", "Noah Visser", "Emma Smit",
  "Lucas Meijer", "Julia de Boer", "Sem Mulder", "Tess de Groot", "Finn Bos",
  "Harbour Residents' Association", "Café De Kade", "Westerpark Primary School",
  "Noorderkade Houseboat Owners",
};

static const char *const clerks[] = {
  "Ana Ruiz", "Ben Okafor", "Carla Jansen", "Dirk Peeters", "Eva Lindqvist",
};

static const char *const notes[] = {
  "Called the requester back; they will send photos.",
  "Inspector visited the site; the situation is as described.",
  "Asked the contractor for a planning of the repair.",
  "Requester was told that we expect to decide within four weeks.",
  "Checked the permit register: no permit on file for this address.",
};

static const struct { const char *domain, *category, *area, *team; } rules[] = {
  { "permits", NULL, NULL, "Permits Team" },
  { "waterways", NULL, NULL, "Waterways Team" },
  { "waterways", NULL, "District North", "Waterways North Team" },
  { "public_space", NULL, NULL, "Public Space Team" },
  { "infrastructure", NULL, NULL, "Infrastructure Team" },
  { "enforcement", NULL, NULL, "Enforcement Team" },
  { "enforcement", "noise", NULL, "Environment Team" },
};

static const char *
pick (GRand              *rand,
      const char * const *list,
      guint               n)
{
  return list[g_rand_int_range (rand, 0, n)];
}

#define PICK(rand, array) pick ((rand), (array), G_N_ELEMENTS (array))

static const char *
domain_of (const char *category)
{
  guint n;
  const GovCatalogueEntry *cats = gov_case_catalogue_categories (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (cats[i].id, category))
      return cats[i].parent;
  g_assert_not_reached ();
}

static gboolean
dir_is_empty (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

  return d == NULL || g_dir_read_name (d) == NULL;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static gboolean
add_rules (GovReplica  *hub,
           GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autofree char *id = gov_routing_add (hub, rules[i].domain, rules[i].category,
                                             rules[i].area, rules[i].team, error);
      if (id == NULL)
        return FALSE;
    }
  return TRUE;
}

/* --- A made-up history ------------------------------------------------
 *
 * Every action of the demo is first put on a schedule with its time in
 * the past ~four months, then the schedule is played in time order with
 * the ledger's wall clock set to each action's time (a GovHlcWallFunc),
 * so the events carry believable, ordered times and the derived clocks
 * see cases of every age. Actions that would fall after now never happen.
 */

#define DAY_MS        G_GINT64_CONSTANT (86400000)
#define HOUR_MS       G_GINT64_CONSTANT (3600000)
#define DEMO_SPAN     120    /* days of history */

typedef struct
{
  gint64 now_ms;
} DemoClock;

static gint64
demo_wall (gpointer data)
{
  return ((DemoClock *) data)->now_ms;
}

typedef enum
{
  ACT_OPEN,
  ACT_WORK,
  ACT_CLOSE,
  ACT_PAUSE,
  ACT_RESUME,
  ACT_EXTEND,
  ACT_DECIDE,
  ACT_OFFER,
  ACT_ACCEPT,
} ActKind;

typedef struct
{
  const Template *t;
  const char     *type_id;    /* nullable: untyped cases have a due date */
  int             due_in;     /* days after opening, for untyped cases */
  gint64          opened_ms;
  char           *number;
  gboolean        closed;
} DemoCase;

typedef struct
{
  gint64    ms;
  guint     seq;
  ActKind   kind;
  DemoCase *c;
  int       arg;
} Act;

typedef struct
{
  GovReplica    *hub;
  GRand         *rand;
  const char    *me;
  GovDemoReport *report;
  DemoClock     *clock;
  gint64         today_ms;   /* local midnight of today */
  GPtrArray     *cases;      /* DemoCase */
  GArray        *acts;       /* Act */
} Demo;

static void
demo_case_free (DemoCase *c)
{
  g_free (c->number);
  g_free (c);
}

static void
schedule (Demo     *demo,
          DemoCase *c,
          ActKind   kind,
          gint64    ms,
          int       arg)
{
  Act act = { ms, demo->acts->len, kind, c, arg };

  if (ms < demo->clock->now_ms)
    g_array_append_val (demo->acts, act);
}

static int
compare_acts (gconstpointer a,
              gconstpointer b)
{
  const Act *x = a, *y = b;

  if (x->ms != y->ms)
    return x->ms < y->ms ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
date_of (gint64  ms,
         GDate  *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (ms / 1000);

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (dt), g_date_time_get_month (dt),
                  g_date_time_get_year (dt));
}

/* Office hours on the day @days_ago before today. */
static gint64
office_time (Demo *demo,
             int   days_ago)
{
  return demo->today_ms - days_ago * DAY_MS + 8 * HOUR_MS
         + g_rand_int_range (demo->rand, 0, 8 * 60) * 60000;
}

static const char *
type_of (const Template *t)
{
  if (g_str_has_suffix (t->category, "_permit") ||
      (g_str_equal (t->category, "mooring") && t->area == NULL))
    return GOV_DEMO_PERMIT;
  if (g_str_equal (t->category, "noise") || g_str_equal (t->category, "parking"))
    return GOV_DEMO_COMPLAINT;
  return NULL;
}

static DemoCase *
add_case (Demo           *demo,
          const Template *t,
          gint64          opened_ms)
{
  DemoCase *c = g_new0 (DemoCase, 1);

  c->t = t;
  c->type_id = type_of (t);
  c->due_in = g_rand_int_range (demo->rand, 10, 60);
  c->opened_ms = opened_ms;
  g_ptr_array_add (demo->cases, c);
  schedule (demo, c, ACT_OPEN, opened_ms, 0);
  return c;
}

static const Template *
template_titled (const char *title)
{
  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    if (g_str_equal (templates[i].title, title))
      return &templates[i];
  g_assert_not_reached ();
}

/* An ordinary case: picked up within a day or two, sometimes paused for
 * the applicant, and the older it is the likelier it is closed. */
static void
plan_random_case (Demo *demo,
                  guint i,
                  guint n)
{
  const Template *t = &templates[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (templates))];
  int days_ago = DEMO_SPAN - (int) ((gint64) i * DEMO_SPAN / MAX (n, 1));
  DemoCase *c = add_case (demo, t, office_time (demo, days_ago));
  gint64 pause;

  schedule (demo, c, ACT_WORK, c->opened_ms + g_rand_int_range (demo->rand, 1, 30) * HOUR_MS, 0);
  if (g_strcmp0 (c->type_id, GOV_DEMO_PERMIT) == 0 && g_rand_double (demo->rand) < 0.25)
    {
      pause = c->opened_ms + g_rand_int_range (demo->rand, 5, 15) * DAY_MS;
      schedule (demo, c, ACT_PAUSE, pause, 0);
      schedule (demo, c, ACT_RESUME, pause + g_rand_int_range (demo->rand, 5, 20) * DAY_MS, 0);
    }
  if (g_rand_double (demo->rand) < 0.9 * days_ago / DEMO_SPAN)
    schedule (demo, c, ACT_CLOSE,
              c->opened_ms + g_rand_int_range (demo->rand, 3, MAX (4, days_ago)) * DAY_MS,
              g_rand_double (demo->rand) < 0.3);
}

/* The opening day whose permit deadline is about @ahead working days
 * from today. */
static int
permit_days_ago (Demo        *demo,
                 GovCalendar *cal,
                 int          ahead)
{
  GDate d;
  int working = 0, back = 0;

  date_of (demo->today_ms, &d);
  gov_calendar_next_working_day (cal, &d);
  for (int i = 0; i < ahead; i++)
    {
      g_date_add_days (&d, 1);
      gov_calendar_next_working_day (cal, &d);
    }
  while (working < GOV_DEMO_PERMIT_WORKING_DAYS)
    {
      g_date_subtract_days (&d, 1);
      if (gov_calendar_is_working_day (cal, &d))
        working++;
    }
  {
    GDate today;

    date_of (demo->today_ms, &today);
    back = g_date_days_between (&d, &today);
  }
  return back;
}

/* Cases that show every state whatever the number of random cases:
 * overdue, due within three days, paused, extended, decided, and handed
 * over (one in transit, one accepted). */
static DemoCase *
add_story (Demo       *demo,
           const char *title,
           int         days_ago)
{
  DemoCase *c = add_case (demo, template_titled (title), office_time (demo, days_ago));

  schedule (demo, c, ACT_WORK, c->opened_ms + 2 * HOUR_MS, 0);
  return c;
}

static void
plan_story_cases (Demo        *demo,
                  GovCalendar *cal)
{
  DemoCase *c;

  add_story (demo, "Dormer window on a listed house", 85);
  add_story (demo, "Extension at the back of a shop", permit_days_ago (demo, cal, 2));
  add_story (demo, "Loud music from a boat at night", 40);
  add_story (demo, "Van parked on the cycle path every night", 52);

  c = add_story (demo, "Construction noise before 7 in the morning", 24);
  schedule (demo, c, ACT_PAUSE, office_time (demo, 6), 0);
  c = add_story (demo, "Open-air concert in the harbour park", 70);
  schedule (demo, c, ACT_EXTEND, office_time (demo, 20), 20);

  c = add_story (demo, "Larger café terrace for the summer", 64);
  schedule (demo, c, ACT_DECIDE, office_time (demo, 30), 0);
  schedule (demo, c, ACT_CLOSE, office_time (demo, 29), 0);
  c = add_story (demo, "Request for a mooring place", 45);
  schedule (demo, c, ACT_DECIDE, office_time (demo, 3), 0);

  c = add_story (demo, "Furniture left on the pavement", 12);
  schedule (demo, c, ACT_OFFER, office_time (demo, 1), 0);
  c = add_story (demo, "Bicycles dumped in the canal", 30);
  schedule (demo, c, ACT_OFFER, office_time (demo, 9), 0);
  schedule (demo, c, ACT_ACCEPT, office_time (demo, 8), 0);
}

static gboolean
open_case (Demo      *demo,
           DemoCase  *c,
           GError   **error)
{
  const Template *t = c->t;
  g_autofree char *description = g_strdup_printf ("%s. Reported at %s.", t->title, t->location);
  g_autofree char *due = NULL;
  g_autofree char *id = NULL;
  GovCaseIntake in = {
    .channel = PICK (demo->rand, channels), .requester = PICK (demo->rand, requesters),
    .title = t->title, .description = description, .location = t->location,
    .domain = domain_of (t->category), .category = t->category, .area = t->area,
  };
  GDate opened;

  date_of (c->opened_ms, &opened);
  if (c->type_id == NULL)
    {
      GDate d = opened;

      g_date_add_days (&d, c->due_in);
      in.due = due = gov_date_to_iso (&d);
    }
  gov_replica_set_actor (demo->hub, PICK (demo->rand, clerks));
  id = gov_case_create (demo->hub, &in, &c->number, error);
  return id != NULL &&
         (c->type_id == NULL ||
          gov_case_clock_set_type (demo->hub, c->number, c->type_id, &opened, error));
}

/* Assignment, progress and notes after intake; now and then a case stays
 * in the team's queue. */
static gboolean
work_on_case (Demo      *demo,
              DemoCase  *c,
              GError   **error)
{
  GRand *rand = demo->rand;
  const char *clerk = PICK (rand, clerks);
  const char *assignee = g_rand_double (rand) < 0.25 ? demo->me : clerk;

  if (g_rand_double (rand) < 0.1)
    return TRUE;
  gov_replica_set_actor (demo->hub, clerk);
  return gov_case_assign (demo->hub, c->number, assignee, NULL, error) &&
         (g_rand_double (rand) >= 0.6 ||
          gov_case_set_field (demo->hub, c->number, "status",
                              g_rand_boolean (rand) ? "in_progress" : "open",
                              "Picked up from the team queue", error)) &&
         (g_rand_double (rand) >= 0.3 ||
          gov_case_add_note (demo->hub, c->number, PICK (rand, notes),
                             g_rand_double (rand) < 0.3, error)) &&
         (g_rand_double (rand) >= 0.1 ||
          gov_case_assign (demo->hub, c->number, PICK (rand, clerks), "Covering during leave",
                           error));
}

static gboolean
close_case (Demo      *demo,
            DemoCase  *c,
            gboolean   first_contact,
            GError   **error)
{
  if (!gov_case_close (demo->hub, c->number, "resolved", first_contact,
                       first_contact ? "Answered at the counter" : NULL, error))
    return FALSE;
  c->closed = TRUE;
  demo->report->n_closed++;
  return TRUE;
}

static gboolean
decide (Demo      *demo,
        DemoCase  *c,
        GError   **error)
{
  g_autofree char *effect = NULL;
  g_autofree char *id = NULL;
  GDate today;
  GovDecisionInput in = {
    .decision_type = "grant", .decided_by = "Ana Ruiz", .mandate = "Mayor and aldermen",
    .legal_basis = { "Omgevingswet", "5.1", "1", "2024-01-01" },
    .rationale = "The plan fits the zoning plan and the neighbours raised no objection",
  };

  date_of (demo->clock->now_ms, &today);
  in.effect_date = effect = gov_date_to_iso (&today);
  gov_replica_set_actor (demo->hub, "Ana Ruiz");
  id = gov_decision_record (demo->hub, c->number, &in, error);
  return id != NULL;
}

static gboolean
offer (Demo      *demo,
       DemoCase  *c,
       GError   **error)
{
  static const char * const promises[] = { "The requester was told it moves to you", NULL };
  static const char * const risks[] = { "The requester has phoned twice", NULL };
  GovHandoverOffer o = {
    .to_team = g_str_equal (c->t->category, "canal_litter") ? "Waterways Team"
                                                             : "Public Space Team",
    .reason = "This belongs with the team that clears it", .promises = promises,
    .risks = risks, .first_steps = "Visit the site this week",
  };
  g_autofree char *id = gov_handover_offer (demo->hub, c->number, &o, error);

  return id != NULL;
}

static gboolean
play (Demo      *demo,
      Act       *act,
      GError   **error)
{
  DemoCase *c = act->c;
  GDate day;

  demo->clock->now_ms = act->ms;
  date_of (act->ms, &day);
  if (act->kind != ACT_OPEN && (c->number == NULL || c->closed))
    return TRUE;
  switch (act->kind)
    {
    case ACT_OPEN:
      return open_case (demo, c, error);
    case ACT_WORK:
      return work_on_case (demo, c, error);
    case ACT_CLOSE:
      return close_case (demo, c, act->arg, error);
    case ACT_PAUSE:
      return gov_case_clock_pause (demo->hub, c->number, &day,
                                   g_str_equal (c->type_id, GOV_DEMO_PERMIT)
                                   ? "missing-information" : "hearing", error);
    case ACT_RESUME:
      return gov_case_clock_resume (demo->hub, c->number, &day, error);
    case ACT_EXTEND:
      return gov_case_clock_extend (demo->hub, c->number, &day, act->arg,
                                    "Advice from the heritage committee is needed", error);
    case ACT_DECIDE:
      return decide (demo, c, error);
    case ACT_OFFER:
      return offer (demo, c, error);
    case ACT_ACCEPT:
      return gov_handover_accept (demo->hub, c->number, NULL, "Waterways Team", error);
    default:
      g_assert_not_reached ();
    }
}

/* Counts the open cases that are overdue or due within three days, the
 * way the Overdue view decides: by the derived legal time limit (in its own
 * unit) for cases with a case type, by the working days to the due date
 * for the others (gov-case-due.c). */
static void
count_deadlines (Demo *demo)
{
  GDate today;

  date_of (demo->today_ms, &today);
  for (guint i = 0; i < demo->cases->len; i++)
    {
      DemoCase *c = g_ptr_array_index (demo->cases, i);
      g_autoptr(GovCaseClock) clock = NULL;
      GDate due;
      int left;

      if (c->number == NULL || c->closed)
        continue;
      if (c->type_id != NULL)
        {
          clock = gov_case_clock_get (demo->hub, c->number, &today, NULL);
          if (clock != NULL && clock->result->legal.state == GOV_CLOCK_STATE_OVERDUE)
            demo->report->n_overdue++;
          else if (clock != NULL && clock->result->legal.state == GOV_CLOCK_STATE_RUNNING &&
                   clock->result->legal.left <= 3)
            demo->report->n_due_soon++;
          continue;
        }
      date_of (c->opened_ms, &due);
      g_date_add_days (&due, c->due_in);
      left = gov_working_days_between (&today, &due);
      if (left < 0)
        demo->report->n_overdue++;
      else if (left <= 3)
        demo->report->n_due_soon++;
    }
}

static gboolean
create_cases (Demo         *demo,
              GovCalendar  *cal,
              guint         n_cases,
              GError      **error)
{
  for (guint i = 0; i < n_cases; i++)
    plan_random_case (demo, i, n_cases);
  plan_story_cases (demo, cal);
  g_array_sort (demo->acts, compare_acts);

  for (guint i = 0; i < demo->acts->len; i++)
    if (!play (demo, &g_array_index (demo->acts, Act, i), error))
      return FALSE;
  demo->report->n_cases += demo->cases->len;
  count_deadlines (demo);
  return TRUE;
}

static gboolean
copy_events (GovReplica  *from,
             GovReplica  *to,
             GError     **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GovIngestReport rep = { 0 };

  return gov_ledger_export (gov_replica_get_ledger (from), NULL, lines, error) &&
         gov_ledger_ingest (gov_replica_get_ledger (to), lines, 0, "demo-laptop", &rep, error);
}

/* Two devices change the same field of one case without seeing each other's
 * change; after the laptop's events arrive, the hub holds two values. */
static gboolean
make_conflict (GovReplica     *hub,
               const char     *passphrase,
               GovDemoReport  *report,
               GError        **error)
{
  g_autofree char *tmp = g_dir_make_tmp ("govserv-demo-laptop-XXXXXX", error);
  g_autofree char *dir = NULL;
  g_autofree char *root = NULL;
  g_autofree char *short_id = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GovReplica) laptop = NULL;
  GovCaseIntake in = {
    .channel = "on_site", .requester = "Noorderkade Houseboat Owners",
    .title = "Quay wall is subsiding near the houseboats",
    .description = "Quay wall is subsiding near the houseboats. Cracks grew since last month.",
    .location = "Noorderkade 14", .domain = "waterways", .category = "quay_damage",
    .area = "District North",
  };
  g_autofree char *id = NULL;
  gboolean ok;

  if (tmp == NULL)
    return FALSE;
  dir = g_build_filename (tmp, "laptop", NULL);
  root = gov_replica_dup_office_root_pk (hub);

  gov_replica_set_actor (hub, "Ana Ruiz");
  id = gov_case_create (hub, &in, &number, error);
  ok = id != NULL;
  if (ok)
    laptop = gov_replica_create_joining (dir, passphrase, root, DEMO_STRENGTH, NULL, error);
  ok = ok && laptop != NULL;
  if (ok)
    short_id = gov_replica_enroll_device (hub, gov_identity_get_device_pk_b64 (
                                            gov_replica_get_identity (laptop)),
                                          "field", "Inspector laptop", error);
  ok = ok && short_id != NULL && copy_events (hub, laptop, error);
  if (ok)
    {
      gov_replica_set_actor (laptop, "Ben Okafor");
      ok = gov_case_set_field (hub, number, "location", "Noorderkade 14, east side",
                               "The requester phoned with the exact spot", error) &&
           gov_case_set_field (laptop, number, "location", "Noorderkade 41, by the bridge",
                               "Measured on site", error) &&
           copy_events (laptop, hub, error);
    }
  g_clear_pointer (&laptop, gov_replica_close);
  remove_tree (tmp);

  if (ok)
    {
      report->n_cases++;
      report->conflict_number = g_steal_pointer (&number);
    }
  return ok;
}

/**
 * gov_demo_create:
 * @dir: a directory that does not exist yet or is empty
 * @passphrase: the passphrase of the new replica
 * @n_cases: how many ordinary cases to make
 * @seed: the seed of the content
 * @me: (nullable): the actor who will open the demo; about a quarter of the
 *   assigned cases go to them, so that "My Cases" is not empty
 * @report: (out caller-allocates): what was made; clear with
 *   gov_demo_report_clear()
 * @error: return location
 *
 * Creates the hub replica of "Harbour Office" with routing rules, the NL
 * holiday calendar and two case types, and about four months of history:
 * cases across five domains opened day by day, notes, reassignments, pauses,
 * an extension, two decisions, a handover in transit and one accepted,
 * closed cases, cases overdue by their derived clocks or due within days,
 * and one open conflict. Events carry the time of the story (the ledger's
 * wall clock is the demo's), so the office looks lived in. Refuses to touch
 * a directory that holds anything.
 */
gboolean
gov_demo_create (const char     *dir,
                 const char     *passphrase,
                 guint           n_cases,
                 guint32         seed,
                 const char     *me,
                 GovDemoReport  *report,
                 GError        **error)
{
  g_autoptr(GovReplica) hub = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GovCalendar) cal = NULL;
  g_autofree char *owner = NULL;
  DemoClock clock = { g_date_time_to_unix (now) * 1000 };
  Demo demo = { .rand = rand, .report = report, .clock = &clock };
  gboolean ok;

  g_return_val_if_fail (dir != NULL && passphrase != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (!dir_is_empty (dir))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_EXISTS,
                   _("%s is not empty; the demo only creates a new replica"), dir);
      return FALSE;
    }

  midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                    g_date_time_get_day_of_month (now), 0, 0, 0);
  demo.today_ms = g_date_time_to_unix (midnight) * 1000;
  /* The office is founded, and its rules and case types set up, the day
   * before the oldest case. */
  clock.now_ms = demo.today_ms - (DEMO_SPAN + 1) * DAY_MS + 8 * HOUR_MS;
  hub = gov_replica_create_with_clock (dir, passphrase, GOV_DEMO_OFFICE_NAME,
                                       GOV_DEMO_OFFICE_CODE, DEMO_STRENGTH, NULL,
                                       demo_wall, &clock, error);
  if (hub == NULL)
    return FALSE;
  /* A copy: the actor changes as the demo plays different caseworkers. */
  owner = g_strdup (me != NULL ? me : gov_replica_get_actor (hub));
  demo.hub = hub;
  demo.me = owner;
  demo.cases = g_ptr_array_new_with_free_func ((GDestroyNotify) demo_case_free);
  demo.acts = g_array_new (FALSE, FALSE, sizeof (Act));
  cal = _gov_demo_nl_calendar (g_date_time_get_year (now) - 1, g_date_time_get_year (now) + 1);

  ok = add_rules (hub, error) && _gov_demo_store_types (hub, cal, error);
  /* Schedules only what happens before now, then plays it. */
  clock.now_ms = g_date_time_to_unix (now) * 1000;
  ok = ok && create_cases (&demo, cal, n_cases, error);
  /* The conflict happens now, on the system clock. */
  gov_ledger_set_wall_clock (gov_replica_get_ledger (hub), NULL, NULL);
  ok = ok && make_conflict (hub, passphrase, report, error);

  g_ptr_array_unref (demo.cases);
  g_array_unref (demo.acts);
  return ok;
}

void
gov_demo_report_clear (GovDemoReport *report)
{
  g_clear_pointer (&report->conflict_number, g_free);
}
