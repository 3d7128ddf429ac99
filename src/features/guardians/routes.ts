import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../domain/result.ts';
import type { GuardianReferral } from '../../domain/guardians.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { formatInstant } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { ServiceError } from '../../services/errors.ts';
import { guardianStatisticsAccess } from '../../services/guardian-statistics-service.ts';
import type { Services } from '../../services/index.ts';
import { formErrors, formValues, refusalErrors } from '../forms.ts';
import type { FormErrors, FormResult } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { registerJourney } from '../journey.ts';
import { radioItems } from '../view-models.ts';
import { guardianRecordRoutes } from './record-routes.ts';
import { guardianStatisticsRoutes } from './statistics-routes.ts';
import { allocationStandardRoutes } from './standard-routes.ts';
import { CLOSURE_NOTE_MAX, readAllocationForm, readClosureForm, readReferForm, REFER_QUESTIONS } from './form-schemas.ts';
import { PARENTAL_RESPONSIBILITY_CHOICES, referAnswerRows, referralListViewModel, referralViewModel } from './view-models.ts';

// The guardian service pages (issue 15): the referrals list, referring a child (a question page,
// check your answers, a confirmation), and one referral, where the service triages, allocates a
// guardian, reallocates and closes. The services authorise and audit; a refusal is "Page not found".

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

const REFERRAL_FIELDS = ['advocateId', 'guardianRole', 'reason', 'note'] as const;

export function guardianRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  app.get(paths.guardianReferrals, async (request, reply) => {
    const actor = signedInActor(request);
    const list = await services.guardians.list(actor);
    if (!list.ok) return reply.renderNotFound();
    const statisticsHref = guardianStatisticsAccess(actor) === null ? null : paths.guardianStatistics;
    return reply.render('guardians/views/referrals.njk', { activeNav: 'guardians', statisticsHref, ...referralListViewModel(list.value) });
  });

  registerJourney(app, {
    param: 'childId',
    url: paths.referToGuardians,
    template: 'guardians/views/refer.njk',
    questions: REFER_QUESTIONS,
    async load(actor, childId) {
      const option = await services.guardians.referralOption(actor, childId);
      return option.ok ? option.value : null;
    },
    initialValues: () => ({}),
    formView: (option, values) => ({
      serviceName: option.service?.name ?? '',
      backUrl: paths.guardianReferrals,
      parentalResponsibilityItems: radioItems(PARENTAL_RESPONSIBILITY_CHOICES, values, 'parentalResponsibility'),
    }),
    notice(option) {
      if (option.openReferral !== null) {
        return {
          pageTitle: 'Already referred',
          caption: 'Refer to the guardian service',
          paragraphs: ['This child has an open referral to the guardian service already.'],
          links: [{ href: paths.guardianReferral(option.openReferral.id), text: 'See the referral' }],
        };
      }
      if (option.service === null) {
        return {
          pageTitle: 'No guardian service covers this area in Lantern',
          caption: 'Refer to the guardian service',
          paragraphs: [
            'No guardian scheme in Lantern covers the child’s responsible authority today. If a service covers the area, refer the child to it directly, and tell the Lantern team so the coverage can be added.',
          ],
          links: [{ href: paths.guardianReferrals, text: 'Back to guardian referrals' }],
        };
      }
      return null;
    },
    read: readReferForm,
    checkPage: (option, answers) => ({
      heading: 'Check your answers before referring the child',
      rows: referAnswerRows(answers, option.service?.name ?? ''),
      button: 'Refer the child',
    }),
    save: (actor, childId, answers) => services.guardians.refer(actor, childId, answers),
    savedUrl: (childId, referral) => `${paths.referToGuardians(childId)}?confirmation=${referral.id}`,
    async confirmation({ actor, query }) {
      const referralId = uuidIn(query, 'confirmation');
      if (referralId === null) return null;
      const read = await services.guardians.referral(actor, referralId);
      // The police see their referral only through the API's answer to it: the confirmation then says what they need.
      const name = read.ok ? read.value.referral.childName : null;
      return {
        title: 'Child referred to the guardian service',
        panelText: null,
        ...(name === null ? {} : { caption: [name.givenNames, name.familyName].filter((part) => part !== null).join(' ') }),
        paragraphs: [
          `The guardian service triages the referral and allocates a guardian${read.ok ? `: its standard is to allocate one by ${formatInstant(read.value.referral.allocationTime.dueBy)}` : ', within its standard'}.`,
          'Once a guardian is allocated, they can read the child’s record. Keep them told of strategy meetings, NRM decisions and immigration interviews.',
        ],
        links: [{ href: paths.guardianReferrals, text: 'Guardian referrals' }],
      };
    },
  });

  const renderReferral = async (request: IdRequest, reply: FastifyReply, actor: Actor, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const referralId = uuidIn(request.params, 'referralId');
    const detail = referralId === null ? null : await services.guardians.referral(actor, referralId);
    if (detail === null || !detail.ok) return reply.renderNotFound();
    return reply.code(status).render('guardians/views/referral.njk', {
      activeNav: 'guardians',
      values,
      errors,
      noteMax: CLOSURE_NOTE_MAX,
      ...referralViewModel(detail.value, values),
    });
  };

  app.get(paths.guardianReferral(':referralId'), (request: IdRequest, reply) => renderReferral(request, reply, signedInActor(request), {}));

  /** A form of the referral page: read, save through the service, and back to the page (or the page with errors). */
  function referralForm<T>(
    url: string,
    read: (body: unknown) => FormResult<T>,
    save: (actor: Actor, id: string, answers: T, version: number) => Promise<Result<GuardianReferral, ServiceError>>,
  ) {
    app.post(url, async (request: IdRequest, reply) => {
      const actor = signedInActor(request);
      const referralId = uuidIn(request.params, 'referralId');
      if (referralId === null) return reply.renderNotFound();
      const values = formValues(request.body, REFERRAL_FIELDS);
      const form = read(request.body);
      if (!form.ok) return renderReferral(request, reply, actor, values, form.errors, 422);
      const saved = await save(actor, referralId, form.value, Number(formValues(request.body, ['version'])['version']));
      if (saved.ok) return reply.redirect(paths.guardianReferral(referralId), 303);
      if (saved.error.kind === 'not_found') return reply.renderNotFound();
      const fields = { advocateId: 'advocateId', guardianRole: 'guardianRole', reason: 'reason', note: 'note' };
      const errors =
        saved.error.kind === 'conflict'
          ? formErrors({ version: { text: 'Someone changed this referral since you opened it: check it and try again' } })
          : refusalErrors(saved.error, fields, { fallback: 'version', dateFields: [] });
      return renderReferral(request, reply, actor, saved.error.kind === 'conflict' ? {} : values, errors, saved.error.kind === 'conflict' ? 409 : 422);
    });
  }

  referralForm(
    paths.triageGuardianReferral(':referralId'),
    () => ({ ok: true, value: {} }),
    (actor, id, _answers, version) => services.guardians.triage(actor, id, version),
  );
  referralForm(paths.allocateGuardian(':referralId'), readAllocationForm, (actor, id, answers, version) =>
    services.guardians.allocate(actor, id, { ...answers, version }),
  );
  referralForm(paths.closeGuardianReferral(':referralId'), readClosureForm, (actor, id, answers, version) =>
    services.guardians.close(actor, id, { ...answers, version }),
  );

  guardianRecordRoutes(app, services);
  guardianStatisticsRoutes(app, services);
  allocationStandardRoutes(app, services);
  done();
}
