import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { NON_STANDARD_PERIOD } from '../../src/domain/statistics/query.ts';
import { aRecord, insertPopulation } from '../factories/statistics-population.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations, HOME_OF, apiClient, CROYDON, KENT, NATIONAL } from './api-helpers.ts';

const REPORT = '/statistics/heading-back-to-harm';
const PERIOD = 'from=2024-04-01&to=2025-03-31';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  // Kent: seven trafficked children in care all year, three of whom went missing; Croydon: two more, neither missing.
  const missing = (day: string) => [{ startAt: `${day}T10:00:00Z`, endAt: `${day}T18:00:00Z` }];
  await insertPopulation(t.handle.db, [
    ...Array.from({ length: 7 }, (_, i) =>
      aRecord({ care: [['2023-01-01', null]], concerns: [[['SUSPECTED', '2023-06-01']]], episodes: i < 3 ? missing(`2024-0${i + 5}-10`) : [] }),
    ),
    ...Array.from({ length: 2 }, () => aRecord({ authority: CROYDON, care: [['2023-01-01', null]], concerns: [[['SUSPECTED', '2023-06-01']]] })),
    ...Array.from({ length: 30 }, () => aRecord({ care: [['2020-01-01', null]] })),
  ]);
});
afterAll(async () => {
  await t.close();
});

/** Where each role's token comes from, and what it should be given for Kent's own figures and for the UK. */
const EXPECTED: Record<Role, { kent: 'owner' | 'controlled' | 404; uk: 'controlled' | 404 }> = {
  social_worker: { kent: 404, uk: 404 },
  team_manager: { kent: 'owner', uk: 'controlled' },
  data_officer: { kent: 'owner', uk: 'controlled' },
  advocate: { kent: 404, uk: 404 },
  guardian_manager: { kent: 404, uk: 404 },
  police_coordinator: { kent: 404, uk: 404 },
  national_analyst: { kent: 'controlled', uk: 'controlled' },
  organisation_administrator: { kent: 404, uk: 404 },
  system_administrator: { kent: 404, uk: 404 },
};

type Json = Record<string, unknown>;

/** Every figure in a response, wherever it is. */
function figures(value: unknown): Json[] {
  if (Array.isArray(value)) return value.flatMap(figures);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Json;
  if (typeof object['kind'] === 'string' && ['count', 'rate', 'suppressed', 'not_applicable'].includes(object['kind'])) return [object];
  return Object.values(object).flatMap(figures);
}

const cohortOf = (body: Json, id: string) => (body['measures'] as { id: string; cohort: Json }[]).find((m) => m.id === id)?.cohort;

