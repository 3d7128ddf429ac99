import type { NrmDecision } from '../../domain/codes.ts';
import {
  AGE_ASSESSMENT_CHALLENGE_RESULTS,
  AGE_ASSESSMENT_CHALLENGES,
  AGE_ASSESSMENT_OUTCOMES,
  AGE_ASSESSMENT_RESPONSES,
  AGE_ASSESSORS,
  AGE_STATUSES,
  countryName,
  DATE_OF_BIRTH_SOURCES,
  isCountryCode,
  UNKNOWN_NATIONALITY,
} from '../../domain/codes.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import type { AgeAssessment } from '../../domain/child-record.ts';
import type { AgeAssessmentChallengeDetails } from '../../domain/age-assessment.ts';
import type { CarePeriodView, MissingEpisodeView, TraffickingConcernView } from '../../domain/record-view.ts';
import type { ReturnInterviewState } from '../../domain/return-interview.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import { canAllocate } from '../../domain/access/policy.ts';
import type { ChildRecordPage, ChildSummary, Page, WhenAndWho } from '../../services/child-service.ts';
import { canChange } from '../guards.ts';
import { answerRow } from '../journey.ts';
import type { AnswerRow } from '../journey.ts';
import {
  AGE_ASSESSMENT_CHALLENGE_LABELS,
  AGE_ASSESSMENT_CHALLENGE_RESULT_LABELS,
  AGE_ASSESSMENT_OUTCOME_LABELS,
  AGE_ASSESSMENT_RESPONSE_LABELS,
  AGE_ASSESSOR_LABELS,
  AGE_STATUS_LABELS,
  COMPETENT_AUTHORITY_LABELS,
  EPISODE_END_REASON_LABELS,
  FINDING_AGENCY_LABELS,
  EXPLOITATION_LOCATION_LABELS,
  EXPLOITATION_TYPE_LABELS,
  HARM_DISCLOSED_LABELS,
  INTERVIEW_OUTCOME_LABELS,
  INTERVIEW_RESPONSE_LABELS,
  INTERVIEWER_TYPE_LABELS,
  labelOf,
  legalStatusLabel,
  MISSING_TYPE_LABELS,
  NRM_DECISION_LABELS,
  placementTypeLabel,
  POLICE_RISK_LABELS,
  RETURN_INTERVIEW_STATE_LABELS,
  SEX_LABELS,
  TRAFFICKING_INDICATOR_LABELS,
  TRAFFICKING_STATUS_BASIS_LABELS,
  TRAFFICKING_STATUS_COLOURS,
  TRAFFICKING_STATUS_LABELS,
  upnLabel,
} from '../labels.ts';
import {
  changeLink,
  choicesOf,
  dateOfBirthText,
  escapeHtml,
  estimateText,
  fullName,
  htmlRow,
  LEGAL_STATUS_CHOICES,
  placementTypeChoices,
  row,
  selectItems,
  tagHtml,
  UPN_UNKNOWN_REASON_CHOICES,
} from '../view-models.ts';
import type { Choice, SummaryRow } from '../view-models.ts';
import { chronologyItems, contents, summaryRows } from './case-file.ts';
import type { AddChildAnswers } from './form-schemas.ts';

// Turning the record into the parameters of GOV.UK macros. Pure: tested with plain objects.
// Text goes in `text` (escaped by the macros); where a cell needs a tag, its `html` is built here
// from escaped parts only. The words for the code lists are src/features/labels.ts.

const RETURN_INTERVIEW_STATE_COLOURS: Record<ReturnInterviewState, string> = {
  NOT_DUE: 'grey',
  DUE: 'blue',
  OVERDUE: 'red',
  COMPLETED_IN_TIME: 'green',
  COMPLETED_LATE: 'orange',
  DECLINED: 'purple',
  NOT_OFFERED: 'grey',
};

// ---- Small builders ----

