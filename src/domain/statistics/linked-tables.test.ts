import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protectLinkedTables, protectTable, publishedAt } from './disclosure-control.ts';
import type { CellLink, PublishedCell, PublishedTable, StatisticsTable } from './disclosure-control.ts';
import { publishedSystem, recover } from './recovery-attack.ts';

function tableOf(cells: number[][], rowNames?: string[]): StatisticsTable {
  const columnCount = cells[0]?.length ?? 0;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  return {
    rows: rowNames ?? cells.map((_, i) => `r${i}`),
    columns: Array.from({ length: columnCount }, (_, j) => `c${j}`),
    cells,
    rowTotals,
    columnTotals: Array.from({ length: columnCount }, (_, j) => cells.reduce((sum, row) => sum + row[j]!, 0)),
    grandTotal: rowTotals.reduce((a, b) => a + b, 0),
  };
}

const show = (cell: PublishedCell) => (cell.kind === 'value' ? String(cell.value) : '[c]');

/**
 * Two tables published for the same children: `overview` has missing / not missing by cohort and others;
 * `bySex` splits the cohort's column by sex. Its column totals are the cohort's cells of the overview.
 */
function pair(bySexCells: number[][], others: [number, number]) {
  const bySex = tableOf(bySexCells);
  const overview = tableOf([
    [bySex.columnTotals[0]!, others[0]],
    [bySex.columnTotals[1]!, others[1]],
  ]);
  const links: CellLink<'overview' | 'bySex'>[] = [
    {
      kind: 'same',
      cells: [
        { table: 'bySex', row: 'total', column: 0 },
        { table: 'overview', row: 0, column: 0 },
      ],
    },
    {
      kind: 'same',
      cells: [
        { table: 'bySex', row: 'total', column: 1 },
        { table: 'overview', row: 1, column: 0 },
      ],
    },
    {
      kind: 'same',
      cells: [
        { table: 'bySex', row: 'total', column: 'total' },
        { table: 'overview', row: 'total', column: 0 },
      ],
    },
  ];
  return { tables: { overview, bySex }, links };
}

describe('protectLinkedTables', () => {
  it('should suppress a shared count in every table once any table suppresses it', () => {
    // bySex: the female row has 2 who went missing (small); the secondary suppression in bySex then takes the
    // column totals' partner cells. The overview shows the same counts, so it must hide them too.
    const { tables, links } = pair(
      [
        [30, 40],
        [2, 50],
      ],
      [60, 300],
    );
    const published = protectLinkedTables(tables, links);
    for (const link of links) {
      const [a, b] = link.cells.map((ref) => publishedAt(published[ref.table], ref));
      expect(a!.kind).toBe(b!.kind);
      if (a!.kind === 'value' && b!.kind === 'value') expect(a!.value).toBe(b!.value);
    }
    expect(recover(publishedSystem(published, links)).size).toBe(0);
  });

  it('should leave a pair of tables alone when neither needs suppression', () => {
    const { tables, links } = pair(
      [
        [30, 40],
        [20, 50],
      ],
      [60, 300],
    );
    const published = protectLinkedTables(tables, links);
    expect(published.overview.cells.flat().map(show)).toEqual(['50', '60', '90', '300']);
  });

  it('should refuse links between cells that do not hold the same count', () => {
    const { tables } = pair([[30, 40]], [60, 300]);
    expect(() =>
      protectLinkedTables(tables, [
        {
          kind: 'same',
          cells: [
            { table: 'overview', row: 0, column: 0 },
            { table: 'overview', row: 0, column: 1 },
          ],
        },
      ]),
    ).toThrow(/differ/);
  });

  it('should suppress coupled cells together without asking them to be equal', () => {
    const a = tableOf([
      [3, 40],
      [30, 40],
    ]);
    const b = tableOf([
      [7, 40],
      [30, 40],
    ]);
    const published = protectLinkedTables({ a, b }, [
      {
        kind: 'coupled',
        cells: [
          { table: 'a', row: 0, column: 0 },
          { table: 'b', row: 0, column: 0 },
        ],
      },
    ]);
    expect(published.b.cells[0]![0]).toEqual({ kind: 'suppressed', reason: 'SECONDARY' });
    expect(recover(publishedSystem(published)).size).toBe(0);
  });
});

// Random linked pairs with many small counts.
const count = fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 40 }) });
const pairs = fc
  .record({
    rows: fc.integer({ min: 1, max: 5 }),
    cells: fc.array(fc.tuple(count, count), { minLength: 1, maxLength: 5 }),
    others: fc.tuple(count, count),
  })
  .map(({ cells, others }) =>
    pair(
      cells.map(([x, y]) => [x, y]),
      others,
    ),
  );

describe('the attacker against tables published together', () => {
  it('should recover nothing from linked tables, and find every shared count shown the same everywhere', () => {
    fc.assert(
      fc.property(pairs, ({ tables, links }) => {
        const published = protectLinkedTables(tables, links);
        expect([...recover(publishedSystem(published, links))]).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('should recover counts when the same tables are protected one by one (so the property above can fail)', () => {
    // The overview hides the others' 3 and, to protect it, the cohort's 10 who did not go missing; bySex has no
    // reason to hide its column total 10, so the attacker reads it there and works out the 3.
    const { tables, links } = pair(
      [
        [13, 5],
        [36, 2],
        [3, 3],
      ],
      [34, 3],
    );
    const separately: Record<'overview' | 'bySex', PublishedTable> = { overview: protectTable(tables.overview), bySex: protectTable(tables.bySex) };
    expect([...recover(publishedSystem(separately, links))]).toContainEqual(['overview:1,1', 3]);
    expect(recover(publishedSystem(protectLinkedTables(tables, links), links)).size).toBe(0);
    expect(
      fc.check(
        fc.property(pairs, ({ tables: t, links: l }) => {
          expect(recover(publishedSystem({ overview: protectTable(t.overview), bySex: protectTable(t.bySex) }, l)).size).toBe(0);
        }),
      ).failed,
    ).toBe(true);
  });

  it('should work out only true values (the attacker is sound)', () => {
    const { tables, links } = pair(
      [
        [3, 40],
        [30, 40],
      ],
      [60, 300],
    );
    const recovered = recover(publishedSystem({ overview: protectTable(tables.overview), bySex: protectTable(tables.bySex, { primaryOnly: true }) }, links));
    expect(recovered.get('bySex:0,0')).toBe(3);
  });
});
