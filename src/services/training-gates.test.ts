import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { KENT } from '../../test/helpers/organisations.ts';
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
      'To make an NRM referral you need current NRM first responder training. Complete “National Referral Mechanism: first responder” (Home Office) and record it on your Training page, or ask your team manager to allow you this once',
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
