import type { Insertable } from 'kysely';
import type { AppUserTable } from '../../src/db/schema.ts';

/** An account row to insert straight into app_user, for repository tests that need people but no sign-in. */
export const accountRow = (id: string, organisationCode: string, role: string, displayName: string, at: string): Insertable<AppUserTable> => ({
  id,
  organisationCode,
  role,
  email: `${displayName.toLowerCase().replaceAll(' ', '.')}@example.gov.uk`,
  displayName,
  passwordHash: '$argon2id$x',
  totpSecret: 'SECRET',
  totpConfirmedAt: at,
  totpLastCounter: null,
  lastFailedAt: null,
  lockedUntil: null,
  createdAt: at,
  updatedAt: at,
});
