import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord, insertPopulation, KENT } from '../../test/factories/statistics-population.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { NON_STANDARD_CENSUS_DATE, NON_STANDARD_PERIOD } from '../domain/statistics/query.ts';
import { TIDY_COLUMNS } from '../domain/statistics/tidy.ts';
import { createServices } from '../services/index.ts';
import type { Services } from '../services/index.ts';
import { parseStatsOptions, ptableCsv, runStatsCommand } from './stats-command.ts';
import type { StatsOptions } from './stats-command.ts';

const run = promisify(execFile);

let handle: DatabaseHandle;
let services: Services;
beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: () => '2025-06-15T12:00:00.000Z', newId: randomUUID });
  // Kent: 12 trafficked children in care all year, 3 of whom went missing once each.
  await insertPopulation(
    handle.db,
    Array.from({ length: 12 }, (_, i) =>
      aRecord({
        care: [['2023-01-01', null]],
        concerns: [[['SUSPECTED', '2023-06-01']]],
        episodes: i < 3 ? [{ startAt: `2024-0${i + 5}-10T10:00:00Z`, endAt: `2024-0${i + 5}-10T20:00:00Z` }] : [],
      }),
    ),
  );
});
afterAll(async () => {
  await handle.close();
});

/** Runs `lantern stats` in-process with these options; returns what it wrote and its exit code. */
async function stats(options: StatsOptions): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const output = {
    out: (text: string) => {
      out += text;
    },
    err: (text: string) => {
      err += `${text}\n`;
    },
  };
  const request = parseStatsOptions(options);
  if (!request.ok) {
    for (const problem of request.error) output.err(`lantern stats: ${problem}`);
    return { code: 2, out, err };
  }
  return { code: await runStatsCommand(services, handle.db, request.value, output), out, err };
}

const PERIOD = { from: '2024-04-01', to: '2025-03-31' };

