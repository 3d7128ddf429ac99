import { describe, expect, it } from 'vitest';
import { keyed } from '../../../test/factories/statistics-counts.ts';
import type { PlainCounts } from '../../../test/factories/statistics-counts.ts';
import { buildFoiPack, foiPackMarkdown, foiPackRows } from './foi-pack.ts';
import type { CompletenessCaveat, FoiCohort } from './foi-pack.ts';
import { publishHbth } from './publication.ts';
import type { DisclosureView, HbthReport } from './publication.ts';
import { parseStatisticsQuery } from './query.ts';

const group = (lookedAfter: number, missingChildren: number, episodes: number, notFound: number) => ({
  lookedAfter,
  missingChildren,
  episodes,
  notFound,
  authoritiesWithMissing: 1,
});

/** A small authority: 40 trafficked children (20 missing, 50 episodes, 2 not found) among 300 looked after. */
function counts(cohort: ReturnType<typeof group>): PlainCounts {
  const notMissing = cohort.lookedAfter - cohort.missingChildren;
  return {
    headline: { cohort, all: group(300, 40, 100, 10) },
    breakdowns: {
      sex: [{ category: 'M', missing: cohort.missingChildren, notMissing }],
      nationality: [
        { category: 'VN', missing: cohort.missingChildren, notMissing: notMissing - 7 },
        { category: 'NOT_RECORDED', missing: 0, notMissing: 7 },
      ],
      ageAtStart: [{ age: 16, episodes: cohort.episodes }],
      placementAtStart: [{ placementType: 'U4', episodes: cohort.episodes }],
      duration: [
        { band: 'UNDER_24_HOURS', episodes: cohort.episodes - cohort.notFound },
        { band: 'STILL_MISSING', episodes: cohort.notFound },
      ],
      returnInterview: [
        { category: 'COMPLETED_WITHIN_72_HOURS', episodes: cohort.episodes - cohort.notFound - 10 },
        { category: 'NOT_RECORDED', episodes: 10 },
        { category: 'NOT_ENDED', episodes: cohort.notFound },
      ],
    },
    coverage: [{ code: 'E10000016', name: 'Kent', reporting: true }],
  };
}

function report(cohort: FoiCohort, view: DisclosureView, groupCounts: ReturnType<typeof group>): HbthReport {
  const query = parseStatisticsQuery({ from: '2023-10-01', to: '2024-09-30', cohort, geography: 'authority:E10000016', missingTypes: 'M,A' });
  if (!query.ok) throw new Error('bad query');
  return publishHbth(keyed(counts(groupCounts)), { query: query.value, view, geographyName: 'Kent', listNonReporting: false });
}

const CONTROLLED: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: true };

function pack(view: DisclosureView, completeness: CompletenessCaveat[] | null = null) {
  return buildFoiPack({
    authorityCode: 'E10000016',
    authorityName: 'Kent',
    produced: '2025-06-15',
    reports: {
      trafficked: report('trafficked', view, group(40, 20, 50, 2)),
      uasc: report('uasc', view, group(60, 12, 30, 6)),
      both: report('both', view, group(15, 8, 20, 1)),
      either: report('either', view, group(85, 24, 60, 7)),
    },
    completeness,
  });
}

const answersOf = (built: ReturnType<typeof pack>, number: string) => built.questions.find((q) => q.number === number)?.answers.map((a) => [a.group, a.text]);

