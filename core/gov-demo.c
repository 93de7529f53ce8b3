/* gov-demo.c: a realistic demo office, made through the public domain API
 *
 * Every row the demo leaves is a signed event, written by gov-case.h calls
 * exactly as a caseworker's actions would be; the open conflict comes from
 * a second enrolled device whose concurrent edit is ingested like a sync.
 * The content is drawn from a seeded GRand, so a seed gives the same office
 * (ids and signatures differ: they come from fresh keys and UUIDs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gov-case.h"
#include "gov-case-query.h"
#include "gov-demo.h"
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

static char *
due_date (GDateTime *today,
          int        days)
{
  g_autoptr(GDateTime) due = g_date_time_add_days (today, days);

  return g_date_time_format (due, "%Y-%m-%d");
}

/* What happens to a case after intake: assignment, progress, notes, a
 * reassignment now and then, and closing for some. */
static gboolean
work_on_case (GovReplica     *hub,
              GRand          *rand,
              const char     *number,
              const char     *me,
              GovDemoReport  *report,
              gboolean       *closed,
              GError        **error)
{
  const char *clerk = PICK (rand, clerks);
  double roll = g_rand_double (rand);
  const char *assignee = roll < 0.25 ? me : clerk;

  *closed = FALSE;
  if (g_rand_double (rand) < 0.1)
    return TRUE;   /* still waiting in the team's queue */

  gov_replica_set_actor (hub, clerk);
  if (!gov_case_assign (hub, number, assignee, NULL, error))
    return FALSE;
  if (g_rand_double (rand) < 0.6 &&
      !gov_case_set_field (hub, number, "status",
                           g_rand_boolean (rand) ? "in_progress" : "open",
                           "Picked up from the team queue", error))
    return FALSE;
  if (g_rand_double (rand) < 0.3 &&
      !gov_case_add_note (hub, number, PICK (rand, notes), g_rand_double (rand) < 0.3, error))
    return FALSE;
  if (g_rand_double (rand) < 0.1 &&
      !gov_case_assign (hub, number, PICK (rand, clerks), "Covering during leave", error))
    return FALSE;
  if (g_rand_double (rand) < 0.15)
    {
      gboolean first = g_rand_double (rand) < 0.3;

      if (!gov_case_close (hub, number, "resolved", first, first ? "Answered at the counter" : NULL,
                           error))
        return FALSE;
      *closed = TRUE;
      report->n_closed++;
    }
  return TRUE;
}

static gboolean
create_cases (GovReplica     *hub,
              GRand          *rand,
              guint           n_cases,
              const char     *me,
              GovDemoReport  *report,
              GError        **error)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();

  for (guint i = 0; i < n_cases; i++)
    {
      const Template *t = &templates[g_rand_int_range (rand, 0, G_N_ELEMENTS (templates))];
      int due_in = g_rand_int_range (rand, -20, 45);
      g_autofree char *due = due_date (today, due_in);
      g_autofree char *description = g_strdup_printf ("%s. Reported at %s.", t->title,
                                                      t->location);
      GovCaseIntake in = {
        .channel = PICK (rand, channels),
        .requester = PICK (rand, requesters),
        .title = t->title,
        .description = description,
        .location = t->location,
        .domain = domain_of (t->category),
        .category = t->category,
        .area = t->area,
        .due = due,
      };
      g_autofree char *number = NULL;
      g_autofree char *id = NULL;
      gboolean closed;

      gov_replica_set_actor (hub, PICK (rand, clerks));
      id = gov_case_create (hub, &in, &number, error);
      if (id == NULL)
        return FALSE;
      if (!work_on_case (hub, rand, number, me, report, &closed, error))
        return FALSE;
      report->n_cases++;
      if (!closed && due_in < 0)
        report->n_overdue++;
    }
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
 * Creates the hub replica of "Harbour Office" with routing rules, cases
 * across five domains, notes, reassignments, closed and overdue cases and
 * one open conflict. Refuses to touch a directory that holds anything.
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
  g_autofree char *owner = NULL;

  g_return_val_if_fail (dir != NULL && passphrase != NULL && report != NULL, FALSE);

  memset (report, 0, sizeof *report);
  if (!dir_is_empty (dir))
    {
      g_set_error (error, GOV_REPLICA_ERROR, GOV_REPLICA_ERROR_EXISTS,
                   _("%s is not empty; the demo only creates a new replica"), dir);
      return FALSE;
    }

  hub = gov_replica_create (dir, passphrase, GOV_DEMO_OFFICE_NAME, GOV_DEMO_OFFICE_CODE,
                            DEMO_STRENGTH, NULL, error);
  if (hub == NULL)
    return FALSE;
  /* A copy: the actor changes as the demo plays different caseworkers. */
  owner = g_strdup (me != NULL ? me : gov_replica_get_actor (hub));

  return add_rules (hub, error) &&
         create_cases (hub, rand, n_cases, owner, report, error) &&
         make_conflict (hub, passphrase, report, error);
}

void
gov_demo_report_clear (GovDemoReport *report)
{
  g_clear_pointer (&report->conflict_number, g_free);
}
