import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  acknowledgeBy,
  addWorkingDays,
  checkLocalSettings,
  clockFires,
  DEFAULT_LOCAL_SETTINGS,
  escalationOf,
  isPastClock,
  planFor,
  repeatCount,
} from './evaluate.ts';
import { ukNineAm } from '../dates.ts';
import type { AlertEvent } from './evaluate.ts';
import { ALERT_RULE_KEYS, ALERT_RULES, ESCALATION_LADDER, hasInbox, inboxRecipientsFor, nextRung, RECIPIENT_LABELS } from './rules.ts';
import type { AlertFacts } from './rules.ts';

const FACTS: AlertFacts = { outOfArea: false, trafficked: false, highRisk: false, hasAdvocate: false };
const missing = (overrides: Partial<Extract<AlertEvent, { kind: 'MISSING_REPORTED' }>> = {}): AlertEvent => ({
  kind: 'MISSING_REPORTED',
  episodeId: 'e1',
  startAt: '2025-06-10T21:00:00.000Z',
  open: true,
  placementStartDate: '2025-01-01',
  episodeStarts: ['2025-06-10T21:00:00.000Z'],
  facts: FACTS,
  ...overrides,
});

describe('the rule table', () => {
  it('has one rule per key, each telling somebody and saying why and what to do', () => {
    expect(ALERT_RULES.map((rule) => rule.key)).toEqual([...ALERT_RULE_KEYS]);
    for (const rule of ALERT_RULES) {
      expect(rule.recipients.length, rule.key).toBeGreaterThan(0);
      expect(rule.why.length, rule.key).toBeGreaterThan(20);
      expect(rule.whatToDo.length, rule.key).toBeGreaterThan(20);
      for (const { to } of rule.recipients) expect(RECIPIENT_LABELS[to]).toBeDefined();
    }
  });

  it('climbs the ladder from the duty team to the director, and no further', () => {
    expect(ESCALATION_LADDER.map((rung) => nextRung(rung))).toEqual(['responsible_team_managers', 'responsible_head_of_service', 'responsible_director', null]);
    expect(nextRung('host_duty')).toBeNull();
    expect(nextRung('police')).toBeNull();
  });
});

describe('a child reported missing', () => {
  it('tells the duty team and team managers at once, and the police of the placement’s area', () => {
    const plan = planFor(missing());
    expect(plan.raise).toEqual([
      { rule: 'MISSING_REPORTED', subject: { type: 'missingEpisode', id: 'e1' }, recipients: ['responsible_duty', 'responsible_team_managers', 'police'] },
    ]);
  });

  it('also tells the host authority when placed out of area, the guardian, and the national unit for a trafficked or high-risk child', () => {
    const [alert] = planFor(missing({ facts: { outOfArea: true, trafficked: false, highRisk: true, hasAdvocate: true } })).raise;
    expect(alert?.recipients).toEqual(['responsible_duty', 'responsible_team_managers', 'host_duty', 'police', 'advocate', 'national']);
    const [trafficked] = planFor(missing({ facts: { ...FACTS, trafficked: true } })).raise;
    expect(trafficked?.recipients).toContain('national');
  });

  it('starts the 24-hour, 72-hour, 7-day and 28-day clocks from when the child went missing', () => {
    expect(planFor(missing()).clocks.map((clock) => [clock.rule, clock.dueAt])).toEqual([
      ['MISSING_24_HOURS', '2025-06-11T21:00:00.000Z'],
      ['MISSING_72_HOURS', '2025-06-13T21:00:00.000Z'],
      ['MISSING_7_DAYS', '2025-06-17T21:00:00.000Z'],
      ['MISSING_28_DAYS', '2025-07-08T21:00:00.000Z'],
    ]);
  });

  it('sets off nothing for an episode recorded after the child came back', () => {
    expect(planFor(missing({ open: false }))).toEqual({ raise: [], clocks: [], settle: [] });
  });

  it('flags going missing within 48 hours of a new placement, and not after', () => {
    const soon = planFor(missing({ placementStartDate: '2025-06-09' })).raise.map((alert) => alert.rule);
    expect(soon).toContain('MISSING_SOON_AFTER_PLACEMENT');
    const later = planFor(missing({ placementStartDate: '2025-06-07' })).raise.map((alert) => alert.rule);
    expect(later).not.toContain('MISSING_SOON_AFTER_PLACEMENT');
  });

  it('flags the third episode in 30 days, or the authority’s own number and days', () => {
    const starts = ['2025-05-20T10:00:00.000Z', '2025-06-01T10:00:00.000Z', '2025-06-10T21:00:00.000Z'];
    expect(planFor(missing({ episodeStarts: starts })).raise.map((alert) => alert.rule)).toContain('REPEAT_MISSING');
    expect(planFor(missing({ episodeStarts: starts.slice(1) })).raise.map((alert) => alert.rule)).not.toContain('REPEAT_MISSING');
    const local = { ...DEFAULT_LOCAL_SETTINGS, repeatThreshold: 2, repeatWindowDays: 14 };
    expect(planFor(missing({ episodeStarts: starts.slice(1) }), local).raise.map((alert) => alert.rule)).toContain('REPEAT_MISSING');
  });

  it('counts only the episodes within the window before this one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -100, max: 100 }), { maxLength: 20 }), (offsets) => {
        const at = '2025-06-10T00:00:00.000Z';
        const starts = offsets.map((days) => new Date(Date.parse(at) + days * 86_400_000).toISOString());
        expect(repeatCount(starts, at, DEFAULT_LOCAL_SETTINGS)).toBe(offsets.filter((days) => days >= -30 && days <= 0).length);
      }),
    );
  });
});

