import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { NOT_FOR_PUBLICATION } from '../../src/features/statistics/downloads.ts';
import { aRecord, insertPopulation } from '../factories/statistics-population.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addPartnerOrganisations, HOME_OF, apiClient, CROYDON, KENT, NATIONAL } from './api-helpers.ts';

// The statistics pages, downloads and FOI pack through HTTP, per role. The test clock is 15 June 2025, so the
// default year is the 12 months to 30 September 2024; the population's episodes fall in it.

const QUERY = 'year=2024&cohort=trafficked&geography=uk&missingTypes=M&attribution=responsible';
const API_QUERY = 'from=2023-10-01&to=2024-09-30&cohort=trafficked&geography=uk&missingTypes=M&attribution=responsible';

const MAY_SEE = new Set<Role>(['team_manager', 'data_officer', 'national_analyst']);

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const missing = (day: string) => [{ startAt: `${day}T10:00:00Z`, endAt: `${day}T18:00:00Z` }];
  // Kent: 40 trafficked children, 20 of whom went missing; 3 in Croydon, 1 missing (a small count); 200 others, 20 missing.
  await insertPopulation(t.handle.db, [
    ...Array.from({ length: 40 }, (_, i) =>
      aRecord({
        care: [['2022-01-01', null]],
        concerns: [[['SUSPECTED', '2022-06-01']]],
        sex: i % 2 === 0 ? 'M' : 'F',
        episodes: i < 20 ? missing(`2024-0${(i % 8) + 1}-10`) : [],
      }),
    ),
    ...Array.from({ length: 3 }, (_, i) =>
      aRecord({ authority: CROYDON, care: [['2022-01-01', null]], concerns: [[['SUSPECTED', '2022-06-01']]], episodes: i === 0 ? missing('2024-03-03') : [] }),
    ),
    ...Array.from({ length: 200 }, (_, i) => aRecord({ care: [['2020-01-01', null]], episodes: i < 20 ? missing('2024-02-02') : [] })),
    // The earliest record: in Kent's care from 1 October 2012 to 30 June 2015, suspected trafficked from October
    // 2014 and missing once in February 2015 (the report's own year).
    aRecord({ care: [['2012-10-01', '2015-06-30']], concerns: [[['SUSPECTED', '2014-10-01']]], episodes: missing('2015-02-02') }),
  ]);
}, 60_000);
afterAll(async () => {
  await t.close();
});

const signIn = async (role: Role, organisation = HOME_OF[role]) => signedInClient(t.app, t.services, organisation, role);

