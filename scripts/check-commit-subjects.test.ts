import { describe, expect, it } from 'vitest';
import { subjectProblems } from './check-commit-subjects.ts';

describe('a commit subject', () => {
  it.each([
    'Add cookies and privacy notice pages, linked from every page’s footer',
    'Share the organisation each role is given in tests',
    'Seed the demo with children missing now',
    'Process the 903 return in one pass',
    'Focus the error summary',
    'Bring the domain terms into docs/',
    'Embed the fonts',
    'x'.repeat(72),
  ])('should pass in the imperative, short, with no full stop: %s', (subject) => {
    expect(subjectProblems(subject)).toEqual([]);
  });

  it.each([
    ['Added the thing', /imperative/],
    ['Adds the thing', /imperative/],
    ['Adding the thing', /imperative/],
    ['The thing is fixed', /imperative/],
    ['Add the thing.', /full stop/],
    ['feat: add the thing', /prefix/],
    ['fix(api): add the thing', /prefix/],
    ['[WIP] Add the thing', /prefix/],
    [`Add ${'x'.repeat(69)}`, /73 characters long; the most is 72/],
    ['', /empty/],
  ])('should refuse %j, saying why', (subject, why) => {
    expect(subjectProblems(subject).join('; ')).toMatch(why);
  });
});
