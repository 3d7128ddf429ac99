import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Calls the JSON API as a client holding `token`. */
export function apiClient(app: FastifyInstance, token: string) {
  return async (method: Method, path: string, payload?: unknown): Promise<ApiResponse> => {
    const response = await app.inject({
      method,
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload), headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } }),
    });
    return { status: response.statusCode, body: response.json() };
  };
}

export type Api = ReturnType<typeof apiClient>;

export const KENT = 'E10000016';
export const MEDWAY = 'E06000035';
export const CROYDON = 'E09000008';

export const aChild = (overrides: Record<string, unknown> = {}) => ({
  laChildId: `T${Math.floor(Math.random() * 1e8)}`,
  givenNames: 'Ana',
  familyName: 'Testchild',
  sex: 'F',
  dateOfBirthClaimed: '2009-04-12',
  nationality: 'AL',
  ...overrides,
});

/** A child looked after by the token's authority since 1 January 2024, placed in area. */
export async function createLookedAfterChild(api: Api, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  const child = await api('POST', '/children', aChild(overrides));
  if (child.status !== 201) throw new Error(`create child: ${child.status} ${JSON.stringify(child.body)}`);
  const id = (child.body['child'] as { id: string }).id;
  const period = await api('POST', `/children/${id}/care-periods`, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' });
  if (period.status !== 201) throw new Error(`care period: ${period.status} ${JSON.stringify(period.body)}`);
  return { id };
}

export function errorsOf(response: ApiResponse): { field: string; code?: string | null; rule?: string; message: string }[] {
  return (response.body['errors'] ?? []) as { field: string; code?: string | null; rule?: string; message: string }[];
}

export const GUARDIANS = 'GUARDIAN-SERVICE';
export const KENT_POLICE = 'KENT-POLICE';
export const NATIONAL = 'NATIONAL-UNIT';

/** The guardian service, Kent Police (covering Kent and Medway) and the national unit. */
export async function addPartnerOrganisations(db: Kysely<Database>): Promise<void> {
  await db
    .insertInto('organisation')
    .values([
      { code: GUARDIANS, name: 'Independent Child Trafficking Guardians', kind: 'guardian_service', localAuthorityCode: null },
      { code: KENT_POLICE, name: 'Kent Police', kind: 'police_force', localAuthorityCode: null },
      { code: NATIONAL, name: 'National coordination unit', kind: 'national_unit', localAuthorityCode: null },
    ])
    .execute();
  await db.insertInto('policeForceArea').values([{ organisationCode: KENT_POLICE, localAuthorityCode: KENT }, { organisationCode: KENT_POLICE, localAuthorityCode: MEDWAY }]).execute();
}
