import { createHash } from 'node:crypto';
import { addDays, addHours, addYears, hoursBetween, ukDateOf } from './dates.ts';
import type { MissingType, PoliceRiskLevel, TraffickingStatus } from './codes.ts';
import { DEFAULT_THRESHOLD } from './statistics/disclosure-control.ts';
import { RULES } from './validation/rules.ts';
import type { Severity, Violation } from './validation/rules.ts';

// Data quality per authority (issue 5 item 6; domain brief §1.5 and §8.3): what each measure counts,
// how it is judged, and what of it may be shown beyond the authority. The database does the counting
// (migration 0010, lantern_data_quality_counts); these functions turn the counts into the measures
// that data officers and the national unit read, and say why each one matters.

/** An open episode with no change for this long has probably been forgotten, or the child is found and nobody said. */
export const STALE_EPISODE_DAYS = 30;
/** An "away without authorisation" (A) episode that lasts longer than this was probably a missing (M) one. */
export const AWAY_LOOKS_MISSING_HOURS = 24;
/** Rule checks older than this are run again before the league table is shown. */
export const RULE_CHECK_MAX_AGE_HOURS = 24;
/** Counts from 1 to 4 are not shown beyond the authority (the same threshold as published statistics). */
const SMALL_COUNT_THRESHOLD = DEFAULT_THRESHOLD;

/** The moments and days every measure is taken against, from the service's clock. */
export interface MeasurementDates {
  readonly now: string;
  /** The UK day of `now`. */
  readonly today: string;
  /** Episodes that started on or after this UK day are "recent": the last 12 months. */
  readonly windowStart: string;
  /** The first day of the current SSDA903 collection year (1 April). */
  readonly collectionYearStart: string;
  /** Open episodes last changed before this moment are stale. */
  readonly staleBefore: string;
}

export function measurementDates(now: string): MeasurementDates {
  const today = ukDateOf(now);
  const year = Number(today.slice(0, 4));
  const collectionYearStart = today.slice(5) >= '04-01' ? `${year}-04-01` : `${year - 1}-04-01`;
  return { now, today, windowStart: addDays(addYears(today, -1), 1), collectionYearStart, staleBefore: addHours(now, -STALE_EPISODE_DAYS * 24) };
}

/** What the database counts for one authority (lantern_data_quality_counts). */
export interface AuthorityCounts {
  readonly authorityCode: string;
  /** Every child the authority is responsible for, looked after now or not. */
  readonly children: number;
  readonly lookedAfter: number;
  readonly uasc: number;
  readonly missingNow: number;
  readonly statusSuspected: number;
  readonly statusIdentified: number;
  readonly statusConfirmed: number;
  readonly statusNotTrafficked: number;
  /** Looked-after children with at least one trafficking concern. */
  readonly withConcern: number;
  /** …of whom every concern has a status recorded. */
  readonly concernStatusRecorded: number;
  readonly nationalityKnown: number;
  readonly episodesThisYear: number;
  readonly missingThisYear: number;
  readonly awayThisYear: number;
  readonly interviewsDue: number;
  readonly interviewsOverdue: number;
  readonly recentMissing: number;
  readonly recentMissingWithReference: number;
  readonly recentReported: number;
  readonly recentReportedWithReference: number;
  /** Recent episodes that ended more than 72 hours ago. */
  readonly recentEnded: number;
  readonly recentInterviewRecorded: number;
  readonly staleOpen: number;
  readonly recentEpisodes: number;
  readonly recentAway: number;
  readonly awayLong: number;
  readonly awayPoliceRisk: number;
  readonly awayLooksMissing: number;
}

// ---- Completeness ----

export type CompletenessId = 'trafficking-status' | 'nationality' | 'police-reference' | 'police-reference-when-reported' | 'return-interview';

export interface CompletenessDefinition {
  readonly id: CompletenessId;
  readonly title: string;
  /** What the percentage is of: "of 40 looked-after children with a trafficking concern". */
  readonly of: string;
  readonly whyItMatters: string;
  /** Shown in the national league table and counted in its rank. */
  readonly inLeagueTable: boolean;
  readonly count: (counts: AuthorityCounts) => { readonly numerator: number; readonly denominator: number };
}

