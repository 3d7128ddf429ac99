import { fromKysely, PgBoss } from 'pg-boss';
import type { Db } from 'pg-boss';
import type { Logger } from 'pino';
import type { DatabaseHandle } from '../db/client.ts';
import { lockPendingOutbox, markQueued } from '../db/repositories/alert-repository.ts';
import type { Subject } from '../domain/alerts/evaluate.ts';
import type { AlertCleanupService, FinishedJobs, Removed } from '../services/alert-cleanup-service.ts';
import type { AlertDeliveryService } from '../services/alert-delivery-service.ts';
import type { AlertService } from '../services/alert-service.ts';

// The durable job queue that carries alerts beyond the change that raised them (ADR 18): pg-boss,
// in its own schema of the same database, on PostgreSQL and on the embedded PGlite alike. A relay
// moves the alert outbox into it, each row in one transaction with the job it becomes, so a row is
// queued exactly once; the workers deliver, send, run clocks and escalate, each retried with
// backoff while it fails. A job that fails for good leaves the alert where it always was: in the inbox.

const SCHEMA = 'lantern_queue';
const QUEUES = { deliver: 'alert-deliver', send: 'alert-send', clock: 'alert-clock', escalate: 'alert-escalate' } as const;
type Kind = keyof typeof QUEUES;

/** Tries before a job is given up: with backoff from 30 s, the last about two hours after the first. */
const RETRY_LIMIT = 8;
const RELAY_BATCH = 100;

export interface AlertQueueOptions {
  readonly alerts: AlertService;
  readonly delivery: AlertDeliveryService;
  readonly log: Logger;
  /** How often the relay looks at the outbox and the workers at the queue (seconds); tests shorten it. */
  readonly pollingSeconds?: number;
  /** Seconds before the first retry of a failed job (doubling each time). */
  readonly retryDelaySeconds?: number;
  /**
   * Seconds a job may run before it counts as lost and is tried again: how long the alerts of a process
   * killed mid-delivery wait for another. Longer than a channel's own time limit (10 s).
   */
  readonly expireSeconds?: number;
  /** How often pg-boss looks for jobs past their time (seconds); tests shorten it. */
  readonly monitorSeconds?: number;
  /**
   * Removing finished work: outbox rows and their jobs whose moment passed more than `retentionDays` ago
   * (LANTERN_ALERT_RETENTION_DAYS), at start and then every `everyHours` (a day unless told).
   */
  readonly cleanup: { readonly service: AlertCleanupService; readonly retentionDays: number; readonly everyHours?: number };
}

/** A job running this long has lost its process: another process takes it up again. */
const EXPIRE_SECONDS = 5 * 60;
const DAY_SECONDS = 24 * 60 * 60;

export interface AlertQueue {
  /** Moves what the outbox holds into the queue now: the relay's loop does this on its own. */
  relay(): Promise<number>;
  /** Removes finished work now: the clean-up's loop does this on its own. */
  cleanUp(): Promise<Removed>;
  stop(): Promise<void>;
}

/**
 * pg-boss's statements through the handle's own Kysely instance (without its column-name plugin), so
 * that on PGlite's single connection they wait their turn like any query; its parameterless scripts
 * (schema creation, locked blocks) through `queryScript`, as pg-boss's own PGlite adapter does.
 */
function queueDatabase(handle: DatabaseHandle): Db {
  const statements = fromKysely(handle.db.withoutPlugins());
  return {
    async executeSql(text: string, values?: unknown[]) {
      if (values !== undefined && values.length > 0) return statements.executeSql(text, values);
      return { rows: (await handle.queryScript(text)).flat() };
    },
  };
}

/** Jobs in one queue by state, as pg-boss's monitor last counted them (docs/deployment.md, "Metrics"). */
export interface QueueDepth {
  readonly queue: string;
  /** Waiting for a later start: clocks not yet due, retries in their backoff. */
  readonly deferred: number;
  readonly ready: number;
  readonly active: number;
  /** Jobs given up after their last try, while pg-boss keeps them. */
  readonly failed: number;
}

/**
 * Reads the alert queues' depths through pg-boss's own API, without starting it: a web instance
 * that runs no workers reports them too. Before any worker has created the queues, there are none.
 */
export function queueDepthReader(handle: DatabaseHandle): () => Promise<QueueDepth[]> {
  const boss = new PgBoss({ db: queueDatabase(handle), backend: handle.engine === 'pglite' ? 'pglite' : 'postgres', schema: SCHEMA });
  return async () =>
    (await boss.getQueues(Object.values(QUEUES))).map((queue) => ({
      queue: queue.name,
      deferred: queue.deferredCount,
      ready: queue.readyCount,
      active: queue.activeCount,
      failed: queue.failedCount,
    }));
}

