// Linking two lists of people, or finding the duplicates within one, end to end in memory: prepare,
// block, estimate the model from the data itself (unless one is given), score. `bin/lantern link`
// and the benchmark use this; the service uses the same comparer, model and estimation with its
// candidates from the database.

import { candidatePairs, DEFAULT_MAX_BLOCK } from './blocking.ts';
import { Comparer } from './comparisons.ts';
import type { PreparedPerson } from './comparisons.ts';
import { estimateModel, LevelPatterns } from './estimate.ts';
import type { Estimate } from './estimate.ts';
import { countNameParts, scoreComparison } from './model.ts';
import type { MatchModel, ScoredPair } from './model.ts';
import type { MatchPerson } from './person.ts';

export interface LinkOptions {
  /** Pairs at or above this probability are returned. */
  readonly threshold: number;
  /** A model to score with; without one it is estimated from the lists themselves. */
  readonly model?: MatchModel;
  /** Pairs drawn at random to estimate u (default 200,000, or every pair if fewer). */
  readonly randomPairs?: number;
  /** Seed of the random draw: the same seed, the same model. */
  readonly seed?: number;
  readonly maxBlock?: number;
}

interface LinkedPair {
  readonly left: MatchPerson;
  readonly right: MatchPerson;
  readonly scored: ScoredPair;
}

export interface LinkResult {
  readonly pairs: readonly LinkedPair[];
  readonly model: MatchModel;
  /** Present when the model was estimated here. */
  readonly estimate: Estimate | null;
  readonly candidatePairs: number;
  readonly skippedKeys: number;
}

/** mulberry32: a small seeded generator, so a link run is repeatable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Every name part of every person (aliases included), for the term frequencies. */
function* nameParts(people: Iterable<PreparedPerson>): Generator<string> {
  for (const person of people) {
    const seen = new Set<string>();
    for (const name of person.names) for (const token of name.tokens) seen.add(token.text);
    yield* seen;
  }
}

/** Level patterns of pairs drawn at random: `count` of them, or every pair if there are fewer. */
export function randomPatterns(
  comparer: Comparer,
  left: readonly PreparedPerson[],
  right: readonly PreparedPerson[] | null,
  count: number,
  random: () => number,
): LevelPatterns {
  const patterns = new LevelPatterns();
  const other = right ?? left;
  const possible = right === null ? (left.length * (left.length - 1)) / 2 : left.length * other.length;
  if (possible <= count) {
    for (let i = 0; i < left.length; i += 1) {
      for (let j = right === null ? i + 1 : 0; j < other.length; j += 1) {
        const a = left[i];
        const b = other[j];
        if (a !== undefined && b !== undefined) patterns.add(comparer.compare(a, b).levels);
      }
    }
    return patterns;
  }
  while (patterns.pairs < count) {
    const i = Math.floor(random() * left.length);
    const j = Math.floor(random() * other.length);
    if (right === null && i === j) continue;
    const a = left[i];
    const b = other[j];
    if (a !== undefined && b !== undefined) patterns.add(comparer.compare(a, b).levels);
  }
  return patterns;
}

export function linkPeople(leftPeople: readonly MatchPerson[], rightPeople: readonly MatchPerson[] | null, options: LinkOptions): LinkResult {
  const comparer = new Comparer();
  const left = leftPeople.map((person) => comparer.prepare(person));
  const right = rightPeople === null ? null : rightPeople.map((person) => comparer.prepare(person));
  const other = right ?? left;
  const candidates = candidatePairs(left, right, options.maxBlock ?? DEFAULT_MAX_BLOCK);
  const comparisons = Array.from(candidates.left, (i, index) => {
    const a = left[i];
    const b = other[candidates.right[index] ?? 0];
    if (a === undefined || b === undefined) throw new Error('Blocking gave a position outside the lists');
    return { a, b, comparison: comparer.compare(a, b) };
  });
  let estimate: Estimate | null = null;
  let model = options.model;
  if (model === undefined) {
    const patterns = new LevelPatterns();
    for (const { comparison } of comparisons) patterns.add(comparison.levels);
    const random = randomPatterns(comparer, left, right, options.randomPairs ?? 200_000, seededRandom(options.seed ?? 1));
    estimate = estimateModel({
      candidates: patterns,
      random,
      possiblePairs: right === null ? (left.length * (left.length - 1)) / 2 : left.length * right.length,
      nameFrequencies: countNameParts(nameParts(right === null ? left : [...left, ...right])),
    });
    model = estimate.model;
  }
  const pairs: LinkedPair[] = [];
  for (const { a, b, comparison } of comparisons) {
    const scored = scoreComparison(model, comparison);
    if (scored.probability >= options.threshold) pairs.push({ left: a.person, right: b.person, scored });
  }
  pairs.sort((x, y) => y.scored.probability - x.scored.probability);
  return { pairs, model, estimate, candidatePairs: comparisons.length, skippedKeys: candidates.skippedKeys };
}
