import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hrefsOf, tableRows } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT, NATIONAL } from './api-helpers.ts';

// The guardian service's caseload and statistics (issue 15, item 3) through app.inject: the service's
// managers see their own figures as they are, for any period, with the caseload by guardian; the national
// unit sees them disclosure-controlled, for standard periods only; anyone else gets "not found". Every
// request is audited. The test clock is 15 June 2025, so the default period is the year to 31 March 2025.

let t: TestApp;
let guardian: { id: string; name: string };

/** A referral to the test guardian service, as the service's work leaves it. */
async function refer(childId: string, authority: string, options: { closedAt?: string; allocatedTo?: string; firstAllocatedAt?: string } = {}) {
  const id = crypto.randomUUID();
  const referredAt = '2024-10-01T10:00:00.000Z';
  const firstAllocatedAt = options.firstAllocatedAt ?? null;
  await t.handle.db
    .insertInto('guardianReferral')
    .values({
      id,
      childId,
      responsibleAuthorityCode: authority,
      serviceOrganisationCode: GUARDIANS,
      source: 'RESPONSIBLE_AUTHORITY',
      referredBy: 'someone',
      referrerOrganisationCode: authority,
      referredAt,
      parentalResponsibility: 'NO',
      status: options.closedAt === undefined ? (options.allocatedTo === undefined ? 'AWAITING_TRIAGE' : 'ALLOCATED') : 'CLOSED',
      triagedAt: null,
      triagedBy: null,
      firstAllocatedAt,
      closedAt: options.closedAt ?? null,
      closureReason: options.closedAt === undefined ? null : 'TURNED_18',
      closureNote: null,
    })
    .execute();
  if (options.allocatedTo !== undefined && firstAllocatedAt !== null) {
    await t.handle.db
      .insertInto('advocateAllocation')
      .values({
        id: crypto.randomUUID(),
        childId,
        advocateId: options.allocatedTo,
        organisationCode: GUARDIANS,
        allocatedOn: firstAllocatedAt.slice(0, 10),
        endedOn: null,
        createdAt: firstAllocatedAt,
        referralId: id,
        guardianRole: 'DIRECT_WORKER',
        allocatedAt: firstAllocatedAt,
        allocatedBy: 'someone',
        endedAt: null,
      })
      .execute();
  }
}

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const advocate = await signedInClient(t.app, t.services, GUARDIANS, 'advocate');
  guardian = { id: advocate.userId, name: 'Test advocate' };
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
  const kentChildren = [];
  for (let i = 0; i < 7; i += 1) kentChildren.push((await createLookedAfterChild(kent, { givenNames: `Referred${i}` })).id);
  const croydonChild = (await createLookedAfterChild(croydon, { givenNames: 'Referred', sex: 'M', nationality: 'ER' })).id;
  // Record keys of 0 are not perturbed, so that the controlled figures can be read exactly. A key is never
  // changed (migration 0020's trigger), so the test sets them with the trigger off.
  await sql`alter table child disable trigger child_keep_record_key`.execute(t.handle.db);
  await t.handle.db.updateTable('child').set({ recordKey: 0 }).execute();
  await sql`alter table child enable trigger child_keep_record_key`.execute(t.handle.db);
  for (const [i, childId] of kentChildren.entries()) {
    if (i === 6) await refer(childId, KENT, { firstAllocatedAt: '2024-10-02T10:00:00.000Z', closedAt: '2025-02-01T10:00:00.000Z' });
    else await refer(childId, KENT, { allocatedTo: guardian.id, firstAllocatedAt: '2024-10-02T10:00:00.000Z' });
  }
  await refer(croydonChild, CROYDON, { allocatedTo: guardian.id, firstAllocatedAt: '2024-10-03T10:00:00.000Z' });
  const missing = await kent('POST', `/children/${kentChildren[0] ?? ''}/missing-episodes`, { type: 'M', startAt: '2024-12-01T10:00:00Z' });
  expect(missing.status).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const YEAR = 'from=2024-04-01&to=2025-03-31';

