// The comparisons of two people, field by field, each giving one of a few levels of agreement
// (strongest first). The model (model.ts) turns each level into evidence for or against the two
// records being one person. Pure; the caches make comparing millions of pairs affordable.

import { commonlyConfused } from './nationality.ts';
import type { BirthEvidence, MatchPerson } from './person.ts';
import { consonantSkeleton, foldText, isParticle, jaroWinkler, nameTokens, phoneticCodes, withinOneEdit } from './text.ts';

interface Level {
  readonly id: string;
  /** What the level means, for the explanation shown to a reviewer. */
  readonly label: string;
}

export const COMPARISON_IDS = ['name', 'birth', 'sex', 'nationality', 'identifier', 'postcode', 'address'] as const;
export type ComparisonId = (typeof COMPARISON_IDS)[number];

export interface Comparison {
  readonly id: ComparisonId;
  readonly label: string;
  /** Strongest agreement first; the last is disagreement. */
  readonly levels: readonly Level[];
}

export const COMPARISONS: readonly Comparison[] = [
  {
    id: 'name',
    label: 'Name',
    levels: [
      { id: 'exact', label: 'The same name' },
      { id: 'reordered', label: 'The same name parts in another order' },
      { id: 'phonetic', label: 'Every part sounds the same (another spelling or transliteration)' },
      { id: 'close', label: 'Every part spelt almost the same' },
      { id: 'subset', label: 'Two or more parts agree; a part is missing or added (patronymic, grandfather or family name)' },
      { id: 'single', label: 'A one-part name agrees with a part of the other' },
      { id: 'fuzzy', label: 'Every part of the shorter name is similar' },
      { id: 'one-part', label: 'One part agrees, another differs' },
      { id: 'one-part-fuzzy', label: 'One part is similar, another differs' },
      { id: 'different', label: 'Different names' },
    ],
  },
  {
    id: 'birth',
    label: 'Date of birth',
    levels: [
      { id: 'exact', label: 'The same date of birth' },
      { id: 'typo', label: 'Day and month swapped, or one digit different' },
      { id: 'exact-1-january', label: 'The same date, 1 January (often written when the day is not known)' },
      { id: 'overlap', label: 'Within the range given (an estimated age, or 1 January meaning the year)' },
      { id: 'within-1-year', label: 'Within a year' },
      { id: 'within-3-years', label: 'Within three years (an age assessment or a disputed age)' },
      { id: 'different', label: 'More than three years apart' },
    ],
  },
  {
    id: 'sex',
    label: 'Sex',
    levels: [
      { id: 'same', label: 'The same' },
      { id: 'different', label: 'Different' },
    ],
  },
  {
    id: 'nationality',
    label: 'Nationality',
    levels: [
      { id: 'same', label: 'The same' },
      { id: 'confused', label: 'Often confused (Eritrea and Ethiopia, Sudan and South Sudan, Kurdish Iraq and Iran…)' },
      { id: 'different', label: 'Different' },
    ],
  },
  {
    id: 'identifier',
    label: 'Identifier',
    levels: [
      { id: 'same', label: 'The same reference number' },
      { id: 'typo', label: 'One character different' },
      { id: 'different', label: 'Different reference numbers of the same kind' },
    ],
  },
  {
    id: 'postcode',
    label: 'Postcode',
    levels: [
      { id: 'same', label: 'The same' },
      { id: 'near', label: 'The same district, or one character different' },
      { id: 'different', label: 'Different' },
    ],
  },
  {
    id: 'address',
    label: 'Address',
    levels: [
      { id: 'same', label: 'The same' },
      { id: 'close', label: 'Nearly the same' },
      { id: 'similar', label: 'Partly the same' },
      { id: 'different', label: 'Different' },
    ],
  },
];

/** A record with one entry per comparison. */
export function byComparison<T>(make: (id: ComparisonId, index: number) => T): Record<ComparisonId, T> {
  const result = {} as Record<ComparisonId, T>;
  COMPARISON_IDS.forEach((id, index) => {
    result[id] = make(id, index);
  });
  return result;
}

/** A field missing on either side: no evidence either way. */
export const NO_LEVEL = -1;

/** Name-part agreement, weakest to strongest. */
const GRADE = { none: 0, fuzzy: 1, close: 2, phonetic: 3, exact: 4 } as const;
const JW_CLOSE = 0.92;
const JW_FUZZY = 0.82;

