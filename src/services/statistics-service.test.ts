import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord, CARDIFF, CROYDON, insertPopulation, KENT, MEDWAY } from '../../test/factories/statistics-population.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Figure, HbthReport } from '../domain/statistics/publication.ts';
import { perturb } from '../domain/statistics/cell-key.ts';
import { NON_STANDARD_PERIOD, parseStatisticsQuery } from '../domain/statistics/query.ts';
import type { StatisticsQuery, StatisticsQueryInput } from '../domain/statistics/query.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import { createAuditLog } from './audit-log.ts';
import { createStatisticsService, statisticsAccess } from './statistics-service.ts';

// A small population whose answers are worked out by hand below (period 1 April 2024 to 31 March 2025; the
// census at the end of 31 March 2025, 23:00 UTC in BST).
//
//   A  Kent. Suspected from 1 May 2024. Missing 10 June (26 hours; interview within 72 hours) and from 20 March 2025, still missing.
//   B  Kent, placed in Medway. UASC. Missing from 22:00 UTC on 31 March 2024 (before the period) and away (A) on 1 August.
//   C  Kent, placed in Medway, in care 1 August 2024 to 31 January 2025. UASC from 1 August; suspected 1 September,
//      not trafficked from 1 October: trafficked in the period. Missing 5 September (5 hours; declined the interview)
//      and 1 December (100 hours; no interview recorded). Episodes hosted by Medway.
//   D  Kent. Suspected in 2023 only, before coming into care: not trafficked in the period. Never missing.
//   E  Kent, in care since 2020, no status. Missing 1 July 2024 (2 hours).
//   F  Croydon. Suspected 1 April 2024, identified 15 April. Missing 11 November (23 hours; interview 8 days later).
//   G  one child recorded twice: by Kent (in care May to August 2024; confirmed trafficked from 1 June) and by
//      Croydon (in care from 1 September 2024; missing 10 October for 24 hours; interview not offered).
//   H  Kent, left care at the end of 2023 (suspected trafficked): not looked after in the period.
const A = aRecord({
  sex: 'F',
  dateOfBirth: '2008-06-11',
  nationality: 'AL',
  care: [['2023-01-01', null, 'U1']],
  concerns: [[['SUSPECTED', '2024-05-01']]],
  episodes: [
    { startAt: '2024-06-10T10:00:00Z', endAt: '2024-06-11T12:00:00Z', interview: { response: 'ACCEPTED', completedAt: '2024-06-12T10:00:00Z' } },
    { startAt: '2025-03-20T10:00:00Z', endAt: null },
  ],
});
const B = aRecord({
  nationality: 'ER',
  uasc: [['2024-01-01', null]],
  care: [['2024-02-01', null, 'K2', KENT, MEDWAY]],
  episodes: [
    { startAt: '2024-03-31T22:00:00Z', endAt: '2024-04-01T10:00:00Z', host: MEDWAY },
    { type: 'A', startAt: '2024-08-01T20:00:00Z', endAt: '2024-08-01T23:00:00Z', host: MEDWAY },
  ],
});
const C = aRecord({
  sex: 'M',
  dateOfBirth: '2009-01-01',
  nationality: 'VN',
  uasc: [['2024-08-01', null]],
  care: [['2024-08-01', '2025-01-31', 'K2', KENT, MEDWAY]],
  concerns: [
    [
      ['SUSPECTED', '2024-09-01'],
      ['NOT_TRAFFICKED', '2024-10-01'],
    ],
  ],
  episodes: [
    { startAt: '2024-09-05T10:00:00Z', endAt: '2024-09-05T15:00:00Z', host: MEDWAY, interview: { response: 'DECLINED', completedAt: null } },
    { startAt: '2024-12-01T10:00:00Z', endAt: '2024-12-05T14:00:00Z', host: MEDWAY },
  ],
});
const D = aRecord({
  care: [['2024-01-01', null]],
  concerns: [
    [
      ['SUSPECTED', '2023-01-01'],
      ['NOT_TRAFFICKED', '2023-06-01'],
    ],
  ],
});
const E = aRecord({ care: [['2020-01-01', null]], episodes: [{ startAt: '2024-07-01T10:00:00Z', endAt: '2024-07-01T12:00:00Z' }] });
const F = aRecord({
  authority: CROYDON,
  sex: 'F',
  dateOfBirth: '2012-11-12',
  nationality: 'GB',
  care: [['2024-04-01', null, 'R1']],
  concerns: [
    [
      ['SUSPECTED', '2024-04-01'],
      ['IDENTIFIED', '2024-04-15'],
    ],
  ],
  episodes: [{ startAt: '2024-11-11T10:00:00Z', endAt: '2024-11-12T09:00:00Z', interview: { response: 'ACCEPTED', completedAt: '2024-11-20T10:00:00Z' } }],
});
const G1 = aRecord({
  sex: 'M',
  nationality: 'VN',
  updatedAt: '2025-02-01T00:00:00Z',
  care: [['2024-05-01', '2024-08-31', 'U1']],
  concerns: [[['CONFIRMED', '2024-06-01']]],
});
const G2 = aRecord({
  authority: CROYDON,
  sex: 'F',
  nationality: 'AL',
  dateOfBirth: '2007-10-11',
  updatedAt: '2024-09-01T00:00:00Z',
  care: [['2024-09-01', null, 'K3']],
  episodes: [{ startAt: '2024-10-10T10:00:00Z', endAt: '2024-10-11T10:00:00Z', interview: { response: 'NOT_OFFERED', completedAt: null } }],
});
const H = aRecord({
  care: [['2022-01-01', '2023-12-31']],
  concerns: [[['SUSPECTED', '2022-06-01']]],
  episodes: [{ startAt: '2024-05-01T10:00:00Z', endAt: '2024-05-02T10:00:00Z' }],
});

