import { sql } from 'kysely';
import type { Kysely, Transaction } from 'kysely';
import type { Course, GatedAction, RecordedCompletion, TrainingAllowance } from '../../domain/training.ts';
import type { TrainingRequest } from '../../domain/training-request.ts';
import type { Database } from '../schema.ts';

// The training catalogue and people's completions (migration 0025). Every function runs in the
// caller's transaction; under row-level security each sees the completions the actor may.

type Db = Kysely<Database> | Transaction<Database>;

/** A person whose training is counted: an active account. */
export interface TrainedPerson {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: string;
  readonly organisationCode: string;
}

/** The catalogue, by topic then title. */
export async function listCourses(db: Db): Promise<Course[]> {
  return db
    .selectFrom('trainingCourse')
    .select(['code', 'title', 'topic', 'provider', 'lengthHours', 'validityMonths'])
    .orderBy('topic')
    .orderBy('title')
    .execute();
}

const completionColumns = ['id', 'personId', 'organisationCode', 'courseCode', 'completedOn', 'source', 'recordedBy', 'recordedAt'] as const;

/** One person's completions, newest first. */
export async function completionsOf(db: Db, personId: string): Promise<RecordedCompletion[]> {
  return db.selectFrom('trainingCompletion').select(completionColumns).where('personId', '=', personId).orderBy('completedOn', 'desc').execute();
}

/** The completions counted in organisations' compliance: one organisation's, or every one's for null. */
export async function completionsIn(db: Db, organisationCode: string | null): Promise<RecordedCompletion[]> {
  return db
    .selectFrom('trainingCompletion')
    .select(completionColumns)
    .$if(organisationCode !== null, (query) => query.where('organisationCode', '=', organisationCode ?? ''))
    .execute();
}

