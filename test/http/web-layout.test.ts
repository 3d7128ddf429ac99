import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOnGovukDomain } from '../../src/features/web.ts';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';

// The frame of every page: which header it carries, and Lantern's own stylesheet (reflow, print).

let elsewhere: TestApp;
let onGovuk: TestApp;

beforeAll(async () => {
  elsewhere = await buildTestApp({ publicUrl: 'https://lantern.example.org' });
  onGovuk = await buildTestApp({ publicUrl: 'https://lantern.service.gov.uk' });
});
afterAll(async () => {
  await elsewhere.close();
  await onGovuk.close();
});

describe('the header', () => {
  it('should be the generic service header, naming Lantern without the crown, off a GOV.UK domain', async () => {
    const page = await elsewhere.app.inject({ method: 'GET', url: paths.accessibility });
    expect(page.body).toContain('class="govuk-generic-header"');
    expect(page.body).toMatch(/class="govuk-generic-header__homepage-link">\s*Lantern\s*<\/a>/);
    expect(page.body).not.toContain('class="govuk-header"');
    expect(page.body).not.toContain('<title>GOV.UK</title>');
    // The service name is said once, in the header, not again in the navigation.
    expect(page.body).not.toContain('govuk-service-navigation__service-name');
  });

  it('should be the GOV.UK header with the service name beside the navigation on a GOV.UK domain', async () => {
    const page = await onGovuk.app.inject({ method: 'GET', url: paths.accessibility });
    expect(page.body).toContain('class="govuk-header"');
    expect(page.body).toContain('govuk-service-navigation__service-name');
    expect(page.body).not.toContain('govuk-generic-header');
  });

  it.each([
    ['https://lantern.service.gov.uk', true],
    ['https://GOV.UK/lantern', true],
    ['https://lantern.gov.uk.example.org', false],
    ['https://notgov.uk', false],
    ['http://localhost:3000', false],
    ['not an address', false],
    [null, false],
  ])('should count %s as on a GOV.UK domain: %s', (url, expected) => {
    expect(isOnGovukDomain(url)).toBe(expected);
  });
});

describe('Lantern’s stylesheet', () => {
  it('should be linked from every page and served, with the print and reflow rules', async () => {
    const page = await elsewhere.app.inject({ method: 'GET', url: paths.signIn });
    expect(page.body).toContain('<link rel="stylesheet" href="/stylesheets/lantern.css">');
    const css = await elsewhere.app.inject({ method: 'GET', url: '/stylesheets/lantern.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toContain('@media print');
    expect(css.body).toContain('.app-table-scroll');
  });
});
