import { randomUUID } from 'node:crypto';
import closeWithGrace from 'close-with-grace';
import { createAlertChannels } from './queue/alert-channels.ts';
import { queueDepthReader, startAlertQueue } from './queue/alert-queue.ts';
import { createAlertDeliveryService } from './services/alert-delivery-service.ts';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, productionProblems } from './config.ts';
import type { Config } from './config.ts';
import { openDatabase } from './db/client.ts';
import { anAccountInEmailDomain } from './db/repositories/user-repository.ts';
import { databaseUnavailableReason } from './db/errors.ts';
import { migrate } from './db/migrate.ts';
import { DEMO_EMAIL_DOMAIN, describeDemoAccounts, seedDemoIfEmpty } from './demo.ts';
import type { DatabaseHandle } from './db/client.ts';
import { createRuntimeServices } from './runtime.ts';
import type { Services } from './services/index.ts';
import type { FastifyInstance } from 'fastify';
import { tracingFromEnvironment } from './telemetry.ts';
import { readSigningKey, startCheckpoints } from './audit-checkpoints.ts';
import type { AutomaticCheckpoints } from './audit-checkpoints.ts';

/**
 * What one process does (issue 16, item 1): `web` answers pages and the API, `worker` runs the
 * background work (the alert queue's relay, workers and clocks, and the audit checkpoints), `all`
 * both. Any number of `web` processes may share one PostgreSQL database, since sessions, pending
 * sign-ins and the alert outbox live there (docs/deployment.md); a change made by a `web` process
 * leaves its alerts in the outbox for a `worker` to carry.
 */
export const SERVER_ROLES = ['all', 'web', 'worker'] as const;
export type ServerRole = (typeof SERVER_ROLES)[number];

/** Opens the database, brings it up to date, seeds the demo on a first start, and listens. */
export async function startServer(config: Config, log: Logger, role: ServerRole = 'all'): Promise<void> {
  const startedAt = performance.now();
  const problems = productionProblems(config);
  if (problems.length > 0) throw new UnsafeProductionError(`Refusing to start in production:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  if (role !== 'all' && config.database.engine === 'pglite') {
    throw new ConfigError(
      `--role ${role} needs PostgreSQL (set DATABASE_URL): the embedded database is opened by one process, which must do all the work. Leave out --role`,
    );
  }
  const works = role !== 'web';
  // Read first, so that a missing or unsafe key stops the start with its reason before anything opens.
  const checkpointing = works ? await auditCheckpointing(config, log) : null;
  const handle = await openDatabase(config.database, {
    onConnectionLost: (error) => {
      log.warn(
        { code: 'DATABASE_CONNECTION_LOST', reason: databaseUnavailableReason(error) ?? 'other' },
        'A database connection was lost; new ones are opened as the database comes back',
      );
    },
  });
  try {
    const { applied } = await migrate(handle);
    if (applied.length > 0) log.info({ applied }, 'Database migrated');
    const services = createRuntimeServices(handle, { sessionIdleMinutes: config.sessionIdleMinutes, breakGlassPerDay: config.breakGlassPerDay });
    if (config.environment === 'production') {
      await refuseDemoAccountsInProduction(handle);
    } else {
      const accounts = await seedDemoIfEmpty(handle, services, config.demoChildren, log);
      if (accounts.length > 0) process.stdout.write(describeDemoAccounts(accounts));
    }
    const tracing = tracingFromEnvironment();
    if (tracing !== null) log.info({ code: 'TRACING_ON' }, 'Sending OpenTelemetry traces to OTEL_EXPORTER_OTLP_ENDPOINT');
    const app = role === 'worker' ? null : await listen(config, handle, services, log, tracing);
    const checkpoints = checkpointing === null ? null : startCheckpoints(services.audit, checkpointing, log);
    const alertQueue = works
      ? await startAlertQueue(handle, {
          alerts: services.alerts,
          delivery: createAlertDeliveryService({
            db: handle.db,
            now: services.now,
            newId: randomUUID,
            baseUrl: config.alerts.baseUrl,
            channels: createAlertChannels(config.alerts.notify),
          }),
          log,
          cleanup: { service: services.alertCleanup, retentionDays: config.alerts.retentionDays },
        })
      : null;
    closeWithGrace({ delay: 10_000 }, async ({ err }) => {
      if (err) log.error({ err }, 'Shutting down after an error');
      // Requests in flight finish first (Fastify's close waits for them), then background work stops.
      await app?.close();
      await checkpoints?.stop();
      await tracing?.shutdown();
      await alertQueue?.stop();
      await handle.close();
    });
    const seconds = Math.round((performance.now() - startedAt) / 100) / 10;
    if (app === null) log.info({ database: handle.engine, role, seconds }, 'Lantern’s background worker is running');
    else log.info({ database: handle.engine, role, seconds }, `Lantern is ready at http://localhost:${config.port}`);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Builds the web app and listens on the configured port. */
async function listen(
  config: Config,
  handle: DatabaseHandle,
  services: Services,
  log: Logger,
  tracing: ReturnType<typeof tracingFromEnvironment>,
): Promise<FastifyInstance> {
  // Production cookies are always Secure (__Host- prefixed); there is no setting to turn that off.
  const app = await buildApp({
    services,
    engine: handle.engine,
    logger: log,
    secureCookies: config.environment === 'production',
    oidcProviders: config.oidcProviders,
    trustProxy: config.trustProxy,
    metrics: { token: config.metricsToken, pools: () => handle.poolUse(), queues: queueDepthReader(handle) },
    apiRateLimits: config.apiRateLimits,
    publicUrl: config.publicUrl,
    ...(tracing === null ? {} : { tracing: tracing.plugin }),
  });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    throw isAddressInUse(error) ? new PortInUseError(config.port, config.host) : error;
  }
  return app;
}

const isAddressInUse = (error: unknown): boolean => error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';

export class PortInUseError extends Error {
  constructor(port: number, host: string) {
    super(`Port ${port} on ${host} is already in use by another program. Stop that program, or set PORT to a free port.`);
    this.name = 'PortInUseError';
  }
}

/** The key and folder of the audit chains' signed checkpoints (ADR 11), or null when none are configured. */
async function auditCheckpointing(config: Config, log: Logger): Promise<AutomaticCheckpoints | null> {
  if (config.auditCheckpoints === null) {
    if (config.environment === 'production') {
      log.warn(
        { code: 'AUDIT_CHECKPOINTS_OFF' },
        'Audit checkpoints are off: someone with the database owner’s rights could rewrite the audit trail unseen. Set LANTERN_AUDIT_SIGNING_KEY_FILE and LANTERN_AUDIT_CHECKPOINT_DIR',
      );
    }
    return null;
  }
  const { signingKeyFile, folder, everyMinutes } = config.auditCheckpoints;
  if (folder === null)
    throw new ConfigError('LANTERN_AUDIT_SIGNING_KEY_FILE is set but LANTERN_AUDIT_CHECKPOINT_DIR is not: name the folder the server writes checkpoints to');
  return { signingKey: await readSigningKey(signingKeyFile), folder, everyMinutes };
}

export class UnsafeProductionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeProductionError';
  }
}

/** Demo accounts share a printed password: their presence in production is refused outright. */
export async function refuseDemoAccountsInProduction(handle: DatabaseHandle): Promise<void> {
  const demo = await anAccountInEmailDomain(handle.db, DEMO_EMAIL_DOMAIN);
  if (demo !== undefined) {
    throw new UnsafeProductionError(`Refusing to start in production: the database has demo accounts (${demo}). Use a database without demo data.`);
  }
}
