import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import { postHolder } from '../../src/db/repositories/alert-repository.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, selectedOf, summaryOf, textOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, HOME_OF, KENT, MEDWAY } from './api-helpers.ts';

// "Who holds each post" through app.inject (issue 14): an authority's organisation administrators and team
// managers set the duty team's mailbox and phone and who holds the head of service's and the director's
// posts, by a question page, check your answers and save; each change is audited with before and after,
// bad answers are named on their question and change nothing, and anyone else gets "Page not found".

let t: TestApp;
let admin: WebClient;
let manager: WebClient;
let managerId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  admin = (await signedInClient(t.app, t.services, KENT, 'organisation_administrator')).client;
  const signedManager = await signedInClient(t.app, t.services, KENT, 'team_manager');
  manager = signedManager.client;
  managerId = signedManager.userId;
}, 60_000);
afterAll(async () => {
  await t.close();
});

/** Answers the question page, then saves from check your answers. */
async function complete(client: WebClient, url: string, answers: Record<string, string>) {
  const check = await client.post(url, { ...answers, intent: 'continue' });
  const saved = await client.post(url, { ...hiddenFieldsOf(check.body), intent: 'save' });
  return { check, saved };
}

const contactsAudit = () =>
  t.handle.db
    .selectFrom('auditEvent')
    .select(['action', 'entityId', 'details'])
    .where('entity', '=', 'alertContact')
    .where('action', 'in', ['CREATE', 'CHANGE'])
    .orderBy('seq')
    .execute();

describe('who holds each post', () => {
  it('lets an organisation administrator set the duty team’s mailbox and phone, with check your answers, audited', async () => {
    const rules = await admin.get('/alert-rules');
    expect(rules.body).toContain('href="/alert-contacts"');
    const list = await admin.get('/alert-contacts');
    expect(list.statusCode).toBe(200);
    expect(titleOf(list.body)).toBe('Who holds each post – Lantern');
    expect(textOf(list.body)).toContain('Team mailbox None Duty phone None Last changed Never set');
    const page = await admin.get('/alert-contacts/duty');
    expect(page.statusCode).toBe(200);
    const { check, saved } = await complete(admin, '/alert-contacts/duty', { email: ' duty.team@kent.example.gov.uk ', mobile: '+44 7700 900123' });
    expect(summaryOf(check.body)).toEqual({ 'Team mailbox': 'duty.team@kent.example.gov.uk', 'Duty phone': '07700 900123' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/alert-contacts?saved=duty');
    const after = await admin.get(saved.headers.location!);
    expect(textOf(after.body)).toContain('Contacts saved for the duty team');
    expect(textOf(after.body)).toContain('Team mailbox duty.team@kent.example.gov.uk Duty phone 07700 900123');
    const stored = await t.handle.db.selectFrom('alertContact').select(['post', 'userId', 'email', 'mobile']).where('organisationCode', '=', KENT).execute();
    expect(stored).toEqual([{ post: 'duty', userId: null, email: 'duty.team@kent.example.gov.uk', mobile: '07700900123' }]);
    expect(await contactsAudit()).toEqual([
      { action: 'CREATE', entityId: 'duty', details: expect.objectContaining({ email: expect.anything(), mobile: expect.anything() }) as unknown },
    ]);
  });

  it('lets a team manager name the head of service, and audits the change with before and after', async () => {
    const page = await manager.get('/alert-contacts/head-of-service');
    expect(page.body).toContain(`value="${managerId}"`);
    expect(selectedOf(page.body, 'holderId')).toBe('');
    const { check, saved } = await complete(manager, '/alert-contacts/head-of-service', { holderId: managerId, mobile: '07700 900456' });
    expect(summaryOf(check.body)).toEqual({ 'Who holds the post': 'Test team manager', 'Their mobile phone': '07700 900456' });
    expect(saved.statusCode).toBe(303);
    expect(await postHolder(t.handle.db, KENT, 'head_of_service')).toBe(managerId);
    // Changing it again: the question page shows what is set, and the audit trail has both sides.
    expect(selectedOf((await manager.get('/alert-contacts/head-of-service')).body, 'holderId')).toBe(managerId);
    await complete(manager, '/alert-contacts/head-of-service', { holderId: '', mobile: '' });
    expect(await postHolder(t.handle.db, KENT, 'head_of_service')).toBeNull();
    const audited = await contactsAudit();
    expect(audited.slice(1).map((event) => [event.action, event.entityId])).toEqual([
      ['CREATE', 'head_of_service'],
      ['CHANGE', 'head_of_service'],
    ]);
    expect(JSON.stringify(audited[2]?.details)).toContain(managerId);
    expect(JSON.stringify(audited[2]?.details)).toContain('07700900456');
  });

  it('names each answer that is wrong, saying what to do, and changes nothing', async () => {
    const refused = await admin.post('/alert-contacts/duty', { email: 'duty team at kent', mobile: '01632 960123', intent: 'continue' });
    expect(errorSummaryOf(refused.body)).toEqual([
      { href: '#email', text: 'Enter the mailbox’s email address in the correct format, like duty.team@kent.gov.uk' },
      { href: '#mobile', text: 'Enter a UK mobile number, like 07700 900123: text messages cannot go to a landline' },
    ]);
    // A holder who is not one of the authority's team managers, even posted straight to save.
    const medwayManager = await signedInClient(t.app, t.services, MEDWAY, 'team_manager');
    const stranger = await admin.post('/alert-contacts/director', { holderId: medwayManager.userId, mobile: '', intent: 'save' });
    expect(errorSummaryOf(stranger.body)).toEqual([{ href: '#holderId', text: 'Select a team manager at your authority, or “Nobody”' }]);
    const stored = await t.handle.db.selectFrom('alertContact').select(['post', 'email']).where('organisationCode', '=', KENT).orderBy('post').execute();
    expect(stored).toEqual([
      { post: 'duty', email: 'duty.team@kent.example.gov.uk' },
      { post: 'head_of_service', email: null },
    ]);
  });

  it('keeps each authority’s posts to itself', async () => {
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'organisation_administrator')).client;
    expect(textOf((await medway.get('/alert-contacts')).body)).not.toContain('duty.team@kent.example.gov.uk');
  });

  it.each(ROLES.filter((role) => role !== 'organisation_administrator' && role !== 'team_manager'))('tells a %s the pages are not found', async (role) => {
    const { client } = await signedInClient(t.app, t.services, HOME_OF[role], role);
    expect((await client.get('/alert-contacts')).statusCode).toBe(404);
    expect((await client.get('/alert-contacts/duty')).statusCode).toBe(404);
    expect((await client.post('/alert-contacts/director', { holderId: '', mobile: '07700 900789', intent: 'save' })).statusCode).toBe(404);
    expect((await client.get('/alert-rules')).body).not.toContain('href="/alert-contacts"');
  });

  it('tells an administrator of an organisation that is not an authority the pages are not found', async () => {
    const police = (await signedInClient(t.app, t.services, HOME_OF.police_coordinator, 'organisation_administrator')).client;
    expect((await police.get('/alert-contacts')).statusCode).toBe(404);
  });
});
