import { describe, expect, it } from 'vitest';
import {
  AUTHORITY,
  OTHER_AUTHORITY,
  buildAgeStatus,
  buildAlias,
  buildCarePeriod,
  buildConcern,
  buildEpisode,
  buildInterview,
  buildNationalTransfer,
  buildRecord,
  buildReferral,
  buildStatus,
  buildUascPeriod,
  IDS,
} from '../../../test/factories/child-record.ts';
import type { ChildRecord } from '../child-record.ts';
import { collectionYear } from './collection-year.ts';
import { writeCsv } from './csv.ts';
import { exportReturn } from './export.ts';
import { readReturn, validateImport } from './import.ts';
import type { ImportProblem, InputFile, ReturnImport } from './import.ts';
import { TABLES } from './tables.ts';
import type { TableName } from './tables.ts';

const NOW = '2025-06-15T12:00:00.000Z';
const TODAY = '2025-06-15';

let counter = 0;
const newId = (): string => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

/** A CSV file of a table, from rows given by column name (missing columns are blank). */
function file(table: TableName, rows: readonly Readonly<Record<string, string>>[], name: string = TABLES[table].fileName): InputFile {
  const { columns } = TABLES[table];
  return {
    name,
    content: writeCsv(
      columns,
      rows.map((row) => columns.map((column) => row[column] ?? '')),
    ),
  };
}

/** The smallest return Lantern imports: one child in the Header, with their name. */
const header = (overrides: Record<string, string> = {}) => ({ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', ETHNIC: 'WBRI', UPN: 'UN2', ...overrides });
const names = (overrides: Record<string, string> = {}) => ({
  CHILD: 'C1',
  GIVEN_NAMES: 'Testy',
  FAMILY_NAME: 'McFictional',
  INTERPRETER_NEEDED: '0',
  ...overrides,
});
const episode = (overrides: Record<string, string> = {}) => ({ CHILD: 'C1', DECOM: '01/01/2024', RNE: 'S', LS: 'C2', PLACE: 'U1', ...overrides });

function read(files: readonly InputFile[]): ReturnImport & { problems: ImportProblem[] } {
  const imported = readReturn(files, { authorityCode: AUTHORITY, newId, today: TODAY });
  const validation = validateImport(imported, { now: NOW, today: TODAY });
  return { ...imported, problems: [...imported.errors, ...validation.errors] };
}

function onlyRecord(imported: ReturnImport): ChildRecord {
  expect(imported.records).toHaveLength(1);
  const [record] = imported.records;
  if (record === undefined) throw new Error('no record');
  return record;
}

describe('readReturn: what a file must be', () => {
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  const headerCsv = 'CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\r\nC1,F,10/05/2008,WBRI,,,\r\n';
  const namesHeader = TABLES.LanternChildren.columns.join(',');

  it('should refuse a file saved as Windows-1252, naming it and its line, and read nothing of it', () => {
    // "Zoë" in Windows-1252: ë is the single byte 0xEB, never valid UTF-8 on its own.
    const names1252 = Uint8Array.from([...bytes(`${namesHeader}\r\nC1,Zo`), 0xeb, ...bytes(',Fictional,,,,0,,,\r\n')]);
    const { problems, records } = read([
      { name: 'Header.csv', content: bytes(headerCsv) },
      { name: 'names.csv', content: names1252 },
    ]);
    expect(problems).toContainEqual({
      file: 'names.csv',
      row: 2,
      column: null,
      message: expect.stringMatching(/^The file is not saved as UTF-8.*Save it again as "CSV UTF-8 \(comma delimited\)"/),
    });
    expect(JSON.stringify(records)).not.toContain('\uFFFD');
  });

  it('should read a UTF-8 file with a byte-order mark, and names with accents whole', () => {
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(`${namesHeader}\r\nC1,Zoë,Fictional,,,,0,,,\r\n`)]);
    const imported = read([
      { name: 'Header.csv', content: bytes(headerCsv) },
      { name: 'names.csv', content: withBom },
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).child.givenNames).toBe('Zoë');
  });

  it('should refuse a cell longer than the API allows by its length alone, without repeating its text', () => {
    const huge = 'Zoë'.repeat(100_000);
    const { problems } = read([file('Header', [header()]), file('LanternChildren', [names({ GIVEN_NAMES: huge })])]);
    expect(problems).toEqual([
      { file: 'lantern-children.csv', row: 2, column: 'GIVEN_NAMES', message: 'Enter at most 200 characters in GIVEN_NAMES: this cell has 300,000' },
    ]);
    expect(JSON.stringify(problems)).not.toContain('Zoë');
  });
});

