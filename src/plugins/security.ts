import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import { paths } from '../paths.ts';

export interface SecurityOptions {
  /** Secure cookies: on everywhere but plain-HTTP development and tests. */
  readonly secureCookies: boolean;
}

/**
 * Powerful browser features, every one refused: Lantern's pages use none of them, and a page that
 * cannot ask for the camera or the location cannot be made to by injected content either.
 */
const PERMISSIONS_POLICY = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'browsing-topics',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/** Static assets (GOV.UK Frontend's fonts, images, styles and scripts): the only responses a cache may keep. */
const STATIC_PREFIXES = [paths.assets, paths.stylesheets, paths.javascripts].map((prefix) => `${prefix}/`);

const isStaticAsset = (routeUrl: string | undefined): boolean => routeUrl !== undefined && STATIC_PREFIXES.some((prefix) => routeUrl.startsWith(prefix));

/**
 * Strict security headers with a nonce-based content security policy, on every response. Every
 * response but a static asset is `no-store`: pages and API answers hold children's details, which
 * must not be left in a browser's or a proxy's cache.
 */
export const securityHeadersPlugin = fp(
  async (app) => {
    app.addHook('onSend', async (request, reply) => {
      reply.header('permissions-policy', PERMISSIONS_POLICY);
      if (!isStaticAsset(request.routeOptions.url)) reply.header('cache-control', 'no-store');
    });
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
