import { describe, expect, it } from 'vitest';
import { awayConsistencyOf, completenessOf, leagueTable, measurementDates, stateCountsOf, summariseRuleCheck } from '../../domain/data-quality.ts';
import type { AuthorityCounts, AuthorityOverview, ChildReference } from '../../domain/data-quality.ts';
import type { Violation } from '../../domain/validation/rules.ts';
import { CHILDREN_PER_RULE, countText, figureText, leagueTableViewModel, overviewViewModel, ratingTag } from './view-models.ts';

const DATES = measurementDates('2025-06-15T12:00:00.000Z');
const COUNTS: AuthorityCounts = {
  authorityCode: 'E10000016',
  children: 12,
  lookedAfter: 10,
  uasc: 3,
  missingNow: 1,
  statusSuspected: 2,
  statusIdentified: 0,
  statusConfirmed: 1,
  statusNotTrafficked: 0,
  withConcern: 3,
  concernStatusRecorded: 3,
  nationalityKnown: 7,
  episodesThisYear: 4,
  missingThisYear: 3,
  awayThisYear: 1,
  interviewsDue: 1,
  interviewsOverdue: 2,
  recentMissing: 0,
  recentMissingWithReference: 0,
  recentReported: 0,
  recentReportedWithReference: 0,
  recentEnded: 4,
  recentInterviewRecorded: 2,
  staleOpen: 1,
  recentEpisodes: 5,
  recentAway: 0,
  awayLong: 0,
  awayPoliceRisk: 0,
  awayLooksMissing: 0,
};
const child = (name: string, index = 0): ChildReference => ({
  childId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  name,
  laChildId: `LA${index}`,
});
const violation = (rule: string, code: string | null): Violation => ({
  rule,
  code,
  severity: 'error',
  entity: 'missingEpisode',
  entityId: 'e',
  field: 'endAt',
  message: 'Enter the date the child came back',
});

function overview(overrides: Partial<AuthorityOverview> = {}): AuthorityOverview {
  return {
    authorityCode: 'E10000016',
    authorityName: 'Kent',
    dates: DATES,
    counts: stateCountsOf(COUNTS),
    completeness: completenessOf(COUNTS),
    ruleCheck: summariseRuleCheck(12, []),
    staleEpisodes: [],
    away: awayConsistencyOf(COUNTS),
    awayLooksMissing: [],
    duplicates: [],
    ...overrides,
  };
}

describe('the overview page', () => {
  it('should say when there is nothing to measure, and rate what there is', () => {
    const model = overviewViewModel(overview());
    const police = model.completeness.find((measure) => measure.title.startsWith('Police reference recorded for'));
    expect(police?.rows[0]?.value).toEqual({ text: 'None to measure: no missing (M) episodes in the last 12 months' });
    const interviews = model.completeness.find((measure) => measure.title === 'Return home interview recorded');
    expect(interviews?.rows[0]?.value).toEqual({ text: '2 of 4 episodes in the last 12 months that ended more than 72 hours ago' });
    expect(interviews?.rows[1]?.value).toEqual({ html: '50% <strong class="govuk-tag govuk-tag--red">Poor</strong>' });
    expect(model.ruleCheck.summary).toBe('All 12 records pass every rule.');
    expect(model.away.recordsNoAway).toBe(true);
  });

  it('should escape what people typed, wherever a cell holds a link', () => {
    const model = overviewViewModel(
      overview({
        staleEpisodes: [
          {
            episodeId: 'e',
            child: child('<script>alert(1)</script> "Fictional"'),
            type: 'M',
            startAt: '2025-05-01T10:00:00.000Z',
            updatedAt: '2025-05-01T10:00:00.000Z',
            daysSinceUpdate: 45,
          },
        ],
      }),
    );
    expect(model.stale.rows[0]?.[0]).toEqual({
      html: '<a class="govuk-link" href="/children/00000000-0000-4000-8000-000000000000">&lt;script&gt;alert(1)&lt;/script&gt; &quot;Fictional&quot;</a>',
    });
    expect(model.stale.rows[0]?.[4]).toEqual({ text: '45', format: 'numeric' });
  });

  it('should show a probable duplicate’s likelihood, the other authority and the way to review it, escaped', () => {
    const model = overviewViewModel(
      overview({
        duplicates: [
          { child: child('<b>Amir</b>'), probability: 0.934, otherAuthorityCode: 'E06000035', otherAuthorityName: 'Medway', matchReference: 'BBCCF428' },
        ],
      }),
    );
    const [row] = model.duplicates.rows;
    expect(row?.slice(2, 5)).toEqual([{ text: 'Medway' }, { text: '93%', format: 'numeric' }, { text: 'BBCCF428' }]);
    expect(row?.[5]).toEqual({
      html: '<a class="govuk-link" href="/children/00000000-0000-4000-8000-000000000000/matches">Review<span class="govuk-visually-hidden"> possible matches for &lt;b&gt;Amir&lt;/b&gt;</span></a>',
    });
  });

  it('should name a ported rule by its SSDA903 code, and count the children beyond the first fifty', () => {
    const many = Array.from({ length: CHILDREN_PER_RULE + 3 }, (_, index) => ({
      child: child(`Child ${String(index).padStart(3, '0')}`, index),
      violations: [violation('missing-end-after-start', '567')],
    }));
    const model = overviewViewModel(
      overview({ ruleCheck: summariseRuleCheck(100, [...many, { child: child('Other', 999), violations: [violation('missing-end-reason', null)] }]) }),
    );
    expect(model.ruleCheck.summary).toBe('54 records of 100 break a rule: 54 errors and 0 warnings.');
    expect(model.ruleCheck.rules[0]).toMatchObject({ heading: expect.stringMatching(/^SSDA903 rule 567: /) as string, count: '53 times', more: 3 });
    expect(model.ruleCheck.rules[0]?.rows.length).toBe(CHILDREN_PER_RULE);
    expect(model.ruleCheck.rules[1]?.heading).toBe('An ended episode says how it ended; an open one does not.');
  });
});

