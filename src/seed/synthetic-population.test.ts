import { beforeAll, describe, expect, it } from 'vitest';
import type { ChildRecord } from '../domain/child-record.ts';
import { effectiveDateOfBirth } from '../domain/date-of-birth.ts';
import { recordsOf as recordsFromRows } from '../../test/factories/synthetic-records.ts';
import { eighteenthBirthday, ukDateOf } from '../domain/dates.ts';
import { carePeriodOn, validateRecord } from '../domain/validation/rules.ts';
import { SAMPLE_AUTHORITIES } from '../../test/factories/sample-authorities.ts';
import {
  generatePopulation,
  POPULATION_TABLES,
  type PopulationBatch,
  type PopulationOptions,
  type PopulationRows,
  type PopulationSummary,
} from './synthetic-population.ts';

const CENSUS_DATE = '2025-09-30';
const CENSUS_MS = Date.parse(`${CENSUS_DATE}T00:00:00Z`);
const WINDOW_START_MS = CENSUS_MS - 365 * 86_400_000;
const HOUR_MS = 3_600_000;

function run(options: PopulationOptions): { batches: PopulationBatch[]; rows: PopulationRows; summary: PopulationSummary } {
  const batches: PopulationBatch[] = [];
  const generator = generatePopulation(options);
  for (;;) {
    const step = generator.next();
    if (step.done === true) {
      return { batches, rows: concatenate(batches), summary: step.value };
    }
    batches.push(step.value);
  }
}

const concatenate = (batches: readonly PopulationBatch[]): PopulationRows => ({
  child: batches.flatMap((batch) => batch.child),
  childAlias: batches.flatMap((batch) => batch.childAlias),
  ageStatus: batches.flatMap((batch) => batch.ageStatus),
  carePeriod: batches.flatMap((batch) => batch.carePeriod),
  uascPeriod: batches.flatMap((batch) => batch.uascPeriod),
  nationalTransfer: batches.flatMap((batch) => batch.nationalTransfer),
  traffickingConcern: batches.flatMap((batch) => batch.traffickingConcern),
  traffickingStatus: batches.flatMap((batch) => batch.traffickingStatus),
  nrmReferral: batches.flatMap((batch) => batch.nrmReferral),
  missingEpisode: batches.flatMap((batch) => batch.missingEpisode),
  returnInterview: batches.flatMap((batch) => batch.returnInterview),
});

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
}

