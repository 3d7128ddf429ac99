import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import type { FastifyInstance } from 'fastify';
import { TEST_NOW } from '../helpers/build-test-app.ts';
import { createFakeClock } from '../helpers/fake-clock.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { KENT, MEDWAY } from './api-helpers.ts';

// Sign-in through an organisation's own identity provider, against a real OpenID Connect
// provider (oidc-provider, with its development login and consent pages) started here.

const REDIRECT_URI = `http://lantern.test/sign-in/callback/${KENT}`;
const CLIENT = { client_id: 'lantern', client_secret: 'a-test-client-secret-that-is-long-enough' };
/** Accounts at the provider: login → email. */
const ACCOUNTS: Record<string, string> = {
  sam: 'sam.worker@kent.example',
  mo: 'mo.worker@medway.example',
  unverified: 'una.verified@kent.example',
};

let server: http.Server;
let issuer: string;
let handle: DatabaseHandle;
let services: Services;
let app: FastifyInstance;
const logLines: string[] = [];

/** The warnings logged since `from`, as objects. */
const warningsSince = (from: number) =>
  logLines
    .slice(from)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry['level'] === 40);

beforeAll(async () => {
  // The issuer includes the port, so the server listens before the provider exists.
  let handler: http.RequestListener = (_request, response) => {
    response.statusCode = 503;
    response.end();
  };
  server = http.createServer((request, response) => {
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...CLIENT, redirect_uris: [REDIRECT_URI], grant_types: ['authorization_code'], response_types: ['code'] }],
    findAccount: (_context: unknown, id: string) =>
      ACCOUNTS[id] === undefined ? undefined : { accountId: id, claims: () => ({ sub: id, email: ACCOUNTS[id], email_verified: id !== 'unverified' }) },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['a-test-cookie-key'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  });
  handler = provider.callback();

  handle = await createTestDatabase();
  const clock = createFakeClock(TEST_NOW);
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
  app = await buildApp({
    services,
    engine: handle.engine,
    logger: createLogger('info', { write: (line: string) => logLines.push(line) }),
    oidcProviders: [{ organisationCode: KENT, issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, redirectUri: REDIRECT_URI }],
  });
  await app.ready();
  for (const [organisationCode, email] of [
    [KENT, ACCOUNTS['sam']!],
    [MEDWAY, ACCOUNTS['mo']!],
    [KENT, ACCOUNTS['unverified']!],
  ] as const) {
    const created = await services.users.createUser({
      organisationCode,
      role: 'social_worker',
      email,
      displayName: 'A Worker',
      password: 'correct horse battery staple',
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
  }
});
afterAll(async () => {
  await app.close();
  await handle.close();
  await new Promise((resolve) => server.close(resolve));
});

/** Cookies as a browser keeps them, one jar per site. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    remember(setCookie: string | string[] | undefined) {
      for (const header of [setCookie ?? []].flat()) {
        const [pair] = header.split(';');
        const at = pair!.indexOf('=');
        const name = pair!.slice(0, at);
        const value = pair!.slice(at + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(header)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    header: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    cookies,
  };
}

/** Signs in at the provider as `login`, and returns the URL the provider sends the browser back to. */
async function throughProvider(authorizationUrl: string, login: string): Promise<string> {
  const provider = jar();
  let url = authorizationUrl;
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop += 1) {
    if (url.startsWith(REDIRECT_URI)) return url;
    const response = await fetch(url, {
      redirect: 'manual',
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: provider.header(), ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
      ...(body === undefined ? {} : { body }),
    });
    provider.remember(response.headers.getSetCookie());
    body = undefined;
    if (response.status >= 300 && response.status < 400) {
      url = new URL(response.headers.get('location')!, url).href;
      continue;
    }
    const page = await response.text();
    expect(response.status, page).toBe(200);
    // The development interactions: a login form (any password), then a consent form.
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    const action = /<form[^>]* action="([^"]+)"/.exec(page)?.[1];
    expect(prompt, page).toBeDefined();
    url = new URL(action!, url).href;
    body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'anything' } : { prompt: prompt! }).toString();
  }
  throw new Error('The provider never sent the browser back');
}

