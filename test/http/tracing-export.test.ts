import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { tracingFromEnvironment } from '../../src/telemetry.ts';

// OTEL_EXPORTER_OTLP_ENDPOINT switches tracing on, and the spans reach an OTLP receiver (one of the
// test's own, in process) as OTLP over HTTP.

const received: { path: string; type: string; body: Buffer }[] = [];
const receiver = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    received.push({ path: request.url ?? '', type: request.headers['content-type'] ?? '', body: Buffer.concat(chunks) });
    response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});

let t: TestApp;
beforeAll(async () => {
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
  receiver.close();
});

describe('tracing from the environment', () => {
  it('should be off without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(tracingFromEnvironment({})).toBeNull();
    expect(tracingFromEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeNull();
  });

  it('should send spans to the OTLP endpoint named', async () => {
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    // The exporter reads the standard variables itself, as it would in production.
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
    const tracing = tracingFromEnvironment({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: 'lantern-under-test' });
    expect(tracing).not.toBeNull();
    const app = await buildApp({ services: t.services, engine: t.handle.engine, tracing: tracing!.plugin });
    try {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await tracing!.shutdown();
      delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    }
    expect(received.map((request) => [request.path, request.type])).toEqual([['/v1/traces', 'application/x-protobuf']]);
    // Protocol buffers keep strings as they are: the service and the route are in the body.
    const body = received[0]!.body.toString('latin1');
    expect(body).toContain('lantern-under-test');
    expect(body).toContain('/health/ready');
  });
});
