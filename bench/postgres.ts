import pg from 'pg';
import { startPostgresCluster } from '../test/helpers/postgres-cluster.ts';

/** A PostgreSQL server the benchmark may create databases on. */
export interface PostgresServer {
  /** A URL to the server's maintenance database (`postgres`). */
  readonly url: string;
  /** What the server is, for the report: version and where it came from. */
  readonly description: string;
  /** The postmaster's process id, for a throw-away cluster; null for a server given in DATABASE_URL. */
  readonly postmaster: number | null;
  /** Stops and deletes a throw-away cluster; does nothing for a server given in DATABASE_URL. */
  stop(): Promise<void>;
}

/**
 * The server in DATABASE_URL, or else a throw-away cluster: initdb into a temporary folder,
 * start it on a free port on 127.0.0.1 with PostgreSQL's default durability settings
 * (fsync on, synchronous_commit on), and delete it on stop.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    return { url: given, description: `${await serverVersion(given)} (DATABASE_URL)`, postmaster: null, stop: async () => {} };
  }
  return startThrowawayCluster();
}

async function startThrowawayCluster(): Promise<PostgresServer> {
  // Durability settings are left at PostgreSQL's defaults (fsync=on, synchronous_commit=on, full_page_writes=on).
  const cluster = await startPostgresCluster({ durable: true });
  try {
    return {
      url: cluster.url,
      description: `${await serverVersion(cluster.url)} (throw-away cluster, default durability settings)`,
      postmaster: cluster.postmaster(),
      stop: () => cluster.destroy(),
    };
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ version: string }>("select current_setting('server_version') as version");
    return `PostgreSQL ${result.rows[0]?.version ?? '?'}`;
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the server and returns its URL and a function that drops it. */
export async function createScratchDatabase(serverUrl: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        // A closed pool's connections take a moment to go: wait for them rather than kill them,
        // since a killed idle connection is an unhandled error in the closed pool.
        for (let attempt = 0; ; attempt++) {
          try {
            await cleanup.query(`drop database if exists ${name}`);
            return;
          } catch (error) {
            if (attempt >= 50) throw error;
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }
      } finally {
        await cleanup.end();
      }
    },
  };
}
