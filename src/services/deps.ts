import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Side effects a service may use, injected so tests can pass fakes. */
export interface ServiceDeps {
  readonly db: Kysely<Database>;
  /** The current moment as an ISO instant. */
  readonly now: () => string;
  readonly newId: () => string;
}
