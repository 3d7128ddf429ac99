import type { Violation } from '../domain/validation/rules.ts';

/** Expected failures of a use case, returned as values. */
export type ServiceError =
  | { readonly kind: 'not_found'; readonly entity: string }
  | { readonly kind: 'conflict'; readonly entity: string; readonly currentVersion: number }
  | { readonly kind: 'invalid'; readonly violations: readonly Violation[] };

export const notFound = (entity: string): ServiceError => ({ kind: 'not_found', entity });
export const conflict = (entity: string, currentVersion: number): ServiceError => ({ kind: 'conflict', entity, currentVersion });

/** A single field error raised by a service check that is not one of the record rules. */
export function invalidField(entity: Violation['entity'], entityId: string, field: string, message: string, rule = `${entity}-${field}`): ServiceError {
  return { kind: 'invalid', violations: [{ rule, code: null, severity: 'error', entity, entityId, field, message }] };
}

/** Field errors raised together by a service check that is not one of the record rules, one for each field. */
export function invalidFields(entity: Violation['entity'], entityId: string, problems: readonly { field: string; message: string }[]): ServiceError {
  const violations = problems.map(({ field, message }): Violation => ({
    rule: `${entity}-${field}`,
    code: null,
    severity: 'error',
    entity,
    entityId,
    field,
    message,
  }));
  return { kind: 'invalid', violations };
}
