import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import {
  addMetropolitanPolice,
  addPartnerOrganisations,
  CROYDON,
  GUARDIANS,
  KENT,
  KENT_POLICE,
  MEDWAY,
  MET_POLICE,
  NATIONAL,
} from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';
import type { MyWork } from './my-work-service.ts';
import { value } from '../../test/helpers/result.ts';

// My work on a real (PGlite) database under row-level security: each section, and who sees what.
// The clock is 15 June 2025 at 12:00 UTC.

const staff = (authority: string, role: Actor['role'] = 'social_worker'): Actor => ({
  id: `${role}-${authority}`,
  organisationCode: authority,
  localAuthorityCode: authority,
  role,
});
const kentWorker = staff(KENT);
const croydonWorker = staff(CROYDON);
const advocate: Actor = { id: 'advocate-1', organisationCode: GUARDIANS, localAuthorityCode: null, role: 'advocate' };
const otherAdvocate: Actor = { id: 'advocate-2', organisationCode: GUARDIANS, localAuthorityCode: null, role: 'advocate' };
const kentPolice: Actor = { id: 'police-1', organisationCode: KENT_POLICE, localAuthorityCode: null, role: 'police_coordinator' };
const metPolice: Actor = { id: 'police-2', organisationCode: MET_POLICE, localAuthorityCode: null, role: 'police_coordinator' };
const analyst: Actor = { id: 'analyst-1', organisationCode: NATIONAL, localAuthorityCode: null, role: 'national_analyst' };

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

let made = 0;
/** A child looked after by the actor's authority since 1 January 2024, placed in `host` (by default, in area). */
async function child(actor: Actor, name: string, options: { host?: string; careEnded?: string } = {}): Promise<string> {
  made += 1;
  const created = value(
    await services.children.addLookedAfterChild(actor, {
      laChildId: `MW-${made}`,
      givenNames: name,
      familyName: 'Mywork',
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      upn: 'UN2',
    }),
  );
  const id = created.child.id;
  value(
    await services.children.addCarePeriod(actor, id, {
      startDate: '2024-01-01',
      legalStatus: 'C2',
      placementType: 'U1',
      ...(options.host === undefined ? {} : { hostAuthorityCode: options.host }),
      ...(options.careEnded === undefined ? {} : { endDate: options.careEnded, reasonCeased: 'E8' }),
    }),
  );
  return id;
}

async function missing(actor: Actor, childId: string, startAt: string, more: { endAt?: string; policeReference?: string } = {}): Promise<string> {
  const episode = value(
    await services.missingEpisodes.reportMissing(actor, childId, {
      type: 'M',
      startAt,
      policeReference: more.policeReference ?? null,
      policeRiskLevel: 'HIGH',
      ...(more.endAt === undefined ? {} : { endAt: more.endAt, endReason: 'RETURNED_SELF' as const }),
    }),
  );
  return episode.id;
}

async function allocate(advocateId: string, childId: string): Promise<void> {
  await handle.db
    .insertInto('advocateAllocation')
    .values({ id: randomUUID(), childId, advocateId, organisationCode: GUARDIANS, allocatedOn: '2025-01-01', endedOn: null, createdAt: '2025-01-01T00:00:00Z' })
    .execute();
}

async function concern(
  childId: string,
  raisedOn: string,
  referral?: { rg: 'PENDING' | 'POSITIVE' | 'NEGATIVE'; rgOn?: string; cg?: 'PENDING' | 'POSITIVE' },
): Promise<string> {
  const raised = value(await services.trafficking.raiseConcern(kentWorker, childId, { raisedOn, raisedBy: 'Social worker', exploitationTypes: ['CRIMINAL'] }));
  if (referral !== undefined) {
    value(
      await services.trafficking.recordNrmReferral(kentWorker, raised.id, {
        referredOn: raisedOn,
        firstResponderOrganisation: 'Kent County Council',
        competentAuthority: 'SCA',
        reasonableGroundsDecision: referral.rg,
        reasonableGroundsDecidedOn: referral.rgOn ?? null,
        conclusiveGroundsDecision: referral.cg ?? 'PENDING',
        conclusiveGroundsDecidedOn: referral.cg === 'POSITIVE' ? '2025-06-01' : null,
      }),
    );
  }
  return raised.id;
}

const work = async (actor: Actor): Promise<MyWork> => value(await services.myWork.myWork(actor));

