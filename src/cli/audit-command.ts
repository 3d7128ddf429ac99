import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { DatabaseHandle } from '../db/client.ts';
import { AUDIT_CHAINS } from '../domain/audit-chain.ts';
import type { AuditFinding } from '../domain/audit-chain.ts';
import { createAuditService } from '../services/audit-service.ts';

export function describeFinding(finding: AuditFinding): string {
  const where = `Event ${finding.eventId ?? '(none)'} (chain ${finding.chain}, position ${finding.seq})`;
  switch (finding.problem) {
    case 'EDITED':
      return `${where} was edited`;
    case 'MISSING':
      return `${where}: one or more events before it were deleted`;
    case 'OUT_OF_ORDER':
      return `${where} was inserted out of order`;
    case 'HEAD_MISMATCH':
      return `Chain ${finding.chain} should end at position ${finding.seq}, but does not: its newest events were deleted, or one was added outside Lantern`;
  }
}

export function registerAuditCommand(
  program: Command,
  withDatabase: <T>(work: (handle: DatabaseHandle) => Promise<T>) => Promise<T>,
): void {
  const audit = program.command('audit').description('Check the audit trail');
  audit
    .command('verify')
    .description('Check that no audit event was edited, deleted or inserted out of order')
    .action(async () => {
      await withDatabase(async (handle) => {
        const service = createAuditService({ db: handle.db, now: () => new Date().toISOString(), newId: randomUUID });
        const { events, findings } = await service.verify();
        if (findings.length === 0) {
          console.log(`Audit trail intact: ${events} events in ${AUDIT_CHAINS} chains.`);
          return;
        }
        for (const finding of findings) console.log(describeFinding(finding));
        console.log(`The audit trail has been tampered with: ${findings.length} problem(s) in ${events} events.`);
        process.exitCode = 1;
      });
    });
}
