import { NO_RECORDS, subtractTally } from '../statistics/cell-key.ts';
import type { Tally } from '../statistics/counts.ts';
import { counted, protect, rateOf, tableOf } from '../statistics/publication.ts';
import type { Counted, DisclosureView, Figure } from '../statistics/publication.ts';

// Statistics of coordination (issue 14 item 6): did the people who must act when a child goes missing do so in
// time? Counted by the statistics role (alert-repository.ts, countCoordination) with each count's cell key, and
// protected here exactly as the other statistics are (publication.ts): true counts for the authority that owns
// the records; for anyone else perturbed by the cell-key method, small counts suppressed with whatever would
// give them away, and areas rounded.

/** What the database counts for one responsible authority over a period. */
export interface CoordinationTallies {
  /** Episodes starting in the period from a placement in another authority's area. */
  readonly outOfAreaEpisodes: Tally;
  /** Of those, the host authority told (or acknowledging Lantern's alert) within 24 hours of the start. */
  readonly hostToldWithin24Hours: Tally;
  /** Episodes starting in the period that have ended. */
  readonly returns: Tally;
  /** Of those, a return home interview completed within 72 hours of the return. */
  readonly interviewsWithin72Hours: Tally;
  /** Alerts raised in the period and acknowledged (an alert counts with its child's record key). */
  readonly acknowledged: Tally;
  /** Alerts raised in the period nobody has acknowledged by their clock, still open now. */
  readonly pastClock: Tally;
  /** Median minutes from raising to acknowledging, over the acknowledged alerts; null when there are none. */
  readonly medianMinutesToAcknowledge: number | null;
}

/** An authority with nothing counted. */
export const NO_COORDINATION: CoordinationTallies = {
  outOfAreaEpisodes: NO_RECORDS,
  hostToldWithin24Hours: NO_RECORDS,
  returns: NO_RECORDS,
  interviewsWithin72Hours: NO_RECORDS,
  acknowledged: NO_RECORDS,
  pastClock: NO_RECORDS,
  medianMinutesToAcknowledge: null,
};

export interface AuthorityCoordination {
  readonly code: string;
  readonly name: string;
  readonly tallies: CoordinationTallies;
}

/** A part of a whole as published: both counts and the per cent, each a figure of the statistics. */
export interface Share {
  readonly count: Figure;
  readonly of: Figure;
  readonly percent: Figure;
}

export interface CoordinationRow {
  readonly label: string;
  readonly hostToldInTime: Share;
  readonly acknowledged: Figure;
  /** Whole minutes; null when there is no figure or it rests on too few alerts to publish. */
  readonly medianMinutesToAcknowledge: number | null;
  readonly pastClock: Figure;
  readonly interviewsInTime: Share;
}

export interface CoordinationPublication {
  /** One row an authority with anything to count. */
  readonly rows: readonly CoordinationRow[];
  /** The whole area's row, when there is more than one authority in it. */
  readonly total: CoordinationRow | null;
}

const isEmpty = ({ tallies }: AuthorityCoordination): boolean =>
  [tallies.outOfAreaEpisodes, tallies.returns, tallies.acknowledged, tallies.pastClock].every((tally) => tally.count === 0);

/**
 * Four tables by authority, protected together: host authority told within 24 hours or not (totals: out-of-area
 * episodes), interviews within 72 hours or not (totals: returns), alerts acknowledged, alerts past their clock.
 * No count is shared between them, so they are not linked.
 */
export function publishCoordination(
  authorities: readonly AuthorityCoordination[],
  area: { readonly name: string; readonly medianMinutesToAcknowledge: number | null },
  view: DisclosureView,
): CoordinationPublication {
  const reporting = authorities.filter((authority) => !isEmpty(authority));
  // Nothing to protect, and a table needs a row.
  if (reporting.length === 0) return { rows: [], total: null };
  const names = reporting.map((authority) => authority.code);
  const column = (pick: (tallies: CoordinationTallies) => Tally) => reporting.map(({ tallies }) => [pick(tallies)]);
  const split = (part: (tallies: CoordinationTallies) => Tally, whole: (tallies: CoordinationTallies) => Tally) =>
    reporting.map(({ tallies }) => [part(tallies), subtractTally(whole(tallies), part(tallies))]);
  const drafts = {
    hostTold: tableOf(
      names,
      ['inTime', 'late'],
      split(
        (t) => t.hostToldWithin24Hours,
        (t) => t.outOfAreaEpisodes,
      ),
    ),
    interviews: tableOf(
      names,
      ['inTime', 'late'],
      split(
        (t) => t.interviewsWithin72Hours,
        (t) => t.returns,
      ),
    ),
    acknowledged: tableOf(
      names,
      ['acknowledged'],
      column((t) => t.acknowledged),
    ),
    pastClock: tableOf(
      names,
      ['pastClock'],
      column((t) => t.pastClock),
    ),
  };
  const tables = { drafts, ...protect(drafts, [], { view }), view };
  const share = (table: 'hostTold' | 'interviews', row: number | 'total'): Share => {
    const count = counted(tables, table, row, 0);
    const of = counted(tables, table, row, 'total');
    return { count: count.figure, of: of.figure, percent: rateOf([count], [of], 'percent', view) };
  };
  const rowOf = (label: string, row: number | 'total', acknowledgedTally: number, median: number | null): CoordinationRow => {
    const acknowledged = counted(tables, 'acknowledged', row, 0);
    return {
      label,
      hostToldInTime: share('hostTold', row),
      acknowledged: acknowledged.figure,
      medianMinutesToAcknowledge: publishedMedian(median, acknowledged, acknowledgedTally, view),
      pastClock: counted(tables, 'pastClock', row, 0).figure,
      interviewsInTime: share('interviews', row),
    };
  };
  const totalAcknowledged = reporting.reduce((sum, { tallies }) => sum + tallies.acknowledged.count, 0);
  return {
    rows: reporting.map(({ name, tallies }, i) => rowOf(name, i, tallies.acknowledged.count, tallies.medianMinutesToAcknowledge)),
    total: authorities.length > 1 ? rowOf(area.name, 'total', totalAcknowledged, area.medianMinutesToAcknowledge) : null,
  };
}

/**
 * A median of a handful of alerts says too much about each of them: beyond the owner it is published only when
 * the count of alerts it is taken over is published and truly at least the threshold.
 */
function publishedMedian(median: number | null, acknowledged: Counted, trueCount: number, view: DisclosureView): number | null {
  if (median === null) return null;
  if (view.kind === 'controlled' && (acknowledged.figure.kind !== 'count' || trueCount < view.threshold)) return null;
  return Math.round(median);
}
