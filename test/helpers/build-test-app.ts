import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { ApiRateLimits } from '../../src/plugins/rate-limits.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import { watchContract } from './contract.ts';
import { createFakeClock } from './fake-clock.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly handle: DatabaseHandle;
  readonly services: Services;
  readonly clock: ReturnType<typeof createFakeClock>;
  /** An API token for a role in an organisation (a local authority's code for its staff). */
  token(organisationCode: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

/** Cheap argon2id settings so the suite stays fast; production uses OWASP's. */
const CHEAP_PASSWORD_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const TEST_NOW = '2025-06-15T12:00:00.000Z';

/** `database`: a migrated database to use instead of a fresh one (the app's close closes it). */
export async function buildTestApp(
  options: { now?: string; database?: DatabaseHandle; logger?: FastifyBaseLogger; apiRateLimits?: ApiRateLimits; publicUrl?: string } = {},
): Promise<TestApp> {
  const handle = options.database ?? (await createTestDatabase());
  const clock = createFakeClock(options.now ?? TEST_NOW);
  const services = createServices({ db: handle.db, now: clock.now, newId: randomUUID }, { passwordHashing: CHEAP_PASSWORD_HASHING });
  const app = await buildApp({
    services,
    engine: handle.engine,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.apiRateLimits === undefined ? {} : { apiRateLimits: options.apiRateLimits }),
    ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
  });
  const contract = watchContract(app);
  await app.ready();
  return {
    app,
    handle,
    services,
    clock,
    async token(organisationCode, role) {
      const result = await services.apiTokens.createToken(organisationCode, role, 'test');
      if (!result.ok) throw new Error(`No token for a ${role} in ${organisationCode}: ${JSON.stringify(result.error)}`);
      return result.value.token;
    },
    async close() {
      const undocumented = contract.undocumented();
      await app.close();
      await handle.close();
      if (undocumented.length > 0) throw new Error(`Statuses the OpenAPI document does not list for the operation: ${undocumented.join('; ')}`);
    },
  };
}
