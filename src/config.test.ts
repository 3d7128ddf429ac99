import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, productionProblems } from './config.ts';

const provider = {
  organisationCode: 'E10000016',
  issuer: 'https://idp.kent.example',
  clientId: 'lantern',
  clientSecret: 'very-secret-value',
  redirectUri: 'https://lantern.example/sign-in/callback/E10000016',
};

describe('configuration', () => {
  it('should default to the embedded database in ./data on port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ environment: 'development', port: 3000, database: { engine: 'pglite' }, oidcProviders: [] });
  });

  it('should end idle sessions after 30 minutes unless told otherwise', () => {
    expect(loadConfig({}).sessionIdleMinutes).toBe(30);
    expect(loadConfig({ LANTERN_SESSION_IDLE_MINUTES: '15' }).sessionIdleMinutes).toBe(15);
    expect(() => loadConfig({ LANTERN_SESSION_IDLE_MINUTES: '0' })).toThrow(ConfigError);
  });

  it('should keep finished alert work for 30 days unless told otherwise', () => {
    expect(loadConfig({}).alerts.retentionDays).toBe(30);
    expect(loadConfig({ LANTERN_ALERT_RETENTION_DAYS: '90' }).alerts.retentionDays).toBe(90);
    expect(() => loadConfig({ LANTERN_ALERT_RETENTION_DAYS: '0' })).toThrow(/LANTERN_ALERT_RETENTION_DAYS must be a whole number from 1 to 3650/);
  });

  it('should use PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/lantern' }).database).toMatchObject({ engine: 'postgres', url: 'postgres://db/lantern' });
  });

  it('should read replicas through DATABASE_READ_URL beside DATABASE_URL only', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db/lantern' }).database).not.toHaveProperty('readUrl');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/lantern', DATABASE_READ_URL: 'postgres://replicas/lantern' }).database).toMatchObject({
      url: 'postgres://db/lantern',
      readUrl: 'postgres://replicas/lantern',
    });
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replicas/lantern' })).toThrow(/DATABASE_READ_URL is set but DATABASE_URL is not/);
  });

  it('should open /metrics to loopback only unless a long metrics token is set', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    const token = 'f'.repeat(64);
    expect(loadConfig({ LANTERN_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => loadConfig({ LANTERN_METRICS_TOKEN: 'short-secret' })).toThrow(
      new ConfigError('LANTERN_METRICS_TOKEN must be at least 32 characters with no spaces (for example: openssl rand -hex 32)'),
    );
  });

  it('should name the variable and the allowed range for a bad port', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT must be a whole number from 0 to 65535; it is "eighty"'));
  });

  it('should read OpenID Connect providers, and refuse bad ones naming the variable without echoing secrets', () => {
    expect(loadConfig({ LANTERN_OIDC_PROVIDERS: JSON.stringify([provider]) }).oidcProviders).toEqual([provider]);
    for (const bad of ['not json', JSON.stringify([{ ...provider, issuer: 42 }]), JSON.stringify([provider, provider])]) {
      let message = '';
      try {
        loadConfig({ LANTERN_OIDC_PROVIDERS: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toContain('LANTERN_OIDC_PROVIDERS');
      expect(message).not.toContain('very-secret-value');
    }
  });

  it('should believe no X-Forwarded-For unless LANTERN_TRUST_PROXY names the proxies, by hops or addresses', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ LANTERN_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ LANTERN_TRUST_PROXY: '10.0.0.0/8, 192.0.2.1,loopback, 2001:db8::/32' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '192.0.2.1',
      'loopback',
      '2001:db8::/32',
    ]);
    expect(() => loadConfig({ LANTERN_TRUST_PROXY: 'true' })).toThrow(/LANTERN_TRUST_PROXY must be the number of proxies .*"true" is neither/);
    expect(() => loadConfig({ LANTERN_TRUST_PROXY: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ LANTERN_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/"10.0.0.0\/33" is neither/);
  });

  it('should write audit checkpoints with a signing key into a folder, hourly unless told otherwise, and never without a key', () => {
    expect(loadConfig({}).auditCheckpoints).toBeNull();
    expect(
      loadConfig({ LANTERN_AUDIT_SIGNING_KEY_FILE: '/etc/lantern/audit.pem', LANTERN_AUDIT_CHECKPOINT_DIR: '/var/lib/lantern-checkpoints' }).auditCheckpoints,
    ).toEqual({
      signingKeyFile: '/etc/lantern/audit.pem',
      folder: '/var/lib/lantern-checkpoints',
      everyMinutes: 60,
    });
    // The command line may sign with the key alone (lantern audit checkpoint --out); the server refuses to start so.
    expect(loadConfig({ LANTERN_AUDIT_SIGNING_KEY_FILE: '/etc/lantern/audit.pem' }).auditCheckpoints).toMatchObject({ folder: null });
    expect(() => loadConfig({ LANTERN_AUDIT_CHECKPOINT_DIR: '/var/lib/lantern-checkpoints' })).toThrow(/LANTERN_AUDIT_SIGNING_KEY_FILE is not/);
    expect(() => loadConfig({ LANTERN_AUDIT_SIGNING_KEY_FILE: 'a', LANTERN_AUDIT_CHECKPOINT_DIR: 'b', LANTERN_AUDIT_CHECKPOINT_MINUTES: '0' })).toThrow(
      /LANTERN_AUDIT_CHECKPOINT_MINUTES/,
    );
  });
});

