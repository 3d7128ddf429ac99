// What an event in a child's record sets off: the alerts to raise now and the clocks to start, and
// when a clock comes due or an alert goes unacknowledged, whether anything is still owed. Pure
// functions of the event, the facts and the authority's local settings.

import { addDays, addHours, hoursBetween, instantMs, ukNineAm } from '../dates.ts';
import type { InterviewResponse } from '../codes.ts';
import { fail, ok } from '../result.ts';
import type { Result } from '../result.ts';
import { alertRule, escalates, nextRung, recipientsOf } from './rules.ts';
import type { AlertFacts, AlertRule, AlertRuleKey, Recipient, Rung } from './rules.ts';

/** What an alert is about: the record's entity, by id. */
type SubjectType = 'missingEpisode' | 'traffickingConcern' | 'nrmReferral' | 'carePeriod' | 'breakGlassAccess' | 'childIdentityLink' | 'guardianReferral';

export interface Subject {
  readonly type: SubjectType;
  readonly id: string;
}

/** A local protocol's settings, where the guidance allows them (one row per authority; defaults otherwise). */
export interface LocalAlertSettings {
  /** Episodes within the window that count as going missing repeatedly. */
  readonly repeatThreshold: number;
  readonly repeatWindowDays: number;
  /** An extra trigger: a priority return home interview after an absence longer than this; null is off. */
  readonly priorityInterviewAfterHours: number | null;
}

export const DEFAULT_LOCAL_SETTINGS: LocalAlertSettings = { repeatThreshold: 3, repeatWindowDays: 30, priorityInterviewAfterHours: null };

export const LOCAL_SETTING_LIMITS = {
  repeatThreshold: { min: 2, max: 10 },
  repeatWindowDays: { min: 7, max: 180 },
  priorityInterviewAfterHours: { min: 1, max: 24 * 7 },
} as const;

export interface SettingProblem {
  readonly field: keyof LocalAlertSettings;
  readonly message: string;
}

/** A local protocol's settings, checked against what the guidance leaves to local choice. */
export function checkLocalSettings(settings: LocalAlertSettings): Result<LocalAlertSettings, readonly SettingProblem[]> {
  const problems: SettingProblem[] = [];
  const within = (field: keyof LocalAlertSettings, value: number, what: string) => {
    const { min, max } = LOCAL_SETTING_LIMITS[field];
    if (!Number.isInteger(value) || value < min || value > max) problems.push({ field, message: `Enter ${what} as a whole number from ${min} to ${max}` });
  };
  within('repeatThreshold', settings.repeatThreshold, 'the number of episodes');
  within('repeatWindowDays', settings.repeatWindowDays, 'the number of days');
  if (settings.priorityInterviewAfterHours !== null) within('priorityInterviewAfterHours', settings.priorityInterviewAfterHours, 'the hours missing');
  return problems.length === 0 ? ok(settings) : fail(problems);
}

/** Hours after a placement starts within which going missing is flagged. */
const NEW_PLACEMENT_HOURS = 48;
/** A conclusive grounds decision is expected this many days after a positive reasonable grounds decision. */
const CONCLUSIVE_GROUNDS_EXPECTED_DAYS = 45;

export type AlertEvent =
  | {
      readonly kind: 'MISSING_REPORTED';
      readonly episodeId: string;
      readonly startAt: string;
      /** Still open when recorded (an episode recorded after the child came back sets off nothing). */
      readonly open: boolean;
      /** The first day of the placement the child went missing from, if known. */
      readonly placementStartDate: string | null;
      /** When each of the child's episodes started, this one included. */
      readonly episodeStarts: readonly string[];
      readonly facts: AlertFacts;
    }
  | { readonly kind: 'RETURN_RECORDED'; readonly episodeId: string; readonly startAt: string; readonly endAt: string; readonly facts: AlertFacts }
  | { readonly kind: 'INTERVIEW_RECORDED'; readonly episodeId: string; readonly settled: boolean }
  | { readonly kind: 'CONCERN_RAISED'; readonly concernId: string; readonly raisedOn: string; readonly facts: AlertFacts }
  | { readonly kind: 'NRM_REFERRED'; readonly concernId: string; readonly referralId: string; readonly referredOn: string; readonly facts: AlertFacts }
  | { readonly kind: 'NRM_REASONABLE_GROUNDS_POSITIVE'; readonly referralId: string; readonly decidedOn: string; readonly facts: AlertFacts }
  | { readonly kind: 'OUT_OF_AREA_PLACEMENT'; readonly carePeriodId: string; readonly startDate: string; readonly facts: AlertFacts }
  | { readonly kind: 'BREAK_GLASS'; readonly openingId: string; readonly facts: AlertFacts }
  | { readonly kind: 'FOUND_CHILD_MATCHED'; readonly linkId: string; readonly facts: AlertFacts }
  /** The confirmation undone: the child was not found after all, so its alert is withdrawn unless someone acted on it. */
  | { readonly kind: 'FOUND_CHILD_MATCH_UNDONE'; readonly linkId: string }
  /** A referral to the guardian service, and when the service's allocation standard runs out (src/domain/guardians.ts). */
  | { readonly kind: 'GUARDIAN_REFERRED'; readonly referralId: string; readonly allocateBy: string }
  /** A guardian allocated, or the referral closed: allocation is no longer owed. */
  | { readonly kind: 'GUARDIAN_REFERRAL_SETTLED'; readonly referralId: string };

