import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { startTracing } from '../../src/telemetry.ts';
import type { Tracing } from '../../src/telemetry.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { apiClient, createLookedAfterChild, KENT } from './api-helpers.ts';

// Traces through the SDK's in-memory exporter: a span per request named by its route pattern, and on
// PostgreSQL a span per statement beneath it; no query string and no statement text in any span.

const exporter = new InMemorySpanExporter();
let tracing: Tracing;
let t: TestApp;
let traced: TestApp['app'];
beforeAll(async () => {
  tracing = startTracing(new SimpleSpanProcessor(exporter));
  t = await buildTestApp();
  traced = await buildApp({ services: t.services, engine: t.handle.engine, tracing: tracing.plugin });
  await traced.ready();
});
afterAll(async () => {
  await traced.close();
  await t.close();
  await tracing.shutdown();
});

describe('traces', () => {
  it('should trace a request by its route pattern, with its statements beneath it on PostgreSQL', async () => {
    const token = await t.token(KENT, 'social_worker');
    const kent = apiClient(traced, token);
    const { id } = await createLookedAfterChild(kent);
    exporter.reset();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const response = await traced.inject({
      method: 'GET',
      url: `/api/v1/children/${id}?include=Someone`,
      headers: { authorization: `Bearer ${token}`, traceparent },
    });
    expect(response.statusCode).toBe(200);

    const spans = exporter.getFinishedSpans();
    const request = spans.find((span) => span.attributes['http.route'] === '/api/v1/children/:id' && span.name === 'request');
    expect(request).toBeDefined();
    // Continues the caller's trace.
    expect(request?.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(request?.attributes['url.path']).toBe(`/api/v1/children/${id}`);
    expect(request?.resource.attributes['service.name']).toBe('lantern');
    const statements = spans.filter((span) => span.attributes['db.system.name'] === 'postgresql');
    if (t.handle.engine === 'postgres') {
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) expect(statement.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(statements.map((span) => span.name)).toContain('SELECT');
    } else {
      expect(statements).toEqual([]);
    }
    const everything = JSON.stringify(spans.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events })));
    expect(everything).not.toContain('Someone');
    expect(everything).not.toMatch(/select .* from/i);
  });
});
