import { z } from 'zod';
import { CLOSURE_REASONS, GUARDIAN_ROLES, PARENTAL_RESPONSIBILITY } from '../../domain/guardians.ts';
import type { ClosureReason, GuardianRole, ParentalResponsibility } from '../../domain/guardians.ts';
import { optionalText, parseForm, textOf } from '../forms.ts';
import type { FormResult } from '../forms.ts';
import type { Questions } from '../questions.ts';

// The guardian referral forms: each answer named by the field it fills, with a message saying what to do.

export const REFER_QUESTIONS: Questions = [
  { name: 'parentalResponsibility', kind: 'radios', label: 'Whether someone in the UK holds parental responsibility' },
];
export const CLOSURE_NOTE_MAX = 1000;

const referForm = z.object({
  parentalResponsibility: z.enum(PARENTAL_RESPONSIBILITY, { error: 'Select whether someone in the UK holds parental responsibility for the child' }),
});
const allocationForm = z.object({
  advocateId: z.uuid({ error: 'Select a guardian' }),
  guardianRole: z.enum(GUARDIAN_ROLES, { error: 'Select the guardian’s role' }),
});
const closureForm = z.object({
  reason: z.enum(CLOSURE_REASONS, { error: 'Select why the referral is closed' }),
  note: optionalText('The note', CLOSURE_NOTE_MAX, 'multi'),
});

export function readReferForm(body: unknown): FormResult<{ readonly parentalResponsibility: ParentalResponsibility }> {
  return parseForm(referForm, { parentalResponsibility: textOf(body, 'parentalResponsibility') || undefined });
}

export function readAllocationForm(body: unknown): FormResult<{ readonly advocateId: string; readonly guardianRole: GuardianRole }> {
  return parseForm(allocationForm, { advocateId: textOf(body, 'advocateId') || undefined, guardianRole: textOf(body, 'guardianRole') || undefined });
}

export function readClosureForm(body: unknown): FormResult<{ readonly reason: ClosureReason; readonly note: string | null }> {
  return parseForm(closureForm, { reason: textOf(body, 'reason') || undefined, note: textOf(body, 'note') });
}
