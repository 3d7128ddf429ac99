import { asStatisticsRole, authoritiesIn, countStatistics, earliestRecordedDay } from '../db/repositories/statistics-repository.ts';
import type { Authority } from '../db/repositories/statistics-repository.ts';
import { countCoordination } from '../db/repositories/alert-repository.ts';
import { NO_COORDINATION, publishCoordination } from '../domain/alerts/coordination.ts';
import type { CoordinationPublication } from '../domain/alerts/coordination.ts';
import { DEFAULT_THRESHOLD } from '../domain/statistics/disclosure-control.ts';
import { publishHbth } from '../domain/statistics/publication.ts';
import type { DisclosureView, HbthReport, HbthTrend, TrendYear } from '../domain/statistics/publication.ts';
import {
  COHORT_LABELS,
  formatGeography,
  formatMissingTypes,
  forPeriod,
  isAreaGeography,
  NATION_NAMES,
  queryBounds,
  releaseProblems,
  trendPeriods,
} from '../domain/statistics/query.ts';
import type { Geography, QueryProblem, StatisticsQuery } from '../domain/statistics/query.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// The statistics engine's use cases: authorise, count in the database, protect, audit.
//
// Access (docs/access.md, "Other capabilities"):
// - the national unit (national_analyst) sees any geography, disclosure-controlled;
// - an authority's data officers and team managers see their own authority's children (responsible
//   attribution) unsuppressed, as they see the records themselves, and any other geography (their own
//   authority as host included: that counts other authorities' children) disclosure-controlled;
// - everyone else is refused, as "not found", like any other capability they do not have.
//
// Disclosure control, for everything but the owner's own figures (docs/adr/0017-cell-key-perturbation.md):
// - only standard periods (calendar months, quarters, financial years, calendar years, years to 30 September),
//   "not found" at the period's end, standard geographies; anything else is refused (not_standard) with what is
//   allowed, because two releases a day apart single out that day's children;
// - every count perturbed by the cell-key method, so that differences between releases (periods, areas) say
//   nothing certain about a child;
// - then counts from 1 to 4 suppressed, secondary suppression across every table published together, and
//   national and regional figures (UK, nation, region) rounded to 10; authority figures are not rounded.
// The threshold, the rounding and (for tests) the perturbation are options of the service.

export interface StatisticsOptions {
  /** Counts from 1 to threshold − 1 are suppressed. Default 5 (1–4). */
  readonly threshold?: number;
  /** Rounding base for national and regional figures when disclosure-controlled. Default 10; null for none. */
  readonly areaRounding?: number | null;
  /** Cell-key perturbation of disclosure-controlled figures. Default true; tests turn it off to read true counts through the engine. */
  readonly perturbation?: boolean;
}

/** Why statistics were not given: a service error, or a query that may not be released beyond the owner (with what is allowed). */
export type StatisticsError = ServiceError | { readonly kind: 'not_standard'; readonly problems: readonly QueryProblem[] };

const DEFAULT_AREA_ROUNDING = 10;

/** The default number of years in a trend, and the most one request may ask for. */
export const DEFAULT_TREND_YEARS = 5;
export const MAX_TREND_YEARS = 10;

/** How an actor sees a query's figures: as their owner (true counts), disclosure-controlled, or not at all. */
export type StatisticsAccess = 'owner' | 'controlled' | null;

export function statisticsAccess(actor: Actor, query: Pick<StatisticsQuery, 'geography' | 'attribution'>): StatisticsAccess {
  if (actor.role === 'national_analyst') return 'controlled';
  if ((actor.role === 'data_officer' || actor.role === 'team_manager') && actor.localAuthorityCode !== null) {
    const ownRecords = query.geography.kind === 'authority' && query.geography.code === actor.localAuthorityCode && query.attribution === 'responsible';
    return ownRecords ? 'owner' : 'controlled';
  }
  return null;
}

/**
 * 'as-seen': the figures as the actor may see them (an authority's own, unsuppressed). 'published': figures to
 * be sent beyond the authority, such as an FOI answer, always disclosure-controlled.
 */
export type Release = 'as-seen' | 'published';

/** Whether an actor may ask for statistics at all (pages use it to show or hide the statistics link). */
export function canViewStatistics(actor: Actor): boolean {
  return statisticsAccess(actor, { geography: { kind: 'uk' }, attribution: 'responsible' }) !== null;
}

