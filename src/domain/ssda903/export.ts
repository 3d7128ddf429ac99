import type { CarePeriod, ChildRecord, MissingEpisode, TraffickingConcern, UascPeriod } from '../child-record.ts';
import { effectiveDateOfBirth, isDateOfBirthEstimated } from '../date-of-birth.ts';
import { eighteenthBirthday, ukDateOf } from '../dates.ts';
import { isPlacementTypeCode, isPlacementTypeValidIn } from '../ssda903-codes.ts';
import { carePeriodOn } from '../validation/rules.ts';
import { sexCodingIn } from './collection-year.ts';
import type { CollectionYearSpan } from './collection-year.ts';
import { toDfeDate, toDfeSex, toFlag, toInstant, toList } from './formats.ts';
import { TABLE_NAMES, TABLES } from './tables.ts';
import type { TableDefinition, TableName } from './tables.ts';

// From child records to the 903 tables of one collection year, plus Lantern's supplementary
// tables. The 903 tables show the year as it stood on 31 March (what DfE collects): children
// looked after at any time in the year, their episodes of care and missing periods open at any
// time in it; anything that ended after 31 March shows as still open then. The supplementary
// tables hold what Lantern records beyond the return, for the same children, episodes and
// periods. Rows come out in an order fixed by their content, so the same records always give
// the same bytes (and export → import → export gives identical files).

export const LANTERN_FORMAT = '1';

interface ExportedTable {
  readonly table: TableDefinition;
  /** Values in the table's column order. */
  readonly rows: readonly (readonly string[])[];
}

export interface ReturnExport {
  /** Every table, in a fixed order, even when it has no rows. */
  readonly tables: readonly ExportedTable[];
  /** Things a data officer should know about the files (never names or identifiers). */
  readonly notices: readonly string[];
}

export interface ExportOptions {
  readonly authorityCode: string;
  readonly year: CollectionYearSpan;
}

type ColumnsOf<N extends TableName> = (typeof TABLES)[N]['columns'][number];
type Values<N extends TableName> = Readonly<Record<ColumnsOf<N>, string>>;

function rowOf<N extends TableName>(name: N, values: Values<N>): string[] {
  const columns: readonly ColumnsOf<N>[] = TABLES[name].columns;
  return columns.map((column) => values[column]);
}

/** Compares rows (or sort keys) value by value, by code unit: the same in every locale. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function sortedBy<T>(items: readonly T[], key: (item: T) => readonly string[]): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ item }) => item);
}

const day = (date: string | null): string => (date === null ? '' : toDfeDate(date));
const moment = (instant: string | null): string => (instant === null ? '' : toInstant(instant));
const text = (value: string | null): string => value ?? '';
const flag = (value: boolean | null): string => (value === null ? '' : toFlag(value));

function carePeriodInYear(period: Pick<CarePeriod, 'startDate' | 'endDate'>, year: CollectionYearSpan): boolean {
  return period.startDate <= year.end && (period.endDate === null || period.endDate >= year.start);
}

function missingEpisodeInYear(episode: Pick<MissingEpisode, 'startAt' | 'endAt'>, year: CollectionYearSpan): boolean {
  return ukDateOf(episode.startAt) <= year.end && (episode.endAt === null || ukDateOf(episode.endAt) >= year.start);
}

/**
 * Whether a missing episode that ended after 31 March keeps its real end in the year's return.
 * Normally it shows as open on 31 March. But if by then the episode of care the child went
 * missing from had ended, or the child had ceased to be looked after, DfE rules 575 and 577
 * require an end date: the return then gives the real one (which rule 571 will query, as a
 * warning) rather than an invented one.
 */
function keepsEndAfterYear(record: Pick<ChildRecord, 'carePeriods'>, episode: Pick<MissingEpisode, 'startAt'>, year: CollectionYearSpan): boolean {
  const placement = carePeriodOn(record.carePeriods, ukDateOf(episode.startAt));
  if (placement !== null && placement.endDate !== null && placement.endDate <= year.end) return true;
  const lookedAfterAtYearEnd = record.carePeriods.some((period) => period.startDate <= year.end && (period.endDate === null || period.endDate > year.end));
  return record.carePeriods.length > 0 && !lookedAfterAtYearEnd;
}

