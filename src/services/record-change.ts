import type { Kysely } from 'kysely';
import { loadChildRecord } from '../db/repositories/child-record-repository.ts';
import type { RecordPart } from '../db/repositories/child-record-repository.ts';
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
  /** Why, where the change must say so (a correction to a closed missing episode). */
  readonly reason?: string | null;
}

export const created = (entity: string, after: { readonly id: string }): AuditedChange => ({
  action: 'CREATE',
  entity,
  entityId: after.id,
  before: null,
  after,
});
export const changed = (entity: string, before: object, after: { readonly id: string }): AuditedChange => ({
  action: 'CHANGE',
  entity,
  entityId: after.id,
  before,
  after,
});

interface ProposedChange<T> {
  /** The child's whole record as it would be after the change. */
  readonly after: ChildRecord;
  /** Writes the change; runs only if the record after it breaks no new rule. */
  readonly persist: (db: Kysely<Database>, at: string) => Promise<void>;
  readonly result: T;
  /** What the change did, one event an entity it created or changed. */
  readonly audit: AuditedChange | readonly AuditedChange[];
}

/** Works out a change to a child's record; any lookup it makes must use `trx` (PGlite has a single connection). */
type Propose<T> = (
  before: ChildRecord,
  now: string,
  trx: Kysely<Database>,
) => Result<ProposedChange<T>, ServiceError> | Promise<Result<ProposedChange<T>, ServiceError>>;

/**
 * The one way a child's record changes: lock the record, check the actor may change it,
 * work out the record after the change, validate it whole, and only then write.
 * A rejected change writes nothing.
 */
export async function changeRecord<T>(deps: ServiceDeps, actor: Actor, childId: string, propose: Propose<T>): Promise<Result<T, ServiceError>> {
  return change(deps, actor, childId, 'child', propose);
}

const PART_NAMES: Readonly<Record<RecordPart, string>> = {
  ageAssessment: 'age assessment',
  carePeriod: 'care period',
  uascPeriod: 'UASC period',
  traffickingConcern: 'trafficking concern',
  nrmReferral: 'NRM referral',
  missingEpisode: 'missing episode',
};

/**
 * A change that starts from one part of a child's record, by the part's own id. A part that does not exist
 * and a part of a record the actor may not change get the same answer, "not found" for the part: found
 * under the actor's row-level security, so that nothing tells one from the other.
 */
export async function changeRecordPart<T>(
  deps: ServiceDeps,
  actor: Actor,
  part: RecordPart,
  partId: string,
  propose: Propose<T>,
): Promise<Result<T, ServiceError>> {
  return change(deps, actor, { part, id: partId }, PART_NAMES[part], propose);
}

/** A part of a record that is not in it: the same answer as one that does not exist. */
export const partNotFound = (part: RecordPart): ServiceError => notFound(PART_NAMES[part]);

async function change<T>(
  deps: ServiceDeps,
  actor: Actor,
  /** The child's id, or the id of the part of the record the change starts from. */
  child: string | { readonly part: RecordPart; readonly id: string },
  /** What the request named, for "not found": the child or the part. */
  entity: string,
  propose: Propose<T>,
): Promise<Result<T, ServiceError>> {
  return inScope(deps.db, rowScope(actor, deps.now()), async (trx) => {
    const before = await loadChildRecord(trx, child, { forUpdate: true });
    // Records the actor may not change are "not found": no hint that they exist.
    if (!before || !canWriteRecord(actor, before.child.responsibleAuthorityCode)) return fail(notFound(entity));
    const childId = before.child.id;
    const now = deps.now();
    const proposed = await propose(before, now, trx);
    if (!proposed.ok) return proposed;
    const errors = introducedErrors(before, proposed.value.after, { now, today: ukDateOf(now) });
    if (errors.length > 0) return fail({ kind: 'invalid', violations: errors });
    await proposed.value.persist(trx, now);
    const { audit } = proposed.value;
    for (const { action, entity: changed, entityId, before: was, after: is, reason } of 'action' in audit ? [audit] : audit) {
      await deps.audit.append(trx, { actor, action, entity: changed, entityId, childId, details: diffFields(was, is), reason: reason ?? null });
    }
    return ok(proposed.value.result);
  });
}