const G = randomUUID();

let handle: DatabaseHandle;
let deps: Parameters<typeof createStatisticsService>[0];
beforeAll(async () => {
  handle = await createTestDatabase();
  await insertPopulation(
    handle.db,
    [A, B, C, D, E, F, G1, G2, H],
    new Map([
      [G1.id, G],
      [G2.id, G],
    ]),
  );
  const core = { db: handle.db, now: () => '2025-06-15T12:00:00.000Z', newId: randomUUID };
  deps = { ...core, audit: createAuditLog(core) };
});
afterAll(async () => {
  await handle.close();
});

const actor = (role: Role, organisation: string | null = null): Actor => ({
  id: `user-${role}-${organisation ?? 'national'}`,
  organisationCode: organisation ?? 'NATIONAL-UNIT',
  localAuthorityCode: organisation,
  role,
});
const ANALYST = actor('national_analyst');

function query(input: Partial<StatisticsQueryInput> = {}): StatisticsQuery {
  const parsed = parseStatisticsQuery({ from: '2024-04-01', to: '2025-03-31', ...input });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

/** Nothing perturbed, suppressed or rounded, to read the true figures through the whole engine. */
const unprotected = () => createStatisticsService(deps, { threshold: 1, areaRounding: null, perturbation: false });

async function report(service: ReturnType<typeof createStatisticsService>, who: Actor, input: Partial<StatisticsQueryInput> = {}): Promise<HbthReport> {
  const result = await service.headingBackToHarm(who, query(input));
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const values = (r: Pick<HbthReport, 'measures'>, column: 'cohort' | 'allLookedAfter') =>
  Object.fromEntries(
    r.measures.map((m) => [m.id, m[column].kind === 'count' || m[column].kind === 'rate' ? (m[column] as { value: number }).value : m[column].kind]),
  );
const count = (value: number, roundedTo: number | null = null): Figure => ({ kind: 'count', value, roundedTo, perturbed: false });
const column = (table: HbthReport['breakdowns'][keyof HbthReport['breakdowns']]) =>
  Object.fromEntries(table.rows.map((r, i) => [r.key, (table.cells[i]![0] as { value: number }).value]));

describe('the "Heading back to harm" figures of a population worked out by hand', () => {
  it('should count trafficked children across the UK by responsible authority', async () => {
    const r = await report(unprotected(), ANALYST);
    // Cohort: A, C, F and G (once, though recorded twice). All looked after: those and B, D, E; not H.
    expect(values(r, 'cohort')).toEqual({
      lookedAfter: 4,
      missingChildren: 4,
      percentMissing: 100,
      authoritiesWithMissing: 2,
      episodes: 6,
      episodesPerMissingChild: 1.5,
      notFound: 1,
      percentNotFound: 25,
      reportingCoverage: 0.9,
      relativeRisk: 1.4,
    });
    // B's episode began before the period, and its A episode is not counted with M only: E is the other child missing.
    expect(values(r, 'allLookedAfter')).toMatchObject({
      lookedAfter: 7,
      missingChildren: 5,
      percentMissing: 71.4,
      episodes: 7,
      episodesPerMissingChild: 1.4,
      notFound: 1,
      percentNotFound: 20,
    });
    expect(r.coverage).toMatchObject({ authoritiesInGeography: 212, reporting: 2 });
    expect(r.coverage.nonReporting.count).toBe(210);
    expect(r.coverage.nonReporting.authorities?.some((authority) => authority.code === MEDWAY)).toBe(true);
  });

  it('should break the cohort down by sex, nationality, age, placement, duration and return interview', async () => {
    const { breakdowns } = await report(unprotected(), ANALYST);
    // G's breakdowns come from its Kent record, the more recently updated (male, Vietnamese).
    expect(breakdowns.sex.cells).toEqual([
      [count(2), count(0)],
      [count(2), count(0)],
      [count(0), count(0)],
    ]);
    expect(column(breakdowns.nationality)).toEqual({ VN: 2, AL: 1, GB: 1, unknown: 0, NOT_RECORDED: 0 });
    // A turned 16 the day after her first episode; G's Croydon record says he was 16.
    expect(column(breakdowns.ageAtStart)).toEqual({ UNDER_1: 0, '1_TO_4': 0, '5_TO_9': 0, '10_TO_15': 4, '16_AND_OVER': 2, NOT_KNOWN: 0 });
    expect(column(breakdowns.placementAtStart)).toMatchObject({ foster: 2, children_home: 2, residential_other: 1, semi_independent: 1, not_known: 0 });
    expect(column(breakdowns.duration)).toEqual({
      UNDER_24_HOURS: 2,
      '1_TO_2_DAYS': 2,
      '2_TO_7_DAYS': 1,
      '7_TO_30_DAYS': 0,
      OVER_30_DAYS: 0,
      STILL_MISSING: 1,
    });
    expect(column(breakdowns.returnInterview)).toEqual({
      COMPLETED_WITHIN_72_HOURS: 1,
      COMPLETED_LATER: 1,
      OFFERED_NOT_COMPLETED: 1,
      NOT_OFFERED: 1,
      NOT_RECORDED: 1,
      NOT_ENDED: 1,
    });
  });

  it('should count UASC, both, and either, and A episodes only when asked', async () => {
    const service = unprotected();
    const cohort = async (input: Partial<StatisticsQueryInput>) => values(await report(service, ANALYST, input), 'cohort');
    expect(await cohort({ cohort: 'uasc' })).toMatchObject({ lookedAfter: 2, missingChildren: 1, episodes: 2 });
    expect(await cohort({ cohort: 'uasc', missingTypes: 'M,A' })).toMatchObject({ lookedAfter: 2, missingChildren: 2, episodes: 3 });
    expect(await cohort({ cohort: 'both' })).toMatchObject({ lookedAfter: 1, missingChildren: 1 });
    expect(await cohort({ cohort: 'either' })).toMatchObject({ lookedAfter: 5, missingChildren: 4 });
  });

  it('should count by host authority separately from responsible authority', async () => {
    const medway = await report(unprotected(), ANALYST, { geography: `authority:${MEDWAY}`, attribution: 'host' });
    expect(values(medway, 'cohort')).toMatchObject({ lookedAfter: 1, missingChildren: 1, episodes: 2 });
    expect(values(medway, 'allLookedAfter')).toMatchObject({ lookedAfter: 2, missingChildren: 1 });
    const medwayResponsible = await report(unprotected(), ANALYST, { geography: `authority:${MEDWAY}` });
    expect(values(medwayResponsible, 'allLookedAfter')).toMatchObject({ lookedAfter: 0 });
  });

  it('should give each year of a trend its own census date', async () => {
    const result = await unprotected().trend(ANALYST, query(), 2);
    if (!result.ok) throw new Error('trend');
    const [before, last] = result.value.years;
    expect(before?.period).toEqual({ from: '2023-04-01', to: '2024-03-31' });
    // The year before: only H was trafficked and looked after; B went missing at 23:00 on 31 March and was
    // still missing at the end of that day.
    expect(values(before!, 'cohort')).toMatchObject({ lookedAfter: 1, missingChildren: 0 });
    expect(values(before!, 'allLookedAfter')).toMatchObject({ lookedAfter: 5, missingChildren: 1, episodes: 1, notFound: 1 });
    expect(last?.measures).toEqual((await report(unprotected(), ANALYST)).measures);
  });
});

describe('who sees what', () => {
  it('should show Kent its own children unsuppressed and the same figures to the national unit suppressed', async () => {
    const service = createStatisticsService(deps);
    const kent = { geography: `authority:${KENT}` };
    const own = await report(service, actor('data_officer', KENT), kent);
    // Kent's cohort: A, C and G (confirmed while in Kent's care); G's episode is Croydon's.
    expect(own.disclosure).toEqual({ kind: 'owner' });
    expect(values(own, 'cohort')).toMatchObject({ lookedAfter: 3, missingChildren: 2, episodes: 4, notFound: 1 });
    expect(own.coverage.nonReporting).toEqual({ count: 0, authorities: [] });

    const national = await report(service, ANALYST, kent);
    expect(national.disclosure).toEqual({ kind: 'controlled', threshold: 5, rounding: null, perturbed: true });
    for (const id of ['lookedAfter', 'missingChildren', 'episodes', 'notFound']) {
      expect(national.measures.find((m) => m.id === id)?.cohort).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    }
  });

  it('should protect Kent’s view of anything but its own children by responsible authority', async () => {
    const service = createStatisticsService(deps);
    const manager = actor('team_manager', KENT);
    expect((await report(service, manager, { geography: `authority:${KENT}` })).disclosure.kind).toBe('owner');
    expect((await report(service, manager, { geography: `authority:${KENT}`, attribution: 'host' })).disclosure.kind).toBe('controlled');
    const uk = await report(service, manager);
    expect(uk.disclosure).toEqual({ kind: 'controlled', threshold: 5, rounding: 10, perturbed: true });
    expect(uk.coverage.nonReporting).toEqual({ count: 210, authorities: null });
    // Every record here has key 0, so every cell key is 0 and the ptable leaves the 7 as it is: rounded to 10.
    expect(uk.measures.find((m) => m.id === 'lookedAfter')?.allLookedAfter).toEqual({ kind: 'count', value: 10, roundedTo: 10, perturbed: true });
  });

  it('should refuse everyone else as not found, and every role is decided', async () => {
    const service = createStatisticsService(deps);
    for (const [role, organisation] of [
      ['social_worker', KENT],
      ['advocate', null],
      ['police_coordinator', null],
      ['organisation_administrator', KENT],
      ['system_administrator', null],
    ] as const) {
      expect(await service.headingBackToHarm(actor(role, organisation), query())).toEqual({ ok: false, error: { kind: 'not_found', entity: 'statistics' } });
      expect((await service.trend(actor(role, organisation), query(), 2)).ok).toBe(false);
    }
    expect(statisticsAccess(actor('data_officer', CROYDON), { geography: { kind: 'authority', code: KENT }, attribution: 'responsible' })).toBe('controlled');
  });

  it('should answer not found for a region or authority that does not exist', async () => {
    const service = createStatisticsService(deps);
    expect(await service.headingBackToHarm(ANALYST, query({ geography: 'region:Atlantis' }))).toEqual({
      ok: false,
      error: { kind: 'not_found', entity: 'region' },
    });
    expect(await service.headingBackToHarm(ANALYST, query({ geography: 'authority:E99999999' }))).toEqual({
      ok: false,
      error: { kind: 'not_found', entity: 'authority' },
    });
  });

  it('should spell a region as the reference table does', async () => {
    const r = await report(createStatisticsService(deps), ANALYST, { geography: 'region:south east' });
    expect(r.query.geography).toEqual({ kind: 'region', region: 'South East' });
    expect(r.geographyName).toBe('South East');
  });
});

describe('the audit trail', () => {
  it('should record every request with who asked and the question, and nothing about any child', async () => {
    const asker = { ...actor('data_officer', CROYDON), id: `audited-${randomUUID()}` };
    await report(createStatisticsService(deps), asker, { cohort: 'uasc', geography: 'region:London' });
    const events = await handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'entityId', 'childId', 'organisationCode', 'role', 'details'])
      .where('actorId', '=', asker.id)
      .execute();
    expect(events).toEqual([
      {
        action: 'EXPORT',
        entity: 'statistics',
        entityId: 'heading-back-to-harm',
        childId: null,
        organisationCode: CROYDON,
        role: 'data_officer',
        details: {
          cohort: 'uasc',
          from: '2024-04-01',
          to: '2025-03-31',
          geography: 'region:London',
          attribution: 'responsible',
          missingTypes: 'M',
          censusDate: '2025-03-31',
          view: 'controlled',
        },
      },
    ]);
  });
});

