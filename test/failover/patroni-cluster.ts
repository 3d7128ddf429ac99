// A highly available PostgreSQL on loopback, as docs/deployment.md describes it for production but on
// one machine: one etcd member, three PostgreSQL 15 members under Patroni with synchronous replication,
// and HAProxy in front (a port for writes that goes to the leader, one for reads that goes to replicas).
// Everything runs from the machine's binaries in a temporary folder, and is gone after destroy().
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { chownSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { freePort, postgresBin } from '../helpers/postgres-cluster.ts';

/** The programs the cluster needs, from Debian's packages (patroni, etcd-server, haproxy) and PostgreSQL's. */
const TOOLS = ['patroni', 'etcd', 'haproxy'] as const;

export function missingTools(): string[] {
  const missing: string[] = TOOLS.filter((tool) => whichOf(tool) === null);
  if (postgresBin() === null) missing.push('PostgreSQL (initdb)');
  return missing;
}

function whichOf(program: string): string | null {
  try {
    return execFileSync('which', [program], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

interface Member {
  readonly name: string;
  readonly pgPort: number;
  readonly restPort: number;
}

interface MemberState {
  readonly name: string;
  readonly role: string;
  readonly state: string;
  readonly timeline?: number;
}

export interface PatroniCluster {
  /** Through HAProxy to whichever member leads: for everything that writes. */
  readonly writeUrl: string;
  /** Through HAProxy to the replicas: for the statements Lantern names as read-only (docs/deployment.md). */
  readonly readUrl: string;
  readonly members: readonly Member[];
  readonly folder: string;
  /** The members as Patroni's REST API reports them (GET /cluster). */
  state(): Promise<MemberState[]>;
  /** The leader's name, once one leads with a synchronous standby; waits up to `ms`. */
  waitForLeader(ms: number, options?: { other?: string }): Promise<string>;
  /** The postmaster's process id of a member, from its postmaster.pid. */
  postmaster(name: string): number;
  destroy(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts etcd, three Patroni members and HAProxy, and waits until a leader has a synchronous standby. */
export async function startPatroniCluster(log: (line: string) => void): Promise<PatroniCluster> {
  const bin = postgresBin();
  if (bin === null) throw new Error('No PostgreSQL server under /usr/lib/postgresql');
  const folder = mkdtempSync(path.join(tmpdir(), 'lantern-failover-'));
  // PostgreSQL refuses to run as root: as root, run Patroni (and so PostgreSQL) as the postgres system user.
  const asRoot = userInfo().uid === 0;
  if (asRoot)
    chownSync(
      folder,
      Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    );

  const children: ChildProcess[] = [];
  const start = (name: string, command: string, args: string[], asPostgres = false): ChildProcess => {
    const logFile = createWriteStream(path.join(folder, `${name}.log`));
    const child =
      asPostgres && asRoot
        ? spawn('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        : spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(logFile);
    child.stderr.pipe(logFile);
    children.push(child);
    return child;
  };

  const destroy = async () => {
    for (const child of children.toReversed()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      const exited = once(child, 'exit');
      const timeout = sleep(20_000).then(() => 'timeout');
      if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
    }
    // Patroni stops its PostgreSQL as it exits; one left behind (Patroni killed) is stopped here.
    for (const member of members) {
      const pidFile = path.join(folder, member.name, 'data', 'postmaster.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
        } catch {
          // Already gone.
        }
      }
    }
    if (process.env['LANTERN_FAILOVER_KEEP'] === undefined) rmSync(folder, { recursive: true, force: true });
    else log(`Kept ${folder} (LANTERN_FAILOVER_KEEP)`);
  };

  const etcdClient = await freePort();
  const etcdPeer = await freePort();
  const members: Member[] = [];
  for (const name of ['pg1', 'pg2', 'pg3']) members.push({ name, pgPort: await freePort(), restPort: await freePort() });
  const writePort = await freePort();
  const readPort = await freePort();

  try {
    start('etcd', 'etcd', [
      '--name=etcd1',
      `--data-dir=${path.join(folder, 'etcd')}`,
      `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
      `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
      `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
      `--initial-cluster=etcd1=http://127.0.0.1:${etcdPeer}`,
    ]);
    await waitFor('etcd', 30_000, async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok);

    for (const member of members) {
      const memberFolder = path.join(folder, member.name);
      mkdirSync(memberFolder, { mode: 0o700 });
      if (asRoot)
        chownSync(
          memberFolder,
          Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
          Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
        );
      const configFile = path.join(folder, `${member.name}.yml`);
      writeFileSync(configFile, patroniConfig(member, memberFolder, bin, etcdClient));
      start(member.name, 'patroni', [configFile], true);
      // One at a time, so that the first bootstraps the cluster and the others copy it.
      if (member === members[0]) await waitFor(`${member.name} to lead`, 120_000, async () => (await fetch(`http://127.0.0.1:${member.restPort}/primary`)).ok);
    }

    const haproxyConfig = path.join(folder, 'haproxy.cfg');
    writeFileSync(haproxyConfig, haproxyConfigText(members, writePort, readPort));
    start('haproxy', 'haproxy', ['-db', '-f', haproxyConfig]);

    const cluster: PatroniCluster = {
      writeUrl: `postgres://lantern@127.0.0.1:${writePort}/postgres`,
      readUrl: `postgres://lantern@127.0.0.1:${readPort}/postgres`,
      members,
      folder,
      async state() {
        for (const member of members) {
          try {
            const response = await fetch(`http://127.0.0.1:${member.restPort}/cluster`, { signal: AbortSignal.timeout(2_000) });
            if (response.ok) return ((await response.json()) as { members: MemberState[] }).members;
          } catch {
            // That member's Patroni is down: ask the next.
          }
        }
        return [];
      },
      async waitForLeader(ms, options = {}) {
        let leader = '';
        await waitFor('a leader with a synchronous standby', ms, async () => {
          const states = await cluster.state();
          leader = states.find((state) => state.role === 'leader' && state.state === 'running')?.name ?? '';
          const sync = states.some((state) => state.role === 'sync_standby' && (state.state === 'running' || state.state === 'streaming'));
          return leader !== '' && leader !== options.other && sync;
        });
        return leader;
      },
      postmaster(name) {
        return Number(readFileSync(path.join(folder, name, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      },
      destroy,
    };
    await cluster.waitForLeader(180_000);
    await waitFor('HAProxy to the leader', 30_000, async () => {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: cluster.writeUrl, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        const { rows } = await client.query<{ recovery: boolean }>('select pg_is_in_recovery() as recovery');
        return rows[0]?.recovery === false;
      } finally {
        await client.end().catch(() => undefined);
      }
    });
    return cluster;
  } catch (error) {
    log(`The cluster did not start; its logs are in ${folder}`);
    process.env['LANTERN_FAILOVER_KEEP'] ??= '1';
    await destroy();
    throw error;
  }
}

async function waitFor(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(250)) {
    try {
      if (await check()) return;
    } catch {
      // Not yet.
    }
  }
  throw new Error(`Timed out after ${ms / 1000} s waiting for ${what}`);
}

/**
 * A member's Patroni configuration. The cluster-wide part (bootstrap.dcs) is what docs/deployment.md
 * prescribes: synchronous replication, and a crashed leader failed over at once (primary_start_timeout 0)
 * rather than restarted in place, with timings shortened from production's to suit a test.
 */
function patroniConfig(member: Member, memberFolder: string, bin: string, etcdClient: number): string {
  return `scope: lantern
name: ${member.name}
log:
  level: INFO
restapi:
  listen: 127.0.0.1:${member.restPort}
  connect_address: 127.0.0.1:${member.restPort}
etcd3:
  hosts: 127.0.0.1:${etcdClient}
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 4
    maximum_lag_on_failover: 1048576
    primary_start_timeout: 0
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        synchronous_commit: 'on'
        wal_log_hints: 'on'
        max_connections: 100
        max_wal_senders: 10
        max_replication_slots: 10
        hot_standby: 'on'
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
postgresql:
  listen: 127.0.0.1:${member.pgPort}
  connect_address: 127.0.0.1:${member.pgPort}
  data_dir: ${path.join(memberFolder, 'data')}
  bin_dir: ${bin}
  pgpass: ${path.join(memberFolder, 'pgpass')}
  authentication:
    superuser:
      username: lantern
    replication:
      username: replicator
  parameters:
    unix_socket_directories: '${memberFolder}'
  pg_hba:
    - local all all trust
    - host all all 127.0.0.1/32 trust
    - host replication replicator 127.0.0.1/32 trust
`;
}

/**
 * HAProxy asks each member's Patroni who it is: /primary answers 200 on the leader only, /replica on a
 * running replica no more than 1 MB behind. A member marked down has its connections cut, so that
 * clients of a demoted leader reconnect to the new one.
 */
function haproxyConfigText(members: readonly Member[], writePort: number, readPort: number): string {
  const servers = (check: string) => [
    `  option httpchk OPTIONS ${check}`,
    '  http-check expect status 200',
    '  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions',
    ...members.map((member) => `  server ${member.name} 127.0.0.1:${member.pgPort} maxconn 100 check port ${member.restPort}`),
  ];
  return [
    'global',
    '  maxconn 400',
    'defaults',
    '  mode tcp',
    '  retries 2',
    '  timeout connect 4s',
    '  timeout client 30m',
    '  timeout server 30m',
    '  timeout check 2s',
    `listen lantern_write`,
    `  bind 127.0.0.1:${writePort}`,
    ...servers('/primary'),
    `listen lantern_read`,
    `  bind 127.0.0.1:${readPort}`,
    '  balance roundrobin',
    ...servers('/replica?lag=1MB'),
    '',
  ].join('\n');
}
