// The cell-key method (ONS, Census 2021; ABS before it) that perturbs every count released beyond the authority
// that owns the records, so that differencing two releases (two periods, two areas) cannot single a child out.
// See docs/adr/0017-cell-key-perturbation.md.
//
// Every child record and every missing episode carries a record key, a random whole number from 0 to 255 given
// once when the row is inserted and never changed (migration 0020). A count's cell key is the sum of the record
// keys of the records it counts, modulo 256. The perturbation added to the count is read from the perturbation
// table (ptable) at (the count, its cell key). The same records always give the same cell key, so the same cell
// always gets the same answer, whichever query or table produced it; asking again, or through another query,
// averages nothing away.
//
// The ptable is published (`bin/lantern stats --ptable` prints it in the ONS layout: pcv, ckey, pvalue) and its
// safety does not depend on it being secret: the record keys are, and nobody outside the statistics role reads
// them.

import type { Tally } from './counts.ts';

/** Record keys run from 0 to CELL_KEY_MODULUS − 1; cell keys are sums modulo it (ONS: 256). */
export const CELL_KEY_MODULUS = 256;

/** The largest perturbation either way. */
export const MAX_PERTURBATION = 2;

/**
 * How a count is perturbed, in 256ths (one per cell key): zeros never (ONS: a zero cell has no records to key);
 * 1 by −1, 0, +1 or +2 (never below zero, and on average nothing); 2 and over by −2 to +2, half of them left
 * as they are. Every row averages zero, so totals over many cells are not biased. Which cell keys take which
 * perturbation is shuffled in each row (keyOrder).
 */
const DISTRIBUTIONS: Record<'zero' | 'one' | 'many', readonly (readonly [perturbation: number, keys: number])[]> = {
  zero: [[0, 256]],
  one: [
    [0, 128],
    [1, 40],
    [-1, 72],
    [2, 16],
  ],
  many: [
    [0, 128],
    [1, 48],
    [-1, 48],
    [2, 16],
    [-2, 16],
  ],
};

/** The rows of the ptable, as the ONS lays it out: a row per cell value from 1 to 750. */
export const PTABLE_ROWS = 750;

/** The ptable row a count reads (ONS's pcv): the count up to 750; above that, rows 501 to 750 again. */
export function ptableRow(count: number): number {
  return count <= PTABLE_ROWS ? count : ((count - 1) % 250) + 501;
}

/**
 * The place of each cell key in a row's distribution: a fixed shuffle, different in every row (Fisher–Yates
 * driven by mulberry32 seeded with the row). Were the keys taken in order, a count and the same count with one
 * more record whose key is small would have cell keys a little apart, and so most likely the same perturbation in
 * every table at once: their differences would give that record away. Key 0 keeps place 0 (no perturbation),
 * which lets tests whose records all have key 0 read counts as they are; one key in 256 gives nothing away.
 */
const keyOrders = new Map<number, readonly number[]>();
function keyOrder(row: number): readonly number[] {
  let order = keyOrders.get(row);
  if (order === undefined) {
    const places = Array.from({ length: CELL_KEY_MODULUS }, (_, key) => key);
    const random = mulberry32(0x1a7e_0000 + row);
    for (let i = CELL_KEY_MODULUS - 1; i > 1; i -= 1) {
      const j = 1 + Math.floor(random() * i);
      [places[i], places[j]] = [places[j] ?? 0, places[i] ?? 0];
    }
    order = places;
    keyOrders.set(row, order);
  }
  return order;
}

/** A small, well-known 32-bit pseudo-random generator: the same sequence for the same seed, everywhere. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The perturbation of a ptable row at a cell key. */
export function ptableValue(row: number, cellKey: number): number {
  if (!Number.isInteger(cellKey) || cellKey < 0 || cellKey >= CELL_KEY_MODULUS)
    throw new Error(`a cell key is from 0 to ${CELL_KEY_MODULUS - 1}, got ${cellKey}`);
  if (!Number.isInteger(row) || row < 0 || row > PTABLE_ROWS) throw new Error(`a ptable row is from 0 to ${PTABLE_ROWS}, got ${row}`);
  const place = keyOrder(row)[cellKey] ?? 0;
  let upTo = 0;
  for (const [perturbation, keys] of DISTRIBUTIONS[row === 0 ? 'zero' : row === 1 ? 'one' : 'many']) {
    upTo += keys;
    if (place < upTo) return perturbation;
  }
  throw new Error('every distribution covers all 256 cell keys');
}

/** The count as released: the true count plus the ptable's perturbation for it and its cell key. Never negative. */
export function perturb(tally: Tally): number {
  if (!Number.isInteger(tally.count) || tally.count < 0) throw new Error(`a count is a whole number from 0, got ${tally.count}`);
  return tally.count + ptableValue(ptableRow(tally.count), tally.key);
}

/** The whole ptable in the ONS layout: one entry per (pcv 1–750, ckey 0–255). */
export function* ptableEntries(): Generator<{ readonly pcv: number; readonly ckey: number; readonly pvalue: number }> {
  for (let pcv = 1; pcv <= PTABLE_ROWS; pcv += 1) {
    for (let ckey = 0; ckey < CELL_KEY_MODULUS; ckey += 1) yield { pcv, ckey, pvalue: ptableValue(pcv, ckey) };
  }
}

// ---- Tallies: counts with their cell keys ----

export const NO_RECORDS: Tally = { count: 0, key: 0 };

const modulo = (n: number) => ((n % CELL_KEY_MODULUS) + CELL_KEY_MODULUS) % CELL_KEY_MODULUS;

/** One record with its record key. */
export function recordTally(recordKey: number): Tally {
  return { count: 1, key: modulo(recordKey) };
}

/** The records of several disjoint tallies together. */
export function addTallies(...tallies: readonly Tally[]): Tally {
  return tallies.reduce((sum, tally) => ({ count: sum.count + tally.count, key: modulo(sum.key + tally.key) }), NO_RECORDS);
}

/** The records of `whole` that are not in `part` (a subset of it): keys subtract as counts do. */
export function subtractTally(whole: Tally, part: Tally): Tally {
  return { count: whole.count - part.count, key: modulo(whole.key - part.key) };
}