describe('the statistics page', () => {
  it.each(ROLES)('should show it to a %s only if the statistics service lets them see statistics', async (role) => {
    const { client } = await signIn(role);
    const page = await client.get(`/statistics?${QUERY}`);
    if (MAY_SEE.has(role)) {
      expect(page.statusCode).toBe(200);
      expect(titleOf(page.body)).toBe('Statistics – Lantern');
    } else {
      expect(page.statusCode).toBe(404);
      expect(page.body).not.toContain('Heading back to harm');
    }
  });

  it('should show the national unit the UK table rounded and suppressed, with a chart that needs no inline style', async () => {
    const { client } = await signIn('national_analyst');
    const page = await client.get(`/statistics?${QUERY}`);
    expect(page.statusCode).toBe(200);
    // UK figures are rounded to 10 and the note says so, on the caption and under the table.
    expect(page.body).toContain('(counts rounded to the nearest 10) [note 1]');
    expect(page.body).toContain('Counts are rounded to the nearest 10 [note 1]');
    // 43 trafficked children in the UK, rounded to 40; 21 went missing, rounded to 20.
    expect(page.body).toMatch(/1\. Looked-after children in the period<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">40<\/td>/);
    // Nothing in the "Heading back to harm" tables is suppressed (Croydon's single return is, in the coordination table).
    expect(page.body.split('id="coordination"')[0]).not.toContain('[c] Suppressed');
    expect(page.body).toContain('id="coordination"');
    // The chart: an SVG image with a summary, no <style> element or style attribute (the CSP forbids them).
    const svg = [...page.body.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((match) => match[0]).find((chart) => chart.includes('Bar chart'));
    expect(svg).toBeDefined();
    expect(svg).toMatch(/^<svg[^>]* role="img"/);
    expect(svg).toMatch(
      /<title>Bar chart: \d+% of trafficked \(suspected or identified\) went missing at least once in United Kingdom, against \d+% of all looked-after children\.<\/title>/,
    );
    expect(svg).not.toMatch(/<style|style="/);
    expect(page.body).toContain('Trend: trafficked');
    expect(page.body).toMatch(
      /<li class="govuk-service-navigation__item govuk-service-navigation__item--active">\s*<a class="govuk-service-navigation__link" href="\/statistics" aria-current="true">/,
    );
  });

  it('should show a small count as [c] with its footnote, and no chart built from it', async () => {
    const { client } = await signIn('national_analyst');
    // Croydon: one of its three trafficked children went missing.
    const page = await client.get(`/statistics?year=2024&cohort=trafficked&geography=authority:${CROYDON}&missingTypes=M&attribution=responsible`);
    expect(page.body).toMatch(/2\. Children who went missing at least once<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">\[c\]<\/td>/);
    expect(page.body).toContain('[c] Suppressed to protect confidentiality');
    expect(page.body).not.toContain('Bar chart:');
    expect(page.body).toContain('No chart: a percentage it needs is suppressed or not applicable.');
  });

  it('should show Kent’s data officer Kent’s own figures exactly, and say they are not for publication', async () => {
    const { client } = await signIn('data_officer');
    const page = await client.get(`/statistics?year=2024&cohort=trafficked&geography=authority:${KENT}&missingTypes=M&attribution=responsible`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('These are your authority’s own figures');
    expect(page.body).toMatch(/1\. Looked-after children in the period<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">40<\/td>/);
    expect(page.body).toMatch(/2\. Children who went missing at least once<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">20<\/td>/);
    expect(page.body).not.toContain('[note 1]');
  });

  it('should offer every year the data covers, so that the report’s own year to September 2015 can be shown and downloaded', async () => {
    const { client } = await signIn('data_officer');
    const page = await client.get(`/statistics?${QUERY}`);
    const years = [...page.body.matchAll(/<option value="(\d{4})"[^>]*>12 months to 30 September \d{4}<\/option>/g)].map((match) => match[1]);
    // From the year holding the first care period (October 2012) to the latest ended (the clock is June 2025): more than ten.
    expect(years).toEqual(['2024', '2023', '2022', '2021', '2020', '2019', '2018', '2017', '2016', '2015', '2014', '2013']);
    const kent2015 = `year=2015&cohort=trafficked&geography=authority:${KENT}&missingTypes=M&attribution=responsible`;
    const year = await client.get(`/statistics?${kent2015}`);
    expect(year.statusCode).toBe(200);
    expect(year.body).toContain('Episodes starting from 2014-10-01 to 2015-09-30');
    expect(year.body).toMatch(/2\. Children who went missing at least once<\/th>\s*<td class="govuk-table__cell govuk-table__cell--numeric">1<\/td>/);
    const csv = await client.get(`/statistics/download.csv?${kent2015}`);
    expect(csv.statusCode).toBe(200);
    expect(parse<Record<string, string>>(csv.body, { columns: true })[0]).toMatchObject({ period_from: '2014-10-01', period_to: '2015-09-30' });
    // Nothing is recorded before October 2012: that year is not offered.
    expect((await client.get('/statistics?year=2012')).body).toContain('href="#year">Select a year</a>');
    expect((await client.get('/statistics?year=2013')).body).not.toContain('Select a year');
  });

  it('should show the form’s problems in an error summary when the query is wrong', async () => {
    const { client } = await signIn('national_analyst');
    const page = await client.get('/statistics?year=1990&cohort=trafficked');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('There is a problem');
    expect(page.body).toContain('href="#year">Select a year</a>');
    const area = await client.get('/statistics?year=2024&geography=authority:NOWHERE1');
    expect(area.body).toContain('href="#geography">Select an area from the list</a>');
  });
});

describe('the downloads', () => {
  async function apiReport() {
    const api = apiClient(t.app, await t.token(NATIONAL, 'national_analyst'));
    const response = await api('GET', `/statistics/heading-back-to-harm?${API_QUERY}`);
    expect(response.status).toBe(200);
    return response.body as unknown as {
      measures: { id: string; label: string; number: number; cohort: { kind: string; value?: number }; allLookedAfter: { kind: string; value?: number } }[];
    };
  }
  const shown = (figure: { kind: string; value?: number }) => (figure.kind === 'suppressed' ? '[c]' : figure.kind === 'not_applicable' ? '[z]' : figure.value);

  it.each(ROLES.filter((role) => !MAY_SEE.has(role)))('should refuse a %s', async (role) => {
    const { client } = await signIn(role);
    for (const format of ['csv', 'xlsx', 'json']) expect((await client.get(`/statistics/download.${format}?${QUERY}`)).statusCode).toBe(404);
  });

  it('should give the same figures in the CSV as the JSON API for the same query', async () => {
    const api = await apiReport();
    const { client } = await signIn('national_analyst');
    const response = await client.get(`/statistics/download.csv?${QUERY}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="heading-back-to-harm_uk_trafficked_responsible_2023-10-01_to_2024-09-30.csv"');
    const rows = parse<Record<string, string>>(response.body, { columns: true });
    for (const measure of api.measures) {
      const row = rows.find((r) => r['table'] === 'measures' && r['row'] === measure.id && r['column'] === 'cohort');
      const expected = shown(measure.cohort);
      expect(typeof expected === 'number' ? Number(row?.['value']) : row?.['value'], measure.id).toBe(expected);
    }
  });

  it('should give the same figures in the XLSX as the JSON API, with a Notes sheet', async () => {
    const api = await apiReport();
    const { client } = await signIn('national_analyst');
    const response = await t.app.inject({
      method: 'GET',
      url: `/statistics/download.xlsx?${QUERY}`,
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="heading-back-to-harm_uk_trafficked_responsible_2023-10-01_to_2024-09-30\.xlsx"$/,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Measures')!;
    const byLabel = new Map<string, unknown[]>();
    sheet.eachRow((row) => {
      const values = row.values as unknown[];
      byLabel.set(String(values[1]), values.slice(2, 4));
    });
    for (const measure of api.measures) {
      expect(byLabel.get(`${measure.number}. ${measure.label}`), measure.id).toEqual([shown(measure.cohort), shown(measure.allLookedAfter)]);
    }
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['Measures', 'Children', 'Sex', 'Nationality', 'Notes']));
    const notes: string[] = [];
    workbook.getWorksheet('Notes')!.eachRow((row) => notes.push((row.values as unknown[]).slice(1).join(' | ')));
    expect(notes.join('\n')).toContain('Disclosure control | Counts from 1 to 4 suppressed');
    expect(notes.join('\n')).toContain('Period | 2023-10-01 to 2024-09-30');
  });

  it('should mark every download of the authority’s own, unsuppressed figures as not for publication, and no other', async () => {
    const own = `year=2024&cohort=trafficked&geography=authority:${KENT}&missingTypes=M&attribution=responsible`;
    const { client } = await signIn('data_officer');
    const csv = await client.get(`/statistics/download.csv?${own}`);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="not-for-publication_heading-back-to-harm_/);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(Object.keys(rows[0]!)[0]).toBe('marking');
    expect(rows.every((row) => row['marking'] === NOT_FOR_PUBLICATION)).toBe(true);
    expect(JSON.parse((await client.get(`/statistics/download.json?${own}`)).body).marking).toBe(NOT_FOR_PUBLICATION);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: `/statistics/download.xlsx?${own}`,
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Measures')!.getRow(1).getCell(1).value).toBe(NOT_FOR_PUBLICATION);

    const { client: analyst } = await signIn('national_analyst');
    const published = await analyst.get(`/statistics/download.csv?${QUERY}`);
    expect(published.headers['content-disposition']).not.toContain('not-for-publication');
    expect(published.body).not.toContain('NOT FOR PUBLICATION');
    expect((await analyst.get(`/statistics/download.json?${QUERY}`)).body).not.toContain('NOT FOR PUBLICATION');
  });

  it('should give the JSON of the API, and record each download as an export on the audit trail', async () => {
    const api = await apiReport();
    const { client, userId } = await signIn('national_analyst');
    const response = await client.get(`/statistics/download.json?${QUERY}`);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).measures).toEqual(api.measures);
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity']).where('actorId', '=', userId).execute();
    expect(events).toContainEqual({ action: 'EXPORT', entity: 'statistics' });
  });
});

describe('the FOI pack', () => {
  it.each(ROLES)('should be for an authority’s data officers and team managers only (%s)', async (role) => {
    const { client } = await signIn(role);
    const page = await client.get('/statistics/foi-pack?year=2024');
    expect(page.statusCode).toBe(role === 'data_officer' || role === 'team_manager' ? 200 : 404);
  });

  it('should answer the charities’ questions for the authority, with caveats, downloadable as text and CSV', async () => {
    const { client } = await signIn('data_officer');
    const page = await client.get('/statistics/foi-pack?year=2024');
    expect(titleOf(page.body)).toBe('Freedom of Information pack – Lantern');
    expect(page.body).toContain('Question 1');
    expect(page.body).toContain('identified as trafficked / modern slavery victims');
    expect(page.body).toContain('Data-quality caveats');
    // Measured over the checks' own 12 months to today (the test clock's 15 June 2025), not the pack's period.
    expect(page.body).toMatch(
      /Police reference recorded for missing episodes: [^<]+, from the authority’s data-quality checks over 16 June 2024 to 15 June 2025\./,
    );
    // The pack goes beyond the authority, so even its own figures are disclosure-controlled.
    expect(page.body).toContain('Every figure is disclosure-controlled');
    expect(page.body).not.toContain('without disclosure control');
    const markdown = await client.get('/statistics/foi-pack?year=2024&format=md');
    expect(markdown.headers['content-disposition']).toBe('attachment; filename="foi-pack_e10000016_2023-10-01_to_2024-09-30.md"');
    expect(markdown.body).toMatch(/\| \(a\) and \(b\) Identified or suspected as trafficked \| 40 \|/);
    const csv = await client.get('/statistics/foi-pack?year=2024&format=csv');
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows.find((r) => r['question'] === '2' && r['group'] === 'Identified or suspected as trafficked')?.['value']).toBe('20');
  });
});
