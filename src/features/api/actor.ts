import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../domain/access/actor.ts';

/** The API client a handler acts for: the API's onRequest hook answers 401 before a handler runs without one. */
export function actorOf(request: FastifyRequest): Actor {
  if (request.actor === null) throw new Error('API handler reached without an authenticated actor');
  return request.actor;
}
