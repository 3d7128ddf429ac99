import { EXPLOITATION_TYPE_LABELS, EXPLOITATION_TYPES, SEXES } from './codes.ts';
import type { ExploitationType, Sex } from './codes.ts';
import { CLOSURE_REASON_LABELS, CLOSURE_REASONS, REFERRAL_SOURCE_LABELS, REFERRAL_SOURCES } from './guardians.ts';
import type { ClosureReason, ReferralSource } from './guardians.ts';
import { addTallies, recordTally } from './statistics/cell-key.ts';
import { nationalityCategory } from './statistics/counting-rules.ts';
import type { Tally } from './statistics/counts.ts';
import type { CellLink } from './statistics/disclosure-control.ts';
import {
  counted,
  finishTable,
  nationalityLabel,
  nationalityOrder,
  OTHER_NATIONALITIES,
  protect,
  rateOf,
  SEX_LABELS,
  tableOf,
} from './statistics/publication.ts';
import type { DisclosureView, Draft, Figure, ReportTable } from './statistics/publication.ts';

// The guardian service's caseload and statistics (issue 15, item 3), as the Home Office's annual ICTG
// statistics give them: referrals by source, age, sex, nationality and exploitation type, the share of
// referred children who went missing (the early adopter evaluation found 23%), closures by reason and
// length of support, and the caseload by site and by guardian. Pure: the repository reads the facts
// (nothing that identifies a child), this module counts them into tables and protects them as every
// other statistic is (publication.ts): true counts for the service's own managers, for anyone else
// perturbed by the cell-key method, small counts suppressed with whatever would give them away, and
// areas rounded.

/** A child referred in the period (their first referral in it), with their record key. */
export interface ReferralFacts {
  readonly recordKey: number;
  readonly source: ReferralSource;
  readonly sex: string | null;
  readonly nationality: string | null;
  /** Whole years on the day of the referral; null when no date of birth is recorded. */
  readonly ageAtReferral: number | null;
  /** The exploitation types of the child's trafficking concerns, as recorded. */
  readonly exploitationTypes: readonly string[];
  /** A missing episode of the child started between the referral and the end of the period. */
  readonly wentMissing: boolean;
}

/** A referral closed in the period. */
export interface ClosureFacts {
  readonly recordKey: number;
  readonly reason: ClosureReason;
  /** Whole days from the first allocation of a guardian to the closure; null when none was ever allocated. */
  readonly supportDays: number | null;
}

/** A child with a guardian allocated at the end of the period. */
export interface CaseloadFacts {
  readonly recordKey: number;
  readonly guardianId: string;
  /** The site: the region of the child's responsible authority. */
  readonly site: string;
}

export interface GuardianServiceFacts {
  readonly referrals: readonly ReferralFacts[];
  readonly closures: readonly ClosureFacts[];
  readonly caseload: readonly CaseloadFacts[];
}

/** Age at referral: the children the service supports are mostly 14 to 17; 18 and over is a disputed age. */
const REFERRAL_AGE_BANDS = ['UNDER_14', '14_TO_15', '16_TO_17', '18_AND_OVER', 'NOT_KNOWN'] as const;
export type ReferralAgeBand = (typeof REFERRAL_AGE_BANDS)[number];
const AGE_BAND_LABELS: Readonly<Record<ReferralAgeBand, string>> = {
  UNDER_14: 'Under 14',
  '14_TO_15': '14 or 15',
  '16_TO_17': '16 or 17',
  '18_AND_OVER': '18 or over (age disputed)',
  NOT_KNOWN: 'Not known',
};

export function referralAgeBand(age: number | null): ReferralAgeBand {
  if (age === null) return 'NOT_KNOWN';
  if (age < 14) return 'UNDER_14';
  if (age < 16) return '14_TO_15';
  if (age < 18) return '16_TO_17';
  return '18_AND_OVER';
}

/** A child's exploitation as the NRM statistics count it: one type, a combination, or not specified. */
const EXPLOITATION_CATEGORIES = [...EXPLOITATION_TYPES.filter((type) => type !== 'NOT_SPECIFIED'), 'COMBINATION', 'NOT_SPECIFIED'] as const;
export type ExploitationCategory = ExploitationType | 'COMBINATION';

export function exploitationCategory(types: readonly string[]): ExploitationCategory {
  const known = [...new Set(types)].filter(
    (type): type is ExploitationType => (EXPLOITATION_TYPES as readonly string[]).includes(type) && type !== 'NOT_SPECIFIED',
  );
  const [only] = known;
  if (only === undefined) return 'NOT_SPECIFIED';
  return known.length === 1 ? only : 'COMBINATION';
}

