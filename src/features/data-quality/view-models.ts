import { MISSING_TYPE_LABELS } from '../../domain/codes.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import {
  AWAY_LOOKS_MISSING_HOURS,
  AWAY_WHY_IT_MATTERS,
  DUPLICATES_WHY_IT_MATTERS,
  LEAGUE_MEASURES,
  RULES_WHY_IT_MATTERS,
  STALE_EPISODE_DAYS,
  STALE_WHY_IT_MATTERS,
} from '../../domain/data-quality.ts';
import type {
  AuthorityOverview,
  AwayLooksMissingReason,
  ChildReference,
  CompletenessId,
  LeagueTableRow,
  PublishedFigure,
  Rating,
} from '../../domain/data-quality.ts';
import { paths } from '../../paths.ts';
import type { LeagueTable } from '../../services/data-quality-service.ts';
import { POLICE_RISK_LABELS } from '../labels.ts';
import { percentText } from '../matching/view-models.ts';

// The data-quality pages as parameters of GOV.UK macros. Pure: tested with plain objects. Text goes
// in `text` (the macros escape it); where a cell needs a link or a tag, its `html` is built here from
// escaped parts only.

type Cell = { text: string; format?: 'numeric' } | { html: string; format?: 'numeric' };

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const RATING_TAGS: Record<Rating, { text: string; colour: string }> = {
  good: { text: 'Good', colour: 'green' },
  'needs-attention': { text: 'Needs attention', colour: 'yellow' },
  poor: { text: 'Poor', colour: 'red' },
  'not-applicable': { text: 'Nothing to measure', colour: 'grey' },
};

export function ratingTag(rating: Rating): string {
  const { text, colour } = RATING_TAGS[rating];
  return `<strong class="govuk-tag govuk-tag--${colour}">${escapeHtml(text)}</strong>`;
}

const number = (value: number): string => value.toLocaleString('en-GB');
const plural = (count: number, one: string, many: string): string => `${number(count)} ${count === 1 ? one : many}`;

const childLink = (child: ChildReference): string => `<a class="govuk-link" href="${escapeHtml(paths.child(child.childId))}">${escapeHtml(child.name)}</a>`;

const REASON_LABELS: Record<AwayLooksMissingReason, string> = {
  'lasted-over-24-hours': `Away for more than ${AWAY_LOOKS_MISSING_HOURS} hours`,
  'reported-with-risk-level': 'Reported to the police, who assessed the risk',
};

/** Most children listed under one rule; the rest are counted. */
export const CHILDREN_PER_RULE = 50;

