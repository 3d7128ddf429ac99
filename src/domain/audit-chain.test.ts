import { describe, expect, it } from 'vitest';
import { AUDIT_CHAINS, GENESIS_HASH, canonicalEvent, canonicalJson, chainFor, hashEvent, normaliseDetails, verifyChain } from './audit-chain.ts';
import type { AuditEventContent, ChainedAuditEvent } from './audit-chain.ts';

const CHAIN = 3;

function content(seq: number, overrides: Partial<AuditEventContent> = {}): AuditEventContent {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    chain: CHAIN,
    seq,
    occurredAt: new Date(Date.UTC(2025, 2, 1, 9, seq)).toISOString(),
    actorId: 'user-1',
    organisationCode: 'E10000016',
    role: 'social_worker',
    action: 'VIEW_RECORD',
    entity: 'child',
    entityId: 'c1',
    childId: '11111111-1111-4111-8111-111111111111',
    origin: '192.0.2.1',
    details: null,
    reason: null,
    ...overrides,
  };
}

/** A correctly linked chain of `length` events. */
function buildChain(length: number): ChainedAuditEvent[] {
  const events: ChainedAuditEvent[] = [];
  let previousHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const event = content(seq);
    const hash = hashEvent(previousHash, event);
    events.push({ ...event, previousHash, hash });
    previousHash = hash;
  }
  return events;
}

const headOf = (events: readonly ChainedAuditEvent[]) => {
  const last = events.at(-1);
  return last ? { seq: last.seq, hash: last.hash, lastOccurredAt: last.occurredAt } : { seq: 0, hash: GENESIS_HASH, lastOccurredAt: null };
};

describe('canonicalJson', () => {
  it('should sort object keys at every depth and keep array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });

  it('should leave out undefined fields, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: 'x' })).toBe('{"b":"x"}');
  });
});

describe('normaliseDetails', () => {
  it('should turn dates into strings and missing details into null', () => {
    expect(normaliseDetails({ at: new Date('2025-03-01T00:00:00Z'), gone: undefined })).toEqual({ at: '2025-03-01T00:00:00.000Z' });
    expect(normaliseDetails(undefined)).toBeNull();
  });
});

describe('hashEvent', () => {
  it('should give the same hash whatever the key order of the details or the form of the instant', () => {
    const a = content(1, { details: { filters: ['name'], page: 1 }, occurredAt: '2025-03-01T09:01:00Z' });
    const b = content(1, { details: { page: 1, filters: ['name'] }, occurredAt: '2025-03-01T09:01:00.000Z' });
    expect(hashEvent(GENESIS_HASH, a)).toBe(hashEvent(GENESIS_HASH, b));
  });

  it('should give the same hash for a uuid in either case, as the database lower-cases them', () => {
    const upper = content(1, { id: content(1).id.toUpperCase(), childId: content(1).childId!.toUpperCase() });
    expect(hashEvent(GENESIS_HASH, upper)).toBe(hashEvent(GENESIS_HASH, content(1)));
  });

  it('should change when the previous hash or any field changes', () => {
    const base = hashEvent(GENESIS_HASH, content(1));
    expect(hashEvent('f'.repeat(64), content(1))).not.toBe(base);
    expect(hashEvent(GENESIS_HASH, content(1, { actorId: 'user-2' }))).not.toBe(base);
    expect(hashEvent(GENESIS_HASH, content(1, { details: { reason: 'x' } }))).not.toBe(base);
  });

  it('should not cover properties outside the event content', () => {
    const withExtras = { ...content(1), previousHash: 'a', hash: 'b' };
    expect(canonicalEvent(withExtras)).toBe(canonicalEvent(content(1)));
  });
});

describe('chainFor', () => {
  it('should put a key on the same chain every time, within range', () => {
    const chain = chainFor('11111111-1111-4111-8111-111111111111');
    expect(chainFor('11111111-1111-4111-8111-111111111111'.toUpperCase())).toBe(chain);
    expect(chain).toBeGreaterThanOrEqual(0);
    expect(chain).toBeLessThan(AUDIT_CHAINS);
  });

  it('should spread keys over all the chains', () => {
    const chains = new Set(Array.from({ length: 5000 }, (_, index) => chainFor(`user-${index}`)));
    expect(chains.size).toBe(AUDIT_CHAINS);
  });
});

