import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `bin/lantern setup` as an operator runs it on a new deployment's (embedded) database.

const MAIN = path.join(import.meta.dirname, 'main.ts');
let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-setup-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function lantern(args: string[], stdin: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, LANTERN_DATA_DIR: dataDir, LANTERN_ENV: 'production', LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  child.stdin.end(stdin);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out, err };
}

const SETUP = ['setup', '--email', 'first.admin@national.example.gov.uk', '--name', 'First Administrator'];

describe('bin/lantern setup', () => {
  it('should create the national unit and its first administrator once, then refuse, and let the national unit have accounts', async () => {
    const first = await lantern(SETUP, 'a long and unusual passphrase\n');
    expect(first.err).toBe('');
    expect(first.out).toContain('Created the national unit NATIONAL-UNIT and created its system administrator first.admin@national.example.gov.uk');
    expect(first.out).toMatch(/secret: [A-Z2-7]{32}\n\s+otpauth:\/\/totp\//);
    expect(first.code).toBe(0);

    const again = await lantern([...SETUP.slice(0, 2), 'second.admin@national.example.gov.uk', ...SETUP.slice(3)], 'another long passphrase\n');
    expect(again.err).toContain('lantern: Lantern is already set up: it has a system administrator. Nothing was changed.');
    expect(again.out).toBe('');
    expect(again.code).toBe(1);

    const analyst = await lantern(
      ['user', 'create', '--organisation', 'NATIONAL-UNIT', '--role', 'national_analyst', '--email', 'analyst@national.example.gov.uk', '--name', 'Analyst'],
      'a third long passphrase\n',
    );
    expect(analyst.err).toBe('');
    expect(analyst.out).toContain('Account created.');
    expect(analyst.code).toBe(0);
  }, 300_000);
});
