import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { childRecordWrites as writes } from '../../src/db/repositories/child-record-repository.ts';
import type { Database } from '../../src/db/schema.ts';
import type { CarePeriod, Child, MissingEpisode, TraffickingConcern } from '../../src/domain/child-record.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations } from '../helpers/organisations.ts';
import { buildCarePeriod, buildChild, buildConcern, buildEpisode, buildInterview, buildStatus } from './child-record.ts';

// A small population for the data-quality measures, written straight to the database as its owner
// (as an import of old data would be), so that it can hold a record that breaks a rule. Every count
// the tests expect is worked out by hand in the comments below, for the clock at 2025-06-15T12:00Z.

export const KENT = 'E10000016';
export const MEDWAY = 'E06000035';
export const CROYDON = 'E09000008';

/** Long enough ago for "created" stamps; the stale episode has its own. */
const WRITTEN = { at: '2025-06-01T09:00:00.000Z' };

type Db = Kysely<Database>;

async function addChild(db: Db, authority: string, child: Partial<Child>, care: Partial<CarePeriod> = {}): Promise<string> {
  const id = randomUUID();
  await writes.insertChild(db, buildChild({ id, responsibleAuthorityCode: authority, laChildId: `DQ${Math.floor(Math.random() * 1e7)}`, ...child }), WRITTEN);
  await writes.upsertCarePeriod(
    db,
    buildCarePeriod({ id: randomUUID(), childId: id, responsibleAuthorityCode: authority, hostAuthorityCode: authority, ...care }),
    WRITTEN,
  );
  return id;
}

async function addEpisode(db: Db, childId: string, authority: string, episode: Partial<MissingEpisode>, at = WRITTEN): Promise<string> {
  const id = randomUUID();
  // No police or authority times unless given, so that no rule on their order is broken by accident.
  await writes.upsertMissingEpisode(
    db,
    buildEpisode({
      id,
      childId,
      responsibleAuthorityCode: authority,
      hostAuthorityCode: authority,
      reportedToPoliceAt: null,
      policeReference: null,
      policeRiskLevel: null,
      responsibleAuthorityToldAt: null,
      hostAuthorityToldAt: null,
      ...episode,
    }),
    at,
  );
  return id;
}

async function addConcern(db: Db, childId: string, concern: Partial<TraffickingConcern>): Promise<void> {
  const built = buildConcern({ id: randomUUID(), childId, ...concern });
  await writes.upsertTraffickingConcern(db, built, WRITTEN);
  await writes.insertTraffickingStatuses(
    db,
    built.statuses.map((status) => ({ ...status, concernId: built.id })),
    WRITTEN,
  );
}

export interface DataQualityFixture {
  /** Kent: transliterated duplicate of Medway's Muhammad Tesfaye (same date of birth). */
  readonly mohammed: string;
  readonly amira: string;
  /** Kent: the stale open episode; an alias that duplicates Croydon's Jonas Gebre Medhin. */
  readonly stale: string;
  /** Kent: breaks rule 567 (came back before going missing). */
  readonly ruleBreaker: string;
  readonly medwayMuhammad: string;
  readonly croydonJonas: string;
  readonly staleEpisode: string;
  readonly awayEpisode: string;
}

/**
 * Kent (E10000016), 31 children:
 * - Mohammed Tesfay, born 2 April 2009, ER, looked after, UASC now, concern SUSPECTED; episode M
 *   1–2 May 2025 reported with reference KP-1 and MEDIUM risk, interview completed.
 * - Amira Fictional, born 7 July 2010, no nationality, looked after, concern SUSPECTED then CONFIRMED;
 *   episode A 10 May 18:00 to 12 May 00:00 (30 hours: looks missing), no interview.
 * - Broken Record, born 1 January 2008, nationality "unknown", looked after, a concern with no status,
 *   alias Yonas Gebremedhin (same date of birth); episode M from 1 May 2025 10:00, still open, last
 *   changed then (stale), not reported.
 * - Rule Breaker, born 3 March 2007, AL, looked after; episode M 2 March 2025 10:00 "ended" 1 March 10:00
 *   (rule 567), reference KP-5 but no report time, no interview.
 * - Left Care, born 5 May 2006, no nationality: care ended 31 December 2024, so not looked after.
 * - 26 more looked-after children, 20 with nationality GB and 6 without.
 * So: children 31, looked after 30, UASC 1, missing now 1; status suspected 1, confirmed 1; with a
 * concern 3, all statuses recorded 2; nationality known 22 of 30. Episodes this collection year
 * (from 1 April) 3 (M 2, A 1); interviews due 0, overdue 2 (Amira's, Rule Breaker's). Last 12 months:
 * M episodes 3, with a reference 2; reported 1, with a reference 1; ended over 72 hours ago 3, interview
 * recorded 1; stale open 1; episodes 4, away 1, over 24 hours 1, police risk 0, looks missing 1.
 *
 * Medway (E06000035): Muhammad Tesfaye, born 2 April 2009 (Kent's Mohammed); Amira Fictional, born
 * 8 July 2010 (one day off: not a candidate). Croydon (E09000008): Yohannes Berhe, born 7 July 2010
 * (Amira's birthday, another name: not a candidate); Jonas Gebre Medhin, born 1 January 2008 (Kent's
 * Broken Record's alias).
 */
