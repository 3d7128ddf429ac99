import type { EpisodeEndReason, HarmDisclosed, InterviewerType, InterviewOutcome, InterviewResponse, MissingType } from '../../domain/codes.ts';

// The words the missing pages use for Lantern's code lists (domain brief §8.2).

/** The statutory definitions (DfE, Children who run away or go missing from home or care, 2014), as hint text. */
export const MISSING_TYPE_CHOICES: readonly { value: MissingType; text: string; hint: string }[] = [
  {
    value: 'M',
    text: 'Missing',
    hint: 'They are not at their placement or the place they are expected to be, and nobody knows where they are.',
  },
  {
    value: 'A',
    text: 'Away from placement without authorisation',
    hint: 'Their whereabouts are known, but they are not at their placement or the place they are expected to be, and the carer is concerned or has told the council or police.',
  },
];

/** The current police risk levels; "no apparent risk" is only in historic records. */
export const NEW_RISK_LEVELS = ['VERY_LOW', 'LOW', 'MEDIUM', 'HIGH'] as const;

/** The answers "not graded yet" and "not known yet": a radio needs a value, and the record keeps them as null. */
export const NOT_GRADED = 'NOT_GRADED';
export const NOT_KNOWN = 'NOT_KNOWN';

export const END_REASON_CHOICES: readonly { value: EpisodeEndReason; text: string; hint?: string }[] = [
  { value: 'RETURNED_SELF', text: 'They came back of their own accord' },
  { value: 'FOUND_POLICE', text: 'Found by the police' },
  { value: 'FOUND_CARER', text: 'Found by their carer' },
  { value: 'FOUND_OTHER', text: 'Found by someone else' },
  { value: 'LOCATED_ABROAD', text: 'Located abroad' },
  { value: 'CEASED_LA_WHILE_MISSING', text: 'They stopped being looked after while missing', hint: 'For example, they turned 18 or were assessed as an adult.' },
];

export const HARM_CHOICES: readonly { value: HarmDisclosed; text: string }[] = [
  { value: 'NONE', text: 'No harm disclosed' },
  { value: 'SUSPECTED', text: 'Harm suspected' },
  { value: 'CONFIRMED', text: 'Harm confirmed' },
];

export const RESPONSE_CHOICES: readonly { value: InterviewResponse; text: string }[] = [
  { value: 'ACCEPTED', text: 'Offered and accepted' },
  { value: 'DECLINED', text: 'Offered and declined' },
  { value: 'NOT_OFFERED', text: 'Not offered' },
];

export const INTERVIEWER_CHOICES: readonly { value: InterviewerType; text: string }[] = [
  { value: 'INDEPENDENT_PROVIDER', text: 'An independent return interview provider' },
  { value: 'LA_WORKER', text: 'A local authority worker' },
  { value: 'ICTG', text: 'Their Independent Child Trafficking Guardian' },
  { value: 'OTHER', text: 'Someone else' },
];

export const OUTCOME_CHOICES: readonly { value: InterviewOutcome; text: string }[] = [
  { value: 'SAFEGUARDING_REFERRAL', text: 'Safeguarding referral' },
  { value: 'POLICE_INTELLIGENCE', text: 'Information shared with the police' },
  { value: 'NRM_REFERRAL', text: 'Referral to the National Referral Mechanism' },
  { value: 'CARE_PLAN_CHANGE', text: 'Change to the care plan' },
  { value: 'NO_FURTHER_ACTION', text: 'No further action' },
];

export const labelOf = <T extends string>(choices: readonly { value: T; text: string }[], value: T): string => choices.find((choice) => choice.value === value)?.text ?? value;
