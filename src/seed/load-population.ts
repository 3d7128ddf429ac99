// Loads the synthetic population into a database: the authorities come from local_authority,
// each batch of children goes in one transaction with multi-row INSERTs in foreign-key order.

import type { DatabaseHandle } from '../db/client.ts';
import { insertPopulationBatch, populationAuthorities } from '../db/repositories/population-repository.ts';
import { generatePopulation, type DuplicatePair, type PopulationAuthority, type PopulationBatch, type PopulationOptions } from './synthetic-population.ts';

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

/** The authorities to spread children over, in a stable order (the generator sorts them again). */
export async function readPopulationAuthorities(handle: DatabaseHandle): Promise<PopulationAuthority[]> {
  return populationAuthorities(handle.db);
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
    const task: Promise<void> = insertPopulationBatch(handle.db, batch).then(
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

/** The ground-truth duplicate pairs of a population, regenerated without touching a database. */
export function duplicatePairsOf(options: PopulationOptions): readonly DuplicatePair[] {
  const generator = generatePopulation(options);
  for (;;) {
    const step = generator.next();
    if (step.done === true) return step.value.duplicatePairs;
  }
}
