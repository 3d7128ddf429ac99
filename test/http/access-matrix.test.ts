import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANISATION_KINDS, roleFitsKind } from '../../src/domain/access/roles.ts';
import type { OrganisationKind } from '../../src/domain/access/roles.ts';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import {
  addMetropolitanPolice,
  AN_AGE_ASSESSMENT,
  addPartnerOrganisations,
  apiClient,
  createLookedAfterChild,
  CROYDON,
  errorsOf,
  GUARDIANS,
  KENT,
  KENT_POLICE,
  MEDWAY,
  MET_POLICE,
  NATIONAL,
} from './api-helpers.ts';

// The access rules are written down in docs/access.md; this test reads its tables and holds the
// API to every cell: each role, in each relationship to a child, reading and changing the record.

function readTable(heading: string): Map<string, Map<string, string>> {
  const markdown = readFileSync(path.join(import.meta.dirname, '../../docs/access.md'), 'utf8');
  const lines = markdown.slice(markdown.indexOf(heading)).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  const rows = lines.slice(first, end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
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
const guardianRecord = readTable("### The guardian's record");

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

/** A guardian service with no referral or allocation of the children here (the service's managers see its children). */
const OTHER_GUARDIANS = 'OTHER-GUARDIANS';

const KIND_OF: Record<string, OrganisationKind> = {
  [KENT]: 'local_authority',
  [MEDWAY]: 'local_authority',
  [CROYDON]: 'local_authority',
  [GUARDIANS]: 'guardian_service',
  [OTHER_GUARDIANS]: 'guardian_service',
  [KENT_POLICE]: 'police_force',
  [MET_POLICE]: 'police_force',
  [NATIONAL]: 'national_unit',
};
/** For each kind, an organisation with no relationship to the child: another authority, another guardian service, a force whose area does not cover the placement. */
const UNRELATED: Record<OrganisationKind, string> = {
  local_authority: CROYDON,
  guardian_service: OTHER_GUARDIANS,
  police_force: MET_POLICE,
  national_unit: NATIONAL,
};

/**
 * Where a user in `role` stands in `column`'s relationship to the child. No token is made in a role its
 * organisation's kind does not have, so where no organisation of the role's kind can stand in that
 * relationship (a police coordinator at the responsible authority), the user works for an organisation of
 * their own kind with no relationship to the child, as the tables mean by such a cell.
 */
function organisationFor(role: Role, column: Column): string {
  const organisation = ORGANISATION_OF[column];
  if (roleFitsKind(role, KIND_OF[organisation]!)) return organisation;
  const kind = ORGANISATION_KINDS.find((candidate) => roleFitsKind(role, candidate));
  if (kind === undefined) throw new Error(`no kind of organisation has the role ${role}`);
  return UNRELATED[kind];
}

let t: TestApp;
let missingChild: string;
let foundChild: string;
/** Children an actor in the "allocated" column is allocated to. */
const allocatable: string[] = [];

async function placeOutOfArea(api: ReturnType<typeof apiClient>, id: string) {
  const record = await api('GET', `/children/${id}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  await api('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version });
}

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  await addMetropolitanPolice(t.handle.db);
  await t.handle.db
    .insertInto('organisation')
    .values({ code: OTHER_GUARDIANS, name: 'Another guardian service', kind: 'guardian_service', localAuthorityCode: null })
    .execute();
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  missingChild = (await createLookedAfterChild(kent, { givenNames: 'Matrix', familyName: 'Missing' })).id;
  foundChild = (await createLookedAfterChild(kent, { givenNames: 'Matrix', familyName: 'Found' })).id;
  for (const id of [missingChild, foundChild]) {
    await placeOutOfArea(kent, id);
    await kent('POST', `/children/${id}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Social worker', exploitationTypes: ['CRIMINAL'] });
  }
  await kent('POST', `/children/${missingChild}/missing-episodes`, {
    type: 'M',
    startAt: '2025-06-14T20:00:00Z',
    policeForce: 'Kent Police',
    policeReference: 'KP-1',
  });
  allocatable.push(missingChild, foundChild);
});
afterAll(async () => {
  await t.close();
});

async function actorFor(role: Role, column: Column) {
  const organisation = organisationFor(role, column);
  const token = await t.token(organisation, role);
  const actor = await t.services.apiTokens.authenticate(token, null);
  if (column === 'allocated' && organisation === GUARDIANS && actor) {
    for (const childId of allocatable) {
      await t.handle.db
        .insertInto('advocateAllocation')
        .values({
          id: crypto.randomUUID(),
          childId,
          advocateId: actor.id,
          organisationCode: GUARDIANS,
          allocatedOn: '2025-01-01',
          endedOn: null,
          createdAt: '2025-01-01T00:00:00Z',
        })
        .execute();
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

describe("the guardian's record, as docs/access.md has it", () => {
  const kindsOf = (body: Record<string, unknown>) => (body['entries'] as { kind: string }[]).map((entry) => entry.kind);

  beforeAll(async () => {
    // A guardian of the service, allocated to the child, has recorded the child's views and a contact; no consent to share yet.
    const guardian = await actorFor('advocate', 'allocated');
    for (const entry of [
      { kind: 'CHILD_VIEWS', occurredOn: '2025-06-01', text: 'I want to stay at school here' },
      { kind: 'CONTACT', occurredOn: '2025-06-02', type: 'IN_PERSON', withWhom: 'The child', text: 'Met at the placement' },
    ]) {
      expect((await guardian('POST', `/children/${missingChild}/guardian-record/entries`, entry)).status).toBe(201);
    }
  });

  it('should list every role', () => {
    expect([...guardianRecord.keys()].sort()).toEqual([...ROLES].sort());
  });

  for (const role of ROLES) {
    for (const column of COLUMNS) {
      const expectedView = guardianRecord.get(role)?.get(column);
      it(`should give a ${role} (${column}) the view "${expectedView}" of the guardian's record`, async () => {
        const api = await actorFor(role, column);
        const childId = column === 'police, found' ? foundChild : missingChild;
        const read = await api('GET', `/children/${childId}/guardian-record`);
        if (expectedView === 'none') {
          expect(read.status).toBe(404);
        } else {
          expect(read.status).toBe(200);
          expect(read.body['view']).toBe(expectedView);
          // Without the child's consent the authority sees that the guardian is working, not what the child said.
          expect(kindsOf(read.body)).toContain('CONTACT');
          if (expectedView === 'authority') expect(kindsOf(read.body)).not.toContain('CHILD_VIEWS');
          else expect(kindsOf(read.body)).toContain('CHILD_VIEWS');
        }
        const add = await api('POST', `/children/${childId}/guardian-record/entries`, { kind: 'MEETING', occurredOn: '2025-06-03', type: 'STRATEGY' });
        expect(add.status).toBe(expectedView === 'guardian' ? 201 : 404);
      });
    }
  }

  it("should show the responsible authority the child's views and the notes once the child consents to share them", async () => {
    const guardian = await actorFor('advocate', 'allocated');
    await guardian('POST', `/children/${missingChild}/guardian-record/entries`, { kind: 'CONSENT', occurredOn: '2025-06-04', type: 'GIVEN' });
    const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const read = await kent('GET', `/children/${missingChild}/guardian-record`);
    expect(read.body['consent']).toBe('GIVEN');
    expect(kindsOf(read.body)).toContain('CHILD_VIEWS');
    await guardian('POST', `/children/${missingChild}/guardian-record/entries`, { kind: 'CONSENT', occurredOn: '2025-06-05', type: 'WITHDRAWN' });
    const withdrawn = await kent('GET', `/children/${missingChild}/guardian-record`);
    expect(withdrawn.body['consent']).toBe('WITHDRAWN');
    expect(kindsOf(withdrawn.body)).not.toContain('CHILD_VIEWS');
    expect((withdrawn.body['entries'] as { text: string | null }[]).every((entry) => entry.text === null)).toBe(true);
  });
});

describe('break-glass', () => {
  /** A person signed in (break-glass is for people, not API clients), as the services see them. */
  const person = (organisationCode: string, role: Role): Actor => ({
    id: crypto.randomUUID(),
    organisationCode,
    localAuthorityCode: organisationCode === CROYDON ? CROYDON : null,
    role,
    origin: '192.0.2.40',
  });

  it('should open a record for four hours for a person who gives a reason, audit it, and put it in the team managers’ review list', async () => {
    const croydon = person(CROYDON, 'social_worker');
    expect(await t.services.children.getChild(croydon, foundChild)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    expect(await t.services.children.breakGlass(croydon, foundChild, 'short')).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    const reason = 'Child found in Croydon giving this name; urgent safeguarding check';
    expect((await t.services.children.breakGlass(croydon, foundChild, reason)).ok).toBe(true);
    expect(await t.services.children.getChild(croydon, foundChild)).toMatchObject({ ok: true, value: { access: 'break_glass' } });
    expect(await t.services.children.updateChild(croydon, foundChild, { interpreterNeeded: true, version: 1 })).toMatchObject({
      ok: false,
      error: { kind: 'not_found' },
    });

    const manager = apiClient(t.app, await t.token(KENT, 'team_manager'));
    const reviews = await manager('GET', '/break-glass-reviews');
    const pending = reviews.body as unknown as { id: string; childId: string; reason: string }[];
    expect(pending).toEqual([expect.objectContaining({ childId: foundChild, reason })]);
    expect((await manager('POST', `/break-glass-reviews/${pending[0]!.id}`, { note: 'Confirmed with Croydon duty team' })).status).toBe(200);
    expect(((await manager('GET', '/break-glass-reviews')).body as unknown as unknown[]).length).toBe(0);

    const events = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'reason'])
      .where('childId', '=', foundChild)
      .where('action', '=', 'BREAK_GLASS')
      .execute();
    expect(events).toEqual([{ action: 'BREAK_GLASS', reason }]);

    t.clock.advanceHours(5);
    expect(await t.services.children.getChild(croydon, foundChild)).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('should refuse break-glass with an API token, saying why, and open nothing', async () => {
    const api = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
    const refused = await api('POST', `/children/${foundChild}/break-glass`, { reason: 'Child found in Croydon giving this name; urgent safeguarding check' });
    expect(refused.status).toBe(422);
    expect(errorsOf(refused)).toEqual([
      expect.objectContaining({ field: 'authorization', message: expect.stringContaining('an API token cannot open a record outside its access') as unknown }),
    ]);
    expect(await t.handle.db.selectFrom('breakGlassAccess').select('id').where('actorId', 'like', 'token:%').execute()).toEqual([]);
    expect((await api('GET', `/children/${foundChild}`)).status).toBe(404);
  });

  it('should let one person break the glass only three times in 24 hours, saying when they may again', async () => {
    const police = person(MET_POLICE, 'police_coordinator');
    const reason = 'Child found at a raid in Croydon; need placement details';
    for (const childId of [foundChild, missingChild, foundChild]) {
      expect((await t.services.children.breakGlass(police, childId, reason)).ok).toBe(true);
      t.clock.advanceHours(1);
    }
    const opened = await t.handle.db.selectFrom('breakGlassAccess').select('openedAt').where('actorId', '=', police.id).orderBy('openedAt').execute();
    const refused = await t.services.children.breakGlass(police, missingChild, reason);
    expect(refused).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid',
        violations: [
          {
            field: 'reason',
            message: expect.stringMatching(
              /^You have opened 3 records with break-glass in the last 24 hours, the most allowed\. You can open another from .+\./,
            ) as unknown,
          },
        ],
      },
    });
    expect(await t.handle.db.selectFrom('breakGlassAccess').select('id').where('actorId', '=', police.id).execute()).toHaveLength(3);
    const audited = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'details'])
      .where('actorId', '=', police.id)
      .where('action', '=', 'REFUSED')
      .execute();
    expect(audited).toEqual([{ action: 'REFUSED', entity: 'breakGlassAccess', details: { reason: 'DAILY_LIMIT', perDay: 3 } }]);

    // A day after the first opening, one is allowed again.
    t.clock.set(new Date(Date.parse(opened[0]!.openedAt) + 24 * 3_600_000 + 1000).toISOString());
    expect((await t.services.children.breakGlass(police, missingChild, reason)).ok).toBe(true);
  });

  it('should not let a national analyst or an administrator break the glass', async () => {
    for (const role of ['national_analyst', 'organisation_administrator', 'system_administrator'] as const) {
      const api = apiClient(t.app, await t.token(NATIONAL, role));
      expect((await api('POST', `/children/${foundChild}/break-glass`, { reason: 'I would like to see this record please' })).status).toBe(404);
    }
  });
});

