import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../client.ts';
import { countGuardianService } from './guardian-statistics-repository.ts';
import { asStatisticsRole } from './statistics-repository.ts';

// What the guardian service's statistics count, read as the statistics role (issue 15, item 3), on both
// engines: each child referred once in the period, with their exploitation types and whether they went
// missing after the referral; closures with the length of support; the allocations standing at the end.

const KENT = 'E10000016';
const CROYDON = 'E09000008';
const SERVICE = 'GUARDIANS-A';
const OTHER_SERVICE = 'GUARDIANS-B';
const NOW = '2025-06-15T12:00:00.000Z';
const PERIOD = { periodStart: '2024-03-31T23:00:00.000Z', periodEnd: '2025-03-31T23:00:00.000Z' };

let handle: DatabaseHandle;

async function aChild(authority: string, recordKey: number, sex: 'M' | 'F', dateOfBirth: string): Promise<string> {
  const id = randomUUID();
  await handle.db
    .insertInto('child')
    .values({
      id,
      recordKey,
      responsibleAuthorityCode: authority,
      laChildId: id,
      givenNames: 'Guardian',
      familyName: 'Statistics',
      sex,
      dateOfBirthClaimed: dateOfBirth,
      dateOfBirthAssessed: null,
      nationality: 'AL',
      createdAt: NOW,
      updatedAt: NOW,
    })
    .execute();
  return id;
}

async function aReferral(
  childId: string,
  authority: string,
  referredAt: string,
  options: { service?: string; firstAllocatedAt?: string; closedAt?: string; allocation?: { advocateId: string; endedAt: string | null } } = {},
): Promise<void> {
  const id = randomUUID();
  await handle.db
    .insertInto('guardianReferral')
    .values({
      id,
      childId,
      responsibleAuthorityCode: authority,
      serviceOrganisationCode: options.service ?? SERVICE,
      source: 'POLICE',
      referredBy: 'a referrer',
      referrerOrganisationCode: authority,
      referredAt,
      parentalResponsibility: 'NO',
      status: options.closedAt === undefined ? 'ALLOCATED' : 'CLOSED',
      triagedAt: null,
      triagedBy: null,
      firstAllocatedAt: options.firstAllocatedAt ?? null,
      closedAt: options.closedAt ?? null,
      closureReason: options.closedAt === undefined ? null : 'NO_LONGER_NEEDED',
      closureNote: options.closedAt === undefined ? null : 'A note the statistics never read',
    })
    .execute();
  const allocation = options.allocation;
  if (allocation !== undefined && options.firstAllocatedAt !== undefined) {
    await handle.db
      .insertInto('advocateAllocation')
      .values({
        id: randomUUID(),
        childId,
        advocateId: allocation.advocateId,
        organisationCode: options.service ?? SERVICE,
        allocatedOn: options.firstAllocatedAt.slice(0, 10),
        endedOn: allocation.endedAt?.slice(0, 10) ?? null,
        createdAt: NOW,
        referralId: id,
        guardianRole: 'DIRECT_WORKER',
        allocatedAt: options.firstAllocatedAt,
        allocatedBy: 'a manager',
        endedAt: allocation.endedAt,
      })
      .execute();
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await handle.db
    .insertInto('organisation')
    .values([
      { code: SERVICE, name: 'Guardians A', kind: 'guardian_service', localAuthorityCode: null },
      { code: OTHER_SERVICE, name: 'Guardians B', kind: 'guardian_service', localAuthorityCode: null },
    ])
    .execute();
  // Referred twice in the period (counted once, by the first), criminally and sexually exploited, missing after the first referral.
  const twice = await aChild(KENT, 10, 'M', '2008-05-01');
  await handle.db
    .insertInto('traffickingConcern')
    .values([
      { id: randomUUID(), childId: twice, raisedOn: '2024-05-01', raisedBy: 'Test', exploitationTypes: ['CRIMINAL'], createdAt: NOW, updatedAt: NOW },
      { id: randomUUID(), childId: twice, raisedOn: '2024-06-01', raisedBy: 'Test', exploitationTypes: ['SEXUAL', 'CRIMINAL'], createdAt: NOW, updatedAt: NOW },
    ])
    .execute();
  await handle.db
    .insertInto('missingEpisode')
    .values([
      // Before the referral: not counted as going missing after it.
      {
        id: randomUUID(),
        recordKey: 1,
        childId: twice,
        type: 'M',
        startAt: '2024-04-20T10:00:00.000Z',
        endAt: '2024-04-21T10:00:00.000Z',
        responsibleAuthorityCode: KENT,
        hostAuthorityCode: KENT,
        createdAt: NOW,
        updatedAt: NOW,
      },
      {
        id: randomUUID(),
        recordKey: 2,
        childId: twice,
        type: 'M',
        startAt: '2024-09-01T10:00:00.000Z',
        endAt: '2024-09-02T10:00:00.000Z',
        responsibleAuthorityCode: KENT,
        hostAuthorityCode: KENT,
        createdAt: NOW,
        updatedAt: NOW,
      },
    ])
    .execute();
  await aReferral(twice, KENT, '2024-05-02T10:00:00.000Z', { firstAllocatedAt: '2024-05-03T10:00:00.000Z', closedAt: '2024-08-01T10:00:00.000Z' });
  await aReferral(twice, KENT, '2024-10-01T10:00:00.000Z', { firstAllocatedAt: '2024-10-02T10:00:00.000Z', allocation: { advocateId: 'g1', endedAt: null } });
  // Referred in Croydon, allocated, the allocation ended before the period's end: no caseload.
  const croydon = await aChild(CROYDON, 20, 'F', '2010-01-01');
  await aReferral(croydon, CROYDON, '2024-06-01T10:00:00.000Z', {
    firstAllocatedAt: '2024-06-02T10:00:00.000Z',
    allocation: { advocateId: 'g2', endedAt: '2025-01-01T10:00:00.000Z' },
  });
  // Another service's referral, and one before the period.
  await aReferral(await aChild(KENT, 30, 'F', '2009-01-01'), KENT, '2024-07-01T10:00:00.000Z', { service: OTHER_SERVICE });
  await aReferral(await aChild(KENT, 40, 'F', '2009-01-01'), KENT, '2024-01-01T10:00:00.000Z');
});
afterAll(async () => {
  await handle.close();
});

