// Starting values of m and u for every level, used as a prior by the estimation: a large population
// moves far from them, a small file (a few dozen people given to `bin/lantern link`) stays close.
// Rounded from estimates on Lantern's synthetic national population (docs/benchmarks.md, matching)
// and on FEBRL for the postcode and address, which Lantern's children lack.

import type { ComparisonId } from './comparisons.ts';
import type { ComparisonParameters } from './model.ts';

export const DEFAULT_PARAMETERS: Readonly<Record<ComparisonId, ComparisonParameters>> = {
  name: {
    m: [0.45, 0.05, 0.15, 0.08, 0.06, 0.04, 0.04, 0.09, 0.02, 0.02],
    u: [2e-5, 3e-6, 1e-5, 1e-5, 2e-6, 6e-4, 5e-4, 1.5e-2, 9e-3, 0.975369],
  },
  birth: {
    m: [0.7, 0.05, 0.03, 0.04, 0.08, 0.06, 0.04],
    u: [3e-4, 1e-3, 5e-5, 3e-3, 0.1, 0.2, 0.69565],
  },
  sex: { m: [0.98, 0.02], u: [0.5, 0.5] },
  nationality: { m: [0.8, 0.12, 0.08], u: [0.3, 0.02, 0.68] },
  identifier: { m: [0.9, 0.05, 0.05], u: [1e-5, 2e-5, 0.99997] },
  postcode: { m: [0.84, 0.14, 0.02], u: [1e-3, 1.2e-2, 0.987] },
  address: { m: [0.19, 0.6, 0.18, 0.03], u: [2e-5, 1.5e-4, 1e-4, 0.99973] },
};
