import { describe, expect, it } from 'vitest';
import {
  ageBand,
  ageBandOf,
  attributedAuthority,
  countsAsTrafficked,
  durationBand,
  heldWhileLookedAfter,
  isInCohort,
  isNotFoundAt,
  lookedAfterInPeriod,
  nationalityCategory,
  personKey,
  returnInterviewCategory,
  startsInPeriod,
  statusIntervals,
  traffickedIntervals,
  uascIntervals,
} from './counting-rules.ts';
import { queryBounds } from './query.ts';

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const YEAR = { fromDay: '2024-04-01', toDay: '2025-03-31' };
const bounds = queryBounds({ period: { from: '2024-04-01', to: '2025-03-31' }, censusDate: '2025-03-31' });
const care = (startDate: string, endDate: string | null, responsible = KENT, host = KENT) => ({
  startDate,
  endDate,
  responsibleAuthorityCode: responsible,
  hostAuthorityCode: host,
});
const status = (
  id: string,
  s: 'SUSPECTED' | 'IDENTIFIED' | 'CONFIRMED' | 'NOT_TRAFFICKED',
  effectiveFrom: string,
  createdAt = `${effectiveFrom}T09:00:00.000Z`,
) => ({
  id,
  status: s,
  effectiveFrom,
  createdAt,
});

describe('personKey: a child is counted once', () => {
  it('should make one child row one child, and linked rows one child', () => {
    const links = new Map([
      ['record-in-kent', 'person-1'],
      ['record-in-croydon', 'person-1'],
    ]);
    expect(personKey('record-in-kent', links)).toBe(personKey('record-in-croydon', links));
    expect(personKey('record-unlinked', links)).toBe('record-unlinked');
  });
});

describe('lookedAfterInPeriod', () => {
  it('should clip care to the period and count a child looked after for only part of it', () => {
    expect(lookedAfterInPeriod([care('2024-11-05', '2025-01-20')], 'responsible', null, YEAR)).toEqual([{ start: '2024-11-05', end: '2025-01-20' }]);
    expect(lookedAfterInPeriod([care('2020-01-01', null)], 'responsible', null, YEAR)).toEqual([{ start: '2024-04-01', end: '2025-03-31' }]);
  });

  it('should count care that ended on the first day or began on the last day, and nothing outside', () => {
    expect(lookedAfterInPeriod([care('2023-01-01', '2024-04-01')], 'responsible', null, YEAR)).toEqual([{ start: '2024-04-01', end: '2024-04-01' }]);
    expect(lookedAfterInPeriod([care('2025-03-31', null)], 'responsible', null, YEAR)).toEqual([{ start: '2025-03-31', end: '2025-03-31' }]);
    expect(lookedAfterInPeriod([care('2023-01-01', '2024-03-31'), care('2025-04-01', null)], 'responsible', null, YEAR)).toEqual([]);
  });

  it('should attribute care to the responsible or the host authority, as asked', () => {
    const placedOutOfArea = [care('2024-06-01', null, KENT, MEDWAY)];
    expect(lookedAfterInPeriod(placedOutOfArea, 'responsible', new Set([KENT]), YEAR)).toHaveLength(1);
    expect(lookedAfterInPeriod(placedOutOfArea, 'host', new Set([KENT]), YEAR)).toHaveLength(0);
    expect(lookedAfterInPeriod(placedOutOfArea, 'host', new Set([MEDWAY]), YEAR)).toHaveLength(1);
    expect(attributedAuthority({ responsibleAuthorityCode: KENT, hostAuthorityCode: MEDWAY }, 'host')).toBe(MEDWAY);
  });
});

describe('statusIntervals and trafficked status', () => {
  it('should count suspected, identified and confirmed as trafficked, and not trafficked as not', () => {
    expect((['SUSPECTED', 'IDENTIFIED', 'CONFIRMED', 'NOT_TRAFFICKED'] as const).map(countsAsTrafficked)).toEqual([true, true, true, false]);
  });

  it('should hold each status until the day before the next', () => {
    expect(
      statusIntervals([status('b', 'NOT_TRAFFICKED', '2025-01-10'), status('a', 'SUSPECTED', '2024-06-01'), status('c', 'IDENTIFIED', '2024-09-01')]),
    ).toEqual([
      { status: 'SUSPECTED', interval: { start: '2024-06-01', end: '2024-08-31' } },
      { status: 'IDENTIFIED', interval: { start: '2024-09-01', end: '2025-01-09' } },
      { status: 'NOT_TRAFFICKED', interval: { start: '2025-01-10', end: null } },
    ]);
  });

  it('should let the later-recorded of two statuses on one day hold it', () => {
    expect(
      statusIntervals([
        status('x', 'NOT_TRAFFICKED', '2024-06-01', '2024-06-02T10:00:00.000Z'),
        status('y', 'SUSPECTED', '2024-06-01', '2024-06-01T10:00:00.000Z'),
      ]),
    ).toEqual([{ status: 'NOT_TRAFFICKED', interval: { start: '2024-06-01', end: null } }]);
  });

  it('should take the trafficked days from every concern', () => {
    expect(
      traffickedIntervals([
        { statuses: [status('a', 'SUSPECTED', '2024-05-01'), status('b', 'NOT_TRAFFICKED', '2024-05-20')] },
        { statuses: [status('c', 'CONFIRMED', '2025-02-01')] },
      ]),
    ).toEqual([
      { start: '2024-05-01', end: '2024-05-19' },
      { start: '2025-02-01', end: null },
    ]);
  });
});