const NAME = { exact: 0, reordered: 1, phonetic: 2, close: 3, subset: 4, single: 5, fuzzy: 6, onePart: 7, onePartFuzzy: 8, different: 9 } as const;
const BIRTH = { exact: 0, typo: 1, exactFirstJanuary: 2, overlap: 3, withinYear: 4, withinThreeYears: 5, different: 6 } as const;

export interface Token {
  readonly id: number;
  readonly text: string;
  readonly primary: string;
  readonly alternate: string;
  readonly skeleton: string;
  /** How many of each letter: a bound on Jaro–Winkler that skips most dissimilar pairs uncomputed. */
  readonly letters: Uint8Array;
}

export interface PreparedName {
  readonly tokens: readonly Token[];
  /** Given names | family name, folded: equal only for the same name in the same places. */
  readonly exactKey: string;
  /** The parts run together, so "Gebre Medhin" and "Gebremedhin" agree. */
  readonly joined: string;
  /** Each two neighbouring parts as one ("Abdul Rahman" → "abdulrahman"), by position of the first. */
  readonly merged: readonly Token[];
}

interface PreparedBirth {
  readonly evidence: BirthEvidence;
  readonly day: number | null;
  readonly digits: string | null;
  readonly swappedDigits: string | null;
  readonly firstJanuary: boolean;
  readonly earliest: number;
  readonly latest: number;
}

export interface PreparedPerson {
  readonly person: MatchPerson;
  readonly names: readonly PreparedName[];
  readonly births: readonly PreparedBirth[];
  readonly sex: 'M' | 'F' | null;
  readonly nationalities: readonly string[];
  readonly postcode: string | null;
  /** The address's letter pairs (within words), sorted: compared by Dice's coefficient. */
  readonly addressBigrams: Uint16Array | null;
  readonly addressText: string | null;
  readonly identifiers: ReadonlyMap<string, readonly string[]>;
}

/** A pair's levels, in the order of COMPARISON_IDS (NO_LEVEL where either side lacks the field). */
export type Levels = Int8Array;

export interface PairComparison {
  readonly levels: Levels;
  /** The name parts that agreed exactly or phonetically (for the term-frequency adjustment), by token text. */
  readonly agreeingNameParts: readonly (readonly [string, string])[];
  /** Which of each side's names and dates of birth gave the best agreement (indexes into the person's lists). */
  readonly names: readonly [number, number] | null;
  readonly births: readonly [number, number] | null;
}

const DAY_MS = 86_400_000;
const SIMILARITY_CACHE_LIMIT = 2_000_000;

/** Letters a–z then digits 0–9 (folded text has nothing else). */
const letterIndex = (code: number): number => (code >= 97 ? code - 97 : code - 22) % 36;

/**
 * An upper bound on Jaro–Winkler: the characters two strings can have in common are at most the
 * letters they share, and the prefix adds at most 0.4 of the rest.
 */
function jaroWinklerBound(a: Token, b: Token): number {
  let common = 0;
  for (let i = 0; i < 36; i += 1) common += Math.min(a.letters[i] ?? 0, b.letters[i] ?? 0);
  if (common === 0) return 0;
  const jaro = (common / a.text.length + common / b.text.length + 1) / 3;
  return jaro + 0.4 * (1 - jaro);
}

function bigramsOf(text: string): Uint16Array {
  const codes: number[] = [];
  for (const word of text.split(' ')) {
    for (let i = 0; i + 1 < word.length; i += 1) codes.push(letterIndex(word.charCodeAt(i)) * 36 + letterIndex(word.charCodeAt(i + 1)));
  }
  return Uint16Array.from(codes).sort();
}

/** Dice's coefficient of letter pairs: word order and spacing do not matter, a slip costs a pair or two. */
function compareAddresses(a: PreparedPerson, b: PreparedPerson): number {
  const x = a.addressBigrams;
  const y = b.addressBigrams;
  if (x === null || y === null) return NO_LEVEL;
  if (a.addressText === b.addressText) return 0;
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < x.length && j < y.length) {
    const left = x[i] ?? 0;
    const right = y[j] ?? 0;
    if (left === right) {
      common += 1;
      i += 1;
      j += 1;
    } else if (left < right) i += 1;
    else j += 1;
  }
  const dice = (2 * common) / Math.max(1, x.length + y.length);
  return dice >= 0.85 ? 1 : dice >= 0.6 ? 2 : 3;
}
const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/**
 * Prepares people for comparison and compares them. Holds caches (name parts seen, string
 * similarities), so one comparer is meant for one linking run or one search.
 */
