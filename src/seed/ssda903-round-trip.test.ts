import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildAlias,
  buildCarePeriod,
  buildConcern,
  buildEpisode,
  buildInterview,
  buildRecord,
  buildStatus,
  buildUascPeriod,
  IDS,
} from '../../test/factories/child-record.ts';
import { SAMPLE_AUTHORITIES } from '../../test/factories/sample-authorities.ts';
import { generatePopulation } from './synthetic-population.ts';
import type { ChildRecord } from '../domain/child-record.ts';
import { collectionYear } from '../domain/ssda903/collection-year.ts';
import { readCsv, writeCsv } from '../domain/ssda903/csv.ts';
import { exportReturn } from '../domain/ssda903/export.ts';
import type { ReturnExport } from '../domain/ssda903/export.ts';
import { readReturn, validateImport } from '../domain/ssda903/import.ts';
import type { TextFile as InputFile } from '../domain/ssda903/import.ts';
import { recordsOf } from '../../test/factories/synthetic-records.ts';

// Export → import → export, with no database: the files must come back byte for byte, on
// synthetic populations of one authority drawn from many seeds.

const KENT = 'E10000016';
/** Kent with its South East neighbours and a London gateway, so that placements and transfers cross authorities. */
const AUTHORITIES = SAMPLE_AUTHORITIES.filter((authority) => ['E10000016', 'E06000035', 'E06000044', 'E10000014', 'E09000008'].includes(authority.code));
const NOW = '2025-06-15T12:00:00.000Z';

function population(children: number, seed: number, censusDate: string): ChildRecord[] {
  const records: ChildRecord[] = [];
  for (const batch of generatePopulation({ children, seed, censusDate, authorities: AUTHORITIES })) records.push(...recordsOf(batch));
  return records;
}

const filesOf = (exported: ReturnExport): InputFile[] =>
  exported.tables.map(({ table, rows }) => ({ name: table.fileName, content: writeCsv(table.columns, rows) }));

let counter = 0;
const newId = (): string => `00000000-0000-4000-8000-${String((counter += 1)).padStart(12, '0')}`;

/** The import validates at `now`, which must be after everything in the population (its census date). */
function roundTrip(records: readonly ChildRecord[], year: number, now = NOW) {
  const first = filesOf(exportReturn(records, { authorityCode: KENT, year: collectionYear(year) }));
  const imported = readReturn(first, { authorityCode: KENT, newId, today: now.slice(0, 10) });
  const validation = validateImport(imported, { now, today: now.slice(0, 10) });
  const second = filesOf(exportReturn(imported.records, { authorityCode: KENT, year: collectionYear(year) }));
  return { first, second, errors: [...imported.errors, ...validation.errors] };
}

describe('the SSDA903 round trip (pure)', () => {
  it('should give byte-identical files when a synthetic population is exported, imported and exported again', () => {
    const records = population(600, 7, '2025-06-01');
    const { first, second, errors } = roundTrip(records, 2025);

    expect(errors).toEqual([]);
    expect(second).toEqual(first);
    const header = first.find((file) => file.name === 'Header.csv');
    const missing = first.find((file) => file.name === 'Missing.csv');
    // A real test: a population of this size has about 200 Kent children (the seed varies it by a tenth or so) and many missing periods.
    expect(header === undefined ? 0 : readRows(header)).toBeGreaterThan(150);
    expect(missing === undefined ? 0 : readRows(missing)).toBeGreaterThan(50);
  });

  it('should round-trip every year a population spans, whatever the seed', () => {
    fc.assert(
      // A census date some months after a year's end puts 31 March inside the generator's busy
      // window: many episodes and missing periods are still open then, and are cut there.
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(2024, 2025), fc.integer({ min: 1, max: 240 }), (seed, year, daysAfter) => {
        const censusDate = new Date(Date.UTC(year, 3, 1 + daysAfter)).toISOString().slice(0, 10);
        const { first, second, errors } = roundTrip(population(60, seed, censusDate), year, `${censusDate}T12:00:00.000Z`);
        expect(errors).toEqual([]);
        expect(second).toEqual(first);
      }),
      { numRuns: 25 },
    );
  });
});

function readRows(file: InputFile): number {
  const csv = readCsv(file.content);
  return csv.ok ? csv.rows.length : 0;
}