/** How figures are protected: not at all for their owner; else perturbed, small counts suppressed and areas rounded, as the options say. */
export function disclosureViewOf(access: 'owner' | 'controlled', geography: Geography, options: StatisticsOptions = {}): DisclosureView {
  if (access === 'owner') return { kind: 'owner' };
  const areaRounding = options.areaRounding === undefined ? DEFAULT_AREA_ROUNDING : options.areaRounding;
  return {
    kind: 'controlled',
    threshold: options.threshold ?? DEFAULT_THRESHOLD,
    rounding: isAreaGeography(geography) ? areaRounding : null,
    perturbed: options.perturbation ?? true,
  };
}

export function createStatisticsService(deps: ServiceDeps, options: StatisticsOptions = {}) {
  const { db } = deps;

  const viewFor = (access: 'owner' | 'controlled', geography: Geography): DisclosureView => disclosureViewOf(access, geography, options);

  interface Prepared {
    /** The query with the region spelt as the reference table spells it. */
    readonly query: StatisticsQuery;
    readonly access: 'owner' | 'controlled';
    readonly authorities: readonly Authority[];
    readonly geographyName: string;
  }

  async function prepare(
    actor: Actor,
    query: StatisticsQuery,
    report: string,
    extra: Record<string, unknown>,
    release: Release,
  ): Promise<Result<Prepared, StatisticsError>> {
    const allowed = statisticsAccess(actor, query);
    if (allowed === null) return fail(notFound('statistics'));
    // Figures an authority will send beyond itself (an FOI answer) are controlled even when they are its own.
    const access = release === 'published' ? 'controlled' : allowed;
    if (access === 'controlled') {
      const problems = releaseProblems(query, { trend: report === TREND_REPORT });
      if (problems.length > 0) return fail({ kind: 'not_standard', problems });
    }
    const authorities = await authoritiesIn(db, query.geography);
    if (authorities.length === 0) return fail(notFound(query.geography.kind === 'authority' ? 'authority' : query.geography.kind));
    // The request is audited before anything is counted, in its own transaction: the counting runs read-only
    // as another role, on a replica where one is configured, and no figure is released unless its request is
    // on the trail.
    await db.transaction().execute((trx) =>
      deps.audit.append(trx, {
        actor,
        action: 'EXPORT',
        entity: 'statistics',
        entityId: report,
        details: {
          cohort: query.cohort,
          from: query.period.from,
          to: query.period.to,
          geography: formatGeography(query.geography),
          attribution: query.attribution,
          missingTypes: formatMissingTypes(query.missingTypes),
          censusDate: query.censusDate,
          view: access,
          ...extra,
        },
      }),
    );
    const canonical =
      query.geography.kind === 'region'
        ? { ...query, geography: { kind: 'region' as const, region: authorities[0]?.region ?? query.geography.region } }
        : query;
    return ok({ query: canonical, access, authorities, geographyName: geographyName(query.geography, authorities) });
  }

  function publish(counts: Parameters<typeof publishHbth>[0], query: StatisticsQuery, actor: Actor, prepared: Prepared): HbthReport {
    return publishHbth(counts, {
      query,
      view: viewFor(prepared.access, query.geography),
      geographyName: prepared.geographyName,
      // Which authorities are not reporting: the national unit (accountable for coverage) and the owner.
      listNonReporting: prepared.access === 'owner' || actor.role === 'national_analyst',
    });
  }

  const scopeOf = (query: StatisticsQuery, prepared: Prepared) => ({
    query,
    bounds: queryBounds(query),
    authorityCodes: query.geography.kind === 'uk' ? null : prepared.authorities.map((authority) => authority.code),
  });

  return {
    /** The "Heading back to harm" measures, the tables behind them and the breakdowns, for one query. */
    async headingBackToHarm(actor: Actor, query: StatisticsQuery, release: Release = 'as-seen'): Promise<Result<HbthReport, StatisticsError>> {
      const prepared = await prepare(actor, query, 'heading-back-to-harm', {}, release);
      if (!prepared.ok) return prepared;
      const canonical = prepared.value.query;
      const counts = await asStatisticsRole(deps.readDb ?? db, (trx) => countStatistics(trx, scopeOf(canonical, prepared.value), prepared.value.authorities));
      return ok(publish(counts, canonical, actor, prepared.value));
    },

    /**
     * The headline for consecutive 12-month periods ending on the query's last day, oldest first; "not found" at
     * the end of each. Each year is protected together with its breakdowns, exactly as headingBackToHarm would
     * publish that year, so the two never disagree about what is suppressed.
     */
    async trend(
      actor: Actor,
      query: StatisticsQuery,
      years: number = DEFAULT_TREND_YEARS,
      release: Release = 'as-seen',
    ): Promise<Result<HbthTrend, StatisticsError>> {
      if (!Number.isInteger(years) || years < 1 || years > MAX_TREND_YEARS) throw new Error(`years must be from 1 to ${MAX_TREND_YEARS}, got ${years}`);
      const prepared = await prepare(actor, query, TREND_REPORT, { years }, release);
      if (!prepared.ok) return prepared;
      const queries = trendPeriods(query.period.to, years).map((period) => forPeriod(prepared.value.query, period));
      const counts = await asStatisticsRole(deps.readDb ?? db, async (trx) => {
        const all = [];
        for (const yearQuery of queries) all.push(await countStatistics(trx, scopeOf(yearQuery, prepared.value), prepared.value.authorities));
        return all;
      });
      const yearsOut: TrendYear[] = queries.map((yearQuery, index) => {
        const counted = counts[index];
        if (counted === undefined) throw new Error('a count for every year');
        const { measures, tables, coverage } = publish(counted, yearQuery, actor, prepared.value);
        return { period: yearQuery.period, censusDate: yearQuery.censusDate, measures, tables, coverage };
      });
      return ok({
        report: 'heading-back-to-harm-trend',
        query: prepared.value.query,
        geographyName: prepared.value.geographyName,
        cohortLabel: COHORT_LABELS[query.cohort],
        disclosure: viewFor(prepared.value.access, query.geography),
        years: yearsOut,
      });
    },

    /**
     * Statistics of coordination (issue 14 item 6) for a period and a geography, by responsible authority: an
     * authority's own as they are to its data officers and team managers, anything else disclosure-controlled as
     * the other statistics are, for a standard period only.
     */
    async coordination(actor: Actor, query: StatisticsQuery): Promise<Result<CoordinationReport, StatisticsError>> {
      const prepared = await prepare(actor, { ...query, attribution: 'responsible' }, 'coordination', {}, 'as-seen');
      if (!prepared.ok) return prepared;
      const { query: canonical, access, authorities, geographyName } = prepared.value;
      const { periodStart, periodEnd } = queryBounds(canonical);
      const counts = await asStatisticsRole(deps.readDb ?? db, (trx) =>
        countCoordination(trx, { from: periodStart, to: periodEnd, now: deps.now(), authorityCodes: scopeOf(canonical, prepared.value).authorityCodes }),
      );
      const disclosure = viewFor(access, canonical.geography);
      const publication = publishCoordination(
        authorities.map(({ code, name }) => ({ code, name, tallies: counts.byAuthority.get(code) ?? NO_COORDINATION })),
        { name: geographyName, medianMinutesToAcknowledge: counts.medianMinutesToAcknowledge },
        disclosure,
      );
      return ok({ period: canonical.period, geographyName, disclosure, ...publication });
    },

    /**
     * The first day the data covers (the earliest start of a care period or a missing episode), for offering
     * every year from it; null when nothing is recorded. To those who may ask for statistics: it is one date
     * across the country, no child's.
     */
    async earliestDay(actor: Actor): Promise<Result<string | null, ServiceError>> {
      if (!canViewStatistics(actor)) return fail(notFound('statistics'));
      return ok(await asStatisticsRole(deps.readDb ?? db, (trx) => earliestRecordedDay(trx)));
    },
  };
}

const TREND_REPORT = 'heading-back-to-harm-trend';

/** The area's name, as the reference table spells it. */
export function geographyName(geography: Geography, authorities: readonly Authority[]): string {
  switch (geography.kind) {
    case 'uk':
      return 'United Kingdom';
    case 'nation':
      return NATION_NAMES[geography.nation];
    case 'region':
      return authorities[0]?.region ?? geography.region;
    case 'authority':
      return authorities[0]?.name ?? geography.code;
  }
}

export interface CoordinationReport extends CoordinationPublication {
  readonly period: StatisticsQuery['period'];
  readonly geographyName: string;
  readonly disclosure: DisclosureView;
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
