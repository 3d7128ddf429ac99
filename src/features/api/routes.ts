import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from '../../domain/access/actor.ts';
import { limitApiRequests } from '../../plugins/rate-limits.ts';
import type { ApiRateLimits } from '../../plugins/rate-limits.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { outcomes } from './openapi.ts';
import { problem, sendProblem, sendResult } from './problem.ts';
import { registerAlertRoutes } from './alert-routes.ts';
import { registerDataQualityRoutes } from './data-quality-routes.ts';
import { registerMatchingRoutes } from './matching-routes.ts';
import { registerPhilomenaRoutes } from './philomena-routes.ts';
import { registerCaseloadRoutes } from './caseload-routes.ts';
import { registerGuardianRoutes } from './guardian-routes.ts';
import { registerTrainingRoutes } from './training-routes.ts';
import { registerStatisticsRoutes } from './statistics-routes.ts';
import {
  carePeriodChangesBody,
  childChangesBody,
  childListQuery,
  childSearchBody,
  auditSearchQuery,
  breakGlassBody,
  newUserBody,
  reviewBody,
  recordAccessQuery,
  closeEpisodeBody,
  foundReportBody,
  concernChangesBody,
  episodeChangesBody,
  episodeListQuery,
  idParams,
  newAgeStatusBody,
  newAliasBody,
  newCarePeriodBody,
  newChildBody,
  newConcernBody,
  newEpisodeBody,
  newNationalTransferBody,
  newNrmReferralBody,
  newTraffickingStatusBody,
  newUascPeriodBody,
  nrmReferralChangesBody,
  returnInterviewBody,
  uascPeriodChangesBody,
} from './schemas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const security = [{ bearerAuth: [] }];

/** The token of an `Authorization: Bearer <token>` header; the scheme's name is case-insensitive (RFC 9110 11.1). */
function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? null;
}

/** The JSON API for case-management systems: every entity of the record, under /api/v1. */
export async function apiRoutes(app: FastifyInstance, { services, rateLimits }: { services: Services; rateLimits: ApiRateLimits | null }): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  app.decorateRequest('actor', null);
  // The API speaks JSON only: any other body is refused with 415 rather than half-parsed.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    const token = bearerToken(request.headers.authorization);
    const actor = token === null ? null : await services.apiTokens.authenticate(token, request.ip);
    if (actor === null) {
      return sendProblem(
        reply.header('www-authenticate', 'Bearer realm="lantern"'),
        problem(401, 'unauthenticated', 'Sign in required', { detail: 'Send an API token in the Authorization header: Bearer <token>' }),
      );
    }
    request.actor = actor;
  });
  if (rateLimits !== null) await limitApiRequests(app, rateLimits, actorOf);

  const tags = (name: string) => ({ tags: [name], security });

  // ---- Children ----
  api.get(
    '/children',
    {
      schema: {
        ...tags('Children'),
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
        ...tags('Children'),
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
        ...tags('Children'),
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
        ...tags('Children'),
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
        ...tags('Children'),
        operationId: 'changeChild',
        outcomes: outcomes(200, 'The child’s record after the change', 404, 409, 422),
        summary: 'Change a child’s details',
        params: idParams,
        body: childChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.updateChild(actorOf(request), request.params.id, request.body)),
  );
  api.post(
    '/children/:id/aliases',
    {
      schema: {
        ...tags('Children'),
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
        ...tags('Children'),
        operationId: 'recordAgeStatus',
        outcomes: outcomes(201, 'The age status', 404, 422),
        summary: 'Record an age status',
        params: idParams,
        body: newAgeStatusBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.recordAgeStatus(actorOf(request), request.params.id, request.body), 201),
  );

  api.get(
    '/children/:id/record-access',
    {
      schema: {
        ...tags('Audit'),
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
        ...tags('Audit'),
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

  api.post(
    '/children/:id/break-glass',
    {
      schema: {
        ...tags('Access'),
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
        ...tags('Access'),
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
        ...tags('Access'),
        operationId: 'reviewBreakGlass',
        outcomes: outcomes(200, 'When it was reviewed', 404),
        summary: 'Mark a break-glass opening as reviewed',
        params: idParams,
        body: reviewBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.reviewBreakGlass(actorOf(request), request.params.id, request.body.note)),
  );

  // ---- Administration: accounts of the administrator's organisation; no child records ----
  api.get(
    '/users',
    {
      schema: {
        ...tags('Administration'),
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
        ...tags('Administration'),
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
        ...tags('Administration'),
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
        ...tags('Administration'),
        operationId: 'resetSignIn',
        outcomes: outcomes(200, 'The new password and TOTP secret', 404, 422),
        summary: 'Give an account a new password and TOTP secret (returned once), ending its sessions',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.userAdmin.resetSignIn(actorOf(request), request.params.id)),
  );

  // ---- Care ----
  api.post(
    '/children/:id/care-periods',
    {
      schema: {
        ...tags('Care'),
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
        ...tags('Care'),
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
        ...tags('Care'),
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
        ...tags('Care'),
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
        ...tags('Care'),
        operationId: 'addNationalTransfer',
        outcomes: outcomes(201, 'The transfer', 404, 422),
        summary: 'Record a National Transfer Scheme transfer',
        params: idParams,
        body: newNationalTransferBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.children.addNationalTransfer(actorOf(request), request.params.id, request.body), 201),
  );

  // ---- Trafficking and the NRM ----
  api.post(
    '/children/:id/trafficking-concerns',
    {
      schema: {
        ...tags('Trafficking'),
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
        ...tags('Trafficking'),
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
        ...tags('Trafficking'),
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
        ...tags('Trafficking'),
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
        ...tags('Trafficking'),
        operationId: 'changeNrmReferral',
        outcomes: outcomes(200, 'The concern with the referral after the change', 404, 409, 422),
        summary: 'Record NRM decisions',
        params: idParams,
        body: nrmReferralChangesBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.trafficking.updateNrmReferral(actorOf(request), request.params.id, request.body)),
  );

  // ---- Missing episodes and return home interviews ----
  api.post(
    '/children/:id/missing-episodes',
    {
      schema: {
        ...tags('Missing'),
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
        ...tags('Missing'),
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
        ...tags('Missing'),
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
        ...tags('Missing'),
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
        ...tags('Missing'),
        operationId: 'acknowledgeMissingEpisode',
        outcomes: outcomes(200, 'The acknowledgement: when, and by whom (the first, if already acknowledged)', 404, 422),
        summary: 'Acknowledge, as the host authority, that a child placed in your area is missing',
        params: idParams,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.acknowledgeAsHost(actorOf(request), request.params.id)),
  );
  api.post(
    '/missing-episodes/:id/return',
    {
      schema: {
        ...tags('Missing'),
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
        ...tags('Missing'),
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
        ...tags('Missing'),
        operationId: 'recordReturnInterview',
        outcomes: outcomes(200, 'The episode with its interview', 404, 409, 422),
        summary: 'Record the return home interview',
        params: idParams,
        body: returnInterviewBody,
      },
    },
    async (request, reply) => sendResult(reply, await services.missingEpisodes.recordReturnInterview(actorOf(request), request.params.id, request.body)),
  );
  registerStatisticsRoutes(app, services);
  registerDataQualityRoutes(app, services);
  registerAlertRoutes(app, services);
  registerMatchingRoutes(app, services);
  registerPhilomenaRoutes(app, services);
  registerGuardianRoutes(app, services);
  registerTrainingRoutes(app, services);
  registerCaseloadRoutes(app, services);
}
