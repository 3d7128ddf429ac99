import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../domain/access/actor.ts';
import { isCountryCode, SEXES } from '../../domain/codes.ts';
import { ukDateOf } from '../../domain/dates.ts';
import { MATCH_DECISIONS, readExcludeReason, readUndoReason } from '../../domain/matching/decision.ts';
import { map } from '../../domain/result.ts';
import type { Result } from '../../domain/result.ts';
import { foundChildPerson } from '../../domain/matching/found-child.ts';
import { probabilityOfWeight } from '../../domain/matching/model.ts';
import type { Services } from '../../services/index.ts';
import type { FoundChildSearch } from '../../services/matching-service.ts';
import { OLDEST_AGE } from '../matching/form-schemas.ts';
import { outcomes } from './openapi.ts';
import { problem, sendProblem, sendResult } from './problem.ts';
import { filterText, idParams, isoDate } from './schemas.ts';

// Found-child search (issue 13 item 3). A POST: what is known of the child never travels in an
// address. Who may search is policy.ts's canSearchFoundChild; others get 404, as for anything they
// may not see. The answer holds only what recognises each candidate, never a date of birth or a
// reference, and the evidence field by field.

const age = z
  .number({ error: `Enter an age as a whole number of years from 0 to ${OLDEST_AGE}` })
  .int()
  .min(0)
  .max(OLDEST_AGE);

const foundChildSearchBody = z
  .strictObject({
    names: z
      .array(z.strictObject({ givenNames: filterText('the given names', 100).default(''), familyName: filterText('the family name', 100).default('') }), {
        error: 'Enter the names the child gave as a list of { givenNames, familyName }',
      })
      .min(1, { error: 'Enter at least one name the child gave: the search looks by name first' })
      .max(10, { error: 'Enter at most 10 names' })
      .refine((names) => names.some((name) => `${name.givenNames}${name.familyName}`.trim() !== ''), { error: 'Enter at least one name that is not blank' }),
    dateOfBirth: isoDate('the date of birth').nullable().optional(),
    dateOfBirthApproximate: z.boolean({ error: 'Say whether the date of birth is approximate: true or false' }).default(false),
    age: z
      .strictObject({ youngest: age, oldest: age })
      .refine((range) => range.oldest >= range.youngest, { error: 'The oldest age must be the same as or more than the youngest', path: ['oldest'] })
      .nullable()
      .optional()
      .meta({ description: 'Whole years, when there is no date of birth: how old the child seems to be' }),
    sex: z.enum(SEXES, { error: 'Enter sex as M, F or U' }).nullable().optional(),
    nationality: z.string().refine(isCountryCode, { error: 'Enter nationality as an ISO 3166-1 alpha-2 country code, for example ER' }).nullable().optional(),
  })
  .meta({ description: 'What is known of a child found. Only the names, date of birth or age, sex and nationality are compared' });

const candidate = z.object({
  childId: z.uuid(),
  probability: z.number().meta({ description: 'How likely the child found is this child, from 0 to 1' }),
  recognition: z.object({
    names: z.array(z.string()).meta({ description: 'The record’s name, then every other name the child is known by' }),
    age: z.object({ youngest: z.number(), oldest: z.number() }).nullable(),
    sex: z.enum(SEXES),
    nationality: z.string().nullable(),
    languages: z.array(z.string()),
    authorityCode: z.string(),
    authorityName: z.string().meta({ description: 'The responsible authority: whom to contact to confirm who the child is' }),
  }),
  evidence: z.array(
    z.object({
      field: z.string(),
      label: z.string(),
      level: z.string().nullable().meta({ description: 'How the two compare; null when either lacks the field' }),
      weight: z.number().meta({ description: 'log2 of the Bayes factor: +1 doubles the odds, −1 halves them' }),
      probabilityAfter: z.number(),
    }),
  ),
  priorProbability: z.number().meta({ description: 'Before anything is compared: one child among everyone held' }),
});

const foundChildSearchResponse = z.object({
  candidates: z.array(candidate).meta({ description: 'Most likely first; at most 10' }),
  compared: z.number().meta({ description: 'Children compared with the description' }),
  unlikely: z.number().meta({ description: 'Children compared but too unlikely to list' }),
  modelEstimatedAt: z.string().nullable(),
});

/** A reason checked as the pages check it, the message on the field. */
const reasonText = (read: (text: string) => Result<string, string>) =>
  z.string({ error: 'Enter the reason as text' }).superRefine((text, context) => {
    const reason = read(text);
    if (!reason.ok) context.addIssue({ code: 'custom', message: reason.error });
  });

const pairParams = z.strictObject({
  id: z.uuid({ error: 'The id in the address must be a UUID' }),
  otherChildId: z.uuid({ error: 'The other child’s id in the address must be a UUID' }),
});

const decisionBody = z.discriminatedUnion(
  'decision',
  [z.strictObject({ decision: z.literal('confirmed') }), z.strictObject({ decision: z.literal('excluded'), reason: reasonText(readExcludeReason) })],
  { error: 'Send the decision: "confirmed" if the records are of the same child, "excluded" with a reason if not' },
);

const undoBody = z.strictObject({ reason: reasonText(readUndoReason) });

const matchDecision = z.object({
  id: z.uuid(),
  childId: z.uuid().meta({ description: 'The record of the authority that decided' }),
  otherChildId: z.uuid(),
  decision: z.enum(MATCH_DECISIONS),
  reason: z.string().nullable(),
  probability: z.number().meta({ description: 'What the engine said when the decision was made' }),
  decidedBy: z.string(),
  decidedAt: z.string(),
  undoneBy: z.string().nullable(),
  undoneAt: z.string().nullable(),
  undoneReason: z.string().nullable(),
});

