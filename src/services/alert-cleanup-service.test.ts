import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportKentChildMissing } from '../../test/helpers/alert-delivery-process.ts';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { KENT } from '../../test/helpers/organisations.ts';
import { openServices, person } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { markQueued } from '../db/repositories/alert-repository.ts';
import type { OutboxJob } from '../db/repositories/alert-repository.ts';
import type { FinishedJobs } from './alert-cleanup-service.ts';
import type { Services } from './index.ts';

// Removing finished alert work (issue 14) on the test's clock: the outbox rows due and queued more than
// the retention period ago go, with their jobs (a fake queue here; alert-delivery-service.test.ts
// removes pg-boss's), and the audit trail counts them. Work still to come, or never queued, stays.

const clock = createFakeClock('2025-06-15T12:00:00Z');
const worker = person(KENT, 'social_worker');
let handle: DatabaseHandle;
let services: Services;

/** The queue, faked: it removes whatever it is given and remembers what. */
const removedJobs: OutboxJob[] = [];
const jobs: FinishedJobs = {
  remove(_trx, rows) {
    removedJobs.push(...rows);
    return Promise.resolve(rows.length);
  },
};

const outbox = () => handle.db.selectFrom('alertOutbox').select(['id', 'kind', 'runAt', 'queuedAt']).execute();
const cleanupEvents = () => handle.db.selectFrom('auditEvent').select(['actorId', 'entity', 'details']).where('action', '=', 'DELETE').execute();

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true }));
  // One child's alerts, delivered and their clocks started, relayed to the queue on 15 June; another's
  // written the same day and never relayed (no worker ran).
  await reportKentChildMissing(services, worker, clock.now());
  await markQueued(
    handle.db,
    (await outbox()).map((row) => row.id),
    clock.now(),
  );
  await reportKentChildMissing(services, worker, clock.now());
});
afterAll(async () => {
  await handle.close();
});

describe('removing finished alert work', () => {
  it('removes what was due and queued more than 30 days ago, with its jobs, and counts it in the audit trail', async () => {
    const before = await outbox();
    clock.set('2025-07-16T12:00:00Z');
    const cutOff = Date.parse('2025-06-16T12:00:00Z');
    const finished = before.filter((row) => row.queuedAt !== null && Date.parse(row.runAt) < cutOff);
    // The deliveries and escalations are finished; the child's 28-day clock, due on 13 July, is not yet 30 days past.
    expect(finished.map((row) => row.kind)).toContain('deliver');
    expect(before.some((row) => row.queuedAt !== null && row.kind === 'clock' && Date.parse(row.runAt) >= cutOff)).toBe(true);

    const removed = await services.alertCleanup.removeFinished({ retentionDays: 30, jobs });

    expect(removed).toEqual({ outboxRows: finished.length, queueJobs: finished.length });
    expect(removedJobs.map((job) => job.id).sort()).toEqual(finished.map((row) => row.id).sort());
    const kept = (await outbox()).map((row) => row.id).sort();
    expect(kept).toEqual(
      before
        .filter((row) => !finished.includes(row))
        .map((row) => row.id)
        .sort(),
    );
    expect(await cleanupEvents()).toEqual([
      {
        actorId: 'lantern',
        entity: 'alertOutbox',
        details: { outboxRows: finished.length, queueJobs: finished.length, finishedBefore: '2025-06-16T12:00:00.000Z', retentionDays: 30 },
      },
    ]);
  });

  it('removes nothing, and records nothing, when nothing more is old enough', async () => {
    const before = await outbox();
    expect(await services.alertCleanup.removeFinished({ retentionDays: 30, jobs })).toEqual({ outboxRows: 0, queueJobs: 0 });
    expect(await outbox()).toEqual(before);
    expect(await cleanupEvents()).toHaveLength(1);
  });

  it('keeps work for as long as the setting says', async () => {
    // A year's retention: the 28-day clock's row (due 13 July) and everything else stays.
    clock.set('2025-12-01T12:00:00Z');
    expect(await services.alertCleanup.removeFinished({ retentionDays: 365, jobs })).toEqual({ outboxRows: 0, queueJobs: 0 });
    clock.set('2025-08-13T12:00:00Z');
    const removed = await services.alertCleanup.removeFinished({ retentionDays: 30, jobs });
    expect(removed.outboxRows).toBeGreaterThan(0);
    // Only the rows never queued are left: they wait for a relay, however old.
    expect((await outbox()).every((row) => row.queuedAt === null)).toBe(true);
  });
});
