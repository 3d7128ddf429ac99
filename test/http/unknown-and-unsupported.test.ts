import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_FOUND_PER_MINUTE } from '../../src/plugins/rate-limits.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { titleOf } from '../helpers/web-client.ts';

// What a path that does not exist, or a method a path does not have, gets: the GOV.UK pages for the web
// pages, problem details for the API, and never a crash.

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const isApi = (url: string) => url.startsWith('/api/') || url === '/health' || url.startsWith('/health/');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe('an address that does not exist', () => {
  it('should get the GOV.UK "Page not found" page outside the API', async () => {
    for (const url of ['/no-such-page', '/children/find/extra', '/assets/../../package.json', '/apiary']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(titleOf(response.body), url).toBe('Page not found – Lantern');
    }
  });

  it('should get problem details under /api', async () => {
    for (const url of ['/api/v1/no-such-thing', '/api/v2/children', '/api/', '/api']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/problem+json');
      expect(response.json(), url).toMatchObject({ status: 404, title: 'Not found' });
    }
  });

  it('should be refused with 429 to an address that asks for too many, pages and API alike, and not to others', async () => {
    const from = (remoteAddress: string, url: string) => t.app.inject({ method: 'GET', url, remoteAddress });
    for (let count = 0; count < NOT_FOUND_PER_MINUTE; count += 1) {
      expect((await from('203.0.113.7', count % 2 === 0 ? `/probe-${count}` : `/api/v1/probe-${count}`)).statusCode).toBe(404);
    }
    const page = await from('203.0.113.7', '/probe-again');
    expect(page.statusCode).toBe(429);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['retry-after']).toBeDefined();
    const api = await from('203.0.113.7', '/api/v1/probe-again');
    expect(api.statusCode).toBe(429);
    expect(api.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    // Pages that exist, and other addresses, are not limited.
    expect((await from('203.0.113.7', '/accessibility')).statusCode).toBe(200);
    expect((await from('203.0.113.8', '/probe-again')).statusCode).toBe(404);
  });
});

describe('a method a path does not have', () => {
  it('should get 405 with the methods it has in Allow, for every route', async () => {
    const methodsByUrl = new Map<string, Set<string>>();
    for (const { method, url } of t.app.registeredRoutes) methodsByUrl.set(url, (methodsByUrl.get(url) ?? new Set()).add(method));
    expect(methodsByUrl.size).toBeGreaterThan(60);
    // /metrics is the metrics plugin's, outside the pages and the API (it answers its own 403 first): not yet covered.
    for (const [route, methods] of [...methodsByUrl].filter(([route]) => route !== '/metrics')) {
      const url = route.replaceAll(/:\w+/g, crypto.randomUUID()).replace('*', 'govuk-crest.svg');
      const method = METHODS.find((candidate) => !methods.has(candidate));
      if (method === undefined) continue;
      const response = await t.app.inject({ method, url });
      const where = `${method} ${url}`;
      expect(response.statusCode, where).toBe(405);
      const allowed = new Set(response.headers['allow']?.toString().split(', '));
      expect(allowed, where).toEqual(new Set([...methods, ...(methods.has('GET') ? ['HEAD'] : [])]));
      if (isApi(route)) expect(response.json(), where).toMatchObject({ status: 405, title: 'Method not allowed' });
      else expect(titleOf(response.body), where).toBe('There is a problem – Lantern');
    }
  });
});
