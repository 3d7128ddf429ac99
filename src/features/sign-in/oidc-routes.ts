import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { OidcChecks, OidcSignIn } from '../../services/oidc-sign-in.ts';
import type { FormErrors } from '../forms.ts';

// Sign-in through an organisation's own identity provider (src/services/oidc-sign-in.ts).
// GET /sign-in/organisations/:code sends the browser to the provider; it comes back to
// GET /sign-in/callback/:code. The state, nonce and PKCE verifier wait on the server, in memory,
// under a random id that the browser holds in a short-lived HttpOnly, SameSite=Lax cookie (Lax,
// so it comes back with the provider's top-level redirect). Each is good once and for 10 minutes.
// In memory means one process: behind several, the callback must reach the one that started.

const PENDING_MINUTES = 10;
const MAX_PENDING = 10_000;
const FAILED = 'Your organisation could not sign you in. Try again or sign in with your Lantern password';

interface Pending extends OidcChecks {
  readonly organisationCode: string;
  readonly expiresAt: number;
}

export interface OidcSignInRouteOptions {
  readonly oidc: OidcSignIn;
  readonly secureCookies: boolean;
}

const failedErrors: FormErrors = { fields: {}, errorList: [{ text: FAILED, href: '#email' }] };

export function oidcSignInRoutes(app: FastifyInstance, { oidc, secureCookies }: OidcSignInRouteOptions, done: () => void): void {
  const cookie = secureCookies ? '__Host-lantern-oidc' : 'lantern-oidc';
  const pending = new Map<string, Pending>();

  const prune = (now: number): void => {
    for (const [id, entry] of pending) if (entry.expiresAt <= now) pending.delete(id);
  };
  const failed = (reply: FastifyReply) => reply.clearCookie(cookie, { path: '/' }).render('sign-in/views/sign-in.njk', { errors: failedErrors });

  app.get('/sign-in/organisations/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const started = await oidc.start(code);
    if (!started.ok) {
      if (started.error === 'UNKNOWN_PROVIDER') return reply.code(404).render('home/views/problem.njk', { pageTitle: 'Page not found', message: 'Your organisation does not sign in to Lantern this way.' });
      request.log.warn({ organisationCode: code, code: 'OIDC_PROVIDER_UNAVAILABLE' }, 'Identity provider unavailable');
      return failed(reply);
    }
    const now = Date.now();
    prune(now);
    if (pending.size >= MAX_PENDING) return failed(reply);
    const id = randomBytes(32).toString('base64url');
    const { authorizationUrl, state, nonce, codeVerifier } = started.value;
    pending.set(id, { organisationCode: code, state, nonce, codeVerifier, expiresAt: now + PENDING_MINUTES * 60_000 });
    return reply
      .setCookie(cookie, id, { httpOnly: true, secure: secureCookies, sameSite: 'lax', path: '/', maxAge: PENDING_MINUTES * 60 })
      .redirect(authorizationUrl, 302);
  });

  app.get('/sign-in/callback/:code', async (request, reply) => {
    const { code } = request.params as { code: string };
    const id = request.cookies[cookie];
    const entry = id === undefined ? undefined : pending.get(id);
    if (id !== undefined) pending.delete(id); // good once, whatever happens next
    if (entry === undefined || entry.expiresAt <= Date.now() || entry.organisationCode !== code) return failed(reply);
    const finished = await oidc.finish(code, new URL(request.url, 'http://callback.invalid'), entry, request.ip, request.headers['user-agent'] ?? null);
    if (!finished.ok) {
      request.log.warn({ organisationCode: code, code: `OIDC_${finished.error}` }, 'Sign-in through the identity provider failed');
      return failed(reply);
    }
    return reply.clearCookie(cookie, { path: '/' }).startSession(finished.value.sessionToken).redirect('/', 303);
  });
  done();
}
