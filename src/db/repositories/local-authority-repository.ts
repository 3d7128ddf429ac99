import type { Kysely, Transaction } from 'kysely';
import type { Database, LocalAuthorityRow } from '../schema.ts';

// The reference table of UK authorities (migration 0002): found by their ONS code or, for the
// English ones, by the DfE's three-digit LA number, which is how the 903 return names them.

export type LocalAuthority = Pick<LocalAuthorityRow, 'code' | 'laNumber' | 'name'>;

/** The authority with this ONS code (any case) or DfE LA number; null when there is none. */
export async function findLocalAuthority(db: Kysely<Database> | Transaction<Database>, codeOrNumber: string): Promise<LocalAuthority | null> {
  const key = codeOrNumber.trim().toUpperCase();
  const column = /^\d{3}$/.test(key) ? 'laNumber' : 'code';
  return (await db.selectFrom('localAuthority').select(['code', 'laNumber', 'name']).where(column, '=', key).executeTakeFirst()) ?? null;
}

/** Which of these ONS codes (as given) are authorities Lantern knows. */
export async function knownAuthorityCodes(db: Kysely<Database> | Transaction<Database>, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('localAuthority')
    .select('code')
    .where('code', 'in', [...codes])
    .execute();
  return new Set(rows.map((row) => row.code));
}

/** Every UK authority with children's services, by name: for choosing one from a list. */
export async function listLocalAuthorities(db: Kysely<Database> | Transaction<Database>): Promise<Pick<LocalAuthority, 'code' | 'name'>[]> {
  return db.selectFrom('localAuthority').select(['code', 'name']).orderBy('name').execute();
}

/** The names of the authorities with these ONS codes, by code; codes Lantern does not know are left out. */
export async function localAuthorityNames(db: Kysely<Database> | Transaction<Database>, codes: readonly string[]): Promise<Record<string, string>> {
  if (codes.length === 0) return {};
  const rows = await db
    .selectFrom('localAuthority')
    .select(['code', 'name'])
    .where('code', 'in', [...codes])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.code, row.name]));
}
