import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { GATED_ACTIONS } from '../../domain/training.ts';
import { registerJourney } from '../journey.ts';
import { formValues, refusalErrors } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { readAllowanceForm, readAnswerForm, readGatesForm, readRecordForm, readRequestForm, RECORD_QUESTIONS } from './form-schemas.ts';
import {
  answerViewModel,
  gatesViewModel,
  leagueTableViewModel,
  myTrainingViewModel,
  organisationViewModel,
  recordAnswerRows,
  recordFormView,
  requestFormView,
} from './view-models.ts';

// The training pages (issue 15, item 4): your own training and what is due, recording a course
// you (or, for a manager, someone in your organisation) completed, your organisation's compliance,
// and every authority's for the national unit. The service authorises and audits; a refusal is
// "Page not found".

export function trainingRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  app.get(paths.training, async (request, reply) => {
    const mine = await services.training.mine(signedInActor(request));
    if (!mine.ok) return reply.renderNotFound();
    return reply.render('training/views/training.njk', { activeNav: 'training', ...myTrainingViewModel(mine.value) });
  });

  app.get(paths.organisationTraining, async (request, reply) => {
    const organisation = await services.training.organisation(signedInActor(request));
    if (!organisation.ok) return reply.renderNotFound();
    return reply.render('training/views/organisation.njk', { activeNav: 'training', ...organisationViewModel(organisation.value) });
  });

  app.get(paths.trainingByAuthority, async (request, reply) => {
    const table = await services.training.leagueTable(signedInActor(request));
    if (!table.ok) return reply.renderNotFound();
    return reply.render('training/views/authorities.njk', { activeNav: 'training', ...leagueTableViewModel(table.value) });
  });

  const renderGates = async (request: FastifyRequest, reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const gates = await services.training.gates(signedInActor(request));
    if (!gates.ok) return reply.renderNotFound();
    return reply.code(status).render('training/views/gates.njk', { activeNav: 'training', values, errors, ...gatesViewModel(gates.value, values) });
  };

  app.get(paths.trainingGates, (request, reply) => renderGates(request, reply, {}));

  app.post(paths.trainingGates, async (request, reply) => {
    const saved = await services.training.setGates(signedInActor(request), readGatesForm(request.body));
    if (!saved.ok) return reply.renderNotFound();
    return reply.redirect(paths.trainingGates, 303);
  });

  app.post(paths.trainingAllowances, async (request, reply) => {
    const values = formValues(request.body, ['personId', 'action', 'reason']);
    const form = readAllowanceForm(request.body);
    if (!form.ok) return renderGates(request, reply, values, form.errors, 422);
    const saved = await services.training.allow(signedInActor(request), form.value);
    if (saved.ok) return reply.redirect(`${paths.trainingGates}#allowances`, 303);
    if (saved.error.kind !== 'invalid') return reply.renderNotFound();
    return renderGates(request, reply, values, refusalErrors(saved.error, { personId: 'personId' }, { fallback: 'personId', dateFields: [] }), 422);
  });

  // Asking a team manager to allow a gated action once: the refused page's action and child come in the address.
  const renderRequest = (reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) =>
    reply.code(status).render('training/views/request.njk', { activeNav: 'training', values, errors, ...requestFormView(values) });

  app.get(paths.newTrainingRequest, (request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>, reply) => {
    const action = GATED_ACTIONS.find((candidate) => candidate === request.query['action']) ?? '';
    return renderRequest(reply, { action, childId: uuidIn(request.query, 'child') ?? '' });
  });

  app.post(paths.trainingRequests, async (request, reply) => {
    const values = formValues(request.body, ['action', 'childId', 'reason']);
    const form = readRequestForm(request.body);
    if (!form.ok) return renderRequest(reply, values, form.errors, 422);
    const sent = await services.training.ask(signedInActor(request), form.value);
    if (sent.ok) return reply.redirect(`${paths.training}#requests`, 303);
    if (sent.error.kind !== 'invalid') return reply.renderNotFound();
    return renderRequest(reply, values, refusalErrors(sent.error, { action: 'action' }, { fallback: 'action' }), 422);
  });

  type AnswerRequest = FastifyRequest<{ Params: { requestId: string } }>;
  const renderAnswer = async (request: AnswerRequest, reply: FastifyReply, values: Record<string, string>, errors?: FormErrors, status = 200) => {
    const asked = await services.training.request(signedInActor(request), request.params.requestId);
    if (!asked.ok) return reply.renderNotFound();
    return reply.code(status).render('training/views/answer.njk', { activeNav: 'training', values, errors, ...answerViewModel(asked.value, values) });
  };

  app.get(paths.trainingRequest(':requestId'), (request: AnswerRequest, reply) => renderAnswer(request, reply, {}));

  app.post(paths.trainingRequest(':requestId'), async (request: AnswerRequest, reply) => {
    const values = formValues(request.body, ['outcome', 'reason']);
    const form = readAnswerForm(request.body);
    if (!form.ok) return renderAnswer(request, reply, values, form.errors, 422);
    const answered = await services.training.answer(signedInActor(request), request.params.requestId, form.value);
    if (answered.ok) return reply.redirect(`${paths.trainingGates}#requests`, 303);
    if (answered.error.kind !== 'invalid') return reply.renderNotFound();
    return renderAnswer(request, reply, values, refusalErrors(answered.error, { outcome: 'outcome' }, { fallback: 'outcome' }), 422);
  });

  // Recording has no id in its address: the options are the actor's own (the catalogue, and whom they may record for).
  registerJourney(app, {
    param: null,
    url: () => paths.recordTraining,
    template: 'training/views/record.njk',
    questions: RECORD_QUESTIONS,
    async load(actor) {
      const options = await services.training.recordingOptions(actor);
      return options.ok ? { ...options.value, actorId: actor.id } : null;
    },
    initialValues: () => ({}),
    formView: (options, values) => ({ backUrl: paths.training, ...recordFormView(options, values, options.actorId) }),
    read: readRecordForm,
    checkPage: (options, answers) => ({
      heading: 'Check the training before recording it',
      rows: recordAnswerRows(options, answers, options.actorId),
      button: 'Record the training',
    }),
    save: (actor, _id, answers) => services.training.recordCompletion(actor, answers),
    savedUrl: (_id, completion) => `${paths.recordTraining}?confirmation=${completion.id}`,
    confirmation({ query }) {
      if (uuidIn(query, 'confirmation') === null) return Promise.resolve(null);
      return Promise.resolve({
        title: 'Training recorded',
        panelText: null,
        paragraphs: ['It counts as current from the day it was completed until it lapses, as the catalogue says.'],
        links: [
          { href: paths.training, text: 'Your training' },
          { href: paths.recordTraining, text: 'Record another course' },
        ],
      });
    },
  });
  done();
}
