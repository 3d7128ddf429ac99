import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Result } from '../../domain/result.ts';
import type { ServiceError } from '../../services/errors.ts';

// Errors are RFC 9457 problem details. Every invalid field is listed with what to do, and
// with its SSDA903 rule code where the rule ports one.

const fieldProblemSchema = z.object({
  field: z.string().meta({ description: 'The field, as a path into the request: `givenNames`, `languages.0`' }),
  message: z.string().meta({ description: 'What is wrong and what to do, in words to show a person' }),
  rule: z.string().optional().meta({ description: 'The rule the record would break' }),
  code: z.string().nullable().optional().meta({ description: 'The DfE SSDA903 rule code, where the rule ports one' }),
  entity: z.string().optional().meta({ description: 'The part of the record the finding is about' }),
  entityId: z.string().optional(),
});

/** The body of every error the API answers: RFC 9457 problem details, as the OpenAPI document's `Problem`. */
export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'A URI reference naming the kind of problem' }),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(fieldProblemSchema).optional().meta({ description: 'Every invalid field, when the request or the record has errors' }),
    currentVersion: z.int().optional().meta({ description: 'On a 409: the version the record is at now' }),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details. A refused request changes nothing' });

export type FieldProblem = Readonly<z.infer<typeof fieldProblemSchema>>;
export type Problem = Readonly<Omit<z.infer<typeof problemSchema>, 'errors'>> & { readonly errors?: readonly FieldProblem[] | undefined };

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
