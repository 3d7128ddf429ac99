import { consonantSkeleton, jaroWinkler, nameTokens, phoneticCodes, withinOneEdit } from './matching/text.ts';

// Finding a child by a name typed with a slip or spelt another way ("Mohamed" for "Muhammad",
// "Aleksander" for "Alexander", "Smtih" for "Smith"), with the identity-matching engine's string
// comparisons (src/domain/matching/text.ts): each word typed must be part of the name as it is, or
// close to a part of it, in any order. Pure: the service passes in the authority's names.

/** Words shorter than this are matched only as they are: "Al" is close to too many names. */
const SHORTEST_TOLERATED = 3;
/** Jaro–Winkler similarity from which two name parts are the same name mistyped (as the engine's "close"). */
const CLOSE_SIMILARITY = 0.92;
/** The similarity a spelling that sounds alike must also have ("Mohamed" and "Muhammad" are 0.80). */
const LOOKS_ALIKE = 0.75;
/** Longer words are matched as typed or a slip apart only: two long, different strings can look and sound alike. */
const LONGEST_COMPARED = 15;

interface Part {
  readonly text: string;
  readonly primary: string;
  readonly alternate: string;
  readonly skeleton: string;
}

/** Prepares name parts once for a search: a name part recurs across many children. */
function partCache() {
  const parts = new Map<string, Part>();
  return (text: string): Part => {
    let part = parts.get(text);
    if (part === undefined) {
      const [primary, alternate] = phoneticCodes(text);
      part = { text, primary, alternate, skeleton: consonantSkeleton(text) };
      parts.set(text, part);
    }
    return part;
  };
}

/** Whether a typed word and a name part are one name: typed in it, a slip apart, spelt alike or sounding alike. */
function close(word: Part, part: Part): boolean {
  if (part.text.includes(word.text)) return true;
  if (word.text.length < SHORTEST_TOLERATED || Math.abs(word.text.length - part.text.length) > 3) return false;
  if (withinOneEdit(word.text, part.text)) return true;
  if (word.text.length > LONGEST_COMPARED) return false;
  const similarity = jaroWinkler(word.text, part.text);
  if (similarity >= CLOSE_SIMILARITY) return true;
  // Sounding alike, or the same consonants, is enough only for spellings that also look fairly alike.
  const soundsAlike =
    (word.primary !== '' && (word.primary === part.primary || word.primary === part.alternate || (word.alternate !== '' && word.alternate === part.primary))) ||
    (word.skeleton.length >= 2 && word.skeleton === part.skeleton);
  return soundsAlike && similarity >= LOOKS_ALIKE;
}

/**
 * The children one of whose names has, for every word of `query`, a part that is the word or close to
 * it. `names` are the authority's names as kept folded (one row a name, aliases included).
 */
export function childrenWithCloseNames(query: string, names: readonly { readonly childId: string; readonly foldedName: string }[]): string[] {
  const prepare = partCache();
  const words = nameTokens(query).map(prepare);
  if (words.length === 0) return [];
  const found = new Set<string>();
  for (const { childId, foldedName } of names) {
    if (found.has(childId)) continue;
    const parts = nameTokens(foldedName).map(prepare);
    if (words.every((word) => parts.some((part) => close(word, part)))) found.add(childId);
  }
  return [...found];
}
