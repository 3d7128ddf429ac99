import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCarePeriod, buildEpisode, buildRecord, IDS } from '../../test/factories/child-record.ts';
import {
  awayConsistencyOf,
  awayLooksMissingReasons,
  completenessOf,
  daysSince,
  leagueTable,
  matchReferenceOf,
  measurementDates,
  percentage,
  publishCount,
  publishRate,
  publishShare,
  rateShare,
  stateCountsOf,
  summariseRuleCheck,
  violationsPer100,
} from './data-quality.ts';
import type { AuthorityCounts, ChildReference, LeagueTableInput, PublishedFigure } from './data-quality.ts';
import { RULES, validateRecord } from './validation/rules.ts';

const ZERO: AuthorityCounts = {
  authorityCode: 'E10000016',
  children: 0,
  lookedAfter: 0,
  uasc: 0,
  missingNow: 0,
  statusSuspected: 0,
  statusIdentified: 0,
  statusConfirmed: 0,
  statusNotTrafficked: 0,
  withConcern: 0,
  concernStatusRecorded: 0,
  nationalityKnown: 0,
  episodesThisYear: 0,
  missingThisYear: 0,
  awayThisYear: 0,
  interviewsDue: 0,
  interviewsOverdue: 0,
  recentMissing: 0,
  recentMissingWithReference: 0,
  recentReported: 0,
  recentReportedWithReference: 0,
  recentEnded: 0,
  recentInterviewRecorded: 0,
  staleOpen: 0,
  recentEpisodes: 0,
  recentAway: 0,
  awayLong: 0,
  awayPoliceRisk: 0,
  awayLooksMissing: 0,
};
const counts = (overrides: Partial<AuthorityCounts>): AuthorityCounts => ({ ...ZERO, ...overrides });

describe('measurement dates', () => {
  it('should start the collection year on the 1 April before today, and the window 12 months back', () => {
    expect(measurementDates('2025-06-15T12:00:00.000Z')).toEqual({
      now: '2025-06-15T12:00:00.000Z',
      today: '2025-06-15',
      windowStart: '2024-06-16',
      collectionYearStart: '2025-04-01',
      staleBefore: '2025-05-16T12:00:00.000Z',
    });
    expect(measurementDates('2025-03-31T12:00:00.000Z').collectionYearStart).toBe('2024-04-01');
  });

  it('should take the UK day: half past midnight on 1 April in summer time is already the new collection year', () => {
    expect(measurementDates('2025-03-31T23:30:00.000Z')).toMatchObject({ today: '2025-04-01', collectionYearStart: '2025-04-01' });
  });
});

describe('completeness', () => {
  it('should give each measure its own numerator and denominator, as a percentage to one decimal place', () => {
    const measures = completenessOf(
      counts({
        withConcern: 40,
        concernStatusRecorded: 39,
        lookedAfter: 300,
        nationalityKnown: 200,
        recentMissing: 12,
        recentMissingWithReference: 6,
        recentReported: 9,
        recentReportedWithReference: 6,
        recentEnded: 0,
      }),
    );
    expect(measures.map(({ id, numerator, denominator, percentage: share, rating }) => ({ id, numerator, denominator, share, rating }))).toEqual([
      { id: 'trafficking-status', numerator: 39, denominator: 40, share: 97.5, rating: 'good' },
      { id: 'nationality', numerator: 200, denominator: 300, share: 66.7, rating: 'poor' },
      { id: 'police-reference', numerator: 6, denominator: 12, share: 50, rating: 'poor' },
      { id: 'police-reference-when-reported', numerator: 6, denominator: 9, share: 66.7, rating: 'poor' },
      { id: 'return-interview', numerator: 0, denominator: 0, share: null, rating: 'not-applicable' },
    ]);
    for (const measure of measures) expect(measure.whyItMatters.length).toBeGreaterThan(40);
  });

  it.each([
    [100, 'good'],
    [95, 'good'],
    [94.9, 'needs-attention'],
    [80, 'needs-attention'],
    [79.9, 'poor'],
    [0, 'poor'],
    [null, 'not-applicable'],
  ] as const)('should rate %s%% as %s', (share, rating) => {
    expect(rateShare(share)).toBe(rating);
  });

  it('should have no percentage of nothing', () => {
    expect(percentage(0, 0)).toBeNull();
    expect(percentage(1, 3)).toBe(33.3);
  });
});

