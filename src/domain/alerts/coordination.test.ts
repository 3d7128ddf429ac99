import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tally } from '../statistics/counts.ts';
import type { DisclosureView, Figure } from '../statistics/publication.ts';
import { NO_COORDINATION, publishCoordination } from './coordination.ts';
import type { AuthorityCoordination, CoordinationTallies } from './coordination.ts';

// Record keys of 0 give every count a cell key of 0, which the ptable leaves as it is: these tests read the
// suppression and rounding; the perturbation itself is cell-key.ts's and publication.ts's to test.
const n = (count: number, key = 0): Tally => ({ count, key });

const KENT: CoordinationTallies = {
  outOfAreaEpisodes: n(20),
  hostToldWithin24Hours: n(15),
  returns: n(30),
  interviewsWithin72Hours: n(27),
  acknowledged: n(40),
  pastClock: n(3),
  medianMinutesToAcknowledge: 92.6,
};

const OWNER: DisclosureView = { kind: 'owner' };
const CONTROLLED: DisclosureView = { kind: 'controlled', threshold: 5, rounding: null, perturbed: true };
const AREA: DisclosureView = { kind: 'controlled', threshold: 5, rounding: 10, perturbed: true };

const count = (value: number, view: DisclosureView): Figure => ({
  kind: 'count',
  value,
  roundedTo: view.kind === 'controlled' ? view.rounding : null,
  perturbed: view.kind === 'controlled',
});
const authority = (name: string, tallies: CoordinationTallies): AuthorityCoordination => ({ code: name.toUpperCase(), name, tallies });
const publish = (authorities: readonly AuthorityCoordination[], view: DisclosureView, median: number | null = null) =>
  publishCoordination(authorities, { name: 'South East', medianMinutesToAcknowledge: median }, view);

describe('statistics of coordination', () => {
  it('gives the owner every figure as it is, with one decimal place in a per cent', () => {
    const { rows, total } = publish([authority('Kent', KENT)], OWNER);
    expect(total).toBeNull();
    expect(rows).toEqual([
      {
        label: 'Kent',
        hostToldInTime: { count: count(15, OWNER), of: count(20, OWNER), percent: { kind: 'rate', value: 75, unit: 'percent', decimals: 1 } },
        acknowledged: count(40, OWNER),
        medianMinutesToAcknowledge: 93,
        pastClock: count(3, OWNER),
        interviewsInTime: { count: count(27, OWNER), of: count(30, OWNER), percent: { kind: 'rate', value: 90, unit: 'percent', decimals: 1 } },
      },
    ]);
  });

  it('suppresses a small count for anyone else, and a part whose whole would give away a small remainder', () => {
    const [kent] = publish([authority('Kent', KENT)], CONTROLLED).rows;
    expect(kent?.pastClock).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(kent?.hostToldInTime.count).toEqual(count(15, CONTROLLED));
    // 30 returns, 27 in time: the 3 late would be 30 − 27, so the 27 or the 30 goes too, and the per cent with it.
    expect([kent?.interviewsInTime.count.kind, kent?.interviewsInTime.of.kind]).toContain('suppressed');
    expect(kent?.interviewsInTime.percent).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
  });

  it('withholds a median beyond the owner unless it rests on enough alerts', () => {
    const few = { ...KENT, acknowledged: n(6), medianMinutesToAcknowledge: 30 };
    expect(publish([authority('Kent', few)], CONTROLLED).rows[0]?.medianMinutesToAcknowledge).toBe(30);
    const fewer = { ...few, acknowledged: n(4) };
    expect(publish([authority('Kent', fewer)], CONTROLLED).rows[0]?.medianMinutesToAcknowledge).toBeNull();
    expect(publish([authority('Kent', fewer)], OWNER).rows[0]?.medianMinutesToAcknowledge).toBe(30);
  });

  it('gives an area a total row with its own median, rounds its counts, and leaves out authorities with nothing counted', () => {
    const { rows, total } = publish([authority('Kent', KENT), authority('Medway', KENT), authority('Slough', NO_COORDINATION)], AREA, 61);
    expect(rows.map((row) => row.label)).toEqual(['Kent', 'Medway']);
    expect(total?.label).toBe('South East');
    expect(total?.hostToldInTime.of).toEqual(count(40, AREA));
    expect(total?.acknowledged).toEqual(count(80, AREA));
    expect(total?.medianMinutesToAcknowledge).toBe(61);
    expect(rows[0]?.hostToldInTime.count).toEqual(count(20, AREA));
  });

  it('gives no row when nothing is counted anywhere', () => {
    expect(publish([authority('Kent', NO_COORDINATION), authority('Medway', NO_COORDINATION)], AREA)).toEqual({ rows: [], total: null });
  });

  it('says a per cent is not applicable when there is nothing to divide by', () => {
    const none = { ...KENT, outOfAreaEpisodes: n(0), hostToldWithin24Hours: n(0) };
    expect(publish([authority('Kent', none)], OWNER).rows[0]?.hostToldInTime.percent).toEqual({ kind: 'not_applicable' });
  });

  it('never publishes a count from 1 to 4 beyond the owner, nor one that the others would give away', () => {
    const tally = fc.record({ count: fc.integer({ min: 0, max: 40 }), key: fc.integer({ min: 0, max: 255 }) });
    const share = fc.tuple(tally, tally).map(([part, rest]) => [part, { count: part.count + rest.count, key: (part.key + rest.key) % 256 }] as const);
    const tallies = fc
      .record({ host: share, interviews: share, acknowledged: tally, pastClock: tally })
      .map(({ host, interviews, acknowledged, pastClock }): CoordinationTallies => ({
        hostToldWithin24Hours: host[0],
        outOfAreaEpisodes: host[1],
        interviewsWithin72Hours: interviews[0],
        returns: interviews[1],
        acknowledged,
        pastClock,
        medianMinutesToAcknowledge: 10,
      }));
    fc.assert(
      fc.property(fc.array(tallies, { minLength: 1, maxLength: 5 }), (list) => {
        // publishCoordination refuses to release anything a line-by-line attack could work out (publication.ts).
        const { rows, total } = publish(
          list.map((tallies, i) => authority(`Authority ${i}`, tallies)),
          CONTROLLED,
        );
        const figures = [...rows, ...(total === null ? [] : [total])].flatMap((row) => [
          row.hostToldInTime.count,
          row.hostToldInTime.of,
          row.acknowledged,
          row.pastClock,
          row.interviewsInTime.count,
          row.interviewsInTime.of,
        ]);
        for (const figure of figures) if (figure.kind === 'count') expect(figure.value === 0 || figure.value >= 5).toBe(true);
      }),
    );
  });
});
