// Populations for the statistics tests: a builder for small hand-made populations whose answers are worked out
// by hand, a fast-check arbitrary for random ones, and an insert that writes either straight into the tables
// (as the owner role: test set-up, not a use case).

import { estimateColumns } from '../../src/domain/date-of-birth.ts';
import type { DateOfBirthEstimate } from '../../src/domain/date-of-birth.ts';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { MissingType, Sex, TraffickingStatus } from '../../src/domain/codes.ts';
import type { PopulationRecord } from './reference-counts.ts';

export const KENT = 'E10000016';
export const MEDWAY = 'E06000035';
export const CROYDON = 'E09000008';
/** A Welsh authority: another nation and region. */
export const CARDIFF = 'W06000015';

/** A record with the authority that owns it. */
export interface TestRecord extends PopulationRecord {
  readonly responsibleAuthorityCode: string;
}

type Care = TestRecord['carePeriods'][number];
type Episode = TestRecord['missingEpisodes'][number];

export interface RecordSpec {
  readonly id?: string;
  /**
   * The record key (0–255). Keys default to 0, so that every cell key is 0 and the ptable leaves each count as it
   * is: tests of the figures read them unperturbed; tests of the perturbation give keys.
   */
  readonly recordKey?: number;
  readonly authority?: string;
  readonly sex?: Sex;
  readonly dateOfBirth?: string;
  readonly dateOfBirthAssessed?: string | null;
  /** An estimated age instead of a date of birth (ADR 0007): then there is no claimed date. */
  readonly dateOfBirthEstimate?: DateOfBirthEstimate | null;
  readonly nationality?: string | null;
  readonly updatedAt?: string;
  /** [start, end, placement, responsible, host]: responsible defaults to the record's authority, host to responsible. */
  readonly care?: readonly (readonly [string, string | null, string?, string?, string?])[];
  readonly uasc?: readonly (readonly [string, string | null])[];
  /** One list of [status, effective from] per concern. */
  readonly concerns?: readonly (readonly (readonly [TraffickingStatus, string])[])[];
  readonly episodes?: readonly EpisodeSpec[];
}

export interface EpisodeSpec {
  /** The record key (0–255); 0 unless given, as for records. */
  readonly recordKey?: number;
  readonly type?: MissingType;
  readonly startAt: string;
  readonly endAt: string | null;
  readonly responsible?: string;
  readonly host?: string;
  readonly interview?: { readonly response: 'ACCEPTED' | 'DECLINED' | 'NOT_OFFERED'; readonly completedAt: string | null } | null;
}

/** A record from a short description; everything not said takes a plain default. */
export function aRecord(spec: RecordSpec): TestRecord {
  const authority = spec.authority ?? KENT;
  const id = spec.id ?? randomUUID();
  return {
    id,
    recordKey: spec.recordKey ?? 0,
    responsibleAuthorityCode: authority,
    sex: spec.sex ?? 'M',
    dateOfBirthClaimed: spec.dateOfBirthEstimate ? null : (spec.dateOfBirth ?? '2009-01-01'),
    dateOfBirthAssessed: spec.dateOfBirthAssessed ?? null,
    dateOfBirthEstimate: spec.dateOfBirthEstimate ?? null,
    nationality: spec.nationality === undefined ? 'GB' : spec.nationality,
    updatedAt: spec.updatedAt ?? '2025-01-01T00:00:00.000Z',
    carePeriods: (spec.care ?? []).map(([startDate, endDate, placementType, responsible, host]): Care => ({
      id: randomUUID(),
      startDate,
      endDate,
      placementType: placementType ?? 'U1',
      responsibleAuthorityCode: responsible ?? authority,
      hostAuthorityCode: host ?? responsible ?? authority,
    })),
    uascPeriods: (spec.uasc ?? []).map(([startDate, ceasedDate]) => ({ startDate, ceasedDate })),
    traffickingConcerns: (spec.concerns ?? []).map((statuses) => ({
      statuses: statuses.map(([status, effectiveFrom], index) => ({
        id: randomUUID(),
        status,
        effectiveFrom,
        createdAt: new Date(Date.parse(`${effectiveFrom}T09:00:00Z`) + index).toISOString(),
      })),
    })),
    missingEpisodes: (spec.episodes ?? []).map((episode): Episode => ({
      id: randomUUID(),
      recordKey: episode.recordKey ?? 0,
      type: episode.type ?? 'M',
      startAt: new Date(episode.startAt).toISOString(),
      endAt: episode.endAt === null ? null : new Date(episode.endAt).toISOString(),
      responsibleAuthorityCode: episode.responsible ?? authority,
      hostAuthorityCode: episode.host ?? episode.responsible ?? authority,
      interview: episode.interview ?? null,
    })),
  };
}

const NOW = '2025-01-01T00:00:00.000Z';

