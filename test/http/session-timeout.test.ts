import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, webClient } from '../helpers/web-client.ts';
import { KENT } from './api-helpers.ts';

// The timeout warning's server side (issue 12 item 6), through app.inject: every signed-in page
// carries the warning with the idle time its script counts down from; "Stay signed in" keeps an
// unused session alive; when the time is up the script signs the person out, and the sign-in page
// says why. The browser side is test/browser/session-timeout.browser.test.ts.

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
