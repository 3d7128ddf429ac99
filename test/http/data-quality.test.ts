import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { CROYDON, KENT, MEDWAY, dataQualityApp } from '../factories/data-quality.ts';
import type { DataQualityFixture } from '../factories/data-quality.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { HOME_OF, apiClient } from './api-helpers.ts';

// The data-quality API under the access rules (docs/access.md, "Other capabilities"): an authority's
// team managers and data officers see their own authority's overview; national analysts see the
// league table; everyone else is told "not found", exactly as for a page that does not exist.

let t: TestApp;
let fixture: DataQualityFixture;

beforeAll(async () => {
  ({ t, fixture } = await dataQualityApp());
}, 60_000);
afterAll(async () => t.close());

/** Where each role works in these tests: local-authority staff in Kent, the others in their own organisation. */

const as = async (role: Role, organisation = HOME_OF[role]) => apiClient(t.app, await t.token(organisation, role));

describe('GET /api/v1/data-quality', () => {
  it.each(ROLES)('should give a %s the authority overview only if they are its team manager or data officer', async (role) => {
    const response = await (await as(role))('GET', '/data-quality');
    const allowed = role === 'team_manager' || role === 'data_officer';
    expect(response.status).toBe(allowed ? 200 : 404);
    if (allowed) expect(response.body).toMatchObject({ authorityCode: KENT, authorityName: 'Kent' });
    else expect(JSON.stringify(response.body)).not.toContain(fixture.ruleBreaker);
  });

  it('should list the children to follow up, each by the id their record page uses', async () => {
    const { body } = await (await as('data_officer'))('GET', '/data-quality');
    const ruleCheck = body['ruleCheck'] as { rules: { code: string | null; children: { child: { childId: string } }[] }[] };
    expect(ruleCheck.rules.map((rule) => [rule.code, rule.children.map(({ child }) => child.childId)])).toEqual([['567', [fixture.ruleBreaker]]]);
    expect((body['staleEpisodes'] as { episodeId: string }[]).map((episode) => episode.episodeId)).toEqual([fixture.staleEpisode]);
    expect((body['awayLooksMissing'] as { episodeId: string }[]).map((episode) => episode.episodeId)).toEqual([fixture.awayEpisode]);
    const duplicates = (body['duplicates'] as { child: { childId: string }; otherAuthorityCode: string; probability: number }[]).map(
      ({ child, otherAuthorityCode, probability }) => [child.childId, otherAuthorityCode, probability >= 0.1],
    );
    expect(duplicates).toContainEqual([fixture.stale, CROYDON, true]);
    expect(duplicates).toContainEqual([fixture.mohammed, MEDWAY, true]);
  });

  it('should show each authority its own: Medway’s data officer sees Medway’s children, never Kent’s', async () => {
    const { status, body } = await (await as('data_officer', MEDWAY))('GET', '/data-quality');
    expect(status).toBe(200);
    expect(body['authorityCode']).toBe(MEDWAY);
    const text = JSON.stringify(body);
    for (const kentChild of [fixture.mohammed, fixture.stale, fixture.ruleBreaker, fixture.amira]) expect(text).not.toContain(kentChild);
    expect(text).toContain(fixture.medwayMuhammad);
  });

  it('should refuse a query it does not know', async () => {
    const response = await (await as('data_officer'))('GET', '/data-quality?authority=E06000035');
    expect(response.status).toBe(400);
  });

  it('should ask for a token', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/data-quality' });
    expect(response.statusCode).toBe(401);
  });
});

describe('GET /api/v1/data-quality/league-table', () => {
  it.each(ROLES)('should give a %s the league table only if they are a national analyst', async (role) => {
    const response = await (await as(role))('GET', '/data-quality/league-table');
    expect(response.status).toBe(role === 'national_analyst' ? 200 : 404);
  });

  it('should hold aggregates only, with counts from 1 to 4 suppressed', async () => {
    const { body } = await (await as('national_analyst'))('GET', '/data-quality/league-table');
    const rows = body['rows'] as { authorityCode: string; rank: number | null; childrenLookedAfter: unknown; staleOpenEpisodes: unknown }[];
    expect(rows.find((row) => row.authorityCode === KENT)).toMatchObject({
      rank: expect.any(Number) as number,
      childrenLookedAfter: { kind: 'value', value: 30 },
      staleOpenEpisodes: { kind: 'suppressed' },
    });
    expect(rows.find((row) => row.authorityCode === MEDWAY)).toMatchObject({
      rank: null,
      notRanked: 'too-few-to-rank',
      childrenLookedAfter: { kind: 'suppressed' },
    });
    const text = JSON.stringify(body);
    for (const id of Object.values(fixture)) expect(text).not.toContain(id);
    for (const row of rows) {
      for (const figure of [row.childrenLookedAfter, row.staleOpenEpisodes] as { kind: string; value?: number }[]) {
        if (figure.kind === 'value') expect(figure.value === 0 || (figure.value ?? 0) >= 5).toBe(true);
      }
    }
  });

  it('should be documented in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/data-quality', '/api/v1/data-quality/league-table']));
  });
});
