import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { carePeriodChangesBody, idParams, newCarePeriodBody, newNationalTransferBody, newUascPeriodBody, uascPeriodChangesBody } from './schemas.ts';

// Care: care periods, UASC status and National Transfer Scheme transfers.

const tags = { tags: ['Care'], security: [{ bearerAuth: [] }] };

/** Registers the care routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerCareRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/care-periods',
    {
      schema: {
        ...tags,
        operationId: 'addCarePeriod',
        outcomes: outcomes(201, 'The care period', 404, 422),
        summary: 'Add a care period',
        params: idParams,
        body: newCarePeriodBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.addCarePeriod(actorOf(request), request.params.id, request.body), 201),
  );
  api.patch(
    '/care-periods/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeCarePeriod',
        outcomes: outcomes(200, 'The care period after the change', 404, 409, 422),
        summary: 'Change or end a care period',
        params: idParams,
        body: carePeriodChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.updateCarePeriod(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/children/:id/uasc-periods',
    {
      schema: {
        ...tags,
        operationId: 'addUascPeriod',
        outcomes: outcomes(201, 'The UASC period', 404, 422),
        summary: 'Record UASC status',
        params: idParams,
        body: newUascPeriodBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.addUascPeriod(actorOf(request), request.params.id, request.body), 201),
  );
  api.patch(
    '/uasc-periods/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeUascPeriod',
        outcomes: outcomes(200, 'The UASC period after the change', 404, 409, 422),
        summary: 'Change or end UASC status',
        params: idParams,
        body: uascPeriodChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.updateUascPeriod(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/children/:id/national-transfers',
    {
      schema: {
        ...tags,
        operationId: 'addNationalTransfer',
        outcomes: outcomes(201, 'The transfer', 404, 422),
        summary: 'Record a National Transfer Scheme transfer',
        params: idParams,
        body: newNationalTransferBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.addNationalTransfer(actorOf(request), request.params.id, request.body), 201),
  );
}
