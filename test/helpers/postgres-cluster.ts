import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throw-away PostgreSQL cluster of one's own, on a free port on 127.0.0.1, that may be stopped,
 * started and killed at will (the shared server must never be). Tests of outages and the benchmarks use it.
 */
export interface PostgresCluster {
  /** A URL to the cluster's maintenance database (`postgres`), as the `lantern` superuser. */
  readonly url: string;
  readonly port: number;
  /** The postmaster's process id while the cluster runs. */
  postmaster(): number;
  /** Stops the server: `fast` disconnects every client and shuts down cleanly; `immediate` is a crash. */
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  startServer(): Promise<void>;
  /** Stops the server and deletes the cluster. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server's bin folder under /usr/lib/postgresql (Debian's packages), or null. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(path.join(root, name, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).at(-1);
  return newest === undefined ? null : path.join(root, newest, 'bin');
}

export async function freePort(): Promise<number> {
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

/**
 * initdb into a temporary folder and start the server. `durable: true` keeps PostgreSQL's default
 * durability settings (for benchmarks); otherwise fsync is off, which is quicker for tests.
 */
export async function startPostgresCluster({ durable }: { durable: boolean }): Promise<PostgresCluster> {
  const bin = postgresBin();
  if (bin === null) throw new Error('No PostgreSQL server found under /usr/lib/postgresql. Install PostgreSQL (apt-get install postgresql).');
  // PostgreSQL refuses to run as root: as root, run the cluster as the postgres system user.
  const asRoot = userInfo().uid === 0;
  const as = async (command: string, args: string[]): Promise<void> => {
    const file = path.join(bin, command);
    await (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args));
  };
  const folder = mkdtempSync(path.join(tmpdir(), 'lantern-pg-'));
  const dataDir = path.join(folder, 'data');
  const port = await freePort();
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c max_connections=100${durable ? '' : ' -c fsync=off'}`;
  let running = false;
  const cluster: PostgresCluster = {
    url: `postgres://lantern@127.0.0.1:${port}/postgres`,
    port,
    postmaster() {
      // The first line of postmaster.pid is the server's process id.
      return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    },
    async stopServer(mode = 'fast') {
      await as('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    async startServer() {
      await as('pg_ctl', ['-D', dataDir, '-l', path.join(folder, 'server.log'), '-w', '-o', options, 'start']);
      running = true;
    },
    async destroy() {
      if (running) await cluster.stopServer('immediate').catch(() => undefined);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  try {
    if (asRoot) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      chownSync(folder, Number(stdout.trim()), Number(group.trim()));
    }
    // --no-sync makes initdb itself quicker; it does not change how the server runs.
    await as('initdb', ['-D', dataDir, '-U', 'lantern', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
    await cluster.startServer();
    return cluster;
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
}
