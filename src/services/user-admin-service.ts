import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor } from './actor.ts';
import type { ServiceDeps } from './deps.ts';
import { invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import type { CreatedUser, NewUser, UserService } from './user-service.ts';

// Administrators manage the accounts of their own organisation (a system administrator, any
// organisation's); neither sees children's records. Every change is audited by the user service.

export interface UserSummary {
  readonly id: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly email: string;
  readonly displayName: string;
  readonly active: boolean;
  readonly lockedUntil: string | null;
}

/** The organisation an actor administers, null for all, or undefined for none. */
function administeredOrganisation(actor: Actor): string | null | undefined {
  if (actor.role === 'system_administrator') return null;
  if (actor.role === 'organisation_administrator') return actor.organisationCode;
  return undefined;
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
      let query = db.selectFrom('appUser').select(['id', 'organisationCode', 'role', 'email', 'displayName', 'active', 'lockedUntil']);
      if (scope !== null) query = query.where('organisationCode', '=', scope);
      return ok(await query.orderBy('organisationCode').orderBy('email').execute());
    },

    async createUser(actor: Actor, input: NewUser): Promise<Result<CreatedUser, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('users'));
      if (scope !== null && input.organisationCode !== scope) return fail(invalidField('user', 'new-user', 'organisationCode', 'You can only add people to your own organisation'));
      if (scope !== null && input.role === 'system_administrator') return fail(invalidField('user', 'new-user', 'role', 'Only a system administrator can add another'));
      const created = await users.createUser(input, actor);
      if (created.ok) return created;
      const error = created.error;
      if (typeof error === 'string') return fail(invalidField('user', 'new-user', error === 'EMAIL_TAKEN' || error === 'INVALID_EMAIL' ? 'email' : error === 'UNKNOWN_ROLE' ? 'role' : error === 'INVALID_DISPLAY_NAME' ? 'displayName' : 'organisationCode', CREATE_ERRORS[error] ?? 'Check the details'));
      return fail(invalidField('user', 'new-user', 'password', `Choose a different password: ${JSON.stringify(error.problem)}`));
    },

    /** Deactivates an account and ends its sessions at once. */
    async deactivateUser(actor: Actor, userId: string): Promise<Result<{ readonly sessionsRevoked: number }, ServiceError>> {
      const scope = administeredOrganisation(actor);
      if (scope === undefined) return fail(notFound('user'));
      const updated = await db.transaction().execute(async (trx) => {
        let query = trx.updateTable('appUser').set({ active: false, updatedAt: deps.now() }).where('id', '=', userId).where('active', '=', true);
        if (scope !== null) query = query.where('organisationCode', '=', scope);
        const row = await query.returning(['id', 'organisationCode']).executeTakeFirst();
        if (row) await deps.audit.append(trx, { actor, action: 'USER_CHANGED', entity: 'user', entityId: userId, details: { active: { before: true, after: false } } });
        return row;
      });
      if (!updated) return fail(notFound('user'));
      return ok({ sessionsRevoked: await users.revokeSessionsOfUser(userId, actor) });
    },
  };
}

export type UserAdminService = ReturnType<typeof createUserAdminService>;
