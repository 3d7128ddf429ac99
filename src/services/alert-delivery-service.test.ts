import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { reportKentChildMissing, subscribeKent } from '../../test/helpers/alert-delivery-process.ts';
import { fakeServer, until, verifiedWebhookId } from '../../test/helpers/fake-server.ts';
import type { FakeServer } from '../../test/helpers/fake-server.ts';
import { KENT } from '../../test/helpers/organisations.ts';
import { openServices, person } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createAlertChannels } from '../queue/alert-channels.ts';
import { queueDepthReader, startAlertQueue } from '../queue/alert-queue.ts';
import type { AlertQueue } from '../queue/alert-queue.ts';
import { createAlertDeliveryService } from './alert-delivery-service.ts';
import type { Services } from './index.ts';

// Delivery beyond the inbox (issue 14 item 3), through the job queue on the test's own engine: email
// and text messages to a fake GOV.UK Notify, and Standard Webhooks to a receiver that checks each
// signature and drops a repeat by its webhook-id. A channel that fails is tried again with the same
// id; it never fails the change that raised the alert, and never loses the alert.

const SECRET = `whsec_${Buffer.from('a shared secret of thirty-two bytes!').toString('base64')}`;
const NOTIFY_KEY = `lantern_test-${randomUUID()}-${randomUUID()}`;

let handle: DatabaseHandle;
let services: Services;
let queue: AlertQueue;
let notify: FakeServer;
let receiver: FakeServer;
let notifyDown = false;
/** What the receiver has taken in, by webhook-id: a repeat is dropped, as the specification asks. */
const accepted = new Map<string, unknown>();
const firstTries = new Set<string>();

// The fake clock starts at the real time, so that the queue's clocks (real time) and the services' agree.
const clock = createFakeClock(new Date().toISOString());
const kentWorker = person(KENT, 'social_worker');

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true }));
  notify = await fakeServer(() => (notifyDown ? 500 : 201));
  receiver = await fakeServer((request) => {
    const id = verifiedWebhookId(request, SECRET);
    if (id === null) return 401;
    // The first try of each message fails after the receiver has taken it in: the sender cannot tell, and sends it again.
    if (!accepted.has(id)) accepted.set(id, JSON.parse(request.body));
    if (!firstTries.has(id)) {
      firstTries.add(id);
      return 503;
    }
    return 204;
  });
  const delivery = createAlertDeliveryService({
    db: handle.db,
    now: clock.now,
    newId: randomUUID,
    baseUrl: 'https://lantern.example.gov.uk',
    channels: createAlertChannels({ apiKey: NOTIFY_KEY, emailTemplateId: randomUUID(), smsTemplateId: randomUUID(), baseUrl: notify.url }),
  });
  const at = clock.now();
  await handle.db
    .insertInto('alertContact')
    .values({
      organisationCode: KENT,
      post: 'duty',
      userId: null,
      email: 'duty.team@kent.example.gov.uk',
      mobile: '07700900123',
      updatedAt: at,
      updatedBy: 'test',
    })
    .execute();
  await subscribeKent(handle.db, `${receiver.url}/lantern`, SECRET, at);
  queue = await startAlertQueue(handle, {
    alerts: services.alerts,
    delivery,
    log: pino({ level: 'silent' }),
    pollingSeconds: 0.5,
    retryDelaySeconds: 1,
    cleanup: { service: services.alertCleanup, retentionDays: 30 },
  });
});
afterAll(async () => {
  await queue.stop();
  await notify.close();
  await receiver.close();
  await handle.close();
});

/** A Kent child placed in Kent, missing since `hoursAgo` hours before now. */
async function reportMissing(hoursAgo = 1): Promise<string> {
  return reportKentChildMissing(services, kentWorker, new Date(Date.parse(clock.now()) - hoursAgo * 3_600_000).toISOString());
}

const deliveriesOf = (childId: string) =>
  handle.db
    .selectFrom('alertDelivery as d')
    .innerJoin('alert as a', 'a.id', 'd.alertId')
    .select(['d.id', 'd.channel', 'd.deliveredAt', 'd.attempts', 'd.lastError', 'a.recipient'])
    .where('a.childId', '=', childId)
    .execute();

