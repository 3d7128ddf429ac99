import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { AuditEventContent, ChainHead, ChainedAuditEvent } from '../../domain/audit-chain.ts';
import type { CheckpointHead } from '../../domain/audit-checkpoint.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A slice of a list, newest first: `limit` rows from `offset`. */
export interface Slice {
  readonly limit: number;
  readonly offset: number;
}

/** Where every chain that has events stands, read in one statement so that the heads are of one moment. */
export async function chainHeads(db: Db): Promise<CheckpointHead[]> {
  return db.selectFrom('auditChainHead').select(['chain', 'seq', 'hash']).where('seq', '>', 0).orderBy('chain').execute();
}

/**
 * A chain's head, locked until the transaction ends: the row lock serialises appends on the chain.
 * The head also holds the chain's last time, so one statement both locks and reads what an append needs.
 */
export async function lockChainHead(trx: Db, chain: number): Promise<ChainHead> {
  return trx.selectFrom('auditChainHead').select(['seq', 'hash', 'lastOccurredAt']).where('chain', '=', chain).forUpdate().executeTakeFirstOrThrow();
}

/** A chain's head as it stands, unlocked, or undefined if the chain has none. */
export async function readChainHead(db: Db, chain: number): Promise<ChainHead | undefined> {
  return db.selectFrom('auditChainHead').select(['seq', 'hash', 'lastOccurredAt']).where('chain', '=', chain).executeTakeFirst();
}

/**
 * Writes a chain's next events, in order, and advances its head to the last, in one statement (one
 * round trip). PostgreSQL runs a data-modifying CTE even though nothing reads it; no `returning`, so
 * the insert needs no more than the insert privilege. Call it holding the head's lock (lockChainHead).
 */
export async function appendChainedEvents(trx: Db, events: readonly ChainedAuditEvent[]): Promise<void> {
  const last = events.at(-1);
  if (last === undefined) return;
  const result = await trx
    .with('event', (db) =>
      db
        .insertInto('auditEvent')
        .values(events.map((event) => ({ ...event, details: event.details === null ? null : sql`cast(${JSON.stringify(event.details)} as jsonb)` }))),
    )
    .updateTable('auditChainHead')
    .set({ seq: last.seq, hash: last.hash, lastOccurredAt: last.occurredAt })
    .where('chain', '=', last.chain)
    .executeTakeFirstOrThrow();
  // The caller holds the head's lock, so it cannot have gone; if it has, the trail is broken.
  if (result.numUpdatedRows !== 1n) throw new Error(`The head of audit chain ${String(last.chain)} was not advanced`);
}

/** Up to `limit` events of a chain after position `after`, in order: keyset paging on the unique (chain, seq) index. */
export async function chainEventsAfter(db: Db, chain: number, after: number, limit: number): Promise<ChainedAuditEvent[]> {
  return db.selectFrom('auditEvent').selectAll().where('chain', '=', chain).where('seq', '>', after).orderBy('seq').limit(limit).execute();
}

/** A child's events, newest first: the child's events share a chain, so seq breaks ties in order. */
function childEvents(db: Db, childId: string, slice: Slice) {
  return db
    .selectFrom('auditEvent')
    .where('childId', '=', childId.toLowerCase())
    .orderBy('occurredAt', 'desc')
    .orderBy('seq', 'desc')
    .limit(slice.limit)
    .offset(slice.offset);
}

/** Who viewed, exported or changed a child's record, newest first. */
export async function childAccesses(db: Db, childId: string, slice: Slice) {
  return childEvents(db, childId, slice).select(['occurredAt', 'actorId', 'organisationCode', 'role', 'action']).execute();
}

/** The latest creation or change of each part of a child's record (by entity and id): when, and by whom. */
export async function lastChanges(db: Db, childId: string) {
  return db
    .selectFrom('auditEvent')
    .distinctOn(['entity', 'entityId'])
    .select(['entity', 'entityId', 'occurredAt', 'actorId'])
    .where('childId', '=', childId.toLowerCase())
    .where('action', 'in', ['CREATE', 'CHANGE'])
    .orderBy('entity')
    .orderBy('entityId')
    .orderBy('occurredAt', 'desc')
    .orderBy('seq', 'desc')
    .execute();
}

/**
 * A child's events as the "who has seen this record" page shows them, newest first, with the view
 * they were seen through; not the alerts Lantern raised because of someone's action, which are not
 * their view or change of the record.
 */
export async function childRecordAccesses(db: Db, childId: string, slice: Slice) {
  return childEvents(db, childId, slice)
    .select(['occurredAt', 'actorId', 'organisationCode', 'role', 'action', 'entity', sql<string | null>`details->>'view'`.as('view')])
    .where('entity', '!=', 'alert')
    .execute();
}

export interface AuditEventFilters {
  readonly actorId?: string;
  readonly organisationCode?: string;
  readonly childId?: string;
  readonly action?: string;
  /** From this instant, inclusive. */
  readonly from?: string;
  /** Up to this instant, exclusive. */
  readonly to?: string;
}

/** Events matching every filter given, most recent first, without the chain's bookkeeping. */
export async function searchEvents(db: Db, filters: AuditEventFilters, slice: Slice): Promise<Omit<AuditEventContent, 'chain' | 'seq'>[]> {
  let query = db
    .selectFrom('auditEvent')
    .select(['id', 'occurredAt', 'actorId', 'organisationCode', 'role', 'action', 'entity', 'entityId', 'childId', 'origin', 'details', 'reason']);
  if (filters.actorId !== undefined) query = query.where('actorId', '=', filters.actorId);
  if (filters.organisationCode !== undefined) query = query.where('organisationCode', '=', filters.organisationCode);
  if (filters.childId !== undefined) query = query.where('childId', '=', filters.childId.toLowerCase());
  if (filters.action !== undefined) query = query.where('action', '=', filters.action);
  if (filters.from !== undefined) query = query.where('occurredAt', '>=', filters.from);
  if (filters.to !== undefined) query = query.where('occurredAt', '<', filters.to);
  return query.orderBy('occurredAt', 'desc').orderBy('chain').orderBy('seq', 'desc').limit(slice.limit).offset(slice.offset).execute();
}

/** The child a "who has seen this record" page is about, with whose record it is; undefined if there is none (or it is out of sight). */
export async function childForRecordAccess(db: Db, childId: string) {
  return db.selectFrom('child').select(['id', 'givenNames', 'familyName', 'responsibleAuthorityCode']).where('id', '=', childId).executeTakeFirst();
}
