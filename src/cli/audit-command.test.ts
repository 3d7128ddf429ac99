import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../test/helpers/fake-clock.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { Logger } from 'pino';
import { createSigningKey, readSigningKey, startCheckpoints } from '../audit-checkpoints.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { chainFor, hashEvent } from '../domain/audit-chain.ts';
import { createAuditLog } from '../services/audit-log.ts';
import type { AuditEventInput } from '../services/audit-log.ts';
import { createAuditService } from '../services/audit-service.ts';
import type { AuditService } from '../services/audit-service.ts';
import { runAuditCheckpoint, runAuditVerify } from './audit-command.ts';

// Signed checkpoints (issue 10, item 8): someone with the database owner's rights rewrites a chain and
// computes every hash again. Plain verification passes; against checkpoints it fails and says where.

const CHILD = '33333333-3333-4333-8333-333333333333';
const clock = createFakeClock('2025-06-15T09:00:00Z');
const log = createAuditLog({ now: clock.now, newId: randomUUID });

let handle: DatabaseHandle;
let audit: AuditService;
let folder: string;
let privateKey: string;
let publicKey: string;

beforeAll(async () => {
  handle = await createTestDatabase();
  audit = createAuditService({ db: handle.db, now: clock.now, newId: randomUUID });
  folder = await mkdtemp(path.join(tmpdir(), 'lantern-audit-'));
  privateKey = path.join(folder, 'signing.pem');
  publicKey = path.join(folder, 'signing.pub.pem');
  await createSigningKey(privateKey, publicKey);
});
afterAll(async () => {
  await handle.close();
  await rm(folder, { recursive: true, force: true });
});

async function view(actorId: string): Promise<void> {
  clock.advanceHours(1);
  const event: AuditEventInput = {
    actor: { id: actorId, organisationCode: 'E10000016', localAuthorityCode: 'E10000016', role: 'social_worker' },
    action: 'VIEW_RECORD',
    entity: 'child',
    entityId: CHILD,
    childId: CHILD,
  };
  await handle.db.transaction().execute((trx) => log.append(trx, event));
}