/** The items the "Heading back to harm" report found councils could not report (domain brief §1.5). */
export const COMPLETENESS: readonly CompletenessDefinition[] = [
  {
    id: 'trafficking-status',
    title: 'Trafficking status recorded',
    of: 'looked-after children with a trafficking concern',
    whyItMatters:
      'Councils could not say how many trafficked children they looked after, or tell suspected from confirmed trafficking. Every concern needs a status (suspected, identified, confirmed or not trafficked) for the national figures to count the child.',
    inLeagueTable: true,
    count: (c) => ({ numerator: c.concernStatusRecorded, denominator: c.withConcern }),
  },
  {
    id: 'nationality',
    title: 'Nationality known',
    of: 'looked-after children',
    whyItMatters:
      'Nationality is not a statutory item, so it is often missing. Without it, trafficking routes and the children most at risk cannot be seen, and unaccompanied children cannot be matched with Home Office records.',
    inLeagueTable: true,
    count: (c) => ({ numerator: c.nationalityKnown, denominator: c.lookedAfter }),
  },
  {
    id: 'police-reference',
    title: 'Police reference recorded for missing episodes',
    of: 'missing (M) episodes in the last 12 months',
    whyItMatters:
      'Every child who is missing (not just away) should be reported to the police. The police reference links the council’s record with the police investigation and the Philomena Protocol, so the two can be compared.',
    inLeagueTable: true,
    count: (c) => ({ numerator: c.recentMissingWithReference, denominator: c.recentMissing }),
  },
  {
    id: 'police-reference-when-reported',
    title: 'Police reference recorded when reported to the police',
    of: 'episodes reported to the police in the last 12 months',
    whyItMatters: 'A report to the police without its reference cannot be followed up or matched with police data.',
    inLeagueTable: false,
    count: (c) => ({ numerator: c.recentReportedWithReference, denominator: c.recentReported }),
  },
  {
    id: 'return-interview',
    title: 'Return home interview recorded',
    of: 'episodes in the last 12 months that ended more than 72 hours ago',
    whyItMatters:
      'Statutory guidance asks for a return home interview within 72 hours of the child coming back. Record that it was offered, or declined, or why it was not offered: an interview that is not recorded cannot be shown to have happened.',
    inLeagueTable: true,
    count: (c) => ({ numerator: c.recentInterviewRecorded, denominator: c.recentEnded }),
  },
];

export type Rating = 'good' | 'needs-attention' | 'poor' | 'not-applicable';

/** 95% or more is good, 80% or more needs attention, less is poor; nothing to measure is not applicable. */
export function rateShare(percentage: number | null): Rating {
  if (percentage === null) return 'not-applicable';
  if (percentage >= 95) return 'good';
  if (percentage >= 80) return 'needs-attention';
  return 'poor';
}

/** A percentage to one decimal place, or null when there is nothing to measure. */
export function percentage(numerator: number, denominator: number): number | null {
  if (denominator === 0) return null;
  return Math.round((numerator / denominator) * 1000) / 10;
}

export interface CompletenessMeasure {
  readonly id: CompletenessId;
  readonly title: string;
  readonly of: string;
  readonly whyItMatters: string;
  readonly numerator: number;
  readonly denominator: number;
  readonly percentage: number | null;
  readonly rating: Rating;
}

export function completenessOf(counts: AuthorityCounts): CompletenessMeasure[] {
  return COMPLETENESS.map(({ id, title, of, whyItMatters, count }) => {
    const { numerator, denominator } = count(counts);
    const share = percentage(numerator, denominator);
    return { id, title, of, whyItMatters, numerator, denominator, percentage: share, rating: rateShare(share) };
  });
}

// ---- Missing (M) and away (A) ----

