// The open-loop load generator of suite `load`, in a worker thread of its own so that its CPU
// is counted apart from the server's. Each request is sent at its instant on a fixed schedule,
// whether or not earlier ones have been answered, and timed from that instant: a server that
// falls behind shows as latency, not as a slower generator (no coordinated omission).
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { episodeBody, episodeTimes } from './load.ts';
import type { ChildSlot } from './load.ts';
import { dueAt, dueBy, KINDS, pickWeighted } from './open-loop.ts';
import type { Category, Kind } from './open-loop.ts';

/** An episode the generator reported and has yet to close or record the interview of. */
interface OpenEpisode {
  readonly childId: string;
  readonly episodeId: string;
  readonly version: number;
  readonly slot: number;
}

/** The write children's state, carried from one run to the next so that no two episodes of a child overlap. */
export interface WriteState {
  /** Children with no open episode, each with its next free slot. */
  readonly free: ChildSlot[];
  readonly awaitingReturn: OpenEpisode[];
  readonly awaitingInterview: OpenEpisode[];
}

export interface MixedLoadJob {
  readonly port: number;
  /** The bare HTTP insert's server (startBareHttpInsert), for its run. */
  readonly barePort: number | null;
  /** The web session's cookie, and the search form's CSRF token and cookie. */
  readonly cookie: string;
  readonly csrf: { readonly token: string; readonly cookie: string };
  readonly token: string;
  /** Children the page views and API reads open, with a family name to search for. */
  readonly readChildren: readonly { readonly id: string; readonly familyName: string }[];
  readonly writes: WriteState;
  readonly weights: Readonly<Partial<Record<Category, number>>>;
  readonly perSecond: number;
  readonly seconds: number;
  /** A request unanswered after this long is an error. */
  readonly timeoutMs: number;
}

interface KindResult {
  readonly timesMs: number[];
  errors: number;
  firstError: string | null;
}

export interface MixedLoadResult {
  readonly byKind: Partial<Record<Kind, KindResult>>;
  readonly scheduled: number;
  readonly elapsedMs: number;
  /** The longest a request waited past its instant before it was sent: the generator's own lag. */
  readonly maxSendLagMs: number;
  /** CPU time of this thread during the run. */
  readonly generatorCpuMs: number;
  readonly writes: WriteState;
}

interface Outgoing {
  readonly kind: Kind;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly port: number;
  readonly headers: Record<string, string>;
  readonly body: string | null;
  readonly expect: number;
  /** What the answer changes in the write state. */
  readonly onAnswer?: (text: string) => void;
  /** What a failed write gives back to the write state, so the child is not lost to later runs. */
  readonly onFailure?: () => void;
}

const job = workerData as MixedLoadJob;
const free = [...job.writes.free];
const awaitingReturn = [...job.writes.awaitingReturn];
const awaitingInterview = [...job.writes.awaitingInterview];
// An idle socket is closed here before the server's keep-alive timeout (10 s, src/app.ts) closes it,
// so that no request is sent on a socket the server is closing at that instant (ECONNRESET).
const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256, timeout: 4_000 });
const json = { authorization: `Bearer ${job.token}`, 'content-type': 'application/json' };
const categoryCredit = new Map<Category, number>();
const kindCredit = new Map<string, number>();
let readCursor = 0;

function nextReadChild(): { id: string; familyName: string } {
  const child = job.readChildren[readCursor++ % job.readChildren.length];
  if (child === undefined) throw new Error('No children to read');
  return child;
}

function pickKind(category: Category): Kind {
  return pickWeighted(Object.fromEntries(KINDS[category].map((kind) => [kind, 1])) as Record<Kind, number>, kindCredit as Map<Kind, number>);
}

/** The write the mix asks for, or the nearest one the state allows: a return needs an open episode, an interview a closed one. */
function writeKind(wanted: Kind): Kind {
  if (wanted === 'recordInterview' && awaitingInterview.length > 0) return wanted;
  if ((wanted === 'recordInterview' || wanted === 'recordReturn') && awaitingReturn.length > 0) return 'recordReturn';
  if (free.length > 0) return 'reportMissing';
  return awaitingReturn.length > 0 ? 'recordReturn' : 'recordInterview';
}

