import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../domain/result.ts';
import type { Actor } from '../../services/actor.ts';
import type { ServiceError } from '../../services/errors.ts';
import { formErrors, serviceErrorMessage, violationErrors } from '../forms.ts';
import type { FormErrors, FormResult } from '../forms.ts';
import { formBody, hiddenFields } from './form-schemas.ts';
import type { FormBody } from './form-schemas.ts';
import type { SummaryRow } from './view-models.ts';

// One GOV.UK question-page journey: the questions, check your answers, save, and a confirmation.
// Answers travel between the steps as the form's own fields (hidden on the check page), never in
// the URL. After saving, the browser is redirected (POST-redirect-GET) to the question page's
// address with `?confirmation=…`, which shows the confirmation.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in addresses are random UUIDs; anything else is a page that does not exist. */
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The signed-in person. The routes' onRequest hook has sent everyone else to sign in. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.user === null) throw new Error('A signed-in page was reached without a signed-in user');
  return request.user;
}

export interface CheckPage {
  readonly heading: string;
  readonly rows: readonly SummaryRow[];
  readonly button: string;
}

export interface Journey<Context, Answers, Saved> {
  /** The address of the question page for an id. */
  readonly url: (id: string) => string;
  /** The name of the id in the address, for example "childId". */
  readonly param: string;
  readonly template: string;
  /** The form's own field names, carried to the check page. */
  readonly fields: readonly string[];
  /** What the page needs about the record, for someone who may make this change; null for a 404. */
  load(actor: Actor, id: string): Promise<Context | null>;
  /** The answers already recorded, to fill the form in. */
  initialValues(context: Context): FormBody;
  /** The question page's own data (captions, choices, back link). */
  formView(context: Context, values: FormBody): Record<string, unknown>;
  read(body: FormBody): FormResult<Answers>;
  checkPage(context: Context, answers: Answers): CheckPage;
  save(actor: Actor, id: string, answers: Answers): Promise<Result<Saved, ServiceError>>;
  /** Where to send the browser after saving. */
  savedUrl(id: string, saved: Saved): string;
  /** Maps a rule's field to the question that asked it; other fields go to `fallback`. */
  readonly violationFields: Readonly<Record<string, string>>;
  readonly fallback: string;
  readonly dateFields: readonly string[];
  /** The message when someone else changed the record first; the form then shows their change. */
  readonly conflictMessage?: string;
  /** The confirmation page's data, or null for a 404. */
  confirmation(actor: Actor, id: string, query: Record<string, unknown>): Promise<Record<string, unknown> | null>;
}

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined> }>;

/** Registers a journey's GET (question page or confirmation) and POST (check, change, save). */
export function registerJourney<Context, Answers, Saved>(app: FastifyInstance, journey: Journey<Context, Answers, Saved>): void {
  const path = journey.url(`:${journey.param}`);
  const renderForm = (reply: FastifyReply, id: string, context: Context, values: FormBody, errors?: FormErrors) =>
    reply.render(journey.template, {
      ...journey.formView(context, values),
      values,
      errors,
      formAction: journey.url(id),
      hidden: hiddenFields(values, journey.fields.filter((field) => field === 'version' || field === 'childVersion')),
    });

  app.get(path, async (request: IdRequest, reply) => {
    const actor = actorOf(request);
    const id = request.params[journey.param];
    if (!isUuid(id)) return reply.renderNotFound();
    const query = (request.query ?? {}) as Record<string, unknown>;
    if (query['confirmation'] !== undefined) {
      const view = await journey.confirmation(actor, id, query);
      return view === null ? reply.renderNotFound() : reply.render('trafficking/views/confirmation.njk', view);
    }
    const context = await journey.load(actor, id);
    if (context === null) return reply.renderNotFound();
    return renderForm(reply, id, context, journey.initialValues(context));
  });

  app.post(path, async (request: IdRequest, reply) => {
    const actor = actorOf(request);
    const id = request.params[journey.param];
    if (!isUuid(id)) return reply.renderNotFound();
    const body = formBody(request.body);
    const intent = body['intent'];
    let errors: FormErrors | undefined;
    if (intent === 'save') {
      // Saving needs no read first: the service authorises, validates and audits the change.
      const form = journey.read(body);
      if (form.ok) {
        const saved = await journey.save(actor, id, form.value);
        if (saved.ok) return reply.redirect(journey.savedUrl(id, saved.value), 303);
        if (saved.error.kind === 'not_found') return reply.renderNotFound();
        if (saved.error.kind === 'conflict') {
          const fresh = await journey.load(actor, id);
          if (fresh === null) return reply.renderNotFound();
          const text = journey.conflictMessage ?? serviceErrorMessage(saved.error);
          return renderForm(reply, id, fresh, journey.initialValues(fresh), formErrors({ [journey.fallback]: { text } }, journey.dateFields));
        }
        errors = violationErrors(saved.error.violations, journey.violationFields, { fallback: journey.fallback, dateFields: journey.dateFields });
        if (errors.errorList.length === 0) errors = formErrors({ [journey.fallback]: { text: serviceErrorMessage(saved.error) } }, journey.dateFields);
      } else {
        errors = form.errors;
      }
    }
    const context = await journey.load(actor, id);
    if (context === null) return reply.renderNotFound();
    if (errors !== undefined || intent === 'change') return renderForm(reply, id, context, body, errors);
    const form = journey.read(body);
    if (!form.ok) return renderForm(reply, id, context, body, form.errors);
    const check = journey.checkPage(context, form.value);
    return reply.render('trafficking/views/check-answers.njk', {
      ...journey.formView(context, body),
      ...check,
      formAction: journey.url(id),
      hidden: hiddenFields(body, journey.fields),
    });
  });
}
