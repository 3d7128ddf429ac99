// Where the CPU goes during a run: this process's main thread (the server), the PostgreSQL
// processes on this machine, and the machine as a whole. Linux only; elsewhere the figures are null.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface Snapshot {
  readonly at: number;
  readonly mainThreadMs: number;
  readonly processMs: number;
  readonly postgresMs: number | null;
  readonly machine: { readonly busyMs: number; readonly totalMs: number } | null;
}

export interface CpuUse {
  readonly elapsedMs: number;
  /** CPU time of the main thread: the server, and the direct-insert and service-only clients. */
  readonly mainThreadMs: number;
  /** CPU time of this whole process: every thread, workers and Node's helpers included. */
  readonly processMs: number;
  /** CPU time of the PostgreSQL server's processes (of every process named postgres, if the server's process id is not known). */
  readonly postgresMs: number | null;
  /** Share of all cores busy over the run. */
  readonly machineBusy: number | null;
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function machineTicks(): { busyMs: number; totalMs: number } | null {
  const line = readOrNull('/proc/stat')?.split('\n')[0];
  if (line?.startsWith('cpu ') !== true) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busyMs: (total - idle - iowait) * TICK_MS, totalMs: total * TICK_MS };
}

interface ProcStat {
  readonly pid: number;
  readonly command: string;
  readonly parent: number;
  readonly ticks: number;
  /** CPU of its children that have ended and been waited for. */
  readonly endedChildrenTicks: number;
}

function procStats(): ProcStat[] | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const stats: ProcStat[] = [];
  for (const pid of pids) {
    const stat = readOrNull(`/proc/${pid}/stat`);
    if (stat === null) continue;
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    // After the command: state (field 3), ppid (4), …, utime (14), stime (15), cutime (16), cstime (17).
    const fields = stat.slice(close + 2).split(' ');
    stats.push({
      pid: Number(pid),
      command: stat.slice(open + 1, close),
      parent: Number(fields[1]),
      ticks: Number(fields[11]) + Number(fields[12]),
      endedChildrenTicks: Number(fields[13]) + Number(fields[14]),
    });
  }
  return stats;
}

/**
 * CPU time of PostgreSQL's processes: the postmaster `postmaster` and its children when given
 * (so that another cluster on the machine is not counted), else every process named postgres.
 * A backend that ends takes its CPU time with it, and the postmaster that waits for it gains that
 * time as its ended children's: counting that too keeps the sum from falling when a connection closes.
 */
function postgresTicks(postmaster: number | null): number | null {
  const stats = procStats();
  if (stats === null) return null;
  const isOurs = (stat: ProcStat) => (postmaster === null ? stat.command === 'postgres' : stat.pid === postmaster || stat.parent === postmaster);
  const ours = stats.filter(isOurs);
  const pids = new Set(ours.map((stat) => stat.pid));
  // The root's ended children only: a backend's own children's time is already in the root's when it ends.
  return ours.reduce((sum, stat) => sum + stat.ticks + (pids.has(stat.parent) ? 0 : stat.endedChildrenTicks), 0) * TICK_MS;
}

function snapshot(postmaster: number | null): Snapshot {
  const thread = process.threadCpuUsage();
  const whole = process.cpuUsage();
  return {
    at: performance.now(),
    mainThreadMs: (thread.user + thread.system) / 1000,
    processMs: (whole.user + whole.system) / 1000,
    postgresMs: postgresTicks(postmaster),
    machine: machineTicks(),
  };
}

/**
 * Starts measuring; call the result to stop and get the CPU used since. `postmaster` is the
 * process id of the PostgreSQL server measured, when known.
 */
export function startCpu(postmaster: number | null = null): () => CpuUse {
  const before = snapshot(postmaster);
  return () => {
    const after = snapshot(postmaster);
    return {
      elapsedMs: after.at - before.at,
      mainThreadMs: after.mainThreadMs - before.mainThreadMs,
      processMs: after.processMs - before.processMs,
      postgresMs: after.postgresMs === null || before.postgresMs === null ? null : after.postgresMs - before.postgresMs,
      machineBusy:
        after.machine === null || before.machine === null
          ? null
          : (after.machine.busyMs - before.machine.busyMs) / (after.machine.totalMs - before.machine.totalMs),
    };
  };
}

/**
 * Waits until the machine is quiet (under `threshold` of its cores busy over a second), for at
 * most `maxWaitMs`, so that another program's work is not counted as the benchmark's.
 * Returns the share busy in the last second measured.
 */
export async function waitForQuiet(threshold = 0.1, maxWaitMs = 60_000): Promise<number | null> {
  const until = performance.now() + maxWaitMs;
  for (;;) {
    const before = machineTicks();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = machineTicks();
    if (before === null || after === null) return null;
    const busy = (after.busyMs - before.busyMs) / Math.max(1, after.totalMs - before.totalMs);
    if (busy < threshold || performance.now() >= until) return busy;
  }
}
