import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { concernChangesBody, idParams, newConcernBody, newNrmReferralBody, newTraffickingStatusBody, nrmReferralChangesBody } from './schemas.ts';

// Trafficking concerns, their statuses, and referrals to the National Referral Mechanism with its decisions.

const tags = { tags: ['Trafficking'], security: [{ bearerAuth: [] }] };

/** Registers the trafficking and NRM routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerTraffickingRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/trafficking-concerns',
    {
      schema: {
        ...tags,
        operationId: 'raiseConcern',
        outcomes: outcomes(201, 'The concern', 404, 422),
        summary: 'Raise a trafficking concern',
        params: idParams,
        body: newConcernBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.raiseConcern(actorOf(request), request.params.id, request.body), 201),
  );
  api.patch(
    '/trafficking-concerns/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeConcern',
        outcomes: outcomes(200, 'The concern after the change', 404, 409, 422),
        summary: 'Change a trafficking concern',
        params: idParams,
        body: concernChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.updateConcern(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/trafficking-concerns/:id/statuses',
    {
      schema: {
        ...tags,
        operationId: 'recordTraffickingStatus',
        outcomes: outcomes(201, 'The status', 404, 422),
        summary: 'Record a trafficking status',
        params: idParams,
        body: newTraffickingStatusBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.recordStatus(actorOf(request), request.params.id, request.body), 201),
  );
  api.post(
    '/trafficking-concerns/:id/nrm-referral',
    {
      schema: {
        ...tags,
        operationId: 'recordNrmReferral',
        outcomes: outcomes(201, 'The concern with its referral', 404, 422),
        summary: 'Record an NRM referral',
        params: idParams,
        body: newNrmReferralBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.recordNrmReferral(actorOf(request), request.params.id, request.body), 201),
  );
  api.patch(
    '/nrm-referrals/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeNrmReferral',
        outcomes: outcomes(200, 'The concern with the referral after the change', 404, 409, 422),
        summary: 'Record NRM decisions',
        params: idParams,
        body: nrmReferralChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.updateNrmReferral(actorOf(request), request.params.id, request.body)),
  );
}
