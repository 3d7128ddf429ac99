import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { readCsv, writeCsv } from '../domain/ssda903/csv.ts';
import type { TextFile as InputFile } from '../domain/ssda903/import.ts';
import { TABLES } from '../domain/ssda903/tables.ts';
import type { TableName } from '../domain/ssda903/tables.ts';
import { readPopulationAuthorities } from '../seed/load-population.ts';
import { generatePopulation, POPULATION_TABLES } from '../seed/synthetic-population.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';

// The 903 exchange against a real database (PGlite, and PostgreSQL in CI): the round trip on a
// synthetic population, who may exchange a return, the audit trail, and all-or-nothing imports.

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const NOW = '2025-06-15T12:00:00.000Z';
const YEAR = 2025;

const officer = (authority: string, role: Actor['role'] = 'data_officer'): Actor => ({
  id: `test-${role}-${authority}`,
  organisationCode: authority,
  localAuthorityCode: authority,
  role,
});

function servicesFor(handle: DatabaseHandle): Services {
  return createServices({ db: handle.db, now: () => NOW, newId: randomUUID });
}

/** Loads a synthetic population, mostly Kent's, straight into the tables (as the seed does). */
async function loadKentPopulation(handle: DatabaseHandle, children: number): Promise<void> {
  const all = await readPopulationAuthorities(handle);
  const authorities = all.filter((authority) => [KENT, MEDWAY, 'E06000044', 'E10000014', 'E09000008'].includes(authority.code));
  for (const batch of generatePopulation({ children, seed: 7, censusDate: '2025-06-01', authorities })) {
    await handle.db.transaction().execute(async (trx) => {
      for (const table of POPULATION_TABLES) {
        const rows: readonly object[] = batch[table];
        for (let offset = 0; offset < rows.length; offset += 500) {
          await trx
            .insertInto(table)
            .values(batch[table].slice(offset, offset + 500))
            .execute();
        }
      }
    });
  }
}

const RECORD_TABLES = [
  'child',
  'child_alias',
  'age_status',
  'care_period',
  'uasc_period',
  'national_transfer',
  'trafficking_concern',
  'trafficking_status',
  'nrm_referral',
  'missing_episode',
  'return_interview',
  'audit_event',
  'audit_chain_head',
];

/** Every row of every table an import could touch, as counts and a checksum of their content. */
async function snapshot(handle: DatabaseHandle): Promise<Record<string, { count: number; checksum: string }>> {
  const result: Record<string, { count: number; checksum: string }> = {};
  for (const table of RECORD_TABLES) {
    const { rows } = await sql<{
      count: number;
      checksum: string | null;
    }>`select count(*)::int as count, md5(string_agg(t::text, '|' order by t::text)) as checksum from ${sql.table(table)} t`.execute(handle.db);
    result[table] = { count: rows[0]?.count ?? 0, checksum: rows[0]?.checksum ?? '' };
  }
  return result;
}

const asInput = (files: readonly { name: string; content: string }[]): InputFile[] => files.map(({ name, content }) => ({ name, content }));

/** Replaces one file's content. */
function withFile(files: readonly InputFile[], name: string, content: string): InputFile[] {
  return files.map((file) => (file.name === name ? { name, content } : file));
}

/** Edits a table's rows, given by column name. */
function editTable(files: readonly InputFile[], table: TableName, edit: (rows: Record<string, string>[]) => Record<string, string>[]): InputFile[] {
  const { fileName, columns } = TABLES[table];
  const csv = readCsv(files.find((file) => file.name === fileName)?.content ?? '');
  if (!csv.ok) throw new Error(`Cannot read ${fileName}`);
  const rows = edit(csv.rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] ?? '']))));
  return withFile(
    files,
    fileName,
    writeCsv(
      columns,
      rows.map((row) => columns.map((column) => row[column] ?? '')),
    ),
  );
}

