import type { FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailableReason } from '../db/errors.ts';
import { problem } from './api/problem.ts';

// While the database is away (a restart, a failover) every request that needs it gets 503 with
// Retry-After, and Lantern carries on: the pool reconnects by itself once the database is back.

const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_TITLE = 'Sorry, the service is unavailable';

export const unavailableProblem = problem(503, 'service-unavailable', UNAVAILABLE_TITLE, { detail: `Try again in ${RETRY_AFTER_SECONDS} seconds` });

/**
 * True when the error says the database is unavailable; the reply is then set to 503 with
 * Retry-After, for the caller to send as a problem or a page. Logs the fixed reason only.
 */
export function isUnavailable(error: unknown, request: FastifyRequest, reply: FastifyReply): boolean {
  const reason = databaseUnavailableReason(error);
  if (reason === undefined) return false;
  request.log.warn({ code: 'DATABASE_UNAVAILABLE', reason }, 'The database is unavailable: answered 503');
  void reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS));
  return true;
}
