import type { Kysely } from 'kysely';
import { loadChildRecord } from '../db/repositories/child-record-repository.ts';
import type { Database } from '../db/schema.ts';
import type { ChildRecord } from '../domain/child-record.ts';
import { ukDateOf } from '../domain/dates.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { introducedErrors } from '../domain/validation/rules.ts';
import { inScope } from '../db/scope.ts';
import { canWriteRecord, rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { diffFields } from './audit-log.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

export interface AuditedChange {
  readonly action: 'CREATE' | 'CHANGE';
  readonly entity: string;
  readonly entityId: string;
  /** The entity before (null when created) and after: the audit keeps the fields that changed. */
  readonly before: object | null;
  readonly after: object;
}

export const created = (entity: string, after: { readonly id: string }): AuditedChange => ({ action: 'CREATE', entity, entityId: after.id, before: null, after });
export const changed = (entity: string, before: object, after: { readonly id: string }): AuditedChange => ({ action: 'CHANGE', entity, entityId: after.id, before, after });

export interface ProposedChange<T> {
  /** The child's whole record as it would be after the change. */
  readonly after: ChildRecord;
  /** Writes the change; runs only if the record after it breaks no new rule. */
  readonly persist: (db: Kysely<Database>, at: string) => Promise<void>;
  readonly result: T;
  readonly audit: AuditedChange;
}

/**
 * The one way a child's record changes: lock the record, check the actor may change it,
 * work out the record after the change, validate it whole, and only then write.
 * A rejected change writes nothing.
 */
export async function changeRecord<T>(
  deps: ServiceDeps,
  actor: Actor,
  childId: string,
  /** Works out the change; any lookup it makes must use `trx` (PGlite has a single connection). */
  propose: (before: ChildRecord, now: string, trx: Kysely<Database>) => Result<ProposedChange<T>, ServiceError> | Promise<Result<ProposedChange<T>, ServiceError>>,
): Promise<Result<T, ServiceError>> {
  return inScope(deps.db, rowScope(actor, deps.now()), async (trx) => {
    const before = await loadChildRecord(trx, childId, { forUpdate: true });
    // Records the actor may not see are "not found": no hint that they exist.
    if (!before || !canWriteRecord(actor, before.child.responsibleAuthorityCode)) return fail(notFound('child'));
    const now = deps.now();
    const proposed = await propose(before, now, trx);
    if (!proposed.ok) return proposed;
    const errors = introducedErrors(before, proposed.value.after, { now, today: ukDateOf(now) });
    if (errors.length > 0) return fail({ kind: 'invalid', violations: errors });
    await proposed.value.persist(trx, now);
    const { action, entity, entityId, before: was, after: is } = proposed.value.audit;
    await deps.audit.append(trx, { actor, action, entity, entityId, childId, details: diffFields(was, is) });
    return ok(proposed.value.result);
  });
}

/** Finds the child an entity belongs to, so a change to it can go through changeRecord. */
export async function childIdOf(
  db: Kysely<Database>,
  entity: 'carePeriod' | 'uascPeriod' | 'traffickingConcern' | 'missingEpisode',
  id: string,
): Promise<string | null> {
  const row = await db.selectFrom(entity).select('childId').where('id', '=', id).executeTakeFirst();
  return row?.childId ?? null;
}

export async function childIdOfNrmReferral(db: Kysely<Database>, id: string): Promise<string | null> {
  const row = await db
    .selectFrom('nrmReferral')
    .innerJoin('traffickingConcern', 'traffickingConcern.id', 'nrmReferral.concernId')
    .select('traffickingConcern.childId')
    .where('nrmReferral.id', '=', id)
    .executeTakeFirst();
  return row?.childId ?? null;
}
