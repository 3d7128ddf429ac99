import { formatDate, formatInstant, hoursBetween, ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Role } from '../../domain/access/actor.ts';
import { INTERVIEW_WINDOW_DAYS, REPEAT_THRESHOLD, REPEAT_WINDOW_DAYS } from '../../services/my-work-service.ts';
import type { ChildRef, MyWork } from '../../services/my-work-service.ts';
import { MISSING_TYPE_SHORT_LABELS, POLICE_RISK_LABELS, TRAFFICKING_STATUS_LABELS } from '../labels.ts';
import { escapeHtml, fullName } from '../view-models.ts';
import { openedBy } from '../administration/view-models.ts';
import type { BreakGlassReviewItem } from '../../domain/break-glass.ts';
import { REVIEW_AFTER_DAYS } from '../../domain/philomena.ts';
import type { ProfileToReview } from '../../services/philomena-service.ts';
import { CONTACT_DUE_DAYS } from '../../domain/guardian-record.ts';
import type { ContactOverdue } from '../../services/guardian-record-service.ts';
import { ENTRY_SLUGS } from '../guardians/record-forms.ts';
import { tierRank } from '../../domain/caseload.ts';
import { ownerText } from '../caseloads/view-models.ts';

// My work as GOV.UK tables: pure functions of what the service found and the time now.

/** A length of time in words: hours up to two days, then whole days ("5 hours", "3 days"). */
export function durationInWords(hours: number): string {
  const whole = Math.floor(Math.abs(hours));
  if (whole < 1) return 'less than an hour';
  if (whole < 48) return `${whole} hour${whole === 1 ? '' : 's'}`;
  const days = Math.floor(whole / 24);
  return `${days} days`;
}

export function missingFor(startAt: string, now: string): string {
  return durationInWords(Math.max(0, hoursBetween(startAt, now)));
}

/** The 72-hour clock of a return home interview: "Due in 5 hours" or "Overdue by 2 days". */
export function interviewClock(dueBy: string, now: string): { text: string; overdue: boolean } {
  const hoursLeft = hoursBetween(now, dueBy);
  return hoursLeft >= 0
    ? { text: `Due in ${durationInWords(hoursLeft)}`, overdue: false }
    : { text: `Overdue by ${durationInWords(-hoursLeft)}`, overdue: true };
}

/** Whole days from one day to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const daysInWords = (days: number): string => (days === 0 ? 'Today' : `${days} day${days === 1 ? '' : 's'}`);

const childLink = (child: ChildRef) => ({ html: `<a class="govuk-link" href="${escapeHtml(paths.child(child.childId))}">${escapeHtml(fullName(child))}</a>` });

/** An action link whose text says which child it is for, to screen readers too. */
const actionLink = (href: string, text: string, child: ChildRef) => ({
  html: `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}<span class="govuk-visually-hidden"> for ${escapeHtml(fullName(child))}</span></a>`,
});

type Cell = { text: string; format?: 'numeric' } | { html: string };

/** Who holds the child, for the responsible authority's staff: "You", a social worker's name, a team, or not allocated. */
function ownerCell(child: ChildRef): Cell {
  const caseload = child.caseload;
  const owner = caseload?.owner ?? null;
  if (caseload === undefined || owner === null) return { html: '<strong>Not allocated</strong>' };
  if (caseload.tier === 'mine') return { text: `You${owner.team === null ? '' : ` (${owner.team.name})`}` };
  return { text: ownerText(owner) };
}

/** Mine before my team's before the authority's; then the section's own order. */
const byTier = (a: ChildRef, b: ChildRef): number => tierRank(a.caseload?.tier) - tierRank(b.caseload?.tier);

export interface Section {
  readonly id: string;
  readonly heading: string;
  readonly count: number;
  readonly description: string;
  readonly empty: string;
  readonly table: {
    readonly caption: string;
    readonly head: readonly { text: string; format?: 'numeric' }[];
    readonly rows: readonly (readonly Cell[])[];
  } | null;
}

