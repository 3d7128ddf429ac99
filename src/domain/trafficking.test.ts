import { describe, expect, it } from 'vitest';
import {
  AUTHORITY,
  IDS,
  OTHER_AUTHORITY,
  buildAgeStatus,
  buildCarePeriod,
  buildConcern,
  buildEpisode,
  buildRecord,
  buildReferral,
  buildStatus,
  buildUascPeriod,
} from '../../test/factories/child-record.ts';
import { traffickingStatusOf, upsertById, viewRecord } from './record-view.ts';
import { asAt, statusChangesFromNrm, traffickingStatusAsAt } from './trafficking.ts';

describe('asAt', () => {
  const history = [
    { id: 'a', effectiveFrom: '2024-01-10' },
    { id: 'c', effectiveFrom: '2024-03-01' },
    { id: 'b', effectiveFrom: '2024-02-01' },
  ];

  it('should return null when every entry takes effect after the day', () => {
    expect(asAt(history, '2024-01-09')).toBeNull();
  });

  it('should return null when the history is empty', () => {
    expect(asAt([], '2024-01-09')).toBeNull();
  });

  it('should return the entry when the day is the day it takes effect', () => {
    expect(asAt(history, '2024-01-10')?.id).toBe('a');
  });

  it('should return the latest entry on or before the day when the history is out of order', () => {
    expect(asAt(history, '2024-02-29')?.id).toBe('b');
    expect(asAt(history, '2024-12-31')?.id).toBe('c');
  });

  it('should return the one listed last when two entries take effect the same day', () => {
    const sameDay = [
      { id: 'first', effectiveFrom: '2024-01-10' },
      { id: 'second', effectiveFrom: '2024-01-10' },
    ];
    expect(asAt(sameDay, '2024-01-10')?.id).toBe('second');
  });
});

describe('traffickingStatusAsAt', () => {
  const concern = buildConcern({
    statuses: [
      buildStatus({ status: 'SUSPECTED', effectiveFrom: '2024-11-04' }),
      buildStatus({ id: IDS.secondStatus, status: 'IDENTIFIED', effectiveFrom: '2024-12-01', basis: 'RG_POSITIVE' }),
    ],
  });

  it('should be null when the day is before the concern was raised', () => {
    expect(traffickingStatusAsAt(concern, '2024-11-03')).toBeNull();
  });

  it('should be SUSPECTED when the day is between the concern and the reasonable grounds decision', () => {
    expect(traffickingStatusAsAt(concern, '2024-11-30')).toBe('SUSPECTED');
  });

  it('should be IDENTIFIED when the day is on or after the positive reasonable grounds decision', () => {
    expect(traffickingStatusAsAt(concern, '2024-12-01')).toBe('IDENTIFIED');
    expect(traffickingStatusAsAt(concern, '2025-06-01')).toBe('IDENTIFIED');
  });
});

