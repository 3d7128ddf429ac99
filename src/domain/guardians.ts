import { addWorkingDays } from './alerts/evaluate.ts';
import { instantMs } from './dates.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// Referrals to the independent child trafficking guardian service (Modern Slavery Act 2015 s.48 in
// England and Wales; the Scottish Guardianship Service and Northern Ireland's Independent Guardian
// Service): who referred, triage, allocation of a guardian, reallocation and closure. Pure: the
// service passes the clock in.

/** Who referred the child (domain brief §5). */
export const REFERRAL_SOURCES = ['RESPONSIBLE_AUTHORITY', 'POLICE', 'NATIONAL_UNIT'] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export const REFERRAL_SOURCE_LABELS: Readonly<Record<ReferralSource, string>> = {
  RESPONSIBLE_AUTHORITY: 'Responsible authority',
  POLICE: 'Police',
  NATIONAL_UNIT: 'National coordination unit',
};

/** Whether someone holds parental responsibility for the child in the UK: it decides direct or indirect support. */
export const PARENTAL_RESPONSIBILITY = ['YES', 'NO', 'UNKNOWN'] as const;
export type ParentalResponsibility = (typeof PARENTAL_RESPONSIBILITY)[number];
export const PARENTAL_RESPONSIBILITY_LABELS: Readonly<Record<ParentalResponsibility, string>> = {
  YES: 'Yes, someone in the UK holds parental responsibility',
  NO: 'No, nobody in the UK holds parental responsibility',
  UNKNOWN: 'Not known yet',
};

/** The guardian's role in the service model (domain brief §5 and §8.2). */
export const GUARDIAN_ROLES = ['DIRECT_WORKER', 'RPC', 'REGIONAL_PRACTITIONER', 'POST_18'] as const;
export type GuardianRole = (typeof GUARDIAN_ROLES)[number];
export const GUARDIAN_ROLE_LABELS: Readonly<Record<GuardianRole, string>> = {
  DIRECT_WORKER: 'Direct worker',
  RPC: 'Regional practice co-ordinator',
  REGIONAL_PRACTITIONER: 'Regional practitioner',
  POST_18: 'Post-18 worker',
};

/** One-to-one support, or advocacy through the professionals around the child (a regional practice co-ordinator). */
export type SupportMode = 'DIRECT' | 'INDIRECT';
export const supportModeOf = (role: GuardianRole): SupportMode => (role === 'RPC' ? 'INDIRECT' : 'DIRECT');

/**
 * The role the service model gives a child first: a direct worker when nobody in the UK holds parental
 * responsibility (or nobody knows yet), a regional practice co-ordinator when someone does.
 */
export const suggestedRoleFor = (parentalResponsibility: ParentalResponsibility): GuardianRole => (parentalResponsibility === 'YES' ? 'RPC' : 'DIRECT_WORKER');

export const CLOSURE_REASONS = ['TURNED_18', 'MOVED_OUT_OF_AREA', 'MISSING_6_MONTHS', 'NO_LONGER_NEEDED', 'DECLINED', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];
export const CLOSURE_REASON_LABELS: Readonly<Record<ClosureReason, string>> = {
  TURNED_18: 'Turned 18',
  MOVED_OUT_OF_AREA: 'Moved out of the area the service covers',
  MISSING_6_MONTHS: 'Missing for 6 months or more',
  NO_LONGER_NEEDED: 'Support no longer needed',
  DECLINED: 'The child declined support',
  OTHER: 'Other',
};

