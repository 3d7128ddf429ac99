import { describe, expect, it } from 'vitest';
import { isStorableText, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from './text.ts';

describe('text Lantern keeps', () => {
  it('should take names in any script, with accents, apostrophes and characters beyond the first plane', () => {
    for (const name of ['Zoë', 'Nguyễn Thị Lan', 'Ахмед', 'محمد', '𠮷野', "O'Brien-Smith", 'Anna Maria']) {
      expect(SINGLE_LINE_TEXT.test(name), name).toBe(true);
      expect(isStorableText(name), name).toBe(true);
    }
  });

  it('should refuse control characters, text-direction overrides and isolates, and halves of pairs', () => {
    for (const hidden of ['\u0000', '\u0009', '\u000A', '\u001F', '\u007F', '\u0085', '\u009F', '\u202A', '\u202E', '\u2066', '\u2069', '\uD800', '\uDFFF']) {
      expect(SINGLE_LINE_TEXT.test(`Ana${hidden}`), JSON.stringify(hidden)).toBe(false);
    }
  });

  it('should let long free text hold line breaks, and nothing else hidden', () => {
    expect(MULTI_LINE_TEXT.test('Seen at the station.\r\nWith an older man.\n')).toBe(true);
    for (const hidden of ['\u0000', '\t', '\u000B', '\u000C', '\u0085', '\u202E', '\uD800'])
      expect(MULTI_LINE_TEXT.test(`Seen${hidden}`), JSON.stringify(hidden)).toBe(false);
  });

  it('should call storable all text but a NUL and a half of a pair on its own', () => {
    expect(isStorableText('Zoë 😀')).toBe(true);
    expect(isStorableText('Zo\u0000ë')).toBe(false);
    expect(isStorableText('Zo\uD83Dë')).toBe(false);
  });
});
