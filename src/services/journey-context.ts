import { childIdOfPart } from '../db/repositories/child-record-repository.ts';
import type { RecordPart } from '../db/repositories/child-record-repository.ts';
import { loadJourneyChild } from '../db/repositories/journey-context-repository.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { canWriteRecord, recordViewFor, rowScope } from '../domain/access/policy.ts';
import type { JourneyChild, JourneyNeeds } from '../domain/journey-child.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import { partNotFound } from './record-change.ts';
import type { ServiceError } from './errors.ts';

// The child as a question-page journey needs them (name, out of area, the parts the journey asks
// for), for someone who may change their record. Opening a journey's question page counts as viewing
// the record and is audited once; the journey's later steps (check your answers, saving, the
// confirmation) read the same context without auditing it again, and the change itself is audited as
// a change. See docs/access.md, "Journeys".

export interface JourneyRead {
  /** The journey, as the audit trail names it: "report-missing". */
  readonly journey: string;
  /** The question page is being opened: audit the read as a view of the record. */
  readonly opening: boolean;
  readonly needs?: JourneyNeeds;
}

/** The parts of a record a journey changes by their own id. */
type JourneyPart = Exclude<RecordPart, 'uascPeriod'>;

/** What a journey changing each part reads with the child: every part of that kind. */
const PART_NEEDS = {
  ageAssessment: 'ageAssessments',
  missingEpisode: 'missingEpisodes',
  carePeriod: 'carePeriods',
  traffickingConcern: 'traffickingConcerns',
  nrmReferral: 'traffickingConcerns',
} as const satisfies Record<JourneyPart, keyof JourneyNeeds>;

export function createJourneyContextService(deps: ServiceDeps) {
  /** Reads, authorises and (on opening) audits, inside the caller's transaction. */
  async function readChild(trx: Transaction<Database>, actor: Actor, childId: string, read: JourneyRead): Promise<Result<JourneyChild, ServiceError>> {
    const relations = await loadRelations(trx, actor, childId, deps.now());
    // Only the responsible authority's staff change a record: they have its full view.
    const child = relations !== null && recordViewFor(actor, relations) === 'full' ? await loadJourneyChild(trx, childId, read.needs ?? {}) : null;
    if (child === null) return fail(notFound('child'));
    if (read.opening) {
      await deps.audit.append(trx, {
        actor,
        action: 'VIEW_RECORD',
        entity: 'child',
        entityId: childId,
        childId,
        details: { view: 'full', journey: read.journey },
      });
    }
    return ok(child);
  }

  /** Someone whose role never changes a record is answered without reading anything. */
  const writes = (actor: Actor): boolean => actor.localAuthorityCode !== null && canWriteRecord(actor, actor.localAuthorityCode);

  async function childOfPart(actor: Actor, part: JourneyPart, partId: string, read: JourneyRead): Promise<Result<JourneyChild, ServiceError>> {
    if (!writes(actor)) return fail(partNotFound(part));
    return inScope(deps.db, rowScope(actor, deps.now()), async (trx) => {
      const childId = await childIdOfPart(trx, part, partId);
      if (childId === null) return fail(partNotFound(part));
      return readChild(trx, actor, childId, { ...read, needs: { ...read.needs, [PART_NEEDS[part]]: true } });
    });
  }

  return {
    /** The child for a journey that changes their record; not found for anyone who may not change it. */
    async child(actor: Actor, childId: string, read: JourneyRead): Promise<Result<JourneyChild, ServiceError>> {
      if (!writes(actor)) return fail(notFound('child'));
      return inScope(deps.db, rowScope(actor, deps.now()), (trx) => readChild(trx, actor, childId, read));
    },

    /** The child whose missing episode a journey changes, with their episodes. */
    async childOfEpisode(actor: Actor, episodeId: string, read: JourneyRead): Promise<Result<JourneyChild, ServiceError>> {
      return childOfPart(actor, 'missingEpisode', episodeId, read);
    },

    /**
     * The child a part of whose record (a care period, a trafficking concern, its NRM referral) a
     * journey changes, with the parts of that kind.
     */
    async childOfPart(actor: Actor, part: JourneyPart, partId: string, read: JourneyRead): Promise<Result<JourneyChild, ServiceError>> {
      return childOfPart(actor, part, partId, read);
    },
  };
}
