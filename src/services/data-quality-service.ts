import { nameOf } from '../domain/child-record.ts';
import type { Kysely } from 'kysely';
import {
  authoritiesDueARuleCheck,
  authorityCounts,
  awayEpisodesLookingMissing,
  childrenByIds,
  localAuthorities,
  ruleChecks,
  saveRuleCheck,
  staleOpenEpisodes,
} from '../db/repositories/data-quality-repository.ts';
import type { ChildRow } from '../db/repositories/data-quality-repository.ts';
import { loadChildRecordsPage } from '../db/repositories/child-record-repository.ts';
import { completenessGaps } from '../db/repositories/completeness-gap-repository.ts';
import type { CompletenessGapRow } from '../db/repositories/completeness-gap-repository.ts';
import type { RecordPosition } from '../db/repositories/child-record-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import { addHours, hoursBetween } from '../domain/dates.ts';
import {
  awayConsistencyOf,
  awayLooksMissingReasons,
  COMPLETENESS,
  completenessOf,
  daysSince,
  leagueTable,
  matchReferenceOf,
  measurementDates,
  RULE_CHECK_MAX_AGE_HOURS,
  stateCountsOf,
  summariseRuleCheck,
} from '../domain/data-quality.ts';
import type {
  AuthorityOverview,
  ChildReference,
  ChildViolations,
  CompletenessDefinition,
  LeagueTableRow,
  MeasurementDates,
  RuleCheck,
} from '../domain/data-quality.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { validateRecord } from '../domain/validation/rules.ts';
import { rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { createMatchingService } from './matching-service.ts';
import type { ServiceError } from './errors.ts';

/** Records read per statement by the rule check. */
const RECORD_PAGE_SIZE = 500;
/** About how long one view of the league table may spend checking other authorities' records. */
const RULE_CHECK_BUDGET_MS = 3000;

/**
 * Which data-quality view an actor has: their own authority's overview (its team managers and data
 * officers), the national league table (national analysts), or none.
 */
export function dataQualityViewOf(actor: Actor): 'authority' | 'national' | null {
  if ((actor.role === 'team_manager' || actor.role === 'data_officer') && actor.localAuthorityCode !== null) return 'authority';
  if (actor.role === 'national_analyst') return 'national';
  return null;
}

/** The records behind one completeness measure: those lacking what it counts, to put right. */
export interface CompletenessGaps {
  readonly authorityName: string;
  readonly measure: CompletenessDefinition;
  readonly dates: MeasurementDates;
  /** How many records lack it: the measure's denominator less its numerator. */
  readonly total: number;
  /** The first of them (GAPS_LISTED at most): the child, and the concern or episode where the measure is of those. */
  readonly records: readonly (Omit<CompletenessGapRow, 'givenNames' | 'familyName' | 'laChildId' | 'childId'> & { readonly child: ChildReference })[];
}

export interface LeagueTable {
  readonly dates: MeasurementDates;
  readonly rows: readonly LeagueTableRow[];
}

const referenceOf = (child: Pick<ChildRow, 'childId' | 'givenNames' | 'familyName' | 'laChildId'>): ChildReference => ({
  childId: child.childId,
  name: nameOf(child),
  laChildId: child.laChildId,
});

/** What the overview needs of the matching service: probable duplicates come from its engine. */
type DuplicateFinder = Pick<ReturnType<typeof createMatchingService>, 'probableDuplicates'>;

export function createDataQualityService(deps: ServiceDeps, matching: DuplicateFinder) {
  const { db } = deps;

  /**
   * Runs the record rules over every record the authorities are responsible for, a page at a time,
   * and sums them up for each authority. With `stopAfterMs`, it stops after the page during which that
   * long has passed, and returns only the authorities whose records were all read.
   */
  async function checkRules(
    trx: Kysely<Database>,
    authorityCodes: readonly string[],
    dates: MeasurementDates,
    options: { readonly stopAfterMs?: number } = {},
  ): Promise<Map<string, RuleCheck>> {
    const startedMs = Date.parse(deps.now());
    // In the order read: records come by authority, so every authority before the last one read is complete.
    const tallies = new Map<string, { checked: number; failing: ChildViolations[] }>();
    let after: RecordPosition | null = null;
    let readAll = false;
    for (;;) {
      const page = await loadChildRecordsPage(trx, { responsibleAuthorityCodes: authorityCodes, after, limit: RECORD_PAGE_SIZE });
      for (const record of page) {
        const code = record.child.responsibleAuthorityCode;
        let tally = tallies.get(code);
        if (tally === undefined) {
          tally = { checked: 0, failing: [] };
          tallies.set(code, tally);
        }
        tally.checked += 1;
        const violations = validateRecord(record, { now: dates.now, today: dates.today });
        if (violations.length > 0) tally.failing.push({ child: referenceOf({ ...record.child, childId: record.child.id }), violations });
      }
      const last = page.at(-1);
      if (last === undefined || page.length < RECORD_PAGE_SIZE) {
        readAll = true;
        break;
      }
      after = { responsibleAuthorityCode: last.child.responsibleAuthorityCode, childId: last.child.id };
      if (options.stopAfterMs !== undefined && Date.parse(deps.now()) - startedMs > options.stopAfterMs) break;
    }
    const complete = readAll ? authorityCodes : [...tallies.keys()].slice(0, -1);
    return new Map(complete.map((code) => [code, summariseRuleCheck(tallies.get(code)?.checked ?? 0, tallies.get(code)?.failing ?? [])]));
  }

  const totalsOf = (check: RuleCheck, checkedAt: string) => ({
    checkedAt,
    children: check.childrenChecked,
    childrenWithViolations: check.childrenWithViolations,
    errors: check.errors,
    warnings: check.warnings,
  });

  /**
   * Brings every authority's rule-check totals up to date for the league table. The national unit may
   * see no child, yet the rules run over whole records; so, once the service has authorised a national
   * analyst, it reads each authority's records as the database owner, outside any actor's row-level
   * scope, reduces them here to the authority's totals and keeps only those. No record, and no child,
   * leaves this function. Authorities checked in the last RULE_CHECK_MAX_AGE_HOURS are not read again,
   * and one request spends at most about RULE_CHECK_BUDGET_MS on it (the first check of 100,000 records
   * takes longer): authorities not reached show as not yet checked until a later view reaches them.
   */
  async function refreshRuleChecks(dates: MeasurementDates): Promise<void> {
    const due = await authoritiesDueARuleCheck(db, addHours(dates.now, -RULE_CHECK_MAX_AGE_HOURS));
    if (due.length === 0) return;
    for (const [authorityCode, check] of await checkRules(db, due, dates, { stopAfterMs: RULE_CHECK_BUDGET_MS }))
      await saveRuleCheck(db, authorityCode, totalsOf(check, dates.now));
  }

  return {
    /** The authority's own overview, for its team managers and data officers; with the children to follow up. */
    async authorityOverview(actor: Actor): Promise<Result<AuthorityOverview, ServiceError>> {
      const authorityCode = dataQualityViewOf(actor) === 'authority' ? actor.localAuthorityCode : null;
      if (authorityCode === null) return fail(notFound('data-quality overview'));
      const dates = measurementDates(deps.now());
      // Other authorities' records are compared outside the actor's row-level scope, by the matching
      // service as the database owner; only the authority's own children and the other's name come back.
      const duplicateRows = await matching.probableDuplicates(actor, authorityCode);
      if (!duplicateRows.ok) return fail(notFound('data-quality overview'));
      return inScope(db, rowScope(actor, dates.now), async (trx) => {
        const [counts] = await authorityCounts(trx, authorityCode, dates);
        if (counts === undefined) return fail(notFound('data-quality overview'));
        const ruleCheck = (await checkRules(trx, [authorityCode], dates)).get(authorityCode) ?? summariseRuleCheck(0, []);
        await saveRuleCheck(trx, authorityCode, totalsOf(ruleCheck, dates.now));
        const stale = await staleOpenEpisodes(trx, authorityCode, dates.staleBefore);
        const away = await awayEpisodesLookingMissing(trx, authorityCode, dates);
        const duplicateChildren = new Map(
          (await childrenByIds(trx, [...new Set(duplicateRows.value.map((row) => row.childId))])).map((row) => [row.childId, referenceOf(row)]),
        );
        const authorityNames = new Map((await localAuthorities(trx)).map((authority) => [authority.code, authority.name]));

        const overview: AuthorityOverview = {
          authorityCode,
          authorityName: authorityNames.get(authorityCode) ?? authorityCode,
          dates,
          counts: stateCountsOf(counts),
          completeness: completenessOf(counts),
          ruleCheck,
          staleEpisodes: stale.map((row) => ({
            episodeId: row.episodeId,
            child: referenceOf(row),
            type: row.type,
            startAt: row.startAt,
            updatedAt: row.updatedAt,
            daysSinceUpdate: daysSince(row.updatedAt, dates.now),
          })),
          away: awayConsistencyOf(counts),
          awayLooksMissing: away.map((row) => ({
            episodeId: row.episodeId,
            child: referenceOf(row),
            startAt: row.startAt,
            endAt: row.endAt,
            hoursAway: Math.floor(hoursBetween(row.startAt, row.endAt ?? dates.now)),
            policeRiskLevel: row.policeRiskLevel,
            reasons: awayLooksMissingReasons(row, dates.now),
          })),
          duplicates: duplicateRows.value.flatMap((row) => {
            const child = duplicateChildren.get(row.childId);
            return child === undefined
              ? []
              : [
                  {
                    child,
                    probability: row.probability,
                    otherAuthorityCode: row.otherAuthorityCode,
                    otherAuthorityName: authorityNames.get(row.otherAuthorityCode) ?? row.otherAuthorityCode,
                    matchReference: matchReferenceOf(row.childId, row.otherChildId),
                  },
                ];
          }),
        };
        // Which lists were shown and how long they were; never who was in them.
        const listed = new Set([
          ...ruleCheck.rules.flatMap((rule) => rule.children.map(({ child }) => child.childId)),
          ...overview.staleEpisodes.map(({ child }) => child.childId),
          ...overview.awayLooksMissing.map(({ child }) => child.childId),
          ...overview.duplicates.map(({ child }) => child.childId),
        ]);
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'dataQualityOverview',
          entityId: authorityCode,
          details: { authority: authorityCode, childrenListed: listed.size },
        });
        return ok(overview);
      });
    },

    /** The records behind one completeness measure of the authority's overview, for the same people. */
    async completenessGaps(actor: Actor, measureId: string): Promise<Result<CompletenessGaps, ServiceError>> {
      const authorityCode = dataQualityViewOf(actor) === 'authority' ? actor.localAuthorityCode : null;
      const measure = COMPLETENESS.find((definition) => definition.id === measureId);
      if (authorityCode === null || measure === undefined) return fail(notFound('data-quality records'));
      const dates = measurementDates(deps.now());
      return inScope(db, rowScope(actor, dates.now), async (trx) => {
        const [counts] = await authorityCounts(trx, authorityCode, dates);
        if (counts === undefined) return fail(notFound('data-quality records'));
        const rows = await completenessGaps(trx, authorityCode, measure.id, dates);
        const authorityName = (await localAuthorities(trx)).find((authority) => authority.code === authorityCode)?.name ?? authorityCode;
        const { numerator, denominator } = measure.count(counts);
        // Which measure and how many; never who.
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'dataQualityRecords',
          entityId: authorityCode,
          details: { authority: authorityCode, measure: measure.id, childrenListed: new Set(rows.map((row) => row.childId)).size },
        });
        return ok({
          authorityName,
          measure,
          dates,
          total: denominator - numerator,
          records: rows.map(({ concernId, episodeId, since, episodeEndAt, ...child }) => ({
            child: referenceOf(child),
            concernId,
            episodeId,
            since,
            episodeEndAt,
          })),
        });
      });
    },

    /** Every authority's measures for the national unit: aggregates only, small counts suppressed, ranked. */
    async leagueTable(actor: Actor): Promise<Result<LeagueTable, ServiceError>> {
      if (dataQualityViewOf(actor) !== 'national') return fail(notFound('data-quality league table'));
      const dates = measurementDates(deps.now());
      await refreshRuleChecks(dates);
      return inScope(db, rowScope(actor, dates.now), async (trx) => {
        const counts = await authorityCounts(trx, null, dates);
        const checks = new Map((await ruleChecks(trx)).map((check) => [check.authorityCode, check]));
        const authorities = new Map((await localAuthorities(trx)).map((authority) => [authority.code, authority]));
        const rows = leagueTable(
          counts.map((row) => ({
            authorityCode: row.authorityCode,
            authorityName: authorities.get(row.authorityCode)?.name ?? row.authorityCode,
            region: authorities.get(row.authorityCode)?.region ?? '',
            counts: row,
            ruleCheck: checks.get(row.authorityCode) ?? null,
          })),
        );
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'dataQualityLeagueTable', details: { authorities: rows.length } });
        return ok({ dates, rows });
      });
    },
  };
}