describe('the league table page', () => {
  it('should show published figures in words and symbols, never a small count', () => {
    expect(countText({ kind: 'value', value: 1234 })).toBe('1,234');
    expect(countText({ kind: 'suppressed' })).toBe('fewer than 5');
    expect(countText({ kind: 'not-applicable' })).toBe('[z]');
    expect(figureText({ kind: 'value', value: 73 })).toBe('73%');
    expect(figureText({ kind: 'value', value: 2.5 }, '')).toBe('2.5');
    expect(figureText({ kind: 'suppressed' })).toBe('[c]');
  });

  it('should rank authorities with records and list the others', () => {
    const rows = leagueTable([
      {
        authorityCode: 'A',
        authorityName: 'Kent',
        region: 'South East',
        counts: { ...COUNTS, lookedAfter: 20, nationalityKnown: 10, recentAway: 6, awayLooksMissing: 0 },
        ruleCheck: null,
      },
      {
        authorityCode: 'B',
        authorityName: 'Rutland',
        region: 'East Midlands',
        counts: { ...COUNTS, lookedAfter: 0, withConcern: 0, recentEnded: 0, recentEpisodes: 0 },
        ruleCheck: null,
      },
      { authorityCode: 'C', authorityName: 'Medway', region: 'South East', counts: { ...COUNTS, lookedAfter: 20, nationalityKnown: 10 }, ruleCheck: null },
      { authorityCode: 'D', authorityName: 'Bexley', region: 'London', counts: COUNTS, ruleCheck: null },
    ]);
    const model = leagueTableViewModel({ dates: DATES, rows });
    expect(model.caption).toBe('3 authorities with records in Lantern: 2 ranked, best first, then 1 with too few records to rank');
    expect(model.unranked).toEqual(['Rutland']);
    for (const row of model.rows) expect(row.length).toBe(model.head.length);
    expect(model.rows.map((row) => [row[0], row[1]])).toEqual([
      [{ text: '1', format: 'numeric' }, { text: 'Kent' }],
      [{ text: '1', format: 'numeric' }, { text: 'Medway' }],
      [{ text: 'Too few to rank', format: 'numeric' }, { text: 'Bexley' }],
    ]);
    expect(model.rows[1]?.at(-1)).toEqual({ html: '<strong class="govuk-tag govuk-tag--yellow">None recorded as away</strong>' });
    expect(model.rows[0]?.at(-1)).toEqual({ text: '0%', format: 'numeric' });
    expect(model.rows[0]?.at(-3)).toEqual({ text: 'Not yet checked', format: 'numeric' });
    expect(model.measures.map((measure) => measure.title)).toEqual(model.head.slice(2).map((heading) => heading.text));
  });

  it('should tag ratings in words as well as colours', () => {
    expect(ratingTag('needs-attention')).toBe('<strong class="govuk-tag govuk-tag--yellow">Needs attention</strong>');
  });
});
