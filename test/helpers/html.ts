import { parseHTML } from 'linkedom';

// Reading the GOV.UK pages in HTTP tests: the HTML is parsed (linkedom), so entities, attributes in any order and
// markup around the text read as a browser would show them.

/** What these readers use of linkedom's DOM (its types lean on the DOM library, which the project does not load). */
interface Node {
  readonly nodeType: number;
  readonly tagName: string;
  readonly textContent: string | null;
  readonly childNodes: Iterable<Node>;
  getAttribute(name: string): string | null;
  querySelector(selector: string): Node | null;
  querySelectorAll(selector: string): Iterable<Node>;
  remove(): void;
}
interface Document extends Node {
  readonly body: Node;
  getElementById(id: string): Node | null;
}
const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

function parse(html: string): Document {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return -- linkedom's document is typed with the DOM library's names, read through Document above
  return parseHTML(html).document;
}

/** The text of `node` as it reads: script and style left out, a space at every element boundary, whitespace collapsed. */
function readText(node: Node | null): string {
  if (node === null) return '';
  const parts: string[] = [];
  const walk = (current: Node): void => {
    for (const child of current.childNodes) {
      if (child.nodeType === TEXT_NODE) parts.push(child.textContent ?? '');
      else if (child.nodeType === ELEMENT_NODE && !['SCRIPT', 'STYLE'].includes(child.tagName)) {
        parts.push(' ');
        walk(child);
        parts.push(' ');
      }
    }
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** The page's text: what a person reads in the body. */
export const textOf = (html: string): string => readText(parse(html).body);

/** The text of the first element matching `selector`, or '' where there is none. */
export const textAt = (html: string, selector: string): string => readText(parse(html).querySelector(selector));

/** The text of the first element matching `selector` exactly as the markup holds it, with nothing added between elements. */
/** The text of every element `selector` matches, in document order. */
export const textsAt = (html: string, selector: string): string[] => [...parse(html).querySelectorAll(selector)].map((node) => readText(node));

export const textContentAt = (html: string, selector: string): string => parse(html).querySelector(selector)?.textContent ?? '';

/** The error summary's links: where each goes and what it says. */
export function errorSummaryOf(html: string): { href: string; text: string }[] {
  return [...parse(html).querySelectorAll('.govuk-error-summary a')].map((link) => ({ href: link.getAttribute('href') ?? '', text: readText(link) }));
}

/** A field's inline error message (GOV.UK's `#{id}-error`) without its hidden "Error:" prefix. */
export function inlineErrorOf(html: string, id: string): string | undefined {
  const message = parse(html).getElementById(`${id}-error`);
  if (message === null) return undefined;
  for (const hidden of message.querySelectorAll('.govuk-visually-hidden')) hidden.remove();
  return readText(message);
}

/** The hidden inputs of the page's forms, CSRF token aside, as the browser would post them back. */
export function hiddenFieldsOf(html: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const input of parse(html).querySelectorAll('input[type="hidden"]')) {
    const name = input.getAttribute('name');
    if (name !== null && name !== '_csrf') (fields[name] ??= []).push(input.getAttribute('value') ?? '');
  }
  return fields;
}

/** The summary list's rows as key → value text. */
export function summaryOf(html: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const row of parse(html).querySelectorAll('.govuk-summary-list__row')) {
    rows[readText(row.querySelector('.govuk-summary-list__key'))] = readText(row.querySelector('.govuk-summary-list__value'));
  }
  return rows;
}

/** The value of the selected option of the select `id`. */
export const selectedOf = (html: string, id: string): string | undefined =>
  parse(html).querySelector(`select#${id} option[selected]`)?.getAttribute('value') ?? undefined;

/** The rows of the table captioned `caption` (or the first table) as its body cells' text. */
export function tableRows(html: string, caption?: string): string[][] {
  const tables = [...parse(html).querySelectorAll('table')];
  const table = caption === undefined ? tables[0] : tables.find((candidate) => readText(candidate.querySelector('caption')).includes(caption));
  if (table === undefined) return [];
  return [...table.querySelectorAll('tbody tr')].map((row) => [...row.querySelectorAll('td, th')].map((cell) => readText(cell)));
}

/** Every link target on the page. */
export const hrefsOf = (html: string): string[] => [...parse(html).querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? '');
