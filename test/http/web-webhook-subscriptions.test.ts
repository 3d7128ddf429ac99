import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, tableRows } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, HOME_OF, KENT, MEDWAY } from './api-helpers.ts';

// Webhook subscriptions on the web (issue 14 item 3): an organisation's administrators list them, add one
// (its secret shown once) and stop one; nobody else sees them, and another organisation's is "Page not found".

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
}, 60_000);
afterAll(async () => {
  await t.close();
});

const admin = async (organisation = KENT) => (await signedInClient(t.app, t.services, organisation, 'organisation_administrator')).client;

describe('webhook subscriptions', () => {
  it('lets an administrator add one, shows its secret once, and audits it without the secret', async () => {
    const client = await admin();
    expect((await client.get('/webhook-subscriptions')).body).toContain('Your organisation has no webhook subscriptions.');
    await client.get('/webhook-subscriptions/new');
    const added = await client.post('/webhook-subscriptions/new', { url: ' https://cases.kent.example.gov.uk/lantern ', description: 'Case system' });
    expect(added.statusCode).toBe(200);
    expect(added.headers['cache-control']).toBe('no-store');
    const secret = /data-qa="webhook-secret"[^>]*>(whsec_[A-Za-z0-9+/=]+)</.exec(added.body)?.[1];
    expect(secret).toBeDefined();
    const list = await client.get('/webhook-subscriptions');
    expect(tableRows(list.body).map((row) => row.slice(0, 2))).toEqual([['https://cases.kent.example.gov.uk/lantern', 'Case system']]);
    expect(list.body).not.toContain(secret);
    const stored = await t.handle.db.selectFrom('webhookSubscription').selectAll().execute();
    expect(stored).toMatchObject([{ organisationCode: KENT, secret, disabledAt: null }]);
    const audit = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'details'])
      .where('entity', '=', 'webhookSubscription')
      .where('action', '=', 'CREATE')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('names each field that is wrong and adds nothing', async () => {
    const client = await admin(MEDWAY);
    await client.get('/webhook-subscriptions/new');
    const refused = await client.post('/webhook-subscriptions/new', { url: 'http://cases.medway.example.gov.uk', description: '' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummaryOf(refused.body)).toEqual([
      { href: '#url', text: 'Enter an address that starts with https://, like https://cases.example.gov.uk/lantern' },
      { href: '#description', text: 'Enter what the subscription is for, like “Case management system”' },
    ]);
    expect(await t.handle.db.selectFrom('webhookSubscription').select('id').where('organisationCode', '=', MEDWAY).execute()).toEqual([]);
  });

  it('stops one for its own organisation only', async () => {
    const [subscription] = await t.handle.db.selectFrom('webhookSubscription').select('id').where('organisationCode', '=', KENT).execute();
    const medway = await admin(MEDWAY);
    expect((await medway.get(`/webhook-subscriptions/${subscription!.id}/stop`)).statusCode).toBe(404);
    await medway.get('/webhook-subscriptions');
    expect((await medway.post(`/webhook-subscriptions/${subscription!.id}/stop`, {})).statusCode).toBe(404);
    const kent = await admin();
    expect((await kent.get(`/webhook-subscriptions/${subscription!.id}/stop`)).body).toContain('Stop sending alerts to this system?');
    const stopped = await kent.post(`/webhook-subscriptions/${subscription!.id}/stop`, {});
    expect(stopped.statusCode).toBe(303);
    expect((await kent.get('/webhook-subscriptions')).body).toContain('Your organisation has no webhook subscriptions.');
    const row = await t.handle.db.selectFrom('webhookSubscription').select('disabledAt').where('id', '=', subscription!.id).executeTakeFirstOrThrow();
    expect(row.disabledAt).not.toBeNull();
    expect((await kent.get(`/webhook-subscriptions/${subscription!.id}/stop`)).statusCode).toBe(404);
  });

  it.each(ROLES.filter((role) => role !== 'organisation_administrator'))('tells a %s the pages are not found', async (role) => {
    const { client } = await signedInClient(t.app, t.services, HOME_OF[role], role);
    expect((await client.get('/webhook-subscriptions')).statusCode).toBe(404);
    expect((await client.get('/webhook-subscriptions/new')).statusCode).toBe(404);
  });
});
