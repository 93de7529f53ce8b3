/* gov-calendar.c: a jurisdiction's working-day calendar, iCalendar import, JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "gov-calendar.h"
#include "gov-json-strict.h"

/* Refuse absurd imports before doing any work on them. */
#define MAX_ICS_BYTES      (4 * 1024 * 1024)
#define MAX_HOLIDAYS       20000
#define MAX_EVENT_DAYS     366

struct _GovCalendar
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *name;
  guint            version;
  gboolean         weekend[8];  /* indexed by GDateWeekday, 1 = Monday */
  GHashTable      *holidays;    /* julian day → name (owned, may be "") */
};

G_DEFINE_QUARK (gov-calendar-error-quark, gov_calendar_error)

/* --- Dates ---------------------------------------------------------- */

/**
 * gov_date_parse_iso:
 * @text: a calendar date as "YYYY-MM-DD"
 * @date: (out caller-allocates): the parsed date
 *
 * Returns: %TRUE if @text is exactly a valid ISO 8601 calendar date
 */
gboolean
gov_date_parse_iso (const char *text,
                    GDate      *date)
{
  guint y, m, d;
  int consumed = 0;

  g_return_val_if_fail (date != NULL, FALSE);

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%n", &y, &m, &d, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * gov_date_to_iso:
 * @date: a valid date
 *
 * Returns: (transfer full): @date as "YYYY-MM-DD"
 */
char *
gov_date_to_iso (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* --- Basic API ------------------------------------------------------ */

/**
 * gov_calendar_new:
 * @id: a stable identifier of the jurisdiction's calendar ("nl")
 * @name: (nullable): its display name; @id when %NULL
 * @version: version number, bumped on every edit
 *
 * Returns: (transfer full): an empty calendar whose weekend is Saturday and
 *   Sunday
 */
GovCalendar *
gov_calendar_new (const char *id,
                  const char *name,
                  guint       version)
{
  GovCalendar *self;

  g_return_val_if_fail (id != NULL && *id != '\0', NULL);

  self = g_new0 (GovCalendar, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->id = g_strdup (id);
  self->name = g_strdup (name != NULL ? name : id);
  self->version = version;
  self->weekend[G_DATE_SATURDAY] = TRUE;
  self->weekend[G_DATE_SUNDAY] = TRUE;
  self->holidays = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  return self;
}

GovCalendar *
gov_calendar_ref (GovCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gov_calendar_unref (GovCalendar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->id);
  g_free (self->name);
  g_hash_table_unref (self->holidays);
  g_free (self);
}

const char *
gov_calendar_get_id (GovCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id;
}

const char *
gov_calendar_get_name (GovCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->name;
}

void
gov_calendar_set_name (GovCalendar *self,
                       const char  *name)
{
  g_return_if_fail (self != NULL && name != NULL);

  g_free (self->name);
  self->name = g_strdup (name);
}

guint
gov_calendar_get_version (GovCalendar *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->version;
}

void
gov_calendar_set_version (GovCalendar *self,
                          guint        version)
{
  g_return_if_fail (self != NULL);
  self->version = version;
}

void
gov_calendar_set_weekend (GovCalendar  *self,
                          GDateWeekday  weekday,
                          gboolean      is_weekend)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (g_date_valid_weekday (weekday));

  self->weekend[weekday] = !!is_weekend;
}

gboolean
gov_calendar_is_weekend (GovCalendar *self,
                         const GDate *date)
{
  g_return_val_if_fail (self != NULL && date != NULL && g_date_valid (date), FALSE);

  return self->weekend[g_date_get_weekday (date)];
}

/**
 * gov_calendar_add_holiday:
 * @self: a calendar
 * @date: the day
 * @name: (nullable): its name ("King's Day")
 *
 * Adds or renames a public holiday. A date is in the set at most once.
 */
void
gov_calendar_add_holiday (GovCalendar *self,
                          const GDate *date,
                          const char  *name)
{
  g_return_if_fail (self != NULL && date != NULL && g_date_valid (date));

  g_hash_table_replace (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)),
                        g_strdup (name != NULL ? name : ""));
}