/** Length of support, from the first allocation of a guardian to the closure. */
const SUPPORT_LENGTHS = ['NEVER_ALLOCATED', 'UNDER_3_MONTHS', '3_TO_6_MONTHS', '6_TO_12_MONTHS', '12_MONTHS_AND_OVER'] as const;
export type SupportLength = (typeof SUPPORT_LENGTHS)[number];
const SUPPORT_LENGTH_LABELS: Readonly<Record<SupportLength, string>> = {
  NEVER_ALLOCATED: 'No guardian allocated',
  UNDER_3_MONTHS: 'Under 3 months',
  '3_TO_6_MONTHS': '3 months to under 6',
  '6_TO_12_MONTHS': '6 months to under 12',
  '12_MONTHS_AND_OVER': '12 months or more',
};

export function supportLength(days: number | null): SupportLength {
  if (days === null) return 'NEVER_ALLOCATED';
  if (days < 91) return 'UNDER_3_MONTHS';
  if (days < 182) return '3_TO_6_MONTHS';
  if (days < 365) return '6_TO_12_MONTHS';
  return '12_MONTHS_AND_OVER';
}

type TableId =
  'source' | 'ageBand' | 'sex' | 'nationality' | 'exploitation' | 'wentMissing' | 'closureReason' | 'supportLength' | 'caseloadBySite' | 'caseloadByGuardian';

export interface GuardianServiceStatistics {
  readonly disclosure: DisclosureView;
  /** Children referred in the period. */
  readonly referrals: Figure;
  /** Of them, the share who went missing after their referral, by the end of the period. */
  readonly percentWentMissing: Figure;
  /** Referrals closed in the period. */
  readonly closures: Figure;
  /** Children with a guardian at the end of the period. */
  readonly caseload: Figure;
  readonly tables: readonly ReportTable[];
}

/** The tallies of items by a category, in the order given; categories outside it are not expected. */
function tallyBy<T>(items: readonly T[], order: readonly string[], categoryOf: (item: T) => string, keyOf: (item: T) => number): Tally[][] {
  return order.map((category) => [addTallies(...items.filter((item) => categoryOf(item) === category).map((item) => recordTally(keyOf(item))))]);
}

const byRecord = (item: { readonly recordKey: number }): number => item.recordKey;

/** One column of counts by category, a table of the report. */
function draftOf<T extends { readonly recordKey: number }>(
  items: readonly T[],
  rows: readonly string[],
  categoryOf: (item: T) => string,
  labels: { readonly title: string; readonly rowHeading: string; readonly rowLabels: readonly string[]; readonly column: string },
  rowRateLabel: string,
): Draft {
  return {
    ...tableOf(rows, ['count'], tallyBy(items, rows, categoryOf, byRecord)),
    title: labels.title,
    rowHeading: labels.rowHeading,
    rowLabels: labels.rowLabels,
    columnLabels: [labels.column],
    rowRate: 'shareOfTotal',
    rowRateLabel,
  };
}

const sexOf = (sex: string | null): Sex => ((SEXES as readonly string[]).includes(sex ?? '') ? (sex as Sex) : 'U');

/** The same count shown as the total of each of these tables: suppressed in all of them or none. */
const sameTotals = (tables: readonly TableId[]): CellLink<TableId>[] =>
  tables.length < 2 ? [] : [{ kind: 'same', cells: tables.map((table) => ({ table, row: 'total' as const, column: 'total' as const })) }];

/** The tables of children referred, by each way the statistics break them down, with the same total. */
function referralDrafts(referrals: readonly ReferralFacts[]) {
  const nationalities = nationalityOrder(
    [...new Set(referrals.map((referral) => nationalityCategory(referral.nationality)))].map((category) => ({
      category,
      count: referrals.filter((referral) => nationalityCategory(referral.nationality) === category).length,
    })),
  );
  const shownNationality = (referral: ReferralFacts): string => {
    const category = nationalityCategory(referral.nationality);
    return nationalities.includes(category) ? category : OTHER_NATIONALITIES;
  };
  const referral = (title: string, rowHeading: string, rows: readonly string[], rowLabels: readonly string[], categoryOf: (item: ReferralFacts) => string) =>
    draftOf(referrals, rows, categoryOf, { title, rowHeading, rowLabels, column: 'Children referred' }, '% of referrals');
  return {
    source: referral(
      'Children referred, by who referred them',
      'Referred by',
      REFERRAL_SOURCES,
      REFERRAL_SOURCES.map((source) => REFERRAL_SOURCE_LABELS[source]),
      (item) => item.source,
    ),
    ageBand: referral(
      'Children referred, by age at referral',
      'Age at referral',
      REFERRAL_AGE_BANDS,
      REFERRAL_AGE_BANDS.map((band) => AGE_BAND_LABELS[band]),
      (item) => referralAgeBand(item.ageAtReferral),
    ),
    sex: referral(
      'Children referred, by sex',
      'Sex',
      SEXES,
      SEXES.map((sex) => SEX_LABELS[sex]),
      (item) => sexOf(item.sex),
    ),
    nationality: referral('Children referred, by nationality', 'Nationality', nationalities, nationalities.map(nationalityLabel), shownNationality),
    exploitation: referral(
      'Children referred, by type of exploitation',
      'Exploitation',
      EXPLOITATION_CATEGORIES,
      EXPLOITATION_CATEGORIES.map((category) => (category === 'COMBINATION' ? 'More than one type' : EXPLOITATION_TYPE_LABELS[category])),
      (item) => exploitationCategory(item.exploitationTypes),
    ),
    wentMissing: referral(
      'Children referred who went missing after their referral, by the end of the period',
      'Children referred',
      ['wentMissing', 'didNotGoMissing'],
      ['Went missing', 'Did not go missing'],
      (item) => (item.wentMissing ? 'wentMissing' : 'didNotGoMissing'),
    ),
  };
}

