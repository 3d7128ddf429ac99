import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import type { TrustProxy } from '../../src/config.ts';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { apiClient, createLookedAfterChild, KENT } from './api-helpers.ts';

// Headers every response carries (issue 10, item 9), and where the audit trail says a request came from.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const lastViewOf = (childId: string) =>
  t.handle.db
    .selectFrom('auditEvent')
    .select('origin')
    .where('childId', '=', childId)
    .where('action', '=', 'VIEW_RECORD')
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();

describe('caching', () => {
  it('should forbid caching of every page and API answer, which may hold a child’s details', async () => {
    const worker = apiClient(t.app, await t.token(KENT, 'social_worker'));
    const { id } = await createLookedAfterChild(worker);
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const responses = [
      await client.get(paths.child(id)),
      await client.get(paths.home),
      await client.get('/no-such-page'),
      await t.app.inject({ method: 'GET', url: paths.signIn }),
      await t.app.inject({ method: 'GET', url: `/api/v1/children/${id}`, headers: { authorization: `Bearer ${await t.token(KENT, 'social_worker')}` } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/children' }),
      await t.app.inject({ method: 'GET', url: '/health' }),
    ];
    for (const response of responses) expect(response.headers['cache-control'], response.raw.req.url).toBe('no-store');
  });

  it('should let browsers cache the static assets, which hold nothing personal', async () => {
    for (const url of ['/stylesheets/govuk-frontend.min.css', '/javascripts/govuk-frontend.min.js', '/assets/images/favicon.ico']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).not.toContain('no-store');
    }
  });
});

describe('permissions policy', () => {
  it('should refuse the camera, microphone, location and other powerful features on every response', async () => {
    for (const url of [paths.signIn, '/api/v1/children', '/stylesheets/govuk-frontend.min.css']) {
      const policy = String((await t.app.inject({ method: 'GET', url })).headers['permissions-policy']);
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(policy, url).toContain(`${feature}=()`);
    }
  });
});

describe('where a request came from', () => {
  it('should ignore X-Forwarded-For unless told to trust the proxy, so a client cannot choose the origin audited', async () => {
    const token = await t.token(KENT, 'social_worker');
    const { id } = await createLookedAfterChild(apiClient(t.app, token));
    await t.app.inject({
      method: 'GET',
      url: `/api/v1/children/${id}`,
      remoteAddress: '203.0.113.9',
      headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '198.51.100.1' },
    });
    expect((await lastViewOf(id)).origin).toBe('203.0.113.9');
  });

  /** The origin audited for a view of a child through an app that trusts `trustProxy`, for each [connection, X-Forwarded-For]. */
  async function originsBehind(trustProxy: TrustProxy, requests: readonly (readonly [string, string])[]): Promise<(string | null)[]> {
    // Another app over the same services and database, set to trust the proxy.
    const behindProxy = await buildApp({ services: t.services, engine: t.handle.engine, trustProxy });
    try {
      const token = await t.token(KENT, 'social_worker');
      const { id } = await createLookedAfterChild(apiClient(behindProxy, token));
      const origins: (string | null)[] = [];
      for (const [remoteAddress, forwardedFor] of requests) {
        await behindProxy.inject({
          method: 'GET',
          url: `/api/v1/children/${id}`,
          remoteAddress,
          headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
        });
        origins.push((await lastViewOf(id)).origin);
      }
      return origins;
    } finally {
      await behindProxy.close();
    }
  }

  it('should take the client’s address from a trusted proxy’s X-Forwarded-For, and only from it', async () => {
    // Through the proxy: the client's address, not the proxy's, nor one the client wrote in front of it.
    // Straight from the internet: the header is the client's own words, and is ignored.
    expect(
      await originsBehind(
        ['10.0.0.0/8'],
        [
          ['10.1.2.3', '192.0.2.66, 198.51.100.7'],
          ['203.0.113.9', '198.51.100.7'],
        ],
      ),
    ).toEqual(['198.51.100.7', '203.0.113.9']);
  });

  it('should believe as many proxies as the number of hops it is told, and no more', async () => {
    expect(await originsBehind(1, [['10.1.2.3', '192.0.2.66, 198.51.100.7']])).toEqual(['198.51.100.7']);
    expect(await originsBehind(2, [['10.1.2.3', '192.0.2.66, 198.51.100.7']])).toEqual(['192.0.2.66']);
  });
});