export interface AwayConsistency {
  /** Away (A) episodes in the last 12 months. */
  readonly awayEpisodes: number;
  readonly lastedOver24Hours: number;
  readonly reportedWithRiskLevel: number;
  /** Either of the two: the episode looks like a missing (M) one. */
  readonly looksMissing: number;
  readonly looksMissingPercentage: number | null;
  /** Episodes in the last 12 months, but none recorded as away: the authority may be recording every absence as missing. */
  readonly recordsNoAway: boolean;
  readonly rating: Rating;
}

export const AWAY_WHY_IT_MATTERS =
  'Councils and police defined "missing" and "away" differently, so the national figures could not be compared. An episode recorded as away (A) that lasted more than 24 hours, or that the police risk-assessed, was probably a missing (M) episode; an authority that records no away episodes at all may be recording every absence as missing.';

export function awayConsistencyOf(counts: AuthorityCounts): AwayConsistency {
  const share = percentage(counts.awayLooksMissing, counts.recentAway);
  const recordsNoAway = counts.recentEpisodes > 0 && counts.recentAway === 0;
  // Fewer away episodes that look like missing ones is better: judge the share that does not.
  const rating: Rating = recordsNoAway ? 'needs-attention' : share === null ? 'not-applicable' : rateShare(100 - share);
  return {
    awayEpisodes: counts.recentAway,
    lastedOver24Hours: counts.awayLong,
    reportedWithRiskLevel: counts.awayPoliceRisk,
    looksMissing: counts.awayLooksMissing,
    looksMissingPercentage: share,
    recordsNoAway,
    rating,
  };
}

/** Why an away (A) episode looks like a missing (M) one. */
export type AwayLooksMissingReason = 'lasted-over-24-hours' | 'reported-with-risk-level';

export function awayLooksMissingReasons(
  episode: {
    readonly type: MissingType;
    readonly startAt: string;
    readonly endAt: string | null;
    readonly reportedToPoliceAt: string | null;
    readonly policeRiskLevel: PoliceRiskLevel | null;
  },
  now: string,
): AwayLooksMissingReason[] {
  if (episode.type !== 'A') return [];
  const reasons: AwayLooksMissingReason[] = [];
  if (hoursBetween(episode.startAt, episode.endAt ?? now) > AWAY_LOOKS_MISSING_HOURS) reasons.push('lasted-over-24-hours');
  if (episode.reportedToPoliceAt !== null && episode.policeRiskLevel !== null && episode.policeRiskLevel !== 'NO_APPARENT_RISK')
    reasons.push('reported-with-risk-level');
  return reasons;
}

// ---- Counts by state ----

export interface StateCounts {
  readonly lookedAfter: number;
  readonly uasc: number;
  readonly missingNow: number;
  readonly traffickingStatus: Readonly<Record<TraffickingStatus, number>>;
  readonly episodesThisYear: { readonly total: number; readonly missing: number; readonly away: number };
  readonly returnInterviews: { readonly due: number; readonly overdue: number };
}

export function stateCountsOf(counts: AuthorityCounts): StateCounts {
  return {
    lookedAfter: counts.lookedAfter,
    uasc: counts.uasc,
    missingNow: counts.missingNow,
    traffickingStatus: {
      SUSPECTED: counts.statusSuspected,
      IDENTIFIED: counts.statusIdentified,
      CONFIRMED: counts.statusConfirmed,
      NOT_TRAFFICKED: counts.statusNotTrafficked,
    },
    episodesThisYear: { total: counts.episodesThisYear, missing: counts.missingThisYear, away: counts.awayThisYear },
    returnInterviews: { due: counts.interviewsDue, overdue: counts.interviewsOverdue },
  };
}

// ---- Records failing the validation rules ----

/** A child in a list of the authority's own records: only ever shown to the authority's own staff. */
export interface ChildReference {
  readonly childId: string;
  readonly name: string;
  readonly laChildId: string;
}

export interface ChildViolations {
  readonly child: ChildReference;
  readonly violations: readonly Violation[];
}

interface RuleViolationSummary {
  readonly rule: string;
  /** The DfE SSDA903 rule code, where the rule ports one. */
  readonly code: string | null;
  readonly severity: Severity;
  /** What the rule asks, from the rule table. */
  readonly description: string;
  readonly violations: number;
  /** The children whose records break the rule, with what to do for each, by name. */
  readonly children: readonly { readonly child: ChildReference; readonly messages: readonly string[] }[];
}

