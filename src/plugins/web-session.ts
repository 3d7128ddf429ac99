import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeptAnswers, UserService } from '../services/user-service.ts';
import type { Actor } from '../domain/access/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. */
    user: Actor | null;
    /** The session token from the cookie, half or fully signed in. */
    sessionToken: string | null;
    /** Takes back the signed-in person's answers kept for the question page at `path` when their last session ended (once); null if none. */
    takeKeptAnswers(path: string): Promise<KeptAnswers | null>;
  }
  interface FastifyContextConfig {
    /** A question page's form: its answers, posted after the session ended unused, are kept for signing in again (src/features/web.ts). */
    readonly keepsAnswers?: boolean;
  }
}

export interface WebSessionOptions {
  readonly users: UserService;
  readonly secureCookies: boolean;
}

const sessionCookieName = (secure: boolean): string => (secure ? '__Host-lantern-session' : 'lantern-session');

/** Server-side sessions: the cookie holds a random token; the database holds its hash and the state. */
export const webSessionPlugin = fp(
  (app, { users, secureCookies }: WebSessionOptions, done) => {
    const cookie = sessionCookieName(secureCookies);
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);
    app.decorateRequest('takeKeptAnswers', function takeKeptAnswers(this: FastifyRequest, path: string) {
      return this.user === null ? Promise.resolve(null) : users.takeKeptAnswers(this.user, path);
    });
    app.decorateReply('startSession', function startSession(this: FastifyReply, token: string) {
      return this.setCookie(cookie, token, { httpOnly: true, secure: secureCookies, sameSite: 'lax', path: '/' });
    });
    app.decorateReply('endSession', function endSession(this: FastifyReply) {
      return this.clearCookie(cookie, { path: '/' });
    });
    app.addHook('onRequest', async (request) => {
      const token = request.cookies[cookie];
      if (token === undefined || token === '') return;
      request.sessionToken = token;
      request.user = await users.authenticateSession(token, request.ip);
    });
    done();
  },
  { name: 'web-session' },
);

declare module 'fastify' {
  interface FastifyReply {
    startSession(token: string): FastifyReply;
    endSession(): FastifyReply;
  }
}