describe('verifyChain', () => {
  it('should find nothing wrong with an intact chain', () => {
    const events = buildChain(5);
    expect(verifyChain(CHAIN, events, headOf(events))).toEqual([]);
  });

  it('should find nothing wrong with an empty chain at its starting head', () => {
    expect(verifyChain(CHAIN, [], { seq: 0, hash: GENESIS_HASH, lastOccurredAt: null })).toEqual([]);
  });

  it('should report an edited event, and only that one', () => {
    const events = buildChain(5);
    const edited = events.map((event) => (event.seq === 3 ? { ...event, actorId: 'someone-else' } : event));
    expect(verifyChain(CHAIN, edited, headOf(events))).toEqual([{ chain: CHAIN, seq: 3, eventId: events[2]!.id, problem: 'EDITED' }]);
  });

  it('should report an event deleted from the middle at the event after the gap', () => {
    const events = buildChain(5);
    const remaining = events.filter((event) => event.seq !== 3);
    expect(verifyChain(CHAIN, remaining, headOf(events))).toEqual([{ chain: CHAIN, seq: 4, eventId: events[3]!.id, problem: 'MISSING' }]);
  });

  it('should report the first events deleted', () => {
    const events = buildChain(3);
    expect(verifyChain(CHAIN, events.slice(1), headOf(events))).toEqual([{ chain: CHAIN, seq: 2, eventId: events[1]!.id, problem: 'MISSING' }]);
  });

  it('should report a deleted event when the rest were renumbered and rehashed to close the gap', () => {
    const events = buildChain(4);
    // Event 2 deleted; events 3 and 4 moved down one place, each rehashed on its stored previous hash.
    const renumbered = [
      events[0]!,
      ...events.slice(2).map((event) => {
        const moved = { ...event, seq: event.seq - 1 };
        return { ...moved, hash: hashEvent(moved.previousHash, moved) };
      }),
    ];
    const findings = verifyChain(CHAIN, renumbered, headOf(renumbered));
    expect(findings).toEqual([
      { chain: CHAIN, seq: 2, eventId: events[2]!.id, problem: 'MISSING' },
      { chain: CHAIN, seq: 3, eventId: events[3]!.id, problem: 'MISSING' },
    ]);
  });

  it('should report a head mismatch when the newest events were deleted', () => {
    const events = buildChain(5);
    expect(verifyChain(CHAIN, events.slice(0, 3), headOf(events))).toEqual([{ chain: CHAIN, seq: 5, eventId: events[2]!.id, problem: 'HEAD_MISMATCH' }]);
  });

  it('should report a head mismatch when every event of a chain was deleted', () => {
    const events = buildChain(2);
    expect(verifyChain(CHAIN, [], headOf(events))).toEqual([{ chain: CHAIN, seq: 2, eventId: null, problem: 'HEAD_MISMATCH' }]);
  });

  it('should report a head mismatch when the head no longer holds the last event’s time', () => {
    const events = buildChain(3);
    const last = events[2]!;
    const moved = { ...headOf(events), lastOccurredAt: '2099-01-01T00:00:00.000Z' };
    expect(verifyChain(CHAIN, events, moved)).toEqual([{ chain: CHAIN, seq: 3, eventId: last.id, problem: 'HEAD_MISMATCH' }]);
    expect(verifyChain(CHAIN, events, { ...headOf(events), lastOccurredAt: null })).toEqual([
      { chain: CHAIN, seq: 3, eventId: last.id, problem: 'HEAD_MISMATCH' },
    ]);
    expect(verifyChain(CHAIN, [], { seq: 0, hash: GENESIS_HASH, lastOccurredAt: last.occurredAt })).toEqual([
      { chain: CHAIN, seq: 0, eventId: null, problem: 'HEAD_MISMATCH' },
    ]);
  });

  it('should report a head mismatch when the head row itself is gone', () => {
    const events = buildChain(1);
    expect(verifyChain(CHAIN, events, null)).toEqual([{ chain: CHAIN, seq: 1, eventId: events[0]!.id, problem: 'HEAD_MISMATCH' }]);
  });

  it('should report a forged event timed before the one it follows as out of order, even when correctly linked', () => {
    const events = buildChain(3);
    const forgedContent = content(4, { id: '99999999-9999-4999-8999-999999999999', occurredAt: '2025-01-01T00:00:00.000Z' });
    const forged = { ...forgedContent, previousHash: events[2]!.hash, hash: hashEvent(events[2]!.hash, forgedContent) };
    const all = [...events, forged];
    expect(verifyChain(CHAIN, all, headOf(all))).toEqual([{ chain: CHAIN, seq: 4, eventId: forged.id, problem: 'OUT_OF_ORDER' }]);
  });

  it('should report an event that repeats an earlier position as out of order', () => {
    const events = buildChain(2);
    const repeated = [...events, { ...events[1]!, id: '99999999-9999-4999-8999-999999999999' }];
    const findings = verifyChain(CHAIN, repeated, headOf(events));
    expect(findings).toContainEqual({ chain: CHAIN, seq: 2, eventId: '99999999-9999-4999-8999-999999999999', problem: 'OUT_OF_ORDER' });
  });

  it('should accept events at the same instant', () => {
    const events: ChainedAuditEvent[] = [];
    let previousHash = GENESIS_HASH;
    for (const seq of [1, 2, 3]) {
      const event = content(seq, { occurredAt: '2025-03-01T09:00:00.000Z' });
      const hash = hashEvent(previousHash, event);
      events.push({ ...event, previousHash, hash });
      previousHash = hash;
    }
    expect(verifyChain(CHAIN, events, headOf(events))).toEqual([]);
  });
});
