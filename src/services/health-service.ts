import type { Kysely } from 'kysely';
import { databaseUnavailableReason } from '../db/errors.ts';
import { pendingMigrations } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';

/** Whether this instance should be sent traffic: its database answers and has every migration. */
export type Readiness =
  | { readonly ready: true; readonly pendingMigrations: 0 }
  | { readonly ready: false; readonly reason: 'database-unreachable' | 'database-error' | 'migrations-pending'; readonly pendingMigrations?: number };

export function createHealthService({ db }: { readonly db: Kysely<Database> }) {
  return {
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

export type HealthService = ReturnType<typeof createHealthService>;
