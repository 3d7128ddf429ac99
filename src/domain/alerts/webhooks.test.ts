import { describe, expect, it } from 'vitest';
import { checkSubscription } from './webhooks.ts';

describe('checkSubscription', () => {
  it('takes an HTTPS address and a description, trimmed', () => {
    expect(checkSubscription({ url: ' https://cases.example.gov.uk/lantern ', description: ' Case system ' })).toEqual({
      ok: true,
      value: { url: 'https://cases.example.gov.uk/lantern', description: 'Case system' },
    });
  });

  it.each([
    ['', 'Enter the address Lantern sends alerts to'],
    ['http://cases.example.gov.uk/lantern', 'Enter an address that starts with https://, like https://cases.example.gov.uk/lantern'],
    ['not an address', 'Enter an address that starts with https://, like https://cases.example.gov.uk/lantern'],
    ['https://user:secret@cases.example.gov.uk/', 'Enter the address without a user name or password: Lantern signs each message instead'],
    [`https://cases.example.gov.uk/${'a'.repeat(500)}`, 'The address must be 500 characters or fewer'],
  ])('refuses the address %j, saying what to do', (url, message) => {
    expect(checkSubscription({ url, description: 'Case system' })).toEqual({ ok: false, error: [{ field: 'url', message }] });
  });

  it('names every field that is wrong', () => {
    const checked = checkSubscription({ url: 'ftp://x', description: ' ' });
    expect(checked.ok ? [] : checked.error.map((problem) => problem.field)).toEqual(['url', 'description']);
  });
});
