import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../client.ts';
import { findLocalAuthority, knownAuthorityCodes } from './local-authority-repository.ts';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

describe('findLocalAuthority', () => {
  it('should find Kent by its ONS code, in any case', async () => {
    expect(await findLocalAuthority(handle.db, 'e10000016')).toEqual({ code: 'E10000016', laNumber: '886', name: 'Kent' });
  });

  it('should find Kent by its DfE LA number', async () => {
    expect(await findLocalAuthority(handle.db, ' 886 ')).toEqual({ code: 'E10000016', laNumber: '886', name: 'Kent' });
  });

  it('should find nothing when no authority has the code or number', async () => {
    expect(await findLocalAuthority(handle.db, '999')).toBeNull();
    expect(await findLocalAuthority(handle.db, 'E99999999')).toBeNull();
  });
});

describe('knownAuthorityCodes', () => {
  it('should give the codes of authorities Lantern knows, and none of the others', async () => {
    expect(await knownAuthorityCodes(handle.db, ['E10000016', 'E99999999', 'E06000035'])).toEqual(new Set(['E10000016', 'E06000035']));
  });

  it('should ask nothing of the database for no codes', async () => {
    expect(await knownAuthorityCodes(handle.db, [])).toEqual(new Set());
  });
});
