import { describe, expect, it } from 'vitest';
import { allocate, tierOf, tierRank } from './caseload.ts';
import type { AllocationRequest, CaseloadViewer, CaseOwner, ChildAllocation } from './caseload.ts';

const ME = 'me';
const viewer: CaseloadViewer = { id: ME, teamIds: new Set(['my-team']), teammateIds: new Set([ME, 'colleague']) };
const owner = (socialWorker: string | null, team: string | null): CaseOwner => ({
  socialWorker: socialWorker === null ? null : { id: socialWorker, name: socialWorker },
  team: team === null ? null : { id: team, name: team },
});

describe('tierOf', () => {
  it.each([
    ['allocated to me', owner(ME, 'other-team'), 'mine'],
    ['allocated to me with no team', owner(ME, null), 'mine'],
    ['allocated to my team with no social worker', owner(null, 'my-team'), 'team'],
    ['allocated to someone in my team, with no team', owner('colleague', null), 'team'],
    ['allocated to someone in my team, through another team', owner('colleague', 'other-team'), 'team'],
    ['allocated to someone else in my team', owner('stranger', 'my-team'), 'team'],
    ['allocated elsewhere', owner('stranger', 'other-team'), 'authority'],
    ['not allocated', null, 'authority'],
  ] as const)('should say a child %s is %s', (_case, childOwner, tier) => {
    expect(tierOf(childOwner, viewer)).toBe(tier);
  });

  it('should put someone in no team only their own children first', () => {
    const alone: CaseloadViewer = { id: ME, teamIds: new Set(), teammateIds: new Set() };
    expect(tierOf(owner(ME, null), alone)).toBe('mine');
    expect(tierOf(owner('colleague', 'my-team'), alone)).toBe('authority');
  });

  it('should rank mine, then my team’s, then the authority’s, then children with no tier', () => {
    expect(tierRank('mine')).toBeLessThan(tierRank('team'));
    expect(tierRank('team')).toBeLessThan(tierRank('authority'));
    expect(tierRank('authority')).toBeLessThan(tierRank(undefined));
  });
});

describe('allocate', () => {
  const NOW = '2025-06-15T12:00:00.000Z';
  const request = (more: Partial<AllocationRequest> = {}): AllocationRequest => ({
    id: 'new',
    childId: 'child',
    responsibleAuthorityCode: 'E10000016',
    teamId: 'team',
    socialWorkerId: 'worker',
    reason: null,
    allocatedBy: 'manager',
    ...more,
  });
  const current: ChildAllocation = { ...request({ id: 'old' }), allocatedAt: '2025-01-01T09:00:00.000Z', endedAt: null, endedBy: null };

  it('should allocate a child with nobody yet, with or without a reason', () => {
    expect(allocate(null, request(), NOW)).toEqual({
      ok: true,
      value: { ended: null, allocation: { ...request(), allocatedAt: NOW, endedAt: null, endedBy: null } },
    });
  });

  it('should end the current allocation as the new one starts, by the same person at the same moment', () => {
    const moved = allocate(current, request({ socialWorkerId: 'someone-else', reason: 'Caseload balancing' }), NOW);
    expect(moved.ok && moved.value.ended).toEqual({ ...current, endedAt: NOW, endedBy: 'manager' });
    expect(moved.ok && moved.value.allocation).toMatchObject({
      socialWorkerId: 'someone-else',
      teamId: 'team',
      allocatedAt: NOW,
      reason: 'Caseload balancing',
    });
  });

  it('should allocate to a team alone, or to a social worker alone', () => {
    expect(allocate(null, request({ socialWorkerId: null }), NOW).ok).toBe(true);
    expect(allocate(null, request({ teamId: null }), NOW).ok).toBe(true);
  });

  it.each([
    ['neither a social worker nor a team', null, request({ teamId: null, socialWorkerId: null }), 'socialWorkerId', 'Select a social worker or a team'],
    ['the same social worker and team again', 'current', request({ reason: 'Again' }), 'socialWorkerId', 'already allocated'],
    ['a reassignment without a reason', 'current', request({ socialWorkerId: 'someone-else' }), 'reason', 'Enter why you are reassigning the child'],
    ['a reason over 1000 characters', null, request({ reason: 'x'.repeat(1001) }), 'reason', '1000 characters or fewer'],
  ] as const)('should refuse %s, naming the field', (_case, before, asked, field, message) => {
    const refused = allocate(before === null ? null : current, asked, NOW);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.field).toBe(field);
      expect(refused.error.message).toContain(message);
    }
  });
});
