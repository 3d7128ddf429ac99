import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROYDON, KENT } from '../../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../client.ts';
import type { Role } from '../../domain/access/actor.ts';
import type { RecordedCompletion } from '../../domain/training.ts';
import { inScope } from '../scope.ts';
import { insertUser } from './user-repository.ts';
import type { TrainingRequest } from '../../domain/training-request.ts';
import {
  completionsIn,
  completionsOf,
  insertCompletions,
  insertRequest,
  listCourses,
  requestById,
  requestsOf,
  saveAnswer,
  trainedPeople,
  trainedPerson,
  waitingRequestCount,
  waitingRequestsIn,
} from './training-repository.ts';

// The catalogue and completions on a real database (PGlite, and PostgreSQL in CI), under the
// row-level security of migrations 0025 and 0040: who sees whose completions and requests, and who may
// record or answer them.

const NOW = '2025-06-15T12:00:00.000Z';
const SAM = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const JO = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const MANAGER = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const CROYDON_WORKER = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const GONE = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';

let handle: DatabaseHandle;
let made = 0;

const completion = (personId: string, organisationCode: string, courseCode: string, completedOn: string): RecordedCompletion => {
  made += 1;
  return {
    id: `00000000-0000-4000-8000-${String(made).padStart(12, '0')}`,
    personId,
    organisationCode,
    courseCode,
    completedOn,
    source: 'SELF',
    recordedBy: personId,
    recordedAt: NOW,
  };
};

/** Runs `work` as someone in a role, under row-level security. */
const as = <T>(actorId: string, organisationCode: string, role: Role, work: Parameters<typeof inScope<T>>[2]) =>
  inScope(handle.db, { actorId, organisationCode, authorityCode: organisationCode, role, now: NOW }, work);

beforeAll(async () => {
  handle = await createTestDatabase();
  const person = (id: string, organisationCode: string, role: string, displayName: string) => ({
    id,
    organisationCode,
    role,
    email: `${displayName.toLowerCase().replaceAll(' ', '.')}@example.gov.uk`,
    displayName,
    passwordHash: '$argon2id$x',
    totpSecret: 'SECRET',
    totpConfirmedAt: NOW,
    totpLastCounter: null,
    lastFailedAt: null,
    lockedUntil: null,
    createdAt: NOW,
    updatedAt: NOW,
  });
  await insertUser(handle.db, person(SAM, KENT, 'social_worker', 'Sam Kent'));
  await insertUser(handle.db, person(JO, KENT, 'social_worker', 'Jo Kent'));
  await insertUser(handle.db, person(MANAGER, KENT, 'team_manager', 'Manager Kent'));
  await insertUser(handle.db, person(CROYDON_WORKER, CROYDON, 'social_worker', 'Ade Croydon'));
  await insertUser(handle.db, { ...person(GONE, KENT, 'social_worker', 'Gone Kent'), active: false });
});
afterAll(async () => {
  await handle.close();
});

describe('the catalogue', () => {
  it('should hold a course on every topic, each with its provider, length and validity', async () => {
    const courses = await listCourses(handle.db);
    expect(new Set(courses.map((course) => course.topic))).toEqual(new Set(['TRAFFICKING', 'UASC', 'MISSING', 'NRM_FIRST_RESPONDER', 'AGE_ASSESSMENT', 'RHI']));
    expect(courses.find((course) => course.code === 'NRM-FIRST-RESPONDER')).toEqual({
      code: 'NRM-FIRST-RESPONDER',
      title: 'National Referral Mechanism: first responder',
      topic: 'NRM_FIRST_RESPONDER',
      provider: 'Home Office',
      lengthHours: 2,
      validityMonths: 24,
    });
  });
});

