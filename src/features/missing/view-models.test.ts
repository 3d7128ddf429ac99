import { describe, expect, it } from 'vitest';
import { buildEpisode, buildInterview } from '../../../test/factories/child-record.ts';
import { viewEpisode } from '../../domain/record-view.ts';
import { interviewAnswers, interviewConfirmation, reportAnswers, reportedConfirmation, returnedConfirmation } from './view-models.ts';

const NOW = '2025-06-15T12:00:00.000Z';
const text = (rows: readonly { key: { text: string }; value: { text: string } | { html: string } }[]) =>
  rows.map((row) => [row.key.text, 'text' in row.value ? row.value.text : row.value.html]);

describe('check your answers', () => {
  it('should show a report as the person will read it back, with the host authority only out of area', () => {
    const answers = {
      type: 'M' as const,
      startAt: '2025-06-15T08:30:00.000Z',
      lastSeenLocation: 'Bus station',
      policeRiskLevel: 'MEDIUM' as const,
      reportedToPoliceAt: null,
    };
    expect(text(reportAnswers(answers, { outOfArea: false }))).toEqual([
      ['Missing or away', 'Missing'],
      ['Last seen', '15 June 2025 at 9:30am'],
      ['Where last seen', 'Bus station'],
      ['Who they were last seen with', 'Not known'],
      ['Reported to the police', 'Not yet'],
      ['Police force', 'Not recorded'],
      ['Police reference', 'Not recorded'],
      ['Police risk level', 'Medium'],
    ]);
    expect(text(reportAnswers(answers, { outOfArea: true })).at(-1)).toEqual(['Host authority told', 'Not yet']);
  });

  it('should show only the interview answers that apply to the response', () => {
    expect(text(interviewAnswers({ response: 'NOT_OFFERED', notOfferedReason: 'Missing again' })).map(([key]) => key)).toEqual([
      'Return home interview',
      'Why it was not offered',
      'Who held the interview',
      'Outcomes',
    ]);
    expect(text(interviewAnswers({ response: 'ACCEPTED', offeredAt: '2025-06-14T10:00:00.000Z', outcomes: ['POLICE_INTELLIGENCE', 'NRM_REFERRAL'] }))).toEqual([
      ['Return home interview', 'Offered and accepted'],
      ['Offered', '14 June 2025 at 11:00am'],
      ['Completed', 'Not yet'],
      ['Who held the interview', 'Not recorded'],
      ['Outcomes', 'Information shared with the police, Referral to the National Referral Mechanism'],
    ]);
  });
});

describe('confirmations', () => {
  it('should tell the person to report to the police when a missing child has not been reported', () => {
    const reported = reportedConfirmation(viewEpisode(buildEpisode({ endAt: null, endReason: null, reportedToPoliceAt: null, policeReference: null }), NOW));
    expect(reported.panelText).toBeNull();
    expect(reported.next[0]).toContain('Report the child missing to the police now');
    expect(reported.next.at(-1)).toContain('within 72 hours of coming back');
  });

  it('should give the police reference, and ask for the host authority to be told when it has not been', () => {
    const reported = reportedConfirmation(
      viewEpisode(
        buildEpisode({
          endAt: null,
          endReason: null,
          reportedToPoliceAt: '2025-06-15T09:00:00.000Z',
          policeReference: 'KP-9',
          hostAuthorityCode: 'E06000035',
          hostAuthorityToldAt: null,
        }),
        NOW,
      ),
    );
    expect(reported.panelText).toBe('Police reference KP-9');
    expect(reported.next.some((paragraph) => paragraph.includes('Tell the host authority'))).toBe(true);
  });

  it('should give the return home interview’s due time, and point to a referral when exploitation was disclosed', () => {
    const returned = returnedConfirmation(
      viewEpisode(buildEpisode({ endAt: '2025-06-15T06:45:00.000Z', endReason: 'FOUND_POLICE', exploitationDisclosed: true, returnInterview: null }), NOW),
    );
    expect(returned.panelText).toBe('Return home interview due by 18 June 2025 at 7:45am');
    expect(returned.next.some((paragraph) => paragraph.includes('National Referral Mechanism'))).toBe(true);
  });

  it('should say whether the interview was held within 72 hours', () => {
    const episode = buildEpisode({ endAt: '2025-06-10T09:00:00.000Z', endReason: 'RETURNED_SELF' });
    const inTime = viewEpisode(
      { ...episode, returnInterview: buildInterview({ episodeId: episode.id, response: 'ACCEPTED', completedAt: '2025-06-12T09:00:00.000Z' }) },
      NOW,
    );
    const late = viewEpisode(
      { ...episode, returnInterview: buildInterview({ episodeId: episode.id, response: 'ACCEPTED', completedAt: '2025-06-14T09:00:00.000Z' }) },
      NOW,
    );
    const waiting = viewEpisode({ ...episode, returnInterview: buildInterview({ episodeId: episode.id, response: 'ACCEPTED', completedAt: null }) }, NOW);
    expect(interviewConfirmation(inTime).panelText).toBe('Completed within 72 hours');
    expect(interviewConfirmation(late).panelText).toBe('Completed late');
    expect(interviewConfirmation(waiting).panelText).toBe('Accepted: overdue');
  });
});
