import { describe, expect, it } from 'vitest';
import type { Actor, Role } from './access/actor.ts';
import { guardianRecordViewFor } from './access/policy.ts';
import { currentConsent, entryProblem, newEntry, restrictEntries } from './guardian-record.ts';
import type { EntryInput, GuardianRecordEntry } from './guardian-record.ts';

const TODAY = '2025-06-15';
const BY = { id: 'e1', childId: 'c1', serviceOrganisationCode: 'GUARDIANS', recordedBy: 'g1' };
const input = (overrides: Partial<EntryInput>): EntryInput => ({
  kind: 'CONTACT',
  occurredOn: TODAY,
  type: 'PHONE',
  withWhom: 'The child',
  text: null,
  ...overrides,
});

let sequence = 0;
const entry = (overrides: Partial<GuardianRecordEntry>): GuardianRecordEntry => {
  sequence += 1;
  return {
    ...BY,
    id: `e${sequence}`,
    kind: 'CONTACT',
    occurredOn: TODAY,
    type: 'PHONE',
    withWhom: 'The child',
    text: 'Notes',
    recordedAt: `2025-06-15T10:00:0${sequence % 10}Z`,
    ...overrides,
  };
};

describe('an entry in the guardian’s record', () => {
  it('should ask each kind for what it needs, naming the field', () => {
    expect(entryProblem(input({ withWhom: '  ' }), TODAY)).toEqual({ field: 'withWhom', message: 'Enter who the contact was with' });
    expect(entryProblem(input({ type: null }), TODAY)?.field).toBe('type');
    expect(entryProblem(input({ kind: 'CHILD_VIEWS', type: null, withWhom: null }), TODAY)).toEqual({
      field: 'text',
      message: 'Enter the child’s views, in their own words',
    });
    expect(entryProblem(input({ kind: 'ADVOCACY', type: null, withWhom: 'Social worker', text: null }), TODAY)?.field).toBe('text');
    expect(entryProblem(input({ kind: 'MEETING', type: 'COURT', withWhom: null }), TODAY)).toBeNull();
    expect(entryProblem(input({ kind: 'CONSENT', type: null }), TODAY)).toEqual({ field: 'type', message: 'Select what the child decided' });
  });

  it('should refuse a type of another kind, and a date after today', () => {
    expect(entryProblem(input({ kind: 'MEETING', type: 'PHONE' }), TODAY)?.field).toBe('type');
    expect(entryProblem(input({ occurredOn: '2025-06-16' }), TODAY)).toEqual({ field: 'occurredOn', message: 'The date must be today or in the past' });
  });

  it('should keep blanks as nothing, trimmed answers, and no type for the child’s views', () => {
    const made = newEntry(input({ kind: 'CHILD_VIEWS', type: 'PHONE', withWhom: ' ', text: '  I like it here  ' }), BY, TODAY, '2025-06-15T12:00:00Z');
    expect(made).toEqual({
      ok: true,
      value: { ...BY, kind: 'CHILD_VIEWS', occurredOn: TODAY, type: null, withWhom: null, text: 'I like it here', recordedAt: '2025-06-15T12:00:00Z' },
    });
  });
});

describe('consent to share', () => {
  it('should be the latest decision by date, then by when it was recorded', () => {
    expect(currentConsent([entry({})])).toBeNull();
    const given = entry({ kind: 'CONSENT', type: 'GIVEN', occurredOn: '2025-06-10' });
    const withdrawn = entry({ kind: 'CONSENT', type: 'WITHDRAWN', occurredOn: '2025-06-12' });
    expect(currentConsent([withdrawn, given])).toBe('WITHDRAWN');
    const sameDay = entry({ kind: 'CONSENT', type: 'GIVEN', occurredOn: '2025-06-12', recordedAt: '2025-06-15T11:00:00Z' });
    expect(currentConsent([sameDay, withdrawn])).toBe('GIVEN');
  });

  it('should decide how much the responsible authority sees', () => {
    const record = [
      entry({}),
      entry({ kind: 'CHILD_VIEWS', type: null, text: 'My words' }),
      entry({ kind: 'ADVOCACY', type: null, withWhom: 'Home Office', text: 'Asked for an interpreter' }),
      entry({ kind: 'MEETING', type: 'STRATEGY', withWhom: null, text: 'Meeting notes' }),
    ];
    const refused = [...record, entry({ kind: 'CONSENT', type: 'REFUSED', text: 'Not yet' })];
    const shown = restrictEntries('authority', refused);
    expect(shown.map((shownEntry) => shownEntry.kind)).toEqual(['CONTACT', 'MEETING', 'CONSENT']);
    expect(shown.every((shownEntry) => shownEntry.text === null)).toBe(true);
    expect(restrictEntries('authority', record)).toHaveLength(2);
    const given = [...record, entry({ kind: 'CONSENT', type: 'GIVEN' })];
    expect(restrictEntries('authority', given)).toEqual(given);
    expect(restrictEntries('guardian', refused)).toEqual(refused);
  });
});

describe('who sees the guardian’s record', () => {
  const actor = (role: Role, localAuthorityCode: string | null = null): Actor => ({
    id: 'u1',
    role,
    organisationCode: localAuthorityCode ?? 'GUARDIANS',
    localAuthorityCode,
  });
  const KENT = 'E10000016';

  it('should be the allocated guardian, their service’s managers and the responsible authority’s staff, no one else', () => {
    expect(guardianRecordViewFor(actor('advocate'), { responsibleAuthorityCode: KENT, isAllocatedToActor: true, isWithActorsService: true })).toBe('guardian');
    expect(guardianRecordViewFor(actor('advocate'), { responsibleAuthorityCode: KENT, isAllocatedToActor: false, isWithActorsService: false })).toBeNull();
    for (const role of ['social_worker', 'team_manager', 'data_officer'] as const) {
      expect(guardianRecordViewFor(actor(role, KENT), { responsibleAuthorityCode: KENT, isAllocatedToActor: false, isWithActorsService: false })).toBe(
        'authority',
      );
      expect(
        guardianRecordViewFor(actor(role, 'E06000035'), { responsibleAuthorityCode: KENT, isAllocatedToActor: false, isWithActorsService: false }),
      ).toBeNull();
    }
    expect(guardianRecordViewFor(actor('guardian_manager'), { responsibleAuthorityCode: KENT, isAllocatedToActor: false, isWithActorsService: true })).toBe(
      'service',
    );
    expect(
      guardianRecordViewFor(actor('guardian_manager'), { responsibleAuthorityCode: KENT, isAllocatedToActor: true, isWithActorsService: false }),
    ).toBeNull();
    for (const role of ['police_coordinator', 'national_analyst', 'organisation_administrator', 'system_administrator'] as const) {
      expect(guardianRecordViewFor(actor(role, KENT), { responsibleAuthorityCode: KENT, isAllocatedToActor: true, isWithActorsService: true })).toBeNull();
    }
  });
});
