import { describe, expect, it } from 'vitest';
import { alreadyLinked, planLink, planUnlink, readExcludeReason, readUndoReason } from './decision.ts';

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

describe('readUndoReason', () => {
  it('asks why the decision is undone, in a reason of some length', () => {
    const short = readUndoReason('mistake');
    expect(short).toEqual({ ok: false, error: 'Enter why the decision is being undone, in at least 10 characters' });
    expect(readUndoReason(' Confirmed on the wrong pair of records ')).toEqual({ ok: true, value: 'Confirmed on the wrong pair of records' });
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

describe('planUnlink', () => {
  it('unlinks both records of a person joined by the one confirmation undone', () => {
    expect(planUnlink(['a', 'b'], [])).toEqual({ kept: [], split: [], unlinked: ['a', 'b'] });
  });

  it('keeps together the records other confirmations still join, and unlinks the one left alone', () => {
    // a–b undone; b–c and c–d stand.
    expect(
      planUnlink(
        ['a', 'b', 'c', 'd'],
        [
          ['b', 'c'],
          ['d', 'c'],
        ],
      ),
    ).toEqual({ kept: ['b', 'c', 'd'], split: [], unlinked: ['a'] });
  });

  it('splits a person in two where the undone confirmation was the only bridge, the larger group keeping it', () => {
    // a–b and d–e stand, b–c too; c–d undone.
    expect(
      planUnlink(
        ['a', 'b', 'c', 'd', 'e'],
        [
          ['a', 'b'],
          ['b', 'c'],
          ['d', 'e'],
        ],
      ),
    ).toEqual({ kept: ['a', 'b', 'c'], split: [['d', 'e']], unlinked: [] });
    expect(
      planUnlink(
        ['a', 'b', 'c', 'd'],
        [
          ['c', 'd'],
          ['a', 'b'],
        ],
      ),
    ).toEqual({ kept: ['a', 'b'], split: [['c', 'd']], unlinked: [] });
  });

  it('leaves out confirmations with records outside the person', () => {
    expect(planUnlink(['a', 'b'], [['a', 'z']])).toEqual({ kept: [], split: [], unlinked: ['a', 'b'] });
  });
});
