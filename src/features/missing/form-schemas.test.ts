import { describe, expect, it } from 'vitest';
import { formBody, hiddenFields } from '../forms.ts';
import { postedFields } from '../questions.ts';
import { INTERVIEW_QUESTIONS, readChangeForm, readInterviewForm, readReportForm, readReturnForm, REPORT_QUESTIONS } from './form-schemas.ts';

const NOW = '2025-06-15T12:00:00.000Z';
const WENT_MISSING = '2025-06-14T20:00:00.000Z';
const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

describe('readReportForm', () => {
  const report = { type: 'A', ...date('lastSeenDate', '15', '6', '2025'), lastSeenTime: '9:30am' };

  it('should read a UK wall-clock time as a UTC instant, in summer and in winter', () => {
    const summer = readReportForm(report, { now: NOW, outOfArea: false });
    expect(summer).toEqual({
      ok: true,
      value: {
        type: 'A',
        startAt: '2025-06-15T08:30:00.000Z',
        lastSeenLocation: null,
        lastSeenWith: null,
        policeForce: null,
        policeReference: null,
        policeRiskLevel: null,
        reportedToPoliceAt: null,
        hostAuthorityToldAt: null,
      },
    });
    const winter = readReportForm({ ...report, ...date('lastSeenDate', '3', '1', '2025'), lastSeenTime: '21:15' }, { now: NOW, outOfArea: false });
    expect(winter.ok && winter.value.startAt).toBe('2025-01-03T21:15:00.000Z');
  });

  it('should keep "not graded yet" as no risk level, and trim what was typed', () => {
    const read = readReportForm({ ...report, policeRiskLevel: 'NOT_GRADED', policeReference: '  KP-1  ' }, { now: NOW, outOfArea: false });
    expect(read.ok && [read.value.policeRiskLevel, read.value.policeReference]).toEqual([null, 'KP-1']);
  });

  it('should read when the host authority was told only for a child placed out of area', () => {
    const told = { ...report, ...date('hostAuthorityToldDate', '15', '6', '2025'), hostAuthorityToldTime: '10:00' };
    const inArea = readReportForm(told, { now: NOW, outOfArea: false });
    const outOfArea = readReportForm(told, { now: NOW, outOfArea: true });
    expect(inArea.ok && inArea.value.hostAuthorityToldAt).toBeNull();
    expect(outOfArea.ok && outOfArea.value.hostAuthorityToldAt).toBe('2025-06-15T09:00:00.000Z');
  });

  it('should list the errors in the order the page asks the questions', () => {
    const read = readReportForm({ lastSeenTime: 'nonsense', ...date('reportedToPoliceDate', '1', '', '2025') }, { now: NOW, outOfArea: false });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.errors.errorList).toEqual([
      { href: '#type', text: 'Select whether the child is missing or away from placement without authorisation' },
      { href: '#lastSeenDate-day', text: 'Enter the date the child was last seen' },
      { href: '#lastSeenTime', text: 'Enter the time the child was last seen in the format 14:30 or 2:30pm' },
      { href: '#reportedToPoliceDate-day', text: 'The date the child was reported to the police must include a month' },
      { href: '#reportedToPoliceTime', text: 'Enter the time the child was reported to the police' },
    ]);
  });

  it('should refuse a moment in the future', () => {
    const read = readReportForm({ ...report, lastSeenTime: '2pm' }, { now: NOW, outOfArea: false });
    expect(!read.ok && read.errors.fields).toEqual({ lastSeenDate: { text: 'The date and time the child was last seen must be in the past' } });
  });
});

describe('the missing report checked against itself, on the question page', () => {
  const report = { type: 'M', ...date('lastSeenDate', '15', '6', '2025'), lastSeenTime: '9:30am' };

  it('should refuse a police report or a host authority told before the child was last seen, naming what each is', () => {
    const early = {
      ...report,
      ...date('reportedToPoliceDate', '15', '6', '2025'),
      reportedToPoliceTime: '9:29am',
      ...date('hostAuthorityToldDate', '14', '6', '2025'),
      hostAuthorityToldTime: '23:00',
    };
    const read = readReportForm(early, { now: NOW, outOfArea: true });
    expect(!read.ok && read.errors.errorList).toEqual([
      {
        href: '#reportedToPoliceDate-day',
        text: 'The date and time the child was reported to the police must be after the child was last seen, 15 June 2025 at 9:30am',
      },
      {
        href: '#hostAuthorityToldDate-day',
        text: 'The date and time the host authority was told must be after the child was last seen, 15 June 2025 at 9:30am',
      },
    ]);
  });

  it('should accept a police report at the moment the child was last seen', () => {
    const read = readReportForm(
      { ...report, ...date('reportedToPoliceDate', '15', '6', '2025'), reportedToPoliceTime: '9:30am' },
      { now: NOW, outOfArea: false },
    );
    expect(read.ok).toBe(true);
  });

  it('should check the changes to an open episode the same way, with the version read', () => {
    const early = { ...report, ...date('reportedToPoliceDate', '14', '6', '2025'), reportedToPoliceTime: '10:00', version: '4' };
    const read = readChangeForm(early, { now: NOW, outOfArea: false });
    expect(!read.ok && Object.keys(read.errors.fields)).toEqual(['reportedToPoliceDate']);
    const fixed = readChangeForm({ ...early, ...date('reportedToPoliceDate', '15', '6', '2025'), policeRiskLevel: 'HIGH' }, { now: NOW, outOfArea: false });
    expect(fixed.ok && fixed.value).toMatchObject({ reportedToPoliceAt: '2025-06-15T09:00:00.000Z', policeRiskLevel: 'HIGH', version: 4 });
  });

  it('should leave the risk level and the host authority as recorded when the page does not answer them', () => {
    const read = readChangeForm({ ...report, version: '2' }, { now: NOW, outOfArea: false });
    expect(read.ok).toBe(true);
    expect(read.ok && 'policeRiskLevel' in read.value).toBe(false);
    expect(read.ok && 'hostAuthorityToldAt' in read.value).toBe(false);
  });
});

