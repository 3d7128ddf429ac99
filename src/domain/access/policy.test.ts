import { describe, expect, it } from 'vitest';
import { buildAgeAssessment, buildCarePeriod, buildChild, buildRecord, IDS } from '../../../test/factories/child-record.ts';
import { ROLES } from './actor.ts';
import type { Actor, Role } from './actor.ts';
import {
  administeredOrganisation,
  auditSearchScope,
  breakGlassReviewAuthority,
  canAllocate,
  canAllowTraining,
  canManageTeams,
  canReadRecord,
  canRecordTrainingForOthers,
  canSearchFoundChild,
  canSeeNationalTraining,
  canSeeOrganisationTraining,
  canSeeRecordAccess,
  canSetTrainingGates,
  canUndoMatchDecision,
  canWriteRecord,
  guardianReferralScope,
  guardianReferralSource,
  guardianRecordViewFor,
  listableAuthority,
  recordViewFor,
  restrictRecord,
  rowScope,
} from './policy.ts';
import type { ChildRelations } from './policy.ts';

// The access rules of docs/access.md, without a database: the HTTP access matrix checks them end to end.

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const actor = (role: Role, localAuthorityCode: string | null = KENT, organisationCode = localAuthorityCode ?? 'NATIONAL'): Actor => ({
  id: 'u1',
  role,
  organisationCode,
  localAuthorityCode,
});
const relations = (overrides: Partial<ChildRelations> = {}): ChildRelations => ({
  responsibleAuthorityCode: KENT,
  outOfAreaHostCode: null,
  isMissing: false,
  isAllocatedToActor: false,
  isInActorsPoliceArea: false,
  hasOpenBreakGlass: false,
  ...overrides,
});

describe('the responsible authority’s own staff', () => {
  it('read and change their authority’s records, and only theirs', () => {
    for (const role of ['social_worker', 'team_manager', 'data_officer'] as const) {
      expect(canReadRecord(actor(role), KENT), role).toBe(true);
      expect(canWriteRecord(actor(role), KENT), role).toBe(true);
      expect(canReadRecord(actor(role), MEDWAY), role).toBe(false);
      expect(canWriteRecord(actor(role), MEDWAY), role).toBe(false);
      expect(listableAuthority(actor(role)), role).toBe(KENT);
    }
    for (const role of ['advocate', 'police_coordinator', 'national_analyst', 'organisation_administrator', 'system_administrator'] as const) {
      expect(canReadRecord(actor(role), KENT), role).toBe(false);
      expect(canWriteRecord(actor(role), KENT), role).toBe(false);
      expect(listableAuthority(actor(role)), role).toBeNull();
    }
  });

  it('let only team managers and data officers see who has seen a record', () => {
    expect(canSeeRecordAccess(actor('team_manager'), KENT)).toBe(true);
    expect(canSeeRecordAccess(actor('data_officer'), KENT)).toBe(true);
    expect(canSeeRecordAccess(actor('social_worker'), KENT)).toBe(false);
    expect(canSeeRecordAccess(actor('team_manager'), MEDWAY)).toBe(false);
  });

  it('let a team manager, and no one else, review their authority’s break-glass openings', () => {
    expect(breakGlassReviewAuthority(actor('team_manager'))).toBe(KENT);
    expect(breakGlassReviewAuthority(actor('data_officer'))).toBeNull();
  });
});

describe('administrators', () => {
  it('administer and search the audit of their own organisation, or every one for a system administrator', () => {
    expect(administeredOrganisation(actor('organisation_administrator'))).toBe(KENT);
    expect(administeredOrganisation(actor('system_administrator', null))).toBeNull();
    expect(administeredOrganisation(actor('team_manager'))).toBeUndefined();
    expect(auditSearchScope(actor('organisation_administrator'))).toEqual({ organisationCode: KENT });
    expect(auditSearchScope(actor('system_administrator', null))).toEqual({ organisationCode: null });
    expect(auditSearchScope(actor('data_officer'))).toBeNull();
  });
});

