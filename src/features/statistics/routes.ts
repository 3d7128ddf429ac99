import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ukDateOf } from '../../domain/dates.ts';
import { FOI_CSV_COLUMNS, foiPackMarkdown, foiPackRows } from '../../domain/statistics/foi-pack.ts';
import type { CompletenessCaveat } from '../../domain/statistics/foi-pack.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { dataQualityViewOf } from '../../services/data-quality-service.ts';
import type { Services } from '../../services/index.ts';
import { guardianStatisticsAccess } from '../../services/guardian-statistics-service.ts';
import { canViewStatistics } from '../../services/statistics-service.ts';
import type { StatisticsError } from '../../services/statistics-service.ts';
import { signedInActor } from '../guards.ts';
import { CONTENT_TYPES, DOWNLOAD_FORMATS, downloadFileName, reportCsv, reportJson, reportXlsx } from './downloads.ts';
import { coordinationViewModel } from '../alerts/view-models.ts';
import { completenessCaveats, loadFoiPack } from '../../services/foi-service.ts';
import {
  errorsView,
  formChoices,
  formQueryString,
  periodOfYear,
  queryOfForm,
  queryParameter,
  readStatisticsForm,
  statisticsPageViewModel,
  yearsOffered,
} from './view-models.ts';
import type { FormError, StatisticsForm } from './view-models.ts';

/**
 * The statistics pages: the "Heading back to harm" table with its charts and breakdowns, its downloads, and the
 * FOI pack. Who may see what is the statistics service's decision (national analysts, an authority's data
 * officers and team managers); everyone else gets "Page not found". Every request is audited by the service.
 */
