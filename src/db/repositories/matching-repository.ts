import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { StoredModel } from '../../domain/matching/model.ts';
import type { LanternIdentity } from '../../domain/matching/person.ts';
import type { Database } from '../schema.ts';

// Identity matching's reads and writes (issue 13). Candidates come from the blocking keys of
// migration 0017: the keys of a search and of a stored child are made by the same SQL function
// (lantern_match_keys), with Double Metaphone from fuzzystrmatch, so the two always agree. These
// tables have no grant to lantern_app: the matching service calls these functions as the owner,
// after authorising the search.

type Db = Kysely<Database> | Transaction<Database>;

/** What a search knows, as the blocking keys need it. */
export interface KeyQuery {
  /** Each name as 'given family', transliterated to Latin letters already. */
  readonly names: readonly string[];
  /** Whole dates of birth (YYYY-MM-DD). */
  readonly dates: readonly string[];
  /** Years of birth to look in (a search widens its own by a year or two either side). */
  readonly years: readonly number[];
  /** 'scheme:value', the schemes as stored: upn, home_office, nrm, police. */
  readonly identifiers: readonly string[];
}

export interface CandidateRow {
  readonly childId: string;
  /** How many of the search's keys the child shares: the surest candidates first, when there are too many. */
  readonly keys: number;
}

/** The children sharing a blocking key with a search, most keys shared first, at most `limit`. */
export async function candidateChildren(db: Db, query: KeyQuery, limit: number): Promise<CandidateRow[]> {
  const result = await sql<CandidateRow>`select child_id, count(*)::integer as keys
    from child_match_key
    where key = any(lantern_match_keys(${[...query.names]}::text[], ${[...query.dates]}::date[], ${[...query.years]}::integer[], ${[...query.identifiers]}::text[]))
    group by child_id
    order by keys desc, child_id
    limit ${limit}`.execute(db);
  return result.rows;
}

export interface MatchIdentityRow extends LanternIdentity {
  readonly responsibleAuthorityCode: string;
}

/** Children and their aliases as the matching engine needs them. */
export async function matchIdentities(db: Db, childIds: readonly string[]): Promise<MatchIdentityRow[]> {
  if (childIds.length === 0) return [];
  const ids = [...childIds];
  const [children, aliases] = await Promise.all([
    db
      .selectFrom('child')
      .select([
        'id',
        'responsibleAuthorityCode',
        'givenNames',
        'familyName',
        'sex',
        'dateOfBirthClaimed',
        'dateOfBirthAssessed',
        'dateOfBirthEarliest',
        'dateOfBirthLatest',
        'nationality',
        'upn',
        'homeOfficeReference',
        'nrmReference',
        'policePersonId',
      ])
      .where(sql<boolean>`id = any(${ids}::uuid[])`)
      .execute(),
    db
      .selectFrom('childAlias')
      .select(['childId', 'givenNames', 'familyName', 'dateOfBirth', 'nationality', 'source'])
      .where(sql<boolean>`child_id = any(${ids}::uuid[])`)
      .orderBy('seenOn')
      .execute(),
  ]);
  const aliasesOf = new Map<string, MatchIdentityRow['aliases'][number][]>();
  for (const alias of aliases) {
    let list = aliasesOf.get(alias.childId);
    if (list === undefined) {
      list = [];
      aliasesOf.set(alias.childId, list);
    }
    list.push(alias);
  }
  return children.map((child) => ({ ...child, aliases: aliasesOf.get(child.id) ?? [] }));
}

