import type { Kysely } from 'kysely';
import { deleteOutbox, lockFinishedOutbox } from '../db/repositories/alert-repository.ts';
import type { OutboxJob } from '../db/repositories/alert-repository.ts';
import type { Database } from '../db/schema.ts';
import { addHours } from '../domain/dates.ts';
import { LANTERN_AS_ACTOR } from './audit-log.ts';
import type { ServiceDeps } from './deps.ts';

// Removing what the alert queue has long finished with (issue 14): the outbox rows and the queue's jobs
// of deliveries, clocks and escalations whose moment passed more than the retention period ago. The
// alerts themselves, and the record of each message sent (`alert_delivery`, with its Notify
// reference), are kept: they are the history of who was told what, and when.

/** Rows a transaction removes at most, so that no one transaction holds many locks for long. */
const BATCH = 5000;

/** The queue's jobs of these outbox rows, removed in the caller's transaction: the job queue passes pg-boss's, tests a fake. */
export interface FinishedJobs {
  remove(trx: Kysely<Database>, jobs: readonly OutboxJob[]): Promise<number>;
}

export interface Removed {
  readonly outboxRows: number;
  readonly queueJobs: number;
}

export function createAlertCleanupService(deps: ServiceDeps) {
  return {
    /**
     * Removes the outbox rows (and their jobs) due and queued more than `retentionDays` ago, in batches,
     * each batch with an audit event that counts it. Safe to run on several workers at once.
     */
    async removeFinished(options: { readonly retentionDays: number; readonly jobs: FinishedJobs }): Promise<Removed> {
      const before = addHours(deps.now(), -24 * options.retentionDays);
      let total: Removed = { outboxRows: 0, queueJobs: 0 };
      for (;;) {
        const batch = await deps.db.transaction().execute(async (trx) => {
          const rows = await lockFinishedOutbox(trx, before, BATCH);
          const removed = {
            queueJobs: await options.jobs.remove(trx, rows),
            outboxRows: await deleteOutbox(
              trx,
              rows.map((row) => row.id),
            ),
          };
          if (removed.outboxRows > 0)
            await deps.audit.append(trx, {
              ...LANTERN_AS_ACTOR,
              action: 'DELETE',
              entity: 'alertOutbox',
              details: { ...removed, finishedBefore: before, retentionDays: options.retentionDays },
            });
          return removed;
        });
        total = { outboxRows: total.outboxRows + batch.outboxRows, queueJobs: total.queueJobs + batch.queueJobs };
        if (batch.outboxRows < BATCH) return total;
      }
    },
  };
}

export type AlertCleanupService = ReturnType<typeof createAlertCleanupService>;
