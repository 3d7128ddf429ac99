import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { idParams, newUserBody } from './schemas.ts';

// Administration: the accounts of the administrator's organisation; no child records.

const tags = { tags: ['Administration'], security: [{ bearerAuth: [] }] };

/** Registers the account administration routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerUserRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/users',
    {
      schema: {
        ...tags,
        operationId: 'listUsers',
        outcomes: outcomes(200, 'The accounts', 404),
        summary: 'List the accounts you administer',
      },
    },
    async (request, reply) => sendResult(reply, await services.userAdmin.listUsers(actorOf(request))),
  );
  api.post(
    '/users',
    {
      schema: {
        ...tags,
        operationId: 'addUser',
        outcomes: outcomes(201, 'The new account’s id and TOTP secret', 404, 422),
        summary: 'Create an account (the TOTP secret is returned once)',
        body: newUserBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.userAdmin.createUser(actorOf(request), request.body), 201),
  );
  api.post(
    '/users/:id/deactivate',
    {
      schema: {
        ...tags,
        operationId: 'deactivateUser',
        outcomes: outcomes(200, 'How many sessions were ended', 404, 422),
        summary: 'Deactivate an account and end its sessions',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.userAdmin.deactivateUser(actorOf(request), request.params.id)),
  );
  api.post(
    '/users/:id/reset-sign-in',
    {
      schema: {
        ...tags,
        operationId: 'resetSignIn',
        outcomes: outcomes(200, 'The new password and TOTP secret', 404, 422),
        summary: 'Give an account a new password and TOTP secret (returned once), ending its sessions',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.userAdmin.resetSignIn(actorOf(request), request.params.id)),
  );
}