export interface MyWorkPage {
  readonly intro: string | null;
  readonly sections: readonly Section[];
  /** For people whose work is not with individual children: where their pages are. */
  readonly elsewhere: { readonly text: string; readonly links: readonly { href: string; text: string }[] } | null;
}

function section(id: string, heading: string, description: string, empty: string, head: { text: string; format?: 'numeric' }[], rows: Cell[][]): Section {
  return { id, heading, count: rows.length, description, empty, table: rows.length === 0 ? null : { caption: `${heading} (${rows.length})`, head, rows } };
}

function introFor(work: MyWork): string | null {
  switch (work.scope) {
    case 'authority':
      return `Children ${work.authorityName ?? 'your authority'} is responsible for. In each list, the children allocated to you come first, then your team’s, then the rest.`;
    case 'advocate':
      return 'Children allocated to you.';
    case 'police':
      return 'Children missing now from placements in your force’s area.';
    case 'none':
      return null;
  }
}

function elsewhereFor(role: Role): MyWorkPage['elsewhere'] {
  if (role === 'national_analyst') {
    return {
      text: 'Lantern does not show national analysts individual children. Use the national statistics and the data-quality league table.',
      links: [
        { href: paths.statistics, text: 'Statistics' },
        { href: paths.dataQualityLeagueTable, text: 'Data-quality league table' },
      ],
    };
  }
  return {
    text: 'Administrators do not see children’s records. You manage your organisation’s Lantern accounts, and their access, through the Lantern API and the lantern command line.',
    links: [],
  };
}

/** For a team manager: records of their authority's children opened with break-glass, waiting for review. */
function breakGlassSection(openings: readonly BreakGlassReviewItem[]): Section {
  return section(
    'break-glass-to-review',
    'Records opened with break-glass, to review',
    'Someone outside your authority’s access opened these children’s records in an emergency, giving a reason. Check each opening was needed. Oldest first.',
    'No record opened with break-glass is waiting for review.',
    [{ text: 'Child' }, { text: 'Opened by' }, { text: 'Opened' }, { text: 'Reason they gave' }, { text: 'Action' }],
    openings.map((opening) => {
      const child = { childId: opening.childId, givenNames: opening.childGivenNames, familyName: opening.childFamilyName };
      return [
        childLink(child),
        { text: openedBy(opening) },
        { text: formatInstant(opening.openedAt) },
        { text: opening.reason },
        actionLink(paths.reviewBreakGlass(opening.id), 'Review', child),
      ];
    }),
  );
}

