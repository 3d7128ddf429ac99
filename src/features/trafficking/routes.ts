import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

/** The trafficking pages. */
export function traffickingRoutes(_app: FastifyInstance, _options: { services: Services }, done: () => void): void {
  done();
}
