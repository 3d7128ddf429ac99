import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.ts';
import { dataQualityViewOf } from '../../services/data-quality-service.ts';
import type { Services } from '../../services/index.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { ukDateOf } from '../../domain/dates.ts';
import { coordinationViewModel } from '../alerts/view-models.ts';
import { formQueryString, latestYear, queryOfForm, readStatisticsForm } from '../statistics/view-models.ts';
import { gapsViewModel } from './gaps.ts';
import { leagueTableViewModel, overviewViewModel } from './view-models.ts';

/**
 * The data-quality pages: the authority's overview for its team managers and data officers, and the
 * national league table for national analysts. Anyone else gets "Page not found", as for a record
 * they may not see.
 */
export function dataQualityRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.user === null) return reply.redirect(paths.signIn, 303);
    return undefined;
  });

  /** Coordination between agencies in the latest reporting year: the authority's own, or the UK's for the national unit. */
  async function coordinationOf(user: Actor) {
    const today = ukDateOf(services.now());
    const geography = user.localAuthorityCode !== null && dataQualityViewOf(user) === 'authority' ? `authority:${user.localAuthorityCode}` : 'uk';
    const form = readStatisticsForm({ geography }, today);
    const query = queryOfForm(form, [latestYear(today)]);
    if (!query.ok) return null;
    const report = await services.statistics.coordination(user, query.query);
    return report.ok ? { ...coordinationViewModel(report.value), elsewhere: `${paths.statistics}?${formQueryString(form)}#coordination` } : null;
  }

  app.get(paths.dataQuality, async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    // The national unit's view of data quality is the league table.
    if (dataQualityViewOf(user) === 'national') return reply.redirect(paths.dataQualityLeagueTable, 303);
    const overview = await services.dataQuality.authorityOverview(user);
    if (!overview.ok) return reply.renderNotFound();
    return reply.render('data-quality/views/overview.njk', {
      activeNav: 'data-quality',
      ...overviewViewModel(overview.value),
      coordination: await coordinationOf(user),
    });
  });

  app.get(paths.dataQualityGaps(':measure'), async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    const params: Readonly<Record<string, unknown>> = typeof request.params === 'object' && request.params !== null ? { ...request.params } : {};
    const measure = params['measure'];
    const gaps = typeof measure === 'string' ? await services.dataQuality.completenessGaps(user, measure) : null;
    if (gaps === null || !gaps.ok) return reply.renderNotFound();
    return reply.render('data-quality/views/completeness-gaps.njk', { activeNav: 'data-quality', ...gapsViewModel(gaps.value) });
  });

  app.get(paths.dataQualityLeagueTable, async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    const table = await services.dataQuality.leagueTable(user);
    if (!table.ok) return reply.renderNotFound();
    return reply.render('data-quality/views/league-table.njk', {
      activeNav: 'data-quality',
      ...leagueTableViewModel(table.value),
      coordination: await coordinationOf(user),
    });
  });
  done();
}
