// One child as a second agency records them, and as a police officer describes a child found: the
// variants identity matching must see through (issue 13). A transliteration or another spelling, the
// parts in another order, a patronymic written differently (grandfather's name added or left off,
// the father's name taken for a family name), a disputed date of birth (1 January of the year, a year
// out, day and month swapped, an age assessment years away) and a neighbouring nationality.
// Deterministic: everything comes from the generator passed in.

import { CONFUSED_PAIRS } from '../domain/matching/nationality.ts';
import { NAMING_TRADITIONS, transliterations } from './names.ts';
import type { TraditionId } from './names.ts';
import type { Random } from './random.ts';

export interface RecordedIdentity {
  readonly givenNames: string;
  readonly familyName: string;
  /** YYYY-MM-DD. */
  readonly dateOfBirth: string;
  /** ISO 3166-1 alpha-2, 'unknown', or null. */
  readonly nationality: string | null;
}

export interface KnownIdentity extends RecordedIdentity {
  readonly tradition: TraditionId;
}

/** Spelling drift that officers writing what they hear produce, beyond the listed transliterations. */
const SPELLING_DRIFT: readonly (readonly [RegExp, string])[] = [
  [/ou/, 'u'],
  [/u/, 'ou'],
  [/ee/, 'i'],
  [/i/, 'ee'],
  [/y$/, 'i'],
  [/i$/, 'y'],
  [/kh/, 'h'],
  [/q/, 'k'],
  [/e/, 'a'],
  [/a/, 'e'],
  [/(.)\1/, '$1'],
  [/([bdfgklmnprst])/, '$1$1'],
];

const PATRONYMIC: ReadonlySet<TraditionId> = new Set(['eritrean', 'ethiopian', 'sudanese', 'afghan', 'egyptian']);

function respell(rng: Random, part: string): string {
  const known = transliterations(part);
  if (known.length > 0 && rng.chance(0.75)) return rng.pick(known);
  const lower = part.toLowerCase();
  const options = SPELLING_DRIFT.filter(([pattern]) => pattern.test(lower.slice(1)));
  if (options.length === 0) return part;
  const [pattern, replacement] = rng.pick(options);
  const changed = part.slice(0, 1) + lower.slice(1).replace(pattern, replacement);
  return changed.length >= 2 ? changed : part;
}

const parts = (text: string): string[] => text.split(' ').filter((part) => part !== '');

function confusedWith(rng: Random, nationality: string | null): string | null {
  if (nationality === null) return null;
  const partners = CONFUSED_PAIRS.flatMap(([a, b]) => (a === nationality ? [b] : b === nationality ? [a] : []));
  return partners.length === 0 ? nationality : rng.pick(partners);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Another date of birth for the same child, as a second agency has it. */
export function disputedDateOfBirth(rng: Random, dateOfBirth: string): string {
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const change = rng.weighted([
    ['firstJanuary', 3],
    ['year', 3],
    ['dayMonth', day <= 12 && day !== month ? 1.5 : 0],
    ['assessed', 2],
    ['days', 1],
  ] as const);
  switch (change) {
    case 'firstJanuary':
      return `${String(year).padStart(4, '0')}-01-01` === dateOfBirth ? `${String(year - 1).padStart(4, '0')}-01-01` : `${String(year).padStart(4, '0')}-01-01`;
    case 'year':
      return isoDate(Date.UTC(year + (rng.chance(0.5) ? 1 : -1), month - 1, Math.min(day, 28)));
    case 'dayMonth':
      return isoDate(Date.UTC(year, day - 1, month));
    case 'assessed':
      // An age assessment puts the child two or three years older, on 1 January or the same day.
      return rng.chance(0.5) ? `${String(year - rng.int(2, 3)).padStart(4, '0')}-01-01` : isoDate(Date.UTC(year - rng.int(2, 3), month - 1, Math.min(day, 28)));
    case 'days':
      return isoDate(Date.UTC(year, month - 1, day) + rng.int(1, 40) * 86_400_000 * (rng.chance(0.5) ? 1 : -1));
  }
}

/**
 * The name a second agency writes for the child: one or more of another spelling of a part, the
 * parts in another order, and (in patronymic traditions) the grandfather's name added or a part
 * left off, or (Vietnamese) the middle name left off. Always differs from the name given.
 */
export function recordedName(
  rng: Random,
  identity: { readonly givenNames: string; readonly familyName: string; readonly tradition: TraditionId },
): { givenNames: string; familyName: string } {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    let given = parts(identity.givenNames);
    let family = parts(identity.familyName);
    if (rng.chance(0.7)) {
      const all = [...given.map((part, i) => ['given', i, part] as const), ...family.map((part, i) => ['family', i, part] as const)];
      for (const [side, index, part] of all) {
        if (rng.chance(all.length === 1 ? 1 : 0.5)) (side === 'given' ? given : family)[index] = respell(rng, part);
      }
    }
    if (PATRONYMIC.has(identity.tradition) && rng.chance(0.35)) {
      const tradition = NAMING_TRADITIONS[identity.tradition];
      if (family.length > 1 && rng.chance(0.5))
        family = family.slice(0, 1); // the grandfather's name left off
      else family = [...family, rng.pick(tradition.male)]; // the grandfather's name added
    }
    if (identity.tradition === 'vietnamese' && given.length > 1 && rng.chance(0.35)) given = given.slice(-1); // "Van Minh" as "Minh"
    if (rng.chance(0.3)) [given, family] = [family, given]; // family name first, as at home
    const result = { givenNames: given.join(' '), familyName: family.join(' ') };
    if (result.givenNames !== '' && (result.givenNames !== identity.givenNames || result.familyName !== identity.familyName)) return result;
  }
  return { givenNames: identity.givenNames, familyName: `${identity.familyName}e` };
}

