import { createHash } from 'node:crypto';
import type { CheckpointAnchor } from './audit-checkpoint.ts';

// The audit trail is tamper-evident: each event's hash covers its content and the hash of the
// event before it in its chain, so editing, deleting or slipping in an event breaks the chain.
// The same bytes must be hashed when the event is written and whenever it is read back, so
// the event is serialised canonically: fixed fields, object keys sorted, instants in ISO form.

/** Events are spread over this many chains so writers do not all queue on one lock. */
export const AUDIT_CHAINS = 256;

/** The previous hash of the first event in every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: everything about the event except the hashes themselves. */
export interface AuditEventContent {
  readonly id: string;
  readonly chain: number;
  readonly seq: number;
  readonly occurredAt: string;
  readonly actorId: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
  readonly childId: string | null;
  readonly origin: string | null;
  readonly details: unknown;
  readonly reason: string | null;
}

export interface ChainedAuditEvent extends AuditEventContent {
  readonly previousHash: string;
  readonly hash: string;
}

export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
  /** The last event's time, which the next append may not go before; null while the chain is empty. */
  readonly lastOccurredAt: string | null;
}

export type AuditProblem =
  | 'EDITED'
  | 'MISSING'
  | 'OUT_OF_ORDER'
  | 'HEAD_MISMATCH'
  /** A signed checkpoint's position holds another event now: the chain was rewritten, hashes and all. */
  | 'REWRITTEN'
  /** The chain ends before a position a signed checkpoint vouches for: events were removed, hashes and all. */
  | 'CUT_SHORT';

export interface AuditFinding {
  readonly chain: number;
  readonly seq: number;
  /** Null for a head mismatch on a chain with no events left, or a position no longer there. */
  readonly eventId: string | null;
  readonly problem: AuditProblem;
  /** For REWRITTEN and CUT_SHORT: which checkpoint, and the last position a checkpoint still vouches for (0 for none). */
  readonly checkpoint?: { readonly at: string; readonly intactUpTo: number };
}

/** The chain an event goes on: stable for a key, so one child's events stay in order on one chain. */
export function chainFor(key: string): number {
  const first = createHash('sha256').update(key.toLowerCase()).digest()[0] ?? 0;
  return first % AUDIT_CHAINS;
}

/** JSON with object keys sorted at every depth, so jsonb's own key order does not matter. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  const entries = Object.entries(value)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * Details as the database will give them back: plain JSON (dates become strings, undefined
 * fields go). Applied before hashing so a written event and the same event read back agree.
 */
export function normaliseDetails(details: unknown): unknown {
  if (details === undefined || details === null) return null;
  const json = JSON.stringify(details) as string | undefined;
  return json === undefined ? null : (JSON.parse(json) as unknown);
}

export function canonicalEvent(event: AuditEventContent): string {
  // Fields are picked one by one so extra properties on a row (the hashes) never leak in.
  // uuids are lower-cased and instants re-formatted because the database normalises both.
  return canonicalJson({
    id: event.id.toLowerCase(),
    chain: event.chain,
    seq: event.seq,
    occurredAt: new Date(event.occurredAt).toISOString(),
    actorId: event.actorId,
    organisationCode: event.organisationCode,
    role: event.role,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId,
    childId: event.childId?.toLowerCase() ?? null,
    origin: event.origin,
    details: event.details ?? null,
    reason: event.reason,
  });
}

export function hashEvent(previousHash: string, event: AuditEventContent): string {
  return createHash('sha256').update(previousHash).update(canonicalEvent(event)).digest('hex');
}

