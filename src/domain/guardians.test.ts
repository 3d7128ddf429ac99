import { describe, expect, it } from 'vitest';
import {
  allocate,
  allocationStandardOf,
  allocationTime,
  close,
  coveringScheme,
  DEFAULT_ALLOCATION_STANDARD,
  newReferral,
  parseAllocationStandard,
  suggestedRoleFor,
  supportModeOf,
  triage,
} from './guardians.ts';
import type { GuardianAllocation, GuardianReferral } from './guardians.ts';

const REFERRED_AT = '2025-06-13T10:00:00.000Z'; // a Friday

function referral(overrides: Partial<GuardianReferral> = {}): GuardianReferral {
  return {
    ...newReferral(
      {
        id: 'r1',
        childId: 'c1',
        responsibleAuthorityCode: 'E08000003',
        serviceOrganisationCode: 'ICTG',
        source: 'RESPONSIBLE_AUTHORITY',
        referredBy: 'u1',
        referrerOrganisationCode: 'E08000003',
        parentalResponsibility: 'NO',
      },
      REFERRED_AT,
    ),
    ...overrides,
  };
}

const guardian = { id: 'a1', advocateId: 'g1', organisationCode: 'ICTG', guardianRole: 'DIRECT_WORKER', allocatedBy: 'm1' } as const;

describe('guardian referrals', () => {
  it('should start awaiting triage, at version 1', () => {
    expect(referral()).toMatchObject({ status: 'AWAITING_TRIAGE', referredAt: REFERRED_AT, version: 1, firstAllocatedAt: null });
  });

  it('should triage once, then refuse a second triage', () => {
    const triaged = triage(referral(), 'm1', '2025-06-13T11:00:00.000Z');
    expect(triaged).toMatchObject({ ok: true, value: { status: 'AWAITING_ALLOCATION', triagedBy: 'm1', version: 2 } });
    if (!triaged.ok) return;
    expect(triage(triaged.value, 'm1', '2025-06-13T12:00:00.000Z')).toMatchObject({ ok: false, error: { field: 'status' } });
  });

  it('should allocate straight from triage, triaging by the allocation', () => {
    const allocated = allocate(referral(), null, guardian, '2025-06-13T15:00:00.000Z');
    expect(allocated).toMatchObject({
      ok: true,
      value: {
        referral: { status: 'ALLOCATED', triagedBy: 'm1', firstAllocatedAt: '2025-06-13T15:00:00.000Z' },
        ended: null,
        allocation: { referralId: 'r1', childId: 'c1', advocateId: 'g1', endedAt: null },
      },
    });
  });

  it('should end the current allocation on reallocation and keep the first allocation time', () => {
    const first = allocate(referral(), null, guardian, '2025-06-13T15:00:00.000Z');
    if (!first.ok) throw new Error('first allocation refused');
    const next = allocate(first.value.referral, first.value.allocation, { ...guardian, id: 'a2', advocateId: 'g2' }, '2025-07-01T09:00:00.000Z');
    expect(next).toMatchObject({
      ok: true,
      value: {
        referral: { firstAllocatedAt: '2025-06-13T15:00:00.000Z' },
        ended: { id: 'a1', endedAt: '2025-07-01T09:00:00.000Z' },
        allocation: { id: 'a2', advocateId: 'g2' },
      },
    });
    expect(allocate(first.value.referral, first.value.allocation, guardian, '2025-07-01T09:00:00.000Z')).toMatchObject({
      ok: false,
      error: { field: 'advocateId' },
    });
  });

  it('should close with a reason, ending the allocation, and refuse anything after', () => {
    const current: GuardianAllocation = { ...guardian, referralId: 'r1', childId: 'c1', allocatedAt: REFERRED_AT, endedAt: null };
    const closed = close(referral({ status: 'ALLOCATED' }), current, 'TURNED_18', '  ', '2025-09-01T09:00:00.000Z');
    expect(closed).toMatchObject({
      ok: true,
      value: { referral: { status: 'CLOSED', closureReason: 'TURNED_18', closureNote: null }, ended: { endedAt: '2025-09-01T09:00:00.000Z' } },
    });
    if (!closed.ok) return;
    expect(close(closed.value.referral, null, 'OTHER', 'x', '2025-09-02T09:00:00.000Z')).toMatchObject({ ok: false });
    expect(triage(closed.value.referral, 'm1', '2025-09-02T09:00:00.000Z')).toMatchObject({ ok: false });
    expect(allocate(closed.value.referral, null, guardian, '2025-09-02T09:00:00.000Z')).toMatchObject({ ok: false });
  });

  it('should ask what "other" means when closing for another reason', () => {
    expect(close(referral(), null, 'OTHER', ' ', '2025-09-01T09:00:00.000Z')).toMatchObject({ ok: false, error: { field: 'note' } });
    expect(close(referral(), null, 'OTHER', 'Moved to Scotland', '2025-09-01T09:00:00.000Z')).toMatchObject({ ok: true });
  });
});

