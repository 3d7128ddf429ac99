import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, NATIONAL } from '../../test/helpers/organisations.ts';
import { value } from '../../test/helpers/result.ts';
import { addChildInCare, openServices, person } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';

// Alerts on a real database (PGlite, or PostgreSQL with LANTERN_TEST_DATABASE_URL) under row-level
// security: raised with the change that causes them, seen by the right people, acknowledged,
// escalated up the ladder, and clocks that raise only what is still owed.

const kentWorker = person(KENT, 'social_worker');
const kentManager = person(KENT, 'team_manager');
const medwayWorker = person(MEDWAY, 'social_worker');
const croydonWorker = person(CROYDON, 'social_worker');
const advocate = person(GUARDIANS, 'advocate', null);
const police = person(KENT_POLICE, 'police_coordinator', null);
const analyst = person(NATIONAL, 'national_analyst', null);

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');
let made = 0;

/** A Kent child placed in `host` since 1 January 2024 (null: not yet placed). */
async function child(host: string | null = KENT): Promise<string> {
  made += 1;
  const names = { laChildId: `AL-${made}`, givenNames: 'Amira', familyName: `Alert${made}`, sex: 'F' } as const;
  if (host !== null) return addChildInCare(services, kentWorker, { ...names, host });
  return value(await services.children.addLookedAfterChild(kentWorker, { ...names, dateOfBirthClaimed: '2009-04-12', upn: 'UN2' })).child.id;
}

const inbox = async (actor: Actor) => value(await services.alerts.inbox(actor, { open: true, page: 1 })).items;
const rulesIn = async (actor: Actor) => (await inbox(actor)).map((alert) => `${alert.rule.key}:${alert.recipient}`).sort();
const outbox = (kind: 'deliver' | 'send' | 'clock' | 'escalate') => handle.db.selectFrom('alertOutbox').selectAll().where('kind', '=', kind).execute();

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now, { partners: true }));
});
afterAll(async () => handle.close());

