import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { auditSearchQuery, idParams, recordAccessQuery } from './schemas.ts';

// The audit trail for those who answer for it: who has seen or changed a child's record, and the search of
// every event for administrators.

const tags = { tags: ['Audit'], security: [{ bearerAuth: [] }] };

/** Registers the audit routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerAuditRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/children/:id/record-access',
    {
      schema: {
        ...tags,
        operationId: 'listRecordAccess',
        outcomes: outcomes(200, 'A page of who has seen or changed the record', 404),
        summary: 'Who has seen or changed this child’s record (team managers and data officers of the responsible authority)',
        params: idParams,
        querystring: recordAccessQuery,
      },
    },
    async (request, reply) => sendResult(reply, await services.auditQueries.whoHasSeenChild(actorOf(request), request.params.id, request.query)),
  );
  api.get(
    '/audit-events',
    {
      schema: {
        ...tags,
        operationId: 'searchAuditEvents',
        outcomes: outcomes(200, 'A page of audit events', 404),
        summary: 'Search the audit trail (administrators)',
        querystring: auditSearchQuery,
      },
    },
    async (request, reply) => {
      const { from, to, ...rest } = request.query;
      return sendResult(
        reply,
        await services.auditQueries.searchAudit(actorOf(request), {
          ...rest,
          ...(from === undefined ? {} : { from: new Date(from).toISOString() }),
          ...(to === undefined ? {} : { to: new Date(to).toISOString() }),
        }),
      );
    },
  );
}