/**
 * Checks one chain event by event, so a caller can page through millions of events without
 * holding them all. Feed events in seq order with `next`, then call `finish` with the chain head.
 *
 * - EDITED: the event's content no longer matches its own hash.
 * - MISSING: the seq jumps, or the event does not link to the one before it (events deleted,
 *   perhaps with the rest renumbered).
 * - OUT_OF_ORDER: the event is timed before the one before it, or repeats its position
 *   (slipped in afterwards). Appends are timed under the chain's lock, so real events never go back.
 * - HEAD_MISMATCH: the chain's head does not point at the last event (newest events deleted,
 *   or one added without moving the head), or does not hold its time (moved on, so that every
 *   later event would be timed in the future, or back).
 * - REWRITTEN, CUT_SHORT: given the positions signed checkpoints vouch for (`anchors`, in order of
 *   position), the event at one has another hash, or the chain no longer reaches it. Only the
 *   first is reported: every later checkpoint of the chain fails with it.
 */
export function createChainVerifier(chain: number, anchors: readonly CheckpointAnchor[] = []) {
  let previous: { seq: number; hash: string; occurredAt: number; id: string | null } = {
    seq: 0,
    hash: GENESIS_HASH,
    occurredAt: Number.NEGATIVE_INFINITY,
    id: null,
  };
  let nextAnchor = 0;
  /** The last position a checkpoint vouched for that still holds. */
  let intactUpTo = 0;
  let rewriteFound = false;
  const rewritten = (anchor: CheckpointAnchor, problem: 'REWRITTEN' | 'CUT_SHORT', eventId: string | null): AuditFinding[] => {
    if (rewriteFound) return [];
    rewriteFound = true;
    return [{ chain, seq: anchor.seq, eventId, problem, checkpoint: { at: anchor.checkpointAt, intactUpTo } }];
  };
  /** Checks the anchors up to this event's position (one skipped over was deleted, hashes and all). */
  const checkAnchors = (event: ChainedAuditEvent): AuditFinding[] => {
    const findings: AuditFinding[] = [];
    for (let anchor = anchors[nextAnchor]; anchor !== undefined && anchor.seq <= event.seq; anchor = anchors[++nextAnchor]) {
      if (anchor.seq === event.seq && anchor.hash === event.hash) intactUpTo = anchor.seq;
      else findings.push(...rewritten(anchor, 'REWRITTEN', anchor.seq === event.seq ? event.id : null));
    }
    return findings;
  };
  return {
    next(event: ChainedAuditEvent): AuditFinding[] {
      const anchored = checkAnchors(event);
      const problems = new Set<AuditProblem>();
      if (hashEvent(event.previousHash, event) !== event.hash) problems.add('EDITED');
      if (event.seq <= previous.seq) problems.add('OUT_OF_ORDER');
      else if (event.seq > previous.seq + 1 || event.previousHash !== previous.hash) problems.add('MISSING');
      const occurredAt = Date.parse(event.occurredAt);
      if (occurredAt < previous.occurredAt) problems.add('OUT_OF_ORDER');
      previous = { seq: event.seq, hash: event.hash, occurredAt, id: event.id };
      return [...[...problems].map((problem) => ({ chain, seq: event.seq, eventId: event.id, problem })), ...anchored];
    },
    finish(head: ChainHead | null): AuditFinding[] {
      const timeHeld = head === null || head.lastOccurredAt === null ? previous.seq === 0 : Date.parse(head.lastOccurredAt) === previous.occurredAt;
      const intact = head !== null && head.seq === previous.seq && head.hash === previous.hash && timeHeld;
      const beyond = anchors.slice(nextAnchor, nextAnchor + 1).flatMap((anchor) => rewritten(anchor, 'CUT_SHORT', null));
      return [...(intact ? [] : [{ chain, seq: head?.seq ?? previous.seq, eventId: previous.id, problem: 'HEAD_MISMATCH' as const }]), ...beyond];
    },
  };
}

/** Checks a whole chain held in memory: its events in seq order and its head, and the positions checkpoints vouch for. */
export function verifyChain(
  chain: number,
  events: readonly ChainedAuditEvent[],
  head: ChainHead | null,
  anchors: readonly CheckpointAnchor[] = [],
): AuditFinding[] {
  const verifier = createChainVerifier(chain, anchors);
  return [...events.flatMap((event) => verifier.next(event)), ...verifier.finish(head)];
}