describe('counts by state', () => {
  it('should group the counts for the page', () => {
    expect(
      stateCountsOf(
        counts({
          lookedAfter: 10,
          uasc: 4,
          missingNow: 2,
          statusSuspected: 3,
          statusConfirmed: 1,
          episodesThisYear: 7,
          missingThisYear: 5,
          awayThisYear: 2,
          interviewsDue: 1,
          interviewsOverdue: 2,
        }),
      ),
    ).toEqual({
      lookedAfter: 10,
      uasc: 4,
      missingNow: 2,
      traffickingStatus: { SUSPECTED: 3, IDENTIFIED: 0, CONFIRMED: 1, NOT_TRAFFICKED: 0 },
      episodesThisYear: { total: 7, missing: 5, away: 2 },
      returnInterviews: { due: 1, overdue: 2 },
    });
  });
});

describe('missing and away', () => {
  const NOW = '2025-06-15T12:00:00.000Z';
  const away = (overrides: Partial<ReturnType<typeof buildEpisode>>) =>
    buildEpisode({ type: 'A', reportedToPoliceAt: null, policeRiskLevel: null, ...overrides });

  it('should see an away episode of more than 24 hours, or one the police risk-assessed, as looking like a missing one', () => {
    expect(awayLooksMissingReasons(away({ startAt: '2025-06-01T10:00:00Z', endAt: '2025-06-02T10:00:01Z' }), NOW)).toEqual(['lasted-over-24-hours']);
    expect(awayLooksMissingReasons(away({ startAt: '2025-06-01T10:00:00Z', endAt: '2025-06-02T10:00:00Z' }), NOW)).toEqual([]);
    expect(awayLooksMissingReasons(away({ reportedToPoliceAt: '2025-03-01T22:00:00Z', policeRiskLevel: 'LOW' }), NOW)).toEqual(['reported-with-risk-level']);
    // "No apparent risk" is the police's own old "absent" category: consistent with away.
    expect(awayLooksMissingReasons(away({ reportedToPoliceAt: '2025-03-01T22:00:00Z', policeRiskLevel: 'NO_APPARENT_RISK' }), NOW)).toEqual([]);
    expect(awayLooksMissingReasons(away({ reportedToPoliceAt: null, policeRiskLevel: 'HIGH' }), NOW)).toEqual([]);
  });

  it('should count an open away episode up to now', () => {
    expect(awayLooksMissingReasons(away({ startAt: '2025-06-14T11:00:00Z', endAt: null }), NOW)).toEqual(['lasted-over-24-hours']);
    expect(awayLooksMissingReasons(away({ startAt: '2025-06-14T13:00:00Z', endAt: null }), NOW)).toEqual([]);
  });

  it('should never question a missing (M) episode', () => {
    expect(awayLooksMissingReasons(buildEpisode({ type: 'M', startAt: '2025-01-01T00:00:00Z', endAt: null, policeRiskLevel: 'HIGH' }), NOW)).toEqual([]);
  });

  it('should flag an authority with episodes but no away episodes at all', () => {
    expect(awayConsistencyOf(counts({ recentEpisodes: 12, recentAway: 0 }))).toMatchObject({
      recordsNoAway: true,
      looksMissingPercentage: null,
      rating: 'needs-attention',
    });
    expect(awayConsistencyOf(counts({ recentEpisodes: 0 }))).toMatchObject({ recordsNoAway: false, rating: 'not-applicable' });
  });

  it('should judge the share of away episodes that look like missing ones: fewer is better', () => {
    expect(awayConsistencyOf(counts({ recentEpisodes: 30, recentAway: 20, awayLong: 3, awayPoliceRisk: 2, awayLooksMissing: 4 }))).toEqual({
      awayEpisodes: 20,
      lastedOver24Hours: 3,
      reportedWithRiskLevel: 2,
      looksMissing: 4,
      looksMissingPercentage: 20,
      recordsNoAway: false,
      rating: 'needs-attention',
    });
    expect(awayConsistencyOf(counts({ recentEpisodes: 30, recentAway: 20, awayLooksMissing: 0 })).rating).toBe('good');
  });
});

describe('probable duplicates', () => {
  const first = '00000000-0000-4000-8000-000000000001';
  const second = '00000000-0000-4000-8000-000000000002';

  it('names a pair the same whichever authority looks, as migration 0010 did', () => {
    expect(matchReferenceOf(first, second)).toBe('BBCCF428');
    expect(matchReferenceOf(second, first)).toBe('BBCCF428');
  });

  it('names different pairs differently', () => {
    expect(matchReferenceOf(first, '00000000-0000-4000-8000-000000000003')).not.toBe(matchReferenceOf(first, second));
  });
});