describe('readReturn: from the 903 tables to records', () => {
  it('should make a child from the Header and Lantern’s children table', () => {
    const imported = read([
      file('Header', [header({ UPN: 'A123456789012' })]),
      file('LanternChildren', [names({ NATIONALITY: 'VN', DOB_CLAIMED: '10/05/2008' })]),
      file('LanternLanguages', [
        { CHILD: 'C1', LANGUAGE: 'vi' },
        { CHILD: 'C1', LANGUAGE: 'en' },
      ]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).child).toMatchObject({
      responsibleAuthorityCode: AUTHORITY,
      laChildId: 'C1',
      givenNames: 'Testy',
      familyName: 'McFictional',
      sex: 'F',
      dateOfBirthClaimed: '2008-05-10',
      dateOfBirthAssessed: null,
      nationality: 'VN',
      languages: ['vi', 'en'],
      ethnicity: 'WBRI',
      upn: 'A123456789012',
    });
  });

  it('should read SEX as 1 and 2 from a file without Lantern’s export table, and as letters', () => {
    const imported = read([
      file('Header', [header({ CHILD: 'A', SEX: '1' }), header({ CHILD: 'B', SEX: '2' }), header({ CHILD: 'C', SEX: 'u' })]),
      file('LanternChildren', [names({ CHILD: 'A' }), names({ CHILD: 'B' }), names({ CHILD: 'C' })]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(imported.records.map((record) => record.child.sex)).toEqual(['M', 'F', 'U']);
  });

  it('should read a blank SEX as "not known" in a return before 2024-25', () => {
    const imported = read([
      file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2024', LA: AUTHORITY }]),
      file('Header', [header({ SEX: '' })]),
      file('LanternChildren', [names()]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).child.sex).toBe('U');
    expect(imported.year?.name).toBe('2023-24');
  });

  it('should make care periods from Episodes, placed in area unless Lantern’s placements say otherwise', () => {
    const imported = read([
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ DEC: '01/06/2024', REC: 'X1' }), episode({ DECOM: '01/06/2024', RNE: 'P', PLACE: 'K2' })]),
      file('LanternPlacements', [{ CHILD: 'C1', DECOM: '01/06/2024', RESPONSIBLE_LA: AUTHORITY, HOST_LA: OTHER_AUTHORITY }]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).carePeriods).toMatchObject([
      {
        startDate: '2024-01-01',
        endDate: '2024-06-01',
        legalStatus: 'C2',
        placementType: 'U1',
        reasonNewEpisode: 'S',
        reasonCeased: 'X1',
        hostAuthorityCode: AUTHORITY,
      },
      {
        startDate: '2024-06-01',
        endDate: null,
        placementType: 'K2',
        reasonNewEpisode: 'P',
        reasonCeased: null,
        hostAuthorityCode: OTHER_AUTHORITY,
        responsibleAuthorityCode: AUTHORITY,
      },
    ]);
    expect(imported.authorityReferences.map((reference) => reference.code)).toEqual([AUTHORITY, OTHER_AUTHORITY]);
  });

  it('should time a missing period without Lantern’s details at midnight UK time, from the placement’s host', () => {
    const imported = read([
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode()]),
      file('LanternPlacements', [{ CHILD: 'C1', DECOM: '01/01/2024', RESPONSIBLE_LA: AUTHORITY, HOST_LA: OTHER_AUTHORITY }]),
      file('Missing', [{ CHILD: 'C1', DOB: '10/05/2008', MISSING: 'm', MIS_START: '14/07/2024', MIS_END: '' }]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).missingEpisodes).toMatchObject([
      { type: 'M', startAt: '2024-07-13T23:00:00.000Z', endAt: null, hostAuthorityCode: OTHER_AUTHORITY, endReason: null, returnInterview: null },
    ]);
  });

  it('should take a UASC row without Lantern’s periods as UASC since the child was first looked after', () => {
    const imported = read([
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ DECOM: '03/02/2024' })]),
      file('UASC', [{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', DUC: '' }]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).uascPeriods).toMatchObject([{ startDate: '2024-02-03', ceasedDate: null }]);
  });

  it('should take a DUC after the collection year, the 18th birthday (DfE rule 205B), as a child still UASC', () => {
    const imported = read([
      file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: AUTHORITY }]),
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ DECOM: '03/02/2024' })]),
      file('UASC', [{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', DUC: '10/05/2026' }]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).uascPeriods).toMatchObject([{ startDate: '2024-02-03', ceasedDate: null }]);
  });

  it('should take a DUC in the collection year as the day UASC status ceased', () => {
    const imported = read([
      file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: AUTHORITY }]),
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ DECOM: '03/02/2024' })]),
      file('UASC', [{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', DUC: '01/12/2024' }]),
    ]);
    expect(imported.problems).toEqual([]);
    expect(onlyRecord(imported).uascPeriods).toMatchObject([{ startDate: '2024-02-03', ceasedDate: '2024-12-01' }]);
  });

  it('should ask for the 18th birthday as DUC when Lantern’s periods show the child still UASC and DUC says otherwise', () => {
    const imported = read([
      file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: AUTHORITY }]),
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ DECOM: '03/02/2024' })]),
      file('UASC', [{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008', DUC: '01/05/2025' }]),
      file('LanternUascPeriods', [{ CHILD: 'C1', UASC_START: '03/02/2024', DUC: '' }]),
    ]);
    expect(imported.problems).toEqual([
      {
        file: 'UASC.csv',
        row: 2,
        column: 'DUC',
        message:
          "DUC must agree with the child's periods in lantern-uasc-periods.csv: 10/05/2026, the 18th birthday of a child still UASC on 31 March. Correct one or the other",
      },
    ]);
  });

  it('should recognise each file by its columns, whatever it is called', () => {
    const imported = read([file('Header', [header()], 'children.csv'), file('LanternChildren', [names()], 'export (2).CSV')]);
    expect(imported.problems).toEqual([]);
    expect(imported.rowCounts).toEqual({ Header: 1, LanternChildren: 1 });
  });

  it('should count values Lantern does not keep, without refusing them', () => {
    const imported = read([file('Header', [header({ MOTHER: '0' })]), file('LanternChildren', [names()]), file('Episodes', [episode({ CIN: 'N1' })])]);
    expect(imported.problems).toEqual([]);
    expect(imported.notices).toEqual([
      { file: 'Episodes.csv', row: null, column: 'CIN', message: 'Lantern does not record CIN: its 1 value(s) were read but not kept' },
      { file: 'Header.csv', row: null, column: 'MOTHER', message: 'Lantern does not record MOTHER: its 1 value(s) were read but not kept' },
    ]);
  });
});

