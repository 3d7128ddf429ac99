import { configDefaults, defineConfig } from 'vitest/config';

// Three tiers (README, Developing): `npm run test:unit`, `test:db` and `test:browser`; `npm test` runs them all.
// A test file that opens a database outside the db and browser tiers fails with a message saying so
// (test/helpers/test-database.ts), so a misfiled test cannot pass quietly.

/** Repositories, services, the command line and HTTP through app.inject: they need a database, PGlite or PostgreSQL. */
const DATABASE_TESTS = [
  'src/db/**/*.test.ts',
  'src/services/**/*.test.ts',
  'src/cli/**/*.test.ts',
  'src/server.test.ts',
  'src/seed/load-population.test.ts',
  'test/http/**/*.test.ts',
  'test/resilience/**/*.test.ts',
];
const ON_POSTGRES = Boolean(process.env['LANTERN_TEST_DATABASE_URL']);
/** They start PostgreSQL clusters of their own: on a run against LANTERN_TEST_DATABASE_URL they would only repeat themselves. */
const OWN_CLUSTER_TESTS = ON_POSTGRES ? ['test/resilience/**'] : [];
/**
 * On PostgreSQL the test files share their worker's modules instead of importing the app afresh each: the database
 * tier took 211 s instead of about 405 s (import 8 s instead of 129 s), with every test passing (docs/benchmarks.md,
 * "The test suite"); the browser tier does the same there. Not on PGlite, whose tier was no faster so (880 s against 738 s, on a busier machine): its time goes
 * in the embedded database, not in imports.
 */
const ISOLATE_DATABASE_FILES = !ON_POSTGRES;
const BROWSER_TESTS = ['test/browser/**/*.browser.test.ts'];
/** Migrates once per run, into a template each test file copies. */
const DATABASE_TEMPLATE = ['test/helpers/database-template.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { TZ: 'Europe/London' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...DATABASE_TESTS, ...BROWSER_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: DATABASE_TESTS,
          exclude: [...configDefaults.exclude, ...OWN_CLUSTER_TESTS],
          globalSetup: DATABASE_TEMPLATE,
          isolate: ISOLATE_DATABASE_FILES,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER_TESTS,
          globalSetup: DATABASE_TEMPLATE,
          // After the other tiers, so that a journey does not share the machine with them. The pages are waited
          // on by their states; these limits only turn a hang into a failure, however busy the machine
          // (a step's own limit is the harness's STEP_LIMIT).
          sequence: { groupOrder: 1 },
          isolate: ISOLATE_DATABASE_FILES,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          expect: { poll: { timeout: 120_000 } },
        },
      },
    ],
    // `npm run test:coverage`: the unit tier's coverage of the pure domain, a little below what it was when the
    // floor was last raised (6 December 2026: 97.35 % of statements, 89.52 % of branches, 99.38 % of functions,
    // 98.39 % of lines), so that new domain code comes with its unit tests.
    coverage: {
      provider: 'v8',
      include: ['src/domain/**/*.ts'],
      exclude: ['**/*.test.ts'],
      reporter: ['text-summary'],
      thresholds: { statements: 96, branches: 88, functions: 98, lines: 97 },
    },
  },
});
