import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectTable, roundHalfUp } from './disclosure-control.ts';
import type { DisclosureOptions, PublishedCell, PublishedTable, StatisticsTable } from './disclosure-control.ts';

/** A table from its interior counts, with true margins. */
function tableOf(cells: number[][]): StatisticsTable {
  const columnCount = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: columnCount }, (_, j) => cells.reduce((sum, row) => sum + row[j]!, 0));
  return {
    rows: cells.map((_, i) => `r${i}`),
    columns: Array.from({ length: columnCount }, (_, j) => `c${j}`),
    cells,
    rowTotals,
    columnTotals,
    grandTotal: rowTotals.reduce((a, b) => a + b, 0),
  };
}

/** "[c]" for suppressed, as it will be rendered; the last column is row totals, the last row column totals. */
function show(cell: PublishedCell): string {
  return cell.kind === 'value' ? String(cell.value) : '[c]';
}
function render(published: PublishedTable): string[][] {
  return [
    ...published.cells.map((row, i) => [...row.map(show), show(published.rowTotals[i]!)]),
    [...published.columnTotals.map(show), show(published.grandTotal)],
  ];
}

/** The extended grid (cells + margins) as published: a number, or null where suppressed. */
function knownGrid(published: PublishedTable): (number | null)[][] {
  const value = (cell: PublishedCell) => (cell.kind === 'value' ? cell.value : null);
  return [
    ...published.cells.map((row, i) => [...row.map(value), value(published.rowTotals[i]!)]),
    [...published.columnTotals.map(value), value(published.grandTotal)],
  ];
}

/**
 * The attacker: knows every published cell and total, and repeatedly solves any row or column (of the grid with
 * margins, so also "row totals sum to the grand total" and "column totals sum to the grand total") that has exactly
 * one unknown. Returns the suppressed positions it worked out, with the values it found.
 */
function attack(published: PublishedTable): { i: number; j: number; value: number }[] {
  const grid = knownGrid(published);
  const height = grid.length;
  const width = grid[0]!.length;
  const lines: [number, number][][] = [
    ...Array.from({ length: height }, (_, i) => Array.from({ length: width }, (_, j): [number, number] => [i, j])),
    ...Array.from({ length: width }, (_, j) => Array.from({ length: height }, (_, i): [number, number] => [i, j])),
  ];
  const recovered: { i: number; j: number; value: number }[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const line of lines) {
      const unknown = line.filter(([i, j]) => grid[i]![j] === null);
      if (unknown.length !== 1) continue;
      const [ui, uj] = unknown[0]!;
      const totalPosition = line[line.length - 1]!;
      const partsSum = line.slice(0, -1).reduce((sum, [i, j]) => sum + (grid[i]![j] ?? 0), 0);
      const isTotal = totalPosition[0] === ui && totalPosition[1] === uj;
      const value = isTotal ? partsSum : grid[totalPosition[0]]![totalPosition[1]]! - partsSum;
      grid[ui]![uj] = value;
      recovered.push({ i: ui, j: uj, value });
      progress = true;
    }
  }
  return recovered;
}

function trueGrid(table: StatisticsTable): number[][] {
  return [...table.cells.map((row, i) => [...row, table.rowTotals[i]!]), [...table.columnTotals, table.grandTotal]];
}

// Random tables 2–6 × 2–6, counts 0–40, with plenty of small counts (and zeros) so suppression is exercised.
const count = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) });
const tables = fc
  .record({ rows: fc.integer({ min: 2, max: 6 }), columns: fc.integer({ min: 2, max: 6 }) })
  .chain(({ rows, columns }) => fc.array(fc.array(count, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows }))
  .map(tableOf);

const noRecovery = (options: DisclosureOptions) =>
  fc.property(tables, (table) => {
    const published = protectTable(table, { ...options, rounding: null });
    const truth = trueGrid(table);
    const recovered = attack(published);
    // Whatever the attacker solves is genuinely right (the attack is sound), but it must solve nothing.
    for (const { i, j, value } of recovered) expect(value).toBe(truth[i]![j]);
    expect(recovered).toEqual([]);
  });

