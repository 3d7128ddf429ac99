import { describe, expect, it } from 'vitest';
import { readAccountForm, readAuditFilters } from './form-schemas.ts';

const KENT = { code: 'E10000016', name: 'Kent', kind: 'local_authority' } as const;
const POLICE = { code: 'KENT-POLICE', name: 'Kent Police', kind: 'police_force' } as const;
const NATIONAL = { code: 'NATIONAL', name: 'National unit', kind: 'national_unit' } as const;

describe('the add-an-account form', () => {
  it('should take the only organisation offered whatever the form says', () => {
    const read = readAccountForm({ displayName: ' Ann Other ', email: 'Ann@Kent.gov.uk', role: 'team_manager', organisationCode: 'ELSEWHERE' }, [KENT], false);
    expect(read).toEqual({ ok: true, value: { displayName: 'Ann Other', email: 'ann@kent.gov.uk', organisation: KENT, role: 'team_manager' } });
  });

  it('should hold the role to the organisation’s kind, and a system administrator to system administrators', () => {
    const misfit = readAccountForm({ displayName: 'A', email: 'a@b.uk', role: 'social_worker', organisationCode: POLICE.code }, [KENT, POLICE], true);
    expect(misfit.ok ? null : misfit.errors.fields['role']?.text).toBe('Select a role that people in a police force have');
    const notAllowed = readAccountForm({ displayName: 'A', email: 'a@b.uk', role: 'system_administrator' }, [NATIONAL], false);
    expect(notAllowed.ok).toBe(false);
    const allowed = readAccountForm(
      { displayName: 'A', email: 'a@b.uk', role: 'system_administrator', organisationCode: NATIONAL.code },
      [KENT, NATIONAL],
      true,
    );
    expect(allowed.ok).toBe(true);
  });
});

describe('the audit trail filters', () => {
  it('should read whole UK days: from the first midnight to the midnight after the last day, in summer time too', () => {
    const read = readAuditFilters(
      { 'from-day': '1', 'from-month': '6', 'from-year': '2025', 'to-day': '15', 'to-month': '6', 'to-year': '2025' },
      '2025-06-15',
    );
    expect(read.ok && read.value).toMatchObject({ from: '2025-05-31T23:00:00.000Z', to: '2025-06-15T23:00:00.000Z', page: 1 });
    const winter = readAuditFilters({ 'to-day': '15', 'to-month': '1', 'to-year': '2025' }, '2025-06-15');
    expect(winter.ok && winter.value.to).toBe('2025-01-16T00:00:00.000Z');
  });

  it('should read no filters as none, and a page number only when it is one', () => {
    expect(readAuditFilters({}, '2025-06-15')).toEqual({
      ok: true,
      value: { from: undefined, to: undefined, action: undefined, actorId: undefined, organisationCode: undefined, page: 1 },
    });
    const paged = readAuditFilters({ page: '3' }, '2025-06-15');
    expect(paged.ok && paged.value.page).toBe(3);
    const nonsense = readAuditFilters({ page: '-2' }, '2025-06-15');
    expect(nonsense.ok && nonsense.value.page).toBe(1);
  });
});
