import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byComparison, COMPARISON_IDS, COMPARISONS, NO_LEVEL } from './comparisons.ts';
import { estimateModel, LevelPatterns } from './estimate.ts';
import {
  countNameParts,
  levelWeight,
  modelOfStored,
  monotoneParameters,
  probabilityOfWeight,
  priorWeight,
  scoreComparison,
  storedModel,
  termFrequencyWeight,
} from './model.ts';
import type { MatchModel } from './model.ts';
import { seededRandom } from './link.ts';

const LEVELS = COMPARISONS.map((comparison) => comparison.levels.length);

/** A model whose every comparison is the same: m falls and u rises level by level. */
function simpleModel(prior = 0.001): MatchModel {
  return {
    prior,
    parameters: byComparison((_, index) => {
      const size = LEVELS[index] ?? 2;
      const m = Array.from({ length: size }, (_, level) => 2 ** -(level + 1));
      const u = Array.from({ length: size }, (_, level) => 2 ** -(size - level));
      const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);
      return { m: m.map((value) => value / total(m)), u: u.map((value) => value / total(u)) };
    }),
    nameFrequencies: countNameParts(['mohammed', 'mohammed', 'mohammed', 'ahmed', 'tesfay']),
  };
}

const levelsArbitrary = fc.tuple(...LEVELS.map((size) => fc.integer({ min: NO_LEVEL, max: size - 1 }))).map((levels) => Int8Array.from(levels));

const comparisonOf = (levels: Int8Array) => ({ levels, agreeingNameParts: [], names: null, births: null });

