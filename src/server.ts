import closeWithGrace from 'close-with-grace';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { seedDemoIfEmpty } from './demo.ts';
import { createRuntimeServices } from './runtime.ts';

/** Opens the database, brings it up to date, seeds the demo on a first start, and listens. */
export async function startServer(config: Config, log: Logger): Promise<void> {
  const startedAt = performance.now();
  const handle = await openDatabase(config.database);
  try {
    const { applied } = await migrate(handle);
    if (applied.length > 0) log.info({ applied }, 'Database migrated');
    const services = createRuntimeServices(handle);
    if (config.environment !== 'production') await seedDemoIfEmpty(handle, services, config.demoChildren, log);
    const app = await buildApp({ services, engine: handle.engine, logger: log });
    closeWithGrace({ delay: 10_000 }, async ({ err }) => {
      if (err) log.error({ err }, 'Shutting down after an error');
      await app.close();
      await handle.close();
    });
    await app.listen({ port: config.port, host: config.host });
    log.info({ database: handle.engine, seconds: Math.round((performance.now() - startedAt) / 100) / 10 }, `Lantern is ready at http://localhost:${config.port}`);
  } catch (error) {
    await handle.close();
    throw error;
  }
}
