import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reportKentChildMissing, startDelivering, subscribeKent } from '../../test/helpers/alert-delivery-process.ts';
import { createDatabase, databaseUrl, dropDatabase } from '../../test/helpers/database-template.ts';
import { fakeServer, until, verifiedWebhookId } from '../../test/helpers/fake-server.ts';
import type { FakeServer } from '../../test/helpers/fake-server.ts';
import { nodeProcessUntil } from '../../test/helpers/node-process.ts';
import { KENT } from '../../test/helpers/organisations.ts';
import { createTestDataFolder } from '../../test/helpers/test-database.ts';
import { openDatabase } from '../db/client.ts';
import type { DatabaseHandle, DatabaseLocation } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from './index.ts';

// A process killed mid-delivery (issue 14 item 3): the receiver has taken a webhook in, but its answer
// never reaches the sender, whose process is killed. The next process on the same database takes the job
// up again and sends the message with the same webhook-id, so a receiver that drops repeats by
// webhook-id, as Standard Webhooks asks, has each alert exactly once. On the test's own engine: a
// PGlite data folder, or a database on the PostgreSQL server.

const SECRET = `whsec_${Buffer.from('a shared secret of thirty-two bytes!').toString('base64')}`;
const PROCESS = path.join(import.meta.dirname, '../../test/helpers/alert-delivery-process.ts');

let receiver: FakeServer;
/** Each message the receiver has acted on, by webhook-id: once each, however often it comes. */
const taken = new Set<string>();
let answering = false;
const cleanUp: (() => Promise<void>)[] = [];

beforeAll(async () => {
  receiver = await fakeServer((request) => {
    const id = verifiedWebhookId(request, SECRET);
    if (id === null) return 401;
    taken.add(id);
    // The first message is taken in and never answered: its sender is killed while it waits.
    if (!answering) return null;
    return 204;
  });
});
afterAll(async () => {
  await receiver.close();
  for (const step of cleanUp.reverse()) await step();
});

/** A database that outlives a process: a data folder for PGlite, or a database of its own on PostgreSQL. */
async function durableDatabase(): Promise<DatabaseLocation> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-crash-'));
  cleanUp.push(() => rm(dataDir, { recursive: true, force: true }));
  if (await createTestDataFolder(dataDir)) return { engine: 'pglite', dataDir };
  const template = inject('databaseTemplate');
  if (template.engine !== 'postgres') throw new Error('The template is neither engine');
  const name = `lantern_test_${randomBytes(6).toString('hex')}`;
  await createDatabase(template.serverUrl, name, template.name);
  cleanUp.push(() => dropDatabase(template.serverUrl, name));
  return { engine: 'postgres', url: databaseUrl(template.serverUrl, name), poolSize: 5 };
}

/** With no queue running: Kent's case system subscribed, and a Kent child reported missing, which raises alerts to Kent. */
async function reportMissing(location: DatabaseLocation): Promise<void> {
  const handle = await openDatabase(location);
  try {
    const now = () => new Date().toISOString();
    const services = createServices({ db: handle.db, now, newId: randomUUID });
    await subscribeKent(handle.db, `${receiver.url}/lantern`, SECRET, now());
    const worker: Actor = { id: randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    await reportKentChildMissing(services, worker, new Date(Date.now() - 3_600_000).toISOString());
  } finally {
    await handle.close();
  }
}

/** Kent's alerts, and each webhook delivery made for them. */
async function deliveries(handle: DatabaseHandle) {
  const alerts = await handle.db.selectFrom('alert').select('id').where('organisationCode', '=', KENT).execute();
  const webhooks = await handle.db.selectFrom('alertDelivery').select(['id', 'deliveredAt']).where('channel', '=', 'webhook').execute();
  return { alerts: alerts.length, webhooks };
}

describe('a process killed mid-delivery', () => {
  it('sends the message again with the same webhook-id, so a receiver that drops repeats has each alert exactly once', async () => {
    const location = await durableDatabase();
    await reportMissing(location);
    const first = await nodeProcessUntil(
      `import { startDelivering } from ${JSON.stringify(PROCESS)}; await startDelivering(${JSON.stringify(location)}); console.log('delivering'); setInterval(() => {}, 60_000);`,
      'delivering',
    );
    await until(() => receiver.received.length > 0, 'the first webhook to reach the receiver');
    first.kill('SIGKILL');
    await once(first, 'exit');
    const cut = String(receiver.received[0]?.headers['webhook-id']);
    expect(taken).toEqual(new Set([cut]));

    answering = true;
    const next = await startDelivering(location);
    try {
      await until(async () => {
        const { alerts, webhooks } = await deliveries(next.handle);
        return alerts > 0 && webhooks.length === alerts && webhooks.every((webhook) => webhook.deliveredAt !== null);
      }, 'every alert’s webhook to be delivered');
      const { webhooks } = await deliveries(next.handle);
      // The message cut off was sent again, with its own id; the receiver acted on each message once.
      expect(receiver.received.filter((request) => request.headers['webhook-id'] === cut).length).toBeGreaterThanOrEqual(2);
      expect(webhooks.map((webhook) => webhook.id).sort()).toEqual([...taken].sort());
      expect(webhooks.length).toBeGreaterThanOrEqual(2);
    } finally {
      await next.queue.stop();
      await next.handle.close();
    }
  }, 240_000);
});
