import type { FastifyInstance } from 'fastify';
import { formatInstant } from '../../domain/dates.ts';
import type { MissingEpisodeView } from '../../domain/record-view.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import type { ConfirmationPage, Link, NoticePage } from '../journey.ts';
import { checkboxItems } from '../view-models.ts';
import {
  CHANGE_QUESTIONS,
  CORRECTION_QUESTIONS,
  FOUND_QUESTIONS,
  INTERVIEW_QUESTIONS,
  readChangeForm,
  readCorrectionForm,
  readFoundForm,
  readInterviewForm,
  readReportForm,
  readReturnForm,
  REPORT_QUESTIONS,
  RETURN_QUESTIONS,
} from './form-schemas.ts';
import {
  agencyItems,
  changedConfirmation,
  changeValues,
  childContext,
  correctionValues,
  endReasonItems,
  episodeOutOfArea,
  exploitationItems,
  foundAnswers,
  foundConfirmation,
  harmItems,
  interviewAnswers,
  interviewConfirmation,
  interviewerItems,
  interviewValues,
  OUTCOME_CHOICES,
  reportAnswers,
  reportedConfirmation,
  responseChoices,
  returnAnswers,
  returnedConfirmation,
  endAnswers,
  riskItems,
  typeItems,
} from './view-models.ts';
import type { ChildContext, Confirmation } from './view-models.ts';

// Report a child missing, record that they came back, record the return home interview: three
// question-page journeys (src/features/journey.ts). Each page first reads the journey's context of the
// child (src/services/journey-context.ts), because what it says (already missing, already back)
// decides what the page asks.

interface EpisodeContext {
  readonly child: ChildContext;
  readonly episode: MissingEpisodeView;
}

const BACK_TO_RECORD = 'Back to the child’s record';

const confirmationPage = (child: ChildContext, confirmation: Confirmation, links: readonly Link[]): ConfirmationPage => ({
  title: confirmation.title,
  panelText: confirmation.panelText,
  caption: child.name,
  summary: confirmation.summary,
  paragraphs: confirmation.next,
  links,
});

/** A stale version: nothing was saved, and the person starts again from what is recorded now. */
const conflictNotice = (caption: string, again: string): NoticePage => ({
  pageTitle: 'Someone else has changed this record',
  caption,
  paragraphs: [
    'Nothing has been saved. Someone else changed this missing episode while you were working on it.',
    'Go back to see what is recorded now, and make your change again if it is still needed.',
  ],
  links: [{ href: again, text: 'Go back and try again' }],
});

/**
 * The questions while the episode is open; once the child is back, a page saying so. Saving goes to
 * the service even if the episode has ended since: the stale version is refused there.
 */
const whileOpen =
  (pageTitle: string, links: (context: EpisodeContext) => Link[]) =>
  (context: EpisodeContext, intent: string | undefined): NoticePage | null => {
    const { child, episode } = context;
    if (episode.isOpen || intent === 'save') return null;
    return {
      pageTitle,
      caption: child.name,
      paragraphs: [episode.endAt === null ? 'Their return is already recorded.' : `They came back on ${formatInstant(episode.endAt)}.`],
      links: links(context),
    };
  };

/** The notice of a journey that ends an episode (the return, or a report that found the child) once it has ended. */
const alreadyReturned = whileOpen('This child’s return is already recorded', ({ child, episode }) => [
  { href: paths.recordReturnInterview(episode.id), text: 'Record the return home interview' },
  { href: paths.child(child.childId), text: 'Go to their record' },
]);

/** The confirmation of a journey that ends an episode; while the child is still missing, the question page instead. */
async function endedConfirmation(
  record: () => Promise<EpisodeContext | null>,
  confirmation: (episode: EpisodeContext['episode']) => Confirmation,
): Promise<ConfirmationPage | null | undefined> {
  const context = await record();
  if (context === null) return null;
  if (context.episode.isOpen) return undefined;
  const { child, episode } = context;
  return confirmationPage(child, confirmation(episode), [
    { href: paths.recordReturnInterview(episode.id), text: 'Record the return home interview' },
    { href: paths.child(child.childId), text: 'Go to the child’s record' },
    { href: paths.home, text: 'Go to My work' },
  ]);
}

