import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

// A question page's answers kept when its session ended unused (migration 0037): one set a person.

type Db = Kysely<Database> | Transaction<Database>;

export type KeptAnswers = Readonly<Record<string, string | readonly string[]>>;

/** Keeps a person's answers to the question page at `path`, in place of any kept before; deletes sets kept before `staleBefore`. */
export async function upsertKeptAnswers(
  db: Db,
  kept: { readonly userId: string; readonly path: string; readonly answers: KeptAnswers; readonly keptAt: string },
  staleBefore: string,
): Promise<void> {
  await db.deleteFrom('keptAnswers').where('keptAt', '<', staleBefore).execute();
  const row = { path: kept.path, answers: JSON.stringify(kept.answers), keptAt: kept.keptAt };
  await db
    .insertInto('keptAnswers')
    .values({ userId: kept.userId, ...row })
    .onConflict((conflict) => conflict.column('userId').doUpdateSet(row))
    .execute();
}

/** The path of the question page whose answers a person has kept since `since`, if any. */
export async function findKeptAnswersPath(db: Db, userId: string, since: string): Promise<string | null> {
  const row = await db.selectFrom('keptAnswers').select('path').where('userId', '=', userId).where('keptAt', '>=', since).executeTakeFirst();
  return row?.path ?? null;
}

/** Takes back (deletes) a person's answers to the question page at `path`, kept since `since`; null when there are none. */
export async function deleteKeptAnswers(db: Db, userId: string, path: string, since: string): Promise<KeptAnswers | null> {
  const row = await db
    .deleteFrom('keptAnswers')
    .where('userId', '=', userId)
    .where('path', '=', path)
    .where('keptAt', '>=', since)
    .returning('answers')
    .executeTakeFirst();
  return row?.answers ?? null;
}
