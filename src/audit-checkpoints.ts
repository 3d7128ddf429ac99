import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from './config.ts';
import { acceptCheckpoint, isEd25519, keyIdOf } from './domain/audit-checkpoint.ts';
import type { CheckpointRefusal, SignedCheckpoint } from './domain/audit-checkpoint.ts';
import type { AuditService } from './services/audit-service.ts';

// Signed checkpoints of the audit chains, as files: the signing key is read from a file outside the
// database, and checkpoints go to a folder the database's owner cannot write to (ADR 11). The server
// writes one at start, on a schedule and at shutdown; `bin/lantern audit checkpoint` writes one on demand.

const CHECKPOINT_FILE = /^audit-checkpoint-.+\.json$/;

/** Reads an Ed25519 private key (PEM), refusing one that others may read or that is not Ed25519. */
export async function readSigningKey(file: string): Promise<KeyObject> {
  let mode: number;
  let pem: string;
  try {
    mode = (await stat(file)).mode;
    pem = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(`The audit signing key ${file} cannot be read. Check the path, and that Lantern's user may read it`);
  }
  // As ssh does: a key others can read is not secret, so it proves nothing.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0)
    throw new ConfigError(`The audit signing key ${file} can be read by others: make it readable by its owner only (chmod 600 ${file})`);
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new ConfigError(`The audit signing key ${file} is not a private key in PEM form. Make one with: lantern audit create-key`);
  }
  if (!isEd25519(key)) throw new ConfigError(`The audit signing key ${file} is not an Ed25519 key. Make one with: lantern audit create-key`);
  return key;
}

/** Reads the public keys checkpoints are checked with (a private key file gives its public half). */
export async function readPublicKeys(files: readonly string[]): Promise<KeyObject[]> {
  return Promise.all(
    files.map(async (file) => {
      let key: KeyObject;
      try {
        key = createPublicKey(await readFile(file, 'utf8'));
      } catch {
        throw new ConfigError(`The public key ${file} cannot be read as a PEM key. Give the file lantern audit create-key wrote with --public-key`);
      }
      if (!isEd25519(key)) throw new ConfigError(`The public key ${file} is not an Ed25519 key`);
      return key;
    }),
  );
}

/** Makes a new signing key: the private half readable by its owner only, the public half for whoever verifies. Never overwrites. */
export async function createSigningKey(privateFile: string, publicFile: string): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  try {
    await writeFile(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new ConfigError(`${(error as NodeJS.ErrnoException).path ?? 'The file'} already exists: a key is never overwritten. Choose another name`);
    throw error;
  }
  return keyIdOf(publicKey);
}

/** Writes a checkpoint into `folder` (made if need be), whole or not at all; returns its path. */
export async function writeCheckpoint(folder: string, signed: SignedCheckpoint): Promise<string> {
  await mkdir(folder, { recursive: true, mode: 0o750 });
  // The time in the name sorts the files; a random tail keeps two of the same millisecond apart.
  const name = `audit-checkpoint-${signed.checkpoint.createdAt.replaceAll(':', '-')}-${randomBytes(3).toString('hex')}.json`;
  const target = path.join(folder, name);
  const partial = path.join(folder, `.${name}.partial`);
  await writeFile(partial, `${JSON.stringify(signed, null, 2)}\n`, { mode: 0o644, flag: 'wx' });
  await rename(partial, target);
  return target;
}

export interface CheckpointFolder {
  readonly accepted: readonly { readonly file: string; readonly signed: SignedCheckpoint }[];
  /** Files that look like checkpoints but are not good ones, and why: tampering, or a key not given. */
  readonly refused: readonly { readonly file: string; readonly reason: CheckpointRefusal }[];
}

/** Reads every checkpoint in `folder`, keeping those one of `trustedKeys` signed, oldest first. */
export async function readCheckpoints(folder: string, trustedKeys: readonly KeyObject[]): Promise<CheckpointFolder> {
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => CHECKPOINT_FILE.test(name)).sort();
  } catch {
    throw new ConfigError(`The checkpoint folder ${folder} cannot be read`);
  }
  const accepted: { file: string; signed: SignedCheckpoint }[] = [];
  const refused: { file: string; reason: CheckpointRefusal }[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      refused.push({ file, reason: 'NOT_A_CHECKPOINT' });
      continue;
    }
    const checked = acceptCheckpoint(json, trustedKeys);
    if (checked.ok) accepted.push({ file, signed: checked.value });
    else refused.push({ file, reason: checked.error });
  }
  return { accepted, refused };
}

export interface AutomaticCheckpoints {
  readonly signingKey: KeyObject;
  readonly folder: string;
  readonly everyMinutes: number;
}

/**
 * Writes a checkpoint now and every `everyMinutes`, and a last one when stopped. A failure is
 * logged (the service stays up) and tried again at the next turn.
 */
export function startCheckpoints(audit: AuditService, options: AutomaticCheckpoints, log: Logger): { stop(): Promise<void> } {
  const write = async () => {
    try {
      const file = await writeCheckpoint(options.folder, await audit.checkpoint(options.signingKey));
      log.info({ file }, 'Audit checkpoint written');
    } catch (error) {
      log.error({ err: error, code: 'AUDIT_CHECKPOINT_FAILED' }, 'The audit checkpoint could not be written');
    }
  };
  let running = write();
  const timer = setInterval(() => {
    running = running.then(write);
  }, options.everyMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await write();
    },
  };
}
