import type { FastifyReply } from 'fastify';
import type { Result } from '../../domain/result.ts';
import type { ServiceError } from '../../services/errors.ts';

// Errors are RFC 9457 problem details. Every invalid field is listed with what to do, and
// with its SSDA903 rule code where the rule ports one.

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
  readonly rule?: string | undefined;
  readonly code?: string | null | undefined;
  readonly entity?: string | undefined;
  readonly entityId?: string | undefined;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string | undefined;
  readonly errors?: readonly FieldProblem[] | undefined;
  readonly currentVersion?: number | undefined;
}

const PROBLEM_BASE = '/api/v1/problems/';

export function problem(status: number, slug: string, title: string, extra: Partial<Problem> = {}): Problem {
  return { type: PROBLEM_BASE + slug, title, status, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).type('application/problem+json').send(body);
}

export function serviceProblem(error: ServiceError): Problem {
  switch (error.kind) {
    case 'not_found':
      return problem(404, 'not-found', 'Not found', { detail: `There is no ${error.entity} with that id that you can see` });
    case 'conflict':
      return problem(409, 'conflict', 'The record has changed since you read it', {
        detail: `Someone else changed this ${error.entity}. Read it again (it is now at version ${error.currentVersion}) and make your change to that`,
        currentVersion: error.currentVersion,
      });
    case 'invalid':
      return problem(422, 'validation-error', 'There is a problem with the record', {
        detail: 'Nothing was saved. Correct the fields listed and send the request again',
        errors: error.violations.map((violation) => ({
          field: violation.field,
          message: violation.message,
          rule: violation.rule,
          code: violation.code,
          entity: violation.entity,
          entityId: violation.entityId,
        })),
      });
  }
}

/** Sends a service result: the value with the success status, or its problem. */
export function sendResult<T>(reply: FastifyReply, result: Result<T, ServiceError>, successStatus = 200): FastifyReply {
  return result.ok ? reply.code(successStatus).send(result.value) : sendProblem(reply, serviceProblem(result.error));
}
