// npm run bench [-- suite]: runs the named benchmark suite, or all of them, prints the
// figures as Markdown and writes them as JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { alertsSuite, markdown as alertsMarkdown } from './alerts.ts';
import { apiSuite, markdown as apiMarkdown } from './api.ts';
import { Cleanups } from './cleanups.ts';
import { durabilitySuite, markdown as durabilityMarkdown } from './durability.ts';
import { markdown as matchingMarkdown, matchingSuite } from './matching.ts';
import { markdown as matchingSpeedMarkdown, matchingSpeedSuite } from './matching-speed.ts';
import { loadSuite, markdown as loadMarkdown } from './mixed-load.ts';
import { markdown as outageMarkdown, outageSuite } from './outage.ts';
import { markdown as renderMarkdown, renderSuite } from './render.ts';
import { markdown as statisticsMarkdown, statisticsSuite } from './statistics.ts';
import type { Log } from './cleanups.ts';

interface Suite {
  readonly description: string;
  run(log: Log, cleanups: Cleanups): Promise<{ readonly result: unknown; readonly markdown: string; readonly failed: boolean }>;
}

const SUITES: Record<string, Suite> = {
  alerts: {
    description: 'The national count of alerts past their clock, by authority, over 2,000,000 alerts on PostgreSQL: its plan and time (issue 14 item 2)',
    async run(log, cleanups) {
      const result = await alertsSuite(log, cleanups);
      return { result, markdown: alertsMarkdown(result), failed: !result.indexUsed };
    },
  },
  api: {
    description: 'Recording a missing episode through the API, against inserting the same rows directly (issue 2)',
    async run(log, cleanups) {
      const result = await apiSuite(log, cleanups);
      return { result, markdown: apiMarkdown(result), failed: result.targetMet === false };
    },
  },
  durability: {
    description: 'What a durable embedded database costs: PGlite commits with fsync off and with every commit flushed (issue 10 item 15)',
    async run(log, cleanups) {
      const result = await durabilitySuite(log, cleanups);
      return { result, markdown: durabilityMarkdown(result), failed: false };
    },
  },
  load: {
    description: 'An open-loop mixed workload at rising fixed rates over real HTTP, and the CPU cost of each kind of request (issue 16 item 6)',
    async run(log, cleanups) {
      const result = await loadSuite(log, cleanups);
      return { result, markdown: loadMarkdown(result), failed: result.targetMet === false };
    },
  },
  matching: {
    description:
      'Identity matching on FEBRL 4 and 3 against exact name and date of birth, and found-child search on a seeded population (issue 13 items 7 and 8)',
    async run(log, cleanups) {
      const result = await matchingSuite(log, cleanups);
      return { result, markdown: matchingMarkdown(result), failed: !result.targetMet };
    },
  },
  'matching-speed': {
    description:
      'Identity matching at scale: a found-child query, re-estimating the model and an authority’s probable duplicates on each engine (issue 13 item 8; BENCH_MATCHING_CHILDREN, default 100,000)',
    async run(log, cleanups) {
      const result = await matchingSpeedSuite(log, cleanups);
      return { result, markdown: matchingSpeedMarkdown(result), failed: !result.targetMet };
    },
  },
  outage: {
    description: 'Lantern on PostgreSQL under write load while the database restarts, crashes and drops connections (issue 10 item 13)',
    async run(log, cleanups) {
      const result = await outageSuite(log, cleanups);
      return { result, markdown: outageMarkdown(result), failed: !result.targetMet };
    },
  },
  render: {
    description: "Server-side render time of My work, a child's record and a search with 100,000 children (issue 4)",
    async run(log, cleanups) {
      const result = await renderSuite(log, cleanups);
      return { result, markdown: renderMarkdown(result), failed: !result.targetMet };
    },
  },
  statistics: {
    description: 'The UK-wide "Heading back to harm" report over 1,000,000 children and 5,000,000 episodes (issue 5)',
    async run(log, cleanups) {
      const result = await statisticsSuite(log, cleanups);
      return { result, markdown: statisticsMarkdown(result), failed: result.targetMet === false };
    },
  },
};

const log: Log = (line) => {
  process.stderr.write(`${line}\n`);
};

const requested = process.argv[2];
if (requested !== undefined && !(requested in SUITES)) {
  process.stderr.write(`There is no benchmark suite "${requested}". The suites are: ${Object.keys(SUITES).join(', ')}\n`);
  process.exit(2);
}
const names = requested === undefined ? Object.keys(SUITES) : [requested];

const cleanups = new Cleanups();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping and cleaning up\n`);
    void cleanups.runFrom(0).finally(() => process.exit(130));
  });
}

// An error nobody awaits (a pool's idle connection dropped, say) must not leave a cluster running.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.once(event, (error: unknown) => {
    process.stderr.write(`\n${event}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    void cleanups.runFrom(0).finally(() => process.exit(1));
  });
}

const resultsDir = path.join(import.meta.dirname, 'results');
let anyMissed = false;
try {
  for (const name of names) {
    const suite = SUITES[name];
    if (suite === undefined) continue;
    log(`# Suite ${name}: ${suite.description}`);
    const { result, markdown, failed } = await suite.run(log, cleanups);
    anyMissed ||= failed;
    mkdirSync(resultsDir, { recursive: true });
    const stamp = new Date()
      .toISOString()
      .replaceAll(':', '-')
      .replace(/\.\d+Z$/, 'Z');
    const json = `${JSON.stringify(result, null, 2)}\n`;
    writeFileSync(path.join(resultsDir, `${name}-${stamp}.json`), json);
    writeFileSync(path.join(resultsDir, `${name}-latest.json`), json);
    process.stdout.write(`\n### ${suite.description}\n\n${markdown}\n\n`);
    log(`Results: ${path.relative(process.cwd(), path.join(resultsDir, `${name}-latest.json`))}`);
  }
} finally {
  await cleanups.runFrom(0);
}
// The figures are the product: a missed target is reported in them, not as a failed command.
if (anyMissed) log('A target was not met: see the tables above.');