describe('GET /api/v1/statistics/heading-back-to-harm', () => {
  it('should ask for a token', async () => {
    const response = await t.app.inject({ method: 'GET', url: `/api/v1${REPORT}?${PERIOD}` });
    expect(response.statusCode).toBe(401);
  });

  for (const role of ROLES) {
    it(`should give a ${role} ${JSON.stringify(EXPECTED[role])}`, async () => {
      const api = apiClient(t.app, await t.token(HOME_OF[role], role));
      for (const [where, geography] of [
        ['kent', `authority:${KENT}`],
        ['uk', 'uk'],
      ] as const) {
        const response = await api('GET', `${REPORT}?${PERIOD}&geography=${geography}`);
        const expected = EXPECTED[role][where];
        if (expected === 404) {
          expect(response.status, where).toBe(404);
          expect(response.body['measures']).toBeUndefined();
        } else {
          expect(response.status, where).toBe(200);
          expect((response.body['disclosure'] as Json)['kind'], where).toBe(expected);
        }
      }
    });
  }

  it('should give Kent its three missing children exactly, and the national unit "[c]" for the same count', async () => {
    const kent = apiClient(t.app, await t.token(KENT, 'data_officer'));
    const own = await kent('GET', `${REPORT}?${PERIOD}&geography=authority:${KENT}`);
    expect(cohortOf(own.body, 'lookedAfter')).toEqual({ kind: 'count', value: 7, roundedTo: null, perturbed: false });
    expect(cohortOf(own.body, 'missingChildren')).toEqual({ kind: 'count', value: 3, roundedTo: null, perturbed: false });

    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const theirs = await national('GET', `${REPORT}?${PERIOD}&geography=authority:${KENT}`);
    expect(cohortOf(theirs.body, 'missingChildren')).toEqual({ kind: 'suppressed', reason: 'SMALL' });
    expect(cohortOf(theirs.body, 'percentMissing')).toEqual({ kind: 'suppressed', reason: 'DERIVED' });
    expect(JSON.stringify(theirs.body)).not.toContain('"value":3,');
  });

  it('should say of every figure whether it is rounded or suppressed, and round the UK to 10', async () => {
    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const response = await national('GET', `${REPORT}?${PERIOD}`);
    expect(response.status).toBe(200);
    const all = figures(response.body);
    expect(all.length).toBeGreaterThan(100);
    for (const figure of all) {
      switch (figure['kind']) {
        case 'count':
          expect(figure).toHaveProperty('roundedTo');
          expect(figure).toHaveProperty('perturbed');
          break;
        case 'suppressed':
          expect(['SMALL', 'SECONDARY', 'DERIVED']).toContain(figure['reason']);
          break;
        case 'rate':
          expect(['percent', 'ratio']).toContain(figure['unit']);
          break;
      }
    }
    // 39 looked-after children in the UK, 9 of them trafficked (every record key 0, so the ptable leaves them as
    // they are): published as 40 and 10.
    expect((response.body['measures'] as { id: string; allLookedAfter: Json }[]).find((m) => m.id === 'lookedAfter')?.allLookedAfter).toEqual({
      kind: 'count',
      value: 40,
      roundedTo: 10,
      perturbed: true,
    });
    expect(cohortOf(response.body, 'lookedAfter')).toEqual({ kind: 'count', value: 10, roundedTo: 10, perturbed: true });
    expect(response.body['disclosure']).toEqual({ kind: 'controlled', threshold: 5, rounding: 10, perturbed: true });
    expect(response.body['query']).toEqual({
      from: '2024-04-01',
      to: '2025-03-31',
      cohort: 'trafficked',
      geography: 'uk',
      attribution: 'responsible',
      missingTypes: 'M',
      censusDate: '2025-03-31',
    });
    expect(Object.keys(response.body['breakdowns'] as Json).sort()).toEqual([
      'ageAtStart',
      'duration',
      'nationality',
      'placementAtStart',
      'returnInterview',
      'sex',
    ]);
  });

  it('should list every problem with the query, and change nothing', async () => {
    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const before = await t.handle.db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity', '=', 'statistics')
      .executeTakeFirstOrThrow();
    const cases: [string, string[]][] = [
      ['from=2025-04-01&to=2025-03-31', ['to']],
      ['from=2024-04-01&to=2025-02-30', ['to']],
      ['to=2025-03-31', ['from']],
      [`${PERIOD}&geography=county:Kent`, ['geography']],
      [`${PERIOD}&cohort=missing&attribution=placing`, ['attribution', 'cohort']],
      [`${PERIOD}&censusDate=2025-01-01`, ['censusDate']],
      [`${PERIOD}&name=Ana`, ['name']],
    ];
    for (const [queryString, fields] of cases) {
      const response = await national('GET', `${REPORT}?${queryString}`);
      expect(response.status, queryString).toBe(400);
      expect((response.body['errors'] as { field: string }[]).map((error) => error.field).sort(), queryString).toEqual(fields);
    }
    const after = await t.handle.db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity', '=', 'statistics')
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('should give anyone but the owner only standard periods, with a 400 saying what is allowed, and the owner any period', async () => {
    const dayApart = 'from=2024-04-02&to=2025-04-01';
    const croydon = apiClient(t.app, await t.token(CROYDON, 'data_officer'));
    for (const query of [`${dayApart}&geography=authority:${KENT}`, `${dayApart}&geography=uk`]) {
      const response = await croydon('GET', `${REPORT}?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body['type']).toBe('/api/v1/problems/invalid-request');
      expect(response.body['errors']).toEqual([{ field: 'from', message: NON_STANDARD_PERIOD }]);
    }
    const census = await croydon('GET', `${REPORT}?${PERIOD}&geography=authority:${KENT}&censusDate=2025-04-30`);
    expect(census.status).toBe(400);
    expect((census.body['errors'] as { field: string }[]).map((error) => error.field)).toEqual(['censusDate']);
    expect((await croydon('GET', `${REPORT}/trend?from=2025-01-01&to=2025-03-31&years=2`)).status).toBe(400);
    // Months, quarters and the years are given.
    for (const period of ['from=2024-06-01&to=2024-06-30', 'from=2024-07-01&to=2024-09-30', 'from=2024-01-01&to=2024-12-31', 'from=2023-10-01&to=2024-09-30']) {
      expect((await croydon('GET', `${REPORT}?${period}`)).status, period).toBe(200);
    }
    const kent = apiClient(t.app, await t.token(KENT, 'data_officer'));
    expect((await kent('GET', `${REPORT}?${dayApart}&geography=authority:${KENT}`)).status).toBe(200);
    expect((await kent('GET', `${REPORT}?${dayApart}&geography=authority:${KENT}&attribution=host`)).status).toBe(400);
  });

  it('should answer 404 for a region that does not exist', async () => {
    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    expect((await national('GET', `${REPORT}?${PERIOD}&geography=region:Atlantis`)).status).toBe(404);
    expect((await national('GET', `${REPORT}?${PERIOD}&geography=${encodeURIComponent('region:South East')}`)).status).toBe(200);
  });
});

describe('GET /api/v1/statistics/heading-back-to-harm/trend', () => {
  it('should give the headline for each 12-month period, oldest first, to the same people', async () => {
    const kent = apiClient(t.app, await t.token(KENT, 'data_officer'));
    const response = await kent('GET', `${REPORT}/trend?${PERIOD}&geography=authority:${KENT}&years=3`);
    expect(response.status).toBe(200);
    const years = response.body['years'] as { period: Json; measures: { id: string; cohort: Json }[] }[];
    expect(years.map((year) => year.period)).toEqual([
      { from: '2022-04-01', to: '2023-03-31' },
      { from: '2023-04-01', to: '2024-03-31' },
      { from: '2024-04-01', to: '2025-03-31' },
    ]);
    // Suspected from June 2023: none in the first year, seven in the next two.
    expect(years.map((year) => year.measures.find((m) => m.id === 'lookedAfter')?.cohort)).toEqual([
      { kind: 'count', value: 0, roundedTo: null, perturbed: false },
      { kind: 'count', value: 7, roundedTo: null, perturbed: false },
      { kind: 'count', value: 7, roundedTo: null, perturbed: false },
    ]);
    const worker = apiClient(t.app, await t.token(KENT, 'social_worker'));
    expect((await worker('GET', `${REPORT}/trend?${PERIOD}`)).status).toBe(404);
  });

  it('should refuse more than ten years', async () => {
    const national = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const response = await national('GET', `${REPORT}/trend?${PERIOD}&years=11`);
    expect(response.status).toBe(400);
    expect((response.body['errors'] as { field: string }[]).map((error) => error.field)).toEqual(['years']);
  });
});

describe('the OpenAPI document', () => {
  it('should describe both statistics routes and their query parameters', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const report = document.paths['/api/v1/statistics/heading-back-to-harm'].get;
    expect(report.tags).toEqual(['Statistics']);
    expect(report.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'attribution',
      'censusDate',
      'cohort',
      'from',
      'geography',
      'missingTypes',
      'to',
    ]);
    expect(document.paths['/api/v1/statistics/heading-back-to-harm/trend'].get.parameters.map((p: { name: string }) => p.name)).toContain('years');
    expect(report.description).toContain('standard periods only');
    expect(JSON.stringify(report.responses['200'])).toContain('perturbed');
  });
});
