import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant } from '../../domain/dates.ts';
import type { MissingEpisodeView } from '../../domain/record-view.ts';
import type { Result } from '../../domain/result.ts';
import { paths } from '../../paths.ts';
import { canWriteRecord, listableAuthority } from '../../services/access.ts';
import type { Actor } from '../../services/actor.ts';
import type { ServiceError } from '../../services/errors.ts';
import type { Services } from '../../services/index.ts';
import { formErrors, serviceErrorMessage, violationErrors } from '../forms.ts';
import type { FormErrors, FormResult } from '../forms.ts';
import {
  formBody,
  formValues,
  hiddenFields,
  INTERVIEW_DATE_FIELDS,
  INTERVIEW_FALLBACK,
  INTERVIEW_FIELDS,
  INTERVIEW_VIOLATION_FIELDS,
  readInterviewForm,
  readReportForm,
  readReturnForm,
  REPORT_DATE_FIELDS,
  REPORT_FALLBACK,
  REPORT_FIELDS,
  REPORT_VIOLATION_FIELDS,
  RETURN_DATE_FIELDS,
  RETURN_FALLBACK,
  RETURN_FIELDS,
  RETURN_VIOLATION_FIELDS,
} from './form-schemas.ts';
import type { FormBody } from './form-schemas.ts';
import {
  childContext,
  endReasonItems,
  exploitationItems,
  harmItems,
  interviewAnswers,
  interviewConfirmation,
  interviewerItems,
  interviewValues,
  outcomeItems,
  reportAnswers,
  reportedConfirmation,
  responseChoices,
  returnAnswers,
  returnedConfirmation,
  riskItems,
  typeItems,
} from './view-models.ts';
import type { ChildContext, Confirmation, SummaryRow } from './view-models.ts';

// Report a child missing, record that they came back, record the return home interview. Each is a
// question page, a check answers page and a confirmation: the answers travel in the form (hidden on
// the check page), never in the URL, and after saving the browser is sent (POST-redirect-GET) to the
// question page's address with ?confirmation, which shows what was saved and what happens next.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, string | undefined> }>;

function actorOf(request: FastifyRequest): Actor {
  // The onRequest hook has sent everyone not signed in to the sign-in page.
  if (request.user === null) throw new Error('A missing-episode page was reached without a signed-in user');
  return request.user;
}

interface EpisodeContext {
  readonly child: ChildContext;
  readonly episode: MissingEpisodeView;
}

/** The fields a journey carries to its check page, and the questions the service's findings on the record go back to. */
interface Saving {
  readonly fields: readonly string[];
  readonly violationFields: Readonly<Record<string, string>>;
  readonly fallback: string;
  readonly dateFields: readonly string[];
}

const REPORT: Saving = { fields: REPORT_FIELDS, violationFields: REPORT_VIOLATION_FIELDS, fallback: REPORT_FALLBACK, dateFields: REPORT_DATE_FIELDS };
const RETURN: Saving = { fields: RETURN_FIELDS, violationFields: RETURN_VIOLATION_FIELDS, fallback: RETURN_FALLBACK, dateFields: RETURN_DATE_FIELDS };
const INTERVIEW: Saving = { fields: INTERVIEW_FIELDS, violationFields: INTERVIEW_VIOLATION_FIELDS, fallback: INTERVIEW_FALLBACK, dateFields: INTERVIEW_DATE_FIELDS };

/** The service's refusal as errors on the form's fields. */
function refusalErrors(error: Extract<ServiceError, { kind: 'invalid' }>, saving: Saving): FormErrors {
  const errors = violationErrors(error.violations, saving.violationFields, { fallback: saving.fallback, dateFields: saving.dateFields });
  return errors.errorList.length > 0 ? errors : formErrors({ [saving.fallback]: { text: serviceErrorMessage(error) } }, saving.dateFields);
}

