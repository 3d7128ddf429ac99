import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { breakGlassBody, idParams, reviewBody } from './schemas.ts';

// Break-glass: opening a record outside one's access with a reason, and the team managers' review of
// each opening.

const tags = { tags: ['Access'], security: [{ bearerAuth: [] }] };

/** Registers the break-glass routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerBreakGlassRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/break-glass',
    {
      schema: {
        ...tags,
        operationId: 'breakGlass',
        outcomes: outcomes(201, 'When the opening expires', 404, 422),
        summary: 'Open a record outside your access, giving a reason (audited and reviewed)',
        params: idParams,
        body: breakGlassBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.breakGlass(actorOf(request), request.params.id, request.body.reason), 201),
  );
  api.get(
    '/break-glass-reviews',
    {
      schema: {
        ...tags,
        operationId: 'listBreakGlassReviews',
        outcomes: outcomes(200, 'The openings awaiting review', 404),
        summary: 'Break-glass openings of your authority’s records awaiting review (team managers)',
      },
    },
    async (request, reply) => sendResult(reply, await services.children.breakGlassReviews(actorOf(request))),
  );
  api.post(
    '/break-glass-reviews/:id',
    {
      schema: {
        ...tags,
        operationId: 'reviewBreakGlass',
        outcomes: outcomes(200, 'When it was reviewed', 404),
        summary: 'Mark a break-glass opening as reviewed',
        params: idParams,
        body: reviewBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.reviewBreakGlass(actorOf(request), request.params.id, request.body.note)),
  );
}
