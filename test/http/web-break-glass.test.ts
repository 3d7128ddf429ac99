import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, KENT, KENT_POLICE, NATIONAL } from './api-helpers.ts';

// Opening a record with break-glass from the pages (issue 10, item 11): a person, a reason, a daily limit.

let t: TestApp;
let childId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  childId = (await createLookedAfterChild(apiClient(t.app, await t.token(KENT, 'social_worker')), { givenNames: 'Glass', familyName: 'Broken' })).id;
});
afterAll(async () => {
  await t.close();
});

async function signedIn(organisation: string, role: Role) {
  const signed = await signedInClient(t.app, t.services, organisation, role);
  await signed.client.get(paths.home);
  return signed;
}

describe('opening a record with break-glass', () => {
  it('should offer it on the "Page not found" of a record, the same whether the record exists or not', async () => {
    const { client } = await signedIn(CROYDON, 'social_worker');
    const refused = await client.get(paths.child(childId));
    expect(refused.statusCode).toBe(404);
    expect(refused.body).toContain(`href="${paths.breakGlass(childId)}"`);
    const random = crypto.randomUUID();
    const none = await client.get(paths.child(random));
    expect(none.statusCode).toBe(404);
    // Alike but for the id in the link, the page's nonces and its CSRF token.
    const alike = (html: string, id: string) =>
      html
        .replaceAll(id, 'ID')
        .replaceAll(/nonce="[^"]+"/g, '')
        .replaceAll(/name="_csrf" value="[^"]+"/g, '');
    expect(alike(none.body, random)).toBe(alike(refused.body, childId));
  });

  it('should ask why, then open the whole record, read only, and tell the authority’s team managers', async () => {
    const { client, userId } = await signedIn(KENT_POLICE, 'police_coordinator');
    const form = await client.get(paths.breakGlass(childId));
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).toBe('Open a record with break-glass – Lantern');
    expect(form.body).toContain('You can open at most 3 records this way in any 24 hours.');

    const tooShort = await client.post(paths.breakGlass(childId), { reason: 'urgent' });
    expect(titleOf(tooShort.body)).toBe('Error: Open a record with break-glass – Lantern');
    expect(tooShort.body).toContain('Enter the reason you need to open this record, in at least 10 characters');

    const opened = await client.post(paths.breakGlass(childId), { reason: 'Child found at a property we are searching tonight' });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(paths.child(childId));
    const record = await client.get(paths.child(childId));
    expect(record.statusCode).toBe(200);
    expect(record.body).toContain('Glass Broken');

    const opening = await t.handle.db.selectFrom('breakGlassAccess').select(['actorId', 'reason']).where('childId', '=', childId).execute();
    expect(opening).toEqual([{ actorId: userId, reason: 'Child found at a property we are searching tonight' }]);
    const manager = await signedIn(KENT, 'team_manager');
    expect((await manager.client.get(paths.home)).body).toContain('Records opened with break-glass, to review (1)');
  });

  it('should refuse a fourth opening in 24 hours with a clear message, opening nothing', async () => {
    const { client, userId } = await signedIn(CROYDON, 'social_worker');
    await client.get(paths.breakGlass(childId));
    for (let i = 0; i < 3; i += 1)
      expect((await client.post(paths.breakGlass(childId), { reason: 'Child seen in Croydon, urgent welfare check' })).statusCode).toBe(303);
    await client.get(paths.breakGlass(childId));
    const refused = await client.post(paths.breakGlass(childId), { reason: 'Child seen in Croydon, urgent welfare check' });
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('You have opened 3 records with break-glass in the last 24 hours, the most allowed');
    expect(await t.handle.db.selectFrom('breakGlassAccess').select('id').where('actorId', '=', userId).execute()).toHaveLength(3);
  });

  it('should answer "Page not found" to those who may not break the glass, and for an id that is not one', async () => {
    for (const [organisation, role] of [
      [NATIONAL, 'national_analyst'],
      [KENT, 'organisation_administrator'],
    ] as const) {
      const { client } = await signedIn(organisation, role);
      expect((await client.get(paths.breakGlass(childId))).statusCode).toBe(404);
      expect((await client.get(paths.child(childId))).body).not.toContain('break-glass');
    }
    const { client } = await signedIn(CROYDON, 'social_worker');
    expect((await client.get(paths.breakGlass('not-an-id'))).statusCode).toBe(404);
    // A record that does not exist is "not found" only once the reason is given.
    const random = crypto.randomUUID();
    expect((await client.get(paths.breakGlass(random))).statusCode).toBe(200);
    expect((await client.post(paths.breakGlass(random), { reason: 'Child seen in Croydon, urgent welfare check' })).statusCode).toBe(404);
  });
});
