import { describe, expect, it } from 'vitest';
import { childrenWithCloseNames } from './name-search.ts';

// Names as the database keeps them folded (child_search_name): given names, a space, the family name.
const NAMES = [
  { childId: 'muhammad', foldedName: 'muhammad al-khalidi' },
  { childId: 'alexander', foldedName: 'alexander smith' },
  { childId: 'alexander', foldedName: 'sasha smyth' },
  { childId: 'jon', foldedName: 'jon nguyen' },
  { childId: 'long', foldedName: 'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiii' },
];

describe('childrenWithCloseNames', () => {
  it.each([
    ['a slip', 'Smtih', ['alexander']],
    ['another spelling', 'Mohamed', ['muhammad']],
    ['the same consonants', 'Mhmmd Khalidy', ['muhammad']],
    ['a transliteration', 'Aleksandr', ['alexander']],
    ['a letter more', 'John Nguyen', ['jon']],
    ['words in any order', 'nguen jon', ['jon']],
    ['part of a name, as typed', 'khal', ['muhammad']],
    ['an alias', 'sacha', ['alexander']],
    ['accents', 'Nguyễn', ['jon']],
  ])('should find %s', (_case, typed, children) => {
    expect(childrenWithCloseNames(typed, NAMES)).toEqual(children);
  });

  it.each([
    ['a different name', 'Petrovic'],
    ['words from two names of the child', 'sasha alexander'],
    ['a short word not in any name', 'Ed Smith'],
    ['a long string a few letters off', 'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeexxxx'],
    ['nothing but punctuation', '--'],
  ])('should not find %s', (_case, typed) => {
    expect(childrenWithCloseNames(typed, NAMES)).toEqual([]);
  });
});
