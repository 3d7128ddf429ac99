// The attacker that disclosure control must defeat, over several tables published together: they know every
// published figure and every total, know that a count shown in two tables is one count, and repeatedly solve
// any published equation (a row or column of a table with its total) that has exactly one unknown count.
// Tests attack random publications with it; the publication step also runs it on every disclosure-controlled
// release, so that a suppression bug stops a release instead of leaking a count.

import type { CellLink, CellRef, PublishedTable } from './disclosure-control.ts';

/** One published equation: the parts sum to the total. Ids name counts; the same id twice is the same count. */
interface Equation {
  readonly parts: readonly string[];
  readonly total: string;
}

export interface PublishedSystem {
  readonly equations: readonly Equation[];
  /** Every count, by id: its published value, or null when suppressed. */
  readonly values: ReadonlyMap<string, number | null>;
}

/**
 * The equations of tables published together. Each table gives one equation per row and per column of its grid
 * with margins (including "row totals sum to the grand total" and "column totals sum to the grand total"), and
 * cells joined by a 'same' link are one count.
 */
export function publishedSystem<K extends string>(tables: Readonly<Record<K, PublishedTable>>, links: readonly CellLink<K>[] = []): PublishedSystem {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.has(root)) root = parent.get(root) ?? root;
    return root;
  };
  const idOf = <T extends string>(table: T, ref: Omit<CellRef<T>, 'table'>, nRows: number, nCols: number) =>
    `${table}:${ref.row === 'total' ? nRows : ref.row},${ref.column === 'total' ? nCols : ref.column}`;
  for (const link of links) {
    if (link.kind !== 'same') continue;
    const ids = link.cells.map((ref) => {
      const table = tables[ref.table];
      return find(idOf(ref.table, ref, table.rows.length, table.columns.length));
    });
    const [first, ...rest] = ids;
    for (const id of rest) if (first !== undefined && id !== first) parent.set(id, first);
  }

  const equations: Equation[] = [];
  const values = new Map<string, number | null>();
  for (const name of Object.keys(tables) as K[]) {
    const table = tables[name];
    const grid = [...table.cells.map((row, i) => [...row, table.rowTotals[i]]), [...table.columnTotals, table.grandTotal]];
    const height = grid.length;
    const width = table.columns.length + 1;
    const id = (i: number, j: number) => find(`${name}:${i},${j}`);
    for (let i = 0; i < height; i += 1) {
      for (let j = 0; j < width; j += 1) {
        const cell = grid[i]?.[j];
        if (cell === undefined) throw new Error(`no cell ${i},${j} in ${name}`);
        values.set(id(i, j), cell.kind === 'value' ? cell.value : null);
      }
    }
    for (let i = 0; i < height; i += 1) {
      equations.push({ parts: Array.from({ length: width - 1 }, (_, j) => id(i, j)), total: id(i, width - 1) });
    }
    for (let j = 0; j < width; j += 1) {
      equations.push({ parts: Array.from({ length: height - 1 }, (_, i) => id(i, j)), total: id(height - 1, j) });
    }
  }
  return { equations, values };
}

/**
 * What the attacker works out: the suppressed counts they can solve for, with the values they find (exact when
 * the published values are exact; with rounding, the pattern of what is solvable is what matters).
 */
export function recover(system: PublishedSystem): Map<string, number> {
  const known = new Map<string, number>();
  for (const [id, value] of system.values) if (value !== null) known.set(id, value);
  const recovered = new Map<string, number>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const { parts, total } of system.equations) {
      // parts − total = 0: the coefficient of each unknown, and the sum of the known terms.
      const coefficients = new Map<string, number>();
      let knownSum = 0;
      const add = (id: string, sign: number) => {
        const value = known.get(id);
        if (value === undefined) coefficients.set(id, (coefficients.get(id) ?? 0) + sign);
        else knownSum += sign * value;
      };
      for (const id of parts) add(id, 1);
      add(total, -1);
      // An unknown that cancels out (a count that is also its own total) tells the attacker nothing.
      const unknowns = [...coefficients].filter(([, coefficient]) => coefficient !== 0);
      const solvable = unknowns.length === 1 ? unknowns[0] : undefined;
      if (solvable === undefined) continue;
      const [id, coefficient] = solvable;
      const value = -knownSum / coefficient;
      known.set(id, value);
      recovered.set(id, value);
      progress = true;
    }
  }
  return recovered;
}