describe('heldWhileLookedAfter: cohort membership', () => {
  const inCareAllYear = lookedAfterInPeriod([care('2020-01-01', null)], 'responsible', null, YEAR);

  it('should count a status that changed mid-period: suspected in the period, then found not trafficked', () => {
    const days = traffickedIntervals([{ statuses: [status('a', 'SUSPECTED', '2024-03-01'), status('b', 'NOT_TRAFFICKED', '2024-05-01')] }]);
    expect(heldWhileLookedAfter(days, inCareAllYear)).toBe(true);
  });

  it('should not count a status that ended before the period', () => {
    const days = traffickedIntervals([{ statuses: [status('a', 'SUSPECTED', '2023-01-01'), status('b', 'NOT_TRAFFICKED', '2024-04-01')] }]);
    expect(heldWhileLookedAfter(days, inCareAllYear)).toBe(false);
  });

  it('should not count a status held in the period only while the child was not looked after', () => {
    const partYear = lookedAfterInPeriod([care('2024-10-01', null)], 'responsible', null, YEAR);
    expect(heldWhileLookedAfter(uascIntervals([{ startDate: '2024-04-10', ceasedDate: '2024-09-30' }]), partYear)).toBe(false);
    expect(heldWhileLookedAfter(uascIntervals([{ startDate: '2024-04-10', ceasedDate: '2024-10-01' }]), partYear)).toBe(true);
  });

  it('should put a child in both, either, or neither cohort as the flags say', () => {
    const flags = [
      { trafficked: true, uasc: false },
      { trafficked: false, uasc: true },
      { trafficked: true, uasc: true },
      { trafficked: false, uasc: false },
    ];
    expect(flags.map((f) => (['trafficked', 'uasc', 'both', 'either', 'all'] as const).map((cohort) => isInCohort(cohort, f)))).toEqual([
      [true, false, false, true, true],
      [false, true, false, true, true],
      [true, true, true, true, true],
      [false, false, false, false, true],
    ]);
  });
});

describe('startsInPeriod: an episode counts in the period in which it starts', () => {
  it('should count from the first moment of the first UK day to just before the day after the last', () => {
    expect(startsInPeriod('2024-03-31T23:00:00.000Z', bounds)).toBe(true); // 00:00 BST on 1 April
    expect(startsInPeriod('2024-03-31T22:59:59.999Z', bounds)).toBe(false);
    expect(startsInPeriod('2025-03-31T22:59:59.999Z', bounds)).toBe(true); // 23:59 BST on 31 March
    expect(startsInPeriod('2025-03-31T23:00:00.000Z', bounds)).toBe(false);
  });

  it('should leave an episode spanning the period start to the period it started in', () => {
    // Missing from 30 March to 3 April: it belongs to the year before, not to this one.
    expect(startsInPeriod('2024-03-30T20:00:00.000Z', bounds)).toBe(false);
  });
});

describe('isNotFoundAt: a state at the census date', () => {
  const census = '2025-03-31T23:00:00.000Z';

  it('should say not found when the latest episode before the census had not ended by then', () => {
    expect(
      isNotFoundAt(
        [
          { startAt: '2025-01-01T10:00:00Z', endAt: '2025-01-02T10:00:00Z' },
          { startAt: '2025-03-01T10:00:00Z', endAt: null },
        ],
        census,
      ),
    ).toBe(true);
    // Found after the census date: still not found at it.
    expect(isNotFoundAt([{ startAt: '2025-03-01T10:00:00Z', endAt: '2025-04-05T10:00:00Z' }], census)).toBe(true);
  });

  it('should say found when the latest episode had ended, whatever an earlier one did', () => {
    expect(isNotFoundAt([{ startAt: '2025-03-01T10:00:00Z', endAt: '2025-03-02T10:00:00Z' }], census)).toBe(false);
    expect(isNotFoundAt([{ startAt: '2025-03-01T10:00:00Z', endAt: '2025-03-31T22:59:59Z' }], census)).toBe(false);
  });

  it('should ignore episodes that started after the census date', () => {
    expect(
      isNotFoundAt(
        [
          { startAt: '2025-02-01T10:00:00Z', endAt: '2025-02-02T10:00:00Z' },
          { startAt: '2025-04-02T10:00:00Z', endAt: null },
        ],
        census,
      ),
    ).toBe(false);
    expect(isNotFoundAt([], census)).toBe(false);
  });

  it('should say not found when the same latest episode is recorded twice and either record is open', () => {
    expect(
      isNotFoundAt(
        [
          { startAt: '2025-03-01T10:00:00Z', endAt: '2025-03-02T10:00:00Z' },
          { startAt: '2025-03-01T10:00:00Z', endAt: null },
        ],
        census,
      ),
    ).toBe(true);
  });
});

