import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, webClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { apiClient, createLookedAfterChild, KENT } from './api-helpers.ts';

// The timeout warning's server side (issue 12 item 6), through app.inject: every signed-in page
// carries the warning with the idle time its script counts down from; "Stay signed in" keeps an
// unused session alive; when the time is up the script signs the person out, and the sign-in page
// says why. A question page's answers posted as the session ends (by the page without JavaScript, or
// sent by the warning's script) are kept, and signing in again continues there with them. The browser
// side is test/browser/session-timeout.browser.test.ts.

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const minutes = (count: number) => count / 60;

describe('the timeout warning', () => {
  it('should be on signed-in pages, with the idle time and where "Stay signed in" posts, and not on the sign-in page', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('<dialog class="app-timeout-warning"');
    expect(home.body).toContain('data-idle-seconds="1800"');
    expect(home.body).toContain('data-stay-url="/sign-in/stay"');
    expect(home.body).toContain('src="/javascripts/timeout-warning.js"');
    expect((await webClient(t.app).get('/sign-in')).body).not.toContain('app-timeout-warning');
  });

  it('should keep a session alive when the person chooses to stay signed in', async () => {
    const staying = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
    const leaving = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
    await staying.get('/');
    await leaving.get('/');
    t.clock.advanceHours(minutes(28));
    const stayed = await staying.post('/sign-in/stay', {});
    expect(stayed.statusCode).toBe(204);
    t.clock.advanceHours(minutes(28));
    expect((await staying.get('/')).statusCode).toBe(200);
    // 56 minutes unused: signed out.
    const gone = await leaving.get('/');
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toBe('/sign-in');
    // Too late to stay signed in: sent to sign in again.
    const late = await leaving.post('/sign-in/stay', {});
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe('/sign-in');
  });

  it('should say why on the sign-in page when the warning signed the person out', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/');
    const signedOut = await client.post('/sign-out', { 'timed-out': '1' });
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in?timed-out=1');
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    const page = await client.get('/sign-in?timed-out=1');
    expect(page.body).toContain('You were signed out because you had not used Lantern for 30 minutes');
    // Signing out by choice says so instead.
    const other = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
    await other.get('/');
    expect((await other.post('/sign-out', {})).headers.location).toBe('/sign-in?signed-out=1');
  });
});

describe('answers kept when a session ends unused', () => {
  const PASSWORD = 'a long unusual passphrase';
  let people = 0;

  /** A Kent social worker with a password and TOTP secret, and a way to sign them in through the pages. */
  async function aWorker(): Promise<{ client: WebClient; signIn: () => Promise<string | undefined> }> {
    people += 1;
    const email = `kept.answers.${people}@kent.example`;
    const created = await t.services.users.createUser({ organisationCode: KENT, role: 'social_worker', email, displayName: 'Kim Keeper', password: PASSWORD });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const secret = OTPAuth.Secret.fromBase32(created.value.totpSecret);
    const client = webClient(t.app);
    const signIn = async () => {
      await client.get('/sign-in');
      await client.post('/sign-in', { email, password: PASSWORD });
      await client.get('/sign-in/code');
      const signedIn = await client.post('/sign-in/code', { code: new OTPAuth.TOTP({ secret }).generate({ timestamp: Date.parse(t.clock.now()) }) });
      return signedIn.headers.location;
    };
    return { client, signIn };
  }

  const aChild = async () => (await createLookedAfterChild(apiClient(t.app, await t.token(KENT, 'social_worker')))).id;

  it('should keep answers posted after the session ended unused, and show them again once the person signs in', async () => {
    const childId = await aChild();
    const { client, signIn } = await aWorker();
    expect(await signIn()).toBe('/');
    const url = `/children/${childId}/missing/new`;
    expect((await client.get(url)).statusCode).toBe(200);

    t.clock.advanceHours(minutes(31));
    const posted = await client.post(url, { type: 'M', lastSeenLocation: 'Outside the placement', policeReference: 'KP-KEPT-1', intent: 'continue' });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/sign-in?timed-out=1&kept=1');
    expect((await client.get(posted.headers.location!)).body).toContain('Your answers have been kept');

    expect(await signIn()).toBe(`${url}?resume=1`);
    const resumed = await client.get(`${url}?resume=1`);
    expect(resumed.statusCode).toBe(200);
    expect(resumed.body).toContain('value="KP-KEPT-1"');
    expect(resumed.body).toContain('value="Outside the placement"');
    // Taken back once: nothing is kept now.
    expect((await client.get(`${url}?resume=1`)).body).not.toContain('KP-KEPT-1');
    expect(await t.handle.db.selectFrom('keptAnswers').selectAll().execute()).toEqual([]);
  });

  it('should keep the answers the warning sends as it signs the person out', async () => {
    const childId = await aChild();
    const { client, signIn } = await aWorker();
    await signIn();
    const url = `/children/${childId}/missing/new`;
    await client.get(url);
    const out = await client.post('/sign-out', { 'timed-out': '1', 'keep-for': url, type: 'A', policeReference: 'KP-KEPT-2' });
    expect(out.headers.location).toBe('/sign-in?timed-out=1&kept=1');
    expect((await client.get('/')).headers.location).toBe('/sign-in');
    t.clock.advanceHours(minutes(1));
    expect(await signIn()).toBe(`${url}?resume=1`);
    expect((await client.get(`${url}?resume=1`)).body).toContain('value="KP-KEPT-2"');
  });

  it('should keep nothing for a session signed out, nor a path off the site, nor answers from a day ago', async () => {
    const childId = await aChild();
    const url = `/children/${childId}/missing/new`;
    const { client, signIn } = await aWorker();
    await signIn();
    await client.get(url);
    // The cookie of a session signed out by choice, sent again.
    const token = client.cookies.get('lantern-session')!;
    await client.post('/sign-out', {});
    client.cookies.set('lantern-session', token);
    const after = await client.post(url, { policeReference: 'KP-NOT-KEPT', intent: 'continue' });
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/sign-in');

    t.clock.advanceHours(minutes(1));
    await signIn();
    await client.get(url);
    const offSite = await client.post('/sign-out', { 'timed-out': '1', 'keep-for': '//elsewhere.example/page', policeReference: 'KP-NOT-KEPT' });
    expect(offSite.headers.location).toBe('/sign-in?timed-out=1');

    t.clock.advanceHours(minutes(1));
    await signIn();
    await client.get(url);
    await client.post('/sign-out', { 'timed-out': '1', 'keep-for': url, policeReference: 'KP-STALE' });
    t.clock.advanceHours(25);
    expect(await signIn()).toBe('/');
    expect((await client.get(`${url}?resume=1`)).body).not.toContain('KP-STALE');
  });
});