describe('the service model', () => {
  it('should suggest a direct worker unless someone in the UK holds parental responsibility', () => {
    expect(suggestedRoleFor('NO')).toBe('DIRECT_WORKER');
    expect(suggestedRoleFor('UNKNOWN')).toBe('DIRECT_WORKER');
    expect(suggestedRoleFor('YES')).toBe('RPC');
    expect(supportModeOf('RPC')).toBe('INDIRECT');
    expect(supportModeOf('REGIONAL_PRACTITIONER')).toBe('DIRECT');
  });

  it('should find the scheme covering an authority on a day, from its start date', () => {
    const coverage = [
      { schemeCode: 'ICTG', localAuthorityCode: 'E08000003', startsOn: '2017-01-30', endsOn: null },
      { schemeCode: 'ICTG', localAuthorityCode: 'E09000008', startsOn: '2019-10-01', endsOn: '2020-01-01' },
    ];
    expect(coveringScheme(coverage, 'E08000003', '2017-01-29')).toBeNull();
    expect(coveringScheme(coverage, 'E08000003', '2017-01-30')).toBe('ICTG');
    expect(coveringScheme(coverage, 'E09000008', '2019-12-31')).toBe('ICTG');
    expect(coveringScheme(coverage, 'E09000008', '2020-01-01')).toBeNull();
    expect(coveringScheme(coverage, 'E10000016', '2025-01-01')).toBeNull();
  });
});

describe('referral-to-allocation time', () => {
  it('should give a direct worker 1 working day, over a weekend', () => {
    const waiting = allocationTime(referral(), null, '2025-06-16T09:00:00.000Z');
    expect(waiting).toEqual({ hours: 71, allocated: false, dueBy: '2025-06-16T10:00:00.000Z', overStandard: false });
    expect(allocationTime(referral(), null, '2025-06-16T10:00:01.000Z').overStandard).toBe(true);
  });

  it('should stop the clock at the first allocation and follow a configured standard', () => {
    const allocated = referral({ firstAllocatedAt: '2025-06-17T10:00:00.000Z' });
    expect(allocationTime(allocated, 'DIRECT_WORKER', '2025-12-01T00:00:00.000Z')).toMatchObject({ hours: 96, allocated: true, overStandard: true });
    expect(allocationTime(allocated, 'RPC', '2025-12-01T00:00:00.000Z', { DIRECT_WORKER: 1, RPC: 3, REGIONAL_PRACTITIONER: 3, POST_18: 5 }).overStandard).toBe(
      false,
    );
  });
});

describe('the service’s standard for allocating a guardian', () => {
  it('should read a whole number of working days from 1 to 20 for each role given, and name each role that is wrong', () => {
    expect(parseAllocationStandard({ DIRECT_WORKER: ' 3 ', POST_18: '20' })).toEqual({ ok: true, value: { DIRECT_WORKER: 3, POST_18: 20 } });
    for (const text of ['', '0', '21', '1.5', 'two', '-1', '1e1']) {
      expect(parseAllocationStandard({ DIRECT_WORKER: '1', RPC: text })).toEqual({
        ok: false,
        error: [{ field: 'RPC', message: 'Enter the working days for a regional practice co-ordinator as a whole number from 1 to 20' }],
      });
    }
    expect(parseAllocationStandard({ REGIONAL_PRACTITIONER: 'x', POST_18: '0' })).toEqual({
      ok: false,
      error: [
        { field: 'REGIONAL_PRACTITIONER', message: 'Enter the working days for a regional practitioner as a whole number from 1 to 20' },
        { field: 'POST_18', message: 'Enter the working days for a post-18 worker as a whole number from 1 to 20' },
      ],
    });
  });

  it('should give each role the days the service sets for it, and the default to the others', () => {
    expect(allocationStandardOf({})).toEqual(DEFAULT_ALLOCATION_STANDARD);
    expect(DEFAULT_ALLOCATION_STANDARD.DIRECT_WORKER).toBe(1);
    const set = allocationStandardOf({ RPC: 3, POST_18: 5 });
    expect(set).toEqual({ DIRECT_WORKER: 1, RPC: 3, REGIONAL_PRACTITIONER: 1, POST_18: 5 });
    // Referred on a Friday: with nobody holding parental responsibility the child needs a direct worker by
    // the Monday; with someone who does, a regional practice co-ordinator, whose 3 working days run to the Wednesday.
    expect(allocationTime(referral(), null, '2025-06-16T09:00:00.000Z', set).dueBy).toBe('2025-06-16T10:00:00.000Z');
    expect(allocationTime(referral({ parentalResponsibility: 'YES' }), null, '2025-06-16T09:00:00.000Z', set).dueBy).toBe('2025-06-18T10:00:00.000Z');
  });
});
