// What the benchmark's clients send, and how a run of them is timed and summarised.
// Shared by the HTTP load worker and the direct-insert ceiling.

/** A child a client writes to, and the next free episode slot on that child. */
export interface ChildSlot {
  readonly id: string;
  nextSlot: number;
}

/** One client's own children: no two clients write to one child. */
export interface ClientPlan {
  readonly children: ChildSlot[];
  /** Episodes a child gets before the client moves on to its next child. */
  readonly episodesPerChild: number;
}

export type StopAfter = { readonly requests: number } | { readonly ms: number };

export interface LoadResult {
  readonly completed: number;
  readonly elapsedMs: number;
  /** Per request, in milliseconds, in completion order. */
  readonly latenciesMs: number[];
  readonly failures: number;
  readonly firstFailure: string | null;
  /** Each client's children after the run, with their next free slot. */
  readonly plans: ClientPlan[];
}

export interface Summary {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  readonly maxMs: number;
  readonly failures: number;
}

const SLOT_HOURS = 6;
const SLOTS_FROM = Date.parse('2024-01-02T00:00:00.000Z');
const HOUR = 3_600_000;

/**
 * Episode `slot` of a child: a closed three-hour episode starting 6 hours after the previous
 * one, from 2 January 2024, the day after the care period starts. Slots never overlap, and
 * the first 4,000 of them end before November 2026, so every episode is in the past.
 */
export function episodeTimes(slot: number) {
  const start = SLOTS_FROM + slot * SLOT_HOURS * HOUR;
  const at = (hours: number) => new Date(start + hours * HOUR).toISOString();
  return { startAt: at(0), reportedToPoliceAt: at(0.5), responsibleAuthorityToldAt: at(1), hostAuthorityToldAt: at(1), endAt: at(3) };
}

/** The body of POST /api/v1/children/:id/missing-episodes for a slot. */
export function episodeBody(slot: number) {
  return {
    type: 'M' as const,
    ...episodeTimes(slot),
    endReason: 'RETURNED_SELF' as const,
    lastSeenLocation: 'Outside the placement, Maidstone',
    lastSeenWith: 'Unknown adult male',
    policeForce: 'Kent Police',
    policeReference: `KP-${String(slot).padStart(6, '0')}`,
    policeRiskLevel: 'MEDIUM' as const,
    harmDisclosed: 'NONE' as const,
    exploitationDisclosed: false,
  };
}

/**
 * The child and slot the n-th request of a client writes: `episodesPerChild` episodes on its
 * first child, then as many on the next, and so on; round again should the run outlast them.
 */
export function nextTarget(plan: ClientPlan, n: number): { childId: string; slot: number } {
  const child = plan.children[Math.floor(n / plan.episodesPerChild) % plan.children.length];
  if (child === undefined) throw new Error('A client has no children');
  const slot = child.nextSlot;
  child.nextSlot += 1;
  return { childId: child.id, slot };
}

/**
 * Runs one async loop per client until the stop condition, timing each call of `once`.
 * `once` returns null on success or a description of the failure.
 */
export async function runClients(
  plans: ClientPlan[],
  stopAfter: StopAfter,
  once: (plan: ClientPlan, n: number) => Promise<string | null>,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = 'ms' in stopAfter ? started + stopAfter.ms : Infinity;
  const perClient = 'requests' in stopAfter ? stopAfter.requests : Infinity;
  await Promise.all(
    plans.map(async (plan) => {
      for (let n = 0; n < perClient && performance.now() < deadline; n++) {
        const before = performance.now();
        const failure = await once(plan, n);
        latenciesMs.push(performance.now() - before);
        if (failure !== null) {
          failures += 1;
          firstFailure ??= failure;
          // A failing benchmark measures nothing useful: stop this client.
          if (failures > 10) return;
        }
      }
    }),
  );
  return { completed: latenciesMs.length, elapsedMs: performance.now() - started, latenciesMs, failures, firstFailure, plans };
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest rank.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

export function summarise(result: LoadResult): Summary {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    requests: result.completed,
    seconds: result.elapsedMs / 1000,
    perSecond: result.completed / (result.elapsedMs / 1000),
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    meanMs: sorted.length === 0 ? NaN : total / sorted.length,
    maxMs: sorted.at(-1) ?? NaN,
    failures: result.failures,
  };
}
