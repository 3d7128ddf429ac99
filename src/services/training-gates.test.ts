import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { CROYDON, KENT } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { addAccount, addChildInCare, openServices } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';

// Training gates on a real database (issue 15, item 5): with the NRM referral gate on, someone
// without current NRM first-responder training is refused, told which course and where to record
// it; their team manager allows them once, with a reason; the allowance is spent by one referral
// and listed for review; recording the training opens the gate for good.

const clock = createFakeClock('2025-06-13T10:00:00Z');
let handle: DatabaseHandle;
let services: Services;
let worker: Actor;
let manager: Actor;
let made = 0;

/** A Kent child's new trafficking concern, with no NRM referral yet. */
async function concern(): Promise<string> {
  made += 1;
  const childId = await addChildInCare(services, worker, { laChildId: `TG-${made}`, givenNames: 'Arben', familyName: `Gate${made}`, sex: 'M', host: KENT });
  const raised = value(await services.trafficking.raiseConcern(worker, childId, { raisedOn: '2025-06-01', raisedBy: 'Social worker' }));
  return raised.id;
}

const refer = (concernId: string) =>
  services.trafficking.recordNrmReferral(worker, concernId, {
    referredOn: '2025-06-12',
    firstResponderOrganisation: 'Kent County Council',
    competentAuthority: 'SCA',
  });

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { accounts: true }));
  worker = await addAccount(services, KENT, 'social_worker', 'Kent social worker');
  manager = await addAccount(services, KENT, 'team_manager', 'Kent team manager');
});
afterAll(async () => {
  await handle.close();
});

describe('the NRM referral gate', () => {
  it('should let anyone refer while the gate is off, as it is by default', async () => {
    expect((await refer(await concern())).ok).toBe(true);
  });

  it('should refuse someone without the training once it is on, naming the course and where to record it, and change nothing', async () => {
    value(await services.training.setGates(manager, ['NRM_REFERRAL']));
    const concernId = await concern();
    const refused = await refer(concernId);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field: 'trainingGate' }] } });
    const message = !refused.ok && refused.error.kind === 'invalid' ? refused.error.violations[0]!.message : '';
    expect(message).toBe(
      'To make an NRM referral you need current NRM first responder training. Complete “National Referral Mechanism: first responder” (Home Office) and record it on your Training page, where you can also ask your team manager to allow you this once',
    );
    const stored = await handle.db.selectFrom('nrmReferral').select('id').where('concernId', '=', concernId).execute();
    expect(stored).toEqual([]);
  });

  it('should not let a social worker set the gates or allow anyone', async () => {
    expect((await services.training.setGates(worker, [])).ok).toBe(false);
    expect((await services.training.allow(worker, { personId: worker.id, action: 'NRM_REFERRAL', reason: 'I want to' })).ok).toBe(false);
  });

  it('should let one referral through on the team manager’s allowance, and list it as used', async () => {
    value(await services.training.allow(manager, { personId: worker.id, action: 'NRM_REFERRAL', reason: 'Duty cover tonight; course booked' }));
    expect((await refer(await concern())).ok).toBe(true);
    expect((await refer(await concern())).ok).toBe(false);
    const review = value(await services.training.gates(manager));
    expect(review.allowances).toMatchObject([
      { personId: worker.id, action: 'NRM_REFERRAL', reason: 'Duty cover tonight; course booked', usedAt: expect.any(String) },
    ]);
    expect(review.gates).toEqual([
      { action: 'NRM_REFERRAL', label: 'Make an NRM referral', topic: 'NRM_FIRST_RESPONDER', onByDefault: false, on: true },
      { action: 'RETURN_HOME_INTERVIEW', label: 'Record a return home interview', topic: 'RHI', onByDefault: false, on: false },
    ]);
  });

  it('should let someone through for good once their training is recorded', async () => {
    value(await services.training.recordCompletion(worker, { personId: null, courseCode: 'NRM-FIRST-RESPONDER', completedOn: '2025-05-01' }));
    expect((await refer(await concern())).ok).toBe(true);
    expect((await refer(await concern())).ok).toBe(true);
  });
});

