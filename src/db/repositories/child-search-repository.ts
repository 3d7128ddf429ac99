import { sql } from 'kysely';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Sex } from '../../domain/codes.ts';
import { estimateOf } from '../../domain/date-of-birth.ts';
import type { DateOfBirthFields } from '../../domain/date-of-birth.ts';
import type { Database } from '../schema.ts';

// Finding an authority's children: by name (aliases included), identifier, date of birth,
// nationality and whether they are missing now. The service authorises and audits; this reads.

export interface ChildSearchFilters {
  /** Part of a name (aliases included) or an identifier. */
  readonly query?: string | undefined;
  /** Words of a name, in any order, each part of a given or family name (aliases included); case and accents ignored. */
  readonly name?: string | undefined;
  /** One of the child's identifiers, whole: the authority's child id, UPN, Home Office or NRM reference, police person id. */
  readonly identifier?: string | undefined;
  /** A day: the child's given or assessed date of birth, or a day their estimated age allows (ADR 0007). */
  readonly dateOfBirth?: string | undefined;
  readonly nationality?: string | undefined;
  readonly missing?: boolean | undefined;
  /**
   * Children whose names are close to the name searched for (src/domain/name-search.ts): found
   * by `query` and `name` besides those whose names hold every word as typed.
   */
  readonly closeNames?: { readonly query?: readonly string[]; readonly name?: readonly string[] } | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export interface ChildSearchRow extends DateOfBirthFields {
  readonly id: string;
  readonly laChildId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly sex: Sex;
  readonly nationality: string | null;
  readonly isMissing: boolean;
}

// Names are matched without case or accents, so that "Jose" finds "José" and "NGUYEN" finds "Nguyễn":
// names are spelt differently by each agency that meets the child. Letters with diacritics fold to
// their base letter. The database keeps every name folded by the same table (lantern_fold_name,
// migration 0013), and a search term is folded here.
const FOLDS = foldTable();

function foldTable(): ReadonlyMap<string, string> {
  const folds = new Map<string, string>([
    ['ø', 'o'],
    ['Ø', 'o'],
    ['ł', 'l'],
    ['Ł', 'l'],
    ['đ', 'd'],
    ['Đ', 'd'],
    ['ı', 'i'],
    ['ħ', 'h'],
    ['Ħ', 'h'],
  ]);
  // Latin-1 Supplement, Latin Extended-A and B, and Latin Extended Additional (Vietnamese).
  for (const [first, last] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ] as const) {
    for (let code = first; code <= last; code += 1) {
      const letter = String.fromCodePoint(code);
      const base = letter.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
      if (/^[a-z]$/.test(base)) folds.set(letter, base);
    }
  }
  return folds;
}

/** A search term as the database's folded names read: no accents, lower case. */
function foldName(text: string): string {
  // Letter by letter (code point by code point), as translate() reads them.
  return text.normalize('NFC').replaceAll(/./gsu, (letter) => FOLDS.get(letter) ?? letter.toLowerCase());
}

const likeEscaped = (text: string): string => text.replaceAll(/[\\%_]/g, (match) => `\\${match}`);

/**
 * Every word of `text` is part of the child's name, or every word is part of one of their aliases.
 * Matched against the authority's names as kept folded (child_search_name, migration 0013): one
 * read of the authority's names for the search, not a fold and an alias lookup for each child.
 */
function nameMatches(eb: ExpressionBuilder<Database, 'child'>, authority: string, text: string, closeNames: readonly string[]) {
  const patterns = text
    .trim()
    .split(/\s+/)
    .map((word) => `%${likeEscaped(foldName(word))}%`);
  const named = eb
    .selectFrom('childSearchName')
    .select('childSearchName.childId')
    .where('childSearchName.responsibleAuthorityCode', '=', authority)
    .where((inner) => inner.and(patterns.map((pattern) => inner('childSearchName.foldedName', 'like', pattern))));
  // `= any(array(…))` finds the names first and then their few children by primary key; as `in (…)`
  // the planner may instead look up the names of each of the authority's children in turn.
  const exact = eb('child.id', '=', sql<string>`any(array(${named}))`);
  return closeNames.length === 0 ? exact : eb.or([exact, eb('child.id', '=', sql<string>`any(${[...closeNames]}::uuid[])`)]);
}

/** An identifier as compared: lower case, letters and digits only ("KP/2025 01" and "kp202501" agree). */
const identifierKey = (column: string) => sql<string>`regexp_replace(lower(coalesce(${sql.ref(column)}, '')), '[^a-z0-9]', '', 'g')`;

/**
 * `text` is one of the child's identifiers, whole, whatever its case, spaces and punctuation: the
 * authority's child id, UPN, Home Office or NRM reference, police person id, or the police reference
 * of any of their missing episodes.
 */
