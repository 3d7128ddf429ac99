import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from './db/client.ts';
import { createServices } from './services/index.ts';
import type { Services } from './services/index.ts';

/** The real clock and id source; tests pass their own. */
export function createRuntimeServices(handle: DatabaseHandle, options: { sessionIdleMinutes?: number; breakGlassPerDay?: number } = {}): Services {
  return createServices(
    { db: handle.db, readDb: handle.readDb, now: () => new Date().toISOString(), newId: randomUUID },
    { idleTimeoutMinutes: options.sessionIdleMinutes ?? 30, ...(options.breakGlassPerDay === undefined ? {} : { breakGlassPerDay: options.breakGlassPerDay }) },
  );
}