interface AlertToRaise {
  readonly rule: AlertRuleKey;
  readonly subject: Subject;
  readonly recipients: readonly Recipient[];
}

/** A clock: at `dueAt`, check whether the rule's alert is still owed (see clockFires). */
export interface Clock {
  readonly rule: AlertRuleKey;
  readonly subject: Subject;
  readonly dueAt: string;
}

export interface AlertPlan {
  readonly raise: readonly AlertToRaise[];
  readonly clocks: readonly Clock[];
  /**
   * Alerts about this subject that the event settles (a return settles "still missing"); with
   * `unactedOnly`, only those nobody has recorded an action on (an alert withdrawn).
   */
  readonly settle: readonly { readonly rules: readonly AlertRuleKey[]; readonly subject: Subject; readonly unactedOnly?: boolean }[];
}

const EMPTY: AlertPlan = { raise: [], clocks: [], settle: [] };

const raising = (key: AlertRuleKey, subject: Subject, facts: AlertFacts): AlertToRaise[] => {
  const recipients = recipientsOf(alertRule(key), facts);
  return recipients.length === 0 ? [] : [{ rule: key, subject, recipients }];
};

const MISSING_CLOCKS: readonly AlertRuleKey[] = ['MISSING_24_HOURS', 'MISSING_72_HOURS', 'MISSING_7_DAYS', 'MISSING_28_DAYS'];
const INTERVIEW_CLOCKS: readonly AlertRuleKey[] = ['INTERVIEW_NOT_DONE_48_HOURS', 'INTERVIEW_OVERDUE'];

/** When a rule's clock started at `from` comes due. */
function dueAfter(rule: AlertRule, from: string): string {
  switch (rule.timing.kind) {
    case 'at_once':
      return from;
    case 'after_hours':
      return addHours(from, rule.timing.hours);
    case 'after_working_days':
      return addWorkingDays(from, rule.timing.days);
  }
}

