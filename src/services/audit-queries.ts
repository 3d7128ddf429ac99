import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import { auditSearchScope, canSeeRecordAccess } from './access.ts';
import type { Actor } from './actor.ts';
import { usedFilterNames } from './audit-log.ts';
import type { AuditSearchFilters, AuditSearchPage, AuditService, RecordAccess } from './audit-service.ts';
import type { ServiceDeps } from './deps.ts';
import { notFound } from './errors.ts';
import type { ServiceError } from './errors.ts';

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
      await db.transaction().execute((trx) =>
        deps.audit.append(trx, { actor, action: 'SEARCH', entity: 'auditEvent', details: { filters: usedFilterNames(filters) } }),
      );
      return ok(page);
    },
  };
}
