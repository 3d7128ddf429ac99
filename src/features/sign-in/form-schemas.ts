import { z } from 'zod';

// GOV.UK wording for sign-in errors, kept in one place.
export const signInForm = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, { error: 'Enter your email address' }).max(320),
  password: z.string({ error: 'Enter your password' }).min(1, { error: 'Enter your password' }).max(128, { error: 'Password must be 128 characters or fewer' }),
});

export const codeForm = z.object({
  code: z
    .string({ error: 'Enter the 6-digit code from your authenticator app' })
    .trim()
    .regex(/^\d{6}$/, { error: 'Enter the 6-digit code from your authenticator app' }),
});

export interface FormErrors {
  readonly errorList: readonly { text: string; href: string }[];
  readonly fields: Readonly<Record<string, { text: string }>>;
}

/** Parses a form: its value, or errors keyed by field for the GOV.UK error summary and inline messages. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): { ok: true; value: T } | { ok: false; errors: FormErrors } {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const fields: Record<string, { text: string }> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= { text: issue.message };
  }
  return { ok: false, errors: formErrors(fields) };
}

export function formErrors(fields: Record<string, { text: string }>): FormErrors {
  return { fields, errorList: Object.entries(fields).map(([field, { text }]) => ({ text, href: `#${field}` })) };
}
