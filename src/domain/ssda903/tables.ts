// The tables of an SSDA903 exchange: the four DfE tables Lantern holds data for, in the column
// layout of the DfE-aligned validator (csc-validator-be-903, lac_validator/config.py), and
// Lantern's supplementary tables for what the return does not carry. A file is recognised by
// its set of columns, never by its name (as the DfE validator does for CSV uploads).

export const TABLE_NAMES = [
  'Header',
  'Episodes',
  'Missing',
  'UASC',
  'LanternExport',
  'LanternChildren',
  'LanternLanguages',
  'LanternDateOfBirthEstimates',
  'LanternAliases',
  'LanternAgeStatuses',
  'LanternUascPeriods',
  'LanternNationalTransfers',
  'LanternTraffickingConcerns',
  'LanternTraffickingStatuses',
  'LanternPlacements',
  'LanternMissingDetails',
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

export interface TableDefinition {
  readonly name: TableName;
  /** The file an export writes it to. */
  readonly fileName: string;
  readonly source: 'ssda903' | 'lantern';
  readonly columns: readonly string[];
  /**
   * The columns of text a person types and Lantern does not hold to a code list, a date or a
   * number: names, places, references, and the ids and codes Lantern takes as typed (CHILD, UPN,
   * ETHNIC, RNE). They are written with escapeText and read with unescapeText (csv.ts), so that
   * none can start a formula in a spreadsheet. A value a return can validly hold never changes.
   */
  readonly textColumns: readonly string[];
}

export const TABLES = {
  Header: {
    name: 'Header',
    fileName: 'Header.csv',
    source: 'ssda903',
    columns: ['CHILD', 'SEX', 'DOB', 'ETHNIC', 'UPN', 'MOTHER', 'MC_DOB'],
    textColumns: ['CHILD', 'ETHNIC', 'UPN'],
  },
  Episodes: {
    name: 'Episodes',
    fileName: 'Episodes.csv',
    source: 'ssda903',
    columns: ['CHILD', 'DECOM', 'RNE', 'LS', 'CIN', 'PLACE', 'PLACE_PROVIDER', 'DEC', 'REC', 'REASON_PLACE_CHANGE', 'HOME_POST', 'PL_POST', 'URN'],
    textColumns: ['CHILD', 'RNE'],
  },
  Missing: {
    name: 'Missing',
    fileName: 'Missing.csv',
    source: 'ssda903',
    columns: ['CHILD', 'DOB', 'MISSING', 'MIS_START', 'MIS_END'],
    textColumns: ['CHILD'],
  },
  UASC: { name: 'UASC', fileName: 'UASC.csv', source: 'ssda903', columns: ['CHILD', 'SEX', 'DOB', 'DUC'], textColumns: ['CHILD'] },
  LanternExport: {
    name: 'LanternExport',
    fileName: 'lantern-export.csv',
    source: 'lantern',
    columns: ['LANTERN_FORMAT', 'COLLECTION_YEAR', 'LA'],
    textColumns: [],
  },
  LanternChildren: {
    name: 'LanternChildren',
    fileName: 'lantern-children.csv',
    source: 'lantern',
    columns: [
      'CHILD',
      'GIVEN_NAMES',
      'FAMILY_NAME',
      'DOB_CLAIMED',
      'DOB_ASSESSED',
      'NATIONALITY',
      'INTERPRETER_NEEDED',
      'HOME_OFFICE_REF',
      'NRM_REF',
      'POLICE_PERSON_ID',
    ],
    textColumns: ['CHILD', 'GIVEN_NAMES', 'FAMILY_NAME', 'NATIONALITY', 'HOME_OFFICE_REF', 'NRM_REF', 'POLICE_PERSON_ID'],
  },
  LanternLanguages: {
    name: 'LanternLanguages',
    fileName: 'lantern-languages.csv',
    source: 'lantern',
    columns: ['CHILD', 'LANGUAGE'],
    textColumns: ['CHILD', 'LANGUAGE'],
  },
  // A child whose date of birth is not known: the estimated age as the dates of birth it allows (ADR 0007).
  LanternDateOfBirthEstimates: {
    name: 'LanternDateOfBirthEstimates',
    fileName: 'lantern-date-of-birth-estimates.csv',
    source: 'lantern',
    columns: ['CHILD', 'DOB_EARLIEST', 'DOB_LATEST', 'DOB_SOURCE', 'DOB_ESTIMATED_ON'],
    textColumns: ['CHILD'],
  },
  LanternAliases: {
    name: 'LanternAliases',
    fileName: 'lantern-aliases.csv',
    source: 'lantern',
    columns: ['CHILD', 'ALIAS_GIVEN_NAMES', 'ALIAS_FAMILY_NAME', 'ALIAS_DOB', 'ALIAS_NATIONALITY', 'SOURCE', 'SEEN_WHERE', 'SEEN_ON'],
    textColumns: ['CHILD', 'ALIAS_GIVEN_NAMES', 'ALIAS_FAMILY_NAME', 'ALIAS_NATIONALITY', 'SOURCE', 'SEEN_WHERE'],
  },
  LanternAgeStatuses: {
    name: 'LanternAgeStatuses',
    fileName: 'lantern-age-statuses.csv',
    source: 'lantern',
    columns: ['CHILD', 'AGE_STATUS', 'AGE_STATUS_FROM', 'NOTE'],
    textColumns: ['CHILD', 'NOTE'],
  },
  LanternUascPeriods: {
    name: 'LanternUascPeriods',
    fileName: 'lantern-uasc-periods.csv',
    source: 'lantern',
    columns: ['CHILD', 'UASC_START', 'DUC'],
    textColumns: ['CHILD'],
  },
  LanternNationalTransfers: {
    name: 'LanternNationalTransfers',
    fileName: 'lantern-national-transfers.csv',
    source: 'lantern',
    columns: ['CHILD', 'FROM_LA', 'TO_LA', 'REFERRED_ON', 'TRANSFERRED_ON'],
    textColumns: ['CHILD'],
  },
  LanternTraffickingConcerns: {
    name: 'LanternTraffickingConcerns',
    fileName: 'lantern-trafficking-concerns.csv',
    source: 'lantern',
    columns: [
      'CHILD',
      'CONCERN',
      'RAISED_ON',
      'RAISED_BY',
      'INDICATORS',
      'EXPLOITATION_TYPES',
      'COUNTY_LINES',
      'EXPLOITATION_LOCATION',
      'NRM_REFERRED_ON',
      'NRM_FIRST_RESPONDER',
      'NRM_COMPETENT_AUTHORITY',
      'NRM_RG_DECISION',
      'NRM_RG_DATE',
      'NRM_CG_DECISION',
      'NRM_CG_DATE',
    ],
    textColumns: ['CHILD', 'RAISED_BY', 'NRM_FIRST_RESPONDER'],
  },
  LanternTraffickingStatuses: {
    name: 'LanternTraffickingStatuses',
    fileName: 'lantern-trafficking-statuses.csv',
    source: 'lantern',
    columns: ['CHILD', 'CONCERN', 'STATUS', 'STATUS_FROM', 'BASIS'],
    textColumns: ['CHILD'],
  },
  LanternPlacements: {
    name: 'LanternPlacements',
    fileName: 'lantern-placements.csv',
    source: 'lantern',
    columns: ['CHILD', 'DECOM', 'RESPONSIBLE_LA', 'HOST_LA'],
    textColumns: ['CHILD'],
  },
  LanternMissingDetails: {
    name: 'LanternMissingDetails',
    fileName: 'lantern-missing-details.csv',
    source: 'lantern',
    columns: [
      'CHILD',
      'MIS_START',
      'START_AT',
      'END_AT',
      'RESPONSIBLE_LA',
      'HOST_LA',
      'LAST_SEEN_LOCATION',
      'LAST_SEEN_WITH',
      'REPORTED_TO_POLICE_AT',
      'POLICE_FORCE',
      'POLICE_REFERENCE',
      'POLICE_RISK',
      'RESPONSIBLE_LA_TOLD_AT',
      'HOST_LA_TOLD_AT',
      'END_REASON',
      'HARM_DISCLOSED',
      'EXPLOITATION_DISCLOSED',
      'RHI_RESPONSE',
      'RHI_OFFERED_AT',
      'RHI_NOT_OFFERED_REASON',
      'RHI_COMPLETED_AT',
      'RHI_INTERVIEWER',
      'RHI_OUTCOMES',
    ],
    textColumns: ['CHILD', 'LAST_SEEN_LOCATION', 'LAST_SEEN_WITH', 'POLICE_FORCE', 'POLICE_REFERENCE', 'RHI_NOT_OFFERED_REASON'],
  },
} as const satisfies { readonly [K in TableName]: TableDefinition & { readonly name: K } };

export const TABLE_LIST: readonly TableDefinition[] = TABLE_NAMES.map((name) => TABLES[name]);

/** Every table's text columns. A column's name means the same in every table that has it, so a file's header is enough to know them. */
export const TEXT_COLUMNS: ReadonlySet<string> = new Set(TABLE_LIST.flatMap((table) => table.textColumns));

export type Recognition =
  | { readonly kind: 'recognised'; readonly table: TableDefinition }
  | { readonly kind: 'duplicate-column'; readonly column: string }
  | {
      readonly kind: 'unrecognised';
      /** The table whose columns the file shares most of, if it shares any. */
      readonly nearest: TableDefinition | null;
      readonly missing: readonly string[];
      readonly unexpected: readonly string[];
    };

/**
 * Which table a file holds, from the names in its first row: exactly that table's columns,
 * in any order. Column names are compared without surrounding spaces and case.
 */
export function recogniseTable(header: readonly string[]): Recognition {
  const columns = header.map((column) => column.trim().toUpperCase());
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) return { kind: 'duplicate-column', column };
    seen.add(column);
  }
  let nearest: TableDefinition | null = null;
  let nearestShared = 0;
  for (const table of TABLE_LIST) {
    const shared = table.columns.filter((column) => seen.has(column)).length;
    if (shared === table.columns.length && shared === seen.size) return { kind: 'recognised', table };
    // Ties go to the table with fewer columns: the closer fit.
    if (shared > nearestShared || (shared === nearestShared && nearest !== null && table.columns.length < nearest.columns.length)) {
      nearest = table;
      nearestShared = shared;
    }
  }
  if (nearest === null || nearestShared <= 1) return { kind: 'unrecognised', nearest: null, missing: [], unexpected: [] };
  const expected = new Set<string>(nearest.columns);
  return {
    kind: 'unrecognised',
    nearest,
    missing: nearest.columns.filter((column) => !seen.has(column)),
    unexpected: columns.filter((column) => !expected.has(column)),
  };
}
