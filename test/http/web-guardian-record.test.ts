import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hrefsOf, tableRows, textOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT } from './api-helpers.ts';

// The guardian's record pages through app.inject (issue 15, item 2): the allocated guardian records
// each kind of entry through its question page and check your answers; errors name the field and
// save nothing; the responsible authority sees only what the child's consent allows; anyone else
// gets "Page not found". The test clock is 15 June 2025.

let t: TestApp;
let childId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  childId = (await createLookedAfterChild(kent, { givenNames: 'Record', familyName: 'Guardian' })).id;
});
afterAll(async () => {
  await t.close();
});

/** A guardian of the service, signed in and allocated to the child. */
async function allocatedGuardian(to = childId, allocatedOn = '2025-06-01') {
  const guardian = await signedInClient(t.app, t.services, GUARDIANS, 'advocate');
  await t.handle.db
    .insertInto('advocateAllocation')
    .values({
      id: crypto.randomUUID(),
      childId: to,
      advocateId: guardian.userId,
      organisationCode: GUARDIANS,
      allocatedOn,
      endedOn: null,
      createdAt: `${allocatedOn}T09:00:00Z`,
    })
    .execute();
  return guardian;
}

const dated = (day: string) => {
  const [year, month, date] = day.split('-');
  return { 'occurredOn-day': date ?? '', 'occurredOn-month': month ?? '', 'occurredOn-year': year ?? '' };
};
const entriesOf = () => t.handle.db.selectFrom('guardianRecordEntry').selectAll().where('childId', '=', childId).orderBy('recordedAt').execute();

