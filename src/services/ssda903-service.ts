import { isUniqueViolation } from '../db/errors.ts';
import { childIdsLookedAfter, loadChildRecord } from '../db/repositories/child-record-repository.ts';
import { existingChildIds, insertRecords } from '../db/repositories/child-import-repository.ts';
import { findLocalAuthority, knownAuthorityCodes } from '../db/repositories/local-authority-repository.ts';
import { inScope } from '../db/scope.ts';
import type { ChildRecord } from '../domain/child-record.ts';
import { ukDateOf } from '../domain/dates.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { collectionYear, incompleteYearNotice, isCollectionYear, yearProgress } from '../domain/ssda903/collection-year.ts';
import type { CollectionYearSpan, YearProgress } from '../domain/ssda903/collection-year.ts';
import { writeCsv } from '../domain/ssda903/csv.ts';
import { exportReturn } from '../domain/ssda903/export.ts';
import { readReturn, validateImport } from '../domain/ssda903/import.ts';
import type { ImportProblem, InputFile } from '../domain/ssda903/import.ts';
import type { TableName } from '../domain/ssda903/tables.ts';
import { rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { ServiceDeps } from './deps.ts';

// The SSDA903 return both ways, for an authority's data officers. Export writes the year's
// tables from the authority's records; import reads a return (and Lantern's supplementary
// tables) into an authority, all or nothing: everything is read and checked first, against the
// same record rules as every other write, and only a clean set of files is written, in one
// transaction. An import never changes a child Lantern already holds: a CHILD already recorded
// by the authority is an error (see docs/data-exchange.md).

export type Ssda903Error =
  /** The actor may not exchange this authority's return, or there is no such authority. */
  | { readonly kind: 'not_found'; readonly entity: 'local authority' }
  | { readonly kind: 'invalid_year'; readonly message: string }
  /** The year has not ended (or not begun), and the caller did not say to export it anyway. */
  | { readonly kind: 'incomplete_year'; readonly year: CollectionYearSpan; readonly progress: Exclude<YearProgress, 'ended'> }
  /** The files were refused: every problem, by file, row and column. Nothing was written. */
  | { readonly kind: 'rejected'; readonly errors: readonly ImportProblem[] };

interface ExportedFile {
  readonly name: string;
  readonly content: string;
  readonly rows: number;
}

export interface Ssda903Export {
  readonly files: readonly ExportedFile[];
  readonly children: number;
  /** Set when the year has not ended (or not begun): what the files are, to be shown first. */
  readonly incompleteYear: string | null;
  readonly notices: readonly string[];
}

export interface Ssda903ImportSummary {
  readonly children: number;
  /** The records added (none when only checked): to look for each child among other authorities' records. */
  readonly childIds: readonly string[];
  readonly rows: Readonly<Partial<Record<TableName, number>>>;
  /** Not errors: values Lantern does not keep, codes of another year, warnings of the record rules. */
  readonly notices: readonly ImportProblem[];
}

export type Progress = (done: number, total: number) => void;

/** Exchanging the return is a data officer's job, for their own authority only. */
function mayExchangeReturn(actor: Actor): actor is Actor & { readonly localAuthorityCode: string } {
  return actor.role === 'data_officer' && actor.localAuthorityCode !== null;
}

const canExchangeReturn = (actor: Actor, authorityCode: string): boolean => mayExchangeReturn(actor) && actor.localAuthorityCode === authorityCode;

/** The largest file of a return read: ample (the largest authority's Episodes table is a few MB), and memory stays bounded. */
export const MAX_RETURN_FILE_BYTES = 25 * 1024 * 1024;

/** Children written between progress reports. */
const WRITE_BATCH = 250;

const notFound: Ssda903Error = { kind: 'not_found', entity: 'local authority' };

export function createSsda903Service(deps: ServiceDeps) {
  const { db } = deps;

  async function authorityExists(code: string): Promise<boolean> {
    return (await findLocalAuthority(db, code))?.code === code;
  }

  return {
    /** The authority whose return the actor exchanges: their own, if they are its data officer. */
    async authority(actor: Actor): Promise<Result<{ readonly code: string; readonly name: string }, Ssda903Error>> {
      if (!mayExchangeReturn(actor)) return fail(notFound);
      const authority = await findLocalAuthority(db, actor.localAuthorityCode);
      return authority?.code === actor.localAuthorityCode ? ok({ code: authority.code, name: authority.name }) : fail(notFound);
    },

    /** The year's 903 tables and Lantern's supplementary tables for an authority, as CSV files. */
    async exportReturn(
      actor: Actor,
      request: { readonly authorityCode: string; readonly year: number; readonly allowIncompleteYear?: boolean },
      onProgress?: Progress,
    ): Promise<Result<Ssda903Export, Ssda903Error>> {
      if (!canExchangeReturn(actor, request.authorityCode) || !(await authorityExists(request.authorityCode))) return fail(notFound);
      if (!isCollectionYear(request.year))
        return fail({ kind: 'invalid_year', message: 'Enter the collection year as the year it ends, for example 2025 for 1 April 2024 to 31 March 2025' });
      const year = collectionYear(request.year);
      const today = ukDateOf(deps.now());
      // A year not yet over is not the return DfE collects: export it only when asked to, and say so.
      const progress = yearProgress(year, today);
      if (progress !== 'ended' && request.allowIncompleteYear !== true) return fail({ kind: 'incomplete_year', year, progress });
      const incompleteYear = progress === 'ended' ? null : incompleteYearNotice(year, progress, today);
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        // The children looked after at any time in the year: those with an episode of care in it.
        const children = await childIdsLookedAfter(trx, request.authorityCode, year);
        const records: ChildRecord[] = [];
        for (const id of children) {
          const record = await loadChildRecord(trx, id);
          if (record !== null) records.push(record);
          onProgress?.(records.length, children.length);
        }
        const exported = exportReturn(records, { authorityCode: request.authorityCode, year });
        const files = exported.tables.map(({ table, rows }) => ({ name: table.fileName, content: writeCsv(table.columns, rows), rows: rows.length }));
        const header = exported.tables.find(({ table }) => table.name === 'Header');
        const exportedIds = new Set(header?.rows.map((row) => row[0]));
        // Each child's record shows the export in who has seen it; the summary holds counts only.
        for (const record of records) {
          if (!exportedIds.has(record.child.laChildId)) continue;
          await deps.audit.append(trx, {
            actor,
            action: 'EXPORT',
            entity: 'child',
            entityId: record.child.id,
            childId: record.child.id,
            details: { return: 'SSDA903', collectionYear: year.endingYear },
          });
        }
        await deps.audit.append(trx, {
          actor,
          action: 'EXPORT',
          entity: 'ssda903Return',
          details: {
            authority: request.authorityCode,
            collectionYear: year.endingYear,
            rows: Object.fromEntries(exported.tables.map(({ table, rows }) => [table.name, rows.length])),
          },
        });
        return ok({ files, children: exportedIds.size, incompleteYear, notices: exported.notices });
      });
    },

    /**
     * Reads a 903 return into an authority: all of it, or (on any error) none of it.
     * Every error is reported by file, row and column.
     */
    async importReturn(
      actor: Actor,
      /** With `checkOnly`, everything is checked as for an import, and nothing is written. */
      request: { readonly authorityCode: string; readonly files: readonly InputFile[]; readonly checkOnly?: boolean },
      onProgress?: Progress,
    ): Promise<Result<Ssda903ImportSummary, Ssda903Error>> {
      const authorityCode = request.authorityCode;
      if (!canExchangeReturn(actor, authorityCode) || !(await authorityExists(authorityCode))) return fail(notFound);
      const now = deps.now();
      const imported = readReturn(request.files, { authorityCode, newId: deps.newId, today: ukDateOf(now) });
      const validation = validateImport(imported, { now, today: ukDateOf(now) });
      const errors: ImportProblem[] = [...imported.errors, ...validation.errors];

      const codes = [...new Set(imported.authorityReferences.map((reference) => reference.code))];
      const known = await knownAuthorityCodes(db, codes);
      for (const { code, at } of imported.authorityReferences) {
        if (!known.has(code))
          errors.push({ ...at, message: `${code} is not a local authority Lantern knows. Enter the authority's ONS code, for example E10000016 for Kent` });
      }

      const write = (): Promise<Result<Ssda903ImportSummary, Ssda903Error>> =>
        inScope(db, rowScope(actor, now), async (trx) => {
          // A child the authority already records is never overwritten by a file.
          const existing = await existingChildIds(trx, authorityCode, [...imported.childRows.keys()]);
          for (const key of existing) {
            const at = imported.childRows.get(key);
            if (at !== undefined) {
              errors.push({
                ...at,
                message: `Child ${key} is already recorded by this authority in Lantern. An import only adds children: remove the child's rows from every file, and change their record in Lantern instead`,
              });
            }
          }
          if (errors.length > 0) return fail({ kind: 'rejected', errors: sortProblems(errors) });
          if (request.checkOnly === true)
            return ok({
              children: imported.records.length,
              childIds: [],
              rows: imported.rowCounts,
              notices: sortProblems([...imported.notices, ...validation.warnings]),
            });

          const records = imported.records;
          for (let offset = 0; offset < records.length; offset += WRITE_BATCH) {
            const batch = records.slice(offset, offset + WRITE_BATCH);
            await insertRecords(trx, batch, now);
            for (const record of batch) {
              await deps.audit.append(trx, {
                actor,
                action: 'CREATE',
                entity: 'child',
                entityId: record.child.id,
                childId: record.child.id,
                details: { source: 'SSDA903 import', collectionYear: imported.year?.endingYear ?? null },
              });
            }
            onProgress?.(Math.min(offset + WRITE_BATCH, records.length), records.length);
          }
          await deps.audit.append(trx, {
            actor,
            action: 'CREATE',
            entity: 'ssda903Import',
            details: { authority: authorityCode, collectionYear: imported.year?.endingYear ?? null, children: records.length, rows: imported.rowCounts },
          });
          return ok({
            children: records.length,
            childIds: records.map((record) => record.child.id),
            rows: imported.rowCounts,
            notices: sortProblems([...imported.notices, ...validation.warnings]),
          });
        });

      try {
        return await write();
      } catch (error) {
        // Someone added one of these children while the import ran: the whole transaction rolled back.
        if (!isUniqueViolation(error)) throw error;
        return fail({
          kind: 'rejected',
          errors: [
            {
              file: null,
              row: null,
              column: null,
              message: 'Some of these children were added to Lantern while the import ran. Nothing was imported: run the import again to see which',
            },
          ],
        });
      }
    },
  };
}

/** Problems with the set of files first, then by file and row, each file's problems in the order found. */
function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort((a, b) => {
      const fileA = a.problem.file ?? '';
      const fileB = b.problem.file ?? '';
      if (fileA !== fileB) return fileA < fileB ? -1 : 1;
      return (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.index - b.index;
    })
    .map(({ problem }) => problem);
}
