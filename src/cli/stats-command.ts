import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import type { DatabaseHandle } from '../db/client.ts';
import { authoritiesIn } from '../db/repositories/statistics-repository.ts';
import type { Database } from '../db/schema.ts';
import { ptableEntries } from '../domain/statistics/cell-key.ts';
import { formatGeography, parseStatisticsQuery, queryAsText } from '../domain/statistics/query.ts';
import type { QueryField, StatisticsQuery } from '../domain/statistics/query.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { TIDY_COLUMNS, tidyReport, tidyTrend } from '../domain/statistics/tidy.ts';
import { createRuntimeServices } from '../runtime.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from '../services/index.ts';
import { MAX_TREND_YEARS } from '../services/statistics-service.ts';
import type { StatisticsError } from '../services/statistics-service.ts';

// `lantern stats`: the "Heading back to harm" statistics from the command line. It runs as the national unit,
// so everything is disclosure-controlled (standard periods only, every count perturbed by the cell-key method,
// counts of 1 to 4 suppressed, national and regional figures rounded to 10), unless --authority-owner CODE is
// given: then it runs as that authority's data officer and shows that authority's own children (geography
// authority:CODE, responsible attribution) as they are, for any period, and anything else disclosure-controlled.
// Every run is on the audit trail as the actor "command-line".

export interface StatsOptions {
  readonly from?: string;
  readonly to?: string;
  readonly cohort?: string;
  readonly geography?: string;
  readonly attribution?: string;
  readonly missingTypes?: string;
  readonly censusDate?: string;
  readonly format?: string;
  readonly authorityOwner?: string;
  readonly trendYears?: string;
  readonly ptable?: boolean;
}

