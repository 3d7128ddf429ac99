import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { webClient } from '../helpers/web-client.ts';
import { KENT } from './api-helpers.ts';

let t: TestApp;
let totpSecret: string;
const EMAIL = 'sam.worker@kent.example';
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  t = await buildTestApp();
  const created = await t.services.users.createUser({
    organisationCode: KENT,
    role: 'social_worker',
    email: EMAIL,
    displayName: 'Sam Worker',
    password: PASSWORD,
  });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  totpSecret = created.value.totpSecret;
});
afterAll(async () => {
  await t.close();
});

const browser = () => webClient(t.app);

const code = () => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(totpSecret) }).generate({ timestamp: Date.parse(t.clock.now()) });

describe('signing in', () => {
  it('should serve the sign-in page with strict security headers and a nonce-based content security policy', async () => {
    const page = await browser().get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign in to Lantern');
    const csp = String(page.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(page.body).toContain(`nonce="${nonce!}"`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('should refuse a form without its CSRF token', async () => {
    const client = browser();
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: EMAIL, password: PASSWORD }, { withCsrf: false });
    expect(response.statusCode).toBe(403);
  });

  it('should show GOV.UK errors for an empty form and for wrong details, without saying which was wrong', async () => {
    const client = browser();
    await client.get('/sign-in');
    const empty = await client.post('/sign-in', { email: '', password: '' });
    expect(empty.body).toContain('There is a problem');
    expect(empty.body).toContain('Enter your email address');
    expect(empty.body).toContain('<title>Error: Sign in – Lantern</title>');
    await client.get('/sign-in');
    const wrong = await client.post('/sign-in', { email: EMAIL, password: 'not the password at all' });
    expect(wrong.body).toContain('Enter a correct email address and password');
    await client.get('/sign-in');
    const unknown = await client.post('/sign-in', { email: 'nobody@kent.example', password: 'not the password at all' });
    expect(unknown.body).toContain('Enter a correct email address and password');
  });

  it('should sign in with the password and a TOTP code, renew the session id, and sign out', async () => {
    const client = browser();
    await client.get('/sign-in');
    const afterPassword = await client.post('/sign-in', { email: EMAIL, password: PASSWORD });
    expect(afterPassword.statusCode).toBe(303);
    expect(afterPassword.headers.location).toBe('/sign-in/code');
    const halfSession = client.cookies.get('lantern-session');
    expect(halfSession).toBeDefined();
    // Half signed in is not signed in.
    expect((await client.get('/')).headers.location).toBe('/sign-in');

    await client.get('/sign-in/code');
    const wrongCode = await client.post('/sign-in/code', { code: '000000' === code() ? '111111' : '000000' });
    expect(wrongCode.body).toContain('The code is not correct');
    const signedIn = await client.post('/sign-in/code', { code: code() });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/');
    expect(client.cookies.get('lantern-session')).not.toBe(halfSession);
    expect(String(signedIn.headers['set-cookie'])).toMatch(/HttpOnly/i);

    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('My work');

    const out = await client.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signed-out=1');
    expect((await client.get('/')).headers.location).toBe('/sign-in');
  });
});

describe('too many attempts', () => {
  /** The sign-in page after `wrong` failed passwords at `email` then one more try, with what changes between pages taken out. */
  async function pageAfterFailures(email: string, wrong: number): Promise<string> {
    const client = browser();
    for (let i = 0; i < wrong; i++) {
      await client.get('/sign-in');
      await client.post('/sign-in', { email, password: 'not the password at all' });
    }
    await client.get('/sign-in');
    const page = await client.post('/sign-in', { email, password: 'not the password at all' });
    return page.body
      .replaceAll(email, 'EMAIL')
      .replaceAll(/nonce="[^"]+"/g, '')
      .replaceAll(/name="_csrf" value="[^"]+"/g, '');
  }

  it('should answer an email address with no account exactly as one with an account', async () => {
    const other = await t.services.users.createUser({
      organisationCode: KENT,
      role: 'social_worker',
      email: 'sam.other@kent.example',
      displayName: 'Sam Other',
      password: PASSWORD,
    });
    if (!other.ok) throw new Error(JSON.stringify(other.error));
    t.clock.advanceHours(1);
    const known = await pageAfterFailures('sam.other@kent.example', 6);
    const unknown = await pageAfterFailures('no.one@kent.example', 6);
    expect(known).toContain('Too many attempts. Try again in 2 seconds');
    expect(unknown).toBe(known);
  });
});

describe('the cookies page', () => {
  it('should be open to anyone, and name every cookie a sign-in sets', async () => {
    const client = browser();
    await client.get('/sign-in');
    await client.post('/sign-in', { email: EMAIL, password: PASSWORD });
    await client.get('/sign-in/code');
    t.clock.advanceHours(1);
    expect((await client.post('/sign-in/code', { code: code() })).statusCode).toBe(303);
    const page = await webClient(t.app).get('/cookies');
    expect(page.statusCode).toBe(200);
    expect([...client.cookies.keys()].length).toBeGreaterThan(0);
    for (const name of client.cookies.keys()) expect(page.body).toContain(name);
  });
});
