import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '../test/helpers/test-database.ts';
import type { DatabaseHandle } from './db/client.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { refuseDemoAccountsInProduction, UnsafeProductionError } from './server.ts';
import { createServices } from './services/index.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('production safety', () => {
  it('should start in production with real accounts only, and refuse once a demo account exists', async () => {
    const services = createServices({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
    await services.users.createUser({ organisationCode: 'E10000016', role: 'team_manager', email: 'manager@kent.gov.example', displayName: 'Real Manager', password: 'a long and unusual passphrase' });
    await expect(refuseDemoAccountsInProduction(handle)).resolves.toBeUndefined();
    await services.users.createUser({ organisationCode: 'E10000016', role: 'social_worker', email: 'social.worker@kent.demo.invalid', displayName: 'Demo', password: DEMO_PASSWORD });
    await expect(refuseDemoAccountsInProduction(handle)).rejects.toBeInstanceOf(UnsafeProductionError);
  });
});