gboolean
gov_calendar_remove_holiday (GovCalendar *self,
                             const GDate *date)
{
  g_return_val_if_fail (self != NULL && date != NULL && g_date_valid (date), FALSE);

  return g_hash_table_remove (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

/**
 * gov_calendar_get_holiday:
 * @self: a calendar
 * @date: the day
 *
 * Returns: (nullable): the holiday's name ("" when it has none), or %NULL
 *   when @date is not a holiday
 */
const char *
gov_calendar_get_holiday (GovCalendar *self,
                          const GDate *date)
{
  g_return_val_if_fail (self != NULL && date != NULL && g_date_valid (date), NULL);

  return g_hash_table_lookup (self->holidays, GUINT_TO_POINTER (g_date_get_julian (date)));
}

guint
gov_calendar_get_n_holidays (GovCalendar *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return g_hash_table_size (self->holidays);
}

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 ja = g_date_get_julian (a);
  guint32 jb = g_date_get_julian (b);

  return ja < jb ? -1 : ja > jb;
}

/**
 * gov_calendar_get_holiday_dates:
 * @self: a calendar
 *
 * Returns: (transfer full) (element-type GDate): the holidays in date order,
 *   so that every replica lists and stores them the same way
 */
GArray *
gov_calendar_get_holiday_dates (GovCalendar *self)
{
  GArray *dates;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, NULL);

  dates = g_array_sized_new (FALSE, TRUE, sizeof (GDate), g_hash_table_size (self->holidays));
  g_hash_table_iter_init (&iter, self->holidays);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GDate d;

      g_date_clear (&d, 1);
      g_date_set_julian (&d, GPOINTER_TO_UINT (key));
      g_array_append_val (dates, d);
    }
  g_array_sort (dates, compare_julian);
  return dates;
}

GovCalendarDay
gov_calendar_classify_day (GovCalendar *self,
                           const GDate *date)
{
  g_return_val_if_fail (self != NULL && date != NULL && g_date_valid (date),
                        GOV_CALENDAR_DAY_WORKING);

  if (gov_calendar_get_holiday (self, date) != NULL)
    return GOV_CALENDAR_DAY_HOLIDAY;
  if (gov_calendar_is_weekend (self, date))
    return GOV_CALENDAR_DAY_WEEKEND;
  return GOV_CALENDAR_DAY_WORKING;
}

gboolean
gov_calendar_is_working_day (GovCalendar *self,
                             const GDate *date)
{
  return gov_calendar_classify_day (self, date) == GOV_CALENDAR_DAY_WORKING;
}

/**
 * gov_calendar_describe_day:
 * @self: a calendar
 * @date: the day
 *
 * Says why @date is not a working day, in words for the clock audit.
 *
 * Returns: (transfer full) (nullable): "weekend", "public holiday (King's
 *   Day)", or %NULL for a working day
 */
char *
gov_calendar_describe_day (GovCalendar *self,
                           const GDate *date)
{
  const char *name;

  switch (gov_calendar_classify_day (self, date))
    {
    case GOV_CALENDAR_DAY_WEEKEND:
      return g_strdup (_("weekend"));
    case GOV_CALENDAR_DAY_HOLIDAY:
      name = gov_calendar_get_holiday (self, date);
      if (*name == '\0')
        return g_strdup (_("public holiday"));
      /* TRANSLATORS: %s is the holiday's name, "King's Day" */
      return g_strdup_printf (_("public holiday (%s)"), name);
    case GOV_CALENDAR_DAY_WORKING:
    default:
      return NULL;
    }
}

/**
 * gov_calendar_next_working_day:
 * @self: a calendar
 * @date: (inout): a date, moved forward until it is a working day
 *
 * Leaves a working day unchanged.
 */
void
gov_calendar_next_working_day (GovCalendar *self,
                               GDate       *date)
{
  guint guard = 0;

  g_return_if_fail (self != NULL && date != NULL && g_date_valid (date));

  /* A calendar whose every weekday is weekend would loop forever. */
  while (!gov_calendar_is_working_day (self, date) && guard++ < 4000)
    g_date_add_days (date, 1);
}

