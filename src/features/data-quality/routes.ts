import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.ts';
import { dataQualityViewOf } from '../../services/data-quality-service.ts';
import type { Services } from '../../services/index.ts';
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

  app.get(paths.dataQuality, async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    // The national unit's view of data quality is the league table.
    if (dataQualityViewOf(user) === 'national') return reply.redirect(paths.dataQualityLeagueTable, 303);
    const overview = await services.dataQuality.authorityOverview(user);
    if (!overview.ok) return reply.renderNotFound();
    return reply.render('data-quality/views/overview.njk', { activeNav: 'data-quality', ...overviewViewModel(overview.value) });
  });

  app.get(paths.dataQualityLeagueTable, async (request, reply) => {
    const user = request.user;
    if (user === null) return reply.redirect(paths.signIn, 303);
    const table = await services.dataQuality.leagueTable(user);
    if (!table.ok) return reply.renderNotFound();
    return reply.render('data-quality/views/league-table.njk', { activeNav: 'data-quality', ...leagueTableViewModel(table.value) });
  });
  done();
}