describe('protectTable', () => {
  it('suppresses counts from 1 to 4 as SMALL and shows everything else unchanged', () => {
    const published = protectTable(
      tableOf([
        [1, 10, 20],
        [4, 30, 40],
      ]),
    );
    expect(published.cells[0]![0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(published.cells[1]![0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(published.cells[0]![2]).toEqual({ kind: 'value', value: 20 });
    // Rows 0 and 1 each have one small cell; the smallest other cell in each (10 and 30, same column) is added.
    expect(render(published)).toEqual([
      ['[c]', '[c]', '20', '31'],
      ['[c]', '[c]', '40', '74'],
      ['5', '40', '60', '105'],
    ]);
    expect(published.cells[0]![1]).toEqual({ kind: 'suppressed', reason: 'SECONDARY' });
  });

  it('suppresses every count from 1 to 4 and none from 5 up', () => {
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const cell = protectTable(
        tableOf([
          [n, 50],
          [50, 50],
        ]),
      ).cells[0]![0]!;
      expect(cell.kind === 'suppressed' ? cell.reason : 'shown').toBe(n <= 4 ? 'SMALL' : 'shown');
    }
  });

  it('shows zeros', () => {
    expect(
      render(
        protectTable(
          tableOf([
            [0, 10],
            [10, 0],
          ]),
        ),
      ),
    ).toEqual([
      ['0', '10', '10'],
      ['10', '0', '10'],
      ['10', '10', '20'],
    ]);
    expect(
      render(
        protectTable(
          tableOf([
            [0, 0],
            [0, 0],
          ]),
        ),
      ),
    ).toEqual([
      ['0', '0', '0'],
      ['0', '0', '0'],
      ['0', '0', '0'],
    ]);
  });

  it('adds a complementary cell when a row has a single small cell, and then protects the columns', () => {
    // Row 0: 3 is small, so the smallest other cell in the row (10) goes too. Columns 0 and 1 then each have one
    // suppressed cell, so their smallest other cells (12 and 25, both in row 2) go too; row 2 then has two.
    expect(
      render(
        protectTable(
          tableOf([
            [3, 10, 20],
            [15, 30, 40],
            [12, 25, 35],
          ]),
        ),
      ),
    ).toEqual([
      ['[c]', '[c]', '20', '33'],
      ['15', '30', '40', '85'],
      ['[c]', '[c]', '35', '72'],
      ['30', '65', '95', '190'],
    ]);
  });

  it('adds complementary cells column-wise when a row already hides two', () => {
    // Row 0 hides 1 and 2 (its total 33 cannot give either away), but each column would: subtract from 11 and 22.
    expect(
      render(
        protectTable(
          tableOf([
            [1, 2, 30],
            [10, 20, 30],
          ]),
        ),
      ),
    ).toEqual([
      ['[c]', '[c]', '30', '33'],
      ['[c]', '[c]', '30', '60'],
      ['11', '22', '60', '93'],
    ]);
  });

  it('iterates until every row and column is safe (chained complements)', () => {
    // Pass 1: row 0 takes 10; column 0 takes 8 (row 1), column 1 takes 9 (row 2). Rows 1 and 2 now hide one each.
    // Pass 2: row 1 takes 60, row 2 takes 62; column 2 now hides one, so it takes 50 (row 0). Pass 3: stable.
    expect(
      render(
        protectTable(
          tableOf([
            [3, 10, 50],
            [8, 60, 61],
            [70, 9, 62],
          ]),
        ),
      ),
    ).toEqual([
      ['[c]', '[c]', '[c]', '63'],
      ['[c]', '[c]', '61', '129'],
      ['70', '[c]', '[c]', '141'],
      ['81', '79', '173', '333'],
    ]);
  });

  it('suppresses small totals and protects them like any other cell', () => {
    // Row 0 totals 3: suppressed as small. "Row totals sum to the grand total" would then give it away, so the
    // other row total (50) is suppressed as well.
    const published = protectTable(
      tableOf([
        [1, 2],
        [20, 30],
      ]),
    );
    expect(published.rowTotals[0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(published.rowTotals[1]).toEqual({ kind: 'suppressed', reason: 'SECONDARY' });
    expect(render(published)).toEqual([
      ['[c]', '[c]', '[c]'],
      ['[c]', '[c]', '[c]'],
      ['21', '32', '53'],
    ]);
  });

  it('suppresses a small grand total', () => {
    const published = protectTable(
      tableOf([
        [0, 1],
        [0, 0],
      ]),
    );
    expect(published.grandTotal).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(attack(published)).toEqual([]);
  });

  it('takes the threshold as an option', () => {
    const published = protectTable(
      tableOf([
        [9, 10],
        [10, 10],
      ]),
      { threshold: 10 },
    );
    expect(published.cells[0]![0]).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(published.cells[0]![1]).toEqual({ kind: 'suppressed', reason: 'SECONDARY' });
  });

  it('rounds cells and totals from their true values, halves up', () => {
    // True: [[12, 25], [35, 47]], row totals 37 and 82, column totals 47 and 72, grand total 119.
    // Rounded totals are rounded true totals, not sums of rounded cells (40 + 50 = 90, yet 82 → 80).
    expect(
      render(
        protectTable(
          tableOf([
            [12, 25],
            [35, 47],
          ]),
          { rounding: 10 },
        ),
      ),
    ).toEqual([
      ['10', '30', '40'],
      ['40', '50', '80'],
      ['50', '70', '120'],
    ]);
  });

  it('rounds only what it publishes', () => {
    expect(
      render(
        protectTable(
          tableOf([
            [3, 14],
            [26, 95],
          ]),
          { rounding: 10 },
        ),
      ),
    ).toEqual([
      ['[c]', '[c]', '20'],
      ['[c]', '[c]', '120'],
      ['30', '110', '140'],
    ]);
    expect([roundHalfUp(0, 10), roundHalfUp(4, 10), roundHalfUp(5, 10), roundHalfUp(15, 10), roundHalfUp(7, 5)]).toEqual([0, 0, 10, 20, 5]);
  });

  it('is deterministic: ties go to the earliest cell', () => {
    const table = tableOf([
      [3, 10, 10],
      [10, 10, 10],
    ]);
    const first = protectTable(table);
    expect(protectTable(table)).toEqual(first);
    expect(render(first)).toEqual([
      ['[c]', '[c]', '10', '23'],
      ['[c]', '[c]', '10', '30'],
      ['13', '20', '20', '53'],
    ]);
  });

  it('publishes given values (the perturbed ones) in place of the true counts: suppressing, choosing complements and rounding on them', () => {
    // True [[3, 10], [20, 30]]; perturbed, the 3 became 5 (shown), the 10 became 4 (suppressed), and the
    // margins were perturbed on their own, so they need not add up.
    const values = [
      [5, 4, 14],
      [21, 29, 49],
      [23, 41, 66],
    ];
    expect(
      render(
        protectTable(
          tableOf([
            [3, 10],
            [20, 30],
          ]),
          { values },
        ),
      ),
    ).toEqual([
      ['[c]', '[c]', '14'],
      ['[c]', '[c]', '49'],
      ['23', '41', '66'],
    ]);
    expect(
      protectTable(
        tableOf([
          [3, 10],
          [20, 30],
        ]),
        { values },
      ).cells[0]![1],
    ).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(
      render(
        protectTable(
          tableOf([
            [30, 10],
            [20, 30],
          ]),
          {
            values: [
              [34, 11, 44],
              [16, 30, 51],
              [51, 40, 89],
            ],
            rounding: 10,
          },
        ),
      ),
    ).toEqual([
      ['30', '10', '40'],
      ['20', '30', '50'],
      ['50', '40', '90'],
    ]);
    expect(() =>
      protectTable(
        tableOf([
          [3, 10],
          [20, 30],
        ]),
        {
          values: [
            [5, 4],
            [21, 29],
          ],
        },
      ),
    ).toThrow(/shape/);
    expect(() =>
      protectTable(
        tableOf([
          [3, 10],
          [20, 30],
        ]),
        {
          values: [
            [5, 4, 14],
            [21, -1, 49],
            [23, 41, 66],
          ],
        },
      ),
    ).toThrow();
  });

  it('rejects tables whose margins do not add up, and bad options', () => {
    const table = tableOf([
      [1, 2],
      [3, 4],
    ]);
    expect(() => protectTable({ ...table, grandTotal: 11 })).toThrow();
    expect(() => protectTable({ ...table, rowTotals: [3, 8] })).toThrow();
    expect(() =>
      protectTable(
        tableOf([
          [1, -2],
          [3, 4],
        ]),
      ),
    ).toThrow();
    expect(() => protectTable(table, { rounding: 0 })).toThrow();
    expect(() => protectTable(table, { threshold: 0 })).toThrow();
  });
});

describe('protectTable against an attacker with the published table and its totals', () => {
  it('should never let a suppressed cell or total be worked out by subtraction', () => {
    fc.assert(noRecovery({}), { numRuns: 500 });
  });

  it('should suppress every small count and publish every other value exactly (rounding off)', () => {
    fc.assert(
      fc.property(tables, (table) => {
        const truth = trueGrid(table);
        const known = knownGrid(protectTable(table));
        truth.forEach((row, i) => {
          row.forEach((n, j) => {
            const shown = known[i]![j];
            if (n >= 1 && n <= 4) expect(shown).toBeNull();
            if (shown !== null) expect(shown).toBe(n);
          });
        });
      }),
    );
  });

  it('should be able to recover cells when secondary suppression is off (so the property above can fail)', () => {
    expect(
      attack(
        protectTable(
          tableOf([
            [3, 10],
            [20, 30],
          ]),
          { primaryOnly: true },
        ),
      ),
    ).toEqual([{ i: 0, j: 0, value: 3 }]);
    expect(fc.check(noRecovery({ primaryOnly: true })).failed).toBe(true);
  });
});