/** Starts at Lantern, signs in at the provider, and comes back to Lantern's callback. */
async function signIn(login: string, tamper: (callback: URL) => void = () => undefined) {
  const lantern = jar();
  const start = await app.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
  expect(start.statusCode).toBe(302);
  const authorizationUrl = String(start.headers.location);
  expect(authorizationUrl.startsWith(`${issuer}/`)).toBe(true);
  const sent = new URL(authorizationUrl).searchParams;
  expect(sent.get('code_challenge_method')).toBe('S256');
  expect(sent.get('state')).toBeTruthy();
  expect(sent.get('nonce')).toBeTruthy();
  lantern.remember(start.headers['set-cookie']);
  expect(String(start.headers['set-cookie'])).toMatch(/HttpOnly/i);
  expect(String(start.headers['set-cookie'])).toMatch(/SameSite=Lax/i);

  const callback = new URL(await throughProvider(authorizationUrl, login));
  tamper(callback);
  const back = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie: lantern.header() } });
  lantern.remember(back.headers['set-cookie']);
  const home = await app.inject({ method: 'GET', url: '/', headers: { cookie: lantern.header() } });
  return { back, home, lantern };
}

const signInEvents = () =>
  handle.db
    .selectFrom('auditEvent')
    .select(['action', 'actorId', 'organisationCode', 'details'])
    .where('entity', '=', 'session')
    .orderBy('occurredAt')
    .execute();

