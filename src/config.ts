import type { NotifySettings } from './queue/alert-channels.ts';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { DatabaseLocation } from './db/client.ts';
import { BREAK_GLASS_PER_DAY } from './domain/break-glass.ts';
import type { OidcProviderConfig } from './services/oidc-sign-in.ts';

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly database: DatabaseLocation;
  readonly logLevel: string;
  /** Children in the demo population seeded on a first start outside production. */
  readonly demoChildren: number;
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
  /** Where alert emails, text messages and webhooks link to, and GOV.UK Notify's key and templates (null: no email or text messages). */
  readonly alerts: { readonly baseUrl: string; readonly notify: NotifySettings | null };
  /** LANTERN_METRICS_TOKEN: the bearer token that opens /metrics from anywhere; null for loopback only. */
  readonly metricsToken: string | null;
}

export interface AuditCheckpointConfig {
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
  return Object.freeze({
    environment: environmentName,
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env['HOST'] ?? '0.0.0.0',
    database,
    logLevel: env['LOG_LEVEL'] ?? (environmentName === 'test' ? 'silent' : 'info'),
    demoChildren: integer(env, 'LANTERN_DEMO_CHILDREN', 2000, 0, 1_000_000),
    sessionIdleMinutes: integer(env, 'LANTERN_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    oidcProviders: oidcProviders(env),
    trustProxy: trustProxy(env),
    breakGlassPerDay: integer(env, 'LANTERN_BREAK_GLASS_PER_DAY', BREAK_GLASS_PER_DAY, 1, 50),
    auditCheckpoints: auditCheckpoints(env),
    metricsToken: metricsToken(env),
    alerts: {
      baseUrl: (setting(env, 'LANTERN_BASE_URL') ?? `http://localhost:${integer(env, 'PORT', 3000, 0, 65535)}`).replace(/\/+$/, ''),
      notify: notifySettings(env),
    },
  });
}