export const REFERRAL_STATUSES = ['AWAITING_TRIAGE', 'AWAITING_ALLOCATION', 'ALLOCATED', 'CLOSED'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export const REFERRAL_STATUS_LABELS: Readonly<Record<ReferralStatus, string>> = {
  AWAITING_TRIAGE: 'Awaiting triage',
  AWAITING_ALLOCATION: 'Awaiting allocation',
  ALLOCATED: 'Allocated',
  CLOSED: 'Closed',
};

/** One authority's coverage by a guardian scheme from a date (reference data, migration 0024). */
export interface Coverage {
  readonly schemeCode: string;
  readonly localAuthorityCode: string;
  readonly startsOn: string;
  readonly endsOn: string | null;
}

/** The scheme covering an authority on a day, or null: a referral is proposed only where one does. */
export function coveringScheme(coverage: readonly Coverage[], localAuthorityCode: string, day: string): string | null {
  const found = coverage.find((row) => row.localAuthorityCode === localAuthorityCode && row.startsOn <= day && (row.endsOn === null || day < row.endsOn));
  return found?.schemeCode ?? null;
}

export interface GuardianReferral {
  readonly id: string;
  readonly childId: string;
  readonly responsibleAuthorityCode: string;
  /** The guardian service organisation the referral is addressed to. */
  readonly serviceOrganisationCode: string;
  readonly source: ReferralSource;
  readonly referredBy: string;
  readonly referrerOrganisationCode: string;
  readonly referredAt: string;
  readonly parentalResponsibility: ParentalResponsibility;
  readonly status: ReferralStatus;
  readonly triagedAt: string | null;
  readonly triagedBy: string | null;
  /** When a guardian was first allocated: the referral-to-allocation time runs to it. */
  readonly firstAllocatedAt: string | null;
  readonly closedAt: string | null;
  readonly closureReason: ClosureReason | null;
  readonly closureNote: string | null;
  readonly version: number;
}

/** A guardian given to a referred child; a reallocation ends one and starts the next. */
export interface GuardianAllocation {
  readonly id: string;
  readonly referralId: string;
  readonly childId: string;
  readonly advocateId: string;
  readonly organisationCode: string;
  readonly guardianRole: GuardianRole;
  readonly allocatedAt: string;
  readonly allocatedBy: string;
  readonly endedAt: string | null;
}

/** Why a transition was refused, for the field it concerns. */
export interface ReferralProblem {
  readonly field: string;
  readonly message: string;
}

export interface NewReferral {
  readonly id: string;
  readonly childId: string;
  readonly responsibleAuthorityCode: string;
  readonly serviceOrganisationCode: string;
  readonly source: ReferralSource;
  readonly referredBy: string;
  readonly referrerOrganisationCode: string;
  readonly parentalResponsibility: ParentalResponsibility;
}

/** A referral as made: awaiting the service's triage. */
export function newReferral(input: NewReferral, at: string): GuardianReferral {
  return {
    ...input,
    referredAt: at,
    status: 'AWAITING_TRIAGE',
    triagedAt: null,
    triagedBy: null,
    firstAllocatedAt: null,
    closedAt: null,
    closureReason: null,
    closureNote: null,
    version: 1,
  };
}

const closedProblem: ReferralProblem = { field: 'status', message: 'This referral is closed: make a new referral if the child needs a guardian again' };

/** The service accepts the referral for allocation. Declining one is a closure with its reason. */
export function triage(referral: GuardianReferral, by: string, at: string): Result<GuardianReferral, ReferralProblem> {
  if (referral.status === 'CLOSED') return fail(closedProblem);
  if (referral.status !== 'AWAITING_TRIAGE') return fail({ field: 'status', message: 'This referral has been triaged already' });
  return ok({ ...referral, status: 'AWAITING_ALLOCATION', triagedAt: at, triagedBy: by, version: referral.version + 1 });
}

/**
 * Allocates a guardian, or reallocates to another: the current allocation (if any) ends at the
 * same moment. A referral not yet triaged is triaged by the allocation.
 */
export function allocate(
  referral: GuardianReferral,
  current: GuardianAllocation | null,
  next: Omit<GuardianAllocation, 'referralId' | 'childId' | 'allocatedAt' | 'endedAt'>,
  at: string,
): Result<{ referral: GuardianReferral; ended: GuardianAllocation | null; allocation: GuardianAllocation }, ReferralProblem> {
  if (referral.status === 'CLOSED') return fail(closedProblem);
  if (current !== null && current.advocateId === next.advocateId && current.guardianRole === next.guardianRole) {
    return fail({ field: 'advocateId', message: 'This guardian is allocated already in this role: choose another guardian or role' });
  }
  const allocation: GuardianAllocation = { ...next, referralId: referral.id, childId: referral.childId, allocatedAt: at, endedAt: null };
  return ok({
    referral: {
      ...referral,
      status: 'ALLOCATED',
      triagedAt: referral.triagedAt ?? at,
      triagedBy: referral.triagedBy ?? next.allocatedBy,
      firstAllocatedAt: referral.firstAllocatedAt ?? at,
      version: referral.version + 1,
    },
    ended: current === null ? null : { ...current, endedAt: at },
    allocation,
  });
}

/** Closes the referral with its reason, ending any allocation. "Other" needs a note saying what. */
export function close(
  referral: GuardianReferral,
  current: GuardianAllocation | null,
  reason: ClosureReason,
  note: string | null,
  at: string,
): Result<{ referral: GuardianReferral; ended: GuardianAllocation | null }, ReferralProblem> {
  if (referral.status === 'CLOSED') return fail({ field: 'status', message: 'This referral is closed already' });
  const trimmed = note?.trim() ?? '';
  if (reason === 'OTHER' && trimmed === '') return fail({ field: 'note', message: 'Enter why the referral is closed' });
  return ok({
    referral: {
      ...referral,
      status: 'CLOSED',
      closedAt: at,
      closureReason: reason,
      closureNote: trimmed === '' ? null : trimmed,
      version: referral.version + 1,
    },
    ended: current === null ? null : { ...current, endedAt: at },
  });
}

/** How soon a guardian should be allocated, in working days from the referral, by the role allocated. */
export type AllocationStandard = Readonly<Record<GuardianRole, number>>;

/**
 * The service's standard: 1 working day for a direct worker (issue 15); the sources give the other roles
 * none, so the same day is assumed until the service's managers set each role's own.
 */
export const DEFAULT_ALLOCATION_STANDARD: AllocationStandard = { DIRECT_WORKER: 1, RPC: 1, REGIONAL_PRACTITIONER: 1, POST_18: 1 };

/** The most working days a service may set: four weeks, beyond which the standard no longer protects a child waiting. */
export const MAX_ALLOCATION_STANDARD_DAYS = 20;

/** The working days a service has set, role by role: a role it has not set keeps the default. */
export function allocationStandardOf(set: Partial<Record<GuardianRole, number>>): AllocationStandard {
  return { ...DEFAULT_ALLOCATION_STANDARD, ...set };
}

/**
 * The working days a service's manager enters for each role given (the field is the role), each a whole
 * number from 1 to the maximum; every wrong one is named.
 */
export function parseAllocationStandard(entered: Partial<Record<GuardianRole, string>>): Result<Partial<Record<GuardianRole, number>>, ReferralProblem[]> {
  const days: Partial<Record<GuardianRole, number>> = {};
  const problems: ReferralProblem[] = [];
  for (const role of GUARDIAN_ROLES) {
    const trimmed = entered[role]?.trim();
    if (trimmed === undefined) continue;
    const value = /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : NaN;
    if (value >= 1 && value <= MAX_ALLOCATION_STANDARD_DAYS) days[role] = value;
    else
      problems.push({
        field: role,
        message: `Enter the working days for a ${GUARDIAN_ROLE_LABELS[role].toLowerCase()} as a whole number from 1 to ${MAX_ALLOCATION_STANDARD_DAYS}`,
      });
  }
  return problems.length > 0 ? fail(problems) : ok(days);
}

export interface AllocationTime {
  /** Hours from referral to the first allocation, or to now while none. */
  readonly hours: number;
  readonly allocated: boolean;
  /** When the standard runs out. */
  readonly dueBy: string;
  readonly overStandard: boolean;
}

/** The referral-to-allocation time against the standard for the role the child needs (suggested, or as allocated). */
export function allocationTime(
  referral: Pick<GuardianReferral, 'referredAt' | 'firstAllocatedAt' | 'parentalResponsibility'>,
  role: GuardianRole | null,
  now: string,
  standard: AllocationStandard = DEFAULT_ALLOCATION_STANDARD,
): AllocationTime {
  const until = referral.firstAllocatedAt ?? now;
  const dueBy = addWorkingDays(referral.referredAt, standard[role ?? suggestedRoleFor(referral.parentalResponsibility)]);
  return {
    hours: Math.max(0, Math.floor((instantMs(until) - instantMs(referral.referredAt)) / 3_600_000)),
    allocated: referral.firstAllocatedAt !== null,
    dueBy,
    overStandard: instantMs(until) > instantMs(dueBy),
  };
}
