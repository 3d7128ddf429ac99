import type { Actor } from '../domain/access/actor.ts';
import type { AuditEventInput } from './audit-log.ts';
import type { ServiceDeps } from './deps.ts';

// Refusals are audited (issue 10, item 8): a record someone may not see, a request without a usable
// API token. Never what was asked for beyond the route's pattern and the record's id: no token, no
// search terms, no body. Past a few a minute from one origin they are counted instead, and one event
// says how many (the audit log's refusal limit).

/** A request answered 403 or 404 on a route that names something. */
export interface RefusedRequest {
  readonly method: string;
  /** The route's pattern (`/api/v1/children/:id`), never the address with its values. */
  readonly route: string;
  readonly status: number;
  /** The id the route names, when it has the shape of one. */
  readonly entityId: string | null;
  /** The child's id, when the route is a child's. */
  readonly childId: string | null;
}

/** Why an API request had no token to check: none was sent, or the Authorization header was not `Bearer <token>`. */
export type AuthorizationProblem = 'NO_TOKEN' | 'MALFORMED_AUTHORIZATION';

/** Who is refused when nobody is signed in. */
const ANONYMOUS = 'anonymous';

export function createRefusalService(deps: ServiceDeps) {
  const { db } = deps;
  /** Appends the refusal unless its origin has had its share this minute; true if it was recorded. */
  async function record(origin: string | null, input: AuditEventInput): Promise<boolean> {
    if (!deps.audit.admitRefusal(origin)) return false;
    await db.transaction().execute((trx) => deps.audit.append(trx, { ...input, origin }));
    return true;
  }

  return {
    async refusedRequest(actor: Actor | null, request: RefusedRequest, origin: string | null): Promise<boolean> {
      return record(origin, {
        actor,
        ...(actor === null ? { actorId: ANONYMOUS } : {}),
        action: 'REFUSED',
        entity: 'request',
        entityId: request.entityId,
        childId: request.childId,
        details: { method: request.method, route: request.route, status: request.status },
      });
    },

    async refusedAuthorization(problem: AuthorizationProblem, origin: string | null): Promise<boolean> {
      return record(origin, { actor: null, actorId: ANONYMOUS, action: 'SIGN_IN_FAILED', entity: 'apiToken', details: { reason: problem } });
    },

    /**
     * Writes the events saying how many refusals went unrecorded in the minutes now over, or also in
     * the current one when shutting down; returns how many it wrote.
     */
    async writeUnrecorded(options: { readonly includeCurrent?: boolean } = {}): Promise<number> {
      const summaries = deps.audit.unrecordedRefusals(options);
      if (summaries.length > 0) {
        await db.transaction().execute(async (trx) => {
          for (const summary of summaries) await deps.audit.append(trx, summary);
        });
      }
      return summaries.length;
    },
  };
}

export type RefusalService = ReturnType<typeof createRefusalService>;
