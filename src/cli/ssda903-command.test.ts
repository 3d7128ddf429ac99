import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runLantern } from '../../test/helpers/command-line.ts';
import type { CommandRun } from '../../test/helpers/command-line.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { collectionYear } from '../domain/ssda903/collection-year.ts';
import { writeCsv } from '../domain/ssda903/csv.ts';
import { exportReturn } from '../domain/ssda903/export.ts';
import { recordsOf } from '../../test/factories/synthetic-records.ts';
import { TABLES } from '../domain/ssda903/tables.ts';
import { SAMPLE_AUTHORITIES } from '../../test/factories/sample-authorities.ts';
import { generatePopulation } from '../seed/synthetic-population.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { registerSsda903Commands } from './ssda903-command.ts';

// bin/lantern export 903 and import 903, run in-process against a test database: exit codes,
// what they print, and the files they read and write.

const KENT = 'E10000016';
const NOW = '2025-06-15T12:00:00.000Z';

let handle: DatabaseHandle;
let work: string;
let returnDir: string;
/** A folder of two authorities' returns, named by LA number (Medway, 887) and ONS code (Croydon). */
let nationalDir: string;

function lantern(...args: string[]): Promise<CommandRun> {
  return runLantern((program) => {
    registerSsda903Commands(program, (run) => run(handle), { now: () => NOW, progress: () => ({ update: () => undefined, stop: () => undefined }) });
  }, args);
}

async function filesIn(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(path.join(dir, name), 'utf8')] as const)));
}

beforeAll(async () => {
  handle = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), 'lantern-903-'));
  // A return to import: a synthetic population's Kent children, exported without a database.
  const authorities = SAMPLE_AUTHORITIES.filter((authority) => [KENT, 'E06000035', 'E09000008'].includes(authority.code));
  const records = [...generatePopulation({ children: 150, seed: 5, censusDate: '2025-06-01', authorities })].flatMap((batch) => recordsOf(batch));
  returnDir = path.join(work, 'return');
  await mkdir(returnDir);
  for (const { table, rows } of exportReturn(records, { authorityCode: KENT, year: collectionYear(2025) }).tables) {
    await writeFile(path.join(returnDir, table.fileName), writeCsv(table.columns, rows));
  }
  nationalDir = path.join(work, 'national');
  for (const [folder, code] of [
    ['887', 'E06000035'],
    ['E09000008', 'E09000008'],
  ] as const) {
    await mkdir(path.join(nationalDir, folder), { recursive: true });
    for (const { table, rows } of exportReturn(records, { authorityCode: code, year: collectionYear(2025) }).tables) {
      await writeFile(path.join(nationalDir, folder, table.fileName), writeCsv(table.columns, rows));
    }
  }
}, 60_000);

const childCount = async (): Promise<number> =>
  (
    await handle.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
  ).count;

/** A copy of a return folder, with one file replaced. */
async function returnWith(name: string, content: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(work, 'edited-'));
  for (const file of await readdir(returnDir)) await writeFile(path.join(dir, file), await readFile(path.join(returnDir, file)));
  await writeFile(path.join(dir, name), content);
  return dir;
}