describe('statusChangesFromNrm', () => {
  it('should imply nothing when both decisions are pending', () => {
    expect(statusChangesFromNrm(buildReferral(), [])).toEqual([]);
  });

  it('should imply IDENTIFIED on the decision day when reasonable grounds are positive', () => {
    const referral = buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20' });
    expect(statusChangesFromNrm(referral, [])).toEqual([{ status: 'IDENTIFIED', effectiveFrom: '2024-11-20', basis: 'RG_POSITIVE' }]);
  });

  it('should imply nothing when reasonable grounds are negative', () => {
    const referral = buildReferral({ reasonableGroundsDecision: 'NEGATIVE', reasonableGroundsDecidedOn: '2024-11-20' });
    expect(statusChangesFromNrm(referral, [])).toEqual([]);
  });

  it('should imply nothing when a positive reasonable grounds decision has no date yet', () => {
    const referral = buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: null });
    expect(statusChangesFromNrm(referral, [])).toEqual([]);
  });

  it('should imply IDENTIFIED then CONFIRMED when both decisions are positive', () => {
    const referral = buildReferral({
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: '2025-04-02',
    });
    expect(statusChangesFromNrm(referral, [])).toEqual([
      { status: 'IDENTIFIED', effectiveFrom: '2024-11-20', basis: 'RG_POSITIVE' },
      { status: 'CONFIRMED', effectiveFrom: '2025-04-02', basis: 'CG_POSITIVE' },
    ]);
  });

  it('should imply NOT_TRAFFICKED on the decision day when conclusive grounds are negative', () => {
    const referral = buildReferral({
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'NEGATIVE',
      conclusiveGroundsDecidedOn: '2025-04-02',
    });
    expect(statusChangesFromNrm(referral, [{ basis: 'RG_POSITIVE', effectiveFrom: '2024-11-20' }])).toEqual([
      { status: 'NOT_TRAFFICKED', effectiveFrom: '2025-04-02', basis: 'CG_NEGATIVE' },
    ]);
  });

  it('should imply no change from conclusive grounds when the referral was withdrawn', () => {
    const referral = buildReferral({
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'WITHDRAWN',
      conclusiveGroundsDecidedOn: '2025-04-02',
    });
    expect(statusChangesFromNrm(referral, [{ basis: 'RG_POSITIVE', effectiveFrom: '2024-11-20' }])).toEqual([]);
  });

  it('should not repeat a change when the same decision is already in the history', () => {
    const referral = buildReferral({
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2024-11-20',
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: '2025-04-02',
    });
    const history = [{ basis: 'CONCERN_RAISED' as const, effectiveFrom: '2024-11-04' }, ...statusChangesFromNrm(referral, [])];
    expect(statusChangesFromNrm(referral, history)).toEqual([]);
  });

  it('should imply the change again when the recorded decision has a different date', () => {
    const referral = buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-21' });
    expect(statusChangesFromNrm(referral, [{ basis: 'RG_POSITIVE', effectiveFrom: '2024-11-20' }])).toEqual([
      { status: 'IDENTIFIED', effectiveFrom: '2024-11-21', basis: 'RG_POSITIVE' },
    ]);
  });

  it('should still imply the change when a status was recorded by hand on the decision day', () => {
    const referral = buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20' });
    expect(statusChangesFromNrm(referral, [{ basis: 'RECORDED', effectiveFrom: '2024-11-20' }])).toHaveLength(1);
  });
});

describe('traffickingStatusOf', () => {
  const suspected = buildConcern({ statuses: [buildStatus({ status: 'SUSPECTED', effectiveFrom: '2024-11-04' })] });
  const laterConfirmed = buildConcern({
    id: IDS.secondConcern,
    raisedOn: '2024-01-10',
    statuses: [
      buildStatus({ id: IDS.secondStatus, concernId: IDS.secondConcern, status: 'NOT_TRAFFICKED', effectiveFrom: '2024-01-10', basis: 'RECORDED' }),
      buildStatus({
        id: '00000000-0000-4000-8000-000000000073',
        concernId: IDS.secondConcern,
        status: 'CONFIRMED',
        effectiveFrom: '2025-04-02',
        basis: 'CG_POSITIVE',
      }),
    ],
  });

  it('should be null when the child has no concerns', () => {
    expect(traffickingStatusOf([], '2025-06-01')).toBeNull();
  });

  it('should be the most serious status across concerns when they disagree', () => {
    expect(traffickingStatusOf([laterConfirmed, suspected], '2025-06-01')).toBe('CONFIRMED');
  });

  it('should rank SUSPECTED above NOT_TRAFFICKED when the day is before the confirmation', () => {
    expect(traffickingStatusOf([laterConfirmed, suspected], '2024-12-01')).toBe('SUSPECTED');
  });

  it('should ignore statuses that take effect after the day when asked about an earlier day', () => {
    expect(traffickingStatusOf([laterConfirmed, suspected], '2024-06-01')).toBe('NOT_TRAFFICKED');
  });
});

