import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent, verifyChain } from './audit-chain.ts';
import type { ChainedAuditEvent } from './audit-chain.ts';
import { acceptCheckpoint, anchorsByChain, keyIdOf, signCheckpoint } from './audit-checkpoint.ts';

const CHAIN = 7;
const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');

/** A linked chain whose events are viewed by `actors` in turn. */
function chainOf(actors: readonly string[]): ChainedAuditEvent[] {
  let previousHash = GENESIS_HASH;
  return actors.map((actorId, index) => {
    const seq = index + 1;
    const content = {
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
      chain: CHAIN,
      seq,
      occurredAt: new Date(Date.UTC(2025, 2, 1, 9, seq)).toISOString(),
      actorId,
      organisationCode: 'E10000016',
      role: 'social_worker',
      action: 'VIEW_RECORD',
      entity: 'child',
      entityId: null,
      childId: null,
      origin: null,
      details: null,
      reason: null,
    };
    const hash = hashEvent(previousHash, content);
    const event = { ...content, previousHash, hash };
    previousHash = hash;
    return event;
  });
}

const headOf = (events: readonly ChainedAuditEvent[]) => ({ seq: events.at(-1)!.seq, hash: events.at(-1)!.hash, lastOccurredAt: events.at(-1)!.occurredAt });
const checkpointAt = (createdAt: string, events: readonly ChainedAuditEvent[]) =>
  signCheckpoint(
    createdAt,
    [
      { chain: CHAIN, seq: events.at(-1)!.seq, hash: events.at(-1)!.hash },
      { chain: 8, seq: 0, hash: GENESIS_HASH },
    ],
    keys.privateKey,
  );
/** The checkpoint as written to a file and read back. */
const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value, null, 2));

describe('signed checkpoints', () => {
  it('should sign the heads of the chains that have events, and verify with the public key or the private one', () => {
    const signed = checkpointAt('2025-03-01T10:00:00Z', chainOf(['a', 'b']));
    expect(signed.checkpoint).toMatchObject({
      format: 'lantern-audit-checkpoint/1',
      createdAt: '2025-03-01T10:00:00.000Z',
      keyId: keyIdOf(keys.publicKey),
      heads: [{ chain: CHAIN, seq: 2 }],
    });
    expect(keyIdOf(keys.privateKey)).toBe(keyIdOf(keys.publicKey));
    expect(acceptCheckpoint(roundTrip(signed), [keys.publicKey])).toEqual({ ok: true, value: signed });
    expect(acceptCheckpoint(roundTrip(signed), [otherKeys.publicKey, keys.privateKey]).ok).toBe(true);
  });

  it('should refuse a checkpoint that was changed, signed by another key, or is not one', () => {
    const signed = checkpointAt('2025-03-01T10:00:00Z', chainOf(['a', 'b']));
    const moved = { ...signed, checkpoint: { ...signed.checkpoint, heads: [{ ...signed.checkpoint.heads[0]!, seq: 1 }] } };
    expect(acceptCheckpoint(roundTrip(moved), [keys.publicKey])).toEqual({ ok: false, error: 'BAD_SIGNATURE' });
    expect(acceptCheckpoint(roundTrip(signed), [otherKeys.publicKey])).toEqual({ ok: false, error: 'UNKNOWN_KEY' });
    // A forger's own key, named in the file, proves nothing: only the keys given are trusted.
    const forged = signCheckpoint('2025-03-01T10:00:00Z', signed.checkpoint.heads, otherKeys.privateKey);
    expect(acceptCheckpoint(roundTrip(forged), [keys.publicKey])).toEqual({ ok: false, error: 'UNKNOWN_KEY' });
    for (const notOne of [
      null,
      [],
      { checkpoint: {}, signature: 'x' },
      { ...signed, checkpoint: { ...signed.checkpoint, heads: [{ chain: 1, seq: 1, hash: 'short' }] } },
    ]) {
      expect(acceptCheckpoint(notOne, [keys.publicKey])).toEqual({ ok: false, error: 'NOT_A_CHECKPOINT' });
    }
  });

  it('should refuse to sign with anything but an Ed25519 private key', () => {
    expect(() => signCheckpoint('2025-03-01T10:00:00Z', [], keys.publicKey)).toThrow(/Ed25519 private key/);
    expect(() => signCheckpoint('2025-03-01T10:00:00Z', [], generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey)).toThrow(/Ed25519 private key/);
  });
});

describe('verifying a chain against checkpoints', () => {
  const original = chainOf(['a', 'b', 'c', 'd', 'e']);
  const anchors = anchorsByChain([checkpointAt('2025-03-01T10:00:00Z', original.slice(0, 2)), checkpointAt('2025-03-01T11:00:00Z', original.slice(0, 4))]).get(
    CHAIN,
  )!;

  it('should pass a chain that still holds what every checkpoint signed', () => {
    expect(verifyChain(CHAIN, original, headOf(original), anchors)).toEqual([]);
  });

  it('should find a chain rewritten with every hash computed again, which passes without checkpoints, and say between which positions', () => {
    // Event 3 said "c"; the rewrite says "z" and re-hashes 3, 4 and 5.
    const rewritten = chainOf(['a', 'b', 'z', 'd', 'e']);
    expect(verifyChain(CHAIN, rewritten, headOf(rewritten))).toEqual([]);
    expect(verifyChain(CHAIN, rewritten, headOf(rewritten), anchors)).toEqual([
      { chain: CHAIN, seq: 4, eventId: rewritten[3]!.id, problem: 'REWRITTEN', checkpoint: { at: '2025-03-01T11:00:00.000Z', intactUpTo: 2 } },
    ]);
  });

  it('should find a chain cut short below a checkpoint and re-hashed, and one rewritten before the first checkpoint', () => {
    const shorter = chainOf(['a', 'b', 'c']);
    expect(verifyChain(CHAIN, shorter, headOf(shorter), anchors)).toEqual([
      { chain: CHAIN, seq: 4, eventId: null, problem: 'CUT_SHORT', checkpoint: { at: '2025-03-01T11:00:00.000Z', intactUpTo: 2 } },
    ]);
    const fromTheStart = chainOf(['x', 'b', 'c', 'd', 'e']);
    expect(verifyChain(CHAIN, fromTheStart, headOf(fromTheStart), anchors)).toEqual([
      { chain: CHAIN, seq: 2, eventId: fromTheStart[1]!.id, problem: 'REWRITTEN', checkpoint: { at: '2025-03-01T10:00:00.000Z', intactUpTo: 0 } },
    ]);
  });

  it('should report a checkpointed position deleted from the middle with the rest renumbered', () => {
    // Positions 1, 2, then what were 4 and 5 renumbered 3 and 4: position 4 now holds the old fifth event.
    const renumbered = chainOf(['a', 'b', 'd', 'e']);
    expect(verifyChain(CHAIN, renumbered, headOf(renumbered), anchors)).toEqual([
      expect.objectContaining({ seq: 4, problem: 'REWRITTEN', checkpoint: { at: '2025-03-01T11:00:00.000Z', intactUpTo: 2 } }),
    ]);
  });
});