describe('the row scope the database reads', () => {
  it('carries the actor, their organisation, authority and role, and the service’s clock', () => {
    expect(rowScope(actor('advocate', null, 'GUARDIANS'), '2025-06-15T12:00:00.000Z')).toEqual({
      actorId: 'u1',
      organisationCode: 'GUARDIANS',
      authorityCode: null,
      role: 'advocate',
      now: '2025-06-15T12:00:00.000Z',
    });
  });
});

describe('the view of one child', () => {
  it('gives the responsible authority the full record and an out-of-area host the host’s view', () => {
    expect(recordViewFor(actor('social_worker'), relations())).toBe('full');
    expect(recordViewFor(actor('social_worker', MEDWAY), relations({ outOfAreaHostCode: MEDWAY }))).toBe('host');
    expect(recordViewFor(actor('social_worker', MEDWAY), relations())).toBeNull();
  });

  it('gives an advocate their allocated children, and police a missing child in their area only', () => {
    expect(recordViewFor(actor('advocate', null, 'GUARDIANS'), relations({ isAllocatedToActor: true }))).toBe('advocate');
    expect(recordViewFor(actor('advocate', null, 'GUARDIANS'), relations())).toBeNull();
    const police = actor('police_coordinator', null, 'KENT_POLICE');
    expect(recordViewFor(police, relations({ isMissing: true, isInActorsPoliceArea: true }))).toBe('police');
    expect(recordViewFor(police, relations({ isMissing: false, isInActorsPoliceArea: true }))).toBeNull();
    expect(recordViewFor(police, relations({ isMissing: true, isInActorsPoliceArea: false }))).toBeNull();
    expect(recordViewFor(police, relations({ hasOpenBreakGlass: true }))).toBe('break_glass');
  });

  it('keeps from a host and the police what they do not need', () => {
    const record = buildRecord({
      child: { nrmReference: 'NRM-1', upn: 'A123456789012', homeOfficeReference: 'HO-1' },
      carePeriods: [buildCarePeriod({ endDate: '2024-01-10', reasonCeased: 'E8' }), buildCarePeriod({ id: IDS.secondCarePeriod, startDate: '2024-03-01' })],
      ageAssessments: [buildAgeAssessment()],
    });
    expect(restrictRecord('full', record)).toBe(record);
    const host = restrictRecord('host', record);
    expect(host.ageAssessments).toEqual([]);
    expect(host.child).toEqual({ ...record.child, nrmReference: null });
    expect(host.carePeriods.map((period) => period.id)).toEqual([IDS.secondCarePeriod]);
    expect(host.traffickingConcerns).toEqual([]);
    expect(host.missingEpisodes).toEqual(record.missingEpisodes);
    const police = restrictRecord('police', record);
    expect(police.child).toEqual({ ...buildChild(record.child), nrmReference: null, upn: null, homeOfficeReference: null });
    expect(police.ageStatuses).toEqual([]);
    expect(police.ageAssessments).toEqual([]);
    expect(police.missingEpisodes.every((episode) => episode.returnInterview === null)).toBe(true);
  });
});

describe('found-child search', () => {
  it('is for police coordinators, an authority’s staff and the national unit; not advocates or administrators', () => {
    const searchers = ROLES.filter((role) => canSearchFoundChild(actor(role)));
    expect(searchers).toEqual(['social_worker', 'team_manager', 'data_officer', 'police_coordinator', 'national_analyst']);
  });
});

