import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from './client.ts';

interface Row {
  code: string;
  laNumber: string | null;
  name: string;
  nation: 'ENG' | 'WAL' | 'SCO' | 'NI';
  region: string;
  kind: string;
}

let handle: DatabaseHandle;
let rows: Row[];

beforeAll(async () => {
  handle = await createTestDatabase();
  rows = await handle.db.selectFrom('localAuthority').select(['code', 'laNumber', 'name', 'nation', 'region', 'kind']).execute();
});

afterAll(async () => {
  await handle.close();
});

const ofNation = (nation: Row['nation']): Row[] => rows.filter((row) => row.nation === nation);
const byCode = (code: string): Row | undefined => rows.find((row) => row.code === code);

describe('local authority reference data', () => {
  it('has every authority with children’s services in each nation', () => {
    expect(ofNation('ENG')).toHaveLength(153);
    expect(ofNation('WAL')).toHaveLength(22);
    expect(ofNation('SCO')).toHaveLength(32);
    expect(ofNation('NI')).toHaveLength(5);
    expect(rows).toHaveLength(212);
  });

  it('gives every English authority a DfE number and an upper-tier GSS code', () => {
    for (const row of ofNation('ENG')) {
      expect(row.laNumber, row.name).toMatch(/^\d{3}$/);
      expect(row.code, row.name).toMatch(/^E(06|08|09|10)\d{6}$/);
    }
    expect(new Set(ofNation('ENG').map((row) => row.laNumber)).size).toBe(153);
  });

  it('matches the kind of each English authority to its GSS prefix', () => {
    const kindOf = { E06: 'unitary', E08: 'metropolitan district', E09: 'London borough', E10: 'county' } as const;
    for (const row of ofNation('ENG')) {
      expect(row.kind, row.name).toBe(kindOf[row.code.slice(0, 3) as keyof typeof kindOf]);
    }
    const counties = ofNation('ENG').filter((row) => row.kind === 'county');
    expect(counties).toHaveLength(21);
  });

  it('uses W06 codes for Wales, S12 codes for Scotland and no DfE numbers outside England', () => {
    for (const row of ofNation('WAL')) {
      expect(row.code, row.name).toMatch(/^W06\d{6}$/);
      expect(row.region).toBe('Wales');
    }
    for (const row of ofNation('SCO')) {
      expect(row.code, row.name).toMatch(/^S12\d{6}$/);
      expect(row.region).toBe('Scotland');
    }
    for (const row of [...ofNation('WAL'), ...ofNation('SCO'), ...ofNation('NI')]) {
      expect(row.laNumber, row.name).toBeNull();
    }
  });

  it('lists the five Northern Ireland HSC trusts', () => {
    expect(
      ofNation('NI')
        .map((row) => row.code)
        .sort(),
    ).toEqual(['NI-BHSCT', 'NI-NHSCT', 'NI-SEHSCT', 'NI-SHSCT', 'NI-WHSCT']);
    for (const row of ofNation('NI')) {
      expect(row.kind).toBe('HSC trust');
      expect(row.region).toBe('Northern Ireland');
    }
  });

  it('has known authorities right', () => {
    expect(byCode('E10000016')).toMatchObject({ laNumber: '886', name: 'Kent', region: 'South East', kind: 'county' });
    expect(byCode('E09000017')).toMatchObject({ laNumber: '312', name: 'Hillingdon', region: 'London' });
    expect(byCode('E08000003')).toMatchObject({ laNumber: '352', name: 'Manchester', region: 'North West' });
    expect(byCode('E09000008')).toMatchObject({ laNumber: '306', name: 'Croydon', region: 'London' });
    // The 2021 and 2023 reorganisations, and the 2025 Barnsley/Sheffield recode.
    expect(byCode('E06000061')).toMatchObject({ laNumber: '940', name: 'North Northamptonshire' });
    expect(byCode('E06000062')).toMatchObject({ laNumber: '941', name: 'West Northamptonshire' });
    expect(byCode('E06000063')).toMatchObject({ laNumber: '942', name: 'Cumberland' });
    expect(byCode('E06000064')).toMatchObject({ laNumber: '943', name: 'Westmorland and Furness' });
    expect(byCode('E08000038')).toMatchObject({ laNumber: '370', name: 'Barnsley' });
    expect(byCode('E08000039')).toMatchObject({ laNumber: '373', name: 'Sheffield' });
    // The two small authorities DfE counts among the 153.
    expect(byCode('E09000001')).toMatchObject({ laNumber: '201', name: 'City of London' });
    expect(byCode('E06000053')).toMatchObject({ laNumber: '420', name: 'Isles of Scilly' });
    // Authorities that no longer exist are absent.
    for (const gone of ['E10000006', 'E10000021', 'E10000023', 'E10000027', 'E08000016', 'E08000019']) {
      expect(byCode(gone), gone).toBeUndefined();
    }
    expect(byCode('W06000015')).toMatchObject({ name: 'Cardiff', nation: 'WAL' });
    expect(byCode('S12000049')).toMatchObject({ name: 'Glasgow City', nation: 'SCO' });
  });

  it('puts English authorities in the nine regions, with DfE’s count for each', () => {
    const counts: Record<string, number> = {};
    for (const row of ofNation('ENG')) counts[row.region] = (counts[row.region] ?? 0) + 1;
    expect(counts).toEqual({
      'North East': 12,
      'North West': 24,
      'Yorkshire and The Humber': 15,
      'East Midlands': 10,
      'West Midlands': 14,
      'East of England': 11,
      London: 33,
      'South East': 19,
      'South West': 15,
    });
  });
});
