import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKSUMS_FILE, checkChecksums } from '../../src/db/checksums.ts';

// An accepted architecture decision is never edited, only superseded by a new one: docs/adr/SHA256SUMS holds the
// checksum of each accepted ADR, taken when it was accepted.

const ADR_FOLDER = path.join(import.meta.dirname, '..', '..', 'docs', 'adr');

describe('the architecture decision records', () => {
  it('should leave every accepted decision as it was accepted', async () => {
    const names = (await readdir(ADR_FOLDER)).filter((name) => /^\d{4}-.+\.md$/.test(name));
    const files = new Map(await Promise.all(names.map(async (name) => [name, await readFile(path.join(ADR_FOLDER, name))] as const)));
    const accepted = names.filter((name) => /^Status: accepted/im.test(files.get(name)?.toString('utf8') ?? ''));
    const findings = await checkChecksums(ADR_FOLDER, files);
    expect(findings.changed, 'An accepted ADR is never edited: restore it, and write a new ADR that supersedes it').toEqual([]);
    expect(findings.missing, 'An accepted ADR is never renamed or removed').toEqual([]);
    expect(
      findings.unlisted.filter((name) => accepted.includes(name)),
      `Record a newly accepted ADR's checksum: (cd docs/adr && sha256sum NAME.md >> ${CHECKSUMS_FILE})`,
    ).toEqual([]);
  });
});