describe('delivering an alert', () => {
  it('emails the duty team’s mailbox and texts the duty phone through Notify, with no detail of the child', async () => {
    const childId = await reportMissing();
    await until(
      async () => (await deliveriesOf(childId)).filter((d) => d.channel !== 'webhook' && d.deliveredAt !== null).length >= 2,
      'the email and the text message',
    );
    const sent = notify.received.filter((request) => request.body.includes('Deliverytest') || request.body.includes(childId));
    expect(sent).toEqual([]);
    const email = notify.received.find((request) => request.path === '/v2/notifications/email' && request.body.includes('duty.team@kent.example.gov.uk'));
    expect(JSON.parse(email!.body)).toMatchObject({
      personalisation: {
        title: 'A child has been reported missing',
        link: expect.stringMatching(/^https:\/\/lantern\.example\.gov\.uk\/alerts\/[0-9a-f-]{36}$/) as unknown,
      },
    });
    expect(email!.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(notify.received.some((request) => request.path === '/v2/notifications/sms' && request.body.includes('07700900123'))).toBe(true);
  });

  it('signs each webhook, and sends it again with the same id after a failure, so the receiver takes it once', async () => {
    const childId = await reportMissing();
    await until(async () => (await deliveriesOf(childId)).some((d) => d.channel === 'webhook' && d.deliveredAt !== null), 'the webhook');
    const [webhook] = (await deliveriesOf(childId)).filter((d) => d.channel === 'webhook');
    expect(webhook).toMatchObject({ attempts: 2, lastError: null });
    const tries = receiver.received.filter((request) => request.headers['webhook-id'] === webhook!.id);
    expect(tries.length).toBe(2);
    expect(accepted.get(webhook!.id)).toMatchObject({ type: 'alert.missing_reported', data: { id: webhook!.id, childId } });
  });

  it('never fails the change when Notify is down, and keeps trying while the alert waits in the inbox', async () => {
    notifyDown = true;
    const childId = await reportMissing();
    expect((await services.alerts.inbox(kentWorker, { open: true, page: 1 })).ok).toBe(true);
    await until(async () => (await deliveriesOf(childId)).some((d) => d.channel === 'email' && d.lastError === 'Notify answered 500'), 'a failed email');
    notifyDown = false;
    await until(
      async () => (await deliveriesOf(childId)).filter((d) => d.channel === 'email').every((d) => d.deliveredAt !== null),
      'the email, once Notify is back',
    );
  });

  it('runs a clock when it comes due, raising the alert only while it is owed', async () => {
    // A child missing since 25 hours ago: the 24-hour clock is already due, the 72-hour one is not.
    const childId = await reportMissing(25);
    await until(
      async () => (await handle.db.selectFrom('alert').select('id').where('childId', '=', childId).where('rule', '=', 'MISSING_24_HOURS').execute()).length > 0,
      'the 24-hour alert',
    );
    expect(await handle.db.selectFrom('alert').select('id').where('childId', '=', childId).where('rule', '=', 'MISSING_72_HOURS').execute()).toEqual([]);
  });

  it('reports each alert queue’s depth by state through pg-boss, for the metrics', async () => {
    const depths = await queueDepthReader(handle)();
    expect(depths.map((depth) => depth.queue).sort()).toEqual(['alert-clock', 'alert-deliver', 'alert-escalate', 'alert-send']);
    for (const depth of depths) {
      for (const state of ['deferred', 'ready', 'active', 'failed'] as const) expect(depth[state]).toBeGreaterThanOrEqual(0);
    }
  });
  // Last: it moves the services' clock on a month, past every other test's work.
  it('removes delivered work and its jobs from the outbox and the queue once the retention period is over', async () => {
    const childId = await reportMissing();
    const jobOf = async (id: string) => (await sql<{ state: string }>`select state from lantern_queue.job where id = ${id}::uuid`.execute(handle.db)).rows[0];
    let sent: { id: string } | undefined;
    await until(async () => {
      const delivered = (await deliveriesOf(childId)).filter((d) => d.channel === 'email' && d.deliveredAt !== null).map((d) => d.id);
      sent = await handle.db
        .selectFrom('alertOutbox')
        .select('id')
        .where('kind', '=', 'send')
        .where(sql<string>`payload->>'deliveryId'`, 'in', delivered.length > 0 ? delivered : [''])
        .executeTakeFirst();
      return sent !== undefined && (await jobOf(sent.id))?.state === 'completed';
    }, 'a sent email’s job completed');
    clock.advanceHours(31 * 24);
    const removed = await queue.cleanUp();
    expect(removed.outboxRows).toBeGreaterThan(0);
    expect(removed.queueJobs).toBe(removed.outboxRows);
    expect(await jobOf(sent!.id)).toBeUndefined();
    expect(await handle.db.selectFrom('alertOutbox').select('id').where('id', '=', sent!.id).execute()).toEqual([]);
    // The record of the message stays, with its id (the Notify reference).
    expect((await deliveriesOf(childId)).filter((d) => d.channel === 'email' && d.deliveredAt !== null).length).toBeGreaterThan(0);
  });
});
