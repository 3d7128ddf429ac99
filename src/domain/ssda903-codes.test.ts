import { describe, expect, it } from 'vitest';
import {
  CATEGORIES_OF_NEED,
  ETHNICITIES,
  isCategoryOfNeedCode,
  isEthnicityCode,
  isLegalStatusCode,
  isPlacementTypeCode,
  isPlacementTypeValidIn,
  isReasonCeasedCode,
  isReasonNewEpisodeCode,
  LEGAL_STATUSES,
  PLACEMENT_GROUPS,
  PLACEMENT_TYPES,
  placementGroupOf,
  REASONS_CEASED,
  REASONS_NEW_EPISODE,
} from './ssda903-codes.ts';
import type { CollectionYear } from './ssda903-codes.ts';

const LISTS = {
  LEGAL_STATUSES,
  PLACEMENT_TYPES,
  REASONS_CEASED,
  REASONS_NEW_EPISODE,
  ETHNICITIES,
  CATEGORIES_OF_NEED,
} as const;

// The PLACE lists of the 903 validator (data-to-insight/csc-validator-be-903), rule 146 per year.
// 2024-25 is written with 'K3' although the validator's file has the typo 'k3'.
const VALIDATOR_PLACE_2023_24 = 'A3 A4 A5 A6 H5 K1 K2 P1 P2 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z1'.split(' ');
const VALIDATOR_PLACE_2024_25 = [...VALIDATOR_PLACE_2023_24, 'K3'];
const VALIDATOR_PLACE_2025_26 = 'A3 A4 A5 A6 K1 K2 K3 P1 P3 R1 R2 R3 R5 S1 T0 T1 T2 T3 T4 U1 U2 U3 U4 U5 U6 Z11 Z12 Z13 Z14'.split(' ');

function validPlacementCodes(year: CollectionYear): string[] {
  return PLACEMENT_TYPES.filter((entry) => isPlacementTypeValidIn(entry.code, year)).map((entry) => entry.code);
}

describe('SSDA903 code lists', () => {
  it.each(Object.entries(LISTS))('should have unique, non-empty codes and labels in %s', (_name, list) => {
    const codes = list.map((entry) => entry.code);

    expect(new Set(codes).size).toBe(codes.length);
    for (const entry of list) {
      expect(entry.code).toMatch(/^[A-Z0-9]+$/);
      expect(entry.label.trim()).not.toBe('');
    }
  });

  it('should hold the validator lists for LS, REC, RNE, ETHNIC and CIN exactly', () => {
    expect(LEGAL_STATUSES.map((e) => e.code).sort()).toEqual(['C1', 'C2', 'D1', 'E1', 'V2', 'V3', 'V4', 'J1', 'J2', 'J3', 'L1', 'L2', 'L3'].sort());
    expect(REASONS_CEASED.map((e) => e.code).sort()).toEqual(
      'E11 E12 E2 E3 E4A E4B E13 E41 E45 E46 E47 E48 E5 E6 E7 E8 E9 E14 E15 E16 E17 X1'.split(' ').sort(),
    );
    expect(REASONS_NEW_EPISODE.map((e) => e.code).sort()).toEqual(['S', 'P', 'L', 'T', 'U', 'B'].sort());
    expect(ETHNICITIES).toHaveLength(20);
    expect(CATEGORIES_OF_NEED.map((e) => e.code)).toEqual(['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8']);
  });

  it('should give every placement type a known statistical group', () => {
    for (const entry of PLACEMENT_TYPES) {
      expect(PLACEMENT_GROUPS).toContain(entry.group);
      expect(placementGroupOf(entry.code)).toBe(entry.group);
    }
    expect(placementGroupOf('U6')).toBe('foster');
    expect(placementGroupOf('K2')).toBe('children_home');
    expect(placementGroupOf('K3')).toBe('semi_independent');
    expect(placementGroupOf('K1')).toBe('secure');
  });

  it('should use every statistical group at least once', () => {
    const used = new Set(PLACEMENT_TYPES.map((entry) => entry.group));

    expect([...used].sort()).toEqual([...PLACEMENT_GROUPS].sort());
  });

  it.each([
    ['2023-24', VALIDATOR_PLACE_2023_24],
    ['2024-25', VALIDATOR_PLACE_2024_25],
    ['2025-26', VALIDATOR_PLACE_2025_26],
  ] as const)('should accept exactly the validator placement codes in %s', (year, expected) => {
    expect(validPlacementCodes(year).sort()).toEqual([...expected].sort());
  });

  it('should treat later years like the latest known year', () => {
    expect(isPlacementTypeValidIn('Z11', '2026-27')).toBe(true);
    expect(isPlacementTypeValidIn('Z1', '2026-27')).toBe(false);
  });
});

describe('SSDA903 code guards', () => {
  it.each([
    [isLegalStatusCode, ['C1', 'C2', 'V2', 'V4', 'J3', 'L1'], ['c1', 'C3', 'V1', 'section 20']],
    [isPlacementTypeCode, ['U1', 'K2', 'H5', 'Z1', 'Z14', 'K3'], ['u1', 'R4', 'Z', 'Z15', 'A2', 'k3']],
    [isReasonCeasedCode, ['E8', 'E4A', 'E15', 'X1'], ['E4', 'e8', 'E43', 'E44', 'E99', 'X']],
    [isReasonNewEpisodeCode, ['S', 'L', 'B'], ['s', 'SP', 'A']],
    [isEthnicityCode, ['WBRI', 'NOBT', 'REFU', 'BAFR'], ['wbri', 'White British', 'WBR']],
    [isCategoryOfNeedCode, ['N1', 'N8'], ['N0', 'N9', 'n8']],
  ] as const)('should accept known codes and reject others (%#)', (guard, known, unknown) => {
    for (const code of known) expect(guard(code), code).toBe(true);
    for (const code of [...unknown, '', ' ']) expect(guard(code), code).toBe(false);
  });

  it('should reject codes that merely look like object keys', () => {
    expect(isPlacementTypeCode('toString')).toBe(false);
    expect(isLegalStatusCode('constructor')).toBe(false);
  });
});
