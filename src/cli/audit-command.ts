import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Command } from 'commander';
import { createSigningKey, readCheckpoints, readPublicKeys, readSigningKey, writeCheckpoint } from '../audit-checkpoints.ts';
import { ConfigError, loadConfig } from '../config.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { AUDIT_CHAINS } from '../domain/audit-chain.ts';
import type { AuditFinding } from '../domain/audit-chain.ts';
import type { CheckpointRefusal } from '../domain/audit-checkpoint.ts';
import { createAuditService } from '../services/audit-service.ts';
import type { AuditService } from '../services/audit-service.ts';

export function describeFinding(finding: AuditFinding): string {
  const where = `Event ${finding.eventId ?? '(none)'} (chain ${finding.chain}, position ${finding.seq})`;
  const intact = (upTo: number) => (upTo === 0 ? 'no position a checkpoint signed still holds' : `it holds what checkpoints signed up to position ${upTo}`);
  switch (finding.problem) {
    case 'EDITED':
      return `${where} was edited`;
    case 'MISSING':
      return `${where}: one or more events before it were deleted`;
    case 'OUT_OF_ORDER':
      return `${where} was inserted out of order`;
    case 'HEAD_MISMATCH':
      return `Chain ${finding.chain} should end at position ${finding.seq}, but does not: its newest events were deleted, or one was added outside Lantern`;
    case 'REWRITTEN':
      return (
        `Chain ${finding.chain} was rewritten and its hashes computed again: position ${finding.seq} no longer holds the event the checkpoint of ` +
        `${finding.checkpoint?.at ?? '(unknown)'} signed; ${intact(finding.checkpoint?.intactUpTo ?? 0)}, so events from position ${(finding.checkpoint?.intactUpTo ?? 0) + 1} to ${finding.seq} were changed, deleted or added`
      );
    case 'CUT_SHORT':
      return (
        `Chain ${finding.chain} was cut short and its hashes computed again: it no longer reaches position ${finding.seq}, which the checkpoint of ` +
        `${finding.checkpoint?.at ?? '(unknown)'} signed; ${intact(finding.checkpoint?.intactUpTo ?? 0)}`
      );
  }
}

const REFUSALS: Readonly<Record<CheckpointRefusal, string>> = {
  NOT_A_CHECKPOINT: 'is not a checkpoint Lantern can read',
  UNKNOWN_KEY: 'is signed by a key you did not give (add its public key with --public-key)',
  BAD_SIGNATURE: 'does not match its signature: it was changed after it was signed, or forged',
};

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

export interface VerifyOptions {
  /** The folder of signed checkpoints to check the chains against. */
  readonly checkpoints?: string;
  /** Public key files the checkpoints must be signed with; else the configured signing key's public half. */
  readonly publicKey?: readonly string[];
}

/** `lantern audit verify`: every chain from its first event to its head, and, given checkpoints, against what they signed. Returns the exit code. */
export async function runAuditVerify(audit: AuditService, options: VerifyOptions, signingKeyFile: string | null, output: Output): Promise<number> {
  let problems = 0;
  let checkpoints: Awaited<ReturnType<typeof readCheckpoints>> | null = null;
  if (options.checkpoints !== undefined) {
    const keyFiles = options.publicKey ?? [];
    if (keyFiles.length === 0 && signingKeyFile === null) {
      output.err('lantern audit verify: give the public key the checkpoints were signed with (--public-key FILE), or set LANTERN_AUDIT_SIGNING_KEY_FILE');
      return 2;
    }
    const keys = keyFiles.length > 0 ? await readPublicKeys(keyFiles) : [await readSigningKey(signingKeyFile ?? '')];
    checkpoints = await readCheckpoints(options.checkpoints, keys);
    for (const { file, reason } of checkpoints.refused) output.out(`Checkpoint ${path.basename(file)} ${REFUSALS[reason]}`);
    problems += checkpoints.refused.length;
    if (checkpoints.accepted.length === 0) {
      output.err(`lantern audit verify: there are no checkpoints signed by the key given in ${options.checkpoints}`);
      return 1;
    }
  }
  const { events, findings } = await audit.verify({ checkpoints: checkpoints?.accepted.map((entry) => entry.signed) ?? [] });
  for (const finding of findings) output.out(describeFinding(finding));
  problems += findings.length;
  const against =
    checkpoints === null
      ? ''
      : ` against ${checkpoints.accepted.length} signed checkpoint(s), the latest of ${checkpoints.accepted.at(-1)?.signed.checkpoint.createdAt ?? ''}`;
  if (problems > 0) {
    output.out(`The audit trail has been tampered with: ${problems} problem(s) in ${events} events${against}.`);
    return 1;
  }
  output.out(`Audit trail intact: ${events} events in ${AUDIT_CHAINS} chains${against}.`);
  if (checkpoints === null)
    output.out('Without --checkpoints this cannot show a chain rewritten, hashes and all, by someone with the database owner’s rights.');
  return 0;
}

