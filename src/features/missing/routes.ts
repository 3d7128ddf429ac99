import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

/** The missing pages. */
export function missingRoutes(_app: FastifyInstance, _options: { services: Services }, done: () => void): void {
  done();
}
