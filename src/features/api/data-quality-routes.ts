import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MISSING_TYPES, POLICE_RISK_LEVELS } from '../../domain/codes.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';

// Data quality per authority and the national league table (issue 5 item 6). Who sees what is decided in
// src/services/data-quality-service.ts: an authority's team managers and data officers their own overview,
// with the children to follow up; national analysts the league table, aggregates only, small counts suppressed.

const noQuery = z.strictObject({});

const rating = z.enum(['good', 'needs-attention', 'poor', 'not-applicable']);
const child = z.object({ childId: z.uuid(), name: z.string(), laChildId: z.string().meta({ description: 'The authority’s own child id (903 CHILD)' }) });
const dates = z.object({
  now: z.string(),
  today: z.string(),
  windowStart: z.string().meta({ description: 'Episodes that started on or after this UK day count as the last 12 months' }),
  collectionYearStart: z.string().meta({ description: 'The first day of the current SSDA903 collection year' }),
  staleBefore: z.string().meta({ description: 'Open episodes not changed since this moment are stale' }),
});

const overviewResponse = z.object({
  authorityCode: z.string(),
  authorityName: z.string(),
  dates,
  counts: z.object({
    lookedAfter: z.number(),
    uasc: z.number(),
    missingNow: z.number(),
    traffickingStatus: z.object({ SUSPECTED: z.number(), IDENTIFIED: z.number(), CONFIRMED: z.number(), NOT_TRAFFICKED: z.number() }),
    episodesThisYear: z.object({ total: z.number(), missing: z.number(), away: z.number() }),
    returnInterviews: z.object({ due: z.number(), overdue: z.number() }),
  }),
  completeness: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      of: z.string(),
      whyItMatters: z.string(),
      numerator: z.number(),
      denominator: z.number(),
      percentage: z.number().nullable(),
      rating,
    }),
  ),
  ruleCheck: z.object({
    childrenChecked: z.number(),
    childrenWithViolations: z.number(),
    errors: z.number(),
    warnings: z.number(),
    rules: z.array(
      z.object({
        rule: z.string(),
        code: z.string().nullable().meta({ description: 'The DfE SSDA903 rule code, where the rule ports one' }),
        severity: z.enum(['error', 'warning']),
        description: z.string(),
        violations: z.number(),
        children: z.array(z.object({ child, messages: z.array(z.string()) })),
      }),
    ),
  }),
  staleEpisodes: z.array(
    z.object({ episodeId: z.uuid(), child, type: z.enum(MISSING_TYPES), startAt: z.string(), updatedAt: z.string(), daysSinceUpdate: z.number() }),
  ),
  away: z.object({
    awayEpisodes: z.number(),
    lastedOver24Hours: z.number(),
    reportedWithRiskLevel: z.number(),
    looksMissing: z.number(),
    looksMissingPercentage: z.number().nullable(),
    recordsNoAway: z.boolean(),
    rating,
  }),
  awayLooksMissing: z.array(
    z.object({
      episodeId: z.uuid(),
      child,
      startAt: z.string(),
      endAt: z.string().nullable(),
      hoursAway: z.number(),
      policeRiskLevel: z.enum(POLICE_RISK_LEVELS).nullable(),
      reasons: z.array(z.enum(['lasted-over-24-hours', 'reported-with-risk-level'])),
    }),
  ),
  duplicates: z.array(
    z.object({
      child,
      probability: z
        .number()
        .meta({ description: 'How likely the two records are of one child, from 0 to 1: the matching engine’s score, as on the child’s possible matches' }),
      otherAuthorityCode: z.string(),
      otherAuthorityName: z.string(),
      matchReference: z.string().meta({ description: 'The same for both authorities’ data officers, to discuss one candidate without naming the child' }),
    }),
  ),
});

const figure = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('value'), value: z.number() }),
    z.object({ kind: z.literal('suppressed') }),
    z.object({ kind: z.literal('not-applicable') }),
  ])
  .meta({ description: 'A published figure; "suppressed" where a count from 1 to 4 lies behind it' });

const leagueTableResponse = z.object({
  dates,
  rows: z.array(
    z.object({
      rank: z.number().nullable().meta({ description: '1 is best; null when not ranked' }),
      notRanked: z.enum(['nothing-to-measure', 'too-few-to-rank']).nullable().meta({
        description: 'Why an authority is not ranked: nothing recorded to measure, or every completeness figure suppressed (ranks use only published figures)',
      }),
      authorityCode: z.string(),
      authorityName: z.string(),
      region: z.string(),
      childrenLookedAfter: figure,
      completeness: z.array(z.object({ id: z.string(), title: z.string(), figure: figure.meta({ description: 'A whole-number percentage' }) })),
      violationsPer100Children: figure,
      staleOpenEpisodes: figure,
      awayLooksMissing: figure.meta({ description: 'Percentage of away (A) episodes that look like missing (M) ones' }),
      recordsNoAway: z.boolean(),
      rulesCheckedAt: z.string().nullable(),
    }),
  ),
});

const security = [{ bearerAuth: [] }];

/** Registers the data-quality routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerDataQualityRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/data-quality',
    {
      schema: {
        tags: ['Data quality'],
        security,
        operationId: 'dataQualityOverview',
        outcomes: outcomes(200, 'Your authority’s data quality', 404),
        summary: 'Your authority’s data quality: counts by state, completeness, records failing rules, stale episodes, missing and away, probable duplicates',
        description: 'Team managers and data officers of a local authority, for their own authority. Others: 404.',
        querystring: noQuery,
        response: { 200: overviewResponse },
      },
    },
    async (request, reply) => sendResult(reply, await services.dataQuality.authorityOverview(actorOf(request))),
  );
  api.get(
    '/data-quality/league-table',
    {
      schema: {
        tags: ['Data quality'],
        security,
        operationId: 'dataQualityLeagueTable',
        outcomes: outcomes(200, 'The league table', 404),
        summary: 'Every authority’s data quality, ranked: aggregates only, counts from 1 to 4 suppressed',
        description: 'National analysts. Others: 404.',
        querystring: noQuery,
        response: { 200: leagueTableResponse },
      },
    },
    async (request, reply) => sendResult(reply, await services.dataQuality.leagueTable(actorOf(request))),
  );
}
