// The HTTP clients, in a worker thread of their own so that making requests does not take
// turns with the server on the main thread's event loop.
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { episodeBody, nextTarget, runClients } from './load.ts';
import type { ClientPlan, LoadResult, StopAfter } from './load.ts';

export interface HttpLoadJob {
  readonly port: number;
  readonly token: string;
  readonly plans: ClientPlan[];
  readonly stopAfter: StopAfter;
}

export interface HttpLoadResult extends LoadResult {
  /** CPU time of the clients' thread during the run. */
  readonly clientThreadCpuMs: number;
}

const job = workerData as HttpLoadJob;
// One kept-alive connection per client, as a case-management system's connection pool would hold.
const agent = new Agent({ keepAlive: true, maxSockets: job.plans.length, maxFreeSockets: job.plans.length });

function post(path: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: job.port,
        method: 'POST',
        path,
        agent,
        headers: { authorization: `Bearer ${job.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const cpuBefore = process.threadCpuUsage();
const result: LoadResult = await runClients(job.plans, job.stopAfter, async (plan, n) => {
  const { childId, slot } = nextTarget(plan, n);
  const body = JSON.stringify(episodeBody(slot));
  try {
    const response = await post(`/api/v1/children/${childId}/missing-episodes`, body);
    return response.status === 201 ? null : `HTTP ${response.status}: ${response.text.slice(0, 500)}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
});
agent.destroy();
const cpu = process.threadCpuUsage(cpuBefore);
const message: HttpLoadResult = { ...result, clientThreadCpuMs: (cpu.user + cpu.system) / 1000 };
parentPort?.postMessage(message);
