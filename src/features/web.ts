import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance } from 'fastify';
import { answerOtherMethodsWith } from '../plugins/method-not-allowed.ts';
import { paths } from '../paths.ts';
import { formsPlugin } from '../plugins/security.ts';
import { UnstorableTextError } from '../plugins/text-guard.ts';
import { createViewEnvironment, viewsPlugin } from '../plugins/views.ts';
import { webSessionPlugin } from '../plugins/web-session.ts';
import type { Services } from '../services/index.ts';
import { createOidcSignIn } from '../services/oidc-sign-in.ts';
import type { OidcProviderConfig } from '../services/oidc-sign-in.ts';
import { administrationRoutes } from './administration/routes.ts';
import { alertContactRoutes } from './alerts/contact-routes.ts';
import { alertRoutes } from './alerts/routes.ts';
import { webhookRoutes } from './alerts/webhook-routes.ts';
import { caseloadRoutes } from './caseloads/routes.ts';
import { childrenRoutes } from './children/routes.ts';
import { dataQualityRoutes } from './data-quality/routes.ts';
import { exchangeRoutes } from './exchange/routes.ts';
import { guardianRoutes } from './guardians/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { matchingRoutes } from './matching/routes.ts';
import { missingRoutes } from './missing/routes.ts';
import { philomenaRoutes } from './philomena/routes.ts';
import { statisticsRoutes } from './statistics/routes.ts';
import { traffickingRoutes } from './trafficking/routes.ts';
import { trainingRoutes } from './training/routes.ts';
import { isUnavailable, UNAVAILABLE_TITLE } from './unavailable.ts';
import { answersToKeep, formBody, localPath } from './forms.ts';
import { oidcSignInRoutes } from './sign-in/oidc-routes.ts';
import { signInRoutes } from './sign-in/routes.ts';

const GOVUK = path.join(import.meta.dirname, '..', '..', 'node_modules', 'govuk-frontend', 'dist', 'govuk');
const PUBLIC = path.join(import.meta.dirname, '..', '..', 'public');

export interface WebOptions {
  readonly services: Services;
  readonly secureCookies: boolean;
  readonly oidcProviders?: readonly OidcProviderConfig[];
  /** Whether Lantern is served from a GOV.UK domain, which alone may carry the GOV.UK header. */
  readonly onGovukDomain?: boolean;
}

/** Whether an address is on a GOV.UK domain (gov.uk or a name under it). */
export function isOnGovukDomain(url: string | null): boolean {
  if (url === null || !URL.canParse(url)) return false;
  const host = new URL(url).hostname.toLowerCase();
  return host === 'gov.uk' || host.endsWith('.gov.uk');
}

/** The server-rendered pages: GOV.UK Frontend, sessions, CSRF on every form. */
export async function webRoutes(app: FastifyInstance, { services, secureCookies, oidcProviders = [], onGovukDomain = false }: WebOptions): Promise<void> {
  // The pages are not part of the API's OpenAPI document.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  const answerOtherMethods = answerOtherMethodsWith(app, (_request, reply) =>
    reply.render('home/views/problem.njk', { pageTitle: 'There is a problem', message: 'This page cannot be used that way. Go back and try again.' }),
  );
  await app.register(fastifyStatic, { root: path.join(GOVUK, 'assets'), prefix: `${paths.assets}/`, index: false });
  await app.register(fastifyStatic, {
    root: [GOVUK, path.join(PUBLIC, 'stylesheets')],
    prefix: `${paths.stylesheets}/`,
    allowedPath: (file) => file === '/govuk-frontend.min.css' || file === '/lantern.css',
    decorateReply: false,
    index: false,
  });
  await app.register(fastifyStatic, {
    root: [GOVUK, path.join(PUBLIC, 'javascripts')],
    prefix: `${paths.javascripts}/`,
    allowedPath: (file) => file === '/govuk-frontend.min.js' || file === '/init.js' || file === '/timeout-warning.js',
    decorateReply: false,
    index: false,
  });
  await app.register(formsPlugin, { secureCookies });
  await app.register(viewsPlugin, { environment: createViewEnvironment({ onGovukDomain, sessionIdleMinutes: services.users.idleTimeoutMinutes }) });
  await app.register(webSessionPlugin, { users: services.users, secureCookies });

  // Every form post carries the CSRF token (a post to a page that takes none is answered 405 without one).
  app.addHook('preHandler', (request, reply, done) => {
    if (request.method === 'POST' && request.routeOptions.config.allow === undefined) {
      app.csrfProtection(request, reply, done);
      return;
    }
    done();
  });

  // A question page's answers posted after the session ended unused (requireSignIn let them through): kept for the
  // person, whose CSRF token has been checked, and they sign in again to continue (the page shows them again).
  app.addHook('preHandler', async (request, reply) => {
    if (request.user !== null || request.method !== 'POST' || request.routeOptions.config.keepsAnswers !== true) return undefined;
    const path = localPath(request.url);
    const kept =
      request.sessionToken !== null && path !== null && (await services.users.keepAnswers(request.sessionToken, path, answersToKeep(formBody(request.body))));
    return reply.redirect(kept ? `${paths.signIn}?timed-out=1&kept=1` : paths.signIn, 303);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (isUnavailable(error, request, reply)) {
      return reply.render('home/views/problem.njk', {
        pageTitle: UNAVAILABLE_TITLE,
        message: 'Try again in a few minutes. If you were saving a change, check whether it was saved before you enter it again.',
      });
    }
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error, code: 'UNHANDLED_WEB_ERROR' }, 'Unhandled error');
    const message =
      error instanceof UnstorableTextError
        ? `The answer to ${error.field} has a character that cannot be saved: a NUL character or half of a character, as a broken text encoding leaves. Go back and type it again.`
        : status === 403
          ? 'Your form had expired. Go back, refresh the page and try again.'
          : status === 429
            ? `${error.message}.`
            : status < 500
              ? 'The page could not handle that request.'
              : 'Try again later.';
    return reply
      .code(status)
      .render('home/views/problem.njk', { pageTitle: status < 500 ? 'There is a problem' : 'Sorry, there is a problem with the service', message });
  });

  await app.register(signInRoutes, { users: services.users });
  // Plain-HTTP issuers only where cookies are not Secure either: development and tests.
  await app.register(oidcSignInRoutes, {
    oidc: createOidcSignIn({ allowHttp: !secureCookies, pending: services.pendingSignIns }, services.users, oidcProviders),
    secureCookies,
  });
  await app.register(homeRoutes, { services });
  await app.register(childrenRoutes, { services });
  await app.register(matchingRoutes, { services });
  await app.register(missingRoutes, { services });
  await app.register(traffickingRoutes, { services });
  await app.register(dataQualityRoutes, { services });
  await app.register(exchangeRoutes, { services });
  await app.register(statisticsRoutes, { services });
  await app.register(administrationRoutes, { services });
  await app.register(alertRoutes, { services });
  await app.register(webhookRoutes, { services });
  await app.register(alertContactRoutes, { services });
  await app.register(guardianRoutes, { services });
  await app.register(trainingRoutes, { services });
  await app.register(philomenaRoutes, { services });
  await app.register(caseloadRoutes, { services });
  answerOtherMethods();
  // Every address outside the API that is not a page (the API answers its own with problem details).
  app.setNotFoundHandler({ preHandler: app.notFoundRateLimit }, (_request, reply) => reply.renderNotFound());
}
