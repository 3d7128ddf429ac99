import { closeSync, fsyncSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

// PGlite 0.4 on Node is not durable as it comes: it starts PostgreSQL with fsync off (-F), its
// default wal_sync_method (fdatasync) is a no-op in its Emscripten runtime, and Emscripten's
// Node file system has no fsync at all, so every fsync PostgreSQL asks for returns at once and
// nothing reaches the disk before the OS writes it back in its own time. A power cut could lose
// acknowledged writes or leave the data files inconsistent with the WAL. (PGlite's
// relaxedDurability option concerns only its IndexedDB file system in browsers.)
//
// Here PostgreSQL runs with fsync on and wal_sync_method=fsync, and Emscripten's Node file
// system gets the fsync it lacks, passed on to the real file (or folder). So a commit returns only
// once its WAL is on disk, and a checkpoint flushes the data files before the WAL that covers them
// is recycled: PostgreSQL's own guarantees. See docs/adr/0009-a-durable-embedded-database.md.

/** Told of each file or folder of the database flushed to disk, by its path. */
export type SyncObserver = (file: string) => void;

interface EmscriptenNodeFs {
  realPath(node: unknown): string;
  stream_ops: { fsync?: (stream: { node: unknown; nfd?: number }) => number };
}

/** Flushes one file or folder (its entries, not what is under them) to disk. */
export function fsyncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

class DurableNodeFS extends NodeFS {
  readonly #onSync: SyncObserver;

  constructor(dataDir: string, onSync: SyncObserver) {
    super(dataDir);
    this.#onSync = onSync;
  }

  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(pg, options);
    const giveFsync = (mod: { FS: { filesystems: { NODEFS: EmscriptenNodeFs } } }) => {
      const nodefs = mod.FS.filesystems.NODEFS;
      nodefs.stream_ops.fsync = (stream) => {
        const file = nodefs.realPath(stream.node);
        // A regular file has its own descriptor; a folder (after a file is created or renamed in it) does not.
        if (stream.nfd === undefined) fsyncPath(file);
        else fsyncSync(stream.nfd);
        this.#onSync(file);
        return 0;
      };
    };
    return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), giveFsync] } };
  }
}

/** PGlite's options for a durable database in `folder` on disk. */
export function durablePgliteOptions(folder: string, onSync: SyncObserver = () => undefined): PGliteOptions {
  return {
    dataDir: folder,
    fs: new DurableNodeFS(folder, onSync),
    startParams: [...PGlite.defaultStartParams.filter((parameter) => parameter !== '-F'), '-c', 'wal_sync_method=fsync'],
  };
}

/**
 * Flushes every file and folder under `folder` to disk. A new database is written by PGlite's
 * initdb without a single fsync; this makes it durable before anything is stored in it.
 */
export function syncFolder(folder: string, onSync: SyncObserver = () => undefined): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) syncFolder(file, onSync);
    else if (entry.isFile()) {
      fsyncPath(file);
      onSync(file);
    }
  }
  fsyncPath(folder);
  onSync(folder);
}
