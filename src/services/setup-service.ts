import { findOrganisation, hasSystemAdministrator, insertOrganisation, nationalUnits } from '../db/repositories/organisation-repository.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { ServiceDeps } from './deps.ts';
import type { CreatedUser, CreateUserError, createUserService } from './user-service.ts';

// A new national deployment has no organisation but the local authorities (migration 0003) and no
// account: setting it up creates the national unit and its first system administrator, who then
// creates everyone else's accounts. It runs once; afterwards it refuses and changes nothing.

export interface NationalSetup {
  readonly organisationCode: string;
  readonly organisationName: string;
  readonly email: string;
  readonly displayName: string;
  readonly password: string;
}

export type SetupError =
  | { readonly kind: 'ALREADY_SET_UP' }
  /** Another national unit exists, under another code. */
  | { readonly kind: 'OTHER_NATIONAL_UNIT'; readonly code: string }
  /** The code belongs to an organisation that is not a national unit (a local authority, say). */
  | { readonly kind: 'CODE_TAKEN' }
  | { readonly kind: 'INVALID_ORGANISATION'; readonly field: 'organisationCode' | 'organisationName' }
  | { readonly kind: 'ACCOUNT'; readonly error: CreateUserError };

const CODE_SHAPE = /^[A-Z0-9][A-Z0-9-]{1,39}$/;

export function createSetupService(deps: ServiceDeps, users: Pick<ReturnType<typeof createUserService>, 'createUser'>) {
  return {
    /**
     * Creates the national unit (unless a run stopped after creating it) and its first system
     * administrator. Refuses once any system administrator exists.
     */
    async setUpNationalDeployment(input: NationalSetup): Promise<Result<CreatedUser & { readonly organisationCreated: boolean }, SetupError>> {
      const code = input.organisationCode.trim().toUpperCase();
      const name = input.organisationName.trim();
      if (!CODE_SHAPE.test(code)) return fail({ kind: 'INVALID_ORGANISATION', field: 'organisationCode' });
      if (name === '' || name.length > 200) return fail({ kind: 'INVALID_ORGANISATION', field: 'organisationName' });
      if (await hasSystemAdministrator(deps.db)) return fail({ kind: 'ALREADY_SET_UP' });

      const other = (await nationalUnits(deps.db)).find((unit) => unit.code !== code);
      if (other !== undefined) return fail({ kind: 'OTHER_NATIONAL_UNIT', code: other.code });
      const existing = await findOrganisation(deps.db, code);
      if (existing !== undefined && existing.kind !== 'national_unit') return fail({ kind: 'CODE_TAKEN' });

      const organisationCreated = existing === undefined;
      if (organisationCreated) {
        await deps.db.transaction().execute(async (trx) => {
          await insertOrganisation(trx, { code, name, kind: 'national_unit' });
          await deps.audit.append(trx, {
            actor: null,
            actorId: 'command-line',
            organisationCode: code,
            action: 'CREATE',
            entity: 'organisation',
            entityId: code,
            details: { kind: 'national_unit' },
          });
        });
      }
      const created = await users.createUser({
        organisationCode: code,
        role: 'system_administrator',
        email: input.email,
        displayName: input.displayName,
        password: input.password,
      });
      if (!created.ok) return fail({ kind: 'ACCOUNT', error: created.error });
      return ok({ ...created.value, organisationCreated });
    },
  };
}
