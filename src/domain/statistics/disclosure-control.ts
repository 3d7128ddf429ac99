// Statistical disclosure control for tables shown beyond the authority that owns the records.
//
// Four steps, always in this order:
//   0. Perturbation (the caller's, cell-key.ts): each cell, margins included, is given the value it will be
//      published as, its true count plus the cell-key method's perturbation (option `values`). Without it the
//      true counts are published.
//   1. Primary suppression: any value from 1 to threshold-1 (1–4 by default), interior cell or margin total.
//   2. Secondary suppression: totals are published, so a row (or column) with a single suppressed entry could be
//      worked out by subtraction. Every row and column, margins included, must have either no suppressed entry
//      or at least two. Complementary cells are added until that holds everywhere.
//   3. Rounding (optional): every published value is rounded from its value (the perturbed one, when perturbed;
//      else the true one) to the nearest multiple of the base, halves up. Rounded values are never derived from
//      other rounded values.
//
// Zeros are published. A zero says nobody in that group has the characteristic; it does not single out an
// individual, and ONS/DfE tables publish zeros. Suppressing them would also force far more secondary suppression
// and make sparse tables unreadable. (A zero next to a total can still reveal that a whole group shares an
// attribute, "group disclosure"; that is a presentation decision for whoever designs the table, not this step.
// Perturbed, a count of 1 or 2 may be published as 0 as well.)
//
// Tables published side by side for the same period share counts (a breakdown's total is a cell of the headline
// table): protectLinkedTables suppresses a shared count in every table or in none, so that no table gives away
// what another hides. Suppression alone does not stop attacks that go beyond line-by-line subtraction (solving
// the whole linear system, using non-negativity to bound a cell) or differences between publications for other
// periods or geographies: perturbation is the defence there (docs/adr/0017-cell-key-perturbation.md). See the
// property tests for the attacks that are defeated.

export interface StatisticsTable {
  rows: string[];
  columns: string[];
  /** Counts, rows × columns. */
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  grandTotal: number;
}

type SuppressionReason = 'SMALL' | 'SECONDARY';

/** Shown as "[c]" when rendered, as ONS and DfE do. */
export type PublishedCell = { kind: 'value'; value: number } | { kind: 'suppressed'; reason: SuppressionReason };

export interface PublishedTable {
  rows: string[];
  columns: string[];
  cells: PublishedCell[][];
  rowTotals: PublishedCell[];
  columnTotals: PublishedCell[];
  grandTotal: PublishedCell;
}

export interface DisclosureOptions {
  /** Counts from 1 to threshold-1 are suppressed. Default 5, i.e. 1–4. */
  threshold?: number;
  /** Rounding base for published values, e.g. 10 for national and regional figures; null (default) for none. */
  rounding?: number | null;
  /** @internal Tests only: skip secondary suppression, to show that the recovery attack then succeeds. */
  primaryOnly?: boolean;
  /**
   * The value each cell is published as, in place of its true count, as the grid with margins (rows, then the
   * column totals; each row ending with its total): the cell-key perturbation's. Suppression, the choice of
   * complementary cells and rounding all work on these values; only the true counts are checked to add up.
   */
  values?: readonly (readonly number[])[];
  /**
   * Positions to suppress whatever their value, as [row, column] of the grid with margins (row = rows.length is
   * the column totals, column = columns.length the row totals): counts suppressed in another table published
   * beside this one. They are suppressed as SECONDARY before secondary suppression runs.
   */
  alsoSuppress?: readonly (readonly [number, number])[];
}

export const DEFAULT_THRESHOLD = 5;

