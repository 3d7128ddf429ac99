import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ChildRecord } from '../../domain/child-record.ts';
import type { Database } from '../schema.ts';
import { childRow } from './child-record-repository.ts';

// Writing many whole child records at once, for an import: multi-row INSERTs, tables in
// foreign-key order, in the caller's transaction.

type Db = Kysely<Database> | Transaction<Database>;

/** PostgreSQL takes at most 65,535 parameters in a statement; stay well under. */
const MAX_PARAMETERS_PER_STATEMENT = 20_000;

/** Which of these authority child ids the authority already records. */
export async function existingChildIds(trx: Db, authorityCode: string, keys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let offset = 0; offset < keys.length; offset += 1000) {
    const chunk = keys.slice(offset, offset + 1000);
    const rows = await trx
      .selectFrom('child')
      .select('laChildId')
      .where('responsibleAuthorityCode', '=', authorityCode)
      .where('laChildId', 'in', chunk)
      .execute();
    found.push(...rows.map((row) => row.laChildId));
  }
  return found;
}

/** Writes whole records with multi-row INSERTs, tables in foreign-key order. */
export async function insertRecords(trx: Db, records: readonly ChildRecord[], at: string): Promise<void> {
  const stamped = { createdAt: at, updatedAt: at };
  const children: Insertable<Database['child']>[] = [];
  const aliases: Insertable<Database['childAlias']>[] = [];
  const ageStatuses: Insertable<Database['ageStatus']>[] = [];
  const carePeriods: Insertable<Database['carePeriod']>[] = [];
  const uascPeriods: Insertable<Database['uascPeriod']>[] = [];
  const transfers: Insertable<Database['nationalTransfer']>[] = [];
  const concerns: Insertable<Database['traffickingConcern']>[] = [];
  const statuses: Insertable<Database['traffickingStatus']>[] = [];
  const referrals: Insertable<Database['nrmReferral']>[] = [];
  const episodes: Insertable<Database['missingEpisode']>[] = [];
  const interviews: Insertable<Database['returnInterview']>[] = [];
  for (const record of records) {
    children.push({ ...childRow(record.child), ...stamped });
    aliases.push(...record.aliases.map((alias) => ({ ...alias, createdAt: at })));
    ageStatuses.push(...record.ageStatuses.map((entry) => ({ ...entry, createdAt: at })));
    carePeriods.push(...record.carePeriods.map((period) => ({ ...period, ...stamped })));
    uascPeriods.push(...record.uascPeriods.map((period) => ({ ...period, ...stamped })));
    transfers.push(...record.nationalTransfers.map((transfer) => ({ ...transfer, createdAt: at })));
    for (const { statuses: concernStatuses, nrmReferral, ...concern } of record.traffickingConcerns) {
      concerns.push({ ...concern, indicators: [...concern.indicators], exploitationTypes: [...concern.exploitationTypes], ...stamped });
      statuses.push(...concernStatuses.map((status) => ({ ...status, createdAt: at })));
      if (nrmReferral !== null) referrals.push({ ...nrmReferral, ...stamped });
    }
    for (const { returnInterview, ...episode } of record.missingEpisodes) {
      episodes.push({ ...episode, ...stamped });
      if (returnInterview !== null) interviews.push({ ...returnInterview, outcomes: [...returnInterview.outcomes], ...stamped });
    }
  }
  await inChunks(children, (chunk) => trx.insertInto('child').values(chunk).execute());
  await inChunks(aliases, (chunk) => trx.insertInto('childAlias').values(chunk).execute());
  await inChunks(ageStatuses, (chunk) => trx.insertInto('ageStatus').values(chunk).execute());
  await inChunks(carePeriods, (chunk) => trx.insertInto('carePeriod').values(chunk).execute());
  await inChunks(uascPeriods, (chunk) => trx.insertInto('uascPeriod').values(chunk).execute());
  await inChunks(transfers, (chunk) => trx.insertInto('nationalTransfer').values(chunk).execute());
  await inChunks(concerns, (chunk) => trx.insertInto('traffickingConcern').values(chunk).execute());
  await inChunks(statuses, (chunk) => trx.insertInto('traffickingStatus').values(chunk).execute());
  await inChunks(referrals, (chunk) => trx.insertInto('nrmReferral').values(chunk).execute());
  await inChunks(episodes, (chunk) => trx.insertInto('missingEpisode').values(chunk).execute());
  await inChunks(interviews, (chunk) => trx.insertInto('returnInterview').values(chunk).execute());
}

async function inChunks<Row extends object>(rows: readonly Row[], insert: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / Object.keys(first).length));
  for (let offset = 0; offset < rows.length; offset += perStatement) await insert(rows.slice(offset, offset + perStatement));
}
