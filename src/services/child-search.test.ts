import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { openServices, rowScopeOf } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ChildListFilters } from './child-service.ts';
import type { Services } from './index.ts';
import { value } from '../../test/helpers/result.ts';

// Finding a child by name on a real database: the names are kept folded by the database
// (migration 0013) and a search term is folded by the service, so the two must agree.

const KENT = 'E10000016';
const CROYDON = 'E09000008';
const kentWorker: Actor = { id: 'search-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const croydonWorker: Actor = { id: 'search-croydon', organisationCode: CROYDON, localAuthorityCode: CROYDON, role: 'social_worker' };

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

let made = 0;
async function child(actor: Actor, givenNames: string, familyName: string): Promise<string> {
  made += 1;
  const created = value(
    await services.children.addLookedAfterChild(actor, { laChildId: `SRCH-${made}`, givenNames, familyName, sex: 'F', dateOfBirthClaimed: '2010-02-03' }),
  );
  return created.child.id;
}

async function found(
  actor: Actor,
  filters: Omit<ChildListFilters, 'page' | 'pageSize'> & { page?: number; pageSize?: number },
): Promise<{ ids: string[]; total: number }> {
  const page = value(await services.children.listChildren(actor, { page: 1, pageSize: 50, ...filters }));
  return { ids: page.items.map((item) => item.id), total: page.total };
}

// Every letter the service folds: Latin letters with diacritics whose base is a-z, and the few
// letters with a stroke or bar that Unicode does not decompose (see FOLDS in src/db/repositories/child-search-repository.ts).
const STROKED: Readonly<Record<string, string>> = { ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ı: 'i', ħ: 'h', Ħ: 'h' };
const ACCENTED = [
  ...Object.keys(STROKED),
  ...[...Array.from({ length: 0x24f - 0xc0 + 1 }, (_, n) => 0xc0 + n), ...Array.from({ length: 0x1eff - 0x1e00 + 1 }, (_, n) => 0x1e00 + n)]
    .map((code) => String.fromCodePoint(code))
    .filter((letter) => /^[a-z]$/.test(baseOf(letter))),
];
function baseOf(letter: string): string {
  return STROKED[letter] ?? letter.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now));
});
afterAll(async () => {
  await handle.close();
});

