import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { REASON_MAX_LENGTH } from '../../domain/caseload.ts';
import { MULTI_LINE_TEXT, hiddenCharactersMessage } from '../../domain/text.ts';
import { map } from '../../domain/result.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { idParams } from './schemas.ts';

// Caseloads (issue 12, item 3): a child's allocation to a social worker and team, read with its history,
// allocated or reassigned by the responsible authority's team managers; and the authority's teams.
// Who may do what: docs/access.md, "Caseloads".

const allocationBody = z.strictObject({
  socialWorkerId: z.uuid({ error: 'Send the id of a social worker in your authority, or null' }).nullable(),
  teamId: z.uuid({ error: 'Send the id of a team in your authority, or null' }).nullable(),
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Send why you are reassigning the child, or null for a first allocation' })
    .max(REASON_MAX_LENGTH, { error: `The reason must be ${REASON_MAX_LENGTH} characters or fewer` })
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('The reason') })
    .nullable()
    .default(null),
  version: z.number({ error: 'Send the allocation version you read, as a whole number' }).int().min(1).optional(),
});

const teamBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Send the team’s name' })
    .max(100, { error: 'The team’s name must be 100 characters or fewer' })
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('The team’s name') }),
});
const memberBody = z.strictObject({ userId: z.uuid({ error: 'Send the id of a social worker, team manager or data officer in your authority' }) });

const tags = { tags: ['Caseloads'], security: [{ bearerAuth: [] }] };

export function registerCaseloadRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/children/:id/allocation',
    {
      schema: {
        ...tags,
        operationId: 'getChildAllocation',
        outcomes: outcomes(200, 'Who holds the child now, every allocation before, and the teams and people they may go to', 404),
        summary: 'The child’s allocation to a social worker and team, with its history (team managers of the responsible authority)',
        params: idParams,
      },
    },
    async (request, reply) => {
      const page = await services.caseloads.allocation(actorOf(request), request.params.id, { opening: true });
      return sendResult(
        reply,
        map(page, ({ child, ...rest }) => ({ childId: child.id, ...rest })),
      );
    },
  );
  api.put(
    '/children/:id/allocation',
    {
      schema: {
        ...tags,
        operationId: 'allocateChild',
        outcomes: outcomes(200, 'The new allocation; the one before it has ended', 404, 409, 422),
        summary: 'Allocate the child to a social worker, a team or both, or reassign them with a reason (team managers of the responsible authority)',
        description: 'Send `version` from the allocation you read to be refused (409) if someone reassigned the child since.',
        params: idParams,
        body: allocationBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.caseloads.allocate(actorOf(request), request.params.id, request.body)),
  );
  api.get(
    '/teams',
    {
      schema: {
        ...tags,
        operationId: 'listTeams',
        outcomes: outcomes(200, 'The authority’s teams with who is in each, and the people children may be allocated to', 404),
        summary: 'Your authority’s teams (its social workers, team managers, data officers and administrators)',
      },
    },
    async (request, reply) => sendResult(reply, await services.caseloads.teams(actorOf(request))),
  );
  api.post(
    '/teams',
    {
      schema: {
        ...tags,
        operationId: 'createTeam',
        outcomes: outcomes(201, 'The team', 404, 422),
        summary: 'Make a team in your authority (team managers and organisation administrators)',
        body: teamBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.caseloads.createTeam(actorOf(request), request.body), 201),
  );
  api.post(
    '/teams/:id/members',
    {
      schema: {
        ...tags,
        operationId: 'addTeamMember',
        outcomes: outcomes(201, 'The person is in the team', 404, 422),
        summary: 'Add a social worker, team manager or data officer of your authority to one of its teams (team managers and organisation administrators)',
        params: idParams,
        body: memberBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.caseloads.addTeamMember(actorOf(request), request.params.id, request.body), 201),
  );
}
