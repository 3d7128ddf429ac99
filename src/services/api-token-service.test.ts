import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addPartnerOrganisations, KENT, KENT_POLICE, NATIONAL } from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';

// API tokens on a real (PGlite) database: held, like accounts, to the roles people in the organisation have.

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID });
  await addPartnerOrganisations(handle.db);
});
afterAll(async () => {
  await handle.close();
});

const count = async (table: 'apiToken' | 'auditEvent') =>
  (
    await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
  ).count;

describe('making an API token', () => {
  it('should make a token in a role the organisation’s kind has, which then speaks for that organisation and role', async () => {
    const created = await services.apiTokens.createToken(KENT_POLICE, 'police_coordinator', 'force control room');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(await services.apiTokens.authenticate(created.value.token, null)).toMatchObject({
      organisationCode: KENT_POLICE,
      localAuthorityCode: null,
      role: 'police_coordinator',
    });
  });

  it.each([
    [KENT_POLICE, 'social_worker', 'police_force'],
    [KENT, 'police_coordinator', 'local_authority'],
    [KENT, 'national_analyst', 'local_authority'],
    [NATIONAL, 'advocate', 'national_unit'],
  ] as const)('should refuse a token for %s in the role %s, writing nothing', async (organisation, role, organisationKind) => {
    const [tokensBefore, eventsBefore] = [await count('apiToken'), await count('auditEvent')];
    expect(await services.apiTokens.createToken(organisation, role, 'misfit')).toEqual({
      ok: false,
      error: { kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind },
    });
    expect([await count('apiToken'), await count('auditEvent')]).toEqual([tokensBefore, eventsBefore]);
  });

  it('should refuse an organisation that does not exist', async () => {
    expect(await services.apiTokens.createToken('NOWHERE', 'social_worker', 'unknown')).toEqual({ ok: false, error: 'UNKNOWN_ORGANISATION' });
  });
});

const eventsOn = (tokenId: string) =>
  handle.db.selectFrom('auditEvent').select(['action', 'actorId', 'details']).where('entityId', '=', tokenId).orderBy('occurredAt').execute();

describe('tokens expire', () => {
  it('should last 90 days unless told otherwise, then be refused and the refusal audited as expired', async () => {
    const created = await services.apiTokens.createToken(KENT, 'social_worker', 'case system');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(created.value.expiresAt).toBe(new Date(Date.parse(clock.now()) + 90 * 86_400_000).toISOString());
    clock.advanceHours(90 * 24 - 1);
    expect(await services.apiTokens.authenticate(created.value.token, '192.0.2.10')).toMatchObject({ organisationCode: KENT });
    clock.advanceHours(1);
    expect(await services.apiTokens.authenticate(created.value.token, '192.0.2.10')).toBeNull();
    expect((await eventsOn(created.value.id)).at(-1)).toEqual({ action: 'SIGN_IN_FAILED', actorId: 'unknown', details: { reason: 'EXPIRED_TOKEN' } });
  });

  it('should last the days given when it is made, from 1 to 365, and refuse others writing nothing', async () => {
    const short = await services.apiTokens.createToken(KENT, 'social_worker', 'one day', { days: 1 });
    if (!short.ok) throw new Error(JSON.stringify(short.error));
    clock.advanceHours(24);
    expect(await services.apiTokens.authenticate(short.value.token, null)).toBeNull();
    const [tokensBefore, eventsBefore] = [await count('apiToken'), await count('auditEvent')];
    expect(await services.apiTokens.createToken(KENT, 'social_worker', 'too long', { days: 366 })).toEqual({
      ok: false,
      error: { kind: 'INVALID_LIFETIME', message: 'Enter the days the token lasts as a whole number from 1 to 365' },
    });
    expect([await count('apiToken'), await count('auditEvent')]).toEqual([tokensBefore, eventsBefore]);
  });
});

