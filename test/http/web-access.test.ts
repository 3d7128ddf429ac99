import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleFitsKind } from '../../src/domain/access/roles.ts';
import { ROLES } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';

// Every web route the app registers has an access rule here: public, or for signed-in people only.
// (The API's routes are held to docs/access.md by access-matrix.test.ts.)
const WEB_ROUTES: Record<string, 'public' | 'signed-in' | 'asset' | 'operators'> = {
  'GET /health': 'public',
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  // Loopback or the metrics token only: test/http/observability.test.ts.
  'GET /metrics': 'operators',
  'GET /': 'signed-in',
  'GET /accessibility': 'public',
  'GET /cookies': 'public',
  'GET /privacy': 'public',
  'GET /sign-in': 'public',
  'POST /sign-in': 'public',
  'GET /sign-in/code': 'public',
  'POST /sign-in/code': 'public',
  'POST /sign-out': 'public',
  'POST /sign-in/stay': 'signed-in',
  'GET /sign-in/organisations/:code': 'public',
  'GET /sign-in/callback/:code': 'public',
  'GET /assets/*': 'asset',
  'GET /stylesheets/*': 'asset',
  'GET /javascripts/*': 'asset',
  'GET /children/:childId/aliases/new': 'signed-in',
  'POST /children/:childId/aliases/new': 'signed-in',
  'GET /children/:childId/age-status/new': 'signed-in',
  'POST /children/:childId/age-status/new': 'signed-in',
  'GET /children/:childId/age-assessments/new': 'signed-in',
  'POST /children/:childId/age-assessments/new': 'signed-in',
  'GET /children/:childId/age-assessments/challenge': 'signed-in',
  'POST /children/:childId/age-assessments/challenge': 'signed-in',
  'GET /children/:childId/uasc-status/new': 'signed-in',
  'POST /children/:childId/uasc-status/new': 'signed-in',
  'GET /children/:childId/uasc-status/end': 'signed-in',
  'POST /children/:childId/uasc-status/end': 'signed-in',
  'GET /children/:childId/allocation': 'signed-in',
  'POST /children/:childId/allocation': 'signed-in',
  'GET /children/:childId/identifiers': 'signed-in',
  'POST /children/:childId/identifiers': 'signed-in',
  'GET /children/:childId/languages': 'signed-in',
  'POST /children/:childId/languages': 'signed-in',
  'GET /children/:childId/nationality': 'signed-in',
  'POST /children/:childId/nationality': 'signed-in',
  'GET /children/:childId/date-of-birth': 'signed-in',
  'POST /children/:childId/date-of-birth': 'signed-in',
  'GET /children/:childId/national-transfers/new': 'signed-in',
  'POST /children/:childId/national-transfers/new': 'signed-in',
  'GET /guardian-referrals': 'signed-in',
  'GET /guardian-statistics': 'signed-in',
  'GET /guardian-service/allocation-standard': 'signed-in',
  'POST /guardian-service/allocation-standard': 'signed-in',
  'GET /children/:childId/guardian-referral/new': 'signed-in',
  'POST /children/:childId/guardian-referral/new': 'signed-in',
  'GET /guardian-referrals/:referralId': 'signed-in',
  'POST /guardian-referrals/:referralId/triage': 'signed-in',
  'POST /guardian-referrals/:referralId/allocation': 'signed-in',
  'POST /guardian-referrals/:referralId/closure': 'signed-in',
  'GET /children/:childId/guardian-record': 'signed-in',
  'GET /children/:childId/guardian-record/contact/new': 'signed-in',
  'POST /children/:childId/guardian-record/contact/new': 'signed-in',
  'GET /children/:childId/guardian-record/childs-views/new': 'signed-in',
  'POST /children/:childId/guardian-record/childs-views/new': 'signed-in',
  'GET /children/:childId/guardian-record/advocacy/new': 'signed-in',
  'POST /children/:childId/guardian-record/advocacy/new': 'signed-in',
  'GET /children/:childId/guardian-record/meeting/new': 'signed-in',
  'POST /children/:childId/guardian-record/meeting/new': 'signed-in',
  'GET /children/:childId/guardian-record/consent/new': 'signed-in',
  'POST /children/:childId/guardian-record/consent/new': 'signed-in',
  'GET /training': 'signed-in',
  'GET /training/organisation': 'signed-in',
  'GET /training/authorities': 'signed-in',
  'GET /training/completions/new': 'signed-in',
  'GET /training/gates': 'signed-in',
  'POST /training/gates': 'signed-in',
  'POST /training/allowances': 'signed-in',
  'GET /training/requests/new': 'signed-in',
  'POST /training/requests': 'signed-in',
  'GET /training/requests/:requestId': 'signed-in',
  'POST /training/requests/:requestId': 'signed-in',
  'POST /training/completions/new': 'signed-in',
  'GET /data-quality': 'signed-in',
  'GET /data-quality/league-table': 'signed-in',
  'GET /data-quality/completeness/:measure': 'signed-in',
  'GET /ssda903-return': 'signed-in',
  'POST /ssda903-return/export': 'signed-in',
  'POST /ssda903-return/import': 'signed-in',
  'GET /statistics': 'signed-in',
  'GET /statistics/download.csv': 'signed-in',
  'GET /statistics/download.xlsx': 'signed-in',
  'GET /statistics/download.json': 'signed-in',
  'GET /statistics/foi-pack': 'signed-in',
  'GET /trafficking-concerns/:concernId': 'signed-in',
  'GET /children/:childId/trafficking-concerns/new': 'signed-in',
  'POST /children/:childId/trafficking-concerns/new': 'signed-in',
  'GET /trafficking-concerns/:concernId/status': 'signed-in',
  'POST /trafficking-concerns/:concernId/status': 'signed-in',
  'GET /trafficking-concerns/:concernId/nrm-referral': 'signed-in',
  'POST /trafficking-concerns/:concernId/nrm-referral': 'signed-in',
  'GET /nrm-referrals/:referralId/decision': 'signed-in',
  'POST /nrm-referrals/:referralId/decision': 'signed-in',
  'GET /children/:childId/care-periods/new': 'signed-in',
  'POST /children/:childId/care-periods/new': 'signed-in',
  'GET /care-periods/:carePeriodId/end': 'signed-in',
  'POST /care-periods/:carePeriodId/end': 'signed-in',
  'GET /found-child': 'signed-in',
  'POST /found-child': 'signed-in',
  'GET /children/:childId/matches': 'signed-in',
  'GET /children/:childId/matches/:otherChildId': 'signed-in',
  'POST /children/:childId/matches/:otherChildId': 'signed-in',
  'POST /children/:childId/matches/:otherChildId/undo': 'signed-in',
  'GET /children/find': 'signed-in',
  'POST /children/find': 'signed-in',
  'GET /children/new': 'signed-in',
  'POST /children/new': 'signed-in',
  'GET /children/:childId': 'signed-in',
  'GET /children/:childId/added': 'signed-in',
  'GET /children/:childId/break-glass': 'signed-in',
  'GET /children/:childId/export.json': 'signed-in',
  'GET /children/:childId/export.pdf': 'signed-in',
  'POST /children/:childId/break-glass': 'signed-in',
  'GET /accounts': 'signed-in',
  'GET /accounts/new': 'signed-in',
  'POST /accounts/new': 'signed-in',
  'GET /accounts/:userId/deactivate': 'signed-in',
  'POST /accounts/:userId/deactivate': 'signed-in',
  'GET /accounts/:userId/reset-sign-in': 'signed-in',
  'POST /accounts/:userId/reset-sign-in': 'signed-in',
  'GET /webhook-subscriptions': 'signed-in',
  'GET /webhook-subscriptions/new': 'signed-in',
  'POST /webhook-subscriptions/new': 'signed-in',
  'GET /webhook-subscriptions/:subscriptionId/stop': 'signed-in',
  'POST /webhook-subscriptions/:subscriptionId/stop': 'signed-in',
  'GET /api-tokens': 'signed-in',
  'GET /api-tokens/:tokenId/rotate': 'signed-in',
  'POST /api-tokens/:tokenId/rotate': 'signed-in',
  'GET /break-glass-reviews': 'signed-in',
  'GET /break-glass-reviews/:openingId': 'signed-in',
  'POST /break-glass-reviews/:openingId': 'signed-in',
  'GET /children/:childId/record-access': 'signed-in',
  'GET /audit': 'signed-in',
  'GET /children/:childId/missing/new': 'signed-in',
  'POST /children/:childId/missing/new': 'signed-in',
  'GET /missing-episodes/:episodeId/return': 'signed-in',
  'POST /missing-episodes/:episodeId/return': 'signed-in',
  'GET /missing-episodes/:episodeId/return-interview': 'signed-in',
  'POST /missing-episodes/:episodeId/return-interview': 'signed-in',
  'GET /missing-episodes/:episodeId/change': 'signed-in',
  'POST /missing-episodes/:episodeId/change': 'signed-in',
  'GET /missing-episodes/:episodeId/correction': 'signed-in',
  'POST /missing-episodes/:episodeId/correction': 'signed-in',
  'POST /missing-episodes/:episodeId/host-acknowledgement': 'signed-in',
  'GET /missing-episodes/:episodeId/found-report': 'signed-in',
  'POST /missing-episodes/:episodeId/found-report': 'signed-in',
  'GET /alerts': 'signed-in',
  'GET /alerts/:alertId': 'signed-in',
  'POST /alerts/:alertId/acknowledge': 'signed-in',
  'POST /alerts/:alertId/action': 'signed-in',
  'GET /alert-rules': 'signed-in',
  'GET /alert-contacts': 'signed-in',
  'GET /alert-contacts/duty': 'signed-in',
  'POST /alert-contacts/duty': 'signed-in',
  'GET /alert-contacts/head-of-service': 'signed-in',
  'POST /alert-contacts/head-of-service': 'signed-in',
  'GET /alert-contacts/director': 'signed-in',
  'POST /alert-contacts/director': 'signed-in',
  'GET /children/:childId/philomena-profile': 'signed-in',
  'GET /children/:childId/philomena-profile/part-one': 'signed-in',
  'POST /children/:childId/philomena-profile/part-one': 'signed-in',
  'GET /children/:childId/philomena-profile/photograph': 'signed-in',
  'POST /children/:childId/philomena-profile/photograph': 'signed-in',
  'GET /children/:childId/philomena-profile/photograph.jpg': 'signed-in',
  'GET /missing-episodes/:episodeId/philomena-part-two': 'signed-in',
  'POST /missing-episodes/:episodeId/philomena-part-two': 'signed-in',
  'GET /children/:childId/grab-pack': 'signed-in',
  'GET /children/:childId/grab-pack.pdf': 'signed-in',
  'POST /alert-rules': 'signed-in',
};

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const { id } = await createLookedAfterChild(kent);
  await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-15T08:00:00Z', policeReference: 'KP-SEEN-ONLY-BY-KENT' });
});
afterAll(async () => {
  await t.close();
});