/* --- iCalendar ------------------------------------------------------ */

typedef struct
{
  guint  line;     /* physical line number where the logical line starts */
  char  *name;     /* upper case */
  char  *params;   /* everything between the name and the ':', or NULL */
  char  *value;
} IcsLine;

typedef struct
{
  guint      begin_line;
  guint      dtstart_line;
  guint      rrule_line;
  GDate      start;
  GDate      end;          /* exclusive; invalid if none */
  GDateTime *start_utc;    /* a UTC date-time, converted once the zone is known */
  char      *summary;
  char      *rrule;
} IcsEvent;

static void
ics_event_free (IcsEvent *ev)
{
  g_clear_pointer (&ev->start_utc, g_date_time_unref);
  g_free (ev->summary);
  g_free (ev->rrule);
  g_free (ev);
}

static void
ics_line_clear (IcsLine *l)
{
  g_clear_pointer (&l->name, g_free);
  g_clear_pointer (&l->params, g_free);
  g_clear_pointer (&l->value, g_free);
}

static gboolean
ics_fail (GError     **error,
          guint        line,
          const char  *what)
{
  g_set_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_ICS,
               /* TRANSLATORS: %u is a line number in an iCalendar file */
               _("Line %u of the calendar file: %s"), line, what);
  return FALSE;
}

/* Unfolds the physical lines (RFC 5545 §3.1: a CRLF followed by one space
 * or tab continues the previous line) into logical lines with the number of
 * the physical line each starts on. */
static GPtrArray *
unfold_lines (const char *text,
              gsize       len,
              GArray     *starts)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GString *cur = NULL;
  guint lineno = 0;
  gsize pos = 0;

  while (pos < len)
    {
      const char *nl = memchr (text + pos, '\n', len - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : len;
      gsize stop = end;

      lineno++;
      if (stop > pos && text[stop - 1] == '\r')
        stop--;
      if (cur != NULL && stop > pos && (text[pos] == ' ' || text[pos] == '\t'))
        g_string_append_len (cur, text + pos + 1, stop - pos - 1);
      else
        {
          if (cur != NULL)
            g_ptr_array_add (lines, g_string_free (cur, FALSE));
          cur = NULL;
          if (stop > pos)
            {
              cur = g_string_new_len (text + pos, stop - pos);
              g_array_append_val (starts, lineno);
            }
        }
      pos = end + 1;
    }
  if (cur != NULL)
    g_ptr_array_add (lines, g_string_free (cur, FALSE));
  return lines;
}

static gboolean
split_content_line (const char  *raw,
                    guint        lineno,
                    IcsLine     *out,
                    GError     **error)
{
  gboolean quoted = FALSE;
  const char *colon = NULL;
  const char *semi = NULL;
  const char *p;

  for (p = raw; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ';' && semi == NULL)
        semi = p;
      else if (!quoted && *p == ':')
        {
          colon = p;
          break;
        }
    }
  if (colon == NULL || colon == raw || (semi != NULL && semi == raw))
    return ics_fail (error, lineno, _("expected NAME:value"));
  if (!g_utf8_validate (raw, -1, NULL))
    return ics_fail (error, lineno, _("the text is not valid UTF-8"));

  out->line = lineno;
  if (semi != NULL && semi < colon)
    {
      out->name = g_ascii_strup (raw, semi - raw);
      out->params = g_ascii_strup (semi + 1, colon - semi - 1);
    }
  else
    out->name = g_ascii_strup (raw, colon - raw);
  out->value = g_strdup (colon + 1);
  return TRUE;
}

static char *
unescape_text (const char *value)
{
  GString *s = g_string_new (NULL);

  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          g_string_append_c (s, (*p == 'n' || *p == 'N') ? ' ' : *p);
        }
      else
        g_string_append_c (s, *p);
    }
  return g_strstrip (g_string_free (s, FALSE));
}