describe('the rule check', () => {
  const CONTEXT = { now: '2025-06-15T12:00:00.000Z', today: '2025-06-15' };
  const child = (name: string, id: string): ChildReference => ({ childId: id, name, laChildId: name.toUpperCase() });

  it('should list each rule broken with its children and what to do, errors first, then the most broken', () => {
    // Came back before going missing (567), and an unaccompanied child with no nationality (a warning).
    const backwards = buildRecord({ missingEpisodes: [buildEpisode({ startAt: '2025-03-02T10:00:00Z', endAt: '2025-03-01T10:00:00Z' })] });
    const noNationality = buildRecord({
      child: { nationality: null },
      uascPeriods: [{ id: IDS.uascPeriod, childId: IDS.child, startDate: '2023-01-01', ceasedDate: null, version: 1 }],
    });
    const results = [
      { child: child('Zed Fictional', 'c1'), violations: validateRecord(backwards, CONTEXT) },
      { child: child('Amy Fictional', 'c2'), violations: validateRecord(backwards, CONTEXT) },
      { child: child('Bea Fictional', 'c3'), violations: validateRecord(noNationality, CONTEXT) },
    ];
    const check = summariseRuleCheck(10, results);
    expect(check).toMatchObject({ childrenChecked: 10, childrenWithViolations: 3, warnings: 1 });
    expect(check.errors).toBe(results.slice(0, 2).reduce((sum, result) => sum + result.violations.length, 0));
    const rule567 = check.rules.find((rule) => rule.code === '567');
    expect(rule567).toMatchObject({ severity: 'error', violations: 2, description: RULES.find((rule) => rule.code === '567')?.description });
    expect(rule567?.children.map(({ child: { name } }) => name)).toEqual(['Amy Fictional', 'Zed Fictional']);
    expect(rule567?.children[0]?.messages.length).toBe(1);
    expect(check.rules.at(-1)).toMatchObject({ rule: 'uasc-nationality-unknown', severity: 'warning', violations: 1 });
    expect(check.rules.findIndex((rule) => rule.severity === 'warning')).toBe(check.rules.length - 1);
  });

  it('should report a clean authority as clean', () => {
    expect(summariseRuleCheck(3, [])).toEqual({ childrenChecked: 3, childrenWithViolations: 0, errors: 0, warnings: 0, rules: [] });
    expect(validateRecord(buildRecord({ carePeriods: [buildCarePeriod()] }), CONTEXT)).toEqual([]);
  });

  it('should give violations per 100 children checked', () => {
    expect(violationsPer100(3, 40)).toBe(7.5);
    expect(violationsPer100(0, 0)).toBeNull();
  });

  it('should count whole days since a change', () => {
    expect(daysSince('2025-05-15T13:00:00.000Z', '2025-06-15T12:00:00.000Z')).toBe(30);
    expect(daysSince('2025-06-16T13:00:00.000Z', '2025-06-15T12:00:00.000Z')).toBe(0);
  });
});

describe('what is published beyond the authority', () => {
  it('should publish no count from 1 to 4', () => {
    expect([0, 1, 4, 5, 100].map(publishCount)).toEqual([
      { kind: 'value', value: 0 },
      { kind: 'suppressed' },
      { kind: 'suppressed' },
      { kind: 'value', value: 5 },
      { kind: 'value', value: 100 },
    ]);
  });

  it('should publish no percentage that would reveal a group of 1 to 4', () => {
    expect(publishShare(20, 40)).toEqual({ kind: 'value', value: 50 });
    expect(publishShare(3, 40)).toEqual({ kind: 'suppressed' });
    expect(publishShare(38, 40)).toEqual({ kind: 'suppressed' });
    expect(publishShare(4, 4)).toEqual({ kind: 'suppressed' });
    expect(publishShare(0, 10)).toEqual({ kind: 'value', value: 0 });
    expect(publishShare(10, 10)).toEqual({ kind: 'value', value: 100 });
    expect(publishShare(0, 0)).toEqual({ kind: 'not-applicable' });
  });

  it('should publish no rate with fewer than 5 violations or children behind it', () => {
    expect(publishRate(3, 100)).toEqual({ kind: 'suppressed' });
    expect(publishRate(0, 3)).toEqual({ kind: 'suppressed' });
    expect(publishRate(0, 100)).toEqual({ kind: 'value', value: 0 });
    expect(publishRate(12, 400)).toEqual({ kind: 'value', value: 3 });
  });

  it('should never publish a figure from which a count of 1 to 4 can be read (property)', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(60), (a, b) => {
        const [numerator, denominator] = a <= b ? [a, b] : [b, a];
        const share = publishShare(numerator, denominator);
        if (share.kind !== 'value') return;
        for (const hidden of [numerator, denominator, denominator - numerator]) expect(hidden === 0 || hidden >= 5).toBe(true);
      }),
    );
  });
});

