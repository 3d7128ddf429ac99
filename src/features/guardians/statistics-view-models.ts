import { parseStatisticsQuery } from '../../domain/statistics/query.ts';
import type { GuardianStatisticsQuery, GuardianStatisticsReport } from '../../services/guardian-statistics-service.ts';
import { controlledDisclosureText, figureCell, queryParameter, tableView } from '../statistics/view-models.ts';

// The guardian service's statistics page as parameters of GOV.UK macros. Pure. The period and the area
// are a GET form: nothing identifying, so a query string is fine.

export interface GuardianStatisticsForm {
  readonly from: string;
  readonly to: string;
  readonly geography: string;
}

type GuardianStatisticsField = keyof GuardianStatisticsForm;

/** The latest financial year ended by `today`: the Home Office publishes its ICTG statistics by year ending March. */
function latestFinancialYear(today: string): { readonly from: string; readonly to: string } {
  const endYear = Number(today.slice(0, 4)) - (today.slice(5) >= '04-01' ? 0 : 1);
  return { from: `${String(endYear - 1).padStart(4, '0')}-04-01`, to: `${String(endYear).padStart(4, '0')}-03-31` };
}

/** Reads the form from a query string; by default the latest financial year, the whole UK. */
export function readGuardianStatisticsForm(query: unknown, today: string): GuardianStatisticsForm {
  const year = latestFinancialYear(today);
  return {
    from: queryParameter(query, 'from')?.trim() ?? year.from,
    to: queryParameter(query, 'to')?.trim() ?? year.to,
    geography: queryParameter(query, 'geography') ?? 'uk',
  };
}

export interface GuardianStatisticsError {
  readonly field: GuardianStatisticsField;
  readonly text: string;
}

const fieldOf = (field: string): GuardianStatisticsField => (field === 'to' || field === 'geography' ? field : 'from');

/** The form as a query, or each problem against its field. */
export function queryOfGuardianForm(
  form: GuardianStatisticsForm,
): { ok: true; query: GuardianStatisticsQuery } | { ok: false; errors: GuardianStatisticsError[] } {
  const parsed = parseStatisticsQuery(form);
  if (!parsed.ok) return { ok: false, errors: parsed.error.map((problem) => ({ field: fieldOf(problem.field), text: problem.message })) };
  return { ok: true, query: { period: parsed.value.period, geography: parsed.value.geography } };
}

export function guardianStatisticsViewModel(report: GuardianStatisticsReport) {
  const cell = (text: string, figure: GuardianStatisticsReport['referrals']) => [{ text }, figureCell(figure)];
  return {
    report: {
      period: report.period,
      geographyName: report.geographyName,
      disclosure:
        report.disclosure.kind === 'owner'
          ? 'These are your service’s own figures, as you see the records: they are not disclosure-controlled. Do not publish them beyond the service.'
          : controlledDisclosureText(report.disclosure),
      summary: [
        cell('Children referred', report.referrals),
        cell('Of them, went missing after their referral (%)', report.percentWentMissing),
        cell('Referrals closed', report.closures),
        cell('Children with a guardian at the end of the period', report.caseload),
      ],
    },
    tables: report.tables.map(tableView),
  };
}