// Every route of the API, generated from the OpenAPI document the routes publish: a new route
// without an access rule here fails this test.
type RouteRule =
  | { readonly kind: 'read' | 'write'; readonly body?: Record<string, unknown> }
  | {
      readonly kind:
        | 'list'
        | 'record-access'
        | 'audit-search'
        | 'reviews'
        | 'team-alerts'
        | 'national-figures'
        | 'create-child'
        | 'administration'
        | 'found-child-search'
        | 'refer-to-guardians'
        | 'guardian-referrals'
        | 'guardian-referral'
        | 'guardian-service-work'
        | 'allocation'
        | 'teams'
        | 'team-admin';
      readonly body?: Record<string, unknown>;
    }
  | { readonly kind: 'covered-elsewhere'; readonly why: string };

/** A valid image, so that the photograph route reaches its access rule. */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const ROUTES: Record<string, RouteRule> = {
  'GET /api/v1/children': { kind: 'list' },
  'POST /api/v1/children/search': { kind: 'list', body: { q: 'Route' } },
  'POST /api/v1/children': { kind: 'create-child', body: { laChildId: 'X', givenNames: 'A', familyName: 'B', sex: 'M', dateOfBirthClaimed: '2009-01-01' } },
  'GET /api/v1/children/{id}': { kind: 'read' },
  'PATCH /api/v1/children/{id}': { kind: 'write', body: { interpreterNeeded: true, version: 1 } },
  'POST /api/v1/children/{id}/aliases': { kind: 'write', body: { givenNames: 'A', familyName: 'C', source: 'Police', seenOn: '2025-01-01' } },
  'POST /api/v1/children/{id}/age-statuses': { kind: 'write', body: { status: 'DISPUTED', effectiveFrom: '2025-02-01' } },
  'POST /api/v1/children/{id}/age-assessments': { kind: 'write', body: AN_AGE_ASSESSMENT },
  'PATCH /api/v1/age-assessments/{id}': {
    kind: 'write',
    body: { challenge: 'JUDICIAL_REVIEW', challengedOn: '2025-03-01', challengeResult: null, challengeDecidedOn: null, version: 1 },
  },
  'GET /api/v1/children/{id}/record-access': { kind: 'record-access' },
  'POST /api/v1/children/{id}/break-glass': { kind: 'covered-elsewhere', why: 'the break-glass tests above: an API token is always refused' },
  'GET /api/v1/break-glass-reviews': { kind: 'reviews' },
  'POST /api/v1/break-glass-reviews/{id}': { kind: 'covered-elsewhere', why: 'the break-glass tests above' },
  'GET /api/v1/audit-events': { kind: 'audit-search' },
  'GET /api/v1/users': { kind: 'administration' },
  'POST /api/v1/users': { kind: 'covered-elsewhere', why: 'test/http/user-admin.test.ts' },
  'POST /api/v1/users/{id}/deactivate': { kind: 'covered-elsewhere', why: 'test/http/user-admin.test.ts' },
  'POST /api/v1/users/{id}/reset-sign-in': { kind: 'covered-elsewhere', why: 'test/http/user-admin.test.ts' },
  'POST /api/v1/children/{id}/care-periods': { kind: 'write', body: { startDate: '2024-06-01', legalStatus: 'C2', placementType: 'U1' } },
  'PATCH /api/v1/care-periods/{id}': { kind: 'write', body: { placementType: 'U2', version: 1 } },
  'POST /api/v1/children/{id}/uasc-periods': { kind: 'write', body: { startDate: '2024-02-01' } },
  'PATCH /api/v1/uasc-periods/{id}': { kind: 'write', body: { ceasedDate: null, version: 1 } },
  'POST /api/v1/children/{id}/national-transfers': { kind: 'write', body: { toAuthorityCode: CROYDON, referredOn: '2025-01-01' } },
  'POST /api/v1/children/{id}/trafficking-concerns': { kind: 'write', body: { raisedOn: '2025-01-01', raisedBy: 'Police' } },
  'PATCH /api/v1/trafficking-concerns/{id}': { kind: 'write', body: { countyLines: true, version: 1 } },
  'POST /api/v1/trafficking-concerns/{id}/statuses': { kind: 'write', body: { status: 'SUSPECTED', effectiveFrom: '2025-01-02' } },
  'POST /api/v1/trafficking-concerns/{id}/nrm-referral': {
    kind: 'write',
    body: { referredOn: '2025-01-03', firstResponderOrganisation: 'Kent', competentAuthority: 'SCA' },
  },
  'PATCH /api/v1/nrm-referrals/{id}': { kind: 'write', body: { reasonableGroundsDecision: 'PENDING', version: 1 } },
  'POST /api/v1/children/{id}/missing-episodes': { kind: 'write', body: { type: 'M', startAt: '2025-06-01T10:00:00Z' } },
  'GET /api/v1/missing-episodes': { kind: 'list' },
  'GET /api/v1/missing-episodes/{id}': { kind: 'read' },
  'PATCH /api/v1/missing-episodes/{id}': { kind: 'write', body: { policeRiskLevel: 'HIGH', version: 1 } },
  'POST /api/v1/missing-episodes/{id}/return': { kind: 'write', body: { endAt: '2025-06-15T10:00:00Z', endReason: 'FOUND_POLICE', version: 1 } },
  'POST /api/v1/missing-episodes/{id}/found-report': {
    kind: 'write',
    body: { agency: 'POLICE', organisation: 'British Transport Police', foundAt: '2025-06-15T10:00:00Z', location: 'London Victoria station', version: 1 },
  },
  'PUT /api/v1/missing-episodes/{id}/return-interview': { kind: 'write', body: { response: 'DECLINED', offeredAt: '2025-06-15T11:00:00Z' } },
  'POST /api/v1/missing-episodes/{id}/host-acknowledgement': {
    kind: 'covered-elsewhere',
    why: 'test/http/web-host-acknowledgement.test.ts: only the host authority acknowledges, as docs/access.md says',
  },
  'GET /api/v1/statistics/heading-back-to-harm': { kind: 'covered-elsewhere', why: 'test/http/statistics.test.ts' },
  'GET /api/v1/statistics/heading-back-to-harm/trend': { kind: 'covered-elsewhere', why: 'test/http/statistics.test.ts' },
  'GET /api/v1/data-quality': { kind: 'covered-elsewhere', why: 'test/http/data-quality.test.ts' },
  'GET /api/v1/data-quality/league-table': { kind: 'covered-elsewhere', why: 'test/http/data-quality.test.ts' },
  'POST /api/v1/found-child/searches': { kind: 'found-child-search', body: { names: [{ givenNames: 'Route', familyName: 'Matrix' }] } },
  'GET /api/v1/children/{id}/match-decisions': { kind: 'covered-elsewhere', why: 'test/http/match-decisions-api.test.ts' },
  'GET /api/v1/children/{id}/matches': { kind: 'covered-elsewhere', why: 'test/http/match-decisions-api.test.ts' },
  'POST /api/v1/children/{id}/matches/{otherChildId}/decision': { kind: 'covered-elsewhere', why: 'test/http/match-decisions-api.test.ts' },
  'POST /api/v1/children/{id}/matches/{otherChildId}/decision/undo': { kind: 'covered-elsewhere', why: 'test/http/match-decisions-api.test.ts' },
  'GET /api/v1/alerts': {
    kind: 'covered-elsewhere',
    why: 'test/http/alerts.test.ts and src/services/alert-service.test.ts: alerts are addressed, not read by relationship',
  },
  'GET /api/v1/alerts/team': { kind: 'team-alerts' },
  'GET /api/v1/alerts/past-clock': { kind: 'national-figures' },
  'GET /api/v1/alerts/{id}': { kind: 'covered-elsewhere', why: 'test/http/alerts.test.ts' },
  'POST /api/v1/alerts/{id}/acknowledge': { kind: 'covered-elsewhere', why: 'test/http/alerts.test.ts' },
  'POST /api/v1/alerts/{id}/action': { kind: 'covered-elsewhere', why: 'test/http/alerts.test.ts' },
  'GET /api/v1/children/{id}/philomena-profile': { kind: 'read' },
  'PUT /api/v1/children/{id}/philomena-profile': { kind: 'write', body: { physicalDescription: 'Tall, short brown hair' } },
  'PUT /api/v1/children/{id}/philomena-profile/photograph': { kind: 'write', body: { image: ONE_PIXEL_PNG } },
  'GET /api/v1/children/{id}/philomena-profile/photograph': {
    kind: 'covered-elsewhere',
    why: 'test/http/philomena.test.ts and src/services/philomena-service.test.ts: a file, not JSON',
  },
  'PUT /api/v1/missing-episodes/{id}/philomena-part-two': {
    kind: 'write',
    body: { clothing: 'Blue coat', lastSeenWhere: 'Home', lastSeenAt: '2025-06-14T19:00:00Z' },
  },
  'GET /api/v1/children/{id}/grab-pack': {
    kind: 'covered-elsewhere',
    why: 'test/http/philomena.test.ts and src/services/philomena-service.test.ts: a PDF, not JSON',
  },
  'POST /api/v1/children/{id}/guardian-referrals': { kind: 'refer-to-guardians', body: { parentalResponsibility: 'NO' } },
  'GET /api/v1/guardian-referrals': { kind: 'guardian-referrals' },
  'GET /api/v1/guardian-statistics': { kind: 'covered-elsewhere', why: 'test/http/guardian-statistics.test.ts' },
  'GET /api/v1/guardian-service/allocation-standard': { kind: 'covered-elsewhere', why: 'test/http/guardian-allocation-standard.test.ts' },
  'PUT /api/v1/guardian-service/allocation-standard': { kind: 'covered-elsewhere', why: 'test/http/guardian-allocation-standard.test.ts' },
  'GET /api/v1/children/{id}/allocation': { kind: 'allocation' },
  'PUT /api/v1/children/{id}/allocation': { kind: 'allocation', body: { socialWorkerId: null, teamId: null } },
  'GET /api/v1/teams': { kind: 'teams' },
  'POST /api/v1/teams': { kind: 'team-admin', body: { name: 'Route matrix team' } },
  'POST /api/v1/teams/{id}/members': { kind: 'team-admin', body: { userId: '00000000-0000-4000-8000-000000000000' } },
  'GET /api/v1/guardian-referrals/{id}': { kind: 'guardian-referral' },
  'POST /api/v1/guardian-referrals/{id}/triage': { kind: 'guardian-service-work', body: { version: 1 } },
  'POST /api/v1/guardian-referrals/{id}/allocation': {
    kind: 'guardian-service-work',
    body: { advocateId: crypto.randomUUID(), guardianRole: 'DIRECT_WORKER', version: 1 },
  },
  'POST /api/v1/guardian-referrals/{id}/closure': { kind: 'guardian-service-work', body: { reason: 'DECLINED', version: 1 } },
  'GET /api/v1/children/{id}/guardian-record': { kind: 'covered-elsewhere', why: "the guardian's record tests above, from docs/access.md's table" },
  'POST /api/v1/children/{id}/guardian-record/entries': { kind: 'covered-elsewhere', why: "the guardian's record tests above, from docs/access.md's table" },
  'GET /api/v1/training/organisation': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts: training is the organisation’s, not a child’s' },
  'GET /api/v1/training/authorities': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts' },
  'GET /api/v1/training/gates': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts' },
  'PUT /api/v1/training/gates': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts' },
  'POST /api/v1/training/allowances': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts' },
  'POST /api/v1/training/completions/import': { kind: 'covered-elsewhere', why: 'test/http/training-api.test.ts' },
};

