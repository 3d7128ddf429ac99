import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { originKey } from '../../domain/refusal-limit.ts';
import { FRESH_THROTTLE } from '../../domain/sign-in-policy.ts';
import type { ThrottleState } from '../../domain/sign-in-policy.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The key failed passwords at an email address are counted under: its hash, so that no address tried is kept. */
export const emailThrottleKey = (normalisedEmail: string): string => `account:${createHash('sha256').update(normalisedEmail).digest('hex')}`;

/** The key failures from an address are counted under (an IPv6 /64 is one source). */
export const sourceThrottleKey = (origin: string | null): string => `source:${originKey(origin)}`;

const columns = ['failures', 'windowStartedAt', 'lastFailedAt', 'lockedUntil'] as const;

/** The count under `key`, locked until the transaction ends, so that parallel attempts are counted one after another. */
export async function lockThrottle(trx: Transaction<Database>, key: string): Promise<ThrottleState> {
  await trx
    .insertInto('signInThrottle')
    .values({ key })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  return trx.selectFrom('signInThrottle').select(columns).where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
}

/** The count under `key`, without locking it. */
export async function readThrottle(db: Db, key: string): Promise<ThrottleState> {
  return (await db.selectFrom('signInThrottle').select(columns).where('key', '=', key).executeTakeFirst()) ?? FRESH_THROTTLE;
}

export async function saveThrottle(db: Db, key: string, state: ThrottleState): Promise<void> {
  await db
    .updateTable('signInThrottle')
    .set({ failures: state.failures, windowStartedAt: state.windowStartedAt, lastFailedAt: state.lastFailedAt, lockedUntil: state.lockedUntil })
    .where('key', '=', key)
    .execute();
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('signInThrottle').where('key', '=', key).execute();
}

/** Forgets counts nobody has failed at since `before` (or ever) that lock nothing out at `now`: the table stays small. */
export async function pruneThrottles(db: Db, before: string, now: string): Promise<void> {
  await db
    .deleteFrom('signInThrottle')
    .where((eb) => eb.or([eb('lastFailedAt', 'is', null), eb('lastFailedAt', '<', before)]))
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', now)]))
    .execute();
}
