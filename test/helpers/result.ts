import type { Result } from '../../src/domain/result.ts';

/** The value of a result the test expects to succeed; otherwise the test fails with the error. */
export function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error(`Expected success: ${JSON.stringify(result.error)}`);
  return result.value;
}