const ids = {} as Record<string, string>;

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID });
  await addPartnerOrganisations(handle.db);
  await addMetropolitanPolice(handle.db);

  // Missing now: one for 5 hours in area, one for 4 days placed in Medway with the host not told.
  ids['recent'] = await child(kentWorker, 'Recent');
  ids['recentEpisode'] = await missing(kentWorker, ids['recent'], '2025-06-15T07:00:00Z', { policeReference: 'KP-RECENT' });
  ids['long'] = await child(kentWorker, 'Long', { host: MEDWAY });
  ids['longEpisode'] = await missing(kentWorker, ids['long'], '2025-06-11T12:00:00Z');
  ids['croydon'] = await child(croydonWorker, 'Croydonchild');
  await missing(croydonWorker, ids['croydon'], '2025-06-14T12:00:00Z', { policeReference: 'MET-1' });

  // Return home interviews: nothing recorded (due), accepted but not held (overdue), done, declined, and long ago.
  ids['due'] = await child(kentWorker, 'Due');
  ids['dueEpisode'] = await missing(kentWorker, ids['due'], '2025-06-13T12:00:00Z', { endAt: '2025-06-14T12:00:00Z' });
  ids['overdue'] = await child(kentWorker, 'Overdue');
  ids['overdueEpisode'] = await missing(kentWorker, ids['overdue'], '2025-06-09T12:00:00Z', { endAt: '2025-06-10T12:00:00Z' });
  value(await services.missingEpisodes.recordReturnInterview(kentWorker, ids['overdueEpisode'], { response: 'ACCEPTED', offeredAt: '2025-06-10T15:00:00Z' }));
  ids['held'] = await child(kentWorker, 'Held');
  const held = await missing(kentWorker, ids['held'], '2025-06-11T12:00:00Z', { endAt: '2025-06-12T12:00:00Z' });
  value(
    await services.missingEpisodes.recordReturnInterview(kentWorker, held, {
      response: 'ACCEPTED',
      offeredAt: '2025-06-12T13:00:00Z',
      completedAt: '2025-06-13T12:00:00Z',
    }),
  );
  ids['declined'] = await child(kentWorker, 'Declined');
  const declined = await missing(kentWorker, ids['declined'], '2025-06-11T12:00:00Z', { endAt: '2025-06-12T12:00:00Z' });
  value(await services.missingEpisodes.recordReturnInterview(kentWorker, declined, { response: 'DECLINED', offeredAt: '2025-06-12T13:00:00Z' }));
  ids['longAgo'] = await child(kentWorker, 'Longago');
  await missing(kentWorker, ids['longAgo'], '2025-04-30T12:00:00Z', { endAt: '2025-05-01T12:00:00Z' });

  // Going missing repeatedly: three times in the last 30 days, and three times with one of them 40 days ago.
  const notOffered = { response: 'NOT_OFFERED' as const, notOfferedReason: 'Missing again within hours' };
  ids['repeat'] = await child(kentWorker, 'Repeat');
  for (const day of ['2025-05-20', '2025-06-01', '2025-06-08']) {
    const episode = await missing(kentWorker, ids['repeat'], `${day}T10:00:00Z`, { endAt: `${day}T20:00:00Z` });
    value(await services.missingEpisodes.recordReturnInterview(kentWorker, episode, notOffered));
  }
  ids['twice'] = await child(kentWorker, 'Twice');
  for (const day of ['2025-05-06', '2025-06-01', '2025-06-08']) {
    const episode = await missing(kentWorker, ids['twice'], `${day}T10:00:00Z`, { endAt: `${day}T20:00:00Z` });
    value(await services.missingEpisodes.recordReturnInterview(kentWorker, episode, notOffered));
  }

  // Trafficking: no referral; reasonable grounds pending; conclusive grounds pending; decided; negative;
  // no referral but no longer looked after; no referral but concluded as not trafficked.
  ids['unreferred'] = await child(kentWorker, 'Unreferred');
  ids['unreferredConcern'] = await concern(ids['unreferred'], '2025-03-01');
  ids['rgPending'] = await child(kentWorker, 'Rgpending');
  await concern(ids['rgPending'], '2025-05-01', { rg: 'PENDING' });
  ids['cgPending'] = await child(kentWorker, 'Cgpending');
  await concern(ids['cgPending'], '2025-02-01', { rg: 'POSITIVE', rgOn: '2025-02-20' });
  ids['decided'] = await child(kentWorker, 'Decided');
  await concern(ids['decided'], '2025-01-01', { rg: 'POSITIVE', rgOn: '2025-01-20', cg: 'POSITIVE' });
  ids['negative'] = await child(kentWorker, 'Negative');
  await concern(ids['negative'], '2025-01-01', { rg: 'NEGATIVE', rgOn: '2025-01-20' });
  ids['leftCare'] = await child(kentWorker, 'Leftcare', { careEnded: '2025-05-31' });
  await concern(ids['leftCare'], '2025-03-01');
  ids['notTrafficked'] = await child(kentWorker, 'Nottrafficked');
  const concluded = await concern(ids['notTrafficked'], '2025-03-01');
  value(await services.trafficking.recordStatus(kentWorker, concluded, { status: 'NOT_TRAFFICKED', effectiveFrom: '2025-04-01' }));

  await allocate(advocate.id, ids['recent']);
  await allocate(advocate.id, ids['unreferred']);
  await allocate(advocate.id, ids['due']);
});