describe('what may be released beyond the owner', () => {
  const KENT_ONLY = { geography: `authority:${KENT}` };

  it('should refuse everyone but the owner a period that is not standard, saying what is allowed, and count nothing', async () => {
    const service = createStatisticsService(deps);
    const asker = { ...actor('data_officer', CROYDON), id: `refused-${randomUUID()}` };
    const dayApart = { ...KENT_ONLY, from: '2024-04-02', to: '2025-04-01' };
    for (const who of [asker, ANALYST, actor('data_officer', KENT)]) {
      const refused = await service.headingBackToHarm(who, query({ ...dayApart, attribution: who === ANALYST ? 'responsible' : 'host' }));
      expect(refused).toEqual({ ok: false, error: { kind: 'not_standard', problems: [{ field: 'from', message: NON_STANDARD_PERIOD }] } });
    }
    expect(await handle.db.selectFrom('auditEvent').select('id').where('actorId', '=', asker.id).execute()).toEqual([]);
    // Kent, for its own children, may ask for any period.
    expect((await report(service, actor('data_officer', KENT), dayApart)).disclosure).toEqual({ kind: 'owner' });
  });

  it('should refuse a census date other than the period’s end, a trend that does not end a standard year, and an FOI answer for any other period', async () => {
    const service = createStatisticsService(deps);
    expect(await service.headingBackToHarm(ANALYST, query({ censusDate: '2025-04-30' }))).toMatchObject({
      ok: false,
      error: { kind: 'not_standard', problems: [{ field: 'censusDate' }] },
    });
    expect(await service.trend(ANALYST, query({ from: '2025-01-01', to: '2025-03-31' }), 2)).toMatchObject({
      ok: false,
      error: { kind: 'not_standard', problems: [{ field: 'to' }] },
    });
    expect((await service.trend(ANALYST, query({ from: '2024-01-01', to: '2024-12-31' }), 2)).ok).toBe(true);
    const kent = actor('data_officer', KENT);
    expect(await service.headingBackToHarm(kent, query({ ...KENT_ONLY, from: '2024-04-02', to: '2025-04-01' }), 'published')).toMatchObject({
      ok: false,
      error: { kind: 'not_standard' },
    });
    for (const [from, to] of [
      ['2024-06-01', '2024-06-30'],
      ['2024-04-01', '2024-06-30'],
      ['2024-01-01', '2024-12-31'],
      ['2023-10-01', '2024-09-30'],
    ] as const) {
      expect((await service.headingBackToHarm(ANALYST, query({ from, to }))).ok, `${from} to ${to}`).toBe(true);
    }
  });

  it('should perturb every count it releases beyond the owner by the keys of the records counted, and give the owner the true counts', async () => {
    // Cardiff: ten trafficked children in care all year, each missing once, every record and episode with its key.
    const children = Array.from({ length: 10 }, (_, i) =>
      aRecord({
        authority: CARDIFF,
        recordKey: (53 * i + 7) % 256,
        care: [['2023-01-01', null]],
        concerns: [[['SUSPECTED', '2023-06-01']]],
        episodes: [{ recordKey: (17 * i + 1) % 256, startAt: `2024-0${(i % 9) + 1}-10T10:00:00Z`, endAt: `2024-0${(i % 9) + 1}-10T12:00:00Z` }],
      }),
    );
    await insertPopulation(handle.db, children);
    try {
      const service = createStatisticsService(deps);
      const period = { geography: `authority:${CARDIFF}`, from: '2024-01-01', to: '2024-12-31' };
      const own = await report(service, actor('data_officer', CARDIFF), period);
      const national = await report(service, ANALYST, period);
      const cohort = (r: HbthReport, id: string) => r.measures.find((m) => m.id === id)?.cohort;
      expect(cohort(own, 'lookedAfter')).toEqual(count(10));
      const childKeys = children.map((c) => c.recordKey);
      const episodeKeys = children.map((c) => c.missingEpisodes[0]!.recordKey);
      const sum = (keys: number[]) => keys.reduce((a, b) => a + b, 0) % 256;
      expect(cohort(national, 'lookedAfter')).toEqual({ kind: 'count', value: perturb({ count: 10, key: sum(childKeys) }), roundedTo: null, perturbed: true });
      expect(cohort(national, 'episodes')).toEqual({ kind: 'count', value: perturb({ count: 10, key: sum(episodeKeys) }), roundedTo: null, perturbed: true });
      // With these keys the ptable moves both counts off the truth (10 children: 11; 10 episodes: 12).
      expect([cohort(national, 'lookedAfter'), cohort(national, 'episodes')].map((figure) => figure?.kind === 'count' && figure.value)).toEqual([11, 12]);
      // Asked again, or by someone else, the same cells give the same answers.
      expect((await report(service, actor('team_manager', CROYDON), period)).measures).toEqual(national.measures);
    } finally {
      await handle.db
        .deleteFrom('child')
        .where(
          'id',
          'in',
          children.map((c) => c.id),
        )
        .execute();
    }
  });
});

describe('the years the data covers', () => {
  it('should give the first day of any care period or episode to those who may ask for statistics, and to no one else', async () => {
    const service = createStatisticsService(deps);
    // B went missing at 22:00 UTC on 31 March 2024 (1 April in the UK); D came into care on 1 January 2024; the earliest is E's care from 2020.
    expect(await service.earliestDay(ANALYST)).toEqual({ ok: true, value: '2020-01-01' });
    expect(await service.earliestDay(actor('social_worker', KENT))).toEqual({ ok: false, error: { kind: 'not_found', entity: 'statistics' } });
  });
});
