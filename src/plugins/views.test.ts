import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment, trimKeepingSafeness } from './views.ts';

// The environment replaces Nunjucks' `trim` for speed; it must give exactly what Nunjucks' own filter gave.
const nunjucksTrim = (value: string) => value.replace(/^\s*|\s*$/g, '');
const whitespaceHeavy = fc.string({ unit: fc.constantFrom(' ', '\n', '\t', '\r', '\u00a0', '\u2028', '\ufeff', 'a', '<', 'é') });

describe('the trim filter', () => {
  it('removes the same characters as Nunjucks’ own trim', () => {
    fc.assert(fc.property(fc.oneof(whitespaceHeavy, fc.string()), (value) => trimKeepingSafeness(value) === nunjucksTrim(value)));
  });

  it('keeps markup marked safe as safe, and escapes the rest', () => {
    const environment = createViewEnvironment();
    expect(environment.renderString('{{ html | safe | trim }}|{{ html | trim }}', { html: '\n  <b>x</b>  \n' })).toBe('<b>x</b>|&lt;b&gt;x&lt;/b&gt;');
    expect(trimKeepingSafeness(new nunjucks.runtime.SafeString('  <i>  '))).toBeInstanceOf(nunjucks.runtime.SafeString);
  });
});
