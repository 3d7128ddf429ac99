import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { value } from '../../test/helpers/result.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createAlertService } from './alert-service.ts';
import { createAuditLog } from './audit-log.ts';
import { createChildService } from './child-service.ts';
import type { ChildService, NewChild } from './child-service.ts';

// Adding a looked-after child is one use case: the child and their first care period are checked
// together and saved in one transaction, or not at all.

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const worker: Actor = { id: 'add-child-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const clock = createFakeClock('2025-06-15T12:00:00Z');
const carePeriod = { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1', hostAuthorityCode: MEDWAY };

let handle: DatabaseHandle;
let children: ChildService;
/** The same service, whose alerts fail once the care period is written: the last step of the transaction. */
let failingAfterWrites: ChildService;

let made = 0;
const aChild = (): NewChild => {
  made += 1;
  return { laChildId: `ADD-${made}`, givenNames: 'Ana', familyName: 'Addedtogether', sex: 'F', dateOfBirthClaimed: '2010-02-03', upn: 'UN2' };
};
const recorded = async (laChildId: string) => handle.db.selectFrom('child').select('id').where('laChildId', '=', laChildId).execute();

beforeAll(async () => {
  handle = await createTestDatabase();
  const core = { db: handle.db, now: clock.now, newId: randomUUID };
  const base = { ...core, audit: createAuditLog(core) };
  const alerts = createAlertService(base).raiser;
  children = createChildService({ ...base, alerts });
  failingAfterWrites = createChildService({
    ...base,
    alerts: {
      ...alerts,
      carePeriodStarted: () => Promise.reject(new Error('The alert store is unavailable')),
    },
  });
});
afterAll(async () => {
  await handle.close();
});

describe('adding a looked-after child with their first care period', () => {
  it('should save the child and the care period together, each created on the audit trail', async () => {
    const input = aChild();
    const added = value(await children.addLookedAfterChild(worker, input, carePeriod));
    expect(added.child).toMatchObject({ laChildId: input.laChildId, responsibleAuthorityCode: KENT, version: 1 });
    expect(added.carePeriods).toMatchObject([{ ...carePeriod, responsibleAuthorityCode: KENT, endDate: null, outOfArea: true }]);
    const stored = value(await children.getChild(worker, added.child.id));
    expect(stored.carePeriods.map((period) => period.id)).toEqual(added.carePeriods.map((period) => period.id));
    expect(stored.ageStatuses).toMatchObject([{ status: 'ACCEPTED', effectiveFrom: '2025-06-15' }]);
    const created = await handle.db
      .selectFrom('auditEvent')
      .select(['entity', 'entityId'])
      .where('childId', '=', added.child.id)
      .where('action', '=', 'CREATE')
      .where('entity', 'in', ['child', 'carePeriod'])
      .orderBy('seq')
      .execute();
    expect(created).toEqual([
      { entity: 'child', entityId: added.child.id },
      { entity: 'carePeriod', entityId: added.carePeriods[0]!.id },
    ]);
  });

  it('should give every problem with the child and the care period at once, and save nothing', async () => {
    const taken = aChild();
    value(await children.addLookedAfterChild(worker, taken, carePeriod));
    const refused = await children.addLookedAfterChild(
      worker,
      { ...taken, givenNames: null, familyName: null },
      { ...carePeriod, startDate: '2026-01-01', hostAuthorityCode: 'E99999999' },
    );
    expect(refused.ok).toBe(false);
    const fields = !refused.ok && refused.error.kind === 'invalid' ? refused.error.violations.map((violation) => `${violation.entity}.${violation.field}`) : [];
    expect(fields).toEqual(expect.arrayContaining(['child.givenNames', 'child.laChildId', 'carePeriod.startDate', 'carePeriod.hostAuthorityCode']));
    expect(await recorded(taken.laChildId)).toHaveLength(1);
  });

  it('should save neither the child nor the care period when any step of the transaction fails', async () => {
    const input = aChild();
    await expect(failingAfterWrites.addLookedAfterChild(worker, input, carePeriod)).rejects.toThrow('The alert store is unavailable');
    expect(await recorded(input.laChildId)).toEqual([]);
  });

  it('should be "not found" for someone who may not add children', async () => {
    const advocate: Actor = { id: 'add-child-advocate', organisationCode: 'GUARDIAN-SERVICE', localAuthorityCode: null, role: 'advocate' };
    const input = aChild();
    expect(await children.addLookedAfterChild(advocate, input, carePeriod)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await recorded(input.laChildId)).toEqual([]);
  });
});

describe('recording an age assessment', () => {
  const assessment = {
    referredOn: '2025-03-03',
    assessedOn: '2025-05-12',
    assessedBy: 'LOCAL_AUTHORITY' as const,
    mertonCompliant: true,
    outcome: 'CHILD' as const,
    assessedDateOfBirth: '2009-01-01',
    response: 'ACCEPTED' as const,
  };
  const changesOf = (childId: string) =>
    handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'details'])
      .where('childId', '=', childId)
      .where('action', 'in', ['CREATE', 'CHANGE'])
      .orderBy('seq')
      .execute();

  it('should save the assessment, the age status it gives and the date of birth it sets, each audited with its before and after', async () => {
    const { child } = value(await children.addLookedAfterChild(worker, aChild(), carePeriod));
    const saved = value(await children.recordAgeAssessment(worker, child.id, assessment));
    expect(saved).toMatchObject({ ...assessment, childId: child.id, assessedAge: null, note: null });
    const record = value(await children.getChild(worker, child.id));
    expect(record.ageAssessments).toMatchObject([{ id: saved.id, outcome: 'CHILD', mertonCompliant: true }]);
    expect(record.ageStatuses.map((entry) => [entry.effectiveFrom, entry.status])).toEqual([
      ['2025-05-12', 'ASSESSED_CHILD'],
      ['2025-06-15', 'ACCEPTED'],
    ]);
    expect(record.child).toMatchObject({ dateOfBirthAssessed: '2009-01-01', version: 2 });
    // After the child's creation: the assessment, the status and the child's change, in that order.
    const changes = (await changesOf(child.id)).filter((event) => ['ageAssessment', 'ageStatus', 'child'].includes(event.entity)).slice(1);
    expect(changes).toEqual([
      { action: 'CREATE', entity: 'ageAssessment', details: expect.objectContaining({ outcome: { before: null, after: 'CHILD' } }) },
      { action: 'CREATE', entity: 'ageStatus', details: expect.objectContaining({ status: { before: null, after: 'ASSESSED_CHILD' } }) },
      { action: 'CHANGE', entity: 'child', details: { dateOfBirthAssessed: { before: null, after: '2009-01-01' }, version: { before: 1, after: 2 } } },
    ]);
  });

  it('should refuse an assessment the rules refuse, naming the field, and save nothing', async () => {
    const { child } = value(await children.addLookedAfterChild(worker, aChild(), carePeriod));
    const refused = await children.recordAgeAssessment(worker, child.id, { ...assessment, outcome: 'ADULT' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        violations: [{ entity: 'ageAssessment', field: 'assessedDateOfBirth', message: expect.stringContaining('makes them 16 on the date of the outcome') }],
      },
    });
    expect(value(await children.getChild(worker, child.id)).ageAssessments).toEqual([]);
    expect((await changesOf(child.id)).map((event) => event.entity)).not.toContain('ageAssessment');
  });

  it('should be "not found" for another authority', async () => {
    const { child } = value(await children.addLookedAfterChild(worker, aChild(), carePeriod));
    const medway: Actor = { id: 'assess-medway', organisationCode: MEDWAY, localAuthorityCode: MEDWAY, role: 'social_worker' };
    expect(await children.recordAgeAssessment(medway, child.id, assessment)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });
});