describe('breakdown categories', () => {
  it('should band ages as DfE does, with under 1 for the rest', () => {
    expect([-1, 0, 1, 4, 5, 9, 10, 15, 16, 17, 25].map(ageBand)).toEqual([
      'UNDER_1',
      'UNDER_1',
      '1_TO_4',
      '1_TO_4',
      '5_TO_9',
      '5_TO_9',
      '10_TO_15',
      '10_TO_15',
      '16_AND_OVER',
      '16_AND_OVER',
      '16_AND_OVER',
    ]);
  });

  it('should band an estimated age by the band every age it allows falls in, and as not known where it spans two', () => {
    expect(ageBandOf({ age: 16, oldestAge: 17 })).toBe('16_AND_OVER');
    expect(ageBandOf({ age: 11, oldestAge: 15 })).toBe('10_TO_15');
    expect(ageBandOf({ age: 15, oldestAge: 16 })).toBe('NOT_KNOWN');
    expect(ageBandOf({ age: 4, oldestAge: 5 })).toBe('NOT_KNOWN');
    expect(ageBandOf({ age: 15 })).toBe('10_TO_15');
  });

  it('should band durations half-open, and call an episode open at the census "still missing"', () => {
    const census = '2025-06-01T00:00:00.000Z';
    const lasting = (hours: number) =>
      durationBand({ startAt: '2025-01-01T00:00:00.000Z', endAt: new Date(Date.parse('2025-01-01T00:00:00Z') + hours * 3_600_000).toISOString() }, census);
    expect([0.5, 23.99, 24, 47.99, 48, 167.99, 168, 719.99, 720, 3000].map(lasting)).toEqual([
      'UNDER_24_HOURS',
      'UNDER_24_HOURS',
      '1_TO_2_DAYS',
      '1_TO_2_DAYS',
      '2_TO_7_DAYS',
      '2_TO_7_DAYS',
      '7_TO_30_DAYS',
      '7_TO_30_DAYS',
      'OVER_30_DAYS',
      'OVER_30_DAYS',
    ]);
    expect(durationBand({ startAt: '2025-05-30T00:00:00Z', endAt: null }, census)).toBe('STILL_MISSING');
    expect(durationBand({ startAt: '2025-05-30T00:00:00Z', endAt: '2025-06-02T00:00:00Z' }, census)).toBe('STILL_MISSING');
  });

  it('should put each episode in one return interview category, as at the census date', () => {
    const census = '2025-06-01T00:00:00.000Z';
    const ended = { startAt: '2025-05-01T10:00:00.000Z', endAt: '2025-05-02T10:00:00.000Z' };
    const done = (completedAt: string | null, response: 'ACCEPTED' | 'DECLINED' | 'NOT_OFFERED' = 'ACCEPTED') =>
      returnInterviewCategory(ended, { response, completedAt }, census);
    expect(returnInterviewCategory({ ...ended, endAt: null }, null, census)).toBe('NOT_ENDED');
    expect(returnInterviewCategory(ended, null, census)).toBe('NOT_RECORDED');
    expect(done('2025-05-05T10:00:00.000Z')).toBe('COMPLETED_WITHIN_72_HOURS'); // exactly 72 hours
    expect(done('2025-05-05T10:00:00.001Z')).toBe('COMPLETED_LATER');
    expect(done('2025-06-02T10:00:00.000Z')).toBe('OFFERED_NOT_COMPLETED'); // completed after the census date
    expect(done(null, 'DECLINED')).toBe('OFFERED_NOT_COMPLETED');
    expect(done(null, 'NOT_OFFERED')).toBe('NOT_OFFERED');
  });

  it('should tell a nationality not recorded from one recorded as not known', () => {
    expect([nationalityCategory(null), nationalityCategory(''), nationalityCategory('unknown'), nationalityCategory('AL')]).toEqual([
      'NOT_RECORDED',
      'NOT_RECORDED',
      'unknown',
      'AL',
    ]);
  });
});
