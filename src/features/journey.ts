import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../domain/result.ts';
import type { Actor } from '../domain/access/actor.ts';
import { TRAINING_GATE_RULE } from '../domain/training.ts';
import type { ServiceError } from '../services/errors.ts';
import { formBody, formErrors, hiddenFields, refusalErrors, serviceErrorMessage } from './forms.ts';
import type { FormBody, FormErrors, FormResult } from './forms.ts';
import { signedInActor, uuidIn } from './guards.ts';
import { dateFields, errorOrder, postedFields, versionFields, violationFields } from './questions.ts';
import type { Questions } from './questions.ts';
import { row } from './view-models.ts';
import type { SummaryRow } from './view-models.ts';

// One GOV.UK question-page journey: the questions, check your answers, save, and a confirmation.
// Answers travel between the steps as the form's own fields (hidden on the check page), never in
// the URL. After saving, the browser is redirected (POST-redirect-GET) to the question page's
// address with `?confirmation=…`, which shows the confirmation. The pages are src/views/
// check-answers.njk, confirmation.njk and notice.njk; the question page is the journey's own.

export interface Link {
  readonly href: string;
  readonly text: string;
}

/** A group of answers on check your answers, with its own Change button. */
interface AnswersCard {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
  /** What Change changes, for people who hear the page: "the child’s details". */
  readonly changeWhat: string;
}

/** An answer on check your answers: its Change button goes back to the question named `question` (or the page's top). */
export type AnswerRow = SummaryRow & { readonly question?: string };

/** An answer to the question `question`, whose Change button goes back to that question. */
export const answerRow = (question: string, key: string, value: string): AnswerRow => ({ ...row(key, value), question });

interface CheckPage {
  readonly heading: string;
  /** The answers: one list, each row with its Change button, or cards of them. */
  readonly rows?: readonly AnswerRow[];
  readonly cards?: readonly AnswersCard[];
  /** What saving means, above the button: "Now add the child", and what the person confirms. */
  readonly declaration?: { readonly heading: string; readonly text: string };
  /** The button that saves. */
  readonly button: string;
}

/** What the confirmation page shows after saving. (Types, not interfaces, so that they are template data.) */
export type ConfirmationPage = {
  readonly title: string;
  /** The panel's line under the title. */
  readonly panelText: string | null;
  /** Whose record it was, as "For {caption}." under the panel. */
  readonly caption?: string;
  readonly summary?: readonly SummaryRow[];
  readonly warning?: string | null;
  /** Paragraphs under "What happens next". */
  readonly paragraphs: readonly string[];
  readonly links: readonly Link[];
};

/** A page that stands instead of the questions: "already recorded", "someone else has changed this record". */
export type NoticePage = {
  readonly pageTitle: string;
  readonly caption: string;
  readonly paragraphs: readonly string[];
  readonly links: readonly Link[];
};

/** How a journey reads its answers from the form. */
type Reading<Context, Answers> =
  | {
      /**
       * Questions that stand alone. Saving then goes straight to the service, which authorises,
       * validates and audits the change: the record is not read (nor the reading audited) first,
       * unless a `notice` may stand instead of the questions.
       */
      read(body: FormBody): FormResult<Answers>;
    }
  | {
      /** Questions that depend on the record (what it says decides what is asked): it is read at every step, saving too. */
      readAgainst(body: FormBody, context: Context): FormResult<Answers>;
    };

/** After saving: the browser is sent to `savedUrl` (POST-redirect-GET), or answered with a page at once. */
type AfterSaving<Saved> =
  | {
      /** Where to send the browser after saving: usually the question page's address with `?confirmation=…`. */
      savedUrl(id: string, saved: Saved): string;
    }
  | {
      /** The answer to the final post, for a confirmation that must never be shown again (a new password). */
      respond(reply: FastifyReply, saved: Saved): FastifyReply;
    };

