import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import pino from 'pino';
import { openDatabase } from '../../src/db/client.ts';
import type { DatabaseHandle, DatabaseLocation } from '../../src/db/client.ts';
import type { Database } from '../../src/db/schema.ts';
import { createAlertChannels } from '../../src/queue/alert-channels.ts';
import { startAlertQueue } from '../../src/queue/alert-queue.ts';
import type { AlertQueue } from '../../src/queue/alert-queue.ts';
import { createAlertDeliveryService } from '../../src/services/alert-delivery-service.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import type { Actor } from '../../src/domain/access/actor.ts';
import { KENT } from './organisations.ts';
import { value } from './result.ts';

// What the alert delivery tests start from: a Kent child reported missing, and what a Lantern process that
// delivers alerts runs (the database, the services and the job queue), for a test that kills one
// mid-delivery and starts another on the same database. Its timings are short: a job whose process died is
// taken up again 5 seconds after it started.

/** Kent's case system, told of Kent's alerts at `url`, each signed with `secret`. */
export async function subscribeKent(db: Kysely<Database>, url: string, secret: string, at: string): Promise<void> {
  await db
    .insertInto('webhookSubscription')
    .values({ id: randomUUID(), organisationCode: KENT, url, description: 'Case system', secret, createdAt: at, createdBy: 'test' })
    .execute();
}

/** A Kent child placed in Kent, reported missing at `startAt` by `worker`, which raises alerts to Kent. Returns the child's id. */
export async function reportKentChildMissing(services: Services, worker: Actor, startAt: string): Promise<string> {
  const childId = value(
    await services.children.addLookedAfterChild(worker, {
      laChildId: `DL-${randomUUID().slice(0, 8)}`,
      givenNames: 'Zara',
      familyName: 'Deliverytest',
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      upn: 'UN2',
    }),
  ).child.id;
  value(await services.children.addCarePeriod(worker, childId, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1', hostAuthorityCode: KENT }));
  value(await services.missingEpisodes.reportMissing(worker, childId, { type: 'M', startAt }));
  return childId;
}

export async function startDelivering(location: DatabaseLocation): Promise<{ handle: DatabaseHandle; queue: AlertQueue }> {
  const handle = await openDatabase(location);
  const now = () => new Date().toISOString();
  const services = createServices({ db: handle.db, now, newId: randomUUID });
  const delivery = createAlertDeliveryService({
    db: handle.db,
    now,
    newId: randomUUID,
    baseUrl: 'https://lantern.example.gov.uk',
    channels: createAlertChannels(null),
  });
  const queue = await startAlertQueue(handle, {
    alerts: services.alerts,
    delivery,
    log: pino({ level: 'silent' }),
    pollingSeconds: 0.5,
    retryDelaySeconds: 1,
    expireSeconds: 5,
    monitorSeconds: 1,
    cleanup: { service: services.alertCleanup, retentionDays: 30 },
  });
  return { handle, queue };
}