function parseEpisode(text: string): { id: string; version: number } {
  const episode = JSON.parse(text) as { id?: unknown; version?: unknown };
  if (typeof episode.id !== 'string' || typeof episode.version !== 'number') throw new Error('The answer has no episode id and version');
  return { id: episode.id, version: episode.version };
}

/** An API write's request: JSON with the bearer token. */
function apiWrite(kind: Kind, method: 'POST' | 'PUT', path: string, body: unknown, expect: number, port = job.port): Outgoing {
  return { kind, method, path, port, headers: json, body: JSON.stringify(body), expect };
}

/** The next free write child and its next slot (the slot is then taken). */
function takeSlot(): { child: ChildSlot; slot: number } {
  const child = free.shift();
  if (child === undefined) throw new Error('No write child is free: give the run more (BENCH_LOAD_WRITE_CHILDREN)');
  const slot = child.nextSlot;
  child.nextSlot += 1;
  return { child, slot };
}

function nextRequest(): Outgoing {
  const category = pickWeighted(job.weights as Record<Category, number>, categoryCredit);
  const kind = category === 'write' ? writeKind(pickKind(category)) : pickKind(category);
  const page = { cookie: job.cookie };
  switch (kind) {
    case 'myWork':
      return { kind, method: 'GET', path: '/', port: job.port, headers: page, body: null, expect: 200 };
    case 'record':
      return { kind, method: 'GET', path: `/children/${nextReadChild().id}`, port: job.port, headers: page, body: null, expect: 200 };
    case 'search':
      return {
        kind,
        method: 'POST',
        path: '/children/find',
        port: job.port,
        headers: { cookie: `${job.cookie}; ${job.csrf.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: job.csrf.token, name: nextReadChild().familyName }).toString(),
        expect: 200,
      };
    case 'apiChild':
      return { kind, method: 'GET', path: `/api/v1/children/${nextReadChild().id}`, port: job.port, headers: json, body: null, expect: 200 };
    case 'apiEpisodes':
      return { kind, method: 'GET', path: `/api/v1/missing-episodes?childId=${nextReadChild().id}`, port: job.port, headers: json, body: null, expect: 200 };
    case 'reportMissing': {
      const { child, slot } = takeSlot();
      // An open episode: the return closes it.
      const { endAt: _endAt, endReason: _endReason, ...open } = episodeBody(slot);
      return {
        ...apiWrite(kind, 'POST', `/api/v1/children/${child.id}/missing-episodes`, open, 201),
        onAnswer: (text) => {
          const episode = parseEpisode(text);
          awaitingReturn.push({ childId: child.id, episodeId: episode.id, version: episode.version, slot });
        },
        onFailure: () => free.push(child),
      };
    }
    case 'recordReturn': {
      const episode = awaitingReturn.shift();
      if (episode === undefined) throw new Error('No open episode to close');
      const { endAt, endReason, harmDisclosed, exploitationDisclosed } = episodeBody(episode.slot);
      return {
        ...apiWrite(
          kind,
          'POST',
          `/api/v1/missing-episodes/${episode.episodeId}/return`,
          { endAt, endReason, harmDisclosed, exploitationDisclosed, version: episode.version },
          200,
        ),
        onAnswer: (text) => {
          awaitingInterview.push({ ...episode, version: parseEpisode(text).version });
          free.push({ id: episode.childId, nextSlot: episode.slot + 1 });
        },
        onFailure: () => awaitingReturn.push(episode),
      };
    }
    case 'recordInterview': {
      const episode = awaitingInterview.shift();
      if (episode === undefined) throw new Error('Every write child has a write in flight: give the run more (BENCH_LOAD_WRITE_CHILDREN)');
      const hours = (n: number) => new Date(Date.parse(episodeTimes(episode.slot).endAt) + n * 3_600_000).toISOString();
      const interview = { response: 'ACCEPTED', offeredAt: hours(1), completedAt: hours(2), interviewerType: 'LA_WORKER', outcomes: ['NO_FURTHER_ACTION'] };
      return apiWrite(kind, 'PUT', `/api/v1/missing-episodes/${episode.episodeId}/return-interview`, interview, 200);
    }
    case 'bareInsert': {
      if (job.barePort === null) throw new Error('No bare insert server');
      // Closed episodes, as in suite api: the child stays free.
      const { child, slot } = takeSlot();
      free.push(child);
      return apiWrite(kind, 'POST', `/api/v1/children/${child.id}/missing-episodes`, episodeBody(slot), 201, job.barePort);
    }
  }
}

const byKind: Partial<Record<Kind, KindResult>> = {};

function record(kind: Kind, dueAtMs: number, failure: string | null): void {
  const result = (byKind[kind] ??= { timesMs: [], errors: 0, firstError: null });
  result.timesMs.push(performance.now() - dueAtMs);
  if (failure !== null) {
    result.errors += 1;
    result.firstError ??= failure;
  }
}

function send(outgoing: Outgoing, dueAtMs: number): Promise<void> {
  return new Promise((resolve) => {
    // A request and its response can both report one failure: count it once.
    let settled = false;
    const fail = (failure: string) => {
      if (settled) return;
      settled = true;
      outgoing.onFailure?.();
      record(outgoing.kind, dueAtMs, failure);
      resolve();
    };
    const req = request(
      {
        host: '127.0.0.1',
        port: outgoing.port,
        method: outgoing.method,
        path: outgoing.path,
        agent,
        headers: outgoing.body === null ? outgoing.headers : { ...outgoing.headers, 'content-length': String(Buffer.byteLength(outgoing.body)) },
        timeout: job.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => {
          fail(error.message);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== outgoing.expect) {
            fail(`${outgoing.method} ${outgoing.kind}: HTTP ${res.statusCode ?? '?'}: ${text.slice(0, 300)}`);
            return;
          }
          try {
            outgoing.onAnswer?.(text);
          } catch (error) {
            fail(`${outgoing.kind}: ${error instanceof Error ? error.message : String(error)}`);
            return;
          }
          settled = true;
          record(outgoing.kind, dueAtMs, null);
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${job.timeoutMs} ms`)));
    req.on('error', (error) => {
      fail(`${outgoing.kind}: ${error.message}`);
    });
    req.end(outgoing.body ?? undefined);
  });
}