describe('the SSDA903 service', () => {
  let source: DatabaseHandle;
  let target: DatabaseHandle;
  let exported: InputFile[];

  beforeAll(async () => {
    source = await createTestDatabase();
    target = await createTestDatabase();
    await loadKentPopulation(source, 600);
    const result = await servicesFor(source).ssda903.exportReturn(officer(KENT), { authorityCode: KENT, year: YEAR });
    if (!result.ok) throw new Error(`Export failed: ${JSON.stringify(result.error)}`);
    exported = asInput(result.value.files);
  }, 120_000);

  afterAll(async () => {
    await source.close();
    await target.close();
  });

  describe('the round trip', () => {
    it('should give byte-identical files when a return is exported, imported into an empty database and exported again', async () => {
      const services = servicesFor(target);
      const imported = await services.ssda903.importReturn(officer(KENT), { authorityCode: KENT, files: exported });
      expect(imported.ok ? imported.value.children : imported.error).toBeGreaterThan(150);

      const again = await services.ssda903.exportReturn(officer(KENT), { authorityCode: KENT, year: YEAR });
      if (!again.ok) throw new Error('Second export failed');

      expect(asInput(again.value.files)).toEqual(exported);
      const missing = exported.find((file) => file.name === TABLES.Missing.fileName);
      expect(missing?.content.split('\r\n').length).toBeGreaterThan(50);
    }, 60_000);
  });

  describe('who may exchange a return', () => {
    it.each([
      ['a social worker of the authority', officer(KENT, 'social_worker')],
      ['a team manager of the authority', officer(KENT, 'team_manager')],
      ['a data officer of another authority', officer(MEDWAY)],
      ['a national analyst', { id: 'analyst', organisationCode: 'NATIONAL', localAuthorityCode: null, role: 'national_analyst' } satisfies Actor],
    ])('should refuse %s, as if there were no such authority', async (_who, actor) => {
      const services = servicesFor(source);
      expect(await services.ssda903.exportReturn(actor, { authorityCode: KENT, year: YEAR })).toEqual({
        ok: false,
        error: { kind: 'not_found', entity: 'local authority' },
      });
      expect(await services.ssda903.importReturn(actor, { authorityCode: KENT, files: exported })).toEqual({
        ok: false,
        error: { kind: 'not_found', entity: 'local authority' },
      });
    });

    it('should refuse an authority that does not exist', async () => {
      const result = await servicesFor(source).ssda903.exportReturn(officer('E99999999'), { authorityCode: 'E99999999', year: YEAR });
      expect(result).toEqual({ ok: false, error: { kind: 'not_found', entity: 'local authority' } });
    });

    it('should refuse a year before the missing module', async () => {
      const result = await servicesFor(source).ssda903.exportReturn(officer(KENT), { authorityCode: KENT, year: 2010 });
      expect(result.ok ? null : result.error.kind).toBe('invalid_year');
    });
  });

  describe('the audit trail', () => {
    it('should audit an export with the authority, year and row counts, and no child’s data', async () => {
      const events = await source.db.selectFrom('auditEvent').selectAll().where('entity', '=', 'ssda903Return').execute();
      expect(events).toHaveLength(1);
      const [event] = events;
      const header = exported.find((file) => file.name === TABLES.Header.fileName);
      const children = (header?.content.split('\r\n').length ?? 2) - 2;
      expect(event).toMatchObject({ action: 'EXPORT', actorId: `test-data_officer-${KENT}`, organisationCode: KENT, role: 'data_officer', childId: null });
      expect(event?.details).toEqual({
        authority: KENT,
        collectionYear: YEAR,
        rows: expect.objectContaining({
          Header: children,
          Episodes: expect.any(Number),
          Missing: expect.any(Number),
          UASC: expect.any(Number),
          LanternChildren: children,
        }),
      });
    });

    it('should show the export in the record of each child exported, and nowhere else', async () => {
      const perChild = await source.db
        .selectFrom('auditEvent')
        .select(['childId', 'details'])
        .where('action', '=', 'EXPORT')
        .where('entity', '=', 'child')
        .execute();
      const header = exported.find((file) => file.name === TABLES.Header.fileName);
      expect(perChild).toHaveLength((header?.content.split('\r\n').length ?? 2) - 2);
      expect(perChild.every((event) => event.childId !== null)).toBe(true);
      expect(perChild[0]?.details).toEqual({ return: 'SSDA903', collectionYear: YEAR });
    });

    it('should audit an import: the creation of each child, and a summary with counts only', async () => {
      const summary = await target.db.selectFrom('auditEvent').selectAll().where('entity', '=', 'ssda903Import').execute();
      expect(summary).toHaveLength(1);
      expect(summary[0]?.details).toMatchObject({ authority: KENT, collectionYear: YEAR, rows: expect.objectContaining({ Header: expect.any(Number) }) });
      const created = await target.db.selectFrom('auditEvent').select('childId').where('action', '=', 'CREATE').where('entity', '=', 'child').execute();
      const children = await target.db.selectFrom('child').select('id').execute();
      expect(new Set(created.map((event) => event.childId))).toEqual(new Set(children.map((child) => child.id)));
    });
  });

  describe('all or nothing', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      before = await snapshot(target);
    });

    it('should refuse children the authority already records, and change nothing', async () => {
      const result = await servicesFor(target).ssda903.importReturn(officer(KENT), { authorityCode: KENT, files: exported });
      expect(result.ok).toBe(false);
      if (result.ok || result.error.kind !== 'rejected') return;
      expect(result.error.errors[0]).toMatchObject({
        file: 'Header.csv',
        row: 2,
        column: 'CHILD',
        message: expect.stringMatching(/^Child \w+ is already recorded by this authority in Lantern/),
      });
      expect(await snapshot(target)).toEqual(before);
    });

    it('should refuse a whole return when one child in it breaks a 903 rule, and change nothing', async () => {
      const empty = await createTestDatabase();
      try {
        const start = await snapshot(empty);
        // The last missing period of the return now ends before it starts (rule 567): MIS_END
        // moves to 2000, and Lantern's exact end time goes, so the 903 date stands alone.
        let last = 0;
        const broken = editTable(
          editTable(exported, 'Missing', (rows) => {
            last = rows.length + 1;
            return rows.map((row, i) => (i === rows.length - 1 ? { ...row, MIS_END: '01/04/2000' } : row));
          }),
          'LanternMissingDetails',
          (rows) => rows.map((row, i) => (i === rows.length - 1 ? { ...row, END_AT: '' } : row)),
        );
        const result = await servicesFor(empty).ssda903.importReturn(officer(KENT), { authorityCode: KENT, files: broken });

        expect(result.ok).toBe(false);
        if (!result.ok && result.error.kind === 'rejected') {
          expect(result.error.errors).toContainEqual(
            expect.objectContaining({
              file: 'Missing.csv',
              row: last,
              column: 'MIS_END',
              message: expect.stringMatching(/^Enter the date the child came back\. It must be after the date they went missing.*\(903 rule 567\)$/),
            }),
          );
        }
        expect(await snapshot(empty)).toEqual(start);
      } finally {
        await empty.close();
      }
    });

    it('should refuse an authority code Lantern does not know, by file, row and column', async () => {
      const empty = await createTestDatabase();
      try {
        const start = await snapshot(empty);
        const unknown = withFile(
          exported,
          TABLES.LanternNationalTransfers.fileName,
          writeCsv(TABLES.LanternNationalTransfers.columns, [[firstChild(exported), 'E99999999', KENT, '01/01/2024', '']]),
        );
        const second = await servicesFor(empty).ssda903.importReturn(officer(KENT), { authorityCode: KENT, files: unknown });
        expect(second.ok ? [] : second.error).toEqual({
          kind: 'rejected',
          errors: [
            {
              file: 'lantern-national-transfers.csv',
              row: 2,
              column: 'FROM_LA',
              message: "E99999999 is not a local authority Lantern knows. Enter the authority's ONS code, for example E10000016 for Kent",
            },
          ],
        });
        expect(await snapshot(empty)).toEqual(start);
      } finally {
        await empty.close();
      }
    });

    it('should leave the database as it was when a write fails part way through', async () => {
      const empty = await createTestDatabase();
      try {
        // The last table an import writes refuses every row: the failure comes after thousands of rows went in.
        await sql`create function refuse_interview() returns trigger language plpgsql as $$ begin raise exception 'refused for the test'; end $$`.execute(
          empty.db,
        );
        await sql`create trigger refuse_interview before insert on return_interview for each row execute function refuse_interview()`.execute(empty.db);
        const start = await snapshot(empty);
        await expect(servicesFor(empty).ssda903.importReturn(officer(KENT), { authorityCode: KENT, files: exported })).rejects.toThrow(/refused for the test/);
        expect(await snapshot(empty)).toEqual(start);
      } finally {
        await empty.close();
      }
    });
  });
});

function firstChild(files: readonly InputFile[]): string {
  const header = files.find((file) => file.name === TABLES.Header.fileName)?.content ?? '';
  return header.split('\r\n')[1]?.split(',')[0] ?? '';
}
