import { describe, expect, it } from 'vitest';
import { ACCOUNT_QUESTIONS } from './administration/form-schemas.ts';
import { ADD_CHILD_QUESTIONS, ALIAS_QUESTIONS } from './children/form-schemas.ts';
import { INTERVIEW_QUESTIONS, REPORT_QUESTIONS, RETURN_QUESTIONS } from './missing/form-schemas.ts';
import { dateFields, errorOrder, postedFields, textSchema, versionFields, violationFields } from './questions.ts';
import type { Questions } from './questions.ts';
import {
  CARE_PERIOD_QUESTIONS,
  CONCERN_QUESTIONS,
  DECISION_QUESTIONS,
  END_CARE_PERIOD_QUESTIONS,
  REFERRAL_QUESTIONS,
  STATUS_QUESTIONS,
} from './trafficking/form-schemas.ts';

const questions: Questions = [
  { name: 'startDate', kind: 'date', label: 'the date the care period started' },
  { name: 'startTime', kind: 'time', label: 'the time it started', record: [] },
  { name: 'where', kind: 'text', label: 'Where they were', max: 5, record: ['location', 'place'] },
  { name: 'reason', kind: 'textarea', label: 'Why', required: 'Enter why' },
  { name: 'version', kind: 'version', label: 'The version' },
];

describe('a question list', () => {
  it('should post each date as three inputs, in page order, with the version carried too', () => {
    expect(postedFields(questions)).toEqual(['startDate-day', 'startDate-month', 'startDate-year', 'startTime', 'where', 'reason', 'version']);
    expect(dateFields(questions)).toEqual(['startDate']);
    expect(versionFields(questions)).toEqual(['version']);
  });

  it('should list errors in the order the questions are asked, leaving out the version', () => {
    expect(errorOrder(questions)).toEqual(['startDate', 'startTime', 'where', 'reason']);
  });

  it('should send a rule’s finding on a record field to the question that asked for it', () => {
    expect(violationFields(questions)).toEqual({ startDate: 'startDate', location: 'where', place: 'where', reason: 'reason' });
  });

  it('should check a text answer against its limit and wording', () => {
    expect(textSchema(questions, 'where').safeParse('  ').data).toBeNull();
    expect(textSchema(questions, 'where').safeParse('Leeds station').error?.issues[0]?.message).toBe('Where they were must be 5 characters or fewer');
    expect(textSchema(questions, 'reason').safeParse('').error?.issues[0]?.message).toBe('Enter why');
    expect(textSchema(questions, 'reason').safeParse('one\ntwo').data).toBe('one\ntwo');
    expect(() => textSchema(questions, 'nowhere')).toThrow();
  });

  it.each([
    ['report', REPORT_QUESTIONS],
    ['return', RETURN_QUESTIONS],
    ['interview', INTERVIEW_QUESTIONS],
    ['add a child', ADD_CHILD_QUESTIONS],
    ['add an account', ACCOUNT_QUESTIONS],
    ['add an alias', ALIAS_QUESTIONS],
    ['concern', CONCERN_QUESTIONS],
    ['status', STATUS_QUESTIONS],
    ['referral', REFERRAL_QUESTIONS],
    ['decision', DECISION_QUESTIONS],
    ['care period', CARE_PERIOD_QUESTIONS],
    ['end care period', END_CARE_PERIOD_QUESTIONS],
  ])('should name each question of the %s form once', (_form, list) => {
    const names = list.map((question) => question.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(postedFields(list)).size).toBe(postedFields(list).length);
  });
});
