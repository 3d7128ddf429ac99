import { isIPv4, isIPv6 } from 'node:net';

// Refused requests (a record someone may not see, a bad API token, a malformed Authorization header,
// a failed sign-in) are audited, but an attacker must not be able to flood the audit trail with them.
// Each origin gets a few events a minute; past that its refusals are only counted, and once the
// minute is over one event says how many were not recorded. A cap on the whole process's refusals a
// minute holds an attacker with many addresses to the same bound. Pure: the caller passes the time.

export interface RefusalLimits {
  /** Refusals recorded per origin in a window; the rest are counted. */
  readonly perOrigin: number;
  /** Refusals recorded in a window from every origin together. */
  readonly total: number;
  readonly windowSeconds: number;
  /** Origins tracked at once; refusals from further origins count against the total only. */
  readonly maxOrigins: number;
}

export const REFUSAL_LIMITS: RefusalLimits = { perOrigin: 10, total: 300, windowSeconds: 60, maxOrigins: 10_000 };

/** The refusals from one origin (null: from every origin, past the total) that went unrecorded in a window. */
export interface RefusalSummary {
  readonly origin: string | null;
  readonly from: string;
  readonly to: string;
  readonly unrecorded: number;
  /** The limit that was reached. */
  readonly limit: number;
}

interface Window {
  readonly startedAt: number;
  recorded: number;
  unrecorded: number;
}

/**
 * Where refusals are counted from: an IPv4 address, or an IPv6 address's /64 network (one
 * household or host is given a whole /64, so counting single IPv6 addresses would count nothing).
 */
export function originKey(origin: string | null): string {
  if (origin === null || origin === '') return 'unknown';
  const address = origin.startsWith('::ffff:') && isIPv4(origin.slice(7)) ? origin.slice(7) : origin;
  if (!isIPv6(address)) return address;
  const groups = expandIPv6(address);
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const split = (part: string) => (part === '' ? [] : part.split(':'));
  const left = split(head);
  const right = tail === undefined ? [] : split(tail);
  // An embedded IPv4 tail (::ffff:1.2.3.4 and the like) takes two groups; only the first four matter here.
  const missing = 8 - left.length - right.length - right.filter((group) => group.includes('.')).length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => '0'), ...right].map((group) => group.replace(/^0+(?=.)/, '').toLowerCase());
}

/** Counts refusals by origin; answers whether to record each one, and what to summarise once a window is over. */
export function createRefusalLimiter(limits: RefusalLimits = REFUSAL_LIMITS) {
  const windowMs = limits.windowSeconds * 1000;
  const origins = new Map<string, Window>();
  let total: Window | null = null;
  /** Summaries of windows found over, not yet given out. */
  const pending: RefusalSummary[] = [];

  const isOver = (window: Window, now: number): boolean => now >= window.startedAt + windowMs;
  const close = (origin: string | null, window: Window, limit: number): void => {
    if (window.unrecorded === 0) return;
    pending.push({
      origin,
      from: new Date(window.startedAt).toISOString(),
      to: new Date(window.startedAt + windowMs).toISOString(),
      unrecorded: window.unrecorded,
      limit,
    });
  };
  const fresh = (now: number): Window => ({ startedAt: now, recorded: 0, unrecorded: 0 });

  return {
    /** Whether to record a refusal from `origin` at `now` (milliseconds); if not, it is counted for the summary. */
    admit(origin: string | null, now: number): boolean {
      if (total === null || isOver(total, now)) {
        if (total !== null) close(null, total, limits.total);
        total = fresh(now);
      }
      const key = originKey(origin);
      let window = origins.get(key);
      if (window !== undefined && isOver(window, now)) {
        close(key, window, limits.perOrigin);
        origins.delete(key);
        window = undefined;
      }
      // Past maxOrigins a new origin is held to the total only, so memory stays bounded.
      if (window === undefined && origins.size < limits.maxOrigins) {
        window = fresh(now);
        origins.set(key, window);
      }
      // Counted once, against the limit that stopped it.
      if (window !== undefined && window.recorded >= limits.perOrigin) {
        window.unrecorded += 1;
        return false;
      }
      if (total.recorded >= limits.total) {
        total.unrecorded += 1;
        return false;
      }
      if (window !== undefined) window.recorded += 1;
      total.recorded += 1;
      return true;
    },

    /** The summaries of windows over by `now` with refusals unrecorded, each given once; forgets the windows. */
    due(now: number): RefusalSummary[] {
      for (const [key, window] of origins) {
        if (!isOver(window, now)) continue;
        close(key, window, limits.perOrigin);
        origins.delete(key);
      }
      if (total !== null && isOver(total, now)) {
        close(null, total, limits.total);
        total = null;
      }
      return pending.splice(0);
    },
  };
}