describe('a child placed out of area reported missing', () => {
  let childId: string;
  let episodeId: string;

  beforeAll(async () => {
    clock.set('2025-06-15T12:00:00Z');
    childId = await child(MEDWAY);
    await handle.db
      .insertInto('advocateAllocation')
      .values({
        id: randomUUID(),
        childId,
        advocateId: advocate.id,
        organisationCode: GUARDIANS,
        allocatedOn: '2025-01-01',
        endedOn: null,
        createdAt: '2025-01-01T00:00:00Z',
      })
      .execute();
    clock.set('2025-06-15T22:00:00Z');
    episodeId = value(
      await services.missingEpisodes.reportMissing(kentWorker, childId, { type: 'M', startAt: '2025-06-15T21:00:00Z', policeRiskLevel: 'HIGH' }),
    ).id;
  });

  it('tells each organisation at once, with the child only where the person may see the child', async () => {
    expect(await rulesIn(kentWorker)).toEqual(expect.arrayContaining(['MISSING_REPORTED:responsible_duty']));
    expect(await rulesIn(kentManager)).toEqual(expect.arrayContaining(['MISSING_REPORTED:responsible_duty', 'MISSING_REPORTED:responsible_team_managers']));
    const [host] = await inbox(medwayWorker);
    expect(host?.recipient).toBe('host_duty');
    expect(host?.child?.givenNames).toBe('Amira');
    const [force] = await inbox(police);
    expect(force?.child?.id).toBe(childId);
    expect((await inbox(advocate)).map((alert) => alert.recipient)).toEqual(['advocate']);
    const [national] = await inbox(analyst);
    expect(national?.recipient).toBe('national');
    expect(national?.child).toBeNull();
    expect(national?.responsibleAuthorityName).toBe('Kent');
    expect(await inbox(croydonWorker)).toEqual([]);
  });

  it('writes the deliveries, the clocks and the escalations in the same transaction', async () => {
    const alerts = await handle.db.selectFrom('alert').select('id').where('subjectId', '=', episodeId).execute();
    const deliveries = (await outbox('deliver')).map((entry) => (entry.payload as { alertId: string }).alertId);
    expect(deliveries).toEqual(expect.arrayContaining(alerts.map((alert) => alert.id)));
    const clocks = (await outbox('clock')).filter((entry) => (entry.payload as { subject: { id: string } }).subject.id === episodeId);
    expect(clocks.map((entry) => entry.runAt).sort()).toEqual([
      '2025-06-16T21:00:00.000Z',
      '2025-06-18T21:00:00.000Z',
      '2025-06-22T21:00:00.000Z',
      '2025-07-13T21:00:00.000Z',
    ]);
    // Only the responsible authority's own alerts climb its ladder.
    expect((await outbox('escalate')).length).toBeGreaterThanOrEqual(2);
  });

  it('takes one acknowledgement for the duty team, refuses a stale or a second one, and audits it', async () => {
    const duty = (await inbox(kentWorker)).find((alert) => alert.recipient === 'responsible_duty')!;
    const stale = await services.alerts.acknowledge(kentWorker, duty.id, duty.version + 1);
    expect(stale).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    const answered = value(await services.alerts.acknowledge(kentWorker, duty.id, duty.version));
    expect(answered.acknowledgedAt).toBe('2025-06-15T22:00:00.000Z');
    const again = await services.alerts.acknowledge(kentManager, duty.id, answered.version);
    expect(again.ok).toBe(false);
    const events = await handle.db
      .selectFrom('auditEvent')
      .select(['action', 'actorId'])
      .where('entity', '=', 'alert')
      .where('entityId', '=', duty.id)
      .execute();
    expect(events).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', actorId: kentWorker.id },
        { action: 'CHANGE', actorId: kentWorker.id },
      ]),
    );
    expect(await services.alerts.escalationDue({ alertId: duty.id })).toBe('answered');
  });

  it('escalates the team managers’ unanswered alert to the head of service, which the team managers see while nobody holds the post', async () => {
    const managers = (await inbox(kentManager)).find((alert) => alert.recipient === 'responsible_team_managers')!;
    clock.set('2025-06-15T23:30:00Z');
    expect(await services.alerts.escalationDue({ alertId: managers.id })).toBe('escalated');
    const escalated = (await inbox(kentManager)).find((alert) => alert.recipient === 'responsible_head_of_service');
    expect(escalated).toMatchObject({ escalated: true, rule: { key: 'MISSING_REPORTED' } });
    expect(await inbox(kentWorker)).not.toContainEqual(expect.objectContaining({ recipient: 'responsible_head_of_service' }));
    const audit = await handle.db
      .selectFrom('auditEvent')
      .select(['actorId', 'details'])
      .where('entity', '=', 'alert')
      .where('entityId', '=', escalated!.id)
      .execute();
    expect(audit).toEqual([{ actorId: 'lantern', details: expect.objectContaining({ escalatedFrom: managers.id }) }]);
  });

  it('raises the 24-hour alert when its clock comes due only while the child is missing', async () => {
    clock.set('2025-06-16T21:00:00Z');
    expect(await services.alerts.clockDue({ rule: 'MISSING_24_HOURS', subject: { type: 'missingEpisode', id: episodeId } })).toBe('raised');
    // A clock run twice (a retried job) raises once.
    expect(await services.alerts.clockDue({ rule: 'MISSING_24_HOURS', subject: { type: 'missingEpisode', id: episodeId } })).toBe('raised');
    expect((await rulesIn(kentManager)).filter((rule) => rule.startsWith('MISSING_24_HOURS'))).toEqual(['MISSING_24_HOURS:responsible_team_managers']);
  });

  it('settles the missing alerts when the child comes back, and starts the interview clocks', async () => {
    clock.set('2025-06-17T09:00:00Z');
    const episode = value(await services.missingEpisodes.getEpisode(kentWorker, episodeId));
    value(
      await services.missingEpisodes.recordReturn(kentWorker, episodeId, {
        endAt: '2025-06-17T08:00:00Z',
        endReason: 'FOUND_POLICE',
        version: episode.version,
      }),
    );
    expect(await inbox(police)).toEqual([]);
    expect((await inbox(kentManager)).filter((alert) => alert.rule.key.startsWith('MISSING'))).toEqual([]);
    expect(await services.alerts.clockDue({ rule: 'MISSING_72_HOURS', subject: { type: 'missingEpisode', id: episodeId } })).toBe('not_owed');
    const clocks = (await outbox('clock')).filter((entry) =>
      ['INTERVIEW_NOT_DONE_48_HOURS', 'INTERVIEW_OVERDUE'].includes((entry.payload as { rule: string }).rule),
    );
    expect(clocks.map((entry) => entry.runAt).sort()).toEqual(['2025-06-19T08:00:00.000Z', '2025-06-20T08:00:00.000Z']);
  });

  it('raises the overdue interview alert until the interview is held', async () => {
    clock.set('2025-06-20T08:00:00Z');
    expect(await services.alerts.clockDue({ rule: 'INTERVIEW_OVERDUE', subject: { type: 'missingEpisode', id: episodeId } })).toBe('raised');
    clock.set('2025-06-20T11:00:00Z');
    value(
      await services.missingEpisodes.recordReturnInterview(kentWorker, episodeId, {
        response: 'ACCEPTED',
        offeredAt: '2025-06-18T10:00:00Z',
        completedAt: '2025-06-20T10:00:00Z',
        interviewerType: 'INDEPENDENT_PROVIDER',
        outcomes: ['NO_ACTION'],
      }),
    );
    expect((await inbox(kentManager)).filter((alert) => alert.rule.key === 'INTERVIEW_OVERDUE')).toEqual([]);
    expect(await services.alerts.clockDue({ rule: 'INTERVIEW_NOT_DONE_48_HOURS', subject: { type: 'missingEpisode', id: episodeId } })).toBe('not_owed');
  });
});

