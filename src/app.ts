import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import { hasZodFastifySchemaValidationErrors, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { TrustProxy } from './config.ts';
import type { Engine } from './db/client.ts';
import { openApiOptions } from './features/api/openapi.ts';
import { apiRoutes } from './features/api/routes.ts';
import { isOnGovukDomain, webRoutes } from './features/web.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import type { MetricsOptions } from './plugins/metrics.ts';
import { refusalAuditPlugin } from './plugins/refusal-audit.ts';
import { answerOtherMethodsWith } from './plugins/method-not-allowed.ts';
import { rateLimitsPlugin } from './plugins/rate-limits.ts';
import type { ApiRateLimits } from './plugins/rate-limits.ts';
import { securityHeadersPlugin } from './plugins/security.ts';
import { textGuardPlugin, UnstorableTextError } from './plugins/text-guard.ts';
import { problem, sendProblem } from './features/api/problem.ts';
import type { FieldProblem } from './features/api/problem.ts';
import type { Services } from './services/index.ts';
import type { OidcProviderConfig } from './services/oidc-sign-in.ts';
import { isUnavailable, unavailableProblem } from './features/unavailable.ts';

declare module 'fastify' {
  interface FastifyInstance {
    readonly registeredRoutes: readonly { readonly method: string; readonly url: string }[];
  }
}

export interface AppDeps {
  readonly services: Services;
  readonly engine: Engine;
  /** Secure cookies everywhere but plain-HTTP development and tests. */
  readonly secureCookies?: boolean;
  readonly logger?: FastifyBaseLogger | boolean;
  /** Organisations that sign in through their own OpenID Connect provider. */
  readonly oidcProviders?: readonly OidcProviderConfig[];
  /** Whose X-Forwarded-For gives the client's address (LANTERN_TRUST_PROXY); by default nobody's. */
  readonly trustProxy?: TrustProxy;
  /** Who may read /metrics, and the pools it reports; by default loopback only and no pools. */
  readonly metrics?: MetricsOptions;
  /** OpenTelemetry's Fastify plugin when tracing is on (src/telemetry.ts). */
  readonly tracing?: FastifyPluginCallback;
  /** The API's requests a minute by token and by organisation (the server's configuration); none by default. */
  readonly apiRateLimits?: ApiRateLimits | null;
  /** Lantern's address as people reach it (LANTERN_PUBLIC_URL): on a GOV.UK domain the pages carry the GOV.UK header. */
  readonly publicUrl?: string | null;
}

/** The Fastify application, without listening: the server and the tests both build it. */
export async function buildApp({
  services,
  engine,
  secureCookies = false,
  logger = false,
  oidcProviders = [],
  trustProxy = false,
  metrics = { token: null, pools: () => [] },
  tracing,
  apiRateLimits = null,
  publicUrl = null,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: typeof logger === 'object' ? logger : undefined,
    logger: typeof logger === 'boolean' ? logger : undefined,
    bodyLimit: 100 * 1024,
    // Request ids are random, never derived from the request: nothing identifying in logs.
    genReqId: () => crypto.randomUUID(),
    requestTimeout: 30_000,
    connectionTimeout: 10_000,
    keepAliveTimeout: 10_000,
    routerOptions: { maxParamLength: 200 },
    // request.ip is what the audit trail records as where a request came from.
    trustProxy: trustedProxies(trustProxy),
  });
  // Every route, as registered: the access tests check each one has a rule.
  const routes: { method: string; url: string }[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    if (route.config?.allow !== undefined) return; // answers 405
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  await app.register(textGuardPlugin);
  await app.register(rateLimitsPlugin);

  await app.register(fastifySwagger, openApiOptions);

  // Before every route, so that each is traced and measured.
  if (tracing !== undefined) await app.register(tracing);
  await app.register(metricsPlugin, { ...metrics, workload: () => services.health.workload() });
  await app.register(securityHeadersPlugin);
  await app.register(refusalAuditPlugin, { refusals: services.refusals });
  // The pages, with their own "Page not found" for every address outside /api.
  await app.register(webRoutes, { services, secureCookies, oidcProviders, onGovukDomain: isOnGovukDomain(publicUrl) });
  await app.register(
    (api, _options, done) => {
      api.setNotFoundHandler({ preHandler: api.notFoundRateLimit }, (request, reply) =>
        sendProblem(
          reply,
          problem(404, 'not-found', 'Not found', { detail: `There is no ${request.method} ${request.url.split('?')[0] ?? ''} in this service` }),
        ),
      );
      done();
    },
    { prefix: '/api' },
  );
  await app.register(async (json) => {
    const answerOtherMethods = answerOtherMethodsWith(json, (request, reply) =>
      sendProblem(
        reply,
        problem(405, 'method-not-allowed', 'Method not allowed', {
          detail: `${request.url.split('?')[0] ?? ''} does not take ${request.method}: use ${String(reply.getHeader('allow'))}`,
        }),
      ),
    );
    json.get('/health', { schema: { hide: true } }, (_request, reply) => reply.send({ status: 'ok', database: engine }));
    // Liveness: the process answers (restart it if not). Readiness: send it traffic only while its
    // database answers and has every migration (docs/deployment.md, "Health").
    json.get('/health/live', { schema: { hide: true } }, (_request, reply) => reply.send({ status: 'ok' }));
    json.get('/health/ready', { schema: { hide: true } }, async (_request, reply) => {
      const readiness = await services.health.readiness();
      if (readiness.ready) return reply.send({ status: 'ready', database: engine, pendingMigrations: 0 });
      return reply.code(503).send({
        status: 'not ready',
        database: engine,
        reason: readiness.reason,
        ...(readiness.pendingMigrations === undefined ? {} : { pendingMigrations: readiness.pendingMigrations }),
      });
    });
    await json.register(
      async (v1) => {
        v1.get('/openapi.json', { schema: { hide: true } }, (_request, reply) => reply.send(app.swagger()));
        await v1.register(apiRoutes, { services, rateLimits: apiRateLimits });
      },
      { prefix: '/api/v1' },
    );
    answerOtherMethods();
  });
  return app;
}

/** The setting as Fastify takes it: a count of hops as the function proxy-addr makes of one (Fastify's types lack the number). */
function trustedProxies(trustProxy: TrustProxy): string[] | boolean | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy === 'number') return (_address, hop) => hop < trustProxy;
  return typeof trustProxy === 'object' ? [...trustProxy] : trustProxy;
}

