import { z } from 'zod';
import { REASON_MAX_LENGTH } from '../../domain/caseload.ts';
import { textOf } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';
import { readAnswers, requiredTextSchema, textSchema, versionSchema } from '../questions.ts';
import type { Questions } from '../questions.ts';

// The questions of allocating a child to a social worker and team, or reassigning them (issue 12,
// item 3): one list for a first allocation, where the reason may be left out, and one for a
// reassignment, where it is needed.

const REASON_HINT = 'For example, caseload balancing, or the child has moved to the leaving care team';

export const ALLOCATE_QUESTIONS: Questions = [
  { name: 'socialWorkerId', kind: 'select', label: 'Social worker', hint: 'Leave as "No social worker" to allocate the child to a team only' },
  { name: 'teamId', kind: 'select', label: 'Team' },
  { name: 'reason', kind: 'textarea', label: 'Why you are allocating the child', max: REASON_MAX_LENGTH, hint: REASON_HINT },
  { name: 'version', kind: 'version', label: 'The allocation’s version' },
];

export const REASSIGN_QUESTIONS: Questions = ALLOCATE_QUESTIONS.map((question) =>
  question.name === 'reason' ? { ...question, label: 'Why you are reassigning the child', required: 'Enter why you are reassigning the child' } : question,
);

export interface AllocationAnswers {
  readonly socialWorkerId: string | null;
  readonly teamId: string | null;
  readonly reason: string | null;
  readonly version: number;
}

const allocateSchema = z.object({ reason: textSchema(ALLOCATE_QUESTIONS, 'reason'), version: versionSchema });
const reassignSchema = z.object({ reason: requiredTextSchema(REASSIGN_QUESTIONS, 'reason'), version: versionSchema });

/**
 * Reads the form: a reassignment needs its reason, a first allocation may go without. "No social
 * worker" and "No team" are empty; an id that is not the authority's is refused by the service, on
 * its question.
 */
export function readAllocationForm(body: FormBody, reassigning: boolean): FormResult<AllocationAnswers> {
  const read = reassigning ? readAnswers(body, reassignSchema, REASSIGN_QUESTIONS) : readAnswers(body, allocateSchema, ALLOCATE_QUESTIONS);
  if (!read.ok) return read;
  const chosen = (name: string): string | null => {
    const value = textOf(body, name);
    return value === '' ? null : value;
  };
  return { ok: true, value: { ...read.value.fields, socialWorkerId: chosen('socialWorkerId'), teamId: chosen('teamId') } };
}
