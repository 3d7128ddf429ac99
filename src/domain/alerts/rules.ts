// The alert rules: every duty with a clock in the statutory guidance (Children who run away or go
// missing from home or care, DfE 2014), the Philomena protocol and the NRM, as one table. Each rule
// says what starts it, who is told, how fast someone must say "I'm dealing with this", and that the
// responsible authority's escalation ladder is climbed when nobody does. Pure: the alert service
// feeds it events and facts, and stores and delivers what it returns.

/** Who is told, by their organisation's relationship to the child (docs/access.md) and their part in it. */
export type Recipient =
  /** The responsible authority's duty team: its social workers and team managers. */
  | 'responsible_duty'
  | 'responsible_team_managers'
  /** The named head of service for children in care at the responsible authority (ADR 16). */
  | 'responsible_head_of_service'
  /** The named director of children's services at the responsible authority. */
  | 'responsible_director'
  /** The host authority of an out-of-area placement: its social workers and team managers. */
  | 'host_duty'
  /** Missing-person coordinators of the police force whose area covers the placement. */
  | 'police'
  /** The child's allocated independent child trafficking guardian (advocate). */
  | 'advocate'
  /** The national coordination unit's analysts: told without the child's identity. */
  | 'national'
  /** The managers of the guardian service a child is referred to (issue 15). */
  | 'guardian_service_managers';

export const RECIPIENTS: readonly Recipient[] = [
  'responsible_duty',
  'responsible_team_managers',
  'responsible_head_of_service',
  'responsible_director',
  'host_duty',
  'police',
  'advocate',
  'national',
  'guardian_service_managers',
];

/**
 * The responsible authority's escalation ladder. An alert to one rung that nobody acknowledges in
 * its time goes to the next; the director is the top.
 */
export const ESCALATION_LADDER = [
  'responsible_duty',
  'responsible_team_managers',
  'responsible_head_of_service',
  'responsible_director',
] as const satisfies readonly Recipient[];
export type Rung = (typeof ESCALATION_LADDER)[number];

/** The rung above, or null at the top or for a recipient outside the ladder. */
export function nextRung(recipient: Recipient): Rung | null {
  const index = (ESCALATION_LADDER as readonly Recipient[]).indexOf(recipient);
  return index < 0 ? null : (ESCALATION_LADDER[index + 1] ?? null);
}

export const ALERT_RULE_KEYS = [
  'MISSING_REPORTED',
  'MISSING_24_HOURS',
  'MISSING_72_HOURS',
  'MISSING_7_DAYS',
  'MISSING_28_DAYS',
  'MISSING_SOON_AFTER_PLACEMENT',
  'REPEAT_MISSING',
  'INTERVIEW_NOT_DONE_48_HOURS',
  'INTERVIEW_OVERDUE',
  'INTERVIEW_PRIORITY_LONG_ABSENCE',
  'CONCERN_WITHOUT_REFERRAL',
  'NRM_DECISION_OVERDUE',
  'FOUND_CHILD_MATCHED',
  'OUT_OF_AREA_PLACEMENT',
  'HOST_NOT_TOLD',
  'BREAK_GLASS_OPENED',
  'GUARDIAN_ALLOCATION_OVERDUE',
] as const;
export type AlertRuleKey = (typeof ALERT_RULE_KEYS)[number];
export const isAlertRuleKey = (value: string): value is AlertRuleKey => (ALERT_RULE_KEYS as readonly string[]).includes(value);

/** When a rule fires: at the event itself, or on a clock started by it. */
type AlertTiming =
  { readonly kind: 'at_once' } | { readonly kind: 'after_hours'; readonly hours: number } | { readonly kind: 'after_working_days'; readonly days: number };

/** Facts about the child and the event that decide whether a conditional recipient is told. */
export interface AlertFacts {
  readonly outOfArea: boolean;
  /** A trafficking concern not concluded as "not trafficked". */
  readonly trafficked: boolean;
  readonly highRisk: boolean;
  readonly hasAdvocate: boolean;
}