describe("signing in through the organisation's identity provider", () => {
  it("should sign in a person of that organisation with a verified email, without Lantern's own code", async () => {
    const { back, home, lantern } = await signIn('sam');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe('/');
    expect(lantern.cookies.get('lantern-session')).toBeDefined();
    expect(lantern.cookies.has('lantern-oidc')).toBe(false);
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('My work');
    const events = await signInEvents();
    expect(events.some((event) => event.action === 'SIGN_IN' && event.organisationCode === KENT && JSON.stringify(event.details).includes('"oidc"'))).toBe(
      true,
    );
  });

  it('should refuse a person of another organisation, even with a Lantern account', async () => {
    const { back, home, lantern } = await signIn('mo');
    expect(back.statusCode).toBe(200);
    expect(back.body).toContain('Your organisation could not sign you in. Try again or sign in with your Lantern password');
    expect(back.body).toContain('govuk-error-summary');
    expect(lantern.cookies.has('lantern-session')).toBe(false);
    expect(home.headers.location).toBe('/sign-in');
    const events = await signInEvents();
    expect(events.some((event) => event.action === 'SIGN_IN_FAILED' && JSON.stringify(event.details).includes('NO_ACCOUNT'))).toBe(true);
  });

  it('should refuse an email the provider has not verified, and log why without the address', async () => {
    const from = logLines.length;
    const { back, home } = await signIn('unverified');
    expect(back.body).toContain('Your organisation could not sign you in');
    expect(home.headers.location).toBe('/sign-in');
    expect(warningsSince(from)).toEqual([
      expect.objectContaining({ code: 'OIDC_INVALID_RESPONSE', cause: expect.objectContaining({ code: 'NO_VERIFIED_EMAIL' }) }),
    ]);
    expect(logLines.slice(from).join('')).not.toContain(ACCOUNTS['unverified']);
  });

  it('should refuse a tampered state, and log the client library’s reason without the response', async () => {
    const from = logLines.length;
    const { back, home } = await signIn('sam', (callback) => {
      callback.searchParams.set('state', 'not-the-state');
    });
    expect(back.body).toContain('Your organisation could not sign you in');
    expect(home.headers.location).toBe('/sign-in');
    const [warning] = warningsSince(from);
    expect(warning).toMatchObject({ code: 'OIDC_INVALID_RESPONSE', cause: { name: 'ClientError', cause: { message: expect.stringContaining('"state"') } } });
    expect(logLines.slice(from).join('')).not.toContain(ACCOUNTS['sam']);
  });

  it('should refuse a callback whose parameters are malformed, saying where', async () => {
    const start = await app.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
    const cookie = String(start.headers['set-cookie']).split(';')[0]!;
    const from = logLines.length;
    const back = await app.inject({ method: 'GET', url: `/sign-in/callback/${KENT}?code=a&state=b&state=c`, headers: { cookie } });
    expect(back.body).toContain('Your organisation could not sign you in');
    expect(warningsSince(from)).toEqual([expect.objectContaining({ code: 'OIDC_CALLBACK_MALFORMED', where: 'querystring' })]);
    const strange = await app.inject({ method: 'GET', url: `/sign-in/organisations/${encodeURIComponent('../E10000016')}` });
    expect(strange.statusCode).toBe(404);
  });

  it('should log why a provider could not be reached', async () => {
    const unreachable = await buildApp({
      services,
      engine: handle.engine,
      logger: createLogger('info', { write: (line: string) => logLines.push(line) }),
      oidcProviders: [
        { organisationCode: KENT, issuer: 'http://127.0.0.1:9', clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, redirectUri: REDIRECT_URI },
      ],
    });
    try {
      const from = logLines.length;
      const start = await unreachable.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
      expect(start.body).toContain('Your organisation could not sign you in');
      expect(warningsSince(from)).toEqual([
        expect.objectContaining({
          code: 'OIDC_PROVIDER_UNAVAILABLE',
          cause: expect.objectContaining({ name: expect.any(String), message: expect.any(String) }),
        }),
      ]);
    } finally {
      await unreachable.close();
    }
  });

  it('should refuse a callback without the cookie that started it, and use each start once', async () => {
    const start = await app.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
    const callback = new URL(await throughProvider(String(start.headers.location), 'sam'));
    const cookie = String(start.headers['set-cookie']).split(';')[0]!;
    const without = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}` });
    expect(without.body).toContain('Your organisation could not sign you in');
    const first = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
    expect(first.statusCode).toBe(303);
    const replayed = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
    expect(replayed.body).toContain('Your organisation could not sign you in');
  });

  it('should finish on another instance of Lantern a sign-in started on this one', async () => {
    // Another process on the same database: its own services and app, the same provider.
    const other = await buildApp({
      services: createServices({ db: handle.db, now: services.now, newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } }),
      engine: handle.engine,
      oidcProviders: [{ organisationCode: KENT, issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, redirectUri: REDIRECT_URI }],
    });
    try {
      const start = await app.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
      const callback = new URL(await throughProvider(String(start.headers.location), 'sam'));
      const cookie = String(start.headers['set-cookie']).split(';')[0]!;
      const back = await other.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
      expect(back.statusCode).toBe(303);
      expect(String(back.headers['set-cookie'])).toMatch(/lantern-session=[^;]+/);
      // Good once, on whichever instance the browser comes back to.
      const replayed = await app.inject({ method: 'GET', url: `${callback.pathname}${callback.search}`, headers: { cookie } });
      expect(replayed.body).toContain('Your organisation could not sign you in');
    } finally {
      await other.close();
    }
  });

  it('should keep only a hash of the id the browser holds, and forget sign-ins never finished', async () => {
    const start = await app.inject({ method: 'GET', url: `/sign-in/organisations/${KENT}` });
    const id = /lantern-oidc=([^;]+)/.exec(String(start.headers['set-cookie']))![1]!;
    const kept = await handle.db.selectFrom('oidcPendingSignIn').select(['idHash', 'expiresAt']).execute();
    expect(kept.some((row) => row.idHash === id)).toBe(false);
    expect(kept.some((row) => row.idHash === createHash('sha256').update(id).digest('hex'))).toBe(true);
    // A start eleven minutes later prunes every sign-in started before it that never came back.
    const later = createServices({ db: handle.db, now: () => new Date(Date.parse(services.now()) + 11 * 60_000).toISOString(), newId: randomUUID });
    await later.pendingSignIns.keep({ organisationCode: KENT, state: 's', nonce: 'n', codeVerifier: 'v' });
    const left = await handle.db.selectFrom('oidcPendingSignIn').select('expiresAt').execute();
    expect(left.every((row) => Date.parse(row.expiresAt) > Date.parse(services.now()) + 11 * 60_000)).toBe(true);
  });

  it('should show the signed-out message for signed-out=1 only, and take any other query', async () => {
    expect((await app.inject({ method: 'GET', url: '/sign-in?signed-out=1' })).body).toContain('You have signed out');
    for (const query of ['signed-out=yes', 'signed-out=1&signed-out=1', 'utm_source=email']) {
      const page = await app.inject({ method: 'GET', url: `/sign-in?${query}` });
      expect(page.statusCode, query).toBe(200);
      expect(page.body, query).not.toContain('You have signed out');
    }
  });

  it('should answer 404 for an organisation without a provider', async () => {
    const response = await app.inject({ method: 'GET', url: `/sign-in/organisations/${MEDWAY}` });
    expect(response.statusCode).toBe(404);
  });
});
