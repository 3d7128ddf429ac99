// The Fellegi–Sunter model: for each comparison level, m (how often two records of one person agree
// at that level) and u (how often two records of different people do). Their ratio is the Bayes
// factor that level contributes; the prior (how likely two records picked at random are one person)
// times the product of the factors gives the odds, hence a calibrated probability.

import { COMPARISON_IDS, COMPARISONS, NO_LEVEL } from './comparisons.ts';
import type { ComparisonId, Comparer, PairComparison, PreparedPerson } from './comparisons.ts';

export interface ComparisonParameters {
  /** P(level | same person), one per level. */
  readonly m: readonly number[];
  /** P(level | different people), one per level. */
  readonly u: readonly number[];
}

/**
 * How often each name part occurs among the names of a population, for the term-frequency
 * adjustment: agreeing on a rare name is stronger evidence than agreeing on Mohammed or Nguyen.
 */
export interface NameFrequencies {
  /** Name parts counted. */
  readonly total: number;
  /** Parts seen more than once; any other part counts as seen once. */
  readonly counts: ReadonlyMap<string, number>;
  /** The mean log2 frequency of the part two people picked at random share, when they share one. */
  readonly expectedLog2: number;
}

export interface MatchModel {
  /** The probability that two records drawn at random from the population are one person (λ). */
  readonly prior: number;
  readonly parameters: Readonly<Record<ComparisonId, ComparisonParameters>>;
  readonly nameFrequencies: NameFrequencies;
}

/** The evidence of one field, as a reviewer sees it. */
export interface FieldEvidence {
  readonly comparison: ComparisonId;
  readonly label: string;
  /** null when either record lacks the field: no evidence either way. */
  readonly level: { readonly id: string; readonly label: string } | null;
  /** log2 of the Bayes factor (0 for no evidence): positive for the same person, negative against. */
  readonly weight: number;
  /** The part of `weight` from how common the agreeing name parts are (names only). */
  readonly termFrequencyWeight: number;
}

export interface ScoredPair {
  /** Total match weight: log2 of the prior odds plus every field's weight. */
  readonly weight: number;
  readonly probability: number;
  readonly fields: readonly FieldEvidence[];
  readonly comparison: PairComparison;
}

/** A name part agreeing at most this much more or less than usual: one odd count moves nothing far. */
const MAX_TERM_FREQUENCY_BITS_UP = 6;
const MAX_TERM_FREQUENCY_BITS_DOWN = 5;

const log2 = Math.log2;

function frequencyOf(frequencies: NameFrequencies, part: string): number {
  return Math.max(1, frequencies.counts.get(part) ?? 1) / Math.max(1, frequencies.total);
}

/** Counts the parts of every name given; parts seen once are not kept. */
export function countNameParts(parts: Iterable<string>): NameFrequencies {
  const all = new Map<string, number>();
  let total = 0;
  for (const part of parts) {
    all.set(part, (all.get(part) ?? 0) + 1);
    total += 1;
  }
  return nameFrequenciesOf(all, total);
}

/** Frequencies from counts of parts (which may leave out parts seen once) and the number of parts counted. */
export function nameFrequenciesOf(counts: ReadonlyMap<string, number>, total: number): NameFrequencies {
  let squares = 0;
  let weighted = 0;
  let counted = 0;
  for (const count of counts.values()) {
    squares += count * count;
    weighted += count * count * log2(count / Math.max(1, total));
    counted += count;
  }
  // Parts seen once (not in `counts`) each add 1 to the squares at frequency 1/total.
  const singles = Math.max(0, total - counted);
  squares += singles;
  weighted += singles * log2(1 / Math.max(1, total));
  const kept = new Map([...counts].filter(([, count]) => count > 1));
  return { total, counts: kept, expectedLog2: squares === 0 ? 0 : weighted / squares };
}

