import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/client.ts';
import { seedDemoIfEmpty } from '../../src/demo.ts';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { createLogger } from '../../src/logger.ts';
import { createServices } from '../../src/services/index.ts';
import type { Services } from '../../src/services/index.ts';
import { createFakeClock } from '../helpers/fake-clock.ts';
import { createTestDatabase } from '../helpers/test-database.ts';

// The demo's training gate (issue 15, items 5 and 6): NRM referrals need current NRM first-responder
// training in Kent and Medway, the other gate stays off, and the demo has someone trained (Kent's social
// worker, whose NRM referrals go through) and someone not (Kent's team manager).

let handle: DatabaseHandle;
let services: Services;

beforeAll(async () => {
  handle = await createTestDatabase();
  services = createServices(
    { db: handle.db, now: createFakeClock('2025-06-15T12:00:00.000Z').now, newId: randomUUID },
    { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
  );
  await seedDemoIfEmpty(handle, services, 10, createLogger('silent'));
}, 240_000);
afterAll(async () => {
  await handle.close();
});

async function demoPerson(email: string): Promise<Actor> {
  const user = await handle.db.selectFrom('appUser').select(['id', 'organisationCode', 'role']).where('email', '=', email).executeTakeFirstOrThrow();
  return { id: user.id, organisationCode: user.organisationCode, localAuthorityCode: user.organisationCode, role: user.role as Role };
}

async function nrmState(person: Actor): Promise<string | undefined> {
  const mine = await services.training.mine(person);
  if (!mine.ok) throw new Error('no training page');
  return mine.value.topics.find((topic) => topic.topic === 'NRM_FIRST_RESPONDER')?.state;
}

describe('the demo’s training gate', () => {
  it('should gate NRM referrals only, with one demo person trained for them and one not', async () => {
    const worker = await demoPerson('social.worker@kent.demo.invalid');
    const manager = await demoPerson('team.manager@kent.demo.invalid');
    for (const person of [manager, await demoPerson('team.manager@medway.demo.invalid')]) {
      const gates = await services.training.gates(person);
      if (!gates.ok) throw new Error('no gates page');
      expect(gates.value.gates.map((gate) => [gate.action, gate.on])).toEqual([
        ['NRM_REFERRAL', true],
        ['RETURN_HOME_INTERVIEW', false],
      ]);
    }
    expect(await nrmState(worker)).toBe('CURRENT');
    expect(await nrmState(manager)).toBe('NOT_DONE');
  });
});