describe('the SSDA903 round trip on the hard cases', () => {
  const kent = (laChildId: string, overrides: Parameters<typeof buildRecord>[0] = {}) =>
    buildRecord({ ...overrides, child: { laChildId, responsibleAuthorityCode: KENT, ...overrides.child } });
  /** An episode reported to the police, and the authorities told, an hour after it started. */
  const missing = (overrides: Parameters<typeof buildEpisode>[0] & { startAt: string }) => {
    const hourLater = new Date(Date.parse(overrides.startAt) + 3_600_000).toISOString();
    return buildEpisode({ reportedToPoliceAt: hourLater, responsibleAuthorityToldAt: hourLater, hostAuthorityToldAt: hourLater, ...overrides });
  };
  const records = [
    // Still missing on 31 March, back in April: open in the 2024-25 return.
    kent('OPEN', {
      missingEpisodes: [
        missing({
          startAt: '2025-03-30T20:00:00Z',
          endAt: '2025-04-02T09:00:00Z',
          returnInterview: buildInterview({ offeredAt: '2025-04-02T10:00:00Z', completedAt: '2025-04-03T10:00:00Z' }),
        }),
      ],
    }),
    // The placement the child went missing from ended on 30 March while they were away (rule 575).
    kent('R575', {
      carePeriods: [
        buildCarePeriod({ startDate: '2024-01-01', endDate: '2025-03-30', reasonCeased: 'X1' }),
        buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2025-03-30', reasonNewEpisode: 'P' }),
      ],
      missingEpisodes: [missing({ startAt: '2025-03-28T10:00:00Z', endAt: '2025-04-02T10:00:00Z' })],
    }),
    // Missing since before the year, from an episode of care that ended before it.
    kent('EARLY', {
      carePeriods: [
        buildCarePeriod({ startDate: '2023-01-01', endDate: '2024-03-25', reasonCeased: 'X1' }),
        buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-25', reasonNewEpisode: 'P' }),
      ],
      missingEpisodes: [missing({ startAt: '2024-03-20T18:00:00Z', endAt: '2024-04-03T09:00:00Z' })],
    }),
    // Two periods on one day, and an episode of no length.
    kent('SAMEDAY', {
      missingEpisodes: [
        missing({ startAt: '2024-07-01T08:00:00Z', endAt: '2024-07-01T08:00:00Z', returnInterview: null }),
        missing({ id: IDS.secondEpisode, startAt: '2024-07-01T09:00:00Z', endAt: '2024-07-01T15:00:00Z', returnInterview: null }),
      ],
    }),
    // Sex not known, UASC ceasing after the year, and two concerns alike but for their statuses.
    kent('UASC', {
      child: { sex: 'U', nationality: null },
      uascPeriods: [buildUascPeriod({ ceasedDate: '2025-05-09' })],
      traffickingConcerns: [
        buildConcern(),
        buildConcern({
          id: IDS.secondConcern,
          statuses: [
            buildStatus({ id: 's2', concernId: IDS.secondConcern }),
            buildStatus({ id: 's3', concernId: IDS.secondConcern, status: 'NOT_TRAFFICKED', effectiveFrom: '2024-12-01', basis: 'RECORDED' }),
          ],
        }),
      ],
    }),
    // Known by one name, with no known date of birth: an estimated age range, and an alias of one name.
    kent('ESTIMATED', {
      child: {
        givenNames: 'Testy',
        familyName: null,
        dateOfBirthClaimed: null,
        dateOfBirthEstimate: { earliest: '2007-01-02', latest: '2009-01-01', source: 'HOME_OFFICE', estimatedOn: '2022-12-31' },
      },
      aliases: [buildAlias({ givenNames: null, familyName: 'Placeholder' })],
    }),
    // An estimate made before an age assessment set the date of birth that now counts.
    kent('ASSESSED', {
      child: {
        dateOfBirthClaimed: null,
        dateOfBirthAssessed: '2008-03-01',
        dateOfBirthEstimate: { earliest: '2007-01-02', latest: '2009-01-01', source: 'CHILD', estimatedOn: '2022-12-31' },
      },
    }),
  ];

  it.each([2024, 2025])('should give byte-identical files for the %i collection year', (year) => {
    const { first, second, errors } = roundTrip(records, year);
    expect(errors).toEqual([]);
    expect(second).toEqual(first);
  });

  it('should export the latest date of birth an estimate allows as DOB, keep the estimate in its own file, and say so', () => {
    const exported = exportReturn(records, { authorityCode: KENT, year: collectionYear(2025) });
    const rows = (name: string) => exported.tables.find((table) => table.table.name === name)?.rows ?? [];
    expect(rows('Header').find((row) => row[0] === 'ESTIMATED')?.[2]).toBe('01/01/2009');
    expect(rows('Header').find((row) => row[0] === 'ASSESSED')?.[2]).toBe('01/03/2008');
    expect(rows('LanternDateOfBirthEstimates')).toEqual([
      ['ASSESSED', '02/01/2007', '01/01/2009', 'CHILD', '31/12/2022'],
      ['ESTIMATED', '02/01/2007', '01/01/2009', 'HOME_OFFICE', '31/12/2022'],
    ]);
    expect(
      rows('LanternChildren')
        .find((row) => row[0] === 'ESTIMATED')
        ?.slice(1, 5),
    ).toEqual(['Testy', '', '', '']);
    expect(exported.notices).toContainEqual(
      expect.stringMatching(/^1 child\(ren\) have no known date of birth, only an estimated age: their DOB is the latest date of birth the estimate allows/),
    );
  });
});

