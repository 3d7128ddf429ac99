import type { NotifySettings } from './queue/alert-channels.ts';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseLocation } from './db/client.ts';
import { BREAK_GLASS_PER_DAY } from './domain/break-glass.ts';
import type { OidcProviderConfig } from './services/oidc-sign-in.ts';
import type { ApiRateLimits } from './plugins/rate-limits.ts';

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseLocation;
  readonly logLevel: string;
  /** Children in the demo population seeded on a first start outside production. */
  readonly demoChildren: number;
  /** Whether LANTERN_DEMO_CHILDREN was set: production refuses it rather than ignore it. */
  readonly demoRequested: boolean;
  /** LANTERN_PUBLIC_URL: Lantern's address as people reach it (links in alerts); production requires https. */
  readonly publicUrl: string | null;
  /** A signed-in session ends after this long without a request. */
  readonly sessionIdleMinutes: number;
  /** Organisations that sign in through their own OpenID Connect provider; none by default. */
  readonly oidcProviders: readonly OidcProviderConfig[];
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address: none (false), the number of
   * proxy hops in front of Lantern, or the proxies' addresses and ranges.
   */
  readonly trustProxy: TrustProxy;
  /** Records one person may open with break-glass in any 24 hours. */
  readonly breakGlassPerDay: number;
  /** Signed checkpoints of the audit chains, written by the server; null when not configured. */
  readonly auditCheckpoints: AuditCheckpointConfig | null;
  /**
   * Where alert emails, text messages and webhooks link to, GOV.UK Notify's key and templates (null: no email or text
   * messages), and the days finished deliveries and clocks are kept in the outbox and the job queue.
   */
  readonly alerts: { readonly baseUrl: string; readonly notify: NotifySettings | null; readonly retentionDays: number };
  /** LANTERN_METRICS_TOKEN: the bearer token that opens /metrics from anywhere; null for loopback only. */
  readonly metricsToken: string | null;
  /** API requests a minute, by token and by organisation, counted by each instance (ADR 20). */
  readonly apiRateLimits: ApiRateLimits;
}

interface AuditCheckpointConfig {
  readonly signingKeyFile: string;
  /** Where the server writes checkpoints; it refuses to start without one. Null for the command line alone. */
  readonly folder: string | null;
  readonly everyMinutes: number;
}

/** As Fastify's `trustProxy` takes it, less `true` (which would let any client choose its own address). */
export type TrustProxy = false | number | readonly string[];

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}"`);
  return value;
}

const oidcProvidersSchema = z.array(
  z.strictObject({
    organisationCode: z.string().min(1),
    issuer: z.url(),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    redirectUri: z.url(),
  }),
);

/** LANTERN_OIDC_PROVIDERS: a JSON array of { organisationCode, issuer, clientId, clientSecret, redirectUri }. */
function oidcProviders(env: NodeJS.ProcessEnv): readonly OidcProviderConfig[] {
  const raw = env['LANTERN_OIDC_PROVIDERS'];
  if (raw === undefined || raw.trim() === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ConfigError('LANTERN_OIDC_PROVIDERS must be JSON: an array of { organisationCode, issuer, clientId, clientSecret, redirectUri }');
  }
  const parsed = oidcProvidersSchema.safeParse(json);
  // The message names the field, never its value: the value may be a client secret.
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `LANTERN_OIDC_PROVIDERS must be an array of { organisationCode, issuer, clientId, clientSecret, redirectUri }; ${issue?.path.join('.') ?? ''} is not valid`,
    );
  }
  const codes = parsed.data.map((provider) => provider.organisationCode);
  const repeated = codes.find((code, index) => codes.indexOf(code) !== index);
  if (repeated !== undefined) throw new ConfigError(`LANTERN_OIDC_PROVIDERS has two providers for ${repeated}`);
  return parsed.data;
}

/** Names proxy-addr (Fastify's) gives to the private ranges. */
const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const size = Number(bits);
  return /^\d+$/.test(bits) && size <= (version === 4 ? 32 : 128);
}

/**
 * LANTERN_TRUST_PROXY: unset, the address a request came from is the connection's and X-Forwarded-For
 * is ignored (anyone could write it). Behind HTTPS termination, name the number of proxy hops in front
 * of Lantern, or the proxies' addresses and ranges, so that the audit trail records the real client.
 */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const raw = env['LANTERN_TRUST_PROXY']?.trim() ?? '';
  if (raw === '' || raw === 'false') return false;
  const help =
    'LANTERN_TRUST_PROXY must be the number of proxies in front of Lantern (1 to 10), or their addresses and ranges separated by commas (e.g. 10.0.0.0/8,loopback)';
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) throw new ConfigError(`${help}; it is "${raw}"`);
    return hops;
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) throw new ConfigError(`${help}; "${bad}" is neither`);
  return entries;
}

