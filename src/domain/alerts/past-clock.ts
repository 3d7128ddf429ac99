import { subtractTally } from '../statistics/cell-key.ts';
import type { Tally } from '../statistics/counts.ts';
import { counted, protect, tableOf } from '../statistics/publication.ts';
import type { DisclosureView, Figure } from '../statistics/publication.ts';

// The national unit's count of alerts past their clock now, by responsible authority (issue 14 item 2). They are
// figures about children beyond the authorities that own them, so they are protected as the coordination
// statistics are (coordination.ts): perturbed by the cell-key method (an alert counting with its child's record
// key), counts from 1 to 4 suppressed with whatever would give them away, and rounded as national figures are.

/** What the database counts for one responsible authority: its open alerts nobody has acknowledged. */
export interface AuthorityPastClock {
  readonly code: string;
  readonly name: string;
  /** Those past the time they should have been acknowledged by. */
  readonly pastClock: Tally;
  /** All of them, past their clock or not. */
  readonly unacknowledged: Tally;
}

interface PastClockRow {
  readonly label: string;
  readonly pastClock: Figure;
  readonly unacknowledged: Figure;
}

export interface PastClockPublication {
  /** One row an authority with an alert waiting. */
  readonly rows: readonly PastClockRow[];
  /** The whole area's row; null when no authority has an alert waiting. */
  readonly total: PastClockRow | null;
}

/**
 * One table by authority: past the clock, not yet past it, and their total (the unacknowledged alerts), so that
 * an authority's two figures cannot give away a suppressed third.
 */
export function publishPastClock(authorities: readonly AuthorityPastClock[], areaName: string, view: DisclosureView): PastClockPublication {
  const waiting = authorities.filter((authority) => authority.unacknowledged.count > 0);
  // Nothing to protect, and a table needs a row.
  if (waiting.length === 0) return { rows: [], total: null };
  const drafts = {
    alerts: tableOf(
      waiting.map((authority) => authority.code),
      ['pastClock', 'notYet'],
      waiting.map(({ pastClock, unacknowledged }) => [pastClock, subtractTally(unacknowledged, pastClock)]),
    ),
  };
  const tables = { drafts, ...protect(drafts, [], { view }), view };
  const rowOf = (label: string, row: number | 'total'): PastClockRow => ({
    label,
    pastClock: counted(tables, 'alerts', row, 0).figure,
    unacknowledged: counted(tables, 'alerts', row, 'total').figure,
  });
  return { rows: waiting.map(({ name }, i) => rowOf(name, i)), total: rowOf(areaName, 'total') };
}
