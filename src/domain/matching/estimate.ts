// Estimating the model without labels. u, the chance that two different people agree at each level,
// comes from pairs drawn at random (almost all are different people). m, the chance that two records
// of one person agree, comes from expectation–maximisation over the candidate pairs that blocking
// finds: the pairs are a mixture of matches and non-matches, and EM finds the m (and the candidates'
// own u) and the share of matches that explain them best. No truth is used.

import { byComparison, COMPARISON_IDS, COMPARISONS, NO_LEVEL } from './comparisons.ts';
import { DEFAULT_PARAMETERS } from './defaults.ts';
import type { ComparisonId, Levels } from './comparisons.ts';
import { monotoneParameters } from './model.ts';
import type { MatchModel, NameFrequencies } from './model.ts';

const LEVEL_COUNTS = COMPARISONS.map((comparison) => comparison.levels.length);
const BASE = Math.max(...LEVEL_COUNTS) + 1;

/** Pairs with the same levels, counted once: EM then costs the number of patterns, not of pairs. */
export class LevelPatterns {
  readonly #patterns = new Map<number, { levels: Levels; count: number }>();
  #pairs = 0;

  add(levels: Levels, count = 1): void {
    let key = 0;
    for (const level of levels) key = key * BASE + (level + 1);
    const pattern = this.#patterns.get(key);
    if (pattern === undefined) this.#patterns.set(key, { levels: Int8Array.from(levels), count });
    else pattern.count += count;
    this.#pairs += count;
  }

  get pairs(): number {
    return this.#pairs;
  }

  *[Symbol.iterator](): IterableIterator<{ readonly levels: Levels; readonly count: number }> {
    yield* this.#patterns.values();
  }
}

/** Pseudo-pairs the default parameters count for: the data outweighs them once it has a few hundred pairs. */
const U_PRIOR_PAIRS = 1000;
const M_PRIOR_PAIRS = 50;

/**
 * Pairs each level counts as having seen besides (Laplace smoothing): a level no random pair reached
 * is rare, not all but impossible. Without it, a level the defaults make very rare (a part added to a
 * name whose other parts agree) and that no random pair showed got a u near 0, hence a weight of 20
 * bits or more, for an agreement that two different children do show now and then.
 */
const U_SMOOTHING_PAIRS = 1;

/**
 * u for each comparison from pairs drawn at random, starting from the defaults as if from
 * U_PRIOR_PAIRS pairs, and from one pair at every level, so no level is impossible and a small file
 * keeps sensible values.
 */
function estimateU(random: LevelPatterns): Record<ComparisonId, readonly number[]> {
  const counts = COMPARISON_IDS.map((id) => DEFAULT_PARAMETERS[id].u.map((value) => value * U_PRIOR_PAIRS + U_SMOOTHING_PAIRS));
  for (const { levels, count } of random) {
    levels.forEach((level, index) => {
      const row = counts[index];
      if (level !== NO_LEVEL && row !== undefined) row[level] = (row[level] ?? 0) + count;
    });
  }
  return byComparison((_, index) => normalise(counts[index] ?? []));
}

const normalise = (values: readonly number[]): number[] => {
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => value / total);
};

