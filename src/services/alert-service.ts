import type { Kysely } from 'kysely';
import {
  acknowledgeAlert,
  actorName,
  alertById,
  childAlertContext,
  childOfSubject,
  countPastClock,
  inboxAlert,
  inboxCounts,
  inboxPage,
  insertAlerts,
  insertOutbox,
  localSettings,
  nationalUnits,
  policeForcesCovering,
  postHolder,
  recordAlertAction,
  saveLocalSettings,
  settleAlerts,
  subjectState,
  teamUnacknowledged,
} from '../db/repositories/alert-repository.ts';
import type { ChildAlertContext, InboxRow, InboxScope, NewAlert, OutboxEntry } from '../db/repositories/alert-repository.ts';
import { openReferralOf } from '../db/repositories/guardian-repository.ts';
import { asStatisticsRole } from '../db/repositories/statistics-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import { acknowledgeBy, checkLocalSettings, clockFires, DEFAULT_LOCAL_SETTINGS, escalationOf, planFor } from '../domain/alerts/evaluate.ts';
import type { AlertEvent, AlertPlan, Clock, LocalAlertSettings, SettingProblem, Subject } from '../domain/alerts/evaluate.ts';
import { ALERT_RULES, alertRule, inboxRecipientsFor, isAlertRuleKey, nextRung, recipientsOf } from '../domain/alerts/rules.ts';
import type { AlertFacts, AlertRule, AlertRuleKey, Recipient } from '../domain/alerts/rules.ts';
import { publishPastClock } from '../domain/alerts/past-clock.ts';
import type { PastClockPublication } from '../domain/alerts/past-clock.ts';
import type { DisclosureView } from '../domain/statistics/publication.ts';
import type { CarePeriod, MissingEpisode, ReturnInterview } from '../domain/child-record.ts';
import { ukDateOf } from '../domain/dates.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { interviewSettled } from '../domain/alerts/evaluate.ts';
import { carePeriodOn } from '../domain/validation/rules.ts';
import { rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import { LANTERN_AS_ACTOR, LANTERN_ITSELF } from './audit-log.ts';
import type { ServiceDeps } from './deps.ts';
import { conflict, invalidField, notFound } from './errors.ts';
import { disclosureViewOf, geographyName } from './statistics-service.ts';
import type { ServiceError } from './errors.ts';

// Alerts (issue 14, ADR 16). Raising happens inside the transaction of the change that causes it:
// the alerts, their deliveries and their clocks are rows written with the change, so a change never
// commits without them and a failed delivery can never undo it. The job queue (src/queue) moves the
// outbox on and calls back here when a clock or an escalation comes due.

type Db = Kysely<Database>;

/** Who an alert is addressed to: an organisation, and a person there by name when the post has a holder. */
interface Addressee {
  readonly organisationCode: string;
  readonly userId: string | null;
}

/** The national count of alerts past their clock, as published, and how it was protected. */
export interface PastClockReport extends PastClockPublication {
  readonly disclosure: DisclosureView;
}

/** The alerts the person may see, with the child only when they may see the child. */
export interface AlertView {
  readonly id: string;
  readonly rule: AlertRule;
  readonly recipient: Recipient;
  readonly raisedAt: string;
  readonly acknowledgeBy: string | null;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedByName: string | null;
  readonly actionTaken: string | null;
  readonly actionRecordedAt: string | null;
  readonly actionRecordedByName: string | null;
  readonly settledAt: string | null;
  readonly escalated: boolean;
  readonly subjectType: string;
  readonly subjectId: string;
  /** Null when the person may not see the child (the national unit; police once the child is found). */
  readonly child: { readonly id: string; readonly givenNames: string | null; readonly familyName: string | null } | null;
  readonly responsibleAuthorityName: string;
  readonly version: number;
}

export interface Inbox {
  readonly items: readonly AlertView[];
  readonly open: number;
  readonly unacknowledged: number;
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** The raiser the record's services call inside their own transactions. */
export interface AlertRaiser {
  missingReported(
    trx: Db,
    actor: Actor,
    episode: MissingEpisode,
    context: { readonly carePeriods: readonly CarePeriod[]; readonly episodes: readonly MissingEpisode[] },
  ): Promise<void>;
  returnRecorded(trx: Db, actor: Actor, episode: MissingEpisode): Promise<void>;
  /** The police graded a child still missing as high risk: the national unit is told, as for a high-risk child's report. */
  riskRaised(trx: Db, actor: Actor, episode: MissingEpisode): Promise<void>;
  interviewRecorded(trx: Db, actor: Actor, episode: MissingEpisode, interview: ReturnInterview): Promise<void>;
  concernRaised(trx: Db, actor: Actor, childId: string, concern: { readonly id: string; readonly raisedOn: string }): Promise<void>;
  nrmReferred(
    trx: Db,
    actor: Actor,
    childId: string,
    referral: { readonly id: string; readonly concernId: string; readonly referredOn: string },
  ): Promise<void>;
  reasonableGroundsPositive(trx: Db, actor: Actor, childId: string, referral: { readonly id: string; readonly decidedOn: string }): Promise<void>;
  carePeriodStarted(trx: Db, actor: Actor, period: CarePeriod): Promise<void>;
  breakGlassOpened(trx: Db, actor: Actor, childId: string, openingId: string): Promise<void>;
  /** A reviewer confirmed that another record is this child, who is missing now (issue 13 item 5). */
  foundChildMatched(trx: Db, actor: Actor, childId: string, decisionId: string): Promise<void>;
  /** That confirmation undone: its alert is withdrawn where nobody has recorded an action on it. */
  foundChildMatchUndone(trx: Db, actor: Actor, decisionId: string): Promise<void>;
  /** A child referred to the guardian service: the clock of the service's allocation standard starts (issue 15). */
  guardianReferred(trx: Db, actor: Actor, referral: { readonly id: string; readonly childId: string }, allocateBy: string): Promise<void>;
  /** A guardian allocated, or the referral closed: a slow-allocation alert is settled. */
  guardianReferralSettled(trx: Db, actor: Actor, referralId: string): Promise<void>;
}

const PAGE_SIZE = 25;

function inboxScope(actor: Actor): InboxScope {
  const { recipients, unheldPosts } = inboxRecipientsFor(actor.role);
  return { organisationCode: actor.organisationCode, recipients, userId: actor.id, unheldPosts };
}

/** Administrators manage accounts, not children: they have no alerts. */
const hasAlerts = (actor: Actor): boolean => actor.role !== 'organisation_administrator' && actor.role !== 'system_administrator';

function viewOf(row: InboxRow): AlertView {
  if (!isAlertRuleKey(row.rule)) throw new Error(`An alert has an unknown rule: ${row.rule}`);
  return {
    id: row.id,
    rule: alertRule(row.rule),
    recipient: row.recipient as Recipient,
    raisedAt: row.raisedAt,
    acknowledgeBy: row.acknowledgeBy,
    acknowledgedAt: row.acknowledgedAt,
    acknowledgedByName: row.acknowledgedByName,
    actionTaken: row.actionTaken,
    actionRecordedAt: row.actionRecordedAt,
    actionRecordedByName: row.actionRecordedByName,
    settledAt: row.settledAt,
    escalated: row.escalatedFrom !== null,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    // Row-level security lets the child's row through only for those who may see the child.
    child:
      row.childGivenNames === null && row.childFamilyName === null && row.childReference === null
        ? null
        : { id: row.childId, givenNames: row.childGivenNames, familyName: row.childFamilyName },
    responsibleAuthorityName: row.responsibleAuthorityName,
    version: row.version,
  };
}

export function createAlertService(deps: ServiceDeps) {
  const { db } = deps;

  const settingsOf = async (trx: Db, authorityCode: string): Promise<LocalAlertSettings> => {
    const row = await localSettings(trx, authorityCode);
    return row === undefined
      ? DEFAULT_LOCAL_SETTINGS
      : { repeatThreshold: row.repeatThreshold, repeatWindowDays: row.repeatWindowDays, priorityInterviewAfterHours: row.priorityInterviewAfterHours };
  };

  async function addressees(trx: Db, recipient: Recipient, context: ChildAlertContext, hostCode: string | null): Promise<Addressee[]> {
    const responsible = context.responsibleAuthorityCode;
    switch (recipient) {
      case 'responsible_duty':
      case 'responsible_team_managers':
        return [{ organisationCode: responsible, userId: null }];
      case 'responsible_head_of_service':
        return [{ organisationCode: responsible, userId: await postHolder(trx, responsible, 'head_of_service') }];
      case 'responsible_director':
        return [{ organisationCode: responsible, userId: await postHolder(trx, responsible, 'director') }];
      case 'host_duty':
        return hostCode === null ? [] : [{ organisationCode: hostCode, userId: null }];
      case 'police':
        return (await policeForcesCovering(trx, hostCode ?? responsible)).map((organisationCode) => ({ organisationCode, userId: null }));
      case 'advocate':
        return context.advocate === null ? [] : [{ organisationCode: context.advocate.organisationCode, userId: context.advocate.userId }];
      case 'national':
        return (await nationalUnits(trx)).map((organisationCode) => ({ organisationCode, userId: null }));
      case 'guardian_service_managers': {
        const referral = await openReferralOf(trx, context.childId);
        return referral === null ? [] : [{ organisationCode: referral.serviceOrganisationCode, userId: null }];
      }
    }
  }

  /** Writes alerts to these recipients, with their delivery and escalation in the outbox, and audits each. */
  async function raise(
    trx: Db,
    actor: Actor | null,
    rule: AlertRuleKey,
    subject: Subject,
    recipients: readonly Recipient[],
    context: ChildAlertContext,
    hostCode: string | null,
    at: string,
    escalatedFrom: string | null = null,
  ): Promise<void> {
    const alerts: NewAlert[] = [];
    for (const recipient of recipients) {
      for (const addressee of await addressees(trx, recipient, context, hostCode)) {
        alerts.push({
          id: deps.newId(),
          rule,
          childId: context.childId,
          responsibleAuthorityCode: context.responsibleAuthorityCode,
          subjectType: subject.type,
          subjectId: subject.id,
          recipient,
          organisationCode: addressee.organisationCode,
          userId: addressee.userId,
          escalatedFrom,
          raisedBy: actor?.id ?? LANTERN_ITSELF,
          raisedAt: at,
          acknowledgeBy: nextRung(recipient) === null ? null : acknowledgeBy(rule, at),
        });
      }
    }
    const added = await insertAlerts(trx, alerts);
    const outbox: OutboxEntry[] = added.flatMap((alert) => {
      const escalation = escalationOf(rule, alert.recipient as Recipient, at);
      return [
        { id: deps.newId(), kind: 'deliver' as const, payload: { alertId: alert.id }, runAt: at },
        ...(escalation === null ? [] : [{ id: deps.newId(), kind: 'escalate' as const, payload: { alertId: alert.id }, runAt: escalation.at }]),
      ];
    });
    await insertOutbox(trx, outbox, at);
    await deps.audit.appendAll(
      trx,
      added.map((alert) => ({
        ...auditActor(actor),
        action: 'CREATE' as const,
        entity: 'alert',
        entityId: alert.id,
        childId: alert.childId,
        details: { rule, recipient: alert.recipient, organisationCode: alert.organisationCode, ...(escalatedFrom === null ? {} : { escalatedFrom }) },
      })),
    );
  }

  /** Carries out a plan: raises its alerts, starts its clocks, settles what it settles. */
  async function carryOut(trx: Db, actor: Actor | null, plan: AlertPlan, context: ChildAlertContext, hostCode: string | null, at: string): Promise<void> {
    for (const alert of plan.raise) await raise(trx, actor, alert.rule, alert.subject, alert.recipients, context, hostCode, at);
    await insertOutbox(
      trx,
      plan.clocks.map((clock) => clockEntry(clock, context.childId)),
      at,
    );
    await settle(trx, actor, plan.settle, at);
  }

  /** Settles the alerts whose duty is no longer owed, auditing each. */
  async function settle(trx: Db, actor: Actor | null, settles: AlertPlan['settle'], at: string): Promise<void> {
    const settled = [];
    for (const { rules, subject, unactedOnly } of settles)
      settled.push(...(await settleAlerts(trx, subject, rules, at, { unactedOnly: unactedOnly === true })));
    await deps.audit.appendAll(
      trx,
      settled.map((alert) => ({
        ...auditActor(actor),
        action: 'CHANGE' as const,
        entity: 'alert',
        entityId: alert.id,
        childId: alert.childId,
        details: { settledAt: { to: at } },
      })),
    );
  }

  const clockEntry = (clock: Clock, childId: string): OutboxEntry => ({
    id: deps.newId(),
    kind: 'clock',
    payload: { rule: clock.rule, subject: clock.subject, childId },
    runAt: clock.dueAt,
  });

  /** Plans and carries out the alerts an event in a child's record sets off. */
  async function onEvent(
    trx: Db,
    actor: Actor | null,
    childId: string,
    hostCode: string | null,
    event: (facts: AlertFacts, context: ChildAlertContext) => AlertEvent,
  ): Promise<void> {
    const context = await childAlertContext(trx, childId);
    if (context === null) return;
    const host = hostCode ?? context.hostAuthorityCode;
    const facts: AlertFacts = {
      outOfArea: host !== null && host !== context.responsibleAuthorityCode,
      trafficked: context.trafficked,
      highRisk: false,
      hasAdvocate: context.advocate !== null,
    };
    const built = event(facts, context);
    const plan = planFor(built, context.localSettings ?? DEFAULT_LOCAL_SETTINGS);
    await carryOut(trx, actor, plan, context, host === context.responsibleAuthorityCode ? null : host, deps.now());
  }

  const raiser: AlertRaiser = {
    async missingReported(trx, actor, episode, { carePeriods, episodes }) {
      const placement = carePeriodOn(carePeriods, ukDateOf(episode.startAt));
      await onEvent(trx, actor, episode.childId, episode.hostAuthorityCode, (facts) => ({
        kind: 'MISSING_REPORTED',
        episodeId: episode.id,
        startAt: episode.startAt,
        open: episode.endAt === null,
        placementStartDate: placement?.startDate ?? null,
        episodeStarts: [...episodes.filter((other) => other.id !== episode.id), episode].map((other) => other.startAt),
        facts: { ...facts, highRisk: episode.policeRiskLevel === 'HIGH' },
      }));
    },
    async riskRaised(trx, actor, episode) {
      if (episode.endAt !== null || episode.policeRiskLevel !== 'HIGH') return;
      const context = await childAlertContext(trx, episode.childId);
      if (context === null) return;
      const host = episode.hostAuthorityCode === context.responsibleAuthorityCode ? null : episode.hostAuthorityCode;
      // The report's alert to the national unit only: the others were told at the report (and raising is idempotent).
      await raise(trx, actor, 'MISSING_REPORTED', { type: 'missingEpisode', id: episode.id }, ['national'], context, host, deps.now());
    },
    async returnRecorded(trx, actor, episode) {
      if (episode.endAt === null) return;
      const endAt = episode.endAt;
      await onEvent(trx, actor, episode.childId, episode.hostAuthorityCode, (facts) => ({
        kind: 'RETURN_RECORDED',
        episodeId: episode.id,
        startAt: episode.startAt,
        endAt,
        facts,
      }));
    },
    async interviewRecorded(trx, actor, episode, interview) {
      await onEvent(trx, actor, episode.childId, episode.hostAuthorityCode, () => ({
        kind: 'INTERVIEW_RECORDED',
        episodeId: episode.id,
        settled: interviewSettled(interview),
      }));
    },
    async concernRaised(trx, actor, childId, concern) {
      await onEvent(trx, actor, childId, null, (facts) => ({ kind: 'CONCERN_RAISED', concernId: concern.id, raisedOn: concern.raisedOn, facts }));
    },
    async nrmReferred(trx, actor, childId, referral) {
      await onEvent(trx, actor, childId, null, (facts) => ({
        kind: 'NRM_REFERRED',
        concernId: referral.concernId,
        referralId: referral.id,
        referredOn: referral.referredOn,
        facts,
      }));
    },
    async reasonableGroundsPositive(trx, actor, childId, referral) {
      await onEvent(trx, actor, childId, null, (facts) => ({
        kind: 'NRM_REASONABLE_GROUNDS_POSITIVE',
        referralId: referral.id,
        decidedOn: referral.decidedOn,
        facts,
      }));
    },
    async carePeriodStarted(trx, actor, period) {
      if (period.endDate !== null || period.hostAuthorityCode === period.responsibleAuthorityCode) return;
      await onEvent(trx, actor, period.childId, period.hostAuthorityCode, (facts) => ({
        kind: 'OUT_OF_AREA_PLACEMENT',
        carePeriodId: period.id,
        startDate: period.startDate,
        facts,
      }));
    },
    async breakGlassOpened(trx, actor, childId, openingId) {
      await onEvent(trx, actor, childId, null, (facts) => ({ kind: 'BREAK_GLASS', openingId, facts }));
    },
    async foundChildMatched(trx, actor, childId, decisionId) {
      await onEvent(trx, actor, childId, null, (facts) => ({ kind: 'FOUND_CHILD_MATCHED', linkId: decisionId, facts }));
    },
    async foundChildMatchUndone(trx, actor, decisionId) {
      await settle(trx, actor, planFor({ kind: 'FOUND_CHILD_MATCH_UNDONE', linkId: decisionId }).settle, deps.now());
    },
    // The referrer (the police among them) may not read all the child's alert context: only the clock is written now.
    async guardianReferred(trx, _actor, referral, allocateBy) {
      const plan = planFor({ kind: 'GUARDIAN_REFERRED', referralId: referral.id, allocateBy });
      await insertOutbox(
        trx,
        plan.clocks.map((clock) => clockEntry(clock, referral.childId)),
        deps.now(),
      );
    },
    async guardianReferralSettled(trx, actor, referralId) {
      await settle(trx, actor, planFor({ kind: 'GUARDIAN_REFERRAL_SETTLED', referralId }).settle, deps.now());
    },
  };

  return {
    raiser,

    /** The person's alerts: open ones (not settled, no action recorded) or all, newest first with the unacknowledged on top. */
    async inbox(actor: Actor, options: { readonly open: boolean; readonly page: number }): Promise<Result<Inbox, ServiceError>> {
      if (!hasAlerts(actor)) return fail(notFound('alerts'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const scope = inboxScope(actor);
        const rows = await inboxPage(trx, scope, { open: options.open, limit: PAGE_SIZE, offset: (options.page - 1) * PAGE_SIZE });
        const counts = await inboxCounts(trx, scope);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'alert', details: { open: options.open, page: options.page, listed: rows.length } });
        return ok({
          items: rows.map(viewOf),
          open: counts.open,
          unacknowledged: counts.unacknowledged,
          total: options.open ? counts.open : counts.all,
          page: options.page,
          pageSize: PAGE_SIZE,
        });
      });
    },

    /** How many open alerts the person has, for My work. Not audited on its own: My work's view is. */
    async openCount(actor: Actor): Promise<number> {
      if (!hasAlerts(actor)) return 0;
      return inScope(db, rowScope(actor, deps.now()), async (trx) => (await inboxCounts(trx, inboxScope(actor))).open);
    },

    async getAlert(actor: Actor, id: string): Promise<Result<AlertView, ServiceError>> {
      if (!hasAlerts(actor)) return fail(notFound('alert'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const row = await inboxAlert(trx, inboxScope(actor), id);
        if (row === undefined) return fail(notFound('alert'));
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'alert', entityId: id, childId: row.childId });
        return ok(viewOf(row));
      });
    },

    /** "I'm dealing with this": one person answers for the group, and the alert stops climbing the ladder. */
    async acknowledge(actor: Actor, id: string, version: number): Promise<Result<AlertView, ServiceError>> {
      return answer(actor, id, async (trx, row, now) => {
        if (row.acknowledgedAt !== null)
          return fail(
            invalidField('alert', id, 'version', `${row.acknowledgedByName ?? 'Someone'} is already dealing with this alert`, 'alert-already-acknowledged'),
          );
        if (row.version !== version) return fail(conflict('alert', row.version));
        const updated = await acknowledgeAlert(trx, id, { actorId: actor.id, name: await actorName(trx, actor.id) }, now, version);
        return updated === undefined ? fail(conflict('alert', row.version)) : ok({ acknowledgedAt: { to: now } });
      });
    },

    /** Records what was done; this answers the alert too, if nobody had. */
    async recordAction(actor: Actor, id: string, input: { readonly action: string; readonly version: number }): Promise<Result<AlertView, ServiceError>> {
      const text = input.action.trim();
      if (text.length === 0) return fail(invalidField('alert', id, 'action', 'Enter what you did about this alert'));
      if (text.length > 2000) return fail(invalidField('alert', id, 'action', 'What you did must be 2,000 characters or fewer'));
      return answer(actor, id, async (trx, row, now) => {
        if (row.version !== input.version) return fail(conflict('alert', row.version));
        const updated = await recordAlertAction(trx, id, { text, actorId: actor.id, name: await actorName(trx, actor.id) }, now, input.version);
        // The words are kept on the alert; the audit trail records that an action was recorded, not what it said.
        return updated === undefined
          ? fail(conflict('alert', row.version))
          : ok({ actionRecordedAt: { to: now }, ...(row.acknowledgedAt === null ? { acknowledgedAt: { to: now } } : {}) });
      });
    },

    /** An authority's unacknowledged alerts to its duty team and team managers: what the team managers watch. */
    async teamUnacknowledged(actor: Actor): Promise<Result<readonly AlertView[], ServiceError>> {
      if (actor.role !== 'team_manager' || actor.localAuthorityCode === null) return fail(notFound('alerts'));
      const authority = actor.localAuthorityCode;
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const rows = await teamUnacknowledged(trx, authority, 50);
        await deps.audit.append(trx, { actor, action: 'LIST', entity: 'alert', details: { team: true, listed: rows.length } });
        return ok(rows.map(viewOf));
      });
    },

    /**
     * The national unit's count of alerts past their clock now, by responsible authority: national figures about
     * children, so disclosure-controlled as the other national statistics are (perturbed, 1 to 4 suppressed,
     * rounded to 10). The request is audited before anything is counted, as the statistics are.
     */
    async pastClockByAuthority(actor: Actor): Promise<Result<PastClockReport, ServiceError>> {
      if (actor.role !== 'national_analyst') return fail(notFound('alerts'));
      await db.transaction().execute((trx) => deps.audit.append(trx, { actor, action: 'LIST', entity: 'alertsPastClock', details: {} }));
      const authorities = await asStatisticsRole(deps.readDb ?? db, (trx) => countPastClock(trx, deps.now()));
      const disclosure = disclosureViewOf('controlled', { kind: 'uk' });
      return ok({ disclosure, ...publishPastClock(authorities, geographyName({ kind: 'uk' }, []), disclosure) });
    },

    /** The rules as an authority has them: the table, with its local protocol's settings. */
    async effectiveRules(
      actor: Actor,
    ): Promise<
      Result<
        { readonly authorityCode: string; readonly settings: LocalAlertSettings; readonly rules: readonly AlertRule[]; readonly canChange: boolean },
        ServiceError
      >
    > {
      const authority = actor.localAuthorityCode;
      if (authority === null) return fail(notFound('alert rules'));
      return inScope(db, rowScope(actor, deps.now()), async (trx) =>
        ok({ authorityCode: authority, settings: await settingsOf(trx, authority), rules: ALERT_RULES, canChange: canChangeLocalSettings(actor) }),
      );
    },

    async changeLocalSettings(actor: Actor, settings: LocalAlertSettings): Promise<Result<LocalAlertSettings, ServiceError | readonly SettingProblem[]>> {
      const authority = actor.localAuthorityCode;
      if (authority === null || !canChangeLocalSettings(actor)) return fail(notFound('alert rules'));
      const checked = checkLocalSettings(settings);
      if (!checked.ok) return checked;
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const before = await settingsOf(trx, authority);
        await saveLocalSettings(trx, { authorityCode: authority, ...settings, updatedAt: deps.now(), updatedBy: actor.id });
        await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'alertLocalSetting', entityId: null, details: { before, after: settings } });
        return ok(settings);
      });
    },

    /** A clock came due (the job queue calls this, as the owner): raises the rule's alert if it is still owed. */
    async clockDue(input: { readonly rule: string; readonly subject: Subject }): Promise<'raised' | 'not_owed'> {
      if (!isAlertRuleKey(input.rule)) throw new Error(`A clock has an unknown rule: ${input.rule}`);
      const rule = input.rule;
      return db.transaction().execute(async (trx) => {
        if (!clockFires(rule, await subjectState(trx, input.subject))) return 'not_owed';
        const childId = await childOfSubject(trx, input.subject);
        const context = childId === null ? null : await childAlertContext(trx, childId);
        if (context === null) return 'not_owed';
        const episodeHost = context.hostAuthorityCode;
        const facts: AlertFacts = { outOfArea: episodeHost !== null, trafficked: context.trafficked, highRisk: false, hasAdvocate: context.advocate !== null };
        await raise(trx, null, rule, input.subject, recipientsOf(alertRule(rule), facts), context, episodeHost, deps.now());
        return 'raised';
      });
    },

    /** An alert's time to be acknowledged is up (the job queue calls this): tells the next rung unless someone answered. */
    async escalationDue(input: { readonly alertId: string }): Promise<'escalated' | 'answered'> {
      return db.transaction().execute(async (trx) => {
        const alert = await alertById(trx, input.alertId);
        if (alert === undefined || alert.acknowledgedAt !== null || alert.settledAt !== null || alert.actionRecordedAt !== null) return 'answered';
        const to = nextRung(alert.recipient as Recipient);
        if (to === null || !isAlertRuleKey(alert.rule)) return 'answered';
        const context = await childAlertContext(trx, alert.childId);
        if (context === null) return 'answered';
        await raise(trx, null, alert.rule, { type: alert.subjectType as Subject['type'], id: alert.subjectId }, [to], context, null, deps.now(), alert.id);
        return 'escalated';
      });
    },
  };

  /** Acknowledging and recording an action: the alert must be in the person's inbox; a stale version changes nothing. */
  async function answer(
    actor: Actor,
    id: string,
    change: (trx: Db, row: InboxRow, now: string) => Promise<Result<object, ServiceError>>,
  ): Promise<Result<AlertView, ServiceError>> {
    if (!hasAlerts(actor)) return fail(notFound('alert'));
    return inScope(db, rowScope(actor, deps.now()), async (trx) => {
      const scope = inboxScope(actor);
      const row = await inboxAlert(trx, scope, id);
      if (row === undefined) return fail(notFound('alert'));
      const now = deps.now();
      const changed = await change(trx, row, now);
      if (!changed.ok) return changed;
      await deps.audit.append(trx, { actor, action: 'CHANGE', entity: 'alert', entityId: id, childId: row.childId, details: changed.value });
      const after = await inboxAlert(trx, scope, id);
      if (after === undefined) throw new Error('An alert answered vanished from the inbox');
      return ok(viewOf(after));
    });
  }
}

/** The authority's team managers set its local protocol's settings (docs/access.md). */
const canChangeLocalSettings = (actor: Actor): boolean => actor.role === 'team_manager' && actor.localAuthorityCode !== null;

/** The audit trail's actor: the person whose change raised it, or Lantern itself for a clock or an escalation. */
function auditActor(actor: Actor | null) {
  return actor === null ? LANTERN_AS_ACTOR : { actor };
}

export type AlertService = ReturnType<typeof createAlertService>;
