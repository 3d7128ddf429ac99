import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from './index.ts';
import type { Services } from './index.ts';
import type { NationalSetup } from './setup-service.ts';

const SETUP: NationalSetup = {
  organisationCode: 'national-unit',
  organisationName: 'National coordination unit',
  email: 'First.Admin@national.example.gov.uk',
  displayName: 'First Administrator',
  password: 'a long and unusual passphrase',
};

let handle: DatabaseHandle;
let services: Services;
beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(
    { db: handle.db, now: () => new Date().toISOString(), newId: randomUUID },
    { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
  );
});
afterAll(async () => {
  await handle.close();
});
// Each test starts from a deployment never set up: no accounts, no national unit.
beforeEach(async () => {
  await handle.db.deleteFrom('userSession').execute();
  await handle.db.deleteFrom('appUser').execute();
  await handle.db.deleteFrom('organisation').where('kind', '=', 'national_unit').execute();
});

const counts = async () => ({
  organisations: (await handle.db.selectFrom('organisation').select('code').execute()).length,
  users: (await handle.db.selectFrom('appUser').select('id').execute()).length,
});

describe('setting up a new national deployment', () => {
  it('should create the national unit and its first system administrator, who can sign in, and record both in the audit trail', async () => {
    const result = await services.setup.setUpNationalDeployment(SETUP);
    expect(result).toMatchObject({ ok: true, value: { organisationCreated: true, totpSecret: expect.stringMatching(/^[A-Z2-7]{32}$/) } });
    expect(await handle.db.selectFrom('organisation').select(['code', 'name', 'kind']).where('code', '=', 'NATIONAL-UNIT').executeTakeFirst()).toEqual({
      code: 'NATIONAL-UNIT',
      name: 'National coordination unit',
      kind: 'national_unit',
    });
    const admin = await handle.db.selectFrom('appUser').select(['email', 'role', 'organisationCode']).executeTakeFirstOrThrow();
    expect(admin).toEqual({ email: 'first.admin@national.example.gov.uk', role: 'system_administrator', organisationCode: 'NATIONAL-UNIT' });
    expect(await services.users.signInWithPassword(SETUP.email, SETUP.password, null, null)).toMatchObject({ ok: true });
    const events = await handle.db.selectFrom('auditEvent').select(['action', 'entity', 'entityId']).execute();
    expect(events).toEqual(
      expect.arrayContaining([
        { action: 'CREATE', entity: 'organisation', entityId: 'NATIONAL-UNIT' },
        expect.objectContaining({ action: 'USER_CHANGED', entity: 'user' }),
      ]),
    );
  });

  it('should let the national unit have its other accounts once set up (before, there was no national unit to put them in)', async () => {
    const analyst = {
      organisationCode: 'NATIONAL-UNIT',
      role: 'national_analyst',
      email: 'analyst@national.example.gov.uk',
      displayName: 'Analyst',
      password: 'another long passphrase',
    };
    expect(await services.users.createUser(analyst)).toEqual({ ok: false, error: 'UNKNOWN_ORGANISATION' });
    await services.setup.setUpNationalDeployment(SETUP);
    expect(await services.users.createUser(analyst)).toMatchObject({ ok: true });
  });

  it('should refuse to run again once there is a system administrator, and change nothing', async () => {
    await services.setup.setUpNationalDeployment(SETUP);
    const before = await counts();
    expect(await services.setup.setUpNationalDeployment({ ...SETUP, email: 'second.admin@national.example.gov.uk' })).toEqual({
      ok: false,
      error: { kind: 'ALREADY_SET_UP' },
    });
    expect(await counts()).toEqual(before);
  });

  it('should finish a set-up whose account was refused, when run again with what was wrong put right', async () => {
    const weak = await services.setup.setUpNationalDeployment({ ...SETUP, password: 'short' });
    expect(weak).toMatchObject({ ok: false, error: { kind: 'ACCOUNT', error: { kind: 'WEAK_PASSWORD' } } });
    expect(await services.setup.setUpNationalDeployment(SETUP)).toMatchObject({ ok: true, value: { organisationCreated: false } });
  });

  it('should refuse a second national unit under another code, and a code that belongs to a local authority', async () => {
    await handle.db.insertInto('organisation').values({ code: 'NCU', name: 'National unit', kind: 'national_unit', localAuthorityCode: null }).execute();
    const before = await counts();
    expect(await services.setup.setUpNationalDeployment(SETUP)).toEqual({ ok: false, error: { kind: 'OTHER_NATIONAL_UNIT', code: 'NCU' } });
    expect(await services.setup.setUpNationalDeployment({ ...SETUP, organisationCode: 'E10000016' })).toEqual({
      ok: false,
      error: { kind: 'OTHER_NATIONAL_UNIT', code: 'NCU' },
    });
    await handle.db.deleteFrom('organisation').where('code', '=', 'NCU').execute();
    expect(await services.setup.setUpNationalDeployment({ ...SETUP, organisationCode: 'E10000016' })).toEqual({ ok: false, error: { kind: 'CODE_TAKEN' } });
    expect(await services.setup.setUpNationalDeployment({ ...SETUP, organisationCode: 'no spaces' })).toEqual({
      ok: false,
      error: { kind: 'INVALID_ORGANISATION', field: 'organisationCode' },
    });
    expect(await services.setup.setUpNationalDeployment({ ...SETUP, organisationName: '  ' })).toEqual({
      ok: false,
      error: { kind: 'INVALID_ORGANISATION', field: 'organisationName' },
    });
    expect((await counts()).users).toBe(before.users);
  });
});
