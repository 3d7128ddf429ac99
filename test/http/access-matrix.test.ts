import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/services/actor.ts';
import type { Role } from '../../src/services/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, createLookedAfterChild, CROYDON, KENT, MEDWAY } from './api-helpers.ts';

// The access rules are written down in docs/access.md; this test reads its tables and holds the
// API to every cell: each role, in each relationship to a child, reading and changing the record.

function readTable(heading: string): Map<string, Map<string, string>> {
  const markdown = readFileSync(path.join(import.meta.dirname, '../../docs/access.md'), 'utf8');
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  const rows = lines.slice(first, end).map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
  const [header, , ...body] = rows;
  const columns = header!.slice(1);
  const table = new Map<string, Map<string, string>>();
  for (const cells of body) {
    table.set(cells[0]!, new Map(columns.map((column, index) => [column, cells[index + 1]!])));
  }
  return table;
}

const reading = readTable('### Reading');
const changing = readTable('### Changing');

const GUARDIANS = 'GUARDIAN-SERVICE';
const KENT_POLICE = 'KENT-POLICE';
const NATIONAL = 'NATIONAL-UNIT';

type Column = 'responsible' | 'host' | 'other' | 'allocated' | 'not allocated' | 'police, missing' | 'police, found' | 'national';
const COLUMNS: readonly Column[] = ['responsible', 'host', 'other', 'allocated', 'not allocated', 'police, missing', 'police, found', 'national'];
const ORGANISATION_OF: Record<Column, string> = {
  responsible: KENT,
  host: MEDWAY,
  other: CROYDON,
  allocated: GUARDIANS,
  'not allocated': GUARDIANS,
  'police, missing': KENT_POLICE,
  'police, found': KENT_POLICE,
  national: NATIONAL,
};

let t: TestApp;
let missingChild: string;
let foundChild: string;

async function placeOutOfArea(api: ReturnType<typeof apiClient>, id: string) {
  const record = await api('GET', `/children/${id}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  await api('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version });
}

beforeAll(async () => {
  t = await buildTestApp();
  await t.handle.db
    .insertInto('organisation')
    .values([
      { code: GUARDIANS, name: 'Independent Child Trafficking Guardians', kind: 'guardian_service', localAuthorityCode: null },
      { code: KENT_POLICE, name: 'Kent Police', kind: 'police_force', localAuthorityCode: null },
      { code: NATIONAL, name: 'National coordination unit', kind: 'national_unit', localAuthorityCode: null },
    ])
    .execute();
  await t.handle.db.insertInto('policeForceArea').values([{ organisationCode: KENT_POLICE, localAuthorityCode: KENT }, { organisationCode: KENT_POLICE, localAuthorityCode: MEDWAY }]).execute();
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  missingChild = (await createLookedAfterChild(kent, { givenNames: 'Matrix', familyName: 'Missing' })).id;
  foundChild = (await createLookedAfterChild(kent, { givenNames: 'Matrix', familyName: 'Found' })).id;
  for (const id of [missingChild, foundChild]) {
    await placeOutOfArea(kent, id);
    await kent('POST', `/children/${id}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Social worker', exploitationTypes: ['CRIMINAL'] });
  }
  await kent('POST', `/children/${missingChild}/missing-episodes`, { type: 'M', startAt: '2025-06-14T20:00:00Z', policeForce: 'Kent Police', policeReference: 'KP-1' });
});
afterAll(async () => {
  await t.close();
});

async function actorFor(role: Role, column: Column) {
  const token = await t.token(ORGANISATION_OF[column], role);
  const actor = await t.services.apiTokens.authenticate(token, null);
  if (column === 'allocated' && actor) {
    for (const childId of [missingChild, foundChild]) {
      await t.handle.db.insertInto('advocateAllocation').values({ id: crypto.randomUUID(), childId, advocateId: actor.id, organisationCode: GUARDIANS, allocatedOn: '2025-01-01', endedOn: null, createdAt: '2025-01-01T00:00:00Z' }).execute();
    }
  }
  return apiClient(t.app, token);
}

