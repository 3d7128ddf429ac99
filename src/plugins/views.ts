import path from 'node:path';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { hasInbox } from '../domain/alerts/rules.ts';
import { formatDate, formatInstant } from '../domain/dates.ts';
import { canSearchFoundChild } from '../domain/access/policy.ts';
import { paths } from '../paths.ts';
import type { Actor } from '../domain/access/actor.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks template with the page's nonce, CSRF token and signed-in user. */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
    /**
     * The GOV.UK "Page not found" page with status 404: for a page that does not exist and for a record
     * the person may not see alike, so that nothing reveals that it exists.
     */
    renderNotFound(): FastifyReply;
  }
}

const ROOT = path.join(import.meta.dirname, '..');

/** One Nunjucks environment, built once at start-up (not per request). */
export function createViewEnvironment(options: { watch?: boolean; onGovukDomain?: boolean; sessionIdleMinutes?: number } = {}): nunjucks.Environment {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(ROOT, 'views'), path.join(ROOT, 'features'), path.join(ROOT, '..', 'node_modules', 'govuk-frontend', 'dist')], {
      noCache: options.watch ?? false,
    }),
    { autoescape: true, throwOnUndefined: false },
  );
  environment.addGlobal('paths', paths);
  // The crown header is for services on GOV.UK; anywhere else the pages carry the generic header.
  environment.addGlobal('onGovukDomain', options.onGovukDomain ?? false);
  environment.addGlobal('navigationFor', navigationFor);
  // The timeout warning's script counts down from this (a signed-in page only).
  environment.addGlobal('sessionIdleSeconds', (options.sessionIdleMinutes ?? 30) * 60);
  environment.addFilter('date', (value: unknown) => (typeof value === 'string' ? formatDate(value) : ''));
  environment.addFilter('dateTime', (value: unknown) => (typeof value === 'string' ? formatInstant(value) : ''));
  environment.addFilter('trim', trimKeepingSafeness);
  return environment;
}

/**
 * Nunjucks' own `trim` uses `/^\s*|\s*$/g`, whose time grows with the square of a run of whitespace, and
 * govuk-frontend trims its macros' blank-line-filled output at every level. `String.prototype.trim` removes the same
 * characters in linear time.
 */
export function trimKeepingSafeness(value: unknown): unknown {
  const { SafeString } = nunjucks.runtime;
  return value instanceof SafeString ? new SafeString(value.toString().trim()) : String(value).trim();
}

export const viewsPlugin = fp(
  (app, options: { environment: nunjucks.Environment }, done) => {
    const { environment } = options;
    app.decorateReply('render', function render(template: string, context: Record<string, unknown> = {}) {
      const nonce = this.cspNonce.script;
      const csrfToken = this.generateCsrf();
      const html = environment.render(template, { ...context, cspNonce: nonce, csrfToken, user: this.request.user });
      return this.type('text/html; charset=utf-8').send(html);
    });
    app.decorateReply('renderNotFound', function renderNotFound() {
      return this.code(404).render('not-found.njk');
    });
    done();
  },
  { name: 'views', dependencies: ['security', 'forms'] },
);

/** The service navigation for a signed-in person: only the pages their role can use (the pages check access again). */
function navigationFor(user: Actor | null, activeNav: unknown): { href: string; text: string; active: boolean }[] {
  if (user === null) return [];
  const links: { href: string; text: string; nav: string }[] = [{ href: paths.home, text: 'My work', nav: 'home' }];
  if (hasInbox(user.role)) links.push({ href: paths.alerts, text: 'Alerts', nav: 'alerts' });
  if (['social_worker', 'team_manager', 'data_officer', 'advocate', 'police_coordinator'].includes(user.role))
    links.push({ href: paths.findChild, text: 'Find a child', nav: 'children' });
  if (canSearchFoundChild(user)) links.push({ href: paths.foundChild, text: 'Child found', nav: 'found-child' });
  if (['social_worker', 'team_manager', 'data_officer', 'advocate', 'guardian_manager'].includes(user.role))
    links.push({ href: paths.guardianReferrals, text: 'Guardian referrals', nav: 'guardians' });
  if (['team_manager', 'data_officer', 'national_analyst'].includes(user.role)) {
    links.push({ href: paths.dataQuality, text: 'Data quality', nav: 'data-quality' }, { href: paths.statistics, text: 'Statistics', nav: 'statistics' });
  }
  if (user.role === 'data_officer' && user.localAuthorityCode !== null)
    links.push({ href: paths.ssda903Return, text: 'SSDA903 return', nav: 'ssda903-return' });
  links.push({ href: paths.training, text: 'Training', nav: 'training' });
  if (user.role === 'team_manager') links.push({ href: paths.breakGlassReviews, text: 'Reviews', nav: 'reviews' });
  if (user.role === 'organisation_administrator' || user.role === 'system_administrator') {
    links.push(
      { href: paths.accounts, text: 'Accounts', nav: 'accounts' },
      { href: paths.apiTokens, text: 'API tokens', nav: 'api-tokens' },
      { href: paths.auditTrail, text: 'Audit', nav: 'audit' },
    );
  }
  return links.map(({ href, text, nav }) => ({ href, text, active: nav === activeNav }));
}
