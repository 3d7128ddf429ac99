import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';
import { limitApiRequests } from '../../plugins/rate-limits.ts';
import type { ApiRateLimits } from '../../plugins/rate-limits.ts';
import type { Services } from '../../services/index.ts';
import { actorOf } from './actor.ts';
import { problem, sendProblem } from './problem.ts';
import { registerAgeAssessmentRoutes } from './age-assessment-routes.ts';
import { registerAlertRoutes } from './alert-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerBreakGlassRoutes } from './break-glass-routes.ts';
import { registerCareRoutes } from './care-routes.ts';
import { registerCaseloadRoutes } from './caseload-routes.ts';
import { registerChildRoutes, registerIdentityRoutes } from './child-routes.ts';
import { registerDataQualityRoutes } from './data-quality-routes.ts';
import { registerGuardianRoutes } from './guardian-routes.ts';
import { registerMatchingRoutes } from './matching-routes.ts';
import { registerMissingRoutes, registerReturnRoutes } from './missing-routes.ts';
import { registerPhilomenaRoutes } from './philomena-routes.ts';
import { registerStatisticsRoutes } from './statistics-routes.ts';
import { registerTraffickingRoutes } from './trafficking-routes.ts';
import { registerTrainingRoutes } from './training-routes.ts';
import { registerUserRoutes } from './user-routes.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/** The token of an `Authorization: Bearer <token>` header; the scheme's name is case-insensitive (RFC 9110 11.1). */
function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
  return match?.[1] ?? null;
}

/** Each feature's routes, in the order the OpenAPI document lists them. */
const FEATURE_ROUTES: readonly ((app: FastifyInstance, services: Services) => void)[] = [
  registerChildRoutes,
  registerIdentityRoutes,
  registerAgeAssessmentRoutes,
  registerAuditRoutes,
  registerBreakGlassRoutes,
  registerUserRoutes,
  registerCareRoutes,
  registerTraffickingRoutes,
  registerMissingRoutes,
  registerReturnRoutes,
  registerStatisticsRoutes,
  registerDataQualityRoutes,
  registerAlertRoutes,
  registerMatchingRoutes,
  registerPhilomenaRoutes,
  registerGuardianRoutes,
  registerTrainingRoutes,
  registerCaseloadRoutes,
];

/** The JSON API for case-management systems: every entity of the record, under /api/v1. */
export async function apiRoutes(app: FastifyInstance, { services, rateLimits }: { services: Services; rateLimits: ApiRateLimits | null }): Promise<void> {
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
  for (const register of FEATURE_ROUTES) register(app, services);
}