describe('other triggers', () => {
  it('tells the guardian service’s managers of a referral with no guardian past the service’s standard, until it is worked', async () => {
    const manager = person(GUARDIANS, 'guardian_manager', null);
    await handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
    await handle.db
      .insertInto('guardianCoverage')
      .values({ schemeCode: 'ICTG', localAuthorityCode: KENT, startsOn: '2017-01-01', endsOn: null, note: 'test' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    clock.set('2025-06-16T10:00:00Z');
    const referral = value(await services.guardians.refer(kentWorker, await child(null), { parentalResponsibility: 'NO' }));
    const subject = { type: 'guardianReferral' as const, id: referral.id };
    const clocks = (await outbox('clock')).filter((entry) => (entry.payload as { subject: { id: string } }).subject.id === referral.id);
    expect(clocks.map((entry) => (entry.payload as { rule: string }).rule)).toEqual(['GUARDIAN_ALLOCATION_OVERDUE']);

    clock.set('2025-06-17T11:00:00Z');
    expect(await services.alerts.clockDue({ rule: 'GUARDIAN_ALLOCATION_OVERDUE', subject })).toBe('raised');
    expect(await rulesIn(manager)).toEqual(['GUARDIAN_ALLOCATION_OVERDUE:guardian_service_managers']);
    expect((await rulesIn(kentManager)).filter((rule) => rule.startsWith('GUARDIAN'))).toEqual([]);

    value(await services.guardians.close(manager, referral.id, { reason: 'DECLINED', note: null, version: 1 }));
    expect(await rulesIn(manager)).toEqual([]);
    expect(await services.alerts.clockDue({ rule: 'GUARDIAN_ALLOCATION_OVERDUE', subject })).toBe('not_owed');
  });

  it('tells the host authority of an out-of-area placement, and the placing team managers if nobody there acknowledges', async () => {
    clock.set('2025-06-15T12:00:00Z');
    const childId = await child(null);
    const period = value(
      await services.children.addCarePeriod(kentWorker, childId, {
        startDate: '2025-06-15',
        legalStatus: 'C2',
        placementType: 'K2',
        hostAuthorityCode: CROYDON,
      }),
    );
    const [notice] = await inbox(croydonWorker);
    expect(notice).toMatchObject({ recipient: 'host_duty', rule: { key: 'OUT_OF_AREA_PLACEMENT' } });
    clock.set('2025-06-16T09:00:00Z');
    expect(await services.alerts.clockDue({ rule: 'HOST_NOT_TOLD', subject: { type: 'carePeriod', id: period.id } })).toBe('raised');
    value(await services.alerts.acknowledge(croydonWorker, notice!.id, notice!.version));
    expect(await services.alerts.clockDue({ rule: 'HOST_NOT_TOLD', subject: { type: 'carePeriod', id: period.id } })).toBe('not_owed');
  });

  it('tells the responsible authority’s team managers of a break-glass opening', async () => {
    const childId = await child();
    value(await services.children.breakGlass(croydonWorker, childId, 'The child was found in Croydon late at night'));
    const alert = (await inbox(kentManager)).find((item) => item.rule.key === 'BREAK_GLASS_OPENED' && item.child?.id === childId);
    expect(alert?.recipient).toBe('responsible_team_managers');
    expect(await inbox(croydonWorker)).not.toContainEqual(expect.objectContaining({ id: alert?.id }));
  });

  it('asks for an NRM referral 5 working days after a concern is raised, until one is made', async () => {
    const childId = await child();
    const concern = value(await services.trafficking.raiseConcern(kentWorker, childId, { raisedOn: '2025-06-13', raisedBy: 'Social worker' }));
    const [entry] = (await outbox('clock')).filter((row) => (row.payload as { subject: { id: string } }).subject.id === concern.id);
    expect(entry?.runAt).toBe('2025-06-20T08:00:00.000Z');
    const subject = { type: 'traffickingConcern' as const, id: concern.id };
    clock.set('2025-06-20T10:00:00Z');
    expect(await services.alerts.clockDue({ rule: 'CONCERN_WITHOUT_REFERRAL', subject })).toBe('raised');
    value(
      await services.trafficking.recordNrmReferral(kentWorker, concern.id, {
        referredOn: '2025-06-20',
        firstResponderOrganisation: 'Kent County Council',
        competentAuthority: 'SCA',
      }),
    );
    expect((await inbox(kentManager)).filter((alert) => alert.subjectId === concern.id)).toEqual([]);
    expect(await services.alerts.clockDue({ rule: 'CONCERN_WITHOUT_REFERRAL', subject })).toBe('not_owed');
  });

  it('records the action taken, which answers the alert, and refuses an empty one naming the field', async () => {
    const childId = await child();
    clock.set('2025-06-21T09:00:00Z');
    value(await services.missingEpisodes.reportMissing(kentWorker, childId, { type: 'A', startAt: '2025-06-21T08:00:00Z' }));
    const alert = (await inbox(kentWorker)).find((item) => item.child?.id === childId)!;
    const empty = await services.alerts.recordAction(kentWorker, alert.id, { action: '  ', version: alert.version });
    expect(empty).toMatchObject({ ok: false, error: { kind: 'invalid', violations: [{ field: 'action' }] } });
    const done = value(
      await services.alerts.recordAction(kentWorker, alert.id, { action: 'Called the carer; the child is with a friend', version: alert.version }),
    );
    expect(done).toMatchObject({ actionTaken: 'Called the carer; the child is with a friend', acknowledgedAt: '2025-06-21T09:00:00.000Z' });
    expect(await inbox(kentWorker)).not.toContainEqual(expect.objectContaining({ id: alert.id }));
    expect(await services.alerts.getAlert(croydonWorker, alert.id)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});

describe('local protocols', () => {
  it('let the team managers change the repeat trigger within the guidance, and nobody else', async () => {
    const refused = await services.alerts.changeLocalSettings(kentManager, { repeatThreshold: 1, repeatWindowDays: 30, priorityInterviewAfterHours: null });
    expect(refused.ok).toBe(false);
    expect((await services.alerts.changeLocalSettings(kentWorker, { repeatThreshold: 2, repeatWindowDays: 30, priorityInterviewAfterHours: null })).ok).toBe(
      false,
    );
    value(await services.alerts.changeLocalSettings(kentManager, { repeatThreshold: 2, repeatWindowDays: 30, priorityInterviewAfterHours: 24 }));
    expect(value(await services.alerts.effectiveRules(kentWorker)).settings).toEqual({
      repeatThreshold: 2,
      repeatWindowDays: 30,
      priorityInterviewAfterHours: 24,
    });
    expect(value(await services.alerts.effectiveRules(medwayWorker)).settings.repeatThreshold).toBe(3);
  });
});

describe('a child graded high risk while missing', () => {
  it('tells the national unit then, once, as it would have been told at the report', async () => {
    const childId = await child();
    clock.set('2025-06-25T10:00:00Z');
    const reported = value(
      await services.missingEpisodes.reportMissing(kentWorker, childId, { type: 'M', startAt: '2025-06-25T09:00:00Z', policeRiskLevel: 'MEDIUM' }),
    );
    const toNational = async () => (await inbox(analyst)).filter((alert) => alert.subjectId === reported.id).map((alert) => alert.rule.key);
    expect(await toNational()).toEqual([]);
    const graded = value(await services.missingEpisodes.updateEpisode(kentWorker, reported.id, { policeRiskLevel: 'HIGH', version: reported.version }));
    expect(await toNational()).toEqual(['MISSING_REPORTED']);
    value(await services.missingEpisodes.updateEpisode(kentWorker, reported.id, { policeReference: 'KP-2025-0625', version: graded.version }));
    expect(await toNational()).toEqual(['MISSING_REPORTED']);
  });
});
