import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/domain/alerts/evaluate.ts';
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, inlineErrorOf, textOf } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS } from './api-helpers.ts';

// The guardian service's standard for allocating a guardian (issue 15, item 1): its managers set it in
// working days for each guardian role (1 by default), on a page and through the API, audited; a referral
// made afterwards is due, and alerted, by the standard of the role the child needs; bad input names the
// field and changes nothing; anyone else gets "not found".

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

const standardRows = () =>
  t.handle.db.selectFrom('guardianAllocationStandard').selectAll().where('organisationCode', '=', GUARDIANS).orderBy('guardianRole').execute();
const URL = '/guardian-service/allocation-standard';
const everyRole = (days: string) => ({ DIRECT_WORKER: days, RPC: days, REGIONAL_PRACTITIONER: days, POST_18: days });

describe('the guardian service’s standard for allocating a guardian', () => {
  it('should let the service’s manager change it, naming the field when it is wrong, and audit the change', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');
    const list = await client.get('/guardian-referrals');
    expect(textOf(list.body)).toContain('Your service’s standard is to allocate a guardian within 1 working day of the referral.');
    const form = await client.get(URL);
    expect(form.statusCode).toBe(200);

    const wrong = await client.post(URL, { ...everyRole('3'), DIRECT_WORKER: 'three', POST_18: '0' });
    expect(wrong.statusCode).toBe(422);
    expect(errorSummaryOf(wrong.body)).toEqual([
      { href: '#DIRECT_WORKER', text: 'Enter the working days for a direct worker as a whole number from 1 to 20' },
      { href: '#POST_18', text: 'Enter the working days for a post-18 worker as a whole number from 1 to 20' },
    ]);
    expect(inlineErrorOf(wrong.body, 'DIRECT_WORKER')).toContain('Enter the working days for a direct worker as a whole number from 1 to 20');
    expect(await standardRows()).toEqual([]);

    const saved = await client.post(URL, everyRole('3'));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/guardian-referrals');
    expect(textOf((await client.get('/guardian-referrals')).body)).toContain('within 3 working days of the referral');
    expect((await standardRows()).map((row) => [row.guardianRole, row.workingDays, row.changedBy])).toEqual([
      ['DIRECT_WORKER', 3, userId],
      ['POST_18', 3, userId],
      ['REGIONAL_PRACTITIONER', 3, userId],
      ['RPC', 3, userId],
    ]);
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity', 'details']).where('actorId', '=', userId).execute();
    expect(events).toContainEqual({
      action: 'CHANGE',
      entity: 'guardianAllocationStandard',
      details: { workingDays: ['DIRECT_WORKER', 'RPC', 'REGIONAL_PRACTITIONER', 'POST_18'].map((guardianRole) => ({ guardianRole, before: 1, after: 3 })) },
    });

    const own = await client.post(URL, { ...everyRole('3'), RPC: '5' });
    expect(own.statusCode).toBe(303);
    expect(textOf((await client.get('/guardian-referrals')).body)).toContain(
      'a direct worker within 3 working days, a regional practice co-ordinator within 5 working days, a regional practitioner within 3 working days',
    );
    expect(textOf((await client.get(URL)).body)).toContain('Regional practice co-ordinator');
  });

  it('should set the time by which a referral made afterwards must have a guardian in the role the child needs, and alert by it', async () => {
    const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    const manager = apiClient(t.app, await t.token(GUARDIANS, 'guardian_manager'));
    expect((await manager('PUT', URL, { workingDays: 4 })).status).toBe(200);
    const rpc = await manager('PUT', URL, { workingDays: 2, guardianRole: 'RPC' });
    expect(rpc.status).toBe(200);
    const byRole = { DIRECT_WORKER: 4, RPC: 2, REGIONAL_PRACTITIONER: 4, POST_18: 4 };
    expect(rpc.body).toEqual({ workingDays: 4, isDefault: false, byRole });
    expect((await manager('GET', URL)).body).toEqual({ workingDays: 4, isDefault: false, byRole });

    // Nobody holds parental responsibility: a direct worker (4 days); someone does: a regional practice co-ordinator (2 days).
    for (const [parentalResponsibility, days] of [
      ['NO', 4],
      ['YES', 2],
    ] as const) {
      const child = await createLookedAfterChild(croydon);
      const referral = await croydon('POST', `/children/${child.id}/guardian-referrals`, { parentalResponsibility });
      expect(referral.status).toBe(201);
      const id = referral.body['id'] as string;
      const read = await manager('GET', `/guardian-referrals/${id}`);
      expect((read.body['referral'] as { allocationTime: { dueBy: string } }).allocationTime.dueBy).toBe(addWorkingDays(TEST_NOW, days));
      const clocks = await t.handle.db.selectFrom('alertOutbox').select(['payload', 'runAt']).where('kind', '=', 'clock').execute();
      const clock = clocks.find((entry) => (entry.payload as { subject: { id: string } }).subject.id === id);
      expect(new Date(clock?.runAt ?? 0).toISOString()).toBe(addWorkingDays(TEST_NOW, days));
    }
  });

  it('should refuse a standard out of range through the API, and be "not found" to anyone but the service’s managers', async () => {
    const manager = apiClient(t.app, await t.token(GUARDIANS, 'guardian_manager'));
    const before = await standardRows();
    const tooLong = await manager('PUT', URL, { workingDays: 21, guardianRole: 'POST_18' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body['errors']).toEqual([expect.objectContaining({ field: 'POST_18' })]);
    expect((await manager('PUT', URL, { workingDays: 2, guardianRole: 'GUARDIAN' })).status).toBe(400);
    expect(await standardRows()).toEqual(before);

    const advocate = apiClient(t.app, await t.token(GUARDIANS, 'advocate'));
    expect((await advocate('GET', URL)).status).toBe(404);
    expect((await advocate('PUT', URL, { workingDays: 2 })).status).toBe(404);
    const { client } = await signedInClient(t.app, t.services, CROYDON, 'team_manager');
    expect((await client.get(URL)).statusCode).toBe(404);
    expect(await standardRows()).toEqual(before);
  });
});