export interface StatsOutput {
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes: 0 done, 2 a bad option (the message names it). */
const EXIT_BAD_OPTION = 2;

const OPTION_OF: Record<QueryField, string> = {
  from: '--from',
  to: '--to',
  cohort: '--cohort',
  geography: '--geography',
  attribution: '--attribution',
  missingTypes: '--missing-types',
  censusDate: '--census-date',
};

const COMMAND_LINE = 'command-line';

export interface StatsRequest {
  readonly query: StatisticsQuery;
  readonly format: 'json' | 'csv';
  /** The authority whose data officer the command runs as, or null for the national unit. */
  readonly owner: string | null;
  /** A trend of this many years instead of one report, or null. */
  readonly trendYears: number | null;
}

/** Checks the options without touching the database; every problem names its option. */
export function parseStatsOptions(options: StatsOptions): Result<StatsRequest, string[]> {
  const problems: string[] = [];
  if (options.from === undefined) problems.push('--from: Enter the first day of the period, for example --from 2024-10-01');
  if (options.to === undefined) problems.push('--to: Enter the last day of the period, for example --to 2025-09-30');
  const format = options.format ?? 'json';
  if (format !== 'json' && format !== 'csv') problems.push('--format: Enter json or csv');
  const years = options.trendYears === undefined ? null : Number(options.trendYears);
  if (years !== null && (!Number.isInteger(years) || years < 1 || years > MAX_TREND_YEARS))
    problems.push(`--trend-years: Enter a whole number from 1 to ${MAX_TREND_YEARS}`);
  const owner = options.authorityOwner === undefined ? null : options.authorityOwner.trim().toUpperCase();
  if (owner !== null && !/^[A-Z0-9-]{2,20}$/.test(owner)) problems.push('--authority-owner: Enter an authority code, for example E10000016');
  const parsed = parseStatisticsQuery({
    from: options.from ?? '',
    to: options.to ?? '',
    cohort: options.cohort,
    geography: options.geography,
    attribution: options.attribution,
    missingTypes: options.missingTypes,
    censusDate: options.censusDate,
  });
  if (!parsed.ok) {
    for (const problem of parsed.error) {
      // A missing --from or --to is reported once, above.
      if ((problem.field === 'from' && options.from === undefined) || (problem.field === 'to' && options.to === undefined)) continue;
      problems.push(`${OPTION_OF[problem.field]}: ${problem.message}`);
    }
  }
  if (problems.length > 0 || !parsed.ok || (format !== 'json' && format !== 'csv')) return fail(problems);
  return ok({ query: parsed.value, format, owner, trendYears: years });
}

/** Runs a checked request against a database and writes the result; returns the exit code. */
export async function runStatsCommand(services: Services, db: Kysely<Database>, request: StatsRequest, output: StatsOutput): Promise<number> {
  const { owner, query, format } = request;
  if (owner !== null && (await authoritiesIn(db, { kind: 'authority', code: owner })).length === 0) {
    return badOptions(output, [`--authority-owner: There is no authority with the code ${owner}`]);
  }
  const actor: Actor =
    owner === null
      ? { id: COMMAND_LINE, organisationCode: COMMAND_LINE, localAuthorityCode: null, role: 'national_analyst', origin: null }
      : { id: COMMAND_LINE, organisationCode: owner, localAuthorityCode: owner, role: 'data_officer', origin: null };

  if (request.trendYears !== null) {
    const trend = await services.statistics.trend(actor, query, request.trendYears);
    if (!trend.ok) return badOptions(output, refusal(trend.error, query));
    output.out(format === 'csv' ? csv(tidyTrend(trend.value)) : json({ ...trend.value, query: queryAsText(trend.value.query) }));
    return 0;
  }
  const report = await services.statistics.headingBackToHarm(actor, query);
  if (!report.ok) return badOptions(output, refusal(report.error, query));
  output.out(format === 'csv' ? csv(tidyReport(report.value)) : json({ ...report.value, query: queryAsText(report.value.query) }));
  return 0;
}

/** Why the service gave nothing, against the options: a period that may not be released, or a place that does not exist. */
function refusal(error: StatisticsError, query: StatisticsQuery): string[] {
  if (error.kind === 'not_standard') return error.problems.map((problem) => `${OPTION_OF[problem.field]}: ${problem.message}`);
  return [`--geography: There is no ${formatGeography(query.geography)} in the reference table of authorities`];
}

function badOptions(output: StatsOutput, problems: readonly string[]): number {
  for (const problem of problems) output.err(`lantern stats: ${problem}`);
  output.err('Run lantern stats --help to see the options.');
  return EXIT_BAD_OPTION;
}

/** The perturbation table the releases use, in the ONS layout (pcv, ckey, pvalue), for anyone to check. */
export function ptableCsv(): string {
  return stringify([...ptableEntries()], { header: true, columns: ['pcv', 'ckey', 'pvalue'] });
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function csv(rows: readonly Record<string, string>[]): string {
  return stringify([...rows], { header: true, columns: [...TIDY_COLUMNS] });
}

export function registerStatsCommand(program: Command, withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>): void {
  program
    .command('stats')
    .description(
      'Print the "Heading back to harm" statistics for a period and place: as the national unit (disclosure-controlled) ' + 'unless --authority-owner is given',
    )
    .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD)')
    .option('--cohort <cohort>', 'trafficked, uasc, both, either or all', 'trafficked')
    .option('--geography <area>', 'uk, nation:ENG|WLS|SCT|NIR, region:NAME or authority:CODE', 'uk')
    .option('--attribution <by>', 'count children by their responsible or host authority', 'responsible')
    .option('--missing-types <types>', 'M (missing) or M,A (missing and away without authorisation)', 'M')
    .option('--census-date <date>', '"not found" as at the end of this day (default: the last day of the period)')
    .option('--format <format>', 'json or csv (one figure per row)', 'json')
    .option('--trend-years <n>', `instead, the headline for this many 12-month periods ending on --to (1 to ${MAX_TREND_YEARS})`)
    .option('--authority-owner <code>', 'run as that authority: its own children (authority:CODE, responsible) unsuppressed')
    .option('--ptable', 'instead, print the perturbation table every release beyond the owner uses (CSV: pcv, ckey, pvalue)')
    // A usage error (an unknown option, a missing value) is a bad option too: exit 2, as for bad values.
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_OPTION);
    })
    .action(async (options: StatsOptions) => {
      const output: StatsOutput = {
        out: (text) => {
          process.stdout.write(text);
        },
        err: (text) => {
          console.error(text);
        },
      };
      if (options.ptable === true) {
        output.out(ptableCsv());
        return;
      }
      const request = parseStatsOptions(options);
      if (!request.ok) {
        process.exitCode = badOptions(output, request.error);
        return;
      }
      await withDatabase(async (handle) => {
        process.exitCode = await runStatsCommand(createRuntimeServices(handle), handle.db, request.value, output);
      });
    });
}
