import { PGlite } from '@electric-sql/pglite';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { lockDataFolder } from './data-folder-lock.ts';
import { durablePgliteOptions, syncFolder } from './durable-node-fs.ts';
import type { SyncObserver } from './durable-node-fs.ts';
import type { Database } from './schema.ts';

export { DataFolderInUseError } from './data-folder-lock.ts';

export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  /**
   * For the statements that may read from a replica (docs/deployment.md, "Reads from replicas"): the
   * pool of DATABASE_READ_URL, whose every transaction is read-only, or `db` itself when none is set.
   */
  readonly readDb: Kysely<Database>;
  readonly engine: Engine;
  /** How the PostgreSQL connection pools are used, for /metrics; none on the embedded database. */
  poolUse(): readonly PoolUse[];
  /**
   * The embedded database's data folder as a gzipped tar (PGlite's dumpDataDir), taken between two
   * statements after a checkpoint: a consistent copy, from the one process that may read the folder.
   * Absent on PostgreSQL, which is backed up with its own tools (docs/deployment.md).
   */
  readonly dumpDataDir?: () => Promise<Blob>;
  /** Runs a script of several SQL statements (migrations, bulk loads); a failed script's open transaction is rolled back. */
  execScript(sql: string): Promise<void>;
  /**
   * Runs a script of several SQL statements and returns the rows of each, in order, waiting its turn
   * for a connection like any query: for the job queue, whose set-up and locked blocks are scripts
   * (ADR 18). A failed script's open transaction is rolled back.
   */
  queryScript(sql: string): Promise<readonly (readonly Record<string, unknown>[])[]>;
  close(): Promise<void>;
}

export interface PoolUse {
  readonly pool: 'primary' | 'read';
  readonly max: number;
  /** Connections open, idle among them, and requests waiting for one. */
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export type DatabaseLocation =
  | { readonly engine: 'postgres'; readonly url: string; readonly poolSize?: number; readonly readUrl?: string }
  | { readonly engine: 'pglite'; readonly dataDir: string | null; readonly loadDataDir?: Blob }; // null: in memory (tests)

// Both engines hand back days as 'YYYY-MM-DD' and moments as ISO instants, so the
// domain never meets a JavaScript Date shifted by the server's time zone.
const OID = { INT8: 20, NUMERIC: 1700, DATE: 1082, TIMESTAMPTZ: 1184, TIMESTAMP: 1114 } as const;
const toIsoInstant = (value: string): string => new Date(value).toISOString();
const parsers: Record<number, (value: string) => unknown> = {
  [OID.INT8]: Number,
  [OID.NUMERIC]: Number,
  [OID.DATE]: (value) => value,
  [OID.TIMESTAMPTZ]: toIsoInstant,
};

export interface DatabaseOptions {
  /**
   * Told when PostgreSQL drops a connection (a restart, a failover, pg_terminate_backend). The pool
   * discards that connection and opens new ones as the database comes back; requests meanwhile get 503.
   */
  readonly onConnectionLost?: (error: Error) => void;
  /** Told of each file of the embedded database flushed to disk: how a test sees a commit made durable. */
  readonly onFileSynced?: SyncObserver;
}

export async function openDatabase(location: DatabaseLocation, options: DatabaseOptions = {}): Promise<DatabaseHandle> {
  return location.engine === 'postgres'
    ? openPostgres(location, options.onConnectionLost ?? (() => undefined))
    : openPglite(location.dataDir, options.onFileSynced ?? (() => undefined), location.loadDataDir);
}

const MAX_PREPARED_PER_CONNECTION = 500;

/**
 * A pg client that prepares each parameterised statement once per connection, so PostgreSQL
 * parses and plans the record's queries once, not on every request. Kysely builds a bounded set
 * of statement texts, and the cap keeps a pathological caller from growing the cache without end.
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Map<string, string>();

  override query(config: unknown, values?: unknown, callback?: unknown): never {
    if (typeof config === 'string' && typeof callback !== 'function') return traced(config, () => this.#query(config, values)) as never;
    return (super.query as (...args: unknown[]) => never)(config, values, callback);
  }

  #query(text: string, values: unknown): Promise<unknown> {
    if (Array.isArray(values) && values.length > 0) {
      let name = this.#prepared.get(text);
      if (name === undefined && this.#prepared.size < MAX_PREPARED_PER_CONNECTION) {
        name = `lantern_${this.#prepared.size}`;
        this.#prepared.set(text, name);
      }
      if (name !== undefined) return super.query({ name, text, values });
    }
    return (super.query as (text: string, values: unknown) => Promise<unknown>)(text, values);
  }
}

const tracer = trace.getTracer('lantern-database');

/**
 * A span for a statement, a child of the request's (src/telemetry.ts), when tracing is on; otherwise
 * OpenTelemetry's API does nothing. The span names the operation only: a statement's text and values
 * stay out of traces.
 */
function traced<T>(text: string, run: () => Promise<T>): Promise<T> {
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return tracer.startActiveSpan(
    operation,
    { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation } },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

function postgresPool(url: string, poolSize: number, onConnectionLost: (error: Error) => void, readOnly: boolean): pg.Pool {
  const types = new pg.TypeOverrides();
  for (const [oid, parse] of Object.entries(parsers)) types.setTypeParser(Number(oid), 'text', parse);
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: poolSize,
    // A read pool's transactions are all read-only, so that a write sent there by mistake fails
    // rather than reaching a replica (which would refuse it anyway) or a primary behind the read URL.
    options: readOnly ? '-c timezone=UTC -c default_transaction_read_only=on' : '-c timezone=UTC',
    types,
    // While the database is unreachable a request waits this long for a connection, then gets 503.
    connectionTimeoutMillis: 5_000,
    keepAlive: true,
  });
  // A connection that drops emits 'error', which would end the process with no listener. The pool
  // listens only to its idle connections; a checked-out one's error also fails the query it runs,
  // and the pool discards it when it comes back. Either way the pool connects afresh on demand.
  pool.on('connect', (client) => {
    client.on('error', onConnectionLost);
  });
  pool.on('error', () => {
    // Already told through the connection's own listener above.
  });
  return pool;
}

