import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import type { ChildRelations } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/actor.ts';

/** The facts that decide an actor's view of a child; null when row-level security hides the child. */
export async function loadRelations(trx: Kysely<Database> | Transaction<Database>, actor: Actor, childId: string, now: string): Promise<ChildRelations | null> {
  const row = await trx
    .selectFrom('child')
    .select((eb) => [
      'child.responsibleAuthorityCode',
      eb
        .selectFrom('carePeriod')
        .select('carePeriod.hostAuthorityCode')
        .whereRef('carePeriod.childId', '=', 'child.id')
        .where('carePeriod.endDate', 'is', null)
        .whereRef('carePeriod.hostAuthorityCode', '!=', 'carePeriod.responsibleAuthorityCode')
        .limit(1)
        .as('outOfAreaHostCode'),
      eb
        .exists(
          eb
            .selectFrom('missingEpisode')
            .select('missingEpisode.id')
            .whereRef('missingEpisode.childId', '=', 'child.id')
            .where('missingEpisode.endAt', 'is', null),
        )
        .as('isMissing'),
      eb
        .exists(
          eb
            .selectFrom('advocateAllocation')
            .select('advocateAllocation.id')
            .whereRef('advocateAllocation.childId', '=', 'child.id')
            .where('advocateAllocation.endedOn', 'is', null)
            .where('advocateAllocation.advocateId', '=', actor.id),
        )
        .as('isAllocatedToActor'),
      eb
        .exists(
          eb
            .selectFrom('carePeriod')
            .innerJoin('policeForceArea', 'policeForceArea.localAuthorityCode', 'carePeriod.hostAuthorityCode')
            .select('carePeriod.id')
            .whereRef('carePeriod.childId', '=', 'child.id')
            .where('carePeriod.endDate', 'is', null)
            .where('policeForceArea.organisationCode', '=', actor.organisationCode),
        )
        .as('isInActorsPoliceArea'),
      eb
        .exists(
          eb
            .selectFrom('breakGlassAccess')
            .select('breakGlassAccess.id')
            .whereRef('breakGlassAccess.childId', '=', 'child.id')
            .where('breakGlassAccess.actorId', '=', actor.id)
            .where('breakGlassAccess.expiresAt', '>', now),
        )
        .as('hasOpenBreakGlass'),
    ])
    .where('child.id', '=', childId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    responsibleAuthorityCode: row.responsibleAuthorityCode,
    outOfAreaHostCode: row.outOfAreaHostCode ?? null,
    isMissing: Boolean(row.isMissing),
    isAllocatedToActor: Boolean(row.isAllocatedToActor),
    isInActorsPoliceArea: Boolean(row.isInActorsPoliceArea),
    hasOpenBreakGlass: Boolean(row.hasOpenBreakGlass),
  };
}
