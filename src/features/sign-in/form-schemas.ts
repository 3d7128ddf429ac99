import { z } from 'zod';

export { formErrors, parseForm } from '../forms.ts';

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

/** The sign-in page's query: `signed-out=1` after signing out, `timed-out=1` after a session ended unused (`kept=1` when its answers were kept). Anything else there is ignored, not refused. */
export const signInQuery = z.looseObject({
  'signed-out': z.literal('1').optional().catch(undefined),
  'timed-out': z.literal('1').optional().catch(undefined),
  kept: z.literal('1').optional().catch(undefined),
});