export function missingRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  /** The journey's context of the child, if the person may change their record; null answers 404 (nothing says the record exists). */
  async function childFor(actor: Actor, childId: string, opening: boolean): Promise<ChildContext | null> {
    const read = await services.journeyContext.child(actor, childId, { journey: 'report-missing', opening, needs: { missingEpisodes: true } });
    return read.ok ? childContext(read.value, services.now()) : null;
  }

  /** The episode and its child, for a journey named `journey`. */
  const episodeFor =
    (journey: string) =>
    async (actor: Actor, episodeId: string, opening: boolean): Promise<EpisodeContext | null> => {
      const read = await services.journeyContext.childOfEpisode(actor, episodeId, { journey, opening });
      if (!read.ok) return null;
      const child = childContext(read.value, services.now());
      const episode = child.episodes.find((candidate) => candidate.id === episodeId);
      return episode === undefined ? null : { child, episode };
    };

  // ---- Report a child missing ----

  registerJourney(app, {
    param: 'childId',
    url: paths.reportMissing,
    template: 'missing/views/report-missing.njk',
    questions: REPORT_QUESTIONS,
    load: childFor,
    initialValues: () => ({}),
    formView: (child) => ({
      heading: 'Report a child missing',
      caption: child.name,
      outOfArea: child.outOfArea,
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      typeItems,
      riskItems,
    }),
    notice: (child) =>
      child.openEpisode === null
        ? null
        : {
            pageTitle: 'This child is already recorded as missing',
            caption: child.name,
            paragraphs: [
              `They have been recorded as missing since ${formatInstant(child.openEpisode.startAt)}. Record that they came back before reporting a new episode.`,
            ],
            links: [
              { href: paths.recordReturn(child.openEpisode.id), text: 'Record that they came back' },
              { href: paths.child(child.childId), text: 'Go to their record' },
            ],
          },
    readAgainst: (body, child) => readReportForm(body, { now: services.now(), outOfArea: child.outOfArea }),
    checkPage: (child, answers) => ({
      heading: 'Check your answers before reporting the child missing',
      rows: reportAnswers(answers, child),
      button: 'Report missing',
    }),
    save: (actor, childId, answers) => services.missingEpisodes.reportMissing(actor, childId, answers),
    savedUrl: (childId, episode) => `${paths.reportMissing(childId)}?confirmation=${episode.id}`,
    fallback: 'lastSeenDate',
    conflictNotice: (child) => conflictNotice(child.name, paths.reportMissing(child.childId)),
    async confirmation({ query, record }) {
      const child = await record();
      const episode = child?.episodes.find((candidate) => candidate.id === query['confirmation']);
      if (child === null || episode === undefined) return null;
      return confirmationPage(child, reportedConfirmation(episode), [
        { href: paths.child(child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    },
  });

  // ---- Record that the child came back ----

  registerJourney(app, {
    param: 'episodeId',
    url: paths.recordReturn,
    template: 'missing/views/record-return.njk',
    questions: RETURN_QUESTIONS,
    load: episodeFor('record-return'),
    initialValues: ({ episode }) => ({ version: String(episode.version) }),
    formView: ({ child, episode }) => ({
      caption: child.name,
      wentMissing: formatInstant(episode.startAt),
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      endReasonItems,
      harmItems,
      exploitationItems,
    }),
    notice: alreadyReturned,
    // The return is checked against when the child went missing, on the question page.
    readAgainst: (body, { episode }) => readReturnForm(body, { now: services.now(), wentMissingAt: episode.startAt }),
    checkPage: (_context, answers) => ({ heading: 'Check your answers before recording the return', rows: returnAnswers(answers), button: 'Record return' }),
    save: (actor, episodeId, answers) => services.missingEpisodes.recordReturn(actor, episodeId, answers),
    savedUrl: (episodeId) => `${paths.recordReturn(episodeId)}?confirmation=1`,
    conflictNotice: ({ child, episode }) => conflictNotice(child.name, paths.recordReturn(episode.id)),
    confirmation: ({ record }) => endedConfirmation(record, returnedConfirmation),
  });

  // ---- Record that another agency's report found the child: who, where, when, their reference; the episode ends ----

  registerJourney(app, {
    param: 'episodeId',
    url: paths.recordFoundReport,
    template: 'missing/views/found-report.njk',
    questions: FOUND_QUESTIONS,
    load: episodeFor('found-report'),
    initialValues: ({ episode }) => ({ version: String(episode.version) }),
    formView: ({ child, episode }) => ({
      caption: child.name,
      wentMissing: formatInstant(episode.startAt),
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      agencyItems,
    }),
    notice: alreadyReturned,
    // When they were found is checked against when they went missing, on the question page.
    readAgainst: (body, { episode }) => readFoundForm(body, { now: services.now(), wentMissingAt: episode.startAt }),
    checkPage: (_context, answers) => ({
      heading: 'Check your answers before recording that the child was found',
      rows: foundAnswers(answers),
      button: 'Record as found',
    }),
    save: (actor, episodeId, answers) => services.missingEpisodes.recordFoundReport(actor, episodeId, answers),
    savedUrl: (episodeId) => `${paths.recordFoundReport(episodeId)}?confirmation=1`,
    fallback: 'foundDate',
    conflictNotice: ({ child, episode }) => conflictNotice(child.name, paths.recordFoundReport(episode.id)),
    confirmation: ({ record }) => endedConfirmation(record, foundConfirmation),
  });

  // ---- Change an open missing episode: police reference and risk, last seen, who was told and when ----

  registerJourney(app, {
    param: 'episodeId',
    url: paths.changeEpisode,
    template: 'missing/views/report-missing.njk',
    questions: CHANGE_QUESTIONS,
    load: episodeFor('change-episode'),
    initialValues: ({ episode }) => changeValues(episode),
    formView: ({ child, episode }) => ({
      heading: 'Change the missing episode',
      caption: child.name,
      outOfArea: episodeOutOfArea(episode),
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      typeItems,
      riskItems,
    }),
    notice: whileOpen('This missing episode has ended', ({ child }) => [{ href: paths.child(child.childId), text: 'Go to their record' }]),
    readAgainst: (body, { episode }) => readChangeForm(body, { now: services.now(), outOfArea: episodeOutOfArea(episode) }),
    checkPage: ({ episode }, answers) => ({
      heading: 'Check your answers before changing the missing episode',
      // An answer left as recorded (a historic risk level) shows as recorded.
      rows: reportAnswers({ ...episode, ...answers }, { outOfArea: episodeOutOfArea(episode) }),
      button: 'Save changes',
    }),
    save: (actor, episodeId, answers) => services.missingEpisodes.updateEpisode(actor, episodeId, answers),
    savedUrl: (episodeId) => `${paths.changeEpisode(episodeId)}?confirmation=1`,
    fallback: 'lastSeenDate',
    conflictNotice: ({ child, episode }) => conflictNotice(child.name, paths.changeEpisode(episode.id)),
    async confirmation({ record }) {
      const context = await record();
      if (context === null) return null;
      const { child, episode } = context;
      return confirmationPage(child, changedConfirmation(episode), [
        ...(episode.isOpen ? [{ href: paths.recordReturn(episode.id), text: 'Record that they came back' }] : []),
        { href: paths.child(child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    },
  });

  // ---- Correct an episode that has ended: the report and the return as recorded, and why they change ----

  registerJourney(app, {
    param: 'episodeId',
    url: paths.correctEpisode,
    template: 'missing/views/report-missing.njk',
    questions: CORRECTION_QUESTIONS,
    load: episodeFor('correct-episode'),
    initialValues: ({ episode }) => correctionValues(episode),
    formView: ({ child, episode }) => ({
      heading: 'Correct the missing episode',
      caption: child.name,
      outOfArea: episodeOutOfArea(episode),
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      typeItems,
      riskItems,
      endReasonItems,
      correction: true,
    }),
    // While the child is missing the episode is changed, not corrected.
    notice: ({ child, episode }) =>
      episode.isOpen
        ? {
            pageTitle: 'This child is still missing',
            caption: child.name,
            paragraphs: ['Change the missing episode while it is open; correct it once the child has come back.'],
            links: [
              { href: paths.changeEpisode(episode.id), text: 'Change the missing episode' },
              { href: paths.child(child.childId), text: 'Go to their record' },
            ],
          }
        : null,
    readAgainst: (body, { episode }) => readCorrectionForm(body, { now: services.now(), outOfArea: episodeOutOfArea(episode) }),
    checkPage: ({ episode }, answers) => ({
      heading: 'Check your answers before correcting the missing episode',
      rows: [
        ...reportAnswers({ ...episode, ...answers }, { outOfArea: episodeOutOfArea(episode) }),
        ...endAnswers(answers),
        answerRow('reason', 'Why you are correcting it', answers.reason),
      ],
      button: 'Save correction',
    }),
    save: (actor, episodeId, answers) => services.missingEpisodes.updateEpisode(actor, episodeId, answers),
    savedUrl: (episodeId) => `${paths.correctEpisode(episodeId)}?confirmation=1`,
    fallback: 'lastSeenDate',
    conflictNotice: ({ child, episode }) => conflictNotice(child.name, paths.correctEpisode(episode.id)),
    async confirmation({ record }) {
      const context = await record();
      if (context === null) return null;
      const { child } = context;
      return {
        title: 'Missing episode corrected',
        panelText: null,
        caption: child.name,
        paragraphs: ['The child’s record shows the episode as corrected. The audit trail keeps what it said before, and why it changed.'],
        links: [
          { href: paths.child(child.childId), text: 'Go to the child’s record' },
          { href: paths.home, text: 'Go to My work' },
        ],
      };
    },
  });

  // ---- The host authority acknowledges an open episode: a button on the record, which shows the acknowledgement ----

  app.post(paths.acknowledgeEpisode(':episodeId'), async (request, reply) => {
    const episodeId = uuidIn(request.params, 'episodeId');
    const acknowledged = episodeId === null ? null : await services.missingEpisodes.acknowledgeAsHost(signedInActor(request), episodeId);
    if (acknowledged === null || !acknowledged.ok) return reply.renderNotFound();
    return reply.redirect(`${paths.child(acknowledged.value.childId)}#missing`, 303);
  });

  // ---- Record a return home interview ----

  registerJourney(app, {
    param: 'episodeId',
    url: paths.recordReturnInterview,
    template: 'missing/views/return-interview.njk',
    questions: INTERVIEW_QUESTIONS,
    load: episodeFor('return-interview'),
    initialValues: ({ episode }) => interviewValues(episode),
    formView: ({ child, episode }, values) => ({
      caption: child.name,
      cameBack: episode.endAt === null ? null : formatInstant(episode.endAt),
      dueBy: episode.returnInterviewDueBy === null ? null : formatInstant(episode.returnInterviewDueBy),
      isChange: episode.returnInterview !== null,
      backUrl: paths.child(child.childId),
      backText: BACK_TO_RECORD,
      askTeamManagerUrl: paths.askTeamManager('RETURN_HOME_INTERVIEW', child.childId),
      responseChoices,
      interviewerItems,
      outcomeItems: checkboxItems(OUTCOME_CHOICES, values, 'outcomes'),
    }),
    notice: ({ child, episode }) =>
      episode.endAt !== null
        ? null
        : {
            pageTitle: 'Record that the child came back first',
            caption: child.name,
            paragraphs: ['A return home interview follows the child’s return. This child is still recorded as missing.'],
            links: [
              { href: paths.recordReturn(episode.id), text: 'Record that they came back' },
              { href: paths.child(child.childId), text: 'Go to their record' },
            ],
          },
    // An episode still open has the notice above instead of the questions, so it has come back.
    readAgainst: (body, { episode }) => readInterviewForm(body, { now: services.now(), cameBackAt: episode.endAt ?? episode.startAt }),
    checkPage: (_context, answers) => ({
      heading: 'Check your answers before recording the interview',
      rows: interviewAnswers(answers),
      button: 'Record interview',
    }),
    save: (actor, episodeId, answers) => services.missingEpisodes.recordReturnInterview(actor, episodeId, answers),
    savedUrl: (episodeId) => `${paths.recordReturnInterview(episodeId)}?confirmation=1`,
    conflictNotice: ({ child, episode }) => conflictNotice(child.name, paths.recordReturnInterview(episode.id)),
    async confirmation({ record }) {
      const context = await record();
      if (context === null) return null;
      // Not back yet, or no interview recorded: the page as without the confirmation.
      if (context.episode.isOpen || context.episode.returnInterview === null) return undefined;
      const { child, episode } = context;
      return confirmationPage(child, interviewConfirmation(episode), [
        { href: paths.child(child.childId), text: 'Go to the child’s record' },
        { href: paths.home, text: 'Go to My work' },
      ]);
    },
  });

  done();
}