describe('the guardian service’s statistics page', () => {
  it('should show the service’s managers their true counts, the caseload by site and by guardian, and audit the request', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');
    const referrals = await client.get('/guardian-referrals');
    expect(hrefsOf(referrals.body)).toContain('/guardian-statistics');
    const page = await client.get('/guardian-statistics');
    expect(page.statusCode).toBe(200);
    expect(tableRows(page.body, 'Summary')).toEqual([
      ['Children referred', '8'],
      ['Of them, went missing after their referral (%)', '12.5%'],
      ['Referrals closed', '1'],
      ['Children with a guardian at the end of the period', '7'],
    ]);
    expect(tableRows(page.body, 'by sex')).toEqual([
      ['Male', '1', '12.5%'],
      ['Female', '7', '87.5%'],
      ['Not known', '0', '0.0%'],
      ['Total', '8', '100.0%'],
    ]);
    expect(tableRows(page.body, 'by site')).toEqual([
      ['London', '1', '14.3%'],
      ['South East', '6', '85.7%'],
      ['Total', '7', '100.0%'],
    ]);
    expect(tableRows(page.body, 'by guardian')).toEqual([
      [guardian.name, '7', '100.0%'],
      ['Total', '7', '100.0%'],
    ]);
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity', 'entityId', 'details']).where('actorId', '=', userId).execute();
    expect(events).toContainEqual(
      expect.objectContaining({
        action: 'EXPORT',
        entity: 'statistics',
        entityId: 'guardian-service',
        details: expect.objectContaining({ from: '2024-04-01', to: '2025-03-31', geography: 'uk', view: 'owner', service: GUARDIANS }),
      }),
    );
  });

  it('should count only the area asked for, for any period the service’s managers choose', async () => {
    const { client } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');
    const page = await client.get(`/guardian-statistics?from=2024-09-15&to=2024-10-01&geography=authority:${CROYDON}`);
    expect(tableRows(page.body, 'Summary')[0]).toEqual(['Children referred', '1']);
    expect(tableRows(page.body, 'Summary')[3]).toEqual(['Children with a guardian at the end of the period', '0']);
  });

  it('should name the field that is wrong, and count nothing', async () => {
    const { client } = await signedInClient(t.app, t.services, GUARDIANS, 'guardian_manager');
    const page = await client.get('/guardian-statistics?from=2025-13-01&to=2025-03-31');
    expect(page.statusCode).toBe(200);
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#from', text: 'Enter the first day of the period as a real date in the format YYYY-MM-DD' }]);
    expect(tableRows(page.body, 'Summary')).toEqual([]);
  });

  it('should show the national unit the figures disclosure-controlled, and refuse a period that is not standard', async () => {
    const { client } = await signedInClient(t.app, t.services, NATIONAL, 'national_analyst');
    expect(hrefsOf((await client.get('/statistics')).body)).toContain('/guardian-statistics');
    const page = await client.get(`/guardian-statistics?${YEAR}&geography=authority:${KENT}`);
    expect(page.statusCode).toBe(200);
    // 7 Kent children referred: 1 went missing, suppressed (and the share with it).
    expect(tableRows(page.body, 'Summary').slice(0, 2)).toEqual([
      ['Children referred', '7'],
      ['Of them, went missing after their referral (%)', '[c]'],
    ]);
    expect(tableRows(page.body, 'by guardian')).toEqual([]);
    const odd = await client.get(`/guardian-statistics?from=2024-04-02&to=2025-03-31`);
    expect(errorSummaryOf(odd.body)[0]?.href).toBe('#from');
    expect(tableRows(odd.body, 'Summary')).toEqual([]);
  });

  it('should be "Page not found" for anyone else, and not linked from their Statistics page', async () => {
    for (const [organisation, role, seesStatistics] of [
      [KENT, 'social_worker', false],
      [KENT, 'data_officer', true],
      [KENT, 'team_manager', true],
      [GUARDIANS, 'advocate', false],
    ] as const) {
      const { client } = await signedInClient(t.app, t.services, organisation, role);
      expect((await client.get('/guardian-statistics')).statusCode).toBe(404);
      const statistics = await client.get('/statistics');
      expect(statistics.statusCode).toBe(seesStatistics ? 200 : 404);
      expect(hrefsOf(statistics.body)).not.toContain('/guardian-statistics');
    }
  });
});

describe('the guardian service’s statistics through the API', () => {
  it('should give the service’s managers their figures, and the national unit controlled ones for standard periods only', async () => {
    const manager = apiClient(t.app, await t.token(GUARDIANS, 'guardian_manager'));
    const own = await manager('GET', `/guardian-statistics?${YEAR}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ disclosure: { kind: 'owner' }, referrals: { kind: 'count', value: 8 }, caseload: { kind: 'count', value: 7 } });
    expect((own.body['tables'] as { id: string }[]).map((table) => table.id)).toContain('caseloadByGuardian');

    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const controlled = await national('GET', `/guardian-statistics?${YEAR}&geography=authority:${KENT}`);
    expect(controlled.status).toBe(200);
    expect(controlled.body).toMatchObject({ disclosure: { kind: 'controlled' }, percentWentMissing: { kind: 'suppressed', reason: 'DERIVED' } });
    expect((controlled.body['tables'] as { id: string }[]).map((table) => table.id)).not.toContain('caseloadByGuardian');
    const odd = await national('GET', '/guardian-statistics?from=2024-04-02&to=2025-03-31');
    expect(odd.status).toBe(400);
    expect(odd.body['errors']).toEqual([expect.objectContaining({ field: 'from' })]);

    const socialWorker = apiClient(t.app, await t.token(KENT, 'social_worker'));
    expect((await socialWorker('GET', `/guardian-statistics?${YEAR}`)).status).toBe(404);
  });
});