/** The child's record as the year's return shows it: its episodes and missing periods as on 31 March. */
function recordInYear(record: ChildRecord, year: CollectionYearSpan): ChildRecord {
  const missingEpisodes = record.missingEpisodes
    .filter((episode) => missingEpisodeInYear(episode, year))
    .map((episode): MissingEpisode => {
      if (episode.endAt === null || ukDateOf(episode.endAt) <= year.end || keepsEndAfterYear(record, episode, year)) return episode;
      // Still missing on 31 March: what was learned when the child came back belongs to next year's return.
      return { ...episode, endAt: null, endReason: null, harmDisclosed: null, exploitationDisclosed: null, returnInterview: null };
    });
  const missingStartDays = missingEpisodes.map((episode) => ukDateOf(episode.startAt));
  const carePeriods = record.carePeriods
    // An episode of care before the year is kept where a missing period of the year started in it (rules 578 and 581).
    .filter(
      (period) =>
        carePeriodInYear(period, year) || missingStartDays.some((start) => period.startDate <= start && (period.endDate === null || start <= period.endDate)),
    )
    .map((period) => (period.endDate !== null && period.endDate > year.end ? { ...period, endDate: null, reasonCeased: null } : period));
  return { ...record, carePeriods, missingEpisodes };
}

/**
 * The 18th birthday as the DfE validator computes it (pandas' DateOffset): for a child born on 29
 * February, 28 February (Lantern's own rules say 1 March; docs/ssda903-rules.md §1.6).
 */
export function dfeEighteenthBirthday(dateOfBirth: string): string {
  return dateOfBirth.slice(5) === '02-29' ? `${Number(dateOfBirth.slice(0, 4)) + 18}-02-28` : eighteenthBirthday(dateOfBirth);
}

/**
 * The 903 UASC row's DUC for a child, or null when the child has no row in the year. A child still
 * UASC on 31 March has their 18th birthday as DUC, the day their status will cease: the DfE expects
 * it (rule 205B compares last year's DUC with the 18th birthday).
 */
export function uascDucInYear(
  periods: readonly Pick<UascPeriod, 'startDate' | 'ceasedDate'>[],
  year: CollectionYearSpan,
  dateOfBirth: string | null,
): string | null {
  let latest: Pick<UascPeriod, 'startDate' | 'ceasedDate'> | null = null;
  for (const period of periods) {
    if (period.startDate > year.end) continue;
    if (
      latest === null ||
      period.startDate > latest.startDate ||
      (period.startDate === latest.startDate && (period.ceasedDate ?? '9999') > (latest.ceasedDate ?? '9999'))
    )
      latest = period;
  }
  if (latest === null) return null;
  // Blank only where no date of birth is recorded at all, which the record rules refuse.
  if (latest.ceasedDate === null || latest.ceasedDate > year.end) return dateOfBirth === null ? '' : dfeEighteenthBirthday(dateOfBirth);
  // DfE rule 104 refuses a DUC before the year: a child whose status ceased earlier is not in the table.
  return latest.ceasedDate >= year.start ? latest.ceasedDate : null;
}

function concernRows(child: string, concern: TraffickingConcern, number: string): { concern: string[]; statuses: string[][] } {
  const referral = concern.nrmReferral;
  const row = rowOf('LanternTraffickingConcerns', {
    CHILD: child,
    CONCERN: number,
    RAISED_ON: day(concern.raisedOn),
    RAISED_BY: concern.raisedBy,
    INDICATORS: toList(concern.indicators),
    EXPLOITATION_TYPES: toList(concern.exploitationTypes),
    COUNTY_LINES: toFlag(concern.countyLines),
    EXPLOITATION_LOCATION: concern.exploitationLocation,
    NRM_REFERRED_ON: day(referral?.referredOn ?? null),
    NRM_FIRST_RESPONDER: text(referral?.firstResponderOrganisation ?? null),
    NRM_COMPETENT_AUTHORITY: text(referral?.competentAuthority ?? null),
    NRM_RG_DECISION: text(referral?.reasonableGroundsDecision ?? null),
    NRM_RG_DATE: day(referral?.reasonableGroundsDecidedOn ?? null),
    NRM_CG_DECISION: text(referral?.conclusiveGroundsDecision ?? null),
    NRM_CG_DATE: day(referral?.conclusiveGroundsDecidedOn ?? null),
  });
  const statuses = sortedBy(concern.statuses, (status) => [status.effectiveFrom, status.status, status.basis]).map((status) =>
    rowOf('LanternTraffickingStatuses', { CHILD: child, CONCERN: number, STATUS: status.status, STATUS_FROM: day(status.effectiveFrom), BASIS: status.basis }),
  );
  return { concern: row, statuses };
}

