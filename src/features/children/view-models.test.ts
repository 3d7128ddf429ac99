import { describe, expect, it } from 'vitest';
import type { ChildSummary } from '../../services/child-service.ts';
import { canChange } from '../guards.ts';
import { collectionYearOf, escapeHtml } from '../view-models.ts';
import { languageLabel, nationalityOptions, placementTypeOptions, searchResultsViewModel, sectionsFor } from './view-models.ts';

const child = (index: number): ChildSummary => ({
  id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
  laChildId: `C${index}`,
  givenNames: 'Ana',
  familyName: `Example${index}`,
  sex: 'F',
  dateOfBirthClaimed: '2010-03-27',
  dateOfBirthAssessed: null,
  dateOfBirthEstimate: null,
  nationality: index % 2 === 0 ? 'VN' : null,
  isMissing: index === 1,
});

describe('search results', () => {
  it('should offer the next page only when there is one, and say which children are shown', () => {
    const sut = searchResultsViewModel({ items: [child(1), child(2)], page: 2, pageSize: 2, total: 5 });
    expect(sut.heading).toBe('5 children found');
    expect(sut.pagination).toEqual({ page: 2, pages: 3, previous: 1, next: 3, showing: 'Showing 3 to 4 of 5 children' });
    expect(searchResultsViewModel({ items: [child(1)], page: 1, pageSize: 20, total: 1 }).pagination).toBeNull();
  });

  it('should link each name to the record and tag a child missing now', () => {
    const [missing, notMissing] = searchResultsViewModel({ items: [child(1), child(2)], page: 1, pageSize: 20, total: 2 }).rows;
    expect(missing?.[0]).toEqual({ html: '<a class="govuk-link" href="/children/00000000-0000-4000-8000-000000000001">Ana Example1</a>' });
    expect(missing?.[3]).toEqual({ text: 'Not recorded' });
    expect(missing?.[4]).toEqual({ html: '<strong class="govuk-tag govuk-tag--red">Missing now</strong>' });
    expect(notMissing?.[3]).toEqual({ text: 'Vietnam' });
    expect(notMissing?.[4]).toEqual({ html: '' });
  });
});

describe('the record’s views', () => {
  it('should show trafficking, UASC and the guardian only where the view holds them', () => {
    expect(sectionsFor('full')).toMatchObject({ trafficking: true, uasc: true, advocate: true, returnInterviews: true, nrmReference: true });
    expect(sectionsFor('advocate')).toMatchObject({ trafficking: true, advocate: true });
    expect(sectionsFor('host')).toMatchObject({
      trafficking: false,
      uasc: false,
      advocate: false,
      careHistory: false,
      returnInterviews: true,
      upnAndHomeOffice: true,
      nrmReference: false,
    });
    expect(sectionsFor('police')).toMatchObject({
      trafficking: false,
      returnInterviews: false,
      ageStatusHistory: false,
      upnAndHomeOffice: false,
      nrmReference: false,
    });
  });

  it('should let only the responsible authority’s staff change the record', () => {
    const actor = (role: 'social_worker' | 'data_officer' | 'advocate' | 'organisation_administrator') => ({
      id: 'u',
      organisationCode: 'E10000016',
      localAuthorityCode: 'E10000016',
      role,
    });
    expect(canChange(actor('social_worker'), { access: 'full' })).toBe(true);
    expect(canChange(actor('data_officer'), { access: 'full' })).toBe(true);
    expect(canChange(actor('organisation_administrator'), { access: 'full' })).toBe(false);
    expect(canChange(actor('social_worker'), { access: 'host' })).toBe(false);
    expect(canChange(actor('advocate'), { access: 'advocate' })).toBe(false);
    expect(canChange(actor('social_worker'), { access: 'break_glass' })).toBe(false);
  });
});

describe('the add-a-child form’s choices', () => {
  it('should name the collection year from 1 April', () => {
    expect(collectionYearOf('2025-03-31')).toBe('2024-25');
    expect(collectionYearOf('2025-04-01')).toBe('2025-26');
  });

  it('should offer only the placement types valid this collection year', () => {
    const codes = (today: string) => placementTypeOptions(undefined, today).map((option) => option.value);
    expect(codes('2025-06-15')).toContain('Z11');
    expect(codes('2025-06-15')).not.toContain('Z1');
    expect(codes('2024-06-15')).toContain('Z1');
    expect(codes('2024-06-15')).not.toContain('Z11');
  });

  it('should list countries by name after "Not known", with the chosen one selected', () => {
    const options = nationalityOptions('ER');
    expect(options.slice(0, 2)).toEqual([
      { value: '', text: 'Select a nationality', selected: false },
      { value: 'unknown', text: 'Not known', selected: false },
    ]);
    expect(options.find((option) => option.value === 'ER')).toEqual({ value: 'ER', text: 'Eritrea', selected: true });
    expect(options.some((option) => option.value === 'ZZ')).toBe(false);
    expect(options.length).toBeGreaterThan(200);
  });
});

describe('languageLabel', () => {
  it('should name a language recorded as an ISO 639 code, and keep one recorded in words', () => {
    expect(languageLabel('ti')).toBe('Tigrinya');
    expect(languageLabel('en')).toBe('English');
    expect(languageLabel('Kurdish Sorani')).toBe('Kurdish Sorani');
  });
});

describe('escapeHtml', () => {
  it('should escape every character that could open markup or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
