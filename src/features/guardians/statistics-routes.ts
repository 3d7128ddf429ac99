import type { FastifyInstance } from 'fastify';
import { ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import { guardianStatisticsAccess } from '../../services/guardian-statistics-service.ts';
import type { Services } from '../../services/index.ts';
import { signedInActor } from '../guards.ts';
import { errorsView, geographyChoices } from '../statistics/view-models.ts';
import { guardianStatisticsViewModel, queryOfGuardianForm, readGuardianStatisticsForm } from './statistics-view-models.ts';
import type { GuardianStatisticsError } from './statistics-view-models.ts';

// The guardian service's caseload and statistics page (issue 15, item 3): a GET form (period and area) and
// the tables. The service decides who sees what, and audits every request; anyone else gets "Page not found".

export function guardianStatisticsRoutes(app: FastifyInstance, services: Services): void {
  app.get(paths.guardianStatistics, async (request, reply) => {
    const actor = signedInActor(request);
    const access = guardianStatisticsAccess(actor);
    if (access === null) return reply.renderNotFound();
    const form = readGuardianStatisticsForm(request.query, ukDateOf(services.now()));
    // The national unit reaches the page from Statistics, the service's managers from Guardian referrals.
    const page = {
      activeNav: access === 'controlled' ? 'statistics' : 'guardians',
      form,
      geographies: geographyChoices(form.geography, await services.children.listAuthorities()),
    };
    const render = (extra: Record<string, unknown>) => reply.render('guardians/views/statistics.njk', { ...page, ...extra });
    const parsed = queryOfGuardianForm(form);
    if (!parsed.ok) return render({ errors: errorsView(parsed.errors) });
    const report = await services.guardianStatistics.statistics(actor, parsed.query);
    if (report.ok) return render(guardianStatisticsViewModel(report.value));
    const errors: GuardianStatisticsError[] =
      report.error.kind === 'not_standard'
        ? report.error.problems.map((problem) => ({ field: problem.field === 'to' ? 'to' : 'from', text: problem.message }))
        : [{ field: 'geography', text: 'Select an area from the list' }];
    return render({ errors: errorsView(errors) });
  });
}