export function missingRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  // Before the CSRF check, so that a form posted after the session ended goes to sign in too.
  app.addHook('onRequest', async (request, reply) => {
    if (request.user === null) return reply.redirect(paths.signIn, 303);
    return undefined;
  });

  /** The child, if the person may change their record; null answers 404 (nothing says the record exists). */
  async function childFor(actor: Actor, childId: string): Promise<ChildContext | null> {
    if (listableAuthority(actor) === null) return null;
    const record = await services.children.getChild(actor, childId);
    if (!record.ok || !canWriteRecord(actor, record.value.child.responsibleAuthorityCode)) return null;
    return childContext(record.value);
  }

  async function episodeFor(actor: Actor, episodeId: string): Promise<EpisodeContext | null> {
    if (listableAuthority(actor) === null) return null;
    const found = await services.missingEpisodes.getEpisode(actor, episodeId);
    if (!found.ok) return null;
    const child = await childFor(actor, found.value.childId);
    const episode = child?.episodes.find((candidate) => candidate.id === episodeId);
    return child === null || episode === undefined ? null : { child, episode };
  }

  const checkPage = (reply: FastifyReply, view: { pageTitle: string; caption: string; rows: readonly SummaryRow[]; button: string; formAction: string; body: FormBody; saving: Saving }) =>
    reply.render('missing/views/check-answers.njk', { ...view, hidden: hiddenFields(view.body, view.saving.fields) });

  const confirmationPage = (reply: FastifyReply, child: ChildContext, confirmation: Confirmation, links: readonly { href: string; text: string }[]) =>
    reply.render('missing/views/confirmation.njk', { pageTitle: confirmation.title, caption: child.name, confirmation, links });

  const noticePage = (reply: FastifyReply, view: { pageTitle: string; caption: string; paragraphs: readonly string[]; links: readonly { href: string; text: string }[] }) =>
    reply.render('missing/views/notice.njk', view);

  /** A stale version: nothing was saved, and the person starts again from what is recorded now. */
  const conflictPage = (reply: FastifyReply, caption: string, again: string) =>
    reply.code(409).render('missing/views/notice.njk', {
      pageTitle: 'Someone else has changed this record',
      caption,
      paragraphs: ['Nothing has been saved. Someone else changed this missing episode while you were working on it.', 'Go back to see what is recorded now, and make your change again if it is still needed.'],
      links: [{ href: again, text: 'Go back and try again' }],
    });

  /**
   * One POST step of a journey: change the answers, save them, or read them for the check page.
   * `save` calls the service; its not-found is a 404, a stale version the conflict page, and its
   * validation findings go back onto the form.
   */
  async function post<T, Saved>(
    reply: FastifyReply,
    body: FormBody,
    journey: {
      readonly saving: Saving;
      read(body: FormBody): FormResult<T>;
      form(values: Record<string, string | readonly string[]>, errors?: FormErrors): FastifyReply;
      check(answers: T): FastifyReply;
      save(answers: T): Promise<Result<Saved, ServiceError>>;
      saved(saved: Saved): FastifyReply;
      conflict(): FastifyReply;
    },
  ): Promise<FastifyReply> {
    const intent = body['intent'];
    if (intent === 'change') return journey.form(formValues(body));
    const answers = journey.read(body);
    if (!answers.ok) return journey.form(formValues(body), answers.errors);
    if (intent !== 'save') return journey.check(answers.value);
    const saved = await journey.save(answers.value);
    if (saved.ok) return journey.saved(saved.value);
    switch (saved.error.kind) {
      case 'not_found':
        return reply.renderNotFound();
      case 'conflict':
        return journey.conflict();
      case 'invalid':
        return journey.form(formValues(body), refusalErrors(saved.error, journey.saving));
    }
  }

  // ---- Report a child missing ----

  const reportForm = (reply: FastifyReply, child: ChildContext, values: Record<string, string | readonly string[]>, errors?: FormErrors) =>
    reply.render('missing/views/report-missing.njk', {
      caption: child.name,
      outOfArea: child.outOfArea,
      backUrl: paths.child(child.childId),
      formAction: paths.reportMissing(child.childId),
      values,
      errors,
      typeItems,
      riskItems,
    });

  const alreadyMissing = (reply: FastifyReply, child: ChildContext, episode: MissingEpisodeView) =>
    noticePage(reply, {
      pageTitle: 'This child is already recorded as missing',
      caption: child.name,
      paragraphs: [`They have been recorded as missing since ${formatInstant(episode.startAt)}. Record that they came back before reporting a new episode.`],
      links: [
        { href: paths.recordReturn(episode.id), text: 'Record that they came back' },
        { href: paths.child(child.childId), text: 'Go to their record' },
      ],
    });

  app.get(paths.reportMissing(':childId'), async (request: IdRequest, reply) => {
    const childId = request.params['childId'];
    if (!isUuid(childId)) return reply.renderNotFound();
    const child = await childFor(actorOf(request), childId);
    if (child === null) return reply.renderNotFound();
    const reported = request.query['confirmation'];
    if (reported !== undefined) {
      const episode = child.episodes.find((candidate) => candidate.id === reported);
      if (episode === undefined) return reply.renderNotFound();
      return confirmationPage(reply, child, reportedConfirmation(episode), [
        { href: paths.child(child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    }
    if (child.openEpisode !== null) return alreadyMissing(reply, child, child.openEpisode);
    return reportForm(reply, child, {});
  });

  app.post(paths.reportMissing(':childId'), async (request: IdRequest, reply) => {
    const actor = actorOf(request);
    const childId = request.params['childId'];
    if (!isUuid(childId)) return reply.renderNotFound();
    const child = await childFor(actor, childId);
    if (child === null) return reply.renderNotFound();
    if (child.openEpisode !== null) return alreadyMissing(reply, child, child.openEpisode);
    const body = formBody(request.body);
    return post(reply, body, {
      saving: REPORT,
      read: (form) => readReportForm(form, { now: services.now(), outOfArea: child.outOfArea }),
      form: (values, errors) => reportForm(reply, child, values, errors),
      check: (answers) =>
        checkPage(reply, {
          pageTitle: 'Check your answers before reporting the child missing',
          caption: child.name,
          rows: reportAnswers(answers, child),
          button: 'Report missing',
          formAction: paths.reportMissing(childId),
          body,
          saving: REPORT,
        }),
      save: (answers) => services.missingEpisodes.reportMissing(actor, childId, answers),
      saved: (episode) => reply.redirect(`${paths.reportMissing(childId)}?confirmation=${episode.id}`, 303),
      conflict: () => conflictPage(reply, child.name, paths.reportMissing(childId)),
    });
  });

  // ---- Record that the child came back ----

  const returnForm = (reply: FastifyReply, { child, episode }: EpisodeContext, values: Record<string, string | readonly string[]>, errors?: FormErrors) =>
    reply.render('missing/views/record-return.njk', {
      caption: child.name,
      wentMissing: formatInstant(episode.startAt),
      backUrl: paths.child(child.childId),
      formAction: paths.recordReturn(episode.id),
      values,
      errors,
      endReasonItems,
      harmItems,
      exploitationItems,
    });

  const alreadyReturned = (reply: FastifyReply, { child, episode }: EpisodeContext) =>
    noticePage(reply, {
      pageTitle: 'This child’s return is already recorded',
      caption: child.name,
      paragraphs: [episode.endAt === null ? 'Their return is already recorded.' : `They came back on ${formatInstant(episode.endAt)}.`],
      links: [
        { href: paths.recordReturnInterview(episode.id), text: 'Record the return home interview' },
        { href: paths.child(child.childId), text: 'Go to their record' },
      ],
    });

  app.get(paths.recordReturn(':episodeId'), async (request: IdRequest, reply) => {
    const episodeId = request.params['episodeId'];
    if (!isUuid(episodeId)) return reply.renderNotFound();
    const context = await episodeFor(actorOf(request), episodeId);
    if (context === null) return reply.renderNotFound();
    if (context.episode.isOpen) return returnForm(reply, context, { version: String(context.episode.version) });
    if (request.query['confirmation'] !== undefined) {
      return confirmationPage(reply, context.child, returnedConfirmation(context.episode), [
        { href: paths.recordReturnInterview(episodeId), text: 'Record the return home interview' },
        { href: paths.child(context.child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    }
    return alreadyReturned(reply, context);
  });

  app.post(paths.recordReturn(':episodeId'), async (request: IdRequest, reply) => {
    const actor = actorOf(request);
    const episodeId = request.params['episodeId'];
    if (!isUuid(episodeId)) return reply.renderNotFound();
    const context = await episodeFor(actor, episodeId);
    if (context === null) return reply.renderNotFound();
    const body = formBody(request.body);
    // Saving goes to the service even if the episode has ended since: the stale version is refused there.
    if (!context.episode.isOpen && body['intent'] !== 'save') return alreadyReturned(reply, context);
    return post(reply, body, {
      saving: RETURN,
      read: (form) => readReturnForm(form, { now: services.now() }),
      form: (values, errors) => returnForm(reply, context, values, errors),
      check: (answers) =>
        checkPage(reply, {
          pageTitle: 'Check your answers before recording the return',
          caption: context.child.name,
          rows: returnAnswers(answers),
          button: 'Record return',
          formAction: paths.recordReturn(episodeId),
          body,
          saving: RETURN,
        }),
      save: (answers) => services.missingEpisodes.recordReturn(actor, episodeId, answers),
      saved: () => reply.redirect(`${paths.recordReturn(episodeId)}?confirmation=1`, 303),
      conflict: () => conflictPage(reply, context.child.name, paths.recordReturn(episodeId)),
    });
  });

  // ---- Record a return home interview ----

  const interviewForm = (reply: FastifyReply, { child, episode }: EpisodeContext, values: Record<string, string | readonly string[]>, errors?: FormErrors) =>
    reply.render('missing/views/return-interview.njk', {
      caption: child.name,
      cameBack: episode.endAt === null ? null : formatInstant(episode.endAt),
      dueBy: episode.returnInterviewDueBy === null ? null : formatInstant(episode.returnInterviewDueBy),
      isChange: episode.returnInterview !== null,
      backUrl: paths.child(child.childId),
      formAction: paths.recordReturnInterview(episode.id),
      values,
      errors,
      responseChoices,
      interviewerItems,
      outcomeItems,
    });

  const notBackYet = (reply: FastifyReply, { child, episode }: EpisodeContext) =>
    noticePage(reply, {
      pageTitle: 'Record that the child came back first',
      caption: child.name,
      paragraphs: ['A return home interview follows the child’s return. This child is still recorded as missing.'],
      links: [
        { href: paths.recordReturn(episode.id), text: 'Record that they came back' },
        { href: paths.child(child.childId), text: 'Go to their record' },
      ],
    });

  app.get(paths.recordReturnInterview(':episodeId'), async (request: IdRequest, reply) => {
    const episodeId = request.params['episodeId'];
    if (!isUuid(episodeId)) return reply.renderNotFound();
    const context = await episodeFor(actorOf(request), episodeId);
    if (context === null) return reply.renderNotFound();
    if (context.episode.isOpen) return notBackYet(reply, context);
    if (request.query['confirmation'] !== undefined && context.episode.returnInterview !== null) {
      return confirmationPage(reply, context.child, interviewConfirmation(context.episode), [
        { href: paths.child(context.child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    }
    return interviewForm(reply, context, interviewValues(context.episode));
  });

  app.post(paths.recordReturnInterview(':episodeId'), async (request: IdRequest, reply) => {
    const actor = actorOf(request);
    const episodeId = request.params['episodeId'];
    if (!isUuid(episodeId)) return reply.renderNotFound();
    const context = await episodeFor(actor, episodeId);
    if (context === null) return reply.renderNotFound();
    const { episode } = context;
    if (episode.endAt === null) return notBackYet(reply, context);
    const cameBackAt = episode.endAt;
    const body = formBody(request.body);
    return post(reply, body, {
      saving: INTERVIEW,
      read: (form) => readInterviewForm(form, { now: services.now(), cameBackAt }),
      form: (values, errors) => interviewForm(reply, context, values, errors),
      check: (answers) =>
        checkPage(reply, {
          pageTitle: 'Check your answers before recording the interview',
          caption: context.child.name,
          rows: interviewAnswers(answers),
          button: 'Record interview',
          formAction: paths.recordReturnInterview(episodeId),
          body,
          saving: INTERVIEW,
        }),
      save: (answers) => services.missingEpisodes.recordReturnInterview(actor, episodeId, answers),
      saved: () => reply.redirect(`${paths.recordReturnInterview(episodeId)}?confirmation=1`, 303),
      conflict: () => conflictPage(reply, context.child.name, paths.recordReturnInterview(episodeId)),
    });
  });

  done();
}