describe('production', () => {
  const safe = { LANTERN_ENV: 'production', LANTERN_PUBLIC_URL: 'https://lantern.example.gov.uk/' };

  it('should accept a production configuration behind TLS, and keep the address without its trailing slash', () => {
    const config = loadConfig(safe);
    expect(productionProblems(config)).toEqual([]);
    expect(config.publicUrl).toBe('https://lantern.example.gov.uk');
    expect(config.alerts.baseUrl).toBe('https://lantern.example.gov.uk');
  });

  it('should list every reason production may not start, naming each setting', () => {
    const problems = productionProblems(
      loadConfig({
        LANTERN_ENV: 'production',
        LANTERN_PUBLIC_URL: 'http://lantern.example.gov.uk',
        LANTERN_DEMO_CHILDREN: '0',
        LANTERN_METRICS_TOKEN: 'change-me-change-me-change-me-change-me',
        LANTERN_OIDC_PROVIDERS: JSON.stringify([
          { organisationCode: 'E10000016', issuer: 'http://idp.kent', clientId: 'lantern', clientSecret: 'short', redirectUri: 'https://l/cb' },
        ]),
      }),
    );
    expect(problems).toHaveLength(5);
    for (const name of [
      'LANTERN_PUBLIC_URL',
      'LANTERN_DEMO_CHILDREN',
      'LANTERN_METRICS_TOKEN',
      'client secret of E10000016',
      'issuer and redirectUri of E10000016',
    ]) {
      expect(problems.some((problem) => problem.includes(name))).toBe(true);
    }
  });

  it('should require a public address in production but not elsewhere', () => {
    expect(productionProblems(loadConfig({ LANTERN_ENV: 'production' }))).toEqual([expect.stringContaining('LANTERN_PUBLIC_URL must be the https://')]);
    expect(productionProblems(loadConfig({}))).toEqual([]);
  });

  it('should refuse a public address with a query or credentials, and the old name of the setting', () => {
    expect(() => loadConfig({ LANTERN_PUBLIC_URL: 'https://user:pw@lantern.example' })).toThrow(/LANTERN_PUBLIC_URL must be/);
    expect(() => loadConfig({ LANTERN_PUBLIC_URL: 'ftp://lantern.example' })).toThrow(/LANTERN_PUBLIC_URL must be/);
    expect(() => loadConfig({ LANTERN_PUBLIC_URL: 'not a url' })).toThrow(/not a web address/);
    expect(() => loadConfig({ LANTERN_BASE_URL: 'https://lantern.example' })).toThrow(/now called LANTERN_PUBLIC_URL/);
  });

  it('should refuse a GOV.UK Notify key that is not one, without echoing it', () => {
    const notify = { LANTERN_NOTIFY_EMAIL_TEMPLATE_ID: 'e', LANTERN_NOTIFY_SMS_TEMPLATE_ID: 's' };
    expect(() => loadConfig({ ...notify, LANTERN_NOTIFY_API_KEY: 'hunter2-hunter2' })).toThrow(/^LANTERN_NOTIFY_API_KEY is not a GOV.UK Notify API key/);
    expect(() => loadConfig({ ...notify, LANTERN_NOTIFY_API_KEY: 'hunter2-hunter2' })).not.toThrow(/hunter2/);
    const key = `lantern-${'1'.repeat(8)}-1111-1111-1111-${'1'.repeat(12)}-${'a'.repeat(8)}-aaaa-aaaa-aaaa-${'a'.repeat(12)}`;
    expect(loadConfig({ ...notify, LANTERN_NOTIFY_API_KEY: key }).alerts.notify).toMatchObject({ apiKey: key });
  });

  it('should read the API rate limits', () => {
    expect(loadConfig({}).apiRateLimits).toEqual({ perToken: 600, perOrganisation: 3000 });
    expect(() => loadConfig({ LANTERN_API_REQUESTS_PER_MINUTE: '0' })).toThrow(/LANTERN_API_REQUESTS_PER_MINUTE must be a whole number/);
  });
});
