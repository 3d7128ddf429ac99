import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { appendChainedEvents, lockChainHead } from '../db/repositories/audit-repository.ts';
import { canonicalJson, chainFor, hashEvent, normaliseDetails } from '../domain/audit-chain.ts';
import type { AuditEventContent } from '../domain/audit-chain.ts';
import { createRefusalLimiter, REFUSAL_LIMITS } from '../domain/refusal-limit.ts';
import type { RefusalLimits } from '../domain/refusal-limit.ts';
import type { Actor } from '../domain/access/actor.ts';

export type AuditAction =
  | 'VIEW_RECORD'
  | 'SEARCH'
  | 'LIST'
  | 'CREATE'
  | 'CHANGE'
  | 'EXPORT'
  | 'SIGN_IN'
  | 'SIGN_IN_FAILED'
  | 'SIGN_OUT'
  | 'BREAK_GLASS'
  | 'TOKEN_CREATED'
  | 'TOKEN_REVOKED'
  | 'USER_CHANGED'
  /** A request refused: a record the actor may not see, a page their role has no use for, a form without its CSRF token. */
  | 'REFUSED'
  /** How many refusals from an origin went unrecorded in a minute, past the limit (src/domain/refusal-limit.ts). */
  | 'REFUSALS_UNRECORDED'
  /** Rows Lantern removed itself once their retention period was over: how many, never which. */
  | 'DELETE';

export interface AuditEventInput {
  /** Null for a failed sign-in by someone unknown: then give actorId (the name tried), and organisationCode and role if known. */
  readonly actor: Actor | null;
  readonly actorId?: string;
  readonly organisationCode?: string;
  readonly role?: string;
  readonly action: AuditAction;
  /** What was acted on: 'child', 'missingEpisode', 'session', … */
  readonly entity: string;
  readonly entityId?: string | null;
  readonly childId?: string | null;
  /** Defaults to the actor's origin. */
  readonly origin?: string | null;
  /** Changes: diffFields(before, after). Searches: the names of the filters used, never their values. */
  readonly details?: unknown;
  /** Why the actor broke the glass. */
  readonly reason?: string | null;
}

/** Reads: about no child, they need no order among themselves (see appendAll). */
const SPREAD_ACTIONS: ReadonlySet<AuditAction> = new Set(['VIEW_RECORD', 'SEARCH', 'LIST', 'EXPORT']);

/** Recorded for an unknown user's failed sign-in when the caller cannot say more. */
const UNKNOWN = 'unknown';
/** The actor of the events Lantern writes about itself: summaries of refusals not recorded. */
export const LANTERN_ITSELF = 'lantern';

/** Lantern itself as an event's actor: a clock, an escalation, a clean-up, a summary of refusals. */
export const LANTERN_AS_ACTOR = { actor: null, actorId: LANTERN_ITSELF, organisationCode: LANTERN_ITSELF, role: LANTERN_ITSELF } as const;

