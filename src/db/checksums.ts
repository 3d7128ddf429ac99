import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

// A folder's SHA256SUMS, in sha256sum's format (`sha256sum -c SHA256SUMS` checks it too), records files that must never
// change once merged: migrations, and accepted architecture decisions.

export const CHECKSUMS_FILE = 'SHA256SUMS';

export interface ChecksumFindings {
  /** Listed, but the file differs from its checksum: edited. */
  readonly changed: readonly string[];
  /** Listed, but not in the folder: renamed or removed. */
  readonly missing: readonly string[];
  /** In the folder, but not listed. */
  readonly unlisted: readonly string[];
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The checksum of each file `folder`'s SHA256SUMS lists; a line that is not `<64 hex digits>  <name>` is an error. */
async function readChecksums(folder: string): Promise<Map<string, string>> {
  const text = await readFile(path.join(folder, CHECKSUMS_FILE), 'utf8');
  const checksums = new Map<string, string>();
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    if (!/^[0-9a-f]{64} [ *]\S+$/.test(line)) throw new Error(`${path.join(folder, CHECKSUMS_FILE)} line ${index + 1} is not "<SHA-256 in hex>  <file name>"`);
    checksums.set(line.slice(66), line.slice(0, 64));
  }
  return checksums;
}

/** Compares `files` (names in `folder`, with their contents) with the checksums `folder`'s SHA256SUMS lists. */
export async function checkChecksums(folder: string, files: ReadonlyMap<string, Uint8Array>): Promise<ChecksumFindings> {
  const checksums = await readChecksums(folder);
  const changed: string[] = [];
  const missing: string[] = [];
  for (const [name, checksum] of checksums) {
    const bytes = files.get(name);
    if (bytes === undefined) missing.push(name);
    else if (sha256(bytes) !== checksum) changed.push(name);
  }
  return { changed, missing, unlisted: [...files.keys()].filter((name) => !checksums.has(name)) };
}
