import { describe, expect, it } from 'vitest';
import { linkPeople, seededRandom } from './link.ts';
import { pairColumns, pairRow, readPersonCsv } from './person-csv.ts';
import type { MatchPerson } from './person.ts';

const GIVEN = ['Tesfay', 'Aster', 'Yonas', 'Helen', 'Mohammed', 'Fatima', 'Minh', 'Lan', 'Arben', 'Klea', 'Omid', 'Sara', 'Kawa', 'Rojin'];
const FAMILY = ['Haile', 'Gebremedhin', 'Kidane', 'Ahmed', 'Osman', 'Nguyen', 'Tran', 'Hoxha', 'Krasniqi', 'Rahimi', 'Karimi', 'Barzani'];

/** People with distinct enough identities, and a second list holding each again with a slip or two. */
function lists(size: number): { left: MatchPerson[]; right: MatchPerson[] } {
  const random = seededRandom(3);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const left: MatchPerson[] = [];
  const right: MatchPerson[] = [];
  for (let i = 0; i < size; i += 1) {
    const given = pick(GIVEN);
    const family = pick(FAMILY);
    const day = new Date(Date.UTC(2005, 0, 1) + Math.floor(random() * 3650) * 86_400_000).toISOString().slice(0, 10);
    const base: MatchPerson = {
      id: `L${i}`,
      names: [{ givenNames: given, familyName: family, source: null }],
      sex: random() < 0.5 ? 'M' : 'F',
      births: [{ kind: 'claimed', date: day, earliest: day, latest: day }],
      nationalities: [pick(['ER', 'SD', 'VN', 'AL', 'AF', 'IQ'])],
      postcode: null,
      address: null,
      identifiers: [{ scheme: 'id', value: String(1_000_000 + Math.floor(random() * 8_999_999)) }],
    };
    left.push(base);
    // The same child recorded elsewhere: names swapped, and the given name misspelt.
    right.push({ ...base, id: `R${i}`, names: [{ givenNames: family, familyName: `${given.slice(0, -1)}e`, source: null }] });
  }
  return { left, right };
}

describe('linking two lists in memory', () => {
  it('finds each person in the other list, estimating the model from the lists alone', () => {
    const { left, right } = lists(400);
    const result = linkPeople(left, right, { threshold: 0.5, randomPairs: 20_000 });
    const found = new Set(result.pairs.map((pair) => `${pair.left.id}-${pair.right.id}`));
    const correct = left.filter((_, i) => found.has(`L${i}-R${i}`)).length;
    expect(correct).toBeGreaterThanOrEqual(396);
    expect(result.pairs.length - correct).toBeLessThanOrEqual(4);
    expect(result.estimate?.em.converged).toBe(true);
    // About one pair in 400 of the 160,000 possible is a match.
    expect(result.model.prior).toBeGreaterThan(0.5 / 400);
    expect(result.model.prior).toBeLessThan(2 / 400);
  });

  it('finds duplicates within one list, each pair once', () => {
    const { left, right } = lists(200);
    const result = linkPeople([...left, ...right], null, { threshold: 0.5, randomPairs: 20_000 });
    const pairs = result.pairs.map((pair) => [pair.left.id, pair.right.id].sort().join('-'));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(pairs.filter((pair) => /^L(\d+)-R\1$/.test(pair)).length).toBeGreaterThanOrEqual(195);
  });

  it('scores with a given model, without estimating', () => {
    const { left, right } = lists(200);
    const { model } = linkPeople(left, right, { threshold: 0.5, randomPairs: 10_000 });
    const again = linkPeople(left.slice(0, 20), right.slice(0, 20), { threshold: 0.5, model });
    expect(again.estimate).toBeNull();
    expect(again.pairs.length).toBeGreaterThanOrEqual(19);
  });
});

describe('the person CSV format', () => {
  it('reads people, aliases, estimated dates of birth and alpha-3 nationalities', () => {
    const csv = [
      'record_id,given_names,family_name,other_names,sex,date_of_birth,dob_estimated,nationality,postcode,address,identifier',
      'a1,Tesfay,Haile,Tesfay Gebremedhin Haile; Yonas Kidane,M,2008-03-14,false,ERI,CT16 1JA,1 Dock Road,B1234567',
      'a2,Lan,Nguyen,,F,2009-01-01,true,VNM,,,',
    ].join('\r\n');
    const result = readPersonCsv(csv);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [first, second] = result.value;
    expect(first?.names).toEqual([
      { givenNames: 'Tesfay', familyName: 'Haile', source: null },
      { givenNames: 'Tesfay Gebremedhin', familyName: 'Haile', source: 'other_names' },
      { givenNames: 'Yonas', familyName: 'Kidane', source: 'other_names' },
    ]);
    expect(first?.nationalities).toEqual(['ER']);
    expect(first?.identifiers).toEqual([{ scheme: 'id', value: 'B1234567' }]);
    expect(second?.births).toEqual([{ kind: 'estimated', date: null, earliest: '2008-01-01', latest: '2010-01-01' }]);
  });

  it('names every problem by line and column', () => {
    const csv = ['record_id,given_names,sex,date_of_birth,nationality', 'a1,Tesfay,X,2008-02-30,ER', ',Aster,F,,', 'a1,Yonas,M,,'].join('\n');
    const result = readPersonCsv(csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toEqual([
      { line: 2, column: 'sex', message: 'Enter M, F or U (or leave it blank), not "X"' },
      { line: 2, column: 'date_of_birth', message: 'Enter a real date as YYYY-MM-DD (or leave it blank), not "2008-02-30"' },
      { line: 2, column: 'nationality', message: 'Enter an ISO 3166-1 alpha-3 country code such as ERI or AFG (or leave it blank), not "ER"' },
      { line: 3, column: 'record_id', message: 'Enter an identifier for the row: record_id is empty' },
    ]);
    expect(readPersonCsv('record_id,forename\nx,y').ok).toBe(false);
    expect(readPersonCsv('given_names\nx').ok).toBe(false);
  });

  it('writes pairs, with each field’s level and weight when asked', () => {
    const { left, right } = lists(50);
    const { pairs } = linkPeople(left, right, { threshold: 0.5, randomPairs: 5_000 });
    const pair = pairs[0];
    expect(pair).toBeDefined();
    if (pair === undefined) return;
    expect(pairRow('=cmd', 'R1', pair.scored, false)).toEqual(["'=cmd", 'R1', pair.scored.probability.toFixed(6)]);
    const explained = pairRow('L1', 'R1', pair.scored, true);
    expect(explained).toHaveLength(pairColumns(true).length);
    expect(pairColumns(true)).toContain('birth_weight');
  });
});
