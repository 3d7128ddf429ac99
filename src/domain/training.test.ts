import { describe, expect, it } from 'vitest';
import {
  checkCompletion,
  checkGate,
  compliance,
  expiresOn,
  GATES,
  gateOn,
  gateRefusalMessage,
  readImportRow,
  topicState,
  trainingSummary,
} from './training.ts';
import type { Course } from './training.ts';

const courses: Course[] = [
  { code: 'NRM-FR', title: 'NRM first responder', topic: 'NRM_FIRST_RESPONDER', provider: 'Home Office', lengthHours: 3, validityMonths: 24 },
  { code: 'NRM-REFRESH', title: 'NRM refresher', topic: 'NRM_FIRST_RESPONDER', provider: 'Council', lengthHours: 1, validityMonths: 12 },
  { code: 'RHI', title: 'Return home interviews', topic: 'RHI', provider: 'Council', lengthHours: 2, validityMonths: null },
];

describe('training currency', () => {
  it('should expire a completion after the course’s validity, by the calendar for whole years (29 February to 1 March)', () => {
    expect(expiresOn({ validityMonths: 24 }, '2024-02-29')).toBe('2026-03-01');
    expect(expiresOn({ validityMonths: 6 }, '2025-01-01')).toBe('2025-06-30');
    expect(expiresOn({ validityMonths: null }, '2025-01-01')).toBeNull();
  });

  it('should count the latest expiry of any course on the topic, and say when it is due', () => {
    const done = [
      { courseCode: 'NRM-FR', personId: 'p', completedOn: '2023-01-10' },
      { courseCode: 'NRM-REFRESH', personId: 'p', completedOn: '2024-09-01' },
    ];
    expect(topicState(courses, done, 'NRM_FIRST_RESPONDER', '2025-03-01')).toEqual({ state: 'CURRENT', until: '2025-09-01' });
    expect(topicState(courses, done, 'NRM_FIRST_RESPONDER', '2025-08-01')).toEqual({ state: 'DUE', until: '2025-09-01' });
    expect(topicState(courses, done, 'NRM_FIRST_RESPONDER', '2025-09-01')).toEqual({ state: 'EXPIRED', until: '2025-09-01' });
    expect(topicState(courses, done, 'RHI', '2025-03-01')).toEqual({ state: 'NOT_DONE', until: null });
    expect(topicState(courses, [{ courseCode: 'RHI', personId: 'p', completedOn: '2020-01-01' }], 'RHI', '2025-03-01').state).toBe('CURRENT');
  });

  it('should not count a completion dated after today', () => {
    expect(topicState(courses, [{ courseCode: 'RHI', personId: 'p', completedOn: '2026-01-01' }], 'RHI', '2025-03-01').state).toBe('NOT_DONE');
  });
});

describe('a person’s training and an organisation’s compliance', () => {
  it('should give every topic’s state, in the topics’ order', () => {
    const summary = trainingSummary(courses, [{ courseCode: 'RHI', personId: 'p', completedOn: '2024-01-01' }], '2025-03-01');
    expect(summary.map((topic) => topic.topic)).toEqual(['TRAFFICKING', 'UASC', 'MISSING', 'NRM_FIRST_RESPONDER', 'AGE_ASSESSMENT', 'RHI']);
    expect(summary.find((topic) => topic.topic === 'RHI')).toEqual({ topic: 'RHI', label: 'Return home interviews', state: 'CURRENT', until: null });
    expect(summary.find((topic) => topic.topic === 'UASC')?.state).toBe('NOT_DONE');
  });

  it('should count each person once per topic, counting due as trained and ignoring strangers’ completions', () => {
    const done = [
      { courseCode: 'NRM-FR', personId: 'a', completedOn: '2024-01-10' },
      { courseCode: 'NRM-REFRESH', personId: 'a', completedOn: '2024-06-01' },
      { courseCode: 'NRM-FR', personId: 'b', completedOn: '2023-04-01' },
      { courseCode: 'NRM-FR', personId: 'c', completedOn: '2022-01-01' },
      { courseCode: 'NRM-FR', personId: 'stranger', completedOn: '2025-01-01' },
    ];
    const nrm = compliance(courses, ['a', 'b', 'c', 'd'], done, '2025-03-01').find((topic) => topic.topic === 'NRM_FIRST_RESPONDER');
    expect(nrm).toEqual({
      topic: 'NRM_FIRST_RESPONDER',
      label: 'NRM first responder',
      counts: { CURRENT: 1, DUE: 1, EXPIRED: 1, NOT_DONE: 1 },
      trained: 2,
      people: 4,
    });
  });

  it('should take a completion of a course in the catalogue, on a real day not in the future', () => {
    expect(checkCompletion(courses, { courseCode: 'RHI', completedOn: '2025-03-01' }, '2025-03-01')).toMatchObject({ ok: true, value: { code: 'RHI' } });
    expect(checkCompletion(courses, { courseCode: 'NOPE', completedOn: '2025-03-01' }, '2025-03-01')).toMatchObject({
      ok: false,
      error: { field: 'courseCode' },
    });
    expect(checkCompletion(courses, { courseCode: 'RHI', completedOn: '2025-02-30' }, '2025-03-01')).toMatchObject({
      ok: false,
      error: { field: 'completedOn' },
    });
    expect(checkCompletion(courses, { courseCode: 'RHI', completedOn: '2025-03-02' }, '2025-03-01')).toMatchObject({
      ok: false,
      error: { field: 'completedOn', message: 'The date the course was completed must be today or in the past' },
    });
  });
});