export function overviewViewModel(overview: AuthorityOverview) {
  const { counts, dates } = overview;
  const summaryRow = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  return {
    authorityName: overview.authorityName,
    measuredAt: formatInstant(dates.now),
    windowStart: formatDate(dates.windowStart),
    staleDays: STALE_EPISODE_DAYS,
    childRows: [
      summaryRow('Looked after now', number(counts.lookedAfter)),
      summaryRow('Unaccompanied asylum-seeking children (UASC) now', number(counts.uasc)),
      summaryRow('Missing now', number(counts.missingNow)),
      // By each looked-after child's latest trafficking status over all their concerns.
      summaryRow('Latest trafficking status: suspected', number(counts.traffickingStatus.SUSPECTED)),
      summaryRow('Latest trafficking status: identified (positive reasonable grounds)', number(counts.traffickingStatus.IDENTIFIED)),
      summaryRow('Latest trafficking status: confirmed (positive conclusive grounds)', number(counts.traffickingStatus.CONFIRMED)),
      summaryRow('Latest trafficking status: not trafficked (negative conclusive grounds)', number(counts.traffickingStatus.NOT_TRAFFICKED)),
    ],
    episodeRows: [
      summaryRow(
        `Episodes since ${formatDate(dates.collectionYearStart)}`,
        `${number(counts.episodesThisYear.total)} (${number(counts.episodesThisYear.missing)} missing, ${number(counts.episodesThisYear.away)} away)`,
      ),
      summaryRow('Return home interviews due (within 72 hours of the child coming back)', number(counts.returnInterviews.due)),
      summaryRow('Return home interviews overdue (child came back in the last 12 months)', number(counts.returnInterviews.overdue)),
    ],
    completeness: overview.completeness.map((measure) => ({
      title: measure.title,
      rows: [
        {
          key: { text: 'Recorded' },
          value: {
            text:
              measure.percentage === null
                ? `None to measure: no ${measure.of}`
                : `${number(measure.numerator)} of ${number(measure.denominator)} ${measure.of}`,
          },
        },
        {
          key: { text: 'Percentage' },
          value: { html: `${measure.percentage === null ? '' : `${escapeHtml(String(measure.percentage))}% `}${ratingTag(measure.rating)}` },
        },
        { key: { text: 'Why this matters' }, value: { text: measure.whyItMatters } },
        ...(measure.percentage === null || measure.numerator === measure.denominator
          ? []
          : [
              {
                key: { text: 'To put right' },
                value: {
                  html: `<a class="govuk-link" href="${escapeHtml(paths.dataQualityGaps(measure.id))}">${escapeHtml(plural(measure.denominator - measure.numerator, 'record', 'records'))}<span class="govuk-visually-hidden"> without this</span></a>`,
                },
              },
            ]),
      ],
    })),
    ruleCheck: {
      summary:
        overview.ruleCheck.childrenWithViolations === 0
          ? `All ${plural(overview.ruleCheck.childrenChecked, 'record', 'records')} pass every rule.`
          : `${plural(overview.ruleCheck.childrenWithViolations, 'record', 'records')} of ${number(overview.ruleCheck.childrenChecked)} break a rule: ${plural(overview.ruleCheck.errors, 'error', 'errors')} and ${plural(overview.ruleCheck.warnings, 'warning', 'warnings')}.`,
      whyItMatters: RULES_WHY_IT_MATTERS,
      rules: overview.ruleCheck.rules.map((rule) => ({
        heading: rule.code === null ? rule.description : `SSDA903 rule ${rule.code}: ${rule.description}`,
        severityTag: `<strong class="govuk-tag govuk-tag--${rule.severity === 'error' ? 'red' : 'yellow'}">${rule.severity === 'error' ? 'Error' : 'Warning'}</strong>`,
        count: plural(rule.violations, 'time', 'times'),
        rows: rule.children
          .slice(0, CHILDREN_PER_RULE)
          .map(({ child, messages }): Cell[] => [{ html: childLink(child) }, { text: child.laChildId }, { text: messages.join('. ') }]),
        more: Math.max(0, rule.children.length - CHILDREN_PER_RULE),
      })),
    },
    stale: {
      whyItMatters: STALE_WHY_IT_MATTERS,
      rows: overview.staleEpisodes.map((episode): Cell[] => [
        { html: childLink(episode.child) },
        { text: MISSING_TYPE_LABELS[episode.type] },
        { text: formatInstant(episode.startAt) },
        { text: formatInstant(episode.updatedAt) },
        { text: number(episode.daysSinceUpdate), format: 'numeric' },
      ]),
    },
    away: {
      whyItMatters: AWAY_WHY_IT_MATTERS,
      recordsNoAway: overview.away.recordsNoAway,
      tag: ratingTag(overview.away.rating),
      rows: [
        { key: { text: 'Away episodes in the last 12 months' }, value: { text: number(overview.away.awayEpisodes) } },
        { key: { text: `Away for more than ${AWAY_LOOKS_MISSING_HOURS} hours` }, value: { text: number(overview.away.lastedOver24Hours) } },
        { key: { text: 'Reported to the police, who assessed the risk' }, value: { text: number(overview.away.reportedWithRiskLevel) } },
        {
          key: { text: 'Look like missing episodes' },
          value: {
            html: `${escapeHtml(number(overview.away.looksMissing))}${overview.away.looksMissingPercentage === null ? '' : ` (${escapeHtml(String(overview.away.looksMissingPercentage))}%)`} ${ratingTag(overview.away.rating)}`,
          },
        },
      ],
      episodeRows: overview.awayLooksMissing.map((episode): Cell[] => [
        { html: childLink(episode.child) },
        { text: formatInstant(episode.startAt) },
        { text: episode.endAt === null ? 'Still away' : formatInstant(episode.endAt) },
        { text: number(episode.hoursAway), format: 'numeric' },
        { text: episode.policeRiskLevel === null ? 'Not assessed' : POLICE_RISK_LABELS[episode.policeRiskLevel] },
        { text: episode.reasons.map((reason) => REASON_LABELS[reason]).join('; ') },
      ]),
    },
    duplicates: {
      whyItMatters: DUPLICATES_WHY_IT_MATTERS,
      rows: overview.duplicates.map((candidate): Cell[] => [
        { html: childLink(candidate.child) },
        { text: candidate.child.laChildId },
        { text: candidate.otherAuthorityName },
        { text: percentText(candidate.probability), format: 'numeric' },
        { text: candidate.matchReference },
        {
          html: `<a class="govuk-link" href="${escapeHtml(paths.childMatches(candidate.child.childId))}">Review<span class="govuk-visually-hidden"> possible matches for ${escapeHtml(candidate.child.name)}</span></a>`,
        },
      ]),
    },
  };
}

