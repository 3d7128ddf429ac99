import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addPartnerOrganisations, KENT, KENT_POLICE } from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from '../services/index.ts';
import type { Services } from '../services/index.ts';
import { runTokenList, runTokenRotate } from './token-command.ts';

// `lantern token list` and `lantern token rotate` as the operator sees them.

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

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, output: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) } };
}

describe('lantern token list and rotate', () => {
  it('should list the tokens with whether each works, rotate one printing only the new token, and list the change', async () => {
    const kept = await services.apiTokens.createToken(KENT, 'social_worker', 'case system', { days: 1 });
    clock.advanceHours(1);
    const other = await services.apiTokens.createToken(KENT_POLICE, 'police_coordinator', 'control room');
    if (!kept.ok || !other.ok) throw new Error('token');
    clock.advanceHours(24);

    const before = capture();
    expect(await runTokenList(services.apiTokens, KENT, before.output)).toBe(0);
    expect(before.out).toEqual([
      'id\torganisation\trole\tstatus\texpires\tcreated\treplaced by\tdescription',
      `${kept.value.id}\t${KENT}\tsocial_worker\texpired\t2025-06-16T12:00:00.000Z\t2025-06-15T12:00:00.000Z\t-\tcase system`,
    ]);

    const rotation = capture();
    expect(await runTokenRotate(services.apiTokens, kept.value.id, { days: 30 }, rotation.output)).toBe(0);
    expect(rotation.out).toHaveLength(1);
    const [newToken] = rotation.out;
    expect(newToken).toMatch(/^lantern_[\w-]{43}$/);
    const actor = await services.apiTokens.authenticate(newToken ?? '', null);
    const newId = actor?.id.replace('token:', '');
    expect(rotation.err).toEqual([
      `Token ${kept.value.id} is revoked. Its replacement ${newId ?? ''} works until 2025-07-16T13:00:00.000Z; give it to the system that used the old one.`,
    ]);

    const after = capture();
    expect(await runTokenList(services.apiTokens, null, after.output)).toBe(0);
    const rows = after.out.slice(1).map((line) => line.split('\t'));
    expect(rows.map((row) => [row[0], row[3], row[6]])).toEqual([
      [newId, 'active', '-'],
      [other.value.id, 'active', '-'],
      [kept.value.id, 'revoked', newId],
    ]);
    expect(after.out.join('\n')).not.toContain(newToken);
  });

  it('should say so, and fail, for a token that is revoked or unknown and an organisation that does not exist', async () => {
    const unknown = capture();
    const id = randomUUID();
    expect(await runTokenRotate(services.apiTokens, id, {}, unknown.output)).toBe(1);
    expect(unknown).toMatchObject({ out: [], err: [`There is no token ${id} that is not revoked. lantern token list shows them.`] });
    const nowhere = capture();
    expect(await runTokenList(services.apiTokens, 'NOWHERE', nowhere.output)).toBe(1);
    expect(nowhere).toMatchObject({ out: [], err: ['There is no organisation with the code NOWHERE. Check the code and try again.'] });
  });
});