/** The next request at its instant; a write that no write child is free for is counted as that write's error. */
function sendNext(dueAtMs: number): Promise<void> {
  try {
    return send(nextRequest(), dueAtMs);
  } catch (error) {
    record('reportMissing', dueAtMs, error instanceof Error ? error.message : String(error));
    return Promise.resolve();
  }
}

const cpuBefore = process.threadCpuUsage();
const scheduled = Math.round(job.perSecond * job.seconds);
const inFlight: Promise<void>[] = [];
let maxSendLagMs = 0;
const started = performance.now();
await new Promise<void>((done) => {
  let sent = 0;
  const tick = () => {
    const now = performance.now();
    const due = Math.min(scheduled, dueBy(now - started, job.perSecond));
    for (; sent < due; sent++) {
      const dueAtMs = started + dueAt(sent, job.perSecond);
      maxSendLagMs = Math.max(maxSendLagMs, now - dueAtMs);
      inFlight.push(sendNext(dueAtMs));
    }
    if (sent >= scheduled) {
      done();
      return;
    }
    setTimeout(tick, Math.max(0, started + dueAt(sent, job.perSecond) - performance.now()));
  };
  tick();
});
await Promise.all(inFlight);
const elapsedMs = performance.now() - started;
agent.destroy();
const cpu = process.threadCpuUsage(cpuBefore);
const message: MixedLoadResult = {
  byKind,
  scheduled,
  elapsedMs,
  maxSendLagMs,
  generatorCpuMs: (cpu.user + cpu.system) / 1000,
  writes: { free, awaitingReturn, awaitingInterview },
};
parentPort?.postMessage(message);
