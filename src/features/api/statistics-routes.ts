import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ATTRIBUTIONS, COHORTS, MISSING_TYPE_OPTIONS, parseStatisticsQuery, queryAsText } from '../../domain/statistics/query.ts';
import type { QueryProblem, StatisticsQuery, StatisticsQueryInput } from '../../domain/statistics/query.ts';
import type { Result } from '../../domain/result.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { DEFAULT_TREND_YEARS, MAX_TREND_YEARS } from '../../services/statistics-service.ts';
import type { StatisticsError } from '../../services/statistics-service.ts';
import { outcomes } from './openapi.ts';
import { problem, sendProblem, sendResult } from './problem.ts';
import { filterText, isoDate } from './schemas.ts';

// The statistics engine's JSON API: the "Heading back to harm" report and its trend. Every figure says whether
// it was rounded or suppressed (and why). Who may ask, and how they see it: src/services/statistics-service.ts.

const queryFields = {
  from: isoDate('the first day of the period').meta({ description: 'First day of the period, inclusive (UK days)' }),
  to: isoDate('the last day of the period').meta({ description: 'Last day of the period, inclusive' }),
  cohort: z
    .enum(COHORTS, { error: `Select a cohort: one of ${COHORTS.join(', ')}` })
    .default('trafficked')
    .meta({
      description:
        'trafficked (suspected, identified or confirmed), uasc, both (trafficked and UASC), either (trafficked or UASC), all (every looked-after child)',
    }),
  geography: filterText('the geography', 80)
    .default('uk')
    .meta({ description: 'uk, nation:ENG|WLS|SCT|NIR, region:NAME (e.g. region:South East) or authority:CODE (e.g. authority:E10000016)' }),
  attribution: z.enum(ATTRIBUTIONS, { error: 'Select an attribution: responsible or host' }).default('responsible').meta({
    description: 'Count children and episodes by their responsible (placing) authority or by the host authority',
  }),
  missingTypes: z.enum(MISSING_TYPE_OPTIONS, { error: 'Select the missing types: M, or M,A' }).default('M').meta({
    description: 'M (missing) only, or M,A (missing and away without authorisation)',
  }),
  censusDate: isoDate('the census date')
    .optional()
    .meta({ description: '"Not found" as at the end of this day; the last day of the period unless given, never before it' }),
};

const statisticsQuerystring = z.strictObject(queryFields);
const trendQuerystring = z.strictObject({
  ...queryFields,
  years: z.coerce
    .number({ error: `Years must be a whole number from 1 to ${MAX_TREND_YEARS}` })
    .int({ error: `Years must be a whole number from 1 to ${MAX_TREND_YEARS}` })
    .min(1, { error: `Years must be a whole number from 1 to ${MAX_TREND_YEARS}` })
    .max(MAX_TREND_YEARS, { error: `Years must be a whole number from 1 to ${MAX_TREND_YEARS}` })
    .default(DEFAULT_TREND_YEARS)
    .meta({ description: '12-month periods ending on `to`, oldest first' }),
});

// ---- Responses (documented in the OpenAPI document, and checked as they are sent) ----

export const figure = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('count'),
      value: z.number(),
      roundedTo: z.number().nullable().meta({ description: 'The rounding base, or null when not rounded' }),
      perturbed: z.boolean().meta({ description: 'Whether the count was perturbed by the cell-key method (it may differ from the true count by up to 2)' }),
    }),
    z.object({ kind: z.literal('rate'), value: z.number(), unit: z.enum(['percent', 'ratio']), decimals: z.number() }),
    z.object({
      kind: z.literal('suppressed'),
      reason: z
        .enum(['SMALL', 'SECONDARY', 'DERIVED'])
        .meta({ description: 'SMALL: 1 to 4; SECONDARY: would reveal a suppressed figure; DERIVED: a rate from a suppressed figure' }),
    }),
    z.object({ kind: z.literal('not_applicable') }),
  ])
  .meta({ description: 'A published figure: shown (exact or rounded), suppressed (render as [c]) or not applicable' });

const labelled = z.object({ key: z.string(), label: z.string() });
export const table = z.object({
  id: z.string(),
  title: z.string(),
  rowHeading: z.string(),
  rows: z.array(labelled),
  columns: z.array(labelled),
  cells: z.array(z.array(figure)),
  rowTotals: z.array(figure),
  columnTotals: z.array(figure),
  grandTotal: figure,
  rowRates: z.object({ label: z.string(), values: z.array(figure), total: figure }).nullable(),
});
const measure = z.object({ number: z.number(), id: z.string(), label: z.string(), cohort: figure, allLookedAfter: figure });
const coverage = z.object({
  authoritiesInGeography: z.number(),
  reporting: z.number(),
  percentReporting: figure,
  nonReporting: z.object({ count: z.number(), authorities: z.array(z.object({ code: z.string(), name: z.string() })).nullable() }),
});
const queryText = z.object({
  from: z.string(),
  to: z.string(),
  cohort: z.string(),
  geography: z.string(),
  attribution: z.string(),
  missingTypes: z.string(),
  censusDate: z.string(),
});
export const disclosure = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('owner') }),
  z.object({ kind: z.literal('controlled'), threshold: z.number(), rounding: z.number().nullable(), perturbed: z.boolean() }),
]);
const headlineTables = z.object({ children: table, notFound: table, episodes: table });