describe('gates', () => {
  it('should need NRM first-responder training for an NRM referral and the RHI course for an interview', () => {
    expect(GATES.NRM_REFERRAL.topic).toBe('NRM_FIRST_RESPONDER');
    expect(GATES.RETURN_HOME_INTERVIEW.topic).toBe('RHI');
  });

  it('should let through the trained, anyone when the gate is off, and one allowance', () => {
    expect(checkGate('NRM_REFERRAL', false, 'NOT_DONE', false)).toEqual({ allowed: true, by: 'NOT_GATED' });
    expect(checkGate('NRM_REFERRAL', true, 'DUE', false)).toEqual({ allowed: true, by: 'TRAINED' });
    expect(checkGate('NRM_REFERRAL', true, 'EXPIRED', true)).toEqual({ allowed: true, by: 'ALLOWANCE' });
    expect(checkGate('NRM_REFERRAL', true, 'EXPIRED', false)).toEqual({ allowed: false, topic: 'NRM_FIRST_RESPONDER', state: 'EXPIRED' });
  });

  it('should be on by the organisation’s own setting, else by the gate’s default', () => {
    expect(gateOn('NRM_REFERRAL', {})).toBe(false);
    expect(gateOn('NRM_REFERRAL', { NRM_REFERRAL: true })).toBe(true);
    expect(gateOn('RETURN_HOME_INTERVIEW', { NRM_REFERRAL: true })).toBe(false);
  });

  it('should tell someone refused which courses give the training, that theirs lapsed, and that a manager may allow it once', () => {
    expect(gateRefusalMessage('NRM_REFERRAL', 'EXPIRED', courses)).toBe(
      'To make an NRM referral you need current NRM first responder training. Your training on it is out of date. ' +
        'Complete “NRM first responder” (Home Office) or “NRM refresher” (Council) and record it on your Training page, ' +
        'where you can also ask your team manager to allow you this once',
    );
    expect(gateRefusalMessage('RETURN_HOME_INTERVIEW', 'NOT_DONE', [])).toBe(
      'To record a return home interview you need current Return home interviews training. ' +
        'Complete a course on it and record it on your Training page, where you can also ask your team manager to allow you this once',
    );
  });
});

describe('a row of a training import', () => {
  const codes = new Set(courses.map((course) => course.code));

  it('should read a good row, normalising the email address', () => {
    expect(readImportRow({ email: ' Sam@Kent.gov.uk ', course_code: 'RHI', completed_on: '2025-01-02' }, 2, codes, '2025-03-01')).toEqual({
      ok: true,
      value: { email: 'sam@kent.gov.uk', courseCode: 'RHI', completedOn: '2025-01-02' },
    });
  });

  it('should name the row and every column that is wrong', () => {
    expect(readImportRow({ email: 'nobody', course_code: 'X', completed_on: '02/01/2025' }, 7, codes, '2025-03-01')).toEqual({
      ok: false,
      error: [
        'Row 7, email: enter the person’s email address, as they sign in to Lantern',
        'Row 7, course_code: "X" is not a course in the catalogue',
        'Row 7, completed_on: enter the date as YYYY-MM-DD, for example 2025-03-27',
      ],
    });
    expect(readImportRow({ email: 'a@b.uk', course_code: 'RHI', completed_on: '2025-03-02' }, 3, codes, '2025-03-01')).toMatchObject({
      ok: false,
      error: [expect.stringContaining('Row 3, completed_on')],
    });
  });
});
