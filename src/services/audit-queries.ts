import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { inScope } from '../db/scope.ts';
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
export interface AuditPerson {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly organisationCode: string;
}

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
async function accountNames(trx: Kysely<Database>, actorIds: readonly string[]): Promise<Record<string, string>> {
  const ids = [...new Set(actorIds.filter((id) => isUuid(id)).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return {};
  const rows = await trx.selectFrom('appUser').select(['id', 'displayName']).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((row) => [row.id, row.displayName]));
}

async function organisationNames(trx: Kysely<Database>, codes: readonly string[]): Promise<Record<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return {};
  const rows = await trx.selectFrom('organisation').select(['code', 'name']).where('code', 'in', unique).execute();
  return Object.fromEntries(rows.map((row) => [row.code, row.name]));
}

/** The accounts and organisations an administrator may filter the trail by; `organisationCode` null for all. */
async function searchChoices(trx: Kysely<Database>, organisationCode: string | null): Promise<Pick<AuditSearchResults, 'people' | 'organisations'>> {
  let people = trx.selectFrom('appUser').select(['id', 'displayName', 'email', 'organisationCode']);
  if (organisationCode !== null) people = people.where('organisationCode', '=', organisationCode);
  return {
    people: await people.orderBy('displayName').orderBy('email').execute(),
    organisations: organisationCode === null ? await trx.selectFrom('organisation').select(['code', 'name']).orderBy('name').execute() : [],
  };
}

/** The audit trail as people see it, behind the access rules; looking at it is audited too. */
export function createAuditQueries(deps: ServiceDeps, audit: AuditService) {
  const { db } = deps;
  return {
    async whoHasSeenChild(actor: Actor, childId: string, paging: { page: number; pageSize: number }): Promise<Result<readonly RecordAccess[], ServiceError>> {
      const child = await db.selectFrom('child').select('responsibleAuthorityCode').where('id', '=', childId).executeTakeFirst();
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
        const child = await trx
          .selectFrom('child')
          .select(['id', 'givenNames', 'familyName', 'responsibleAuthorityCode'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (!child || !canSeeRecordAccess(actor, child.responsibleAuthorityCode)) return fail(notFound('child'));
        const rows = await trx
          .selectFrom('auditEvent')
          .select(['occurredAt', 'actorId', 'organisationCode', 'role', 'action', 'entity', sql<string | null>`details->>'view'`.as('view')])
          .where('childId', '=', id)
          // An alert Lantern raises because of someone's action is not their view or change of the record.
          .where('entity', '!=', 'alert')
          .orderBy('occurredAt', 'desc')
          .orderBy('seq', 'desc') // the child's events share a chain, so seq breaks ties in order
          .limit(pageSize + 1)
          .offset((page - 1) * pageSize)
          .execute();
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
