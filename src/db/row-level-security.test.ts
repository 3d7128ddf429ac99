import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { loadPopulation } from '../seed/load-population.ts';
import type { DatabaseHandle } from './client.ts';
import { inScope } from './scope.ts';

// Raw queries as the application's database role: whatever the query forgets to filter,
// the policies let through only the children of the authority in the transaction's setting.

const CHILD_TABLES = [
  'child',
  'child_alias',
  'age_status',
  'care_period',
  'uasc_period',
  'national_transfer',
  'trafficking_concern',
  'trafficking_status',
  'nrm_referral',
  'missing_episode',
  'return_interview',
] as const;

let handle: DatabaseHandle;
let authority: string;

/** Rows of a table that belong to an authority's children, counted as the owner (no policies apply). */
async function ownedRows(table: (typeof CHILD_TABLES)[number], authorityCode: string): Promise<number> {
  const childOf: Record<(typeof CHILD_TABLES)[number], string> = {
    child: 't.id',
    child_alias: 't.child_id',
    age_status: 't.child_id',
    care_period: 't.child_id',
    uasc_period: 't.child_id',
    national_transfer: 't.child_id',
    trafficking_concern: 't.child_id',
    trafficking_status: '(select child_id from trafficking_concern where id = t.concern_id)',
    nrm_referral: '(select child_id from trafficking_concern where id = t.concern_id)',
    missing_episode: 't.child_id',
    return_interview: '(select child_id from missing_episode where id = t.episode_id)',
  };
  const result = await sql<{
    count: number;
  }>`select count(*)::int as count from ${sql.table(table)} t where ${sql.raw(childOf[table])} in (select id from child where responsible_authority_code = ${authorityCode})`.execute(
    handle.db,
  );
  return result.rows[0]?.count ?? 0;
}

const staffOf = (authorityCode: string | null) => ({
  actorId: 'test-user',
  organisationCode: authorityCode ?? 'none',
  authorityCode,
  role: 'social_worker',
  now: new Date().toISOString(),
});

async function countAs(table: string, authorityCode: string | null): Promise<number> {
  return inScope(handle.db, staffOf(authorityCode), async (trx) => {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`.execute(trx);
    return result.rows[0]?.count ?? 0;
  });
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await loadPopulation(handle, { children: 400, seed: 11, censusDate: '2025-06-30' });
  // The authority with the most episodes, so that every table has rows to hide or show.
  const busiest = await sql<{ code: string }>`select responsible_authority_code as code from missing_episode group by 1 order by count(*) desc limit 1`.execute(
    handle.db,
  );
  authority = busiest.rows[0]!.code;
}, 120_000);
afterAll(async () => {
  await handle.close();
});

describe('row-level security', () => {
  it.each(CHILD_TABLES)('should show nothing of %s without an authority setting', async (table) => {
    expect(await countAs(table, null)).toBe(0);
  });

  it.each(CHILD_TABLES)('should show exactly the authority’s own rows of %s', async (table) => {
    const owned = await ownedRows(table, authority);
    expect(await countAs(table, authority)).toBe(owned);
  });

  it('should have data to hide: the other authorities hold most rows', async () => {
    const all = await sql<{ count: number }>`select count(*)::int as count from missing_episode`.execute(handle.db);
    expect(all.rows[0]!.count).toBeGreaterThan(await ownedRows('missing_episode', authority));
  });

  it.each([
    ['an unknown code', 'XX999'],
    ['an injection attempt', "' or true or '"],
    ['a wildcard', '%'],
  ])('should show nothing with a forged setting: %s', async (_name, forged) => {
    for (const table of CHILD_TABLES) expect(await countAs(table, forged)).toBe(0);
  });

  it('should refuse to write a child into another authority, and change no other authority’s child', async () => {
    const other = await sql<{
      id: string;
      code: string;
    }>`select id, responsible_authority_code as code from child where responsible_authority_code <> ${authority} limit 1`.execute(handle.db);
    const { id, code } = other.rows[0]!;
    // The policy hides the row from the update, so it touches nothing.
    await inScope(handle.db, staffOf(authority), (trx) =>
      sql`update child set responsible_authority_code = ${authority}, family_name = 'Taken' where id = ${id}`.execute(trx),
    );
    await expect(
      inScope(handle.db, staffOf(authority), (trx) =>
        sql`insert into child (id, responsible_authority_code, la_child_id, given_names, family_name, sex, date_of_birth_claimed, created_at, updated_at)
            values (gen_random_uuid(), ${code}, 'FORGED', 'A', 'B', 'M', '2010-01-01', now(), now())`.execute(trx),
      ),
    ).rejects.toThrow(/row-level security/);
    const still = await sql<{ code: string; name: string }>`select responsible_authority_code as code, family_name as name from child where id = ${id}`.execute(
      handle.db,
    );
    expect(still.rows[0]!.code).toBe(code);
    expect(still.rows[0]!.name).not.toBe('Taken');
  });

  it('should not let the application role delete anything or rewrite the audit trail', async () => {
    await expect(inScope(handle.db, staffOf(authority), (trx) => sql`delete from missing_episode`.execute(trx))).rejects.toThrow(/permission denied/);
    await expect(inScope(handle.db, staffOf(authority), (trx) => sql`update audit_event set action = 'X'`.execute(trx))).rejects.toThrow(
      /permission denied|append-only/,
    );
  });
});
