import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, errorsOf, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

let t: TestApp;
let kentAdmin: Api;

const person = (overrides: Record<string, unknown> = {}) => ({
  organisationCode: KENT,
  role: 'social_worker',
  email: `p${Math.floor(Math.random() * 1e9)}@kent.gov.example`,
  displayName: 'New Person',
  password: 'a long unusual passphrase',
  ...overrides,
});

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentAdmin = apiClient(t.app, await t.token(KENT, 'organisation_administrator'));
});
afterAll(async () => {
  await t.close();
});

describe('administrators manage their own organisation’s accounts', () => {
  it('should create an account in their organisation and return its TOTP secret once', async () => {
    const created = await kentAdmin('POST', '/users', person({ email: 'new.worker@kent.gov.example' }));
    expect(created.status).toBe(201);
    expect(created.body['totpSecret']).toMatch(/^[A-Z2-7]+$/);
    const list = await kentAdmin('GET', '/users');
    expect((list.body as unknown as { email: string }[]).map((user) => user.email)).toContain('new.worker@kent.gov.example');
    expect(JSON.stringify(list.body)).not.toMatch(/passwordHash|totpSecret|argon2/);
  });

  it('should refuse accounts in another organisation, a system administrator, a weak password and a taken email, naming the field', async () => {
    expect((await kentAdmin('POST', '/users', person({ organisationCode: MEDWAY }))).body['errors']).toEqual([
      expect.objectContaining({ field: 'organisationCode' }),
    ]);
    expect((await kentAdmin('POST', '/users', person({ role: 'system_administrator' }))).body['errors']).toEqual([expect.objectContaining({ field: 'role' })]);
    expect((await kentAdmin('POST', '/users', person({ password: 'password1234' }))).body['errors']).toEqual([expect.objectContaining({ field: 'password' })]);
    await kentAdmin('POST', '/users', person({ email: 'taken@kent.gov.example' }));
    expect((await kentAdmin('POST', '/users', person({ email: 'taken@kent.gov.example' }))).body['errors']).toEqual([
      expect.objectContaining({ field: 'email' }),
    ]);
  });

  it('should refuse a role people in the organisation do not have, naming the role field and adding no one', async () => {
    const policeAdmin = apiClient(t.app, await t.token(KENT_POLICE, 'organisation_administrator'));
    const systemAdmin = apiClient(t.app, await t.token(NATIONAL, 'system_administrator'));
    const attempts = [
      [kentAdmin, person({ role: 'police_coordinator', email: 'coordinator@kent.gov.example' }), 'Select a role that people in a local authority have'],
      [
        policeAdmin,
        person({ organisationCode: KENT_POLICE, role: 'social_worker', email: 'worker@police.example' }),
        'Select a role that people in a police force have',
      ],
      [
        systemAdmin,
        person({ organisationCode: KENT_POLICE, role: 'advocate', email: 'advocate@police.example' }),
        'Select a role that people in a police force have',
      ],
      [
        systemAdmin,
        person({ organisationCode: NATIONAL, role: 'team_manager', email: 'manager@national.example' }),
        'Select a role that people in the national coordination unit have',
      ],
    ] as const;
    const userChanges = () => t.handle.db.selectFrom('auditEvent').select('entityId').where('action', '=', 'USER_CHANGED').execute();
    const changesBefore = (await userChanges()).length;
    for (const [api, body, message] of attempts) {
      const refused = await api('POST', '/users', body);
      expect(refused.status, body.email).toBe(422);
      expect(errorsOf(refused), body.email).toEqual([expect.objectContaining({ field: 'role', message })]);
    }
    const emails = attempts.map(([, body]) => body.email);
    expect(await t.handle.db.selectFrom('appUser').select('email').where('email', 'in', emails).execute()).toEqual([]);
    expect(await userChanges()).toHaveLength(changesBefore);

    const fits = await policeAdmin(
      'POST',
      '/users',
      person({ organisationCode: KENT_POLICE, role: 'police_coordinator', email: 'coordinator@police.example' }),
    );
    expect(fits.status).toBe(201);
  });

  it('should deactivate an account in their organisation and end its sessions, and not touch another’s', async () => {
    const kentPerson = await kentAdmin('POST', '/users', person());
    const id = kentPerson.body['id'] as string;
    const deactivated = await kentAdmin('POST', `/users/${id}/deactivate`);
    expect(deactivated.status).toBe(200);
    const medwayAdmin = apiClient(t.app, await t.token(MEDWAY, 'organisation_administrator'));
    const medwayPerson = await medwayAdmin('POST', '/users', person({ organisationCode: MEDWAY }));
    expect((await kentAdmin('POST', `/users/${medwayPerson.body['id'] as string}/deactivate`)).status).toBe(404);
    const events = await t.handle.db.selectFrom('auditEvent').select('action').where('entityId', '=', id).execute();
    expect(events.map((event) => event.action)).toContain('USER_CHANGED');
  });

  it('should reset an account’s sign-in details in their organisation, returning the new ones once, and not another’s', async () => {
    const kentPerson = await kentAdmin('POST', '/users', person());
    const id = kentPerson.body['id'] as string;
    const reset = await kentAdmin('POST', `/users/${id}/reset-sign-in`);
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ password: expect.any(String), totpSecret: expect.stringMatching(/^[A-Z2-7]+$/), sessionsRevoked: 0 });
    expect(reset.body['totpSecret']).not.toBe(kentPerson.body['totpSecret']);
    const events = await t.handle.db.selectFrom('auditEvent').select('details').where('entityId', '=', id).where('action', '=', 'USER_CHANGED').execute();
    expect(JSON.stringify(events)).not.toContain(reset.body['totpSecret'] as string);
    const medwayAdmin = apiClient(t.app, await t.token(MEDWAY, 'organisation_administrator'));
    expect((await medwayAdmin('POST', `/users/${id}/reset-sign-in`)).status).toBe(404);
    expect((await kentAdmin('POST', '/users/not-an-id/reset-sign-in')).status).toBe(400);
  });

  it('should not let an administrator see a child’s record, nor a social worker manage accounts', async () => {
    const worker = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const { id } = await createLookedAfterChild(worker);
    expect((await kentAdmin('GET', `/children/${id}`)).status).toBe(404);
    expect((await worker('GET', '/users')).status).toBe(404);
    expect((await worker('POST', '/users', person())).status).toBe(404);
  });
});
