import { describe, expect, it } from 'vitest';
import { checkRequest, decideRequest } from './training-request.ts';
import type { TrainingRequest } from './training-request.ts';

const REFUSED = { allowed: false, topic: 'NRM_FIRST_RESPONDER', state: 'EXPIRED' } as const;
const CHILD = '11111111-1111-4111-8111-111111111111';

const waiting: TrainingRequest = {
  id: 'request-1',
  organisationCode: 'E10000016',
  personId: 'worker',
  action: 'NRM_REFERRAL',
  childId: CHILD,
  reason: 'The referral cannot wait for the next course',
  requestedAt: '2025-06-13T10:00:00.000Z',
  outcome: null,
  decidedBy: null,
  decidedAt: null,
  decisionReason: null,
  allowanceId: null,
};

describe('asking a team manager to allow a gated action once', () => {
  it('should let someone the gate refuses ask, once for each action and child while it waits', () => {
    expect(checkRequest(REFUSED, [], { action: 'NRM_REFERRAL', childId: CHILD })).toEqual({ ok: true, value: null });
    expect(checkRequest(REFUSED, [waiting], { action: 'NRM_REFERRAL', childId: CHILD })).toEqual({
      ok: false,
      error: { field: 'action', message: 'You have already asked to make an NRM referral; wait for your team manager’s answer' },
    });
    // Another child, or another action, is another request.
    expect(checkRequest(REFUSED, [waiting], { action: 'NRM_REFERRAL', childId: null }).ok).toBe(true);
    expect(checkRequest(REFUSED, [waiting], { action: 'RETURN_HOME_INTERVIEW', childId: CHILD }).ok).toBe(true);
  });

  it('should tell someone the gate lets through that there is nothing to ask, and why', () => {
    const message = (by: 'NOT_GATED' | 'TRAINED' | 'ALLOWANCE') => {
      const checked = checkRequest({ allowed: true, by }, [], { action: 'RETURN_HOME_INTERVIEW', childId: null });
      return checked.ok ? null : checked.error.message;
    };
    expect(message('NOT_GATED')).toBe(
      'You may already record a return home interview: your organisation does not require training for it, so there is nothing to ask',
    );
    expect(message('TRAINED')).toBe('You may already record a return home interview: your training is current, so there is nothing to ask');
    expect(message('ALLOWANCE')).toBe(
      'You may already record a return home interview: your team manager has already allowed you once, so there is nothing to ask',
    );
  });
});

describe('a team manager’s answer', () => {
  const answer = { reason: 'Duty cover tonight', by: 'manager', at: '2025-06-13T11:00:00.000Z' };

  it('should record an allowance with the request allowed, and none with it declined', () => {
    expect(decideRequest(waiting, { ...answer, outcome: 'ALLOWED', allowanceId: 'allowance-1' })).toEqual({
      ok: true,
      value: { ...waiting, outcome: 'ALLOWED', decidedBy: 'manager', decidedAt: answer.at, decisionReason: 'Duty cover tonight', allowanceId: 'allowance-1' },
    });
    expect(decideRequest(waiting, { ...answer, outcome: 'DECLINED', allowanceId: 'allowance-1' })).toMatchObject({
      ok: true,
      value: { outcome: 'DECLINED', decisionReason: 'Duty cover tonight', allowanceId: null },
    });
  });

  it('should refuse to answer a request twice, or one’s own', () => {
    const answered = { ...waiting, outcome: 'DECLINED', decidedBy: 'manager', decidedAt: answer.at, decisionReason: 'No' } as const;
    expect(decideRequest(answered, { ...answer, outcome: 'ALLOWED', allowanceId: 'a' })).toEqual({
      ok: false,
      error: { field: 'outcome', message: 'This request has already been answered' },
    });
    expect(decideRequest(waiting, { ...answer, by: 'worker', outcome: 'ALLOWED', allowanceId: 'a' })).toEqual({
      ok: false,
      error: { field: 'outcome', message: 'You cannot answer your own request: another team manager must' },
    });
  });
});
