import type { Kysely, Transaction } from 'kysely';
import type { Course, RecordedCompletion } from '../../domain/training.ts';
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
