import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hrefsOf, summaryOf, tableRows, textAt, textOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, errorsOf, KENT, KENT_POLICE, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The alerts inbox on the web and in the API (issue 14 item 2): each person sees their alerts, with the
// child only where they may see the child; one acknowledgement answers for the team; the action taken
// closes the alert; the rules page shows the authority's local protocol, which its team managers set.

let t: TestApp;
let kent: Api;
let childId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  childId = (await createLookedAfterChild(kent, { givenNames: 'Mira', familyName: 'Alertson' })).id;
  t.clock.set('2025-06-15T22:00:00Z');
  const episode = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-15T21:00:00Z' });
  expect(episode.status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

type Figure = { kind: string; value?: number; roundedTo?: number | null };

type AlertJson = {
  id: string;
  rule: string;
  recipient: string;
  version: number;
  child: { id: string; givenNames: string } | null;
  acknowledgedAt: string | null;
};

describe('the alerts API', () => {
  it('lists a person’s open alerts with the child, and one alert by id', async () => {
    const inbox = await kent('GET', '/alerts');
    expect(inbox.status).toBe(200);
    const items = inbox.body['items'] as AlertJson[];
    expect(items.map((item) => `${item.rule}:${item.recipient}`)).toEqual(['MISSING_REPORTED:responsible_duty']);
    expect(items[0]?.child).toMatchObject({ id: childId, givenNames: 'Mira' });
    expect(inbox.body).toMatchObject({ open: 1, unacknowledged: 1, total: 1, page: 1 });
    const one = await kent('GET', `/alerts/${items[0]!.id}`);
    expect(one.body).toMatchObject({ id: items[0]!.id, title: 'A child has been reported missing' });
  });

  it('lists a team manager’s team’s alerts nobody has acknowledged, and refuses anyone else with 404', async () => {
    const manager = apiClient(t.app, await t.token(KENT, 'team_manager'));
    const team = await manager('GET', '/alerts/team');
    expect(team.status).toBe(200);
    const items = team.body['items'] as AlertJson[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(['responsible_duty', 'responsible_team_managers', 'host_duty']).toContain(item.recipient);
      expect(item.acknowledgedAt).toBeNull();
    }
    expect(items.map((item) => item.child?.id)).toContain(childId);
    expect((await kent('GET', '/alerts/team')).status).toBe(404);
  });

  it('gives a national analyst the count past their clock by authority, disclosure-controlled, and nobody else', async () => {
    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const before = await t.handle.db.selectFrom('auditEvent').select('seq').where('entity', '=', 'alertsPastClock').execute();
    const response = await national('GET', '/alerts/past-clock');
    expect(response.status).toBe(200);
    expect(response.body['disclosure']).toEqual({ kind: 'controlled', threshold: 5, rounding: 10, perturbed: true });
    const rows = response.body['rows'] as { label: string; pastClock: Figure; unacknowledged: Figure }[];
    expect(rows.map((row) => row.label)).toContain('Kent');
    // Perturbed (by the children's record keys), a count from 1 to 4 is suppressed and any other rounded to 10.
    for (const figure of rows.flatMap((row) => [row.pastClock, row.unacknowledged])) {
      expect(figure.kind === 'suppressed' || (figure.kind === 'count' && figure.roundedTo === 10 && (figure.value ?? 1) % 10 === 0)).toBe(true);
    }
    expect(JSON.stringify(response.body)).not.toContain('Alertson');
    const after = await t.handle.db.selectFrom('auditEvent').select('seq').where('entity', '=', 'alertsPastClock').execute();
    expect(after.length).toBe(before.length + 1);
    expect((await kent('GET', '/alerts/past-clock')).status).toBe(404);
  });

  it('shows the police their force’s alert, and nobody else’s', async () => {
    const police = apiClient(t.app, await t.token(KENT_POLICE, 'police_coordinator'));
    const items = (await police('GET', '/alerts')).body['items'] as AlertJson[];
    expect(items.map((item) => item.recipient)).toEqual(['police']);
    const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    expect((await croydon('GET', '/alerts')).body['items']).toEqual([]);
    expect((await croydon('GET', `/alerts/${items[0]!.id}`)).status).toBe(404);
  });

  it('takes one acknowledgement, refuses a stale version with 409, and names the field of an empty action', async () => {
    const [alert] = (await kent('GET', '/alerts')).body['items'] as AlertJson[];
    expect((await kent('POST', `/alerts/${alert!.id}/acknowledge`, { version: alert!.version + 5 })).status).toBe(409);
    const answered = await kent('POST', `/alerts/${alert!.id}/acknowledge`, { version: alert!.version });
    expect(answered.status).toBe(200);
    expect(answered.body['acknowledgedAt']).toBe('2025-06-15T22:00:00.000Z');
    const empty = await kent('POST', `/alerts/${alert!.id}/action`, { action: ' ', version: answered.body['version'] });
    expect(empty.status).toBe(422);
    expect(errorsOf(empty).map((error) => error.field)).toEqual(['action']);
  });

  it('refuses a page that is not a number, naming the field', async () => {
    const response = await kent('GET', '/alerts?page=first');
    expect(response.status).toBe(400);
    expect(errorsOf(response).map((error) => error.field)).toEqual(['page']);
  });
});

describe('the alerts pages', () => {
  it('show a team manager their alerts, the team’s unacknowledged ones, and a count on My work', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const home = await client.get(paths.home);
    expect(textAt(home.body, '#open-alerts')).toMatch(/You have \d+ open alerts?/);
    const page = await client.get(paths.alerts);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Alerts – Lantern');
    const mine = tableRows(page.body, 'Your open alerts, those not yet acknowledged first');
    expect(mine.map((cells) => cells[0])).toContain('A child has been reported missing');
    expect(mine.map((cells) => cells[1])).toContain('Mira Alertson');
    const team = tableRows(page.body, 'Alerts to your authority’s duty team and team managers that nobody has acknowledged, oldest first');
    expect(team.length).toBeGreaterThan(0);
    for (const cells of team) expect(cells[3]).toMatch(/Not yet acknowledged|Past its time/);
  });

  it('let a person say they are dealing with an alert, then record what they did, which closes it', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const inbox = await client.get(paths.alerts);
    const link = hrefsOf(inbox.body).find((href) => /^\/alerts\/[0-9a-f-]{36}$/.test(href))!;
    const alert = await client.get(link);
    expect(alert.statusCode).toBe(200);
    expect(summaryOf(alert.body)['Child']).toBe('Mira Alertson');
    expect(titleOf(alert.body)).toBe('Alert – Lantern');
    const acknowledged = await client.post(`${link}/acknowledge`, { version: /name="version" value="(\d+)"/.exec(alert.body)![1]! });
    expect(acknowledged.statusCode).toBe(303);
    const after = await client.get(link);
    expect(summaryOf(after.body)['Status']).toBe('Being dealt with');
    expect(summaryOf(after.body)['Acknowledged']).toMatch(/by Test team manager$/);
    const version = /name="version" value="(\d+)"/.exec(after.body)![1]!;
    const empty = await client.post(`${link}/action`, { action: '', version });
    expect(empty.statusCode).toBe(400);
    expect(errorSummaryOf(empty.body)).toEqual([{ href: '#action', text: 'Enter what you did about this alert' }]);
    const done = await client.post(`${link}/action`, { action: 'Spoke to the police; a strategy discussion is set for 9am', version });
    expect(done.statusCode).toBe(303);
    const closed = await client.get(link);
    expect(summaryOf(closed.body)['Action taken']).toBe('Spoke to the police; a strategy discussion is set for 9am');
    expect(closed.body).not.toContain('I’m dealing with this');
  });

  it('give a national analyst the count past their time by authority, without the child', async () => {
    const other = (await createLookedAfterChild(kent, { givenNames: 'Nobody', familyName: 'Answered' })).id;
    await kent('POST', `/children/${other}/missing-episodes`, { type: 'M', startAt: '2025-06-15T21:30:00Z' });
    // Signed in after the clock moves on, or the session would have ended.
    t.clock.set('2025-06-16T09:00:00Z');
    const { client } = await signedInClient(t.app, t.services, NATIONAL, 'national_analyst');
    const page = await client.get(paths.alerts);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Alerts past their time, by authority');
    expect(page.body).not.toContain('Alertson');
    const rows = tableRows(page.body, 'Unacknowledged alerts by responsible authority');
    // National figures: a count from 1 to 4 is suppressed ([c]) and any other rounded to 10.
    expect(rows.find((cells) => cells[0] === 'Kent')?.[1]).toMatch(/^(\[c\]|\d*0)$/);
    expect(rows.at(-1)?.[0]).toBe('United Kingdom');
  });

  it('show the rules as the authority has them, and let its team managers change the local protocol, naming a bad field', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const rules = await client.get(paths.alertRules);
    expect(rules.statusCode).toBe(200);
    expect(rules.body).toContain('A child has 3 or more episodes starting within 30 days');
    const bad = await client.post(paths.alertRules, { repeatThreshold: '1', repeatWindowDays: '30', priorityInterviewAfterHours: '' });
    expect(bad.statusCode).toBe(400);
    expect(errorSummaryOf(bad.body)).toEqual([{ href: '#repeatThreshold', text: 'Enter the number of episodes as a whole number from 2 to 10' }]);
    const saved = await client.post(paths.alertRules, { repeatThreshold: '2', repeatWindowDays: '14', priorityInterviewAfterHours: '24' });
    expect(saved.statusCode).toBe(303);
    const worker = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
    const seen = await worker.get(paths.alertRules);
    expect(seen.body).toContain('A child has 2 or more episodes starting within 14 days');
    expect(seen.body).not.toContain('Save the local protocol');
    expect((await worker.post(paths.alertRules, { repeatThreshold: '4', repeatWindowDays: '30', priorityInterviewAfterHours: '' })).statusCode).toBe(404);
  });
});