export class Comparer {
  readonly #tokens = new Map<string, Token>();
  readonly #similarity = new Map<number, number>();

  token(text: string): Token {
    let token = this.#tokens.get(text);
    if (token === undefined) {
      const [primary, alternate] = phoneticCodes(text);
      const letters = new Uint8Array(36);
      for (let i = 0; i < text.length; i += 1) {
        const index = letterIndex(text.charCodeAt(i));
        letters[index] = (letters[index] ?? 0) + 1;
      }
      token = { id: this.#tokens.size, text, primary, alternate, skeleton: consonantSkeleton(text), letters };
      this.#tokens.set(text, token);
    }
    return token;
  }

  prepareName(givenNames: string, familyName: string): PreparedName {
    const given = nameTokens(givenNames);
    const family = nameTokens(familyName);
    // Particles are left out unless they are all there is.
    const keep = (parts: string[]) => parts.filter((text) => !isParticle(text));
    const particlesOnly = keep(given).length + keep(family).length === 0;
    const [keptGiven, keptFamily] = particlesOnly ? [given, family] : [keep(given), keep(family)];
    const kept = [...keptGiven, ...keptFamily];
    const tokens = kept.map((text) => this.token(text));
    const merged: Token[] = [];
    for (let i = 0; i + 1 < tokens.length; i += 1) merged.push(this.token(`${tokens[i]?.text ?? ''}${tokens[i + 1]?.text ?? ''}`));
    return { tokens, exactKey: `${keptGiven.join(' ')}|${keptFamily.join(' ')}`, joined: kept.join(''), merged };
  }

  prepare(person: MatchPerson): PreparedPerson {
    const names = person.names.map((name) => this.prepareName(name.givenNames, name.familyName)).filter((name) => name.tokens.length > 0);
    const births = person.births.map((evidence): PreparedBirth => {
      const date = evidence.date;
      const firstJanuary = date?.endsWith('-01-01') ?? false;
      const digits = date === null ? null : date.replaceAll('-', '');
      return {
        evidence,
        day: date === null ? null : dayNumber(date),
        digits,
        swappedDigits: digits === null ? null : `${digits.slice(0, 4)}${digits.slice(6, 8)}${digits.slice(4, 6)}`,
        firstJanuary,
        // 1 January stands for "some day that year" as often as for the day itself.
        earliest: dayNumber(evidence.earliest),
        latest: firstJanuary && date !== null ? dayNumber(`${date.slice(0, 4)}-12-31`) : dayNumber(evidence.latest),
      };
    });
    const identifiers = new Map<string, string[]>();
    for (const { scheme, value } of person.identifiers) {
      const normalised = value.toUpperCase().replace(/[^A-Z0-9]/g, '');
      if (normalised === '') continue;
      identifiers.set(scheme, [...(identifiers.get(scheme) ?? []), normalised]);
    }
    const postcode = person.postcode?.toUpperCase().replace(/[^A-Z0-9]/g, '') ?? '';
    const address = person.address === null ? '' : foldText(person.address);
    return {
      person,
      names,
      births,
      sex: person.sex,
      nationalities: person.nationalities,
      postcode: postcode === '' ? null : postcode,
      addressBigrams: address === '' ? null : bigramsOf(address),
      addressText: address === '' ? null : address,
      identifiers,
    };
  }

  /** Jaro–Winkler similarity of two name parts, or 0 when it cannot reach `floor`. */
  similarity(a: Token, b: Token, floor = 0): number {
    if (a.id === b.id) return 1;
    if (floor > 0 && jaroWinklerBound(a, b) < floor) return 0;
    const key = a.id < b.id ? a.id * 4_194_304 + b.id : b.id * 4_194_304 + a.id;
    let value = this.#similarity.get(key);
    if (value === undefined) {
      value = jaroWinkler(a.text, b.text);
      if (this.#similarity.size >= SIMILARITY_CACHE_LIMIT) this.#similarity.clear();
      this.#similarity.set(key, value);
    }
    return value;
  }

  grade(a: Token, b: Token): number {
    if (a.id === b.id) return GRADE.exact;
    if (
      a.primary !== '' &&
      (a.primary === b.primary || a.primary === b.alternate || a.alternate === b.primary || (a.alternate !== '' && a.alternate === b.alternate))
    ) {
      return GRADE.phonetic;
    }
    if (a.skeleton.length >= 2 && a.skeleton === b.skeleton) return GRADE.phonetic;
    const similarity = this.similarity(a, b, JW_FUZZY);
    return similarity >= JW_CLOSE ? GRADE.close : similarity >= JW_FUZZY ? GRADE.fuzzy : GRADE.none;
  }

  compare(a: PreparedPerson, b: PreparedPerson): PairComparison {
    const levels = new Int8Array(COMPARISON_IDS.length);
    const name = this.#compareNameLists(a.names, b.names);
    const birth = compareBirths(a.births, b.births);
    levels[0] = name.level;
    levels[1] = birth.level;
    levels[2] = a.sex === null || b.sex === null ? NO_LEVEL : a.sex === b.sex ? 0 : 1;
    levels[3] = compareNationalities(a.nationalities, b.nationalities);
    levels[4] = compareIdentifiers(a.identifiers, b.identifiers);
    levels[5] = comparePostcodes(a.postcode, b.postcode);
    levels[6] = compareAddresses(a, b);
    return { levels, agreeingNameParts: name.agreeing, names: name.pair, births: birth.pair };
  }

  /** The best agreement between any name of one and any name of the other (aliases included). */
  #compareNameLists(a: readonly PreparedName[], b: readonly PreparedName[]) {
    let best: { level: number; agreeing: (readonly [string, string])[]; pair: readonly [number, number] | null } = {
      level: NO_LEVEL,
      agreeing: [],
      pair: null,
    };
    for (let i = 0; i < a.length; i += 1) {
      for (let j = 0; j < b.length; j += 1) {
        const left = a[i];
        const right = b[j];
        if (left === undefined || right === undefined) continue;
        const result = this.compareNames(left, right);
        if (best.level === NO_LEVEL || result.level < best.level || (result.level === best.level && result.agreeing.length > best.agreeing.length)) {
          best = { ...result, pair: [i, j] };
        }
        if (best.level === NAME.exact) return best;
      }
    }
    return best;
  }

  /** The level of agreement of two names, and the parts that agreed exactly or phonetically. */
  compareNames(a: PreparedName, b: PreparedName): { level: number; agreeing: (readonly [string, string])[] } {
    if (a.exactKey === b.exactKey) return { level: NAME.exact, agreeing: a.tokens.map((token) => [token.text, token.text] as const) };
    if (a.joined === b.joined) return { level: a.tokens.length === b.tokens.length ? NAME.reordered : NAME.phonetic, agreeing: [[a.joined, b.joined]] };
    // A part of one written as two neighbouring parts of the other ("Abdulrahman", "Abdul Rahman").
    const left = this.#mergeNeighbours(a, b);
    const right = this.#mergeNeighbours(b, a);
    const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
    const grades = shorter.map((token) => longer.map((other) => this.grade(token, other)));
    const chosen = bestAssignment(grades, longer.length);
    const agreeing: (readonly [string, string])[] = [];
    let weakest: number = GRADE.exact;
    let strongest: number = GRADE.none;
    for (let i = 0; i < shorter.length; i += 1) {
      const j = chosen[i] ?? -1;
      const grade = j < 0 ? GRADE.none : (grades[i]?.[j] ?? GRADE.none);
      weakest = Math.min(weakest, grade);
      strongest = Math.max(strongest, grade);
      const token = shorter[i];
      const other = longer[j];
      if (grade >= GRADE.phonetic && token !== undefined && other !== undefined) agreeing.push([token.text, other.text]);
    }
    const extra = longer.length > shorter.length;
    let level: number;
    if (!extra && weakest === GRADE.exact) level = NAME.reordered;
    else if (!extra && weakest >= GRADE.phonetic) level = NAME.phonetic;
    else if (!extra && weakest >= GRADE.close) level = NAME.close;
    else if (extra && weakest >= GRADE.phonetic) level = shorter.length >= 2 ? NAME.subset : NAME.single;
    else if (weakest >= GRADE.fuzzy) level = NAME.fuzzy;
    else if (strongest >= GRADE.phonetic) level = NAME.onePart;
    else if (strongest >= GRADE.fuzzy) level = NAME.onePartFuzzy;
    else level = NAME.different;
    return { level, agreeing };
  }

  /** `name`'s parts, with two neighbours joined where the joined form is a part of `other`. */
  #mergeNeighbours(name: PreparedName, other: PreparedName): readonly Token[] {
    if (name.merged.length === 0) return name.tokens;
    let result: Token[] | null = null;
    for (let i = name.merged.length - 1; i >= 0; i -= 1) {
      const merged = name.merged[i];
      if (merged === undefined || !other.tokens.some((token) => token.id === merged.id)) continue;
      result ??= [...name.tokens];
      if (result[i + 1] === name.tokens[i + 1] && result[i] === name.tokens[i]) result.splice(i, 2, merged);
    }
    return result ?? name.tokens;
  }
}

