import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { hrefsOf, tableRows, textContentAt, textOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, KENT, MEDWAY, NATIONAL } from './api-helpers.ts';

// The API tokens pages (issue 10, item 12): administrators see their organisations' tokens, never the
// tokens themselves, and rotate one, seeing its replacement once. Another organisation's token is
// "Page not found", exactly as an id nobody has.

let t: TestApp;
let kentAdmin: { client: WebClient; userId: string };

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentAdmin = await signedInClient(t.app, t.services, KENT, 'organisation_administrator');
});
afterAll(async () => {
  await t.close();
});

async function token(organisationCode: string, description: string) {
  const created = await t.services.apiTokens.createToken(organisationCode, organisationCode === NATIONAL ? 'national_analyst' : 'data_officer', description);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  return created.value;
}

const works = async (secret: string) => (await apiClient(t.app, secret)('GET', '/children')).status;

/** A page with what differs between any two requests, and the id asked about, taken out. */
const same = (body: string, id: string): string =>
  body
    .replaceAll(id, 'ID')
    .replaceAll(/nonce="[^"]+"/g, '')
    .replaceAll(/name="_csrf" value="[^"]+"/g, '');

describe('the API tokens page', () => {
  it('should list an organisation administrator’s own organisation’s tokens, with status and dates but never the token', async () => {
    const kent = await token(KENT, 'Kent case system');
    await token(MEDWAY, 'Medway case system');
    const page = await kentAdmin.client.get(paths.apiTokens);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('API tokens – Lantern');
    const rows = tableRows(page.body);
    expect(rows.find((row) => row[0] === 'Kent case system')).toEqual([
      'Kent case system',
      'Data officer',
      'Active',
      '15 June 2025 at 1:00pm',
      '13 September 2025 at 1:00pm',
      expect.stringContaining('Rotate'),
    ]);
    expect(page.body).not.toContain('Medway case system');
    expect(page.body).not.toContain(kent.token);
    expect(hrefsOf(page.body)).toContain(paths.rotateApiToken(kent.id));
  });

  it('should list every organisation’s tokens, with the organisation, for a system administrator, and nobody else’s for other roles', async () => {
    await token(MEDWAY, 'Medway reporting');
    const systemAdmin = await signedInClient(t.app, t.services, NATIONAL, 'system_administrator');
    const rows = tableRows((await systemAdmin.client.get(paths.apiTokens)).body);
    expect(rows.find((row) => row[0] === 'Medway reporting')?.slice(0, 3)).toEqual(['Medway reporting', 'Medway', 'Data officer']);
    const worker = await signedInClient(t.app, t.services, KENT, 'team_manager');
    expect((await worker.client.get(paths.apiTokens)).statusCode).toBe(404);
  });
});

describe('rotating a token from the pages', () => {
  it('should ask, then show the new token once, stop the old one and audit both in the administrator’s name', async () => {
    const old = await token(KENT, 'Kent rotation');
    const question = await kentAdmin.client.get(paths.rotateApiToken(old.id));
    expect(textOf(question.body)).toContain('Rotate the API token for Kent rotation?');
    const answer = await kentAdmin.client.post(paths.rotateApiToken(old.id), {});
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const fresh = textContentAt(answer.body, 'code[data-qa="api-token"]');
    expect(fresh).toMatch(/^lantern_[\w-]{43}$/);
    expect(await works(old.token)).toBe(401);
    expect(await works(fresh)).toBe(200);

    const events = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'actorId', 'entityId'])
      .where('actorId', '=', kentAdmin.userId)
      .where('entity', '=', 'apiToken')
      .execute();
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(['LIST', 'VIEW_RECORD', 'TOKEN_CREATED', 'TOKEN_REVOKED']));
    expect(events.find((event) => event.action === 'TOKEN_REVOKED')?.entityId).toBe(old.id);
    // Rotated once: the old token is no longer offered, and cannot be rotated again.
    expect((await kentAdmin.client.get(paths.rotateApiToken(old.id))).statusCode).toBe(404);
  });

  it('should refuse a rotation posted without its CSRF token, changing nothing', async () => {
    const kept = await token(KENT, 'Kent forged');
    await kentAdmin.client.get(paths.rotateApiToken(kept.id));
    expect((await kentAdmin.client.post(paths.rotateApiToken(kept.id), {}, { withCsrf: false })).statusCode).toBe(403);
    expect(await works(kept.token)).toBe(200);
  });

  it('should answer another organisation’s token as an id nobody has, and leave it working', async () => {
    const medway = await token(MEDWAY, 'Medway hidden');
    for (const attempt of [
      (id: string) => kentAdmin.client.get(paths.rotateApiToken(id)),
      (id: string) => kentAdmin.client.post(paths.rotateApiToken(id), {}),
    ]) {
      const unknownId = randomUUID();
      const unknown = await attempt(unknownId);
      const other = await attempt(medway.id);
      expect(unknown.statusCode).toBe(404);
      expect({ status: other.statusCode, body: same(other.body, medway.id) }).toEqual({ status: unknown.statusCode, body: same(unknown.body, unknownId) });
    }
    expect(await works(medway.token)).toBe(200);
  });
});