/**
 * Term-frequency adjustment (in bits) for the agreeing name parts: each part's frequency against the
 * frequency expected of a part that two random people share. Only a part spelt the same earns more
 * for being rare: two spellings that sound alike share a sound many other spellings share too, so
 * their rarity says little; a common one still counts for less. Only a whole name earns more, too:
 * when a part is missing, added or different, two children who share one rare part are no rarer
 * than two who share a common one and differ in the rest (a rare given name given alone matched a
 * held child's fuller name, and each rare part added up to six bits; docs/benchmarks.md). And the
 * rarest part's bonus is the whole name's: the parts of one name are not independent (a rare given
 * name mostly comes with a family name as rare, from the same language: Duc with Tran, Trey with
 * Owusu), so adding each part's rarity counted one piece of evidence two or three times.
 */
export function termFrequencyWeight(frequencies: NameFrequencies, agreeing: readonly (readonly [string, string])[], wholeName = true): number {
  let down = 0;
  let up = 0;
  for (const [a, b] of agreeing) {
    const logFrequency = (log2(frequencyOf(frequencies, a)) + log2(frequencyOf(frequencies, b))) / 2;
    const adjustment = Math.min(MAX_TERM_FREQUENCY_BITS_UP, Math.max(-MAX_TERM_FREQUENCY_BITS_DOWN, frequencies.expectedLog2 - logFrequency));
    if (adjustment < 0) down += adjustment;
    else if (a === b && wholeName) up = Math.max(up, adjustment);
  }
  return down + up;
}

/** The name levels at which every part of both names agrees: only they earn more for rare parts. */
const WHOLE_NAME_LEVELS: ReadonlySet<string> = new Set(['exact', 'reordered', 'phonetic', 'close']);
const NAME_LEVELS = COMPARISONS.find((comparison) => comparison.id === 'name')?.levels ?? [];
const isWholeName = (level: number): boolean => WHOLE_NAME_LEVELS.has(NAME_LEVELS[level]?.id ?? '');

/** log2 of the Bayes factor of one comparison level. */
export function levelWeight(parameters: ComparisonParameters, level: number): number {
  if (level === NO_LEVEL) return 0;
  const m = parameters.m[level] ?? 0;
  const u = parameters.u[level] ?? 0;
  return log2(m) - log2(u);
}

/** The probability from the total match weight (log2 odds). */
export const probabilityOfWeight = (weight: number): number => 1 / (1 + 2 ** -weight);

export const priorWeight = (prior: number): number => log2(prior) - log2(1 - prior);

/**
 * Fields that people who share a name mostly share too: a given name nearly always goes with one sex,
 * a family name with a nationality. Fellegi–Sunter takes fields as independent, so agreeing on these
 * as well as on the name would count the same evidence twice (two different children called Ellie
 * Wright would look more alike than they are). So when the names agree, the name and these fields'
 * agreement together count as the stronger of the two, not their sum; disagreeing still counts in
 * full. Continuous, and never less for a stronger level of either.
 */
const IMPLIED_BY_NAME: readonly ComparisonId[] = ['sex', 'nationality'];

/** The share of the implied fields' agreement that the name has not already given: 1 when the names do not agree. */
function impliedShare(nameWeight: number, impliedAgreement: number): number {
  if (nameWeight <= 0 || impliedAgreement <= 0) return 1;
  return Math.max(0, impliedAgreement - nameWeight) / impliedAgreement;
}