/**
 * The assignment of the shorter name's parts to distinct parts of the longer that agrees best: most
 * exact parts, then most phonetic, and so on. Names have a few parts, so every assignment is tried.
 */
function bestAssignment(grades: readonly (readonly number[])[], width: number): number[] {
  const rows = grades.length;
  const chosen = new Array<number>(rows).fill(-1);
  const current = new Array<number>(rows).fill(-1);
  const used = new Array<boolean>(width).fill(false);
  let bestScore = -1;
  const visit = (row: number, score: number): void => {
    if (row === rows) {
      if (score > bestScore) {
        bestScore = score;
        for (let i = 0; i < rows; i += 1) chosen[i] = current[i] ?? -1;
      }
      return;
    }
    for (let j = 0; j < width; j += 1) {
      if (used[j] === true) continue;
      used[j] = true;
      current[row] = j;
      // Base 10: a better part outweighs any number of worse ones (names have under ten parts).
      visit(row + 1, score + 10 ** (grades[row]?.[j] ?? 0));
      used[j] = false;
    }
  };
  visit(0, 0);
  return chosen;
}

function compareBirths(a: readonly PreparedBirth[], b: readonly PreparedBirth[]): { level: number; pair: readonly [number, number] | null } {
  let level: number = NO_LEVEL;
  let pair: readonly [number, number] | null = null;
  for (let i = 0; i < a.length; i += 1) {
    for (let j = 0; j < b.length; j += 1) {
      const left = a[i];
      const right = b[j];
      if (left === undefined || right === undefined) continue;
      const result = compareBirth(left, right);
      if (level === NO_LEVEL || result < level) {
        level = result;
        pair = [i, j];
      }
    }
  }
  return { level, pair };
}