export interface RuleCheck {
  readonly childrenChecked: number;
  readonly childrenWithViolations: number;
  readonly errors: number;
  readonly warnings: number;
  /** Errors first, then the rules broken most often. */
  readonly rules: readonly RuleViolationSummary[];
}

const RULE_ORDER = new Map(RULES.map((rule, index) => [rule.id, index]));
const RULE_DESCRIPTIONS = new Map(RULES.map((rule) => [rule.id, rule.description]));

/** `results` need hold only the children with violations; `childrenChecked` counts every record checked. */
export function summariseRuleCheck(childrenChecked: number, results: readonly ChildViolations[]): RuleCheck {
  const byRule = new Map<
    string,
    { code: string | null; severity: Severity; violations: number; children: Map<string, { child: ChildReference; messages: string[] }> }
  >();
  let errors = 0;
  let warnings = 0;
  let childrenWithViolations = 0;
  for (const { child, violations } of results) {
    if (violations.length > 0) childrenWithViolations += 1;
    for (const violation of violations) {
      if (violation.severity === 'error') errors += 1;
      else warnings += 1;
      let entry = byRule.get(violation.rule);
      if (entry === undefined) {
        entry = { code: violation.code, severity: violation.severity, violations: 0, children: new Map() };
        byRule.set(violation.rule, entry);
      }
      entry.violations += 1;
      let forChild = entry.children.get(child.childId);
      if (forChild === undefined) {
        forChild = { child, messages: [] };
        entry.children.set(child.childId, forChild);
      }
      if (!forChild.messages.includes(violation.message)) forChild.messages.push(violation.message);
    }
  }
  const rules = [...byRule.entries()]
    .map(([rule, entry]) => ({
      rule,
      code: entry.code,
      severity: entry.severity,
      description: RULE_DESCRIPTIONS.get(rule) ?? rule,
      violations: entry.violations,
      children: [...entry.children.values()].sort((a, b) => a.child.name.localeCompare(b.child.name, 'en-GB')),
    }))
    .sort(
      (a, b) =>
        Number(a.severity === 'warning') - Number(b.severity === 'warning') ||
        b.violations - a.violations ||
        (RULE_ORDER.get(a.rule) ?? 0) - (RULE_ORDER.get(b.rule) ?? 0),
    );
  return { childrenChecked, childrenWithViolations, errors, warnings, rules };
}

/** Rule violations (errors and warnings) per 100 children checked, to one decimal place. */
export function violationsPer100(violations: number, children: number): number | null {
  if (children === 0) return null;
  return Math.round((violations / children) * 1000) / 10;
}

// ---- Child-level lists for the authority's own staff ----

interface StaleEpisode {
  readonly episodeId: string;
  readonly child: ChildReference;
  readonly type: MissingType;
  readonly startAt: string;
  readonly updatedAt: string;
  readonly daysSinceUpdate: number;
}

export function daysSince(from: string, now: string): number {
  return Math.max(0, Math.floor(hoursBetween(from, now) / 24));
}

interface AwayEpisodeLooksMissing {
  readonly episodeId: string;
  readonly child: ChildReference;
  readonly startAt: string;
  readonly endAt: string | null;
  readonly hoursAway: number;
  readonly policeRiskLevel: PoliceRiskLevel | null;
  readonly reasons: readonly AwayLooksMissingReason[];
}

interface DuplicateCandidate {
  readonly child: ChildReference;
  /** How likely the two records are of one child, as the matching engine scores it for the review queue. */
  readonly probability: number;
  readonly otherAuthorityCode: string;
  readonly otherAuthorityName: string;
  /** The same for both authorities, so their data officers can discuss one candidate without naming the child. */
  readonly matchReference: string;
}

/**
 * A pair of records' reference, the same whichever authority looks: eight hex digits of the MD5 of
 * the two ids, lower first (as migration 0010's database function made it, so references already
 * quoted between authorities still stand). Not a secret; only a name for the pair that is not the child's.
 */
