import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import { writeCsv } from '../../src/domain/ssda903/csv.ts';
import { TABLES } from '../../src/domain/ssda903/tables.ts';
import type { TableName } from '../../src/domain/ssda903/tables.ts';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, selectedOf, tableRows } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, HOME_OF, KENT, MEDWAY } from './api-helpers.ts';

// The SSDA903 return's pages through app.inject: a data officer downloads the year's return as a zip file marked
// not for publication, and uploads a return (CSV files or a zip file of them) that is imported all or nothing, with
// every problem by file, row and rule. Everyone else gets "Page not found".

let t: TestApp;
let officer: WebClient;
const KENT_CHILD = 'WEBX1';

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  await createLookedAfterChild(kent, { laChildId: KENT_CHILD, givenNames: 'Ines', familyName: 'Exported' });
  officer = (await signedInClient(t.app, t.services, KENT, 'data_officer')).client;
});
afterAll(async () => t.close());

/** A CSV file of a table, from rows given by column name (missing columns blank). */
const csv = (table: TableName, rows: readonly Readonly<Record<string, string>>[]): { name: string; content: string } => ({
  name: TABLES[table].fileName,
  content: writeCsv(
    TABLES[table].columns,
    rows.map((row) => TABLES[table].columns.map((column) => row[column] ?? '')),
  ),
});

/** The smallest return Lantern imports: one child, named, looked after since 1 January 2024. */
const smallReturn = (child: string, missing: readonly Readonly<Record<string, string>>[] = []) => [
  csv('Header', [{ CHILD: child, SEX: 'F', DOB: '10/05/2012', ETHNIC: 'WBRI', UPN: 'UN2' }]),
  csv('LanternChildren', [{ CHILD: child, GIVEN_NAMES: 'Uma', FAMILY_NAME: 'Uploaded', INTERPRETER_NEEDED: '0' }]),
  csv('Episodes', [{ CHILD: child, DECOM: '01/01/2024', RNE: 'S', LS: 'C2', PLACE: 'U1' }]),
  ...(missing.length === 0 ? [] : [csv('Missing', missing)]),
];