describe('the national league table', () => {
  const input = (name: string, overrides: Partial<AuthorityCounts>, ruleCheck: LeagueTableInput['ruleCheck'] = null): LeagueTableInput => ({
    authorityCode: `CODE-${name}`,
    authorityName: name,
    region: 'South East',
    counts: counts(overrides),
    ruleCheck,
  });
  const complete = {
    lookedAfter: 100,
    nationalityKnown: 100,
    withConcern: 20,
    concernStatusRecorded: 20,
    recentMissing: 30,
    recentMissingWithReference: 30,
    recentEnded: 30,
    recentInterviewRecorded: 30,
  };
  const checked = (errors: number, warnings = 0) => ({ checkedAt: '2025-06-15T11:00:00.000Z', children: 100, errors, warnings });

  it('should rank by mean completeness, then fewer violations, then fewer stale episodes; equals share a rank; too few or nothing, no rank', () => {
    const rows = leagueTable([
      input('Dover', { ...complete, nationalityKnown: 50 }, checked(0)),
      input('Ashford', complete, checked(10)),
      input('Canterbury', complete, checked(0)),
      input('Empty', {}),
      input('Bexley', complete, checked(0)),
      input('Tiny', { lookedAfter: 3, nationalityKnown: 3 }),
      input('Folkestone', { ...complete, staleOpen: 6 }, checked(0)),
    ]);
    expect(rows.map((row) => [row.authorityName, row.rank, row.notRanked])).toEqual([
      ['Bexley', 1, null],
      ['Canterbury', 1, null],
      ['Folkestone', 3, null],
      ['Ashford', 4, null],
      ['Dover', 5, null],
      ['Tiny', null, 'too-few-to-rank'],
      ['Empty', null, 'nothing-to-measure'],
    ]);
  });

  it('should rank on the figures shown only, so that a rank reveals nothing a suppressed figure hides', () => {
    // Hidden, Harbour's trafficking status is 3 of 3 (100%): counted, its mean would tie with Quay's.
    const rows = leagueTable([
      input('Harbour', { lookedAfter: 100, nationalityKnown: 90, withConcern: 3, concernStatusRecorded: 3 }),
      input('Quay', { lookedAfter: 100, nationalityKnown: 95 }),
    ]);
    expect(rows.map((row) => [row.authorityName, row.rank])).toEqual([
      ['Quay', 1],
      ['Harbour', 2],
    ]);
  });

  it('should publish the figures with small counts suppressed', () => {
    const [row] = leagueTable([
      input(
        'Dover',
        {
          lookedAfter: 3,
          nationalityKnown: 3,
          withConcern: 0,
          recentMissing: 40,
          recentMissingWithReference: 20,
          recentEnded: 12,
          recentInterviewRecorded: 9,
          staleOpen: 2,
          recentEpisodes: 60,
          recentAway: 0,
        },
        checked(2, 1),
      ),
    ]);
    expect(row).toMatchObject({
      rank: 1,
      childrenLookedAfter: { kind: 'suppressed' },
      violationsPer100Children: { kind: 'suppressed' },
      staleOpenEpisodes: { kind: 'suppressed' },
      awayLooksMissing: { kind: 'not-applicable' },
      recordsNoAway: true,
      rulesCheckedAt: '2025-06-15T11:00:00.000Z',
    });
    expect(Object.fromEntries(row?.completeness.map(({ id, figure }) => [id, figure]) ?? [])).toEqual({
      'trafficking-status': { kind: 'not-applicable' },
      nationality: { kind: 'suppressed' },
      'police-reference': { kind: 'value', value: 50 },
      'return-interview': { kind: 'suppressed' },
    });
  });

  it('should say rule violations are not yet measured for an authority never checked', () => {
    expect(leagueTable([input('Dover', complete)])[0]?.violationsPer100Children).toEqual({ kind: 'not-applicable' });
  });

  it('should publish no count of 1 to 4 for any authority (property)', () => {
    const count = fc.nat(30);
    const arbitraryCounts = fc.record({
      lookedAfter: count,
      nationalityKnown: count,
      staleOpen: count,
      recentAway: count,
      awayLooksMissing: count,
      recentMissing: count,
      recentMissingWithReference: count,
    });
    fc.assert(
      fc.property(fc.array(arbitraryCounts, { minLength: 1, maxLength: 8 }), (authorities) => {
        const rows = leagueTable(
          authorities.map((c, index) => {
            const fixed = {
              ...c,
              nationalityKnown: Math.min(c.nationalityKnown, c.lookedAfter),
              awayLooksMissing: Math.min(c.awayLooksMissing, c.recentAway),
              recentMissingWithReference: Math.min(c.recentMissingWithReference, c.recentMissing),
            };
            return input(`A${index}`, fixed);
          }),
        );
        const counted: PublishedFigure[] = rows.flatMap((row) => [row.childrenLookedAfter, row.staleOpenEpisodes]);
        for (const figure of counted) if (figure.kind === 'value') expect(figure.value === 0 || figure.value >= 5).toBe(true);
      }),
    );
  });
});
