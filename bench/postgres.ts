import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

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

function newestPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  if (newest === undefined) {
    throw new Error('No PostgreSQL server found under /usr/lib/postgresql. Install PostgreSQL (apt-get install postgresql) or set DATABASE_URL.');
  }
  return path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

async function startThrowawayCluster(): Promise<PostgresServer> {
  const bin = newestPostgresBin();
  // PostgreSQL refuses to run as root: as root, run the cluster as the postgres system user.
  const asRoot = userInfo().uid === 0;
  const as = async (command: string, args: string[]): Promise<void> => {
    const file = path.join(bin, command);
    await (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args));
  };
  const folder = mkdtempSync(path.join(tmpdir(), 'lantern-bench-pg-'));
  const dataDir = path.join(folder, 'data');
  let started = false;
  const stop = async (): Promise<void> => {
    if (started) {
      started = false;
      await as('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      chownSync(folder, Number(stdout.trim()), Number(group.trim()));
    }
    // --no-sync makes initdb itself quicker; it does not change how the server runs.
    await as('initdb', ['-D', dataDir, '-U', 'lantern', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
    const port = await freePort();
    // Durability settings are left at PostgreSQL's defaults (fsync=on, synchronous_commit=on, full_page_writes=on).
    const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=100`;
    await as('pg_ctl', ['-D', dataDir, '-l', path.join(folder, 'server.log'), '-w', '-o', options, 'start']);
    started = true;
    const url = `postgres://lantern@127.0.0.1:${port}/postgres`;
    // The first line of postmaster.pid is the server's process id.
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return {
      url,
      description: `${await serverVersion(url)} (throw-away cluster, default durability settings)`,
      postmaster: Number.isInteger(postmaster) && postmaster > 0 ? postmaster : null,
      stop,
    };
  } catch (error) {
    await stop();
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
