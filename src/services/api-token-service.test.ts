import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addPartnerOrganisations, KENT, KENT_POLICE, NATIONAL } from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';

// API tokens on a real (PGlite) database: held, like accounts, to the roles people in the organisation have.

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices({ db: handle.db, now: clock.now, newId: randomUUID });
  await addPartnerOrganisations(handle.db);
});
afterAll(async () => {
  await handle.close();
});

const count = async (table: 'apiToken' | 'auditEvent') => (await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow()).count;

describe('making an API token', () => {
  it('should make a token in a role the organisation’s kind has, which then speaks for that organisation and role', async () => {
    const created = await services.apiTokens.createToken(KENT_POLICE, 'police_coordinator', 'force control room');
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    expect(await services.apiTokens.authenticate(created.value.token, null)).toMatchObject({ organisationCode: KENT_POLICE, localAuthorityCode: null, role: 'police_coordinator' });
  });

  it.each([
    [KENT_POLICE, 'social_worker', 'police_force'],
    [KENT, 'police_coordinator', 'local_authority'],
    [KENT, 'national_analyst', 'local_authority'],
    [NATIONAL, 'advocate', 'national_unit'],
  ] as const)('should refuse a token for %s in the role %s, writing nothing', async (organisation, role, organisationKind) => {
    const [tokensBefore, eventsBefore] = [await count('apiToken'), await count('auditEvent')];
    expect(await services.apiTokens.createToken(organisation, role, 'misfit')).toEqual({ ok: false, error: { kind: 'ROLE_NOT_IN_ORGANISATION', organisationKind } });
    expect([await count('apiToken'), await count('auditEvent')]).toEqual([tokensBefore, eventsBefore]);
  });

  it('should refuse an organisation that does not exist', async () => {
    expect(await services.apiTokens.createToken('NOWHERE', 'social_worker', 'unknown')).toEqual({ ok: false, error: 'UNKNOWN_ORGANISATION' });
  });
});