const setting = (env: NodeJS.ProcessEnv, name: string): string | null => {
  const value = env[name]?.trim() ?? '';
  return value === '' ? null : value;
};

/**
 * LANTERN_AUDIT_SIGNING_KEY_FILE and LANTERN_AUDIT_CHECKPOINT_DIR together: the server signs a
 * checkpoint of the audit chains every LANTERN_AUDIT_CHECKPOINT_MINUTES into the folder (ADR 11).
 */
function auditCheckpoints(env: NodeJS.ProcessEnv): AuditCheckpointConfig | null {
  const signingKeyFile = setting(env, 'LANTERN_AUDIT_SIGNING_KEY_FILE');
  const folder = setting(env, 'LANTERN_AUDIT_CHECKPOINT_DIR');
  const everyMinutes = integer(env, 'LANTERN_AUDIT_CHECKPOINT_MINUTES', 60, 1, 24 * 60);
  if (signingKeyFile === null && folder === null) return null;
  if (signingKeyFile === null)
    throw new ConfigError('LANTERN_AUDIT_CHECKPOINT_DIR is set but LANTERN_AUDIT_SIGNING_KEY_FILE is not: name the file of the key that signs the checkpoints');
  return { signingKeyFile: path.resolve(signingKeyFile), folder: folder === null ? null : path.resolve(folder), everyMinutes };
}

/** LANTERN_METRICS_TOKEN: long enough not to be guessed; the message never echoes it. */
function metricsToken(env: NodeJS.ProcessEnv): string | null {
  const token = setting(env, 'LANTERN_METRICS_TOKEN');
  if (token !== null && (token.length < 32 || /\s/.test(token))) {
    throw new ConfigError('LANTERN_METRICS_TOKEN must be at least 32 characters with no spaces (for example: openssl rand -hex 32)');
  }
  return token;
}

/**
 * LANTERN_NOTIFY_API_KEY with LANTERN_NOTIFY_EMAIL_TEMPLATE_ID and LANTERN_NOTIFY_SMS_TEMPLATE_ID: alerts
 * also go by email and text message through GOV.UK Notify (ADR 18). Unset, alerts are in the inbox and
 * webhooks only.
 */
function notifySettings(env: NodeJS.ProcessEnv): NotifySettings | null {
  const apiKey = setting(env, 'LANTERN_NOTIFY_API_KEY');
  if (apiKey === null) return null;
  // A Notify key is its name, the service's id and the secret, the last two UUIDs; the message never echoes it.
  if (!/-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(apiKey)) {
    throw new ConfigError(
      'LANTERN_NOTIFY_API_KEY is not a GOV.UK Notify API key (its name, then the service id and secret): copy it from Notify’s API integration page',
    );
  }
  const emailTemplateId = setting(env, 'LANTERN_NOTIFY_EMAIL_TEMPLATE_ID');
  const smsTemplateId = setting(env, 'LANTERN_NOTIFY_SMS_TEMPLATE_ID');
  if (emailTemplateId === null || smsTemplateId === null) {
    throw new ConfigError(
      'LANTERN_NOTIFY_API_KEY is set: also set LANTERN_NOTIFY_EMAIL_TEMPLATE_ID and LANTERN_NOTIFY_SMS_TEMPLATE_ID to the ids of the Notify templates alerts use (README)',
    );
  }
  const baseUrl = setting(env, 'LANTERN_NOTIFY_BASE_URL');
  return { apiKey, emailTemplateId, smsTemplateId, ...(baseUrl === null ? {} : { baseUrl }) };
}

