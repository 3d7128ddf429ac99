import { createHash, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { canonicalJson } from './audit-chain.ts';
import { fail, ok } from './result.ts';
import type { Result } from './result.ts';

// The hash chain shows an event edited, deleted or slipped in, but someone with the database owner's
// rights can rewrite a chain and compute every hash again, and it verifies. A checkpoint fixes where
// each chain's head stood at a moment, signed with an Ed25519 key the database never holds: a chain
// rewritten after a checkpoint no longer holds, at the checkpoint's position, the hash it signed.
// What is signed is the checkpoint's canonical JSON, so a file can be re-indented and still verify.

const CHECKPOINT_FORMAT = 'lantern-audit-checkpoint/1';

/** Where one chain's head stood: its last event's position and hash. Empty chains are left out. */
export interface CheckpointHead {
  readonly chain: number;
  readonly seq: number;
  readonly hash: string;
}

interface AuditCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly createdAt: string;
  /** The signing key's id (keyIdOf its public key), to tell which key to check it with. */
  readonly keyId: string;
  readonly heads: readonly CheckpointHead[];
}

export interface SignedCheckpoint {
  readonly checkpoint: AuditCheckpoint;
  /** Ed25519 over the checkpoint's canonical JSON, base64. */
  readonly signature: string;
}

/** A position a checkpoint vouches for, as the chain verifier checks it. */
export interface CheckpointAnchor {
  readonly seq: number;
  readonly hash: string;
  /** When the checkpoint that signed it was made, to say which one a finding is about. */
  readonly checkpointAt: string;
}

/** A short, stable id for a public key: the SHA-256 of its SPKI encoding, first 16 hex digits. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export const isEd25519 = (key: KeyObject): boolean => key.asymmetricKeyType === 'ed25519';

const payloadOf = (checkpoint: AuditCheckpoint): Buffer => Buffer.from(canonicalJson(checkpoint), 'utf8');

/** Signs the heads as they stood at `createdAt`. */
export function signCheckpoint(createdAt: string, heads: readonly CheckpointHead[], privateKey: KeyObject): SignedCheckpoint {
  if (privateKey.type !== 'private' || !isEd25519(privateKey)) throw new Error('An audit checkpoint is signed with an Ed25519 private key');
  const checkpoint: AuditCheckpoint = {
    format: CHECKPOINT_FORMAT,
    createdAt: new Date(createdAt).toISOString(),
    keyId: keyIdOf(privateKey),
    heads: heads.filter((head) => head.seq > 0).map(({ chain, seq, hash }) => ({ chain, seq, hash })),
  };
  return { checkpoint, signature: sign(null, payloadOf(checkpoint), privateKey).toString('base64') };
}

export type CheckpointRefusal =
  /** Not a checkpoint at all, or one with a field missing or of the wrong kind. */
  | 'NOT_A_CHECKPOINT'
  /** Signed by a key the verifier was not given. */
  | 'UNKNOWN_KEY'
  /** The signature does not match: the file was changed, or forged. */
  | 'BAD_SIGNATURE';

const HASH = /^[0-9a-f]{64}$/;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function isHead(value: unknown): value is CheckpointHead {
  if (!isRecord(value)) return false;
  const { chain, seq, hash } = value;
  return Number.isInteger(chain) && Number.isInteger(seq) && (seq as number) > 0 && typeof hash === 'string' && HASH.test(hash);
}

/** A checkpoint read from a file, kept only if one of `trustedKeys` signed it as it stands. */
export function acceptCheckpoint(json: unknown, trustedKeys: readonly KeyObject[]): Result<SignedCheckpoint, CheckpointRefusal> {
  if (!isRecord(json) || !isRecord(json['checkpoint']) || typeof json['signature'] !== 'string') return fail('NOT_A_CHECKPOINT');
  const { format, createdAt, keyId, heads } = json['checkpoint'];
  if (
    format !== CHECKPOINT_FORMAT ||
    typeof createdAt !== 'string' ||
    Number.isNaN(Date.parse(createdAt)) ||
    typeof keyId !== 'string' ||
    !Array.isArray(heads) ||
    !heads.every(isHead)
  ) {
    return fail('NOT_A_CHECKPOINT');
  }
  const checkpoint: AuditCheckpoint = { format, createdAt, keyId, heads: heads.map(({ chain, seq, hash }) => ({ chain, seq, hash })) };
  const key = trustedKeys.find((candidate) => keyIdOf(candidate) === keyId);
  if (key === undefined) return fail('UNKNOWN_KEY');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const signature = Buffer.from(json['signature'], 'base64');
  return verify(null, payloadOf(checkpoint), publicKey, signature) ? ok({ checkpoint, signature: json['signature'] }) : fail('BAD_SIGNATURE');
}

/** Each chain's positions the checkpoints vouch for, in order of position. */
export function anchorsByChain(checkpoints: readonly SignedCheckpoint[]): ReadonlyMap<number, readonly CheckpointAnchor[]> {
  const anchors = new Map<number, CheckpointAnchor[]>();
  for (const { checkpoint } of checkpoints) {
    for (const head of checkpoint.heads) {
      const list = anchors.get(head.chain) ?? [];
      list.push({ seq: head.seq, hash: head.hash, checkpointAt: checkpoint.createdAt });
      anchors.set(head.chain, list);
    }
  }
  for (const list of anchors.values()) list.sort((a, b) => a.seq - b.seq || a.checkpointAt.localeCompare(b.checkpointAt));
  return anchors;
}
