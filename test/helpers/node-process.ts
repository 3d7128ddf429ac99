import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * Runs `script` (an ES module) in a Node process of its own, and resolves once it prints `ready`:
 * for tests that kill a process holding something (a lock, a database).
 */
export async function nodeProcessUntil(script: string, ready: string): Promise<ChildProcessByStdio<null, Readable, null>> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(ready)) resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`The process exited before it was ready (code ${code ?? '?'})`));
    });
  });
  return child;
}
