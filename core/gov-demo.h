#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * GovDemoReport:
 * @n_cases: cases created
 * @n_overdue: open cases past their due date: the derived legal time limit
 *   for cases with a case type, the due date for the others
 * @n_due_soon: open cases due within three days (not counting paused ones)
 * @n_closed: cases closed
 * @conflict_number: (nullable): the case with the open conflict
 */
typedef struct
{
  guint  n_cases;
  guint  n_overdue;
  guint  n_due_soon;
  guint  n_closed;
  char  *conflict_number;
} GovDemoReport;

/* The office every demo replica belongs to. */
#define GOV_DEMO_OFFICE_NAME "Harbour Office"
#define GOV_DEMO_OFFICE_CODE "HRB"

gboolean gov_demo_create        (const char     *dir,
                                 const char     *passphrase,
                                 guint           n_cases,
                                 guint32         seed,
                                 const char     *me,
                                 GovDemoReport  *report,
                                 GError        **error);
void     gov_demo_report_clear  (GovDemoReport  *report);

G_END_DECLS