export function matchReferenceOf(childId: string, otherChildId: string): string {
  const [first, second] = childId < otherChildId ? [childId, otherChildId] : [otherChildId, childId];
  return createHash('md5').update(`${first}${second}`).digest('hex').slice(0, 8).toUpperCase();
}

export const DUPLICATES_WHY_IT_MATTERS =
  'A child recorded by two authorities under different spellings is counted twice in the national figures, and neither authority sees the whole history: the other authority may hold missing episodes, trafficking concerns or an age assessment. These are candidates only: check with the other authority before recording an alias.';

export const STALE_WHY_IT_MATTERS =
  'A child recorded as missing for weeks with nothing recorded may have come back without anyone closing the episode, or may be missing with nobody looking. Either way the national "not found" figures are wrong, and the child may be at risk.';

export const RULES_WHY_IT_MATTERS =
  'Lantern refuses changes that break a rule, but records imported or entered before a rule existed may still break one. The DfE applies the same SSDA903 rules to the annual return, where each failure must be fixed or explained.';

// ---- The authority's own overview ----

export interface AuthorityOverview {
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly dates: MeasurementDates;
  readonly counts: StateCounts;
  readonly completeness: readonly CompletenessMeasure[];
  readonly ruleCheck: RuleCheck;
  readonly staleEpisodes: readonly StaleEpisode[];
  readonly away: AwayConsistency;
  readonly awayLooksMissing: readonly AwayEpisodeLooksMissing[];
  readonly duplicates: readonly DuplicateCandidate[];
}

// ---- What may be shown beyond the authority ----

/** A figure as published beyond the authority that owns the records. */
export type PublishedFigure =
  | { readonly kind: 'value'; readonly value: number }
  /** A count from 1 to 4, or a figure that would reveal one. */
  | { readonly kind: 'suppressed' }
  /** Nothing to measure: no children or episodes of that kind. */
  | { readonly kind: 'not-applicable' };

const isSmall = (count: number): boolean => count >= 1 && count < SMALL_COUNT_THRESHOLD;

export function publishCount(count: number): PublishedFigure {
  return isSmall(count) ? { kind: 'suppressed' } : { kind: 'value', value: count };
}

/**
 * A whole-number percentage, unless the count behind it, the count it is of, or the difference
 * between them is from 1 to 4: 2 of 40 children (5%), or 38 of 40 (95%) when 40 is published
 * elsewhere, would let a reader work out a group of fewer than 5 children.
 */
export function publishShare(numerator: number, denominator: number): PublishedFigure {
  if (denominator === 0) return { kind: 'not-applicable' };
  if (isSmall(numerator) || isSmall(denominator) || isSmall(denominator - numerator)) return { kind: 'suppressed' };
  return { kind: 'value', value: Math.round((numerator / denominator) * 100) };
}

/** Violations per 100 children, unless fewer than 5 violations or children lie behind it. */
export function publishRate(violations: number, children: number): PublishedFigure {
  const rate = violationsPer100(violations, children);
  if (rate === null) return { kind: 'not-applicable' };
  if (isSmall(violations) || isSmall(children)) return { kind: 'suppressed' };
  return { kind: 'value', value: rate };
}

// ---- The national league table ----

