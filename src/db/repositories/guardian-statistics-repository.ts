import { sql } from 'kysely';
import type { SqlBool, Transaction } from 'kysely';
import { ageOn, instantMs, ukDateOf } from '../../domain/dates.ts';
import type { GuardianServiceFacts } from '../../domain/guardian-statistics.ts';
import type { Database } from '../schema.ts';

// What the guardian service's statistics count (issue 15, item 3), read as the statistics role inside
// asStatisticsRole (statistics-repository.ts): one row a child referred, a referral closed or a child
// allocated, with the child's record key and nothing that identifies them. The domain
// (guardian-statistics.ts) counts the rows into tables and protects them.

export interface GuardianCountingScope {
  /** 00:00 UK time on the period's first day. */
  readonly periodStart: string;
  /** 00:00 UK time on the day after its last day (exclusive). */
  readonly periodEnd: string;
  /** The area's authorities (the child's responsible authority); null for the whole UK. */
  readonly authorityCodes: readonly string[] | null;
  /** One guardian service's referrals; null for every service. */
  readonly serviceOrganisationCode: string | null;
}

const DAY_MS = 86_400_000;

export async function countGuardianService(trx: Transaction<Database>, scope: GuardianCountingScope): Promise<GuardianServiceFacts> {
  const { periodStart, periodEnd, authorityCodes, serviceOrganisationCode } = scope;
  const inScope = sql<SqlBool>`(${authorityCodes === null ? sql`true` : sql`r.responsible_authority_code in (${sql.join([...authorityCodes])})`}) and (${
    serviceOrganisationCode === null ? sql`true` : sql`r.service_organisation_code = ${serviceOrganisationCode}`
  })`;

  // Each child once, by their first referral in the period.
  const referrals = await trx
    .selectFrom('guardianReferral as r')
    .innerJoin('child as c', 'c.id', 'r.childId')
    .distinctOn('r.childId')
    .select([
      'c.recordKey',
      'r.source',
      'c.sex',
      'c.nationality',
      'r.referredAt',
      sql<string | null>`coalesce(c.date_of_birth_assessed, c.date_of_birth_claimed)`.as('dateOfBirth'),
      sql<
        string[]
      >`coalesce((select array_agg(distinct t.type) from trafficking_concern tc cross join unnest(tc.exploitation_types) as t(type) where tc.child_id = r.child_id), '{}')`.as(
        'exploitationTypes',
      ),
      sql<boolean>`exists (select 1 from missing_episode m where m.child_id = r.child_id and m.type = 'M' and m.start_at >= r.referred_at and m.start_at < ${periodEnd})`.as(
        'wentMissing',
      ),
    ])
    .where('r.referredAt', '>=', periodStart)
    .where('r.referredAt', '<', periodEnd)
    .where(inScope)
    .orderBy('r.childId')
    .orderBy('r.referredAt')
    .execute();

  const closures = await trx
    .selectFrom('guardianReferral as r')
    .innerJoin('child as c', 'c.id', 'r.childId')
    .select(['c.recordKey', 'r.closureReason', 'r.firstAllocatedAt', 'r.closedAt'])
    .where('r.closedAt', '>=', periodStart)
    .where('r.closedAt', '<', periodEnd)
    .where(inScope)
    .execute();

  // The allocations standing at the end of the period.
  const caseload = await trx
    .selectFrom('advocateAllocation as a')
    .innerJoin('guardianReferral as r', 'r.id', 'a.referralId')
    .innerJoin('child as c', 'c.id', 'a.childId')
    .innerJoin('localAuthority as la', 'la.code', 'r.responsibleAuthorityCode')
    .select(['c.recordKey', 'a.advocateId', 'la.region'])
    .where('a.allocatedAt', '<', periodEnd)
    .where((eb) => eb.or([eb('a.endedAt', 'is', null), eb('a.endedAt', '>=', periodEnd)]))
    .where(inScope)
    .execute();

  return {
    referrals: referrals.map((row) => ({
      recordKey: row.recordKey,
      source: row.source,
      sex: row.sex,
      nationality: row.nationality,
      ageAtReferral: row.dateOfBirth === null ? null : ageOn(row.dateOfBirth, ukDateOf(row.referredAt)),
      exploitationTypes: row.exploitationTypes,
      wentMissing: row.wentMissing,
    })),
    closures: closures.flatMap((row) =>
      row.closureReason === null || row.closedAt === null
        ? []
        : [
            {
              recordKey: row.recordKey,
              reason: row.closureReason,
              supportDays: row.firstAllocatedAt === null ? null : Math.floor((instantMs(row.closedAt) - instantMs(row.firstAllocatedAt)) / DAY_MS),
            },
          ],
    ),
    caseload: caseload.map((row) => ({ recordKey: row.recordKey, guardianId: row.advocateId, site: row.region })),
  };
}
