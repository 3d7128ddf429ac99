import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { CROYDON, MEDWAY, dataQualityApp } from '../factories/data-quality.ts';
import type { DataQualityFixture } from '../factories/data-quality.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { HOME_OF } from '../helpers/organisations.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';

// The data-quality pages, for each role: an authority's team managers and data officers see their own
// overview with links to the records to put right; national analysts see the league table and no child;
// everyone else sees "Page not found".

let t: TestApp;
let fixture: DataQualityFixture;

beforeAll(async () => {
  ({ t, fixture } = await dataQualityApp());
}, 60_000);
afterAll(async () => t.close());

const signIn = async (role: Role, organisation = HOME_OF[role]) => (await signedInClient(t.app, t.services, organisation, role)).client;

describe('the data-quality overview page', () => {
  it.each(['data_officer', 'team_manager'] as const)('should show a Kent %s the overview, with links to the records to put right', async (role) => {
    const page = await (await signIn(role)).get('/data-quality');
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Data quality – Lantern');
    expect(page.body).toContain('<span class="govuk-caption-l">Kent</span>');
    // The rule broken, the child, and where to put it right.
    expect(page.body).toContain('SSDA903 rule 567');
    expect(page.body).toContain(`<a class="govuk-link" href="/children/${fixture.ruleBreaker}">Rule Breaker</a>`);
    expect(page.body).toContain(`href="/children/${fixture.stale}">Broken Record</a>`);
    expect(page.body).toContain(`href="/children/${fixture.amira}">Amira Fictional</a>`);
    // Both duplicates, by the other authority's name only.
    expect(page.body).toContain('Medway');
    expect(page.body).toContain('Croydon');
    expect(page.body).not.toContain('Muhammad');
    expect(page.body).not.toContain('Jonas');
    // Each to review on the child's possible matches, where the engine's scores come from.
    expect(page.body).toContain(
      `href="/children/${fixture.mohammed}/matches">Review<span class="govuk-visually-hidden"> possible matches for Mohammed Tesfay</span></a>`,
    );
    // Completeness with its rating and why it matters.
    expect(page.body).toContain('22 of 30 looked-after children');
    expect(page.body).toContain('govuk-tag--red">Poor</strong>');
    expect(page.body).toContain('Why this matters');
    // The navigation marks where we are.
    expect(page.body).toMatch(
      /<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link" href="\/data-quality" aria-current="true">/,
    );
  });

  it('should show Medway’s data officer Medway’s overview, never Kent’s children', async () => {
    const page = await (await signIn('data_officer', MEDWAY)).get('/data-quality');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<span class="govuk-caption-l">Medway</span>');
    expect(page.body).toContain(`href="/children/${fixture.medwayMuhammad}">Muhammad Tesfaye</a>`);
    for (const kentChild of [fixture.mohammed, fixture.ruleBreaker, fixture.stale]) expect(page.body).not.toContain(kentChild);
    expect(page.body).not.toContain('Rule Breaker');
  });

  it('should send a national analyst to the league table', async () => {
    const page = await (await signIn('national_analyst')).get('/data-quality');
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/data-quality/league-table');
  });

  it.each(ROLES.filter((role) => !['data_officer', 'team_manager', 'national_analyst'].includes(role)))(
    'should tell a %s the page is not found',
    async (role) => {
      const page = await (await signIn(role)).get('/data-quality');
      expect(page.statusCode).toBe(404);
      expect(titleOf(page.body)).toBe('Page not found – Lantern');
      expect(page.body).not.toContain('Rule Breaker');
    },
  );
});

describe('the league table page', () => {
  it('should show a national analyst every authority with records, ranked, and no child', async () => {
    const page = await (await signIn('national_analyst')).get('/data-quality/league-table');
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Data quality league table – Lantern');
    expect(page.body).toContain('3 authorities with records in Lantern: 1 ranked, best first, then 2 with too few records to rank');
    for (const name of ['Kent', 'Medway', 'Croydon']) expect(page.body).toContain(`<td class="govuk-table__cell">${name}</td>`);
    // Kent's 30 looked-after children and 73% with a known nationality; Medway's 2 children are not shown as a number.
    expect(page.body).toMatch(/<td class="govuk-table__cell">Kent<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">30<\/td>/);
    expect(page.body).toContain('73%');
    expect(page.body).toMatch(/<td class="govuk-table__cell">Medway<\/td>\s*<td class="govuk-table__cell govuk-table__cell--numeric">fewer than 5<\/td>/);
    expect(page.body).toContain('[c]');
    for (const id of Object.values(fixture)) expect(page.body).not.toContain(id);
    for (const name of ['Rule Breaker', 'Tesfay', 'Amira', 'Broken Record']) expect(page.body).not.toContain(name);
    // Authorities with nothing recorded are listed, not ranked.
    expect(page.body).toContain('209 authorities have no children or episodes recorded');
    expect(page.body).not.toContain(`>${CROYDON}<`);
  });

  it.each(ROLES.filter((role) => role !== 'national_analyst'))('should tell a %s the league table is not found', async (role) => {
    const page = await (await signIn(role)).get('/data-quality/league-table');
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('best first');
  });
});