describe('readReturn: Lantern’s supplementary tables bring back what the return lacks', () => {
  /** Everything Lantern records about one child, inside the 2024-25 year. */
  const full = buildRecord({
    child: {
      laChildId: 'C1',
      dateOfBirthClaimed: '2008-09-01',
      dateOfBirthAssessed: '2008-05-10',
      nationality: 'VN',
      languages: ['vi', 'en'],
      interpreterNeeded: true,
      homeOfficeReference: 'HO-1',
      nrmReference: 'NRM-1',
      policePersonId: 'PP-1',
      ethnicity: 'AOTH',
      upn: 'A123456789012',
    },
    aliases: [buildAlias({ dateOfBirth: '2007-01-01', nationality: 'unknown', seenWhere: 'Station, platform 2' })],
    ageStatuses: [
      buildAgeStatus({ status: 'DISPUTED', effectiveFrom: '2023-01-02', note: 'Says "16"' }),
      buildAgeStatus({ id: 'a2', status: 'ASSESSED_CHILD', effectiveFrom: '2023-03-01' }),
    ],
    carePeriods: [buildCarePeriod({ hostAuthorityCode: OTHER_AUTHORITY })],
    uascPeriods: [buildUascPeriod({ ceasedDate: '2025-05-09' })],
    nationalTransfers: [buildNationalTransfer()],
    traffickingConcerns: [
      buildConcern({
        statuses: [buildStatus(), buildStatus({ id: IDS.secondStatus, status: 'IDENTIFIED', effectiveFrom: '2024-12-01', basis: 'RG_POSITIVE' })],
        nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-12-01' }),
      }),
    ],
    missingEpisodes: [
      buildEpisode({
        id: IDS.secondEpisode,
        type: 'A',
        startAt: '2025-01-10T10:00:00Z',
        endAt: '2025-01-10T10:00:00Z',
        policeRiskLevel: null,
        reportedToPoliceAt: null,
        policeForce: null,
        policeReference: null,
        returnInterview: buildInterview({
          id: 'i2',
          episodeId: IDS.secondEpisode,
          response: 'NOT_OFFERED',
          offeredAt: null,
          completedAt: null,
          interviewerType: null,
          outcomes: [],
          notOfferedReason: 'Back within the hour, "welfare check" instead',
        }),
      }),
      buildEpisode({ hostAuthorityCode: OTHER_AUTHORITY, returnInterview: buildInterview({ outcomes: ['SAFEGUARDING_REFERRAL', 'NRM_REFERRAL'] }) }),
    ],
  });

  /** Moments as Lantern writes them (UTC to the millisecond), wherever they are in a value. */
  const normalised = (value: unknown): unknown =>
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)
      ? new Date(value).toISOString()
      : Array.isArray(value)
        ? value.map(normalised)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalised(inner)]))
          : value;

  /** A record without its ids, to compare one read back with the one written. */
  function withoutIds(record: ChildRecord) {
    return normalised(withoutIdsRaw(record));
  }

  function withoutIdsRaw(record: ChildRecord) {
    const { id: _child, ...child } = record.child;
    const strip = <T extends { id: string }>(items: readonly T[]) =>
      items.map(({ id: _id, ...rest }) => ({ ...rest, childId: undefined, concernId: undefined, episodeId: undefined }));
    return {
      child,
      aliases: strip(record.aliases),
      ageStatuses: strip(record.ageStatuses),
      carePeriods: strip(record.carePeriods),
      uascPeriods: strip(record.uascPeriods),
      nationalTransfers: strip(record.nationalTransfers),
      traffickingConcerns: record.traffickingConcerns.map(({ id: _id, childId: _c, statuses, nrmReferral, ...concern }) => ({
        ...concern,
        statuses: strip(statuses),
        nrmReferral: nrmReferral === null ? null : { ...nrmReferral, id: undefined, concernId: undefined },
      })),
      missingEpisodes: record.missingEpisodes.map(({ id: _id, childId: _c, returnInterview, ...episode }) => ({
        ...episode,
        returnInterview: returnInterview === null ? null : { ...returnInterview, id: undefined, episodeId: undefined },
      })),
    };
  }

  it('should read back every entity and field of a record exported in its year', () => {
    const exported = exportReturn([full], { authorityCode: AUTHORITY, year: collectionYear(2025) });
    const files = exported.tables.map(({ table, rows }) => ({ name: table.fileName, content: writeCsv(table.columns, rows) }));

    const imported = read(files);

    expect(imported.problems).toEqual([]);
    const record = onlyRecord(imported);
    expect(withoutIds(record)).toEqual(withoutIds({ ...full, child: { ...full.child, responsibleAuthorityCode: AUTHORITY } }));
    // New ids, tied together: each status to its concern, each interview to its episode.
    const [concern] = record.traffickingConcerns;
    expect(concern?.statuses.every((status) => status.concernId === concern.id)).toBe(true);
    expect(record.missingEpisodes.every((entry) => entry.returnInterview === null || entry.returnInterview.episodeId === entry.id)).toBe(true);
    expect(record.child.id).not.toBe(full.child.id);
  });
});