type AddRow = (name: TableName, row: string[]) => void;

/** What the notices count across the whole return. */
interface Tally {
  unknownSex: number;
  estimatedBirths: number;
  endsKept: number;
  readonly placementsNotInYear: Set<string>;
}

/** One child's rows are written with these: the child's 903 identifiers and where the rows go. */
interface ChildRows {
  readonly add: AddRow;
  readonly year: CollectionYearSpan;
  readonly tally: Tally;
  readonly CHILD: string;
  readonly DOB: string;
  readonly SEX: string;
}

/** Header, and Lantern's children, languages and date of birth estimates. */
function addChild({ add, tally, CHILD, DOB, SEX }: ChildRows, child: ChildRecord['child']): void {
  if (SEX === '') tally.unknownSex += 1;
  add('Header', rowOf('Header', { CHILD, SEX, DOB, ETHNIC: text(child.ethnicity), UPN: text(child.upn), MOTHER: '', MC_DOB: '' }));
  add(
    'LanternChildren',
    rowOf('LanternChildren', {
      CHILD,
      GIVEN_NAMES: text(child.givenNames),
      FAMILY_NAME: text(child.familyName),
      DOB_CLAIMED: day(child.dateOfBirthClaimed),
      DOB_ASSESSED: day(child.dateOfBirthAssessed),
      NATIONALITY: text(child.nationality),
      INTERPRETER_NEEDED: toFlag(child.interpreterNeeded),
      HOME_OFFICE_REF: text(child.homeOfficeReference),
      NRM_REF: text(child.nrmReference),
      POLICE_PERSON_ID: text(child.policePersonId),
    }),
  );
  for (const language of child.languages) add('LanternLanguages', rowOf('LanternLanguages', { CHILD, LANGUAGE: language }));
  const estimate = child.dateOfBirthEstimate;
  if (estimate !== null) {
    add(
      'LanternDateOfBirthEstimates',
      rowOf('LanternDateOfBirthEstimates', {
        CHILD,
        DOB_EARLIEST: day(estimate.earliest),
        DOB_LATEST: day(estimate.latest),
        DOB_SOURCE: estimate.source,
        DOB_ESTIMATED_ON: day(estimate.estimatedOn),
      }),
    );
  }
  if (isDateOfBirthEstimated(child)) tally.estimatedBirths += 1;
}

/** Episodes of care, each with its Lantern placement details, matched by CHILD and DECOM in order. */
function addCarePeriods({ add, year, tally, CHILD }: ChildRows, carePeriods: readonly CarePeriod[]): void {
  const periods = carePeriods.map((period) => ({
    period,
    episode: rowOf('Episodes', {
      CHILD,
      DECOM: day(period.startDate),
      RNE: text(period.reasonNewEpisode),
      LS: period.legalStatus,
      CIN: '',
      PLACE: period.placementType,
      PLACE_PROVIDER: '',
      DEC: day(period.endDate),
      REC: text(period.reasonCeased),
      REASON_PLACE_CHANGE: '',
      HOME_POST: '',
      PL_POST: '',
      URN: '',
    }),
    placement: rowOf('LanternPlacements', {
      CHILD,
      DECOM: day(period.startDate),
      RESPONSIBLE_LA: period.responsibleAuthorityCode,
      HOST_LA: period.hostAuthorityCode,
    }),
  }));
  for (const { period, episode, placement } of sortedBy(periods, (entry) => [entry.period.startDate, ...entry.episode, ...entry.placement])) {
    add('Episodes', episode);
    add('LanternPlacements', placement);
    if (isPlacementTypeCode(period.placementType) && !isPlacementTypeValidIn(period.placementType, year.name))
      tally.placementsNotInYear.add(period.placementType);
  }
}