static gboolean
all_digits (const char *s,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
parse_ics_date (const char *v,
                GDate      *date)
{
  guint y, m, d;

  if (!all_digits (v, 8))
    return FALSE;
  y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  m = (v[4] - '0') * 10 + (v[5] - '0');
  d = (v[6] - '0') * 10 + (v[7] - '0');
  if (y < 1 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* DTSTART/DTEND: "20240427" (VALUE=DATE) or "20240427T090000[Z]". A
 * date-time with a TZID or floating is taken on its own date; a UTC one is
 * kept and converted to the calendar's zone later. */
static gboolean
parse_ics_when (const IcsLine  *l,
                GDate          *date,
                GDateTime     **utc,
                GError        **error)
{
  const char *v = l->value;
  gboolean want_date = l->params != NULL && strstr (l->params, "VALUE=DATE") != NULL
                       && strstr (l->params, "VALUE=DATE-TIME") == NULL;
  gsize len = strlen (v);

  if (len == 8 && parse_ics_date (v, date))
    return TRUE;
  if (want_date)
    return ics_fail (error, l->line, _("expected a date such as 20240427"));
  if ((len == 15 || (len == 16 && v[15] == 'Z')) && v[8] == 'T' && all_digits (v + 9, 6)
      && parse_ics_date (v, date))
    {
      int hh = (v[9] - '0') * 10 + (v[10] - '0');
      int mi = (v[11] - '0') * 10 + (v[12] - '0');
      int ss = (v[13] - '0') * 10 + (v[14] - '0');

      if (hh > 23 || mi > 59 || ss > 60)
        return ics_fail (error, l->line, _("the time of day is not valid"));
      if (len == 16)
        *utc = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                    g_date_get_day (date), hh, mi, ss);
      return TRUE;
    }
  return ics_fail (error, l->line, _("expected a date such as 20240427 or a date and time "
                                     "such as 20240427T090000"));
}

/* Only yearly repetition of a fixed date is meaningful for holidays
 * expressed this way; anything else is refused rather than half-applied. */
static gboolean
parse_rrule (const char  *rrule,
             guint        line,
             guint       *count,
             GDate       *until,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (rrule, ";", -1);
  gboolean yearly = FALSE;

  *count = 0;
  g_date_clear (until, 1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *up = g_ascii_strup (parts[i], -1);
      guint64 n;

      if (g_str_equal (up, "FREQ=YEARLY"))
        yearly = TRUE;
      else if (g_str_equal (up, "INTERVAL=1") || *up == '\0')
        continue;
      else if (g_str_has_prefix (up, "COUNT=")
               && g_ascii_string_to_unsigned (up + 6, 10, 1, 1000, &n, NULL))
        *count = n;
      else if (g_str_has_prefix (up, "UNTIL=") && strlen (up) >= 14
               && parse_ics_date (up + 6, until))
        continue;
      else
        {
          g_autofree char *msg =
            /* TRANSLATORS: %s is the part of a recurrence rule, "BYDAY=MO" */
            g_strdup_printf (_("only yearly holidays on a fixed date can repeat; "
                               "“%s” is not supported"), parts[i]);
          return ics_fail (error, line, msg);
        }
    }
  if (!yearly)
    return ics_fail (error, line, _("only FREQ=YEARLY recurrences are supported"));
  return TRUE;
}

static gboolean
add_event_days (GovCalendar *self,
                const GDate *start,
                guint        n_days,
                const char  *summary,
                guint        line,
                GError     **error)
{
  GDate d = *start;

  for (guint i = 0; i < n_days; i++)
    {
      if (g_hash_table_size (self->holidays) >= MAX_HOLIDAYS)
        return ics_fail (error, line, _("the calendar has too many holidays"));
      gov_calendar_add_holiday (self, &d, summary);
      g_date_add_days (&d, 1);
    }
  return TRUE;
}

static gboolean
expand_event (GovCalendar *self,
              IcsEvent    *ev,
              GTimeZone   *zone,
              guint        last_year,
              GError     **error)
{
  guint n_days = 1;
  guint count = 0;
  guint first_year, end_year;
  GDate until;

  if (ev->start_utc != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_timezone (ev->start_utc, zone);

      g_date_set_dmy (&ev->start, g_date_time_get_day_of_month (local),
                      g_date_time_get_month (local), g_date_time_get_year (local));
    }
  else if (g_date_valid (&ev->end))
    {
      int span = g_date_days_between (&ev->start, &ev->end);

      if (span < 0 || span > MAX_EVENT_DAYS)
        return ics_fail (error, ev->begin_line, _("DTEND is before DTSTART or a year after it"));
      n_days = MAX (span, 1);
    }

  if (ev->rrule == NULL)
    return add_event_days (self, &ev->start, n_days, ev->summary, ev->begin_line, error);

  if (!parse_rrule (ev->rrule, ev->rrule_line, &count, &until, error))
    return FALSE;
  first_year = g_date_get_year (&ev->start);
  end_year = last_year != 0 ? last_year : first_year + GOV_CALENDAR_ICS_DEFAULT_YEARS - 1;
  if (count > 0)
    end_year = MIN (end_year, first_year + count - 1);
  if (g_date_valid (&until))
    end_year = MIN (end_year, g_date_get_year (&until));

  for (guint y = first_year; y <= end_year; y++)
    {
      GDate d;
      GDateDay day = g_date_get_day (&ev->start);
      GDateMonth month = g_date_get_month (&ev->start);

      /* RFC 5545 §3.3.10: a recurrence on a date that does not exist in a
       * year (29 February) is skipped, not moved. */
      if (!g_date_valid_dmy (day, month, y))
        continue;
      g_date_clear (&d, 1);
      g_date_set_dmy (&d, day, month, y);
      if (g_date_valid (&until) && g_date_compare (&d, &until) > 0)
        break;
      if (!add_event_days (self, &d, n_days, ev->summary, ev->rrule_line, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
handle_event_property (IcsEvent       *ev,
                       const IcsLine  *l,
                       GError        **error)
{
  if (g_str_equal (l->name, "DTSTART"))
    {
      if (ev->dtstart_line != 0)
        return ics_fail (error, l->line, _("the event has two DTSTART lines"));
      ev->dtstart_line = l->line;
      return parse_ics_when (l, &ev->start, &ev->start_utc, error);
    }
  if (g_str_equal (l->name, "DTEND"))
    {
      g_autoptr(GDateTime) end_utc = NULL;
      GDate end;

      if (!parse_ics_when (l, &end, &end_utc, error))
        return FALSE;
      /* Only an all-day end widens the event; a timed end stays on its day. */
      if (strlen (l->value) == 8)
        ev->end = end;
      return TRUE;
    }
  if (g_str_equal (l->name, "SUMMARY"))
    {
      g_free (ev->summary);
      ev->summary = unescape_text (l->value);
      return TRUE;
    }
  if (g_str_equal (l->name, "RRULE"))
    {
      g_free (ev->rrule);
      ev->rrule = g_strdup (l->value);
      ev->rrule_line = l->line;
    }
  return TRUE;
}

typedef struct
{
  GPtrArray *stack;      /* component names, owned */
  GArray    *stack_lines;
  GPtrArray *events;     /* IcsEvent */
  IcsEvent  *current;
  char      *tzid;
  char      *calname;
  gboolean   seen_calendar;
} IcsParser;

static void
ics_parser_clear (IcsParser *p)
{
  g_ptr_array_unref (p->stack);
  g_array_unref (p->stack_lines);
  g_ptr_array_unref (p->events);
  g_clear_pointer (&p->current, ics_event_free);
  g_free (p->tzid);
  g_free (p->calname);
}

static const char *
stack_top (IcsParser *p)
{
  return p->stack->len > 0 ? g_ptr_array_index (p->stack, p->stack->len - 1) : NULL;
}

static gboolean
handle_begin (IcsParser     *p,
              const IcsLine *l,
              GError       **error)
{
  g_autofree char *comp = g_ascii_strup (l->value, -1);

  if (p->stack->len == 0 && (p->seen_calendar || !g_str_equal (comp, "VCALENDAR")))
    return ics_fail (error, l->line, _("expected BEGIN:VCALENDAR"));
  if (g_str_equal (comp, "VCALENDAR"))
    {
      if (p->stack->len > 0)
        return ics_fail (error, l->line, _("a VCALENDAR inside another component"));
      p->seen_calendar = TRUE;
    }
  if (g_str_equal (comp, "VEVENT") && p->stack->len == 1)
    {
      p->current = g_new0 (IcsEvent, 1);
      p->current->begin_line = l->line;
      g_date_clear (&p->current->start, 1);
      g_date_clear (&p->current->end, 1);
    }
  g_ptr_array_add (p->stack, g_steal_pointer (&comp));
  g_array_append_val (p->stack_lines, l->line);
  return TRUE;
}

static gboolean
handle_end (IcsParser     *p,
            const IcsLine *l,
            GError       **error)
{
  g_autofree char *comp = g_ascii_strup (l->value, -1);
  const char *top = stack_top (p);

  if (top == NULL || !g_str_equal (top, comp))
    {
      g_autofree char *msg = top != NULL
        /* TRANSLATORS: both %s are iCalendar component names, VEVENT */
        ? g_strdup_printf (_("END:%s does not close BEGIN:%s"), comp, top)
        : g_strdup_printf (_("END:%s without a BEGIN"), comp);
      return ics_fail (error, l->line, msg);
    }
  if (g_str_equal (comp, "VEVENT") && p->stack->len == 2)
    {
      if (p->current->dtstart_line == 0)
        return ics_fail (error, p->current->begin_line, _("the event has no DTSTART"));
      g_ptr_array_add (p->events, g_steal_pointer (&p->current));
    }
  g_ptr_array_remove_index (p->stack, p->stack->len - 1);
  g_array_remove_index (p->stack_lines, p->stack_lines->len - 1);
  return TRUE;
}

static gboolean
handle_line (IcsParser     *p,
             const IcsLine *l,
             GError       **error)
{
  const char *top;

  if (g_str_equal (l->name, "BEGIN"))
    return handle_begin (p, l, error);
  if (g_str_equal (l->name, "END"))
    return handle_end (p, l, error);

  top = stack_top (p);
  if (top == NULL)
    return ics_fail (error, l->line, p->seen_calendar
                     ? _("text after END:VCALENDAR")
                     : _("expected BEGIN:VCALENDAR"));
  if (p->current != NULL && p->stack->len == 2)
    return handle_event_property (p->current, l, error);
  if (p->stack->len == 1 && g_str_equal (l->name, "X-WR-TIMEZONE"))
    {
      g_free (p->tzid);
      p->tzid = g_strdup (l->value);
    }
  else if (p->stack->len == 1 && g_str_equal (l->name, "X-WR-CALNAME"))
    {
      g_free (p->calname);
      p->calname = unescape_text (l->value);
    }
  return TRUE;
}

static GovCalendar *
build_calendar (IcsParser   *p,
                const char  *id,
                guint        last_year,
                GError     **error)
{
  g_autoptr(GovCalendar) cal = gov_calendar_new (id, p->calname, 1);
  g_autoptr(GTimeZone) zone = NULL;

  if (p->tzid != NULL)
    zone = g_time_zone_new_identifier (p->tzid);
  if (zone == NULL)
    zone = g_time_zone_new_utc ();

  for (guint i = 0; i < p->events->len; i++)
    if (!expand_event (cal, g_ptr_array_index (p->events, i), zone, last_year, error))
      return NULL;
  return g_steal_pointer (&cal);
}

/**
 * gov_calendar_new_from_ics_full:
 * @id: the calendar's id
 * @bytes: the text of an iCalendar (RFC 5545) file
 * @last_year: the last year yearly recurrences are expanded to, or 0 for
 *   %GOV_CALENDAR_ICS_DEFAULT_YEARS years from each event's start
 * @error: return location
 *
 * Reads the all-day (or timed) VEVENTs of a VCALENDAR as holidays named by
 * their SUMMARY. All-day events with a DTEND cover [DTSTART, DTEND); a timed
 * event marks its start date (a UTC time is converted to X-WR-TIMEZONE when
 * the file names one). RRULE:FREQ=YEARLY with COUNT or UNTIL repeats a fixed
 * date. Other components (VTIMEZONE, VALARM) are skipped.
 *
 * Returns: (transfer full): the calendar, or %NULL with @error naming the
 *   offending line
 */
GovCalendar *
gov_calendar_new_from_ics_full (const char  *id,
                                GBytes      *bytes,
                                guint        last_year,
                                GError     **error)
{
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  IcsParser p = { 0 };
  GovCalendar *cal = NULL;
  gsize len;
  const char *text;

  g_return_val_if_fail (id != NULL && bytes != NULL, NULL);

  text = g_bytes_get_data (bytes, &len);
  if (len > MAX_ICS_BYTES)
    {
      g_set_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_ICS,
                   _("The calendar file is larger than 4 MiB"));
      return NULL;
    }
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    text += 3, len -= 3;

  lines = unfold_lines (text != NULL ? text : "", len, starts);
  p.stack = g_ptr_array_new_with_free_func (g_free);
  p.stack_lines = g_array_new (FALSE, FALSE, sizeof (guint));
  p.events = g_ptr_array_new_with_free_func ((GDestroyNotify) ics_event_free);

  for (guint i = 0; i < lines->len; i++)
    {
      IcsLine l = { 0 };
      gboolean ok = split_content_line (g_ptr_array_index (lines, i),
                                        g_array_index (starts, guint, i), &l, error)
                    && handle_line (&p, &l, error);

      ics_line_clear (&l);
      if (!ok)
        goto out;
    }

  if (!p.seen_calendar)
    ics_fail (error, 1, _("expected BEGIN:VCALENDAR"));
  else if (p.stack->len > 0)
    {
      g_autofree char *msg =
        /* TRANSLATORS: %s is an iCalendar component name, VEVENT */
        g_strdup_printf (_("BEGIN:%s is never closed"), (char *) stack_top (&p));
      ics_fail (error, g_array_index (p.stack_lines, guint, p.stack_lines->len - 1), msg);
    }
  else
    cal = build_calendar (&p, id, last_year, error);

out:
  ics_parser_clear (&p);
  return cal;
}

/**
 * gov_calendar_new_from_ics:
 * @id: the calendar's id
 * @bytes: the text of an iCalendar file
 * @error: return location
 *
 * Same as gov_calendar_new_from_ics_full() with the default recurrence span.
 *
 * Returns: (transfer full): the calendar, or %NULL with @error set
 */
GovCalendar *
gov_calendar_new_from_ics (const char  *id,
                           GBytes      *bytes,
                           GError     **error)
{
  return gov_calendar_new_from_ics_full (id, bytes, 0, error);
}

/* --- JSON ----------------------------------------------------------- */

/**
 * gov_calendar_to_json:
 * @self: a calendar
 *
 * Serialises the calendar as `{"id", "name", "version", "weekend": [6, 7],
 * "holidays": [{"date": "2024-04-27", "name": "King's Day"}, …]}` with the
 * weekend as ISO weekday numbers and the holidays in date order, so equal
 * calendars give equal bytes.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
gov_calendar_to_json (GovCalendar *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) dates = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, self->name);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, self->version);
  json_builder_set_member_name (b, "weekend");
  json_builder_begin_array (b);
  for (int wd = G_DATE_MONDAY; wd <= G_DATE_SUNDAY; wd++)
    if (self->weekend[wd])
      json_builder_add_int_value (b, wd);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "holidays");
  json_builder_begin_array (b);
  dates = gov_calendar_get_holiday_dates (self);
  for (guint i = 0; i < dates->len; i++)
    {
      GDate *d = &g_array_index (dates, GDate, i);
      g_autofree char *iso = gov_date_to_iso (d);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "date");
      json_builder_add_string_value (b, iso);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, gov_calendar_get_holiday (self, d));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
json_fail (GError    **error,
           const char *fmt,
           ...) G_GNUC_PRINTF (2, 3);

static gboolean
json_fail (GError    **error,
           const char *fmt,
           ...)
{
  va_list ap;
  g_autofree char *msg = NULL;

  va_start (ap, fmt);
  msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (error, GOV_CALENDAR_ERROR, GOV_CALENDAR_ERROR_JSON,
               _("Invalid calendar: %s"), msg);
  return FALSE;
}

static gboolean
read_weekend (GovCalendar  *self,
              JsonNode     *node,
              GError      **error)
{
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_fail (error, _("“weekend” must be a list of ISO weekday numbers (1 = Monday)"));
  arr = json_node_get_array (node);
  memset (self->weekend, 0, sizeof self->weekend);
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      gint64 wd;

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64
          || (wd = json_node_get_int (n)) < 1 || wd > 7)
        return json_fail (error, _("“weekend” must be a list of ISO weekday numbers (1 = Monday)"));
      self->weekend[wd] = TRUE;
    }
  return TRUE;
}

static gboolean
read_holidays (GovCalendar  *self,
               JsonNode     *node,
               GError      **error)
{
  static const char * const keys[] = { "date", "name", NULL };
  JsonArray *arr;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return json_fail (error, _("“holidays” must be a list"));
  arr = json_node_get_array (node);
  if (json_array_get_length (arr) > MAX_HOLIDAYS)
    return json_fail (error, _("too many holidays"));
  for (guint i = 0; i < json_array_get_length (arr); i++)
    {
      JsonNode *n = json_array_get_element (arr, i);
      JsonObject *h;
      const char *date_s, *name;
      GDate d;

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return json_fail (error, _("holiday %u is not an object"), i + 1);
      h = json_node_get_object (n);
      if (!gov_json_only_members (json_fail, h, keys, _("a holiday"), error)
          || (date_s = gov_json_get_string (json_fail, h, "date", NULL, error)) == NULL
          || (name = gov_json_get_string (json_fail, h, "name", NULL, error)) == NULL)
        return FALSE;
      if (!gov_date_parse_iso (date_s, &d))
        return json_fail (error, _("holiday date “%s” is not a date like 2024-04-27"), date_s);
      if (gov_calendar_get_holiday (self, &d) != NULL)
        return json_fail (error, _("holiday date %s is listed twice"), date_s);
      gov_calendar_add_holiday (self, &d, name);
    }
  return TRUE;
}

/**
 * gov_calendar_new_from_json:
 * @node: a node as written by gov_calendar_to_json()
 * @error: return location
 *
 * Strict: unknown members, duplicates and malformed dates are refused.
 *
 * Returns: (transfer full): the calendar, or %NULL with @error set
 */
GovCalendar *
gov_calendar_new_from_json (JsonNode  *node,
                            GError   **error)
{
  static const char * const keys[] = { "id", "name", "version", "weekend", "holidays", NULL };
  g_autoptr(GovCalendar) self = NULL;
  JsonObject *obj;
  JsonNode *version;
  const char *id, *name;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_fail (error, _("expected an object")), NULL;
  obj = json_node_get_object (node);
  if (!gov_json_only_members (json_fail, obj, keys, _("the calendar"), error)
      || (id = gov_json_get_string (json_fail, obj, "id", NULL, error)) == NULL
      || (name = gov_json_get_string (json_fail, obj, "name", NULL, error)) == NULL)
    return NULL;
  if (*id == '\0')
    return json_fail (error, _("“id” is empty")), NULL;
  version = json_object_get_member (obj, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version)
      || json_node_get_value_type (version) != G_TYPE_INT64
      || json_node_get_int (version) < 1 || json_node_get_int (version) > G_MAXINT)
    return json_fail (error, _("“version” must be a positive whole number")), NULL;

  self = gov_calendar_new (id, name, json_node_get_int (version));
  if (!read_weekend (self, json_object_get_member (obj, "weekend"), error)
      || !read_holidays (self, json_object_get_member (obj, "holidays"), error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * gov_calendar_check_body:
 * @body: the body of an event carrying a calendar
 * @error: return location
 *
 * For the ledger's per-type body check: @body must be a valid calendar.
 *
 * Returns: %TRUE if it is
 */
gboolean
gov_calendar_check_body (JsonObject  *body,
                         GError     **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_autoptr(GovCalendar) cal = gov_calendar_new_from_json (node, error);

  return cal != NULL;
}