export interface RuleCheckTotals {
  readonly checkedAt: string;
  readonly children: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface LeagueTableInput {
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly region: string;
  readonly counts: AuthorityCounts;
  readonly ruleCheck: RuleCheckTotals | null;
}

export const LEAGUE_MEASURES: readonly CompletenessDefinition[] = COMPLETENESS.filter((measure) => measure.inLeagueTable);

export interface LeagueTableRow {
  /** 1 is best; null when not ranked (see `notRanked`). */
  readonly rank: number | null;
  /** Why an authority is not ranked: nothing recorded to measure, or every figure suppressed. */
  readonly notRanked: 'nothing-to-measure' | 'too-few-to-rank' | null;
  readonly authorityCode: string;
  readonly authorityName: string;
  readonly region: string;
  readonly childrenLookedAfter: PublishedFigure;
  readonly completeness: readonly { readonly id: CompletenessId; readonly title: string; readonly figure: PublishedFigure }[];
  readonly violationsPer100Children: PublishedFigure;
  readonly staleOpenEpisodes: PublishedFigure;
  readonly awayLooksMissing: PublishedFigure;
  readonly recordsNoAway: boolean;
  readonly rulesCheckedAt: string | null;
}

type UnrankedRow = Omit<LeagueTableRow, 'rank' | 'notRanked'>;

function publishedRow(input: LeagueTableInput): UnrankedRow {
  const check = input.ruleCheck;
  return {
    authorityCode: input.authorityCode,
    authorityName: input.authorityName,
    region: input.region,
    childrenLookedAfter: publishCount(input.counts.lookedAfter),
    completeness: LEAGUE_MEASURES.map((measure) => {
      const { numerator, denominator } = measure.count(input.counts);
      return { id: measure.id, title: measure.title, figure: publishShare(numerator, denominator) };
    }),
    violationsPer100Children: check === null ? { kind: 'not-applicable' } : publishRate(check.errors + check.warnings, check.children),
    staleOpenEpisodes: publishCount(input.counts.staleOpen),
    awayLooksMissing: publishShare(input.counts.awayLooksMissing, input.counts.recentAway),
    recordsNoAway: input.counts.recentEpisodes > 0 && input.counts.recentAway === 0,
    rulesCheckedAt: check?.checkedAt ?? null,
  };
}

interface RankKeys {
  readonly row: UnrankedRow;
  readonly score: number | null;
  readonly violations: number;
  readonly stale: number;
}

function rankKeys(row: UnrankedRow): RankKeys {
  const shown = row.completeness.flatMap(({ figure }) => (figure.kind === 'value' ? [figure.value] : []));
  const score = shown.length === 0 ? null : shown.reduce((sum, value) => sum + value, 0) / shown.length;
  const violations = row.violationsPer100Children.kind === 'value' ? row.violationsPer100Children.value : Number.POSITIVE_INFINITY;
  // "Fewer than 5" lies between none and 5.
  const stale = row.staleOpenEpisodes.kind === 'value' ? row.staleOpenEpisodes.value : 2.5;
  return { row, score, violations, stale };
}

/**
 * The rank orders authorities by the mean of the completeness percentages shown for them, then by
 * fewer rule violations per 100 children, then by fewer stale open episodes; authorities equal on all
 * three share a rank. Only published figures count, so that a rank reveals nothing a suppressed figure
 * hides. An authority whose completeness figures are all suppressed is too few to rank; one with
 * nothing to measure is not ranked either.
 */
export function leagueTable(inputs: readonly LeagueTableInput[]): LeagueTableRow[] {
  const keyed = inputs.map((input) => rankKeys(publishedRow(input)));
  const compare = (a: RankKeys, b: RankKeys): number => (b.score ?? -1) - (a.score ?? -1) || a.violations - b.violations || a.stale - b.stale;
  // The unranked last: those too few to rank, then those with nothing to measure.
  const group = (entry: RankKeys): number => (entry.score !== null ? 0 : entry.row.completeness.some(({ figure }) => figure.kind === 'suppressed') ? 1 : 2);
  const ordered = [...keyed].sort((a, b) => group(a) - group(b) || compare(a, b) || a.row.authorityName.localeCompare(b.row.authorityName, 'en-GB'));

  const rows: LeagueTableRow[] = [];
  let previous: RankKeys | null = null;
  let rank = 0;
  for (const [index, entry] of ordered.entries()) {
    if (entry.score === null) {
      rows.push({ rank: null, notRanked: group(entry) === 1 ? 'too-few-to-rank' : 'nothing-to-measure', ...entry.row });
      continue;
    }
    if (previous === null || compare(previous, entry) !== 0) rank = index + 1;
    previous = entry;
    rows.push({ rank, notRanked: null, ...entry.row });
  }
  return rows;
}
