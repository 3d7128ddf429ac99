// What text Lantern keeps. Names and free text hold no characters a person cannot see: no C0 or C1 control
// characters, and no bidirectional overrides or isolates, which make text read on screen differently from how
// it is stored and searched ("Trojan Source", CVE-2021-42574), nor half of a surrogate pair on its own. Long
// free text may hold line breaks.

// With the `u` flag, so that a range of surrogates matches only a half of a pair left on its own.
const BIDI_CONTROLS_AND_HALF_PAIRS = '\\u202A-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF';

/** Text of one line: no control or text-direction character. Also the pattern the OpenAPI document shows. */
export const SINGLE_LINE_TEXT = new RegExp(`^[^\\u0000-\\u001F\\u007F-\\u009F${BIDI_CONTROLS_AND_HALF_PAIRS}]*$`, 'u');

/** Long free text (notes, reasons, descriptions): as a line, but line breaks (LF, CR) allowed. */
export const MULTI_LINE_TEXT = new RegExp(`^[^\\u0000-\\u0009\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI_CONTROLS_AND_HALF_PAIRS}]*$`, 'u');

/** What to tell someone whose text holds such characters, `what` naming the field ("The child’s given names"). */
export const hiddenCharactersMessage = (what: string): string =>
  `${what} must not include hidden characters, such as control or text-direction characters. Type it again without them`;

/** Text no database can store: a NUL character, or half of a surrogate pair (what a broken encoding leaves). */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}
