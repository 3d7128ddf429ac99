import { createHash, randomBytes } from 'node:crypto';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { isRole } from './actor.ts';
import type { Actor, Role } from './actor.ts';
import type { ServiceDeps } from './deps.ts';

// Case-management systems call the API with a bearer token tied to an organisation and role.
// Only a hash of the token is stored: the token itself is shown once, when it is made.

const TOKEN_PREFIX = 'lantern_';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export type TokenError = 'UNKNOWN_ORGANISATION';

export function createApiTokenService(deps: ServiceDeps) {
  const { db } = deps;
  return {
    async createToken(organisationCode: string, role: Role, description: string): Promise<Result<{ id: string; token: string }, TokenError>> {
      const organisation = await db.selectFrom('organisation').select('code').where('code', '=', organisationCode).executeTakeFirst();
      if (!organisation) return fail('UNKNOWN_ORGANISATION');
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const id = deps.newId();
      await db.insertInto('apiToken').values({ id, organisationCode, role, description, tokenHash: hashToken(token), createdAt: deps.now(), revokedAt: null }).execute();
      return ok({ id, token });
    },

    async revokeToken(id: string): Promise<boolean> {
      const result = await db.updateTable('apiToken').set({ revokedAt: deps.now() }).where('id', '=', id).where('revokedAt', 'is', null).executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    /** The actor a bearer token speaks for, or null for an unknown or revoked token. */
    async authenticate(token: string): Promise<Actor | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const row = await db
        .selectFrom('apiToken')
        .innerJoin('organisation', 'organisation.code', 'apiToken.organisationCode')
        .select(['apiToken.id', 'apiToken.role', 'apiToken.organisationCode', 'organisation.localAuthorityCode'])
        .where('apiToken.tokenHash', '=', hashToken(token))
        .where('apiToken.revokedAt', 'is', null)
        .executeTakeFirst();
      if (!row || !isRole(row.role)) return null;
      return { id: `token:${row.id}`, organisationCode: row.organisationCode, localAuthorityCode: row.localAuthorityCode, role: row.role };
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