function openPostgres(
  location: { readonly url: string; readonly poolSize?: number; readonly readUrl?: string },
  onConnectionLost: (error: Error) => void,
): DatabaseHandle {
  const poolSize = location.poolSize ?? 10;
  const pool = postgresPool(location.url, poolSize, onConnectionLost, false);
  const kysely = (from: pg.Pool) => new Kysely<Database>({ dialect: new PostgresDialect({ pool: from }), plugins: [new CamelCasePlugin()] });
  const db = kysely(pool);
  const readPool = location.readUrl === undefined ? null : postgresPool(location.readUrl, poolSize, onConnectionLost, true);
  const readDb = readPool === null ? db : kysely(readPool);
  const use = (name: PoolUse['pool'], from: pg.Pool): PoolUse => ({
    pool: name,
    max: poolSize,
    total: from.totalCount,
    idle: from.idleCount,
    waiting: from.waitingCount,
  });
  return {
    db,
    readDb,
    engine: 'postgres',
    poolUse: () => (readPool === null ? [use('primary', pool)] : [use('primary', pool), use('read', readPool)]),
    async execScript(sql) {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    async queryScript(sql) {
      const client = await pool.connect();
      try {
        const results: pg.QueryResult | pg.QueryResult[] = await client.query(sql);
        return [results].flat().map((result) => result.rows as Record<string, unknown>[]);
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    close: once(async () => {
      await db.destroy();
      if (readDb !== db) await readDb.destroy();
    }),
  };
}

/** PGlite's extensions Lantern's migrations use: Double Metaphone for identity matching's blocking keys (migration 0017). */
export const PGLITE_EXTENSIONS = { fuzzystrmatch };
const extensions = PGLITE_EXTENSIONS;

/**
 * In memory (null), or in a data folder on disk, durably. In memory, `loadDataDir` is a PGlite data folder dumped as a
 * tarball (`dumpDataDir`) to start from instead of an empty database: the tests' migrated template.
 */
async function startPglite(dataDir: string | null, onFileSynced: SyncObserver, loadDataDir?: Blob): Promise<PGlite> {
  if (dataDir === null) return PGlite.create({ parsers, extensions, ...(loadDataDir === undefined ? {} : { loadDataDir }) });
  const folder = path.resolve(dataDir);
  const pgdata = path.join(folder, 'pgdata');
  if (!existsSync(path.join(pgdata, 'PG_VERSION'))) {
    // PGlite's initdb writes the new database without an fsync; flush it all before storing anything.
    await (await PGlite.create({ dataDir: pgdata })).close();
    syncFolder(folder, onFileSynced);
  }
  return PGlite.create({ ...durablePgliteOptions(pgdata, onFileSynced), parsers, extensions });
}

async function openPglite(dataDir: string | null, onFileSynced: SyncObserver, loadDataDir?: Blob): Promise<DatabaseHandle> {
  let releaseLock: (() => void) | undefined;
  if (dataDir !== null) {
    const folder = path.resolve(dataDir);
    mkdirSync(folder, { recursive: true });
    releaseLock = lockDataFolder(folder, dataDir);
  }
  let client: PGlite;
  try {
    client = await startPglite(dataDir, onFileSynced, loadDataDir);
    await client.exec("set timezone to 'UTC'");
  } catch (error) {
    releaseLock?.();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client), plugins: [new CamelCasePlugin()] });
  return {
    db,
    readDb: db,
    engine: 'pglite',
    poolUse: () => [],
    // Through Kysely, like execScript, so that no statement runs while the files are read.
    dumpDataDir: () =>
      db.connection().execute(async () => {
        await client.exec('checkpoint');
        return client.dumpDataDir('gzip');
      }),
    async execScript(sql) {
      // Through Kysely so the script waits its turn on PGlite's single connection.
      await db.connection().execute(async () => {
        try {
          await client.exec(sql);
        } catch (error) {
          await client.exec('rollback');
          throw error;
        }
      });
    },
    queryScript: (sql) =>
      db.connection().execute(async () => {
        try {
          return (await client.exec(sql)).map((result) => result.rows as Record<string, unknown>[]);
        } catch (error) {
          await client.exec('rollback');
          throw error;
        }
      }),
    close: once(async () => {
      await db.destroy();
      releaseLock?.();
    }),
  };
}

/** Closing twice (a failed start-up, then a shutdown signal) closes once. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= close());
}
