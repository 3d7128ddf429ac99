import { Command } from 'commander';
import { vi } from 'vitest';

/** What a command printed, and the exit code it set. */
export interface CommandRun {
  readonly exitCode: number;
  readonly out: string[];
  readonly err: string[];
}

/**
 * Runs `lantern <args>` in-process with the commands `register` adds: what they print (console and
 * commander's own output) and the exit code they set (commands set process.exitCode rather than exiting).
 */
export async function runLantern(register: (program: Command) => void, args: readonly string[]): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const program = new Command()
    .name('lantern')
    .exitOverride()
    .configureOutput({ writeOut: (text) => void out.push(text), writeErr: (text) => void err.push(text) });
  register(program);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'lantern', ...args]);
    return { exitCode: exitCodeSet(), out, err };
  } catch (caught) {
    if (caught instanceof Error && 'exitCode' in caught && typeof caught.exitCode === 'number') return { exitCode: caught.exitCode, out, err };
    throw caught;
  } finally {
    process.exitCode = undefined;
    log.mockRestore();
    error.mockRestore();
  }
}

/** The exit code the command set (read through a function: the assignment above would narrow it). */
function exitCodeSet(): number {
  return Number(process.exitCode ?? 0);
}
