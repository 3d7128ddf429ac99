import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines, at most every few seconds, otherwise (CI, logs). */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% {value}/{total} {eta_formatted} left`, stream },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.update(done);
      },
      stop: () => {
        bar.stop();
      },
    };
  }
  let lastAt = 0;
  return {
    update(done, total) {
      const now = Date.now();
      if (done === total || now - lastAt > 3000) {
        lastAt = now;
        stream.write(`${label}: ${done} of ${total} (${Math.floor((done / Math.max(total, 1)) * 100)}%)\n`);
      }
    },
    stop: () => undefined,
  };
}