/** Writes records and identity links straight into the tables. */
export async function insertPopulation(db: Kysely<Database>, records: readonly TestRecord[], links: ReadonlyMap<string, string> = new Map()): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('child')
    .values(
      records.map((record) => ({
        id: record.id,
        recordKey: record.recordKey,
        responsibleAuthorityCode: record.responsibleAuthorityCode,
        laChildId: record.id,
        givenNames: 'Statistics',
        familyName: 'Testchild',
        sex: record.sex,
        dateOfBirthClaimed: record.dateOfBirthClaimed,
        dateOfBirthAssessed: record.dateOfBirthAssessed,
        ...estimateColumns(record.dateOfBirthEstimate ?? null),
        nationality: record.nationality,
        createdAt: NOW,
        updatedAt: record.updatedAt,
      })),
    )
    .execute();
  const care = records.flatMap((record) =>
    record.carePeriods.map((period) => ({
      id: period.id,
      childId: record.id,
      startDate: period.startDate,
      endDate: period.endDate,
      legalStatus: 'C2',
      placementType: period.placementType,
      responsibleAuthorityCode: period.responsibleAuthorityCode,
      hostAuthorityCode: period.hostAuthorityCode,
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  if (care.length > 0) await db.insertInto('carePeriod').values(care).execute();
  const uasc = records.flatMap((record) =>
    record.uascPeriods.map((period) => ({ id: randomUUID(), childId: record.id, ...period, createdAt: NOW, updatedAt: NOW })),
  );
  if (uasc.length > 0) await db.insertInto('uascPeriod').values(uasc).execute();
  // One statement a table: property tests write a population for every run.
  const concerns = records.flatMap((record) => record.traffickingConcerns.map((concern) => ({ id: randomUUID(), childId: record.id, concern })));
  if (concerns.length > 0) {
    await db
      .insertInto('traffickingConcern')
      .values(
        concerns.map(({ id, childId, concern }) => ({
          id,
          childId,
          raisedOn: concern.statuses[0]?.effectiveFrom ?? '2024-01-01',
          raisedBy: 'Test',
          createdAt: NOW,
          updatedAt: NOW,
        })),
      )
      .execute();
  }
  const statuses = concerns.flatMap(({ id: concernId, concern }) =>
    concern.statuses.map((entry) => ({
      id: entry.id,
      concernId,
      status: entry.status,
      effectiveFrom: entry.effectiveFrom,
      basis: 'RECORDED' as const,
      createdAt: entry.createdAt,
    })),
  );
  if (statuses.length > 0) await db.insertInto('traffickingStatus').values(statuses).execute();
  const episodes = records.flatMap((record) =>
    record.missingEpisodes.map((episode) => ({
      id: episode.id,
      recordKey: episode.recordKey,
      childId: record.id,
      type: episode.type,
      startAt: episode.startAt,
      endAt: episode.endAt,
      responsibleAuthorityCode: episode.responsibleAuthorityCode,
      hostAuthorityCode: episode.hostAuthorityCode,
      createdAt: NOW,
      updatedAt: NOW,
    })),
  );
  if (episodes.length > 0) await db.insertInto('missingEpisode').values(episodes).execute();
  const interviews = records.flatMap((record) =>
    record.missingEpisodes.flatMap((episode) =>
      episode.interview === null
        ? []
        : [
            {
              id: randomUUID(),
              episodeId: episode.id,
              response: episode.interview.response,
              completedAt: episode.interview.completedAt,
              createdAt: NOW,
              updatedAt: NOW,
            },
          ],
    ),
  );
  if (interviews.length > 0) await db.insertInto('returnInterview').values(interviews).execute();
  if (links.size > 0) {
    await db
      .insertInto('childIdentityLink')
      .values([...links].map(([childId, personId]) => ({ childId, personId, confirmedOn: '2025-01-01', confirmedBy: 'test', createdAt: NOW })))
      .execute();
  }
}

/** Removes every child (and so everything hanging off them). */
export async function clearPopulation(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('child').execute();
}

// ---- Random populations ----

/** Day offsets from the start of a period, chosen to land on and around its boundaries. */
const DAY_OFFSETS = [-400, -41, -1, 0, 1, 45, 180, 363, 364, 365, 366, 500];
const PERIOD_FROM = '2024-04-01';
const day = (offset: number) => new Date(Date.parse(`${PERIOD_FROM}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
/** Instants around the period's boundaries in UK time (BST at both ends), and in between. */
const INSTANTS = [
  '2024-03-31T22:59:59.999Z',
  '2024-03-31T23:00:00.000Z',
  '2024-06-15T10:30:00.000Z',
  '2024-10-27T00:30:00.000Z',
  '2025-01-10T16:00:00.000Z',
  '2025-03-31T22:59:59.999Z',
  '2025-03-31T23:00:00.000Z',
  '2025-05-20T08:00:00.000Z',
];
const HOURS = [0.5, 23.99, 24, 47, 48, 100, 168, 719, 720, 1500];

const authorityArb = fc.constantFrom(KENT, MEDWAY, CROYDON, CARDIFF);
const dayArb = fc.constantFrom(...DAY_OFFSETS).map(day);
const nullableDayArb = fc.option(dayArb, { nil: null, freq: 3 });

const recordKeyArb = fc.integer({ min: 0, max: 255 });

const episodeArb = fc.record({
  recordKey: recordKeyArb,
  type: fc.constantFrom<MissingType>('M', 'M', 'A'),
  startAt: fc.oneof(
    fc.constantFrom(...INSTANTS),
    fc.integer({ min: Date.parse('2023-12-01T00:00:00Z'), max: Date.parse('2025-07-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString()),
  ),
  hours: fc.option(fc.constantFrom(...HOURS), { nil: null, freq: 4 }),
  responsible: authorityArb,
  host: authorityArb,
  interview: fc.option(
    fc.record({
      response: fc.constantFrom('ACCEPTED' as const, 'DECLINED' as const, 'NOT_OFFERED' as const),
      completedAfterHours: fc.option(fc.constantFrom(1, 72, 73, 2000), { nil: null }),
    }),
    { nil: null },
  ),
});

const recordArb = fc.record({
  id: fc.uuid({ version: 4 }),
  recordKey: recordKeyArb,
  authority: authorityArb,
  sex: fc.constantFrom<Sex>('M', 'F', 'U'),
  // Birthdays on the days of INSTANTS, so that some episodes start on the day a child moves up an age band.
  dateOfBirth: fc.constantFrom('2007-04-01', '2008-06-15', '2014-06-15', '2009-01-10', '2020-01-10', '2024-01-10', '2016-02-29', '2024-12-31'),
  dateOfBirthAssessed: fc.option(fc.constantFrom('2006-01-01', '2008-03-31'), { nil: null, freq: 3 }),
  // Estimated ages, one across the 16th birthday (episodes in it are "age not known") and one inside 10 to 15.
  dateOfBirthEstimate: fc.option(
    fc.constantFrom<DateOfBirthEstimate>(
      { earliest: '2008-01-11', latest: '2010-01-10', source: 'AGE_ASSESSMENT', estimatedOn: '2025-01-10' },
      { earliest: '2012-06-16', latest: '2013-06-15', source: 'CHILD', estimatedOn: '2024-06-15' },
    ),
    { nil: null, freq: 4 },
  ),
  nationality: fc.constantFrom<string | null>('GB', 'AL', 'VN', 'ER', 'unknown', null, ''),
  updatedAt: fc.constantFrom('2024-01-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'),
  care: fc.array(fc.tuple(dayArb, nullableDayArb, fc.constantFrom('U1', 'K2', 'K3', 'H5', 'R1', 'Z9'), authorityArb, authorityArb), { maxLength: 3 }),
  uasc: fc.array(fc.tuple(dayArb, nullableDayArb), { maxLength: 2 }),
  concerns: fc.array(
    fc.array(fc.tuple(fc.constantFrom<TraffickingStatus>('SUSPECTED', 'IDENTIFIED', 'CONFIRMED', 'NOT_TRAFFICKED'), dayArb), { minLength: 1, maxLength: 3 }),
    { maxLength: 2 },
  ),
  episodes: fc.array(episodeArb, { maxLength: 4 }),
});

export interface RandomPopulation {
  readonly records: readonly TestRecord[];
  readonly links: ReadonlyMap<string, string>;
}

/** Up to a dozen records; some pairs confirmed to be one child; at most one open episode per record (the database allows no more). */
export const populationArb: fc.Arbitrary<RandomPopulation> = fc
  .record({
    records: fc.uniqueArray(recordArb, { maxLength: 12, selector: (r) => r.id }),
    linkPairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.uuid({ version: 4 })), { maxLength: 3 }),
  })
  .map(({ records, linkPairs }) => {
    const built = records.map((spec) => {
      let open = false;
      const episodes: EpisodeSpec[] = spec.episodes.map((episode) => {
        const endless = episode.hours === null && !open;
        if (endless) open = true;
        const endAt = endless ? null : new Date(Date.parse(episode.startAt) + (episode.hours ?? 5) * 3_600_000).toISOString();
        return {
          recordKey: episode.recordKey,
          type: episode.type,
          startAt: episode.startAt,
          endAt,
          responsible: episode.responsible,
          host: episode.host,
          interview:
            episode.interview === null
              ? null
              : {
                  response: episode.interview.response,
                  completedAt:
                    episode.interview.completedAfterHours === null || endAt === null
                      ? null
                      : new Date(Date.parse(endAt) + episode.interview.completedAfterHours * 3_600_000).toISOString(),
                },
        };
      });
      // Care and UASC periods may end before they start: the rules must cope with bad data (such a period holds no day).
      return aRecord({ ...spec, episodes });
    });
    const links = new Map<string, string>();
    for (const [a, b, person] of linkPairs) {
      const first = built[a % Math.max(built.length, 1)];
      const second = built[b % Math.max(built.length, 1)];
      if (first === undefined || second === undefined || first === second || links.has(first.id) || links.has(second.id)) continue;
      links.set(first.id, person);
      links.set(second.id, person);
    }
    return { records: built, links };
  });
