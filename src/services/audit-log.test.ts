import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import type { Kysely, RawBuilder } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { openDatabase } from '../db/client.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import type { Database } from '../db/schema.ts';
import { AUDIT_CHAINS, GENESIS_HASH, chainFor, hashEvent } from '../domain/audit-chain.ts';
import type { Actor } from '../domain/access/actor.ts';
import { createAuditLog, diffFields } from './audit-log.ts';
import type { AuditEventInput } from './audit-log.ts';
import { createAuditService } from './audit-service.ts';

const CHILD = '11111111-1111-4111-8111-111111111111';
const OTHER_CHILD = '22222222-2222-4222-8222-222222222222';

const worker: Actor = { id: 'user-worker', organisationCode: 'E10000016', localAuthorityCode: 'E10000016', role: 'social_worker', origin: '192.0.2.10' };
const police: Actor = { id: 'user-police', organisationCode: 'POLICE-KENT', localAuthorityCode: null, role: 'police_coordinator' };
const admin: Actor = { id: 'user-admin', organisationCode: 'E10000016', localAuthorityCode: 'E10000016', role: 'organisation_administrator' };

let handle: DatabaseHandle;
let db: Kysely<Database>;
const clock = createFakeClock('2025-03-01T09:00:00Z');
const log = createAuditLog({ now: clock.now, newId: randomUUID });
let audit: ReturnType<typeof createAuditService>;

beforeAll(async () => {
  handle = await createTestDatabase();
  db = handle.db;
  audit = createAuditService({ db, now: clock.now, newId: randomUUID });
});

afterAll(async () => {
  await handle.close();
});

/** Runs statements with the append-only trigger switched off, as someone with the table owner's rights could. */
async function tamper(...statements: ((trx: Kysely<Database>) => RawBuilder<unknown>)[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
    for (const statement of statements) await statement(trx).execute(trx);
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(trx);
  });
}

