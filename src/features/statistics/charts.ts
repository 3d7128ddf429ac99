/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-member-access --
   Plot's and linkedom's types name DOM types (Document, SVGSVGElement), which a server compiled without the DOM
   library cannot resolve; finish() reads the result through its own small interface. */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

// Charts drawn on the server with Observable Plot into a linkedom document: plain SVG, no JavaScript. Each is an
// <svg role="img"> with a <title> that says what it shows; the table beside it is the accessible alternative.
// Plot's own <style> element is removed (the content security policy allows no inline styles); sizing comes
// from the viewBox alone, so the chart scales to its column.

/** GOV.UK blue and dark grey: 5.2:1 and 7.5:1 against white, above the 3:1 graphics need. */
const CHART_COLOURS = ['#1d70b8', '#505a5f'] as const;
const FONT = '"GDS Transport", arial, sans-serif';

export interface BarDatum {
  readonly label: string;
  readonly value: number;
}

/** What finish() needs of the element Plot returns (the project compiles without the DOM library). */
interface ChartElement {
  querySelectorAll(selector: string): Iterable<{ remove(): void; removeAttribute(name: string): void }>;
  removeAttribute(name: string): void;
  setAttribute(name: string, value: string): void;
  insertBefore(node: unknown, before: unknown): unknown;
  readonly firstChild: unknown;
  readonly ownerDocument: { createElement(name: string): { textContent: string | null } };
  readonly outerHTML: string;
}

function finish(plotted: unknown, summary: string): string {
  const svg = plotted as ChartElement;
  for (const style of [...svg.querySelectorAll('style')]) style.remove();
  for (const element of [svg, ...svg.querySelectorAll('[style]')]) element.removeAttribute('style');
  // The image's parts are presentational under role="img": their own ARIA labels are not allowed there.
  for (const element of svg.querySelectorAll('[aria-label]')) element.removeAttribute('aria-label');
  for (const element of svg.querySelectorAll('[aria-hidden]')) element.removeAttribute('aria-hidden');
  for (const element of svg.querySelectorAll('[aria-description]')) element.removeAttribute('aria-description');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.removeAttribute('class');
  svg.removeAttribute('aria-label');
  svg.setAttribute('role', 'img');
  svg.setAttribute('font-family', FONT);
  svg.setAttribute('font-size', '14');
  svg.setAttribute('focusable', 'false');
  const title = svg.ownerDocument.createElement('title');
  title.textContent = summary;
  svg.insertBefore(title, svg.firstChild);
  return svg.outerHTML;
}

function newDocument() {
  return parseHTML('<!doctype html><html><body></body></html>').document;
}

/** Horizontal bars of percentages, in the order given. */
export function percentBarChart(data: readonly BarDatum[], options: { readonly summary: string; readonly axisLabel: string }): string {
  const domainMax = Math.max(10, ...data.map((datum) => Math.ceil(datum.value / 10) * 10));
  const svg = Plot.plot({
    document: newDocument(),
    width: 640,
    height: 60 + 40 * data.length,
    marginLeft: 220,
    marginRight: 50,
    x: { label: options.axisLabel, domain: [0, Math.min(100, domainMax)], grid: false },
    y: { label: null, domain: data.map((datum) => datum.label) },
    marks: [
      Plot.barX([...data], { x: 'value', y: 'label', fill: CHART_COLOURS[0] }),
      Plot.text([...data], { x: 'value', y: 'label', text: (datum: BarDatum) => `${datum.value}%`, textAnchor: 'start', dx: 4, fill: '#0b0c0c' }),
      Plot.ruleX([0], { stroke: '#0b0c0c' }),
    ],
  });
  return finish(svg, options.summary);
}

/** A line of percentages by year, with its points labelled. */
export function trendLineChart(data: readonly BarDatum[], options: { readonly summary: string; readonly axisLabel: string }): string {
  const domainMax = Math.max(10, ...data.map((datum) => Math.ceil(datum.value / 10) * 10));
  const svg = Plot.plot({
    document: newDocument(),
    width: 640,
    height: 280,
    marginLeft: 50,
    marginBottom: 50,
    x: { label: null, domain: data.map((datum) => datum.label), type: 'point', padding: 0.3 },
    y: { label: options.axisLabel, domain: [0, Math.min(100, domainMax)], grid: false },
    marks: [
      Plot.line([...data], { x: 'label', y: 'value', stroke: CHART_COLOURS[0], strokeWidth: 3 }),
      Plot.dot([...data], { x: 'label', y: 'value', fill: CHART_COLOURS[0], r: 5 }),
      Plot.text([...data], { x: 'label', y: 'value', text: (datum: BarDatum) => `${datum.value}%`, dy: -14, fill: '#0b0c0c' }),
      Plot.ruleY([0], { stroke: '#0b0c0c' }),
    ],
  });
  return finish(svg, options.summary);
}
