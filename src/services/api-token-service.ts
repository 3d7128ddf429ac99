import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  findApiToken,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  lockUnrevokedApiToken,
  revokeApiToken,
} from '../db/repositories/api-token-repository.ts';
import { findOrganisation } from '../db/repositories/organisation-repository.ts';
import { administeredOrganisation } from '../domain/access/policy.ts';
import { TOKEN_DAYS, tokenExpiry, tokenLifetime, tokenStatus } from '../domain/api-token.ts';
import type { ApiTokenSummary, TokenStatus } from '../domain/api-token.ts';
import { fail, ok } from '../domain/result.ts';
import { roleFitsKind } from '../domain/access/roles.ts';
import type { OrganisationKind } from '../domain/access/roles.ts';
import type { Result } from '../domain/result.ts';
import { isRole } from '../domain/access/actor.ts';
import type { Actor, Role } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { isUuid } from '../domain/ids.ts';

// Case-management systems call the API with a bearer token tied to an organisation and role, held to
// the same rule as an account: a role people in that kind of organisation have (src/domain/access/roles.ts).
// Only a hash of the token is stored: the token itself is shown once, when it is made. Tokens expire
// (src/domain/api-token.ts); the operator (from the command line) and administrators (on their pages, for
// the organisations they administer) list them and rotate one: a new token in its place, the old one
// revoked at once. Every step is audited.

const TOKEN_PREFIX = 'lantern_';
/** Who made, listed, rotated or revoked a token, in the audit trail: the operator at the command line. */
const OPERATOR = 'command-line';

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

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

/** A token as listed, with whether it works now. */
export type ListedToken = ApiTokenSummary & { readonly status: TokenStatus };

export interface TokenOptions {
  /** Days it lasts: 90 unless set, at most a year. */
  readonly days?: number;
}

