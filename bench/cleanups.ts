/** Things to undo at the end of a run, last first: also run on error and on Ctrl-C. */
export class Cleanups {
  readonly #steps: (() => Promise<void>)[] = [];

  get length(): number {
    return this.#steps.length;
  }

  push(step: () => Promise<void>): void {
    this.#steps.push(step);
  }

  /** Runs, last first, the steps added since `mark`, and forgets them. Failures are reported, not thrown. */
  async runFrom(mark: number): Promise<void> {
    while (this.#steps.length > mark) {
      const step = this.#steps.pop();
      try {
        await step?.();
      } catch (error) {
        process.stderr.write(`Cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}

export type Log = (line: string) => void;