describe('match decisions, caseloads and teams', () => {
  it('let only a team manager of the record’s responsible authority undo a match decision and allocate its child', () => {
    expect(ROLES.filter((role) => canUndoMatchDecision(actor(role), KENT))).toEqual(['team_manager']);
    expect(canUndoMatchDecision(actor('team_manager', MEDWAY), KENT)).toBe(false);
    expect(ROLES.filter((role) => canAllocate(actor(role), KENT))).toEqual(['team_manager']);
    expect(canAllocate(actor('team_manager', MEDWAY), KENT)).toBe(false);
  });

  it('let an authority’s team managers and organisation administrators manage its teams', () => {
    expect(ROLES.filter((role) => canManageTeams(actor(role)))).toEqual(['team_manager', 'organisation_administrator']);
    expect(canManageTeams(actor('organisation_administrator', null, 'GUARDIANS'))).toBe(false);
  });
});

describe('guardian referrals and the guardian’s record', () => {
  it('take a referral from the responsible authority’s staff, or from police who see the child while missing', () => {
    expect(guardianReferralSource(actor('social_worker'), 'full')).toBe('RESPONSIBLE_AUTHORITY');
    expect(guardianReferralSource(actor('police_coordinator', null, 'KENT-POLICE'), 'police')).toBe('POLICE');
    expect(guardianReferralSource(actor('social_worker'), 'host')).toBeNull();
    expect(guardianReferralSource(actor('advocate', null, 'GUARDIANS'), 'advocate')).toBeNull();
    expect(guardianReferralSource(actor('national_analyst', null), null)).toBeNull();
  });

  it('list the service’s referrals to its own people, the authority’s to its staff, and none to anyone else', () => {
    expect(guardianReferralScope(actor('advocate', null, 'GUARDIANS'))).toEqual({ kind: 'service', organisationCode: 'GUARDIANS' });
    expect(guardianReferralScope(actor('guardian_manager', null, 'GUARDIANS'))).toEqual({ kind: 'service', organisationCode: 'GUARDIANS' });
    expect(guardianReferralScope(actor('data_officer'))).toEqual({ kind: 'authority', authorityCode: KENT });
    expect(guardianReferralScope(actor('police_coordinator', null, 'KENT-POLICE'))).toBeNull();
  });

  it('show the record to the allocated guardian, the service’s managers, and the responsible authority as consent allows', () => {
    const serviceRelations = (overrides: Partial<ChildRelations & { isWithActorsService: boolean }> = {}) => ({
      ...relations(),
      isWithActorsService: false,
      ...overrides,
    });
    expect(guardianRecordViewFor(actor('advocate', null, 'GUARDIANS'), serviceRelations({ isAllocatedToActor: true }))).toBe('guardian');
    expect(guardianRecordViewFor(actor('advocate', null, 'GUARDIANS'), serviceRelations({ isWithActorsService: true }))).toBeNull();
    expect(guardianRecordViewFor(actor('guardian_manager', null, 'GUARDIANS'), serviceRelations({ isWithActorsService: true }))).toBe('service');
    expect(guardianRecordViewFor(actor('social_worker'), serviceRelations())).toBe('authority');
    expect(guardianRecordViewFor(actor('social_worker', MEDWAY), serviceRelations())).toBeNull();
    expect(
      guardianRecordViewFor(actor('police_coordinator', null, 'KENT-POLICE'), serviceRelations({ isInActorsPoliceArea: true, isMissing: true })),
    ).toBeNull();
  });
});

describe('training', () => {
  it('let team managers and organisation administrators record others’ training and set gates; only team managers allow it once', () => {
    expect(ROLES.filter((role) => canRecordTrainingForOthers(actor(role)))).toEqual(['team_manager', 'organisation_administrator']);
    expect(ROLES.filter((role) => canSetTrainingGates(actor(role)))).toEqual(['team_manager', 'organisation_administrator']);
    expect(ROLES.filter((role) => canAllowTraining(actor(role)))).toEqual(['team_manager']);
  });

  it('show an organisation’s compliance to its overseers, and the national league table to the national unit', () => {
    expect(ROLES.filter((role) => canSeeOrganisationTraining(actor(role)))).toEqual(['team_manager', 'data_officer', 'organisation_administrator']);
    expect(ROLES.filter((role) => canSeeNationalTraining(actor(role)))).toEqual(['national_analyst']);
  });
});