describe('buildFoiPack', () => {
  it('should answer each standard question in the charities’ words, with the published figures', () => {
    const built = pack(CONTROLLED);
    expect(built.questions.map((q) => q.number)).toEqual(['1', '2', '3', '4', '5']);
    expect(built.questions[0]?.question).toContain('identified as trafficked / modern slavery victims (including through the NRM, but not only)');
    expect(answersOf(built, '1')).toEqual([
      ['(a) and (b) Identified or suspected as trafficked', '40'],
      ['(c) Unaccompanied asylum-seeking children (UASC)', '60'],
      ['(d) UASC also identified or suspected as trafficked', '15'],
      ['Trafficked or UASC, each child once', '85'],
    ]);
    expect(answersOf(built, '2')).toContainEqual(['Identified or suspected as trafficked', '20']);
    expect(answersOf(built, '2')).toContainEqual(['Identified or suspected as trafficked: percentage who went missing', '50.0']);
    expect(answersOf(built, '3')).toContainEqual(['Identified or suspected as trafficked: episodes per child who went missing', '2.5']);
    expect(built.questions[1]?.question).toContain('missing or absent (away without authorisation)');
  });

  it('should suppress small counts as [c] and say the pack is disclosure-controlled and ready to send', () => {
    const built = pack(CONTROLLED);
    // 1 UASC-and-trafficked child not found, 2 trafficked: both from 1 to 4.
    expect(answersOf(built, '4')).toContainEqual(['Identified or suspected as trafficked', '[c]']);
    expect(answersOf(built, '4')).toContainEqual(['UASC also identified or suspected as trafficked', '[c]']);
    expect(built.readyToSend).toBe(true);
    expect(built.disclosureStatement).toContain('Counts from 1 to 4 are shown as [c]');
    expect(built.disclosureStatement).toContain('the cell-key method');
    expect(pack({ ...CONTROLLED, perturbed: false }).disclosureStatement).not.toContain('cell-key');
  });

  it('should mark an owner’s unsuppressed figures as not ready to send', () => {
    const built = pack({ kind: 'owner' });
    expect(answersOf(built, '4')?.[0]).toEqual(['Identified or suspected as trafficked', '2']);
    expect(built.readyToSend).toBe(false);
    expect(built.disclosureStatement).toContain('Do not send them beyond the authority');
  });

  it('should give the data-quality caveats, each naming the window the checks measured over, withholding a share measured on fewer than 5 records', () => {
    // The checks' own 12 months to the day the pack was produced, not the pack's period (October 2023 to September 2024).
    const window = { from: '2024-06-16', to: '2025-06-15' };
    const built = pack(CONTROLLED, [
      { title: 'Police reference recorded for missing episodes', of: 'missing (M) episodes in the last 12 months', numerator: 30, denominator: 40, window },
      { title: 'Return home interview recorded', of: 'ended episodes', numerator: 1, denominator: 3, window },
    ]);
    expect(built.caveats).toContain(
      'Police reference recorded for missing episodes: 75% of missing (M) episodes in the last 12 months, from the authority’s data-quality checks over 16 June 2024 to 15 June 2025.',
    );
    expect(built.caveats).toContain(
      'Return home interview recorded: [c] of ended episodes, from the authority’s data-quality checks over 16 June 2024 to 15 June 2025.',
    );
    expect(built.caveats.join('\n')).toContain('Nationality not recorded, trafficked or UASC children: 7.');
    expect(built.caveats.join('\n')).toContain('no return home interview recorded: 10 (of 60 episodes)');
  });

  it('should refuse reports for different periods', () => {
    const other = parseStatisticsQuery({ from: '2022-10-01', to: '2023-09-30', cohort: 'uasc', geography: 'authority:E10000016' });
    if (!other.ok) throw new Error('bad query');
    const uasc = publishHbth(keyed(counts(group(60, 12, 30, 6))), { query: other.value, view: CONTROLLED, geographyName: 'Kent', listNonReporting: false });
    const base = pack(CONTROLLED);
    expect(() =>
      buildFoiPack({
        authorityCode: 'E10000016',
        authorityName: 'Kent',
        produced: '2025-06-15',
        completeness: null,
        reports: {
          trafficked: report('trafficked', CONTROLLED, group(40, 20, 50, 2)),
          uasc,
          both: report('both', CONTROLLED, group(15, 8, 20, 1)),
          either: report('either', CONTROLLED, group(85, 24, 60, 7)),
        },
      }),
    ).toThrow(/same authority, period/);
    expect(base.period).toEqual({ from: '2023-10-01', to: '2024-09-30' });
  });
});

describe('the pack’s renderings', () => {
  it('should write Markdown with each question, its answers and how they were counted', () => {
    const markdown = foiPackMarkdown(pack(CONTROLLED));
    expect(markdown).toContain('# Freedom of Information response');
    expect(markdown).toContain('## Question 4');
    expect(markdown).toContain('| Identified or suspected as trafficked | [c] |');
    expect(markdown).toContain('How these were counted: Children who went missing whose latest episode had not ended');
    expect(markdown).toContain('## Data-quality caveats');
  });

  it('should write one CSV row per answer with its status', () => {
    const rows = foiPackRows(pack(CONTROLLED));
    const notFound = rows.find((r) => r.question === '4' && r.group === 'Identified or suspected as trafficked');
    expect(notFound).toMatchObject({ value: '[c]', status: 'suppressed', note: 'fewer than 5', authority_code: 'E10000016' });
  });
});