/** What a searcher may see of each candidate besides names and ages: languages, and the responsible authority's name. */
export async function recognitionDetails(
  db: Db,
  childIds: readonly string[],
): Promise<Map<string, { readonly languages: readonly string[]; readonly authorityName: string }>> {
  if (childIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('child')
    .innerJoin('localAuthority', 'localAuthority.code', 'child.responsibleAuthorityCode')
    .select(['child.id', 'child.languages', 'localAuthority.name as authorityName'])
    .where(sql<boolean>`child.id = any(${[...childIds]}::uuid[])`)
    .execute();
  return new Map(rows.map((row) => [row.id, { languages: row.languages, authorityName: row.authorityName }]));
}

export async function countChildren(db: Db): Promise<number> {
  const row = await db
    .selectFrom('child')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** `count` children picked by a seeded hash of their ids: the same seed, the same children. */
export async function sampleChildIds(db: Db, count: number, seed: number): Promise<string[]> {
  const result = await sql<{ id: string }>`select id from child order by md5(id::text || ${String(seed)}) limit ${count}`.execute(db);
  return result.rows.map((row) => row.id);
}

/**
 * Every pair of children sharing a blocking key with one of `childIds`, each pair once (lower id
 * first), leaving out keys shared by more than `maxBlock` children: the training pairs of EM. One
 * name part with a year (y:, migration 0026) is left out too: it is there so that a search misses no
 * child recorded under a single name, and its pairs are mostly different children, which would teach
 * EM that a match looks like a stranger.
 */
export async function candidatePairsOf(db: Db, childIds: readonly string[], maxBlock: number): Promise<{ a: string; b: string }[]> {
  if (childIds.length === 0) return [];
  const result = await sql<{ a: string; b: string }>`with own as (
      select key, child_id from child_match_key where child_id = any(${[...childIds]}::uuid[]) and key not like 'y:%'
    ), blocks as (
      select k.key from child_match_key k where k.key in (select key from own) group by k.key having count(*) between 2 and ${maxBlock}
    )
    select distinct least(own.child_id, other.child_id) as a, greatest(own.child_id, other.child_id) as b
    from own
    join blocks on blocks.key = own.key
    join child_match_key other on other.key = own.key and other.child_id <> own.child_id`.execute(db);
  return result.rows;
}

/**
 * Every pair of a child `authorityCode` is responsible for and a child another authority is
 * responsible for that share a blocking key, leaving out keys shared by more than `maxBlock`
 * children: the pairs the data-quality page scores for probable duplicates.
 */
export async function crossAuthorityPairs(db: Db, authorityCode: string, maxBlock: number): Promise<{ childId: string; otherChildId: string }[]> {
  const result = await sql<{ childId: string; otherChildId: string }>`with own as (
      select k.key, k.child_id from child_match_key k join child c on c.id = k.child_id where c.responsible_authority_code = ${authorityCode}
    ), blocks as (
      select k.key from child_match_key k where k.key in (select key from own) group by k.key having count(*) between 2 and ${maxBlock}
    )
    select distinct own.child_id, other.child_id as other_child_id
    from own
    join blocks on blocks.key = own.key
    join child_match_key other on other.key = own.key and other.child_id <> own.child_id
    join child o on o.id = other.child_id and o.responsible_authority_code <> ${authorityCode}
    order by own.child_id, other_child_id`.execute(db);
  return result.rows;
}

/**
 * How many children's names (record or alias) hold each name part, for parts held by more than one,
 * and the number of (child, part) pairs counted. Folded as the search folds (migration 0013's
 * child_search_name, apostrophes dropped, other marks as spaces).
 */
export async function nameFrequencies(db: Db): Promise<{ total: number; counts: Map<string, number> }> {
  const result = await sql<{ part: string; children: number }>`with parts as (
      select distinct n.child_id, part
      from child_search_name n,
        regexp_split_to_table(regexp_replace(regexp_replace(n.folded_name, '[''\`’]', '', 'g'), '[^a-z0-9]+', ' ', 'g'), ' ') as part
      where part <> '' and part !~ '[0-9]'
    )
    select part, count(*)::integer as children from parts group by part`.execute(db);
  let total = 0;
  const counts = new Map<string, number>();
  for (const row of result.rows) {
    total += row.children;
    if (row.children > 1) counts.set(row.part, row.children);
  }
  return { total, counts };
}

export interface ModelRow {
  readonly id: string;
  readonly estimatedAt: string;
  readonly estimatedBy: string;
  readonly children: number;
  readonly candidatePairs: number;
  readonly randomPairs: number;
  readonly model: StoredModel;
}

export async function saveModel(db: Db, row: ModelRow): Promise<void> {
  const { model, ...rest } = row;
  await db
    .insertInto('matchModel')
    .values({ ...rest, parameters: JSON.stringify(model) })
    .execute();
}

export async function latestModel(db: Db): Promise<ModelRow | null> {
  const row = await db.selectFrom('matchModel').selectAll().orderBy('estimatedAt', 'desc').orderBy('id').limit(1).executeTakeFirst();
  if (row === undefined) return null;
  const { parameters, ...rest } = row;
  return { ...rest, model: parameters as StoredModel };
}

/** The person each of `childIds` is linked to, for those linked (child_identity_link, migration 0009). */
export async function personsOf(db: Db, childIds: readonly string[]): Promise<Map<string, string>> {
  if (childIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('childIdentityLink')
    .select(['childId', 'personId'])
    .where(sql<boolean>`child_id = any(${[...childIds]}::uuid[])`)
    .execute();
  return new Map(rows.map((row) => [row.childId, row.personId]));
}

/** Links records to a person, and moves every record of `mergedPersons` to it. */
export async function linkToPerson(
  db: Db,
  link: {
    readonly personId: string;
    readonly childIds: readonly string[];
    readonly mergedPersons: readonly string[];
    readonly confirmedOn: string;
    readonly confirmedBy: string;
    readonly createdAt: string;
  },
): Promise<void> {
  const { personId, childIds, mergedPersons, ...confirmed } = link;
  if (mergedPersons.length > 0) {
    await db
      .updateTable('childIdentityLink')
      .set({ personId })
      .where(sql<boolean>`person_id = any(${[...mergedPersons]}::uuid[])`)
      .execute();
  }
  if (childIds.length > 0) {
    await db
      .insertInto('childIdentityLink')
      .values(childIds.map((childId) => ({ childId, personId, ...confirmed })))
      .execute();
  }
}

export interface MatchDecisionRow {
  readonly id: string;
  readonly childId: string;
  readonly otherChildId: string;
  readonly decision: 'confirmed' | 'excluded';
  readonly reason: string | null;
  readonly probability: number;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export async function saveMatchDecision(db: Db, row: MatchDecisionRow): Promise<void> {
  await db.insertInto('matchDecision').values(row).execute();
}

/** The standing (not undone) decision on a pair, whichever way round it was made. */
export async function standingDecision(db: Db, childId: string, otherChildId: string): Promise<MatchDecisionRow | null> {
  const row = await db
    .selectFrom('matchDecision')
    .select(['id', 'childId', 'otherChildId', 'decision', 'reason', 'probability', 'decidedBy', 'decidedAt'])
    .where('undoneAt', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('childId', '=', childId), eb('otherChildId', '=', otherChildId)]),
        eb.and([eb('childId', '=', otherChildId), eb('otherChildId', '=', childId)]),
      ]),
    )
    .executeTakeFirst();
  return row ?? null;
}

