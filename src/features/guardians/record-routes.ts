import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ukDateOf } from '../../domain/dates.ts';
import { ENTRY_KIND_LABELS, ENTRY_KINDS } from '../../domain/guardian-record.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { signedInActor, uuidIn } from '../guards.ts';
import { registerJourney } from '../journey.ts';
import { fullName } from '../view-models.ts';
import { ENTRY_QUESTIONS, ENTRY_SLUGS, readEntryForm } from './record-forms.ts';
import { entryAnswerRows, entryFormView, guardianRecordViewModel } from './record-view-models.ts';

// The guardian's own record of a child (issue 15, item 2): the record page, and a question-page
// journey for each kind of entry (check your answers, a confirmation) for the allocated guardian.
// The service authorises and audits; anyone else gets "Page not found".

export function guardianRecordRoutes(app: FastifyInstance, services: Services): void {
  app.get(paths.guardianRecord(':childId'), async (request: FastifyRequest<{ Params: Record<string, string | undefined> }>, reply) => {
    const childId = uuidIn(request.params, 'childId');
    const page = childId === null ? null : await services.guardianRecord.record(signedInActor(request), childId);
    if (page === null || !page.ok) return reply.renderNotFound();
    return reply.render('guardians/views/record.njk', { activeNav: 'guardians', ...guardianRecordViewModel(page.value) });
  });

  for (const kind of ENTRY_KINDS) {
    const url = (childId: string) => paths.newGuardianRecordEntry(childId, ENTRY_SLUGS[kind]);
    registerJourney(app, {
      param: 'childId',
      url,
      template: 'questions.njk',
      questions: ENTRY_QUESTIONS[kind],
      async load(actor, childId, opening) {
        const child = await services.guardianRecord.recordingContext(actor, childId, opening);
        return child.ok ? child.value : null;
      },
      initialValues: () => ({}),
      formView: (child, values) => entryFormView(kind, child, values),
      read: (body) => readEntryForm(kind, body, ukDateOf(services.now())),
      checkPage: (_child, answers) => ({
        heading: 'Check your answers before adding them to your record',
        rows: entryAnswerRows(answers),
        button: 'Add to the record',
      }),
      save: (actor, childId, answers) => services.guardianRecord.addEntry(actor, childId, answers),
      savedUrl: (childId, entry) => `${url(childId)}?confirmation=${entry.id}`,
      async confirmation({ query, record }) {
        const child = await record();
        if (child === null || uuidIn(query, 'confirmation') === null) return null;
        return {
          title: `${ENTRY_KIND_LABELS[kind]} recorded`,
          panelText: null,
          caption: fullName(child),
          paragraphs: ['It is on your record of the child. Entries are not changed: to correct one, record another saying so.'],
          links: [
            { href: paths.guardianRecord(child.childId), text: 'Go to the guardian’s record' },
            { href: url(child.childId), text: 'Record another' },
          ],
        };
      },
    });
  }
}