describe('the Fellegi–Sunter score', () => {
  it('is a probability, finite, between 0 and 1', () => {
    fc.assert(
      fc.property(levelsArbitrary, fc.double({ min: 1e-12, max: 0.5, noNaN: true }), (levels, prior) => {
        const scored = scoreComparison(simpleModel(), comparisonOf(levels), prior);
        expect(Number.isFinite(scored.weight)).toBe(true);
        expect(scored.probability).toBeGreaterThanOrEqual(0);
        expect(scored.probability).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('adds up to the prior and every field’s weight, and explains each field', () => {
    const scored = scoreComparison(simpleModel(0.01), comparisonOf(Int8Array.from([0, 0, 0, 0, NO_LEVEL, NO_LEVEL, NO_LEVEL])));
    const fields = scored.fields.reduce((sum, field) => sum + field.weight, 0);
    expect(scored.weight).toBeCloseTo(priorWeight(0.01) + fields, 10);
    expect(scored.fields.map((field) => field.comparison)).toEqual([...COMPARISON_IDS]);
    expect(scored.fields[4]).toMatchObject({ comparison: 'identifier', level: null, weight: 0 });
    expect(scored.fields[0]?.level?.id).toBe('exact');
  });

  it('rises with a stronger level in any field, all else equal', () => {
    fc.assert(
      fc.property(levelsArbitrary, fc.integer({ min: 0, max: COMPARISON_IDS.length - 1 }), (levels, field) => {
        const level = levels[field] ?? NO_LEVEL;
        fc.pre(level > 0);
        const stronger = Int8Array.from(levels);
        stronger[field] = level - 1;
        const model = simpleModel();
        expect(scoreComparison(model, comparisonOf(stronger)).probability).toBeGreaterThanOrEqual(scoreComparison(model, comparisonOf(levels)).probability);
      }),
    );
  });

  it('counts agreeing on a rare name for more than on a common one', () => {
    const frequencies = countNameParts(['mohammed', 'mohammed', 'mohammed', 'mohammed', 'ahmed', 'ahmed', 'tesfay', 'haile']);
    expect(termFrequencyWeight(frequencies, [['tesfay', 'tesfay']])).toBeGreaterThan(termFrequencyWeight(frequencies, [['mohammed', 'mohammed']]));
    expect(termFrequencyWeight(frequencies, [['mohammed', 'mohammed']])).toBeLessThan(0);
  });

  it('counts a rare spelling for more only when both spell it so', () => {
    const frequencies = countNameParts(['mohammed', 'mohammed', 'mohammed', 'mohamed', 'mohamed', 'mohamed', 'ahmed', 'tesfay', 'tesfaye', 'haile']);
    expect(termFrequencyWeight(frequencies, [['tesfay', 'tesfay']])).toBeGreaterThan(0);
    expect(termFrequencyWeight(frequencies, [['tesfay', 'tesfaye']])).toBe(0);
    expect(termFrequencyWeight(frequencies, [['mohammed', 'mohamed']])).toBeLessThan(0);
  });

  it('counts a rare part for more only when the whole name agrees; a common one counts for less either way', () => {
    const frequencies = countNameParts(['mohammed', 'mohammed', 'mohammed', 'mohammed', 'ahmed', 'ahmed', 'tesfay', 'haile']);
    expect(termFrequencyWeight(frequencies, [['tesfay', 'tesfay']], false)).toBe(0);
    // Two rare parts of one name count as the rarer, not their sum; common parts still count for less.
    const tesfay = termFrequencyWeight(frequencies, [['tesfay', 'tesfay']]);
    expect(
      termFrequencyWeight(frequencies, [
        ['tesfay', 'tesfay'],
        ['haile', 'haile'],
      ]),
    ).toBeCloseTo(tesfay, 10);
    expect(
      termFrequencyWeight(frequencies, [
        ['tesfay', 'tesfay'],
        ['mohammed', 'mohammed'],
      ]),
    ).toBeLessThan(tesfay);
    expect(termFrequencyWeight(frequencies, [['mohammed', 'mohammed']], false)).toBe(termFrequencyWeight(frequencies, [['mohammed', 'mohammed']]));
    const model = { ...simpleModel(), nameFrequencies: frequencies };
    const nameWeight = (level: number) =>
      scoreComparison(model, {
        ...comparisonOf(Int8Array.from([level, NO_LEVEL, NO_LEVEL, NO_LEVEL, NO_LEVEL, NO_LEVEL, NO_LEVEL])),
        agreeingNameParts: [['tesfay', 'tesfay']],
      }).fields[0];
    const levelOf = (id: string) => COMPARISONS[0]?.levels.findIndex((level) => level.id === id) ?? NaN;
    expect(nameWeight(levelOf('reordered'))?.termFrequencyWeight).toBeGreaterThan(0);
    expect(nameWeight(levelOf('subset'))?.termFrequencyWeight).toBe(0);
    expect(nameWeight(levelOf('one-part'))?.termFrequencyWeight).toBe(0);
  });

  it('counts sex and nationality agreeing with the names as the stronger of the two, not their sum; disagreeing in full', () => {
    const model = simpleModel(0.01);
    const weightOf = (levels: number[], field: number) => scoreComparison(model, comparisonOf(Int8Array.from(levels))).fields[field]?.weight ?? NaN;
    const none = [NO_LEVEL, NO_LEVEL, NO_LEVEL];
    // Sex and nationality agree: alone they count in full; with an exact name (a stronger weight) not at all.
    expect(weightOf([NO_LEVEL, NO_LEVEL, 0, 0, ...none], 2)).toBeCloseTo(levelWeight(model.parameters.sex, 0), 10);
    const withName = scoreComparison(model, comparisonOf(Int8Array.from([0, NO_LEVEL, 0, 0, ...none])));
    expect(withName.fields[2]).toMatchObject({ weight: 0, level: { label: 'The same, which the name already suggests' } });
    expect(withName.fields[3]?.weight).toBe(0);
    // Different sex counts against in full, whatever the names.
    expect(weightOf([0, NO_LEVEL, 1, NO_LEVEL, ...none], 2)).toBeCloseTo(levelWeight(model.parameters.sex, 1), 10);
  });

  it('turns weights into probabilities monotonically', () => {
    fc.assert(
      fc.property(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ min: -200, max: 200, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(probabilityOfWeight(low)).toBeLessThanOrEqual(probabilityOfWeight(high));
      }),
    );
    expect(probabilityOfWeight(0)).toBe(0.5);
  });
});

describe('keeping weights in order', () => {
  it('pools levels whose estimates came out in the wrong order and keeps m a distribution', () => {
    const probability = fc.array(fc.double({ min: 0.001, max: 1, noNaN: true }), { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(probability, (raw) => {
        const total = raw.reduce((sum, value) => sum + value, 0);
        const m = raw.map((value) => value / total);
        const u = [...m].reverse();
        const result = monotoneParameters({ m, u });
        const weights = result.m.map((_, level) => levelWeight(result, level));
        for (let level = 1; level < weights.length; level += 1) expect(weights[level]).toBeLessThanOrEqual((weights[level - 1] ?? 0) + 1e-9);
        expect(result.m.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 9);
        expect(result.u).toEqual(u);
      }),
    );
  });
});

describe('estimating the model without labels', () => {
  it('recovers m, u and the prior from a mixture of matches and non-matches', () => {
    // Simulate: candidate pairs from a known model, random pairs from u alone.
    const truth = simpleModel();
    const random = seededRandom(7);
    const draw = (distribution: readonly number[]) => {
      let r = random();
      for (let level = 0; level < distribution.length; level += 1) {
        r -= distribution[level] ?? 0;
        if (r <= 0) return level;
      }
      return distribution.length - 1;
    };
    const pairOf = (side: 'm' | 'u') => Int8Array.from(COMPARISON_IDS.map((id) => draw(truth.parameters[id][side])));
    const candidates = new LevelPatterns();
    for (let i = 0; i < 4000; i += 1) candidates.add(pairOf('m'));
    for (let i = 0; i < 16000; i += 1) candidates.add(pairOf('u'));
    const randomPairs = new LevelPatterns();
    for (let i = 0; i < 50000; i += 1) randomPairs.add(pairOf('u'));
    const estimate = estimateModel({ candidates, random: randomPairs, possiblePairs: 4_000_000, nameFrequencies: truth.nameFrequencies });
    expect(estimate.em.converged).toBe(true);
    expect(estimate.em.candidateMatchShare).toBeCloseTo(0.2, 1);
    expect(estimate.model.prior).toBeCloseTo(4000 / 4_000_000, 4);
    for (const id of COMPARISON_IDS) {
      estimate.model.parameters[id].m.forEach((m, level) => {
        expect(Math.abs(m - (truth.parameters[id].m[level] ?? 0))).toBeLessThan(0.03);
      });
    }
  });
});

describe('a stored model', () => {
  it('comes back as it went, through JSON', () => {
    const model = simpleModel();
    const back = modelOfStored(JSON.parse(JSON.stringify(storedModel(model))));
    expect(back.prior).toBe(model.prior);
    expect(back.parameters).toEqual(model.parameters);
    expect([...back.nameFrequencies.counts]).toEqual([...model.nameFrequencies.counts]);
    expect(back.nameFrequencies.total).toBe(model.nameFrequencies.total);
  });

  it('is refused when its levels do not fit today’s comparisons', () => {
    const stored = storedModel(simpleModel());
    const name = stored.parameters.name;
    const misfit = { ...stored, parameters: { ...stored.parameters, name: { m: name.m.slice(1), u: name.u.slice(1) } } };
    expect(() => modelOfStored(misfit)).toThrow(/estimate the model again/);
  });
});
