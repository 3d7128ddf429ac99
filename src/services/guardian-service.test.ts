import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { CROYDON, GUARDIANS, KENT, KENT_POLICE, NATIONAL } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { addAccount, addChildInCare, openServices, person } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';

// Referrals to the guardian service on a real database under row-level security: proposed where a
// scheme covers the authority, made by the responsible authority or the police, triaged, allocated,
// reallocated and closed by the service; the allocation opens the record to the guardian.

const kentWorker = person(KENT, 'social_worker');
const croydonWorker = person(CROYDON, 'social_worker');
const police = person(KENT_POLICE, 'police_coordinator', null);
const analyst = person(NATIONAL, 'national_analyst', null);
const OTHER_SERVICE = 'OTHER-GUARDIANS';

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-13T10:00:00Z'); // a Friday
let manager: Actor;
let guardian: Actor;
let secondGuardian: Actor;
let otherServiceAdvocate: Actor;
let made = 0;

const account = (organisationCode: string, name: string) => addAccount(services, organisationCode, 'advocate', `Guardian ${name}`, null);

/** A Kent child with a trafficking concern. */
async function child(): Promise<string> {
  made += 1;
  const id = await addChildInCare(services, kentWorker, { laChildId: `GR-${made}`, givenNames: 'Dritan', familyName: `Referral${made}`, sex: 'M', host: KENT });
  value(await services.trafficking.raiseConcern(kentWorker, id, { raisedOn: '2025-06-01', raisedBy: 'Social worker', exploitationTypes: ['CRIMINAL'] }));
  return id;
}

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true, accounts: true }));
  await handle.db
    .insertInto('organisation')
    .values({ code: OTHER_SERVICE, name: 'Another guardian service', kind: 'guardian_service', localAuthorityCode: null })
    .execute();
  await handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
  manager = await account(GUARDIANS, 'manager');
  guardian = await account(GUARDIANS, 'direct');
  secondGuardian = await account(GUARDIANS, 'second');
  otherServiceAdvocate = await account(OTHER_SERVICE, 'other');
});
afterAll(async () => handle.close());

describe('where the guardian service covers the authority', () => {
  it('should hold the schemes’ coverage as reference data with start dates', async () => {
    const rows = await handle.db.selectFrom('guardianCoverage').select(['schemeCode', 'startsOn']).where('localAuthorityCode', '=', 'E08000003').execute();
    expect(rows).toEqual([{ schemeCode: 'ICTG', startsOn: '2017-01-01' }]);
    const byScheme = await handle.db
      .selectFrom('guardianCoverage')
      .select(['schemeCode', sql<number>`count(*)::int`.as('n')])
      .groupBy('schemeCode')
      .execute();
    expect(Object.fromEntries(byScheme.map((row) => [row.schemeCode, row.n]))).toMatchObject({ SGS: 32, NI_IGS: 5 });
  });

  it('should not offer a referral where no scheme covers the child’s authority', async () => {
    const childId = await child();
    expect(value(await services.guardians.referralOption(kentWorker, childId)).service).toBeNull();
    expect(value(await services.guardians.list(kentWorker)).proposals).toEqual([]);
    const refused = await services.guardians.refer(kentWorker, childId, { parentalResponsibility: 'NO' });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field: 'childId' }] } });
  });
});