interface EmResult {
  readonly m: Record<ComparisonId, readonly number[]>;
  /** u among the candidate pairs: not the population's (blocking chose pairs that agree), so not used to score. */
  readonly candidateU: Record<ComparisonId, readonly number[]>;
  /** The share of the candidate pairs that are matches. */
  readonly candidateMatchShare: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Expectation–maximisation of m, of u among the candidates and of the share of matches among them.
 * u is estimated here too (starting from the population's), because the non-matches blocking lets
 * through agree more than random pairs do: held at the population's u, they would pass for matches.
 * Levels missing on either side (NO_LEVEL) carry no evidence and are left out of both steps.
 */
function estimateM(
  candidates: LevelPatterns,
  u: Record<ComparisonId, readonly number[]>,
  options: { maxIterations?: number; tolerance?: number } = {},
): EmResult {
  const maxIterations = options.maxIterations ?? 200;
  const tolerance = options.tolerance ?? 1e-6;
  const patterns = [...candidates];
  const priorM = COMPARISON_IDS.map((id) => DEFAULT_PARAMETERS[id].m);
  let m = priorM.map((row) => [...row]);
  const randomU = COMPARISON_IDS.map((id) => u[id]);
  let nonMatch = randomU.map((row) => [...row]);
  let share = 0.1;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations += 1;
    const logM = m.map((row) => row.map(Math.log));
    const logU = nonMatch.map((row) => row.map(Math.log));
    const expectedM = LEVEL_COUNTS.map((size) => new Array<number>(size).fill(0));
    const expectedU = LEVEL_COUNTS.map((size) => new Array<number>(size).fill(0));
    let matches = 0;
    const logShare = Math.log(share);
    const logOther = Math.log(1 - share);
    for (const { levels, count } of patterns) {
      let logMatch = logShare;
      let logNonMatch = logOther;
      levels.forEach((level, index) => {
        if (level === NO_LEVEL) return;
        logMatch += logM[index]?.[level] ?? 0;
        logNonMatch += logU[index]?.[level] ?? 0;
      });
      const posterior = 1 / (1 + Math.exp(logNonMatch - logMatch));
      const weight = posterior * count;
      const otherWeight = count - weight;
      matches += weight;
      levels.forEach((level, index) => {
        if (level === NO_LEVEL) return;
        const rowM = expectedM[index];
        const rowU = expectedU[index];
        if (rowM !== undefined) rowM[level] = (rowM[level] ?? 0) + weight;
        if (rowU !== undefined) rowU[level] = (rowU[level] ?? 0) + otherWeight;
      });
    }
    // m starts from the defaults as if from M_PRIOR_PAIRS matches, so a level no match reached stays possible.
    const nextM = expectedM.map((row, index) => normalise(row.map((value, level) => value + M_PRIOR_PAIRS * (priorM[index]?.[level] ?? 0))));
    // The candidates' u starts from the population's, likewise, so a handful of pairs cannot all pass for non-matches.
    const nextU = expectedU.map((row, index) => normalise(row.map((value, level) => value + M_PRIOR_PAIRS * (randomU[index]?.[level] ?? 0))));
    const nextShare = Math.min(1 - 1e-9, Math.max(1e-9, matches / Math.max(1, candidates.pairs)));
    let change = Math.abs(nextShare - share);
    nextM.forEach((row, index) => {
      row.forEach((value, level) => {
        change = Math.max(change, Math.abs(value - (m[index]?.[level] ?? 0)));
      });
    });
    m = nextM;
    nonMatch = nextU;
    share = nextShare;
    converged = change < tolerance;
  }
  return {
    m: byComparison((_, index) => m[index] ?? []),
    candidateU: byComparison((_, index) => nonMatch[index] ?? []),
    candidateMatchShare: share,
    iterations,
    converged,
  };
}

export interface Estimate {
  readonly model: MatchModel;
  readonly em: EmResult;
  /** Matches the model expects among the candidate pairs. */
  readonly expectedMatches: number;
}

/**
 * The whole model: u from the random pairs, m by EM over the candidates, and the prior as the
 * matches EM found among the candidates spread over every possible pair (blocking is meant to miss
 * almost none). Weights are then made to fall from strong levels to weak ones.
 */
export function estimateModel(input: {
  readonly candidates: LevelPatterns;
  readonly random: LevelPatterns;
  /** Every pair the population could form: n·m to link two files, n(n−1)/2 within one. */
  readonly possiblePairs: number;
  readonly nameFrequencies: NameFrequencies;
}): Estimate {
  const u = estimateU(input.random);
  const em = estimateM(input.candidates, u);
  const expectedMatches = em.candidateMatchShare * input.candidates.pairs;
  const prior = Math.min(0.5, Math.max(1e-12, expectedMatches / Math.max(1, input.possiblePairs)));
  const parameters = byComparison((id) => monotoneParameters({ m: em.m[id], u: u[id] }));
  return { model: { prior, parameters, nameFrequencies: input.nameFrequencies }, em, expectedMatches };
}
