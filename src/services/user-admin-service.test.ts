import { randomUUID } from 'node:crypto';
import { TOTP, URI } from 'otpauth';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addPartnerOrganisations, GUARDIANS, HOME_OF, KENT, KENT_POLICE, MEDWAY, NATIONAL } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { ROLES } from '../domain/access/actor.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';

// Resetting a person's sign-in details, on a real (PGlite) database: who may, and what it does to
// their password, second factor, sessions, lock-out and the audit trail.

const PASSWORD = 'a long unusual passphrase';
const ORIGIN = '192.0.2.20';
const CHEAP_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

let handle: DatabaseHandle;
let services: Services;
// Time only moves forward, as it does for the audit trail's chains.
const clock = createFakeClock('2025-06-15T12:00:00Z');

beforeAll(async () => {
  handle = await createTestDatabase();
  await addPartnerOrganisations(handle.db);
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID }, { passwordHashing: CHEAP_HASHING });
});
afterAll(async () => {
  await handle.close();
});
beforeEach(() => {
  // A new half-minute step for TOTP codes, so no test's codes count as reused in the next.
  clock.advanceHours(1);
});

interface Person {
  readonly actor: Actor;
  readonly email: string;
  readonly otpauthUrl: string;
}

let people = 0;
async function person(organisationCode: string, role: Role): Promise<Person> {
  people += 1;
  const email = `reset-${String(people)}@${organisationCode.toLowerCase()}.example.gov.uk`;
  const created = value(await services.users.createUser({ organisationCode, role, email, displayName: `Person ${String(people)}`, password: PASSWORD }));
  const localAuthorityCode = organisationCode === KENT || organisationCode === MEDWAY ? organisationCode : null;
  return { actor: { id: created.id, organisationCode, localAuthorityCode, role }, email, otpauthUrl: created.otpauthUrl };
}

/** The code an authenticator app set up from `otpauthUrl` shows now. */
function codeFrom(otpauthUrl: string): string {
  const totp = URI.parse(otpauthUrl);
  if (!(totp instanceof TOTP)) throw new Error('not a TOTP URL');
  return totp.generate({ timestamp: Date.parse(clock.now()) });
}

/** Signs in with both factors; the session token, or the step that refused. */
async function signIn(email: string, password: string, otpauthUrl: string): Promise<{ token: string } | { refused: string }> {
  const half = await services.users.signInWithPassword(email, password, ORIGIN, 'test');
  if (!half.ok) return { refused: `password: ${JSON.stringify(half.error)}` };
  const full = await services.users.verifySecondFactor(half.value.sessionToken, codeFrom(otpauthUrl), ORIGIN);
  if (!full.ok) return { refused: `code: ${JSON.stringify(full.error)}` };
  return { token: full.value.sessionToken };
}

const stored = (id: string) =>
  handle.db.selectFrom('appUser').select(['passwordHash', 'totpSecret', 'failedAttempts', 'lockedUntil']).where('id', '=', id).executeTakeFirstOrThrow();

