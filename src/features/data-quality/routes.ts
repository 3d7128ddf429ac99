import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services/index.ts';

/** The data-quality pages. */
export function dataQualityRoutes(_app: FastifyInstance, _options: { services: Services }, done: () => void): void {
  done();
}