/** `lantern audit checkpoint`: signs where every chain stands now into the folder. Returns the file written. */
export async function runAuditCheckpoint(audit: AuditService, signingKeyFile: string, folder: string): Promise<string> {
  return writeCheckpoint(folder, await audit.checkpoint(await readSigningKey(signingKeyFile)));
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

/** Lines to the terminal: results on standard output, messages on standard error. */
export const consoleOutput: Output = {
  out: (line) => {
    console.log(line);
  },
  err: (line) => {
    console.error(line);
  },
};

export function registerAuditCommand(program: Command, withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>): void {
  const audit = program.command('audit').description('Check the audit trail, and sign checkpoints of it');
  const output = consoleOutput;
  const auditService = (handle: DatabaseHandle) => createAuditService({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID });
  const configuredKey = () => loadConfig().auditCheckpoints?.signingKeyFile ?? null;

  audit
    .command('verify')
    .description(
      'Check that no audit event was edited, deleted or inserted out of order; with --checkpoints, that no chain was rewritten since they were signed',
    )
    .option('--checkpoints <folder>', 'a folder of signed checkpoints (lantern audit checkpoint, or the server’s LANTERN_AUDIT_CHECKPOINT_DIR)')
    .option('--public-key <file>', 'a public key the checkpoints are signed with (repeat for older keys); default: LANTERN_AUDIT_SIGNING_KEY_FILE’s', collect)
    .action(async (options: VerifyOptions) => {
      await withDatabase(async (handle) => {
        process.exitCode = await runAuditVerify(auditService(handle), options, configuredKey(), output);
      });
    });

  audit
    .command('checkpoint')
    .description('Sign where every audit chain stands now, with a key the database does not hold, into a folder')
    .option('--out <folder>', 'where to write the checkpoint; default: LANTERN_AUDIT_CHECKPOINT_DIR')
    .option('--key <file>', 'the Ed25519 private key (PEM); default: LANTERN_AUDIT_SIGNING_KEY_FILE')
    .action(async (options: { out?: string; key?: string }) => {
      const configured = loadConfig().auditCheckpoints;
      const folder = options.out ?? configured?.folder ?? undefined;
      const key = options.key ?? configured?.signingKeyFile;
      if (folder === undefined || key === undefined)
        throw new ConfigError('Name the folder (--out) and the signing key (--key), or set LANTERN_AUDIT_CHECKPOINT_DIR and LANTERN_AUDIT_SIGNING_KEY_FILE');
      await withDatabase(async (handle) => {
        output.out(`Checkpoint written: ${await runAuditCheckpoint(auditService(handle), key, folder)}`);
      });
    });

  audit
    .command('create-key')
    .description('Make an Ed25519 key pair for signing checkpoints (never overwrites a file)')
    .requiredOption('--private-key <file>', 'where to write the private key, readable by its owner only; keep it outside the database and its backups')
    .requiredOption('--public-key <file>', 'where to write the public key, for whoever verifies')
    .action(async (options: { privateKey: string; publicKey: string }) => {
      const keyId = await createSigningKey(options.privateKey, options.publicKey);
      output.out(`Key ${keyId} created: private key ${options.privateKey} (chmod 600), public key ${options.publicKey}.`);
    });
}
