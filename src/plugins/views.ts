import path from 'node:path';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { formatDate, formatInstant } from '../domain/dates.ts';
import { paths } from '../paths.ts';

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks template with the page's nonce, CSRF token and signed-in user. */
    render(template: string, context?: Record<string, unknown>): FastifyReply;
  }
}

const ROOT = path.join(import.meta.dirname, '..');

/** One Nunjucks environment, built once at start-up (not per request). */
export function createViewEnvironment(options: { watch?: boolean } = {}): nunjucks.Environment {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([path.join(ROOT, 'views'), path.join(ROOT, 'features'), path.join(ROOT, '..', 'node_modules', 'govuk-frontend', 'dist')], {
      noCache: options.watch ?? false,
    }),
    { autoescape: true, throwOnUndefined: false },
  );
  environment.addGlobal('paths', paths);
  environment.addFilter('date', (value: unknown) => (typeof value === 'string' ? formatDate(value) : ''));
  environment.addFilter('dateTime', (value: unknown) => (typeof value === 'string' ? formatInstant(value) : ''));
  return environment;
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
    done();
  },
  { name: 'views', dependencies: ['security', 'forms'] },
);