async function signedInAs(organisationCode: string, role: (typeof ROLES)[number]): Promise<string> {
  const email = `${role}.${organisationCode.toLowerCase()}@example.gov.uk`;
  const created = await t.services.users.createUser({ organisationCode, role, email, displayName: 'Test Person', password: 'a long unusual passphrase' });
  if (!created.ok) throw new Error(`createUser: ${JSON.stringify(created.error)}`);
  const session = await t.services.users.startSessionFor(organisationCode, email, null, null, 'test');
  if (!session.ok) throw new Error('no session');
  return session.value.sessionToken;
}

describe('web routes', () => {
  it('should have an access rule for every web route registered', () => {
    const web = t.app.registeredRoutes.filter((route) => !route.url.startsWith('/api/v1')).map((route) => `${route.method} ${route.url}`);
    expect([...new Set(web)].sort()).toEqual(Object.keys(WEB_ROUTES).sort());
  });

  it('should send people who are not signed in to the sign-in page from every signed-in page', async () => {
    for (const [route, rule] of Object.entries(WEB_ROUTES)) {
      if (rule !== 'signed-in') continue;
      const [method, url] = route.split(' ') as ['GET', string];
      const response = await t.app.inject({ method, url });
      expect(response.statusCode, route).toBe(303);
      expect(response.headers.location, route).toBe('/sign-in');
    }
  });

  it.each(ROLES)('should show a signed-in %s only the missing children their organisation may see', async (role) => {
    // Each role in every organisation whose people have it: the child is Kent's, placed in Kent.
    const organisations = await t.handle.db
      .selectFrom('organisation')
      .select(['code', 'kind'])
      .where('code', 'in', [KENT, MEDWAY, CROYDON, GUARDIANS, KENT_POLICE, NATIONAL])
      .execute();
    const fitting = organisations.filter((organisation) => roleFitsKind(role, organisation.kind)).map((organisation) => organisation.code);
    expect(fitting.length, role).toBeGreaterThan(0);
    for (const organisation of fitting) {
      const token = await signedInAs(organisation, role);
      const page = await t.app.inject({ method: 'GET', url: '/', cookies: { 'lantern-session': token } });
      expect(page.statusCode).toBe(200);
      // Kent's staff, and the police whose area the child is missing from (docs/access.md).
      const mayRead =
        (organisation === KENT && ['social_worker', 'team_manager', 'data_officer'].includes(role)) ||
        (organisation === KENT_POLICE && role === 'police_coordinator');
      expect(page.body.includes('KP-SEEN-ONLY-BY-KENT'), `${role} at ${organisation}`).toBe(mayRead);
      // Nothing identifying in the page title.
      expect(/<title>([^<]*)<\/title>/.exec(page.body)?.[1]).toBe('My work – Lantern');
    }
  });
});
