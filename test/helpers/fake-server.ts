import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

// Servers that stand in for GOV.UK Notify and for a webhook receiver in the alert delivery tests, and a wait
// on a state, however busy the machine.

interface Received {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface FakeServer {
  readonly url: string;
  /** Every request, in the order it came. */
  readonly received: Received[];
  close(): Promise<void>;
}

/**
 * A server that records each request and answers with the status `answer` gives, or, for null, never
 * answers: a receiver that took the message in and whose answer was lost.
 */
export async function fakeServer(answer: (request: Received) => number | null): Promise<FakeServer> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const status = answer(entry);
      if (status !== null) response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ id: randomUUID() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

/** The webhook-id of a Standard Webhooks message whose signature the secret verifies; null for any other request. */
export function verifiedWebhookId(request: Received, secret: string): string | null {
  const id = String(request.headers['webhook-id']);
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': id,
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    return id;
  } catch {
    return null;
  }
}

/** Waits for a state, however busy the machine: polls until `check` passes. */
export async function until(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
