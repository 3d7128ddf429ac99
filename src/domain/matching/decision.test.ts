import { describe, expect, it } from 'vitest';
import { alreadyLinked, planLink, readExcludeReason } from './decision.ts';

describe('readExcludeReason', () => {
  it('asks for a reason of some length, naming what to write', () => {
    const short = readExcludeReason('  no  ');
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error).toMatch(/at least 10 characters/);
    expect(readExcludeReason('x'.repeat(1001)).ok).toBe(false);
  });

  it('keeps a reason trimmed', () => {
    expect(readExcludeReason('  Different parents on the birth certificate \n')).toEqual({ ok: true, value: 'Different parents on the birth certificate' });
  });
});

describe('planLink', () => {
  it('makes a new person of two records never linked', () => {
    expect(planLink('a', 'b', new Map(), 'p-new')).toEqual({ personId: 'p-new', newLinks: ['a', 'b'], mergedPersons: [] });
  });

  it('adds a record to the person the other already belongs to', () => {
    expect(planLink('a', 'b', new Map([['b', 'p-b']]), 'p-new')).toEqual({ personId: 'p-b', newLinks: ['a'], mergedPersons: [] });
    expect(planLink('a', 'b', new Map([['a', 'p-a']]), 'p-new')).toEqual({ personId: 'p-a', newLinks: ['b'], mergedPersons: [] });
  });

  it('merges two persons into the first record’s', () => {
    expect(
      planLink(
        'a',
        'b',
        new Map([
          ['a', 'p-a'],
          ['b', 'p-b'],
        ]),
        'p-new',
      ),
    ).toEqual({ personId: 'p-a', newLinks: [], mergedPersons: ['p-b'] });
  });

  it('knows two records of one person', () => {
    expect(
      alreadyLinked(
        'a',
        'b',
        new Map([
          ['a', 'p'],
          ['b', 'p'],
        ]),
      ),
    ).toBe(true);
    expect(alreadyLinked('a', 'b', new Map([['a', 'p']]))).toBe(false);
    expect(alreadyLinked('a', 'b', new Map())).toBe(false);
  });
});