export function statisticsRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', async (request, reply) => {
    if (request.user === null) return reply.redirect(paths.signIn, 303);
    return undefined;
  });
  const today = (): string => ukDateOf(services.now());
  /** Every year the data covers, newest first (the caller may ask for statistics). */
  const years = async (user: Actor): Promise<number[]> => {
    const earliest = await services.statistics.earliestDay(user);
    return yearsOffered(today(), earliest.ok ? earliest.value : null);
  };

  async function renderForm(reply: FastifyReply, form: StatisticsForm, offered: readonly number[], extra: Record<string, unknown>) {
    const authorities = await services.children.listAuthorities();
    // The guardian service's statistics are a page of their own, linked for those who may see them.
    const guardianStatisticsHref = guardianStatisticsAccess(signedInActor(reply.request)) === null ? null : paths.guardianStatistics;
    return reply.render('statistics/views/statistics.njk', {
      activeNav: 'statistics',
      form,
      choices: formChoices(form, offered, authorities),
      guardianStatisticsHref,
      ...extra,
    });
  }

  app.get(paths.statistics, async (request, reply) => {
    const user = request.user;
    if (user === null || !canViewStatistics(user)) return reply.renderNotFound();
    const form = readStatisticsForm(request.query, today());
    const offered = await years(user);
    const parsed = queryOfForm(form, offered);
    if (!parsed.ok) return renderForm(reply, form, offered, { errors: errorsView(parsed.errors) });
    const report = await services.statistics.headingBackToHarm(user, parsed.query);
    if (!report.ok) return renderForm(reply, form, offered, { errors: errorsView(refusalErrors(report.error)) });
    const trend = await services.statistics.trend(user, parsed.query, 5);
    const coordination = await services.statistics.coordination(user, parsed.query);
    const queryString = formQueryString(form);
    return renderForm(reply, form, offered, {
      ...statisticsPageViewModel(report.value, trend.ok ? trend.value : null),
      coordination: coordination.ok ? coordinationViewModel(coordination.value) : null,
      downloads: DOWNLOAD_FORMATS.map((format) => ({ format: format.toUpperCase(), href: `${paths.statisticsDownload(format)}?${queryString}` })),
    });
  });

  for (const format of DOWNLOAD_FORMATS) {
    app.get(paths.statisticsDownload(format), async (request, reply) => {
      const user = request.user;
      if (user === null || !canViewStatistics(user)) return reply.renderNotFound();
      const parsed = queryOfForm(readStatisticsForm(request.query, today()), await years(user));
      const problem = (errors: readonly FormError[]) =>
        reply.code(400).render('home/views/problem.njk', { pageTitle: 'There is a problem', message: errors.map((e) => e.text).join('. ') });
      if (!parsed.ok) return problem(parsed.errors);
      // The service audits the request as an EXPORT of the statistics before it counts anything.
      const report = await services.statistics.headingBackToHarm(user, parsed.query);
      if (!report.ok) return report.error.kind === 'not_standard' ? problem(refusalErrors(report.error)) : reply.renderNotFound();
      const body = format === 'csv' ? reportCsv(report.value) : format === 'json' ? reportJson(report.value) : await reportXlsx(report.value, services.now());
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${downloadFileName(report.value, format)}"`)
        .header('cache-control', 'no-store')
        .send(body);
    });
  }

  app.get(paths.foiPack, async (request, reply) => {
    const user = request.user;
    // The pack answers for the reader's own authority: its data officers and team managers.
    if (user === null || dataQualityViewOf(user) !== 'authority' || user.localAuthorityCode === null) return reply.renderNotFound();
    const form = readStatisticsForm(request.query, today());
    const offered = await years(user);
    const parsed = queryOfForm(
      { ...form, cohort: 'trafficked', geography: `authority:${user.localAuthorityCode}`, missingTypes: 'M,A', attribution: 'responsible' },
      offered,
    );
    const latest = readStatisticsForm({}, today()).year;
    const yearChoices = formChoices(form, offered, []).years;
    if (!parsed.ok)
      return reply.render('statistics/views/foi-pack.njk', { activeNav: 'statistics', years: yearChoices, errors: errorsView(parsed.errors), year: latest });
    const period = periodOfYear(Number(form.year));
    const pack = await loadFoiPack(services, user, { authorityCode: user.localAuthorityCode, ...period }, await completenessOf(services, user));
    if (!pack.ok) return reply.renderNotFound();
    const format = queryParameter(request.query, 'format') ?? 'html';
    const fileName = `foi-pack_${pack.value.authorityCode.toLowerCase()}_${period.from}_to_${period.to}`;
    if (format === 'md') {
      return reply
        .header('content-type', 'text/markdown; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}.md"`)
        .header('cache-control', 'no-store')
        .send(foiPackMarkdown(pack.value));
    }
    if (format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}.csv"`)
        .header('cache-control', 'no-store')
        .send(stringify(foiPackRows(pack.value), { header: true, columns: [...FOI_CSV_COLUMNS] }));
    }
    const query = new URLSearchParams({ year: form.year });
    return reply.render('statistics/views/foi-pack.njk', {
      activeNav: 'statistics',
      years: yearChoices,
      pack: pack.value,
      markdownHref: `${paths.foiPack}?${query.toString()}&format=md`,
      csvHref: `${paths.foiPack}?${query.toString()}&format=csv`,
    });
  });
  done();
}

/** Why the service gave no figures, against the form's fields: a period that may not be released, or an area that does not exist. */
function refusalErrors(error: StatisticsError): FormError[] {
  if (error.kind === 'not_standard')
    return error.problems.map((problem) => ({ field: problem.field === 'geography' ? 'geography' : 'year', text: problem.message }));
  return [{ field: 'geography', text: 'Select an area from the list' }];
}

/** The authority's completeness measures from its data-quality checks, for the pack's caveats. */
async function completenessOf(services: Services, user: Actor): Promise<CompletenessCaveat[] | null> {
  const overview = await services.dataQuality.authorityOverview(user);
  if (!overview.ok) return null;
  return completenessCaveats(overview.value);
}