const listHtml = (items: readonly string[]): string =>
  items.length === 0 ? 'None recorded' : `<ul class="govuk-list">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;

const NOT_RECORDED = 'Not recorded';
const orNotRecorded = (value: string | null | undefined): string => (value === null || value === undefined || value.trim() === '' ? NOT_RECORDED : value);
const instantOrNotRecorded = (value: string | null): string => (value === null ? NOT_RECORDED : formatInstant(value));

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
    { text: dateOfBirthText(child) },
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

/** The child's age today: "16", "16, from the assessed date of birth", or "15 to 16, from the estimate". */
function ageTodayText(summary: ChildRecordPage['summary'], assessed: boolean): string {
  if (summary.estimatedAgeToday !== null) {
    const { youngest, oldest } = summary.estimatedAgeToday;
    return `${youngest === oldest ? youngest : `${youngest} to ${oldest}`}, from the estimate`;
  }
  if (summary.ageToday === null) return 'Not known';
  return `${summary.ageToday}${assessed ? ', from the assessed date of birth' : ''}`;
}

/** "5 December 2026 at 10:00pm by Sam Jones", or the time alone when no person did it. */
const whenAndWho = ({ at, by }: WhenAndWho): string => `${formatInstant(at)}${by === null ? '' : ` by ${by}`}`;

/** The parts of the record each view shows (src/domain/access/policy.ts restrictRecord keeps the data to match). */
export function sectionsFor(access: ChildRecordPage['access']) {
  const whole = access === 'full' || access === 'advocate' || access === 'break_glass';
  return {
    ageStatusHistory: access !== 'police',
    ageAssessments: whole,
    uasc: whole,
    careHistory: whole,
    trafficking: whole,
    returnInterviews: access !== 'police',
    advocate: whole,
    upnAndHomeOffice: access !== 'police',
    nrmReference: whole,
  };
}

const VIEW_NOTICES: Record<ChildRecordPage['access'], string | null> = {
  full: null,
  host: 'Your authority hosts this child’s placement. You see their identity, current placement and missing episodes. Their responsible authority keeps the rest of the record.',
  advocate: 'You are this child’s allocated guardian. You can read the whole record but not change it.',
  police: 'You see this record because the child is missing in your force’s area: their identity, current placement and missing episodes only.',
  break_glass:
    'You opened this record with a reason, outside your usual access. You can read it, not change it, for 4 hours from opening. The child’s responsible authority reviews every opening.',
};

/** An age assessment's answers, as the record and check your answers show them: each row names the question that asked it. */
export function ageAssessmentRows(assessment: Omit<AgeAssessment, 'id' | 'childId' | keyof AgeAssessmentChallengeDetails | 'version'>): AnswerRow[] {
  const { outcome, assessedDateOfBirth, assessedAge } = assessment;
  return [
    answerRow('referredOn', 'Asked for on', formatDate(assessment.referredOn)),
    answerRow('assessedOn', 'Outcome decided on', formatDate(assessment.assessedOn)),
    answerRow('assessedBy', 'Assessed by', AGE_ASSESSOR_LABELS[assessment.assessedBy]),
    answerRow('mertonCompliant', 'Merton-compliant', assessment.mertonCompliant ? 'Yes' : 'No'),
    answerRow('outcome', 'Outcome', AGE_ASSESSMENT_OUTCOME_LABELS[outcome]),
    ...(outcome === 'INCONCLUSIVE'
      ? []
      : assessedDateOfBirth !== null
        ? [answerRow('assessedDateOfBirth', 'Assessed date of birth', formatDate(assessedDateOfBirth))]
        : [answerRow('assessedAge', 'Assessed age', `${assessedAge ?? ''} on the day of the outcome`)]),
    answerRow('response', 'The child’s response', AGE_ASSESSMENT_RESPONSE_LABELS[assessment.response]),
    answerRow('note', 'Note', assessment.note ?? 'Not given'),
  ];
}

/** An age assessment's legal challenge, as the record and check your answers show it. */
export function challengeRows({ challenge, challengedOn, challengeResult, challengeDecidedOn }: AgeAssessmentChallengeDetails): AnswerRow[] {
  if (challenge === 'NONE') return [answerRow('challenge', 'Legal challenge', AGE_ASSESSMENT_CHALLENGE_LABELS.NONE)];
  return [
    answerRow('challenge', 'Legal challenge', AGE_ASSESSMENT_CHALLENGE_LABELS[challenge]),
    answerRow('challengedOn', 'Challenge brought on', challengedOn === null ? 'Not given' : formatDate(challengedOn)),
    answerRow(
      'challengeResult',
      'Result of the challenge',
      challengeResult === null || challengeDecidedOn === null
        ? 'Not decided yet'
        : `${AGE_ASSESSMENT_CHALLENGE_RESULT_LABELS[challengeResult]} on ${formatDate(challengeDecidedOn)}`,
    ),
  ];
}

/** The date of birth the child gave or, when it is not known, their estimated age. */
function dateOfBirthGiven({ dateOfBirthClaimed: claimed, dateOfBirthEstimate: estimate }: ChildRecordPage['child']): string {
  if (claimed !== null) return formatDate(claimed);
  return estimate === null ? 'Not known' : `Not known — ${estimateText(estimate)}`;
}

export function recordViewModel(record: ChildRecordPage, user: Actor) {
  const { child, summary } = record;
  const sections = sectionsFor(record.access);
  const canEdit = canChange(user, record);
  const authority = (code: string): string => record.authorityNames[code] ?? code;
  /** When a part of the record was last created or changed, and by whom, from the audit trail: a row, where the view shows it. */
  const lastChanged = (entity: string, id: string): SummaryRow[] => {
    const change = record.lastChanged[`${entity}:${id}`];
    return change === undefined ? [] : [row('Last changed', whenAndWho(change))];
  };
  /** For an episode that went missing from a placement out of area: whether the host authority acknowledged it. */
  const acknowledgement = (episode: MissingEpisodeView): SummaryRow[] => {
    if (episode.hostAuthorityCode === episode.responsibleAuthorityCode || (record.access !== 'full' && record.access !== 'host')) return [];
    const acknowledged = record.hostAcknowledgements[episode.id];
    return [row('Host authority acknowledged', acknowledged === undefined ? 'Not yet' : whenAndWho(acknowledged))];
  };
  /** Another agency's report that found the child: who, where, and its reference. */
  const foundReport = (episode: MissingEpisodeView): SummaryRow[] => {
    const report = record.foundReports[episode.id];
    if (report === undefined) return [];
    return [
      row('Found by', `${report.organisation} (${FINDING_AGENCY_LABELS[report.agency]})`),
      row('Where found', report.location),
      row('Their reference', report.reference ?? NOT_RECORDED),
    ];
  };
  /** A row with a Change link, for someone who may change the record. */
  const changeRow = (summaryRow: SummaryRow, href: string, what: string): SummaryRow =>
    canEdit ? { ...summaryRow, actions: changeLink(href, what) } : summaryRow;

  const identityRows: SummaryRow[] = [
    row('Name', fullName(child)),
    htmlRow(
      'Other names',
      record.aliases.length === 0
        ? 'None recorded'
        : listHtml(
            record.aliases.map((alias) => {
              const seen = `seen ${alias.seenWhere === null ? '' : `in ${alias.seenWhere} `}on ${formatDate(alias.seenOn)}`;
              const extra = [
                alias.dateOfBirth === null ? null : `date of birth given ${formatDate(alias.dateOfBirth)}`,
                alias.nationality === null ? null : nationalityLabel(alias.nationality),
              ].filter((part) => part !== null);
              return `${fullName(alias)}: known to ${alias.source}, ${seen}${extra.length === 0 ? '' : ` (${extra.join(', ')})`}`;
            }),
          ),
    ),
    row('Sex', SEX_LABELS[child.sex]),
    changeRow(row('Nationality', nationalityLabel(child.nationality)), paths.changeNationality(child.id), 'nationality'),
    changeRow(
      row('Languages', child.languages.length === 0 ? NOT_RECORDED : child.languages.map(languageLabel).join(', ')),
      paths.changeLanguages(child.id),
      'languages',
    ),
    changeRow(row('Interpreter needed', child.interpreterNeeded ? 'Yes' : 'No'), paths.changeLanguages(child.id), 'whether an interpreter is needed'),
    row('Responsible authority', authority(child.responsibleAuthorityCode)),
    ...lastChanged('child', child.id),
  ];

  // The age card says when its latest status or assessment was recorded, and by whom.
  const ageChanges = [
    ...record.ageStatuses.map((entry) => record.lastChanged[`ageStatus:${entry.id}`]),
    ...record.ageAssessments.map((assessment) => record.lastChanged[`ageAssessment:${assessment.id}`]),
  ].filter((change): change is WhenAndWho => change !== undefined);
  const latestAgeChange = ageChanges.reduce<WhenAndWho | null>((latest, change) => (latest === null || change.at > latest.at ? change : latest), null);
  const estimate = child.dateOfBirthEstimate;
  const ageRows: SummaryRow[] = [
    changeRow(row('Date of birth given', dateOfBirthGiven(child)), paths.changeDateOfBirth(child.id), 'date of birth given or estimated age'),
    ...(estimate === null ? [] : [row('Age estimated on', formatDate(estimate.estimatedOn))]),
    row('Assessed date of birth', child.dateOfBirthAssessed === null ? 'Not assessed' : formatDate(child.dateOfBirthAssessed)),
    row('Age', ageTodayText(summary, child.dateOfBirthAssessed !== null)),
    ...(sections.ageStatusHistory ? [row('Age status', summary.ageStatus === null ? NOT_RECORDED : AGE_STATUS_LABELS[summary.ageStatus])] : []),
    ...(latestAgeChange === null ? [] : [row('Last changed', whenAndWho(latestAgeChange))]),
  ];
  const ageAssessments = [...record.ageAssessments]
    .sort((a, b) => b.assessedOn.localeCompare(a.assessedOn))
    .map((assessment) => ({
      title: `Age assessment, decided ${formatDate(assessment.assessedOn)}`,
      rows: [...ageAssessmentRows(assessment), ...challengeRows(assessment), ...lastChanged('ageAssessment', assessment.id)],
    }));
  const ageStatusHistory = [...record.ageStatuses]
    .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
    .map((entry) => [{ text: formatDate(entry.effectiveFrom) }, { text: AGE_STATUS_LABELS[entry.status] }, { text: entry.note ?? '' }]);

  const uascRows = [...record.uascPeriods]
    .sort((a, b) => b.startDate.localeCompare(a.startDate))
    .map((period) => [{ text: formatDate(period.startDate) }, { text: period.ceasedDate === null ? 'Still a UASC' : formatDate(period.ceasedDate) }]);

  const transferRows = [...record.nationalTransfers]
    .sort((a, b) => b.referredOn.localeCompare(a.referredOn))
    .map((transfer) => [
      { text: formatDate(transfer.referredOn) },
      { text: authority(transfer.toAuthorityCode) },
      { text: transfer.transferredOn === null ? 'Not transferred yet' : formatDate(transfer.transferredOn) },
    ]);

  const carePeriods = [...record.carePeriods].sort((a, b) => b.startDate.localeCompare(a.startDate)).map((period) => carePeriodRow(period, authority, canEdit));

  const chronology = chronologyItems(record, authority);
  const episodes = [...record.missingEpisodes]
    .sort((a, b) => b.startAt.localeCompare(a.startAt))
    .map((episode) => {
      const model = episodeViewModel(episode, authority, canEdit, sections.returnInterviews);
      // The host authority's staff acknowledge an open episode from a placement in their area, once.
      const acknowledges =
        record.access === 'host' &&
        episode.isOpen &&
        episode.hostAuthorityCode === user.localAuthorityCode &&
        (user.role === 'social_worker' || user.role === 'team_manager') &&
        record.hostAcknowledgements[episode.id] === undefined;
      return {
        ...model,
        rows: [...model.rows, ...foundReport(episode), ...acknowledgement(episode), ...lastChanged('missingEpisode', episode.id)],
        acknowledgeHref: acknowledges ? paths.acknowledgeEpisode(episode.id) : null,
      };
    });
  return {
    // The title names the page, never the child: titles end up in browser history and tab lists.
    pageTitle: 'Case file – Child’s record',
    // The responsible authority's team managers and data officers see who has seen the record (the page checks again).
    recordAccessHref: record.access === 'full' && (user.role === 'team_manager' || user.role === 'data_officer') ? paths.recordAccess(child.id) : null,
    allocationHref: record.access === 'full' && canAllocate(user, child.responsibleAuthorityCode) ? paths.childAllocation(child.id) : null,
    name: fullName(child),
    // Whoever may see the child may see the profile (docs/access.md); the page checks again.
    philomenaHref: paths.philomenaProfile(child.id),
    // The guardian's own record: the allocated guardian's, and the responsible authority's as the child consents (the page checks again).
    guardianRecordHref: record.access === 'full' || record.access === 'advocate' ? paths.guardianRecord(child.id) : null,
    access: record.access,
    viewNotice: VIEW_NOTICES[record.access],
    statusTags: statusTags(summary, sections),
    sections,
    contents: contents(sections),
    summaryRows: summaryRows(record, sections, authority),
    chronology,
    chronologyRows: chronology.map((entry) => [{ text: entry.when }, { text: entry.what }]),
    // The whole record for a subject access request or a court: the responsible authority's staff only (the service checks again).
    exports:
      record.access === 'full'
        ? [
            { href: paths.childExport(child.id, 'pdf'), text: 'Download the whole record (PDF)' },
            { href: paths.childExport(child.id, 'json'), text: 'Download the whole record (JSON)' },
          ]
        : [],
    actions: canEdit ? recordActions(child.id, summary, record.ageAssessments.length > 0) : [],
    identityRows,
    identifierRows: identifierRows(child, sections),
    identifierActions: canEdit ? changeLink(paths.changeIdentifiers(child.id), 'identifiers') : null,
    ageRows,
    ageStatusHistory,
    ageAssessments,
    uasc: { isUasc: summary.isUasc, rows: uascRows, transfers: transferRows },
    carePeriods,
    concerns: [...record.traffickingConcerns]
      .sort((a, b) => b.raisedOn.localeCompare(a.raisedOn))
      .map((concern) => {
        const model = concernViewModel(concern);
        return { ...model, rows: [...model.rows, ...lastChanged('traffickingConcern', concern.id)] };
      }),
    episodes,
    advocate: record.advocate === null ? null : advocateRows(record.advocate),
  };
}

type Sections = ReturnType<typeof sectionsFor>;

/** The tags beside the child's name: missing, looked after, UASC, out of area and trafficking status, as the view shows them. */
function statusTags(summary: ChildRecordPage['summary'], sections: Sections): string[] {
  return [
    summary.isMissing ? tagHtml('Missing now', 'red') : null,
    summary.isLookedAfter ? null : tagHtml('Not looked after now', 'grey'),
    sections.uasc && summary.isUasc ? tagHtml('UASC', 'blue') : null,
    summary.currentPlacement?.outOfArea === true ? tagHtml('Out of area', 'orange') : null,
    sections.trafficking && summary.traffickingStatus !== null
      ? tagHtml(`Trafficking: ${TRAFFICKING_STATUS_LABELS[summary.traffickingStatus].toLowerCase()}`, TRAFFICKING_STATUS_COLOURS[summary.traffickingStatus])
      : null,
  ].filter((tag) => tag !== null);
}

function identifierRows(child: ChildRecordPage['child'], sections: Sections): SummaryRow[] {
  return [
    row('Authority child ID', child.laChildId),
    ...(sections.upnAndHomeOffice
      ? [
          row('Unique pupil number (UPN)', orNotRecorded(child.upn === null ? null : upnLabel(child.upn))),
          row('Home Office reference', orNotRecorded(child.homeOfficeReference)),
        ]
      : []),
    ...(sections.nrmReference ? [row('NRM reference', orNotRecorded(child.nrmReference))] : []),
    row('Police person ID', orNotRecorded(child.policePersonId)),
  ];
}

/** What someone who may change the record can do next from it. */
function recordActions(childId: string, summary: ChildRecordPage['summary'], hasAgeAssessment: boolean) {
  return [
    ...(summary.isMissing ? [] : [{ text: 'Report missing', href: paths.reportMissing(childId) }]),
    { text: 'Add a care period', href: paths.addCarePeriod(childId) },
    { text: 'Add an alias', href: paths.addAlias(childId) },
    { text: 'Record age status', href: paths.recordAgeStatus(childId) },
    { text: 'Record an age assessment', href: paths.recordAgeAssessment(childId) },
    ...(hasAgeAssessment ? [{ text: 'Record a legal challenge to an age assessment', href: paths.challengeAgeAssessment(childId) }] : []),
    summary.isUasc ? { text: 'End UASC status', href: paths.endUasc(childId) } : { text: 'Record UASC status', href: paths.startUasc(childId) },
    ...(summary.isUasc ? [{ text: 'Record a National Transfer Scheme transfer', href: paths.addNationalTransfer(childId) }] : []),
    { text: 'Raise a trafficking concern', href: paths.raiseConcern(childId) },
  ];
}

function advocateRows(advocate: NonNullable<ChildRecordPage['advocate']>): SummaryRow[] {
  return [row('Name', advocate.name ?? NOT_RECORDED), row('Organisation', advocate.organisationName), row('Allocated on', formatDate(advocate.allocatedOn))];
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
      htmlRow(
        'Current status',
        concern.currentStatus === null
          ? NOT_RECORDED
          : tagHtml(TRAFFICKING_STATUS_LABELS[concern.currentStatus], TRAFFICKING_STATUS_COLOURS[concern.currentStatus]),
      ),
      row('Raised by', concern.raisedBy),
      row(
        'Exploitation',
        concern.exploitationTypes.length === 0 ? NOT_RECORDED : concern.exploitationTypes.map((type) => labelOf(EXPLOITATION_TYPE_LABELS, type)).join(', '),
      ),
      row('Where exploited', EXPLOITATION_LOCATION_LABELS[concern.exploitationLocation]),
      row('County lines', concern.countyLines ? 'Yes' : 'No'),
      htmlRow('Indicators', listHtml(concern.indicators.map((indicator) => labelOf(TRAFFICKING_INDICATOR_LABELS, indicator)))),
    ],
    timeline: [...concern.statuses]
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))
      .map((entry) => ({
        date: formatDate(entry.effectiveFrom),
        status: TRAFFICKING_STATUS_LABELS[entry.status],
        basis: TRAFFICKING_STATUS_BASIS_LABELS[entry.basis],
      })),
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
  const rows: SummaryRow[] = [
    row('Type', MISSING_TYPE_LABELS[episode.type]),
    row('Went missing', formatInstant(episode.startAt)),
    row('Came back', episode.endAt === null ? 'Still missing' : formatInstant(episode.endAt)),
    ...(episode.endReason === null ? [] : [row('How they came back', EPISODE_END_REASON_LABELS[episode.endReason])]),
    row(
      'Last seen',
      [episode.lastSeenLocation, episode.lastSeenWith === null ? null : `with ${episode.lastSeenWith}`].filter((part) => part !== null).join(', ') ||
        NOT_RECORDED,
    ),
    row('Reported to police', instantOrNotRecorded(episode.reportedToPoliceAt)),
    row('Police force', orNotRecorded(episode.policeForce)),
    row('Police reference', orNotRecorded(episode.policeReference)),
    row('Police risk level', episode.policeRiskLevel === null ? NOT_RECORDED : POLICE_RISK_LABELS[episode.policeRiskLevel]),
    ...(episode.hostAuthorityCode === episode.responsibleAuthorityCode ? [] : [row('Missing from', `${authority(episode.hostAuthorityCode)} (out of area)`)]),
    ...(episode.harmDisclosed === null ? [] : [row('Harm disclosed', HARM_DISCLOSED_LABELS[episode.harmDisclosed])]),
    ...(episode.exploitationDisclosed === null ? [] : [row('Exploitation disclosed', episode.exploitationDisclosed ? 'Yes' : 'No')]),
  ];
  const stateTag = tagHtml(state === 'NOT_DUE' ? 'Not due yet' : RETURN_INTERVIEW_STATE_LABELS[state], RETURN_INTERVIEW_STATE_COLOURS[state]);
  const interviewRows: SummaryRow[] = showsInterviews
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
      ? [
          { href: paths.changeEpisode(episode.id), text: 'Change the details' },
          { href: paths.recordReturn(episode.id), text: 'Record that they came back' },
          { href: paths.recordFoundReport(episode.id), text: 'Record that they were found by another agency' },
          { href: paths.philomenaPartTwo(episode.id), text: 'Complete Part 2 of the Philomena profile' },
        ]
      : [
          ...(isCompleted ? [] : [{ href: paths.recordReturnInterview(episode.id), text: 'Record return home interview' }]),
          { href: paths.correctEpisode(episode.id), text: 'Correct the episode' },
        ]
    : [];
  return {
    title: `${episode.isOpen ? 'Missing since' : 'Missing from'} ${formatInstant(episode.startAt)}`,
    isOpen: episode.isOpen,
    rows: [...rows, ...interviewRows],
    actions,
  };
}

// ---- Add a child ----

/** Every country or territory Intl knows by an ISO 3166-1 alpha-2 code, by name. */
const COUNTRIES: readonly { value: string; text: string }[] = (() => {
  const letters = Array.from({ length: 26 }, (_, index) => String.fromCharCode(65 + index));
  const codes = letters.flatMap((first) => letters.map((second) => `${first}${second}`)).filter(isCountryCode);
  return codes.map((code) => ({ value: code, text: countryName(code) })).sort((a, b) => a.text.localeCompare(b.text, 'en-GB'));
})();

export function nationalityOptions(selected: string | undefined) {
  return selectItems([{ value: UNKNOWN_NATIONALITY, text: 'Not known' }, ...COUNTRIES], selected, 'Select a nationality');
}

export function upnUnknownReasonOptions(selected: string | undefined) {
  return selectItems(UPN_UNKNOWN_REASON_CHOICES, selected, 'Select a reason');
}

export function legalStatusOptions(selected: string | undefined) {
  return selectItems(LEGAL_STATUS_CHOICES, selected, 'Select a legal status');
}

/** Placement types valid in this collection year (retired codes are not offered for new care periods). */
export function placementTypeOptions(selected: string | undefined, today: string) {
  return selectItems(placementTypeChoices(today), selected, 'Select a placement type');
}

export function authorityOptions(authorities: readonly { code: string; name: string }[], selected: string | undefined) {
  return selectItems(
    authorities.map((authority) => ({ value: authority.code, text: authority.name })),
    selected,
    'Select a local authority',
  );
}

/** Whether the child's date of birth is known, or an estimated age is recorded instead. */
export const DATE_OF_BIRTH_KNOWN_CHOICES: readonly Choice[] = [
  { value: 'yes', text: 'Yes' },
  { value: 'no', text: 'No, record an estimated age' },
];

/** Who estimated the age of a child whose date of birth is not known, in the order the form asks. */
export const DATE_OF_BIRTH_SOURCE_CHOICES = choicesOf(DATE_OF_BIRTH_SOURCES, {
  CHILD: 'The child’s own account',
  AGE_ASSESSMENT: 'An age assessment',
  HOME_OFFICE: 'A Home Office document',
  PROFESSIONAL: 'A professional’s estimate, such as a social worker’s or doctor’s',
});

/** The age status question's choices, each with what it means. */
export const AGE_STATUS_CHOICES = choicesOf(AGE_STATUSES, AGE_STATUS_LABELS, {
  ACCEPTED: 'Your authority accepts the age the child gives',
  DISPUTED: 'There is reason to doubt the age the child gives; until it is decided, they are treated as a child',
  ASSESSMENT_PENDING: 'An age assessment has been asked for or started',
  ASSESSED_CHILD: 'An age assessment found that they are under 18',
  ASSESSED_ADULT: 'An age assessment found that they are 18 or over',
});

/** The age assessment's choices: who assessed, what they found, and whether the child accepts it. */
export const AGE_ASSESSOR_CHOICES = choicesOf(AGE_ASSESSORS, AGE_ASSESSOR_LABELS);
export const AGE_ASSESSMENT_OUTCOME_CHOICES = choicesOf(AGE_ASSESSMENT_OUTCOMES, AGE_ASSESSMENT_OUTCOME_LABELS, {
  INCONCLUSIVE: 'The assessment could not decide the child’s age',
});
export const AGE_ASSESSMENT_RESPONSE_CHOICES = choicesOf(AGE_ASSESSMENT_RESPONSES, AGE_ASSESSMENT_RESPONSE_LABELS, {
  DISPUTED: 'For example, by judicial review or an appeal to the tribunal',
});

/** The legal challenge question's choices. */
export const AGE_ASSESSMENT_CHALLENGE_CHOICES = choicesOf(AGE_ASSESSMENT_CHALLENGES, AGE_ASSESSMENT_CHALLENGE_LABELS, {
  JUDICIAL_REVIEW: 'In the High Court or the Upper Tribunal',
  TRIBUNAL_APPEAL: 'Under the Nationality and Borders Act 2022',
});

/** The challenge's result, "not decided yet" first. */
export const AGE_ASSESSMENT_CHALLENGE_RESULT_CHOICES: readonly Choice[] = [
  { value: 'PENDING', text: 'Not decided yet' },
  ...choicesOf(AGE_ASSESSMENT_CHALLENGE_RESULTS, AGE_ASSESSMENT_CHALLENGE_RESULT_LABELS, {
    OVERTURNED: 'The court or tribunal found a different age: record it as a new age assessment or age status',
  }),
];

/** The sex question's choices, in the order the form asks. */
export const SEX_CHOICES = choicesOf(['F', 'M', 'U'] as const, SEX_LABELS);

/** The "Check your answers" summary cards. */
export function checkAnswersViewModel(answers: AddChildAnswers, authorities: readonly { code: string; name: string }[], ownAuthority: string) {
  const authorityName = (code: string): string => authorities.find((authority) => authority.code === code)?.name ?? code;
  const optional = (value: string | null): string => value ?? 'Not given';
  return {
    childRows: [
      row('Given names', optional(answers.givenNames)),
      row('Family name', optional(answers.familyName)),
      row('Sex', SEX_LABELS[answers.sex]),
      row(
        'Date of birth given',
        dateOfBirthText({ dateOfBirthClaimed: answers.dateOfBirth, dateOfBirthAssessed: null, dateOfBirthEstimate: answers.dateOfBirthEstimate }),
      ),
      row('Age status', AGE_STATUS_LABELS[answers.ageStatus]),
      row('Nationality', nationalityLabel(answers.nationality)),
      row('Your authority’s child ID', answers.laChildId),
      row('Unique pupil number (UPN)', answers.upn === null ? 'Not given' : upnLabel(answers.upn)),
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
