import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../domain/dates.ts';
import type { MyWork } from '../../services/my-work-service.ts';
import { durationInWords, interviewClock, missingFor, myWorkViewModel, profilesToReviewSection } from './view-models.ts';

const NOW = '2025-06-15T12:00:00.000Z';

const child = (n: number) => ({ childId: `00000000-0000-4000-8000-00000000000${n}`, givenNames: `Child${n}`, familyName: 'Fictional' });

const EMPTY: MyWork = {
  scope: 'authority',
  authorityName: 'Kent',
  canRecord: true,
  missingNow: [],
  interviewsToDo: [],
  repeatMissing: [],
  concernsWithoutReferral: [],
  pendingNrmDecisions: [],
  breakGlassToReview: null,
};

const missingEpisode = (n: number, startAt: string, more: Partial<MyWork['missingNow'][number]> = {}): MyWork['missingNow'][number] => ({
  ...child(n),
  episodeId: `10000000-0000-4000-8000-00000000000${n}`,
  type: 'M',
  startAt,
  reportedToPoliceAt: null,
  policeReference: null,
  policeRiskLevel: null,
  outOfArea: false,
  hostAuthorityName: 'Kent',
  hostAuthorityToldAt: null,
  ...more,
});

/** The text of each cell of a section's rows, links and all. */
const cells = (page: ReturnType<typeof myWorkViewModel>, id: string): string[][] =>
  (page.sections.find((section) => section.id === id)?.table?.rows ?? []).map((row) =>
    row.map((cell) => ('text' in cell ? cell.text : cell.html.replaceAll(/<[^>]+>/g, ''))),
  );

describe('durationInWords', () => {
  it.each([
    [0.2, 'less than an hour'],
    [1, '1 hour'],
    [5.9, '5 hours'],
    [47.9, '47 hours'],
    [48, '2 days'],
    [71.9, '2 days'],
    [24 * 9 + 3, '9 days'],
  ])('should say %s hours as "%s"', (hours, words) => {
    expect(durationInWords(hours)).toBe(words);
  });
});

describe('the 72-hour clock', () => {
  it('should count down to the due time in hours, then in days from 48 hours', () => {
    expect(interviewClock('2025-06-15T17:30:00.000Z', NOW)).toEqual({ text: 'Due in 5 hours', overdue: false });
    expect(interviewClock('2025-06-18T11:00:00.000Z', NOW)).toEqual({ text: 'Due in 2 days', overdue: false });
    expect(interviewClock('2025-06-15T12:20:00.000Z', NOW)).toEqual({ text: 'Due in less than an hour', overdue: false });
  });

  it('should say how long it is overdue', () => {
    expect(interviewClock('2025-06-13T12:00:00.000Z', NOW)).toEqual({ text: 'Overdue by 2 days', overdue: true });
    expect(interviewClock('2025-06-15T09:00:00.000Z', NOW)).toEqual({ text: 'Overdue by 3 hours', overdue: true });
  });

  it('should say how long a child has been missing', () => {
    expect(missingFor('2025-06-15T07:00:00.000Z', NOW)).toBe('5 hours');
    expect(missingFor('2025-06-11T12:00:00.000Z', NOW)).toBe('4 days');
  });
});

