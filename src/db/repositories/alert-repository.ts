import { sql } from 'kysely';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Recipient } from '../../domain/alerts/rules.ts';
import type { LocalAlertSettings, Subject, SubjectState } from '../../domain/alerts/evaluate.ts';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { AlertTable, Database } from '../schema.ts';
import { NO_COORDINATION } from '../../domain/alerts/coordination.ts';
import type { CoordinationTallies } from '../../domain/alerts/coordination.ts';
import type { AuthorityPastClock } from '../../domain/alerts/past-clock.ts';
import type { Tally } from '../../domain/statistics/counts.ts';

// Every query of the alerts: raising them, the inbox, acknowledging, settling, and what the clocks
// and the escalations read when they come due. Read under row-level security in a service's
// transaction (an inbox), or as the owner by the job queue's handlers (clocks, escalation).

type Db = Kysely<Database> | Transaction<Database>;

export type AlertRow = Selectable<AlertTable>;

export type NewAlert = Omit<
  AlertRow,
  'acknowledgedAt' | 'acknowledgedBy' | 'acknowledgedByName' | 'actionTaken' | 'actionRecordedAt' | 'actionRecordedByName' | 'settledAt' | 'version'
>;

/** Adds the alerts not raised already (a clock that runs twice raises once); returns those added. */
export async function insertAlerts(db: Db, alerts: readonly NewAlert[]): Promise<AlertRow[]> {
  if (alerts.length === 0) return [];
  return db
    .insertInto('alert')
    .values(alerts.map((alert) => ({ ...alert })))
    .onConflict((oc) => oc.columns(['rule', 'subjectType', 'subjectId', 'recipient', 'organisationCode']).doNothing())
    .returningAll()
    .execute();
}

export interface OutboxEntry {
  readonly id: string;
  readonly kind: 'deliver' | 'send' | 'clock' | 'escalate';
  readonly payload: object;
  readonly runAt: string;
}

export async function insertOutbox(db: Db, entries: readonly OutboxEntry[], at: string): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('alertOutbox')
    .values(
      entries.map((entry) => ({ id: entry.id, kind: entry.kind, payload: JSON.stringify(entry.payload), runAt: entry.runAt, createdAt: at, queuedAt: null })),
    )
    .execute();
}

