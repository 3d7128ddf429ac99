// Suite `durability` (issue 10 item 15): what making the embedded database durable costs. The same
// work on PGlite on disk as it came (fsync off) and as Lantern now runs it (every commit's WAL
// flushed to disk before the commit returns): single-row commits, five-row transactions, and
// opening a new data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../src/db/client.ts';
import { durablePgliteOptions } from '../src/db/durable-node-fs.ts';
import type { Cleanups, Log } from './cleanups.ts';
import { quantile } from './load.ts';

const COMMITS = Number(process.env['BENCH_COMMITS'] ?? 300);

interface DurabilityRow {
  readonly mode: string;
  readonly work: string;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface DurabilityResult {
  readonly date: string;
  readonly folder: string;
  readonly commits: number;
  readonly rows: DurabilityRow[];
  /** Opening a new data folder (initdb and start; durable: and flushing it), in seconds. */
  readonly newFolderSeconds: { readonly before: number; readonly durable: number };
}

const MODES = {
  'fsync off (as PGlite comes)': (folder: string) => PGlite.create({ dataDir: folder }),
  'durable (as Lantern runs it)': (folder: string) => PGlite.create(durablePgliteOptions(folder)),
} as const;

async function timeEach(times: number, work: (i: number) => Promise<unknown>): Promise<{ perSecond: number; p50Ms: number; p99Ms: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < times; i++) {
    const before = performance.now();
    await work(i);
    latencies.push(performance.now() - before);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { perSecond: Math.round((times / elapsed) * 1000), p50Ms: round(quantile(latencies, 0.5)), p99Ms: round(quantile(latencies, 0.99)) };
}

export async function durabilitySuite(log: Log, cleanups: Cleanups): Promise<DurabilityResult> {
  // On the machine's disk (os.tmpdir() is on it here, not a tmpfs), where an fsync has a cost.
  const root = mkdtempSync(path.join(tmpdir(), 'lantern-bench-durability-'));
  cleanups.push(() => {
    rmSync(root, { recursive: true, force: true });
    return Promise.resolve();
  });
  const rows: DurabilityRow[] = [];
  for (const [mode, open] of Object.entries(MODES)) {
    const folder = path.join(root, mode.startsWith('durable') ? 'durable' : 'before');
    // A first open makes the folder; the figures are from a second, as a server restarted finds it.
    await (await open(folder)).close();
    const pg = await open(folder);
    try {
      await pg.exec('create table probe (id integer primary key, body text not null)');
      const body = 'x'.repeat(200);
      const single = await timeEach(COMMITS, (i) => pg.query('insert into probe values ($1, $2)', [i, body]));
      rows.push({ mode, work: 'single-row commit', ...single });
      const batch = await timeEach(Math.ceil(COMMITS / 3), (i) =>
        pg.transaction(async (tx) => {
          for (let j = 0; j < 5; j++) await tx.query('insert into probe values ($1, $2)', [COMMITS + i * 5 + j, body]);
        }),
      );
      rows.push({ mode, work: 'five-row transaction', ...batch });
      log(`  ${mode}: ${single.perSecond} single-row commits/s, ${batch.perSecond} five-row transactions/s`);
    } finally {
      await pg.close();
    }
  }
  const seconds = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return Math.round((performance.now() - started) / 100) / 10;
  };
  const before = await seconds(async () => (await PGlite.create({ dataDir: path.join(root, 'fresh-before') })).close());
  const durable = await seconds(async () => (await openDatabase({ engine: 'pglite', dataDir: path.join(root, 'fresh-durable') })).close());
  return { date: new Date().toISOString(), folder: root, commits: COMMITS, rows, newFolderSeconds: { before, durable } };
}

export function markdown(result: DurabilityResult): string {
  return [
    `PGlite 0.4 on disk (${result.folder}), ${result.commits} single-row commits and ${Math.ceil(result.commits / 3)} five-row transactions each, one after another (${result.date}).`,
    '',
    '| Mode | Work | Per second | p50 | p99 |',
    '|---|---|---:|---:|---:|',
    ...result.rows.map((row) => `| ${row.mode} | ${row.work} | ${row.perSecond} | ${row.p50Ms} ms | ${row.p99Ms} ms |`),
    '',
    `Opening a new data folder: ${result.newFolderSeconds.before} s as PGlite comes, ${result.newFolderSeconds.durable} s durable (a second start, and every file flushed).`,
  ].join('\n');
}
