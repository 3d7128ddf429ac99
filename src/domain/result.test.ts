import { describe, expect, it } from 'vitest';
import { fail, map, ok } from './result.ts';

describe('map', () => {
  it('changes a success’s value and passes a failure through as it was', () => {
    expect(map(ok(2), (value) => value * 10)).toEqual({ ok: true, value: 20 });
    const failure = fail('not_found');
    expect(map(failure, (value: number) => value * 10)).toBe(failure);
  });
});
