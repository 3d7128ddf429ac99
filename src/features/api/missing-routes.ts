import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { sendResult } from './problem.ts';
import { closeEpisodeBody, episodeChangesBody, episodeListQuery, foundReportBody, idParams, newEpisodeBody, returnInterviewBody } from './schemas.ts';

// Missing episodes: reporting a child missing, changing the episode, the host's acknowledgement, the return
// or another agency's report of the child found, and the return home interview.

const tags = { tags: ['Missing'], security: [{ bearerAuth: [] }] };

/** Registers the missing-episode routes on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerMissingRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/children/:id/missing-episodes',
    {
      schema: {
        ...tags,
        operationId: 'reportMissing',
        outcomes: outcomes(201, 'The episode', 404, 422),
        summary: 'Report a child missing',
        params: idParams,
        body: newEpisodeBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.reportMissing(actorOf(request), request.params.id, request.body), 201),
  );
  api.get(
    '/missing-episodes',
    {
      schema: {
        ...tags,
        operationId: 'listMissingEpisodes',
        outcomes: outcomes(200, 'A page of episodes'),
        summary: 'List missing episodes',
        querystring: episodeListQuery,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.listEpisodes(actorOf(request), request.query)),
  );
  api.get(
    '/missing-episodes/:id',
    {
      schema: {
        ...tags,
        operationId: 'getMissingEpisode',
        outcomes: outcomes(200, 'The episode', 404),
        summary: 'Read a missing episode',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.getEpisode(actorOf(request), request.params.id)),
  );
  api.patch(
    '/missing-episodes/:id',
    {
      schema: {
        ...tags,
        operationId: 'changeMissingEpisode',
        outcomes: outcomes(200, 'The episode after the change', 404, 409, 422),
        summary: 'Change a missing episode',
        params: idParams,
        body: episodeChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.updateEpisode(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/missing-episodes/:id/host-acknowledgement',
    {
      schema: {
        ...tags,
        operationId: 'acknowledgeMissingEpisode',
        outcomes: outcomes(200, 'The acknowledgement: when, and by whom (the first, if already acknowledged)', 404, 422),
        summary: 'Acknowledge, as the host authority, that a child placed in your area is missing',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.acknowledgeAsHost(actorOf(request), request.params.id)),
  );
}

/** Registers how an episode ends, and its return home interview, on the API (inside apiRoutes, so its bearer-token hook applies). */
export function registerReturnRoutes(app: FastifyInstance, services: Services): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.post(
    '/missing-episodes/:id/return',
    {
      schema: {
        ...tags,
        operationId: 'recordReturn',
        outcomes: outcomes(200, 'The episode, closed', 404, 409, 422),
        summary: 'Record that the child came back (close the episode)',
        params: idParams,
        body: closeEpisodeBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.recordReturn(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/missing-episodes/:id/found-report',
    {
      schema: {
        ...tags,
        operationId: 'recordFoundReport',
        outcomes: outcomes(200, 'The episode, closed as found', 404, 409, 422),
        summary: 'Record that another agency’s report found the child: who, where, when and its reference (closes the episode)',
        params: idParams,
        body: foundReportBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.recordFoundReport(actorOf(request), request.params.id, request.body)),
  );
  api.put(
    '/missing-episodes/:id/return-interview',
    {
      schema: {
        ...tags,
        operationId: 'recordReturnInterview',
        outcomes: outcomes(200, 'The episode with its interview', 404, 409, 422),
        summary: 'Record the return home interview',
        params: idParams,
        body: returnInterviewBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.recordReturnInterview(actorOf(request), request.params.id, request.body)),
  );
}
