import { describe, expect, it } from 'vitest';
import { errorSummaryOf, hiddenFieldsOf, hrefsOf, inlineErrorOf, selectedOf, summaryOf, tableRows, textAt, textContentAt, textOf, textsAt } from './html.ts';

const PAGE = `<!doctype html><html lang="en"><head><title>Error: Check – Lantern</title><link href="/stylesheets/a.css" rel="stylesheet"></head><body>
<script>var ignored = 'not text';</script>
<div class="govuk-error-summary"><h2>There is a problem</h2><ul>
  <li><a class="x" href="#name">Enter the child&#39;s name</a></li><li><a href="#dob-day">Enter a date &amp; time</a></li>
</ul></div>
<h1 class="govuk-heading-l">Tom&rsquo;s <strong>record</strong></h1>
<p class="govuk-error-message" id="name-error"><span class="govuk-visually-hidden">Error:</span> Enter the child&#39;s name</p>
<form><input type="hidden" name="_csrf" value="token"><input name="outcome" type="hidden" value="A &amp; B"><input type="hidden" name="outcome" value="C"></form>
<dl class="govuk-summary-list"><div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">Name</dt><dd class="govuk-summary-list__value"><p>Tom</p><p>Smith</p></dd></div></dl>
<select class="govuk-select" id="legalStatus"><option value="C1">C1</option><option value="V2" selected>V2</option></select>
<table><caption>Accounts</caption><thead><tr><th>Name</th></tr></thead><tbody><tr><td>Ann <span>Lee</span></td><td>Active</td></tr></tbody></table>
<code data-qa="password">abcd<wbr>-efgh</code>
</body></html>`;

describe('reading a page', () => {
  it('should read the text as a person would: entities decoded, a space between elements, no scripts', () => {
    expect(textOf(PAGE)).toContain('Tom’s record');
    expect(textOf(PAGE)).not.toContain('not text');
    expect(textAt(PAGE, 'h1')).toBe('Tom’s record');
    expect(textAt(PAGE, '.absent')).toBe('');
    expect(textsAt(PAGE, 'h1, h2')).toEqual(['There is a problem', 'Tom’s record']);
    expect(textsAt(PAGE, '.absent')).toEqual([]);
  });

  it('should read a value as the markup holds it, with nothing added between elements', () => {
    expect(textContentAt(PAGE, 'code[data-qa="password"]')).toBe('abcd-efgh');
  });

  it('should read the error summary and a field’s inline error', () => {
    expect(errorSummaryOf(PAGE)).toEqual([
      { href: '#name', text: "Enter the child's name" },
      { href: '#dob-day', text: 'Enter a date & time' },
    ]);
    expect(inlineErrorOf(PAGE, 'name')).toBe("Enter the child's name");
    expect(inlineErrorOf(PAGE, 'dob')).toBeUndefined();
  });

  it('should read the hidden fields but the CSRF token, repeated ones in order', () => {
    expect(hiddenFieldsOf(PAGE)).toEqual({ outcome: ['A & B', 'C'] });
  });

  it('should read summary lists, selects, tables and links', () => {
    expect(summaryOf(PAGE)).toEqual({ Name: 'Tom Smith' });
    expect(selectedOf(PAGE, 'legalStatus')).toBe('V2');
    expect(selectedOf(PAGE, 'absent')).toBeUndefined();
    expect(tableRows(PAGE, 'Accounts')).toEqual([['Ann Lee', 'Active']]);
    expect(tableRows(PAGE, 'Absent')).toEqual([]);
    expect(hrefsOf(PAGE)).toEqual(['/stylesheets/a.css', '#name', '#dob-day']);
  });
});
