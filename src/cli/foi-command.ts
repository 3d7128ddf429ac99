import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { DatabaseHandle } from '../db/client.ts';
import { isIsoDate } from '../domain/dates.ts';
import { FOI_CSV_COLUMNS, foiPackMarkdown, foiPackRows } from '../domain/statistics/foi-pack.ts';
import type { CompletenessCaveat } from '../domain/statistics/foi-pack.ts';
import { completenessCaveats, loadFoiPack } from '../services/foi-service.ts';
import { createRuntimeServices } from '../runtime.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from '../services/index.ts';

// `lantern foi`: the FOI pack for an authority and period, ready to send. The figures are published ones: the
// command asks as the national unit, so every figure is disclosure-controlled, as anything sent beyond the
// authority must be. The data-quality caveats come from the authority's own checks, asked as its data officer.
// Every request is on the audit trail as the actor "command-line".

export interface FoiOptions {
  readonly authority?: string;
  readonly from?: string;
  readonly to?: string;
  readonly out?: string;
  readonly format?: string;
}

export interface FoiOutput {
  out(text: string): void;
  err(text: string): void;
  writeFile(path: string, text: string): Promise<void>;
}

const EXIT_BAD_OPTION = 2;
const COMMAND_LINE = 'command-line';

export interface FoiCommandRequest {
  readonly authority: string;
  readonly from: string;
  readonly to: string;
  readonly out: string | null;
  readonly format: 'md' | 'csv';
}

export function parseFoiOptions(options: FoiOptions): { ok: true; value: FoiCommandRequest } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const authority = options.authority?.trim().toUpperCase();
  if (authority === undefined || !/^[A-Z0-9-]{2,20}$/.test(authority)) problems.push('--authority: Enter an authority code, for example --authority E10000016');
  if (options.from === undefined || !isIsoDate(options.from))
    problems.push('--from: Enter the first day of the period as YYYY-MM-DD, for example --from 2024-10-01');
  if (options.to === undefined || !isIsoDate(options.to)) problems.push('--to: Enter the last day of the period as YYYY-MM-DD, for example --to 2025-09-30');
  const format = options.format ?? (options.out?.toLowerCase().endsWith('.csv') === true ? 'csv' : 'md');
  if (format !== 'md' && format !== 'csv') problems.push('--format: Enter md or csv');
  if (problems.length > 0 || authority === undefined || options.from === undefined || options.to === undefined || (format !== 'md' && format !== 'csv'))
    return { ok: false, problems };
  return { ok: true, value: { authority, from: options.from, to: options.to, out: options.out ?? null, format } };
}

/** Builds the pack and writes it (to --out, or standard output); returns the exit code. */
export async function runFoiCommand(services: Services, request: FoiCommandRequest, output: FoiOutput): Promise<number> {
  const national: Actor = { id: COMMAND_LINE, organisationCode: COMMAND_LINE, localAuthorityCode: null, role: 'national_analyst', origin: null };
  const officer: Actor = { id: COMMAND_LINE, organisationCode: request.authority, localAuthorityCode: request.authority, role: 'data_officer', origin: null };
  const overview = await services.dataQuality.authorityOverview(officer);
  const completeness: CompletenessCaveat[] | null = overview.ok ? completenessCaveats(overview.value) : null;
  const pack = await loadFoiPack(services, national, { authorityCode: request.authority, from: request.from, to: request.to }, completeness);
  if (!pack.ok) {
    const problems =
      pack.error.kind === 'invalid'
        ? pack.error.problems.map((problem) => `--${problem.field === 'from' ? 'from' : problem.field === 'to' ? 'to' : 'authority'}: ${problem.message}`)
        : [`--authority: There is no authority with the code ${request.authority}`];
    for (const problem of problems) output.err(`lantern foi: ${problem}`);
    return EXIT_BAD_OPTION;
  }
  const text = request.format === 'csv' ? stringify(foiPackRows(pack.value), { header: true, columns: [...FOI_CSV_COLUMNS] }) : foiPackMarkdown(pack.value);
  if (request.out === null) output.out(text);
  else {
    await output.writeFile(request.out, text);
    output.err(`Wrote the FOI pack for ${pack.value.authorityName} to ${request.out}`);
  }
  return 0;
}

export function registerFoiCommand(program: Command, withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>): void {
  program
    .command('foi')
    .description('Write the FOI pack (the charities’ standard questions answered, disclosure-controlled) for an authority and period')
    .option('--authority <code>', 'the authority, e.g. E10000016')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD)')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD)')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--format <format>', 'md (Markdown text) or csv; from the --out file name when not given')
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : EXIT_BAD_OPTION);
    })
    .action(async (options: FoiOptions) => {
      const output: FoiOutput = {
        out: (text) => {
          process.stdout.write(text);
        },
        err: (text) => {
          console.error(text);
        },
        writeFile: (path, text) => writeFile(path, text, 'utf8'),
      };
      const request = parseFoiOptions(options);
      if (!request.ok) {
        for (const problem of request.problems) output.err(`lantern foi: ${problem}`);
        process.exitCode = EXIT_BAD_OPTION;
        return;
      }
      await withDatabase(async (handle) => {
        process.exitCode = await runFoiCommand(createRuntimeServices(handle), request.value, output);
      });
    });
}
