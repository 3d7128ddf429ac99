import { describe, expect, it } from 'vitest';
import type { Tally } from '../statistics/counts.ts';
import type { DisclosureView, Figure } from '../statistics/publication.ts';
import { publishPastClock } from './past-clock.ts';
import type { AuthorityPastClock } from './past-clock.ts';

// Record keys of 0 give every count a cell key of 0, which the ptable leaves as it is: these tests read the
// suppression and rounding; the perturbation itself is cell-key.ts's and publication.ts's to test.
const n = (count: number): Tally => ({ count, key: 0 });
const authority = (name: string, pastClock: number, unacknowledged: number): AuthorityPastClock => ({
  code: name.toUpperCase(),
  name,
  pastClock: n(pastClock),
  unacknowledged: n(unacknowledged),
});

const NATIONAL: DisclosureView = { kind: 'controlled', threshold: 5, rounding: 10, perturbed: true };
const UNROUNDED: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: true };
const count = (value: number, view: DisclosureView): Figure => ({
  kind: 'count',
  value,
  roundedTo: view.kind === 'controlled' ? view.rounding : null,
  perturbed: view.kind === 'controlled',
});
const AUTHORITIES = [authority('Kent', 2, 12), authority('Medway', 20, 30), authority('Croydon', 15, 25)];

describe('the national count of alerts past their clock', () => {
  it('suppresses a small count, and what would give it away, and publishes the rest', () => {
    const { rows, total } = publishPastClock(AUTHORITIES, 'United Kingdom', UNROUNDED);
    const kent = rows.find((row) => row.label === 'Kent');
    expect(kent?.pastClock).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(kent?.unacknowledged).toEqual(count(12, UNROUNDED));
    // Kent's 2 would be the column's 37 less Medway's and Croydon's: at least one of theirs goes too.
    expect(rows.filter((row) => row.pastClock.kind === 'suppressed').length).toBeGreaterThanOrEqual(2);
    expect(total).toEqual({ label: 'United Kingdom', pastClock: count(37, UNROUNDED), unacknowledged: count(67, UNROUNDED) });
  });

  it('rounds national figures to 10', () => {
    const { rows, total } = publishPastClock(AUTHORITIES, 'United Kingdom', NATIONAL);
    expect(rows.find((row) => row.label === 'Medway')?.unacknowledged).toEqual(count(30, NATIONAL));
    expect(total?.unacknowledged).toEqual(count(70, NATIONAL));
  });

  it('gives the owner view every count as it is', () => {
    const { rows } = publishPastClock([authority('Kent', 2, 3)], 'Kent', { kind: 'owner' });
    expect(rows).toEqual([{ label: 'Kent', pastClock: count(2, { kind: 'owner' }), unacknowledged: count(3, { kind: 'owner' }) }]);
  });

  it('leaves out authorities with nothing waiting, and publishes nothing when none has', () => {
    const { rows } = publishPastClock([...AUTHORITIES, authority('Luton', 0, 0)], 'United Kingdom', UNROUNDED);
    expect(rows.map((row) => row.label)).toEqual(['Kent', 'Medway', 'Croydon']);
    expect(publishPastClock([authority('Luton', 0, 0)], 'United Kingdom', NATIONAL)).toEqual({ rows: [], total: null });
  });
});
