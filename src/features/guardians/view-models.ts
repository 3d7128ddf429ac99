import { countryName } from '../../domain/codes.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import {
  CLOSURE_REASON_LABELS,
  CLOSURE_REASONS,
  GUARDIAN_ROLE_LABELS,
  GUARDIAN_ROLES,
  PARENTAL_RESPONSIBILITY,
  PARENTAL_RESPONSIBILITY_LABELS,
  REFERRAL_SOURCE_LABELS,
  REFERRAL_STATUS_LABELS,
} from '../../domain/guardians.ts';
import type { AllocationStandard, AllocationTime, ParentalResponsibility } from '../../domain/guardians.ts';
import type { ReferralDetail, ReferralList, ReferralWithTime } from '../../services/guardian-service.ts';
import { paths } from '../../paths.ts';
import type { FormBody } from '../forms.ts';
import { choicesOf, escapeHtml, fullName, linkHtml, radioItems, row, tagHtml } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';

// What the guardian referral pages show: the lists, one referral, and the choices of its forms.

export const PARENTAL_RESPONSIBILITY_CHOICES = choicesOf(PARENTAL_RESPONSIBILITY, PARENTAL_RESPONSIBILITY_LABELS, {
  NO: 'The child gets a direct worker: one-to-one support',
  YES: 'The child gets a regional practice co-ordinator, who works through the professionals around them',
});
const GUARDIAN_ROLE_CHOICES = choicesOf(GUARDIAN_ROLES, GUARDIAN_ROLE_LABELS);
const CLOSURE_REASON_CHOICES = choicesOf(CLOSURE_REASONS, CLOSURE_REASON_LABELS);

/** Hours as people say them: "5 hours", "3 days 2 hours". */
export function durationText(hours: number): string {
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  const hoursText = `${rest} ${rest === 1 ? 'hour' : 'hours'}`;
  if (days === 0) return hoursText;
  return `${days} ${days === 1 ? 'day' : 'days'}${rest === 0 ? '' : ` ${hoursText}`}`;
}

/** The referral-to-allocation time, as text and a tag when it is over the service's standard. */
export function allocationTimeHtml(time: AllocationTime): string {
  const text = time.allocated ? `Allocated after ${durationText(time.hours)}` : `Waiting ${durationText(time.hours)}`;
  const tag = time.overStandard ? ` ${tagHtml('Over standard', 'red')}` : '';
  return `${escapeHtml(text)}${tag}`;
}

const childText = (item: ReferralWithTime): string => fullName(item.childName);

const statusTag = (item: ReferralWithTime): string =>
  tagHtml(REFERRAL_STATUS_LABELS[item.status], item.status === 'CLOSED' ? 'grey' : item.status === 'ALLOCATED' ? 'green' : 'yellow');

const guardianText = (item: ReferralWithTime): string =>
  item.guardianName === null ? 'None yet' : `${item.guardianName}${item.guardianRole === null ? '' : ` (${GUARDIAN_ROLE_LABELS[item.guardianRole]})`}`;

/** "1 working day", "3 working days". */
const workingDaysText = (days: number): string => `${days} working ${days === 1 ? 'day' : 'days'}`;

/** The service's standard in a sentence: one number when every role has the same, else each role's. */
export function standardText(byRole: AllocationStandard): string {
  if (GUARDIAN_ROLES.every((role) => byRole[role] === byRole.DIRECT_WORKER)) {
    return `Your service’s standard is to allocate a guardian within ${workingDaysText(byRole.DIRECT_WORKER)} of the referral.`;
  }
  const each = GUARDIAN_ROLES.map((role) => `a ${GUARDIAN_ROLE_LABELS[role].toLowerCase()} within ${workingDaysText(byRole[role])}`);
  return `Your service’s standard for allocating a guardian, from the referral: ${each.slice(0, -1).join(', ')} and ${each.at(-1) ?? ''}.`;
}

