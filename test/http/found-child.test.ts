import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/actor.ts';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations, HOME_OF } from '../helpers/organisations.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { apiClient, createLookedAfterChild, errorsOf, KENT, KENT_POLICE, MEDWAY } from './api-helpers.ts';

// Found-child search (issue 13 item 3), through the pages and the API: a police coordinator describes
// a child found, in another spelling and with an approximate date of birth, and gets the Kent child
// first, with only what recognises a child and the evidence; Kent's team manager sees that the search
// listed their child; nothing the searcher typed is kept.

let t: TestApp;
let tesfaye: string;

const SEARCH = {
  givenNames: 'Tesfay',
  familyName: 'Haile',
  otherNames: '',
  'dateOfBirth-day': '1',
  'dateOfBirth-month': '6',
  'dateOfBirth-year': '2009',
  dateOfBirthApproximate: 'yes',
  ageFrom: '',
  ageTo: '',
  sex: 'M',
  nationality: 'ET',
  languages: 'Tigrinya',
  whereFound: 'Folkestone lorry park',
  description: 'Green jacket, scar over left eye',
};

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  tesfaye = (
    await createLookedAfterChild(kent, {
      givenNames: 'Tesfaye',
      familyName: 'Haile',
      sex: 'M',
      dateOfBirthClaimed: '2009-03-04',
      nationality: 'ER',
      languages: ['Tigrinya', 'Amharic'],
      homeOfficeReference: 'HO-778899',
    })
  ).id;
  await kent('POST', `/children/${tesfaye}/aliases`, { givenNames: 'Tesfalem', familyName: 'Haile Gebre', source: 'Police', seenOn: '2025-01-01' });
  const medway = apiClient(t.app, await t.token(MEDWAY, 'social_worker'));
  await createLookedAfterChild(medway, { givenNames: 'Sara', familyName: 'Bekele', sex: 'F', dateOfBirthClaimed: '2010-07-01', nationality: 'ET' });
}, 60_000);
afterAll(async () => {
  await t.close();
});

const signIn = async (role: Role, organisation = HOME_OF[role]) => {
  const { client } = await signedInClient(t.app, t.services, organisation, role);
  // A page first, for the form's CSRF token.
  await client.get('/');
  return client;
};

