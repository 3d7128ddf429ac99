import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { OpenAPIV3_1 } from 'openapi-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { documentedStatuses, watchContract } from '../helpers/contract.ts';
import { apiClient, errorsOf, KENT } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The OpenAPI document is the API's contract: valid by a validator nobody on the project wrote, listing every
// response each operation gives, and saying exactly which values each field accepts, so that a client (or a
// fuzzer) generated from it and the API agree.

let t: TestApp;
let api: Api;
let document: OpenAPIV3_1.Document;

beforeAll(async () => {
  t = await buildTestApp();
  api = apiClient(t.app, await t.token(KENT, 'social_worker'));
  document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
});
afterAll(async () => {
  await t.close();
});

const operations = () =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const).flatMap((method) => (item?.[method] === undefined ? [] : [{ method, path, operation: item[method] }])),
  );

describe('the OpenAPI document', () => {
  it('should be valid OpenAPI 3.1 with nothing to warn about, by Redocly’s strict rules', async () => {
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['recommended-strict'] }),
    });
    expect(problems.map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('should give every operation an id, a success, and the problems every operation can answer as problem details', () => {
    expect(operations().length).toBeGreaterThan(30);
    for (const { method, path, operation } of operations()) {
      const where = `${method} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
      const statuses = Object.keys(operation.responses).map(Number);
      expect(
        statuses.filter((status) => status < 300),
        where,
      ).toHaveLength(1);
      expect(statuses, where).toEqual(expect.arrayContaining([400, 401, 500, 503]));
      if (operation.requestBody !== undefined) expect(statuses, where).toEqual(expect.arrayContaining([413, 415]));
      if (path.includes('{id}')) expect(statuses, where).toContain(404);
      for (const status of statuses.filter((code) => code >= 400)) {
        expect(operation.responses[status], `${where} ${status}`).toEqual({
          description: expect.any(String),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        });
      }
    }
  });

  it('should list a 409 for every operation that takes the version it read', () => {
    for (const { method, path, operation } of operations()) {
      const body: OpenAPIV3_1.SchemaObject | undefined = (operation.requestBody as OpenAPIV3_1.RequestBodyObject | undefined)?.content['application/json']
        ?.schema;
      if (body?.properties?.['version'] !== undefined) expect(Object.keys(operation.responses), `${method} ${path}`).toContain('409');
    }
  });

  it('should document problem details as the API sends them', async () => {
    const ajv = new Ajv2020({ strict: false });
    const isProblem = ajv.compile(document.components?.schemas?.['Problem'] ?? {});
    const responses = await Promise.all([
      api('GET', `/children/${crypto.randomUUID()}`),
      api('POST', '/children', { givenNames: '' }),
      t.app.inject({ method: 'GET', url: '/api/v1/children' }).then((response) => ({ body: response.json<Record<string, unknown>>() })),
    ]);
    for (const { body } of responses) expect(isProblem(body), JSON.stringify(isProblem.errors)).toBe(true);
  });
});

describe('statuses observed against the document', () => {
  it('should flag a status an operation answers that its responses do not list', async () => {
    const app = await buildApp({ services: t.services, engine: t.handle.engine });
    const contract = watchContract(app);
    // An operation answering what its responses do not list: a 418.
    app.addHook('onSend', async (request, reply) => {
      if (request.url === '/api/v1/children?teapot') reply.code(418);
    });
    try {
      await app.inject({ method: 'GET', url: '/api/v1/children?teapot', headers: { authorization: `Bearer ${await t.token(KENT, 'social_worker')}` } });
      expect(contract.undocumented()).toEqual(['GET /api/v1/children 418']);
      expect(documentedStatuses(document).get('GET /api/v1/children')).toEqual(new Set([200, 400, 401, 429, 500, 503]));
    } finally {
      await app.close();
    }
  });
});

// ---- Schema and behaviour agree ----

/** Text with what tends to break a contract: blanks, control, text-direction and NUL characters, halves of pairs. */
const awkwardText = fc
  .array(
    fc.oneof(
      fc.constantFrom(' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u0085', '\u202E', '\u2066', '\u00A0', '\uD800', '😀', 'é', 'Zoë', "O'Brien", '-'),
      fc.string({ maxLength: 3 }),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));
/** Dates around the edges of what is plausible, real or not. */
const awkwardDate = fc
  .tuple(fc.integer({ min: 0, max: 2200 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
  .map(([year, month, day]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const awkwardInstant = fc
  .tuple(awkwardDate, fc.constantFrom('T10:00:00Z', 'T23:59:59+01:00', 'T24:00:00Z', ' 10:00', 'T10:00:00'))
  .map(([date, time]) => date + time);

/** Requests that answer 400 for a field the schema refuses, and otherwise something else, without saving anything. */
const FIELDS = [
  { method: 'PATCH', path: '/children/{id}', field: 'givenNames', values: awkwardText },
  { method: 'PATCH', path: '/children/{id}', field: 'dateOfBirthAssessed', values: awkwardDate },
  { method: 'POST', path: '/children/{id}/age-statuses', field: 'note', values: awkwardText },
  { method: 'POST', path: '/children/{id}/age-statuses', field: 'effectiveFrom', values: awkwardDate },
  // Ten code units but nine characters: JSON Schema counts characters, as the API must.
  {
    method: 'POST',
    path: '/children/{id}/break-glass',
    field: 'reason',
    values: fc.oneof(
      awkwardText,
      awkwardText.map((text) => `  ${text}abcdefgh  `),
    ),
    examples: ['Zoë   😀 !'],
  },
  { method: 'PATCH', path: '/missing-episodes/{id}', field: 'startAt', values: awkwardInstant },
  { method: 'PATCH', path: '/missing-episodes/{id}', field: 'lastSeenWith', values: awkwardText },
  { method: 'POST', path: '/children/search', field: 'q', values: awkwardText },
] as const;

describe('each field’s schema in the document and the API', () => {
  it.each<(typeof FIELDS)[number] & { examples?: readonly string[] }>(FIELDS)(
    'should agree on every value of $field in $method $path',
    async ({ method, path, field, values, examples = [] }) => {
      const operation = document.paths?.[`/api/v1${path}`]?.[method.toLowerCase() as 'post'];
      const body = (operation?.requestBody as OpenAPIV3_1.RequestBodyObject).content['application/json']?.schema as OpenAPIV3_1.SchemaObject;
      const ajv = new Ajv2020({ strict: false, unicodeRegExp: true });
      addFormats.default(ajv);
      const documentAccepts = ajv.compile(body.properties?.[field] ?? {});
      const base = body.properties?.['version'] === undefined ? {} : { version: 1 };
      await fc.assert(
        fc.asyncProperty(values, async (value) => {
          const response = await api(method, path.replace('{id}', crypto.randomUUID()), { ...base, [field]: value });
          const refused = response.status === 400 && errorsOf(response).some((error) => error.field === field);
          expect(refused, `${JSON.stringify(value)}: ${response.status} ${JSON.stringify(response.body)}`).toBe(!documentAccepts(value));
        }),
        { numRuns: Number(process.env['LANTERN_PROPERTY_RUNS'] ?? 60), examples: examples.map((example) => [example]) },
      );
    },
  );
});
