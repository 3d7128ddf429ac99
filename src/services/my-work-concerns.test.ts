import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { addChildInCare, openServices, rowScopeOf } from '../../test/helpers/service-tests.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { Services } from './index.ts';
import { value } from '../../test/helpers/result.ts';

// My work finds an authority's trafficking concerns by the responsible authority kept beside each
// concern (migration 0013). The copy must follow the concern and its child, and row-level security
// must hold on it as on the concern itself.

const KENT = 'E10000016';
const MEDWAY = 'E06000035';
const kentWorker: Actor = { id: 'concerns-kent', organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
const medwayWorker: Actor = { id: 'concerns-medway', organisationCode: MEDWAY, localAuthorityCode: MEDWAY, role: 'social_worker' };

let handle: DatabaseHandle;
let services: Services;
const clock = createFakeClock('2025-06-15T12:00:00Z');

let made = 0;
/** A child looked after by the actor's authority since 1 January 2024, with a trafficking concern and no NRM referral. */
async function childWithConcern(actor: Actor, name: string): Promise<{ childId: string; concernId: string }> {
  made += 1;
  const childId = await addChildInCare(services, actor, { laChildId: `TC-${made}`, givenNames: name, familyName: 'Concerned', sex: 'M' });
  const concernId = value(
    await services.trafficking.raiseConcern(actor, childId, { raisedOn: '2025-03-01', raisedBy: 'Social worker', exploitationTypes: ['CRIMINAL'] }),
  ).id;
  return { childId, concernId };
}

const concernsOnMyWork = async (actor: Actor): Promise<string[]> =>
  value(await services.myWork.myWork(actor))
    .concernsWithoutReferral.map((concern) => concern.concernId)
    .sort();

beforeAll(async () => {
  ({ handle, services } = await openServices(clock.now));
});
afterAll(async () => {
  await handle.close();
});

describe('the concerns on My work', () => {
  it('should list a concern for its child’s authority as soon as it is raised, and for no other', async () => {
    const { concernId } = await childWithConcern(kentWorker, 'Raised');
    expect(await concernsOnMyWork(kentWorker)).toContain(concernId);
    expect(await concernsOnMyWork(medwayWorker)).not.toContain(concernId);
  });

  it('should move a concern to the authority a child is moved to', async () => {
    const { childId, concernId } = await childWithConcern(kentWorker, 'Moved');
    // As the owner: the application itself never changes a child's responsible authority.
    await handle.db.updateTable('child').set({ responsibleAuthorityCode: MEDWAY }).where('id', '=', childId).execute();
    await handle.db.updateTable('carePeriod').set({ responsibleAuthorityCode: MEDWAY, hostAuthorityCode: MEDWAY }).where('childId', '=', childId).execute();
    expect(await concernsOnMyWork(kentWorker)).not.toContain(concernId);
    expect(await concernsOnMyWork(medwayWorker)).toContain(concernId);
  });

  it('should follow a concern recorded against the wrong child and corrected', async () => {
    const wrong = await childWithConcern(kentWorker, 'Wrongchild');
    const right = await childWithConcern(medwayWorker, 'Rightchild');
    await handle.db.updateTable('traffickingConcern').set({ childId: right.childId }).where('id', '=', wrong.concernId).execute();
    expect(await concernsOnMyWork(kentWorker)).not.toContain(wrong.concernId);
    expect(await concernsOnMyWork(medwayWorker)).toEqual(expect.arrayContaining([wrong.concernId, right.concernId]));
  });
});

describe('the concerns’ authorities under row-level security', () => {
  const scopeOf = (authorityCode: string | null, role?: string) => rowScopeOf(clock.now(), authorityCode, role);
  const visible = async (authorityCode: string | null, role?: string) =>
    inScope(
      handle.db,
      scopeOf(authorityCode, role),
      async (trx) =>
        (
          await sql<{
            concernId: string;
            responsibleAuthorityCode: string;
          }>`select concern_id, responsible_authority_code from trafficking_concern_authority`.execute(trx)
        ).rows,
    );

  it('should show the application only the concerns it may see', async () => {
    await childWithConcern(kentWorker, 'Visiblekent');
    await childWithConcern(medwayWorker, 'Visiblemedway');
    const kent = await visible(KENT);
    const kentRows = await handle.db.selectFrom('traffickingConcernAuthority').select('concernId').where('responsibleAuthorityCode', '=', KENT).execute();
    expect(kent.length).toBeGreaterThan(0);
    expect(kent.length).toBe(kentRows.length);
    expect(kent.every((row) => row.responsibleAuthorityCode === KENT)).toBe(true);
    expect(await visible(null)).toEqual([]);
    expect(await visible("' or true or '")).toEqual([]);
    expect(await visible(KENT, 'national_analyst')).toEqual([]);
  });

  it('should not let the application write them', async () => {
    const { childId, concernId } = await childWithConcern(kentWorker, 'Written');
    await handle.db.deleteFrom('traffickingConcernAuthority').where('concernId', '=', concernId).execute();
    await expect(
      inScope(handle.db, scopeOf(KENT), (trx) =>
        sql`insert into trafficking_concern_authority (concern_id, child_id, responsible_authority_code) values (${concernId}, ${childId}, ${KENT})`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow();
    await expect(
      inScope(handle.db, scopeOf(KENT), (trx) => sql`update trafficking_concern_authority set responsible_authority_code = ${MEDWAY}`.execute(trx)),
    ).rejects.toThrow();
  });
});
