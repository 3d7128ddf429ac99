import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addPartnerOrganisations, KENT_POLICE, NATIONAL } from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { CROYDON, KENT, MEDWAY, seedDataQualityFixture } from '../../test/factories/data-quality.ts';
import type { DataQualityFixture } from '../../test/factories/data-quality.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { AuthorityOverview, LeagueTableRow } from '../domain/data-quality.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';

let handle: DatabaseHandle;
let services: Services;
let fixture: DataQualityFixture;
const clock = createFakeClock('2025-06-15T12:00:00.000Z');

const actor = (organisationCode: string, role: Role, localAuthorityCode: string | null = organisationCode): Actor => ({
  id: `user-${role}-${organisationCode}`,
  organisationCode,
  localAuthorityCode,
  role,
});
const kentOfficer = actor(KENT, 'data_officer');
const analyst = actor(NATIONAL, 'national_analyst', null);

async function overviewFor(who: Actor): Promise<AuthorityOverview> {
  const result = await services.dataQuality.authorityOverview(who);
  if (!result.ok) throw new Error(`overview: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function league(): Promise<readonly LeagueTableRow[]> {
  const result = await services.dataQuality.leagueTable(analyst);
  if (!result.ok) throw new Error(`league: ${JSON.stringify(result.error)}`);
  return result.value.rows;
}

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID });
  await addPartnerOrganisations(handle.db);
  fixture = await seedDataQualityFixture(handle.db);
}, 60_000);
afterAll(async () => {
  await handle.close();
});

describe('the authority overview', () => {
  it('should count the authority’s children and episodes by state', async () => {
    const overview = await overviewFor(kentOfficer);
    expect(overview).toMatchObject({ authorityCode: KENT, authorityName: 'Kent' });
    expect(overview.counts).toEqual({
      lookedAfter: 30,
      uasc: 1,
      missingNow: 1,
      traffickingStatus: { SUSPECTED: 1, IDENTIFIED: 0, CONFIRMED: 1, NOT_TRAFFICKED: 0 },
      episodesThisYear: { total: 3, missing: 2, away: 1 },
      returnInterviews: { due: 0, overdue: 2 },
    });
  });

  it('should measure the completeness of the items the report found missing', async () => {
    const { completeness } = await overviewFor(kentOfficer);
    expect(completeness.map(({ id, numerator, denominator }) => [id, numerator, denominator])).toEqual([
      ['trafficking-status', 2, 3],
      ['nationality', 22, 30],
      ['police-reference', 2, 3],
      ['police-reference-when-reported', 1, 1],
      ['return-interview', 1, 3],
    ]);
  });

  it('should list the record that breaks a rule, with the child to follow up, and only that one', async () => {
    const { ruleCheck } = await overviewFor(kentOfficer);
    expect(ruleCheck).toMatchObject({ childrenChecked: 31, childrenWithViolations: 1, errors: 1, warnings: 0 });
    expect(ruleCheck.rules).toEqual([
      expect.objectContaining({
        rule: 'missing-end-after-start',
        code: '567',
        severity: 'error',
        violations: 1,
        children: [{ child: expect.objectContaining({ childId: fixture.ruleBreaker, name: 'Rule Breaker' }) as unknown, messages: [expect.any(String)] }],
      }),
    ]);
  });

  it('should list the open episode with no update for 30 days', async () => {
    const { staleEpisodes } = await overviewFor(kentOfficer);
    expect(staleEpisodes).toEqual([
      {
        episodeId: fixture.staleEpisode,
        child: expect.objectContaining({ childId: fixture.stale, name: 'Broken Record' }) as unknown,
        type: 'M',
        startAt: '2025-05-01T10:00:00.000Z',
        updatedAt: '2025-05-01T10:00:00.000Z',
        daysSinceUpdate: 45,
      },
    ]);
  });

  it('should find the away episode that looks like a missing one', async () => {
    const overview = await overviewFor(kentOfficer);
    expect(overview.away).toMatchObject({
      awayEpisodes: 1,
      lastedOver24Hours: 1,
      reportedWithRiskLevel: 0,
      looksMissing: 1,
      looksMissingPercentage: 100,
      recordsNoAway: false,
    });
    expect(overview.awayLooksMissing).toEqual([
      expect.objectContaining({
        episodeId: fixture.awayEpisode,
        child: expect.objectContaining({ childId: fixture.amira }) as unknown,
        hoursAway: 30,
        reasons: ['lasted-over-24-hours'],
      }),
    ]);
  });

  it('should find probable duplicates in other authorities under transliterated names and aliases, by the matching engine', async () => {
    const { duplicates } = await overviewFor(kentOfficer);
    const found = new Map(duplicates.map((candidate) => [`${candidate.child.childId}|${candidate.otherAuthorityCode}`, candidate]));
    expect(found.get(`${fixture.mohammed}|${MEDWAY}`)).toMatchObject({ otherAuthorityName: 'Medway', probability: expect.any(Number) as unknown });
    expect(found.get(`${fixture.stale}|${CROYDON}`)).toMatchObject({ otherAuthorityName: 'Croydon' });
    // The review queue's threshold, most probable first; Croydon's Yohannes Berhe shares only Amira's birthday.
    expect(duplicates.every(({ probability }) => probability >= 0.1)).toBe(true);
    expect(duplicates.map(({ probability }) => probability)).toEqual(duplicates.map(({ probability }) => probability).sort((a, b) => b - a));
    expect(duplicates.filter(({ child, otherAuthorityCode }) => child.childId === fixture.amira && otherAuthorityCode === CROYDON)).toEqual([]);
    // The other authority's data officer sees their own child, under the same reference; never Kent's.
    const medway = await overviewFor(actor(MEDWAY, 'team_manager'));
    const muhammad = medway.duplicates.find(({ child }) => child.childId === fixture.medwayMuhammad);
    expect(muhammad).toMatchObject({ otherAuthorityCode: KENT, matchReference: found.get(`${fixture.mohammed}|${MEDWAY}`)?.matchReference });
    expect(JSON.stringify(medway)).not.toContain(fixture.mohammed);
  });

  it('should score a pair as the review queue of the child’s possible matches does', async () => {
    const { duplicates } = await overviewFor(kentOfficer);
    const proposed = await services.matching.proposedMatches(kentOfficer, fixture.mohammed);
    if (!proposed.ok) throw new Error('proposed matches refused');
    const queued = proposed.value.candidates.find((candidate) => candidate.childId === fixture.medwayMuhammad);
    expect(queued).toBeDefined();
    expect(duplicates.find(({ child, otherAuthorityCode }) => child.childId === fixture.mohammed && otherAuthorityCode === MEDWAY)?.probability).toBeCloseTo(
      queued?.probability ?? -1,
      10,
    );
  });

  it('should leave out a pair a reviewer has ruled out, until the decision is undone', async () => {
    const excluded = await services.matching.decideMatch(kentOfficer, fixture.stale, fixture.croydonJonas, {
      kind: 'excluded',
      reason: 'Different child: checked with Croydon',
    });
    expect(excluded.ok).toBe(true);
    try {
      const { duplicates } = await overviewFor(kentOfficer);
      expect(duplicates.map(({ child }) => child.childId)).not.toContain(fixture.stale);
    } finally {
      expect((await services.matching.undoMatchDecision(actor(KENT, 'team_manager'), fixture.stale, fixture.croydonJonas, 'Excluded by mistake')).ok).toBe(
        true,
      );
    }
    const { duplicates } = await overviewFor(kentOfficer);
    expect(duplicates.map(({ child }) => child.childId)).toContain(fixture.stale);
  });

  it('should follow a change of name: the duplicate goes when the name no longer matches', async () => {
    await handle.db.updateTable('child').set({ givenNames: 'Completely', familyName: 'Different' }).where('id', '=', fixture.medwayMuhammad).execute();
    try {
      const { duplicates } = await overviewFor(kentOfficer);
      expect(duplicates.map(({ child }) => child.childId)).toContain(fixture.stale);
      expect(duplicates.map(({ child }) => child.childId)).not.toContain(fixture.mohammed);
    } finally {
      await handle.db.updateTable('child').set({ givenNames: 'Muhammad', familyName: 'Tesfaye' }).where('id', '=', fixture.medwayMuhammad).execute();
    }
  });

  it('should audit the view with how many children were listed, never who', async () => {
    await overviewFor(kentOfficer);
    const event = await handle.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('actorId', '=', kentOfficer.id)
      .where('entity', '=', 'dataQualityOverview')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'LIST', childId: null, details: { authority: KENT, childrenListed: 4 } });
    expect(JSON.stringify(event)).not.toMatch(/Tesfay|Breaker|Record|2009-04-02/);
  });

  it.each<[string, Actor]>([
    ['a social worker', actor(KENT, 'social_worker')],
    ['an advocate', actor('GUARDIANS', 'advocate', null)],
    ['a national analyst', analyst],
    ['a system administrator', actor(NATIONAL, 'system_administrator', null)],
  ])('should refuse %s', async (_name, who) => {
    expect(await services.dataQuality.authorityOverview(who)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'data-quality overview' } });
  });
});

describe('the national league table', () => {
  it('should give every authority a row, rank Kent, and not rank authorities whose every figure is suppressed', async () => {
    const rows = await league();
    expect(rows.length).toBe(212);
    expect(rows.filter((row) => row.rank !== null).map((row) => [row.authorityCode, row.rank])).toEqual([[KENT, 1]]);
    expect(
      rows
        .filter((row) => row.notRanked === 'too-few-to-rank')
        .map((row) => row.authorityCode)
        .sort(),
    ).toEqual([MEDWAY, CROYDON].sort());
    expect(rows.filter((row) => row.notRanked === 'nothing-to-measure').length).toBe(209);
  });

  it('should show Kent’s percentages and suppress every count and figure with 1 to 4 behind it', async () => {
    const kent = (await league()).find((row) => row.authorityCode === KENT);
    expect(kent).toMatchObject({
      childrenLookedAfter: { kind: 'value', value: 30 },
      staleOpenEpisodes: { kind: 'suppressed' },
      awayLooksMissing: { kind: 'suppressed' },
      recordsNoAway: false,
    });
    expect(Object.fromEntries(kent?.completeness.map(({ id, figure }) => [id, figure]) ?? [])).toEqual({
      // 22 of 30 (73%): 8 without; 2 of 3 and 1 of 3 have fewer than 5 behind them.
      nationality: { kind: 'value', value: 73 },
      'trafficking-status': { kind: 'suppressed' },
      'police-reference': { kind: 'suppressed' },
      'return-interview': { kind: 'suppressed' },
    });
    // One violation among 31 children.
    expect(kent?.violationsPer100Children).toEqual({ kind: 'suppressed' });
    const medway = (await league()).find((row) => row.authorityCode === MEDWAY);
    expect(medway?.childrenLookedAfter).toEqual({ kind: 'suppressed' });
  });

  it('should check the rules of authorities nobody has looked at, and keep only totals', async () => {
    await league();
    const checks = await handle.db.selectFrom('dataQualityRuleCheck').selectAll().orderBy('authorityCode').execute();
    expect(checks.map(({ authorityCode, children, errors }) => [authorityCode, children, errors])).toEqual(
      [
        [MEDWAY, 2, 0],
        [KENT, 31, 1],
        [CROYDON, 2, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
  });

  it('should hold no child: no id, name or date of birth, in anything it returns', async () => {
    const result = await services.dataQuality.leagueTable(analyst);
    const text = JSON.stringify(result);
    for (const id of Object.values(fixture)) expect(text).not.toContain(id);
    expect(text).not.toMatch(/Tesfay|Fictional|2009-04-02/);
  });

  it('should not let the national analyst read a child through the counting functions', async () => {
    // The same transaction settings as the service uses: the duplicate function answers nothing.
    const { inScope } = await import('../db/scope.ts');
    const rows = await inScope(
      handle.db,
      { actorId: analyst.id, organisationCode: analyst.organisationCode, authorityCode: null, role: 'national_analyst', now: clock.now() },
      async (trx) => ({
        duplicates: (await sql`select * from lantern_data_quality_duplicates()`.execute(trx)).rows,
        children: (await sql`select * from child`.execute(trx)).rows,
      }),
    );
    expect(rows).toEqual({ duplicates: [], children: [] });
  });

  it.each<[string, Actor]>([
    ['a data officer', kentOfficer],
    ['a team manager', actor(KENT, 'team_manager')],
    ['a police coordinator', actor(KENT_POLICE, 'police_coordinator', null)],
  ])('should refuse %s', async (_name, who) => {
    expect(await services.dataQuality.leagueTable(who)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'data-quality league table' } });
  });

  it('should audit the view without any child', async () => {
    await league();
    const event = await handle.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('actorId', '=', analyst.id)
      .where('entity', '=', 'dataQualityLeagueTable')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'LIST', childId: null, details: { authorities: 212 } });
  });
});

describe('name keys for duplicate matching', () => {
  it.each([
    ['Mohammed', 'Muhammad'],
    ['Nguyễn', 'Nguyen'],
    ['Ngyuen', 'Nguyen'],
    ['Tesfaye', 'Tesfay'],
    ['Yohannes', 'Johannes'],
    ['Hussein', 'Husain'],
    ['Mustapha', 'Mustafa'],
    ['Đặng', 'Dang'],
    ['Krasniqi', 'Krasnici'],
    ['Emmanuel', 'Amanuel'],
  ])('should give %s and %s the same key', async (a, b) => {
    const result = await sql<{ same: boolean }>`select lantern_name_keys(${a}) = lantern_name_keys(${b}) as same`.execute(handle.db);
    expect(result.rows[0]?.same).toBe(true);
  });

  it.each([
    ['Mohammed', 'Amira'],
    ['Tran', 'Dang'],
  ])('should tell %s from %s', async (a, b) => {
    const result = await sql<{ same: boolean }>`select lantern_name_keys(${a}) = lantern_name_keys(${b}) as same`.execute(handle.db);
    expect(result.rows[0]?.same).toBe(false);
  });

  it('should keep name keys out of the application role’s reach', async () => {
    const { inScope } = await import('../db/scope.ts');
    await expect(
      inScope(handle.db, { actorId: 'x', organisationCode: KENT, authorityCode: KENT, role: 'data_officer', now: clock.now() }, (trx) =>
        sql`select * from child_name_identity`.execute(trx),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('the league table’s rule checks on a large population', () => {
  it('should check as many authorities as its time allows, and the rest on later views', async () => {
    const large = await createTestDatabase();
    try {
      // Every read of the clock is 4 seconds later: the first page of records uses up the time allowed.
      let ms = Date.parse('2025-06-15T12:00:00.000Z');
      const ticking = createServices({ db: large.db, now: () => new Date((ms += 4000)).toISOString(), newId: randomUUID });
      const rows = (code: string, count: number) =>
        Array.from({ length: count }, () => ({
          id: randomUUID(),
          responsibleAuthorityCode: code,
          laChildId: randomUUID().slice(0, 10),
          givenNames: 'Bulk',
          familyName: 'Fictional',
          sex: 'F' as const,
          dateOfBirthClaimed: '2010-01-01',
          createdAt: '2025-01-01T00:00:00Z',
          updatedAt: '2025-01-01T00:00:00Z',
        }));
      // In the order read: Medway (E06…) then Kent (E10…), 300 each, so the first page of 500 ends inside Kent.
      await large.db
        .insertInto('child')
        .values([...rows(MEDWAY, 300), ...rows(KENT, 300)])
        .execute();
      const checked = async () =>
        (await large.db.selectFrom('dataQualityRuleCheck').select(['authorityCode', 'children']).orderBy('authorityCode').execute()).map((row) => [
          row.authorityCode,
          row.children,
        ]);

      expect((await ticking.dataQuality.leagueTable(analyst)).ok).toBe(true);
      expect(await checked()).toEqual([[MEDWAY, 300]]);
      expect((await ticking.dataQuality.leagueTable(analyst)).ok).toBe(true);
      expect(await checked()).toEqual([
        [MEDWAY, 300],
        [KENT, 300],
      ]);
    } finally {
      await large.close();
    }
  });
});
