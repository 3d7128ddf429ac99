import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export interface SecurityOptions {
  /** Secure cookies: on everywhere but plain-HTTP development and tests. */
  readonly secureCookies: boolean;
}

/** Strict security headers with a nonce-based content security policy, on every response. */
export const securityHeadersPlugin = fp(
  async (app) => {
    await app.register(fastifyHelmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
          objectSrc: ["'none'"],
        },
      },
      strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    });
  },
  { name: 'security' },
);

/** Form parsing, cookies and CSRF protection (a token bound to a cookie secret) for the web pages. */
export const formsPlugin = fp(
  async (app, options: SecurityOptions) => {
    await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
    await app.register(fastifyCookie);
    await app.register(fastifyCsrf, {
      cookieKey: options.secureCookies ? '__Host-lantern-csrf' : 'lantern-csrf',
      cookieOpts: { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/', signed: false },
    });
  },
  { name: 'forms' },
);