describe('rotating a token', () => {
  it('should give a new token for the same organisation and role, revoke the old one at once, and audit both', async () => {
    const old = await services.apiTokens.createToken(KENT_POLICE, 'police_coordinator', 'control room', { days: 10 });
    if (!old.ok) throw new Error(JSON.stringify(old.error));
    clock.advanceHours(1);
    const rotated = await services.apiTokens.rotateToken(old.value.id);
    if (!rotated.ok) throw new Error(JSON.stringify(rotated.error));
    expect(await services.apiTokens.authenticate(old.value.token, null)).toBeNull();
    expect(await services.apiTokens.authenticate(rotated.value.token, null)).toMatchObject({
      id: `token:${rotated.value.id}`,
      organisationCode: KENT_POLICE,
      role: 'police_coordinator',
    });
    // The new one lasts the default from now, not what was left of the old one.
    expect(rotated.value.expiresAt).toBe(new Date(Date.parse(clock.now()) + 90 * 86_400_000).toISOString());

    const listed = await services.apiTokens.listTokens(KENT_POLICE);
    if (!listed.ok) throw new Error('list');
    expect(listed.value.find((token) => token.id === old.value.id)).toMatchObject({
      status: 'revoked',
      replacedBy: rotated.value.id,
      description: 'control room',
    });
    expect(listed.value.find((token) => token.id === rotated.value.id)).toMatchObject({
      status: 'active',
      replacedBy: null,
      description: 'control room',
      expiresAt: rotated.value.expiresAt,
    });
    expect(JSON.stringify(listed.value)).not.toContain(rotated.value.token);
    expect(JSON.stringify(listed.value)).not.toMatch(/tokenHash|[0-9a-f]{64}/);

    expect((await eventsOn(old.value.id)).map((event) => [event.action, event.details])).toEqual([
      ['TOKEN_CREATED', { role: 'police_coordinator', description: 'control room', expiresAt: old.value.expiresAt }],
      ['TOKEN_REVOKED', { replacedBy: rotated.value.id }],
    ]);
    expect((await eventsOn(rotated.value.id)).map((event) => [event.action, event.details])).toEqual([
      ['TOKEN_CREATED', { role: 'police_coordinator', description: 'control room', expiresAt: rotated.value.expiresAt, replaces: old.value.id }],
    ]);
  });

  it('should rotate an expired token, but not a revoked one or one that does not exist', async () => {
    const expired = await services.apiTokens.createToken(KENT, 'data_officer', 'expires', { days: 1 });
    if (!expired.ok) throw new Error(JSON.stringify(expired.error));
    clock.advanceHours(48);
    expect((await services.apiTokens.rotateToken(expired.value.id)).ok).toBe(true);
    expect(await services.apiTokens.rotateToken(expired.value.id)).toEqual({ ok: false, error: 'UNKNOWN_TOKEN' });
    expect(await services.apiTokens.rotateToken(randomUUID())).toEqual({ ok: false, error: 'UNKNOWN_TOKEN' });
  });

  it('should let only one of two rotations at once replace a token', async () => {
    const created = await services.apiTokens.createToken(KENT, 'social_worker', 'raced');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const results = await Promise.all([services.apiTokens.rotateToken(created.value.id), services.apiTokens.rotateToken(created.value.id)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const listed = await services.apiTokens.listTokens(KENT);
    if (!listed.ok) throw new Error('list');
    expect(listed.value.filter((token) => token.description === 'raced' && token.status === 'active')).toHaveLength(1);
  });
});

describe('listing tokens', () => {
  it('should list one organisation’s tokens or all, and audit the listing', async () => {
    const listed = await services.apiTokens.listTokens(KENT);
    if (!listed.ok) throw new Error('list');
    expect(new Set(listed.value.map((token) => token.organisationCode))).toEqual(new Set([KENT]));
    const all = await services.apiTokens.listTokens(null);
    if (!all.ok) throw new Error('list');
    expect(all.value.length).toBeGreaterThan(listed.value.length);
    const lists = await handle.db
      .selectFrom('auditEvent')
      .select(['actorId', 'details'])
      .where('action', '=', 'LIST')
      .where('entity', '=', 'apiToken')
      .execute();
    expect(lists).toEqual(
      expect.arrayContaining([
        { actorId: 'command-line', details: { organisation: KENT, tokens: listed.value.length } },
        { actorId: 'command-line', details: { organisation: 'all', tokens: all.value.length } },
      ]),
    );
    expect(await services.apiTokens.listTokens('NOWHERE')).toEqual({ ok: false, error: 'UNKNOWN_ORGANISATION' });
  });
});