describe('a return', () => {
  const returned: AlertEvent = {
    kind: 'RETURN_RECORDED',
    episodeId: 'e1',
    startAt: '2025-06-10T21:00:00.000Z',
    endAt: '2025-06-12T09:00:00.000Z',
    facts: FACTS,
  };

  it('starts the 48-hour and 72-hour interview clocks and settles the missing alerts', () => {
    const plan = planFor(returned);
    expect(plan.clocks.map((clock) => [clock.rule, clock.dueAt])).toEqual([
      ['INTERVIEW_NOT_DONE_48_HOURS', '2025-06-14T09:00:00.000Z'],
      ['INTERVIEW_OVERDUE', '2025-06-15T09:00:00.000Z'],
    ]);
    expect(plan.settle[0]?.rules).toContain('MISSING_24_HOURS');
  });

  it('raises a priority interview alert after a long absence only where the local protocol asks', () => {
    expect(planFor(returned).raise).toEqual([]);
    expect(planFor(returned, { ...DEFAULT_LOCAL_SETTINGS, priorityInterviewAfterHours: 24 }).raise.map((alert) => alert.rule)).toEqual([
      'INTERVIEW_PRIORITY_LONG_ABSENCE',
    ]);
    expect(planFor(returned, { ...DEFAULT_LOCAL_SETTINGS, priorityInterviewAfterHours: 48 }).raise).toEqual([]);
  });
});

describe('clocks', () => {
  it('fire only while the duty is still owed', () => {
    expect(clockFires('MISSING_24_HOURS', { type: 'missingEpisode', endAt: null, interview: null })).toBe(true);
    expect(clockFires('MISSING_24_HOURS', { type: 'missingEpisode', endAt: '2025-06-11T00:00:00.000Z', interview: null })).toBe(false);
    expect(
      clockFires('INTERVIEW_OVERDUE', { type: 'missingEpisode', endAt: '2025-06-11T00:00:00.000Z', interview: { response: 'ACCEPTED', completedAt: null } }),
    ).toBe(true);
    expect(
      clockFires('INTERVIEW_OVERDUE', { type: 'missingEpisode', endAt: '2025-06-11T00:00:00.000Z', interview: { response: 'DECLINED', completedAt: null } }),
    ).toBe(false);
    expect(clockFires('CONCERN_WITHOUT_REFERRAL', { type: 'traffickingConcern', referred: false, concludedNotTrafficked: false })).toBe(true);
    expect(clockFires('CONCERN_WITHOUT_REFERRAL', { type: 'traffickingConcern', referred: true, concludedNotTrafficked: false })).toBe(false);
    expect(clockFires('NRM_DECISION_OVERDUE', { type: 'nrmReferral', awaiting: null })).toBe(false);
    expect(clockFires('HOST_NOT_TOLD', { type: 'carePeriod', current: true, hostAcknowledged: false })).toBe(true);
    expect(clockFires('HOST_NOT_TOLD', { type: 'carePeriod', current: true, hostAcknowledged: true })).toBe(false);
    expect(clockFires('MISSING_24_HOURS', { type: 'gone' })).toBe(false);
  });

  it('count 5 working days over a weekend from 9 a.m. UK time', () => {
    // Friday 13 June 2025, British Summer Time: 9 a.m. is 08:00 UTC.
    expect(ukNineAm('2025-06-13')).toBe('2025-06-13T08:00:00.000Z');
    expect(ukNineAm('2025-01-10')).toBe('2025-01-10T09:00:00.000Z');
    expect(addWorkingDays('2025-06-13T08:00:00.000Z', 5)).toBe('2025-06-20T08:00:00.000Z');
    expect(planFor({ kind: 'CONCERN_RAISED', concernId: 'c1', raisedOn: '2025-06-13', facts: FACTS }).clocks[0]?.dueAt).toBe('2025-06-20T08:00:00.000Z');
  });
});