describe('viewRecord', () => {
  const NOW = '2025-06-01T12:00:00Z';

  it('should show the child as missing when an episode is open', () => {
    const record = buildRecord({
      missingEpisodes: [buildEpisode(), buildEpisode({ id: IDS.secondEpisode, startAt: '2025-05-31T20:00:00Z', endAt: null, endReason: null })],
    });
    const view = viewRecord(record, NOW);
    expect(view.summary.isMissing).toBe(true);
    expect(view.missingEpisodes.map((episode) => episode.isOpen)).toEqual([false, true]);
    expect(view.missingEpisodes[1]!.returnInterviewState).toBe('NOT_DUE');
  });

  it('should not show the child as missing when every episode has ended', () => {
    const view = viewRecord(buildRecord({ missingEpisodes: [buildEpisode()] }), NOW);
    expect(view.summary.isMissing).toBe(false);
    expect(view.missingEpisodes[0]!.returnInterviewDueBy).toBe('2025-03-05T08:30:00.000Z');
    expect(view.missingEpisodes[0]!.returnInterviewState).toBe('OVERDUE');
  });

  it('should show the child as UASC when a UASC period covers today', () => {
    expect(viewRecord(buildRecord({ uascPeriods: [buildUascPeriod()] }), NOW).summary.isUasc).toBe(true);
    expect(viewRecord(buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2025-06-02' })] }), NOW).summary.isUasc).toBe(true);
  });

  it('should not show the child as UASC when the status ceased today', () => {
    expect(viewRecord(buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2025-06-01' })] }), NOW).summary.isUasc).toBe(false);
  });

  it('should not show the child as UASC when the UASC period starts tomorrow or there is none', () => {
    expect(viewRecord(buildRecord({ uascPeriods: [buildUascPeriod({ startDate: '2025-06-02' })] }), NOW).summary.isUasc).toBe(false);
    expect(viewRecord(buildRecord(), NOW).summary.isUasc).toBe(false);
  });

  it('should use the UK day when now is just after midnight in British Summer Time', () => {
    // 23:30 UTC on 1 June is 00:30 on 2 June in the UK: a UASC status ceasing on 2 June has ceased.
    const record = buildRecord({ uascPeriods: [buildUascPeriod({ ceasedDate: '2025-06-02' })] });
    expect(viewRecord(record, '2025-06-01T22:30:00Z').summary.isUasc).toBe(true);
    expect(viewRecord(record, '2025-06-01T23:30:00Z').summary.isUasc).toBe(false);
  });

  it('should mark the placement out of area when the host authority differs from the responsible one', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ hostAuthorityCode: OTHER_AUTHORITY })] });
    const view = viewRecord(record, NOW);
    expect(view.carePeriods[0]!.outOfArea).toBe(true);
    expect(view.summary.currentPlacement?.outOfArea).toBe(true);
    expect(view.summary.currentPlacement?.id).toBe(IDS.carePeriod);
  });

  it('should not mark the placement out of area when host and responsible authorities are the same', () => {
    const view = viewRecord(buildRecord(), NOW);
    expect(view.carePeriods[0]!.hostAuthorityCode).toBe(AUTHORITY);
    expect(view.carePeriods[0]!.outOfArea).toBe(false);
    expect(view.summary.currentPlacement?.outOfArea).toBe(false);
  });

  it('should have no current placement and not be looked after when the only care period has ended', () => {
    const record = buildRecord({ carePeriods: [buildCarePeriod({ endDate: '2025-05-01', reasonCeased: 'E8' })] });
    const view = viewRecord(record, NOW);
    expect(view.summary.currentPlacement).toBeNull();
    expect(view.summary.isLookedAfter).toBe(false);
  });

  it('should give the age, age status and trafficking status on the UK day when summarising', () => {
    const record = buildRecord({
      child: { dateOfBirthClaimed: '2008-06-02' },
      ageStatuses: [buildAgeStatus({ status: 'DISPUTED', effectiveFrom: '2025-06-02' })],
      traffickingConcerns: [buildConcern()],
    });
    const beforeMidnight = viewRecord(record, '2025-06-01T22:59:00Z').summary;
    const afterMidnight = viewRecord(record, '2025-06-01T23:00:00Z').summary;
    expect(beforeMidnight.ageToday).toBe(16);
    expect(afterMidnight.ageToday).toBe(17);
    expect(beforeMidnight.ageStatus).toBeNull();
    expect(afterMidnight.ageStatus).toBe('DISPUTED');
    expect(afterMidnight.traffickingStatus).toBe('SUSPECTED');
  });

  it('should use the assessed date of birth when an age assessment set one', () => {
    const record = buildRecord({ child: { dateOfBirthClaimed: '2010-01-01', dateOfBirthAssessed: '2007-01-01' } });
    expect(viewRecord(record, NOW).summary.ageToday).toBe(18);
  });

  it('should give each concern its current status when viewed', () => {
    const view = viewRecord(buildRecord({ traffickingConcerns: [buildConcern()] }), NOW);
    expect(view.traffickingConcerns[0]!.currentStatus).toBe('SUSPECTED');
    expect(view.summary.traffickingStatus).toBe('SUSPECTED');
  });
});

describe('upsertById', () => {
  it('should replace the item in place when its id is already in the list', () => {
    const list = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ];
    expect(upsertById(list, { id: 'a', v: 3 })).toEqual([
      { id: 'a', v: 3 },
      { id: 'b', v: 2 },
    ]);
  });

  it('should append the item when its id is new', () => {
    expect(upsertById([{ id: 'a', v: 1 }], { id: 'b', v: 2 })).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ]);
  });
});
