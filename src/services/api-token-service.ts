import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { findApiTokenByHash, insertApiToken, listApiTokens, lockUnrevokedApiToken, revokeApiToken } from '../db/repositories/api-token-repository.ts';
import { findOrganisation } from '../db/repositories/organisation-repository.ts';
import { tokenExpiry, tokenLifetime, tokenStatus } from '../domain/api-token.ts';
import type { ApiTokenSummary } from '../domain/api-token.ts';
import { fail, ok } from '../domain/result.ts';
import { roleFitsKind } from '../domain/access/roles.ts';
import type { OrganisationKind } from '../domain/access/roles.ts';
import type { Result } from '../domain/result.ts';
import { isRole } from '../domain/access/actor.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';

// Case-management systems call the API with a bearer token tied to an organisation and role, held to
// the same rule as an account: a role people in that kind of organisation have (src/domain/access/roles.ts).
// Only a hash of the token is stored: the token itself is shown once, when it is made. Tokens expire
// (src/domain/api-token.ts); the operator lists them and rotates one (a new token in its place, the old
// revoked at once) from the command line, every step audited.

const TOKEN_PREFIX = 'lantern_';
/** Who made, listed, rotated or revoked a token, in the audit trail: the operator at the command line. */
const OPERATOR = 'command-line';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export type TokenError =
  | 'UNKNOWN_ORGANISATION'
  /** People in this kind of organisation do not have the role. */
  | { readonly kind: 'ROLE_NOT_IN_ORGANISATION'; readonly organisationKind: OrganisationKind }
  /** The days it is to last are not a whole number from 1 to a year. */
  | { readonly kind: 'INVALID_LIFETIME'; readonly message: string };

export interface NewToken {
  readonly id: string;
  /** Shown once: only its hash is kept. */
  readonly token: string;
  readonly expiresAt: string;
}

export interface TokenOptions {
  /** Days it lasts: 90 unless set, at most a year. */
  readonly days?: number;
}

export function createApiTokenService(deps: ServiceDeps) {
  const { db } = deps;

  /** Writes a new token in the transaction and audits it; `replaces` names the token it rotates. */
  async function issue(trx: Transaction<Database>, fields: { organisationCode: string; role: string; description: string }, days: number, replaces?: string): Promise<NewToken> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = deps.newId();
    const now = deps.now();
    const expiresAt = tokenExpiry(now, days);
    await insertApiToken(trx, { id, ...fields, tokenHash: hashToken(token), createdAt: now, revokedAt: null, expiresAt });
    const details = { role: fields.role, description: fields.description, expiresAt, ...(replaces === undefined ? {} : { replaces }) };
    await deps.audit.append(trx, { actor: null, actorId: OPERATOR, organisationCode: fields.organisationCode, role: fields.role, action: 'TOKEN_CREATED', entity: 'apiToken', entityId: id, details });
    return { id, token, expiresAt };
  }

  return {
    async createToken(organisationCode: string, role: Role, description: string, options: TokenOptions = {}): Promise<Result<NewToken, TokenError>> {
      const days = tokenLifetime(options.days);
      if (!days.ok) return fail({ kind: 'INVALID_LIFETIME', message: days.error });
      const organisation = await findOrganisation(db, organisationCode);
      if (!organisation) return fail('UNKNOWN_ORGANISATION');
      if (!roleFitsKind(role, organisation.kind)) return fail({ kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: organisation.kind });
      return ok(await db.transaction().execute((trx) => issue(trx, { organisationCode, role, description }, days.value)));
    },

    /**
     * A new token in the place of one not yet revoked (expired or not): the same organisation, role and
     * description, lasting `days` from now; the old one is revoked at once and names its replacement.
     */
    async rotateToken(id: string, options: TokenOptions = {}): Promise<Result<NewToken, 'UNKNOWN_TOKEN' | Extract<TokenError, { kind: 'INVALID_LIFETIME' }>>> {
      const days = tokenLifetime(options.days);
      if (!days.ok) return fail({ kind: 'INVALID_LIFETIME', message: days.error });
      const rotated = await db.transaction().execute(async (trx) => {
        const old = await lockUnrevokedApiToken(trx, id);
        if (!old) return null;
        const fresh = await issue(trx, { organisationCode: old.organisationCode, role: old.role, description: old.description }, days.value, old.id);
        await revokeApiToken(trx, old.id, deps.now(), fresh.id);
        await deps.audit.append(trx, { actor: null, actorId: OPERATOR, organisationCode: old.organisationCode, role: old.role, action: 'TOKEN_REVOKED', entity: 'apiToken', entityId: old.id, details: { replacedBy: fresh.id } });
        return fresh;
      });
      return rotated === null ? fail('UNKNOWN_TOKEN') : ok(rotated);
    },

    async revokeToken(id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const revoked = await revokeApiToken(trx, id, deps.now());
        if (!revoked) return false;
        await deps.audit.append(trx, { actor: null, actorId: OPERATOR, organisationCode: revoked.organisationCode, role: revoked.role, action: 'TOKEN_REVOKED', entity: 'apiToken', entityId: id });
        return true;
      });
    },

    /** Every token, or one organisation's, with whether each works now; the listing is audited. */
    async listTokens(organisationCode: string | null): Promise<Result<readonly (ApiTokenSummary & { readonly status: ReturnType<typeof tokenStatus> })[], 'UNKNOWN_ORGANISATION'>> {
      if (organisationCode !== null && !(await findOrganisation(db, organisationCode))) return fail('UNKNOWN_ORGANISATION');
      const now = deps.now();
      return ok(
        await db.transaction().execute(async (trx) => {
          const tokens = await listApiTokens(trx, organisationCode);
          await deps.audit.append(trx, { actor: null, actorId: OPERATOR, ...(organisationCode === null ? {} : { organisationCode }), action: 'LIST', entity: 'apiToken', details: { organisation: organisationCode ?? 'all', tokens: tokens.length } });
          return tokens.map((token) => ({ ...token, status: tokenStatus(token, now) }));
        }),
      );
    },

    /** The actor a bearer token speaks for, or null for an unknown, revoked or expired token. */
    async authenticate(token: string, origin: string | null): Promise<Actor | null> {
      // Refusals are audited, but only a few a minute from one origin (the audit log's refusal limit).
      const refuse = async (reason: 'UNKNOWN_TOKEN' | 'EXPIRED_TOKEN', tokenId?: string): Promise<null> => {
        if (deps.audit.admitRefusal(origin)) {
          await db.transaction().execute((trx) =>
            deps.audit.append(trx, { actor: null, actorId: 'unknown', action: 'SIGN_IN_FAILED', entity: 'apiToken', ...(tokenId === undefined ? {} : { entityId: tokenId }), origin, details: { reason } }),
          );
        }
        return null;
      };
      if (!token.startsWith(TOKEN_PREFIX)) return refuse('UNKNOWN_TOKEN');
      const row = await findApiTokenByHash(db, hashToken(token));
      if (!row || row.revokedAt !== null || !isRole(row.role)) return refuse('UNKNOWN_TOKEN');
      // Someone holds what was a good token: say which, so that its organisation can be told to rotate it.
      if (tokenStatus(row, deps.now()) === 'expired') return refuse('EXPIRED_TOKEN', row.id);
      return { id: `token:${row.id}`, organisationCode: row.organisationCode, localAuthorityCode: row.localAuthorityCode, role: row.role, origin };
    },
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
