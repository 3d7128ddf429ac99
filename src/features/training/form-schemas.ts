import { formBody, formErrors, readDate, textOf } from '../forms.ts';
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
