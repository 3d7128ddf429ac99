import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../plugins/views.ts';

// My work's tables are written out by a macro of its own, for speed (see views/work-table.njk):
// what it writes must stay what govukTable writes for the same tables.

const environment = createViewEnvironment();

function rendered(macro: 'govukTable' | 'workTable', params: unknown): string {
  const source = macro === 'govukTable' ? 'govuk/components/table/macro.njk' : 'home/views/work-table.njk';
  const html = environment.renderString(`{% from "${source}" import ${macro} %}{{ ${macro}(params) }}`, { params });
  // Whitespace between the table's tags means nothing to a browser.
  return html.replaceAll(/>\s+</g, '><').replaceAll(/\s+/g, ' ').trim();
}

describe('the My work table', () => {
  it.each([
    [
      'text and HTML cells, numeric columns, a hidden caption',
      {
        caption: 'Children missing 3 or more times in 30 days (2)',
        captionClasses: 'govuk-visually-hidden',
        head: [{ text: 'Child' }, { text: 'Episodes', format: 'numeric' }, { text: 'Missing now' }],
        rows: [
          [{ html: '<a class="govuk-link" href="/children/1">Ana Núñez</a>' }, { text: '4', format: 'numeric' }, { text: 'Yes' }],
          [{ html: '<a class="govuk-link" href="/children/2">Bo &amp; Co</a>' }, { text: '3', format: 'numeric' }, { text: 'No <script>' }],
        ],
      },
    ],
    ['a caption without classes, and cells with classes', { caption: 'Caption', head: [{ text: 'A', classes: 'x' }], rows: [[{ text: 'a', classes: 'y' }]] }],
    ['no caption and no head', { rows: [[{ text: 'only' }]] }],
  ])('should write what govukTable writes for %s', (_what, params) => {
    const expected = rendered('govukTable', params);
    expect(expected).toContain('<table class="govuk-table"');
    expect(rendered('workTable', params)).toBe(expected);
  });
});