/** The My work page: one table per kind of work, most urgent first, each with its count. */
export function myWorkViewModel(work: MyWork, now: string, role: Role): MyWorkPage {
  if (work.scope === 'none') return { intro: null, sections: [], elsewhere: elsewhereFor(role) };
  const today = ukDateOf(now);
  const sections: Section[] = [];
  // The responsible authority's staff see who holds each child (issue 12, item 3).
  const owned = work.scope === 'authority';
  const ownerHead = owned ? [{ text: 'Allocated to' }] : [];
  const owner = (child: ChildRef): Cell[] => (owned ? [ownerCell(child)] : []);

  if (work.breakGlassToReview !== null) sections.push(breakGlassSection(work.breakGlassToReview));

  const missing = [...work.missingNow].sort((a, b) => byTier(a, b) || a.startAt.localeCompare(b.startAt) || a.episodeId.localeCompare(b.episodeId));
  sections.push(
    section(
      'missing-now',
      'Children missing now',
      'Longest missing first.',
      work.scope === 'police' ? 'No child is recorded as missing from a placement in your force’s area.' : 'No child is recorded as missing.',
      [
        { text: 'Child' },
        ...ownerHead,
        { text: 'Missing for' },
        { text: 'Type' },
        { text: 'Police risk' },
        { text: 'Police reference' },
        { text: 'Host authority told' },
        ...(work.canRecord ? [{ text: 'Action' }] : []),
      ],
      missing.map((episode) => [
        childLink(episode),
        ...owner(episode),
        { text: missingFor(episode.startAt, now) },
        { text: MISSING_TYPE_SHORT_LABELS[episode.type] },
        { text: episode.policeRiskLevel === null ? 'Not graded' : POLICE_RISK_LABELS[episode.policeRiskLevel] },
        { text: episode.policeReference ?? (episode.reportedToPoliceAt === null ? 'Not reported to police' : 'Reported, no reference') },
        !episode.outOfArea
          ? { text: 'Placed in area' }
          : episode.hostAuthorityToldAt === null
            ? { html: `<strong>Not yet told:</strong> ${escapeHtml(episode.hostAuthorityName)}` }
            : { text: `Yes: ${episode.hostAuthorityName}` },
        ...(work.canRecord ? [actionLink(paths.recordReturn(episode.episodeId), 'Record return', episode)] : []),
      ]),
    ),
  );
  if (work.scope === 'police') return { intro: introFor(work), sections, elsewhere: null };

  const interviews = [...work.interviewsToDo].sort((a, b) => byTier(a, b) || a.dueBy.localeCompare(b.dueBy) || a.episodeId.localeCompare(b.episodeId));
  sections.push(
    section(
      'return-interviews',
      'Return home interviews due and overdue',
      `Children who came back in the last ${INTERVIEW_WINDOW_DAYS} days with no return home interview completed, declined or recorded as not offered. The interview is due within 72 hours of the child coming back. Most overdue first.`,
      'No return home interviews are due or overdue.',
      [
        { text: 'Child' },
        ...ownerHead,
        { text: 'Came back' },
        { text: 'Due by' },
        { text: '72-hour clock' },
        { text: 'Interview' },
        ...(work.canRecord ? [{ text: 'Action' }] : []),
      ],
      interviews.map((interview) => {
        const clock = interviewClock(interview.dueBy, now);
        return [
          childLink(interview),
          ...owner(interview),
          { text: formatInstant(interview.endAt) },
          { text: formatInstant(interview.dueBy) },
          clock.overdue ? { html: `<strong>${escapeHtml(clock.text)}</strong>` } : { text: clock.text },
          { text: interview.accepted ? 'Accepted, not yet held' : 'Nothing recorded' },
          ...(work.canRecord ? [actionLink(paths.recordReturnInterview(interview.episodeId), 'Record interview', interview)] : []),
        ];
      }),
    ),
  );

  const repeats = [...work.repeatMissing].sort(
    (a, b) => byTier(a, b) || b.episodes - a.episodes || b.latestStartAt.localeCompare(a.latestStartAt) || a.childId.localeCompare(b.childId),
  );
  sections.push(
    section(
      'repeat-missing',
      `Children missing ${REPEAT_THRESHOLD} or more times in ${REPEAT_WINDOW_DAYS} days`,
      `Children with ${REPEAT_THRESHOLD} or more episodes starting in the last ${REPEAT_WINDOW_DAYS} days. Consider a strategy meeting and a review of their care plan.`,
      `No child has gone missing ${REPEAT_THRESHOLD} or more times in the last ${REPEAT_WINDOW_DAYS} days.`,
      [{ text: 'Child' }, ...ownerHead, { text: 'Episodes', format: 'numeric' }, { text: 'Most recent went missing' }, { text: 'Missing now' }],
      repeats.map((child) => [
        childLink(child),
        ...owner(child),
        { text: String(child.episodes), format: 'numeric' },
        { text: formatInstant(child.latestStartAt) },
        { text: child.isMissing ? 'Yes' : 'No' },
      ]),
    ),
  );

  const concerns = [...work.concernsWithoutReferral].sort(
    (a, b) => byTier(a, b) || a.raisedOn.localeCompare(b.raisedOn) || a.concernId.localeCompare(b.concernId),
  );
  sections.push(
    section(
      'concerns-without-referral',
      'Trafficking concerns with no NRM referral',
      'Every child who may be a victim of trafficking should be referred to the National Referral Mechanism; a child’s consent is not needed. Longest waiting first.',
      'Every trafficking concern has an NRM referral.',
      [{ text: 'Child' }, ...ownerHead, { text: 'Concern raised' }, { text: 'Status' }, { text: 'Waiting', format: 'numeric' }, { text: 'Action' }],
      concerns.map((concern) => [
        childLink(concern),
        ...owner(concern),
        { text: formatDate(concern.raisedOn) },
        { text: concern.status === null ? 'Not recorded' : TRAFFICKING_STATUS_LABELS[concern.status] },
        { text: daysInWords(daysBetween(concern.raisedOn, today)), format: 'numeric' },
        actionLink(paths.concern(concern.concernId), 'View concern', concern),
      ]),
    ),
  );

  const pending = [...work.pendingNrmDecisions].sort(
    (a, b) => byTier(a, b) || a.waitingSince.localeCompare(b.waitingSince) || a.referralId.localeCompare(b.referralId),
  );
  sections.push(
    section(
      'nrm-decisions-pending',
      'NRM decisions pending',
      'NRM referrals waiting for a reasonable grounds or conclusive grounds decision. Longest waiting first.',
      'No NRM decisions are pending.',
      [{ text: 'Child' }, ...ownerHead, { text: 'Waiting for' }, { text: 'Waiting since' }, { text: 'Waiting', format: 'numeric' }, { text: 'Action' }],
      pending.map((referral) => [
        childLink(referral),
        ...owner(referral),
        { text: referral.awaiting === 'REASONABLE_GROUNDS' ? 'Reasonable grounds decision' : 'Conclusive grounds decision' },
        { text: formatDate(referral.waitingSince) },
        { text: daysInWords(daysBetween(referral.waitingSince, today)), format: 'numeric' },
        actionLink(paths.concern(referral.concernId), 'View concern', referral),
      ]),
    ),
  );

  return { intro: introFor(work), sections, elsewhere: null };
}

