import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

/** The children pages. */
export function childrenRoutes(_app: FastifyInstance, _options: { services: Services }, done: () => void): void {
  done();
}
