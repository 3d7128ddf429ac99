import type { FastifyInstance } from 'fastify';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import type { ConfirmationPage, NoticePage } from '../journey.ts';
import { AGE_STATUS_LABELS } from '../labels.ts';
import { fullName, radioItems } from '../view-models.ts';
import { AGE_STATUS_CHOICES } from './view-models.ts';
import { AGE_STATUS_QUESTIONS, readAgeStatusForm, readUascEndForm, readUascStartForm, UASC_END_QUESTIONS, UASC_START_QUESTIONS } from './record-forms.ts';
import type { JourneyChild, JourneyNeeds } from '../../domain/journey-child.ts';

// The journeys that keep a child's details up to date (issue 12): each a question page drawn from
// its question list, check your answers with a Change button per answer, and a confirmation. Saving
// goes to the child service, which authorises, validates the whole record and audits the change
// with its before and after.

export function recordJourneys(app: FastifyInstance, services: Services): void {
  const today = (): string => ukDateOf(services.now());

  /** The child, for someone who may change their record; null (a 404) for anyone else. */
  const childFor =
    (journey: string, needs: JourneyNeeds = {}) =>
    async (actor: Actor, childId: string, opening: boolean) => {
      const read = await services.journeyContext.child(actor, childId, { journey, opening, needs });
      return read.ok ? read.value : null;
    };

  /** The confirmation after saving, for a saved id in `?confirmation=`. */
  const confirmed =
    (page: (child: JourneyChild) => Omit<ConfirmationPage, 'caption' | 'panelText'>) =>
    async ({ query, record }: { readonly query: Readonly<Record<string, string | undefined>>; readonly record: () => Promise<JourneyChild | null> }) => {
      const child = await record();
      if (child === null || uuidIn(query, 'confirmation') === null) return null;
      return { panelText: null, caption: fullName(child), ...page(child) };
    };

  const questionPage = (heading: string) => (child: JourneyChild) => ({
    activeNav: 'children',
    heading,
    caption: fullName(child),
    backUrl: paths.child(child.id),
  });

  // ---- Age status: accepted, disputed, assessment pending, assessed as a child or an adult ----

  registerJourney(app, {
    param: 'childId',
    url: paths.recordAgeStatus,
    template: 'questions.njk',
    questions: AGE_STATUS_QUESTIONS,
    load: childFor('record-age-status'),
    initialValues: () => ({}),
    formView: (child, values) => ({
      ...questionPage('Record the child’s age status')(child),
      questions: AGE_STATUS_QUESTIONS,
      choices: { status: radioItems(AGE_STATUS_CHOICES, values, 'status') },
    }),
    read: (body) => readAgeStatusForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording the age status',
      rows: [
        answerRow('status', 'Age status', AGE_STATUS_LABELS[answers.status]),
        answerRow('effectiveFrom', 'From', formatDate(answers.effectiveFrom)),
        answerRow('note', 'Note', answers.note ?? 'Not given'),
      ],
      button: 'Record age status',
    }),
    save: (actor, childId, answers) => services.children.recordAgeStatus(actor, childId, answers),
    savedUrl: (childId, entry) => `${paths.recordAgeStatus(childId)}?confirmation=${entry.id}`,
    confirmation: confirmed((child) => ({
      title: 'Age status recorded',
      paragraphs: ['The child’s record shows the new age status, and the earlier ones in its history.'],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    })),
  });

  // ---- UASC status: when the child became an unaccompanied asylum-seeking child, and when that ended ----

  const uascNotice = (child: JourneyChild, text: string, link: { href: string; text: string }): NoticePage => ({
    pageTitle: text,
    caption: fullName(child),
    paragraphs: [text],
    links: [link, { href: paths.child(child.id), text: 'Go to the child’s record' }],
  });
  const uascConfirmed = (title: string) =>
    confirmed((child) => ({
      title,
      paragraphs: ['The child’s record shows their UASC periods.'],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    }));

  registerJourney(app, {
    param: 'childId',
    url: paths.startUasc,
    template: 'questions.njk',
    questions: UASC_START_QUESTIONS,
    load: childFor('start-uasc', { openUascPeriod: true }),
    initialValues: () => ({}),
    formView: (child) => ({ ...questionPage('Record that the child is an unaccompanied asylum-seeking child')(child), questions: UASC_START_QUESTIONS }),
    notice: (child) =>
      child.openUascPeriod === null
        ? null
        : uascNotice(child, 'They are already recorded as an unaccompanied asylum-seeking child', {
            href: paths.endUasc(child.id),
            text: 'Record that their UASC status ended',
          }),
    read: (body) => readUascStartForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording their UASC status',
      rows: [answerRow('startDate', 'Unaccompanied asylum-seeking child from', formatDate(answers.startDate))],
      button: 'Record UASC status',
    }),
    save: (actor, childId, answers) => services.children.addUascPeriod(actor, childId, answers),
    savedUrl: (childId, period) => `${paths.startUasc(childId)}?confirmation=${period.id}`,
    confirmation: uascConfirmed('UASC status recorded'),
  });

  registerJourney(app, {
    param: 'childId',
    url: paths.endUasc,
    template: 'questions.njk',
    questions: UASC_END_QUESTIONS,
    load: childFor('end-uasc', { openUascPeriod: true }),
    initialValues: (child) => ({ version: String(child.openUascPeriod?.version ?? '') }),
    formView: (child) => ({ ...questionPage('Record that their UASC status ended')(child), questions: UASC_END_QUESTIONS }),
    notice: (child) =>
      child.openUascPeriod !== null
        ? null
        : uascNotice(child, 'They are not recorded as an unaccompanied asylum-seeking child now', {
            href: paths.startUasc(child.id),
            text: 'Record that they are an unaccompanied asylum-seeking child',
          }),
    readAgainst: (body, child) => {
      const form = readUascEndForm(body, today());
      return form.ok ? { ok: true, value: { ...form.value, periodId: child.openUascPeriod?.id ?? '' } } : form;
    },
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before ending their UASC status',
      rows: [answerRow('ceasedDate', 'UASC status ended on', formatDate(answers.ceasedDate))],
      button: 'End UASC status',
    }),
    save: (actor, _childId, { periodId, ceasedDate, version }) => services.children.updateUascPeriod(actor, periodId, { ceasedDate, version }),
    savedUrl: (childId, period) => `${paths.endUasc(childId)}?confirmation=${period.id}`,
    conflictMessage: 'Someone else has changed this UASC period since you opened this page. Check the date and try again',
    confirmation: uascConfirmed('UASC status ended'),
  });
}