describe('the access rules in docs/access.md', () => {
  it('should list every role in both tables', () => {
    expect([...reading.keys()].sort()).toEqual([...ROLES].sort());
    expect([...changing.keys()].sort()).toEqual([...ROLES].sort());
  });

  for (const role of ROLES) {
    for (const column of COLUMNS) {
      const expectedView = reading.get(role)?.get(column);
      const mayChange = changing.get(role)?.get(column);
      it(`should give a ${role} (${column}) the view "${expectedView}" and ${mayChange === 'yes' ? 'let' : 'not let'} them change the record`, async () => {
        const api = await actorFor(role, column);
        const childId = column === 'police, found' ? foundChild : missingChild;
        const read = await api('GET', `/children/${childId}`);
        if (expectedView === 'none') {
          expect(read.status).toBe(404);
        } else {
          expect(read.status).toBe(200);
          expect(read.body['access']).toBe(expectedView);
          const concerns = read.body['traffickingConcerns'] as unknown[];
          expect(concerns.length).toBe(expectedView === 'full' || expectedView === 'advocate' ? 1 : 0);
        }
        const { version } = await t.handle.db.selectFrom('child').select('version').where('id', '=', childId).executeTakeFirstOrThrow();
        const change = await api('PATCH', `/children/${childId}`, { interpreterNeeded: version % 2 === 0, version });
        expect(change.status).toBe(mayChange === 'yes' ? 200 : 404);
      });
    }
  }
});

describe('break-glass', () => {
  it('should open a record for four hours with a reason, audit it, and put it in the team managers’ review list', async () => {
    const police = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    expect((await police('GET', `/children/${foundChild}`)).status).toBe(404);
    expect((await police('POST', `/children/${foundChild}/break-glass`, { reason: 'short' })).status).toBe(422);
    const opened = await police('POST', `/children/${foundChild}/break-glass`, { reason: 'Child found in Croydon giving this name; urgent safeguarding check' });
    expect(opened.status).toBe(201);
    const read = await police('GET', `/children/${foundChild}`);
    expect(read.status).toBe(200);
    expect(read.body['access']).toBe('break_glass');
    expect((await police('PATCH', `/children/${foundChild}`, { interpreterNeeded: true, version: 1 })).status).toBe(404);

    const manager = apiClient(t.app, await t.token(KENT, 'team_manager'));
    const reviews = await manager('GET', '/break-glass-reviews');
    const pending = reviews.body as unknown as { id: string; childId: string; reason: string }[];
    expect(pending).toEqual([expect.objectContaining({ childId: foundChild, reason: 'Child found in Croydon giving this name; urgent safeguarding check' })]);
    expect((await manager('POST', `/break-glass-reviews/${pending[0]!.id}`, { note: 'Confirmed with Croydon duty team' })).status).toBe(200);
    expect(((await manager('GET', '/break-glass-reviews')).body as unknown as unknown[]).length).toBe(0);

    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'reason']).where('childId', '=', foundChild).where('action', '=', 'BREAK_GLASS').execute();
    expect(events).toEqual([{ action: 'BREAK_GLASS', reason: 'Child found in Croydon giving this name; urgent safeguarding check' }]);

    t.clock.advanceHours(5);
    expect((await police('GET', `/children/${foundChild}`)).status).toBe(404);
  });

  it('should not let a national analyst or an administrator break the glass', async () => {
    for (const role of ['national_analyst', 'organisation_administrator', 'system_administrator'] as const) {
      const api = apiClient(t.app, await t.token(NATIONAL, role));
      expect((await api('POST', `/children/${foundChild}/break-glass`, { reason: 'I would like to see this record please' })).status).toBe(404);
    }
  });
});