export function protectTable(table: StatisticsTable, options: DisclosureOptions = {}): PublishedTable {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const rounding = options.rounding ?? null;
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`threshold must be an integer ≥ 1, got ${threshold}`);
  if (rounding !== null && (!Number.isInteger(rounding) || rounding < 1)) {
    throw new Error(`rounding must be an integer ≥ 1 or null, got ${rounding}`);
  }
  const nRows = table.rows.length;
  const nCols = table.columns.length;
  const grid = options.values === undefined ? extendedGrid(table) : checkedValues(options.values, extendedGrid(table));

  // The table with its margins is one (nRows+1) × (nCols+1) grid: the last column holds the row totals, the last
  // row the column totals, the corner the grand total. Each row and each column of this grid is one published
  // equation "entries before the last sum to the last", including "row totals sum to the grand total" and
  // "column totals sum to the grand total".
  const suppressed: (SuppressionReason | null)[][] = grid.map((line) => line.map((n) => (n >= 1 && n < threshold ? 'SMALL' : null)));
  for (const [i, j] of options.alsoSuppress ?? []) {
    const row = suppressed[i];
    if (row === undefined || j < 0 || j > nCols) throw new Error(`no cell at ${i},${j} to suppress`);
    row[j] ??= 'SECONDARY';
  }

  if (options.primaryOnly !== true) {
    const lines: [number, number][][] = [
      ...range(nRows + 1).map((i) => range(nCols + 1).map((j): [number, number] => [i, j])),
      ...range(nCols + 1).map((j) => range(nRows + 1).map((i): [number, number] => [i, j])),
    ];
    // Each pass only ever adds suppressions, so this terminates (at worst with everything suppressed, where every
    // line has at least two entries suppressed).
    let changed = true;
    while (changed) {
      changed = false;
      for (const line of lines) {
        const hidden = line.filter(([i, j]) => (suppressed[i]?.[j] ?? null) !== null);
        if (hidden.length !== 1) continue;
        const complement = chooseComplement(line, grid, suppressed);
        const [ci, cj] = complement;
        const row = suppressed[ci];
        if (row) row[cj] = 'SECONDARY';
        changed = true;
      }
    }
  }

  const publish = (i: number, j: number): PublishedCell => {
    const reason = suppressed[i]?.[j] ?? null;
    if (reason !== null) return { kind: 'suppressed', reason };
    const value = at(grid, i, j);
    return { kind: 'value', value: rounding === null ? value : roundHalfUp(value, rounding) };
  };
  return {
    rows: [...table.rows],
    columns: [...table.columns],
    cells: range(nRows).map((i) => range(nCols).map((j) => publish(i, j))),
    rowTotals: range(nRows).map((i) => publish(i, nCols)),
    columnTotals: range(nCols).map((j) => publish(nRows, j)),
    grandTotal: publish(nRows, nCols),
  };
}

/**
 * The complementary entry for a line with exactly one suppressed entry: the smallest published entry other than the
 * line's total (least information lost), earliest position on ties so the output is deterministic. The total is
 * used only when nothing else is left (e.g. a table with a single column).
 */
function chooseComplement(line: [number, number][], grid: number[][], suppressed: (SuppressionReason | null)[][]): [number, number] {
  const open = (position: [number, number]) => (suppressed[position[0]]?.[position[1]] ?? null) === null;
  const parts = line.slice(0, -1).filter(open);
  const candidates = parts.length > 0 ? parts : line.slice(-1).filter(open);
  let best: [number, number] | undefined;
  for (const candidate of candidates) {
    if (best === undefined || at(grid, ...candidate) < at(grid, ...best)) best = candidate;
  }
  // A line has at least two entries (one part and its total) and only one is suppressed, so one is open.
  if (best === undefined) throw new Error('no complementary cell available');
  return best;
}

/** Nearest multiple of base, halves up; from the true value. */
export function roundHalfUp(value: number, base: number): number {
  return Math.floor((value + base / 2) / base) * base;
}

function extendedGrid(table: StatisticsTable): number[][] {
  const { rows, columns, cells, rowTotals, columnTotals, grandTotal } = table;
  const isCount = (n: number) => Number.isInteger(n) && n >= 0;
  if (cells.length !== rows.length || rowTotals.length !== rows.length || columnTotals.length !== columns.length) {
    throw new Error('table dimensions do not match its labels');
  }
  if (rows.length === 0 || columns.length === 0) throw new Error('table must have at least one row and one column');
  const grid = cells.map((line, i) => {
    if (line.length !== columns.length) throw new Error(`row ${i} has ${line.length} cells, expected ${columns.length}`);
    const total = rowTotals[i] ?? NaN;
    if (line.reduce((a, b) => a + b, 0) !== total) throw new Error(`row ${i} does not sum to its total`);
    return [...line, total];
  });
  columns.forEach((_, j) => {
    if (cells.reduce((sum, line) => sum + (line[j] ?? 0), 0) !== columnTotals[j]) {
      throw new Error(`column ${j} does not sum to its total`);
    }
  });
  if (rowTotals.reduce((a, b) => a + b, 0) !== grandTotal) throw new Error('row totals do not sum to the grand total');
  grid.push([...columnTotals, grandTotal]);
  if (!grid.every((line) => line.every(isCount))) throw new Error('counts must be non-negative integers');
  return grid;
}