describe('escalation', () => {
  it('sends an unacknowledged duty alert to the team managers after its time, then up the ladder', () => {
    expect(escalationOf('MISSING_REPORTED', 'responsible_duty', '2025-06-10T21:00:00.000Z')).toEqual({
      to: 'responsible_team_managers',
      at: '2025-06-10T22:00:00.000Z',
    });
    expect(escalationOf('MISSING_72_HOURS', 'responsible_head_of_service', '2025-06-13T21:00:00.000Z')).toEqual({
      to: 'responsible_director',
      at: '2025-06-14T05:00:00.000Z',
    });
    expect(escalationOf('MISSING_7_DAYS', 'responsible_director', '2025-06-17T21:00:00.000Z')).toBeNull();
    expect(escalationOf('MISSING_REPORTED', 'police', '2025-06-10T21:00:00.000Z')).toBeNull();
  });

  it('counts an alert past its clock until someone acknowledges it or it is settled', () => {
    const alert = { rule: 'MISSING_REPORTED' as const, raisedAt: '2025-06-10T21:00:00.000Z', acknowledgedAt: null, settledAt: null };
    expect(acknowledgeBy('MISSING_REPORTED', alert.raisedAt)).toBe('2025-06-10T22:00:00.000Z');
    expect(isPastClock(alert, '2025-06-10T21:30:00.000Z')).toBe(false);
    expect(isPastClock(alert, '2025-06-10T22:01:00.000Z')).toBe(true);
    expect(isPastClock({ ...alert, acknowledgedAt: '2025-06-10T21:10:00.000Z' }, '2025-06-11T00:00:00.000Z')).toBe(false);
    expect(isPastClock({ ...alert, settledAt: '2025-06-10T21:50:00.000Z' }, '2025-06-11T00:00:00.000Z')).toBe(false);
  });
});

describe('local settings', () => {
  it('accept what the guidance leaves to local protocols and name the field otherwise', () => {
    expect(checkLocalSettings(DEFAULT_LOCAL_SETTINGS).ok).toBe(true);
    const bad = checkLocalSettings({ repeatThreshold: 1, repeatWindowDays: 30, priorityInterviewAfterHours: 0 });
    expect(bad.ok ? [] : bad.error.map((problem) => problem.field)).toEqual(['repeatThreshold', 'priorityInterviewAfterHours']);
  });
});

describe('inboxes', () => {
  it('give each role the recipient groups it answers for, and administrators none', () => {
    expect(inboxRecipientsFor('social_worker')).toEqual({ recipients: ['responsible_duty', 'host_duty'], unheldPosts: false });
    expect(inboxRecipientsFor('team_manager').unheldPosts).toBe(true);
    expect(inboxRecipientsFor('police_coordinator').recipients).toEqual(['police']);
    expect(inboxRecipientsFor('national_analyst').recipients).toEqual(['national']);
    expect(inboxRecipientsFor('advocate').recipients).toEqual([]);
    expect(inboxRecipientsFor('guardian_manager').recipients).toEqual(['guardian_service_managers']);
    expect(inboxRecipientsFor('system_administrator').recipients).toEqual([]);
    expect(
      [
        'social_worker',
        'team_manager',
        'advocate',
        'guardian_manager',
        'police_coordinator',
        'national_analyst',
        'data_officer',
        'organisation_administrator',
      ].filter(hasInbox),
    ).toEqual(['social_worker', 'team_manager', 'advocate', 'guardian_manager', 'police_coordinator', 'national_analyst']);
  });
});

describe('a referral to the guardian service', () => {
  it('starts the clock of the service’s allocation standard, which a guardian allocated (or a closure) settles', () => {
    const subject = { type: 'guardianReferral' as const, id: 'r1' };
    expect(planFor({ kind: 'GUARDIAN_REFERRED', referralId: 'r1', allocateBy: '2025-06-17T10:00:00.000Z' })).toEqual({
      raise: [],
      clocks: [{ rule: 'GUARDIAN_ALLOCATION_OVERDUE', subject, dueAt: '2025-06-17T10:00:00.000Z' }],
      settle: [],
    });
    expect(planFor({ kind: 'GUARDIAN_REFERRAL_SETTLED', referralId: 'r1' }).settle).toEqual([{ rules: ['GUARDIAN_ALLOCATION_OVERDUE'], subject }]);
    expect(clockFires('GUARDIAN_ALLOCATION_OVERDUE', { type: 'guardianReferral', awaitingGuardian: true })).toBe(true);
    expect(clockFires('GUARDIAN_ALLOCATION_OVERDUE', { type: 'guardianReferral', awaitingGuardian: false })).toBe(false);
    expect(clockFires('GUARDIAN_ALLOCATION_OVERDUE', { type: 'gone' })).toBe(false);
  });
});

describe('a found child matched', () => {
  it('tells the responsible authority at once, and undoing the match withdraws only what nobody has acted on', () => {
    const subject = { type: 'childIdentityLink' as const, id: 'd1' };
    const raised = planFor({ kind: 'FOUND_CHILD_MATCHED', linkId: 'd1', facts: FACTS }).raise;
    expect(raised.map((alert) => [alert.rule, alert.subject])).toEqual([['FOUND_CHILD_MATCHED', subject]]);
    expect(planFor({ kind: 'FOUND_CHILD_MATCH_UNDONE', linkId: 'd1' })).toEqual({
      raise: [],
      clocks: [],
      settle: [{ rules: ['FOUND_CHILD_MATCHED'], subject, unactedOnly: true }],
    });
  });
});