afterAll(async () => {
  await handle.close();
});

describe('My work for local authority staff', () => {
  it('should list the children missing now, with the host authority and whether it was told', async () => {
    const kent = await work(kentWorker);
    expect(kent.scope).toBe('authority');
    expect(kent.authorityName).toBe('Kent');
    expect(kent.canRecord).toBe(true);
    expect(kent.missingNow.map((episode) => episode.childId)).toEqual([ids['long'], ids['recent']]);
    expect(kent.missingNow[0]).toMatchObject({
      episodeId: ids['longEpisode'],
      givenNames: 'Long',
      outOfArea: true,
      hostAuthorityName: 'Medway',
      hostAuthorityToldAt: null,
      policeRiskLevel: 'HIGH',
    });
    expect(kent.missingNow[1]).toMatchObject({ outOfArea: false, policeReference: 'KP-RECENT', startAt: '2025-06-15T07:00:00.000Z' });
  });

  it('should list return home interviews due and overdue, and no others', async () => {
    const { interviewsToDo } = await work(kentWorker);
    expect(interviewsToDo.map((interview) => interview.childId).sort()).toEqual([ids['due'], ids['overdue']].sort());
    expect(interviewsToDo.find((interview) => interview.childId === ids['due'])).toMatchObject({
      episodeId: ids['dueEpisode'],
      state: 'DUE',
      dueBy: '2025-06-17T12:00:00.000Z',
      accepted: false,
    });
    expect(interviewsToDo.find((interview) => interview.childId === ids['overdue'])).toMatchObject({
      state: 'OVERDUE',
      dueBy: '2025-06-13T12:00:00.000Z',
      accepted: true,
    });
  });

  it('should list children with 3 or more episodes starting in the last 30 days', async () => {
    const { repeatMissing } = await work(kentWorker);
    expect(repeatMissing).toEqual([
      {
        childId: ids['repeat'],
        givenNames: 'Repeat',
        familyName: 'Mywork',
        episodes: 3,
        latestStartAt: '2025-06-08T10:00:00.000Z',
        isMissing: false,
        // Nobody is allocated: the authority's, not the person's (src/services/caseload-service.test.ts has the rest).
        caseload: { tier: 'authority', owner: null },
      },
    ]);
  });

  it('should list trafficking concerns with no NRM referral, of children looked after and not concluded', async () => {
    const { concernsWithoutReferral } = await work(kentWorker);
    expect(concernsWithoutReferral).toEqual([
      {
        concernId: ids['unreferredConcern'],
        childId: ids['unreferred'],
        givenNames: 'Unreferred',
        familyName: 'Mywork',
        raisedOn: '2025-03-01',
        status: 'SUSPECTED',
        caseload: { tier: 'authority', owner: null },
      },
    ]);
  });

  it('should list NRM referrals waiting for a reasonable grounds or conclusive grounds decision', async () => {
    const { pendingNrmDecisions } = await work(kentWorker);
    const byChild = Object.fromEntries(pendingNrmDecisions.map((referral) => [referral.childId, referral]));
    expect(Object.keys(byChild).sort()).toEqual([ids['rgPending'], ids['cgPending']].sort());
    expect(byChild[ids['rgPending']!]).toMatchObject({ awaiting: 'REASONABLE_GROUNDS', waitingSince: '2025-05-01', referredOn: '2025-05-01' });
    expect(byChild[ids['cgPending']!]).toMatchObject({ awaiting: 'CONCLUSIVE_GROUNDS', waitingSince: '2025-02-20', referredOn: '2025-02-01' });
  });

  it('should give every role of the authority the same work, and other authorities none of it', async () => {
    const manager = await work(staff(KENT, 'team_manager'));
    const officer = await work(staff(KENT, 'data_officer'));
    const kent = await work(kentWorker);
    expect(manager.missingNow).toEqual(kent.missingNow);
    expect(officer.pendingNrmDecisions.length).toBe(kent.pendingNrmDecisions.length);
    const croydon = await work(croydonWorker);
    expect(croydon.missingNow.map((episode) => episode.childId)).toEqual([ids['croydon']]);
    expect(
      [croydon.interviewsToDo, croydon.repeatMissing, croydon.concernsWithoutReferral, croydon.pendingNrmDecisions].every((list) => list.length === 0),
    ).toBe(true);
    // The host authority of a child placed out of area follows them elsewhere, not in My work.
    const medway = await work(staff(MEDWAY));
    expect(medway.missingNow).toEqual([]);
  });
});

