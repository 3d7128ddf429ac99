import { listOrganisations } from '../db/repositories/organisation-repository.ts';
import { deactivateUser, findAccount, listAccounts, listUserSummaries } from '../db/repositories/user-repository.ts';
import type { AccountSummary, UserSummary } from '../db/repositories/user-repository.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { roleMisfitMessage } from '../domain/access/roles.ts';
import type { OrganisationKind } from '../domain/access/roles.ts';
import type { Actor } from '../domain/access/actor.ts';
import { administeredOrganisation } from '../domain/access/policy.ts';
import type { ServiceDeps } from './deps.ts';
import { invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import type { CreatedUser, NewUser, ResetSignIn, UserService } from './user-service.ts';
import { isUuid } from '../domain/ids.ts';

// Administrators manage the accounts of their own organisation (a system administrator, any
// organisation's); neither sees children's records. Every change is audited by the user service.

export type { AccountSummary, UserSummary } from '../db/repositories/user-repository.ts';

/** An organisation an administrator may add accounts to. */
export interface AdministeredOrganisation {
  readonly code: string;
  readonly name: string;
  readonly kind: OrganisationKind;
}

const CREATE_ERRORS: Record<string, string> = {
  UNKNOWN_ORGANISATION: 'Select an organisation that exists',
  UNKNOWN_ROLE: 'Select a role from the list',
  INVALID_EMAIL: 'Enter an email address in the correct format, like name@example.gov.uk',
  INVALID_DISPLAY_NAME: 'Enter the person’s name',
  EMAIL_TAKEN: 'An account with this email address already exists',
};

export function createUserAdminService(deps: ServiceDeps, users: UserService) {
  const { db } = deps;
  return {
    async listUsers(actor: Actor): Promise<Result<readonly UserSummary[], ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('users'));
      return ok(await listUserSummaries(db, scope));
    },

    async createUser(actor: Actor, input: NewUser): Promise<Result<CreatedUser, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('users'));
      if (scope !== null && input.organisationCode !== scope)
        return fail(invalidField('user', 'new-user', 'organisationCode', 'You can only add people to your own organisation'));
      if (scope !== null && input.role === 'system_administrator')
        return fail(invalidField('user', 'new-user', 'role', 'Only a system administrator can add another'));
      const created = await users.createUser(input, actor);
      if (created.ok) return created;
      const error = created.error;
      if (typeof error === 'string')
        return fail(
          invalidField(
            'user',
            'new-user',
            error === 'EMAIL_TAKEN' || error === 'INVALID_EMAIL'
              ? 'email'
              : error === 'UNKNOWN_ROLE'
                ? 'role'
                : error === 'INVALID_DISPLAY_NAME'
                  ? 'displayName'
                  : 'organisationCode',
            CREATE_ERRORS[error] ?? 'Check the details',
          ),
        );
      if (error.kind === 'ROLE_NOT_IN_ORGANISATION') return fail(invalidField('user', 'new-user', 'role', roleMisfitMessage(error.organisationKind)));
      return fail(invalidField('user', 'new-user', 'password', `Choose a different password: ${JSON.stringify(error.problem)}`));
    },

    /** Deactivates an account and ends its sessions at once. Not the actor's own. */
    async deactivateUser(actor: Actor, userId: string): Promise<Result<{ readonly sessionsRevoked: number }, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined || !isUuid(userId)) return fail(notFound('user'));
      // An organisation could otherwise lose its last administrator by a slip of the hand.
      if (userId.toLowerCase() === actor.id.toLowerCase()) {
        return fail(invalidField('user', userId, 'userId', 'You cannot deactivate your own account. Ask another administrator to do it'));
      }
      const updated = await db.transaction().execute(async (trx) => {
        const row = await deactivateUser(trx, userId, scope, deps.now());
        if (row)
          await deps.audit.append(trx, {
            actor,
            action: 'USER_CHANGED',
            entity: 'user',
            entityId: userId,
            details: { active: { before: true, after: false } },
          });
        return row;
      });
      if (!updated) return fail(notFound('user'));
      return ok({ sessionsRevoked: await users.revokeSessionsOfUser(userId, actor) });
    },

    /**
     * New sign-in details for someone who has lost their password or authenticator, for whoever may
     * deactivate their account: a new password and TOTP secret (returned once), every session ended,
     * any lock-out lifted, audited without the secrets. Keeps the person, and their audit trail, in
     * one account. Not a deactivated account, and not the actor's own.
     */
    async resetSignIn(actor: Actor, userId: string): Promise<Result<ResetSignIn, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined || !isUuid(userId)) return fail(notFound('user'));
      // Their own reset would sign them out at once with details only they could pass on to themselves.
      if (userId.toLowerCase() === actor.id.toLowerCase()) {
        return fail(
          invalidField(
            'user',
            userId,
            'userId',
            'You cannot reset your own sign-in details: it would sign you out straight away. Ask another administrator to do it',
          ),
        );
      }
      const reset = await users.resetSignIn(userId, actor, { organisationCode: scope });
      if (reset.ok) return reset;
      if (reset.error === 'DEACTIVATED')
        return fail(invalidField('user', userId, 'active', 'This account has been deactivated, so its sign-in details cannot be reset'));
      return fail(notFound('user'));
    },

    /** The accounts the actor administers, with their organisation's name and last sign-in. Audited as a list. */
    async listAccounts(actor: Actor): Promise<Result<readonly AccountSummary[], ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('users'));
      return ok(
        await db.transaction().execute(async (trx) => {
          const accounts = await listAccounts(trx, scope);
          await deps.audit.append(trx, { actor, action: 'LIST', entity: 'user', details: { organisation: scope ?? 'all', accounts: accounts.length } });
          return accounts;
        }),
      );
    },

    /** One account the actor administers (for instance before deactivating it), or not found. Audited as a view. */
    async getAccount(actor: Actor, userId: string): Promise<Result<AccountSummary, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined || !isUuid(userId)) return fail(notFound('user'));
      const account = await db.transaction().execute(async (trx) => {
        const row = await findAccount(trx, userId.toLowerCase(), scope);
        if (row) await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'user', entityId: row.id });
        return row;
      });
      return account ? ok(account) : fail(notFound('user'));
    },

    /** The organisations the actor may add accounts to: their own, or every one for a system administrator. */
    async organisationsForNewAccounts(actor: Actor): Promise<Result<readonly AdministeredOrganisation[], ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('organisations'));
      return ok(await listOrganisations(db, scope));
    },
  };
}