/** Saves completions, leaving out any already recorded (same person, course and day); how many were new. */
export async function insertCompletions(db: Db, completions: readonly RecordedCompletion[]): Promise<number> {
  if (completions.length === 0) return 0;
  const rows = await db
    .insertInto('trainingCompletion')
    .values([...completions])
    .onConflict((oc) => oc.columns(['personId', 'courseCode', 'completedOn']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

const personColumns = ['id', 'displayName', 'email', 'role', 'organisationCode'] as const;

/** The active accounts of one organisation, or of every local authority for null, by name. */
export async function trainedPeople(db: Db, organisationCode: string | null): Promise<TrainedPerson[]> {
  let query = db.selectFrom('appUser').select(personColumns).where('active', '=', true);
  query =
    organisationCode === null
      ? query.where('organisationCode', 'in', (sub) => sub.selectFrom('organisation').select('code').where('kind', '=', 'local_authority'))
      : query.where('organisationCode', '=', organisationCode);
  return query.orderBy('displayName').orderBy('email').execute();
}

/** One active account of an organisation, or null. */
export async function trainedPerson(db: Db, organisationCode: string, personId: string): Promise<TrainedPerson | null> {
  const row = await db
    .selectFrom('appUser')
    .select(personColumns)
    .where('id', '=', personId)
    .where('organisationCode', '=', organisationCode)
    .where('active', '=', true)
    .executeTakeFirst();
  return row ?? null;
}

/** The local authorities that are organisations in Lantern, by name: the league table's rows. */
export async function authorityOrganisations(db: Db): Promise<{ code: string; name: string }[]> {
  return db.selectFrom('organisation').select(['code', 'name']).where('kind', '=', 'local_authority').orderBy('name').execute();
}

/** An organisation's gate settings, by action (an action with no row takes the gate's default). */
export async function gateSettings(db: Db, organisationCode: string): Promise<Partial<Record<GatedAction, boolean>>> {
  const rows = await db.selectFrom('trainingGate').select(['action', 'required']).where('organisationCode', '=', organisationCode).execute();
  return Object.fromEntries(rows.map((row) => [row.action, row.required]));
}

/** Sets whether an organisation requires the training for an action. */
export async function saveGate(db: Db, gate: { organisationCode: string; action: GatedAction; required: boolean; changedBy: string; changedAt: string }) {
  await db
    .insertInto('trainingGate')
    .values(gate)
    .onConflict((oc) =>
      oc.columns(['organisationCode', 'action']).doUpdateSet({ required: gate.required, changedBy: gate.changedBy, changedAt: gate.changedAt }),
    )
    .execute();
}

export async function insertAllowance(db: Db, allowance: TrainingAllowance): Promise<void> {
  await db.insertInto('trainingAllowance').values(allowance).execute();
}

const allowanceColumns = ['id', 'organisationCode', 'personId', 'action', 'reason', 'allowedBy', 'allowedAt', 'usedAt'] as const;

/** The person's oldest unused allowance for the action, or null. */
export async function unusedAllowance(db: Db, personId: string, action: GatedAction): Promise<TrainingAllowance | null> {
  const row = await db
    .selectFrom('trainingAllowance')
    .select(allowanceColumns)
    .where('personId', '=', personId)
    .where('action', '=', action)
    .where('usedAt', 'is', null)
    .orderBy('allowedAt')
    .executeTakeFirst();
  return row ?? null;
}

/** Spends an allowance; false if it was spent already. */
export async function useAllowance(db: Db, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('trainingAllowance').set({ usedAt: at }).where('id', '=', id).where('usedAt', 'is', null).executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** An organisation's allowances, newest first, with the names of whom and by whom, for review. */
export async function allowancesIn(db: Db, organisationCode: string): Promise<(TrainingAllowance & { personName: string; allowedByName: string | null })[]> {
  return db
    .selectFrom('trainingAllowance as a')
    .innerJoin('appUser as p', 'p.id', 'a.personId')
    .leftJoin('appUser as m', (join) => join.on(sql`m.id::text`, '=', sql.ref('a.allowedBy')))
    .select(allowanceColumns.map((column) => `a.${column}` as const))
    .select(['p.displayName as personName', 'm.displayName as allowedByName'])
    .where('a.organisationCode', '=', organisationCode)
    .orderBy('a.allowedAt', 'desc')
    .execute();
}

const requestColumns = [
  'id',
  'organisationCode',
  'personId',
  'action',
  'childId',
  'reason',
  'requestedAt',
  'outcome',
  'decidedBy',
  'decidedAt',
  'decisionReason',
  'allowanceId',
] as const;

export async function insertRequest(db: Db, request: TrainingRequest): Promise<void> {
  await db.insertInto('trainingRequest').values(request).execute();
}

/** One person's requests, newest first. */
export async function requestsOf(db: Db, personId: string): Promise<TrainingRequest[]> {
  return db.selectFrom('trainingRequest').select(requestColumns).where('personId', '=', personId).orderBy('requestedAt', 'desc').execute();
}

/** A request with the name of who asked, or null (also when row-level security hides it); locked until the transaction ends with `lock`. */
export async function requestById(
  db: Db,
  id: string,
  options: { lock: boolean } = { lock: false },
): Promise<(TrainingRequest & { personName: string }) | null> {
  const row = await db
    .selectFrom('trainingRequest as r')
    .innerJoin('appUser as p', 'p.id', 'r.personId')
    .select(requestColumns.map((column) => `r.${column}` as const))
    .select('p.displayName as personName')
    .where('r.id', '=', id)
    .$if(options.lock, (query) => query.forUpdate(['r']))
    .executeTakeFirst();
  return row ?? null;
}

/** An organisation's requests waiting for an answer, oldest first, with the names of who asked. */
export async function waitingRequestsIn(db: Db, organisationCode: string): Promise<(TrainingRequest & { personName: string })[]> {
  return db
    .selectFrom('trainingRequest as r')
    .innerJoin('appUser as p', 'p.id', 'r.personId')
    .select(requestColumns.map((column) => `r.${column}` as const))
    .select('p.displayName as personName')
    .where('r.organisationCode', '=', organisationCode)
    .where('r.outcome', 'is', null)
    .orderBy('r.requestedAt')
    .orderBy('r.id')
    .execute();
}

/** How many of an organisation's requests wait for an answer. */
export async function waitingRequestCount(db: Db, organisationCode: string): Promise<number> {
  const row = await db
    .selectFrom('trainingRequest')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organisationCode', '=', organisationCode)
    .where('outcome', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Saves a team manager's answer; false if someone answered it first. */
export async function saveAnswer(db: Db, answered: TrainingRequest): Promise<boolean> {
  const { outcome, decidedBy, decidedAt, decisionReason, allowanceId } = answered;
  const result = await db
    .updateTable('trainingRequest')
    .set({ outcome, decidedBy, decidedAt, decisionReason, allowanceId })
    .where('id', '=', answered.id)
    .where('outcome', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