describe('readReturn: every problem, by file, row and column', () => {
  const base = [file('Header', [header()]), file('LanternChildren', [names()])];
  const problemsOf = (files: readonly InputFile[]) => read(files).problems;

  it('should report a date that does not exist', () => {
    expect(problemsOf([...base, file('Episodes', [episode({ DECOM: '31/02/2024' })])])).toEqual([
      {
        file: 'Episodes.csv',
        row: 2,
        column: 'DECOM',
        message: 'Enter the date the episode started in DECOM as a real date in the format dd/mm/yyyy, for example 01/03/2025. "31/02/2024" is not one',
      },
    ]);
  });

  it('should report an unknown code, listing the codes to use', () => {
    const [problem, ...rest] = problemsOf([
      ...base,
      file('Episodes', [episode({ DEC: '01/02/2024', REC: 'X1' }), episode({ DECOM: '01/02/2024', RNE: 'B', LS: 'Z9' })]),
    ]);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'Episodes.csv', row: 3, column: 'LS' });
    expect(problem?.message).toMatch(/^Enter the 903 legal status in LS as one of C1, C2, .*"Z9" is not one of them$/);
  });

  it('should report a missing column, naming the table the file looks like', () => {
    const columns = TABLES.Episodes.columns.filter((column) => column !== 'PLACE');
    const broken = { name: 'Episodes.csv', content: writeCsv(columns, [columns.map(() => '')]) };
    expect(problemsOf([...base, broken])).toEqual([
      {
        file: 'Episodes.csv',
        row: 1,
        column: 'PLACE',
        message: `This looks like the Episodes table, but its columns are not that table's (${TABLES.Episodes.columns.join(', ')}): add the column PLACE`,
      },
    ]);
  });

  it('should report a file that is no table Lantern reads', () => {
    expect(problemsOf([...base, { name: 'notes.csv', content: 'NAME,NOTE\nx,y\n' }])).toEqual([
      expect.objectContaining({
        file: 'notes.csv',
        row: 1,
        column: null,
        message: expect.stringMatching(/^The columns of this file do not match any table Lantern reads/),
      }),
    ]);
  });

  it('should report a second file holding the same table', () => {
    expect(problemsOf([...base, file('LanternChildren', [], 'z-more-children.csv')])).toEqual([
      {
        file: 'z-more-children.csv',
        row: 1,
        column: null,
        message: "This file holds the LanternChildren table, and so does lantern-children.csv. Put all of the table's rows in one file",
      },
    ]);
  });

  it('should report a child in the Header twice', () => {
    expect(problemsOf([file('Header', [header(), header()]), file('LanternChildren', [names()])])).toEqual([
      { file: 'Header.csv', row: 3, column: 'CHILD', message: 'Child C1 is in the Header table more than once. Keep one row for each child' },
    ]);
  });

  it('should report a row for a child who is not in the Header, with the DfE check for its table (INT03 for Episodes)', () => {
    expect(problemsOf([...base, file('Episodes', [episode({ CHILD: 'C9' })])])).toEqual([
      {
        file: 'Episodes.csv',
        row: 2,
        column: 'CHILD',
        message: 'Child C9 is not in the Header table. Add the child to the Header file, or remove this row (903 check INT03)',
      },
    ]);
  });

  it('should report a record that breaks a 903 rule at the row and column that break it', () => {
    const problems = problemsOf([
      ...base,
      file('Episodes', [episode()]),
      file('Missing', [{ CHILD: 'C1', DOB: '10/05/2008', MISSING: 'M', MIS_START: '14/07/2024', MIS_END: '12/07/2024' }]),
      file('LanternMissingDetails', [{ CHILD: 'C1', MIS_START: '14/07/2024', END_REASON: 'RETURNED_SELF' }]),
    ]);
    expect(problems).toEqual([
      {
        file: 'Missing.csv',
        row: 2,
        column: 'MIS_END',
        message: 'Enter the date the child came back. It must be after the date they went missing, 14 July 2024 at 12:00am (903 rule 567)',
      },
    ]);
  });

  it('should say where to give how a missing episode ended when the 903 file alone cannot', () => {
    const problems = problemsOf([
      ...base,
      file('Episodes', [episode()]),
      file('Missing', [{ CHILD: 'C1', DOB: '10/05/2008', MISSING: 'M', MIS_START: '14/07/2024', MIS_END: '15/07/2024' }]),
    ]);
    expect(problems).toEqual([
      {
        file: 'Missing.csv',
        row: 2,
        column: 'MIS_START',
        message: expect.stringMatching(
          /^Select how the missing episode ended\. Lantern records how each missing episode ended.*END_REASON of lantern-missing-details\.csv$/,
        ),
      },
    ]);
  });

  it('should name the DfE check for Missing (INT04) and UASC (INT09) rows of a child not in the Header', () => {
    const { problems } = read([
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Missing', [{ CHILD: 'C9', DOB: '10/05/2008', MISSING: 'M', MIS_START: '14/07/2024' }]),
      file('UASC', [{ CHILD: 'C9', SEX: 'F', DOB: '10/05/2008' }]),
    ]);
    expect(problems.map((problem) => [problem.file, problem.message.match(/INT\d+/)?.[0]])).toEqual([
      ['Missing.csv', 'INT04'],
      ['UASC.csv', 'INT09'],
    ]);
  });

  it('should report a UASC DOB (INT18) and SEX (INT21) that are not the Header’s', () => {
    const { problems } = read([
      file('Header', [header()]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode()]),
      file('UASC', [{ CHILD: 'C1', SEX: 'M', DOB: '11/05/2008' }]),
    ]);
    expect(problems.map((problem) => [problem.column, problem.message.match(/INT\d+/)?.[0]])).toEqual([
      ['SEX', 'INT21'],
      ['DOB', 'INT18'],
    ]);
  });

  it('should check a child with no name row against the record rules too, in the same pass', () => {
    const { problems } = read([file('Header', [header()]), file('Episodes', [episode({ LS: 'V2', PLACE: 'P1' })])]);
    expect(problems.map((problem) => [problem.file, problem.row, problem.column, problem.message.slice(0, 40)])).toEqual([
      ['Header.csv', 2, 'CHILD', 'Lantern needs the name of child C1, whic'],
      ['Episodes.csv', 2, 'LS', 'Select the legal status again. A child p'],
    ]);
  });

  it('should check a child with an unreadable cell against the record rules too, in the same pass', () => {
    const { problems, records } = read([
      file('Header', [header({ ETHNIC: 'XXXX' })]),
      file('LanternChildren', [names()]),
      file('Episodes', [episode({ LS: 'V2', PLACE: 'P1' })]),
    ]);
    expect(problems.map((problem) => [problem.file, problem.row, problem.column, problem.message.slice(0, 40)])).toEqual([
      ['Header.csv', 2, 'ETHNIC', 'Enter the 903 ethnicity code in ETHNIC a'],
      ['Episodes.csv', 2, 'LS', 'Select the legal status again. A child p'],
    ]);
    // Checked, never to be written: the import refuses the whole set while it has errors.
    expect(records).toHaveLength(1);
  });

  it('should report an unreadable cell once, not again through the checks that read it', () => {
    const missing = { CHILD: 'C1', DOB: '10/05/2008', MISSING: 'M', MIS_START: '14/07/2024', MIS_END: '15/07/2024' };
    const details = { CHILD: 'C1', MIS_START: '14/07/2024', START_AT: '2024-07-14T21:00:00Z', END_REASON: 'RETURNED_SELF' };
    expect(
      problemsOf([
        file('Header', [header({ DOB: '31/02/2008' })]),
        file('LanternChildren', [names()]),
        file('Episodes', [episode({ DECOM: '1 Jan 2024' })]),
        file('LanternPlacements', [{ CHILD: 'C1', DECOM: '01/01/2024', RESPONSIBLE_LA: AUTHORITY, HOST_LA: AUTHORITY }]),
        file('Missing', [{ ...missing, MIS_START: '14/13/2024' }]),
        file('LanternMissingDetails', [details]),
        file('UASC', [{ CHILD: 'C1', SEX: 'F', DOB: '10/05/2008' }]),
      ]).map(({ file: name, row, column }) => `${name ?? ''}:${row ?? ''}:${column ?? ''}`),
    ).toEqual(['Header.csv:2:DOB', 'Episodes.csv:2:DECOM', 'Missing.csv:2:MIS_START']);
  });

  it('should ask a UPN or a reason for none (UN1 to UN5) in the Header’s UPN of a child looked after (442)', () => {
    expect(problemsOf([file('Header', [header({ UPN: '' })]), file('LanternChildren', [names()]), file('Episodes', [episode()])])).toEqual([
      {
        file: 'Header.csv',
        row: 2,
        column: 'UPN',
        message: 'Enter the child’s unique pupil number (UPN), or if they do not have one, why not (UN1 to UN5) (903 rule 442)',
      },
    ]);
    expect(onlyRecord(read([file('Header', [header({ UPN: 'UN4' })]), file('LanternChildren', [names()]), file('Episodes', [episode()])])).child.upn).toBe(
      'UN4',
    );
  });

  it('should report a Missing DOB that is not the Header’s (INT13)', () => {
    const problems = problemsOf([
      ...base,
      file('Episodes', [episode()]),
      file('Missing', [{ CHILD: 'C1', DOB: '11/05/2008', MISSING: 'M', MIS_START: '14/07/2024' }]),
    ]);
    expect(problems).toEqual([
      { file: 'Missing.csv', row: 2, column: 'DOB', message: "DOB must be the child's date of birth in the Header table, 10/05/2008 (903 check INT13)" },
    ]);
  });

  it('should report a missing period with no type (565)', () => {
    const problems = problemsOf([
      ...base,
      file('Episodes', [episode()]),
      file('Missing', [{ CHILD: 'C1', DOB: '10/05/2008', MISSING: '', MIS_START: '20/07/2024' }]),
    ]);
    expect(problems).toEqual([
      {
        file: 'Missing.csv',
        row: 2,
        column: 'MISSING',
        message: 'Enter M (missing) or A (away from placement without authorisation) in MISSING: it cannot be blank (903 rules 565 and 566)',
      },
    ]);
  });

  it('should require the child’s name, which the 903 return does not hold', () => {
    expect(problemsOf([file('Header', [header()])])).toEqual([
      {
        file: 'Header.csv',
        row: 2,
        column: 'CHILD',
        message: expect.stringMatching(
          /^Lantern needs the name of child C1, which the 903 return does not hold\. Add a row for the child to the Lantern children table/,
        ),
      },
    ]);
  });

  it('should refuse files exported for another authority', () => {
    expect(problemsOf([...base, file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: OTHER_AUTHORITY }])])).toEqual([
      {
        file: 'lantern-export.csv',
        row: 2,
        column: 'LA',
        message: `These files were exported for authority ${OTHER_AUTHORITY}, not ${AUTHORITY}. Import them into ${OTHER_AUTHORITY}, or correct LA`,
      },
    ]);
  });

  it('should refuse SEX codes of another year', () => {
    expect(
      problemsOf([
        file('LanternExport', [{ LANTERN_FORMAT: '1', COLLECTION_YEAR: '2025', LA: AUTHORITY }]),
        file('Header', [header({ SEX: '2' })]),
        file('LanternChildren', [names()]),
      ]),
    ).toEqual([{ file: 'Header.csv', row: 2, column: 'SEX', message: 'Enter SEX as M, F or U for the 2024-25 return. "2" is not one of them' }]);
  });

  it('should report a row with the wrong number of values, and a file that is not CSV', () => {
    const problems = problemsOf([
      ...base,
      { name: 'Missing.csv', content: 'CHILD,DOB,MISSING,MIS_START,MIS_END\nC1,10/05/2008,M,14/07/2024\n' },
      { name: 'UASC.csv', content: 'CHILD,SEX,DOB,DUC\n"C1,F\n' },
    ]);
    expect(problems).toEqual([
      { file: 'Missing.csv', row: 2, column: null, message: expect.stringMatching(/^This row has 4 values but the file has 5 columns/) },
      { file: 'UASC.csv', row: expect.any(Number), column: null, message: expect.stringMatching(/^The file cannot be read as CSV \(Quote Not Closed/) },
    ]);
  });

  it('should report a missing Header table', () => {
    expect(problemsOf([file('LanternChildren', [])])).toEqual([
      { file: null, row: null, column: null, message: expect.stringMatching(/^No file holds the Header table/) },
    ]);
  });

  it('should report every problem at once, not just the first', () => {
    const problems = problemsOf([
      file('Header', [header({ DOB: '' }), header({ CHILD: 'C2', ETHNIC: 'XXXX' })]),
      file('LanternChildren', [names({ INTERPRETER_NEEDED: 'maybe' }), names({ CHILD: 'C2' })]),
      file('Episodes', [episode({ CHILD: 'C1', PLACE: '' }), episode({ CHILD: 'C2', DEC: '2024-05-01' })]),
    ]);
    expect(problems.map(({ file: name, row, column }) => `${name ?? ''}:${row ?? ''}:${column ?? ''}`)).toEqual([
      'Header.csv:2:DOB',
      'Header.csv:3:ETHNIC',
      'lantern-children.csv:2:INTERPRETER_NEEDED',
      'Episodes.csv:2:PLACE',
      'Episodes.csv:3:DEC',
    ]);
  });
});
