import type { AuthorityOverview } from '../domain/data-quality.ts';
import { ukDateOf } from '../domain/dates.ts';
import { buildFoiPack, FOI_COHORTS } from '../domain/statistics/foi-pack.ts';
import type { CompletenessCaveat, FoiCohort, FoiPack } from '../domain/statistics/foi-pack.ts';
import type { HbthReport } from '../domain/statistics/publication.ts';
import { parseStatisticsQuery } from '../domain/statistics/query.ts';
import type { QueryProblem } from '../domain/statistics/query.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceError } from './errors.ts';
import type { StatisticsService } from './statistics-service.ts';

// Gathers what the FOI pack is built from: the engine's report for each cohort the questions ask about (for
// the authority, responsible attribution, missing or absent as the charities asked), and the authority's
// data-quality completeness when the reader may see it. Shared by the page and `lantern foi`.

/** What the pack is gathered through: the statistics engine and the services' clock. */
export interface FoiSources {
  readonly statistics: Pick<StatisticsService, 'headingBackToHarm'>;
  readonly now: () => string;
}

export interface FoiRequest {
  readonly authorityCode: string;
  readonly from: string;
  readonly to: string;
}

export type FoiFailure = { readonly kind: 'invalid'; readonly problems: readonly QueryProblem[] } | { readonly kind: 'service'; readonly error: ServiceError };

/** The overview's completeness measures as the pack's caveats, with the window the checks measured over. */
export function completenessCaveats(overview: AuthorityOverview): CompletenessCaveat[] {
  const window = { from: overview.dates.windowStart, to: overview.dates.today };
  return overview.completeness.map(({ title, of, numerator, denominator }) => ({ title, of, numerator, denominator, window }));
}

export async function loadFoiPack(
  services: FoiSources,
  actor: Actor,
  request: FoiRequest,
  completeness: readonly CompletenessCaveat[] | null,
): Promise<Result<FoiPack, FoiFailure>> {
  const reports: Partial<Record<FoiCohort, HbthReport>> = {};
  for (const cohort of FOI_COHORTS) {
    const parsed = parseStatisticsQuery({
      from: request.from,
      to: request.to,
      cohort,
      geography: `authority:${request.authorityCode}`,
      attribution: 'responsible',
      missingTypes: 'M,A',
    });
    if (!parsed.ok) return fail({ kind: 'invalid', problems: parsed.error });
    // An FOI answer leaves the authority: its figures are published, so disclosure-controlled even for the owner.
    const report = await services.statistics.headingBackToHarm(actor, parsed.value, 'published');
    if (!report.ok)
      return fail(report.error.kind === 'not_standard' ? { kind: 'invalid', problems: report.error.problems } : { kind: 'service', error: report.error });
    reports[cohort] = report.value;
  }
  const { trafficked, uasc, both, either } = reports;
  if (trafficked === undefined || uasc === undefined || both === undefined || either === undefined) throw new Error('a report for every cohort');
  return ok(
    buildFoiPack({
      authorityCode: request.authorityCode,
      authorityName: trafficked.geographyName,
      produced: ukDateOf(services.now()),
      reports: { trafficked, uasc, both, either },
      completeness,
    }),
  );
}