/** LANTERN_PUBLIC_URL: an http(s) address without credentials, query or fragment; its trailing slashes dropped. */
function publicUrl(env: NodeJS.ProcessEnv): string | null {
  if (setting(env, 'LANTERN_BASE_URL') !== null) throw new ConfigError('LANTERN_BASE_URL is now called LANTERN_PUBLIC_URL: rename the setting');
  const raw = setting(env, 'LANTERN_PUBLIC_URL');
  if (raw === null) return null;
  const help = 'LANTERN_PUBLIC_URL must be the address people reach Lantern at, for example https://lantern.example.gov.uk';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${help}; it is not a web address`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(`${help}, with no user name, password, query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Words that mark a secret copied from an example rather than made for this service. */
const PLACEHOLDER = /example|change.?me|secret|password|test|dummy|placeholder/i;

/**
 * Why production must not start with this configuration (issue 16, item 5): each problem names the setting and
 * what to do. Checked by the server before it opens anything; other commands (setup, migrate) do not serve pages.
 */
export function productionProblems(config: Config): string[] {
  if (config.environment !== 'production') return [];
  const problems: string[] = [];
  if (config.publicUrl === null || !config.publicUrl.startsWith('https://')) {
    problems.push('LANTERN_PUBLIC_URL must be the https:// address people reach Lantern at: production runs only behind TLS');
  }
  if (config.demoRequested) problems.push('LANTERN_DEMO_CHILDREN is set: production never seeds the fictional demo. Unset it');
  for (const provider of config.oidcProviders) {
    if (provider.clientSecret.length < 32 || PLACEHOLDER.test(provider.clientSecret)) {
      problems.push(
        `LANTERN_OIDC_PROVIDERS: the client secret of ${provider.organisationCode} is short or looks like an example: use the secret your identity provider generated (32 characters or more)`,
      );
    }
    if (!provider.issuer.startsWith('https://') || !provider.redirectUri.startsWith('https://')) {
      problems.push(`LANTERN_OIDC_PROVIDERS: the issuer and redirectUri of ${provider.organisationCode} must be https:// addresses`);
    }
  }
  if (config.metricsToken !== null && PLACEHOLDER.test(config.metricsToken)) {
    problems.push('LANTERN_METRICS_TOKEN looks like an example: make one with openssl rand -hex 32');
  }
  return problems;
}

/** Reads the environment once, failing fast with a message that names the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const environmentName = env['LANTERN_ENV'] ?? 'development';
  if (environmentName !== 'development' && environmentName !== 'production' && environmentName !== 'test') {
    throw new ConfigError(`LANTERN_ENV must be development, production or test; it is "${environmentName}"`);
  }
  const databaseUrl = env['DATABASE_URL'];
  const readUrl = setting(env, 'DATABASE_READ_URL');
  if (readUrl !== null && (databaseUrl === undefined || databaseUrl === '')) {
    throw new ConfigError(
      'DATABASE_READ_URL is set but DATABASE_URL is not: replicas serve reads only beside a PostgreSQL primary. Set DATABASE_URL, or unset DATABASE_READ_URL',
    );
  }
  const database: DatabaseLocation =
    databaseUrl !== undefined && databaseUrl !== ''
      ? { engine: 'postgres', url: databaseUrl, poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200), ...(readUrl === null ? {} : { readUrl }) }
      : { engine: 'pglite', dataDir: path.resolve(env['LANTERN_DATA_DIR'] ?? 'data') };
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicAddress = publicUrl(env);
  return Object.freeze({
    environment: environmentName,
    port,
    host: env['HOST'] ?? '0.0.0.0',
    database,
    logLevel: env['LOG_LEVEL'] ?? (environmentName === 'test' ? 'silent' : 'info'),
    demoChildren: integer(env, 'LANTERN_DEMO_CHILDREN', 2000, 0, 1_000_000),
    demoRequested: setting(env, 'LANTERN_DEMO_CHILDREN') !== null,
    publicUrl: publicAddress,
    sessionIdleMinutes: integer(env, 'LANTERN_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    oidcProviders: oidcProviders(env),
    trustProxy: trustProxy(env),
    breakGlassPerDay: integer(env, 'LANTERN_BREAK_GLASS_PER_DAY', BREAK_GLASS_PER_DAY, 1, 50),
    auditCheckpoints: auditCheckpoints(env),
    metricsToken: metricsToken(env),
    apiRateLimits: {
      perToken: integer(env, 'LANTERN_API_REQUESTS_PER_MINUTE', 600, 1, 1_000_000),
      perOrganisation: integer(env, 'LANTERN_API_ORGANISATION_REQUESTS_PER_MINUTE', 3000, 1, 1_000_000),
    },
    alerts: {
      baseUrl: publicAddress ?? `http://localhost:${port}`,
      notify: notifySettings(env),
      retentionDays: integer(env, 'LANTERN_ALERT_RETENTION_DAYS', 30, 1, 3650),
    },
  });
}
