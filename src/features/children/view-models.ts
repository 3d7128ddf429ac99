import type { AgeStatus, CompetentAuthority, EpisodeEndReason, ExploitationLocation, HarmDisclosed, InterviewResponse, InterviewerType, NrmDecision, PoliceRiskLevel, Sex, TraffickingStatus, TraffickingStatusBasis } from '../../domain/codes.ts';
import { countryName, isCountryCode, MISSING_TYPE_LABELS, UNKNOWN_NATIONALITY } from '../../domain/codes.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import type { CarePeriodView, MissingEpisodeView, TraffickingConcernView } from '../../domain/record-view.ts';
import { RETURN_INTERVIEW_STATE_LABELS } from '../../domain/return-interview.ts';
import type { ReturnInterviewState } from '../../domain/return-interview.ts';
import { isPlacementTypeValidIn, LEGAL_STATUSES, PLACEMENT_TYPES } from '../../domain/ssda903-codes.ts';
import type { CollectionYear } from '../../domain/ssda903-codes.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../services/actor.ts';
import type { ChildRecordPage, ChildSummary, Page } from '../../services/child-service.ts';
import type { AddChildAnswers } from './form-schemas.ts';

// Turning the record into the parameters of GOV.UK macros. Pure: tested with plain objects.
// Text goes in `text` (escaped by the macros); where a cell needs a tag, its `html` is built here
// from escaped parts only.

// ---- Labels for Lantern's code lists (src/domain/codes.ts has values, not words) ----

export const SEX_LABELS: Record<Sex, string> = { M: 'Male', F: 'Female', U: 'Not known' };

export const AGE_STATUS_LABELS: Record<AgeStatus, string> = {
  ACCEPTED: 'Age accepted',
  DISPUTED: 'Age disputed',
  ASSESSMENT_PENDING: 'Age assessment pending',
  ASSESSED_CHILD: 'Assessed as a child',
  ASSESSED_ADULT: 'Assessed as an adult',
};

export const TRAFFICKING_STATUS_LABELS: Record<TraffickingStatus, string> = {
  SUSPECTED: 'Suspected',
  IDENTIFIED: 'Identified',
  CONFIRMED: 'Confirmed',
  NOT_TRAFFICKED: 'Not trafficked',
};

const TRAFFICKING_STATUS_COLOURS: Record<TraffickingStatus, string> = { SUSPECTED: 'yellow', IDENTIFIED: 'orange', CONFIRMED: 'red', NOT_TRAFFICKED: 'grey' };

export const TRAFFICKING_STATUS_BASIS_LABELS: Record<TraffickingStatusBasis, string> = {
  CONCERN_RAISED: 'Concern raised',
  RG_POSITIVE: 'Positive reasonable grounds decision',
  CG_POSITIVE: 'Positive conclusive grounds decision',
  CG_NEGATIVE: 'Negative conclusive grounds decision',
  RECORDED: 'Recorded by the authority',
};

export const NRM_DECISION_LABELS: Record<NrmDecision, string> = { PENDING: 'Pending', POSITIVE: 'Positive', NEGATIVE: 'Negative', WITHDRAWN: 'Withdrawn' };

export const COMPETENT_AUTHORITY_LABELS: Record<CompetentAuthority, string> = {
  SCA: 'Single Competent Authority (Home Office)',
  IECA: 'Immigration Enforcement Competent Authority',
  DEVOLVED_PANEL: 'Devolved decision-making panel',
};

export const EXPLOITATION_TYPE_LABELS: Record<string, string> = {
  CRIMINAL: 'Criminal',
  LABOUR: 'Labour',
  SEXUAL: 'Sexual',
  DOMESTIC_SERVITUDE: 'Domestic servitude',
  ORGAN_HARVESTING: 'Organ harvesting',
  OTHER: 'Other',
  NOT_SPECIFIED: 'Not specified',
};

export const EXPLOITATION_LOCATION_LABELS: Record<ExploitationLocation, string> = {
  UK_ONLY: 'UK only',
  OVERSEAS_ONLY: 'Overseas only',
  UK_AND_OVERSEAS: 'UK and overseas',
  UNKNOWN: 'Not known',
};

