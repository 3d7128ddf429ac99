import type { Kysely, Transaction } from 'kysely';
import type { MissingEpisode, ReturnInterview } from '../../domain/child-record.ts';
import type { FoundReport } from '../../domain/found-report.ts';
import type { MissingType } from '../../domain/codes.ts';
import { normaliseInstant } from '../../domain/dates.ts';
import type { Database } from '../schema.ts';
import { withoutRecordKey } from './child-record-repository.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A missing episode without its return home interview, which is read on its own. */
export type EpisodeWithoutInterview = Omit<MissingEpisode, 'returnInterview'>;

/** The episode with this id; null when there is none, or row-level security hides it. */
export async function findEpisode(db: Db, episodeId: string): Promise<EpisodeWithoutInterview | null> {
  const row = await db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirst();
  return row === undefined ? null : withoutRecordKey(row);
}

/** The return home interview recorded for an episode, if any. */
export async function findReturnInterview(db: Db, episodeId: string): Promise<ReturnInterview | null> {
  return (await db.selectFrom('returnInterview').selectAll().where('episodeId', '=', episodeId).executeTakeFirst()) ?? null;
}

export interface EpisodeFilters {
  readonly open?: boolean | undefined;
  readonly type?: MissingType | undefined;
  readonly childId?: string | undefined;
  /** Instants: episodes that started from this moment and before that one. */
  readonly startedFrom?: string | undefined;
  readonly startedBefore?: string | undefined;
  readonly page: number;
  readonly pageSize: number;
}

/**
 * One page of the episodes of children an authority is responsible for, latest first, with their
 * return home interviews, and how many episodes match in all.
 */
export async function listEpisodes(db: Db, authority: string, filters: EpisodeFilters): Promise<{ episodes: MissingEpisode[]; total: number }> {
  let query = db.selectFrom('missingEpisode').where('missingEpisode.responsibleAuthorityCode', '=', authority);
  if (filters.open === true) query = query.where('missingEpisode.endAt', 'is', null);
  if (filters.open === false) query = query.where('missingEpisode.endAt', 'is not', null);
  if (filters.type !== undefined) query = query.where('missingEpisode.type', '=', filters.type);
  if (filters.childId !== undefined) query = query.where('missingEpisode.childId', '=', filters.childId);
  if (filters.startedFrom !== undefined) query = query.where('missingEpisode.startAt', '>=', normaliseInstant(filters.startedFrom));
  if (filters.startedBefore !== undefined) query = query.where('missingEpisode.startAt', '<', normaliseInstant(filters.startedBefore));
  const [rows, count] = await Promise.all([
    query
      .selectAll('missingEpisode')
      .orderBy('missingEpisode.startAt', 'desc')
      .orderBy('missingEpisode.id')
      .limit(filters.pageSize)
      .offset((filters.page - 1) * filters.pageSize)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const interviews =
    rows.length === 0
      ? []
      : await db
          .selectFrom('returnInterview')
          .selectAll()
          .where(
            'episodeId',
            'in',
            rows.map((row) => row.id),
          )
          .execute();
  return {
    episodes: rows.map((row) => ({ ...withoutRecordKey(row), returnInterview: interviews.find((interview) => interview.episodeId === row.id) ?? null })),
    total: count.total,
  };
}

/** When the host authority acknowledged an open missing episode, and who did (a user id). */
export interface HostAcknowledgement {
  readonly episodeId: string;
  readonly acknowledgedAt: string;
  readonly acknowledgedBy: string;
}

/** The acknowledgements of these episodes by their host authorities, by episode id. */
export async function hostAcknowledgementsOf(db: Db, episodeIds: readonly string[]): Promise<Readonly<Record<string, HostAcknowledgement>>> {
  if (episodeIds.length === 0) return {};
  const rows = await db
    .selectFrom('hostAcknowledgement')
    .select(['episodeId', 'acknowledgedAt', 'acknowledgedBy'])
    .where('episodeId', 'in', [...episodeIds])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.episodeId, row]));
}

/** Records the host authority's acknowledgement; an episode already acknowledged keeps the first. Whether it was written. */
export async function insertHostAcknowledgement(db: Db, acknowledgement: HostAcknowledgement & { readonly authorityCode: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('hostAcknowledgement')
    .values(acknowledgement)
    .onConflict((conflict) => conflict.column('episodeId').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The reports by other agencies that found these children, by episode id. */
export async function foundReportsOf(db: Db, episodeIds: readonly string[]): Promise<Readonly<Record<string, FoundReport>>> {
  if (episodeIds.length === 0) return {};
  const rows = await db
    .selectFrom('foundReport')
    .select(['episodeId', 'agency', 'organisation', 'foundAt', 'location', 'reference', 'recordedBy', 'recordedAt'])
    .where('episodeId', 'in', [...episodeIds])
    .execute();
  return Object.fromEntries(rows.map((row) => [row.episodeId, row]));
}

/** Keeps another agency's report that it found the child, against the episode it closes. */
export async function insertFoundReport(db: Db, report: FoundReport): Promise<void> {
  await db.insertInto('foundReport').values(report).execute();
}