describe('readReturnForm', () => {
  const back = { ...date('endDate', '14', '6', '2025'), endTime: '23:00', endReason: 'RETURNED_SELF', version: '3' };

  it('should read the return with the version read', () => {
    expect(readReturnForm({ ...back, harmDisclosed: 'NOT_KNOWN', exploitationDisclosed: 'no' }, { now: NOW, wentMissingAt: WENT_MISSING })).toEqual({
      ok: true,
      value: { endAt: '2025-06-14T22:00:00.000Z', endReason: 'RETURNED_SELF', harmDisclosed: null, exploitationDisclosed: false, version: 3 },
    });
  });

  it('should send a missing or broken version to the service as one no record has, so it is refused', () => {
    const read = readReturnForm({ ...back, version: 'x' }, { now: NOW, wentMissingAt: WENT_MISSING });
    expect(read.ok && read.value.version).toBe(0);
  });

  it('should refuse a return before the child went missing, saying when that was', () => {
    const read = readReturnForm({ ...back, ...date('endDate', '14', '6', '2025'), endTime: '20:59' }, { now: NOW, wentMissingAt: WENT_MISSING });
    expect(!read.ok && read.errors.fields).toEqual({
      endDate: { text: 'The date and time the child came back must be after they went missing, 14 June 2025 at 9:00pm' },
    });
  });

  it('should ask how the episode ended', () => {
    const read = readReturnForm({ ...back, endReason: 'STILL_MISSING' }, { now: NOW, wentMissingAt: WENT_MISSING });
    expect(!read.ok && read.errors.fields).toEqual({ endReason: { text: 'Select how the missing episode ended' } });
  });
});

describe('readInterviewForm', () => {
  const context = { now: NOW, cameBackAt: '2025-06-14T09:00:00.000Z' };
  const accepted = { response: 'ACCEPTED', ...date('offeredDate', '14', '6', '2025'), offeredTime: '11:00' };

  it('should read an accepted interview, held, with its outcomes', () => {
    const read = readInterviewForm(
      formBody({
        ...accepted,
        ...date('completedDate', '15', '6', '2025'),
        completedTime: '9:00am',
        interviewerType: 'ICTG',
        outcomes: ['NRM_REFERRAL', 'CARE_PLAN_CHANGE'],
        version: '2',
      }),
      context,
    );
    expect(read).toEqual({
      ok: true,
      value: {
        response: 'ACCEPTED',
        offeredAt: '2025-06-14T10:00:00.000Z',
        notOfferedReason: null,
        completedAt: '2025-06-15T08:00:00.000Z',
        interviewerType: 'ICTG',
        outcomes: ['NRM_REFERRAL', 'CARE_PLAN_CHANGE'],
        version: 2,
      },
    });
  });

  it('should take a single ticked outcome as a list, and no version for a first interview', () => {
    const read = readInterviewForm(formBody({ ...accepted, outcomes: 'NO_FURTHER_ACTION' }), context);
    expect(read.ok && read.value).toMatchObject({ outcomes: ['NO_FURTHER_ACTION'] });
    expect(read.ok && 'version' in read.value).toBe(false);
  });

  it('should need a reason, and no date offered, for an interview not offered', () => {
    const missingReason = readInterviewForm({ response: 'NOT_OFFERED', ...date('offeredDate', '14', '6', '2025'), offeredTime: '11:00' }, context);
    expect(!missingReason.ok && missingReason.errors.fields).toEqual({
      notOfferedReason: { text: 'Enter why the return home interview was not offered' },
      offeredDate: { text: 'Remove the date the interview was offered, or select whether it was accepted or declined' },
    });
    const read = readInterviewForm({ response: 'NOT_OFFERED', notOfferedReason: 'Missing again' }, context);
    expect(read.ok && read.value).toMatchObject({ response: 'NOT_OFFERED', notOfferedReason: 'Missing again', offeredAt: null, completedAt: null });
  });

  it('should not keep a reason for not offering an interview that was offered', () => {
    const read = readInterviewForm({ ...accepted, notOfferedReason: 'typed, then changed my mind' }, context);
    expect(!read.ok && read.errors.fields).toEqual({ notOfferedReason: { text: 'Remove why the interview was not offered, or select ‘Not offered’' } });
  });
});

describe('hiddenFields', () => {
  it('should carry each field the form asked, repeated fields once per value, and nothing else', () => {
    const body = formBody({ _csrf: 'token', intent: 'continue', response: 'ACCEPTED', outcomes: ['A', 'B'], unexpected: 'x' });
    expect(hiddenFields(body, postedFields(INTERVIEW_QUESTIONS))).toEqual([
      { name: 'response', value: 'ACCEPTED' },
      { name: 'outcomes', value: 'A' },
      { name: 'outcomes', value: 'B' },
    ]);
    expect(postedFields(REPORT_QUESTIONS)).toContain('lastSeenDate-day');
  });
});