describe('a referral through to closure', () => {
  let childId: string;
  let referralId: string;

  beforeAll(async () => {
    await handle.db
      .insertInto('guardianCoverage')
      .values({ schemeCode: 'ICTG', localAuthorityCode: KENT, startsOn: '2025-01-01', endsOn: null, note: 'test' })
      .execute();
    childId = await child();
  });

  it('should propose the child with a trafficking concern in a covered area', async () => {
    const proposals = value(await services.guardians.list(kentWorker)).proposals;
    expect(proposals.map((proposal) => proposal.childId)).toContain(childId);
    expect(value(await services.guardians.referralOption(kentWorker, childId))).toMatchObject({
      source: 'RESPONSIBLE_AUTHORITY',
      service: { code: GUARDIANS },
    });
  });

  it('should refuse a referral from someone who may not see the child, as not found', async () => {
    for (const actor of [croydonWorker, police, analyst, guardian]) {
      expect(await services.guardians.refer(actor, childId, { parentalResponsibility: 'NO' }), actor.role).toMatchObject({
        ok: false,
        error: { kind: 'not_found' },
      });
    }
  });

  it('should record who referred, when, and parental responsibility, once', async () => {
    const referral = value(await services.guardians.refer(kentWorker, childId, { parentalResponsibility: 'NO' }));
    referralId = referral.id;
    expect(referral).toMatchObject({
      status: 'AWAITING_TRIAGE',
      source: 'RESPONSIBLE_AUTHORITY',
      referredBy: kentWorker.id,
      referredAt: '2025-06-13T10:00:00.000Z',
      serviceOrganisationCode: GUARDIANS,
    });
    expect(await services.guardians.refer(kentWorker, childId, { parentalResponsibility: 'NO' })).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(value(await services.guardians.list(kentWorker)).proposals.map((proposal) => proposal.childId)).not.toContain(childId);
    const audit = await handle.db
      .selectFrom('auditEvent')
      .select(['action', 'actorId'])
      .where('entity', '=', 'guardianReferral')
      .where('entityId', '=', referralId)
      .execute();
    expect(audit).toEqual([{ action: 'CREATE', actorId: kentWorker.id }]);
  });

  it('should show the referral to its service with the child, and to nobody else there', async () => {
    const queue = value(await services.guardians.list(manager));
    expect(queue.referrals.map((item) => [item.id, item.childName.familyName])).toContainEqual([referralId, expect.stringMatching(/^Referral/)]);
    expect(value(await services.guardians.list(otherServiceAdvocate)).referrals).toEqual([]);
    expect(await services.guardians.referral(otherServiceAdvocate, referralId)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await services.guardians.list(analyst)).toMatchObject({ ok: false });
    // The service sees the referral, not yet the record.
    expect(await services.children.getChild(manager, childId)).toMatchObject({ ok: false });
  });

  it('should triage, then allocate a direct worker, opening the record to the guardian', async () => {
    clock.set('2025-06-13T12:00:00Z');
    expect(await services.guardians.triage(otherServiceAdvocate, referralId, 1)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await services.guardians.triage(manager, referralId, 7)).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    value(await services.guardians.triage(manager, referralId, 1));
    expect(
      await services.guardians.allocate(manager, referralId, { advocateId: otherServiceAdvocate.id, guardianRole: 'DIRECT_WORKER', version: 2 }),
    ).toMatchObject({
      ok: false,
      error: { violations: [{ field: 'advocateId' }] },
    });
    clock.set('2025-06-16T09:00:00Z'); // the next working day, within the standard
    value(await services.guardians.allocate(manager, referralId, { advocateId: guardian.id, guardianRole: 'DIRECT_WORKER', version: 2 }));
    const detail = value(await services.guardians.referral(manager, referralId));
    expect(detail.referral).toMatchObject({
      status: 'ALLOCATED',
      guardianName: 'Guardian direct',
      allocationTime: { hours: 71, allocated: true, overStandard: false },
    });
    expect(await services.children.getChild(guardian, childId)).toMatchObject({ ok: true });
    expect(value(await services.guardians.list(kentWorker)).referrals.find((item) => item.id === referralId)).toMatchObject({
      guardianName: 'Guardian direct',
    });
  });

  it('should reallocate, moving access to the new guardian', async () => {
    value(await services.guardians.allocate(manager, referralId, { advocateId: secondGuardian.id, guardianRole: 'DIRECT_WORKER', version: 3 }));
    expect(await services.children.getChild(guardian, childId)).toMatchObject({ ok: false });
    expect(await services.children.getChild(secondGuardian, childId)).toMatchObject({ ok: true });
    expect(value(await services.guardians.referral(manager, referralId)).referral.allocationTime.hours).toBe(71);
  });

  it('should close with a reason, ending the allocation, and allow a new referral', async () => {
    expect(await services.guardians.close(manager, referralId, { reason: 'OTHER', note: ' ', version: 4 })).toMatchObject({
      ok: false,
      error: { violations: [{ field: 'note' }] },
    });
    value(await services.guardians.close(manager, referralId, { reason: 'TURNED_18', note: null, version: 4 }));
    expect(await services.children.getChild(secondGuardian, childId)).toMatchObject({ ok: false });
    expect(value(await services.guardians.list(manager)).referrals.map((item) => item.id)).not.toContain(referralId);
    expect(value(await services.guardians.referral(kentWorker, referralId)).referral).toMatchObject({ status: 'CLOSED', closureReason: 'TURNED_18' });
    expect(await services.guardians.allocate(manager, referralId, { advocateId: guardian.id, guardianRole: 'RPC', version: 5 })).toMatchObject({ ok: false });
  });

  it('should let the police refer a child missing in their area', async () => {
    const missing = await child();
    value(await services.missingEpisodes.reportMissing(kentWorker, missing, { type: 'M', startAt: '2025-06-15T20:00:00Z', policeForce: 'Kent Police' }));
    const referral = value(await services.guardians.refer(police, missing, { parentalResponsibility: 'UNKNOWN' }));
    expect(referral).toMatchObject({ source: 'POLICE', referrerOrganisationCode: KENT_POLICE });
    expect(value(await services.guardians.list(kentWorker)).referrals.map((item) => item.id)).toContain(referral.id);
  });
});

describe('a second referral of the same child', () => {
  it('should be refused, saying so, even to a referrer who cannot see the first', async () => {
    const missing = await child();
    value(await services.missingEpisodes.reportMissing(kentWorker, missing, { type: 'M', startAt: '2025-06-15T20:00:00Z', policeForce: 'Kent Police' }));
    value(await services.guardians.refer(kentWorker, missing, { parentalResponsibility: 'YES' }));
    const second = await services.guardians.refer(police, missing, { parentalResponsibility: 'YES' });
    expect(second).toMatchObject({
      ok: false,
      error: { kind: 'invalid', violations: [{ field: 'childId', message: expect.stringContaining('open referral') }] },
    });
  });
});