export type RecipientCondition = 'always' | 'out_of_area' | 'trafficked_or_high_risk' | 'has_advocate';

export interface AlertRule {
  readonly key: AlertRuleKey;
  /** What happened, as the inbox's heading: no child's details, so also fit for an email subject. */
  readonly title: string;
  /** What starts the rule, for the rules page. */
  readonly trigger: string;
  readonly timing: AlertTiming;
  /** Who is told, and when only in some cases. */
  readonly recipients: readonly { readonly to: Recipient; readonly when: RecipientCondition }[];
  /** How long the responsible authority's recipients have to acknowledge before the next rung is told; null: no escalation. */
  readonly acknowledgeWithinHours: number | null;
  /** Why: the duty this serves. */
  readonly why: string;
  /** What to do, for the person told. */
  readonly whatToDo: string;
  /** Also sent by text message (SMS) to the rung's named holder: urgent, and often out of hours. */
  readonly urgent: boolean;
  /** A local protocol may switch it off or change it (guidance allows local triggers); statutory duties are fixed. */
  readonly local: boolean;
}

const ALWAYS = 'always' as const;

/** The table. The rules page (/alerts/rules) shows it as each authority has it. */
export const ALERT_RULES: readonly AlertRule[] = [
  {
    key: 'MISSING_REPORTED',
    title: 'A child has been reported missing',
    trigger: 'A missing episode (M) or absence without authorisation (A) is recorded as open',
    timing: { kind: 'at_once' },
    recipients: [
      { to: 'responsible_duty', when: ALWAYS },
      { to: 'responsible_team_managers', when: ALWAYS },
      { to: 'host_duty', when: 'out_of_area' },
      { to: 'police', when: ALWAYS },
      { to: 'advocate', when: 'has_advocate' },
      { to: 'national', when: 'trafficked_or_high_risk' },
    ],
    acknowledgeWithinHours: 1,
    why: 'The responsible authority must act at once when a looked-after child goes missing; for an out-of-area placement the host authority and local police are involved (statutory guidance, 2014).',
    whatToDo:
      'Check the police have been told and have graded the risk, tell the host authority if the child is placed out of area, share the Philomena grab pack, and agree who is looking for the child.',
    urgent: true,
    local: false,
  },
  {
    key: 'MISSING_24_HOURS',
    title: 'A child has been missing for 24 hours',
    trigger: 'A missing episode is still open 24 hours after it started',
    timing: { kind: 'after_hours', hours: 24 },
    recipients: [{ to: 'responsible_team_managers', when: ALWAYS }],
    acknowledgeWithinHours: 4,
    why: 'Long absences need a strategy discussion and senior oversight (statutory guidance, 2014).',
    whatToDo: 'Hold or arrange a strategy discussion with the police, review the risk assessment and the care plan.',
    urgent: false,
    local: false,
  },
  {
    key: 'MISSING_72_HOURS',
    title: 'A child has been missing for 72 hours',
    trigger: 'A missing episode is still open 72 hours after it started',
    timing: { kind: 'after_hours', hours: 72 },
    recipients: [{ to: 'responsible_head_of_service', when: ALWAYS }],
    acknowledgeWithinHours: 8,
    why: 'Long absences are reported to senior managers (statutory guidance, 2014; local procedures).',
    whatToDo: 'Review the strategy and the search with the police and the team manager.',
    urgent: true,
    local: false,
  },
  {
    key: 'MISSING_7_DAYS',
    title: 'A child has been missing for 7 days',
    trigger: 'A missing episode is still open 7 days after it started',
    timing: { kind: 'after_hours', hours: 24 * 7 },
    recipients: [{ to: 'responsible_director', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'The director of children’s services is told of a looked-after child missing for a long time (local procedures built on the 2014 guidance).',
    whatToDo: 'Make sure the strategy, the search and the communication with the police are led at a senior level.',
    urgent: true,
    local: false,
  },
  {
    key: 'MISSING_28_DAYS',
    title: 'A child has been missing for 28 days',
    trigger: 'A missing episode is still open 28 days after it started',
    timing: { kind: 'after_hours', hours: 24 * 28 },
    recipients: [
      { to: 'responsible_director', when: ALWAYS },
      { to: 'national', when: ALWAYS },
    ],
    acknowledgeWithinHours: 24,
    why: 'A child missing for weeks may be with traffickers; the national unit coordinates across authorities and forces.',
    whatToDo: 'Review the case at director level and with the national unit; consider a referral to the National Crime Agency’s missing persons unit.',
    urgent: true,
    local: false,
  },
  {
    key: 'MISSING_SOON_AFTER_PLACEMENT',
    title: 'A child went missing within 48 hours of a new placement',
    trigger: 'A missing episode starts within 48 hours of the placement it starts from',
    timing: { kind: 'at_once' },
    recipients: [
      { to: 'responsible_team_managers', when: ALWAYS },
      { to: 'host_duty', when: 'out_of_area' },
    ],
    acknowledgeWithinHours: 4,
    why: 'Trafficked children are most often lost in the first days of a placement (Heading back to harm, 2016).',
    whatToDo: 'Review the placement and its safety plan, and whether the child is being moved by traffickers.',
    urgent: false,
    local: false,
  },
  {
    key: 'REPEAT_MISSING',
    title: 'A child has gone missing repeatedly',
    trigger: 'A child has 3 or more episodes starting within 30 days (a local protocol may set its own number and days)',
    timing: { kind: 'at_once' },
    recipients: [{ to: 'responsible_team_managers', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'Repeated absences prompt a strategy meeting or an early care plan review (statutory guidance, 2014; local procedures).',
    whatToDo: 'Consider a strategy meeting and a review of the care plan.',
    urgent: false,
    local: true,
  },
  {
    key: 'INTERVIEW_NOT_DONE_48_HOURS',
    title: 'A return home interview is not yet done, 48 hours after the child came back',
    trigger: 'No return home interview is completed, declined or recorded as not offered 48 hours after the return',
    timing: { kind: 'after_hours', hours: 48 },
    recipients: [{ to: 'responsible_duty', when: ALWAYS }],
    acknowledgeWithinHours: 8,
    why: 'A return home interview is offered every time a child comes back and held within 72 hours (statutory guidance, 2014).',
    whatToDo: 'Arrange the interview with an independent interviewer now, so it is held within 72 hours.',
    urgent: false,
    local: false,
  },
  {
    key: 'INTERVIEW_OVERDUE',
    title: 'A return home interview is overdue',
    trigger: 'No return home interview is completed, declined or recorded as not offered 72 hours after the return',
    timing: { kind: 'after_hours', hours: 72 },
    recipients: [{ to: 'responsible_team_managers', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'The 72-hour limit has passed (statutory guidance, 2014).',
    whatToDo: 'Hold the interview as soon as possible, or record why it was not offered.',
    urgent: false,
    local: false,
  },
  {
    key: 'INTERVIEW_PRIORITY_LONG_ABSENCE',
    title: 'A child came back after more than 24 hours missing: a priority return home interview',
    trigger: 'A return is recorded after an episode of more than 24 hours (a local protocol’s extra trigger, off unless the authority turns it on)',
    timing: { kind: 'at_once' },
    recipients: [{ to: 'responsible_duty', when: ALWAYS }],
    acknowledgeWithinHours: 8,
    why: 'Some local protocols add triggers for a return home interview, such as an absence of more than 24 hours (domain brief §6.2).',
    whatToDo: 'Arrange the return home interview as a priority, and consider a safe and well check with the police.',
    urgent: false,
    local: true,
  },
  {
    key: 'CONCERN_WITHOUT_REFERRAL',
    title: 'A trafficking concern has no NRM referral after 5 working days',
    trigger: 'A trafficking concern has no National Referral Mechanism referral 5 working days after it was raised',
    timing: { kind: 'after_working_days', days: 5 },
    recipients: [
      { to: 'responsible_team_managers', when: ALWAYS },
      { to: 'advocate', when: 'has_advocate' },
    ],
    acknowledgeWithinHours: 24,
    why: 'Every child who may be a victim of trafficking should be referred to the NRM; a child’s consent is not needed.',
    whatToDo: 'Make the NRM referral as a First Responder, or record why the concern was concluded.',
    urgent: false,
    local: false,
  },
  {
    key: 'NRM_DECISION_OVERDUE',
    title: 'An NRM decision is past its expected time',
    trigger:
      'No reasonable grounds decision 5 working days after the referral, or no conclusive grounds decision 45 days after a positive reasonable grounds decision',
    timing: { kind: 'after_working_days', days: 5 },
    recipients: [
      { to: 'responsible_team_managers', when: ALWAYS },
      { to: 'advocate', when: 'has_advocate' },
    ],
    acknowledgeWithinHours: 48,
    why: 'A child waiting for a decision waits for support; the competent authority can be asked when it will decide.',
    whatToDo: 'Ask the competent authority when it will decide, and check the child’s support meanwhile.',
    urgent: false,
    local: false,
  },
  {
    key: 'FOUND_CHILD_MATCHED',
    title: 'A child found elsewhere matches a child you have as missing',
    trigger: 'A match is confirmed between a found child and a child another authority has open as missing',
    timing: { kind: 'at_once' },
    recipients: [
      { to: 'responsible_duty', when: ALWAYS },
      { to: 'responsible_team_managers', when: ALWAYS },
      { to: 'police', when: ALWAYS },
    ],
    acknowledgeWithinHours: 1,
    why: 'Children are lost between agencies when a found child is not linked to the authority looking for them (Heading back to harm, 2016).',
    whatToDo: 'Contact the authority that found the child, arrange a safe and well check and the child’s return.',
    urgent: true,
    local: false,
  },
  {
    key: 'OUT_OF_AREA_PLACEMENT',
    title: 'A child has been placed in your area by another authority',
    trigger: 'A care period starts with a placement outside the responsible authority’s area',
    timing: { kind: 'at_once' },
    recipients: [{ to: 'host_duty', when: 'out_of_area' }],
    acknowledgeWithinHours: 24,
    why: 'The placing authority notifies the host authority at the time of placement (statutory guidance, 2014).',
    whatToDo: 'Acknowledge, so the placing authority knows you have been told, and share what you know of local risks.',
    urgent: false,
    local: false,
  },
  {
    key: 'HOST_NOT_TOLD',
    title: 'The host authority has not acknowledged an out-of-area placement within 24 hours',
    trigger: 'Nobody at the host authority has acknowledged an out-of-area placement 24 hours after it started',
    timing: { kind: 'after_hours', hours: 24 },
    recipients: [{ to: 'responsible_team_managers', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'The host authority and local police must know a child is placed in their area before the child goes missing, not after.',
    whatToDo: 'Call the host authority’s children’s services and make sure they know of the placement.',
    urgent: false,
    local: false,
  },
  {
    key: 'BREAK_GLASS_OPENED',
    title: 'Someone outside your authority opened a child’s record with break-glass',
    trigger: 'A person opens a record outside their access, giving a reason',
    timing: { kind: 'at_once' },
    recipients: [{ to: 'responsible_team_managers', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'Every break-glass opening is reviewed by the responsible authority’s team managers.',
    whatToDo: 'Review the opening and its reason on the break-glass reviews page.',
    urgent: false,
    local: false,
  },
  {
    key: 'GUARDIAN_ALLOCATION_OVERDUE',
    title: 'A child referred to the guardian service has no guardian past the service’s standard',
    trigger: 'No guardian is allocated within the service’s standard after a referral (1 working day for a direct worker, unless the service sets its own)',
    timing: { kind: 'after_working_days', days: 1 },
    recipients: [{ to: 'guardian_service_managers', when: ALWAYS }],
    acknowledgeWithinHours: 24,
    why: 'A child who may be a victim of trafficking should have an independent guardian without delay (Modern Slavery Act 2015, s.48).',
    whatToDo: 'Triage the referral and allocate a guardian, or close it with its reason.',
    urgent: false,
    local: false,
  },
];

const BY_KEY = new Map(ALERT_RULES.map((rule) => [rule.key, rule]));

export function alertRule(key: AlertRuleKey): AlertRule {
  const rule = BY_KEY.get(key);
  if (rule === undefined) throw new Error(`No alert rule ${key}`);
  return rule;
}

/** Whether a recipient with a condition is told, given the facts. */
function recipientApplies(when: RecipientCondition, facts: AlertFacts): boolean {
  switch (when) {
    case 'always':
      return true;
    case 'out_of_area':
      return facts.outOfArea;
    case 'trafficked_or_high_risk':
      return facts.trafficked || facts.highRisk;
    case 'has_advocate':
      return facts.hasAdvocate;
  }
}

/** Who a rule tells, given the facts; each once. */
export function recipientsOf(rule: AlertRule, facts: AlertFacts): Recipient[] {
  return [...new Set(rule.recipients.filter((recipient) => recipientApplies(recipient.when, facts)).map((recipient) => recipient.to))];
}

/** Only the responsible authority's own alerts climb its ladder; other organisations are told, not escalated. */
export const escalates = (rule: AlertRule, recipient: Recipient): boolean => rule.acknowledgeWithinHours !== null && nextRung(recipient) !== null;

export const RECIPIENT_LABELS: Readonly<Record<Recipient, string>> = {
  responsible_duty: 'Responsible authority’s duty team (social workers and team managers)',
  responsible_team_managers: 'Responsible authority’s team managers',
  responsible_head_of_service: 'Responsible authority’s head of service',
  responsible_director: 'Responsible authority’s director of children’s services',
  host_duty: 'Host authority’s duty team (out-of-area placements)',
  police: 'Police force of the placement’s area (missing-person coordinators)',
  advocate: 'The child’s independent child trafficking guardian',
  national: 'National coordination unit (without the child’s identity)',
  guardian_service_managers: 'The guardian service’s managers',
};

export const CONDITION_LABELS: Readonly<Record<RecipientCondition, string>> = {
  always: '',
  out_of_area: 'when placed out of area',
  trafficked_or_high_risk: 'when trafficked or at high risk',
  has_advocate: 'when the child has a guardian',
};

/**
 * The recipient groups whose alerts a role's inbox holds, at the person's own organisation. Alerts to
 * a named post-holder reach that person whatever their role; a post nobody holds falls to the team
 * managers, so that no alert goes unseen.
 */
export function inboxRecipientsFor(role: string): { readonly recipients: readonly Recipient[]; readonly unheldPosts: boolean } {
  switch (role) {
    case 'social_worker':
      return { recipients: ['responsible_duty', 'host_duty'], unheldPosts: false };
    case 'team_manager':
      return { recipients: ['responsible_duty', 'responsible_team_managers', 'host_duty'], unheldPosts: true };
    case 'advocate':
      return { recipients: [], unheldPosts: false };
    case 'police_coordinator':
      return { recipients: ['police'], unheldPosts: false };
    case 'national_analyst':
      return { recipients: ['national'], unheldPosts: false };
    case 'guardian_manager':
      return { recipients: ['guardian_service_managers'], unheldPosts: false };
    default:
      return { recipients: [], unheldPosts: false };
  }
}

/** Roles that have an alerts inbox (named post-holders aside). */
export const hasInbox = (role: string): boolean =>
  ['social_worker', 'team_manager', 'advocate', 'guardian_manager', 'police_coordinator', 'national_analyst'].includes(role);