/** Missing periods, each with Lantern's details and return interview, matched by CHILD and MIS_START in order. */
function addMissingEpisodes({ add, year, tally, CHILD, DOB }: ChildRows, missingEpisodes: readonly MissingEpisode[]): void {
  const episodes = missingEpisodes.map((episode) => {
    const MIS_START = toDfeDate(ukDateOf(episode.startAt));
    const interview = episode.returnInterview;
    if (episode.endAt !== null && ukDateOf(episode.endAt) > year.end) tally.endsKept += 1;
    return {
      startAt: toInstant(episode.startAt),
      missing: rowOf('Missing', { CHILD, DOB, MISSING: episode.type, MIS_START, MIS_END: episode.endAt === null ? '' : toDfeDate(ukDateOf(episode.endAt)) }),
      details: rowOf('LanternMissingDetails', {
        CHILD,
        MIS_START,
        START_AT: toInstant(episode.startAt),
        END_AT: moment(episode.endAt),
        RESPONSIBLE_LA: episode.responsibleAuthorityCode,
        HOST_LA: episode.hostAuthorityCode,
        LAST_SEEN_LOCATION: text(episode.lastSeenLocation),
        LAST_SEEN_WITH: text(episode.lastSeenWith),
        REPORTED_TO_POLICE_AT: moment(episode.reportedToPoliceAt),
        POLICE_FORCE: text(episode.policeForce),
        POLICE_REFERENCE: text(episode.policeReference),
        POLICE_RISK: text(episode.policeRiskLevel),
        RESPONSIBLE_LA_TOLD_AT: moment(episode.responsibleAuthorityToldAt),
        HOST_LA_TOLD_AT: moment(episode.hostAuthorityToldAt),
        END_REASON: text(episode.endReason),
        HARM_DISCLOSED: text(episode.harmDisclosed),
        EXPLOITATION_DISCLOSED: flag(episode.exploitationDisclosed),
        RHI_RESPONSE: text(interview?.response ?? null),
        RHI_OFFERED_AT: moment(interview?.offeredAt ?? null),
        RHI_NOT_OFFERED_REASON: text(interview?.notOfferedReason ?? null),
        RHI_COMPLETED_AT: moment(interview?.completedAt ?? null),
        RHI_INTERVIEWER: text(interview?.interviewerType ?? null),
        RHI_OUTCOMES: toList(interview?.outcomes ?? []),
      }),
    };
  });
  for (const { missing, details } of sortedBy(episodes, (entry) => [entry.startAt, ...entry.missing, ...entry.details])) {
    add('Missing', missing);
    add('LanternMissingDetails', details);
  }
}

/** The 903 UASC row and Lantern's UASC periods. */
function addUasc({ add, year, CHILD, DOB, SEX }: ChildRows, uascPeriods: readonly UascPeriod[], dateOfBirth: string | null): void {
  const duc = uascDucInYear(uascPeriods, year, dateOfBirth);
  if (duc !== null) add('UASC', rowOf('UASC', { CHILD, SEX, DOB, DUC: day(duc === '' ? null : duc) }));
  for (const period of sortedBy(uascPeriods, (entry) => [entry.startDate, entry.ceasedDate ?? ''])) {
    add('LanternUascPeriods', rowOf('LanternUascPeriods', { CHILD, UASC_START: day(period.startDate), DUC: day(period.ceasedDate) }));
  }
}

/** Lantern's aliases, age statuses and national transfers. */
function addIdentityAndTransfers({ add, CHILD }: ChildRows, record: Pick<ChildRecord, 'aliases' | 'ageStatuses' | 'nationalTransfers'>): void {
  const aliases = record.aliases.map((alias) => ({
    seenOn: alias.seenOn,
    row: rowOf('LanternAliases', {
      CHILD,
      ALIAS_GIVEN_NAMES: text(alias.givenNames),
      ALIAS_FAMILY_NAME: text(alias.familyName),
      ALIAS_DOB: day(alias.dateOfBirth),
      ALIAS_NATIONALITY: text(alias.nationality),
      SOURCE: alias.source,
      SEEN_WHERE: text(alias.seenWhere),
      SEEN_ON: day(alias.seenOn),
    }),
  }));
  for (const { row } of sortedBy(aliases, (entry) => [entry.seenOn, ...entry.row])) add('LanternAliases', row);

  for (const entry of sortedBy(record.ageStatuses, (entry) => [entry.effectiveFrom, entry.status, entry.note ?? ''])) {
    add(
      'LanternAgeStatuses',
      rowOf('LanternAgeStatuses', { CHILD, AGE_STATUS: entry.status, AGE_STATUS_FROM: day(entry.effectiveFrom), NOTE: text(entry.note) }),
    );
  }

  const transfers = record.nationalTransfers.map((transfer) => ({
    referredOn: transfer.referredOn,
    row: rowOf('LanternNationalTransfers', {
      CHILD,
      FROM_LA: transfer.fromAuthorityCode,
      TO_LA: transfer.toAuthorityCode,
      REFERRED_ON: day(transfer.referredOn),
      TRANSFERRED_ON: day(transfer.transferredOn),
    }),
  }));
  for (const { row } of sortedBy(transfers, (entry) => [entry.referredOn, ...entry.row])) add('LanternNationalTransfers', row);
}