export async function seedDataQualityFixture(db: Db): Promise<DataQualityFixture> {
  const mohammed = await addChild(
    db,
    KENT,
    { givenNames: 'Mohammed', familyName: 'Tesfay', dateOfBirthClaimed: '2009-04-02', nationality: 'ER' },
    { startDate: '2024-01-01' },
  );
  await writes.upsertUascPeriod(db, { id: randomUUID(), childId: mohammed, startDate: '2024-01-01', ceasedDate: null, version: 1 }, WRITTEN);
  await addConcern(db, mohammed, { raisedOn: '2025-01-10', statuses: [buildStatus({ id: randomUUID(), effectiveFrom: '2025-01-10' })] });
  const firstEpisode = await addEpisode(db, mohammed, KENT, {
    type: 'M',
    startAt: '2025-05-01T20:00:00Z',
    endAt: '2025-05-02T08:00:00Z',
    reportedToPoliceAt: '2025-05-01T21:00:00Z',
    policeReference: 'KP-1',
    policeRiskLevel: 'MEDIUM',
  });
  await writes.upsertReturnInterview(
    db,
    buildInterview({ id: randomUUID(), episodeId: firstEpisode, offeredAt: '2025-05-02T10:00:00Z', completedAt: '2025-05-03T10:00:00Z' }),
    WRITTEN,
  );

  const amira = await addChild(
    db,
    KENT,
    { givenNames: 'Amira', familyName: 'Fictional', dateOfBirthClaimed: '2010-07-07', nationality: null },
    { startDate: '2023-06-01' },
  );
  await addConcern(db, amira, {
    raisedOn: '2024-02-01',
    statuses: [
      buildStatus({ id: randomUUID(), effectiveFrom: '2024-02-01' }),
      buildStatus({ id: randomUUID(), status: 'CONFIRMED', basis: 'RECORDED', effectiveFrom: '2024-09-01' }),
    ],
  });
  const awayEpisode = await addEpisode(db, amira, KENT, { type: 'A', startAt: '2025-05-10T18:00:00Z', endAt: '2025-05-12T00:00:00Z' });

  const stale = await addChild(
    db,
    KENT,
    { givenNames: 'Broken', familyName: 'Record', dateOfBirthClaimed: '2008-01-01', nationality: 'unknown' },
    { startDate: '2022-01-01' },
  );
  await addConcern(db, stale, { raisedOn: '2025-02-01', statuses: [] });
  await writes.insertAlias(
    db,
    {
      id: randomUUID(),
      childId: stale,
      givenNames: 'Yonas',
      familyName: 'Gebremedhin',
      dateOfBirth: '2008-01-01',
      nationality: null,
      source: 'Police (fictional)',
      seenWhere: null,
      seenOn: '2025-01-01',
    },
    WRITTEN,
  );
  const staleEpisode = await addEpisode(
    db,
    stale,
    KENT,
    { type: 'M', startAt: '2025-05-01T10:00:00Z', endAt: null, endReason: null, harmDisclosed: null, exploitationDisclosed: null },
    { at: '2025-05-01T10:00:00.000Z' },
  );

  const ruleBreaker = await addChild(db, KENT, { givenNames: 'Rule', familyName: 'Breaker', dateOfBirthClaimed: '2007-03-03', nationality: 'AL' });
  await addEpisode(db, ruleBreaker, KENT, { type: 'M', startAt: '2025-03-02T10:00:00Z', endAt: '2025-03-01T10:00:00Z', policeReference: 'KP-5' });

  await addChild(
    db,
    KENT,
    { givenNames: 'Left', familyName: 'Care', dateOfBirthClaimed: '2006-05-05', nationality: null },
    { startDate: '2022-01-01', endDate: '2024-12-31', reasonCeased: 'E4A' },
  );

  for (let index = 0; index < 26; index += 1) {
    await addChild(db, KENT, {
      givenNames: `Bulk${String.fromCharCode(65 + index)}`,
      familyName: 'Fictional',
      dateOfBirthClaimed: '2011-02-03',
      nationality: index < 20 ? 'GB' : null,
    });
  }

  const medwayMuhammad = await addChild(db, MEDWAY, { givenNames: 'Muhammad', familyName: 'Tesfaye', dateOfBirthClaimed: '2009-04-02', nationality: 'ER' });
  await addChild(db, MEDWAY, { givenNames: 'Amira', familyName: 'Fictional', dateOfBirthClaimed: '2010-07-08', nationality: 'ER' });
  await addChild(db, CROYDON, { givenNames: 'Yohannes', familyName: 'Berhe', dateOfBirthClaimed: '2010-07-07', nationality: 'ER' });
  const croydonJonas = await addChild(db, CROYDON, { givenNames: 'Jonas', familyName: 'Gebre Medhin', dateOfBirthClaimed: '2008-01-01', nationality: 'ER' });

  return { mohammed, amira, stale, ruleBreaker, medwayMuhammad, croydonJonas, staleEpisode, awayEpisode };
}

/** A test app with the partner organisations and the fixture above, as the data-quality tests use it: close it after them. */
export async function dataQualityApp(): Promise<{ t: TestApp; fixture: DataQualityFixture }> {
  const t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  return { t, fixture: await seedDataQualityFixture(t.handle.db) };
}
