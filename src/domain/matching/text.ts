// Text work for identity matching: folding any script to lower-case ASCII letters, splitting names
// into parts, and the codes that let two spellings of one spoken name agree. The string metrics come
// from well-kept libraries (docs/adr/0013-identity-matching.md): any-ascii transliterates (Arabic,
// Ge'ez for Tigrinya and Amharic, Vietnamese diacritics, Albanian and Romanian letters), double-metaphone
// gives phonetic codes, talisman gives Jaro–Winkler.

import anyAscii from 'any-ascii';
import { doubleMetaphone } from 'double-metaphone';
import jaroWinklerSimilarity from 'talisman/metrics/jaro-winkler.js';

/** Lower-case ASCII letters, digits and single spaces: any script transliterated, accents and punctuation gone. */
export function foldText(text: string): string {
  // Plain ASCII (most names) skips the transliteration table.
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(text) ? text : anyAscii(text);
  return ascii
    .toLowerCase()
    .replace(/['`’ʻʼ]/g, '') // hamza and ayn marks, apostrophes inside names (O'Neil, Ma'mun)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The parts of a name, folded: "Al-Hassan  Mohammed" → ["al", "hassan", "mohammed"]. Digits are not names. */
export function nameTokens(text: string): string[] {
  return foldText(text)
    .split(' ')
    .filter((token) => token !== '' && !/\d/.test(token));
}

/**
 * Short parts that are particles of a longer name (al-, el-, bin, ibn), not names: one record writes
 * them and another leaves them out, so a particle left unmatched is no evidence that the names differ.
 */
const PARTICLES = new Set(['al', 'el', 'ul', 'bin', 'ibn', 'bint', 'binti', 'da', 'de', 'di', 'do', 'van', 'von', 'der']);
export const isParticle = (token: string): boolean => PARTICLES.has(token);

/** Double Metaphone's primary and alternate codes, which agree across most spellings of one spoken name. */
export function phoneticCodes(token: string): readonly [string, string] {
  const [primary, secondary] = doubleMetaphone(token);
  return [primary, secondary];
}

/**
 * The consonants of a name as Arabic, Persian and Ge'ez script write it, without short vowels:
 * transliterated script ("mhmd") and a Latin spelling ("Mohammed") agree. Semi-vowels (w, y) are
 * dropped, being written as vowels as often as not; q and c sound as k; ph as f; doubled letters once.
 */
export function consonantSkeleton(token: string): string {
  return token
    .replace(/ph/g, 'f')
    .replace(/[qc]/g, 'k')
    .replace(/[aeiouyw]/g, '')
    .replace(/(.)\1+/g, '$1');
}

export const jaroWinkler = (a: string, b: string): number => jaroWinklerSimilarity(a, b);

/**
 * Whether two strings are at most one typing slip apart: one character changed, added or dropped, or
 * two neighbours swapped (Damerau–Levenshtein distance at most 1). Linear, for the hot loop.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === b.length) {
    let first = -1;
    for (let i = 0; i < a.length; i += 1) {
      if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
      if (first === -1) first = i;
      else if (i === first + 1 && a[first] === b[i] && a[i] === b[first]) {
        return a.slice(i + 1) === b.slice(i + 1);
      } else return false;
    }
    return true;
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (long.length - short.length !== 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i += 1;
  return short.slice(i) === long.slice(i + 1);
}