describe('asking a team manager to allow a referral once', () => {
  let asker: Actor;
  let child: string;
  const askerRefers = async () => {
    made += 1;
    const childId = await addChildInCare(services, worker, { laChildId: `TR-${made}`, givenNames: 'Besa', familyName: `Ask${made}`, sex: 'F', host: KENT });
    const raised = value(await services.trafficking.raiseConcern(worker, childId, { raisedOn: '2025-06-01', raisedBy: 'Social worker' }));
    return services.trafficking.recordNrmReferral(asker, raised.id, {
      referredOn: '2025-06-12',
      firstResponderOrganisation: 'Kent County Council',
      competentAuthority: 'SCA',
    });
  };
  // Ordered by what they are, not by seq: events on different audit chains have no order.
  const events = (entityId: string) =>
    handle.db
      .selectFrom('auditEvent')
      .select(['action', 'actorId', 'childId', 'reason'])
      .where('entity', '=', 'trainingRequest')
      .where('entityId', '=', entityId)
      .orderBy('action')
      .execute();

  beforeAll(async () => {
    value(await services.training.setGates(manager, ['NRM_REFERRAL']));
    asker = await addAccount(services, KENT, 'social_worker', 'Kent asker');
    child = await addChildInCare(services, worker, { laChildId: 'TR-0', givenNames: 'Drita', familyName: 'Asked', sex: 'F', host: KENT });
  });

  it('should send the request to the organisation’s team managers, once while it waits, and audit it', async () => {
    const sent = value(await services.training.ask(asker, { action: 'NRM_REFERRAL', childId: child, reason: 'The child’s referral cannot wait' }));
    expect(sent).toMatchObject({ personId: asker.id, organisationCode: KENT, childId: child, outcome: null });
    expect(await services.training.ask(asker, { action: 'NRM_REFERRAL', childId: child, reason: 'Again' })).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        violations: [{ field: 'action', message: 'You have already asked to make an NRM referral; wait for your team manager’s answer' }],
      },
    });
    expect(await services.training.waitingRequests(manager)).toBe(1);
    expect(await services.training.waitingRequests(asker)).toBeNull();
    expect(value(await services.training.gates(manager)).requests).toMatchObject([
      { id: sent.id, personName: 'Kent asker', reason: 'The child’s referral cannot wait' },
    ]);
    expect(await events(sent.id)).toEqual([{ action: 'CREATE', actorId: asker.id, childId: child, reason: 'The child’s referral cannot wait' }]);
  });

  it('should refuse a request about a child the person may not see, or when the gate lets them through', async () => {
    const croydon = await addAccount(services, CROYDON, 'social_worker', 'Croydon worker');
    const theirs = await addChildInCare(services, croydon, { laChildId: 'TR-C', givenNames: 'Ana', familyName: 'Elsewhere', sex: 'F', host: CROYDON });
    expect(await services.training.ask(asker, { action: 'NRM_REFERRAL', childId: theirs, reason: 'Why not' })).toEqual({
      ok: false,
      error: { kind: 'not_found', entity: 'child' },
    });
    expect(await services.training.ask(croydon, { action: 'NRM_REFERRAL', childId: null, reason: 'Not gated here' })).toMatchObject({
      ok: false,
      error: {
        violations: [{ message: 'You may already make an NRM referral: your organisation does not require training for it, so there is nothing to ask' }],
      },
    });
    expect(value(await services.training.mine(asker)).requests).toHaveLength(1);
  });

  it('should let a team manager decline with a reason, tell the person, and keep the gate shut', async () => {
    const [waiting] = value(await services.training.gates(manager)).requests;
    expect(await services.training.answer(asker, waiting!.id, { outcome: 'ALLOWED', reason: 'Mine' })).toEqual({
      ok: false,
      error: { kind: 'not_found', entity: 'training request' },
    });
    const croydonManager = await addAccount(services, CROYDON, 'team_manager', 'Croydon manager');
    expect((await services.training.request(croydonManager, waiting!.id)).ok).toBe(false);
    expect((await services.training.answer(croydonManager, waiting!.id, { outcome: 'ALLOWED', reason: 'Not mine' })).ok).toBe(false);
    value(await services.training.answer(manager, waiting!.id, { outcome: 'DECLINED', reason: 'Ask the duty first responder instead' }));
    expect(await services.training.answer(manager, waiting!.id, { outcome: 'ALLOWED', reason: 'Changed my mind' })).toMatchObject({
      ok: false,
      error: { violations: [{ message: 'This request has already been answered' }] },
    });
    expect(value(await services.training.mine(asker)).requests).toMatchObject([
      { outcome: 'DECLINED', decisionReason: 'Ask the duty first responder instead' },
    ]);
    expect(await services.training.waitingRequests(manager)).toBe(0);
    expect((await askerRefers()).ok).toBe(false);
    expect((await events(waiting!.id)).map((event) => [event.action, event.actorId, event.reason])).toEqual([
      ['CHANGE', manager.id, 'Ask the duty first responder instead'],
      ['CREATE', asker.id, 'The child’s referral cannot wait'],
    ]);
  });

  it('should let one referral through when a team manager allows it, listing the allowance for review', async () => {
    const sent = value(await services.training.ask(asker, { action: 'NRM_REFERRAL', childId: null, reason: 'On duty alone tonight' }));
    const allowed = value(await services.training.answer(manager, sent.id, { outcome: 'ALLOWED', reason: 'Course booked for Monday' }));
    expect(allowed).toMatchObject({ outcome: 'ALLOWED', allowanceId: expect.any(String) });
    expect(value(await services.training.gates(manager)).allowances).toContainEqual(
      expect.objectContaining({ id: allowed.allowanceId, personId: asker.id, reason: 'Course booked for Monday', usedAt: null }),
    );
    expect((await askerRefers()).ok).toBe(true);
    expect((await askerRefers()).ok).toBe(false);
  });
});
