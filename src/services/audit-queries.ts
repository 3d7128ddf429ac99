import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
import { childForRecordAccess, childRecordAccesses } from '../db/repositories/audit-repository.ts';
import { listOrganisations, organisationNamesOf } from '../db/repositories/organisation-repository.ts';
import { displayNamesOf, listPeople } from '../db/repositories/user-repository.ts';
import type { Person } from '../db/repositories/user-repository.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { auditSearchScope, canSeeRecordAccess, rowScope } from '../domain/access/policy.ts';
import type { Actor } from '../domain/access/actor.ts';
import { usedFilterNames } from './audit-log.ts';
import type { AuditSearchFilters, AuditSearchPage, AuditService, RecordAccess } from './audit-service.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';
import { isUuid } from '../domain/ids.ts';

/** One view or change of a child's record, as the "who has seen this record" page shows it. */
export interface RecordAccessEntry {
  readonly occurredAt: string;
  readonly actorId: string;
  /** The person's name when they have an account (not an API client or the command line). */
  readonly actorName: string | null;
  readonly organisationCode: string;
  readonly organisationName: string | null;
  readonly role: string;
  readonly action: string;
  readonly entity: string;
  /** Whether they saw it by breaking the glass. */
  readonly breakGlass: boolean;
}

export interface RecordAccessPage {
  readonly child: { readonly id: string; readonly givenNames: string | null; readonly familyName: string | null };
  readonly entries: readonly RecordAccessEntry[];
  readonly page: number;
  readonly pageSize: number;
  readonly hasMore: boolean;
}

/** An account an administrator may filter the audit trail by. */
export type AuditPerson = Person;

/** The administrators' audit search with the names the page shows, and the choices its filters offer. */
export interface AuditSearchResults extends AuditSearchPage {
  /** Account names by actor id, for the events' actors that are accounts. */
  readonly actorNames: Readonly<Record<string, string>>;
  /** Organisation names by code, for the events' organisations. */
  readonly organisationNames: Readonly<Record<string, string>>;
  /** The accounts whose activity the actor may search. */
  readonly people: readonly AuditPerson[];
  /** The organisations the actor may filter by: every one for a system administrator, else none. */
  readonly organisations: readonly { readonly code: string; readonly name: string }[];
}

/** Names of the accounts among `actorIds` (others are API clients, the command line or unknown names tried). */
export function accountNames(trx: Kysely<Database>, actorIds: readonly string[]): Promise<Record<string, string>> {
  return displayNamesOf(trx, [...new Set(actorIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))]);
}

const organisationNames = (trx: Kysely<Database>, codes: readonly string[]): Promise<Record<string, string>> => organisationNamesOf(trx, [...new Set(codes)]);

/** The accounts and organisations an administrator may filter the trail by; `organisationCode` null for all. */
async function searchChoices(trx: Kysely<Database>, organisationCode: string | null): Promise<Pick<AuditSearchResults, 'people' | 'organisations'>> {
  return {
    people: await listPeople(trx, organisationCode),
    organisations: organisationCode === null ? (await listOrganisations(trx, null)).map(({ code, name }) => ({ code, name })) : [],
  };
}

