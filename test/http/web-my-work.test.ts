import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { textsAt } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';

// The My work page through app.inject: what each person sees, in what order, and that the view is audited.
// The test clock is 15 June 2025 at 12:00 UTC.

let t: TestApp;
const children: Record<string, string> = {};
const episodes: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));

  children['recent'] = (await createLookedAfterChild(kent, { givenNames: 'Besa', familyName: 'Recentlygone' })).id;
  children['long'] = (await createLookedAfterChild(kent, { givenNames: 'Genti', familyName: 'Longgone' })).id;
  children['back'] = (await createLookedAfterChild(kent, { givenNames: 'Drita', familyName: 'Backhome' })).id;
  children['croydon'] = (await createLookedAfterChild(croydon, { givenNames: 'Other', familyName: 'Authority' })).id;
  const report = async (api: typeof kent, childId: string, body: Record<string, unknown>) =>
    ((await api('POST', `/children/${childId}/missing-episodes`, { type: 'M', ...body })).body as { id: string }).id;
  episodes['recent'] = await report(kent, children['recent'], {
    startAt: '2025-06-15T07:00:00Z',
    policeReference: 'KP-RECENT-1',
    policeRiskLevel: 'HIGH',
    reportedToPoliceAt: '2025-06-15T07:30:00Z',
  });
  episodes['long'] = await report(kent, children['long'], {
    startAt: '2025-06-11T12:00:00Z',
    policeReference: 'KP-LONG-1',
    reportedToPoliceAt: '2025-06-11T13:00:00Z',
  });
  episodes['back'] = await report(kent, children['back'], { startAt: '2025-06-10T12:00:00Z', endAt: '2025-06-11T12:00:00Z', endReason: 'FOUND_POLICE' });
  await report(croydon, children['croydon'], { startAt: '2025-06-14T12:00:00Z', policeReference: 'MET-CROYDON-1' });
});
afterAll(async () => {
  await t.close();
});

async function myWorkAs(organisation: string, role: Role) {
  const { client, userId } = await signedInClient(t.app, t.services, organisation, role);
  if (role === 'advocate') {
    await t.handle.db
      .insertInto('advocateAllocation')
      .values({
        id: crypto.randomUUID(),
        childId: children['recent']!,
        advocateId: userId,
        organisationCode: GUARDIANS,
        allocatedOn: '2025-01-01',
        endedOn: null,
        createdAt: '2025-01-01T00:00:00Z',
      })
      .execute();
  }
  const page = await client.get('/');
  expect(page.statusCode).toBe(200);
  expect(titleOf(page.body)).toBe('My work – Lantern');
  return { page: page.body, userId };
}

/** My work's sections: the page's own headings, not the timeout warning's in the layout. */
const headings = (html: string): string[] => textsAt(html, 'main h2.govuk-heading-m[id]');

describe('My work for the responsible authority’s staff', () => {
  it.each(['social_worker', 'team_manager', 'data_officer'] as const)(
    'should show a %s every section, counted, with the authority’s children only',
    async (role) => {
      const { page } = await myWorkAs(KENT, role);
      expect(page).toContain('Children Kent is responsible for.');
      expect(headings(page)).toEqual([
        // Team managers review break-glass openings of their authority's records, so they are told of them first.
        ...(role === 'team_manager' ? ['Records opened with break-glass, to review (0)'] : []),
        'Children missing now (2)',
        'Return home interviews due and overdue (1)',
        'Children missing 3 or more times in 30 days (0)',
        'Trafficking concerns with no NRM referral (0)',
        'NRM decisions pending (0)',
        'Philomena profiles to review (0)',
      ]);
      // Longest missing first, each name linking to the child's record, with the action to record the return.
      const longAt = page.indexOf('Genti Longgone');
      const recentAt = page.indexOf('Besa Recentlygone');
      expect(longAt).toBeGreaterThan(0);
      expect(recentAt).toBeGreaterThan(longAt);
      expect(page).toContain(`<a class="govuk-link" href="/children/${children['recent']}">Besa Recentlygone</a>`);
      expect(page).toContain(`href="/missing-episodes/${episodes['recent']}/return"`);
      expect(page).toContain('KP-RECENT-1');
      expect(page).toContain('4 days');
      // Back on 11 June at 12:00 UTC: the interview was due on 14 June, a day ago.
      expect(page).toContain(`href="/missing-episodes/${episodes['back']}/return-interview"`);
      expect(page).toContain('Overdue by 24 hours');
      expect(page).not.toContain('MET-CROYDON-1');
    },
  );

  it('should show other authorities none of it', async () => {
    for (const organisation of [MEDWAY, CROYDON]) {
      const { page } = await myWorkAs(organisation, 'social_worker');
      expect(page).not.toContain('KP-RECENT-1');
      expect(page).not.toContain('Besa Recentlygone');
    }
  });

  it('should record one audit event for each view, with no child in it', async () => {
    const { userId } = await myWorkAs(KENT, 'team_manager');
    const events = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'childId', 'details'])
      .where('actorId', '=', userId)
      .where('action', '=', 'LIST')
      .execute();
    expect(events).toEqual([
      {
        action: 'LIST',
        entity: 'myWork',
        childId: null,
        details: {
          scope: 'authority',
          counts: { missingNow: 2, interviewsToDo: 1, repeatMissing: 0, concernsWithoutReferral: 0, pendingNrmDecisions: 0, breakGlassToReview: 0 },
        },
      },
    ]);
  });
});

