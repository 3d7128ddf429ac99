import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

/** The statistics pages. */
export function statisticsRoutes(_app: FastifyInstance, _options: { services: Services }, done: () => void): void {
  done();
}
