import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import type { AllocationPage } from '../../services/caseload-service.ts';
import { requireSignIn, uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import { fullName, selectItems } from '../view-models.ts';
import { ALLOCATE_QUESTIONS, readAllocationForm, REASSIGN_QUESTIONS } from './form-schemas.ts';
import { ownerText } from './view-models.ts';

// Allocating a child to a social worker and team, and reassigning them (issue 12, item 3): a team
// manager of the responsible authority answers the questions, checks the answers and saves; the
// service authorises, checks the choices are the authority's and audits the change. Anyone else
// gets "Page not found".

export function caseloadRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  const questionsFor = (page: AllocationPage) => {
    const questions = page.current === null ? ALLOCATE_QUESTIONS : REASSIGN_QUESTIONS;
    // The social worker's question says who holds the child now.
    return page.current === null
      ? questions
      : questions.map((question) =>
          question.name === 'socialWorkerId'
            ? { ...question, hint: `Allocated now to ${ownerText(page.current?.owner ?? null)}. ${question.hint ?? ''}` }
            : question,
        );
  };
  const nameOf = (page: AllocationPage, id: string | null, kind: 'people' | 'teams'): string =>
    id === null
      ? kind === 'people'
        ? 'No social worker'
        : 'No team'
      : ((kind === 'people' ? page.people : page.teams).find((item) => item.id === id)?.name ?? 'Unknown');

  registerJourney(app, {
    param: 'childId',
    url: paths.childAllocation,
    template: 'questions.njk',
    questions: ALLOCATE_QUESTIONS,
    async load(actor, childId, opening) {
      const read = await services.caseloads.allocation(actor, childId, { opening });
      return read.ok ? read.value : null;
    },
    initialValues: (page) => ({
      socialWorkerId: page.current?.socialWorkerId ?? '',
      teamId: page.current?.teamId ?? '',
      version: String(page.version),
    }),
    formView: (page, values) => ({
      activeNav: 'children',
      heading: page.current === null ? 'Allocate the child' : 'Reassign the child',
      caption: fullName(page.child),
      backUrl: paths.child(page.child.id),
      questions: questionsFor(page),
      choices: {
        socialWorkerId: selectItems(
          page.people.map((person) => ({ value: person.id, text: person.name })),
          typeof values['socialWorkerId'] === 'string' ? values['socialWorkerId'] : undefined,
          'No social worker',
        ),
        teamId: selectItems(
          page.teams.map((team) => ({ value: team.id, text: team.name })),
          typeof values['teamId'] === 'string' ? values['teamId'] : undefined,
          'No team',
        ),
      },
    }),
    // A reassignment needs its reason: what the child's allocation is decides the questions.
    readAgainst: (body, page) => readAllocationForm(body, page.current !== null),
    checkPage: (page, answers) => ({
      heading: page.current === null ? 'Check your answers before allocating the child' : 'Check your answers before reassigning the child',
      rows: [
        ...(page.current === null ? [] : [answerRow('socialWorkerId', 'Allocated now to', ownerText(page.current.owner))]),
        answerRow('socialWorkerId', 'Social worker', nameOf(page, answers.socialWorkerId, 'people')),
        answerRow('teamId', 'Team', nameOf(page, answers.teamId, 'teams')),
        answerRow('reason', 'Reason', answers.reason ?? 'Not given'),
      ],
      button: page.current === null ? 'Allocate the child' : 'Reassign the child',
    }),
    save: (actor, childId, answers) => services.caseloads.allocate(actor, childId, answers),
    savedUrl: (childId, allocation) => `${paths.childAllocation(childId)}?confirmation=${allocation.id}`,
    conflictMessage: 'Someone else has allocated this child since you opened this page. Check who holds them now, then choose again',
    async confirmation({ query, record }) {
      const page = await record();
      const saved = uuidIn(query, 'confirmation');
      if (page === null || saved === null || page.current?.id !== saved) return null;
      return {
        title: 'Child allocated',
        panelText: `Allocated to ${ownerText(page.current.owner)}`,
        caption: fullName(page.child),
        paragraphs: [
          'The child is listed first on the social worker’s My work, and on their team’s after their own children.',
          'The allocation before this one is kept in the child’s allocation history.',
        ],
        links: [
          { href: paths.child(page.child.id), text: 'Go to the child’s record' },
          { href: paths.home, text: 'Go to My work' },
        ],
      };
    },
  });
  done();
}