const reportResponse = z.object({
  report: z.literal('heading-back-to-harm'),
  query: queryText,
  geographyName: z.string(),
  cohortLabel: z.string(),
  disclosure,
  measures: z.array(measure),
  tables: headlineTables,
  coverage,
  breakdowns: z.object({ sex: table, nationality: table, ageAtStart: table, placementAtStart: table, duration: table, returnInterview: table }),
  supporting: z.object({ percentInterviewsOffered: figure, percentInterviewsWithin72Hours: figure }),
});

const trendResponse = z.object({
  report: z.literal('heading-back-to-harm-trend'),
  query: queryText,
  geographyName: z.string(),
  cohortLabel: z.string(),
  disclosure,
  years: z.array(
    z.object({ period: z.object({ from: z.string(), to: z.string() }), censusDate: z.string(), measures: z.array(measure), tables: headlineTables, coverage }),
  ),
});

function actorOf(request: FastifyRequest): Actor {
  // The API's onRequest hook answers 401 before a handler runs without an actor.
  if (request.actor === null) throw new Error('API handler reached without an authenticated actor');
  return request.actor;
}

function sendQueryProblems(reply: FastifyReply, problems: readonly QueryProblem[], detail: string): FastifyReply {
  return sendProblem(
    reply,
    problem(400, 'invalid-request', 'There is a problem with the request', { detail, errors: problems.map(({ field, message }) => ({ field, message })) }),
  );
}

/** The cross-field rules (the period's order and length, the census date, the geography's form) as a 400, like a schema error. */
export function checkedQuery(reply: FastifyReply, input: StatisticsQueryInput): StatisticsQuery | null {
  const parsed = parseStatisticsQuery(input);
  if (parsed.ok) return parsed.value;
  void sendQueryProblems(reply, parsed.error, 'The query has errors');
  return null;
}

/** The service's answer: a query that may not be released beyond the owner is a 400 saying what is allowed. */
export function sendStatistics<T>(reply: FastifyReply, result: Result<T, StatisticsError>): FastifyReply {
  if (result.ok) return sendResult(reply, result);
  const { error } = result;
  if (error.kind === 'not_standard')
    return sendQueryProblems(reply, error.problems, 'Only standard periods can be given for anything but your own authority’s children');
  return sendResult(reply, { ok: false, error });
}

const security = [{ bearerAuth: [] }];

/** Registers the statistics routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerStatisticsRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const description =
    'Data officers and team managers: their own authority (responsible attribution) as it is, for any period. ' +
    'Anything else, and everything for the national unit, is disclosure-controlled: standard periods only (a calendar month, a quarter, a financial year, ' +
    'a calendar year or a year to 30 September, with the census date at its end; anything else is a 400 saying so), every count perturbed by the cell-key method, ' +
    'then 1 to 4 suppressed with secondary suppression, and national and regional figures rounded to 10. Others: 404.';

  api.get(
    '/statistics/heading-back-to-harm',
    {
      schema: {
        tags: ['Statistics'],
        security,
        operationId: 'reportHeadingBackToHarm',
        outcomes: outcomes(200, 'The report', 404),
        summary: 'The "Heading back to harm" measures, tables and breakdowns for a period, cohort and geography',
        description,
        querystring: statisticsQuerystring,
        response: { 200: reportResponse },
      },
    },
    async (request, reply) => {
      const query = checkedQuery(reply, request.query);
      if (query === null) return reply;
      const result = await services.statistics.headingBackToHarm(actorOf(request), query);
      return sendStatistics(reply, result.ok ? { ok: true, value: { ...result.value, query: queryAsText(result.value.query) } } : result);
    },
  );

  api.get(
    '/statistics/heading-back-to-harm/trend',
    {
      schema: {
        tags: ['Statistics'],
        security,
        operationId: 'reportHeadingBackToHarmTrend',
        outcomes: outcomes(200, 'The trend', 404),
        summary: 'The "Heading back to harm" measures for consecutive 12-month periods ending on `to`',
        description,
        querystring: trendQuerystring,
        response: { 200: trendResponse },
      },
    },
    async (request, reply) => {
      const { years, ...input } = request.query;
      const query = checkedQuery(reply, input);
      if (query === null) return reply;
      const result = await services.statistics.trend(actorOf(request), query, years);
      return sendStatistics(reply, result.ok ? { ok: true, value: { ...result.value, query: queryAsText(result.value.query) } } : result);
    },
  );
}