interface Steps<Context, Answers, Saved> {
  /** The address of the question page for an id ('' for a journey with no id in its address). */
  readonly url: (id: string) => string;
  /** The name of the id in the address, for example "childId"; null for a journey that starts from nothing (add a child). */
  readonly param: string | null;
  /** The question page's template. */
  readonly template: string;
  /** The form's questions: its fields, date inputs, error order and the rules' fields derive from them. */
  readonly questions: Questions;
  /**
   * What the pages need about the record, for someone who may make this change; null for a 404.
   * `opening` is true when the question page is opened, the step that counts as viewing the
   * record (docs/access.md, "Journeys"); the later steps read the same context again.
   */
  load(actor: Actor, id: string, opening: boolean): Promise<Context | null>;
  /** The answers already recorded, to fill the form in. */
  initialValues(context: Context): FormBody;
  /** The question page's own data (caption, choices, back link); the check page has it too. */
  formView(context: Context, values: FormBody): Record<string, unknown>;
  /**
   * A page to show instead of the questions, or null: for example, that the child is already missing.
   * `intent` is the button pressed ("save", "change"), undefined when the page is opened.
   */
  notice?(context: Context, intent: string | undefined): NoticePage | null;
  /**
   * A check by the service before check your answers, saving nothing, so that the question page
   * shows every problem the record rules find before the person is asked to confirm.
   */
  check?(actor: Actor, answers: Answers): Promise<Result<unknown, ServiceError>>;
  checkPage(context: Context, answers: Answers): CheckPage;
  save(actor: Actor, id: string, answers: Answers): Promise<Result<Saved, ServiceError>>;
  /** The question a rule's finding on a field no question asked goes to; by default the first. */
  readonly fallback?: string;
  /**
   * Someone else changed the record first. By default the form again, showing their change, with
   * `conflictMessage`; with `conflictNotice`, a page (409) saying that nothing was saved.
   */
  readonly conflictMessage?: string;
  conflictNotice?(context: Context): NoticePage;
  /**
   * The confirmation asked for by `?confirmation=…`: its page, null for a 404, or undefined to show
   * the question page as usual. `record` loads the journey's context (once).
   */
  confirmation?(asked: {
    readonly actor: Actor;
    readonly id: string;
    readonly query: Readonly<Record<string, string | undefined>>;
    readonly record: () => Promise<Context | null>;
  }): Promise<ConfirmationPage | null | undefined>;
}

export type Journey<Context, Answers, Saved> = Steps<Context, Answers, Saved> & Reading<Context, Answers> & AfterSaving<Saved>;

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, string | undefined> }>;