/** The alerts and clocks an event sets off, under the authority's local settings. */
export function planFor(event: AlertEvent, settings: LocalAlertSettings = DEFAULT_LOCAL_SETTINGS): AlertPlan {
  switch (event.kind) {
    case 'MISSING_REPORTED': {
      if (!event.open) return EMPTY;
      const subject: Subject = { type: 'missingEpisode', id: event.episodeId };
      const raise = [...raising('MISSING_REPORTED', subject, event.facts)];
      if (event.placementStartDate !== null && hoursBetween(`${event.placementStartDate}T00:00:00.000Z`, event.startAt) <= NEW_PLACEMENT_HOURS) {
        raise.push(...raising('MISSING_SOON_AFTER_PLACEMENT', subject, event.facts));
      }
      if (repeatCount(event.episodeStarts, event.startAt, settings) >= settings.repeatThreshold) raise.push(...raising('REPEAT_MISSING', subject, event.facts));
      return { raise, clocks: MISSING_CLOCKS.map((rule) => ({ rule, subject, dueAt: dueAfter(alertRule(rule), event.startAt) })), settle: [] };
    }
    case 'RETURN_RECORDED': {
      const subject: Subject = { type: 'missingEpisode', id: event.episodeId };
      const long = settings.priorityInterviewAfterHours !== null && hoursBetween(event.startAt, event.endAt) > settings.priorityInterviewAfterHours;
      return {
        raise: long ? raising('INTERVIEW_PRIORITY_LONG_ABSENCE', subject, event.facts) : [],
        clocks: INTERVIEW_CLOCKS.map((rule) => ({ rule, subject, dueAt: dueAfter(alertRule(rule), event.endAt) })),
        settle: [{ rules: ['MISSING_REPORTED', 'MISSING_SOON_AFTER_PLACEMENT', ...MISSING_CLOCKS], subject }],
      };
    }
    case 'INTERVIEW_RECORDED':
      return event.settled
        ? { ...EMPTY, settle: [{ rules: [...INTERVIEW_CLOCKS, 'INTERVIEW_PRIORITY_LONG_ABSENCE'], subject: { type: 'missingEpisode', id: event.episodeId } }] }
        : EMPTY;
    case 'CONCERN_RAISED': {
      const rule = alertRule('CONCERN_WITHOUT_REFERRAL');
      return {
        ...EMPTY,
        clocks: [{ rule: rule.key, subject: { type: 'traffickingConcern', id: event.concernId }, dueAt: dueAfter(rule, ukNineAm(event.raisedOn)) }],
      };
    }
    case 'NRM_REFERRED': {
      const rule = alertRule('NRM_DECISION_OVERDUE');
      return {
        raise: [],
        clocks: [{ rule: rule.key, subject: { type: 'nrmReferral', id: event.referralId }, dueAt: dueAfter(rule, ukNineAm(event.referredOn)) }],
        settle: [{ rules: ['CONCERN_WITHOUT_REFERRAL'], subject: { type: 'traffickingConcern', id: event.concernId } }],
      };
    }
    case 'NRM_REASONABLE_GROUNDS_POSITIVE': {
      const subject: Subject = { type: 'nrmReferral', id: event.referralId };
      return {
        raise: [],
        clocks: [{ rule: 'NRM_DECISION_OVERDUE', subject, dueAt: ukNineAm(addDays(event.decidedOn, CONCLUSIVE_GROUNDS_EXPECTED_DAYS)) }],
        settle: [{ rules: ['NRM_DECISION_OVERDUE'], subject }],
      };
    }
    case 'OUT_OF_AREA_PLACEMENT': {
      if (!event.facts.outOfArea) return EMPTY;
      const subject: Subject = { type: 'carePeriod', id: event.carePeriodId };
      return {
        raise: raising('OUT_OF_AREA_PLACEMENT', subject, event.facts),
        clocks: [{ rule: 'HOST_NOT_TOLD', subject, dueAt: dueAfter(alertRule('HOST_NOT_TOLD'), ukNineAm(event.startDate)) }],
        settle: [],
      };
    }
    case 'BREAK_GLASS':
      return { ...EMPTY, raise: raising('BREAK_GLASS_OPENED', { type: 'breakGlassAccess', id: event.openingId }, event.facts) };
    case 'FOUND_CHILD_MATCHED':
      return { ...EMPTY, raise: raising('FOUND_CHILD_MATCHED', { type: 'childIdentityLink', id: event.linkId }, event.facts) };
    case 'FOUND_CHILD_MATCH_UNDONE':
      return { ...EMPTY, settle: [{ rules: ['FOUND_CHILD_MATCHED'], subject: { type: 'childIdentityLink', id: event.linkId }, unactedOnly: true }] };
    case 'GUARDIAN_REFERRED':
      return {
        ...EMPTY,
        clocks: [{ rule: 'GUARDIAN_ALLOCATION_OVERDUE', subject: { type: 'guardianReferral', id: event.referralId }, dueAt: event.allocateBy }],
      };
    case 'GUARDIAN_REFERRAL_SETTLED':
      return { ...EMPTY, settle: [{ rules: ['GUARDIAN_ALLOCATION_OVERDUE'], subject: { type: 'guardianReferral', id: event.referralId } }] };
  }
}

/** Episodes starting within the local window up to (and including) this one. */
export function repeatCount(starts: readonly string[], startAt: string, settings: LocalAlertSettings): number {
  const from = instantMs(addHours(startAt, -24 * settings.repeatWindowDays));
  const to = instantMs(startAt);
  return starts.filter((start) => instantMs(start) >= from && instantMs(start) <= to).length;
}