describe('My work for advocates, police and national staff', () => {
  it('should show an advocate their allocated children only, read only', async () => {
    const mine = await work(advocate);
    expect(mine.scope).toBe('advocate');
    expect(mine.canRecord).toBe(false);
    expect(mine.missingNow.map((episode) => episode.childId)).toEqual([ids['recent']]);
    expect(mine.interviewsToDo.map((interview) => interview.childId)).toEqual([ids['due']]);
    expect(mine.concernsWithoutReferral.map((item) => item.childId)).toEqual([ids['unreferred']]);
    expect(mine.pendingNrmDecisions).toEqual([]);
    const theirs = await work(otherAdvocate);
    expect(theirs.missingNow).toEqual([]);
    expect(theirs.concernsWithoutReferral).toEqual([]);
  });

  it('should show the police the children missing from placements in their area, and nothing else', async () => {
    const kent = await work(kentPolice);
    expect(kent.scope).toBe('police');
    expect(kent.missingNow.map((episode) => episode.childId)).toEqual([ids['long'], ids['recent']]);
    expect([kent.interviewsToDo, kent.repeatMissing, kent.concernsWithoutReferral, kent.pendingNrmDecisions].every((list) => list.length === 0)).toBe(true);
    const met = await work(metPolice);
    expect(met.missingNow.map((episode) => episode.childId)).toEqual([ids['croydon']]);
  });

  it('should stop showing the police a child once they are back', async () => {
    const childId = await child(kentWorker, 'Policeback');
    const episodeId = await missing(kentWorker, childId, '2025-06-15T09:00:00Z');
    expect((await work(kentPolice)).missingNow.map((episode) => episode.childId)).toContain(childId);
    value(await services.missingEpisodes.recordReturn(kentWorker, episodeId, { endAt: '2025-06-15T11:00:00Z', endReason: 'FOUND_POLICE', version: 1 }));
    expect((await work(kentPolice)).missingNow.map((episode) => episode.childId)).not.toContain(childId);
  });

  it.each([analyst, { ...analyst, id: 'admin-1', role: 'system_administrator' as const }, { ...staff(KENT, 'organisation_administrator') }])(
    'should show a $role no children',
    async (actor) => {
      const none = await work(actor);
      expect(none).toMatchObject({
        scope: 'none',
        missingNow: [],
        interviewsToDo: [],
        repeatMissing: [],
        concernsWithoutReferral: [],
        pendingNrmDecisions: [],
      });
    },
  );
});

describe('the audit of My work', () => {
  it('should record one list event per view, with counts and nothing that identifies a child', async () => {
    const before = await handle.db.selectFrom('auditEvent').select('id').where('actorId', '=', kentWorker.id).execute();
    const kent = await work(kentWorker);
    const events = await handle.db.selectFrom('auditEvent').selectAll().where('actorId', '=', kentWorker.id).orderBy('occurredAt').execute();
    expect(events.length).toBe(before.length + 1);
    const event = events.at(-1)!;
    expect(event).toMatchObject({ action: 'LIST', entity: 'myWork', entityId: null, childId: null });
    expect(event.details).toEqual({
      scope: 'authority',
      counts: {
        missingNow: kent.missingNow.length,
        interviewsToDo: kent.interviewsToDo.length,
        repeatMissing: 1,
        concernsWithoutReferral: 1,
        pendingNrmDecisions: 2,
      },
    });
    expect(JSON.stringify(event.details)).not.toMatch(/Mywork|[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('should record nothing for someone shown no children', async () => {
    await work(analyst);
    const events = await handle.db.selectFrom('auditEvent').select('id').where('actorId', '=', analyst.id).execute();
    expect(events).toEqual([]);
  });
});