afterAll(async () => {
  await handle.close();
  await rm(work, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('lantern import 903 and export 903', () => {
  it('should import a return, say how many children it added, and exit 0', async () => {
    const result = await lantern('import', '903', returnDir, '--authority', KENT);
    expect(result.err).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.out.at(-1)).toMatch(
      new RegExp(`^Imported \\d+ children into ${KENT} from ${returnDir} \\(rows: Header \\d+, Episodes \\d+, Missing \\d+, UASC \\d+, `),
    );
  });

  it('should export the same files it imported, list them and exit 0', async () => {
    const out = path.join(work, 'exported');
    const result = await lantern('export', '903', '--authority', KENT, '--year', '2025', '--out', out);
    expect(result.exitCode).toBe(0);
    expect(result.out[0]).toMatch(new RegExp(`^Exported the 2024-25 SSDA903 return for ${KENT}: \\d+ children, to ${out}$`));
    expect(result.out).toContainEqual(expect.stringMatching(/^ {2}Missing\.csv: \d+ row\(s\)$/));
    expect(await filesIn(out)).toEqual(await filesIn(returnDir));
  });

  it('should print every error by file, row and column, import nothing and exit 1', async () => {
    const before = await handle.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const result = await lantern('import', '903', returnDir, '--authority', KENT);
    expect(result.exitCode).toBe(1);
    expect(result.err[0]).toMatch(/^Header\.csv, row 2, column CHILD: Child \w+ is already recorded by this authority in Lantern/);
    expect(result.err.at(-2)).toMatch(/^\d+ problem\(s\) in the files\.$/);
    expect(result.err.at(-1)).toBe('Nothing was imported. Correct the files and run the import again.');
    const after = await handle.db
      .selectFrom('child')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(after.count).toBe(before.count);
  });

  it('should refuse a folder with no CSV files', async () => {
    const empty = await mkdtemp(path.join(work, 'empty-'));
    const result = await lantern('import', '903', empty, '--authority', KENT);
    expect(result.exitCode).toBe(1);
    expect(result.err.join('\n')).toBe(`There are no .csv files in ${empty}.\nNothing was imported.`);
  });

  it('should refuse an authority Lantern does not know', async () => {
    const result = await lantern('export', '903', '--authority', 'E99999999', '--year', '2025', '--out', path.join(work, 'nowhere'));
    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual(['There is no local authority with the code E99999999. Check the code and try again.']);
  });

  it('should take the authority’s DfE LA number as well as its ONS code, for export and import', async () => {
    const out = path.join(work, 'by-la-number');
    const exported = await lantern('export', '903', '--authority', '886', '--year', '2025', '--out', out);
    expect(exported.exitCode).toBe(0);
    expect(exported.out[0]).toMatch(new RegExp(`^Exported the 2024-25 SSDA903 return for ${KENT}: `));
    expect(await filesIn(out)).toEqual(await filesIn(returnDir));

    // Kent's children are already in Lantern: the import reached Kent, and refused them.
    const imported = await lantern('import', '903', returnDir, '--authority', '886');
    expect(imported.exitCode).toBe(1);
    expect(imported.err[0]).toMatch(/^Header\.csv, row 2, column CHILD: Child \w+ is already recorded by this authority in Lantern/);
  });

  it('should refuse an LA number Lantern does not know', async () => {
    const result = await lantern('import', '903', returnDir, '--authority', '999');
    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual(['There is no local authority with the code 999. Check the code and try again.', 'Nothing was imported.']);
  });

  it('should refuse a collection year that has not ended unless told to export it anyway', async () => {
    const out = path.join(work, 'year-so-far');
    const refused = await lantern('export', '903', '--authority', KENT, '--year', '2026', '--out', out);
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toEqual([
      'The 2025-26 collection year has not ended: it runs to 31 March 2026, so its return is not complete. To export the year so far, run the command again with --allow-incomplete-year.',
    ]);
    await expect(readdir(out)).rejects.toThrow();

    const allowed = await lantern('export', '903', '--authority', KENT, '--year', '2026', '--out', out, '--allow-incomplete-year');
    expect(allowed.exitCode).toBe(0);
    expect(allowed.out[0]).toBe(
      'Warning: These files are not a complete return. The 2025-26 collection year has not ended (it runs to 31 March 2026): they show it as it stood on 15 June 2025.',
    );
  });

  it('should refuse a collection year in the future unless told to export it anyway', async () => {
    const out = path.join(work, 'future-year');
    const refused = await lantern('export', '903', '--authority', KENT, '--year', '2027', '--out', out);
    expect(refused.exitCode).toBe(1);
    expect(refused.err).toEqual([
      'The 2026-27 collection year has not started: it runs from 1 April 2026 to 31 March 2027. To export it anyway, run the command again with --allow-incomplete-year.',
    ]);
    const allowed = await lantern('export', '903', '--authority', KENT, '--year', '2027', '--out', out, '--allow-incomplete-year');
    expect(allowed.exitCode).toBe(0);
    expect(allowed.out[0]).toMatch(/^Warning: These files are not a return\. The 2026-27 collection year has not started/);
  });

  it('should refuse a file saved as Windows-1252, saying which file and to save it as UTF-8, and import nothing', async () => {
    const before = await childCount();
    const names = await readFile(path.join(returnDir, 'lantern-children.csv'), 'utf8');
    // Zoë, as Excel's plain CSV writes it: ë is the single byte 0xEB.
    const lines = names.split('\r\n');
    const zoe = Uint8Array.from([...Buffer.from(`${lines[0]}\r\n`), ...Buffer.from('X1,Zo'), 0xeb, ...Buffer.from(',Fictional,10/05/2008,,,0,,,\r\n')]);
    const dir = await returnWith('lantern-children.csv', zoe);
    const result = await lantern('import', '903', dir, '--authority', KENT);
    expect(result.exitCode).toBe(1);
    expect(result.err).toContainEqual(
      expect.stringMatching(/^lantern-children\.csv, row 2: The file is not saved as UTF-8.*Save it again as "CSV UTF-8 \(comma delimited\)"/),
    );
    expect(result.err.join('\n')).not.toContain('\uFFFD');
    expect(await childCount()).toBe(before);
  });

  it('should refuse a file over the size limit before reading it, without printing its contents', async () => {
    const dir = await returnWith('lantern-children.csv', `CHILD,GIVEN_NAMES\r\nC1,${'Zoë'.repeat(9_000_000)}\r\n`);
    const result = await lantern('import', '903', dir, '--authority', KENT);
    expect(result.exitCode).toBe(1);
    expect(result.err).toEqual([
      `${path.join(dir, 'lantern-children.csv')} is 34.3 MB: Lantern reads files of at most 25.0 MB. Check it is the right file.`,
      'Nothing was imported.',
    ]);
  });

  it('should print at most 500 problems, then say how many more there are', async () => {
    const rows = Array.from({ length: 800 }, (_, i) => `Z${i},Nobody,Fictional,,,,0,,,`).join('\r\n');
    const dir = await returnWith('lantern-children.csv', `${TABLES.LanternChildren.columns.join(',')}\r\n${rows}\r\n`);
    const result = await lantern('import', '903', dir, '--authority', KENT);
    expect(result.exitCode).toBe(1);
    // 500 problems, then how many more, how many in all, and that nothing was imported.
    expect(result.err).toHaveLength(503);
    expect(result.err.at(-3)).toMatch(/^…and \d+ more, not shown\.$/);
    expect(result.err.at(-2)).toMatch(/^\d{3,} problem\(s\) in the files\.$/);
  });

  it('should import a folder of authorities’ folders, named by LA number or ONS code, with one command', async () => {
    const before = await childCount();
    const result = await lantern('import', '903', nationalDir);
    expect(result.err).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.out.filter((line) => line.startsWith('Imported '))).toEqual([
      expect.stringMatching(new RegExp(`^Imported \\d+ children into E06000035 from ${path.join(nationalDir, '887')} `)),
      expect.stringMatching(new RegExp(`^Imported \\d+ children into E09000008 from ${path.join(nationalDir, 'E09000008')} `)),
    ]);
    expect(await childCount()).toBeGreaterThan(before);
  });

  it('should import none of a folder of authorities when one authority’s files have an error', async () => {
    const dir = await mkdtemp(path.join(work, 'national-'));
    await mkdir(path.join(dir, '886'));
    for (const file of await readdir(returnDir)) await writeFile(path.join(dir, '886', file), await readFile(path.join(returnDir, file)));
    await mkdir(path.join(dir, '306'));
    for (const file of await readdir(path.join(nationalDir, 'E09000008')))
      await writeFile(path.join(dir, '306', file), await readFile(path.join(nationalDir, 'E09000008', file)));
    const before = await childCount();
    // Kent's and Croydon's children are already in Lantern: both are refused, by folder, and nothing is written.
    const result = await lantern('import', '903', dir);
    expect(result.exitCode).toBe(1);
    expect(result.err[0]).toMatch(new RegExp(`^${path.join(dir, '306')}: Header\\.csv, row 2, column CHILD: Child \\w+ is already recorded`));
    expect(result.err.at(-1)).toBe('Nothing was imported. Correct the files and run the import again.');
    expect(await childCount()).toBe(before);
  });

  it('should explain the year convention when the year is not one', async () => {
    const result = await lantern('export', '903', '--authority', KENT, '--year', '2024-25', '--out', path.join(work, 'nowhere'));
    expect(result.exitCode).toBe(1);
    expect(result.err.join('')).toMatch(/Enter the collection year as the year it ends, for example 2025 for 1 April 2024 to 31 March 2025/);
  });
});
