import type { Kysely } from 'kysely';
import { databaseUnavailableReason } from '../db/errors.ts';
import { pendingMigrations } from '../db/migrate.ts';
import { pastClockByAuthority, pendingOutboxCount } from '../db/repositories/alert-repository.ts';
import type { Database } from '../db/schema.ts';

/** Whether this instance should be sent traffic: its database answers and has every migration. */
export type Readiness =
  | { readonly ready: true; readonly pendingMigrations: 0 }
  | { readonly ready: false; readonly reason: 'database-unreachable' | 'database-error' | 'migrations-pending'; readonly pendingMigrations?: number };

/** Work waiting across the whole service, the same whichever instance reads it (docs/deployment.md, "Metrics"). */
export interface Workload {
  /** Alert outbox rows not yet moved into the job queue. */
  readonly outboxPending: number;
  /** Unacknowledged alerts past their clock, by responsible authority (authorities with none left out). */
  readonly alertsPastClock: readonly { readonly authorityCode: string; readonly pastClock: number }[];
}

export function createHealthService({ db, now }: { readonly db: Kysely<Database>; readonly now: () => string }) {
  return {
    /** Totals only, with no actor: read for /metrics, which no person sees. */
    async workload(): Promise<Workload> {
      const [outboxPending, authorities] = await Promise.all([pendingOutboxCount(db), pastClockByAuthority(db, now())]);
      return {
        outboxPending,
        alertsPastClock: authorities.filter((row) => row.pastClock > 0).map(({ authorityCode, pastClock }) => ({ authorityCode, pastClock })),
      };
    },

    async readiness(): Promise<Readiness> {
      let pending: readonly string[];
      try {
        pending = await pendingMigrations(db);
      } catch (error) {
        return { ready: false, reason: databaseUnavailableReason(error) === undefined ? 'database-error' : 'database-unreachable' };
      }
      return pending.length === 0 ? { ready: true, pendingMigrations: 0 } : { ready: false, reason: 'migrations-pending', pendingMigrations: pending.length };
    },
  };
}
