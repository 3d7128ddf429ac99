import type { FastifyInstance } from 'fastify';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import type { ConfirmationPage } from '../journey.ts';
import { AGE_STATUS_LABELS } from '../labels.ts';
import { fullName, radioItems } from '../view-models.ts';
import { AGE_STATUS_CHOICES } from './view-models.ts';
import { AGE_STATUS_QUESTIONS, readAgeStatusForm } from './record-forms.ts';
import type { JourneyChild } from '../../domain/journey-child.ts';

// The journeys that keep a child's details up to date (issue 12): each a question page drawn from
// its question list, check your answers with a Change button per answer, and a confirmation. Saving
// goes to the child service, which authorises, validates the whole record and audits the change
// with its before and after.

export function recordJourneys(app: FastifyInstance, services: Services): void {
  const today = (): string => ukDateOf(services.now());

  /** The child, for someone who may change their record; null (a 404) for anyone else. */
  const childFor = (journey: string) => async (actor: Actor, childId: string, opening: boolean) => {
    const read = await services.journeyContext.child(actor, childId, { journey, opening });
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
}