describe('the guardian’s record', () => {
  it('should let the allocated guardian record the child’s views after check your answers, and audit it without the words', async () => {
    const { client, userId } = await allocatedGuardian();
    const page = await client.get(`/children/${childId}/guardian-record`);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('The guardian’s record – Child’s record – Lantern');
    expect(hrefsOf(page.body)).toContain(`/children/${childId}/guardian-record/childs-views/new`);

    const url = `/children/${childId}/guardian-record/childs-views/new`;
    expect((await client.get(url)).statusCode).toBe(200);
    const answers = { ...dated('2025-06-14'), text: 'I want to stay at this school' };
    const check = await client.post(url, { intent: 'continue', ...answers });
    expect(textOf(check.body)).toContain('I want to stay at this school');
    expect(await entriesOf()).toEqual([]);
    const saved = await client.post(url, { intent: 'save', ...answers });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await client.get(saved.headers.location!)).body)).toContain('The child’s views recorded');
    expect(await entriesOf()).toMatchObject([{ kind: 'CHILD_VIEWS', occurredOn: '2025-06-14', text: 'I want to stay at this school', recordedBy: userId }]);

    const after = await client.get(`/children/${childId}/guardian-record`);
    expect(tableRows(after.body, 'The child’s views')).toEqual([['14 June 2025', 'I want to stay at this school', 'Test advocate']]);
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity', 'details']).where('actorId', '=', userId).execute();
    expect(events).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'CREATE', entity: 'guardianRecordEntry' })]));
    expect(JSON.stringify(events)).not.toContain('this school');
  });

  it('should name each field that is wrong, and save nothing', async () => {
    const { client } = await allocatedGuardian();
    const before = (await entriesOf()).length;
    const url = `/children/${childId}/guardian-record/contact/new`;
    await client.get(url);
    const empty = await client.post(url, { intent: 'continue', 'occurredOn-day': '', 'occurredOn-month': '', 'occurredOn-year': '', withWhom: ' ' });
    expect(errorSummaryOf(empty.body).map((error) => error.href)).toEqual(['#occurredOn-day', '#type', '#withWhom']);
    const future = await client.post(url, { intent: 'save', ...dated('2025-06-16'), type: 'PHONE', withWhom: 'The child' });
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#occurredOn-day', text: 'The date must be today or in the past' }]);
    const otherKind = await client.post(url, { intent: 'save', ...dated('2025-06-10'), type: 'COURT', withWhom: 'The child' });
    expect(errorSummaryOf(otherKind.body)).toEqual([{ href: '#type', text: 'Select how the contact was made' }]);
    expect(await entriesOf()).toHaveLength(before);
  });

  it('should show the responsible authority the contacts but not the child’s words until the child consents', async () => {
    const { client: guardian } = await allocatedGuardian();
    await guardian.get(`/children/${childId}/guardian-record/contact/new`);
    await guardian.post(`/children/${childId}/guardian-record/contact/new`, {
      intent: 'save',
      ...dated('2025-06-12'),
      type: 'IN_PERSON',
      withWhom: 'The child',
      text: 'At the placement',
    });
    const { client: kent } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    expect(hrefsOf((await kent.get(`/children/${childId}`)).body)).toContain(`/children/${childId}/guardian-record`);
    const withheld = await kent.get(`/children/${childId}/guardian-record`);
    expect(withheld.statusCode).toBe(200);
    expect(textOf(withheld.body)).not.toContain('this school');
    expect(textOf(withheld.body)).not.toContain('At the placement');
    expect(textOf(withheld.body)).toContain('Shown only while the child consents to share it with you.');
    expect(tableRows(withheld.body, 'Contacts')).toEqual([['12 June 2025', 'In person', 'The child', 'Not shared', 'Test advocate']]);
    expect(hrefsOf(withheld.body).some((href) => href.endsWith('/new'))).toBe(false);
    expect((await kent.get(`/children/${childId}/guardian-record/contact/new`)).statusCode).toBe(404);

    await guardian.post(`/children/${childId}/guardian-record/consent/new`, { intent: 'save', ...dated('2025-06-13'), type: 'GIVEN' });
    const shared = await kent.get(`/children/${childId}/guardian-record`);
    expect(textOf(shared.body)).toContain('I want to stay at this school');
    expect(textOf(shared.body)).toContain('Consent given to share with the responsible authority');
  });

  it('should list on the guardian’s My work the children with no contact for 14 days, until one is recorded', async () => {
    const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const quiet = (await createLookedAfterChild(kent, { givenNames: 'Quiet', familyName: 'Caseload' })).id;
    const { client } = await allocatedGuardian(quiet, '2025-05-01');
    const before = await client.get('/');
    expect(textOf(before.body)).toContain('Contacts overdue (1)');
    expect(tableRows(before.body, 'Contacts overdue')).toEqual([['Quiet Caseload', 'None recorded', '31 days', 'Record a contact for Quiet Caseload']]);
    await client.post(`/children/${quiet}/guardian-record/contact/new`, { intent: 'save', ...dated('2025-06-15'), type: 'VIDEO', withWhom: 'The child' });
    const after = await client.get('/');
    expect(textOf(after.body)).toContain('Contacts overdue (0)');
    expect(textOf(after.body)).toContain('You have recorded a contact with every child allocated to you in the last 14 days.');
  });

  it('should let the service’s manager triage and allocate a referral, and read the guardian’s record from it but not the case record', async () => {
    await t.handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
    await t.handle.db
      .insertInto('guardianCoverage')
      .values({ schemeCode: 'ICTG', localAuthorityCode: KENT, startsOn: '2017-01-01', endsOn: null, note: 'test' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const referred = (await createLookedAfterChild(kent, { givenNames: 'Managed', familyName: 'Referral' })).id;
    const referral = await kent('POST', `/children/${referred}/guardian-referrals`, { parentalResponsibility: 'NO' });
    expect(referral.status).toBe(201);
    const referralId = referral.body['id'] as string;
    const { userId: guardianId } = await signedInClient(t.app, t.services, GUARDIANS, 'advocate');
    const { client: manager } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');

    expect(textOf((await manager.get('/guardian-referrals')).body)).toContain('Managed Referral');
    await manager.get(`/guardian-referrals/${referralId}`);
    expect((await manager.post(`/guardian-referrals/${referralId}/triage`, { version: '1' })).statusCode).toBe(303);
    expect(
      (await manager.post(`/guardian-referrals/${referralId}/allocation`, { version: '2', advocateId: guardianId, guardianRole: 'DIRECT_WORKER' })).statusCode,
    ).toBe(303);
    const page = await manager.get(`/guardian-referrals/${referralId}`);
    expect(hrefsOf(page.body)).toContain(`/children/${referred}/guardian-record`);

    const record = await manager.get(`/children/${referred}/guardian-record`);
    expect(record.statusCode).toBe(200);
    expect(textOf(record.body)).toContain('What your service’s guardians have recorded about the child, read only.');
    expect(hrefsOf(record.body).some((href) => href.endsWith('/new'))).toBe(false);
    expect((await manager.get(`/children/${referred}`)).statusCode).toBe(404);
    expect((await manager.get(`/children/${referred}/guardian-record/contact/new`)).statusCode).toBe(404);
    // A child allocated in the service without a referral (as the tests above allocate): the manager reads that record too.
    expect((await manager.get(`/children/${childId}/guardian-record`)).statusCode).toBe(200);
    // A child neither referred to nor allocated in the service: "Page not found".
    const elsewhere = (await createLookedAfterChild(kent, { givenNames: 'Not', familyName: 'Referred' })).id;
    expect((await manager.get(`/children/${elsewhere}/guardian-record`)).statusCode).toBe(404);
  });

  it('should answer "Page not found" to anyone else, a guardian of the service not allocated included', async () => {
    const outsiders = [
      await signedInClient(t.app, t.services, GUARDIANS, 'advocate'),
      await signedInClient(t.app, t.services, CROYDON, 'social_worker'),
      await signedInClient(t.app, t.services, KENT, 'organisation_administrator'),
    ];
    for (const { client } of outsiders) {
      expect((await client.get(`/children/${childId}/guardian-record`)).statusCode).toBe(404);
      expect((await client.get(`/children/${childId}/guardian-record/meeting/new`)).statusCode).toBe(404);
      expect(
        (await client.post(`/children/${childId}/guardian-record/meeting/new`, { intent: 'save', ...dated('2025-06-10'), type: 'COURT' })).statusCode,
      ).toBe(404);
    }
  });
});
