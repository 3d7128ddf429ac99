import type { Transaction } from 'kysely';
import { loadRelations } from '../db/repositories/child-relations-repository.ts';
import { caseloadContacts, entriesOf, insertEntry, recorderNames, serviceChild } from '../db/repositories/guardian-record-repository.ts';
import type { CaseloadContact } from '../db/repositories/guardian-record-repository.ts';
import { loadJourneyChild } from '../db/repositories/journey-context-repository.ts';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import type { Actor } from '../domain/access/actor.ts';
import { guardianRecordViewFor, rowScope } from '../domain/access/policy.ts';
import type { GuardianRecordView } from '../domain/access/policy.ts';
import { ukDateOf } from '../domain/dates.ts';
import { contactDueBy, currentConsent, newEntry, restrictEntries } from '../domain/guardian-record.ts';
import type { ConsentDecision, EntryInput, GuardianRecordEntry } from '../domain/guardian-record.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { ServiceDeps } from './deps.ts';
import { invalidField, notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

// The guardian's own record of a child (issue 15, item 2). The allocated guardian reads and adds to
// it; the responsible authority reads it as far as the child's consent to share goes
// (docs/access.md, "The guardian's record"). Every read and entry is audited, never what it says.

const ENTITY = 'guardianRecordEntry';

interface GuardianRecordChild {
  readonly childId: string;
  readonly givenNames: string | null;
  readonly familyName: string | null;
  readonly view: GuardianRecordView;
}

export interface GuardianRecordPage extends GuardianRecordChild {
  /** The child's consent to share with the responsible authority as it stands; null if never recorded. */
  readonly consent: ConsentDecision | null;
  /** Oldest first, as the view shows them, each with the name of the guardian who recorded it. */
  readonly entries: readonly (GuardianRecordEntry & { readonly recordedByName: string | null })[];
}

/** A child of the guardian's caseload whose contact is overdue. */
export interface ContactOverdue extends CaseloadContact {
  readonly dueBy: string;
}

export function createGuardianRecordService(deps: ServiceDeps) {
  const { db } = deps;

  /** The child and the actor's view of their guardian's record, or null ("not found"). */
  async function childFor(trx: Transaction<Database>, actor: Actor, childId: string, now: string): Promise<GuardianRecordChild | null> {
    // The service's managers do not read the child's case record: only whether the child is with their service, and their names.
    if (actor.role === 'guardian_manager') {
      const names = await serviceChild(trx, childId);
      const view = guardianRecordViewFor(actor, { responsibleAuthorityCode: '', isAllocatedToActor: false, isWithActorsService: names !== null });
      return names === null || view === null ? null : { childId, ...names, view };
    }
    const relations = await loadRelations(trx, actor, childId, now);
    const view = relations === null ? null : guardianRecordViewFor(actor, { ...relations, isWithActorsService: false });
    const child = view === null ? null : await loadJourneyChild(trx, childId, {});
    return view === null || child === null ? null : { childId, givenNames: child.givenNames, familyName: child.familyName, view };
  }

  return {
    /** The record as the actor's view shows it; audited with the view and how many entries were shown. */
    async record(actor: Actor, childId: string): Promise<Result<GuardianRecordPage, ServiceError>> {
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const child = await childFor(trx, actor, childId, now);
        if (child === null) return fail(notFound('child'));
        const all = await entriesOf(trx, childId);
        const entries = restrictEntries(child.view, all);
        const names = await recorderNames(
          trx,
          entries.map((entry) => entry.recordedBy),
        );
        await deps.audit.append(trx, {
          actor,
          action: 'VIEW_RECORD',
          entity: 'guardianRecord',
          entityId: childId,
          childId,
          details: { view: child.view, entries: entries.length },
        });
        return ok({
          ...child,
          consent: currentConsent(all),
          entries: entries.map((entry) => ({ ...entry, recordedByName: names.get(entry.recordedBy) ?? null })),
        });
      });
    },

    /**
     * The child for the guardian's question pages: only the allocated guardian. Opening the question
     * page is audited as a view of the guardian's record; the later steps are not (docs/access.md, "Journeys").
     */
    async recordingContext(actor: Actor, childId: string, opening: boolean): Promise<Result<GuardianRecordChild, ServiceError>> {
      if (actor.role !== 'advocate') return fail(notFound('child'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const child = await childFor(trx, actor, childId, now);
        if (child?.view !== 'guardian') return fail(notFound('child'));
        if (opening) {
          await deps.audit.append(trx, {
            actor,
            action: 'VIEW_RECORD',
            entity: 'guardianRecord',
            entityId: childId,
            childId,
            details: { view: child.view, journey: 'guardian-record-entry' },
          });
        }
        return ok(child);
      });
    },

    /**
     * For the guardian's My work: the children allocated to them with no contact recorded for
     * CONTACT_DUE_DAYS days, longest overdue first. My work's page view is audited once, by its own service.
     */
    async contactsOverdue(actor: Actor): Promise<readonly ContactOverdue[]> {
      if (actor.role !== 'advocate') return [];
      const now = deps.now();
      const today = ukDateOf(now);
      return inScope(db, rowScope(actor, now), async (trx) =>
        (await caseloadContacts(trx, actor.id))
          .map((child) => ({ ...child, dueBy: contactDueBy(child.lastContactOn, child.allocatedOn) }))
          .filter((child) => child.dueBy < today)
          .sort((a, b) => a.dueBy.localeCompare(b.dueBy) || a.childId.localeCompare(b.childId)),
      );
    },

    /** Adds an entry to the record: the allocated guardian only, as themselves, for their service. */
    async addEntry(actor: Actor, childId: string, input: EntryInput): Promise<Result<GuardianRecordEntry, ServiceError>> {
      if (actor.role !== 'advocate') return fail(notFound('child'));
      const now = deps.now();
      return inScope(db, rowScope(actor, now), async (trx) => {
        const child = await childFor(trx, actor, childId, now);
        if (child?.view !== 'guardian') return fail(notFound('child'));
        const id = deps.newId();
        const entry = newEntry(input, { id, childId, serviceOrganisationCode: actor.organisationCode, recordedBy: actor.id }, ukDateOf(now), now);
        if (!entry.ok) return fail(invalidField(ENTITY, id, entry.error.field, entry.error.message));
        await insertEntry(trx, entry.value);
        await deps.audit.append(trx, {
          actor,
          action: 'CREATE',
          entity: ENTITY,
          entityId: id,
          childId,
          // What kind of entry and which answers were given, never what they say.
          details: {
            kind: entry.value.kind,
            type: entry.value.type,
            fields: (['withWhom', 'text'] as const).filter((field) => entry.value[field] !== null),
          },
        });
        return ok(entry.value);
      });
    },
  };
}