function actorOf(request: FastifyRequest): Actor {
  // The API's onRequest hook answers 401 before a handler runs without an actor.
  if (request.actor === null) throw new Error('API handler reached without an authenticated actor');
  return request.actor;
}

/** Registers the found-child search and reviewers' decisions on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerMatchingRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const decisionTags = { tags: ['Found children'], security: [{ bearerAuth: [] }] };
  api.get(
    '/children/:id/match-decisions',
    {
      schema: {
        ...decisionTags,
        operationId: 'listMatchDecisions',
        outcomes: outcomes(200, 'Every decision on whether this record and another are one child, standing or undone, newest first', 404),
        summary: 'Decisions on records that may be the same child as this one',
        description: 'The responsible authority’s social workers, team managers and data officers. Others: 404.',
        params: idParams,
        response: { 200: z.array(matchDecision) },
      },
    },
    async (request, reply) => sendResult(reply, await services.matching.matchDecisions(actorOf(request), request.params.id)),
  );
  api.get(
    '/children/:id/matches',
    {
      schema: {
        ...decisionTags,
        operationId: 'listPossibleMatches',
        outcomes: outcomes(200, 'Records held elsewhere (or twice here) that may be this child, most likely first, with the evidence', 404),
        summary: 'Records that may be the same child as this one: check after adding a child',
        description:
          'The responsible authority’s social workers, team managers and data officers. Others: 404. The review queue of the child’s possible matches page: candidates from 10% likely, at most 5, leaving out pairs already decided and records already linked. Each record listed is audited for its responsible authority to see.',
        params: idParams,
        response: { 200: foundChildSearchResponse },
      },
    },
    async (request, reply) => sendResult(reply, map(await services.matching.proposedMatches(actorOf(request), request.params.id), searchBody)),
  );
  api.post(
    '/children/:id/matches/:otherChildId/decision',
    {
      schema: {
        ...decisionTags,
        operationId: 'decideMatch',
        outcomes: outcomes(201, 'The decision; `alerted` when the other record’s child was missing and its authority has been told', 404, 409),
        summary: 'Decide whether this record and another are the same child',
        description:
          'The responsible authority’s social workers, team managers and data officers. "confirmed" links the two records as one child; "excluded", with a reason, keeps the pair from being proposed again. One standing decision a pair (409 when there is one). Audited on both children.',
        params: pairParams,
        body: decisionBody,
      },
    },
    async (request, reply) => {
      const body = request.body;
      const decision = body.decision === 'confirmed' ? { kind: body.decision } : { kind: body.decision, reason: body.reason.trim() };
      return sendResult(reply, await services.matching.decideMatch(actorOf(request), request.params.id, request.params.otherChildId, decision), 201);
    },
  );
  api.post(
    '/children/:id/matches/:otherChildId/decision/undo',
    {
      schema: {
        ...decisionTags,
        operationId: 'undoMatchDecision',
        outcomes: outcomes(200, 'The decision undone: a confirmation unlinks the records, an exclusion lets the pair be proposed again', 404, 409),
        summary: 'Undo the decision standing on this record and another, with a reason',
        description: 'Team managers of the responsible authority. Others, and a pair with no standing decision: 404. Audited on both children.',
        params: pairParams,
        body: undoBody,
      },
    },
    async (request, reply) =>
      sendResult(
        reply,
        await services.matching.undoMatchDecision(actorOf(request), request.params.id, request.params.otherChildId, request.body.reason.trim()),
      ),
  );
  api.post(
    '/found-child/searches',
    {
      schema: {
        tags: ['Found children'],
        security: [{ bearerAuth: [] }],
        operationId: 'searchFoundChild',
        outcomes: outcomes(200, 'The children most likely to be the child found, with the evidence', 404),
        summary: 'Search every child Lantern holds for a child who has been found',
        description:
          'Police coordinators, local authorities’ social workers, team managers and data officers, and national analysts. Others: 404. The search is audited without its terms; each child listed is audited for its responsible authority to see.',
        body: foundChildSearchBody,
        response: { 200: foundChildSearchResponse },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const dateOfBirth = body.dateOfBirth ?? null;
      const today = ukDateOf(services.now());
      if (dateOfBirth !== null && dateOfBirth > today) {
        return sendProblem(
          reply,
          problem(400, 'invalid-request', 'There is a problem with the request', {
            detail: 'Nothing was searched. Correct the fields listed and send the request again',
            errors: [{ field: 'dateOfBirth', message: 'The date of birth must be today or in the past' }],
          }),
        );
      }
      const person = foundChildPerson(
        {
          names: body.names,
          dateOfBirth,
          dateOfBirthApproximate: body.dateOfBirthApproximate,
          age: dateOfBirth === null ? (body.age ?? null) : null,
          sex: body.sex === 'M' || body.sex === 'F' ? body.sex : null,
          nationality: body.nationality ?? null,
        },
        today,
      );
      return sendResult(reply, map(await services.matching.searchFoundChild(actorOf(request), person), searchBody));
    },
  );
}

/** A search's candidates as the API gives them: recognition, the prior, and the evidence field by field. */
function searchBody(search: FoundChildSearch) {
  return {
    ...search,
    candidates: search.candidates.map(({ childId, probability, recognition, waterfall, fields }) => ({
      childId,
      probability,
      recognition: { ...recognition, names: [...recognition.names], languages: [...recognition.languages] },
      priorProbability: probabilityOfWeight(waterfall.start),
      evidence: waterfall.steps.map((step, index) => ({
        field: fields[index]?.comparison ?? step.label,
        label: step.label,
        level: step.level,
        weight: step.weight,
        probabilityAfter: probabilityOfWeight(step.to),
      })),
    })),
  };
}
