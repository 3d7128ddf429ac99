import { randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { prunePendingOidcSignIns, savePendingOidcSignIn, takePendingOidcSignIn } from '../db/repositories/oidc-pending-repository.ts';
import type { PendingOidcSignIn } from '../db/repositories/oidc-pending-repository.ts';
import type { CoreDeps } from './deps.ts';
import { fail, ok } from '../domain/result.ts';
import type { Result } from '../domain/result.ts';
import type { Actor } from '../domain/access/actor.ts';
import type { UserService } from './user-service.ts';

// Sign-in through an organisation's own identity provider (OpenID Connect, authorization code flow
// with PKCE S256, state and nonce), for authorities that run one. Each provider is configured for
// one organisation and may only sign in that organisation's people: the verified `email` claim
// must match an active Lantern account IN that organisation. Lantern's own TOTP is not asked for:
// the second factor is the identity provider's, and an authority that turns this on is trusting
// its provider to require one (its conditional-access or MFA policy). Accounts are not created
// here: a person needs a Lantern account first, made the usual way.

export interface OidcProviderConfig {
  /** The Lantern organisation whose people this provider signs in. */
  readonly organisationCode: string;
  /** The issuer URL; its /.well-known/openid-configuration is read on first use. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Lantern's callback, as registered with the provider: https://…/sign-in/callback/<organisationCode>. */
  readonly redirectUri: string;
}

export interface OidcSignInDeps {
  /** Let an http:// issuer through (development and tests only). */
  readonly allowHttp: boolean;
  readonly pending: PendingSignIns;
}

/** How long a browser may take at its identity provider before the sign-in must start again. */
const PENDING_MINUTES = 10;

/**
 * Sign-ins waiting on the provider, kept in the database under a random id the browser holds, so that
 * the browser's return may reach any instance of Lantern (issue 16, item 1). Each is good once.
 */
export function createPendingSignIns({ db, now }: Pick<CoreDeps, 'db' | 'now'>) {
  return {
    async keep(checks: Omit<PendingOidcSignIn, 'expiresAt'>): Promise<string> {
      const at = now();
      await prunePendingOidcSignIns(db, at);
      const id = randomBytes(32).toString('base64url');
      await savePendingOidcSignIn(db, id, { ...checks, expiresAt: new Date(Date.parse(at) + PENDING_MINUTES * 60_000).toISOString() });
      return id;
    },
    /** The checks kept under `id` for this organisation, if they are still good; gone once asked for. */
    async take(id: string, organisationCode: string): Promise<OidcChecks | undefined> {
      const pending = await takePendingOidcSignIn(db, id);
      if (pending === undefined || pending.organisationCode !== organisationCode || Date.parse(pending.expiresAt) <= Date.parse(now())) return undefined;
      return pending;
    },
  };
}

type PendingSignIns = ReturnType<typeof createPendingSignIns>;

/** What must survive between start and finish, kept on the server side of the browser's round trip. */
export interface OidcChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** The cookie's lifetime, in seconds: as long as the sign-in is kept. */
export const PENDING_SECONDS = PENDING_MINUTES * 60;

/**
 * Why a provider could not be used, for the log: the kind of each error, its code and message (openid-client's
 * and oauth4webapi's messages name claims and parameters, never their values) and the OAuth error code the
 * provider sent. Never the errors' other contents, which can hold the claims themselves (an email address).
 */
export interface OidcCause {
  readonly name: string;
  readonly code: string | null;
  readonly message: string;
  /** The provider's OAuth error code (`access_denied`, `invalid_grant`), when it sent one. */
  readonly oauthError: string | null;
  readonly cause: OidcCause | null;
}

export type OidcStartError = { readonly reason: 'UNKNOWN_PROVIDER' } | { readonly reason: 'PROVIDER_UNAVAILABLE'; readonly cause: OidcCause };
export type OidcFinishError =
  | { readonly reason: 'UNKNOWN_PROVIDER' }
  | { readonly reason: 'NOT_PENDING' }
  | { readonly reason: 'INVALID_RESPONSE'; readonly cause: OidcCause }
  | { readonly reason: 'NO_ACCOUNT' };

function describeCause(error: unknown, depth = 0): OidcCause {
  if (!(error instanceof Error)) return { name: typeof error, code: null, message: 'Not an Error', oauthError: null, cause: null };
  const field = (name: string): string | null => {
    const value: unknown = (error as Error & Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  };
  const oauthError = field('error');
  return {
    name: error.name,
    code: field('code'),
    message: error.message,
    oauthError: oauthError !== null && /^[a-z_]{1,64}$/.test(oauthError) ? oauthError : null,
    cause: depth < 2 && error.cause instanceof Error ? describeCause(error.cause, depth + 1) : null,
  };
}

/** A check of Lantern's own on the provider's answer, as a cause. */
const refused = (code: string, message: string): OidcCause => ({ name: 'LanternCheck', code, message, oauthError: null, cause: null });

const METHOD = 'oidc';

export function createOidcSignIn(deps: OidcSignInDeps, users: Pick<UserService, 'startSessionFor'>, providers: readonly OidcProviderConfig[]) {
  const byOrganisation = new Map(providers.map((provider) => [provider.organisationCode, provider]));
  const discovered = new Map<string, Promise<oidc.Configuration>>();

  /** The provider's metadata, read once and kept; a failed read is retried next time. */
  function configurationFor(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let pending = discovered.get(provider.organisationCode);
    if (pending === undefined) {
      const issuer = new URL(provider.issuer);
      const insecure = issuer.protocol === 'http:';
      if (insecure && !deps.allowHttp) return Promise.reject(new Error(`The issuer of ${provider.organisationCode} is not HTTPS`));
      // allowInsecureRequests is deprecated only as a warning sign; it is reached only with allowHttp.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const options = insecure ? { execute: [oidc.allowInsecureRequests] } : {};
      pending = oidc.discovery(issuer, provider.clientId, undefined, oidc.ClientSecretPost(provider.clientSecret), options);
      void pending.catch(() => discovered.delete(provider.organisationCode));
      discovered.set(provider.organisationCode, pending);
    }
    return pending;
  }

  return {
    /** Whether an organisation signs in through its own provider. */
    has(organisationCode: string): boolean {
      return byOrganisation.has(organisationCode);
    },

    /** Where to send the browser, and the id (for its cookie) under which the checks wait for its return. */
    async start(organisationCode: string): Promise<Result<{ authorizationUrl: string; pendingId: string }, OidcStartError>> {
      const provider = byOrganisation.get(organisationCode);
      if (provider === undefined) return fail({ reason: 'UNKNOWN_PROVIDER' });
      let configuration: oidc.Configuration;
      try {
        configuration = await configurationFor(provider);
      } catch (error) {
        return fail({ reason: 'PROVIDER_UNAVAILABLE', cause: describeCause(error) });
      }
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const authorizationUrl = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: provider.redirectUri,
        response_type: 'code',
        scope: 'openid email',
        state,
        nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      const pendingId = await deps.pending.keep({ organisationCode, state, nonce, codeVerifier });
      return ok({ authorizationUrl: authorizationUrl.href, pendingId });
    },

    /** The browser came back with something not understood: the sign-in waiting for it is over. */
    async abandon(pendingId: string): Promise<void> {
      await deps.pending.take(pendingId, '');
    },

    /**
     * The browser is back with a code (callbackUrl is the whole URL it came back to) and the id its
     * cookie held, which is good once. Checks the
     * response (state, issuer), swaps the code with the PKCE verifier, validates the ID token
     * (signature, issuer, audience, expiry, nonce) and opens a session for the verified email.
     * Only the query of callbackUrl is read: the rest is the configured redirectUri, which the
     * token request must repeat exactly, whatever a proxy in front did to the host or scheme.
     */
    async finish(
      organisationCode: string,
      callbackUrl: URL,
      pendingId: string,
      origin: string | null,
      userAgent: string | null = null,
    ): Promise<Result<{ sessionToken: string; actor: Actor }, OidcFinishError>> {
      const checks = await deps.pending.take(pendingId, organisationCode);
      const provider = byOrganisation.get(organisationCode);
      if (provider === undefined) return fail({ reason: 'UNKNOWN_PROVIDER' });
      if (checks === undefined) return fail({ reason: 'NOT_PENDING' });
      let email: string;
      try {
        const configuration = await configurationFor(provider);
        const current = new URL(provider.redirectUri);
        current.search = callbackUrl.search;
        const tokens = await oidc.authorizationCodeGrant(configuration, current, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (claims === undefined)
          return fail({ reason: 'INVALID_RESPONSE', cause: refused('NO_ID_TOKEN_CLAIMS', 'The token response has no ID token claims') });
        // Many providers put the email only in UserInfo; the subject must be the ID token's.
        const source: Record<string, unknown> =
          typeof claims['email'] === 'string' ? claims : await oidc.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        if (typeof source['email'] !== 'string' || source['email_verified'] !== true) {
          return fail({ reason: 'INVALID_RESPONSE', cause: refused('NO_VERIFIED_EMAIL', 'The provider gave no email address it has verified') });
        }
        email = source['email'];
      } catch (error) {
        return fail({ reason: 'INVALID_RESPONSE', cause: describeCause(error) });
      }
      const session = await users.startSessionFor(organisationCode, email, origin, userAgent, METHOD);
      return session.ok ? session : fail({ reason: 'NO_ACCOUNT' });
    },
  };
}

export type OidcSignIn = ReturnType<typeof createOidcSignIn>;
