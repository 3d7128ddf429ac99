import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AlertRaiser } from './alert-service.ts';
import type { AuditLog } from './audit-log.ts';

/** Side effects a service may use, injected so tests can pass fakes. */
export interface CoreDeps {
  readonly db: Kysely<Database>;
  /**
   * Where the statements docs/deployment.md names as read-only may run (statistics, search): a replica's
   * pool when DATABASE_READ_URL is set, otherwise `db`. Never written through.
   */
  readonly readDb?: Kysely<Database>;
  /** The current moment as an ISO instant. */
  readonly now: () => string;
  readonly newId: () => string;
}

export interface ServiceDeps extends CoreDeps {
  /** Appends to the tamper-evident audit trail, inside the caller's transaction. */
  readonly audit: AuditLog;
  /** Raises the alerts a change sets off, inside the change's transaction (createServices always gives one). */
  readonly alerts?: AlertRaiser;
}