describe('parseStatsOptions', () => {
  it('should name each bad option', () => {
    const result = parseStatsOptions({ cohort: 'everyone', geography: 'county:Kent', format: 'xml', trendYears: '0', authorityOwner: 'Kent County' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.map((problem) => problem.split(':')[0]).sort()).toEqual([
      '--authority-owner',
      '--cohort',
      '--format',
      '--from',
      '--geography',
      '--to',
      '--trend-years',
    ]);
    expect(result.error).toContain('--from: Enter the first day of the period, for example --from 2024-10-01');
  });

  it('should read the defaults: trafficked children in the UK as JSON', () => {
    const result = parseStatsOptions(PERIOD);
    expect(result.ok && result.value).toMatchObject({
      format: 'json',
      owner: null,
      trendYears: null,
      query: { cohort: 'trafficked', geography: { kind: 'uk' } },
    });
  });

  it('should refuse a census date before the end of the period, naming the option', () => {
    const result = parseStatsOptions({ ...PERIOD, censusDate: '2025-01-01' });
    expect(result.ok ? [] : result.error).toEqual(['--census-date: The census date must be the same as or after the last day of the period']);
  });
});

describe('lantern stats', () => {
  it('should print the report as JSON, disclosure-controlled, as the national unit', async () => {
    const { code, out } = await stats({ ...PERIOD, geography: `authority:${KENT}` });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.disclosure).toEqual({ kind: 'controlled', threshold: 5, rounding: null, perturbed: true });
    expect(report.query.geography).toBe(`authority:${KENT}`);
    const missing = report.measures.find((m: { id: string }) => m.id === 'missingChildren');
    expect(missing.cohort).toEqual({ kind: 'suppressed', reason: 'SMALL' });
  });

  it('should show the authority its own children unsuppressed with --authority-owner', async () => {
    const { code, out } = await stats({ ...PERIOD, geography: `authority:${KENT}`, authorityOwner: KENT });
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.disclosure).toEqual({ kind: 'owner' });
    expect(report.measures.find((m: { id: string }) => m.id === 'missingChildren').cohort).toEqual({
      kind: 'count',
      value: 3,
      roundedTo: null,
      perturbed: false,
    });
  });

  it('should give the national unit standard periods only, naming the option and saying what is allowed, and the owner any period', async () => {
    const dayApart = { from: '2024-04-02', to: '2025-04-01', geography: `authority:${KENT}` };
    const refused = await stats(dayApart);
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toContain(`--from: ${NON_STANDARD_PERIOD}`);
    const census = await stats({ ...PERIOD, censusDate: '2025-04-30' });
    expect(census.err).toContain(`--census-date: ${NON_STANDARD_CENSUS_DATE}`);
    expect((await stats({ ...dayApart, authorityOwner: KENT })).code).toBe(0);
  });

  it('should print one figure per row as CSV, "[c]" where suppressed', async () => {
    const { code, out } = await stats({ ...PERIOD, format: 'csv' });
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe(TIDY_COLUMNS.join(','));
    const missing = lines.find((line) => line.includes(',measures,missingChildren,') && line.includes(',cohort,'));
    expect(missing).toContain(',[c],suppressed,fewer than 5');
    const lookedAfter = lines.find((line) => line.includes(',measures,lookedAfter,') && line.includes(',cohort,'));
    expect(lookedAfter).toContain(',10,rounded,"perturbed (may differ from the true count by up to 2), then rounded to the nearest 10"');
    expect(lines.every((line) => line.split(',').length >= TIDY_COLUMNS.length)).toBe(true);
  });

  it('should print a trend', async () => {
    const { code, out } = await stats({ ...PERIOD, trendYears: '2', authorityOwner: KENT, geography: `authority:${KENT}` });
    expect(code).toBe(0);
    expect(JSON.parse(out).years.map((year: { period: { from: string } }) => year.period.from)).toEqual(['2023-04-01', '2024-04-01']);
  });

  it('should exit 2 naming the option for an authority or a region that does not exist', async () => {
    const owner = await stats({ ...PERIOD, authorityOwner: 'E99999999' });
    expect(owner).toMatchObject({ code: 2, out: '' });
    expect(owner.err).toContain('--authority-owner: There is no authority with the code E99999999');
    const region = await stats({ ...PERIOD, geography: 'region:Atlantis' });
    expect(region.code).toBe(2);
    expect(region.err).toContain('--geography: There is no region:Atlantis');
  });

  it('should be on the audit trail as the command line', async () => {
    await stats({ ...PERIOD, cohort: 'uasc' });
    const events = await handle.db.selectFrom('auditEvent').select(['actorId', 'role', 'details']).where('actorId', '=', 'command-line').execute();
    expect(events).toContainEqual(
      expect.objectContaining({ role: 'national_analyst', details: expect.objectContaining({ cohort: 'uasc', geography: 'uk', view: 'controlled' }) }),
    );
  });
});

describe('lantern stats --ptable', () => {
  it('should print the perturbation table in the ONS layout, one row per cell value and cell key', () => {
    const lines = ptableCsv().trim().split('\n');
    expect(lines[0]).toBe('pcv,ckey,pvalue');
    expect(lines).toHaveLength(1 + 750 * 256);
    expect(lines[1]).toBe('1,0,0');
  });
});

describe('bin/lantern stats', () => {
  const main = path.join(import.meta.dirname, 'main.ts');
  const exitCode = async (args: string[]) => {
    try {
      await run(process.execPath, [main, 'stats', ...args], { env: { ...process.env, LANTERN_DATA_DIR: '/nonexistent/never-opened' } });
      return { code: 0, stderr: '' };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  };

  // Both at once, each starting the whole command line: on a machine running seven other test processes the pair took
  // over 30 s, so the limit, which only turns a hang into a failure, is the one backup-command.test.ts uses.
  it('should exit 2 for a bad value or an unknown option, before opening any database', { timeout: 300_000 }, async () => {
    const [bad, unknown] = await Promise.all([
      exitCode(['--from', '2024-04-01', '--to', '2025-03-31', '--format', 'xml']),
      exitCode(['--from', '2024-04-01', '--to', '2025-03-31', '--colour', 'blue']),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format: Enter json or csv');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--colour'");
  });
});
