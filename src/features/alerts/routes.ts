import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { canManageAlertContacts } from '../../services/alert-contact-service.ts';
import type { Services } from '../../services/index.ts';
import { formErrors, formValues, serviceErrorMessage, textOf } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { alertViewModel, inboxViewModel, rulesViewModel } from './view-models.ts';

// The alerts inbox (issue 14): each person's alerts, one alert with "I'm dealing with this" and the
// action taken, and the rules as the person's authority has them, which its team managers may set
// where the guidance allows a local protocol. The services authorise and audit; a refusal is "Page
// not found", as for a page that does not exist.

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, string | undefined> }>;

const ACTION_MAX = 2000;
const SETTING_FIELDS = ['repeatThreshold', 'repeatWindowDays', 'priorityInterviewAfterHours'] as const;

/** A page number from the query: a positive whole number, else the first page. */
const pageOf = (query: Record<string, string | undefined>): number => {
  const page = Number(query['page']);
  return Number.isInteger(page) && page > 0 && page < 10_000 ? page : 1;
};

export function alertRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  app.get(paths.alerts, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const showAll = request.query['show'] === 'all';
    const inbox = await services.alerts.inbox(actor, { open: !showAll, page: pageOf(request.query) });
    if (!inbox.ok) return reply.renderNotFound();
    const team = await services.alerts.teamUnacknowledged(actor);
    const pastClock = await services.alerts.pastClockByAuthority(actor);
    return reply.render('alerts/views/inbox.njk', {
      activeNav: 'alerts',
      ...inboxViewModel(inbox.value, { now: services.now(), showAll, team: team.ok ? team.value : null, pastClock: pastClock.ok ? pastClock.value : null }),
    });
  });

  const renderAlert = async (request: IdRequest, reply: FastifyReply, actor: Actor, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const alertId = uuidIn(request.params, 'alertId');
    const alert = alertId === null ? null : await services.alerts.getAlert(actor, alertId);
    if (alert === null || !alert.ok) return reply.renderNotFound();
    return reply
      .code(status)
      .render('alerts/views/alert.njk', { activeNav: 'alerts', values, errors, actionMax: ACTION_MAX, ...alertViewModel(alert.value, services.now()) });
  };

  app.get(paths.alert(':alertId'), (request: IdRequest, reply) => renderAlert(request, reply, signedInActor(request), {}));

  app.post(paths.acknowledgeAlert(':alertId'), async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const alertId = uuidIn(request.params, 'alertId');
    if (alertId === null) return reply.renderNotFound();
    const answered = await services.alerts.acknowledge(actor, alertId, Number(textOf(request.body, 'version')));
    if (!answered.ok) {
      if (answered.error.kind === 'not_found') return reply.renderNotFound();
      return renderAlert(request, reply, actor, {}, formErrors({ acknowledge: { text: serviceErrorMessage(answered.error) } }), 409);
    }
    return reply.redirect(paths.alert(alertId), 303);
  });

  app.post(paths.alertAction(':alertId'), async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const alertId = uuidIn(request.params, 'alertId');
    if (alertId === null) return reply.renderNotFound();
    const values = formValues(request.body, ['action']);
    const recorded = await services.alerts.recordAction(actor, alertId, { action: values['action'] ?? '', version: Number(textOf(request.body, 'version')) });
    if (!recorded.ok) {
      if (recorded.error.kind === 'not_found') return reply.renderNotFound();
      const field = recorded.error.kind === 'invalid' && recorded.error.violations.some((violation) => violation.field === 'action') ? 'action' : 'acknowledge';
      return renderAlert(
        request,
        reply,
        actor,
        values,
        formErrors({ [field]: { text: serviceErrorMessage(recorded.error) } }),
        recorded.error.kind === 'conflict' ? 409 : 400,
      );
    }
    return reply.redirect(paths.alert(alertId), 303);
  });

  const renderRules = async (request: IdRequest, reply: FastifyReply, values: Record<string, string> | null, errors?: FormErrors, saved = false) => {
    const actor = signedInActor(request);
    const rules = await services.alerts.effectiveRules(actor);
    if (!rules.ok) return reply.renderNotFound();
    const { settings } = rules.value;
    const current = {
      repeatThreshold: String(settings.repeatThreshold),
      repeatWindowDays: String(settings.repeatWindowDays),
      priorityInterviewAfterHours: settings.priorityInterviewAfterHours === null ? '' : String(settings.priorityInterviewAfterHours),
    };
    return reply.code(errors === undefined ? 200 : 400).render('alerts/views/rules.njk', {
      activeNav: 'alerts',
      canChange: rules.value.canChange,
      contactsHref: canManageAlertContacts(actor) ? paths.alertContacts : null,
      values: values ?? current,
      errors,
      saved,
      formAction: paths.alertRules,
      ...rulesViewModel(rules.value.rules, settings),
    });
  };

  app.get(paths.alertRules, (request: IdRequest, reply) => renderRules(request, reply, null, undefined, request.query['saved'] === 'yes'));

  app.post(paths.alertRules, async (request: IdRequest, reply) => {
    const values = formValues(request.body, SETTING_FIELDS);
    const number = (field: (typeof SETTING_FIELDS)[number]) => (values[field]?.trim() === '' ? Number.NaN : Number(values[field]));
    const priority = values['priorityInterviewAfterHours']?.trim() ?? '';
    const changed = await services.alerts.changeLocalSettings(signedInActor(request), {
      repeatThreshold: number('repeatThreshold'),
      repeatWindowDays: number('repeatWindowDays'),
      priorityInterviewAfterHours: priority === '' ? null : number('priorityInterviewAfterHours'),
    });
    if (!changed.ok) {
      if (!Array.isArray(changed.error)) return reply.renderNotFound();
      const problems: readonly { field: string; message: string }[] = changed.error;
      return renderRules(request, reply, values, formErrors(Object.fromEntries(problems.map((problem) => [problem.field, { text: problem.message }]))));
    }
    return reply.redirect(`${paths.alertRules}?saved=yes`, 303);
  });
  done();
}