/**
 * Dates of birth this close that differ by one digit are near, not mistyped: among thousands of
 * children born within a few years, 4 and 7 December of one year are common, and counting them as a
 * digit slip gave them about 5 bits (docs/benchmarks.md). They are graded by their distance instead.
 */
const NEAR_DAYS = 31;

function compareBirth(a: PreparedBirth, b: PreparedBirth): number {
  if (a.day !== null && a.day === b.day) return a.firstJanuary ? BIRTH.exactFirstJanuary : BIRTH.exact;
  if (a.digits !== null && b.digits !== null && a.day !== null && b.day !== null) {
    if (a.swappedDigits === b.digits) return BIRTH.typo;
    if (Math.abs(a.day - b.day) > NEAR_DAYS && withinOneEdit(a.digits, b.digits)) return BIRTH.typo;
  }
  const gap = Math.max(a.earliest, b.earliest) - Math.min(a.latest, b.latest);
  if (gap <= 0) return BIRTH.overlap;
  if (gap <= 366) return BIRTH.withinYear;
  if (gap <= 3 * 366) return BIRTH.withinThreeYears;
  return BIRTH.different;
}

function compareNationalities(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return NO_LEVEL;
  let level = 2;
  for (const left of a) {
    for (const right of b) {
      if (left === right) return 0;
      if (commonlyConfused(left, right)) level = 1;
    }
  }
  return level;
}

function compareIdentifiers(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): number {
  let level: number = NO_LEVEL;
  for (const [scheme, values] of a) {
    const others = b.get(scheme);
    if (others === undefined) continue;
    for (const value of values) {
      for (const other of others) {
        if (value === other) return 0;
        const near = value.length >= 5 && value.length === other.length && withinOneEdit(value, other);
        level = Math.min(level === NO_LEVEL ? 2 : level, near ? 1 : 2);
      }
    }
  }
  return level;
}

/** A UK postcode's outward code (the district): "SW1A 1AA" → "SW1A". */
const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;

function comparePostcodes(a: string | null, b: string | null): number {
  if (a === null || b === null) return NO_LEVEL;
  if (a === b) return 0;
  const outwardA = UK_POSTCODE.exec(a)?.[1];
  if (outwardA !== undefined && outwardA === UK_POSTCODE.exec(b)?.[1]) return 1;
  return a.length === b.length && withinOneEdit(a, b) ? 1 : 2;
}
