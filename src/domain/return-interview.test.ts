import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEpisode, buildInterview } from '../../test/factories/child-record.ts';
import { RETURN_INTERVIEW_DUE_HOURS, RETURN_INTERVIEW_STATE_LABELS, returnInterviewDueBy, returnInterviewState } from './return-interview.ts';

const HOUR_MS = 3_600_000;
const END = '2025-03-02T08:30:00Z';
const DUE_BY = '2025-03-05T08:30:00.000Z';
const ended = buildEpisode({ endAt: END });
const open = buildEpisode({ endAt: null, endReason: null });

describe('returnInterviewDueBy', () => {
  it('should be 72 hours after the child came back when the episode has ended', () => {
    expect(RETURN_INTERVIEW_DUE_HOURS).toBe(72);
    expect(returnInterviewDueBy(ended)).toBe(DUE_BY);
  });

  it('should be null when the child is still missing', () => {
    expect(returnInterviewDueBy(open)).toBeNull();
  });

  it('should count elapsed hours when the clocks go forward within the 72 hours', () => {
    // BST begins at 01:00 UTC on 30 March 2025.
    expect(returnInterviewDueBy({ endAt: '2025-03-29T20:00:00Z' })).toBe('2025-04-01T20:00:00.000Z');
  });
});

describe('returnInterviewState', () => {
  it('should be NOT_DUE when the child is still missing, whatever the interview says', () => {
    expect(returnInterviewState(open, null, '2025-03-10T00:00:00Z')).toBe('NOT_DUE');
    expect(returnInterviewState(open, buildInterview(), '2025-03-10T00:00:00Z')).toBe('NOT_DUE');
  });

  it('should be DUE when the child has come back and there is no interview yet', () => {
    expect(returnInterviewState(ended, null, '2025-03-03T09:00:00Z')).toBe('DUE');
  });

  it('should still be DUE when now is exactly 72 hours after the return', () => {
    expect(returnInterviewState(ended, null, DUE_BY)).toBe('DUE');
  });

  it('should be OVERDUE when now is a millisecond past 72 hours and nothing is completed', () => {
    expect(returnInterviewState(ended, null, '2025-03-05T08:30:00.001Z')).toBe('OVERDUE');
  });

  it('should be OVERDUE when the interview was accepted but not completed in time', () => {
    const accepted = buildInterview({ completedAt: null });
    expect(returnInterviewState(ended, accepted, '2025-03-06T00:00:00Z')).toBe('OVERDUE');
    expect(returnInterviewState(ended, accepted, '2025-03-04T00:00:00Z')).toBe('DUE');
  });

  it('should be COMPLETED_IN_TIME when completed within 72 hours', () => {
    expect(returnInterviewState(ended, buildInterview({ completedAt: '2025-03-04T10:00:00Z' }), '2025-04-01T00:00:00Z')).toBe('COMPLETED_IN_TIME');
  });

  it('should be COMPLETED_IN_TIME when completed exactly 72 hours after the return', () => {
    expect(returnInterviewState(ended, buildInterview({ completedAt: DUE_BY }), '2025-04-01T00:00:00Z')).toBe('COMPLETED_IN_TIME');
  });

  it('should be COMPLETED_LATE when completed a minute after the 72 hours', () => {
    expect(returnInterviewState(ended, buildInterview({ completedAt: '2025-03-05T08:31:00Z' }), '2025-04-01T00:00:00Z')).toBe('COMPLETED_LATE');
  });

  it('should compare instants, not clock text, when the completion is written with an offset', () => {
    // 09:30+01:00 is 08:30Z: exactly at the deadline.
    expect(returnInterviewState(ended, buildInterview({ completedAt: '2025-03-05T09:30:00+01:00' }), '2025-04-01T00:00:00Z')).toBe('COMPLETED_IN_TIME');
  });

  it('should be DECLINED when the child declined, even after the 72 hours', () => {
    const declined = buildInterview({ response: 'DECLINED', completedAt: null });
    expect(returnInterviewState(ended, declined, '2025-03-03T00:00:00Z')).toBe('DECLINED');
    expect(returnInterviewState(ended, declined, '2025-04-01T00:00:00Z')).toBe('DECLINED');
  });

  it('should be NOT_OFFERED when the interview was not offered, even after the 72 hours', () => {
    const notOffered = buildInterview({ response: 'NOT_OFFERED', offeredAt: null, completedAt: null, notOfferedReason: 'Child moved out of area (fictional)' });
    expect(returnInterviewState(ended, notOffered, '2025-04-01T00:00:00Z')).toBe('NOT_OFFERED');
  });

  it('should have a label for every state when shown to users', () => {
    expect(RETURN_INTERVIEW_STATE_LABELS.COMPLETED_IN_TIME).toBe('Completed within 72 hours');
    expect(Object.keys(RETURN_INTERVIEW_STATE_LABELS).sort()).toEqual([
      'COMPLETED_IN_TIME',
      'COMPLETED_LATE',
      'DECLINED',
      'DUE',
      'NOT_DUE',
      'NOT_OFFERED',
      'OVERDUE',
    ]);
  });

  it('should be COMPLETED_IN_TIME exactly when completion minus return is at most 72 hours, for any return and completion', () => {
    const returnedAt = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
    const delayMs = fc.oneof(fc.constantFrom(0, 72 * HOUR_MS - 1, 72 * HOUR_MS, 72 * HOUR_MS + 1), fc.integer({ min: 0, max: 30 * 24 * HOUR_MS }));
    fc.assert(
      fc.property(returnedAt, delayMs, (returned, delay) => {
        const endAt = returned.toISOString();
        const completedAt = new Date(returned.getTime() + delay).toISOString();
        const now = new Date(returned.getTime() + 60 * 24 * HOUR_MS).toISOString();
        const state = returnInterviewState({ endAt }, { response: 'ACCEPTED', completedAt }, now);
        expect(state === 'COMPLETED_IN_TIME').toBe(delay <= 72 * HOUR_MS);
        expect(state === 'COMPLETED_LATE').toBe(delay > 72 * HOUR_MS);
      }),
    );
  });
});