/** The records a standing decision pairs with any of `childIds`: never to be proposed beside them again. */
export async function decidedPartners(db: Db, childIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const partners = new Map<string, Set<string>>();
  if (childIds.length === 0) return partners;
  const ids = [...childIds];
  const rows = await db
    .selectFrom('matchDecision')
    .select(['childId', 'otherChildId'])
    .where('undoneAt', 'is', null)
    .where(sql<boolean>`(child_id = any(${ids}::uuid[]) or other_child_id = any(${ids}::uuid[]))`)
    .execute();
  const add = (a: string, b: string): void => {
    let set = partners.get(a);
    if (set === undefined) {
      set = new Set();
      partners.set(a, set);
    }
    set.add(b);
  };
  for (const row of rows) {
    add(row.childId, row.otherChildId);
    add(row.otherChildId, row.childId);
  }
  return partners;
}

/** Whether a child has a missing episode still open. */
export async function isMissingNow(db: Db, childId: string): Promise<boolean> {
  const row = await db.selectFrom('missingEpisode').select('id').where('childId', '=', childId).where('endAt', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Every record linked to a person. */
export async function childrenOfPerson(db: Db, personId: string): Promise<string[]> {
  const rows = await db.selectFrom('childIdentityLink').select('childId').where('personId', '=', personId).orderBy('createdAt').orderBy('childId').execute();
  return rows.map((row) => row.childId);
}

/** Marks a standing decision undone; false when it was already undone (someone else got there first). */
export async function undoMatchDecision(
  db: Db,
  undo: { readonly id: string; readonly undoneBy: string; readonly undoneAt: string; readonly undoneReason: string },
): Promise<boolean> {
  const { id, ...undone } = undo;
  const result = await db.updateTable('matchDecision').set(undone).where('id', '=', id).where('undoneAt', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The standing confirmations between records of `childIds`, as pairs. */
export async function confirmedPairsAmong(db: Db, childIds: readonly string[]): Promise<[string, string][]> {
  if (childIds.length === 0) return [];
  const ids = [...childIds];
  const rows = await db
    .selectFrom('matchDecision')
    .select(['childId', 'otherChildId'])
    .where('undoneAt', 'is', null)
    .where('decision', '=', 'confirmed')
    .where(sql<boolean>`child_id = any(${ids}::uuid[]) and other_child_id = any(${ids}::uuid[])`)
    .orderBy('decidedAt')
    .execute();
  return rows.map((row) => [row.childId, row.otherChildId]);
}

/** Removes records' links: each is a person of its own again. */
export async function unlinkChildren(db: Db, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  await db
    .deleteFrom('childIdentityLink')
    .where(sql<boolean>`child_id = any(${[...childIds]}::uuid[])`)
    .execute();
}

/** Moves linked records to another person. */
export async function relinkChildren(db: Db, childIds: readonly string[], personId: string): Promise<void> {
  if (childIds.length === 0) return;
  await db
    .updateTable('childIdentityLink')
    .set({ personId })
    .where(sql<boolean>`child_id = any(${[...childIds]}::uuid[])`)
    .execute();
}

export interface MatchDecisionHistoryRow extends MatchDecisionRow {
  readonly undoneBy: string | null;
  readonly undoneAt: string | null;
  readonly undoneReason: string | null;
}

/** Every decision on pairs holding `childId`, standing or undone, newest first. */
export async function decisionsOfChild(db: Db, childId: string): Promise<MatchDecisionHistoryRow[]> {
  return db
    .selectFrom('matchDecision')
    .select(['id', 'childId', 'otherChildId', 'decision', 'reason', 'probability', 'decidedBy', 'decidedAt', 'undoneBy', 'undoneAt', 'undoneReason'])
    .where((eb) => eb.or([eb('childId', '=', childId), eb('otherChildId', '=', childId)]))
    .orderBy('decidedAt', 'desc')
    .orderBy('id')
    .execute();
}
