import type { FastifyReply, FastifyRequest } from 'fastify';
import { paths } from '../paths.ts';
import { canWriteRecord } from '../domain/access/policy.ts';
import type { RecordView } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import { isUuid } from '../domain/ids.ts';

// What the pages check before they do anything: who is signed in, whether an id in the address can
// be one, and whether the person may change a child's record. The services check access again.

/**
 * An onRequest hook for pages that are for signed-in people. It runs before the CSRF check, so that
 * a form posted after the session ended goes to sign in too; a question page's form (`keepsAnswers`)
 * posted with the cookie of a session that has ended goes on to have its answers kept first.
 */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.user !== null) return undefined;
  // A question page's answers posted as the session ended unused go on, to be kept once the CSRF token is checked (src/features/web.ts).
  if (request.method === 'POST' && request.sessionToken !== null && request.routeOptions.config.keepsAnswers === true) return undefined;
  return reply.redirect(paths.signIn, 303);
}

/** The signed-in person, on a page behind `requireSignIn`. */
export function signedInActor(request: FastifyRequest): Actor {
  // The route's pattern, not its address: logs carry no ids.
  if (request.user === null) throw new Error(`${request.routeOptions.url ?? 'A page'} was reached without a signed-in user`);
  return request.user;
}

/** The UUID named `name` in a request's params or query (lower case, as Lantern writes them), or null. */
export function uuidIn(fields: unknown, name: string): string | null {
  const named: Readonly<Record<string, unknown>> = typeof fields === 'object' && fields !== null ? { ...fields } : {};
  const value = named[name];
  return isUuid(value) ? value.toLowerCase() : null;
}

/** The staff of a local authority whose role changes records (docs/access.md). */
export const writesRecords = (actor: Actor): actor is Actor & { readonly localAuthorityCode: string } =>
  actor.localAuthorityCode !== null && canWriteRecord(actor, actor.localAuthorityCode);

/** Only the responsible authority's staff change a record: they have its full view, and a role that writes. */
export const canChange = (actor: Actor, record: { readonly access: RecordView }): boolean => record.access === 'full' && writesRecords(actor);