/** What `lantern audit verify` prints, and its exit code. */
async function verify(
  options: Parameters<typeof runAuditVerify>[1],
  signingKeyFile: string | null = null,
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAuditVerify(audit, options, signingKeyFile, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/**
 * As the database owner: changes who made the event at `seq` on the child's chain, then computes that
 * event's hash and every later one again, and moves the head, so that the chain is consistent.
 */
async function rewriteChain(seq: number, actorId: string): Promise<void> {
  await handle.db.transaction().execute(async (trx) => {
    await sql`alter table audit_event disable trigger audit_event_append_only`.execute(trx);
    const events = await trx.selectFrom('auditEvent').selectAll().where('chain', '=', chainFor(CHILD)).orderBy('seq').execute();
    let previousHash = events[seq - 2]?.hash ?? '0'.repeat(64);
    for (const event of events.filter((candidate) => candidate.seq >= seq)) {
      const rewritten = { ...event, actorId: event.seq === seq ? actorId : event.actorId, previousHash };
      const hash = hashEvent(previousHash, rewritten);
      await sql`update audit_event set actor_id = ${rewritten.actorId}, previous_hash = ${previousHash}, hash = ${hash} where id = ${event.id}`.execute(trx);
      previousHash = hash;
    }
    await sql`update audit_chain_head set hash = ${previousHash} where chain = ${chainFor(CHILD)}`.execute(trx);
    await sql`alter table audit_event enable trigger audit_event_append_only`.execute(trx);
  });
}

describe('lantern audit verify --checkpoints', () => {
  it('should find a chain the database owner rewrote and re-hashed, which passes without checkpoints, and say where', async () => {
    const checkpoints = path.join(folder, 'checkpoints');
    await view('first-viewer');
    await view('second-viewer');
    await runAuditCheckpoint(audit, privateKey, checkpoints);
    await view('third-viewer');
    await view('fourth-viewer');
    await runAuditCheckpoint(audit, privateKey, checkpoints);
    await view('fifth-viewer');
    expect(await verify({ checkpoints, publicKey: [publicKey] })).toMatchObject({
      code: 0,
      out: [expect.stringMatching(/^Audit trail intact: 5 events in 256 chains against 2 signed checkpoint\(s\)/)],
    });

    // The third view is made to look like someone else's; every hash from it on is computed again.
    await rewriteChain(3, 'someone-else');

    const plain = await verify({});
    expect(plain.code).toBe(0);
    expect(plain.out.at(-1)).toContain('Without --checkpoints this cannot show a chain rewritten');

    const checked = await verify({ checkpoints, publicKey: [publicKey] });
    expect(checked.code).toBe(1);
    expect(checked.out[0]).toBe(
      `Chain ${chainFor(CHILD)} was rewritten and its hashes computed again: position 4 no longer holds the event the checkpoint of 2025-06-15T13:00:00.000Z signed; ` +
        'it holds what checkpoints signed up to position 2, so events from position 3 to 4 were changed, deleted or added',
    );
    expect(checked.out.at(-1)).toMatch(/^The audit trail has been tampered with: 1 problem\(s\) in 5 events against 2 signed checkpoint\(s\)/);
    // The configured signing key's public half does as well as the public key file.
    expect((await verify({ checkpoints }, privateKey)).code).toBe(1);
  });

  it('should report a checkpoint file changed after signing, and one signed by another key', async () => {
    const checkpoints = path.join(folder, 'tampered');
    await runAuditCheckpoint(audit, privateKey, checkpoints);
    const [file] = await readdir(checkpoints);
    const signed = JSON.parse(await readFile(path.join(checkpoints, file!), 'utf8')) as { checkpoint: { heads: { seq: number }[] } };
    signed.checkpoint.heads[0]!.seq += 1;
    await writeFile(path.join(checkpoints, 'audit-checkpoint-changed.json'), JSON.stringify(signed));
    const otherPrivate = path.join(folder, 'other.pem');
    await createSigningKey(otherPrivate, path.join(folder, 'other.pub.pem'));
    await runAuditCheckpoint(audit, otherPrivate, checkpoints);

    const result = await verify({ checkpoints, publicKey: [publicKey] });
    expect(result.code).toBe(1);
    expect(result.out).toEqual(
      expect.arrayContaining([
        'Checkpoint audit-checkpoint-changed.json does not match its signature: it was changed after it was signed, or forged',
        expect.stringMatching(/^Checkpoint audit-checkpoint-.+ is signed by a key you did not give/),
      ]),
    );
  });

  it('should ask for the public key, and refuse a folder with no checkpoint signed by it', async () => {
    expect(await verify({ checkpoints: folder })).toMatchObject({ code: 2, err: [expect.stringContaining('--public-key FILE')] });
    const empty = path.join(folder, 'empty');
    await runAuditCheckpoint(audit, privateKey, path.join(empty, 'sub'));
    expect(await verify({ checkpoints: empty, publicKey: [publicKey] })).toMatchObject({
      code: 1,
      err: [expect.stringContaining('there are no checkpoints signed by the key given')],
    });
  });
});

describe('the signing key', () => {
  it('should refuse a key others may read, and one that is not an Ed25519 private key', async () => {
    const loose = path.join(folder, 'loose.pem');
    await writeFile(loose, await readFile(privateKey, 'utf8'));
    await chmod(loose, 0o644);
    await expect(readSigningKey(loose)).rejects.toThrow(`can be read by others: make it readable by its owner only (chmod 600 ${loose})`);
    const publicOnly = path.join(folder, 'public-only.pem');
    await writeFile(publicOnly, await readFile(publicKey, 'utf8'), { mode: 0o600 });
    await expect(readSigningKey(publicOnly)).rejects.toThrow('is not a private key in PEM form');
    await expect(readSigningKey(path.join(folder, 'no-such.pem'))).rejects.toThrow(/cannot be read/);
  });

  it('should let the server write a checkpoint when it starts and another when it stops', async () => {
    const written = path.join(folder, 'server');
    const logged: string[] = [];
    const logger = {
      info: (_fields: unknown, message: string) => logged.push(message),
      error: (_fields: unknown, message: string) => logged.push(message),
    } as unknown as Logger;
    const checkpoints = startCheckpoints(audit, { signingKey: await readSigningKey(privateKey), folder: written, everyMinutes: 60 }, logger);
    await checkpoints.stop();
    expect(await readdir(written)).toHaveLength(2);
    expect(logged).toEqual(['Audit checkpoint written', 'Audit checkpoint written']);
    expect((await verify({ checkpoints: written, publicKey: [publicKey] })).out.at(-1)).toMatch(/against 2 signed checkpoint\(s\)/);
  });

  it('should never overwrite a key', async () => {
    await expect(createSigningKey(privateKey, path.join(folder, 'new.pub.pem'))).rejects.toThrow('already exists: a key is never overwritten');
  });
});
