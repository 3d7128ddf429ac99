import { describe, expect, it } from 'vitest';
import type { TraffickingConcernView } from '../../domain/record-view.ts';
import { checkboxItems, selectItems } from '../view-models.ts';
import { concernPage, INDICATOR_OPTIONS } from './view-models.ts';

const concern = (overrides: Partial<TraffickingConcernView> = {}): TraffickingConcernView => ({
  id: 'c1',
  childId: 'k1',
  raisedOn: '2025-01-10',
  raisedBy: 'Social worker',
  indicators: ['GOING_MISSING'],
  exploitationTypes: ['CRIMINAL'],
  countyLines: true,
  exploitationLocation: 'UK_ONLY',
  version: 1,
  statuses: [{ id: 's1', concernId: 'c1', status: 'SUSPECTED', effectiveFrom: '2025-01-10', basis: 'CONCERN_RAISED' }],
  nrmReferral: null,
  currentStatus: 'SUSPECTED',
  ...overrides,
});

describe('the concern page', () => {
  it('should list the status history in the order it took effect, whatever order it was recorded in', () => {
    const sut = concernPage(
      concern({
        statuses: [
          { id: 's2', concernId: 'c1', status: 'IDENTIFIED', effectiveFrom: '2025-02-10', basis: 'RG_POSITIVE' },
          { id: 's1', concernId: 'c1', status: 'SUSPECTED', effectiveFrom: '2025-01-10', basis: 'CONCERN_RAISED' },
        ],
        currentStatus: 'IDENTIFIED',
      }),
      { id: 'k1', nrmReference: null },
      true,
    );
    expect(sut.timelineRows).toEqual([
      [{ text: 'Suspected' }, { text: '10 January 2025' }, { text: 'Concern raised' }],
      [{ text: 'Identified' }, { text: '10 February 2025' }, { text: 'Positive reasonable grounds decision' }],
    ]);
    expect(sut.statusTag).toEqual({ text: 'Identified', classes: 'govuk-tag--orange' });
  });

  it('should offer an NRM referral only to someone who may change the record, and only while there is none', () => {
    expect(concernPage(concern(), { id: 'k1', nrmReference: null }, true).actions).toEqual({
      statusUrl: '/trafficking-concerns/c1/status',
      referralUrl: '/trafficking-concerns/c1/nrm-referral',
    });
    expect(concernPage(concern(), { id: 'k1', nrmReference: null }, false).actions).toBeNull();
    const referred = concern({
      nrmReferral: {
        id: 'r1',
        concernId: 'c1',
        referredOn: '2025-02-01',
        firstResponderOrganisation: 'Kent Police',
        competentAuthority: 'IECA',
        reasonableGroundsDecision: 'NEGATIVE',
        reasonableGroundsDecidedOn: '2025-02-08',
        conclusiveGroundsDecision: 'PENDING',
        conclusiveGroundsDecidedOn: null,
        version: 2,
      },
    });
    const sut = concernPage(referred, { id: 'k1', nrmReference: 'NRM-1' }, true);
    expect(sut.actions?.referralUrl).toBeNull();
    expect(sut.referral?.decisionUrl).toBe('/nrm-referrals/r1/decision');
    expect(sut.referral?.rows.map((row) => [row.key.text, 'text' in row.value ? row.value.text : row.value.html])).toEqual([
      ['Date of referral', '1 February 2025'],
      ['First Responder organisation', 'Kent Police'],
      ['Competent authority', 'Immigration Enforcement Competent Authority'],
      ['NRM reference', 'NRM-1'],
      ['Reasonable grounds decision', 'Negative on 8 February 2025'],
      ['Conclusive grounds decision', 'Pending'],
    ]);
  });

  it('should escape answers shown as a list', () => {
    const sut = concernPage(concern({ indicators: ['GOING_MISSING', '<script>'] }), { id: 'k1', nrmReference: null }, true);
    const indicators = sut.detailRows.find((row) => row.key.text === 'Indicators');
    expect(indicators?.value).toEqual({
      html: '<ul class="govuk-list"><li>Going missing, especially soon after being placed</li><li>&lt;script&gt;</li></ul>',
    });
  });
});

describe('choices on the forms', () => {
  it('should check the posted checkboxes, whether one or several were posted', () => {
    expect(
      checkboxItems(INDICATOR_OPTIONS, { indicators: 'OTHER' }, 'indicators')
        .filter((item) => item.checked)
        .map((item) => item.value),
    ).toEqual(['OTHER']);
    expect(
      checkboxItems(INDICATOR_OPTIONS, { indicators: ['OTHER', 'SUBSTANCE_MISUSE'] }, 'indicators')
        .filter((item) => item.checked)
        .map((item) => item.value),
    ).toEqual(['SUBSTANCE_MISUSE', 'OTHER']);
  });

  it('should select the prompt until a value is chosen', () => {
    const options = [{ value: 'A', text: 'Apple' }];
    expect(selectItems(options, undefined, 'Select a fruit')).toEqual([
      { value: '', text: 'Select a fruit', selected: true },
      { value: 'A', text: 'Apple', selected: false },
    ]);
    expect(selectItems(options, 'A', 'Select a fruit').map((item) => item.selected)).toEqual([false, true]);
  });
});
