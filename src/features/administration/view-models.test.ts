import { describe, expect, it } from 'vitest';
import type { AccountSummary } from '../../services/user-admin-service.ts';
import {
  accountStatus,
  accountsViewModel,
  apiTokensViewModel,
  actionDescription,
  actorDescription,
  eventDetails,
  groupedKey,
  pagination,
} from './view-models.ts';

describe('administration view models', () => {
  it('should call an account locked only while its lock lasts, and deactivated whatever its lock', () => {
    const now = '2025-06-15T12:00:00.000Z';
    expect(accountStatus({ active: true, lockedUntil: null }, now)).toBe('active');
    expect(accountStatus({ active: true, lockedUntil: '2025-06-15T12:05:00.000Z' }, now)).toBe('locked');
    expect(accountStatus({ active: true, lockedUntil: '2025-06-15T11:55:00.000Z' }, now)).toBe('active');
    expect(accountStatus({ active: false, lockedUntil: '2025-06-15T12:05:00.000Z' }, now)).toBe('deactivated');
  });

  it('should name the fields and filters of an event but never their values', () => {
    const change = eventDetails({
      action: 'CHANGE',
      details: { familyName: { before: 'Secretname', after: 'Othername' }, dateOfBirthClaimed: { before: '2010-01-01', after: '2010-02-01' } },
    });
    expect(change).toBe('Fields: family name, date of birth claimed');
    expect(eventDetails({ action: 'SEARCH', details: { filters: ['name', 'dateOfBirth'] } })).toBe('Filters: name, date of birth');
    expect(eventDetails({ action: 'SIGN_IN_FAILED', details: { reason: 'CODE_REUSED' } })).toBe('Security code already used');
    expect(eventDetails({ action: 'USER_CHANGED', details: { sessionsRevoked: 2 } })).toBe('Sessions ended: 2');
    expect(eventDetails({ action: 'USER_CHANGED', details: { reset: ['password', 'totpSecret', 'sessions', 'failedAttempts'], sessionsRevoked: 2 } })).toBe(
      'Sign-in reset: password, authenticator, sessions, failed attempts; sessions ended: 2',
    );
    expect(eventDetails({ action: 'VIEW_RECORD', details: { view: 'full' } })).toBe('');
    expect(eventDetails({ action: 'CHANGE', details: null })).toBe('');
  });

  it('should say which route was refused and how many refusals went unrecorded', () => {
    expect(eventDetails({ action: 'REFUSED', details: { method: 'GET', route: '/api/v1/children/:id', status: 404 } })).toBe(
      'GET /api/v1/children/:id: not found',
    );
    expect(eventDetails({ action: 'SIGN_IN_FAILED', details: { reason: 'MALFORMED_AUTHORIZATION' } })).toBe('Authorization header not a bearer token');
    expect(
      eventDetails({ action: 'REFUSALS_UNRECORDED', details: { unrecorded: 12, limit: 10, from: '2025-06-15T12:00:00.000Z', to: '2025-06-15T12:01:00.000Z' } }),
    ).toMatch(/^12 more from this origin between .+ and .+, past the limit of 10$/);
    expect(actionDescription('REFUSED', 'request')).toBe('Was refused');
  });

  it('should offer resetting sign-in details and deactivating for active accounts other than the administrator’s own', () => {
    const account = (id: string, displayName: string, active = true): AccountSummary => ({
      id,
      organisationCode: 'E10000016',
      organisationName: 'Kent',
      role: 'social_worker',
      email: `${id}@kent.example.gov.uk`,
      displayName,
      active,
      lockedUntil: null,
      createdAt: '2025-06-01T09:00:00.000Z',
      lastSignedInAt: null,
    });
    const model = accountsViewModel([account('own', 'Ada Admin'), account('active', 'Bo <Worker>'), account('gone', 'Cy Leaver', false)], {
      now: '2025-06-15T12:00:00.000Z',
      actorId: 'own',
      showOrganisation: false,
      deactivatedId: null,
    });
    const actions = model.rows.map((cells) => ('html' in cells[cells.length - 1]! ? String(cells[cells.length - 1]!.html) : ''));
    expect(actions[1]).toContain(
      '<a class="govuk-link" href="/accounts/active/reset-sign-in">Reset sign-in<span class="govuk-visually-hidden"> details for Bo &lt;Worker&gt;</span></a>',
    );
    expect(actions[1]).toContain('href="/accounts/active/deactivate"');
    expect(actions[0]).not.toContain('reset-sign-in');
    expect(actions[2]).not.toContain('reset-sign-in');
  });

  it('should describe what was done and by whom in words', () => {
    expect(actionDescription('VIEW_RECORD', 'child')).toBe('Viewed the child’s record');
    expect(actionDescription('BREAK_GLASS', 'child')).toBe('Opened the record with break-glass');
    expect(actionDescription('LIST', 'missingEpisode')).toBe('Listed missing episodes');
    expect(actionDescription('SIGN_IN', 'session')).toBe('Signed in');
    expect(actionDescription('CREATE', 'someNewThing')).toBe('Added some new thing');
    expect(actorDescription('command-line', null)).toBe('Command line');
    expect(actorDescription('token:abc', null)).toBe('API client');
    expect(actorDescription('8c0f…', 'Sam Worker')).toBe('Sam Worker');
  });

  it('should offer previous and next pages only where they exist', () => {
    const href = (page: number) => `/x?page=${page}`;
    expect(pagination(1, false, href)).toBeNull();
    expect(pagination(1, true, href)).toEqual({ landmarkLabel: 'Results pages', next: { href: '/x?page=2', labelText: 'Page 2' } });
    expect(pagination(3, false, href)).toEqual({ landmarkLabel: 'Results pages', previous: { href: '/x?page=2', labelText: 'Page 2' } });
  });

  it('should group a set-up key in fours', () => {
    expect(groupedKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ');
  });
});

describe('apiTokensViewModel', () => {
  const token = {
    id: '11111111-1111-4111-8111-111111111111',
    organisationCode: 'E10000016',
    role: 'data_officer',
    description: 'Case <system>',
    createdAt: '2025-06-15T12:00:00.000Z',
    expiresAt: '2025-09-13T12:00:00.000Z',
    revokedAt: null,
    replacedBy: null,
  } as const;

  it('should tag each token’s status, offer rotation for any not revoked, and escape what it is for', () => {
    const { rows, head } = apiTokensViewModel(
      [
        { ...token, status: 'expired' },
        { ...token, status: 'revoked', revokedAt: '2025-07-01T00:00:00.000Z' },
      ],
      null,
    );
    expect(head.map((cell) => cell.text ?? '')).toEqual(['What it is for', 'Role', 'Status', 'Made', 'Expires', '']);
    expect(rows[0]?.[2]).toEqual({ html: expect.stringContaining('Expired') });
    expect(rows[0]?.[5]).toEqual({ html: expect.stringContaining(`href="/api-tokens/${token.id}/rotate"`) });
    expect(rows[0]?.[5]).toEqual({ html: expect.stringContaining('Case &lt;system&gt;') });
    expect(rows[1]?.[2]).toEqual({ html: expect.stringContaining('Revoked') });
    expect(rows[1]?.[4]).toEqual({ text: '' });
    expect(rows[1]?.[5]).toEqual({ html: '' });
  });

  it('should name each token’s organisation when given their names', () => {
    const { rows } = apiTokensViewModel([{ ...token, status: 'active' }], { E10000016: 'Kent' });
    expect(rows[0]?.slice(0, 3)).toEqual([{ text: 'Case <system>' }, { text: 'Kent' }, { text: 'Data officer' }]);
  });
});
