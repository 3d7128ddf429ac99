import { createHash, randomBytes } from 'node:crypto';
import { fail, ok } from '../domain/result.ts';
import { roleFitsKind } from '../domain/access/roles.ts';
import type { OrganisationKind } from '../domain/access/roles.ts';
import type { Result } from '../domain/result.ts';
import { isRole } from '../domain/access/actor.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';

// Case-management systems call the API with a bearer token tied to an organisation and role, held to
// the same rule as an account: a role people in that kind of organisation have (src/domain/access/roles.ts).
// Only a hash of the token is stored: the token itself is shown once, when it is made.

const TOKEN_PREFIX = 'lantern_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export type TokenError =
  | 'UNKNOWN_ORGANISATION'
  /** People in this kind of organisation do not have the role. */
  | { readonly kind: 'ROLE_NOT_IN_ORGANISATION'; readonly organisationKind: OrganisationKind };

export function createApiTokenService(deps: ServiceDeps) {
  const { db } = deps;
  return {
    async createToken(organisationCode: string, role: Role, description: string): Promise<Result<{ id: string; token: string }, TokenError>> {
      const organisation = await db.selectFrom('organisation').select(['code', 'kind']).where('code', '=', organisationCode).executeTakeFirst();
      if (!organisation) return fail('UNKNOWN_ORGANISATION');
      if (!roleFitsKind(role, organisation.kind)) return fail({ kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: organisation.kind });
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const id = deps.newId();
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('apiToken').values({ id, organisationCode, role, description, tokenHash: hashToken(token), createdAt: deps.now(), revokedAt: null }).execute();
        await deps.audit.append(trx, { actor: null, actorId: 'command-line', organisationCode, role, action: 'TOKEN_CREATED', entity: 'apiToken', entityId: id, details: { role, description } });
      });
      return ok({ id, token });
    },

    async revokeToken(id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const revoked = await trx.updateTable('apiToken').set({ revokedAt: deps.now() }).where('id', '=', id).where('revokedAt', 'is', null).returning(['organisationCode', 'role']).executeTakeFirst();
        if (!revoked) return false;
        await deps.audit.append(trx, { actor: null, actorId: 'command-line', organisationCode: revoked.organisationCode, role: revoked.role, action: 'TOKEN_REVOKED', entity: 'apiToken', entityId: id });
        return true;
      });
    },

    /** The actor a bearer token speaks for, or null for an unknown or revoked token. */
    async authenticate(token: string, origin: string | null): Promise<Actor | null> {
      // Refusals are audited, but only a few a minute from one origin (the audit log's refusal limit).
      const refuse = async (): Promise<null> => {
        if (deps.audit.admitRefusal(origin)) {
          await db.transaction().execute((trx) => deps.audit.append(trx, { actor: null, actorId: 'unknown', action: 'SIGN_IN_FAILED', entity: 'apiToken', origin, details: { reason: 'UNKNOWN_TOKEN' } }));
        }
        return null;
      };
      if (!token.startsWith(TOKEN_PREFIX)) return refuse();
      const row = await db
        .selectFrom('apiToken')
        .innerJoin('organisation', 'organisation.code', 'apiToken.organisationCode')
        .select(['apiToken.id', 'apiToken.role', 'apiToken.organisationCode', 'organisation.localAuthorityCode'])
        .where('apiToken.tokenHash', '=', hashToken(token))
        .where('apiToken.revokedAt', 'is', null)
        .executeTakeFirst();
      if (!row || !isRole(row.role)) return refuse();
      return { id: `token:${row.id}`, organisationCode: row.organisationCode, localAuthorityCode: row.localAuthorityCode, role: row.role, origin };
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
