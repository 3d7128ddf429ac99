import { z } from 'zod';
import { ALLOWANCE_REASON_MAX, GATED_ACTIONS } from '../../domain/training.ts';
import { REQUEST_OUTCOMES, REQUEST_REASON_MAX } from '../../domain/training-request.ts';
import type { RequestOutcome } from '../../domain/training-request.ts';
import type { GatedAction } from '../../domain/training.ts';
import { formBody, formErrors, parseForm, readDate, requiredText, textOf, valuesOf } from '../forms.ts';
import type { FormResult } from '../forms.ts';
import type { Questions } from '../questions.ts';

// The form that records a completed course: whose (for a manager), which course, and when.

export const RECORD_QUESTIONS: Questions = [
  { name: 'personId', kind: 'select', label: 'Who completed the course' },
  { name: 'courseCode', kind: 'select', label: 'Course' },
  { name: 'completedOn', kind: 'date', label: 'the date the course was completed' },
];

export interface RecordAnswers {
  /** Null: the person recording it. */
  readonly personId: string | null;
  readonly courseCode: string;
  readonly completedOn: string;
}

export function readRecordForm(body: unknown): FormResult<RecordAnswers> {
  const personId = textOf(body, 'personId');
  const courseCode = textOf(body, 'courseCode');
  const completedOn = readDate(formBody(body), 'completedOn', 'the date the course was completed');
  const errors: Record<string, { text: string }> = {};
  if (courseCode === '') errors['courseCode'] = { text: 'Select the course' };
  if (!completedOn.ok) errors['completedOn'] = { text: completedOn.message };
  if (Object.keys(errors).length > 0 || !completedOn.ok || completedOn.value === null) return { ok: false, errors: formErrors(errors, ['completedOn']) };
  return { ok: true, value: { personId: personId === '' ? null : personId, courseCode, completedOn: completedOn.value } };
}

/** The gates form: the actions ticked are gated, the rest not. */
export const readGatesForm = (body: unknown): GatedAction[] => {
  const ticked = valuesOf(formBody(body), 'gates');
  return GATED_ACTIONS.filter((action) => ticked.includes(action));
};

const allowanceForm = z.object({
  personId: z.uuid({ error: 'Select the person' }),
  action: z.enum(GATED_ACTIONS, { error: 'Select what they may do once' }),
  reason: requiredText('Enter why they may do it without the training', ALLOWANCE_REASON_MAX, 'multi'),
});

export function readAllowanceForm(body: unknown): FormResult<{ readonly personId: string; readonly action: GatedAction; readonly reason: string }> {
  return parseForm(allowanceForm, {
    personId: textOf(body, 'personId') || undefined,
    action: textOf(body, 'action') || undefined,
    reason: textOf(body, 'reason'),
  });
}

const requestForm = z.object({
  action: z.enum(GATED_ACTIONS, { error: 'Select what you are asking to do once' }),
  // The child whose record the person was working on, carried from the refused page; not asked.
  childId: z.string().nullable(),
  reason: requiredText('Enter why you need to do it before you can complete the training', REQUEST_REASON_MAX, 'multi'),
});

export function readRequestForm(body: unknown): FormResult<{ readonly action: GatedAction; readonly childId: string | null; readonly reason: string }> {
  return parseForm(requestForm, {
    action: textOf(body, 'action') || undefined,
    childId: textOf(body, 'childId') || null,
    reason: textOf(body, 'reason'),
  });
}

const answerForm = z.object({
  outcome: z.enum(REQUEST_OUTCOMES, { error: 'Select whether you allow it once or decline it' }),
  reason: requiredText('Enter the reason for your answer', ALLOWANCE_REASON_MAX, 'multi'),
});

export function readAnswerForm(body: unknown): FormResult<{ readonly outcome: RequestOutcome; readonly reason: string }> {
  return parseForm(answerForm, { outcome: textOf(body, 'outcome') || undefined, reason: textOf(body, 'reason') });
}