/** Loads at most once, however many steps ask. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** Registers a journey's GET (question page or confirmation) and POST (check, change, save). */
export function registerJourney<Context, Answers, Saved>(app: FastifyInstance, journey: Journey<Context, Answers, Saved>): void {
  const param = journey.param;
  const path = journey.url(param === null ? '' : `:${param}`);
  const fields = postedFields(journey.questions);
  const dates = dateFields(journey.questions);
  const fallback = journey.fallback ?? errorOrder(journey.questions)[0] ?? 'form';
  const onForm = (error: Extract<ServiceError, { kind: 'invalid' }>) =>
    refusalErrors(error, violationFields(journey.questions), { fallback, dateFields: dates });
  // A question's first input, where its Change button lands: a date input's is its day.
  const anchorOf = (name: string): string => `#${dates.includes(name) ? `${name}-day` : name}`;
  /** The id in the address: '' for a journey with none, null for one that cannot be an id. */
  const idOf = (request: IdRequest): string | null => (param === null ? '' : uuidIn(request.params, param));

  const renderForm = (reply: FastifyReply, id: string, context: Context, values: FormBody, errors?: FormErrors, trainingRefused = false) =>
    reply.render(journey.template, {
      ...journey.formView(context, values),
      values,
      errors,
      // A training gate refused the change: the page offers to ask a team manager (issue 15, item 5).
      trainingRefused,
      formAction: journey.url(id),
      // The versions read with the page go back with the form: a change made since is refused.
      hidden: hiddenFields(values, versionFields(journey.questions)),
    });

  const renderNotice = (reply: FastifyReply, notice: NoticePage) => reply.render('notice.njk', notice);

  app.get(path, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const id = idOf(request);
    if (id === null) return reply.renderNotFound();
    if (request.query['confirmation'] !== undefined && journey.confirmation !== undefined) {
      const record = once(() => journey.load(actor, id, false));
      const confirmation = await journey.confirmation({ actor, id, query: request.query, record });
      if (confirmation === null) return reply.renderNotFound();
      if (confirmation !== undefined) return reply.render('confirmation.njk', confirmation);
    }
    const context = await journey.load(actor, id, true);
    if (context === null) return reply.renderNotFound();
    const notice = journey.notice?.(context, undefined) ?? null;
    if (notice !== null) return renderNotice(reply, notice);
    // Signed in again after the session ended unused: the answers the person had given, kept on the server.
    const kept = request.query['resume'] === undefined ? null : await request.takeKeptAnswers(journey.url(id));
    return renderForm(reply, id, context, kept ?? journey.initialValues(context));
  });

  // Answers posted after the session ended unused are kept for signing in again (src/features/web.ts).
  app.post(path, { config: { keepsAnswers: true } }, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const id = idOf(request);
    if (id === null) return reply.renderNotFound();
    const body = formBody(request.body);
    const intent = typeof body['intent'] === 'string' ? body['intent'] : undefined;
    const record = once(() => journey.load(actor, id, false));
    const read = async (): Promise<FormResult<Answers> | null> => {
      if ('read' in journey) return journey.read(body);
      const context = await record();
      return context === null ? null : journey.readAgainst(body, context);
    };

    // Questions that depend on the record, and pages that may stand instead of them, read it first.
    if (!('read' in journey) || journey.notice !== undefined) {
      const context = await record();
      if (context === null) return reply.renderNotFound();
      const notice = journey.notice?.(context, intent) ?? null;
      if (notice !== null) return renderNotice(reply, notice);
    }

    let errors: FormErrors | undefined;
    let trainingRefused = false;
    if (intent === 'save') {
      const form = await read();
      if (form === null) return reply.renderNotFound();
      if (form.ok) {
        const saved = await journey.save(actor, id, form.value);
        if (saved.ok) return 'respond' in journey ? journey.respond(reply, saved.value) : reply.redirect(journey.savedUrl(id, saved.value), 303);
        switch (saved.error.kind) {
          case 'not_found':
            return reply.renderNotFound();
          case 'conflict': {
            if (journey.conflictNotice !== undefined) {
              const context = await record();
              return context === null ? reply.renderNotFound() : reply.code(409).render('notice.njk', journey.conflictNotice(context));
            }
            // The form again, filled in with what is recorded now.
            const fresh = await journey.load(actor, id, false);
            if (fresh === null) return reply.renderNotFound();
            const text = journey.conflictMessage ?? serviceErrorMessage(saved.error);
            return renderForm(reply, id, fresh, journey.initialValues(fresh), formErrors({ [fallback]: { text } }, dates));
          }
          case 'invalid':
            errors = onForm(saved.error);
            trainingRefused = saved.error.violations.some((violation) => violation.rule === TRAINING_GATE_RULE);
        }
      } else {
        errors = form.errors;
      }
    }
    const context = await record();
    if (context === null) return reply.renderNotFound();
    if (errors !== undefined || intent === 'change') return renderForm(reply, id, context, body, errors, trainingRefused);
    const form = await read();
    if (form === null) return reply.renderNotFound();
    if (!form.ok) return renderForm(reply, id, context, body, form.errors);
    if (journey.check !== undefined) {
      const checked = await journey.check(actor, form.value);
      if (!checked.ok) {
        if (checked.error.kind === 'not_found') return reply.renderNotFound();
        const refusal =
          checked.error.kind === 'invalid' ? onForm(checked.error) : formErrors({ [fallback]: { text: serviceErrorMessage(checked.error) } }, dates);
        return renderForm(reply, id, context, body, refusal);
      }
    }
    const page = journey.checkPage(context, form.value);
    return reply.render('check-answers.njk', {
      ...journey.formView(context, body),
      ...page,
      rows: page.rows?.map((answer) => ({ ...answer, anchor: answer.question === undefined ? '' : anchorOf(answer.question) })),
      formAction: journey.url(id),
      hidden: hiddenFields(body, fields),
    });
  });
}
