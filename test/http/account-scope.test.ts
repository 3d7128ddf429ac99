import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, KENT, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// An organisation administrator cannot find out that an account exists in another organisation: every way of
// naming an account (the list, the audit trail's person search, a page about it, a change to it, in the pages
// and the API) answers for another organisation's account exactly as for an id nobody has. The answers are
// compared whole, with the id asked about, the CSRF token and the nonce taken out.

let t: TestApp;
let kentAdminApi: Api;
let kentAdmin: WebClient;
let medwayWorker: { readonly id: string; readonly email: string; readonly displayName: string };
let kentWorker: { readonly id: string };

/** The answer with what differs between any two requests, and the id asked about, taken out. */
const same = (body: string, id: string): string =>
  body
    .replaceAll(id, 'ID')
    .replaceAll(/nonce="[^"]+"/g, '')
    .replaceAll(/name="_csrf" value="[^"]+"/g, '')
    .replaceAll(/"(instance|requestId|traceId)":"[^"]*"/g, '');

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentAdminApi = apiClient(t.app, await t.token(KENT, 'organisation_administrator'));
  kentAdmin = (await signedInClient(t.app, t.services, KENT, 'organisation_administrator')).client;
  const email = 'hidden.worker@medway.example.gov.uk';
  const displayName = 'Hidden Medway Worker';
  const created = await t.services.users.createUser({
    organisationCode: MEDWAY,
    role: 'social_worker',
    email,
    displayName,
    password: 'a long unusual passphrase',
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  medwayWorker = { id: created.value.id, email, displayName };
  kentWorker = { id: (await signedInClient(t.app, t.services, KENT, 'social_worker')).userId };
  // Their own events exist, so a search that reached them would find something.
  await t.services.users.startSessionFor(MEDWAY, email, null, null, 'test');
});
afterAll(async () => {
  await t.close();
});

/** The Medway account, as it stands in the database: it must come out of every attempt unchanged. */
const medwayRow = () => t.handle.db.selectFrom('appUser').selectAll().where('id', '=', medwayWorker.id).executeTakeFirstOrThrow();

describe('an organisation administrator and another organisation’s accounts', () => {
  it('should not list or offer them, in the pages or the API', async () => {
    for (const body of [
      (await kentAdmin.get(paths.accounts)).body,
      (await kentAdmin.get(paths.auditTrail)).body,
      JSON.stringify((await kentAdminApi('GET', '/users')).body),
    ]) {
      expect(body).not.toContain(medwayWorker.id);
      expect(body).not.toContain(medwayWorker.email);
      expect(body).not.toContain(medwayWorker.displayName);
    }
  });

  it('should answer a search of the audit trail by their id as by an id nobody has', async () => {
    const search = async (id: string) => {
      const page = await kentAdmin.get(`${paths.auditTrail}?person=${id}`);
      return { status: page.statusCode, body: same(page.body, id) };
    };
    const unknown = await search(randomUUID());
    expect(unknown.status).toBe(200);
    expect(await search(medwayWorker.id)).toEqual(unknown);
    // A search by one of their own people finds what that person did: the comparison could tell them apart.
    expect(await search(kentWorker.id)).not.toEqual(unknown);
  });

  it('should answer the pages about one of them, and a change posted to one, as for an id nobody has', async () => {
    const before = await medwayRow();
    const attempts = [
      (id: string) => kentAdmin.get(paths.deactivateAccount(id)),
      (id: string) => kentAdmin.post(paths.deactivateAccount(id), { confirm: 'yes' }),
      (id: string) => kentAdmin.get(paths.resetSignIn(id)),
      (id: string) => kentAdmin.post(paths.resetSignIn(id), {}),
    ];
    for (const attempt of attempts) {
      const unknownId = randomUUID();
      const unknown = await attempt(unknownId);
      const other = await attempt(medwayWorker.id);
      expect(unknown.statusCode).toBe(404);
      expect({ status: other.statusCode, body: same(other.body, medwayWorker.id) }).toEqual({
        status: unknown.statusCode,
        body: same(unknown.body, unknownId),
      });
    }
    expect(await medwayRow()).toEqual(before);
    // Their own organisation's account gets its page: these are answers that could differ.
    expect((await kentAdmin.get(paths.resetSignIn(kentWorker.id))).statusCode).toBe(200);
  });

  it('should answer a change through the API to one of them as for an id nobody has', async () => {
    const before = await medwayRow();
    for (const action of ['deactivate', 'reset-sign-in']) {
      const unknownId = randomUUID();
      const unknown = await kentAdminApi('POST', `/users/${unknownId}/${action}`);
      const other = await kentAdminApi('POST', `/users/${medwayWorker.id}/${action}`);
      expect(unknown.status, action).toBe(404);
      expect(same(JSON.stringify(other), medwayWorker.id), action).toBe(same(JSON.stringify(unknown), unknownId));
    }
    expect(await medwayRow()).toEqual(before);
  });
});
