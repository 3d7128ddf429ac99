import { describe, expect, it } from 'vitest';
import { waterfallOf } from '../../domain/matching/found-child.ts';
import type { FieldEvidence } from '../../domain/matching/model.ts';
import { likelihoodOf, percentText, waterfallChart } from './view-models.ts';

const field = (label: string, weight: number): FieldEvidence => ({ comparison: 'name', label, level: null, weight, termFrequencyWeight: 0 });

describe('probabilities in words', () => {
  it('reads as people read a percentage, never 0% or 100%', () => {
    expect([0.0004, 0.3, 0.876, 0.996, 0.99999].map(percentText)).toEqual(['less than 1%', '30%', '88%', '99.6%', 'more than 99.9%']);
    expect([0.95, 0.6, 0.2, 0.05].map((p) => likelihoodOf(p).text)).toEqual(['Very likely', 'Likely', 'Possible', 'Unlikely']);
  });
});

describe('the waterfall chart', () => {
  it('draws the prior and the result from even odds, each field from where the last left off, for and against', () => {
    const chart = waterfallChart(waterfallOf(1 / 1025, [field('Name', 14), field('Date of birth', -2)]));
    const [prior, name, birth, result] = chart.bars;
    expect(chart.bars.map((bar) => [bar.label, bar.kind])).toEqual([
      ['Before comparing', 'total'],
      ['Name', 'for'],
      ['Date of birth', 'against'],
      ['Result', 'total'],
    ]);
    // Even odds (weight 0) is the dashed line: the prior ends on it from the left, the result starts on it.
    expect(prior!.x + prior!.width).toBeCloseTo(chart.evenX, 0);
    expect(result!.x).toBeCloseTo(chart.evenX, 0);
    // Name runs from the prior's end; the date of birth runs back from the name's end to the result's.
    expect(name!.x).toBeCloseTo(prior!.x, 0);
    expect(birth!.x + birth!.width).toBeCloseTo(name!.x + name!.width, 0);
    expect(birth!.x).toBeCloseTo(result!.x + result!.width, 0);
    expect(chart.bars.every((bar) => bar.x >= 0 && bar.x + bar.width <= chart.width)).toBe(true);
  });
});