describe('completions under row-level security', () => {
  it('should let a person record their own, and a manager anyone’s in their organisation, once per course and day', async () => {
    expect(await as(SAM, KENT, 'social_worker', (trx) => insertCompletions(trx, [completion(SAM, KENT, 'RHI-PRACTICE', '2025-01-10')]))).toBe(1);
    const byManager = [completion(JO, KENT, 'NRM-FIRST-RESPONDER', '2024-03-01'), completion(SAM, KENT, 'UASC-CARE', '2023-05-05')];
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => insertCompletions(trx, byManager))).toBe(2);
    // The same course on the same day again: nothing new.
    expect(await as(SAM, KENT, 'social_worker', (trx) => insertCompletions(trx, [completion(SAM, KENT, 'RHI-PRACTICE', '2025-01-10')]))).toBe(0);
    expect(
      await as(CROYDON_WORKER, CROYDON, 'social_worker', (trx) => insertCompletions(trx, [completion(CROYDON_WORKER, CROYDON, 'RHI-PRACTICE', '2025-02-01')])),
    ).toBe(1);
  });

  it('should refuse a social worker recording someone else’s, and anyone recording into another organisation', async () => {
    await expect(as(SAM, KENT, 'social_worker', (trx) => insertCompletions(trx, [completion(JO, KENT, 'RHI-PRACTICE', '2025-01-10')]))).rejects.toThrow();
    await expect(
      as(MANAGER, KENT, 'team_manager', (trx) => insertCompletions(trx, [completion(CROYDON_WORKER, CROYDON, 'UASC-CARE', '2025-01-10')])),
    ).rejects.toThrow();
  });

  it('should show a person only their own, newest first', async () => {
    const mine = await as(SAM, KENT, 'social_worker', (trx) => completionsOf(trx, SAM));
    expect(mine.map((row) => [row.courseCode, row.completedOn])).toEqual([
      ['RHI-PRACTICE', '2025-01-10'],
      ['UASC-CARE', '2023-05-05'],
    ]);
    expect(await as(SAM, KENT, 'social_worker', (trx) => completionsOf(trx, JO))).toEqual([]);
    expect(await as(SAM, KENT, 'social_worker', (trx) => completionsIn(trx, KENT))).toHaveLength(2);
  });

  it('should show a manager their organisation’s, and the national unit everyone’s', async () => {
    const kent = await as(MANAGER, KENT, 'team_manager', (trx) => completionsIn(trx, null));
    expect(kent.map((row) => row.personId).sort()).toEqual([SAM, SAM, JO].sort());
    const national = await as('analyst', 'NATIONAL-UNIT', 'national_analyst', (trx) => completionsIn(trx, null));
    expect(national).toHaveLength(4);
    expect(await as('advocate', 'GUARDIAN-SERVICE', 'advocate', (trx) => completionsIn(trx, null))).toEqual([]);
  });
});

describe('the people counted', () => {
  it('should be an organisation’s active accounts, by name, or every local authority’s', async () => {
    expect((await trainedPeople(handle.db, KENT)).map((person) => person.displayName)).toEqual(['Jo Kent', 'Manager Kent', 'Sam Kent']);
    expect((await trainedPeople(handle.db, null)).map((person) => person.id).sort()).toEqual([SAM, JO, MANAGER, CROYDON_WORKER].sort());
    expect(await trainedPerson(handle.db, KENT, CROYDON_WORKER)).toBeNull();
    expect(await trainedPerson(handle.db, KENT, GONE)).toBeNull();
    expect(await trainedPerson(handle.db, KENT, SAM)).toMatchObject({ displayName: 'Sam Kent', role: 'social_worker' });
  });
});

describe('requests to a team manager under row-level security', () => {
  const request = (id: string, personId: string): TrainingRequest => ({
    id,
    organisationCode: KENT,
    personId,
    action: 'NRM_REFERRAL',
    childId: null,
    reason: 'The referral cannot wait',
    requestedAt: NOW,
    outcome: null,
    decidedBy: null,
    decidedAt: null,
    decisionReason: null,
    allowanceId: null,
  });
  const ASKED = '10000000-0000-4000-8000-000000000001';

  it('should let a person send only their own, seen by them and their organisation’s managers', async () => {
    await as(SAM, KENT, 'social_worker', (trx) => insertRequest(trx, request(ASKED, SAM)));
    await expect(as(SAM, KENT, 'social_worker', (trx) => insertRequest(trx, request('10000000-0000-4000-8000-000000000002', JO)))).rejects.toThrow();
    expect(await as(SAM, KENT, 'social_worker', (trx) => requestsOf(trx, SAM))).toEqual([request(ASKED, SAM)]);
    expect(await as(JO, KENT, 'social_worker', (trx) => requestsOf(trx, SAM))).toEqual([]);
    expect(await as(CROYDON_WORKER, CROYDON, 'team_manager', (trx) => waitingRequestsIn(trx, KENT))).toEqual([]);
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => waitingRequestsIn(trx, KENT))).toEqual([{ ...request(ASKED, SAM), personName: 'Sam Kent' }]);
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => waitingRequestCount(trx, KENT))).toBe(1);
  });

  it('should let only a team manager answer, once', async () => {
    const answered = { ...request(ASKED, SAM), outcome: 'DECLINED', decidedBy: SAM, decidedAt: NOW, decisionReason: 'No' } as const;
    expect(await as(SAM, KENT, 'social_worker', (trx) => saveAnswer(trx, answered))).toBe(false);
    const byManager = { ...answered, decidedBy: MANAGER };
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => saveAnswer(trx, byManager))).toBe(true);
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => saveAnswer(trx, byManager))).toBe(false);
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => requestById(trx, ASKED, { lock: true }))).toEqual({ ...byManager, personName: 'Sam Kent' });
    expect(await as(MANAGER, KENT, 'team_manager', (trx) => waitingRequestCount(trx, KENT))).toBe(0);
  });
});
