/* gov-clock-format.c: clock wording for the case page, lists and the CLI
 *
 * Every sentence is one translatable string with placeholders, and every
 * count goes through g_dngettext (UX.md §2, §6): never a hand-made "day(s)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gov-clock-format.h"

static char *
format_gdate (const GDate *date,
              const char  *format)
{
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  dt = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                            g_date_get_day (date), 0, 0, 0);
  return g_date_time_format (dt, format);
}

/**
 * gov_clock_format_date:
 * @date: a date
 *
 * Returns: (transfer full): the date in full, "12 May 2024"
 */
char *
gov_clock_format_date (const GDate *date)
{
  /* TRANSLATORS: a full date for g_date_time_format(), "12 May 2024" */
  return format_gdate (date, _("%-d %B %Y"));
}

/**
 * gov_clock_format_date_range:
 * @first: first day
 * @last: last day, not before @first
 *
 * Returns: (transfer full): "8 May", "3–7 May", "30 April – 2 May" or, across
 *   years, "30 December 2024 – 2 January 2025"
 */
char *
gov_clock_format_date_range (const GDate *first,
                             const GDate *last)
{
  /* TRANSLATORS: a day and month for g_date_time_format(), "8 May" */
  const char *day_month = _("%-d %B");
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (g_date_compare (first, last) == 0)
    return format_gdate (first, day_month);
  if (g_date_get_year (first) != g_date_get_year (last))
    {
      a = gov_clock_format_date (first);
      b = gov_clock_format_date (last);
    }
  else if (g_date_get_month (first) != g_date_get_month (last))
    {
      a = format_gdate (first, day_month);
      b = format_gdate (last, day_month);
    }
  else
    {
      b = format_gdate (last, day_month);
      /* TRANSLATORS: days in one month, "3–7 May": %1$d is the first day,
       * %2$s the last day with its month */
      return g_strdup_printf (_("%1$d–%2$s"), g_date_get_day (first), b);
    }
  /* TRANSLATORS: a range of two dates, "30 April – 2 May" */
  return g_strdup_printf (_("%1$s – %2$s"), a, b);
}

/**
 * gov_clock_format_days:
 * @n: a number of days
 * @unit: working or calendar days
 *
 * Returns: (transfer full): "1 working day", "5 calendar days"
 */
char *
gov_clock_format_days (int          n,
                       GovClockUnit unit)
{
  if (unit == GOV_CLOCK_UNIT_WORKING_DAYS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day",
                                         "%d working days", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d calendar day",
                                       "%d calendar days", n), n);
}

static char *
format_left (int          n,
             GovClockUnit unit)
{
  if (unit == GOV_CLOCK_UNIT_WORKING_DAYS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left",
                                         "%d working days left", n), n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d calendar day left",
                                       "%d calendar days left", n), n);
}

/**
 * gov_clock_format_row:
 * @result: a clock result
 * @track: @result's legal or service track
 *
 * The short words for a list row: "3 working days left", "Due today",
 * "2 working days overdue", "Clock paused".
 *
 * Returns: (transfer full): the words
 */
char *
gov_clock_format_row (const GovClockResult *result,
                      const GovClockTrack  *track)
{
  int n = track->overdue_days;

  switch (track->state)
    {
    case GOV_CLOCK_STATE_OVERDUE:
      if (n == 0)
        return g_strdup (_("Overdue"));
      if (track->unit == GOV_CLOCK_UNIT_WORKING_DAYS)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day overdue",
                                             "%d working days overdue", n), n);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d calendar day overdue",
                                           "%d calendar days overdue", n), n);
    case GOV_CLOCK_STATE_PAUSED:
      return g_strdup (_("Clock paused"));
    case GOV_CLOCK_STATE_RUNNING:
    default:
      if (track->left == 0)
        return g_strdup (_("Due today"));
      return format_left (track->left, track->unit);
    }
}

static char *
format_running_status (const GovClockTrack *track)
{
  g_autofree char *date = gov_clock_format_date (&track->deadline);
  int n = track->left;

  if (n == 0)
    /* TRANSLATORS: %s is the deadline, "14 June 2024" */
    return g_strdup_printf (_("%s — due today"), date);
  if (track->unit == GOV_CLOCK_UNIT_WORKING_DAYS)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %d working day left",
                                         "%s — %d working days left", n), date, n);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s — %d calendar day left",
                                       "%s — %d calendar days left", n), date, n);
}

/**
 * gov_clock_format_status:
 * @result: a clock result
 * @track: @result's legal or service track
 *
 * The words for the case page's Time Limit and Service Target rows:
 * "Overdue since 12 May 2024 (2 working days)", "14 June 2024 — 3 working
 * days left", "Paused since 2 May 2024: waiting for the applicant".
 *
 * Returns: (transfer full): the words
 */
char *
gov_clock_format_status (const GovClockResult *result,
                         const GovClockTrack  *track)
{
  g_autofree char *date = NULL;
  g_autofree char *days = NULL;

  switch (track->state)
    {
    case GOV_CLOCK_STATE_OVERDUE:
      date = gov_clock_format_date (&track->overdue_since);
      if (track->overdue_days == 0)
        return g_strdup_printf (_("Overdue since %s"), date);
      days = gov_clock_format_days (track->overdue_days, track->unit);
      /* TRANSLATORS: a date, then a number of days, "2 working days" */
      return g_strdup_printf (_("Overdue since %s (%s)"), date, days);
    case GOV_CLOCK_STATE_PAUSED:
      date = gov_clock_format_date (&result->paused_since);
      /* TRANSLATORS: a date, then the reason for the pause */
      return g_strdup_printf (_("Paused since %s: %s"), date, result->pause_label);
    case GOV_CLOCK_STATE_RUNNING:
    default:
      return format_running_status (track);
    }
}