export const TRAFFICKING_INDICATOR_LABELS: Record<string, string> = {
  MISSING_FALSE_DOCUMENTS: 'Missing, false or altered documents',
  UNEXPLAINED_MONEY_OR_POSSESSIONS: 'Money or possessions with no plausible explanation',
  NEGLECT_OR_MALNOURISHMENT: 'Neglect or malnourishment',
  CONTROLLING_ADULT: 'Accompanied by a controlling adult who is not their guardian',
  SIGNS_OF_WORK: 'Signs of work',
  ADULTS_LOITERING_OR_OLDER_PARTNER: 'Adults loitering nearby, or a much older partner',
  WITHDRAWN_OR_FEARS_AUTHORITY: 'Withdrawn, refuses to talk or fears authority',
  SUBSTANCE_MISUSE: 'Substance misuse',
  GOING_MISSING: 'Going missing',
  OTHER: 'Other',
};

export const POLICE_RISK_LABELS: Record<PoliceRiskLevel, string> = { VERY_LOW: 'Very low', LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', NO_APPARENT_RISK: 'No apparent risk' };

export const EPISODE_END_REASON_LABELS: Record<EpisodeEndReason, string> = {
  RETURNED_SELF: 'Came back by themselves',
  FOUND_POLICE: 'Found by the police',
  FOUND_CARER: 'Found by a carer',
  FOUND_OTHER: 'Found by someone else',
  LOCATED_ABROAD: 'Located abroad',
  CEASED_LA_WHILE_MISSING: 'Stopped being looked after while missing',
};

export const HARM_DISCLOSED_LABELS: Record<HarmDisclosed, string> = { NONE: 'None', SUSPECTED: 'Suspected', CONFIRMED: 'Confirmed' };

export const INTERVIEW_RESPONSE_LABELS: Record<InterviewResponse, string> = { ACCEPTED: 'Accepted', DECLINED: 'Declined', NOT_OFFERED: 'Not offered' };

export const INTERVIEWER_TYPE_LABELS: Record<InterviewerType, string> = {
  INDEPENDENT_PROVIDER: 'Independent return interview provider',
  LA_WORKER: 'Local authority worker',
  ICTG: 'Independent child trafficking guardian',
  OTHER: 'Someone else',
};

export const INTERVIEW_OUTCOME_LABELS: Record<string, string> = {
  SAFEGUARDING_REFERRAL: 'Safeguarding referral',
  POLICE_INTELLIGENCE: 'Intelligence shared with the police',
  NRM_REFERRAL: 'NRM referral',
  CARE_PLAN_CHANGE: 'Care plan changed',
  NO_FURTHER_ACTION: 'No further action',
};

const RETURN_INTERVIEW_STATE_COLOURS: Record<ReturnInterviewState, string> = {
  NOT_DUE: 'grey',
  DUE: 'blue',
  OVERDUE: 'red',
  COMPLETED_IN_TIME: 'green',
  COMPLETED_LATE: 'orange',
  DECLINED: 'purple',
  NOT_OFFERED: 'grey',
};

const LEGAL_STATUS_LABELS: ReadonlyMap<string, string> = new Map(LEGAL_STATUSES.map((entry) => [entry.code, entry.label]));
const PLACEMENT_TYPE_LABELS: ReadonlyMap<string, string> = new Map(PLACEMENT_TYPES.map((entry) => [entry.code, entry.label]));

export const legalStatusLabel = (code: string): string => `${code}: ${LEGAL_STATUS_LABELS.get(code) ?? 'not a 903 legal status'}`;
export const placementTypeLabel = (code: string): string => `${code}: ${PLACEMENT_TYPE_LABELS.get(code) ?? 'not a 903 placement type'}`;

const labelOf = (labels: Readonly<Record<string, string>>, code: string): string => labels[code] ?? code;

// ---- Small builders ----

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replaceAll(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

export function tagHtml(text: string, colour: string | null = null): string {
  return `<strong class="govuk-tag${colour === null ? '' : ` govuk-tag--${colour}`}">${escapeHtml(text)}</strong>`;
}

const listHtml = (items: readonly string[]): string =>
  items.length === 0 ? 'None recorded' : `<ul class="govuk-list">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

interface Row {
  key: { text: string };
  value: { text: string } | { html: string };
}

const row = (key: string, value: string): Row => ({ key: { text: key }, value: { text: value } });
const htmlRow = (key: string, html: string): Row => ({ key: { text: key }, value: { html } });

const NOT_RECORDED = 'Not recorded';
const orNotRecorded = (value: string | null | undefined): string => (value === null || value === undefined || value.trim() === '' ? NOT_RECORDED : value);
const instantOrNotRecorded = (value: string | null): string => (value === null ? NOT_RECORDED : formatInstant(value));

export const fullName = (child: { readonly givenNames: string; readonly familyName: string }): string => `${child.givenNames} ${child.familyName}`;

const languageNames = new Intl.DisplayNames(['en-GB'], { type: 'language', fallback: 'code' });

/** Languages are recorded as ISO 639 codes by case systems ("ti") and as words by people ("Tigrinya"). */
export function languageLabel(language: string): string {
  if (!/^[a-z]{2,3}$/.test(language)) return language;
  try {
    return languageNames.of(language) ?? language;
  } catch {
    return language;
  }
}

export function nationalityLabel(code: string | null): string {
  if (code === null) return NOT_RECORDED;
  if (code === UNKNOWN_NATIONALITY) return 'Not known';
  return countryName(code);
}

// ---- Find a child ----

export const SEARCH_PAGE_SIZE = 20;

export function searchResultsViewModel(results: Page<ChildSummary>) {
  const rows = results.items.map((child) => [
    { html: `<a class="govuk-link" href="${escapeHtml(paths.child(child.id))}">${escapeHtml(fullName(child))}</a>` },
    { text: formatDate(child.dateOfBirthClaimed) },
    { text: child.laChildId },
    { text: nationalityLabel(child.nationality) },
    { html: child.isMissing ? tagHtml('Missing now', 'red') : '' },
  ]);
  const pages = Math.max(1, Math.ceil(results.total / results.pageSize));
  const first = results.total === 0 ? 0 : (results.page - 1) * results.pageSize + 1;
  const last = Math.min(results.total, results.page * results.pageSize);
  return {
    total: results.total,
    heading: results.total === 1 ? '1 child found' : `${results.total} children found`,
    rows,
    pagination:
      pages > 1
        ? {
            page: results.page,
            pages,
            previous: results.page > 1 ? results.page - 1 : null,
            next: results.page < pages ? results.page + 1 : null,
            showing: `Showing ${first} to ${last} of ${results.total} children`,
          }
        : null,
  };
}

// ---- The child's record ----

/** The parts of the record each view shows (src/services/access.ts restrictRecord keeps the data to match). */
export function sectionsFor(access: ChildRecordPage['access']) {
  const whole = access === 'full' || access === 'advocate' || access === 'break_glass';
  return {
    ageStatusHistory: access !== 'police',
    uasc: whole,
    careHistory: whole,
    trafficking: whole,
    returnInterviews: access !== 'police',
    advocate: whole,
    upnAndHomeOffice: access !== 'police',
    nrmReference: whole,
  };
}

const WRITER_ROLES: readonly string[] = ['social_worker', 'team_manager', 'data_officer'];

/** Only the responsible authority's staff change a record (docs/access.md). */
export const canChange = (user: Actor, record: Pick<ChildRecordPage, 'access'>): boolean => record.access === 'full' && WRITER_ROLES.includes(user.role);

const VIEW_NOTICES: Record<ChildRecordPage['access'], string | null> = {
  full: null,
  host: 'Your authority hosts this child’s placement. You see their identity, current placement and missing episodes. Their responsible authority keeps the rest of the record.',
  advocate: 'You are this child’s allocated guardian. You can read the whole record but not change it.',
  police: 'You see this record because the child is missing in your force’s area: their identity, current placement and missing episodes only.',
  break_glass: 'You opened this record with a reason, outside your usual access. You can read it, not change it, for 4 hours from opening. The child’s responsible authority reviews every opening.',
};

export function recordViewModel(record: ChildRecordPage, user: Actor) {
  const { child, summary } = record;
  const sections = sectionsFor(record.access);
  const canEdit = canChange(user, record);
  const authority = (code: string): string => record.authorityNames[code] ?? code;

  const statusTags = [
    summary.isMissing ? tagHtml('Missing now', 'red') : null,
    summary.isLookedAfter ? null : tagHtml('Not looked after now', 'grey'),
    sections.uasc && summary.isUasc ? tagHtml('UASC', 'blue') : null,
    summary.currentPlacement?.outOfArea === true ? tagHtml('Out of area', 'orange') : null,
    sections.trafficking && summary.traffickingStatus !== null
      ? tagHtml(`Trafficking: ${TRAFFICKING_STATUS_LABELS[summary.traffickingStatus].toLowerCase()}`, TRAFFICKING_STATUS_COLOURS[summary.traffickingStatus])
      : null,
  ].filter((tag) => tag !== null);

  const identityRows: Row[] = [
    row('Name', fullName(child)),
    htmlRow(
      'Other names',
      record.aliases.length === 0
        ? 'None recorded'
        : listHtml(
            record.aliases.map((alias) => {
              const seen = `seen ${alias.seenWhere === null ? '' : `in ${alias.seenWhere} `}on ${formatDate(alias.seenOn)}`;
              const extra = [alias.dateOfBirth === null ? null : `date of birth given ${formatDate(alias.dateOfBirth)}`, alias.nationality === null ? null : nationalityLabel(alias.nationality)].filter((part) => part !== null);
              return `${fullName(alias)}: known to ${alias.source}, ${seen}${extra.length === 0 ? '' : ` (${extra.join(', ')})`}`;
            }),
          ),
    ),
    row('Sex', SEX_LABELS[child.sex]),
    row('Nationality', nationalityLabel(child.nationality)),
    row('Languages', child.languages.length === 0 ? NOT_RECORDED : child.languages.map(languageLabel).join(', ')),
    row('Interpreter needed', child.interpreterNeeded ? 'Yes' : 'No'),
    row('Responsible authority', authority(child.responsibleAuthorityCode)),
  ];

  const identifierRows: Row[] = [
    row('Authority child ID', child.laChildId),
    ...(sections.upnAndHomeOffice ? [row('Unique pupil number (UPN)', orNotRecorded(child.upn)), row('Home Office reference', orNotRecorded(child.homeOfficeReference))] : []),
    ...(sections.nrmReference ? [row('NRM reference', orNotRecorded(child.nrmReference))] : []),
    row('Police person ID', orNotRecorded(child.policePersonId)),
  ];

  const ageRows: Row[] = [
    row('Date of birth given', formatDate(child.dateOfBirthClaimed)),
    row('Assessed date of birth', child.dateOfBirthAssessed === null ? 'Not assessed' : formatDate(child.dateOfBirthAssessed)),
    row('Age', `${summary.ageToday}${child.dateOfBirthAssessed === null ? '' : ', from the assessed date of birth'}`),
    ...(sections.ageStatusHistory ? [row('Age status', summary.ageStatus === null ? NOT_RECORDED : AGE_STATUS_LABELS[summary.ageStatus])] : []),
  ];
  const ageStatusHistory = [...record.ageStatuses]
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
    .map((entry) => [{ text: formatDate(entry.effectiveFrom) }, { text: AGE_STATUS_LABELS[entry.status] }, { text: entry.note ?? '' }]);

  const uascRows = [...record.uascPeriods]
    .sort((a, b) => b.startDate.localeCompare(a.startDate))
    .map((period) => [{ text: formatDate(period.startDate) }, { text: period.ceasedDate === null ? 'Still a UASC' : formatDate(period.ceasedDate) }]);

  const carePeriods = [...record.carePeriods].sort((a, b) => b.startDate.localeCompare(a.startDate)).map((period) => carePeriodRow(period, authority, canEdit));

  return {
    pageTitle: 'Child’s record',
    // The responsible authority's team managers and data officers see who has seen the record (the page checks again).
    recordAccessHref: record.access === 'full' && (user.role === 'team_manager' || user.role === 'data_officer') ? paths.recordAccess(child.id) : null,
    name: fullName(child),
    access: record.access,
    viewNotice: VIEW_NOTICES[record.access],
    statusTags,
    sections,
    actions: canEdit
      ? [
          ...(summary.isMissing ? [] : [{ text: 'Report missing', href: paths.reportMissing(child.id) }]),
          { text: 'Add a care period', href: paths.addCarePeriod(child.id) },
          { text: 'Raise a trafficking concern', href: paths.raiseConcern(child.id) },
        ]
      : [],
    identityRows,
    identifierRows,
    ageRows,
    ageStatusHistory,
    uasc: { isUasc: summary.isUasc, rows: uascRows },
    carePeriods,
    concerns: [...record.traffickingConcerns].sort((a, b) => b.raisedOn.localeCompare(a.raisedOn)).map((concern) => concernViewModel(concern)),
    episodes: [...record.missingEpisodes].sort((a, b) => b.startAt.localeCompare(a.startAt)).map((episode) => episodeViewModel(episode, authority, canEdit, sections.returnInterviews)),
    advocate:
      record.advocate === null
        ? null
        : [row('Name', record.advocate.name ?? NOT_RECORDED), row('Organisation', record.advocate.organisationName), row('Allocated on', formatDate(record.advocate.allocatedOn))],
  };
}

function carePeriodRow(period: CarePeriodView, authority: (code: string) => string, canEdit: boolean) {
  const host = `${escapeHtml(authority(period.hostAuthorityCode))}${period.outOfArea ? ` ${tagHtml('Out of area', 'orange')}` : ''}`;
  const isOpen = period.endDate === null;
  return [
    { text: formatDate(period.startDate) },
    { text: isOpen ? 'Still looked after' : formatDate(period.endDate) },
    { text: legalStatusLabel(period.legalStatus) },
    { text: placementTypeLabel(period.placementType) },
    { text: authority(period.responsibleAuthorityCode) },
    { html: host },
    {
      html:
        canEdit && isOpen
          ? `<a class="govuk-link" href="${escapeHtml(paths.endCarePeriod(period.id))}">End care period<span class="govuk-visually-hidden"> that started ${escapeHtml(formatDate(period.startDate))}</span></a>`
          : '',
    },
  ];
}

function concernViewModel(concern: TraffickingConcernView) {
  const referral = concern.nrmReferral;
  const decision = (value: NrmDecision, on: string | null): string => `${NRM_DECISION_LABELS[value]}${on === null ? '' : `, ${formatDate(on)}`}`;
  return {
    title: `Concern raised on ${formatDate(concern.raisedOn)}`,
    href: paths.concern(concern.id),
    rows: [
      htmlRow('Current status', concern.currentStatus === null ? NOT_RECORDED : tagHtml(TRAFFICKING_STATUS_LABELS[concern.currentStatus], TRAFFICKING_STATUS_COLOURS[concern.currentStatus])),
      row('Raised by', concern.raisedBy),
      row('Exploitation', concern.exploitationTypes.length === 0 ? NOT_RECORDED : concern.exploitationTypes.map((type) => labelOf(EXPLOITATION_TYPE_LABELS, type)).join(', ')),
      row('Where exploited', EXPLOITATION_LOCATION_LABELS[concern.exploitationLocation]),
      row('County lines', concern.countyLines ? 'Yes' : 'No'),
      htmlRow('Indicators', listHtml(concern.indicators.map((indicator) => labelOf(TRAFFICKING_INDICATOR_LABELS, indicator)))),
    ],
    timeline: [...concern.statuses]
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
      .map((entry) => ({ date: formatDate(entry.effectiveFrom), status: TRAFFICKING_STATUS_LABELS[entry.status], basis: TRAFFICKING_STATUS_BASIS_LABELS[entry.basis] })),
    referralRows:
      referral === null
        ? null
        : [
            row('Referred on', formatDate(referral.referredOn)),
            row('First responder', referral.firstResponderOrganisation),
            row('Competent authority', COMPETENT_AUTHORITY_LABELS[referral.competentAuthority]),
            row('Reasonable grounds decision', decision(referral.reasonableGroundsDecision, referral.reasonableGroundsDecidedOn)),
            row('Conclusive grounds decision', decision(referral.conclusiveGroundsDecision, referral.conclusiveGroundsDecidedOn)),
          ],
  };
}

function episodeViewModel(episode: MissingEpisodeView, authority: (code: string) => string, canEdit: boolean, showsInterviews: boolean) {
  const interview = episode.returnInterview;
  const state = episode.returnInterviewState;
  const rows: Row[] = [
    row('Type', MISSING_TYPE_LABELS[episode.type]),
    row('Went missing', formatInstant(episode.startAt)),
    row('Came back', episode.endAt === null ? 'Still missing' : formatInstant(episode.endAt)),
    ...(episode.endReason === null ? [] : [row('How they came back', EPISODE_END_REASON_LABELS[episode.endReason])]),
    row('Last seen', [episode.lastSeenLocation, episode.lastSeenWith === null ? null : `with ${episode.lastSeenWith}`].filter((part) => part !== null).join(', ') || NOT_RECORDED),
    row('Reported to police', instantOrNotRecorded(episode.reportedToPoliceAt)),
    row('Police force', orNotRecorded(episode.policeForce)),
    row('Police reference', orNotRecorded(episode.policeReference)),
    row('Police risk level', episode.policeRiskLevel === null ? NOT_RECORDED : POLICE_RISK_LABELS[episode.policeRiskLevel]),
    ...(episode.hostAuthorityCode === episode.responsibleAuthorityCode ? [] : [row('Missing from', `${authority(episode.hostAuthorityCode)} (out of area)`)]),
    ...(episode.harmDisclosed === null ? [] : [row('Harm disclosed', HARM_DISCLOSED_LABELS[episode.harmDisclosed])]),
    ...(episode.exploitationDisclosed === null ? [] : [row('Exploitation disclosed', episode.exploitationDisclosed ? 'Yes' : 'No')]),
  ];
  const stateTag = tagHtml(state === 'NOT_DUE' ? 'Not due yet' : RETURN_INTERVIEW_STATE_LABELS[state], RETURN_INTERVIEW_STATE_COLOURS[state]);
  const interviewRows: Row[] = showsInterviews
    ? [
        htmlRow(
          'Return home interview',
          `${stateTag}<br>${escapeHtml(episode.returnInterviewDueBy === null ? 'Due within 72 hours of the child coming back' : `Due by ${formatInstant(episode.returnInterviewDueBy)}`)}`,
        ),
        ...(interview === null
          ? []
          : [
              row('Interview offered', instantOrNotRecorded(interview.offeredAt)),
              row('Child’s response', INTERVIEW_RESPONSE_LABELS[interview.response]),
              ...(interview.notOfferedReason === null ? [] : [row('Why not offered', interview.notOfferedReason)]),
              row('Interview completed', instantOrNotRecorded(interview.completedAt)),
              row('Interviewed by', interview.interviewerType === null ? NOT_RECORDED : INTERVIEWER_TYPE_LABELS[interview.interviewerType]),
              htmlRow('Outcomes', listHtml(interview.outcomes.map((outcome) => labelOf(INTERVIEW_OUTCOME_LABELS, outcome)))),
            ]),
      ]
    : [];
  const isCompleted = state === 'COMPLETED_IN_TIME' || state === 'COMPLETED_LATE';
  // The card's title, which the macro adds to each action for screen readers, says which episode.
  const actions = canEdit
    ? episode.isOpen
      ? [{ href: paths.recordReturn(episode.id), text: 'Record that they came back' }]
      : isCompleted
        ? []
        : [{ href: paths.recordReturnInterview(episode.id), text: 'Record return home interview' }]
    : [];
  return {
    title: `${episode.isOpen ? 'Missing since' : 'Missing from'} ${formatInstant(episode.startAt)}`,
    isOpen: episode.isOpen,
    rows: [...rows, ...interviewRows],
    actions,
  };
}

// ---- Add a child ----

export interface Option {
  readonly value: string;
  readonly text: string;
  readonly selected?: boolean;
}

const withChoice = (prompt: string, options: readonly Option[], selected: string | undefined): Option[] => [
  { value: '', text: prompt, selected: selected === undefined || selected === '' },
  ...options.map((option) => ({ ...option, selected: option.value === selected })),
];

/** Every country or territory Intl knows by an ISO 3166-1 alpha-2 code, by name. */
const COUNTRIES: readonly Option[] = (() => {
  const letters = Array.from({ length: 26 }, (_, index) => String.fromCharCode(65 + index));
  const codes = letters.flatMap((first) => letters.map((second) => `${first}${second}`)).filter(isCountryCode);
  return codes.map((code) => ({ value: code, text: countryName(code) })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
})();

export function nationalityOptions(selected: string | undefined): Option[] {
  return withChoice('Select a nationality', [{ value: UNKNOWN_NATIONALITY, text: 'Not known' }, ...COUNTRIES], selected);
}

export function legalStatusOptions(selected: string | undefined): Option[] {
  return withChoice(
    'Select a legal status',
    LEGAL_STATUSES.map((entry) => ({ value: entry.code, text: legalStatusLabel(entry.code) })),
    selected,
  );
}

/** The collection year a day falls in (1 April to 31 March), named by its years: '2025-26'. */
export function collectionYearOf(day: string): CollectionYear {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 4 ? year : year - 1;
  // The code lists read only the starting year, so a year such as 2008-9 needs no leading zero.
  return `${start}-${(start + 1) % 100}`;
}

/** Placement types valid in this collection year (retired codes are not offered for new care periods). */
export function placementTypeOptions(selected: string | undefined, today: string): Option[] {
  const year = collectionYearOf(today);
  return withChoice(
    'Select a placement type',
    PLACEMENT_TYPES.filter((entry) => isPlacementTypeValidIn(entry.code, year)).map((entry) => ({ value: entry.code, text: placementTypeLabel(entry.code) })),
    selected,
  );
}

export function authorityOptions(authorities: readonly { code: string; name: string }[], selected: string | undefined): Option[] {
  return withChoice(
    'Select a local authority',
    authorities.map((authority) => ({ value: authority.code, text: authority.name })),
    selected,
  );
}

/** The "Check your answers" summary cards. */
export function checkAnswersViewModel(answers: AddChildAnswers, authorities: readonly { code: string; name: string }[], ownAuthority: string) {
  const authorityName = (code: string): string => authorities.find((authority) => authority.code === code)?.name ?? code;
  const optional = (value: string | null): string => value ?? 'Not given';
  return {
    childRows: [
      row('Given names', answers.givenNames),
      row('Family name', answers.familyName),
      row('Sex', SEX_LABELS[answers.sex]),
      row('Date of birth given', formatDate(answers.dateOfBirth)),
      row('Nationality', nationalityLabel(answers.nationality)),
      row('Your authority’s child ID', answers.laChildId),
      row('Unique pupil number (UPN)', optional(answers.upn)),
      row('Home Office reference', optional(answers.homeOfficeReference)),
      row('Languages', answers.languages.length === 0 ? 'Not given' : answers.languages.join(', ')),
      row('Interpreter needed', answers.interpreterNeeded ? 'Yes' : 'No'),
    ],
    carePeriodRows: [
      row('Started being looked after', formatDate(answers.careStartDate)),
      row('Legal status', legalStatusLabel(answers.legalStatus)),
      row('Placement type', placementTypeLabel(answers.placementType)),
      row('Placed in', `${authorityName(answers.hostAuthority)}${answers.hostAuthority === ownAuthority ? '' : ' (out of area)'}`),
    ],
  };
}