describe('finding a child by name', () => {
  it('should find every accented letter by its plain letter, and as typed, in either case', async () => {
    // In names of 40 letters, so that each search is one word the stored name must contain whole.
    expect(ACCENTED.length).toBeGreaterThan(400);
    for (let start = 0; start < ACCENTED.length; start += 40) {
      const letters = ACCENTED.slice(start, start + 40);
      const chunk = letters.join('');
      const id = await child(kentWorker, 'Accents', chunk);
      const plain = letters.map(baseOf).join('');
      expect((await found(kentWorker, { name: plain })).ids).toEqual([id]);
      expect((await found(kentWorker, { name: plain.toUpperCase() })).ids).toEqual([id]);
      expect((await found(kentWorker, { name: chunk })).ids).toEqual([id]);
    }
  });

  it('should find a child by their new name once renamed, and not by the old one', async () => {
    const id = await child(kentWorker, 'Renata', 'Oldsurname');
    const before = value(await services.children.getChild(kentWorker, id));
    value(await services.children.updateChild(kentWorker, id, { familyName: 'Newsurname', version: before.child.version }));
    expect((await found(kentWorker, { name: 'renata newsurname' })).ids).toEqual([id]);
    expect((await found(kentWorker, { name: 'oldsurname' })).ids).toEqual([]);
  });

  it('should find a child by each alias, with every word in the same name', async () => {
    const id = await child(kentWorker, 'Amira', 'Haddad');
    value(await services.children.addAlias(kentWorker, id, { givenNames: 'Mira', familyName: 'Hadad', source: 'Home Office', seenOn: '2025-01-05' }));
    value(await services.children.addAlias(kentWorker, id, { givenNames: 'Amina', familyName: 'Ḥaddād', source: 'Police', seenOn: '2025-02-05' }));
    expect((await found(kentWorker, { name: 'mira hadad' })).ids).toEqual([id]);
    expect((await found(kentWorker, { name: 'amina haddad' })).ids).toEqual([id]);
    value(await services.children.addAlias(kentWorker, id, { givenNames: 'Zora', familyName: 'Petrovic', source: 'Police', seenOn: '2025-03-05' }));
    expect((await found(kentWorker, { name: 'zora petrovic' })).ids).toEqual([id]);
    // Words from two different names are not one name the child is known by.
    expect((await found(kentWorker, { name: 'mira haddad' })).ids).toEqual([id]); // "Mira" is part of "Amira"
    expect((await found(kentWorker, { name: 'zora haddad' })).ids).toEqual([]);
  });

  it('should follow an alias changed or removed by an import or a correction', async () => {
    const id = await child(kentWorker, 'Bao', 'Tran');
    value(await services.children.addAlias(kentWorker, id, { givenNames: 'Bao', familyName: 'Lindqvist', source: 'Home Office', seenOn: '2025-01-05' }));
    expect((await found(kentWorker, { name: 'lindqvist' })).ids).toEqual([id]);
    // As the owner, as a bulk correction would: the application itself never changes an alias.
    await handle.db.updateTable('childAlias').set({ familyName: 'Okonkwo' }).where('childId', '=', id).execute();
    expect((await found(kentWorker, { name: 'lindqvist' })).ids).toEqual([]);
    expect((await found(kentWorker, { name: 'okonkwo' })).ids).toEqual([id]);
    await handle.db.deleteFrom('childAlias').where('childId', '=', id).execute();
    expect((await found(kentWorker, { name: 'okonkwo' })).ids).toEqual([]);
    expect((await found(kentWorker, { name: 'tran' })).ids).toEqual([id]);
  });

  it('should tolerate a slip or another spelling of each name, in any order, aliases included', async () => {
    const id = await child(kentWorker, 'Muhammad', 'Al-Khalidi');
    value(await services.children.addAlias(kentWorker, id, { givenNames: 'Aleksander', familyName: 'Smith', source: 'Police', seenOn: '2025-01-05' }));
    for (const typed of ['Mohamed Khalidi', 'khalidy muhamad', 'Alexander Smtih', 'smyth']) {
      expect((await found(kentWorker, { name: typed })).ids, typed).toEqual([id]);
      expect((await found(kentWorker, { query: typed })).ids, typed).toEqual([id]);
    }
    // Close is not anything: another name, and a short word that is not in the name.
    for (const typed of ['Mohamed Petrovic', 'Ali Smith', 'Alexandra Jones']) expect((await found(kentWorker, { name: typed })).ids, typed).toEqual([]);
  });

  it('should find only the authority’s own children, aliases included', async () => {
    const kentChild = await child(kentWorker, 'Samir', 'Crossborder');
    value(await services.children.addAlias(kentWorker, kentChild, { givenNames: 'Sami', familyName: 'Aliasonly', source: 'Police', seenOn: '2025-01-05' }));
    const croydonChild = await child(croydonWorker, 'Samira', 'Crossborder');
    expect((await found(kentWorker, { name: 'crossborder' })).ids).toEqual([kentChild]);
    expect((await found(croydonWorker, { name: 'crossborder' })).ids).toEqual([croydonChild]);
    expect((await found(croydonWorker, { name: 'aliasonly' })).ids).toEqual([]);
    expect((await found(croydonWorker, { query: 'aliasonly' })).ids).toEqual([]);
    expect((await found(kentWorker, { query: 'aliasonly' })).ids).toEqual([kentChild]);
  });

  it('should give the number found with each page, and on a page past the last', async () => {
    const ids = [await child(kentWorker, 'Ada', 'Pagedname'), await child(kentWorker, 'Bea', 'Pagedname'), await child(kentWorker, 'Cyd', 'Pagedname')];
    expect(await found(kentWorker, { name: 'pagedname', pageSize: 2 })).toEqual({ ids: ids.slice(0, 2), total: 3 });
    expect(await found(kentWorker, { name: 'pagedname', pageSize: 2, page: 2 })).toEqual({ ids: ids.slice(2), total: 3 });
    expect(await found(kentWorker, { name: 'pagedname', pageSize: 2, page: 3 })).toEqual({ ids: [], total: 3 });
    expect(await found(kentWorker, { name: 'nosuchpagedname' })).toEqual({ ids: [], total: 0 });
  });
});

