import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/domain/alerts/evaluate.ts';
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, inlineErrorOf, textOf } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS } from './api-helpers.ts';

// The guardian service's standard for allocating a guardian (issue 15, item 1): its managers set it in
// working days (1 by default), on a page and through the API, audited; a referral made afterwards is due,
// and alerted, by it; bad input names the field and changes nothing; anyone else gets "not found".

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  // The test service delivers the England and Wales scheme, which covers Croydon.
  await t.handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
});
afterAll(async () => {
  await t.close();
});

const standardRow = () => t.handle.db.selectFrom('guardianAllocationStandard').selectAll().where('organisationCode', '=', GUARDIANS).executeTakeFirst();
const URL = '/guardian-service/allocation-standard';

describe('the guardian service’s standard for allocating a guardian', () => {
  it('should let the service’s manager change it, naming the field when it is wrong, and audit the change', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');
    const list = await client.get('/guardian-referrals');
    expect(textOf(list.body)).toContain('Your service’s standard is to allocate a guardian within 1 working day of the referral.');
    const form = await client.get(URL);
    expect(form.statusCode).toBe(200);

    const wrong = await client.post(URL, { workingDays: 'three' });
    expect(wrong.statusCode).toBe(422);
    expect(errorSummaryOf(wrong.body)).toEqual([{ href: '#workingDays', text: 'Enter the working days as a whole number from 1 to 20' }]);
    expect(inlineErrorOf(wrong.body, 'workingDays')).toContain('Enter the working days as a whole number from 1 to 20');
    expect(await standardRow()).toBeUndefined();

    const saved = await client.post(URL, { workingDays: '3' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/guardian-referrals');
    expect(textOf((await client.get('/guardian-referrals')).body)).toContain('within 3 working days of the referral');
    expect(await standardRow()).toMatchObject({ workingDays: 3, changedBy: userId });
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity', 'details']).where('actorId', '=', userId).execute();
    expect(events).toContainEqual({ action: 'CHANGE', entity: 'guardianAllocationStandard', details: { workingDays: [1, 3] } });
  });

  it('should set the time by which a referral made afterwards must have a guardian', async () => {
    const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    const manager = apiClient(t.app, await t.token(GUARDIANS, 'guardian_manager'));
    expect((await manager('PUT', URL, { workingDays: 4 })).status).toBe(200);
    expect((await manager('GET', URL)).body).toEqual({ workingDays: 4, isDefault: false });

    const child = await createLookedAfterChild(croydon);
    const referral = await croydon('POST', `/children/${child.id}/guardian-referrals`, { parentalResponsibility: 'NO' });
    expect(referral.status).toBe(201);
    const read = await manager('GET', `/guardian-referrals/${referral.body['id'] as string}`);
    const dueBy = (read.body['referral'] as { allocationTime: { dueBy: string } }).allocationTime.dueBy;
    expect(dueBy).toBe(addWorkingDays(TEST_NOW, 4));
    expect(dueBy).not.toBe(addWorkingDays(TEST_NOW, 1));
  });

  it('should refuse a standard out of range through the API, and be "not found" to anyone but the service’s managers', async () => {
    const manager = apiClient(t.app, await t.token(GUARDIANS, 'guardian_manager'));
    const before = await standardRow();
    const tooLong = await manager('PUT', URL, { workingDays: 21 });
    expect(tooLong.status).toBe(422);
    expect(await standardRow()).toEqual(before);

    const advocate = apiClient(t.app, await t.token(GUARDIANS, 'advocate'));
    expect((await advocate('GET', URL)).status).toBe(404);
    expect((await advocate('PUT', URL, { workingDays: 2 })).status).toBe(404);
    const { client } = await signedInClient(t.app, t.services, CROYDON, 'team_manager');
    expect((await client.get(URL)).statusCode).toBe(404);
    expect(await standardRow()).toEqual(before);
  });
});
