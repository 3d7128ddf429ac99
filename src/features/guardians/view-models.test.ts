import { describe, expect, it } from 'vitest';
import { allocationTimeHtml, durationText } from './view-models.ts';

describe('referral-to-allocation time on the pages', () => {
  it('should say hours and days as people do', () => {
    expect(durationText(0)).toBe('0 hours');
    expect(durationText(1)).toBe('1 hour');
    expect(durationText(24)).toBe('1 day');
    expect(durationText(71)).toBe('2 days 23 hours');
  });

  it('should flag a referral over the standard, allocated or still waiting', () => {
    const dueBy = '2025-06-16T10:00:00.000Z';
    expect(allocationTimeHtml({ hours: 5, allocated: true, dueBy, overStandard: false })).toBe('Allocated after 5 hours');
    expect(allocationTimeHtml({ hours: 96, allocated: false, dueBy, overStandard: true })).toBe(
      'Waiting 4 days <strong class="govuk-tag govuk-tag--red">Over standard</strong>',
    );
  });
});
