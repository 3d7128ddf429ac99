import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '../test/helpers/test-database.ts';
import type { DatabaseHandle } from './db/client.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { refuseDemoAccountsInProduction, UnsafeProductionError } from './server.ts';
import { createServices } from './services/index.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('production safety', () => {
  it('should start in production with real accounts only, and refuse once a demo account exists', async () => {
    const services = createServices(
      { db: handle.db, now: () => new Date().toISOString(), newId: randomUUID },
      { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } },
    );
    await services.users.createUser({
      organisationCode: 'E10000016',
      role: 'team_manager',
      email: 'manager@kent.gov.example',
      displayName: 'Real Manager',
      password: 'a long and unusual passphrase',
    });
    await expect(refuseDemoAccountsInProduction(handle)).resolves.toBeUndefined();
    await services.users.createUser({
      organisationCode: 'E10000016',
      role: 'social_worker',
      email: 'social.worker@kent.demo.invalid',
      displayName: 'Demo',
      password: DEMO_PASSWORD,
    });
    await expect(refuseDemoAccountsInProduction(handle)).rejects.toBeInstanceOf(UnsafeProductionError);
  });
});

describe('starting on a port already in use', () => {
  it('should say which port is taken, release the data folder once, and exit with status 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-port-'));
    try {
      const server = spawn(process.execPath, [path.join(import.meta.dirname, 'cli', 'main.ts'), 'serve'], {
        env: { ...process.env, LANTERN_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LANTERN_DEMO_CHILDREN: '0', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await once(server, 'exit')) as [number | null];
      expect(output).toContain(`lantern: Port ${port} on 127.0.0.1 is already in use by another program`);
      expect(output).not.toMatch(/already released|at .*\.ts:\d+/);
      expect(code).toBe(1);
      expect(existsSync(path.join(dataDir, 'lantern.lock'))).toBe(false);
    } finally {
      taken.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('choosing what a process does', () => {
  it('should refuse a web-only or worker-only process on the embedded database, saying why', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'lantern-role-'));
    try {
      const server = spawn(process.execPath, [path.join(import.meta.dirname, 'cli', 'main.ts'), 'serve', '--role', 'web'], {
        env: { ...process.env, LANTERN_DATA_DIR: dataDir, DATABASE_URL: '', LANTERN_DEMO_CHILDREN: '0', LOG_LEVEL: 'silent' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const [code] = (await once(server, 'exit')) as [number | null];
      expect(output).toContain('lantern: --role web needs PostgreSQL (set DATABASE_URL)');
      expect(code).toBe(1);
      expect(existsSync(path.join(dataDir, 'lantern.lock'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