/** The same child recorded again by another authority: another spelling, perhaps another date of birth and nationality. */
export function recordedAgain(rng: Random, identity: KnownIdentity): RecordedIdentity {
  const name = rng.chance(0.9) ? recordedName(rng, identity) : { givenNames: identity.givenNames, familyName: identity.familyName };
  const nameChanged = name.givenNames !== identity.givenNames || name.familyName !== identity.familyName;
  const dateOfBirth = !nameChanged || rng.chance(0.45) ? disputedDateOfBirth(rng, identity.dateOfBirth) : identity.dateOfBirth;
  const roll = rng.next();
  const nationality = roll < 0.15 ? confusedWith(rng, identity.nationality) : roll < 0.2 ? 'unknown' : identity.nationality;
  return { ...name, dateOfBirth, nationality };
}

/** What a police officer or duty social worker records of a child found, who may be known to Lantern. */
export interface FoundChildDescription {
  readonly givenNames: string;
  readonly familyName: string;
  readonly dateOfBirth: string | null;
  /** An estimated age in whole years, youngest and oldest, when no date of birth is given. */
  readonly ageRange: readonly [number, number] | null;
  readonly sex: 'M' | 'F' | null;
  readonly nationality: string | null;
}

/** A found child described at the police station: a name as heard, perhaps a date of birth or only an age. */
export function foundChildDescription(rng: Random, identity: KnownIdentity & { readonly sex: 'M' | 'F' | 'U' }, today: string): FoundChildDescription {
  const name = rng.chance(0.85) ? recordedName(rng, identity) : { givenNames: identity.givenNames, familyName: identity.familyName };
  // Sometimes only the given name is known.
  const { givenNames, familyName } = rng.chance(0.08) ? { givenNames: parts(name.givenNames)[0] ?? name.givenNames, familyName: '' } : name;
  const age = (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${identity.dateOfBirth}T00:00:00Z`)) / (365.25 * 86_400_000);
  const dob = rng.weighted([
    ['same', 0.35],
    ['disputed', 0.2],
    ['age', 0.4],
    ['none', 0.05],
  ] as const);
  const guessed = Math.max(8, Math.round(age + rng.int(-1, 1)));
  const nationalityRoll = rng.next();
  return {
    givenNames,
    familyName,
    dateOfBirth: dob === 'same' ? identity.dateOfBirth : dob === 'disputed' ? disputedDateOfBirth(rng, identity.dateOfBirth) : null,
    ageRange: dob === 'age' ? [guessed - 1, guessed + 1] : null,
    sex: identity.sex === 'U' || rng.chance(0.03) ? null : identity.sex,
    nationality:
      nationalityRoll < 0.25
        ? null
        : nationalityRoll < 0.37
          ? confusedWith(rng, identity.nationality)
          : identity.nationality === 'unknown'
            ? null
            : identity.nationality,
  };
}