export async function startAlertQueue(handle: DatabaseHandle, options: AlertQueueOptions): Promise<AlertQueue> {
  const { alerts, delivery, log } = options;
  const polling = options.pollingSeconds ?? 2;
  const boss = new PgBoss({
    db: queueDatabase(handle),
    backend: handle.engine === 'pglite' ? 'pglite' : 'postgres',
    schema: SCHEMA,
    supervise: true,
    schedule: false,
    monitorIntervalSeconds: options.monitorSeconds ?? 60,
    superviseIntervalSeconds: options.monitorSeconds ?? 60,
  });
  boss.on('error', (error) => {
    log.error({ err: error, code: 'ALERT_QUEUE_ERROR' }, 'The alert queue met an error; it carries on');
  });
  await boss.start();
  const queue = {
    retryLimit: RETRY_LIMIT,
    retryDelay: options.retryDelaySeconds ?? 30,
    retryBackoff: true,
    retryDelayMax: 3600,
    expireInSeconds: options.expireSeconds ?? EXPIRE_SECONDS,
    // The clean-up removes (and counts) finished jobs with their outbox rows; pg-boss's own sweep keeps
    // them a day longer, only as a backstop for a job whose outbox row has gone some other way.
    deleteAfterSeconds: (options.cleanup.retentionDays + 1) * DAY_SECONDS,
  };
  for (const name of Object.values(QUEUES)) {
    await boss.createQueue(name, queue);
    // A queue made by an earlier version keeps its settings unless told: these are the settings now.
    await boss.updateQueue(name, queue);
  }

  async function relay(): Promise<number> {
    return handle.db.transaction().execute(async (trx) => {
      const rows = await lockPendingOutbox(trx, RELAY_BATCH);
      // The job is written in the relay's transaction: the row is marked queued only if its job is.
      const db = fromKysely(trx.withoutPlugins());
      for (const row of rows) {
        await boss.send(QUEUES[row.kind], row.payload as object, { id: row.id, startAfter: new Date(row.runAt), db });
      }
      await markQueued(
        trx,
        rows.map((row) => row.id),
        new Date().toISOString(),
      );
      return rows.length;
    });
  }

  // A job's id is its outbox row's: the clean-up removes both in one transaction, through pg-boss's own API.
  const finishedJobs: FinishedJobs = {
    async remove(trx, jobs) {
      const db = fromKysely(trx.withoutPlugins());
      let removed = 0;
      for (const [kind, name] of Object.entries(QUEUES)) {
        const ids = jobs.filter((job) => job.kind === kind).map((job) => job.id);
        if (ids.length === 0) continue;
        // pg-boss answers { jobs, requested, affected }, though its type declares none of them.
        const response: { affected?: unknown } = await boss.deleteJob(name, ids, { db });
        if (typeof response.affected === 'number') removed += response.affected;
      }
      return removed;
    },
  };
  const cleanUp = () => options.cleanup.service.removeFinished({ retentionDays: options.cleanup.retentionDays, jobs: finishedJobs });

  // Each job's data is what the outbox row held: ids only, as the alert service wrote it.
  const work = async (kind: Kind, handle: (data: never, final: boolean) => Promise<unknown>) =>
    boss.work(QUEUES[kind], { pollingIntervalSeconds: polling, batchSize: 1, includeMetadata: true }, async (jobs) => {
      for (const job of jobs) {
        try {
          await handle(job.data as never, job.retryCount >= job.retryLimit);
        } catch (error) {
          // Logged without the job's data: it holds ids only, but the error may quote an address.
          log.warn({ code: 'ALERT_JOB_FAILED', queue: QUEUES[kind], retryCount: job.retryCount }, 'An alert job failed; it will be tried again');
          throw error;
        }
      }
    });
  await work('deliver', (data: { alertId: string }) => delivery.plan(data.alertId));
  await work('send', (data: { deliveryId: string }, final) => delivery.send(data.deliveryId, { final }));
  await work('clock', (data: { rule: string; subject: Subject }) => alerts.clockDue(data));
  await work('escalate', (data: { alertId: string }) => alerts.escalationDue(data));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const loop = async () => {
    try {
      // Drain the outbox, then wait for the next poll.
      while (!stopped && (await relay()) === RELAY_BATCH);
    } catch (error) {
      log.error({ err: error, code: 'ALERT_RELAY_FAILED' }, 'The alert outbox could not be moved to the queue; it will be tried again');
    }
    if (!stopped) timer = setTimeout(() => void loop(), polling * 1000);
  };
  void loop();

  let cleanupTimer: NodeJS.Timeout | undefined;
  let cleaning = Promise.resolve();
  const cleanupLoop = async () => {
    try {
      const removed = await cleanUp();
      if (removed.outboxRows > 0) log.info({ code: 'ALERT_CLEANUP', ...removed }, 'Removed alert work finished before the retention period');
    } catch (error) {
      log.error({ err: error, code: 'ALERT_CLEANUP_FAILED' }, 'Finished alert work could not be removed; it will be tried again');
    }
    if (!stopped)
      cleanupTimer = setTimeout(
        () => {
          cleaning = cleanupLoop();
        },
        (options.cleanup.everyHours ?? 24) * 3_600_000,
      );
  };
  cleaning = cleanupLoop();

  return {
    relay,
    cleanUp,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(cleanupTimer);
      await cleaning;
      await boss.stop({ graceful: true, close: false });
    },
  };
}
