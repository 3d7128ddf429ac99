import fastifyRateLimit from '@fastify/rate-limit';
import type { preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';

// Request rate limits, in one place. The counters live in this process's memory: with several instances behind
// a load balancer each counts on its own, until @fastify/rate-limit is given a shared store here.

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

  constructor(after: string) {
    super(`You have made too many requests for pages that do not exist. Wait ${after} and try again`);
    this.name = 'TooManyRequestsError';
  }
}

export const rateLimitsPlugin = fp(
  async (app) => {
    await app.register(fastifyRateLimit, { global: false });
    app.decorate(
      'notFoundRateLimit',
      app.rateLimit({ max: NOT_FOUND_PER_MINUTE, timeWindow: 60_000, errorResponseBuilder: (_request, context) => new TooManyRequestsError(context.after) }),
    );
  },
  { name: 'rate-limits' },
);
