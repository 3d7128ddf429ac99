import type { Kysely, Transaction } from 'kysely';
import type { PopulationAuthority, PopulationRows } from '../../seed/synthetic-population.ts';
import type { Database } from '../schema.ts';

// The writes that load a synthetic population and the demo (src/seed, src/demo.ts): bulk inserts of
// rows the generator made, and the few reads that choose where the demo's stories go.

type Db = Kysely<Database> | Transaction<Database>;

/**
 * PostgreSQL allows 65,535 bind parameters per statement; staying near 30,000 keeps statements
 * (and PGlite's single-threaded parse) a manageable size.
 */
const MAX_PARAMETERS_PER_STATEMENT = 30_000;

/** The authorities to spread children over, in a stable order (the generator sorts them again). */
export async function populationAuthorities(db: Db): Promise<PopulationAuthority[]> {
  return db.selectFrom('localAuthority').select(['code', 'nation', 'region', 'laNumber', 'name']).orderBy('code').execute();
}

/** One batch of generated records, in one transaction, tables in foreign-key order. */
export async function insertPopulationBatch(db: Kysely<Database>, batch: PopulationRows): Promise<void> {
  await db.transaction().execute(async (trx) => {
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

/** Whether any child is recorded: the demo is seeded only into an empty database. */
export async function hasAnyChild(db: Db): Promise<boolean> {
  return (await db.selectFrom('child').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export interface DemoOrganisation {
  readonly code: string;
  readonly name: string;
  readonly kind: 'guardian_service' | 'police_force' | 'national_unit';
}

/** The demo's partner organisations, and the authorities a police force's area covers; each kept if already there. */
export async function addDemoOrganisations(
  db: Db,
  organisations: readonly DemoOrganisation[],
  police: { readonly organisationCode: string; readonly localAuthorityCodes: readonly string[] },
): Promise<void> {
  await db
    .insertInto('organisation')
    .values(organisations.map((organisation) => ({ ...organisation, localAuthorityCode: null })))
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  await db
    .insertInto('policeForceArea')
    .values(police.localAuthorityCodes.map((localAuthorityCode) => ({ organisationCode: police.organisationCode, localAuthorityCode })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Makes `organisationCode` the demo's guardian service for `schemeCode`, covering the authorities from `startsOn`. */
export async function coverWithGuardianScheme(
  db: Db,
  organisationCode: string,
  schemeCode: string,
  localAuthorityCodes: readonly string[],
  startsOn: string,
): Promise<void> {
  await db.updateTable('organisation').set({ guardianSchemeCode: schemeCode }).where('code', '=', organisationCode).execute();
  await db
    .insertInto('guardianCoverage')
    .values(localAuthorityCodes.map((localAuthorityCode) => ({ schemeCode, localAuthorityCode, startsOn, endsOn: null, note: 'Demo only' })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Up to `limit` children of an authority in care now and not missing, in id order. */
export async function childrenInCareNotMissing(db: Db, authorityCode: string, limit: number): Promise<readonly { readonly id: string }[]> {
  return db
    .selectFrom('child')
    .innerJoin('carePeriod', 'carePeriod.childId', 'child.id')
    .select('child.id')
    .where('child.responsibleAuthorityCode', '=', authorityCode)
    .where('carePeriod.endDate', 'is', null)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('missingEpisode')
            .select('missingEpisode.id')
            .whereRef('missingEpisode.childId', '=', 'child.id')
            .where('missingEpisode.endAt', 'is', null),
        ),
      ),
    )
    .orderBy('child.id')
    .limit(limit)
    .execute();
}
