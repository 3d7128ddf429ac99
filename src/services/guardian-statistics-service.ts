import { guardiansOf } from '../db/repositories/guardian-repository.ts';
import { countGuardianService } from '../db/repositories/guardian-statistics-repository.ts';
import { asStatisticsRole, authoritiesIn } from '../db/repositories/statistics-repository.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { rowScope } from '../domain/access/policy.ts';
import { publishGuardianStatistics } from '../domain/guardian-statistics.ts';
import type { GuardianServiceStatistics } from '../domain/guardian-statistics.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { formatGeography, queryBounds, releaseProblems } from '../domain/statistics/query.ts';
import type { Geography, Period } from '../domain/statistics/query.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import { disclosureViewOf, geographyName } from './statistics-service.ts';
import type { StatisticsError, StatisticsOptions } from './statistics-service.ts';

// The guardian service's caseload and statistics (issue 15, item 3): authorise, audit the request, count as
// the statistics role, protect (src/domain/guardian-statistics.ts).
//
// Access (docs/access.md, "Other capabilities"):
// - the service's own managers (guardian_manager) see their service's figures as they are, for any period
//   and area, the caseload by guardian included;
// - the national unit (national_analyst) sees every service's, disclosure-controlled as the other statistics
//   are (standard periods only, perturbed, 1 to 4 suppressed, areas rounded), with no figure by guardian;
// - everyone else is refused, as "not found".

export type GuardianStatisticsAccess = 'owner' | 'controlled' | null;

export function guardianStatisticsAccess(actor: Pick<Actor, 'role'>): GuardianStatisticsAccess {
  if (actor.role === 'guardian_manager') return 'owner';
  if (actor.role === 'national_analyst') return 'controlled';
  return null;
}

export interface GuardianStatisticsQuery {
  readonly period: Period;
  readonly geography: Geography;
}

export interface GuardianStatisticsReport extends GuardianServiceStatistics {
  readonly period: Period;
  readonly geography: string;
  readonly geographyName: string;
}

export function createGuardianStatisticsService(deps: ServiceDeps, options: StatisticsOptions = {}) {
  const { db } = deps;
  return {
    async statistics(actor: Actor, query: GuardianStatisticsQuery): Promise<Result<GuardianStatisticsReport, StatisticsError>> {
      const access = guardianStatisticsAccess(actor);
      if (access === null) return fail(notFound('statistics'));
      if (access === 'controlled') {
        const problems = releaseProblems({ period: query.period, censusDate: query.period.to });
        if (problems.length > 0) return fail({ kind: 'not_standard', problems });
      }
      const authorities = await authoritiesIn(db, query.geography);
      if (authorities.length === 0) return fail(notFound(query.geography.kind === 'authority' ? 'authority' : query.geography.kind));
      const service = access === 'owner' ? actor.organisationCode : null;
      // Audited before anything is counted, as the other statistics are.
      await db.transaction().execute((trx) =>
        deps.audit.append(trx, {
          actor,
          action: 'EXPORT',
          entity: 'statistics',
          entityId: 'guardian-service',
          details: { from: query.period.from, to: query.period.to, geography: formatGeography(query.geography), view: access, service },
        }),
      );
      const { periodStart, periodEnd } = queryBounds({ period: query.period, censusDate: query.period.to });
      const facts = await asStatisticsRole(deps.readDb ?? db, (trx) =>
        countGuardianService(trx, {
          periodStart,
          periodEnd,
          authorityCodes: query.geography.kind === 'uk' ? null : authorities.map((authority) => authority.code),
          serviceOrganisationCode: service,
        }),
      );
      const names =
        service === null
          ? null
          : new Map(
              (await inScope(db, rowScope(actor, deps.now()), (trx) => guardiansOf(trx, service))).map((guardian) => [guardian.id, guardian.displayName]),
            );
      return ok({
        ...publishGuardianStatistics(facts, disclosureViewOf(access, query.geography, options), names),
        period: query.period,
        geography: formatGeography(query.geography),
        geographyName: geographyName(query.geography, authorities),
      });
    },
  };
}
