import { describe, expect, it } from 'vitest';
import { functionLengths } from './long-functions.ts';

const SOURCE = `export function createThing(deps: { n: number }) {
  const base = deps.n;

  // A comment is not a line of code.
  /** Nor is a doc comment,
   * however long. */
  return {
    method(x: number) {
      const doubled = [x].map((y) => {
        return y * 2;
      });
      return doubled[0] ?? base;
    },
    arrow: (z: number) => z + base,
  };
}
const late = function named() {
  return 1;
};
`;

describe('the functions in a source and their own lines', () => {
  const lengths = functionLengths('thing.ts', SOURCE);

  it('should find every function with a body, outer first, named where it has a name', () => {
    expect(lengths.map(({ name, line }) => [name, line])).toEqual([
      ['createThing', 1],
      ['method', 8],
      ['(anonymous)', 9],
      ['arrow', 14],
      ['named', 17],
    ]);
  });

  it('should count code lines only, leaving each line a nested function touches to it', () => {
    // createThing: its first line, `const base`, `return {`, `};` and `}`, not the methods' lines nor the comments.
    // Line 9 goes to the callback that starts on it, not to the method around it.
    expect(lengths.map(({ ownLines }) => ownLines)).toEqual([5, 3, 3, 1, 3]);
  });

  it('should give a function written on one line that line', () => {
    expect(functionLengths('one.ts', 'const f = () => 1;\n')).toEqual([{ name: 'f', line: 1, ownLines: 1 }]);
  });
});