/** Values to publish, checked to have the shape of the table's grid with margins and to be counts. */
function checkedValues(values: readonly (readonly number[])[], truth: number[][]): number[][] {
  if (values.length !== truth.length || values.some((line, i) => line.length !== truth[i]?.length))
    throw new Error('values do not have the shape of the table with its margins');
  if (!values.every((line) => line.every((n) => Number.isInteger(n) && n >= 0))) throw new Error('values must be non-negative integers');
  return values.map((line) => [...line]);
}

function at(grid: number[][], i: number, j: number): number {
  const value = grid[i]?.[j];
  if (value === undefined) throw new Error(`no cell at ${i},${j}`);
  return value;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** A cell of one of several tables published together: 'total' is the margin (row or column totals). */
export interface CellRef<K extends string = string> {
  readonly table: K;
  readonly row: number | 'total';
  readonly column: number | 'total';
}

/**
 * Cells of tables published together that must be suppressed together: the same count shown twice ('same',
 * checked to be equal), or counts so closely related that one would give the other away ('coupled', e.g.
 * children not found and episodes still open at the census date).
 */
export interface CellLink<K extends string = string> {
  readonly kind: 'same' | 'coupled';
  readonly cells: readonly CellRef<K>[];
}

/**
 * Protects tables published side by side. Each table is protected as protectTable does; then any linked cell
 * suppressed in one table is suppressed in all the tables that show it, and the tables are protected again,
 * until nothing changes (suppressions only grow, so this ends). The attacker then learns nothing from one table
 * that another hides: a shared count is either published everywhere, with the same value (rounded from the same
 * value: a shared count is the same records, so it has the same cell key and the same perturbation), or nowhere.
 */
export function protectLinkedTables<K extends string>(
  tables: Readonly<Record<K, StatisticsTable>>,
  links: readonly CellLink<K>[],
  options: Omit<DisclosureOptions, 'alsoSuppress' | 'values'> & { readonly values?: Readonly<Record<K, readonly (readonly number[])[]>> } = {},
): Record<K, PublishedTable> {
  const names = Object.keys(tables) as K[];
  const position = (ref: CellRef<K>): [number, number] => {
    const table = tables[ref.table];
    return [ref.row === 'total' ? table.rows.length : ref.row, ref.column === 'total' ? table.columns.length : ref.column];
  };
  for (const link of links) {
    if (link.kind !== 'same') continue;
    const values = link.cells.map((ref) => at(extendedGrid(tables[ref.table]), ...position(ref)));
    if (new Set(values).size > 1) throw new Error(`linked cells differ: ${JSON.stringify(link.cells)} hold ${values.join(', ')}`);
  }
  const forced = new Map<K, Set<string>>(names.map((name) => [name, new Set<string>()]));
  const { values, ...shared } = options;
  const protectAll = (): Record<K, PublishedTable> => {
    const published = {} as Record<K, PublishedTable>;
    for (const name of names) {
      const alsoSuppress = [...(forced.get(name) ?? [])].map((key) => key.split(',').map(Number) as [number, number]);
      const tableValues = values?.[name];
      published[name] = protectTable(tables[name], { ...shared, alsoSuppress, ...(tableValues === undefined ? {} : { values: tableValues }) });
    }
    return published;
  };
  for (;;) {
    const published = protectAll();
    let added = false;
    for (const link of links) {
      if (!link.cells.some((ref) => publishedAt(published[ref.table], ref).kind === 'suppressed')) continue;
      for (const ref of link.cells) {
        const key = position(ref).join(',');
        const set = forced.get(ref.table);
        if (set !== undefined && !set.has(key) && publishedAt(published[ref.table], ref).kind !== 'suppressed') {
          set.add(key);
          added = true;
        }
      }
    }
    if (!added) return published;
  }
}

/** The published cell a reference points at. */
export function publishedAt(table: PublishedTable, ref: Omit<CellRef, 'table'>): PublishedCell {
  const cell =
    ref.row === 'total'
      ? ref.column === 'total'
        ? table.grandTotal
        : table.columnTotals[ref.column]
      : ref.column === 'total'
        ? table.rowTotals[ref.row]
        : table.cells[ref.row]?.[ref.column];
  if (cell === undefined) throw new Error(`no cell at ${String(ref.row)},${String(ref.column)}`);
  return cell;
}
