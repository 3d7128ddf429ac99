import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canRecordTrainingForOthers } from '../../domain/access/policy.ts';
import { MULTI_LINE_TEXT, hiddenCharactersMessage } from '../../domain/text.ts';
import { GATED_ACTIONS, TRAINING_IMPORT_COLUMNS } from '../../domain/training.ts';
import type { Services } from '../../services/index.ts';
import { notFound } from '../../services/errors.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { problem, sendProblem, sendResult, serviceProblem } from './problem.ts';

// Training (issue 15, items 4 and 5) for workforce and case-management systems: an organisation's
// compliance, the national table, the gates and allowances, and completions imported as the CSV file
// of docs/data-exchange.md. A token is nobody's: it has no training of its own to see or record.

const tags = { tags: ['Training'], security: [{ bearerAuth: [] }] };
const gatedAction = z.enum(GATED_ACTIONS, { error: `Choose an action: ${GATED_ACTIONS.join(', ')}` });
const importBody = z.strictObject({
  csv: z
    .string({ error: `Send the completions as CSV text in csv, its header naming ${TRAINING_IMPORT_COLUMNS.join(', ')}` })
    .max(5_000_000, { error: 'The CSV text must be 5,000,000 characters or fewer: send it in parts' }),
});
const gatesBody = z.strictObject({
  required: z.array(gatedAction, { error: `Send the actions that need current training as a list: any of ${GATED_ACTIONS.join(', ')}` }),
});
const allowanceBody = z.strictObject({
  personId: z.uuid({ error: 'Send the id of someone in your organisation' }),
  action: gatedAction,
  reason: z
    .string({ error: 'Enter why you allow it' })
    .max(1000, { error: 'The reason must be 1000 characters or fewer' })
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('The reason') })
    .trim()
    .regex(/\S/, { error: 'Enter why you allow it' }),
});

/** Registers the training routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerTrainingRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/training/organisation',
    {
      schema: {
        ...tags,
        operationId: 'getOrganisationTraining',
        outcomes: outcomes(200, 'Compliance by topic, each team’s by topic, and each person’s state on each topic', 404),
        summary: 'Your organisation’s training (team managers, data officers and organisation administrators)',
      },
    },
    async (request, reply) => sendResult(reply, await services.training.organisation(actorOf(request))),
  );
  api.get(
    '/training/authorities',
    {
      schema: {
        ...tags,
        operationId: 'getTrainingByAuthority',
        outcomes: outcomes(200, 'Each authority’s share of people current on each topic, best first', 404),
        summary: 'Training by authority, the national table (national analysts)',
      },
    },
    async (request, reply) => sendResult(reply, await services.training.leagueTable(actorOf(request))),
  );
  api.get(
    '/training/gates',
    {
      schema: {
        ...tags,
        operationId: 'getTrainingGates',
        outcomes: outcomes(200, 'The actions that need current training, and the allowances given', 404),
        summary: 'Training required for actions in your organisation, and the allowances given, for review',
      },
    },
    async (request, reply) => sendResult(reply, await services.training.gates(actorOf(request))),
  );
  api.put(
    '/training/gates',
    {
      schema: {
        ...tags,
        operationId: 'setTrainingGates',
        outcomes: outcomes(200, 'The actions that now need current training', 404, 422),
        summary: 'Set which actions need current training in your organisation (team managers and organisation administrators)',
        body: gatesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.training.setGates(actorOf(request), request.body.required)),
  );
  api.post(
    '/training/allowances',
    {
      schema: {
        ...tags,
        operationId: 'allowWithoutTraining',
        outcomes: outcomes(201, 'The allowance: good for one action', 404, 422),
        summary: 'Allow someone in your organisation one gated action without the training, with a reason (team managers)',
        body: allowanceBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.training.allow(actorOf(request), request.body), 201),
  );
  api.post(
    '/training/completions/import',
    {
      schema: {
        ...tags,
        operationId: 'importTrainingCompletions',
        outcomes: outcomes(201, 'How many rows were read, saved and already recorded', 404, 422),
        summary: 'Import completed courses for people in your organisation (team managers and organisation administrators)',
        description:
          'The CSV file of docs/data-exchange.md ("Training completions"), as text. All or nothing: any problem saves nothing, and every problem is listed by row and column.',
        body: importBody,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Anyone else is answered as the pages answer them: not found.
      if (!canRecordTrainingForOthers(actor)) return sendProblem(reply, serviceProblem(notFound('training')));
      const imported = await services.training.importCompletions(actor, request.body.csv);
      if (imported.ok) return reply.code(201).send(imported.value);
      return sendProblem(
        reply,
        problem(422, 'validation-error', 'There is a problem with the file', {
          detail: 'Nothing was saved. Correct the rows listed and send the file again',
          errors: imported.error.map((message) => ({ field: 'csv', message })),
        }),
      );
    },
  );
}