/** The audit trail as people see it, behind the access rules; looking at it is audited too. */
export function createAuditQueries(deps: ServiceDeps, audit: AuditService) {
  const { db } = deps;
  return {
    async whoHasSeenChild(actor: Actor, childId: string, paging: { page: number; pageSize: number }): Promise<Result<readonly RecordAccess[], ServiceError>> {
      const child = await childForRecordAccess(db, childId);
      if (!child || !canSeeRecordAccess(actor, child.responsibleAuthorityCode)) return fail(notFound('child'));
      const accesses = await audit.whoHasSeen(childId, paging);
      await db.transaction().execute((trx) => deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'recordAccess', entityId: childId, childId }));
      return ok(accesses);
    },

    async searchAudit(actor: Actor, filters: AuditSearchFilters): Promise<Result<AuditSearchPage, ServiceError>> {
      const scope = auditSearchScope(actor);
      if (scope === null) return fail(notFound('audit trail'));
      const scoped = scope.organisationCode === null ? filters : { ...filters, organisationCode: scope.organisationCode };
      const page = await audit.search(scoped);
      await db
        .transaction()
        .execute((trx) => deps.audit.append(trx, { actor, action: 'SEARCH', entity: 'auditEvent', details: { filters: usedFilterNames(filters) } }));
      return ok(page);
    },

    /**
     * Who has viewed or changed a child's record, newest first, with names, for the responsible
     * authority's team managers and data officers. Read as the actor under row-level security; audited.
     */
    async recordAccessPage(
      actor: Actor,
      childId: string,
      paging: { readonly page: number; readonly pageSize: number },
    ): Promise<Result<RecordAccessPage, ServiceError>> {
      if (!isUuid(childId)) return fail(notFound('child'));
      const id = childId.toLowerCase();
      const page = Number.isInteger(paging.page) && paging.page >= 1 ? paging.page : 1;
      const pageSize = Math.min(Math.max(Math.trunc(paging.pageSize), 1), 500);
      return inScope(db, rowScope(actor, deps.now()), async (trx) => {
        const child = await childForRecordAccess(trx, id);
        if (!child || !canSeeRecordAccess(actor, child.responsibleAuthorityCode)) return fail(notFound('child'));
        const rows = await childRecordAccesses(trx, id, { limit: pageSize + 1, offset: (page - 1) * pageSize });
        const events = rows.slice(0, pageSize);
        const names = await accountNames(
          trx,
          events.map((event) => event.actorId),
        );
        const organisations = await organisationNames(
          trx,
          events.map((event) => event.organisationCode),
        );
        await deps.audit.append(trx, { actor, action: 'VIEW_RECORD', entity: 'recordAccess', entityId: id, childId: id, details: { page } });
        return ok({
          child: { id: child.id, givenNames: child.givenNames, familyName: child.familyName },
          entries: events.map(({ view, ...event }) => ({
            ...event,
            actorName: names[event.actorId.toLowerCase()] ?? null,
            organisationName: organisations[event.organisationCode] ?? null,
            breakGlass: event.action === 'BREAK_GLASS' || view === 'break_glass',
          })),
          page,
          pageSize,
          hasMore: rows.length > pageSize,
        });
      });
    },

    /** The choices the audit search's filters offer the actor, for a page whose filters could not be read. Audited as a list. */
    async auditSearchChoices(actor: Actor): Promise<Result<Pick<AuditSearchResults, 'people' | 'organisations'>, ServiceError>> {
      const scope = auditSearchScope(actor);
      if (scope === null) return fail(notFound('audit trail'));
      return db.transaction().execute(async (trx) => {
        const choices = await searchChoices(trx, scope.organisationCode);
        await deps.audit.append(trx, {
          actor,
          action: 'LIST',
          entity: 'user',
          details: { organisation: scope.organisationCode ?? 'all', accounts: choices.people.length },
        });
        return ok(choices);
      });
    },

    /** The administrators' audit search, with names for the page and the choices for its filters. Audited as a search. */
    async searchAuditPage(actor: Actor, filters: AuditSearchFilters): Promise<Result<AuditSearchResults, ServiceError>> {
      const scope = auditSearchScope(actor);
      if (scope === null) return fail(notFound('audit trail'));
      const scoped = scope.organisationCode === null ? filters : { ...filters, organisationCode: scope.organisationCode };
      const found = await audit.search(scoped);
      return db.transaction().execute(async (trx) => {
        const results: AuditSearchResults = {
          ...found,
          actorNames: await accountNames(
            trx,
            found.events.map((event) => event.actorId),
          ),
          organisationNames: await organisationNames(
            trx,
            found.events.map((event) => event.organisationCode),
          ),
          ...(await searchChoices(trx, scope.organisationCode)),
        };
        await deps.audit.append(trx, { actor, action: 'SEARCH', entity: 'auditEvent', details: { filters: usedFilterNames(filters), page: found.page } });
        return ok(results);
      });
    },
  };
}