export function createAuditLog(deps: { readonly now: () => string; readonly newId: () => string }, refusalLimits: RefusalLimits = REFUSAL_LIMITS) {
  // One per process: refusals are counted in memory, so behind several processes each has its own share.
  const refusals = createRefusalLimiter(refusalLimits);
  return {
    /**
     * Whether to record a refusal (a refused request, a bad token, a failed sign-in) from this origin
     * now. Past a few a minute from one origin, refusals are only counted, so that nobody can flood the
     * trail; `unrecordedRefusals` then gives the events that say how many.
     */
    admitRefusal(origin: string | null | undefined): boolean {
      return refusals.admit(origin ?? null, Date.parse(deps.now()));
    },

    /**
     * Events for the refusals counted but not recorded in the minutes now over (or, when shutting
     * down, in every minute so far): append each once.
     */
    unrecordedRefusals(options: { readonly includeCurrent?: boolean } = {}): AuditEventInput[] {
      return refusals.due(options.includeCurrent === true ? Number.POSITIVE_INFINITY : Date.parse(deps.now())).map((summary) => ({
        ...LANTERN_AS_ACTOR,
        action: 'REFUSALS_UNRECORDED',
        entity: 'auditEvent',
        origin: summary.origin,
        details: { unrecorded: summary.unrecorded, from: summary.from, to: summary.to, limit: summary.limit },
      }));
    },

    /**
     * Appends an event. Call it inside the transaction of what it records, with that
     * transaction's `trx`, so the event and the action commit or roll back together.
     */
    async append(trx: Kysely<Database>, input: AuditEventInput): Promise<void> {
      await appendAll(trx, [input]);
    },

    /**
     * Appends several events of one transaction, in order: one chain lock and one insert per chain
     * rather than two round trips an event (an alert raised for five organisations is five events).
     */
    appendAll,
  };

  async function appendAll(trx: Kysely<Database>, inputs: readonly AuditEventInput[]): Promise<void> {
    const byChain = new Map<number, { id: string; childId: string | null; actorId: string; input: AuditEventInput }[]>();
    for (const input of inputs) {
      const actorId = input.actor?.id ?? input.actorId;
      if (actorId === undefined) throw new Error('An audit event needs an actor or an actorId');
      const childId = input.childId?.toLowerCase() ?? null;
      const id = deps.newId().toLowerCase();
      // One child's events share a chain, so their order is provable; so do a person's or a token's
      // account events (sign-ins, tokens, account changes). Their reads about no child (a search, a
      // list, My work) spread over the chains by their own id: on the actor's chain, every request of
      // a busy user or API token queued on one lock (docs/benchmarks.md, the open-loop mixed load).
      const chain = chainFor(childId ?? (SPREAD_ACTIONS.has(input.action) ? id : actorId));
      const onChain = byChain.get(chain) ?? [];
      onChain.push({ id, childId, actorId, input });
      byChain.set(chain, onChain);
    }
    // In chain order, so that two transactions appending to the same chains cannot deadlock.
    for (const chain of [...byChain.keys()].sort((a, b) => a - b)) {
      // Locked until our transaction ends, so appends on this chain queue one behind another.
      const head = await lockChainHead(trx, chain);
      // Timed once the lock is held, and never before the chain's last event (another server's
      // clock may be a little behind), so time only moves forward along a chain: verify
      // treats an event timed before its predecessor as slipped in.
      let occurredAt = new Date(deps.now()).toISOString();
      if (head.lastOccurredAt !== null && head.lastOccurredAt > occurredAt) occurredAt = head.lastOccurredAt;
      let previous = { seq: head.seq, hash: head.hash };
      const chained = (byChain.get(chain) ?? []).map(({ id, childId, actorId, input }) => {
        const event: AuditEventContent = {
          id,
          chain,
          seq: previous.seq + 1,
          occurredAt,
          actorId,
          organisationCode: input.actor?.organisationCode ?? input.organisationCode ?? UNKNOWN,
          role: input.actor?.role ?? input.role ?? UNKNOWN,
          action: input.action,
          entity: input.entity,
          entityId: input.entityId ?? null,
          childId,
          origin: input.origin ?? input.actor?.origin ?? null,
          details: normaliseDetails(input.details),
          reason: input.reason ?? null,
        };
        const linked = { ...event, previousHash: previous.hash, hash: hashEvent(previous.hash, event) };
        previous = linked;
        return linked;
      });
      await appendChainedEvents(trx, chained);
    }
  }
}

export type AuditLog = ReturnType<typeof createAuditLog>;

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

/**
 * The fields that differ between two versions of a row, for a CHANGE event's details.
 * Pass null as `before` for a creation. Values are compared as JSON, so arrays and
 * nested objects compare by content.
 */
export function diffFields<T extends object>(before: T | null, after: T | null): FieldChanges {
  const from: Record<string, unknown> = { ...before };
  const to: Record<string, unknown> = { ...after };
  const changes: FieldChanges = {};
  for (const field of new Set([...Object.keys(from), ...Object.keys(to)])) {
    const was = from[field] ?? null;
    const is = to[field] ?? null;
    if (canonicalJson(was) !== canonicalJson(is)) changes[field] = { before: was, after: is };
  }
  return changes;
}

/** The names of the filters a list or search used, never their values: search terms identify children. */
export function usedFilterNames(filters: object): string[] {
  return Object.entries(filters)
    .filter(([key, value]) => value !== undefined && key !== 'page' && key !== 'pageSize')
    .map(([key]) => key);
}
