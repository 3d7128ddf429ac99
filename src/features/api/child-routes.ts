import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { childChangesBody, childListQuery, childSearchBody, idParams, newAgeStatusBody, newAliasBody, newChildBody } from './schemas.ts';

// Children's records for case-management systems: list, find, add, read and change a child, their aliases
// and age statuses.

const tags = { tags: ['Children'], security: [{ bearerAuth: [] }] };

/** Registers the children routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerChildRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/children',
    {
      schema: {
        ...tags,
        operationId: 'listChildren',
        outcomes: outcomes(200, 'A page of the children your authority is responsible for'),
        summary: 'List children',
        querystring: childListQuery,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.listChildren(actorOf(request), request.query)),
  );
  api.post(
    '/children/search',
    {
      schema: {
        ...tags,
        operationId: 'searchChildren',
        outcomes: outcomes(200, 'A page of the matching children'),
        summary: 'Find children by name, identifier or date of birth',
        body: childSearchBody,
      },
    },
    async (request, reply) => {
      const { q, ...filters } = request.body;
      return sendResult(reply, await services.children.listChildren(actorOf(request), { ...filters, query: q }));
    },
  );
  api.post(
    '/children',
    {
      schema: {
        ...tags,
        operationId: 'addChild',
        outcomes: outcomes(201, 'The child’s record', 404, 422),
        summary: 'Add a child, with the care period they are looked after in now',
        body: newChildBody,
      },
    },
    async (request, reply) => {
      const { carePeriod, ...child } = request.body;
      return sendResult(reply, await services.children.addLookedAfterChild(actorOf(request), child, carePeriod ?? null), 201);
    },
  );
  api.get(
    '/children/:id',
    {
      schema: {
        ...tags,
        operationId: 'getChild',
        outcomes: outcomes(200, 'The child’s record, as far as your access shows it', 404),
        summary: 'Read a child’s record',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.getChild(actorOf(request), request.params.id)),
  );
  api.patch(
    '/children/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeChild',
        outcomes: outcomes(200, 'The child’s record after the change', 404, 409, 422),
        summary: 'Change a child’s details',
        params: idParams,
        body: childChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.updateChild(actorOf(request), request.params.id, request.body)),
  );
}

/** Registers the child's aliases and age statuses on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerIdentityRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/aliases',
    {
      schema: {
        ...tags,
        operationId: 'addAlias',
        outcomes: outcomes(201, 'The alias', 404, 422),
        summary: 'Add an alias',
        params: idParams,
        body: newAliasBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.addAlias(actorOf(request), request.params.id, request.body), 201),
  );
  api.post(
    '/children/:id/age-statuses',
    {
      schema: {
        ...tags,
        operationId: 'recordAgeStatus',
        outcomes: outcomes(201, 'The age status', 404, 422),
        summary: 'Record an age status',
        params: idParams,
        body: newAgeStatusBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.recordAgeStatus(actorOf(request), request.params.id, request.body), 201),
  );
}
