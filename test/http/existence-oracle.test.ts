import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import {
  addMetropolitanPolice,
  AN_AGE_ASSESSMENT,
  addPartnerOrganisations,
  apiClient,
  createLookedAfterChild,
  CROYDON,
  GUARDIANS,
  KENT,
  MET_POLICE,
  NATIONAL,
} from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Nobody learns from the API whether a child (or an episode, concern, care period...) exists unless they may
// see it: every route with an id in its path answers someone with no access to the thing exactly as it
// answers for an id that was never issued. The routes come from the app itself, so a new route with an id
// is checked too (and fails here until it has a request below).

type Kind =
  | 'child'
  | 'ageAssessment'
  | 'carePeriod'
  | 'uascPeriod'
  | 'concern'
  | 'nrmReferral'
  | 'episode'
  | 'breakGlassOpening'
  | 'user'
  | 'alert'
  | 'guardianReferral'
  | 'team';

const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** What each id route is called with: which kind of id, and a body that passes the schema. */
const REQUESTS: Readonly<Record<string, { kind: Kind; body?: unknown }>> = {
  'GET /api/v1/children/:id': { kind: 'child' },
  'PATCH /api/v1/children/:id': { kind: 'child', body: { familyName: 'Changed', version: 1 } },
  'POST /api/v1/children/:id/aliases': { kind: 'child', body: { givenNames: 'Ana', familyName: 'Alias', source: 'Police', seenOn: '2025-01-02' } },
  'POST /api/v1/children/:id/age-statuses': { kind: 'child', body: { status: 'DISPUTED', effectiveFrom: '2025-02-01' } },
  'POST /api/v1/children/:id/age-assessments': { kind: 'child', body: AN_AGE_ASSESSMENT },
  'PATCH /api/v1/age-assessments/:id': {
    kind: 'ageAssessment',
    body: { challenge: 'TRIBUNAL_APPEAL', challengedOn: '2025-03-01', challengeResult: null, challengeDecidedOn: null, version: 1 },
  },
  'GET /api/v1/children/:id/record-access': { kind: 'child' },
  'GET /api/v1/children/:id/allocation': { kind: 'child' },
  'PUT /api/v1/children/:id/allocation': { kind: 'child', body: { socialWorkerId: null, teamId: null, reason: null } },
  'POST /api/v1/teams/:id/members': { kind: 'team', body: { userId: '00000000-0000-4000-8000-000000000000' } },
  'POST /api/v1/children/:id/break-glass': { kind: 'child', body: { reason: 'Found at a police station at night, needs a placement' } },
  'POST /api/v1/break-glass-reviews/:id': { kind: 'breakGlassOpening', body: { note: 'Seen' } },
  'POST /api/v1/users/:id/deactivate': { kind: 'user' },
  'POST /api/v1/users/:id/reset-sign-in': { kind: 'user' },
  'POST /api/v1/children/:id/care-periods': { kind: 'child', body: { startDate: '2025-03-01', legalStatus: 'V2', placementType: 'K2', reasonNewEpisode: 'S' } },
  'PATCH /api/v1/care-periods/:id': { kind: 'carePeriod', body: { placementType: 'U2', version: 1 } },
  'POST /api/v1/children/:id/uasc-periods': { kind: 'child', body: { startDate: '2024-02-01' } },
  'PATCH /api/v1/uasc-periods/:id': { kind: 'uascPeriod', body: { ceasedDate: '2025-01-01', version: 1 } },
  'POST /api/v1/children/:id/national-transfers': { kind: 'child', body: { toAuthorityCode: CROYDON, referredOn: '2025-01-05' } },
  'POST /api/v1/children/:id/trafficking-concerns': { kind: 'child', body: { raisedOn: '2025-01-10', raisedBy: 'Police' } },
  'PATCH /api/v1/trafficking-concerns/:id': { kind: 'concern', body: { raisedBy: 'Teacher', version: 1 } },
  'POST /api/v1/trafficking-concerns/:id/statuses': { kind: 'concern', body: { status: 'IDENTIFIED', effectiveFrom: '2025-02-01' } },
  'POST /api/v1/trafficking-concerns/:id/nrm-referral': {
    kind: 'concern',
    body: { referredOn: '2025-01-12', firstResponderOrganisation: 'Kent Police', competentAuthority: 'SCA' },
  },
  'PATCH /api/v1/nrm-referrals/:id': {
    kind: 'nrmReferral',
    body: { reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2025-01-20', version: 1 },
  },
  'POST /api/v1/children/:id/missing-episodes': { kind: 'child', body: { type: 'M', startAt: '2025-06-10T10:00:00Z' } },
  'GET /api/v1/missing-episodes/:id': { kind: 'episode' },
  'PATCH /api/v1/missing-episodes/:id': { kind: 'episode', body: { policeForce: 'Kent Police', version: 1 } },
  'POST /api/v1/missing-episodes/:id/host-acknowledgement': { kind: 'episode' },
  'POST /api/v1/missing-episodes/:id/return': { kind: 'episode', body: { endAt: '2025-06-14T10:00:00Z', endReason: 'RETURNED_SELF', version: 1 } },
  'POST /api/v1/missing-episodes/:id/found-report': {
    kind: 'episode',
    body: { agency: 'POLICE', organisation: 'British Transport Police', foundAt: '2025-06-14T10:00:00Z', location: 'London Victoria station', version: 1 },
  },
  'PUT /api/v1/missing-episodes/:id/return-interview': { kind: 'episode', body: { response: 'DECLINED', offeredAt: '2025-06-14T12:00:00Z' } },
  'GET /api/v1/alerts/:id': { kind: 'alert' },
  'POST /api/v1/alerts/:id/acknowledge': { kind: 'alert', body: { version: 1 } },
  'POST /api/v1/alerts/:id/action': { kind: 'alert', body: { action: 'Rang the placement', version: 1 } },
  'GET /api/v1/children/:id/philomena-profile': { kind: 'child' },
  'PUT /api/v1/children/:id/philomena-profile': { kind: 'child', body: { physicalDescription: 'Tall, short brown hair', version: 1 } },
  'PUT /api/v1/children/:id/philomena-profile/photograph': { kind: 'child', body: { image: ONE_PIXEL_PNG } },
  'GET /api/v1/children/:id/philomena-profile/photograph': { kind: 'child' },
  'PUT /api/v1/missing-episodes/:id/philomena-part-two': {
    kind: 'episode',
    body: { clothing: 'Blue coat', lastSeenWhere: 'Home', lastSeenAt: '2025-06-01T09:00:00Z' },
  },
  'GET /api/v1/children/:id/grab-pack': { kind: 'child' },
  'GET /api/v1/children/:id/match-decisions': { kind: 'child' },
  'GET /api/v1/children/:id/matches': { kind: 'child' },
  'POST /api/v1/children/:id/matches/:otherChildId/decision': { kind: 'child', body: { decision: 'confirmed' } },
  'POST /api/v1/children/:id/matches/:otherChildId/decision/undo': { kind: 'child', body: { reason: 'Confirmed on the wrong pair' } },
  'POST /api/v1/children/:id/guardian-referrals': { kind: 'child', body: { parentalResponsibility: 'NO' } },
  'GET /api/v1/guardian-referrals/:id': { kind: 'guardianReferral' },
  'POST /api/v1/guardian-referrals/:id/triage': { kind: 'guardianReferral', body: { version: 1 } },
  'POST /api/v1/guardian-referrals/:id/allocation': {
    kind: 'guardianReferral',
    body: { advocateId: crypto.randomUUID(), guardianRole: 'DIRECT_WORKER', version: 1 },
  },
  'POST /api/v1/guardian-referrals/:id/closure': { kind: 'guardianReferral', body: { reason: 'DECLINED', version: 1 } },
  'GET /api/v1/children/:id/guardian-record': { kind: 'child' },
  'POST /api/v1/children/:id/guardian-record/entries': {
    kind: 'child',
    body: { kind: 'CONTACT', occurredOn: '2025-06-02', type: 'PHONE', withWhom: 'The child' },
  },
};

/** People with no access to Kent's records: other authorities' staff in every role they can have, and the other organisations' people. */
const OUTSIDERS: readonly { readonly organisation: string; readonly role: Role }[] = [
  { organisation: CROYDON, role: 'social_worker' },
  { organisation: CROYDON, role: 'team_manager' },
  { organisation: CROYDON, role: 'data_officer' },
  { organisation: CROYDON, role: 'organisation_administrator' },
  { organisation: GUARDIANS, role: 'advocate' },
  { organisation: MET_POLICE, role: 'police_coordinator' },
  { organisation: NATIONAL, role: 'national_analyst' },
  { organisation: NATIONAL, role: 'system_administrator' },
];

let t: TestApp;
const kentIds = {} as Record<Kind, string>;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  await addMetropolitanPolice(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const { id: childId } = await createLookedAfterChild(kent);
  const read = await kent('GET', `/children/${childId}`);
  const uasc = await kent('POST', `/children/${childId}/uasc-periods`, { startDate: '2024-01-01' });
  const assessment = await kent('POST', `/children/${childId}/age-assessments`, AN_AGE_ASSESSMENT);
  const concern = await kent('POST', `/children/${childId}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Social worker' });
  const referral = await kent('POST', `/trafficking-concerns/${concern.body['id'] as string}/nrm-referral`, {
    referredOn: '2025-01-12',
    firstResponderOrganisation: 'Kent County Council',
    competentAuthority: 'SCA',
  });
  const episode = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' });
  // A Kent team manager's own account, and an opening of the record by someone in Medway.
  const kentManager = await t.services.users.createUser({
    organisationCode: KENT,
    role: 'team_manager',
    email: 'kent.manager@example.gov.uk',
    displayName: 'Kent Manager',
    password: 'a long enough password 7',
  });
  if (!kentManager.ok) throw new Error(JSON.stringify(kentManager.error));
  // The guardian service covers Kent, so the child can be referred to it.
  await t.handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
  await t.handle.db
    .insertInto('guardianCoverage')
    .values({ schemeCode: 'ICTG', localAuthorityCode: KENT, startsOn: '2017-01-01', endsOn: null, note: 'test' })
    .execute();
  const guardianReferral = await kent('POST', `/children/${childId}/guardian-referrals`, { parentalResponsibility: 'NO' });
  const team = await apiClient(t.app, await t.token(KENT, 'team_manager'))('POST', '/teams', { name: 'Kent team' });
  Object.assign(kentIds, {
    team: team.body['id'] as string,
    guardianReferral: guardianReferral.body['id'] as string,
    child: childId,
    carePeriod: (read.body['carePeriods'] as { id: string }[])[0]!.id,
    uascPeriod: uasc.body['id'] as string,
    ageAssessment: assessment.body['id'] as string,
    concern: concern.body['id'] as string,
    nrmReferral: (referral.body['nrmReferral'] as { id: string }).id,
    episode: episode.body['id'] as string,
    breakGlassOpening: await openedByAnotherAuthority(childId),
    user: kentManager.value.id,
    // Reporting the child missing alerted Kent's social workers.
    alert: (await t.handle.db.selectFrom('alert').select('id').executeTakeFirstOrThrow()).id,
  });
  for (const [kind, id] of Object.entries(kentIds)) if (typeof id !== 'string') throw new Error(`no ${kind} id`);
});
afterAll(async () => {
  await t.close();
});

/** An opening of the record by a person in Medway (break-glass is for people signed in, not API clients). */
async function openedByAnotherAuthority(childId: string): Promise<string> {
  const medway: Actor = { id: crypto.randomUUID(), organisationCode: 'E06000035', localAuthorityCode: 'E06000035', role: 'social_worker', origin: null };
  const opened = await t.services.children.breakGlass(medway, childId, 'Found in Medway at night, needs a placement');
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  const row = await t.handle.db.selectFrom('breakGlassAccess').select('id').where('childId', '=', childId).executeTakeFirstOrThrow();
  return row.id;
}

const NEVER_ISSUED = crypto.randomUUID();

/** Everything a client can read from a response, with the id it sent (which tells it nothing it did not know) as `:id`. */
async function observe(api: Api, method: string, url: string, id: string, body: unknown) {
  // The other record of a pair: one never issued, so that only the first id could tell anything.
  const response = await api(method as 'GET', url.replace(':id', id).replace(':otherChildId', NEVER_ISSUED), body);
  return { status: response.status, body: JSON.parse(JSON.stringify(response.body).replaceAll(id, ':id')) as unknown };
}

describe('the existence oracle', () => {
  it('should have a request for every API route with an id in its path', () => {
    const idRoutes = t.app.registeredRoutes
      .filter((route) => route.url.startsWith('/api/') && route.url.includes(':id'))
      .map((route) => `${route.method} ${route.url}`);
    expect(idRoutes.length).toBeGreaterThan(20);
    expect(idRoutes.filter((route) => !(route in REQUESTS))).toEqual([]);
  });

  it.each(OUTSIDERS)('should answer a $role of $organisation identically for a Kent id and for an id never issued', async ({ organisation, role }) => {
    const api = apiClient(t.app, await t.token(organisation, role));
    const differing: { route: string; forKent: unknown; forNobody: unknown }[] = [];
    for (const [route, { kind, body }] of Object.entries(REQUESTS)) {
      // A system administrator administers every organisation's accounts: Kent's are not outside their access.
      if (kind === 'user' && role === 'system_administrator') continue;
      // The guardian service's people triage and allocate every referral made to it: Kent's are theirs to see.
      if (kind === 'guardianReferral' && organisation === GUARDIANS) continue;
      const [method, url] = route.split(' ') as [string, string];
      const forKent = await observe(api, method, url.replace('/api/v1', ''), kentIds[kind], body);
      const forNobody = await observe(api, method, url.replace('/api/v1', ''), crypto.randomUUID(), body);
      if (JSON.stringify(forKent) !== JSON.stringify(forNobody)) differing.push({ route, forKent, forNobody });
    }
    expect(
      differing.map(({ route }) => route),
      JSON.stringify(differing, null, 1),
    ).toEqual([]);
  });
});