describe('break-glass openings on My work', () => {
  it('should tell the responsible authority’s team managers at once of a record opened with break-glass, until it is reviewed', async () => {
    const police = await signedInClient(t.app, t.services, KENT_POLICE, 'police_coordinator');
    const policeActor = { id: police.userId, organisationCode: KENT_POLICE, localAuthorityCode: null, role: 'police_coordinator' as const };
    expect((await t.services.children.breakGlass(policeActor, children['back']!, 'Child seen at a property we are searching tonight')).ok).toBe(true);

    const { page } = await myWorkAs(KENT, 'team_manager');
    expect(headings(page)[0]).toBe('Records opened with break-glass, to review (1)');
    expect(page).toContain('Child seen at a property we are searching tonight');
    expect(page).toContain(`<a class="govuk-link" href="/children/${children['back']}">Drita Backhome</a>`);
    const opening = await t.handle.db.selectFrom('breakGlassAccess').select('id').where('childId', '=', children['back']!).executeTakeFirstOrThrow();
    expect(page).toContain(`href="/break-glass-reviews/${opening.id}"`);
    // Nobody else is told: not the social workers, nor another authority's managers.
    expect(headings((await myWorkAs(KENT, 'social_worker')).page)).not.toContain('Records opened with break-glass, to review (1)');
    expect((await myWorkAs(CROYDON, 'team_manager')).page).not.toContain('Drita Backhome');

    const manager = { id: crypto.randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' as const };
    expect((await t.services.children.reviewBreakGlass(manager, opening.id, 'Confirmed with Kent Police')).ok).toBe(true);
    expect(headings((await myWorkAs(KENT, 'team_manager')).page)[0]).toBe('Records opened with break-glass, to review (0)');
  });
});

describe('My work for others', () => {
  it('should show an advocate their allocated children, without the actions to change records', async () => {
    const { page } = await myWorkAs(GUARDIANS, 'advocate');
    expect(page).toContain('Children allocated to you.');
    expect(headings(page)[0]).toBe('Children missing now (1)');
    expect(page).toContain('Besa Recentlygone');
    expect(page).not.toContain('Genti Longgone');
    expect(page).not.toContain('/return"');
  });

  it('should show the police the children missing from placements in their area, and nothing else', async () => {
    const { page } = await myWorkAs(KENT_POLICE, 'police_coordinator');
    expect(headings(page)).toEqual(['Children missing now (2)']);
    expect(page).toContain('KP-LONG-1');
    expect(page).not.toContain('MET-CROYDON-1');
    expect(page).not.toContain('Return home interviews');
  });

  it('should point a national analyst to the statistics and the league table', async () => {
    const { page } = await myWorkAs(NATIONAL, 'national_analyst');
    expect(headings(page)).toEqual([]);
    expect(page).toContain('href="/statistics"');
    expect(page).toContain('href="/data-quality/league-table"');
    expect(page).not.toContain('KP-RECENT-1');
  });

  it('should tell an administrator where their work is', async () => {
    const { page } = await myWorkAs(KENT, 'organisation_administrator');
    expect(headings(page)).toEqual([]);
    expect(page).toContain('Administrators do not see children’s records');
  });

  it('should send someone not signed in to sign in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/sign-in');
  });
});