/** Outbox rows not yet queued, oldest first, locked so that two relays never queue one twice. */
export async function lockPendingOutbox(trx: Transaction<Database>, limit: number) {
  return trx
    .selectFrom('alertOutbox')
    .select(['id', 'kind', 'payload', 'runAt'])
    .where('queuedAt', 'is', null)
    .orderBy('createdAt')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function markQueued(db: Db, ids: readonly string[], at: string): Promise<void> {
  if (ids.length > 0) await db.updateTable('alertOutbox').set({ queuedAt: at }).where('id', 'in', ids).execute();
}

/** An outbox row, as the job queue knows it: the job it became has the row's id. */
export type OutboxJob = { readonly id: string; readonly kind: OutboxEntry['kind'] };

/**
 * Outbox rows whose work is long over: queued, and due, before `before` (a job is tried for about two hours
 * and then given up). Locked, so that two workers cleaning up at once never count a row twice.
 */
export async function lockFinishedOutbox(trx: Transaction<Database>, before: string, limit: number): Promise<OutboxJob[]> {
  return trx
    .selectFrom('alertOutbox')
    .select(['id', 'kind'])
    .where('queuedAt', '<', before)
    .where('runAt', '<', before)
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Removes outbox rows; returns how many there were. */
export async function deleteOutbox(db: Db, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db.deleteFrom('alertOutbox').where('id', 'in', ids).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Outbox rows the relay has not yet moved into the queue: a backlog before the queue (docs/deployment.md, "Metrics"). */
export async function pendingOutboxCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('alertOutbox')
    .select((eb) => eb.fn.countAll<number>().as('pending'))
    .where('queuedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return row.pending;
}

/** Settles the open alerts of these rules about a subject: the duty is no longer owed. Returns those settled. */
export async function settleAlerts(
  db: Db,
  subject: Subject,
  rules: readonly string[],
  at: string,
  options: { readonly unactedOnly?: boolean } = {},
): Promise<{ id: string; childId: string }[]> {
  if (rules.length === 0) return [];
  let query = db
    .updateTable('alert')
    .set({ settledAt: at })
    .where('subjectType', '=', subject.type)
    .where('subjectId', '=', subject.id)
    .where('rule', 'in', rules)
    .where('settledAt', 'is', null);
  if (options.unactedOnly === true) query = query.where('actionRecordedAt', 'is', null);
  return query.returning(['id', 'childId']).execute();
}

/** Facts that decide who a child's alerts go to. */
export interface ChildAlertContext {
  readonly childId: string;
  readonly responsibleAuthorityCode: string;
  /** The host authority of the current placement when it is out of area. */
  readonly hostAuthorityCode: string | null;
  readonly trafficked: boolean;
  readonly advocate: { readonly userId: string; readonly organisationCode: string } | null;
  /** The responsible authority's local protocol settings, if it has set any. */
  readonly localSettings: LocalAlertSettings | null;
}

/**
 * What the alert rules need of a child, in one statement: an alert is raised inside the write that
 * sets it off, so each round trip here adds to every report, return and interview.
 */
export async function childAlertContext(db: Db, childId: string): Promise<ChildAlertContext | null> {
  const child = await db
    .selectFrom('child as c')
    .select((eb) => [
      'c.id',
      'c.responsibleAuthorityCode',
      eb
        .selectFrom('carePeriod as p')
        .select('p.hostAuthorityCode')
        .whereRef('p.childId', '=', 'c.id')
        .where('p.endDate', 'is', null)
        .whereRef('p.hostAuthorityCode', '<>', 'p.responsibleAuthorityCode')
        .limit(1)
        .as('hostAuthorityCode'),
      // Trafficked: a concern whose latest status (if any) is not "not trafficked". Read as the owner
      // or by the responsible authority; another reader sees no concerns, and the national unit is
      // then told only of a high-risk child.
      eb
        .exists(
          eb
            .selectFrom('traffickingConcern as t')
            .select(sql.lit(1).as('one'))
            .whereRef('t.childId', '=', 'c.id')
            .where(
              (inner) =>
                inner
                  .selectFrom('traffickingStatus as s')
                  .select('s.status')
                  .whereRef('s.concernId', '=', 't.id')
                  .orderBy('s.effectiveFrom', 'desc')
                  .orderBy('s.createdAt', 'desc')
                  .limit(1),
              'is distinct from',
              'NOT_TRAFFICKED',
            ),
        )
        .as('trafficked'),
      jsonObjectFrom(
        eb
          .selectFrom('advocateAllocation as a')
          .select(['a.advocateId', 'a.organisationCode'])
          .whereRef('a.childId', '=', 'c.id')
          .where('a.endedOn', 'is', null)
          .limit(1),
      ).as('advocate'),
      jsonObjectFrom(
        eb
          .selectFrom('alertLocalSetting as l')
          .select(['l.repeatThreshold', 'l.repeatWindowDays', 'l.priorityInterviewAfterHours'])
          .whereRef('l.authorityCode', '=', 'c.responsibleAuthorityCode'),
      ).as('localSettings'),
    ])
    .where('c.id', '=', childId)
    .executeTakeFirst();
  if (!child) return null;
  return {
    childId,
    responsibleAuthorityCode: child.responsibleAuthorityCode,
    hostAuthorityCode: child.hostAuthorityCode,
    trafficked: child.trafficked === true,
    advocate: child.advocate ? { userId: child.advocate.advocateId, organisationCode: child.advocate.organisationCode } : null,
    localSettings: child.localSettings,
  };
}

/** The police forces whose area covers an authority. */
export async function policeForcesCovering(db: Db, authorityCode: string): Promise<string[]> {
  const rows = await db
    .selectFrom('policeForceArea')
    .select('organisationCode')
    .where('localAuthorityCode', '=', authorityCode)
    .orderBy('organisationCode')
    .execute();
  return rows.map((row) => row.organisationCode);
}

export async function nationalUnits(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('organisation').select('code').where('kind', '=', 'national_unit').orderBy('code').execute();
  return rows.map((row) => row.code);
}

/** Whoever holds a post at an organisation (head of service, director), or null. Read as the owner. */
export async function postHolder(db: Db, organisationCode: string, post: 'head_of_service' | 'director'): Promise<string | null> {
  const row = await db.selectFrom('alertContact').select('userId').where('organisationCode', '=', organisationCode).where('post', '=', post).executeTakeFirst();
  return row?.userId ?? null;
}

/** An authority's local protocol settings, if it has set any. */
export async function localSettings(db: Db, authorityCode: string) {
  return db.selectFrom('alertLocalSetting').selectAll().where('authorityCode', '=', authorityCode).executeTakeFirst();
}

export async function saveLocalSettings(
  db: Db,
  row: {
    authorityCode: string;
    repeatThreshold: number;
    repeatWindowDays: number;
    priorityInterviewAfterHours: number | null;
    updatedAt: string;
    updatedBy: string;
  },
): Promise<void> {
  await db
    .insertInto('alertLocalSetting')
    .values({ ...row, version: 1 })
    .onConflict((oc) =>
      oc.column('authorityCode').doUpdateSet((eb) => ({
        repeatThreshold: eb.ref('excluded.repeatThreshold'),
        repeatWindowDays: eb.ref('excluded.repeatWindowDays'),
        priorityInterviewAfterHours: eb.ref('excluded.priorityInterviewAfterHours'),
        updatedAt: eb.ref('excluded.updatedAt'),
        updatedBy: eb.ref('excluded.updatedBy'),
        version: sql<number>`alert_local_setting.version + 1`,
      })),
    )
    .execute();
}

/** Which alerts a person's inbox holds: their organisation's, to these recipient groups, or to them by name. */
export interface InboxScope {
  readonly organisationCode: string;
  readonly recipients: readonly Recipient[];
  /** Alerts to a named post-holder (or to a post nobody holds, which the team managers see). */
  readonly userId: string;
  readonly unheldPosts: boolean;
}

function inbox(db: Db, scope: InboxScope) {
  return db
    .selectFrom('alert as a')
    .leftJoin('child as c', 'c.id', 'a.childId')
    .innerJoin('localAuthority as la', 'la.code', 'a.responsibleAuthorityCode')
    .selectAll('a')
    .select(['c.givenNames as childGivenNames', 'c.familyName as childFamilyName', 'c.laChildId as childReference', 'la.name as responsibleAuthorityName'])
    .where('a.organisationCode', '=', scope.organisationCode)
    .where((eb) =>
      eb.or([
        eb('a.userId', '=', scope.userId),
        ...(scope.recipients.length === 0 ? [] : [eb.and([eb('a.recipient', 'in', scope.recipients), eb('a.userId', 'is', null)])]),
        ...(scope.unheldPosts ? [eb.and([eb('a.recipient', 'in', ['responsible_head_of_service', 'responsible_director']), eb('a.userId', 'is', null)])] : []),
      ]),
    );
}

export type InboxRow = Awaited<ReturnType<typeof inboxPage>>[number];

export async function inboxPage(db: Db, scope: InboxScope, filter: { readonly open: boolean; readonly limit: number; readonly offset: number }) {
  let query = inbox(db, scope);
  if (filter.open) query = query.where('a.settledAt', 'is', null).where('a.actionRecordedAt', 'is', null);
  return query
    .orderBy('a.acknowledgedAt', (ob) => ob.desc().nullsFirst())
    .orderBy('a.raisedAt', 'desc')
    .orderBy('a.id')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
}

export async function inboxCounts(db: Db, scope: InboxScope): Promise<{ open: number; unacknowledged: number; all: number }> {
  const row = await inbox(db, scope)
    .clearSelect()
    .select(() => [
      sql<number>`count(*)::int`.as('all'),
      sql<number>`(count(*) filter (where a.settled_at is null and a.action_recorded_at is null))::int`.as('open'),
      sql<number>`(count(*) filter (where a.settled_at is null and a.acknowledged_at is null))::int`.as('unacknowledged'),
    ])
    .executeTakeFirstOrThrow();
  return { open: row.open, unacknowledged: row.unacknowledged, all: row.all };
}

export async function inboxAlert(db: Db, scope: InboxScope, id: string) {
  return inbox(db, scope).where('a.id', '=', id).executeTakeFirst();
}

/** An authority's own alerts to its duty team and team managers that nobody has acknowledged: the team managers' view. */
export async function teamUnacknowledged(db: Db, authorityCode: string, limit: number) {
  return inbox(db, {
    organisationCode: authorityCode,
    recipients: ['responsible_duty', 'responsible_team_managers', 'host_duty'],
    userId: '',
    unheldPosts: true,
  })
    .where('a.acknowledgedAt', 'is', null)
    .where('a.settledAt', 'is', null)
    .orderBy('a.raisedAt')
    .limit(limit)
    .execute();
}

export async function acknowledgeAlert(
  db: Db,
  id: string,
  by: { readonly actorId: string; readonly name: string },
  at: string,
  version: number,
): Promise<AlertRow | undefined> {
  return db
    .updateTable('alert')
    .set({ acknowledgedAt: at, acknowledgedBy: by.actorId, acknowledgedByName: by.name, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('acknowledgedAt', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function recordAlertAction(
  db: Db,
  id: string,
  action: { readonly text: string; readonly actorId: string; readonly name: string },
  at: string,
  version: number,
): Promise<AlertRow | undefined> {
  return db
    .updateTable('alert')
    .set({
      actionTaken: action.text,
      actionRecordedAt: at,
      actionRecordedByName: action.name,
      // Recording what was done answers the alert too, if nobody had.
      acknowledgedAt: sql<string>`coalesce(acknowledged_at, ${at}::timestamptz)`,
      acknowledgedBy: sql<string>`coalesce(acknowledged_by, ${action.actorId})`,
      acknowledgedByName: sql<string>`coalesce(acknowledged_by_name, ${action.name})`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** An alert as the job queue's handlers read it (as the owner). */
export async function alertById(db: Db, id: string): Promise<AlertRow | undefined> {
  return db.selectFrom('alert').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A subject as a clock finds it when it comes due. Read as the owner. */
export async function subjectState(db: Db, subject: Subject): Promise<SubjectState> {
  switch (subject.type) {
    case 'missingEpisode': {
      const row = await db
        .selectFrom('missingEpisode as e')
        .leftJoin('returnInterview as r', 'r.episodeId', 'e.id')
        .select(['e.endAt', 'r.response', 'r.completedAt'])
        .where('e.id', '=', subject.id)
        .executeTakeFirst();
      if (!row) return { type: 'gone' };
      return { type: 'missingEpisode', endAt: row.endAt, interview: row.response === null ? null : { response: row.response, completedAt: row.completedAt } };
    }
    case 'traffickingConcern': {
      const row = await db
        .selectFrom('traffickingConcern as t')
        .select((eb) => [
          eb.exists(eb.selectFrom('nrmReferral as n').select('n.id').whereRef('n.concernId', '=', 't.id')).as('referred'),
          eb
            .selectFrom('traffickingStatus as s')
            .select('s.status')
            .whereRef('s.concernId', '=', 't.id')
            .orderBy('s.effectiveFrom', 'desc')
            .orderBy('s.createdAt', 'desc')
            .limit(1)
            .as('status'),
        ])
        .where('t.id', '=', subject.id)
        .executeTakeFirst();
      return row ? { type: 'traffickingConcern', referred: row.referred === true, concludedNotTrafficked: row.status === 'NOT_TRAFFICKED' } : { type: 'gone' };
    }
    case 'nrmReferral': {
      const row = await db
        .selectFrom('nrmReferral')
        .select(['reasonableGroundsDecision', 'conclusiveGroundsDecision'])
        .where('id', '=', subject.id)
        .executeTakeFirst();
      if (!row) return { type: 'gone' };
      const awaiting =
        row.reasonableGroundsDecision === 'PENDING'
          ? 'REASONABLE_GROUNDS'
          : row.reasonableGroundsDecision === 'POSITIVE' && row.conclusiveGroundsDecision === 'PENDING'
            ? 'CONCLUSIVE_GROUNDS'
            : null;
      return { type: 'nrmReferral', awaiting };
    }
    case 'carePeriod': {
      const row = await db
        .selectFrom('carePeriod as p')
        .select((eb) => [
          'p.endDate',
          eb
            .exists(
              eb
                .selectFrom('alert as a')
                .select('a.id')
                .where('a.subjectType', '=', 'carePeriod')
                .whereRef('a.subjectId', '=', 'p.id')
                .where('a.recipient', '=', 'host_duty')
                .where('a.acknowledgedAt', 'is not', null),
            )
            .as('hostAcknowledged'),
        ])
        .where('p.id', '=', subject.id)
        .executeTakeFirst();
      return row ? { type: 'carePeriod', current: row.endDate === null, hostAcknowledged: row.hostAcknowledged === true } : { type: 'gone' };
    }
    case 'guardianReferral': {
      const row = await db.selectFrom('guardianReferral').select('status').where('id', '=', subject.id).executeTakeFirst();
      return row ? { type: 'guardianReferral', awaitingGuardian: row.status === 'AWAITING_TRIAGE' || row.status === 'AWAITING_ALLOCATION' } : { type: 'gone' };
    }
    // No clock runs on these.
    case 'breakGlassAccess':
    case 'childIdentityLink':
      return { type: 'gone' };
  }
}

/** The child an alert's subject belongs to, read as the owner. */
export async function childOfSubject(db: Db, subject: Subject): Promise<string | null> {
  switch (subject.type) {
    case 'missingEpisode':
    case 'traffickingConcern':
    case 'carePeriod':
    case 'guardianReferral': {
      const row = await db.selectFrom(subject.type).select('childId').where('id', '=', subject.id).executeTakeFirst();
      return row?.childId ?? null;
    }
    case 'nrmReferral': {
      const row = await db
        .selectFrom('nrmReferral as n')
        .innerJoin('traffickingConcern as t', 't.id', 'n.concernId')
        .select('t.childId')
        .where('n.id', '=', subject.id)
        .executeTakeFirst();
      return row?.childId ?? null;
    }
    // Raised at once, with the child known; never through a clock.
    case 'breakGlassAccess':
    case 'childIdentityLink':
      return null;
  }
}

/** Alerts past their clock now, by responsible authority (a database function: totals only). */
export async function pastClockByAuthority(db: Db, now: string) {
  const result = await sql<{ authorityCode: string; authorityName: string; pastClock: number; openAlerts: number }>`
    select authority_code, authority_name, past_clock::int, open_alerts::int from lantern_alerts_past_clock(${now}::timestamptz) order by authority_name`.execute(
    db,
  );
  return result.rows;
}

/**
 * Open alerts nobody has acknowledged, by responsible authority, and those of them past their clock at `now`,
 * each count with its cell key (an alert counts with its child's record key). Run it inside asStatisticsRole. It
 * reads the open alerts through the partial index alert_open_clock_idx, and each child's key by its primary key
 * (a subquery, not a join: the statistics role turns nested loops off, and a hash join would read every child).
 */
export async function countPastClock(trx: Transaction<Database>, now: string): Promise<AuthorityPastClock[]> {
  const result = await sql<{
    authorityCode: string;
    authorityName: string;
    pastClock: number;
    pastClockKey: number;
    unacknowledged: number;
    unacknowledgedKey: number;
  }>`
    with waiting as (
      select a.responsible_authority_code as authority, a.acknowledge_by < ${now}::timestamptz as past_clock,
        (select c.record_key from child c where c.id = a.child_id) as key
      from alert a where a.acknowledged_at is null and a.settled_at is null
    )
    select w.authority as authority_code, la.name as authority_name,
      count(*) filter (where past_clock)::int as past_clock, (coalesce(sum(key) filter (where past_clock), 0) % 256)::int as past_clock_key,
      count(*)::int as unacknowledged, (coalesce(sum(key), 0) % 256)::int as unacknowledged_key
    from waiting w join local_authority la on la.code = w.authority
    group by w.authority, la.name order by la.name`.execute(trx);
  return result.rows.map((row) => ({
    code: row.authorityCode,
    name: row.authorityName,
    pastClock: { count: row.pastClock, key: row.pastClockKey },
    unacknowledged: { count: row.unacknowledged, key: row.unacknowledgedKey },
  }));
}

/** Where and when coordination is counted: alerts and episodes starting in [from, to), past their clock at `now`. */
export interface CoordinationScope {
  readonly from: string;
  readonly to: string;
  readonly now: string;
  /** The responsible authorities counted; null for the whole UK. */
  readonly authorityCodes: readonly string[] | null;
}

/** A row of counts: each count and its cell key (`nameKey`), by the authority's code. */
type CountRow = { readonly [column: string]: unknown };

export interface CoordinationCounts {
  /** Every authority with anything counted. */
  readonly byAuthority: ReadonlyMap<string, CoordinationTallies>;
  /** The median over the whole scope's alerts (a median cannot be put together from the authorities'). */
  readonly medianMinutesToAcknowledge: number | null;
}

/**
 * The coordination counts by responsible authority, each with its cell key (the sum of the record keys modulo
 * 256): episodes with the episode's key, alerts with their child's. Run it inside asStatisticsRole, which reads
 * every row and no identifying column (migration 0029).
 */
export async function countCoordination(trx: Transaction<Database>, scope: CoordinationScope): Promise<CoordinationCounts> {
  const inScope = (column: string) =>
    scope.authorityCodes === null ? sql`true` : sql`${sql.ref(column)} in (${sql.join(scope.authorityCodes.length > 0 ? scope.authorityCodes : [''])})`;
  const counted = (condition: string, name: string) =>
    sql.raw(`count(*) filter (where ${condition})::int as ${name}, (coalesce(sum(key) filter (where ${condition}), 0) % 256)::int as ${name}_key`);
  const episodes = await sql<CountRow>`
    with episode as (
      select e.responsible_authority_code as authority, e.record_key as key,
        e.responsible_authority_code <> e.host_authority_code as out_of_area,
        least(e.host_authority_told_at, (select min(a.acknowledged_at) from alert a
          where a.subject_id = e.id and a.rule = 'MISSING_REPORTED' and a.recipient = 'host_duty')) <= e.start_at + interval '24 hours' as host_told,
        e.end_at is not null as returned,
        exists (select from return_interview r where r.episode_id = e.id and r.completed_at <= e.end_at + interval '72 hours') as interviewed
      from missing_episode e
      where e.start_at >= ${scope.from}::timestamptz and e.start_at < ${scope.to}::timestamptz and ${inScope('e.responsible_authority_code')}
    )
    select authority as authority_code, ${counted('out_of_area', 'out_of_area')}, ${counted('out_of_area and host_told', 'host_told')},
      ${counted('returned', 'returned')}, ${counted('returned and interviewed', 'interviewed')}
    from episode group by authority`.execute(trx);
  const alerts = await sql<CountRow>`
    with raised as (
      select a.responsible_authority_code as authority, c.record_key as key, a.acknowledged_at is not null as acknowledged,
        a.acknowledged_at is null and a.settled_at is null and a.acknowledge_by < ${scope.now}::timestamptz as past_clock,
        extract(epoch from a.acknowledged_at - a.raised_at) / 60 as minutes
      from alert a join child c on c.id = a.child_id
      where a.raised_at >= ${scope.from}::timestamptz and a.raised_at < ${scope.to}::timestamptz and ${inScope('a.responsible_authority_code')}
    )
    select authority as authority_code, ${counted('acknowledged', 'acknowledged')}, ${counted('past_clock', 'past_clock')},
      percentile_cont(0.5) within group (order by minutes) filter (where acknowledged) as median
    from raised group by grouping sets ((authority), ())`.execute(trx);
  const byAuthority = new Map<string, CoordinationTallies>();
  const of = (code: string): CoordinationTallies => byAuthority.get(code) ?? NO_COORDINATION;
  const pair = (row: CountRow, name: string): Tally => ({ count: Number(row[name] ?? 0), key: Number(row[`${name}Key`] ?? 0) });
  for (const row of episodes.rows) {
    const code = String(row['authorityCode']);
    byAuthority.set(code, {
      ...of(code),
      outOfAreaEpisodes: pair(row, 'outOfArea'),
      hostToldWithin24Hours: pair(row, 'hostTold'),
      returns: pair(row, 'returned'),
      interviewsWithin72Hours: pair(row, 'interviewed'),
    });
  }
  let medianMinutesToAcknowledge: number | null = null;
  for (const row of alerts.rows) {
    const median = row['median'] === null ? null : Number(row['median']);
    const code = row['authorityCode'];
    if (typeof code !== 'string') medianMinutesToAcknowledge = median;
    else byAuthority.set(code, { ...of(code), acknowledged: pair(row, 'acknowledged'), pastClock: pair(row, 'pastClock'), medianMinutesToAcknowledge: median });
  }
  return { byAuthority, medianMinutesToAcknowledge };
}

/** The name to show for who acknowledged an alert: a person's name, or that a case-management system did. */
export async function actorName(db: Db, actorId: string): Promise<string> {
  if (actorId.startsWith('token:')) return 'A case-management system, through the API';
  const user = await db
    .selectFrom('appUser')
    .select('displayName')
    .where(sql`id::text`, '=', actorId)
    .executeTakeFirst();
  return user?.displayName ?? 'Someone at your organisation';
}

/** The accounts that receive email for an alert's recipient group: active people with these roles at the organisation. */
export async function activeMembers(db: Db, organisationCode: string, roles: readonly string[]): Promise<{ id: string; email: string }[]> {
  if (roles.length === 0) return [];
  return db
    .selectFrom('appUser')
    .select(['id', 'email'])
    .where('organisationCode', '=', organisationCode)
    .where('role', 'in', roles)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export async function activeAccount(db: Db, userId: string): Promise<{ id: string; email: string } | undefined> {
  return db
    .selectFrom('appUser')
    .select(['id', 'email'])
    .where(sql`id::text`, '=', userId)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** An organisation's contact for a post (the duty team's mailbox and phone, a named holder's phone). */
export async function contactFor(db: Db, organisationCode: string, post: 'duty' | 'head_of_service' | 'director') {
  return db.selectFrom('alertContact').selectAll().where('organisationCode', '=', organisationCode).where('post', '=', post).executeTakeFirst();
}

/** An organisation's contacts for every post it has set. Under row-level security: the actor's own organisation's only. */
export async function postContacts(db: Db, organisationCode: string) {
  return db.selectFrom('alertContact').selectAll().where('organisationCode', '=', organisationCode).execute();
}

/** Sets who holds a post and its mailbox and phone, replacing what was there. */
export async function savePostContact(db: Db, row: Selectable<Database['alertContact']>): Promise<void> {
  await db
    .insertInto('alertContact')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organisationCode', 'post']).doUpdateSet((eb) => ({
        userId: eb.ref('excluded.userId'),
        email: eb.ref('excluded.email'),
        mobile: eb.ref('excluded.mobile'),
        updatedAt: eb.ref('excluded.updatedAt'),
        updatedBy: eb.ref('excluded.updatedBy'),
      })),
    )
    .execute();
}

export async function activeSubscriptions(db: Db, organisationCode: string) {
  return db
    .selectFrom('webhookSubscription')
    .selectAll()
    .where('organisationCode', '=', organisationCode)
    .where('disabledAt', 'is', null)
    .orderBy('createdAt')
    .execute();
}

/** Adds the deliveries not made already (a plan run twice adds once); returns the new ones. */
export async function insertDeliveries(
  db: Db,
  deliveries: readonly { id: string; alertId: string; channel: 'email' | 'sms' | 'webhook'; target: string; createdAt: string }[],
) {
  if (deliveries.length === 0) return [];
  return db
    .insertInto('alertDelivery')
    .values(deliveries.map((delivery) => ({ ...delivery })))
    .onConflict((oc) => oc.columns(['alertId', 'channel', 'target']).doNothing())
    .returning(['id'])
    .execute();
}

export async function deliveryById(db: Db, id: string) {
  return db.selectFrom('alertDelivery').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function recordDeliveryAttempt(
  db: Db,
  id: string,
  outcome: { readonly deliveredAt: string } | { readonly error: string; readonly failedAt: string | null },
): Promise<void> {
  await db
    .updateTable('alertDelivery')
    .set({
      attempts: sql<number>`attempts + 1`,
      ...('deliveredAt' in outcome ? { deliveredAt: outcome.deliveredAt, lastError: null } : { lastError: outcome.error, failedAt: outcome.failedAt }),
    })
    .where('id', '=', id)
    .execute();
}

/** Adds an organisation's subscription (under row-level security: the organisation's own only). */
export async function insertSubscription(db: Db, row: Omit<Selectable<Database['webhookSubscription']>, 'disabledAt'>): Promise<void> {
  await db.insertInto('webhookSubscription').values(row).execute();
}

/** Stops a subscription: nothing more is sent to it, and deliveries waiting for it are not made. */
export async function disableSubscription(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('webhookSubscription').set({ disabledAt: at }).where('id', '=', id).where('disabledAt', 'is', null).execute();
}

export async function subscriptionById(db: Db, id: string) {
  return db.selectFrom('webhookSubscription').selectAll().where('id', '=', id).executeTakeFirst();
}
