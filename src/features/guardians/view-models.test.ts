import { describe, expect, it } from 'vitest';
import { allocationTimeHtml, durationText, standardText } from './view-models.ts';

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

describe('the service’s standard on the referrals page', () => {
  it('should give one number when every role has the same, and each role’s otherwise', () => {
    expect(standardText({ DIRECT_WORKER: 1, RPC: 1, REGIONAL_PRACTITIONER: 1, POST_18: 1 })).toBe(
      'Your service’s standard is to allocate a guardian within 1 working day of the referral.',
    );
    expect(standardText({ DIRECT_WORKER: 1, RPC: 3, REGIONAL_PRACTITIONER: 2, POST_18: 5 })).toBe(
      'Your service’s standard for allocating a guardian, from the referral: a direct worker within 1 working day, a regional practice co-ordinator within 3 working days, a regional practitioner within 2 working days and a post-18 worker within 5 working days.',
    );
  });
});
