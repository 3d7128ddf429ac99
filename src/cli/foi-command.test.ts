import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRecord, insertPopulation, KENT } from '../../test/factories/statistics-population.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from '../services/index.ts';
import type { Services } from '../services/index.ts';
import { NON_STANDARD_PERIOD } from '../domain/statistics/query.ts';
import { parseFoiOptions, runFoiCommand } from './foi-command.ts';
import type { FoiOptions } from './foi-command.ts';

let handle: DatabaseHandle;
let services: Services;
beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: () => '2025-06-15T12:00:00.000Z', newId: randomUUID });
  // Kent: 12 trafficked children in care all year, 3 of whom went missing once each; 20 UASC, 8 missing.
  const episode = (month: number) => [{ startAt: `2024-0${month}-10T10:00:00Z`, endAt: `2024-0${month}-10T20:00:00Z` }];
  await insertPopulation(handle.db, [
    ...Array.from({ length: 12 }, (_, i) =>
      aRecord({ care: [['2023-01-01', null]], concerns: [[['SUSPECTED', '2023-06-01']]], episodes: i < 3 ? episode(i + 5) : [] }),
    ),
    ...Array.from({ length: 20 }, (_, i) =>
      aRecord({ care: [['2023-01-01', null]], uasc: [['2023-01-01', null]], episodes: i < 8 ? episode((i % 4) + 1) : [] }),
    ),
  ]);
});
afterAll(async () => {
  await handle.close();
});

async function foi(options: FoiOptions) {
  let out = '';
  let err = '';
  const files = new Map<string, string>();
  const request = parseFoiOptions(options);
  if (!request.ok) return { code: 2, out, err: request.problems.join('\n'), files };
  const code = await runFoiCommand(services, request.value, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += `${text}\n`;
    },
    writeFile: (path, text) => {
      files.set(path, text);
      return Promise.resolve();
    },
  });
  return { code, out, err, files };
}

describe('lantern foi', () => {
  it('should write the pack as Markdown, disclosure-controlled: Kent’s 3 missing trafficked children are [c]', async () => {
    const result = await foi({ authority: KENT, from: '2023-10-01', to: '2024-09-30' });
    expect(result.code).toBe(0);
    expect(result.out).toContain('# Freedom of Information response: looked-after children who were trafficked or unaccompanied and went missing, Kent');
    expect(result.out).toContain('Every figure is disclosure-controlled');
    expect(result.out).toContain('| (a) and (b) Identified or suspected as trafficked | 12 |');
    expect(result.out).toContain('| (c) Unaccompanied asylum-seeking children (UASC) | 20 |');
    // 3 is from 1 to 4: withheld.
    expect(result.out).toMatch(/## Question 2[\s\S]*?\| Identified or suspected as trafficked \| \[c\] \|/);
    expect(result.out).not.toMatch(/\| Identified or suspected as trafficked \| 3 \|/);
    // Measured over the checks' own 12 months to the day the pack was produced (15 June 2025), not the pack's period.
    expect(result.out).toMatch(
      /^- Police reference recorded for missing episodes: [^\n]+, from the authority’s data-quality checks over 16 June 2024 to 15 June 2025\.$/m,
    );
  });

  it('should write the CSV to the --out file', async () => {
    const result = await foi({ authority: 'e10000016', from: '2023-10-01', to: '2024-09-30', out: 'kent-foi.csv' });
    expect(result.code).toBe(0);
    expect(result.out).toBe('');
    const rows = parse<Record<string, string>>(result.files.get('kent-foi.csv') ?? '', { columns: true });
    // Sent beyond the authority, so perturbed (by nothing here: every record key is 0).
    expect(rows.find((row) => row['question'] === '1' && row['group']?.startsWith('(c)'))).toMatchObject({
      value: '20',
      status: 'perturbed',
      authority_code: KENT,
    });
  });

  it('should name each bad option', async () => {
    const missing = await foi({ from: '2023-10-01' });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--authority: Enter an authority code');
    expect(missing.err).toContain('--to: Enter the last day of the period');
    const unknown = await foi({ authority: 'X99999999', from: '2023-10-01', to: '2024-09-30' });
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--authority: There is no authority with the code X99999999');
    const backwards = await foi({ authority: KENT, from: '2024-10-01', to: '2024-09-30' });
    expect(backwards.err).toContain('--to: The last day of the period must be the same as or after the first day');
    // A pack leaves the authority: its period must be a standard one.
    const dayApart = await foi({ authority: KENT, from: '2023-10-02', to: '2024-10-01' });
    expect(dayApart.code).toBe(2);
    expect(dayApart.err).toContain(`--from: ${NON_STANDARD_PERIOD}`);
  });
});