function identifierMatches(eb: ExpressionBuilder<Database, 'child'>, text: string) {
  const term = text.toLowerCase().replaceAll(/[^a-z0-9]/g, '');
  if (term === '') return eb.val(false);
  return eb.or([
    ...['child.la_child_id', 'child.upn', 'child.home_office_reference', 'child.nrm_reference', 'child.police_person_id'].map((column) =>
      eb(identifierKey(column), '=', term),
    ),
    eb.exists(
      eb
        .selectFrom('missingEpisode')
        .select('missingEpisode.id')
        .whereRef('missingEpisode.childId', '=', 'child.id')
        .where(identifierKey('missing_episode.police_reference'), '=', term),
    ),
  ]);
}

/** The child's given or assessed date of birth is the day, or their estimated age allows it. */
function dateOfBirthMatches(eb: ExpressionBuilder<Database, 'child'>, day: string) {
  return eb.or([
    eb('child.dateOfBirthClaimed', '=', day),
    eb('child.dateOfBirthAssessed', '=', day),
    eb.and([eb('child.dateOfBirthLatest', '>=', day), eb('child.dateOfBirthEarliest', '<=', day)]),
  ]);
}

/** Every name the authority's children are known by (aliases included), folded: for a search that tolerates misspellings. */
export async function authorityNames(db: Kysely<Database>, authority: string): Promise<{ childId: string; foldedName: string }[]> {
  return db.selectFrom('childSearchName').select(['childId', 'foldedName']).where('responsibleAuthorityCode', '=', authority).execute();
}

/** One page of the authority's children that match every filter, by name, and how many match in all. */
export async function searchChildren(
  db: Kysely<Database>,
  authority: string,
  filters: ChildSearchFilters,
): Promise<{ items: ChildSearchRow[]; total: number }> {
  let query = db.selectFrom('child').where('child.responsibleAuthorityCode', '=', authority);
  if (filters.query !== undefined && filters.query.trim() !== '') {
    const term = filters.query;
    query = query.where((eb) => eb.or([nameMatches(eb, authority, term, filters.closeNames?.query ?? []), identifierMatches(eb, term)]));
  }
  if (filters.name !== undefined && filters.name.trim() !== '') {
    const name = filters.name;
    query = query.where((eb) => nameMatches(eb, authority, name, filters.closeNames?.name ?? []));
  }
  if (filters.identifier !== undefined && filters.identifier.trim() !== '') {
    const identifier = filters.identifier;
    query = query.where((eb) => identifierMatches(eb, identifier));
  }
  if (filters.dateOfBirth !== undefined) {
    const day = filters.dateOfBirth;
    query = query.where((eb) => dateOfBirthMatches(eb, day));
  }
  if (filters.nationality !== undefined) query = query.where('child.nationality', '=', filters.nationality);
  const openEpisode = (eb: ExpressionBuilder<Database, 'child'>) =>
    eb.exists(
      eb.selectFrom('missingEpisode').select('missingEpisode.id').whereRef('missingEpisode.childId', '=', 'child.id').where('missingEpisode.endAt', 'is', null),
    );
  if (filters.missing === true) query = query.where((eb) => openEpisode(eb));
  if (filters.missing === false) query = query.where((eb) => eb.not(openEpisode(eb)));

  // One statement for the page and the total (a window count over the matches, before the
  // limit). Whether each child of the page is missing is looked up for those rows only.
  const page = query
    .select(['child.id', 'child.laChildId', 'child.givenNames', 'child.familyName', 'child.sex', 'child.nationality'])
    .select([
      'child.dateOfBirthClaimed',
      'child.dateOfBirthAssessed',
      'child.dateOfBirthEarliest',
      'child.dateOfBirthLatest',
      'child.dateOfBirthSource',
      'child.dateOfBirthEstimatedOn',
    ])
    .select(sql<number>`count(*) over ()`.as('total'))
    .orderBy('child.familyName')
    .orderBy('child.givenNames')
    .orderBy('child.id')
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  const rows = await db
    .selectFrom(page.as('p'))
    .selectAll('p')
    .select((eb) =>
      eb
        .exists(
          eb.selectFrom('missingEpisode').select('missingEpisode.id').whereRef('missingEpisode.childId', '=', 'p.id').where('missingEpisode.endAt', 'is', null),
        )
        .as('isMissing'),
    )
    .orderBy('p.familyName')
    .orderBy('p.givenNames')
    .orderBy('p.id')
    .execute();
  // A page past the last has no rows to carry the total: count the matches on their own.
  const total = rows[0]?.total ?? (filters.page > 1 ? (await query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow()).total : 0);
  const items = rows.map(({ total: _total, dateOfBirthEarliest, dateOfBirthLatest, dateOfBirthSource, dateOfBirthEstimatedOn, ...row }) => ({
    ...row,
    dateOfBirthEstimate: estimateOf({ dateOfBirthEarliest, dateOfBirthLatest, dateOfBirthSource, dateOfBirthEstimatedOn }),
    isMissing: Boolean(row.isMissing),
  }));
  return { items, total };
}
