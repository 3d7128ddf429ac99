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