describe('finding a child by an identifier', () => {
  it('should find a child by any identifier or by the police reference of any episode, whatever its case, spaces and punctuation', async () => {
    const id = await child(kentWorker, 'Ident', 'Ifier');
    const before = value(await services.children.getChild(kentWorker, id));
    value(await services.children.updateChild(kentWorker, id, { homeOfficeReference: 'H1234-5678', upn: 'UN2', version: before.child.version }));
    value(await services.children.addCarePeriod(kentWorker, id, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' }));
    value(
      await services.missingEpisodes.reportMissing(kentWorker, id, {
        type: 'M',
        startAt: '2025-06-01T10:00:00Z',
        endAt: '2025-06-02T10:00:00Z',
        endReason: 'RETURNED_SELF',
        policeReference: 'KP/2025/00123',
        policeRiskLevel: 'LOW',
      }),
    );
    for (const typed of ['kp 2025 00123', 'KP/2025/00123', 'h12345678', 'H1234 5678']) {
      expect((await found(kentWorker, { identifier: typed })).ids, typed).toEqual([id]);
      expect((await found(kentWorker, { query: typed })).ids, typed).toEqual([id]);
      expect((await found(croydonWorker, { query: typed })).ids, typed).toEqual([]);
    }
    // Whole identifiers only: a part of one finds nothing.
    expect((await found(kentWorker, { identifier: 'KP/2025' })).ids).toEqual([]);
    expect((await found(kentWorker, { identifier: '//' })).ids).toEqual([]);
  });
});

describe('the folded names under row-level security', () => {
  const scopeOf = (authorityCode: string | null, role?: string) => rowScopeOf(clock.now(), authorityCode, role);
  const visible = async (authorityCode: string | null, role?: string) =>
    inScope(
      handle.db,
      scopeOf(authorityCode, role),
      async (trx) =>
        (await sql<{ childId: string; responsibleAuthorityCode: string }>`select child_id, responsible_authority_code from child_search_name`.execute(trx))
          .rows,
    );

  it('should show the application only the names of the children it may see', async () => {
    await child(kentWorker, 'Visible', 'Kentname');
    await child(croydonWorker, 'Visible', 'Croydonname');
    const kent = await visible(KENT);
    const kentNames = await handle.db.selectFrom('childSearchName').select('childId').where('responsibleAuthorityCode', '=', KENT).execute();
    expect(kent.length).toBeGreaterThan(0);
    expect(kent.length).toBe(kentNames.length);
    expect(kent.every((row) => row.responsibleAuthorityCode === KENT)).toBe(true);
    expect(await visible(null)).toEqual([]);
    expect(await visible("' or true or '")).toEqual([]);
    expect(await visible(KENT, 'national_analyst')).toEqual([]);
  });

  it('should not let the application write the folded names', async () => {
    const id = await child(kentWorker, 'Written', 'Bytrigger');
    await expect(
      inScope(handle.db, scopeOf(KENT), (trx) =>
        sql`insert into child_search_name (child_id, responsible_authority_code, folded_name) values (${id}, ${KENT}, 'forged')`.execute(trx),
      ),
    ).rejects.toThrow();
    await expect(
      inScope(handle.db, scopeOf(KENT), (trx) => sql`update child_search_name set folded_name = 'forged' where child_id = ${id}`.execute(trx)),
    ).rejects.toThrow();
  });
});
