import { describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS, roleFitsKind, roleMisfitMessage, rolesForKind } from './roles.ts';

describe('roleFitsKind', () => {
  it.each([
    ['social_worker', 'local_authority'],
    ['team_manager', 'local_authority'],
    ['data_officer', 'local_authority'],
    ['advocate', 'guardian_service'],
    ['guardian_manager', 'guardian_service'],
    ['police_coordinator', 'police_force'],
    ['national_analyst', 'national_unit'],
    ['system_administrator', 'national_unit'],
  ] as const)('should fit a %s to a %s and no other kind', (role, kind) => {
    expect(ORGANISATION_KINDS.filter((candidate) => roleFitsKind(role, candidate))).toEqual([kind]);
  });

  it('should let every kind of organisation have administrators of its own accounts', () => {
    for (const kind of ORGANISATION_KINDS) expect(roleFitsKind('organisation_administrator', kind), kind).toBe(true);
  });

  it('should not fit a role nobody has, nor one differing only in case', () => {
    for (const kind of ORGANISATION_KINDS) {
      expect(roleFitsKind('superuser', kind)).toBe(false);
      expect(roleFitsKind('', kind)).toBe(false);
      expect(roleFitsKind(rolesForKind(kind)[0]!.toUpperCase(), kind)).toBe(false);
    }
  });
});

describe('roleMisfitMessage', () => {
  it('should name the kind of organisation in GOV.UK wording', () => {
    expect(ORGANISATION_KINDS.map((kind) => roleMisfitMessage(kind))).toEqual([
      'Select a role that people in a local authority have',
      'Select a role that people in the guardian service have',
      'Select a role that people in a police force have',
      'Select a role that people in the national coordination unit have',
    ]);
  });
});