describe('the SSDA903 round trip of text a spreadsheet would run as a formula', () => {
  const alias = '=HYPERLINK("http://x","y")';
  const lastSeen = '+44 7700 900123';
  const familyName = "'t Hooft";
  const laChildId = '-1+1';
  const records = [
    buildRecord({
      child: { laChildId, responsibleAuthorityCode: KENT, familyName, upn: 'A123456789012' },
      aliases: [buildAlias({ givenNames: alias, seenWhere: '@home' })],
      missingEpisodes: [buildEpisode({ lastSeenLocation: lastSeen, lastSeenWith: '=1+1', policeReference: "'quoted", returnInterview: buildInterview() })],
    }),
  ];
  const cellsOf = (files: readonly InputFile[], name: string): Map<string, string> => {
    const file = files.find((entry) => entry.name === name);
    const csv = readCsv(file?.content ?? '');
    if (!csv.ok) throw new Error(`${name} is not CSV`);
    return new Map(csv.header.map((column, i) => [column, csv.rows[0]?.[i] ?? '']));
  };

  it('should write such text with an apostrophe before it, in every file', () => {
    const { first } = roundTrip(records, 2025);
    expect(cellsOf(first, 'lantern-aliases.csv').get('ALIAS_GIVEN_NAMES')).toBe(`'${alias}`);
    expect(cellsOf(first, 'lantern-aliases.csv').get('SEEN_WHERE')).toBe("'@home");
    expect(cellsOf(first, 'lantern-missing-details.csv').get('LAST_SEEN_LOCATION')).toBe(`'${lastSeen}`);
    expect(cellsOf(first, 'lantern-missing-details.csv').get('POLICE_REFERENCE')).toBe("''quoted");
    expect(cellsOf(first, 'lantern-children.csv').get('FAMILY_NAME')).toBe(`'${familyName}`);
    expect(cellsOf(first, 'Header.csv').get('CHILD')).toBe(`'${laChildId}`);
    expect(cellsOf(first, 'Missing.csv').get('CHILD')).toBe(`'${laChildId}`);
    for (const file of first) {
      const csv = readCsv(file.content);
      if (csv.ok) for (const cell of csv.rows.flat()) expect(cell, file.name).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('should import the exact text, and export it again byte for byte', () => {
    const { first, second, errors } = roundTrip(records, 2025);
    expect(errors).toEqual([]);
    expect(second).toEqual(first);
    const imported = readReturn(first, { authorityCode: KENT, newId, today: NOW.slice(0, 10) });
    const [record] = imported.records;
    expect(record?.child).toMatchObject({ laChildId, familyName });
    expect(record?.aliases.map((entry) => [entry.givenNames, entry.seenWhere])).toEqual([[alias, '@home']]);
    expect(record?.missingEpisodes.map((episode) => [episode.lastSeenLocation, episode.lastSeenWith, episode.policeReference])).toEqual([
      [lastSeen, '=1+1', "'quoted"],
    ]);
  });
});
