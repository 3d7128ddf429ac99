import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthorizationProblem, RefusalService, RefusedRequest } from '../services/refusal-service.ts';
import { isUuid } from '../domain/ids.ts';

// Every refusal is audited (issue 10, item 8), rate-limited by the audit log: a page or API route that
// names a record answering 403 or 404 (the record is not there or not for this person, which look
// the same to them), and an API request with no usable Authorization header. A token that was checked
// and refused is audited by the token service, which knows why.

/** The child's id parameter of a child's page or API route. */
const CHILD_ROUTE = /^(?:\/api\/v1)?\/children\/:(\w+)/;
/** What the API's bearer check reads; anything else never reaches it. */
const BEARER = /^bearer +\S+$/i;
const API_PREFIX = '/api/v1/';
/** How often refusals counted but not recorded are written up: the limit's window is a minute. */
const SUMMARY_INTERVAL_MS = 10_000;

/** The refused request as the audit trail keeps it: the route's pattern and ids, no values. */
function refusedRequestOf(request: Pick<FastifyRequest, 'method' | 'params'> & { readonly routeUrl: string }, status: number): RefusedRequest {
  const params: Readonly<Record<string, unknown>> = typeof request.params === 'object' && request.params !== null ? { ...request.params } : {};
  const uuid = (value: unknown): string | null => (typeof value === 'string' && isUuid(value) ? value.toLowerCase() : null);
  const childParam = CHILD_ROUTE.exec(request.routeUrl)?.[1];
  return {
    method: request.method,
    route: request.routeUrl,
    status,
    entityId:
      Object.values(params)
        .map(uuid)
        .find((id) => id !== null) ?? null,
    childId: childParam === undefined ? null : uuid(params[childParam]),
  };
}

/** Why an API request refused with 401 had no token checked, or null if a token was checked (and audited then). */
function authorizationProblemOf(header: string | undefined): AuthorizationProblem | null {
  if (header === undefined || header.trim() === '') return 'NO_TOKEN';
  return BEARER.test(header.trim()) ? null : 'MALFORMED_AUTHORIZATION';
}

export const refusalAuditPlugin = fp(
  (app, { refusals }: { readonly refusals: RefusalService }, done) => {
    app.addHook('onSend', async (request, reply) => {
      const status = reply.statusCode;
      const routeUrl = request.routeOptions.url;
      // Before the answer goes, so that a refusal and its event are one round trip for the caller.
      try {
        if (status === 401 && request.url.startsWith(API_PREFIX)) {
          const problem = authorizationProblemOf(request.headers.authorization);
          if (problem !== null) await refusals.refusedAuthorization(problem, request.ip);
        } else if ((status === 403 || status === 404) && routeUrl !== undefined) {
          // The API's caller or the signed-in person; each is decorated only where it applies.
          const actor = (request.actor as typeof request.actor | undefined) ?? request.user ?? null;
          await refusals.refusedRequest(actor, refusedRequestOf({ method: request.method, params: request.params, routeUrl }, status), request.ip);
        }
      } catch (error) {
        // The refusal stands; only its event is missing, which the log says (with no values).
        request.log.error({ err: error, code: 'REFUSAL_NOT_AUDITED' }, 'A refusal could not be audited');
      }
    });

    const writeUnrecorded = async (includeCurrent: boolean) => {
      try {
        await refusals.writeUnrecorded({ includeCurrent });
      } catch (error) {
        app.log.error({ err: error, code: 'REFUSAL_SUMMARY_NOT_AUDITED' }, 'Refusals not recorded could not be counted in the audit trail');
      }
    };
    const timer = setInterval(() => void writeUnrecorded(false), SUMMARY_INTERVAL_MS);
    timer.unref();
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await writeUnrecorded(true);
    });
    done();
  },
  { name: 'refusal-audit' },
);