/**
 * gov_clock_format_summary:
 * @result: a clock result
 * @track: @result's legal or service track
 *
 * The first line of the clock audit: "Time limit: 40 working days. Used 23,
 * 17 left. Deadline 14 June 2024." (or "Service target: …" for the service
 * track, and "… if the clock resumes tomorrow." while paused).
 *
 * Returns: (transfer full): the words
 */
char *
gov_clock_format_summary (const GovClockResult *result,
                          const GovClockTrack  *track)
{
  g_autofree char *days = gov_clock_format_days (track->total_days, track->unit);
  g_autofree char *date = gov_clock_format_date (&track->deadline);
  gboolean service = track == &result->service;
  const char *format;

  /* Each sentence is whole for translators; the plural follows "left". */
  if (service && track->projected)
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Service target: %s. Used %d, %d left. "
                          "Deadline %s if the clock resumes tomorrow.",
                          "Service target: %s. Used %d, %d left. "
                          "Deadline %s if the clock resumes tomorrow.", track->left);
  else if (service)
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Service target: %s. Used %d, %d left. Deadline %s.",
                          "Service target: %s. Used %d, %d left. Deadline %s.", track->left);
  else if (track->projected)
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Time limit: %s. Used %d, %d left. "
                          "Deadline %s if the clock resumes tomorrow.",
                          "Time limit: %s. Used %d, %d left. "
                          "Deadline %s if the clock resumes tomorrow.", track->left);
  else
    format = g_dngettext (GETTEXT_PACKAGE,
                          "Time limit: %s. Used %d, %d left. Deadline %s.",
                          "Time limit: %s. Used %d, %d left. Deadline %s.", track->left);
  return g_strdup_printf (format, days, track->used, track->left, date);
}

static char *
format_counted (const GovClockPeriod *p,
                const char           *range,
                GovClockUnit          unit)
{
  g_autofree char *days = gov_clock_format_days (p->n_days, unit);

  if (p->extension)
    /* TRANSLATORS: a range of dates, then a number of days */
    return g_strdup_printf (_("%s: counted, %s (extension)"), range, days);
  /* TRANSLATORS: a range of dates, then a number of days, "3–7 May: counted, 5 working days" */
  return g_strdup_printf (_("%s: counted, %s"), range, days);
}

static char *
format_paused (const GovClockPeriod *p,
               const char           *range)
{
  if (p->actor != NULL && *p->actor != '\0')
    /* TRANSLATORS: dates, the reason for the pause, who paused */
    return g_strdup_printf (_("%s: not counted, paused (%s, by %s)"), range, p->detail, p->actor);
  /* TRANSLATORS: dates, then the reason for the pause */
  return g_strdup_printf (_("%s: not counted, paused (%s)"), range, p->detail);
}

/**
 * gov_clock_format_period:
 * @period: one line of the clock audit
 * @unit: the clock's unit
 *
 * Returns: (transfer full): "3–7 May: counted, 5 working days", "8 May: not
 *   counted, public holiday (Ascension Day)", "9–20 May: not counted, paused
 *   (waiting for the applicant, by Ana Ruiz)"
 */
char *
gov_clock_format_period (const GovClockPeriod *period,
                         GovClockUnit          unit)
{
  g_autofree char *range = gov_clock_format_date_range (&period->first, &period->last);
  g_autofree char *days = NULL;

  switch (period->kind)
    {
    case GOV_CLOCK_DAY_RECEIPT:
      return g_strdup_printf (_("%s: not counted, day of receipt"), range);
    case GOV_CLOCK_DAY_COUNTED:
      return format_counted (period, range, unit);
    case GOV_CLOCK_DAY_WEEKEND:
      return g_strdup_printf (_("%s: not counted, weekend"), range);
    case GOV_CLOCK_DAY_HOLIDAY:
      if (period->detail == NULL || *period->detail == '\0')
        return g_strdup_printf (_("%s: not counted, public holiday"), range);
      /* TRANSLATORS: dates, then the holiday's name */
      return g_strdup_printf (_("%s: not counted, public holiday (%s)"), range, period->detail);
    case GOV_CLOCK_DAY_PAUSED:
      return format_paused (period, range);
    case GOV_CLOCK_DAY_MOVED:
      return g_strdup_printf (_("%s: added, the period ended on a weekend or public holiday "
                                "and moves to the next working day"), range);
    case GOV_CLOCK_DAY_OVERDUE:
    default:
      if (period->n_days == 0)
        return g_strdup_printf (_("%s: overdue"), range);
      days = gov_clock_format_days (period->n_days, unit);
      return g_strdup_printf (_("%s: overdue, %s"), range, days);
    }
}

/**
 * gov_clock_format_extensions_left:
 * @case_type: the case type
 * @result: a clock result
 *
 * Returns: (transfer full): "1 of 1 extension left", "No extensions allowed"
 */
char *
gov_clock_format_extensions_left (GovCaseType          *case_type,
                                  const GovClockResult *result)
{
  int max = gov_case_type_get_extension_max_count (case_type);
  int left;

  if (max == 0)
    return g_strdup (_("No extensions allowed"));
  if (max == GOV_CASE_TYPE_UNLIMITED)
    return g_strdup (_("Extensions are not limited in number"));
  left = MAX (max - (int) result->extensions_used, 0);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d of %d extension left",
                                       "%d of %d extensions left", max), left, max);
}
