import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPartnerOrganisations, GUARDIANS, KENT, MEDWAY } from '../../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { TraffickingStatus } from '../../domain/codes.ts';
import type { DatabaseHandle } from '../client.ts';
import { childAlertContext } from './alert-repository.ts';

// What the alert rules read of a child, in the one statement every report, return and interview
// runs: on a real database (PGlite, and PostgreSQL in CI).

const AT = '2025-06-15T12:00:00.000Z';
let handle: DatabaseHandle;
let made = 0;

async function child(): Promise<string> {
  made += 1;
  const id = randomUUID();
  await handle.db
    .insertInto('child')
    .values({
      id,
      laChildId: `CTX-${made}`,
      responsibleAuthorityCode: KENT,
      givenNames: 'Amira',
      familyName: `Context${made}`,
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      upn: 'UN2',
      createdAt: AT,
      updatedAt: AT,
    })
    .execute();
  return id;
}

/** A concern on the child with these statuses, in the order given (each a day after the last). */
async function concern(childId: string, statuses: readonly TraffickingStatus[]): Promise<void> {
  const concernId = randomUUID();
  await handle.db
    .insertInto('traffickingConcern')
    .values({ id: concernId, childId, raisedOn: '2025-01-01', raisedBy: 'user-worker', indicators: [], exploitationTypes: [], createdAt: AT, updatedAt: AT })
    .execute();
  for (const [day, status] of statuses.entries()) {
    await handle.db
      .insertInto('traffickingStatus')
      .values({ id: randomUUID(), concernId, status, effectiveFrom: `2025-01-${String(day + 1).padStart(2, '0')}`, basis: 'RECORDED', createdAt: AT })
      .execute();
  }
}

beforeAll(async () => {
  handle = await createTestDatabase();
  await addPartnerOrganisations(handle.db);
});
afterAll(async () => handle.close());

describe('a child’s alert context', () => {
  it('is null for a child that is not there', async () => {
    expect(await childAlertContext(handle.db, randomUUID())).toBeNull();
  });

  it('has no host, advocate, concern or local settings when none is recorded', async () => {
    const id = await child();
    expect(await childAlertContext(handle.db, id)).toEqual({
      childId: id,
      responsibleAuthorityCode: KENT,
      hostAuthorityCode: null,
      trafficked: false,
      advocate: null,
      localSettings: null,
    });
  });

  it('counts a concern as trafficking unless its latest status is "not trafficked"', async () => {
    const cases: [readonly (readonly TraffickingStatus[])[], boolean][] = [
      [[[]], true], // raised, no status yet
      [[['SUSPECTED']], true],
      [[['SUSPECTED', 'NOT_TRAFFICKED']], false],
      [[['NOT_TRAFFICKED', 'CONFIRMED']], true],
      [[['NOT_TRAFFICKED'], ['SUSPECTED', 'NOT_TRAFFICKED']], false],
      [[['NOT_TRAFFICKED'], ['IDENTIFIED']], true],
    ];
    for (const [concerns, trafficked] of cases) {
      const id = await child();
      for (const statuses of concerns) await concern(id, statuses);
      expect((await childAlertContext(handle.db, id))?.trafficked, JSON.stringify(concerns)).toBe(trafficked);
    }
  });

  it('gives the open out-of-area placement, the current advocate and the authority’s local settings', async () => {
    const id = await child();
    await handle.db
      .insertInto('carePeriod')
      .values([
        {
          id: randomUUID(),
          childId: id,
          startDate: '2024-01-01',
          endDate: '2024-06-01',
          legalStatus: 'C2',
          placementType: 'U1',
          responsibleAuthorityCode: KENT,
          hostAuthorityCode: KENT,
          createdAt: AT,
          updatedAt: AT,
        },
        {
          id: randomUUID(),
          childId: id,
          startDate: '2024-06-01',
          endDate: null,
          legalStatus: 'C2',
          placementType: 'U1',
          responsibleAuthorityCode: KENT,
          hostAuthorityCode: MEDWAY,
          createdAt: AT,
          updatedAt: AT,
        },
      ])
      .execute();
    await handle.db
      .insertInto('advocateAllocation')
      .values([
        {
          id: randomUUID(),
          childId: id,
          advocateId: 'advocate-old',
          organisationCode: GUARDIANS,
          allocatedOn: '2024-01-01',
          endedOn: '2024-12-31',
          createdAt: AT,
        },
        { id: randomUUID(), childId: id, advocateId: 'advocate-now', organisationCode: GUARDIANS, allocatedOn: '2025-01-01', endedOn: null, createdAt: AT },
      ])
      .execute();
    await handle.db
      .insertInto('alertLocalSetting')
      .values({
        authorityCode: KENT,
        repeatThreshold: 2,
        repeatWindowDays: 14,
        priorityInterviewAfterHours: 24,
        updatedAt: AT,
        updatedBy: 'user-manager',
        version: 1,
      })
      .execute();
    expect(await childAlertContext(handle.db, id)).toMatchObject({
      hostAuthorityCode: MEDWAY,
      advocate: { userId: 'advocate-now', organisationCode: GUARDIANS },
      localSettings: { repeatThreshold: 2, repeatWindowDays: 14, priorityInterviewAfterHours: 24 },
    });
  });
});
