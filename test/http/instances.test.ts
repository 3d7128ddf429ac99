import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { createServices } from '../../src/services/index.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, webClient } from '../helpers/web-client.ts';
import { KENT } from './api-helpers.ts';

// Issue 16, item 1: any number of Lantern processes share one database. Each instance here has its
// own services and Fastify app over the same database, as two processes behind a load balancer
// would; nothing but the database is shared between them.

let first: TestApp;
let second: FastifyInstance;

beforeAll(async () => {
  first = await buildTestApp();
  const services = createServices({ db: first.handle.db, now: first.clock.now, newId: randomUUID });
  second = await buildApp({ services, engine: first.handle.engine });
  await second.ready();
});
afterAll(async () => {
  await second.close();
  await first.close();
});

/** The same browser, its requests sent to `app`. */
function sameBrowserAt(app: FastifyInstance, cookies: ReadonlyMap<string, string>) {
  const client = webClient(app);
  for (const [name, value] of cookies) client.cookies.set(name, value);
  return client;
}

describe('several instances on one database', () => {
  it('should keep a person signed in on whichever instance answers, and sign out on either', async () => {
    const { client: atFirst } = await signedInClient(first.app, first.services, KENT, 'social_worker');
    expect((await atFirst.get('/')).body).toContain('My work');

    const atSecond = sameBrowserAt(second, atFirst.cookies);
    const page = await atSecond.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('My work');

    const out = await atSecond.post('/sign-out', {});
    expect(out.headers.location).toBe('/sign-in?signed-out=1');
    expect((await atFirst.get('/')).headers.location).toBe('/sign-in');
  });

  it('should sign out on the first instance a session the second was using', async () => {
    const { client: atFirst } = await signedInClient(first.app, first.services, KENT, 'team_manager');
    const atSecond = sameBrowserAt(second, atFirst.cookies);
    expect((await atSecond.get('/')).statusCode).toBe(200);
    await atFirst.get('/');
    await atFirst.post('/sign-out', {});
    expect((await atSecond.get('/')).headers.location).toBe('/sign-in');
  });
});