/** Rows → the domain's ChildRecord aggregate, each child's periods and episodes in order, so the domain's validation rules can read them. */
function recordsOf(rows: PopulationRows): ChildRecord[] {
  return recordsFromRows(rows).map((record) => ({
    ...record,
    carePeriods: [...record.carePeriods].sort((a, b) => a.startDate.localeCompare(b.startDate)),
    missingEpisodes: [...record.missingEpisodes].sort((a, b) => Date.parse(a.startAt) - Date.parse(b.startAt)),
  }));
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
const ms = (instant: string): number => Date.parse(instant);

describe('generatePopulation', () => {
  describe('determinism', () => {
    const options = { children: 2_500, seed: 42, authorities: SAMPLE_AUTHORITIES, censusDate: CENSUS_DATE };

    it('should give identical output when the options are the same', () => {
      const first = run(options);
      const second = run(options);

      expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    });

    it('should give identical output whatever order the authorities come in', () => {
      const first = run(options);
      const reversed = run({ ...options, authorities: [...SAMPLE_AUTHORITIES].reverse() });

      expect(JSON.stringify(reversed)).toBe(JSON.stringify(first));
    });

    it('should give different output when the seed differs', () => {
      const first = run(options);
      const other = run({ ...options, seed: 43 });

      expect(other.rows.child.map((child) => child.id)).not.toEqual(first.rows.child.map((child) => child.id));
      expect(other.rows.child.map((child) => child.familyName)).not.toEqual(first.rows.child.map((child) => child.familyName));
    });

    it('should yield batches of 1,000 children and exactly the number asked for', () => {
      const { batches, summary } = run(options);

      expect(batches.map((batch) => batch.child.length)).toEqual([1_000, 1_000, 500]);
      expect(summary.children).toBe(2_500);
    });

    it('should yield nothing when no children are asked for', () => {
      expect(run({ ...options, children: 0 }).batches).toEqual([]);
    });
  });

  describe('a population of 20,000 children', () => {
    let rows: PopulationRows;
    let records: ChildRecord[];
    let summary: PopulationSummary;
    let uasc: Set<string>;
    let trafficked: Set<string>;

    beforeAll(() => {
      ({ rows, summary } = run({ children: 20_000, seed: 2016, authorities: SAMPLE_AUTHORITIES, censusDate: CENSUS_DATE }));
      records = recordsOf(rows);
      uasc = new Set(rows.uascPeriod.map((period) => period.childId));
      trafficked = new Set(rows.traffickingConcern.map((concern) => concern.childId));
    });

    describe('calibration (domain brief §10, §1.4)', () => {
      it('should make about 8% of children UASC, 95% of them male', () => {
        const uascMale = rows.child.filter((child) => uasc.has(child.id) && child.sex === 'M').length;

        expect(share(uasc.size, rows.child.length)).toBeGreaterThan(0.07);
        expect(share(uasc.size, rows.child.length)).toBeLessThan(0.09);
        expect(share(uascMale, uasc.size)).toBeGreaterThan(0.93);
        expect(share(uascMale, uasc.size)).toBeLessThan(0.97);
      });

      it('should raise a trafficking concern for 2–3% of children and 10–15% of UASC', () => {
        const uascTrafficked = [...trafficked].filter((id) => uasc.has(id)).length;

        expect(share(trafficked.size, rows.child.length)).toBeGreaterThan(0.02);
        expect(share(trafficked.size, rows.child.length)).toBeLessThan(0.032);
        expect(share(uascTrafficked, uasc.size)).toBeGreaterThan(0.09);
        expect(share(uascTrafficked, uasc.size)).toBeLessThan(0.17);
      });

      it('should send about 11% of children missing in the year, trafficked ~30% and UASC ~13–15%', () => {
        const missing = new Set(rows.missingEpisode.filter((episode) => ms(episode.startAt) >= WINDOW_START_MS).map((episode) => episode.childId));
        const missingShare = (cohort: Set<string>): number => share([...cohort].filter((id) => missing.has(id)).length, cohort.size);

        expect(share(missing.size, rows.child.length)).toBeGreaterThan(0.1);
        expect(share(missing.size, rows.child.length)).toBeLessThan(0.125);
        expect(missingShare(trafficked)).toBeGreaterThan(0.24);
        expect(missingShare(trafficked)).toBeLessThan(0.36);
        expect(missingShare(uasc)).toBeGreaterThan(0.12);
        expect(missingShare(uasc)).toBeLessThan(0.17);
      });

      it('should give missing children about 5 episodes each in the year, with a long tail', () => {
        const inYear = rows.missingEpisode.filter((episode) => ms(episode.startAt) >= WINDOW_START_MS);
        const perChild = [...groupBy(inYear, (episode) => episode.childId).values()].map((episodes) => episodes.length);

        expect(share(inYear.length, perChild.length)).toBeGreaterThan(4);
        expect(share(inYear.length, perChild.length)).toBeLessThan(6.5);
        expect(share(perChild.filter((count) => count === 1).length, perChild.length)).toBeGreaterThan(0.3);
        expect(Math.max(...perChild)).toBeGreaterThanOrEqual(20);
      });

      it('should leave about 2% of missing children never found, more among the trafficked', () => {
        const missing = new Set(rows.missingEpisode.filter((episode) => ms(episode.startAt) >= WINDOW_START_MS).map((episode) => episode.childId));
        const stillMissing = new Set(rows.missingEpisode.filter((episode) => episode.endAt === null).map((episode) => episode.childId));
        const trafficking = (ids: Set<string>): number => [...ids].filter((id) => trafficked.has(id)).length;

        expect(share(stillMissing.size, missing.size)).toBeGreaterThan(0.012);
        expect(share(stillMissing.size, missing.size)).toBeLessThan(0.03);
        expect(share(trafficking(stillMissing), trafficking(missing))).toBeGreaterThan(share(stillMissing.size, missing.size));
      });

      it('should end most episodes within two days', () => {
        const ended = rows.missingEpisode.filter((episode) => (episode.endAt ?? null) !== null);
        const short = ended.filter((episode) => ms(episode.endAt ?? '') - ms(episode.startAt) <= 48 * HOUR_MS).length;

        expect(share(short, ended.length)).toBeGreaterThan(0.85);
        expect(share(short, ended.length)).toBeLessThan(0.95);
      });

      it('should offer about 85% of interviews and complete about 60% of completed ones within 72 hours', () => {
        const endOf = new Map(rows.missingEpisode.map((episode) => [episode.id, episode.endAt ?? null]));
        const offered = rows.returnInterview.filter((interview) => interview.response !== 'NOT_OFFERED').length;
        const completed = rows.returnInterview.filter((interview) => (interview.completedAt ?? null) !== null);
        const onTime = completed.filter((interview) => ms(interview.completedAt ?? '') - ms(endOf.get(interview.episodeId) ?? '') <= 72 * HOUR_MS).length;

        expect(share(offered, rows.returnInterview.length)).toBeGreaterThan(0.8);
        expect(share(offered, rows.returnInterview.length)).toBeLessThan(0.9);
        expect(share(onTime, completed.length)).toBeGreaterThan(0.55);
        expect(share(onTime, completed.length)).toBeLessThan(0.65);
      });

      it('should place most UASC with the gateway authorities, Kent first', () => {
        const byAuthority = groupBy(
          rows.child.filter((child) => uasc.has(child.id)),
          (child) => child.responsibleAuthorityCode,
        );
        const ranked = [...byAuthority].sort((a, b) => b[1].length - a[1].length).map(([code]) => code);

        expect(ranked[0]).toBe('E10000016');
      });

      it('should record a few percent of children twice, in different authorities, with variant identities', () => {
        const byId = new Map(rows.child.map((child) => [child.id, child]));
        const pairs = summary.duplicatePairs;

        expect(share(2 * pairs.length, rows.child.length)).toBeGreaterThan(0.01);
        expect(share(2 * pairs.length, rows.child.length)).toBeLessThan(0.05);
        for (const pair of pairs) {
          const original = byId.get(pair.originalId);
          const duplicate = byId.get(pair.duplicateId);
          expect(original).toBeDefined();
          expect(duplicate).toBeDefined();
          expect(duplicate?.responsibleAuthorityCode).not.toBe(original?.responsibleAuthorityCode);
          expect([duplicate?.givenNames, duplicate?.familyName, duplicate?.dateOfBirthClaimed]).not.toEqual([
            original?.givenNames,
            original?.familyName,
            original?.dateOfBirthClaimed,
          ]);
        }
      });

      it('should give some UASC and trafficked children, and no others, an estimated age instead of a date of birth, or one name', () => {
        const cohort = new Set([...uasc, ...trafficked]);
        const estimated = rows.child.filter((child) => (child.dateOfBirthEarliest ?? null) !== null);
        const oneName = rows.child.filter((child) => (child.familyName ?? null) === null);
        expect(estimated.every((child) => cohort.has(child.id) && child.dateOfBirthClaimed === null)).toBe(true);
        expect(oneName.every((child) => cohort.has(child.id))).toBe(true);
        expect(share(estimated.length, cohort.size)).toBeGreaterThan(0.08);
        expect(share(estimated.length, cohort.size)).toBeLessThan(0.2);
        expect(share(oneName.length, cohort.size)).toBeGreaterThan(0.02);
        expect(share(oneName.length, cohort.size)).toBeLessThan(0.1);
      });

      it('should give aliases to about a fifth of UASC and trafficked children', () => {
        const withAliases = new Set(rows.childAlias.map((alias) => alias.childId));
        const cohort = new Set([...uasc, ...trafficked]);

        expect(share([...cohort].filter((id) => withAliases.has(id)).length, cohort.size)).toBeGreaterThan(0.15);
        expect(share([...cohort].filter((id) => withAliases.has(id)).length, cohort.size)).toBeLessThan(0.25);
      });
    });

    describe('invariants on every child', () => {
      it('should break none of the domain validation rules (errors)', () => {
        const errors = records.flatMap((record) =>
          validateRecord(record, { today: '2025-09-29', now: `${CENSUS_DATE}T00:00:00.000Z` }).filter((violation) => violation.severity === 'error'),
        );

        expect(errors).toEqual([]);
      });

      it('should record time-limited legal statuses, placements with parents and adoptions only as a council could (903 rules 217–516)', () => {
        const periods = records.flatMap((record) => record.carePeriods);
        const count = (test: (period: (typeof periods)[number]) => boolean): number => periods.filter(test).length;
        // The combinations the rules constrain occur, so the rule check above means something.
        expect(count((period) => period.legalStatus === 'L1')).toBeGreaterThan(50);
        expect(count((period) => period.legalStatus === 'L2')).toBeGreaterThan(20);
        expect(count((period) => period.legalStatus === 'J2')).toBeGreaterThan(20);
        expect(count((period) => period.placementType === 'P1')).toBeGreaterThan(20);
        expect(count((period) => /^A[3-6]$/.test(period.placementType))).toBeGreaterThan(5);
        expect(count((period) => period.reasonNewEpisode === 'L')).toBeGreaterThan(100);
        expect(count((period) => period.placementType === 'P1' && period.legalStatus === 'V2')).toBe(0);
      });

      it('should keep care periods consecutive, non-overlapping and within childhood, the last one open while looked after', () => {
        for (const record of records) {
          const dob = effectiveDateOfBirth(record.child);
          if (dob === null) throw new Error(`Child ${record.child.id} has no date of birth`);
          const eighteenth = eighteenthBirthday(dob);
          const periods = record.carePeriods;
          expect(periods.length).toBeGreaterThanOrEqual(1);
          expect(periods.length).toBeLessThanOrEqual(3);
          periods.forEach((period, index) => {
            expect(period.startDate >= dob).toBe(true);
            expect(period.startDate < CENSUS_DATE).toBe(true);
            expect(period.endDate === null || (period.endDate >= period.startDate && period.endDate <= eighteenth && period.endDate < CENSUS_DATE)).toBe(true);
            const next = periods[index + 1];
            if (next !== undefined) expect(period.endDate).toBe(next.startDate);
            else expect(period.endDate === null || period.endDate >= `${Number(CENSUS_DATE.slice(0, 4)) - 1}${CENSUS_DATE.slice(4)}`).toBe(true);
            expect(period.responsibleAuthorityCode).toBe(record.child.responsibleAuthorityCode);
          });
          expect(periods.slice(0, -1).every((period) => period.endDate !== null)).toBe(true);
        }
      });

      it('should keep missing episodes inside care, after birth, apart from one another, and open only while looked after', () => {
        for (const record of records) {
          const dob = effectiveDateOfBirth(record.child);
          if (dob === null) throw new Error(`Child ${record.child.id} has no date of birth`);
          const episodes = record.missingEpisodes;
          const lookedAfter = record.carePeriods.some((period) => period.endDate === null);
          expect(episodes.filter((episode) => episode.endAt === null).length).toBeLessThanOrEqual(lookedAfter ? 1 : 0);
          episodes.forEach((episode, index) => {
            const day = ukDateOf(episode.startAt);
            const period = carePeriodOn(record.carePeriods, day);
            expect(period).not.toBeNull();
            expect(day >= dob).toBe(true);
            if (period !== null && period.endDate !== null) expect(episode.endAt).not.toBeNull();
            expect(episode.hostAuthorityCode).toBe(period?.hostAuthorityCode);
            expect(ms(episode.startAt)).toBeLessThan(CENSUS_MS);
            if (episode.endAt !== null) {
              expect(ms(episode.endAt)).toBeGreaterThan(ms(episode.startAt));
              expect(ms(episode.endAt)).toBeLessThan(CENSUS_MS);
              expect(episode.endReason).not.toBeNull();
            } else {
              expect(index).toBe(episodes.length - 1);
              expect(episode.endReason).toBeNull();
            }
            const next = episodes[index + 1];
            if (next !== undefined) expect(episode.endAt !== null && ms(episode.endAt) <= ms(next.startAt)).toBe(true);
            if (episode.reportedToPoliceAt !== null) {
              expect(ms(episode.reportedToPoliceAt)).toBeGreaterThanOrEqual(ms(episode.startAt));
              expect(ms(episode.reportedToPoliceAt)).toBeLessThan(CENSUS_MS);
            }
          });
        }
      });

      it('should hold return interviews only for ended episodes, offered and completed after the return', () => {
        for (const record of records) {
          for (const episode of record.missingEpisodes) {
            const interview = episode.returnInterview;
            if (interview === null) continue;
            expect(episode.endAt).not.toBeNull();
            const end = ms(episode.endAt ?? '');
            if (interview.offeredAt !== null) expect(ms(interview.offeredAt)).toBeGreaterThanOrEqual(end);
            if (interview.completedAt !== null) {
              expect(interview.response).toBe('ACCEPTED');
              expect(ms(interview.completedAt)).toBeGreaterThanOrEqual(end);
              expect(ms(interview.completedAt)).toBeLessThan(CENSUS_MS);
            }
            if (interview.response === 'NOT_OFFERED') expect(interview.notOfferedReason).not.toBeNull();
          }
        }
      });

      it('should number children uniquely within each authority and give every row a unique id', () => {
        const keys = rows.child.map((child) => `${child.responsibleAuthorityCode}/${child.laChildId}`);
        const ids = POPULATION_TABLES.flatMap((table) => rows[table].map((row) => row.id));

        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(ids).size).toBe(ids.length);
      });

      it('should date every record before the census date', () => {
        for (const table of POPULATION_TABLES) {
          for (const row of rows[table]) {
            expect(ms(row.createdAt)).toBeLessThan(CENSUS_MS);
            if ('updatedAt' in row) expect(ms(row.updatedAt)).toBeGreaterThanOrEqual(ms(row.createdAt));
          }
        }
      });
    });
  });
});
