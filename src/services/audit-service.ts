import type { KeyObject } from 'node:crypto';
import { chainEventsAfter, chainHeads, childAccesses, readChainHead, searchEvents } from '../db/repositories/audit-repository.ts';
import type { AuditEventFilters } from '../db/repositories/audit-repository.ts';
import { AUDIT_CHAINS, createChainVerifier } from '../domain/audit-chain.ts';
import type { AuditFinding } from '../domain/audit-chain.ts';
import { anchorsByChain, signCheckpoint } from '../domain/audit-checkpoint.ts';
import type { SignedCheckpoint } from '../domain/audit-checkpoint.ts';
import type { CoreDeps } from './deps.ts';

export type { AuditFinding } from '../domain/audit-chain.ts';
import type { AuditEventContent } from '../domain/audit-chain.ts';

/** Events read per query when verifying: bounded memory however long the trail. */
const VERIFY_PAGE = 5_000;
const MAX_PAGE_SIZE = 500;

export interface AuditSearchFilters extends AuditEventFilters {
  /** From 1. */
  readonly page: number;
  readonly pageSize: number;
}

/** An event as the administrators' search shows it: its content without the chain's bookkeeping. */
export type AuditEventView = Omit<AuditEventContent, 'chain' | 'seq'>;

export interface AuditSearchPage {
  readonly events: readonly AuditEventView[];
  readonly page: number;
  readonly pageSize: number;
  /** Whether a further page exists (a count over millions of events would be slow). */
  readonly hasMore: boolean;
}

export interface RecordAccess {
  readonly occurredAt: string;
  readonly actorId: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly action: string;
}

const clampPage = (page: number) => (Number.isInteger(page) && page >= 1 ? page : 1);
const clampPageSize = (size: number) => (Number.isInteger(size) ? Math.min(Math.max(size, 1), MAX_PAGE_SIZE) : MAX_PAGE_SIZE);

export function createAuditService(deps: CoreDeps) {
  const { db } = deps;
  return {
    /**
     * Re-checks every chain from its first event to its head and reports anything tampered with.
     * Given signed checkpoints (already checked against the trusted keys), also that each chain
     * still holds what they signed: a chain rewritten with every hash computed again passes the
     * rest, and fails this.
     */
    async verify(options: { readonly checkpoints?: readonly SignedCheckpoint[] } = {}): Promise<{ events: number; findings: AuditFinding[] }> {
      const anchors = anchorsByChain(options.checkpoints ?? []);
      let events = 0;
      const findings: AuditFinding[] = [];
      for (let chain = 0; chain < AUDIT_CHAINS; chain += 1) {
        // One snapshot per chain: events appended meanwhile are either all seen, with the
        // head that points at them, or not at all. Keyset paging on (chain, seq) uses the unique index.
        await db
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute(async (trx) => {
            const head = await readChainHead(trx, chain);
            const verifier = createChainVerifier(chain, anchors.get(chain));
            let after = 0;
            for (;;) {
              const page = await chainEventsAfter(trx, chain, after, VERIFY_PAGE);
              for (const event of page) findings.push(...verifier.next(event));
              events += page.length;
              const last = page.at(-1);
              if (!last || page.length < VERIFY_PAGE) break;
              after = last.seq;
            }
            findings.push(...verifier.finish(head ?? null));
          });
      }
      return { events, findings };
    },

    /**
     * A checkpoint of where every chain stands now, signed with `privateKey`: an Ed25519 key held
     * outside the database (docs/adr), so that nobody who can only change the database can make one.
     */
    async checkpoint(privateKey: KeyObject): Promise<SignedCheckpoint> {
      return signCheckpoint(deps.now(), await chainHeads(db), privateKey);
    },

    /** Everyone who has viewed, exported or changed a child's record, most recent first. */
    async whoHasSeen(childId: string, paging: { page?: number; pageSize?: number } = {}): Promise<RecordAccess[]> {
      const pageSize = clampPageSize(paging.pageSize ?? MAX_PAGE_SIZE);
      return childAccesses(db, childId, { limit: pageSize, offset: (clampPage(paging.page ?? 1) - 1) * pageSize });
    },

    /** The administrators' search over the trail, most recent first. */
    async search(filters: AuditSearchFilters): Promise<AuditSearchPage> {
      const page = clampPage(filters.page);
      const pageSize = clampPageSize(filters.pageSize);
      // One more than a page tells whether there is another.
      const rows = await searchEvents(db, filters, { limit: pageSize + 1, offset: (page - 1) * pageSize });
      return {
        events: rows.slice(0, pageSize).map((event) => ({ ...event, details: withoutRecordValues(event.details) })),
        page,
        pageSize,
        hasMore: rows.length > pageSize,
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;

const isFieldChange = (value: unknown): boolean => typeof value === 'object' && value !== null && 'before' in value && 'after' in value;

/**
 * A change's details hold the record's values before and after (a new child's name and date of birth, say).
 * Administrators search the trail but see no child's record, so a search gives the names of the fields
 * changed, never their values. The stored event keeps them: the hash chain covers them.
 */
function withoutRecordValues(details: unknown): unknown {
  if (typeof details !== 'object' || details === null || Array.isArray(details)) return details;
  const entries = Object.entries(details);
  if (entries.length === 0 || !entries.every(([, value]) => isFieldChange(value))) return details;
  return { fieldsChanged: entries.map(([field]) => field) };
}