describe('every API route under the access rules', () => {
  let ids: Record<string, string>;

  beforeAll(async () => {
    const kent = apiClient(t.app, await t.token(KENT, 'data_officer'));
    const child = (await createLookedAfterChild(kent, { givenNames: 'Route', familyName: 'Matrix' })).id;
    await placeOutOfArea(kent, child);
    const uasc = await kent('POST', `/children/${child}/uasc-periods`, { startDate: '2024-01-01' });
    const concern = await kent('POST', `/children/${child}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Social worker' });
    const referral = await kent('POST', `/trafficking-concerns/${concern.body['id'] as string}/nrm-referral`, {
      referredOn: '2025-01-12',
      firstResponderOrganisation: 'Kent',
      competentAuthority: 'SCA',
    });
    const episode = await kent('POST', `/children/${child}/missing-episodes`, { type: 'M', startAt: '2025-06-14T20:00:00Z' });
    const record = await kent('GET', `/children/${child}`);
    const assessment = await kent('POST', `/children/${child}/age-assessments`, AN_AGE_ASSESSMENT);
    // The guardian service covers Kent, so the child can be referred to it.
    await t.handle.db.updateTable('organisation').set({ guardianSchemeCode: 'ICTG' }).where('code', '=', GUARDIANS).execute();
    await t.handle.db
      .insertInto('guardianCoverage')
      .values({ schemeCode: 'ICTG', localAuthorityCode: KENT, startsOn: '2017-01-01', endsOn: null, note: 'test' })
      .execute();
    const guardianReferral = await kent('POST', `/children/${child}/guardian-referrals`, { parentalResponsibility: 'NO' });
    allocatable.push(child);
    ids = {
      children: child,
      'care-periods': (record.body['carePeriods'] as { id: string }[])[0]!.id,
      'uasc-periods': uasc.body['id'] as string,
      'age-assessments': assessment.body['id'] as string,
      'trafficking-concerns': concern.body['id'] as string,
      'nrm-referrals': (referral.body['nrmReferral'] as { id: string }).id,
      'missing-episodes': episode.body['id'] as string,
      'guardian-referrals': guardianReferral.body['id'] as string,
      teams: ((await apiClient(t.app, await t.token(KENT, 'team_manager'))('POST', '/teams', { name: 'Kent route team' })).body as { id: string }).id,
    };
  });

  it('should have an access rule for every route the API publishes', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    // Fastify answers HEAD for every GET; HEAD is governed by its GET.
    const published = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([route, methods]) =>
      Object.keys(methods)
        .filter((method) => method !== 'head')
        .map((method) => `${method.toUpperCase()} ${route}`),
    );
    expect(published.sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const role of ROLES) {
    for (const column of COLUMNS.filter((c) => c !== 'police, found')) {
      it(`should hold a ${role} (${column}) to the rules on every route`, async () => {
        const api = await actorFor(role, column);
        const canRead = reading.get(role)?.get(column) !== 'none';
        const canWrite = changing.get(role)?.get(column) === 'yes';
        const isAuthorityStaff =
          ['social_worker', 'team_manager', 'data_officer'].includes(role) && KIND_OF[organisationFor(role, column)] === 'local_authority';
        // The guardian service's advocates and managers work every referral made to it (another service's do not see them).
        const isGuardianService = (role === 'advocate' || role === 'guardian_manager') && organisationFor(role, column) === GUARDIANS;
        for (const [route, rule] of Object.entries(ROUTES)) {
          if (rule.kind === 'covered-elsewhere') continue;
          const [method, template] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'PUT', string];
          const entity = /\/api\/v1\/([a-z-]+)\/\{id\}/.exec(template)?.[1];
          const url = template.replace('/api/v1', '').replace('{id}', entity === undefined ? '' : ids[entity]!);
          const response = await api(method, url, method === 'GET' ? undefined : (rule.body ?? {}));
          const where = `${route} as ${role} (${column}): ${response.status}`;
          switch (rule.kind) {
            case 'read':
              expect(response.status === 200, where).toBe(canRead);
              break;
            case 'write':
              expect(response.status !== 404, where).toBe(canWrite);
              expect(response.status, where).toBeLessThan(500);
              break;
            case 'list': {
              expect(response.status, where).toBe(200);
              const items = (response.body['items'] as { id: string; childId?: string }[]).map((item) => item.childId ?? item.id);
              expect(items.includes(ids['children']!), where).toBe(column === 'responsible' && isAuthorityStaff);
              break;
            }
            case 'create-child':
              expect(response.status !== 404, where).toBe(isAuthorityStaff);
              break;
            case 'record-access':
              expect(response.status === 200, where).toBe(column === 'responsible' && (role === 'team_manager' || role === 'data_officer'));
              break;
            case 'administration':
              expect(response.status === 200, where).toBe(role === 'organisation_administrator' || role === 'system_administrator');
              break;
            case 'audit-search':
              expect(response.status === 200, where).toBe(role === 'organisation_administrator' || role === 'system_administrator');
              break;
            case 'found-child-search': {
              // Nationally, whatever the relationship: those who find children, an authority's staff, the national unit.
              const searches = ['social_worker', 'team_manager', 'data_officer', 'police_coordinator', 'national_analyst'].includes(role);
              expect(response.status, where).toBe(searches ? 200 : 404);
              if (searches) {
                const listed = (response.body['candidates'] as { childId: string; recognition: Record<string, unknown> }[]).map((item) => item.childId);
                expect(listed.includes(ids['children']!), where).toBe(true);
              }
              break;
            }
            case 'refer-to-guardians':
              // Refused with 422 once referred (one open referral per child): never 404 for those who may refer.
              expect(response.status !== 404, where).toBe(
                (column === 'responsible' && isAuthorityStaff) || (role === 'police_coordinator' && column === 'police, missing'),
              );
              expect(response.status, where).toBeLessThan(500);
              break;
            case 'guardian-referrals':
              // Any guardian service lists its own referrals (another's list is empty).
              expect(response.status === 200, where).toBe(role === 'advocate' || role === 'guardian_manager' || isAuthorityStaff);
              break;
            case 'guardian-referral':
              expect(response.status === 200, where).toBe(isGuardianService || (column === 'responsible' && isAuthorityStaff));
              break;
            case 'guardian-service-work':
              expect(response.status !== 404, where).toBe(isGuardianService);
              expect(response.status, where).toBeLessThan(500);
              break;
            case 'allocation':
              // Team managers of the responsible authority allocate (docs/access.md, "Caseloads"); nobody else learns the child is there.
              expect(response.status !== 404, where).toBe(role === 'team_manager' && column === 'responsible' && isAuthorityStaff);
              expect(response.status, where).toBeLessThan(500);
              break;
            case 'teams':
              expect(response.status === 200, where).toBe(
                ['social_worker', 'team_manager', 'data_officer', 'organisation_administrator'].includes(role) &&
                  KIND_OF[organisationFor(role, column)] === 'local_authority',
              );
              break;
            case 'team-admin': {
              // Team managers and administrators of an authority make its teams; only Kent's change Kent's team.
              const organisation = organisationFor(role, column);
              const admin = ['team_manager', 'organisation_administrator'].includes(role) && KIND_OF[organisation] === 'local_authority';
              expect(response.status !== 404, where).toBe(admin && (entity === undefined || organisation === KENT));
              expect(response.status, where).toBeLessThan(500);
              break;
            }
            case 'reviews':
            case 'team-alerts':
              expect(response.status === 200, where).toBe(role === 'team_manager' && KIND_OF[organisationFor(role, column)] === 'local_authority');
              break;
            case 'national-figures':
              expect(response.status === 200, where).toBe(role === 'national_analyst');
              break;
          }
        }
      });
    }
  }
});