async function upload(client: WebClient, files: readonly { name: string; content: string | Uint8Array }[], intent: 'import' | 'check' = 'import') {
  const page = await client.get(paths.ssda903Return);
  const form = new FormData();
  form.append('_csrf', /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '');
  for (const file of files) form.append('files', new Blob([file.content]), file.name);
  form.append('intent', intent);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return t.app.inject({
    method: 'POST',
    url: paths.ssda903Import,
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { cookie: [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; '), 'content-type': request.headers.get('content-type') ?? '' },
  });
}

const childrenNamed = (laChildId: string, authority = KENT) =>
  t.handle.db.selectFrom('child').select('id').where('laChildId', '=', laChildId).where('responsibleAuthorityCode', '=', authority).execute();

describe('the SSDA903 return page', () => {
  it('offers a data officer the download and the upload, the latest ended year chosen', async () => {
    const page = await officer.get(paths.ssda903Return);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('SSDA903 return – Lantern');
    expect(page.body).toContain('<span class="govuk-caption-l">Kent</span>');
    // 15 June 2025: 2024-25 has ended, 2025-26 is under way.
    expect(selectedOf(page.body, 'year')).toBe('2025');
    expect(page.body).toContain('2025-26 (1 April 2025 to 31 March 2026), not yet ended');
    expect(page.body).toContain('Not for publication');
    expect(page.body).toMatch(/<a class="govuk-service-navigation__link" href="\/ssda903-return" aria-current="true">/);
  });

  it.each(ROLES.filter((role) => role !== 'data_officer'))('tells a %s the page is not found, and exports nothing', async (role) => {
    const someone = (await signedInClient(t.app, t.services, HOME_OF[role], role)).client;
    const page = await someone.get(paths.ssda903Return);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('/ssda903-return');
    const exported = await someone.post(paths.ssda903Export, { year: '2025' });
    expect(exported.statusCode).toBe(404);
    expect((await upload(someone, smallReturn('NOPE1'))).statusCode).toBe(404);
    expect(await childrenNamed('NOPE1')).toEqual([]);
  });
});

describe('downloading the return', () => {
  it('sends the year’s files as a zip file marked not for publication, never cached, and audits it', async () => {
    await officer.get(paths.ssda903Return);
    const response = await officer.post(paths.ssda903Export, { year: '2025' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="not-for-publication_ssda903_E10000016_2024-25.zip"');
    expect(response.headers['cache-control']).toBe('no-store');
    const files = unzipSync(new Uint8Array(response.rawPayload));
    const text = (name: string) => new TextDecoder().decode(files[name]);
    expect(text('NOT-FOR-PUBLICATION.txt')).toMatch(/^NOT FOR PUBLICATION/);
    expect(text('NOT-FOR-PUBLICATION.txt')).toContain('The SSDA903 return of Kent (E10000016) for the 2024-25 collection year: 1 child.');
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['Header.csv', 'Episodes.csv', 'Missing.csv', 'UASC.csv', 'lantern-children.csv']));
    expect(text('Header.csv')).toContain(`${KENT_CHILD},F,12/04/2009`);
    const audited = await t.handle.db.selectFrom('auditEvent').select('details').where('entity', '=', 'ssda903Return').where('action', '=', 'EXPORT').execute();
    expect(audited).toHaveLength(1);
  });

  it('asks before exporting a year that has not ended, and says so in the files', async () => {
    await officer.get(paths.ssda903Return);
    const refused = await officer.post(paths.ssda903Export, { year: '2026' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummaryOf(refused.body)).toEqual([
      {
        href: '#year',
        text: 'The 2025-26 collection year has not ended: it runs to 31 March 2026. To export it as it stands today, select “Export a year that has not ended”',
      },
    ]);
    expect(selectedOf(refused.body, 'year')).toBe('2026');
    const exported = await officer.post(paths.ssda903Export, { year: '2026', allowIncompleteYear: 'yes' });
    expect(exported.statusCode).toBe(200);
    const note = new TextDecoder().decode(unzipSync(new Uint8Array(exported.rawPayload))['NOT-FOR-PUBLICATION.txt']);
    expect(note).toContain('These files are not a complete return. The 2025-26 collection year has not ended');
  });

  it('asks for a year when none is given', async () => {
    await officer.get(paths.ssda903Return);
    const refused = await officer.post(paths.ssda903Export, { year: 'next' });
    expect(refused.statusCode).toBe(400);
    expect(errorSummaryOf(refused.body)).toEqual([{ href: '#year', text: 'Select the collection year to export' }]);
  });
});

describe('uploading a return', () => {
  it('imports a clean return and says what it read', async () => {
    const response = await upload(officer, smallReturn('WEBIN1'));
    expect(response.statusCode).toBe(200);
    expect(titleOf(response.body)).toBe('Return imported – Lantern');
    expect(response.body).toContain('1 child added to Kent');
    expect(response.body).toContain('None of the children added looks like a child another authority records.');
    expect(tableRows(response.body)).toEqual([]);
    expect(response.body).toContain('Header.csv');
    expect(await childrenNamed('WEBIN1')).toHaveLength(1);
  });

  it('only checks the files when asked, and imports nothing', async () => {
    const response = await upload(officer, smallReturn('WEBCHK1'), 'check');
    expect(response.statusCode).toBe(200);
    expect(titleOf(response.body)).toBe('The files can be imported – Lantern');
    expect(response.body).toContain('Importing them would add 1 child');
    expect(await childrenNamed('WEBCHK1')).toEqual([]);
  });

  it('takes the files in a zip file', async () => {
    const zip = zipSync(Object.fromEntries(smallReturn('WEBZIP1').map((file) => [`return/${file.name}`, strToU8(file.content)])));
    const response = await upload(officer, [{ name: 'return.zip', content: zip }]);
    expect(titleOf(response.body)).toBe('Return imported – Lantern');
    expect(await childrenNamed('WEBZIP1')).toHaveLength(1);
  });

  it('imports nothing from a return with a problem, and lists every problem by file, row and rule', async () => {
    const broken = smallReturn('WEBBAD1', [{ CHILD: 'WEBBAD1', DOB: '10/05/2012', MISSING: 'M', MIS_START: '14/07/2024', MIS_END: '12/07/2024' }]);
    const response = await upload(officer, broken);
    expect(response.statusCode).toBe(200);
    expect(titleOf(response.body)).toBe('The return was not imported – Lantern');
    expect(response.body).toContain('Nothing was imported.');
    expect(tableRows(response.body, 'Problems by rule')).toContainEqual(['903 rule 567', '1']);
    expect(tableRows(response.body, 'Every problem, by file and row')).toContainEqual([
      'Missing.csv',
      '2',
      'MIS_END',
      '903 rule 567',
      expect.stringContaining('Enter the date the child came back'),
    ]);
    expect(await childrenNamed('WEBBAD1')).toEqual([]);
  });

  it('refuses a child the authority already has, on its Header row', async () => {
    const response = await upload(officer, smallReturn(KENT_CHILD));
    expect(titleOf(response.body)).toBe('The return was not imported – Lantern');
    expect(tableRows(response.body, 'Every problem, by file and row')).toContainEqual([
      'Header.csv',
      '2',
      'CHILD',
      '',
      expect.stringContaining(`Child ${KENT_CHILD} is already recorded by this authority in Lantern`),
    ]);
  });

  it('asks for the files when none is chosen, or one is neither CSV nor zip', async () => {
    const none = await upload(officer, []);
    expect(none.statusCode).toBe(400);
    expect(errorSummaryOf(none.body)).toEqual([{ href: '#files', text: 'Select the return’s CSV files, or a zip file of them' }]);
    const spreadsheet = await upload(officer, [{ name: 'return.xlsx', content: 'not a return' }]);
    expect(spreadsheet.statusCode).toBe(400);
    expect(errorSummaryOf(spreadsheet.body)).toEqual([
      { href: '#files', text: 'return.xlsx is not a CSV file or a zip file. Select the return’s CSV files, or a zip file of them' },
    ]);
  });

  it('imports into the data officer’s own authority only', async () => {
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'data_officer')).client;
    const response = await upload(medway, smallReturn('WEBMED1'));
    expect(response.body).toContain('1 child added to Medway');
    // Kent imported Uma Uploaded, born the same day, above: the matching engine says she may be the same child.
    expect(response.body).toContain('1 child added may be recorded by another authority too.');
    expect(response.body).toContain('href="/data-quality#duplicates"');
    expect(await childrenNamed('WEBMED1', MEDWAY)).toHaveLength(1);
    expect(await childrenNamed('WEBMED1', KENT)).toEqual([]);
  });
});