describe('resetting sign-in details', () => {
  it('should give new details that sign in, and stop the old password and authenticator working', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');

    const reset = value(await services.userAdmin.resetSignIn(admin.actor, worker.actor.id));
    expect(reset.password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){4}$/);
    expect(reset.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    expect(reset.otpauthUrl).toContain(`secret=${reset.totpSecret}`);

    expect(await signIn(worker.email, PASSWORD, worker.otpauthUrl)).toEqual({ refused: 'password: "INVALID_CREDENTIALS"' });
    // The new password with the old authenticator gets no further than the code.
    expect(await signIn(worker.email, reset.password, worker.otpauthUrl)).toEqual({ refused: 'code: "INVALID_CODE"' });
    expect(await signIn(worker.email, reset.password, reset.otpauthUrl)).toEqual({ token: expect.any(String) });
  });

  it('should take a code from the new authenticator in the same half-minute as the old one’s last code', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    // The person signs in just before losing their phone: the old secret's latest step is used.
    expect(await signIn(worker.email, PASSWORD, worker.otpauthUrl)).toEqual({ token: expect.any(String) });
    const reset = value(await services.userAdmin.resetSignIn(admin.actor, worker.actor.id));
    expect(await signIn(worker.email, reset.password, reset.otpauthUrl)).toEqual({ token: expect.any(String) });
  });

  it('should end every session of the person, signed in or half signed in, and say how many', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    const laptop = await signIn(worker.email, PASSWORD, worker.otpauthUrl);
    if (!('token' in laptop)) throw new Error(laptop.refused);
    clock.advanceHours(0.01);
    const phone = await services.users.startSessionFor(KENT, worker.email, ORIGIN, 'test', 'test');
    if (!phone.ok) throw new Error('no session');
    const half = value(await services.users.signInWithPassword(worker.email, PASSWORD, ORIGIN, 'test'));
    expect(await services.users.authenticateSession(laptop.token, ORIGIN)).not.toBeNull();

    const reset = value(await services.userAdmin.resetSignIn(admin.actor, worker.actor.id));
    expect(reset.sessionsRevoked).toBe(3);
    expect(await services.users.authenticateSession(laptop.token, ORIGIN)).toBeNull();
    expect(await services.users.authenticateSession(phone.value.sessionToken, ORIGIN)).toBeNull();
    // The half-signed-in session cannot be finished with the new code either.
    const finished = await services.users.verifySecondFactor(half.sessionToken, codeFrom(reset.otpauthUrl), ORIGIN);
    expect(finished).toEqual({ ok: false, error: 'SESSION_EXPIRED' });
    // The administrator's own session is untouched.
    const own = await services.users.startSessionFor(KENT, admin.email, ORIGIN, 'test', 'test');
    if (!own.ok) throw new Error('no session');
    value(await services.userAdmin.resetSignIn(admin.actor, (await person(KENT, 'data_officer')).actor.id));
    expect(await services.users.authenticateSession(own.value.sessionToken, ORIGIN)).not.toBeNull();
  });

  it('should unlock an account locked after too many wrong attempts', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    const lockedUntil = new Date(Date.parse(clock.now()) + 30 * 60_000).toISOString();
    await handle.db.updateTable('appUser').set({ failedAttempts: 10, lastFailedAt: clock.now(), lockedUntil }).where('id', '=', worker.actor.id).execute();

    const reset = value(await services.userAdmin.resetSignIn(admin.actor, worker.actor.id));
    expect(await stored(worker.actor.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
    expect(await signIn(worker.email, reset.password, reset.otpauthUrl)).toEqual({ token: expect.any(String) });
  });

  it('should audit one change of the account, by the administrator, naming what was reset and never the secrets', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const worker = await person(KENT, 'social_worker');
    const session = await signIn(worker.email, PASSWORD, worker.otpauthUrl);
    expect(session).toEqual({ token: expect.any(String) });
    const since = clock.now();
    clock.advanceHours(0.01);

    const reset = value(await services.userAdmin.resetSignIn(admin.actor, worker.actor.id));
    const events = await handle.db.selectFrom('auditEvent').selectAll().where('occurredAt', '>', since).execute();
    expect(events.map((event) => [event.action, event.actorId, event.entity, event.entityId])).toEqual([
      ['USER_CHANGED', admin.actor.id, 'user', worker.actor.id],
    ]);
    expect(events[0]?.details).toEqual({ reset: ['password', 'totpSecret', 'sessions', 'failedAttempts'], sessionsRevoked: 1 });
    const { passwordHash } = await stored(worker.actor.id);
    const written = JSON.stringify(events);
    for (const secret of [reset.password, reset.totpSecret, passwordHash, PASSWORD]) expect(written).not.toContain(secret);
  });

  it('should let a system administrator reset anyone’s, and an organisation administrator their own organisation’s', async () => {
    const system = await person(NATIONAL, 'system_administrator');
    for (const [organisation, role] of [
      [MEDWAY, 'team_manager'],
      [KENT_POLICE, 'police_coordinator'],
      [GUARDIANS, 'organisation_administrator'],
    ] as const) {
      const someone = await person(organisation, role);
      expect((await services.userAdmin.resetSignIn(system.actor, someone.actor.id)).ok, `${role} at ${organisation}`).toBe(true);
    }
    const policeAdmin = await person(KENT_POLICE, 'organisation_administrator');
    const officer = await person(KENT_POLICE, 'police_coordinator');
    expect((await services.userAdmin.resetSignIn(policeAdmin.actor, officer.actor.id)).ok).toBe(true);
  });

  it('should answer not found, changing nothing, for another organisation’s account, an unknown one and anyone but an administrator', async () => {
    const worker = await person(KENT, 'social_worker');
    const before = await stored(worker.actor.id);
    const medwayAdmin = await person(MEDWAY, 'organisation_administrator');
    const notFound = { ok: false, error: { kind: 'not_found', entity: 'user' } };
    expect(await services.userAdmin.resetSignIn(medwayAdmin.actor, worker.actor.id)).toEqual(notFound);
    for (const role of ROLES.filter((candidate) => candidate !== 'organisation_administrator' && candidate !== 'system_administrator')) {
      const someone = await person(HOME_OF[role], role);
      expect(await services.userAdmin.resetSignIn(someone.actor, worker.actor.id), role).toEqual(notFound);
    }
    const kentAdmin = await person(KENT, 'organisation_administrator');
    expect(await services.userAdmin.resetSignIn(kentAdmin.actor, randomUUID())).toEqual(notFound);
    expect(await services.userAdmin.resetSignIn(kentAdmin.actor, 'not-an-id')).toEqual(notFound);
    expect(await stored(worker.actor.id)).toEqual(before);
    expect(await signIn(worker.email, PASSWORD, worker.otpauthUrl)).toEqual({ token: expect.any(String) });
  });

  it('should refuse a deactivated account, and the administrator’s own, saying why', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const leaver = await person(KENT, 'social_worker');
    value(await services.userAdmin.deactivateUser(admin.actor, leaver.actor.id));
    const before = await stored(leaver.actor.id);
    const deactivated = await services.userAdmin.resetSignIn(admin.actor, leaver.actor.id);
    expect(deactivated).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ message: expect.stringContaining('deactivated') }] } });
    expect(await stored(leaver.actor.id)).toEqual(before);

    const ownBefore = await stored(admin.actor.id);
    const own = await services.userAdmin.resetSignIn(admin.actor, admin.actor.id.toUpperCase());
    expect(own).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ message: expect.stringContaining('sign you out') }] } });
    expect(await stored(admin.actor.id)).toEqual(ownBefore);
    const system = await person(NATIONAL, 'system_administrator');
    expect((await services.userAdmin.resetSignIn(system.actor, system.actor.id)).ok).toBe(false);
  });
});

describe('deactivating an account', () => {
  it('should refuse the administrator’s own account, saying why and changing nothing', async () => {
    const admin = await person(KENT, 'organisation_administrator');
    const before = await stored(admin.actor.id);
    const own = await services.userAdmin.deactivateUser(admin.actor, admin.actor.id.toUpperCase());
    expect(own).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field: 'userId', message: expect.stringContaining('own account') }] } });
    expect(await stored(admin.actor.id)).toEqual(before);
    const colleague = await person(KENT, 'organisation_administrator');
    expect((await services.userAdmin.deactivateUser(colleague.actor, admin.actor.id)).ok).toBe(true);
  });
});