/**
 * Lantern's trafficking concerns and their statuses. Concerns are numbered within the child by the
 * order of their whole content (statuses and referral included), so the numbers come out the same
 * after an import.
 */
function addConcerns({ add, CHILD }: ChildRows, traffickingConcerns: readonly TraffickingConcern[]): void {
  const concerns = sortedBy(
    traffickingConcerns.map((concern) => ({ concern, rows: concernRows(CHILD, concern, '') })),
    (entry) => [entry.concern.raisedOn, ...entry.rows.concern, ...entry.rows.statuses.flat()],
  );
  concerns.forEach(({ concern }, index) => {
    const rows = concernRows(CHILD, concern, String(index + 1));
    add('LanternTraffickingConcerns', rows.concern);
    for (const status of rows.statuses) add('LanternTraffickingStatuses', status);
  });
}

function noticesOf(tally: Tally, year: CollectionYearSpan): string[] {
  const notices: string[] = [];
  if (tally.estimatedBirths > 0) {
    notices.push(
      `${tally.estimatedBirths} child(ren) have no known date of birth, only an estimated age: their DOB is the latest date of birth the estimate allows (the youngest age, giving the benefit of the doubt), not a known date. ${TABLES.LanternDateOfBirthEstimates.fileName} holds each estimate`,
    );
  }
  if (tally.unknownSex > 0 && sexCodingIn(year) === 'numeric') {
    notices.push(
      `${tally.unknownSex} child(ren) have sex "not known", which the ${year.name} return cannot code (it has only 1 and 2): their SEX is blank, and DfE rule 101 will query it`,
    );
  }
  if (tally.placementsNotInYear.size > 0) {
    notices.push(`Placement type(s) ${[...tally.placementsNotInYear].sort().join(', ')} are not in the ${year.name} PLACE list: DfE rule 146 will query them`);
  }
  if (tally.endsKept > 0) {
    notices.push(
      `${tally.endsKept} missing period(s) ended after 31 March ${year.endingYear} but show their real end date, because the child's placement or care had ended by then (DfE rules 575 and 577 need an end date; rule 571 will query it)`,
    );
  }
  return notices;
}

export function exportReturn(records: readonly ChildRecord[], options: ExportOptions): ReturnExport {
  const { year } = options;
  const out = new Map<TableName, string[][]>(TABLE_NAMES.map((name) => [name, []]));
  const add: AddRow = (name, row) => {
    out.get(name)?.push(row);
  };
  const tally: Tally = { unknownSex: 0, estimatedBirths: 0, endsKept: 0, placementsNotInYear: new Set() };

  const cohort = sortedBy(
    records.filter(
      (record) => record.child.responsibleAuthorityCode === options.authorityCode && record.carePeriods.some((period) => carePeriodInYear(period, year)),
    ),
    (record) => [record.child.laChildId],
  );

  add('LanternExport', rowOf('LanternExport', { LANTERN_FORMAT, COLLECTION_YEAR: String(year.endingYear), LA: options.authorityCode }));

  for (const full of cohort) {
    const record = recordInYear(full, year);
    const { child } = record;
    const rows: ChildRows = { add, year, tally, CHILD: child.laChildId, DOB: day(effectiveDateOfBirth(child)), SEX: toDfeSex(child.sex, year) };
    addChild(rows, child);
    addCarePeriods(rows, record.carePeriods);
    addMissingEpisodes(rows, record.missingEpisodes);
    addUasc(rows, record.uascPeriods, effectiveDateOfBirth(child));
    addIdentityAndTransfers(rows, record);
    addConcerns(rows, record.traffickingConcerns);
  }

  return { tables: TABLE_NAMES.map((name) => ({ table: TABLES[name], rows: out.get(name) ?? [] })), notices: noticesOf(tally, year) };
}
