// The pure parts of the open-loop load test (suite `load`): which request comes next in the
// mix, when each is due, and what a run's latencies say. No I/O, no clock: the generator passes
// the time in.
import { quantile } from './load.ts';

/** What the mix is made of: 60% page views, 25% API reads, 15% writes; a bare insert only in its own run. */
export type Category = 'page' | 'apiRead' | 'write' | 'bareInsert';
export const KINDS = {
  page: ['myWork', 'record', 'search'],
  apiRead: ['apiChild', 'apiEpisodes'],
  write: ['reportMissing', 'recordReturn', 'recordInterview'],
  bareInsert: ['bareInsert'],
} as const satisfies Record<Category, readonly string[]>;
export type Kind = (typeof KINDS)[Category][number];

/**
 * Picks the next of `weights`' keys by smooth weighted round robin: with up to three keys (the
 * mix's page views, API reads and writes) over any run of requests each key's share stays within
 * one request of its weight's share (with five it can stray further), in an order that
 * interleaves the keys rather than sending them in blocks. `credit` carries the state between
 * calls (start it empty).
 */
export function pickWeighted<K extends string>(weights: Readonly<Record<K, number>>, credit: Map<K, number>): K {
  const keys = Object.keys(weights) as K[];
  let total = 0;
  let best: K | undefined;
  for (const key of keys) {
    const weight = weights[key];
    if (!(weight >= 0)) throw new Error(`The weight of ${key} must be a number of 0 or more`);
    total += weight;
    const next = (credit.get(key) ?? 0) + weight;
    credit.set(key, next);
    if (weight > 0 && (best === undefined || next > (credit.get(best) ?? 0))) best = key;
  }
  if (best === undefined) throw new Error('At least one weight must be above 0');
  credit.set(best, (credit.get(best) ?? 0) - total);
  return best;
}

/**
 * How many requests are due `elapsedMs` after the start at `perSecond`, and the instant (ms
 * from the start) the n-th of them (from 0) was due: an open loop sends each at its instant,
 * whether or not the earlier ones have been answered, and times it from then.
 */
export function dueBy(elapsedMs: number, perSecond: number): number {
  return Math.max(0, Math.floor((elapsedMs * perSecond) / 1000) + 1);
}

export function dueAt(n: number, perSecond: number): number {
  return (n * 1000) / perSecond;
}

export interface Latencies {
  readonly requests: number;
  readonly errors: number;
  readonly errorRate: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Percentiles (nearest rank) of every request's time, failures included: a slow error is as slow as a slow answer. */
export function latencies(times: readonly number[], errors: number): Latencies {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    requests: sorted.length,
    errors,
    errorRate: sorted.length === 0 ? 0 : errors / sorted.length,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? NaN,
  };
}

/** A rate held: every request answered without error and the 99th percentile under the limit. */
function held(run: Latencies, p99LimitMs: number): boolean {
  return run.requests > 0 && run.errors === 0 && run.p99Ms < p99LimitMs;
}

/**
 * The highest rate held, counting up from the lowest and stopping at the first rate not held
 * (a higher rate that happened to pass after a lower one failed is luck, not capacity); null
 * when the lowest was not held.
 */
export function highestRateHeld(runs: readonly { readonly rate: number; readonly latencies: Latencies }[], p99LimitMs: number): number | null {
  let highest: number | null = null;
  for (const run of [...runs].sort((a, b) => a.rate - b.rate)) {
    if (!held(run.latencies, p99LimitMs)) break;
    highest = run.rate;
  }
  return highest;
}