// ---- The national league table ----

/** A count as published: a number, "fewer than 5", or "[z]" where there is nothing to count. */
export function countText(figure: PublishedFigure): string {
  if (figure.kind === 'suppressed') return 'fewer than 5';
  if (figure.kind === 'not-applicable') return '[z]';
  return number(figure.value);
}

/** A percentage or rate as published: "[c]" where it would reveal fewer than 5, "[z]" where there is nothing to measure. */
export function figureText(figure: PublishedFigure, unit: '%' | '' = '%'): string {
  if (figure.kind === 'suppressed') return '[c]';
  if (figure.kind === 'not-applicable') return '[z]';
  return `${number(figure.value)}${unit}`;
}

const SHORT_HEADINGS: Record<CompletenessId, string> = {
  'trafficking-status': 'Trafficking status',
  nationality: 'Nationality',
  'police-reference': 'Police reference',
  'police-reference-when-reported': 'Police reference when reported',
  'return-interview': 'Return interview',
};

export function leagueTableViewModel(table: LeagueTable) {
  const ranked = table.rows.filter((row) => row.rank !== null);
  const tooFew = table.rows.filter((row) => row.notRanked === 'too-few-to-rank');
  const nothing = table.rows.filter((row) => row.notRanked === 'nothing-to-measure');
  const checkedAt = [...ranked, ...tooFew]
    .map((row) => row.rulesCheckedAt)
    .filter((at) => at !== null)
    .sort()[0];
  const cell = (text: string): Cell => ({ text, format: 'numeric' });
  const rowOf = (row: LeagueTableRow): Cell[] => [
    cell(row.rank === null ? 'Too few to rank' : String(row.rank)),
    { text: row.authorityName },
    cell(countText(row.childrenLookedAfter)),
    ...row.completeness.map(({ figure }) => cell(figureText(figure))),
    cell(row.rulesCheckedAt === null ? 'Not yet checked' : figureText(row.violationsPer100Children, '')),
    cell(countText(row.staleOpenEpisodes)),
    row.recordsNoAway ? { html: '<strong class="govuk-tag govuk-tag--yellow">None recorded as away</strong>' } : cell(figureText(row.awayLooksMissing)),
  ];
  return {
    measuredAt: formatInstant(table.dates.now),
    windowStart: formatDate(table.dates.windowStart),
    rulesCheckedSince: checkedAt === undefined ? null : formatInstant(checkedAt),
    // Short headings, so that the table fits the page; "What each column measures" says each in full.
    head: [
      { text: 'Rank', format: 'numeric' },
      { text: 'Authority' },
      { text: 'Looked after', format: 'numeric' },
      ...LEAGUE_MEASURES.map((measure) => ({ text: SHORT_HEADINGS[measure.id], format: 'numeric' })),
      { text: 'Rule violations per 100', format: 'numeric' },
      { text: 'Stale open episodes', format: 'numeric' },
      { text: 'Away that look missing', format: 'numeric' },
    ],
    rows: [...ranked, ...tooFew].map(rowOf),
    caption: `${plural(ranked.length + tooFew.length, 'authority', 'authorities')} with records in Lantern: ${number(ranked.length)} ranked, best first${tooFew.length === 0 ? '' : `, then ${number(tooFew.length)} with too few records to rank`}`,
    unranked: nothing.map((row) => row.authorityName),
    measures: [
      { title: 'Looked after', text: 'Children the authority is responsible for who are looked after now.' },
      ...LEAGUE_MEASURES.map((measure) => ({
        title: SHORT_HEADINGS[measure.id],
        text: `${measure.title}: the percentage of ${measure.of}. ${measure.whyItMatters}`,
      })),
      {
        title: 'Rule violations per 100',
        text: `Errors and warnings from the record rules, per 100 children the authority is responsible for. ${RULES_WHY_IT_MATTERS}`,
      },
      { title: 'Stale open episodes', text: `Open episodes with no update for ${STALE_EPISODE_DAYS} days. ${STALE_WHY_IT_MATTERS}` },
      {
        title: 'Away that look missing',
        text: `The percentage of away (A) episodes in the last 12 months that lasted more than ${AWAY_LOOKS_MISSING_HOURS} hours or were risk-assessed by the police. "None recorded as away" marks an authority with episodes but no away episodes. ${AWAY_WHY_IT_MATTERS}`,
      },
    ],
  };
}