/** Philomena profiles not reviewed for REVIEW_AFTER_DAYS days, longest unreviewed first (issue 14 item 4). */
export function profilesToReviewSection(profiles: readonly ProfileToReview[], now: string): Section {
  const today = ukDateOf(now);
  return section(
    'philomena-profiles-to-review',
    'Philomena profiles to review',
    `Profiles not reviewed for ${REVIEW_AFTER_DAYS} days. Police rely on them when a child goes missing: check each answer and the photograph, and save Part 1 again. Longest unreviewed first.`,
    `Every Philomena profile has been reviewed in the last ${REVIEW_AFTER_DAYS} days.`,
    [{ text: 'Child' }, { text: 'Last reviewed' }, { text: 'Unreviewed for', format: 'numeric' }, { text: 'Action' }],
    profiles.map((profile) => [
      childLink(profile),
      { text: formatInstant(profile.reviewedAt) },
      { text: daysInWords(daysBetween(ukDateOf(profile.reviewedAt), today)), format: 'numeric' },
      actionLink(paths.philomenaPartOne(profile.childId), 'Review profile', profile),
    ]),
  );
}

/** For a guardian: the children allocated to them with no contact for CONTACT_DUE_DAYS days, longest overdue first (issue 15 item 2). */
export function contactsOverdueSection(children: readonly ContactOverdue[], now: string): Section {
  const today = ukDateOf(now);
  return section(
    'contacts-overdue',
    'Contacts overdue',
    `Children allocated to you with no contact in your record for ${CONTACT_DUE_DAYS} days. Longest overdue first.`,
    `You have recorded a contact with every child allocated to you in the last ${CONTACT_DUE_DAYS} days.`,
    [{ text: 'Child' }, { text: 'Last contact' }, { text: 'Overdue by', format: 'numeric' }, { text: 'Action' }],
    children.map((child) => [
      childLink(child),
      { text: child.lastContactOn === null ? 'None recorded' : formatDate(child.lastContactOn) },
      { text: daysInWords(daysBetween(child.dueBy, today)), format: 'numeric' },
      actionLink(paths.newGuardianRecordEntry(child.childId, ENTRY_SLUGS.CONTACT), 'Record a contact', child),
    ]),
  );
}
