import { readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../src/domain/ssda903/csv.ts';
import { TABLES } from '../../src/domain/ssda903/tables.ts';
import type { TableName } from '../../src/domain/ssda903/tables.ts';
import { expectNoAccessibilityViolations, hasChromium, KENT, startLantern } from './harness.ts';
import type { Lantern } from './harness.ts';

// A data officer's SSDA903 return in a browser, while the server runs on the embedded database: the page from the
// navigation, the return downloaded as a zip file marked not for publication, that same return uploaded back
// (refused: the children are already Lantern's, each problem by file, row and rule), an upload with nothing chosen,
// and a clean return imported. axe on every state.

/** A table's CSV file as a browser uploads it, from rows given by column name. */
const csv = (table: TableName, rows: readonly Readonly<Record<string, string>>[]) => ({
  name: TABLES[table].fileName,
  mimeType: 'text/csv',
  buffer: Buffer.from(
    writeCsv(
      TABLES[table].columns,
      rows.map((row) => TABLES[table].columns.map((column) => row[column] ?? '')),
    ),
  ),
});

describe.skipIf(!hasChromium)('the SSDA903 return in a browser', () => {
  let lantern: Lantern;
  beforeAll(async () => {
    lantern = await startLantern();
  });
  afterAll(async () => {
    await lantern.close();
  });

  it('downloads the return, shows every problem with it uploaded back, and imports a clean one', async () => {
    const page = await lantern.newPage();
    await lantern.signIn(page, KENT, 'data_officer');
    await page.getByRole('link', { name: 'SSDA903 return' }).click();
    await page.waitForURL('**/ssda903-return');
    expect(await page.title()).toBe('SSDA903 return – Lantern');
    await expectNoAccessibilityViolations(page);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the return' }).click();
    const zip = await download;
    expect(zip.suggestedFilename()).toMatch(/^not-for-publication_ssda903_E10000016_\d{4}-\d{2}\.zip$/);
    const files = unzipSync(new Uint8Array(await readFile(await zip.path())));
    expect(new TextDecoder().decode(files['NOT-FOR-PUBLICATION.txt'])).toMatch(/^NOT FOR PUBLICATION/);

    // The demo's Kent children are Lantern's already: uploaded back, the return is refused whole.
    await page.getByLabel('Upload the return’s files').setInputFiles(
      Object.entries(files)
        .filter(([name]) => name.endsWith('.csv'))
        .map(([name, bytes]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(bytes) })),
    );
    await page.getByRole('button', { name: 'Import the return' }).click();
    await page.getByRole('heading', { level: 1, name: 'The return was not imported' }).waitFor();
    // The heading comes before the table: wait for a row of it before counting.
    const headerRows = page.getByRole('table', { name: 'Every problem, by file and row' }).getByRole('row', { name: /Header\.csv/ });
    await headerRows.first().waitFor();
    expect(await headerRows.count()).toBeGreaterThan(0);
    await expectNoAccessibilityViolations(page);

    await page.getByRole('link', { name: 'Upload the files again' }).click();
    await page.getByRole('button', { name: 'Import the return' }).click();
    await page.getByRole('link', { name: 'Select the return’s CSV files, or a zip file of them' }).waitFor();
    await expectNoAccessibilityViolations(page);

    const child = `B${String(Date.now()).slice(-8)}`;
    await page
      .getByLabel('Upload the return’s files')
      .setInputFiles([
        csv('Header', [{ CHILD: child, SEX: 'F', DOB: '10/05/2014', ETHNIC: 'WBRI', UPN: 'UN2' }]),
        csv('LanternChildren', [{ CHILD: child, GIVEN_NAMES: 'Uma', FAMILY_NAME: 'Browserimport', INTERPRETER_NEEDED: '0' }]),
        csv('Episodes', [{ CHILD: child, DECOM: '01/01/2024', RNE: 'S', LS: 'C2', PLACE: 'U1' }]),
      ]);
    await page.getByRole('button', { name: 'Import the return' }).click();
    await page.getByRole('heading', { level: 1, name: 'Return imported' }).waitFor();
    expect(await page.getByText('1 child added to Kent').isVisible()).toBe(true);
    await expectNoAccessibilityViolations(page);
  });
});
