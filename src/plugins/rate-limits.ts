import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';

// Request rate limits, in one place. The counters live in this process's memory: with several instances behind
// a load balancer each counts on its own, which ADR 20 explains is enough for what these limits are for.

declare module 'fastify' {
  interface FastifyInstance {
    /** Limits how often one address may ask for pages and paths that do not exist (probing for what does). */
    notFoundRateLimit: preHandlerAsyncHookHandler;
  }
}

/** Requests for what does not exist that one address may make in a minute. */
export const NOT_FOUND_PER_MINUTE = 120;

/** A refusal that the app's and the pages' error handlers answer as 429, with Retry-After. */
class TooManyRequestsError extends Error {
  readonly statusCode = 429;

  constructor(message: string) {
    super(message);
    this.name = 'TooManyRequestsError';
  }
}

/** API requests a minute (LANTERN_API_REQUESTS_PER_MINUTE and LANTERN_API_ORGANISATION_REQUESTS_PER_MINUTE). */
export interface ApiRateLimits {
  /** By one API token: one case system cannot take the service from the others. */
  readonly perToken: number;
  /** By all of one organisation's tokens together. */
  readonly perOrganisation: number;
}

/**
 * The API's limits, for the routes `scope` declares after this: by token, then by organisation, each once the
 * caller is known (after the token check) and before the body is validated. A request one limit refuses is not
 * counted by the next. Each limit is a registration of its own, since one registration runs once a request.
 */
export async function limitApiRequests(
  scope: FastifyInstance,
  limits: ApiRateLimits,
  callerOf: (request: FastifyRequest) => { readonly id: string; readonly organisationCode: string },
): Promise<void> {
  const limit = (max: number, keyGenerator: (request: FastifyRequest) => string, whose: string, headers: boolean) =>
    scope.register(fastifyRateLimit, {
      global: true,
      hook: 'preValidation',
      max,
      timeWindow: 60_000,
      keyGenerator,
      addHeadersOnExceeding: { 'x-ratelimit-limit': headers, 'x-ratelimit-remaining': headers, 'x-ratelimit-reset': headers },
      errorResponseBuilder: (_request, context) =>
        new TooManyRequestsError(`${whose} has made more than ${max} requests in a minute. Wait ${context.after} and try again`),
    });
  await limit(limits.perToken, (request) => callerOf(request).id, 'This API token', true);
  await limit(limits.perOrganisation, (request) => `organisation:${callerOf(request).organisationCode}`, 'Your organisation', false);
}

export const rateLimitsPlugin = fp(
  async (app) => {
    await app.register(fastifyRateLimit, { global: false });
    app.decorate(
      'notFoundRateLimit',
      app.rateLimit({
        max: NOT_FOUND_PER_MINUTE,
        timeWindow: 60_000,
        errorResponseBuilder: (_request, context) =>
          new TooManyRequestsError(`You have made too many requests for pages that do not exist. Wait ${context.after} and try again`),
      }),
    );
  },
  { name: 'rate-limits' },
);
