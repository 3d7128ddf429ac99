import type { Kysely, Transaction } from 'kysely';
import type { EpisodePartTwo, PartOne, PartTwo, Profile } from '../../domain/philomena.ts';
import type { Database } from '../schema.ts';

// Philomena profiles (migration 0024): Part 1 per child, its photograph, Part 2 per missing episode.
// Read and written under row-level security: a child the actor may not see has no profile for them.

type Db = Kysely<Database> | Transaction<Database>;

export interface Photograph {
  readonly image: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly uploadedAt: string;
}

/** Who did it and when: written with every change. */
export interface Stamp {
  readonly at: string;
  readonly by: string;
}

const PROFILE_COLUMNS = [
  'childId',
  'physicalDescription',
  'vulnerabilities',
  'medicalNeeds',
  'associates',
  'locationsFrequented',
  'phoneNumbers',
  'socialMedia',
  'transport',
  'reviewedAt',
  'reviewedBy',
  'version',
] as const;

export async function profileOf(db: Db, childId: string): Promise<Profile | null> {
  return (await db.selectFrom('philomenaProfile').select(PROFILE_COLUMNS).where('childId', '=', childId).executeTakeFirst()) ?? null;
}

export async function insertProfile(db: Db, childId: string, part: PartOne, stamp: Stamp): Promise<Profile> {
  return db
    .insertInto('philomenaProfile')
    .values({ childId, ...part, reviewedAt: stamp.at, reviewedBy: stamp.by, version: 1, createdAt: stamp.at, updatedAt: stamp.at })
    .returning(PROFILE_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Saving Part 1 is reviewing it. Undefined when the profile is no longer at `version`. */
export async function updateProfile(db: Db, childId: string, part: PartOne, stamp: Stamp, version: number): Promise<Profile | undefined> {
  return db
    .updateTable('philomenaProfile')
    .set({ ...part, reviewedAt: stamp.at, reviewedBy: stamp.by, updatedAt: stamp.at, version: version + 1 })
    .where('childId', '=', childId)
    .where('version', '=', version)
    .returning(PROFILE_COLUMNS)
    .executeTakeFirst();
}

export async function photographOf(db: Db, childId: string): Promise<Photograph | null> {
  return (
    (await db.selectFrom('philomenaPhotograph').select(['image', 'width', 'height', 'uploadedAt']).where('childId', '=', childId).executeTakeFirst()) ?? null
  );
}

/** When the photograph was taken in, without the image: for pages that only link to it. */
export async function photographUploadedAt(db: Db, childId: string): Promise<string | null> {
  const row = await db.selectFrom('philomenaPhotograph').select('uploadedAt').where('childId', '=', childId).executeTakeFirst();
  return row?.uploadedAt ?? null;
}

/** A new photograph replaces the old one: the profile keeps only a recent one. */
export async function savePhotograph(
  db: Db,
  childId: string,
  photo: { readonly image: Uint8Array; readonly width: number; readonly height: number },
  stamp: Stamp,
): Promise<void> {
  const values = { ...photo, mediaType: 'image/jpeg' as const, uploadedAt: stamp.at, uploadedBy: stamp.by };
  await db
    .insertInto('philomenaPhotograph')
    .values({ childId, ...values })
    .onConflict((conflict) => conflict.column('childId').doUpdateSet(values))
    .execute();
}

const PART_TWO_COLUMNS = [
  'episodeId',
  'childId',
  'clothing',
  'lastSeenWhere',
  'lastSeenAt',
  'lastSeenWith',
  'otherInformation',
  'recordedAt',
  'recordedBy',
  'version',
] as const;

export async function partTwoOf(db: Db, episodeId: string): Promise<EpisodePartTwo | null> {
  return (await db.selectFrom('philomenaPartTwo').select(PART_TWO_COLUMNS).where('episodeId', '=', episodeId).executeTakeFirst()) ?? null;
}

export async function insertPartTwo(
  db: Db,
  ids: { readonly episodeId: string; readonly childId: string },
  part: PartTwo,
  stamp: Stamp,
): Promise<EpisodePartTwo> {
  return db
    .insertInto('philomenaPartTwo')
    .values({ ...ids, ...part, recordedAt: stamp.at, recordedBy: stamp.by, version: 1 })
    .returning(PART_TWO_COLUMNS)
    .executeTakeFirstOrThrow();
}

/** Undefined when Part 2 is no longer at `version`. */
export async function updatePartTwo(db: Db, episodeId: string, part: PartTwo, stamp: Stamp, version: number): Promise<EpisodePartTwo | undefined> {
  return db
    .updateTable('philomenaPartTwo')
    .set({ ...part, recordedAt: stamp.at, recordedBy: stamp.by, version: version + 1 })
    .where('episodeId', '=', episodeId)
    .where('version', '=', version)
    .returning(PART_TWO_COLUMNS)
    .executeTakeFirst();
}

export interface ProfileToReview {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly reviewedAt: string;
}

/** The authority's children whose profile was last reviewed before `before`, longest unreviewed first. */
export async function profilesReviewedBefore(db: Db, authorityCode: string, before: string, limit: number): Promise<ProfileToReview[]> {
  return db
    .selectFrom('philomenaProfile')
    .innerJoin('child', 'child.id', 'philomenaProfile.childId')
    .select(['philomenaProfile.childId', 'child.givenNames', 'child.familyName', 'philomenaProfile.reviewedAt'])
    .where('child.responsibleAuthorityCode', '=', authorityCode)
    .where('philomenaProfile.reviewedAt', '<', before)
    .orderBy('philomenaProfile.reviewedAt')
    .limit(limit)
    .execute();
}