/** What a clock finds when it comes due: the subject as it stands now. */
export type SubjectState =
  | {
      readonly type: 'missingEpisode';
      readonly endAt: string | null;
      readonly interview: { readonly response: InterviewResponse; readonly completedAt: string | null } | null;
    }
  | { readonly type: 'traffickingConcern'; readonly referred: boolean; readonly concludedNotTrafficked: boolean }
  | { readonly type: 'nrmReferral'; readonly awaiting: 'REASONABLE_GROUNDS' | 'CONCLUSIVE_GROUNDS' | null }
  | { readonly type: 'carePeriod'; readonly current: boolean; readonly hostAcknowledged: boolean }
  | { readonly type: 'guardianReferral'; readonly awaitingGuardian: boolean }
  | { readonly type: 'gone' };

/** Whether a clock's alert is still owed when it comes due. */
export function clockFires(rule: AlertRuleKey, state: SubjectState): boolean {
  switch (rule) {
    case 'MISSING_24_HOURS':
    case 'MISSING_72_HOURS':
    case 'MISSING_7_DAYS':
    case 'MISSING_28_DAYS':
      return state.type === 'missingEpisode' && state.endAt === null;
    case 'INTERVIEW_NOT_DONE_48_HOURS':
    case 'INTERVIEW_OVERDUE':
      return state.type === 'missingEpisode' && state.endAt !== null && !interviewSettled(state.interview);
    case 'CONCERN_WITHOUT_REFERRAL':
      return state.type === 'traffickingConcern' && !state.referred && !state.concludedNotTrafficked;
    case 'NRM_DECISION_OVERDUE':
      return state.type === 'nrmReferral' && state.awaiting !== null;
    case 'HOST_NOT_TOLD':
      return state.type === 'carePeriod' && state.current && !state.hostAcknowledged;
    case 'GUARDIAN_ALLOCATION_OVERDUE':
      return state.type === 'guardianReferral' && state.awaitingGuardian;
    // Raised by the event itself, never by a clock.
    case 'MISSING_REPORTED':
    case 'MISSING_SOON_AFTER_PLACEMENT':
    case 'REPEAT_MISSING':
    case 'INTERVIEW_PRIORITY_LONG_ABSENCE':
    case 'FOUND_CHILD_MATCHED':
    case 'OUT_OF_AREA_PLACEMENT':
    case 'BREAK_GLASS_OPENED':
      return false;
  }
}

/** An interview completed, declined or recorded as not offered: nothing more is owed. */
export const interviewSettled = (interview: { readonly response: InterviewResponse; readonly completedAt: string | null } | null): boolean =>
  interview !== null && (interview.completedAt !== null || interview.response === 'DECLINED' || interview.response === 'NOT_OFFERED');

/** When an alert is past its clock: acknowledged by then, or it escalates. Null when it has none. */
export function acknowledgeBy(rule: AlertRuleKey, raisedAt: string): string | null {
  const hours = alertRule(rule).acknowledgeWithinHours;
  return hours === null ? null : addHours(raisedAt, hours);
}

/** Where an unacknowledged alert goes next, and when: null if it does not escalate. */
export function escalationOf(rule: AlertRuleKey, recipient: Recipient, raisedAt: string): { readonly to: Rung; readonly at: string } | null {
  const definition = alertRule(rule);
  const to = nextRung(recipient);
  const at = acknowledgeBy(rule, raisedAt);
  return escalates(definition, recipient) && to !== null && at !== null ? { to, at } : null;
}

/** An alert that nobody has acknowledged in its time, and that is not settled. */
export function isPastClock(
  alert: { readonly rule: AlertRuleKey; readonly raisedAt: string; readonly acknowledgedAt: string | null; readonly settledAt: string | null },
  now: string,
): boolean {
  const by = acknowledgeBy(alert.rule, alert.raisedAt);
  return by !== null && alert.acknowledgedAt === null && alert.settledAt === null && instantMs(now) > instantMs(by);
}

/**
 * Adds working days (Monday to Friday) to a moment, keeping its time of day. Bank holidays are not
 * counted out: they differ between the nations and are announced year by year, and a clock a day
 * early errs on the child's side.
 */
export function addWorkingDays(instant: string, days: number): string {
  let at = instant;
  let left = days;
  while (left > 0) {
    at = addHours(at, 24);
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return at;
}