function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isUnavailable(error, request, reply)) return sendProblem(reply, unavailableProblem);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? 'body';
    const found: FieldProblem[] = error.validation.flatMap((issue): FieldProblem[] => {
      const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const keys = issue.params['keys'];
      if (issue.keyword === 'unrecognized_keys' && Array.isArray(keys)) {
        return keys.map((key) => ({
          field: path === '' ? String(key) : `${path}.${String(key)}`,
          message: `Remove ${String(key)}: it is not a field of this request`,
        }));
      }
      return [{ field: path === '' ? where : path, message: issue.message ?? 'This value is not valid' }];
    });
    // One message a field, the first, as a form shows it: text with a tab only is hidden characters, not also blank.
    const errors = found.filter((candidate, index) => found.findIndex((other) => other.field === candidate.field) === index);
    return sendProblem(
      reply,
      problem(400, 'invalid-request', 'There is a problem with the request', {
        detail: `The ${where === 'querystring' ? 'query' : where} has errors. Nothing was saved`,
        errors,
      }),
    );
  }
  if (error instanceof UnstorableTextError) {
    return sendProblem(
      reply,
      problem(400, 'invalid-request', 'There is a problem with the request', {
        detail: 'The request has errors. Nothing was saved',
        errors: [{ field: error.field, message: error.message }],
      }),
    );
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return sendProblem(reply, problem(429, 'too-many-requests', 'Too many requests', { detail: error.message }));
  if (status >= 400 && status < 500) {
    const messages: Record<string, string> = {
      FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty: send a JSON object',
      FST_ERR_CTP_BODY_TOO_LARGE: 'The body is too large: the limit is 100 KB',
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json',
    };
    return sendProblem(
      reply,
      problem(status, 'bad-request', 'There is a problem with the request', { detail: messages[error.code] ?? 'The request could not be read' }),
    );
  }
  request.log.error({ err: error, code: 'UNHANDLED_ERROR' }, 'Unhandled error');
  return sendProblem(reply, problem(500, 'internal-error', 'Sorry, there is a problem with the service', { detail: 'Try again later' }));
}
