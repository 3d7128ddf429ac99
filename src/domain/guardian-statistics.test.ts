import { describe, expect, it } from 'vitest';
import { exploitationCategory, publishGuardianStatistics, referralAgeBand, supportLength } from './guardian-statistics.ts';
import type { CaseloadFacts, ClosureFacts, GuardianServiceFacts, ReferralFacts } from './guardian-statistics.ts';
import type { DisclosureView, Figure, ReportTable } from './statistics/publication.ts';

const OWNER: DisclosureView = { kind: 'owner' };
const CONTROLLED: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: false };

const referral = (overrides: Partial<ReferralFacts> = {}): ReferralFacts => ({
  recordKey: 0,
  source: 'RESPONSIBLE_AUTHORITY',
  sex: 'M',
  nationality: 'AL',
  ageAtReferral: 16,
  exploitationTypes: ['CRIMINAL'],
  wentMissing: false,
  ...overrides,
});
const closure = (overrides: Partial<ClosureFacts> = {}): ClosureFacts => ({ recordKey: 0, reason: 'TURNED_18', supportDays: 100, ...overrides });
const allocated = (guardianId: string, site: string): CaseloadFacts => ({ recordKey: 0, guardianId, site });
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

const tableOf = (tables: readonly ReportTable[], id: string): ReportTable => {
  const found = tables.find((table) => table.id === id);
  if (found === undefined) throw new Error(`no table ${id}`);
  return found;
};
const value = (figure: Figure | undefined): number | string => (figure?.kind === 'count' || figure?.kind === 'rate' ? figure.value : (figure?.kind ?? 'none'));
/** Each row's label and count, as published. */
const rowsOf = (table: ReportTable): [string, number | string][] => table.rows.map((row, i) => [row.label, value(table.cells[i]?.[0])]);

describe('the bands and categories of the guardian service’s statistics', () => {
  it('should band the age at referral, with a disputed age of 18 or over and no date of birth apart', () => {
    expect([null, 9, 13, 14, 15, 16, 17, 18, 25].map(referralAgeBand)).toEqual([
      'NOT_KNOWN',
      'UNDER_14',
      'UNDER_14',
      '14_TO_15',
      '14_TO_15',
      '16_TO_17',
      '16_TO_17',
      '18_AND_OVER',
      '18_AND_OVER',
    ]);
  });

  it('should count one type as itself, several as a combination, and none or only "not specified" as not specified', () => {
    expect(exploitationCategory([])).toBe('NOT_SPECIFIED');
    expect(exploitationCategory(['NOT_SPECIFIED'])).toBe('NOT_SPECIFIED');
    expect(exploitationCategory(['SEXUAL', 'SEXUAL'])).toBe('SEXUAL');
    expect(exploitationCategory(['LABOUR', 'NOT_SPECIFIED'])).toBe('LABOUR');
    expect(exploitationCategory(['CRIMINAL', 'LABOUR'])).toBe('COMBINATION');
    expect(exploitationCategory(['SOMETHING_ELSE'])).toBe('NOT_SPECIFIED');
  });

  it('should band the length of support from the first allocation, apart for a referral closed before any', () => {
    expect([null, 0, 90, 91, 181, 182, 364, 365].map(supportLength)).toEqual([
      'NEVER_ALLOCATED',
      'UNDER_3_MONTHS',
      'UNDER_3_MONTHS',
      '3_TO_6_MONTHS',
      '3_TO_6_MONTHS',
      '6_TO_12_MONTHS',
      '6_TO_12_MONTHS',
      '12_MONTHS_AND_OVER',
    ]);
  });
});