/** The tables of referrals closed, by reason and by length of support, with the same total. */
function closureDrafts(closures: readonly ClosureFacts[]) {
  return {
    closureReason: draftOf(
      closures,
      CLOSURE_REASONS,
      (item) => item.reason,
      {
        title: 'Referrals closed in the period, by reason',
        rowHeading: 'Reason for closure',
        rowLabels: CLOSURE_REASONS.map((reason) => CLOSURE_REASON_LABELS[reason]),
        column: 'Referrals closed',
      },
      '% of closures',
    ),
    supportLength: draftOf(
      closures,
      SUPPORT_LENGTHS,
      (item) => supportLength(item.supportDays),
      {
        title: 'Referrals closed in the period, by length of support',
        rowHeading: 'Length of support',
        rowLabels: SUPPORT_LENGTHS.map((length) => SUPPORT_LENGTH_LABELS[length]),
        column: 'Referrals closed',
      },
      '% of closures',
    ),
  };
}

/** The tables of the caseload, by site and (when `guardianNames` is given) by guardian. */
function caseloadDrafts(caseload: readonly CaseloadFacts[], guardianNames: ReadonlyMap<string, string> | null): Partial<Record<TableId, Draft>> {
  // A table needs a row: with nobody allocated there is no caseload to break down.
  if (caseload.length === 0) return {};
  const sites = [...new Set(caseload.map((item) => item.site))].sort();
  const guardianLabel = (id: string): string => guardianNames?.get(id) ?? 'A guardian no longer in the service';
  const guardians = [...new Set(caseload.map((item) => item.guardianId))].sort((a, b) => guardianLabel(a).localeCompare(guardianLabel(b)) || (a < b ? -1 : 1));
  const caseloadLabels = (title: string, rowHeading: string, rowLabels: readonly string[]) => ({ title, rowHeading, rowLabels, column: 'Children' });
  return {
    caseloadBySite: draftOf(
      caseload,
      sites,
      (item) => item.site,
      caseloadLabels('Caseload at the end of the period, by site (the region of the child’s responsible authority)', 'Site', sites),
      '% of caseload',
    ),
    ...(guardianNames === null
      ? {}
      : {
          caseloadByGuardian: draftOf(
            caseload,
            guardians,
            (item) => item.guardianId,
            caseloadLabels('Caseload at the end of the period, by guardian', 'Guardian', guardians.map(guardianLabel)),
            '% of caseload',
          ),
        }),
  };
}

/**
 * The service's statistics for a period and an area. `guardianNames` names the service's guardians for the
 * caseload by guardian, which only the service's own managers see (null leaves the table out).
 */
export function publishGuardianStatistics(
  facts: GuardianServiceFacts,
  view: DisclosureView,
  guardianNames: ReadonlyMap<string, string> | null,
): GuardianServiceStatistics {
  const referralTables = referralDrafts(facts.referrals);
  const closureTables = closureDrafts(facts.closures);
  const drafts: Partial<Record<TableId, Draft>> = { ...referralTables, ...closureTables, ...caseloadDrafts(facts.caseload, guardianNames) };
  const ids = Object.keys(drafts) as TableId[];
  const present = (group: readonly TableId[]) => group.filter((id) => ids.includes(id));
  const links = [
    ...sameTotals(Object.keys(referralTables) as TableId[]),
    ...sameTotals(Object.keys(closureTables) as TableId[]),
    ...sameTotals(present(['caseloadBySite', 'caseloadByGuardian'])),
  ];
  const complete = drafts as Record<TableId, Draft>;
  const tables = { drafts: complete, ...protect(complete, links, { view }), view };
  // Nobody allocated: a zero, which is published as it is (zeros are never perturbed, and round to zero).
  const zero: Figure = {
    kind: 'count',
    value: 0,
    roundedTo: view.kind === 'controlled' ? view.rounding : null,
    perturbed: view.kind === 'controlled' && view.perturbed,
  };
  const total = (id: TableId): Figure => (ids.includes(id) ? counted(tables, id, 'total', 'total').figure : zero);
  return {
    disclosure: view,
    referrals: total('wentMissing'),
    percentWentMissing: rateOf([counted(tables, 'wentMissing', 0, 0)], [counted(tables, 'wentMissing', 'total', 0)], 'percent', view),
    closures: total('closureReason'),
    caseload: total('caseloadBySite'),
    tables: ids.map((id) => finishTable(tables, id)),
  };
}