/** The Guardian referrals page: the service's queue, or an authority's referrals and the children proposed for one. */
export function referralListViewModel(list: ReferralList) {
  const head = ['Child', 'Referred', 'Status', 'Guardian', 'Referral to allocation'].map((text) => ({ text }));
  const rows = list.referrals.map((item) => [
    { html: linkHtml(paths.guardianReferral(item.id), childText(item), 'referral') },
    { text: formatInstant(item.referredAt) },
    { html: statusTag(item) },
    { text: guardianText(item) },
    { html: item.status === 'CLOSED' && !item.allocationTime.allocated ? 'Not allocated' : allocationTimeHtml(item.allocationTime) },
  ]);
  const proposals = list.proposals.map((proposal) => [
    { text: fullName(proposal) },
    { text: formatDate(proposal.concernRaisedOn) },
    { html: linkHtml(paths.referToGuardians(proposal.childId), 'Refer', `${fullName(proposal)} to the guardian service`) },
  ]);
  return {
    pageTitle: 'Guardian referrals',
    isService: list.scope === 'service',
    standard:
      list.standard === null
        ? null
        : {
            text: standardText(list.standard.byRole),
            changeHref: list.standard.canChange ? paths.guardianAllocationStandard : null,
          },
    head,
    rows,
    overStandard: list.referrals.filter((item) => item.status !== 'CLOSED' && item.allocationTime.overStandard).length,
    proposalHead: ['Child', 'Trafficking concern raised', 'Action'].map((text) => ({ text })),
    proposals,
  };
}

/** One referral: what is known, the guardian, and the service's forms. */
export function referralViewModel(detail: ReferralDetail, values: FormBody) {
  const { referral } = detail;
  const rows: SummaryRow[] = [
    row('Child', childText(referral)),
    ...(referral.dateOfBirth === null ? [] : [row('Date of birth', formatDate(referral.dateOfBirth))]),
    ...(referral.nationality === null ? [] : [row('Nationality', countryName(referral.nationality))]),
    row('Responsible authority', referral.responsibleAuthorityName),
    row('Referred by', REFERRAL_SOURCE_LABELS[referral.source]),
    row('Referred', formatInstant(referral.referredAt)),
    row('Someone in the UK holds parental responsibility', PARENTAL_RESPONSIBILITY_LABELS[referral.parentalResponsibility]),
    { key: { text: 'Status' }, value: { html: statusTag(referral) } },
    row('Guardian', guardianText(referral)),
    { key: { text: 'Referral to allocation' }, value: { html: allocationTimeHtml(referral.allocationTime) } },
    row('Standard', `A guardian allocated by ${formatInstant(referral.allocationTime.dueBy)}`),
    ...(referral.closureReason === null ? [] : [row('Closed because', CLOSURE_REASON_LABELS[referral.closureReason])]),
    ...(referral.closureNote === null ? [] : [row('Closure note', referral.closureNote)]),
  ];
  // The guardian allocated now stays a choice: a reallocation may change only their role (a post-18 worker at 18).
  const guardianChoices = detail.guardians.map((guardian) => ({ value: guardian.id, text: guardian.displayName }));
  const roleValues: FormBody =
    values['guardianRole'] === undefined ? { ...values, guardianRole: detail.allocation?.guardianRole ?? detail.suggestedRole } : values;
  return {
    caption: childText(referral),
    rows,
    version: referral.version,
    canTriage: detail.canWork && referral.status === 'AWAITING_TRIAGE',
    canWork: detail.canWork,
    isReallocation: detail.allocation !== null,
    triageAction: paths.triageGuardianReferral(referral.id),
    allocateAction: paths.allocateGuardian(referral.id),
    closeAction: paths.closeGuardianReferral(referral.id),
    guardianItems: radioItems(guardianChoices, values, 'advocateId'),
    roleItems: radioItems(GUARDIAN_ROLE_CHOICES, roleValues, 'guardianRole'),
    suggestedRole: GUARDIAN_ROLE_LABELS[detail.suggestedRole],
    guardianRecordHref: detail.canReadGuardianRecord ? paths.guardianRecord(referral.childId) : null,
    reasonItems: radioItems(CLOSURE_REASON_CHOICES, values, 'reason'),
  };
}

/** The check your answers rows of a referral. */
export const referAnswerRows = (answers: { readonly parentalResponsibility: ParentalResponsibility }, serviceName: string): SummaryRow[] => [
  row('Guardian service', serviceName),
  row('Does someone in the UK hold parental responsibility?', PARENTAL_RESPONSIBILITY_LABELS[answers.parentalResponsibility]),
];