describe('the found-child search page', () => {
  it('should rank the Kent child first for a police coordinator, showing only what recognises a child and the evidence', async () => {
    const police = await signIn('police_coordinator', KENT_POLICE);
    const form = await police.get(paths.foundChild);
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).toBe('Search for a child who has been found – Lantern');
    const results = await police.post(paths.foundChild, SEARCH);
    expect(results.statusCode).toBe(200);
    // The title and the address say nothing of the child.
    expect(titleOf(results.body)).toBe('Search results – Search for a child who has been found – Lantern');
    expect(results.body).toMatch(/<h3 class="govuk-summary-card__title">1\. Tesfaye Haile: (more than )?[\d.]+%/);
    expect(results.body).toContain('Tesfalem Haile Gebre');
    expect(results.body).toContain('16 years old');
    expect(results.body).toContain('Eritrea');
    expect(results.body).toContain('Tigrinya, Amharic');
    expect(results.body).toContain('Kent children’s services');
    // The explanation: a table and the chart drawn from the same figures.
    expect(results.body).toContain('How each detail moved the probability');
    expect(results.body).toContain('Often confused');
    expect(results.body).toMatch(/<svg class="lantern-waterfall" role="img"/);
    // Nothing beyond recognition before a match is confirmed: no date of birth, reference or link to the record.
    for (const hidden of ['4 March 2009', '2009-03-04', 'HO-778899', `href="/children/${tesfaye}"`]) expect(results.body).not.toContain(hidden);
  });

  it('should say when nothing is found, and what to try', async () => {
    const page = await (
      await signIn('social_worker', MEDWAY)
    ).post(paths.foundChild, { ...SEARCH, givenNames: 'Zhivko', familyName: 'Petrovski', nationality: '' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('No possible matches');
    expect(page.body).toContain('enter the names in another spelling');
  });

  it('should say what is wrong with the form, name the field, and search nothing', async () => {
    const before = await t.handle.db.selectFrom('auditEvent').select('id').where('entity', '=', 'foundChild').execute();
    const client = await signIn('national_analyst');
    const noName = await client.post(paths.foundChild, { ...SEARCH, givenNames: '', familyName: '' });
    expect(noName.body).toContain('govuk-error-summary');
    expect(noName.body).toContain('href="#givenNames">Enter a name the child gave');
    const future = await client.post(paths.foundChild, { ...SEARCH, 'dateOfBirth-year': '2030' });
    expect(future.body).toContain('href="#dateOfBirth-day">Date of birth must be today or in the past');
    const ages = await client.post(paths.foundChild, {
      ...SEARCH,
      'dateOfBirth-year': '',
      'dateOfBirth-month': '',
      'dateOfBirth-day': '',
      ageFrom: '16',
      ageTo: '14',
    });
    expect(ages.body).toContain('href="#ageTo">Oldest age must be the same as or more than the youngest age');
    // What was typed comes back in the form.
    expect(ages.body).toContain('value="Tesfay"');
    const after = await t.handle.db.selectFrom('auditEvent').select('id').where('entity', '=', 'foundChild').execute();
    expect(after.length).toBe(before.length);
  });

  it.each(['advocate', 'organisation_administrator', 'system_administrator'] as const)('should answer "Page not found" to a %s', async (role) => {
    const client = await signIn(role);
    expect((await client.get(paths.foundChild)).statusCode).toBe(404);
    expect((await client.post(paths.foundChild, SEARCH)).statusCode).toBe(404);
  });

  it('should let Kent’s team manager see that a police search listed their child, and keep none of the search terms', async () => {
    await (await signIn('police_coordinator', KENT_POLICE)).post(paths.foundChild, SEARCH);
    const access = await (await signIn('team_manager', KENT)).get(paths.recordAccess(tesfaye));
    expect(access.statusCode).toBe(200);
    expect(access.body).toContain('Searched for a found child, and listed this child');
    const events = await t.handle.db.selectFrom('auditEvent').select('details').where('entity', 'in', ['foundChild', 'foundChildCandidate']).execute();
    expect(events.length).toBeGreaterThan(0);
    for (const term of ['Tesfay', 'Haile', '2009', 'Folkestone', 'scar', 'Tigrinya']) expect(JSON.stringify(events)).not.toContain(term);
  });
});

describe('POST /api/v1/found-child/searches', () => {
  const body = {
    names: [{ givenNames: 'Tesfay', familyName: 'Haile' }],
    dateOfBirth: '2009-06-01',
    dateOfBirthApproximate: true,
    sex: 'M',
    nationality: 'ET',
  };

  it('should answer the candidates with their recognition and evidence, and nothing more', async () => {
    const api = apiClient(t.app, await t.token(KENT_POLICE, 'police_coordinator'));
    const response = await api('POST', '/found-child/searches', body);
    expect(response.status).toBe(200);
    const [first] = response.body['candidates'] as {
      childId: string;
      probability: number;
      recognition: Record<string, unknown>;
      evidence: { field: string; weight: number }[];
    }[];
    expect(first).toMatchObject({
      childId: tesfaye,
      recognition: { names: ['Tesfaye Haile', 'Tesfalem Haile Gebre'], authorityName: 'Kent', age: { youngest: 16, oldest: 16 } },
    });
    expect(first!.probability).toBeGreaterThan(0.5);
    expect(first!.evidence.map((field) => field.field)).toEqual(['name', 'birth', 'sex', 'nationality', 'identifier', 'postcode', 'address']);
    expect(JSON.stringify(response.body)).not.toMatch(/2009-03-04|HO-778899|dateOfBirth/);
  });

  it('should refuse a search with no name, a nationality that is not a code or a future date, naming the field', async () => {
    const api = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const noName = await api('POST', '/found-child/searches', { ...body, names: [] });
    expect(noName.status).toBe(400);
    expect(errorsOf(noName)).toEqual([expect.objectContaining({ field: 'names', message: expect.stringContaining('Enter at least one name') as unknown })]);
    const nationality = await api('POST', '/found-child/searches', { ...body, nationality: 'Eritrean' });
    expect(nationality.status).toBe(400);
    expect(errorsOf(nationality)).toEqual([expect.objectContaining({ field: 'nationality' })]);
    const future = await api('POST', '/found-child/searches', { ...body, dateOfBirth: '2030-01-01' });
    expect(future.status).toBe(400);
    expect(errorsOf(future)).toEqual([expect.objectContaining({ field: 'dateOfBirth' })]);
  });
});
