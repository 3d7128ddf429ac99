// Loads the synthetic population into a database: the authorities come from local_authority,
// each batch of children goes in one transaction with multi-row INSERTs in foreign-key order.

import type { DatabaseHandle } from '../db/client.ts';
import {
  generatePopulation,
  type DuplicatePair,
  type PopulationAuthority,
  type PopulationBatch,
  type PopulationOptions,
  type PopulationRows,
} from './synthetic-population.ts';

export type LoadPopulationOptions = Omit<PopulationOptions, 'authorities'>;

export interface LoadPopulationResult {
  readonly children: number;
  readonly aliases: number;
  readonly ageStatuses: number;
  readonly carePeriods: number;
  readonly uascPeriods: number;
  readonly nationalTransfers: number;
  readonly traffickingConcerns: number;
  readonly traffickingStatuses: number;
  readonly nrmReferrals: number;
  readonly episodes: number;
  readonly returnInterviews: number;
  /** Children recorded twice under variant identities (see duplicatePairsOf for the ids). */
  readonly duplicatePairs: number;
}

/**
 * PostgreSQL allows 65,535 bind parameters per statement; staying near 30,000 keeps statements
 * (and PGlite's single-threaded parse) a manageable size.
 */
const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/** The authorities to spread children over, in a stable order (the generator sorts them again). */
export async function readPopulationAuthorities(handle: DatabaseHandle): Promise<PopulationAuthority[]> {
  return handle.db.selectFrom('localAuthority').select(['code', 'nation', 'region', 'laNumber', 'name']).orderBy('code').execute();
}

/**
 * Generates and inserts the population. On PostgreSQL a few batches are in flight at once, on
 * separate pooled connections, so generating the next batch overlaps inserting the last; PGlite
 * has one connection, so batches go one after another.
 */
export async function loadPopulation(
  handle: DatabaseHandle,
  options: LoadPopulationOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<LoadPopulationResult> {
  const authorities = await readPopulationAuthorities(handle);
  if (authorities.length === 0) throw new Error('There are no local authorities to seed: run the migrations first');

  const counts = {
    children: 0,
    aliases: 0,
    ageStatuses: 0,
    carePeriods: 0,
    uascPeriods: 0,
    nationalTransfers: 0,
    traffickingConcerns: 0,
    traffickingStatuses: 0,
    nrmReferrals: 0,
    episodes: 0,
    returnInterviews: 0,
    duplicatePairs: 0,
  };
  const concurrency = handle.engine === 'postgres' ? 3 : 1;
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let committed = 0;

  for (const batch of generatePopulation({ ...options, authorities })) {
    if (failures.length > 0) break;
    addCounts(counts, batch);
    const size = batch.child.length;
    const task: Promise<void> = insertBatch(handle, batch).then(
      () => {
        committed += size;
        onProgress?.(committed, options.children);
      },
      (error: unknown) => {
        failures.push(error);
      },
    );
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw failures[0];
  return counts;
}

function addCounts(counts: { -readonly [K in keyof LoadPopulationResult]: number }, batch: PopulationBatch): void {
  counts.children += batch.child.length;
  counts.aliases += batch.childAlias.length;
  counts.ageStatuses += batch.ageStatus.length;
  counts.carePeriods += batch.carePeriod.length;
  counts.uascPeriods += batch.uascPeriod.length;
  counts.nationalTransfers += batch.nationalTransfer.length;
  counts.traffickingConcerns += batch.traffickingConcern.length;
  counts.traffickingStatuses += batch.traffickingStatus.length;
  counts.nrmReferrals += batch.nrmReferral.length;
  counts.episodes += batch.missingEpisode.length;
  counts.returnInterviews += batch.returnInterview.length;
  counts.duplicatePairs += batch.duplicatePairs.length;
}

/** One transaction per batch, tables in foreign-key order. */
async function insertBatch(handle: DatabaseHandle, batch: PopulationRows): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await inChunks(batch.child, (rows) => trx.insertInto('child').values(rows).execute());
    await inChunks(batch.childAlias, (rows) => trx.insertInto('childAlias').values(rows).execute());
    await inChunks(batch.ageStatus, (rows) => trx.insertInto('ageStatus').values(rows).execute());
    await inChunks(batch.carePeriod, (rows) => trx.insertInto('carePeriod').values(rows).execute());
    await inChunks(batch.uascPeriod, (rows) => trx.insertInto('uascPeriod').values(rows).execute());
    await inChunks(batch.nationalTransfer, (rows) => trx.insertInto('nationalTransfer').values(rows).execute());
    await inChunks(batch.traffickingConcern, (rows) => trx.insertInto('traffickingConcern').values(rows).execute());
    await inChunks(batch.traffickingStatus, (rows) => trx.insertInto('traffickingStatus').values(rows).execute());
    await inChunks(batch.nrmReferral, (rows) => trx.insertInto('nrmReferral').values(rows).execute());
    await inChunks(batch.missingEpisode, (rows) => trx.insertInto('missingEpisode').values(rows).execute());
    await inChunks(batch.returnInterview, (rows) => trx.insertInto('returnInterview').values(rows).execute());
  });
}

/** Runs `insert` on slices small enough to stay under the parameter budget per statement. */
async function inChunks<Row extends object>(rows: readonly Row[], insert: (chunk: Row[]) => Promise<unknown>): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  // Every row of a table has the same columns, so the first tells how many parameters a row takes.
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / Object.keys(first).length));
  for (let offset = 0; offset < rows.length; offset += perStatement) {
    await insert(rows.slice(offset, offset + perStatement));
  }
}

/** The ground-truth duplicate pairs of a population, regenerated without touching a database. */
export function duplicatePairsOf(options: PopulationOptions): readonly DuplicatePair[] {
  const generator = generatePopulation(options);
  for (;;) {
    const step = generator.next();
    if (step.done === true) return step.value.duplicatePairs;
  }
}
