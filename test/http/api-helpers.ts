import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { KENT } from '../helpers/organisations.ts';
import { signedInClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';

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

export {
  addMetropolitanPolice,
  addPartnerOrganisations,
  CROYDON,
  GUARDIANS,
  HOME_OF,
  KENT,
  KENT_POLICE,
  MEDWAY,
  MET_POLICE,
  NATIONAL,
} from '../helpers/organisations.ts';

export const aChild = (overrides: Record<string, unknown> = {}) => ({
  laChildId: `T${Math.floor(Math.random() * 1e8)}`,
  givenNames: 'Ana',
  familyName: 'Testchild',
  sex: 'F',
  dateOfBirthClaimed: '2009-04-12',
  nationality: 'AL',
  ...overrides,
});

/** A valid age assessment's body: one that found the child 15, accepted. */
export const AN_AGE_ASSESSMENT = {
  referredOn: '2025-01-02',
  assessedOn: '2025-02-01',
  assessedBy: 'LOCAL_AUTHORITY',
  mertonCompliant: true,
  outcome: 'CHILD',
  assessedAge: 15,
  response: 'ACCEPTED',
} as const;

/** A child looked after by the token's authority since 1 January 2024, placed in area. */
export async function createLookedAfterChild(api: Api, overrides: Record<string, unknown> = {}): Promise<{ id: string }> {
  // Looked after other than for short breaks: a UPN or a reason for none (903 rule 442).
  const child = await api('POST', '/children', aChild({ upn: 'UN2', ...overrides }));
  if (child.status !== 201) throw new Error(`create child: ${child.status} ${JSON.stringify(child.body)}`);
  const id = (child.body['child'] as { id: string }).id;
  const period = await api('POST', `/children/${id}/care-periods`, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' });
  if (period.status !== 201) throw new Error(`care period: ${period.status} ${JSON.stringify(period.body)}`);
  return { id };
}

/**
 * A test app with a Kent social worker on it twice: through the API (`kent`) and signed in on the web (`worker`),
 * for journeys that set up through the one and walk through the other. Close the app after the tests.
 */
export async function kentSocialWorkerApp(): Promise<{ t: TestApp; kent: Api; worker: WebClient }> {
  const t = await buildTestApp();
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const { client: worker } = await signedInClient(t.app, t.services, KENT, 'social_worker');
  return { t, kent, worker };
}

export function errorsOf(response: ApiResponse): { field: string; code?: string | null; rule?: string; message: string }[] {
  return (response.body['errors'] ?? []) as { field: string; code?: string | null; rule?: string; message: string }[];
}