// Each test starts from an empty trail, so the findings a test sees are its own.
beforeEach(async () => {
  await db.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger user`.execute(trx);
    await sql`delete from audit_event`.execute(trx);
    await sql`alter table audit_event enable trigger user`.execute(trx);
    await sql`update audit_chain_head set seq = 0, hash = ${GENESIS_HASH}, last_occurred_at = null`.execute(trx);
  });
  clock.set('2025-03-01T09:00:00Z');
});

async function append(event: AuditEventInput): Promise<void> {
  clock.advanceHours(1);
  await db.transaction().execute((trx) => log.append(trx, event));
}

const viewBy = (actor: Actor, childId = CHILD): AuditEventInput => ({ actor, action: 'VIEW_RECORD', entity: 'child', entityId: childId, childId });

const heads = () => db.selectFrom('auditChainHead').selectAll().orderBy('chain').execute();
const eventsOf = (childId: string) => db.selectFrom('auditEvent').selectAll().where('childId', '=', childId).orderBy('seq').execute();

describe('appending audit events', () => {
  it('should record the event with who, where from and when, linked into its chain', async () => {
    await db.transaction().execute(async (trx) => {
      clock.advanceHours(1);
      await log.append(trx, viewBy(worker));
      await log.append(trx, {
        actor: worker,
        action: 'CHANGE',
        entity: 'child',
        entityId: CHILD,
        childId: CHILD.toUpperCase(),
        details: diffFields({ familyName: 'Smith', languages: ['ar'] }, { familyName: 'Smyth', languages: ['ar'] }),
      });
      await log.append(trx, { actor: police, action: 'SEARCH', entity: 'child', details: { filters: ['familyName', 'dateOfBirth'] } });
    });

    const [view, change] = await eventsOf(CHILD);
    expect(view).toMatchObject({
      chain: chainFor(CHILD),
      seq: 1,
      occurredAt: '2025-03-01T10:00:00.000Z',
      actorId: 'user-worker',
      organisationCode: 'E10000016',
      role: 'social_worker',
      action: 'VIEW_RECORD',
      entity: 'child',
      entityId: CHILD,
      origin: '192.0.2.10',
      details: null,
      reason: null,
      previousHash: GENESIS_HASH,
    });
    expect(change).toMatchObject({ seq: 2, previousHash: view!.hash, details: { familyName: { before: 'Smith', after: 'Smyth' } } });
    const search = await db.selectFrom('auditEvent').selectAll().where('actorId', '=', police.id).executeTakeFirstOrThrow();
    expect(search).toMatchObject({ childId: null, chain: chainFor(search.id), details: { filters: ['familyName', 'dateOfBirth'] } });

    const chainHead = (await heads())[chainFor(CHILD)]!;
    expect(chainHead).toMatchObject({ seq: 2, hash: change!.hash, lastOccurredAt: change!.occurredAt });
    expect(await audit.verify()).toEqual({ events: 3, findings: [] });
  });

  it('should append several events at once in order, each chain linked as if appended one by one', async () => {
    await append(viewBy(worker)); // the child's chain already has an event
    await db.transaction().execute(async (trx) => {
      clock.advanceHours(1);
      await log.appendAll(trx, [
        { actor: worker, action: 'CHANGE', entity: 'child', entityId: CHILD, childId: CHILD, details: { familyName: { before: 'A', after: 'B' } } },
        viewBy(police, OTHER_CHILD),
        { actor: police, action: 'SEARCH', entity: 'child', details: { filters: ['familyName'] } },
        { actor: worker, action: 'EXPORT', entity: 'child', entityId: CHILD, childId: CHILD },
      ]);
      await log.appendAll(trx, []);
    });
    expect((await eventsOf(CHILD)).map((event) => [event.seq, event.action])).toEqual([
      [1, 'VIEW_RECORD'],
      [2, 'CHANGE'],
      [3, 'EXPORT'],
    ]);
    const [, change, exported] = await eventsOf(CHILD);
    expect(exported).toMatchObject({ previousHash: change!.hash, occurredAt: '2025-03-01T11:00:00.000Z' });
    expect((await heads())[chainFor(CHILD)]).toMatchObject({ seq: 3, hash: exported!.hash });
    expect((await eventsOf(OTHER_CHILD)).map((event) => event.seq)).toEqual([1]);
    expect(await audit.verify()).toEqual({ events: 5, findings: [] });
  });

  it('should record a failed sign-in by an unknown user under the name they tried', async () => {
    await append({ actor: null, actorId: 'no.such.person@example.org', action: 'SIGN_IN_FAILED', entity: 'session', origin: '198.51.100.7' });
    const event = await db.selectFrom('auditEvent').selectAll().executeTakeFirstOrThrow();
    // On the chain of the name tried, so that the order of its sign-ins is provable.
    expect(event).toMatchObject({
      actorId: 'no.such.person@example.org',
      organisationCode: 'unknown',
      role: 'unknown',
      origin: '198.51.100.7',
      chain: chainFor('no.such.person@example.org'),
    });
    expect((await audit.verify()).findings).toEqual([]);
  });

  it('should refuse an event with neither an actor nor an actor id', async () => {
    await expect(db.transaction().execute((trx) => log.append(trx, { actor: null, action: 'SIGN_IN_FAILED', entity: 'session' }))).rejects.toThrow(/actor/);
  });

  it('should keep an array of details as JSON, not a PostgreSQL array', async () => {
    await append({ actor: admin, action: 'EXPORT', entity: 'child', details: ['a', 'b'] });
    const event = await db.selectFrom('auditEvent').select('details').executeTakeFirstOrThrow();
    expect(event.details).toEqual(['a', 'b']);
    expect((await audit.verify()).findings).toEqual([]);
  });

  it('should leave no event and the head unchanged when the transaction rolls back', async () => {
    const before = await heads();
    await expect(
      db.transaction().execute(async (trx) => {
        await log.append(trx, viewBy(worker));
        throw new Error('the change was rejected');
      }),
    ).rejects.toThrow('the change was rejected');
    expect(await db.selectFrom('auditEvent').select('id').execute()).toEqual([]);
    expect(await heads()).toEqual(before);
  });

  it('should never time an event before the one it follows, even when the clock goes back', async () => {
    await append(viewBy(worker));
    clock.set('2025-03-01T08:00:00Z');
    await db.transaction().execute((trx) => log.append(trx, viewBy(police)));
    const [first, second] = await eventsOf(CHILD);
    expect(second!.occurredAt).toBe(first!.occurredAt);
    expect((await audit.verify()).findings).toEqual([]);
  });

  it('should keep every chain intact under 50 concurrent transactions', async () => {
    const children = Array.from({ length: 10 }, () => randomUUID());
    await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        db.transaction().execute(async (trx) => {
          // Some work before the append, so transactions interleave on PostgreSQL.
          await sql`select 1`.execute(trx);
          await log.append(trx, viewBy(index % 2 === 0 ? worker : police, children[index % children.length]));
        }),
      ),
    );
    expect(await audit.verify()).toEqual({ events: 50, findings: [] });
    const perChain = await db
      .selectFrom('auditEvent')
      .select(['chain', (eb) => eb.fn.countAll<number>().as('count'), (eb) => eb.fn.max('seq').as('last')])
      .groupBy('chain')
      .execute();
    for (const { count, last } of perChain) expect(last).toBe(count);
  });
});

describe('the append-only trigger', () => {
  it('should refuse to update, delete or truncate audit events', async () => {
    await append(viewBy(worker));
    await expect(sql`update audit_event set role = 'system_administrator'`.execute(db)).rejects.toThrow(/append-only: UPDATE/);
    await expect(sql`delete from audit_event`.execute(db)).rejects.toThrow(/append-only: DELETE/);
    await expect(sql`truncate audit_event`.execute(db)).rejects.toThrow(/append-only: TRUNCATE/);
    expect(await db.selectFrom('auditEvent').select('role').execute()).toEqual([{ role: 'social_worker' }]);
  });
});

describe('verifying the audit trail', () => {
  /** Three events on the child's chain, and one on another chain that must stay clean. */
  async function buildTrail() {
    await append(viewBy(worker));
    await append(viewBy(police));
    await append(viewBy(admin));
    await append(viewBy(worker, OTHER_CHILD));
    return eventsOf(CHILD);
  }

  it('should report an edited event', async () => {
    const [, second] = await buildTrail();
    await tamper(() => sql`update audit_event set actor_id = 'someone-else' where id = ${second!.id}`);
    expect(await audit.verify()).toEqual({
      events: 4,
      findings: [{ chain: chainFor(CHILD), seq: 2, eventId: second!.id, problem: 'EDITED' }],
    });
  });

  it('should report an event deleted from the middle of a chain', async () => {
    const [, second, third] = await buildTrail();
    await tamper(() => sql`delete from audit_event where id = ${second!.id}`);
    expect(await audit.verify()).toEqual({
      events: 3,
      findings: [{ chain: chainFor(CHILD), seq: 3, eventId: third!.id, problem: 'MISSING' }],
    });
  });

  it('should report the newest event deleted', async () => {
    const [, second, third] = await buildTrail();
    await tamper(() => sql`delete from audit_event where id = ${third!.id}`);
    expect(await audit.verify()).toEqual({
      events: 3,
      findings: [{ chain: chainFor(CHILD), seq: 3, eventId: second!.id, problem: 'HEAD_MISMATCH' }],
    });
  });

  it('should report a forged event slipped in out of order, even with a valid hash and the head moved to it', async () => {
    const [first, , third] = await buildTrail();
    const chain = chainFor(CHILD);
    // Backdated to look as if the police saw the record before the social worker did.
    const forged = { ...third!, id: randomUUID(), seq: 4, occurredAt: first!.occurredAt, actorId: police.id };
    const hash = hashEvent(third!.hash, forged);
    await sql`insert into audit_event (id, chain, seq, occurred_at, actor_id, organisation_code, role, action, entity, entity_id, child_id, previous_hash, hash)
      values (${forged.id}, ${chain}, 4, ${forged.occurredAt}, ${forged.actorId}, ${forged.organisationCode}, ${forged.role}, ${forged.action},
              ${forged.entity}, ${forged.entityId}, ${forged.childId}, ${third!.hash}, ${hash})`.execute(db);
    await sql`update audit_chain_head set seq = 4, hash = ${hash}, last_occurred_at = ${forged.occurredAt} where chain = ${chain}`.execute(db);
    expect(await audit.verify()).toEqual({
      events: 5,
      findings: [{ chain, seq: 4, eventId: forged.id, problem: 'OUT_OF_ORDER' }],
    });
  });

  it('should report a head whose last time was moved on, which would time every later event in the future', async () => {
    await buildTrail();
    const chain = chainFor(CHILD);
    await sql`update audit_chain_head set last_occurred_at = '2099-01-01T00:00:00Z' where chain = ${chain}`.execute(db);
    expect((await audit.verify()).findings).toEqual([expect.objectContaining({ chain, problem: 'HEAD_MISMATCH' })]);
  });

  it('should page through a chain longer than one page', async () => {
    // More than one verify page (5,000) on a single chain, written in one statement for speed.
    const chain = chainFor(CHILD);
    const rows: string[] = [];
    let previousHash = GENESIS_HASH;
    for (let seq = 1; seq <= 5_001; seq += 1) {
      const event = {
        ...viewBy(worker),
        id: randomUUID(),
        chain,
        seq,
        occurredAt: new Date(Date.UTC(2025, 0, 1) + seq * 1000).toISOString(),
        actorId: worker.id,
        organisationCode: worker.organisationCode,
        role: worker.role,
        entityId: CHILD,
        childId: CHILD,
        origin: null,
        details: null,
        reason: null,
        entity: 'child',
      };
      const hash = hashEvent(previousHash, event);
      rows.push(
        `('${event.id}', ${chain}, ${seq}, '${event.occurredAt}', '${event.actorId}', '${event.organisationCode}', '${event.role}', 'VIEW_RECORD', 'child', '${CHILD}', '${CHILD}', '${previousHash}', '${hash}')`,
      );
      previousHash = hash;
    }
    await sql
      .raw(
        `insert into audit_event (id, chain, seq, occurred_at, actor_id, organisation_code, role, action, entity, entity_id, child_id, previous_hash, hash) values ${rows.join(',')}`,
      )
      .execute(db);
    const lastOccurredAt = new Date(Date.UTC(2025, 0, 1) + 5_001 * 1000).toISOString();
    await sql`update audit_chain_head set seq = 5001, hash = ${previousHash}, last_occurred_at = ${lastOccurredAt} where chain = ${chain}`.execute(db);
    expect(await audit.verify()).toEqual({ events: 5_001, findings: [] });
  });

  it('should check all the chains', async () => {
    await buildTrail();
    const report = await audit.verify();
    expect(report.findings).toEqual([]);
    expect(await heads()).toHaveLength(AUDIT_CHAINS);
  });
});

describe('the migration that keeps the last event’s time in the chain head (0014)', () => {
  /** Applies the migrations before `first`, as a database deployed before it would have them. */
  async function migrateUpTo(target: DatabaseHandle, first: string): Promise<void> {
    const folder = new URL('../db/migrations/', import.meta.url);
    await target.execScript('create table schema_migration (name text primary key, applied_at timestamptz not null default now())');
    for (const name of (await readdir(folder)).filter((file) => /^\d{4}-[\w-]+\.sql$/.test(file) && file < first).sort()) {
      await target.execScript(`begin;\n${await readFile(new URL(name, folder), 'utf8')}\n;insert into schema_migration (name) values ('${name}');\ncommit;`);
    }
  }

  // Always on PGlite: the suite's own database has every migration applied already.
  it('should give each chain the time of its last event, so the first append after it does not go back in time', async () => {
    const old = await openDatabase({ engine: 'pglite', dataDir: null });
    try {
      await migrateUpTo(old, '0014');
      const chain = chainFor(CHILD);
      let previousHash = GENESIS_HASH;
      for (const [seq, occurredAt] of [
        [1, '2025-03-01T10:00:00.000Z'],
        [2, '2025-03-01T12:00:00.000Z'],
      ] as const) {
        const event = {
          id: randomUUID(),
          chain,
          seq,
          occurredAt,
          actorId: worker.id,
          organisationCode: worker.organisationCode,
          role: worker.role,
          action: 'VIEW_RECORD',
          entity: 'child',
          entityId: CHILD,
          childId: CHILD,
          origin: null,
          details: null,
          reason: null,
        };
        const hash = hashEvent(previousHash, event);
        await sql`insert into audit_event (id, chain, seq, occurred_at, actor_id, organisation_code, role, action, entity, entity_id, child_id, previous_hash, hash)
          values (${event.id}, ${chain}, ${seq}, ${occurredAt}, ${event.actorId}, ${event.organisationCode}, ${event.role}, 'VIEW_RECORD', 'child', ${CHILD}, ${CHILD}, ${previousHash}, ${hash})`.execute(
          old.db,
        );
        await sql`update audit_chain_head set seq = ${seq}, hash = ${hash} where chain = ${chain}`.execute(old.db);
        previousHash = hash;
      }

      await migrate(old);

      const migrated = await old.db
        .selectFrom('auditChainHead')
        .select(['chain', 'lastOccurredAt'])
        .where('chain', 'in', [chain, (chain + 1) % AUDIT_CHAINS])
        .execute();
      expect(Object.fromEntries(migrated.map((head) => [head.chain, head.lastOccurredAt]))).toEqual({
        [chain]: '2025-03-01T12:00:00.000Z',
        [(chain + 1) % AUDIT_CHAINS]: null,
      });
      clock.set('2025-03-01T11:00:00Z'); // behind the chain's last event
      await old.db.transaction().execute((trx) => log.append(trx, viewBy(police)));
      const appended = await old.db
        .selectFrom('auditEvent')
        .select(['seq', 'occurredAt'])
        .where('chain', '=', chain)
        .where('seq', '=', 3)
        .executeTakeFirstOrThrow();
      expect(appended.occurredAt).toBe('2025-03-01T12:00:00.000Z');
      expect(await createAuditService({ db: old.db, now: clock.now, newId: randomUUID }).verify()).toEqual({ events: 3, findings: [] });
    } finally {
      await old.close();
    }
  });
});

describe('who has seen a child’s record', () => {
  it('should list each access to the child, most recent first, and nothing about other children', async () => {
    await append(viewBy(worker));
    await append(viewBy(police, OTHER_CHILD));
    await append({ ...viewBy(police), action: 'BREAK_GLASS', reason: 'Child found at a property being searched' });
    await append({ actor: worker, action: 'EXPORT', entity: 'child', entityId: CHILD, childId: CHILD });
    expect(await audit.whoHasSeen(CHILD)).toEqual([
      { occurredAt: '2025-03-01T13:00:00.000Z', actorId: 'user-worker', organisationCode: 'E10000016', role: 'social_worker', action: 'EXPORT' },
      { occurredAt: '2025-03-01T12:00:00.000Z', actorId: 'user-police', organisationCode: 'POLICE-KENT', role: 'police_coordinator', action: 'BREAK_GLASS' },
      { occurredAt: '2025-03-01T10:00:00.000Z', actorId: 'user-worker', organisationCode: 'E10000016', role: 'social_worker', action: 'VIEW_RECORD' },
    ]);
    expect(await audit.whoHasSeen(CHILD, { page: 2, pageSize: 2 })).toHaveLength(1);
  });
});

describe('searching the audit trail', () => {
  beforeEach(async () => {
    await append({ actor: worker, action: 'SIGN_IN', entity: 'session' }); // 10:00
    await append(viewBy(worker)); // 11:00
    await append({ actor: police, action: 'SEARCH', entity: 'child', details: { filters: ['familyName'] } }); // 12:00
    await append(viewBy(police, OTHER_CHILD)); // 13:00
    await append({ actor: admin, action: 'TOKEN_CREATED', entity: 'apiToken', entityId: 'token-1' }); // 14:00
  });

  const actionsOf = (page: { events: readonly { action: string }[] }) => page.events.map((event) => event.action);

  it('should return everything, most recent first, when no filter is given', async () => {
    const page = await audit.search({ page: 1, pageSize: 10 });
    expect(actionsOf(page)).toEqual(['TOKEN_CREATED', 'VIEW_RECORD', 'SEARCH', 'VIEW_RECORD', 'SIGN_IN']);
    expect(page.hasMore).toBe(false);
    expect(page.events[2]).toMatchObject({ actorId: 'user-police', details: { filters: ['familyName'] }, childId: null });
  });

  it('should filter by actor, organisation, child and action', async () => {
    expect(actionsOf(await audit.search({ actorId: 'user-police', page: 1, pageSize: 10 }))).toEqual(['VIEW_RECORD', 'SEARCH']);
    expect(actionsOf(await audit.search({ organisationCode: 'E10000016', page: 1, pageSize: 10 }))).toEqual(['TOKEN_CREATED', 'VIEW_RECORD', 'SIGN_IN']);
    expect((await audit.search({ childId: OTHER_CHILD, page: 1, pageSize: 10 })).events.map((event) => event.actorId)).toEqual(['user-police']);
    expect((await audit.search({ action: 'VIEW_RECORD', page: 1, pageSize: 10 })).events.map((event) => event.childId)).toEqual([OTHER_CHILD, CHILD]);
  });

  it('should filter by time, from inclusive and to exclusive', async () => {
    const page = await audit.search({ from: '2025-03-01T11:00:00Z', to: '2025-03-01T13:00:00Z', page: 1, pageSize: 10 });
    expect(actionsOf(page)).toEqual(['SEARCH', 'VIEW_RECORD']);
  });

  it('should page through results and say whether there are more', async () => {
    const first = await audit.search({ page: 1, pageSize: 2 });
    const last = await audit.search({ page: 3, pageSize: 2 });
    expect(actionsOf(first)).toEqual(['TOKEN_CREATED', 'VIEW_RECORD']);
    expect(first.hasMore).toBe(true);
    expect(actionsOf(last)).toEqual(['SIGN_IN']);
    expect(last.hasMore).toBe(false);
  });
});

describe('diffFields', () => {
  it('should return only the fields that changed, comparing arrays by content', () => {
    expect(
      diffFields(
        { familyName: 'Smith', languages: ['ar', 'ku'], nationality: null, version: 1 },
        { familyName: 'Smith', languages: ['ar', 'ku'], nationality: 'SY', version: 2 },
      ),
    ).toEqual({ nationality: { before: null, after: 'SY' }, version: { before: 1, after: 2 } });
  });

  it('should treat a creation as every field changing from null', () => {
    expect(diffFields(null, { familyName: 'Smith' })).toEqual({ familyName: { before: null, after: 'Smith' } });
  });

  it('should return nothing when nothing changed', () => {
    expect(diffFields({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual({});
  });
});
