import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { paths } from '../../paths.ts';
import type { UserService } from '../../services/user-service.ts';
import { answersToKeep, formBody, localPath, textOf } from '../forms.ts';
import { requireSignIn } from '../guards.ts';
import { codeForm, formErrors, parseForm, signInForm, signInQuery } from './form-schemas.ts';

const inWords = (seconds: number): string => {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
};

/** The wait, in the same words whether or not the email address has an account. */
const tooMany = (wait: { readonly retryAfterSeconds: number; readonly limit?: 'ACCOUNT' | 'SOURCE' }): string =>
  `${wait.limit === 'SOURCE' ? 'Too many sign-in attempts from your network' : 'Too many attempts'}. Try again in ${inWords(Math.max(1, wait.retryAfterSeconds))}`;

/** Sign in with a password and then a TOTP code; sign out. */
export function signInRoutes(app: FastifyInstance, { users }: { users: UserService }, done: () => void): void {
  app.withTypeProvider<ZodTypeProvider>().get(paths.signIn, { schema: { querystring: signInQuery } }, (request, reply) =>
    reply.render('sign-in/views/sign-in.njk', {
      signedOut: request.query['signed-out'] === '1',
      timedOutMinutes: request.query['timed-out'] === '1' ? users.idleTimeoutMinutes : null,
      answersKept: request.query['kept'] === '1',
    }),
  );

  app.post(paths.signIn, async (request, reply) => {
    const form = parseForm(signInForm, request.body);
    if (!form.ok) return reply.render('sign-in/views/sign-in.njk', { errors: form.errors, values: request.body });
    const result = await users.signInWithPassword(form.value.email, form.value.password, request.ip, request.headers['user-agent'] ?? null);
    if (!result.ok) {
      const text = result.error === 'INVALID_CREDENTIALS' ? 'Enter a correct email address and password' : tooMany(result.error);
      return reply.render('sign-in/views/sign-in.njk', { errors: formErrors({ email: { text } }), values: { email: form.value.email } });
    }
    return reply.startSession(result.value.sessionToken).redirect(paths.signInCode, 303);
  });

  app.get(paths.signInCode, (request, reply) => (request.sessionToken === null ? reply.redirect(paths.signIn, 303) : reply.render('sign-in/views/code.njk')));

  app.post(paths.signInCode, async (request, reply) => {
    if (request.sessionToken === null) return reply.redirect(paths.signIn, 303);
    const form = parseForm(codeForm, request.body);
    if (!form.ok) return reply.render('sign-in/views/code.njk', { errors: form.errors });
    const result = await users.verifySecondFactor(request.sessionToken, form.value.code, request.ip);
    if (!result.ok) {
      if (result.error === 'SESSION_EXPIRED') return reply.endSession().redirect(paths.signIn, 303);
      const text = result.error === 'INVALID_CODE' ? 'The code is not correct. Enter the 6-digit code from your authenticator app' : tooMany(result.error);
      return reply.render('sign-in/views/code.njk', { errors: formErrors({ code: { text } }) });
    }
    // A new session id at sign-in: the half-signed-in token is now worthless. Answers kept as the last session
    // ended take the person back to their question page.
    const kept = await users.keptAnswersPath(result.value.actor);
    return reply.startSession(result.value.sessionToken).redirect(kept === null ? paths.home : `${kept}?resume=1`, 303);
  });

  app.post(paths.signOut, async (request, reply) => {
    // The timeout warning's script signs the person out when its time is up, with the question page's answers
    // (and its path) if there is one, to keep for signing in again; the sign-in page says why.
    const body = formBody(request.body);
    const timedOut = body['timed-out'] === '1';
    const keepFor = timedOut ? localPath(textOf(body, 'keep-for')) : null;
    const kept = keepFor !== null && request.sessionToken !== null && (await users.keepAnswers(request.sessionToken, keepFor, answersToKeep(body)));
    if (request.sessionToken !== null) await users.signOut(request.sessionToken, request.ip);
    return reply.endSession().redirect(`${paths.signIn}?${timedOut ? `timed-out=1${kept ? '&kept=1' : ''}` : 'signed-out=1'}`, 303);
  });

  // "Stay signed in" on the timeout warning: its script posts here, and a signed-in session counts as used now.
  app.post(paths.staySignedIn, { onRequest: requireSignIn }, async (request, reply) => {
    if (request.sessionToken !== null) await users.keepSessionAlive(request.sessionToken);
    return reply.code(204).send();
  });
  done();
}
