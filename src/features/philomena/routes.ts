import fastifyMultipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formatInstant, ukDateAndTime } from '../../domain/dates.ts';
import { PART_ONE_FIELDS } from '../../domain/philomena.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import { MAX_UPLOAD_BYTES } from '../../services/photograph.ts';
import { datePartsOf, formErrors, serviceErrorMessage } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import { fullName } from '../view-models.ts';
import { grabPackPdf } from './grab-pack-pdf.ts';
import { PART_ONE_QUESTIONS, PART_TWO_QUESTIONS, readPartOneForm, readPartTwoForm } from './form-schemas.ts';
import { grabPackSections, MARKING, packProvenance, partOneRows, partTwoRows, summaryRows } from './view-models.ts';

// The Philomena profile's pages (issue 14): the profile, Part 1's questions, the photograph, Part 2 for a
// missing episode, and the grab pack to print or download. The services authorise and audit; a child the
// person may not see is "Page not found". Photographs and grab packs are sent with no-store.

type IdRoute = { Params: Record<string, string | undefined>; Querystring: Record<string, string | undefined> };
type IdRequest = FastifyRequest<IdRoute>;

/** The question each of Part 2's rows (partTwoRows) answers, for its Change button. */
const PART_TWO_ROW_QUESTIONS = ['clothing', 'lastSeenWhere', 'lastSeenDate', 'lastSeenWith', 'otherInformation'];

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export async function philomenaRoutes(app: FastifyInstance, { services }: { services: Services }): Promise<void> {
  app.addHook('onRequest', requireSignIn);
  // Only the photograph's form is multipart. Its fields come to the body as values, the file as bytes, so the
  // CSRF check reads the token as from any form.
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 } });
  {
    app.get(paths.philomenaProfile(':childId'), async (request: IdRequest, reply) => {
      const childId = uuidIn(request.params, 'childId');
      const read = childId === null ? null : await services.philomena.getProfile(signedInActor(request), childId);
      if (read === null || !read.ok || childId === null) return reply.renderNotFound();
      const view = read.value;
      const episode = view.currentEpisode;
      const historySection = grabPackSections(view).at(-1);
      return noStore(reply).render('philomena/views/profile.njk', {
        caption: fullName(view.child),
        childUrl: paths.child(childId),
        canChange: view.canChange,
        profile: view.profile,
        reviewed: view.profile === null ? null : `${formatInstant(view.profile.reviewedAt)} by ${view.profile.reviewedByName}`,
        reviewDue: view.profile?.reviewDue ?? false,
        partOneRows: view.profile === null ? [] : summaryRows({ title: '', rows: partOneRows(view.profile) }),
        photographUrl: view.photographUploadedAt === null ? null : paths.philomenaPhotographImage(childId),
        photographUploaded: view.photographUploadedAt === null ? null : formatInstant(view.photographUploadedAt),
        episode:
          episode === null
            ? null
            : {
                since: formatInstant(episode.startAt),
                partTwoRows: episode.partTwo === null ? [] : summaryRows({ title: '', rows: partTwoRows(episode.partTwo) }),
                partTwoUrl: paths.philomenaPartTwo(episode.id),
              },
        history: historySection === undefined ? null : { title: historySection.title, rows: summaryRows(historySection) },
        links: {
          partOne: paths.philomenaPartOne(childId),
          photograph: paths.philomenaPhotograph(childId),
          grabPack: paths.grabPack(childId),
          grabPackPdf: paths.grabPackPdf(childId),
        },
      });
    });

    registerJourney(app, {
      param: 'childId',
      url: paths.philomenaPartOne,
      template: 'philomena/views/questions.njk',
      questions: PART_ONE_QUESTIONS,
      async load(actor, childId, opening) {
        const read = await services.philomena.getPartOne(actor, childId, opening);
        return read.ok ? read.value : null;
      },
      initialValues: ({ profile }) =>
        profile === null ? {} : { ...Object.fromEntries(PART_ONE_FIELDS.map((field) => [field, profile[field] ?? ''])), version: String(profile.version) },
      formView: (view) => ({
        caption: fullName(view.child),
        heading: 'Part 1 of the Philomena profile',
        lead: 'What police need to find the child if they go missing. Only the physical description is needed; answer the rest as far as you know. Police see these answers in the grab pack.',
        backUrl: paths.philomenaProfile(view.childId),
        questions: PART_ONE_QUESTIONS,
      }),
      read: readPartOneForm,
      checkPage: (view, answers) => ({
        heading: 'Check Part 1 before saving it',
        rows: partOneRows(answers).map((item, index) => answerRow(PART_ONE_FIELDS[index] ?? '', item.label, item.value)),
        button: view.profile === null ? 'Save the profile' : 'Save the changes',
      }),
      save: (actor, childId, answers) => services.philomena.saveProfile(actor, childId, answers),
      savedUrl: (childId) => `${paths.philomenaPartOne(childId)}?confirmation=saved`,
      conflictMessage: 'Someone else changed the profile while you were answering. Their answers are shown: make your changes again.',
      async confirmation({ id: childId, query, record }) {
        if (query['confirmation'] !== 'saved') return undefined;
        const view = await record();
        if (view === null) return null;
        return {
          title: 'Profile saved',
          panelText: 'Part 1 is up to date',
          caption: fullName(view.child),
          paragraphs: ['Saving Part 1 counts as reviewing it: review it again within 90 days, or sooner when anything changes.'],
          links: [
            { href: paths.philomenaPhotograph(childId), text: 'Add or replace the photograph' },
            { href: paths.philomenaProfile(childId), text: 'Go to the profile' },
          ],
        };
      },
    });

    const renderPhotographForm = async (request: IdRequest, reply: FastifyReply, errors?: FormErrors, status = 200) => {
      const childId = uuidIn(request.params, 'childId');
      const read = childId === null ? null : await services.philomena.getPartOne(signedInActor(request), childId, false);
      if (read === null || !read.ok || childId === null) return reply.renderNotFound();
      return reply.code(status).render('philomena/views/photograph.njk', {
        caption: fullName(read.value.child),
        backUrl: paths.philomenaProfile(childId),
        formAction: paths.philomenaPhotograph(childId),
        hasProfile: read.value.profile !== null,
        partOneUrl: paths.philomenaPartOne(childId),
        errors,
      });
    };

    app.get(paths.philomenaPhotograph(':childId'), (request: IdRequest, reply) => renderPhotographForm(request, reply));

    app.post<IdRoute>(
      paths.philomenaPhotograph(':childId'),
      {
        // A file larger than allowed is a question answered wrongly, not a failure of the service.
        // The form is answered once the child is read; a failure then goes to the web pages' own handler.
        errorHandler: (error: FastifyError, request, reply) => {
          if (error.code !== 'FST_REQ_FILE_TOO_LARGE' && error.code !== 'FST_FILES_LIMIT' && error.code !== 'FST_PARTS_LIMIT') throw error;
          renderPhotographForm(request, reply, formErrors({ photograph: { text: 'The photograph must be smaller than 10 MB' } }), 413).catch(
            (failure: unknown) => reply.send(failure),
          );
        },
      },
      async (request, reply) => {
        const childId = uuidIn(request.params, 'childId');
        if (childId === null) return reply.renderNotFound();
        const body: Readonly<Record<string, unknown>> = typeof request.body === 'object' && request.body !== null ? { ...request.body } : {};
        const upload = body['photograph'];
        const bytes = upload instanceof Uint8Array ? upload : new Uint8Array();
        const saved = await services.philomena.setPhotograph(signedInActor(request), childId, bytes);
        if (saved.ok) return reply.redirect(paths.philomenaProfile(childId), 303);
        if (saved.error.kind === 'not_found') return reply.renderNotFound();
        return renderPhotographForm(request, reply, formErrors({ photograph: { text: serviceErrorMessage(saved.error) } }), 400);
      },
    );

    app.get(paths.philomenaPhotographImage(':childId'), async (request: IdRequest, reply) => {
      const childId = uuidIn(request.params, 'childId');
      const photo = childId === null ? null : await services.philomena.getPhotograph(signedInActor(request), childId);
      if (photo === null || !photo.ok) return reply.renderNotFound();
      return noStore(reply).type('image/jpeg').send(Buffer.from(photo.value.image));
    });

    registerJourney(app, {
      param: 'episodeId',
      url: paths.philomenaPartTwo,
      template: 'philomena/views/questions.njk',
      questions: PART_TWO_QUESTIONS,
      async load(actor, episodeId, opening) {
        const read = await services.philomena.getPartTwo(actor, episodeId, opening);
        return read.ok ? read.value : null;
      },
      initialValues: ({ partTwo, episode }) => {
        // What the missing report said, to start from.
        if (partTwo === null) return { lastSeenWhere: episode.lastSeenLocation ?? '', lastSeenWith: episode.lastSeenWith ?? '' };
        const { date, time } = ukDateAndTime(partTwo.lastSeenAt);
        return {
          clothing: partTwo.clothing,
          lastSeenWhere: partTwo.lastSeenWhere,
          lastSeenWith: partTwo.lastSeenWith ?? '',
          otherInformation: partTwo.otherInformation ?? '',
          ...datePartsOf('lastSeenDate', date),
          lastSeenTime: time,
          version: String(partTwo.version),
        };
      },
      formView: (view) => ({
        caption: fullName(view.child),
        heading: 'Part 2 of the Philomena profile',
        lead: `The child went missing on ${formatInstant(view.episode.startAt)}. Say what the person who last saw them told you.`,
        backUrl: paths.philomenaProfile(view.childId),
        questions: PART_TWO_QUESTIONS,
      }),
      readAgainst: (body, view) => readPartTwoForm(body, view.episode, services.now()),
      checkPage: (_view, answers) => ({
        heading: 'Check Part 2 before saving it',
        rows: partTwoRows(answers).map((item, index) => answerRow(PART_TWO_ROW_QUESTIONS[index] ?? '', item.label, item.value)),
        button: 'Save Part 2',
      }),
      save: (actor, episodeId, answers) => services.philomena.savePartTwo(actor, episodeId, answers),
      savedUrl: (episodeId) => `${paths.philomenaPartTwo(episodeId)}?confirmation=saved`,
      conflictMessage: 'Someone else changed Part 2 while you were answering. Their answers are shown: make your changes again.',
      async confirmation({ query, record }) {
        if (query['confirmation'] !== 'saved') return undefined;
        const view = await record();
        if (view === null) return null;
        return {
          title: 'Part 2 saved',
          panelText: 'Police can see it in the grab pack',
          caption: fullName(view.child),
          paragraphs: ['The police force of the placement’s area sees the grab pack while the child is missing.'],
          links: [
            { href: paths.grabPack(view.childId), text: 'See the grab pack' },
            { href: paths.philomenaProfile(view.childId), text: 'Go to the profile' },
          ],
        };
      },
    });

    app.get(paths.grabPack(':childId'), async (request: IdRequest, reply) => {
      const childId = uuidIn(request.params, 'childId');
      const pack = childId === null ? null : await services.philomena.grabPack(signedInActor(request), childId, 'page');
      if (pack === null || !pack.ok || childId === null) return reply.renderNotFound();
      return noStore(reply).render('philomena/views/grab-pack.njk', {
        marking: MARKING,
        provenance: packProvenance(pack.value),
        sections: grabPackSections(pack.value).map((section) => ({ ...section, summaryRows: summaryRows(section) })),
        photographUrl: pack.value.photograph === null ? null : paths.philomenaPhotographImage(childId),
        pdfUrl: paths.grabPackPdf(childId),
        profileUrl: paths.philomenaProfile(childId),
      });
    });

    app.get(paths.grabPackPdf(':childId'), async (request: IdRequest, reply) => {
      const childId = uuidIn(request.params, 'childId');
      const pack = childId === null ? null : await services.philomena.grabPack(signedInActor(request), childId, 'pdf');
      if (pack === null || !pack.ok) return reply.renderNotFound();
      return noStore(reply)
        .type('application/pdf')
        .header('content-disposition', 'attachment; filename="grab-pack.pdf"')
        .send(await grabPackPdf(pack.value));
    });
  }
}
