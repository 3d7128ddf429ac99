import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { PENDING_SECONDS } from '../../services/oidc-sign-in.ts';
import type { OidcSignIn } from '../../services/oidc-sign-in.ts';
import type { FormErrors } from '../forms.ts';

// Sign-in through an organisation's own identity provider (src/services/oidc-sign-in.ts).
// GET /sign-in/organisations/:code sends the browser to the provider; it comes back to
// GET /sign-in/callback/:code. The state, nonce and PKCE verifier wait in the database, under a
// random id that the browser holds in a short-lived HttpOnly, SameSite=Lax cookie (Lax, so it
// comes back with the provider's top-level redirect), so the callback may reach any instance.
// Each is good once and for 10 minutes.

const FAILED = 'Your organisation could not sign you in. Try again or sign in with your Lantern password';

export interface OidcSignInRouteOptions {
  readonly oidc: OidcSignIn;
  readonly secureCookies: boolean;
}

/** An organisation code, as Lantern's codes are written (ONS codes, partner organisations' names). */
const organisationParams = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9-]{1,40}$/) });

/**
 * What a provider may send back to the callback (RFC 6749 4.1.2, OpenID Connect Core 3.1.2.5, RFC 9207): each once
 * and of a bounded size. Other parameters are let through for the client library to judge.
 */
const parameter = (max: number) => z.string().max(max).optional();
const callbackQuery = z.looseObject({
  code: parameter(2048),
  state: parameter(512),
  iss: parameter(2048),
  session_state: parameter(512),
  error: z
    .string()
    .regex(/^[a-z_]{1,64}$/)
    .optional(),
  error_description: parameter(1024),
  error_uri: parameter(2048),
});

const failedErrors: FormErrors = { fields: {}, errorList: [{ text: FAILED, href: '#email' }] };

export function oidcSignInRoutes(app: FastifyInstance, { oidc, secureCookies }: OidcSignInRouteOptions, done: () => void): void {
  const cookie = secureCookies ? '__Host-lantern-oidc' : 'lantern-oidc';
  const failed = (reply: FastifyReply) => reply.clearCookie(cookie, { path: '/' }).render('sign-in/views/sign-in.njk', { errors: failedErrors });

  const routes = app.withTypeProvider<ZodTypeProvider>();
  const notThisWay = (reply: FastifyReply) =>
    reply.code(404).render('home/views/problem.njk', { pageTitle: 'Page not found', message: 'Your organisation does not sign in to Lantern this way.' });

  routes.get('/sign-in/organisations/:code', { schema: { params: organisationParams }, attachValidation: true }, async (request, reply) => {
    if (request.validationError !== undefined) return notThisWay(reply);
    const { code } = request.params;
    const started = await oidc.start(code);
    if (!started.ok) {
      if (started.error.reason === 'UNKNOWN_PROVIDER') return notThisWay(reply);
      request.log.warn({ organisationCode: code, code: 'OIDC_PROVIDER_UNAVAILABLE', cause: started.error.cause }, 'Identity provider unavailable');
      return failed(reply);
    }
    const { authorizationUrl, pendingId } = started.value;
    return reply
      .setCookie(cookie, pendingId, { httpOnly: true, secure: secureCookies, sameSite: 'lax', path: '/', maxAge: PENDING_SECONDS })
      .redirect(authorizationUrl, 302);
  });

  routes.get(
    '/sign-in/callback/:code',
    { schema: { params: organisationParams, querystring: callbackQuery }, attachValidation: true },
    async (request, reply) => {
      const id = request.cookies[cookie];
      if (request.validationError !== undefined) {
        if (id !== undefined) await oidc.abandon(id); // good once, whatever happens next
        // Where it was wrong (the address or the query), never what it held.
        request.log.warn({ code: 'OIDC_CALLBACK_MALFORMED', where: request.validationError.validationContext }, 'Sign-in callback not understood');
        return failed(reply);
      }
      if (id === undefined) return failed(reply);
      const { code } = request.params;
      // The client library reads the callback's query itself (and checks state and issuer); the schema above bounds it.
      const finished = await oidc.finish(code, new URL(request.url, 'http://callback.invalid'), id, request.ip, request.headers['user-agent'] ?? null);
      if (!finished.ok) {
        if (finished.error.reason === 'NOT_PENDING') return failed(reply);
        const { reason } = finished.error;
        request.log.warn(
          { organisationCode: code, code: `OIDC_${reason}`, ...('cause' in finished.error ? { cause: finished.error.cause } : {}) },
          'Sign-in through the identity provider failed',
        );
        return failed(reply);
      }
      return reply.clearCookie(cookie, { path: '/' }).startSession(finished.value.sessionToken).redirect('/', 303);
    },
  );
  done();
}