describe('countGuardianService', () => {
  it('should read each child referred once, the closures and the caseload at the end of the period, as the statistics role', async () => {
    const facts = await asStatisticsRole(handle.db, (trx) => countGuardianService(trx, { ...PERIOD, authorityCodes: null, serviceOrganisationCode: SERVICE }));
    expect([...facts.referrals].sort((a, b) => a.recordKey - b.recordKey)).toEqual([
      { recordKey: 10, source: 'POLICE', sex: 'M', nationality: 'AL', ageAtReferral: 16, exploitationTypes: ['CRIMINAL', 'SEXUAL'], wentMissing: true },
      { recordKey: 20, source: 'POLICE', sex: 'F', nationality: 'AL', ageAtReferral: 14, exploitationTypes: [], wentMissing: false },
    ]);
    expect(facts.closures).toEqual([{ recordKey: 10, reason: 'NO_LONGER_NEEDED', supportDays: 90 }]);
    expect(facts.caseload).toEqual([{ recordKey: 10, guardianId: 'g1', site: 'South East' }]);
  });

  it('should count only the area and the service asked for', async () => {
    const croydon = await asStatisticsRole(handle.db, (trx) =>
      countGuardianService(trx, { ...PERIOD, authorityCodes: [CROYDON], serviceOrganisationCode: null }),
    );
    expect(croydon.referrals.map((referral) => referral.recordKey)).toEqual([20]);
    const everyService = await asStatisticsRole(handle.db, (trx) =>
      countGuardianService(trx, { ...PERIOD, authorityCodes: [KENT], serviceOrganisationCode: null }),
    );
    expect(everyService.referrals.map((referral) => referral.recordKey).sort()).toEqual([10, 30]);
  });

  it('should not let the statistics role read who referred, who triaged or a closure’s note', async () => {
    for (const column of ['referred_by', 'triaged_by', 'closure_note', 'parental_responsibility']) {
      await expect(asStatisticsRole(handle.db, (trx) => sql`select ${sql.raw(column)} from guardian_referral`.execute(trx))).rejects.toThrow(
        /permission denied/,
      );
    }
  });
});