export function createApiTokenService(deps: ServiceDeps) {
  const { db } = deps;

  /** Who the audit trail names: an administrator at the pages, or the operator at the command line (null). */
  const actorFields = (by: Actor | null, token: { readonly organisationCode: string; readonly role: string }) =>
    by === null ? { actor: null, actorId: OPERATOR, organisationCode: token.organisationCode, role: token.role } : { actor: by };

  /** Writes a new token in the transaction and audits it; `replaces` names the token it rotates. */
  async function issue(
    trx: Transaction<Database>,
    by: Actor | null,
    fields: { organisationCode: string; role: string; description: string },
    days: number,
    replaces?: string,
  ): Promise<NewToken> {
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const id = deps.newId();
    const now = deps.now();
    const expiresAt = tokenExpiry(now, days);
    await insertApiToken(trx, { id, ...fields, tokenHash: hashToken(token), createdAt: now, revokedAt: null, expiresAt });
    const details = { role: fields.role, description: fields.description, expiresAt, ...(replaces === undefined ? {} : { replaces }) };
    await deps.audit.append(trx, { ...actorFields(by, fields), action: 'TOKEN_CREATED', entity: 'apiToken', entityId: id, details });
    return { id, token, expiresAt };
  }

  /**
   * A new token in the place of one not yet revoked (expired or not) within `scope` (an organisation, or
   * null for all): the same organisation, role and description, lasting `days` from now; the old one is
   * revoked at once and names its replacement. Null when there is no such token.
   */
  async function rotate(id: string, days: number, by: Actor | null, scope: string | null): Promise<NewToken | null> {
    return db.transaction().execute(async (trx) => {
      const old = await lockUnrevokedApiToken(trx, id);
      if (!old || (scope !== null && old.organisationCode !== scope)) return null;
      const fresh = await issue(trx, by, { organisationCode: old.organisationCode, role: old.role, description: old.description }, days, old.id);
      await revokeApiToken(trx, old.id, deps.now(), fresh.id);
      await deps.audit.append(trx, {
        ...actorFields(by, old),
        action: 'TOKEN_REVOKED',
        entity: 'apiToken',
        entityId: old.id,
        details: { replacedBy: fresh.id },
      });
      return fresh;
    });
  }

  /** The tokens of `organisationCode` (null: all) with whether each works now; the listing is audited. */
  async function list(organisationCode: string | null, by: Actor | null): Promise<readonly ListedToken[]> {
    const now = deps.now();
    return db.transaction().execute(async (trx) => {
      const tokens = await listApiTokens(trx, organisationCode);
      const who = by === null ? { actor: null, actorId: OPERATOR, ...(organisationCode === null ? {} : { organisationCode }) } : { actor: by };
      await deps.audit.append(trx, { ...who, action: 'LIST', entity: 'apiToken', details: { organisation: organisationCode ?? 'all', tokens: tokens.length } });
      return tokens.map((token) => ({ ...token, status: tokenStatus(token, now) }));
    });
  }

  return {
    async createToken(organisationCode: string, role: Role, description: string, options: TokenOptions = {}): Promise<Result<NewToken, TokenError>> {
      const days = tokenLifetime(options.days);
      if (!days.ok) return fail({ kind: 'INVALID_LIFETIME', message: days.error });
      const organisation = await findOrganisation(db, organisationCode);
      if (!organisation) return fail('UNKNOWN_ORGANISATION');
      if (!roleFitsKind(role, organisation.kind)) return fail({ kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind: organisation.kind });
      return ok(await db.transaction().execute((trx) => issue(trx, null, { organisationCode, role, description }, days.value)));
    },

    /** `lantern token rotate`: see rotate. */
    async rotateToken(id: string, options: TokenOptions = {}): Promise<Result<NewToken, 'UNKNOWN_TOKEN' | Extract<TokenError, { kind: 'INVALID_LIFETIME' }>>> {
      const days = tokenLifetime(options.days);
      if (!days.ok) return fail({ kind: 'INVALID_LIFETIME', message: days.error });
      const rotated = await rotate(id, days.value, null, null);
      return rotated === null ? fail('UNKNOWN_TOKEN') : ok(rotated);
    },

    /** An administrator rotates one of the tokens they administer, for the default lifetime; any other answers not found. */
    async rotateTokenFor(actor: Actor, id: string): Promise<Result<NewToken, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined || !isUuid(id)) return fail(notFound('apiToken'));
      const rotated = await rotate(id.toLowerCase(), TOKEN_DAYS, actor, scope);
      return rotated === null ? fail(notFound('apiToken')) : ok(rotated);
    },

    /** One of the tokens an administrator administers, revoked or not (audited as a view); any other answers not found. */
    async getTokenFor(actor: Actor, id: string): Promise<Result<ListedToken, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined || !isUuid(id)) return fail(notFound('apiToken'));
      const found = await db.transaction().execute(async (trx) => {
        const token = await findApiToken(trx, id.toLowerCase());
        if (!token || (scope !== null && token.organisationCode !== scope)) return null;
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'apiToken', entityId: token.id });
        return token;
      });
      return found === null ? fail(notFound('apiToken')) : ok({ ...found, status: tokenStatus(found, deps.now()) });
    },

    /** The tokens an administrator administers (their organisation's, or all), audited as a list. */
    async listTokensFor(actor: Actor): Promise<Result<readonly ListedToken[], ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('apiTokens'));
      return ok(await list(scope, actor));
    },

    async revokeToken(id: string): Promise<boolean> {
      return db.transaction().execute(async (trx) => {
        const revoked = await revokeApiToken(trx, id, deps.now());
        if (!revoked) return false;
        await deps.audit.append(trx, {
          actor: null,
          actorId: OPERATOR,
          organisationCode: revoked.organisationCode,
          role: revoked.role,
          action: 'TOKEN_REVOKED',
          entity: 'apiToken',
          entityId: id,
        });
        return true;
      });
    },

    /** `lantern token list`: every token, or one organisation's, with whether each works now; audited. */
    async listTokens(organisationCode: string | null): Promise<Result<readonly ListedToken[], 'UNKNOWN_ORGANISATION'>> {
      if (organisationCode !== null && !(await findOrganisation(db, organisationCode))) return fail('UNKNOWN_ORGANISATION');
      return ok(await list(organisationCode, null));
    },

    /** The actor a bearer token speaks for, or null for an unknown, revoked or expired token. */
    async authenticate(token: string, origin: string | null): Promise<Actor | null> {
      // Refusals are audited, but only a few a minute from one origin (the audit log's refusal limit).
      const refuse = async (reason: 'UNKNOWN_TOKEN' | 'EXPIRED_TOKEN', tokenId?: string): Promise<null> => {
        if (deps.audit.admitRefusal(origin)) {
          await db.transaction().execute((trx) =>
            deps.audit.append(trx, {
              actor: null,
              actorId: 'unknown',
              action: 'SIGN_IN_FAILED',
              entity: 'apiToken',
              ...(tokenId === undefined ? {} : { entityId: tokenId }),
              origin,
              details: { reason },
            }),
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