describe('myWorkViewModel', () => {
  it('should list children missing now longest first, with their name linking to their record', () => {
    const page = myWorkViewModel(
      {
        ...EMPTY,
        missingNow: [
          missingEpisode(1, '2025-06-15T07:00:00.000Z', { policeReference: 'KP-1', policeRiskLevel: 'HIGH', reportedToPoliceAt: '2025-06-15T08:00:00.000Z' }),
          missingEpisode(2, '2025-06-11T12:00:00.000Z', { type: 'A', outOfArea: true, hostAuthorityName: 'Medway' }),
          missingEpisode(3, '2025-06-14T12:00:00.000Z', {
            outOfArea: true,
            hostAuthorityName: 'Medway',
            hostAuthorityToldAt: '2025-06-14T13:00:00.000Z',
            reportedToPoliceAt: '2025-06-14T13:00:00.000Z',
          }),
        ],
      },
      NOW,
      'social_worker',
    );
    const section = page.sections[0]!;
    expect(section).toMatchObject({ id: 'missing-now', heading: 'Children missing now', count: 3 });
    expect(cells(page, 'missing-now')).toEqual([
      [
        'Child2 Fictional',
        'Not allocated',
        '4 days',
        'Away without authorisation',
        'Not graded',
        'Not reported to police',
        'Not yet told: Medway',
        'Record return for Child2 Fictional',
      ],
      ['Child3 Fictional', 'Not allocated', '24 hours', 'Missing', 'Not graded', 'Reported, no reference', 'Yes: Medway', 'Record return for Child3 Fictional'],
      ['Child1 Fictional', 'Not allocated', '5 hours', 'Missing', 'High', 'KP-1', 'Placed in area', 'Record return for Child1 Fictional'],
    ]);
    const link = section.table!.rows[0]![0]!;
    expect(link).toEqual({ html: '<a class="govuk-link" href="/children/00000000-0000-4000-8000-000000000002">Child2 Fictional</a>' });
  });

  it('should list interviews most overdue first, then the soonest due', () => {
    const interview = (n: number, endAt: string, dueBy: string, state: 'DUE' | 'OVERDUE') => ({
      ...child(n),
      episodeId: `20000000-0000-4000-8000-00000000000${n}`,
      endAt,
      dueBy,
      state,
      accepted: n === 2,
    });
    const page = myWorkViewModel(
      {
        ...EMPTY,
        interviewsToDo: [
          interview(1, '2025-06-15T07:00:00.000Z', '2025-06-18T07:00:00.000Z', 'DUE'),
          interview(2, '2025-06-10T12:00:00.000Z', '2025-06-13T12:00:00.000Z', 'OVERDUE'),
          interview(3, '2025-06-12T17:00:00.000Z', '2025-06-15T17:00:00.000Z', 'DUE'),
        ],
      },
      NOW,
      'team_manager',
    );
    expect(cells(page, 'return-interviews').map((row) => [row[0], row[4], row[5]])).toEqual([
      ['Child2 Fictional', 'Overdue by 2 days', 'Accepted, not yet held'],
      ['Child3 Fictional', 'Due in 5 hours', 'Nothing recorded'],
      ['Child1 Fictional', 'Due in 2 days', 'Nothing recorded'],
    ]);
  });

  it('should list repeat missing by most episodes, and trafficking work by longest waiting', () => {
    const page = myWorkViewModel(
      {
        ...EMPTY,
        repeatMissing: [
          { ...child(1), episodes: 3, latestStartAt: '2025-06-10T10:00:00.000Z', isMissing: false },
          { ...child(2), episodes: 5, latestStartAt: '2025-06-01T10:00:00.000Z', isMissing: true },
        ],
        concernsWithoutReferral: [
          { ...child(3), concernId: '30000000-0000-4000-8000-000000000003', raisedOn: '2025-06-01', status: 'SUSPECTED' },
          { ...child(4), concernId: '30000000-0000-4000-8000-000000000004', raisedOn: '2025-03-01', status: null },
        ],
        pendingNrmDecisions: [
          {
            ...child(5),
            concernId: '30000000-0000-4000-8000-000000000005',
            referralId: '40000000-0000-4000-8000-000000000005',
            referredOn: '2025-01-01',
            awaiting: 'CONCLUSIVE_GROUNDS',
            waitingSince: '2025-05-15',
          },
          {
            ...child(6),
            concernId: '30000000-0000-4000-8000-000000000006',
            referralId: '40000000-0000-4000-8000-000000000006',
            referredOn: '2025-04-01',
            awaiting: 'REASONABLE_GROUNDS',
            waitingSince: '2025-04-01',
          },
        ],
      },
      NOW,
      'data_officer',
    );
    expect(cells(page, 'repeat-missing')).toEqual([
      ['Child2 Fictional', 'Not allocated', '5', '1 June 2025 at 11:00am', 'Yes'],
      ['Child1 Fictional', 'Not allocated', '3', '10 June 2025 at 11:00am', 'No'],
    ]);
    expect(cells(page, 'concerns-without-referral').map((row) => [row[0], ...row.slice(2, 5)])).toEqual([
      ['Child4 Fictional', '1 March 2025', 'Not recorded', '106 days'],
      ['Child3 Fictional', '1 June 2025', 'Suspected', '14 days'],
    ]);
    expect(cells(page, 'nrm-decisions-pending').map((row) => [row[0], ...row.slice(2, 5)])).toEqual([
      ['Child6 Fictional', 'Reasonable grounds decision', '1 April 2025', '75 days'],
      ['Child5 Fictional', 'Conclusive grounds decision', '15 May 2025', '31 days'],
    ]);
  });

  it('should list the person’s own children first, then their team’s, then the authority’s, saying who holds each', () => {
    const held = (socialWorker: string | null, team: string | null) => ({
      socialWorker: socialWorker === null ? null : { id: socialWorker, name: socialWorker },
      team: team === null ? null : { id: team, name: team },
    });
    const page = myWorkViewModel(
      {
        ...EMPTY,
        missingNow: [
          missingEpisode(1, '2025-06-10T12:00:00.000Z', { caseload: { tier: 'authority', owner: null } }),
          missingEpisode(2, '2025-06-11T12:00:00.000Z', { caseload: { tier: 'authority', owner: held('Jo Worker', 'Leaving care') } }),
          missingEpisode(3, '2025-06-12T12:00:00.000Z', { caseload: { tier: 'team', owner: held(null, 'Looked after') } }),
          missingEpisode(4, '2025-06-13T12:00:00.000Z', { caseload: { tier: 'mine', owner: held('Sam Worker', 'Looked after') } }),
          missingEpisode(5, '2025-06-14T12:00:00.000Z', { caseload: { tier: 'team', owner: held('Ali Worker', null) } }),
        ],
      },
      NOW,
      'social_worker',
    );
    expect(cells(page, 'missing-now').map((row) => row.slice(0, 2))).toEqual([
      ['Child4 Fictional', 'You (Looked after)'],
      ['Child3 Fictional', 'Looked after, no social worker'],
      ['Child5 Fictional', 'Ali Worker'],
      ['Child1 Fictional', 'Not allocated'],
      ['Child2 Fictional', 'Jo Worker (Leaving care)'],
    ]);
    expect(page.sections[0]?.table?.head[1]).toEqual({ text: 'Allocated to' });
  });

  it('should say so when a section is empty, and count it in the heading', () => {
    const page = myWorkViewModel(EMPTY, NOW, 'social_worker');
    expect(page.intro).toBe('Children Kent is responsible for. In each list, the children allocated to you come first, then your team’s, then the rest.');
    expect(page.sections.map((section) => [section.heading, section.count, section.table])).toEqual([
      ['Children missing now', 0, null],
      ['Return home interviews due and overdue', 0, null],
      ['Children missing 3 or more times in 30 days', 0, null],
      ['Trafficking concerns with no NRM referral', 0, null],
      ['NRM decisions pending', 0, null],
    ]);
  });

  it('should put a team manager’s break-glass openings to review first, with who opened the record, why, and a link to review it', () => {
    const opening = {
      id: '20000000-0000-4000-8000-000000000001',
      childId: child(1).childId,
      actorId: 'someone',
      organisationCode: 'KENT-POLICE',
      role: 'police_coordinator',
      reason: 'Child seen at an address we are searching',
      openedAt: '2025-06-15T09:30:00.000Z',
      expiresAt: '2025-06-15T13:30:00.000Z',
      childGivenNames: 'Child1',
      childFamilyName: 'Fictional',
      openedByName: 'Pat Officer',
      organisationName: 'Kent Police',
      reviewedAt: null,
      reviewedByName: null,
      reviewNote: null,
    };
    const page = myWorkViewModel({ ...EMPTY, breakGlassToReview: [opening] }, NOW, 'team_manager');
    expect(page.sections[0]!.id).toBe('break-glass-to-review');
    expect(cells(page, 'break-glass-to-review')).toEqual([
      [
        'Child1 Fictional',
        'Pat Officer, Police missing-person coordinator, Kent Police',
        formatInstant(opening.openedAt),
        'Child seen at an address we are searching',
        'Review for Child1 Fictional',
      ],
    ]);
    expect(JSON.stringify(page.sections[0]!.table!.rows[0]![4])).toContain('/break-glass-reviews/20000000-0000-4000-8000-000000000001');
    // Nobody but a reviewer has the section, not even an empty one.
    expect(myWorkViewModel(EMPTY, NOW, 'social_worker').sections.map((section) => section.id)).not.toContain('break-glass-to-review');
  });

  it('should leave out the actions for those who read only, and show the police missing children only', () => {
    const advocate = myWorkViewModel(
      { ...EMPTY, scope: 'advocate', authorityName: null, canRecord: false, missingNow: [missingEpisode(1, '2025-06-15T07:00:00.000Z')] },
      NOW,
      'advocate',
    );
    expect(advocate.intro).toBe('Children allocated to you.');
    expect(cells(advocate, 'missing-now')[0]).toHaveLength(6);
    const police = myWorkViewModel({ ...EMPTY, scope: 'police', authorityName: null, canRecord: false }, NOW, 'police_coordinator');
    expect(police.sections.map((section) => section.id)).toEqual(['missing-now']);
  });

  it('should point national analysts and administrators to their own pages', () => {
    const none = { ...EMPTY, scope: 'none' as const, authorityName: null, canRecord: false };
    const analyst = myWorkViewModel(none, NOW, 'national_analyst');
    expect(analyst.sections).toEqual([]);
    expect(analyst.elsewhere?.links.map((link) => link.href)).toEqual(['/statistics', '/data-quality/league-table']);
    expect(myWorkViewModel(none, NOW, 'system_administrator').elsewhere?.text).toContain('accounts');
  });

  it('should escape names in the links it builds', () => {
    const page = myWorkViewModel({ ...EMPTY, missingNow: [missingEpisode(1, NOW, { givenNames: '<script>x</script>' })] }, NOW, 'social_worker');
    const html = JSON.stringify(page.sections[0]!.table!.rows[0]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('the Philomena profiles to review', () => {
  it('should list each profile with when it was reviewed, how long ago, and a link to review it', () => {
    const section = profilesToReviewSection([{ ...child(1), reviewedAt: '2025-03-01T10:00:00.000Z' }], NOW);
    expect(section.count).toBe(1);
    const [row] = section.table?.rows ?? [];
    expect(row?.map((cell) => ('text' in cell ? cell.text : cell.html.replaceAll(/<[^>]+>/g, '')))).toEqual([
      'Child1 Fictional',
      formatInstant('2025-03-01T10:00:00.000Z'),
      '106 days',
      'Review profile for Child1 Fictional',
    ]);
    expect(JSON.stringify(row)).toContain(`/children/${child(1).childId}/philomena-profile/part-one`);
  });

  it('should say so when none is due', () => {
    expect(profilesToReviewSection([], NOW)).toMatchObject({ count: 0, table: null, empty: 'Every Philomena profile has been reviewed in the last 90 days.' });
  });
});