describe('publishGuardianStatistics', () => {
  const facts: GuardianServiceFacts = {
    referrals: [
      ...times(10, (i) => referral({ wentMissing: i < 3, nationality: i < 6 ? 'AL' : 'ER', ageAtReferral: i < 2 ? 14 : 16 })),
      referral({ source: 'POLICE', sex: 'F', nationality: null, ageAtReferral: null, exploitationTypes: ['SEXUAL', 'LABOUR'] }),
      referral({ source: 'NATIONAL_UNIT', sex: null, nationality: 'unknown', exploitationTypes: [] }),
    ],
    closures: [closure(), closure({ reason: 'DECLINED', supportDays: null }), closure({ reason: 'MISSING_6_MONTHS', supportDays: 400 })],
    caseload: [allocated('g1', 'London'), allocated('g1', 'London'), allocated('g2', 'East Midlands'), allocated('gone', 'London')],
  };

  it('should give the service’s managers their true counts in every table', () => {
    const report = publishGuardianStatistics(
      facts,
      OWNER,
      new Map([
        ['g1', 'Ada Guardian'],
        ['g2', 'Ben Guardian'],
      ]),
    );
    expect(value(report.referrals)).toBe(12);
    expect(value(report.percentWentMissing)).toBe(25);
    expect(value(report.closures)).toBe(3);
    expect(value(report.caseload)).toBe(4);
    expect(rowsOf(tableOf(report.tables, 'source'))).toEqual([
      ['Responsible authority', 10],
      ['Police', 1],
      ['National coordination unit', 1],
    ]);
    expect(rowsOf(tableOf(report.tables, 'ageBand'))).toEqual([
      ['Under 14', 0],
      ['14 or 15', 2],
      ['16 or 17', 9],
      ['18 or over (age disputed)', 0],
      ['Not known', 1],
    ]);
    expect(rowsOf(tableOf(report.tables, 'sex'))).toEqual([
      ['Male', 10],
      ['Female', 1],
      ['Not known', 1],
    ]);
    expect(rowsOf(tableOf(report.tables, 'nationality'))).toEqual([
      ['Albania', 6],
      ['Eritrea', 4],
      ['Not known', 1],
      ['Not recorded', 1],
    ]);
    expect(rowsOf(tableOf(report.tables, 'exploitation'))).toEqual(
      expect.arrayContaining([
        ['Criminal exploitation', 10],
        ['More than one type', 1],
        ['Not specified or not known', 1],
      ]),
    );
    expect(rowsOf(tableOf(report.tables, 'wentMissing'))).toEqual([
      ['Went missing', 3],
      ['Did not go missing', 9],
    ]);
    expect(tableOf(report.tables, 'wentMissing').rowRates?.label).toBe('% of referrals');
    expect(rowsOf(tableOf(report.tables, 'closureReason'))).toEqual(
      expect.arrayContaining([
        ['Turned 18', 1],
        ['The child declined support', 1],
        ['Missing for 6 months or more', 1],
      ]),
    );
    expect(rowsOf(tableOf(report.tables, 'supportLength'))).toEqual([
      ['No guardian allocated', 1],
      ['Under 3 months', 0],
      ['3 months to under 6', 1],
      ['6 months to under 12', 0],
      ['12 months or more', 1],
    ]);
    expect(rowsOf(tableOf(report.tables, 'caseloadBySite'))).toEqual([
      ['East Midlands', 1],
      ['London', 3],
    ]);
    expect(rowsOf(tableOf(report.tables, 'caseloadByGuardian'))).toEqual([
      ['A guardian no longer in the service', 1],
      ['Ada Guardian', 2],
      ['Ben Guardian', 1],
    ]);
  });

  it('should suppress small counts beyond the service, the same shared total everywhere, and leave out the caseload by guardian', () => {
    const report = publishGuardianStatistics(facts, CONTROLLED, null);
    expect(report.tables.map((table) => table.id)).not.toContain('caseloadByGuardian');
    const source = tableOf(report.tables, 'source');
    expect(source.cells[1]?.[0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(source.cells[2]?.[0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    // 3 of 12 went missing: the 3 is suppressed, and with it the share.
    expect(report.percentWentMissing).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
    // Every referral table totals the same 12 children, published alike in each (or nowhere).
    const totals = ['source', 'ageBand', 'sex', 'nationality', 'exploitation', 'wentMissing'].map((id) => tableOf(report.tables, id).grandTotal);
    expect(new Set(totals.map((figure) => JSON.stringify(figure))).size).toBe(1);
    // Three closures: a small total, suppressed in both closure tables.
    expect(report.closures).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(tableOf(report.tables, 'supportLength').grandTotal).toEqual({ kind: 'suppressed', reason: 'SMALL' });
  });

  it('should round areas’ figures when asked, from the counts as released', () => {
    const many: GuardianServiceFacts = { referrals: times(26, (i) => referral({ wentMissing: i < 6 })), closures: [], caseload: [] };
    const report = publishGuardianStatistics(many, { ...CONTROLLED, rounding: 10 }, null);
    expect(report.referrals).toEqual({ kind: 'count', value: 30, roundedTo: 10, perturbed: false });
    expect(report.percentWentMissing).toEqual({ kind: 'rate', value: 23, unit: 'percent', decimals: 0 });
  });

  it('should publish zeros and no caseload tables when nothing happened in the period', () => {
    const report = publishGuardianStatistics({ referrals: [], closures: [], caseload: [] }, CONTROLLED, new Map());
    expect(value(report.referrals)).toBe(0);
    expect(value(report.caseload)).toBe(0);
    expect(report.percentWentMissing).toEqual({ kind: 'not_applicable' });
    expect(report.tables.map((table) => table.id)).toEqual([
      'source',
      'ageBand',
      'sex',
      'nationality',
      'exploitation',
      'wentMissing',
      'closureReason',
      'supportLength',
    ]);
  });

  it('should perturb counts beyond the service by their records’ keys', () => {
    const keyed: GuardianServiceFacts = { referrals: times(40, (i) => referral({ recordKey: i * 7 })), closures: [], caseload: [] };
    const report = publishGuardianStatistics(keyed, { ...CONTROLLED, perturbed: true }, null);
    expect(report.referrals).toMatchObject({ kind: 'count', perturbed: true });
    expect(Math.abs(Number(value(report.referrals)) - 40)).toBeLessThanOrEqual(2);
  });
});