/** Scores a compared pair with the model. `prior` overrides the model's (a search of N records has its own). */
export function scoreComparison(model: MatchModel, comparison: PairComparison, prior: number = model.prior): ScoredPair {
  const raw = COMPARISON_IDS.map((id, index) => {
    const level = comparison.levels[index] ?? NO_LEVEL;
    const base = levelWeight(model.parameters[id], level);
    const tf = id === 'name' && level !== NO_LEVEL ? termFrequencyWeight(model.nameFrequencies, comparison.agreeingNameParts, isWholeName(level)) : 0;
    return { id, index, level, base, tf };
  });
  const name = raw.find((field) => field.id === 'name');
  const impliedAgreement = raw.reduce((sum, field) => sum + (IMPLIED_BY_NAME.includes(field.id) && field.base > 0 ? field.base : 0), 0);
  const share = impliedShare(name === undefined ? 0 : name.base + name.tf, impliedAgreement);
  let weight = priorWeight(prior);
  const fields = raw.map(({ id, index, level, base, tf }): FieldEvidence => {
    const implied = share < 1 && base > 0 && IMPLIED_BY_NAME.includes(id);
    const counted = implied ? base * share : base;
    const definition = COMPARISONS[index];
    const levelDefinition = level === NO_LEVEL ? undefined : definition?.levels[level];
    weight += counted + tf;
    return {
      comparison: id,
      label: definition?.label ?? id,
      level:
        levelDefinition === undefined
          ? null
          : { id: levelDefinition.id, label: implied ? `${levelDefinition.label}, which the name already suggests` : levelDefinition.label },
      weight: counted + tf,
      termFrequencyWeight: tf,
    };
  });
  return { weight, probability: probabilityOfWeight(weight), fields, comparison };
}

export function scorePair(model: MatchModel, comparer: Comparer, a: PreparedPerson, b: PreparedPerson, prior?: number): ScoredPair {
  return scoreComparison(model, comparer.compare(a, b), prior);
}

/**
 * Makes each comparison's weights fall from its strongest level to its weakest, pooling neighbouring
 * levels whose estimates came out in the wrong order (isotonic regression on the weights, weighted by
 * m): a stronger agreement is never weaker evidence, whatever the noise of an estimate.
 */
export function monotoneParameters(parameters: ComparisonParameters): ComparisonParameters {
  const blocks: { m: number; u: number; size: number }[] = [];
  parameters.m.forEach((m, index) => {
    blocks.push({ m, u: parameters.u[index] ?? 0, size: 1 });
    for (;;) {
      const last = blocks.at(-1);
      const previous = blocks.at(-2);
      if (last === undefined || previous === undefined || previous.m * last.u >= last.m * previous.u) break;
      blocks.splice(-2, 2, { m: previous.m + last.m, u: previous.u + last.u, size: previous.size + last.size });
    }
  });
  const m: number[] = [];
  const u: number[] = [];
  let index = 0;
  for (const block of blocks) {
    // Pooled levels share the pooled Bayes factor; each keeps its own u.
    let pooledU = 0;
    for (let i = 0; i < block.size; i += 1) pooledU += parameters.u[index + i] ?? 0;
    for (let i = 0; i < block.size; i += 1) {
      const ownU = parameters.u[index + i] ?? 0;
      u.push(ownU);
      m.push(pooledU === 0 ? (parameters.m[index + i] ?? 0) : (block.m * ownU) / pooledU);
    }
    index += block.size;
  }
  return { m, u };
}

/** A model as stored (JSON): the name frequencies as [part, count] pairs. */
export interface StoredModel {
  readonly prior: number;
  readonly parameters: Readonly<Record<ComparisonId, ComparisonParameters>>;
  readonly nameFrequencies: { readonly total: number; readonly expectedLog2: number; readonly counts: readonly (readonly [string, number])[] };
}

export function storedModel(model: MatchModel): StoredModel {
  return {
    prior: model.prior,
    parameters: model.parameters,
    nameFrequencies: { total: model.nameFrequencies.total, expectedLog2: model.nameFrequencies.expectedLog2, counts: [...model.nameFrequencies.counts] },
  };
}

/** A stored model back, checked: a model that does not fit today's comparisons is a fault, not a model. */
export function modelOfStored(stored: StoredModel): MatchModel {
  COMPARISONS.forEach((comparison) => {
    const parameters = stored.parameters[comparison.id];
    if (parameters.m.length !== comparison.levels.length || parameters.u.length !== comparison.levels.length) {
      throw new Error(`The stored matching model's ${comparison.id} levels do not fit the comparison: estimate the model again`);
    }
  });
  return {
    prior: stored.prior,
    parameters: stored.parameters,
    nameFrequencies: { total: stored.nameFrequencies.total, expectedLog2: stored.nameFrequencies.expectedLog2, counts: new Map(stored.nameFrequencies.counts) },
  };
}
