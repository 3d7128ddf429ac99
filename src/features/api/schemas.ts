import { z } from 'zod';
import {
  AGE_STATUSES,
  COMPETENT_AUTHORITIES,
  DATE_OF_BIRTH_SOURCES,
  EPISODE_END_REASONS,
  EXPLOITATION_LOCATIONS,
  EXPLOITATION_TYPES,
  HARM_DISCLOSED,
  INTERVIEW_OUTCOMES,
  INTERVIEW_RESPONSES,
  INTERVIEWER_TYPES,
  MISSING_TYPES,
  NRM_DECISIONS,
  POLICE_RISK_LEVELS,
  SEXES,
  TRAFFICKING_INDICATORS,
  TRAFFICKING_STATUSES,
} from '../../domain/codes.ts';
import { FINDING_AGENCIES } from '../../domain/found-report.ts';
import { FIRST_YEAR, LAST_YEAR, PLAUSIBLE_DATE_PATTERN } from '../../domain/dates.ts';
import { hiddenCharactersMessage, MULTI_LINE_TEXT, SINGLE_LINE_TEXT } from '../../domain/text.ts';
import { BREAK_GLASS_REASON_MESSAGE, BREAK_GLASS_REASON_MIN_LENGTH } from '../../domain/access/policy.ts';

// Request schemas: they validate the JSON API's requests and generate its OpenAPI document.
// Structure and formats are checked here; the record rules (dates in order, 903 rules) are the
// domain's, so they hold for every way data comes in.

// Text: at most `max` characters as sent; no hidden characters (docs/data-exchange.md); not blank once spaces at
// either end are trimmed. Each check is a pattern, so the OpenAPI document says exactly what is accepted.
const text = (what: string, max = 200, lines: 'single' | 'multi' = 'single') =>
  z
    .string({ error: `Enter ${what}` })
    .max(max, { error: `${capitalise(what)} must be ${max} characters or fewer` })
    .regex(lines === 'single' ? SINGLE_LINE_TEXT : MULTI_LINE_TEXT, { error: hiddenCharactersMessage(capitalise(what)) })
    .trim()
    .regex(/\S/, { error: `Enter ${what}` });
export const optionalText = (what: string, max = 200, lines: 'single' | 'multi' = 'single') => text(what, max, lines).nullable().optional();
/** Text to search or filter by: may be blank, but holds no hidden characters. */
export const filterText = (what: string, max: number) =>
  z
    .string()
    .max(max, { error: `${capitalise(what)} must be ${max} characters or fewer` })
    .regex(SINGLE_LINE_TEXT, { error: hiddenCharactersMessage(capitalise(what)) });
const dateMessage = (what: string) => `Enter ${what} as a real date from ${FIRST_YEAR} to ${LAST_YEAR} in the format YYYY-MM-DD, for example 2025-03-01`;
export const isoDate = (what: string) =>
  z
    .string({ error: dateMessage(what) })
    .regex(PLAUSIBLE_DATE_PATTERN, { error: dateMessage(what) })
    .meta({ format: 'date' });
const instantMessage = (what: string) =>
  `Enter ${what} as a date and time from ${FIRST_YEAR} to ${LAST_YEAR} with a time zone, for example 2025-03-01T21:15:00Z`;
const isoInstant = (what: string) =>
  z.iso
    .datetime({ offset: true, error: instantMessage(what), abort: true })
    .regex(/^(?:19|20)\d\d-/, { error: instantMessage(what) })
    .meta({ format: 'date-time' });
export const choice = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `Select ${what}: one of ${values.join(', ')}` });
export const version = z.number({ error: 'Send the version of the record you read, as a whole number' }).int().min(1);

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

export const idParams = z.strictObject({ id: z.uuid({ error: 'The id in the address must be a UUID' }) });

const booleanQuery = z.enum(['true', 'false'], { error: 'Use true or false' }).transform((value) => value === 'true');
const paging = {
  page: z.coerce.number({ error: 'Page must be a whole number from 1' }).int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number({ error: 'Page size must be a whole number from 1 to 200' }).int().min(1).max(200).default(50),
};

const childFields = {
  laChildId: text("the authority's ID for the child (903 CHILD)", 10).meta({
    description: 'The responsible authority’s child id, reported as CHILD in the SSDA903 return',
  }),
  givenNames: optionalText('the child’s given names').meta({ description: 'At least one of givenNames and familyName: a child may be known by one name only' }),
  familyName: optionalText('the child’s family name'),
  sex: choice(SEXES, 'sex'),
  dateOfBirthClaimed: isoDate('the date of birth the child gave')
    .nullable()
    .optional()
    .meta({ description: 'The date of birth the child or a document gave. Null when it is not known: then send dateOfBirthEstimate' }),
  dateOfBirthAssessed: isoDate('the assessed date of birth').nullable().optional(),
  dateOfBirthEstimate: z
    .strictObject(
      {
        earliest: isoDate('the earliest date of birth the estimated age allows'),
        latest: isoDate('the latest date of birth the estimated age allows'),
        source: choice(DATE_OF_BIRTH_SOURCES, 'who estimated the child’s age'),
        estimatedOn: isoDate('the date the age was estimated'),
      },
      { error: 'Send the estimated age as an object with earliest, latest, source and estimatedOn' },
    )
    .nullable()
    .optional()
    .meta({
      description:
        'Only when no date of birth is known: an estimated age or age range as the dates of birth it allows. "15 to 16 years old on 2025-01-10" is earliest 2008-01-11, latest 2010-01-10 (docs/data-exchange.md)',
    }),
  nationality: z
    .string({ error: 'Enter nationality as a two-letter country code or "unknown"' })
    .max(7)
    .nullable()
    .optional()
    .meta({ description: 'ISO 3166-1 alpha-2 code, "unknown", or null when not recorded' }),
  languages: z.array(text('a language', 60), { error: 'Enter languages as a list' }).max(20).optional(),
  interpreterNeeded: z.boolean({ error: 'Say whether an interpreter is needed: true or false' }).optional(),
  ethnicity: optionalText('ethnicity (903 ETHNIC code)', 4),
  upn: optionalText('the unique pupil number', 13),
  homeOfficeReference: optionalText('the Home Office reference', 40),
  nrmReference: optionalText('the NRM reference', 40),
  policePersonId: optionalText('the police person ID', 40),
};

export const childChangesBody = z.strictObject(childFields).partial().extend({ version });

export const childListQuery = z.strictObject({
  nationality: z.string().max(7).optional(),
  missing: booleanQuery.optional(),
  ...paging,
});

// Searches by name or date of birth go in a POST body: nothing identifying in URLs or logs.
export const childSearchBody = z.strictObject({
  q: filterText('the search', 100).optional().meta({
    description:
      'Part of a name (aliases included; names spelt a little differently are found too) or a whole identifier, whatever its case, spaces and punctuation: the child id, UPN, Home Office or NRM reference, police person id, or the police reference of any missing episode',
  }),
  dateOfBirth: isoDate('the date of birth')
    .optional()
    .meta({ description: 'Finds a child whose given or assessed date of birth is this day, or whose estimated age allows it' }),
  nationality: z.string().max(7).optional(),
  missing: z.boolean({ error: 'Use true or false' }).optional(),
  page: z.number({ error: 'Page must be a whole number from 1' }).int().min(1).max(100_000).default(1),
  pageSize: z.number({ error: 'Page size must be a whole number from 1 to 200' }).int().min(1).max(200).default(50),
});

export const newAliasBody = z.strictObject({
  givenNames: optionalText('the given names used'),
  familyName: optionalText('the family name used'),
  dateOfBirth: isoDate('the date of birth used').nullable().optional(),
  nationality: z.string().max(7).nullable().optional(),
  source: text('who knew the child by this name'),
  seenWhere: optionalText('where the name was seen'),
  seenOn: isoDate('the date the name was seen'),
});

export const newAgeStatusBody = z.strictObject({
  status: choice(AGE_STATUSES, 'the age status'),
  effectiveFrom: isoDate('the date the age status changed'),
  note: optionalText('a note', 1000, 'multi'),
});

const carePeriodFields = {
  startDate: isoDate('the date the care period started (DECOM)'),
  endDate: isoDate('the date the care period ended (DEC)').nullable().optional(),
  legalStatus: text('the legal status (903 LS code)', 4),
  placementType: text('the placement type (903 PLACE code)', 4),
  reasonNewEpisode: optionalText('the reason for the new episode (903 RNE code)', 4),
  reasonCeased: optionalText('the reason the care period ended (903 REC code)', 4),
  hostAuthorityCode: text('the host authority code', 12).optional(),
};
export const newCarePeriodBody = z.strictObject(carePeriodFields);
export const carePeriodChangesBody = newCarePeriodBody.partial().extend({ version });

export const newChildBody = z.strictObject({
  ...childFields,
  ageStatus: choice(AGE_STATUSES, 'the age status').optional(),
  carePeriod: newCarePeriodBody.optional().meta({
    description: 'The care period the child is looked after in now, saved with the child in one transaction. Leave it out to add it later',
  }),
});

export const newUascPeriodBody = z.strictObject({
  startDate: isoDate('the date the child became an unaccompanied asylum-seeking child'),
  ceasedDate: isoDate('the date UASC status ceased (DUC)').nullable().optional(),
});
export const uascPeriodChangesBody = newUascPeriodBody.partial().extend({ version });

export const newNationalTransferBody = z.strictObject({
  toAuthorityCode: text('the authority the child is transferring to', 12),
  referredOn: isoDate('the date of the National Transfer Scheme referral'),
  transferredOn: isoDate('the date of the transfer').nullable().optional(),
});

const concernFields = {
  raisedOn: isoDate('the date the concern was raised'),
  raisedBy: text('who raised the concern'),
  indicators: z.array(choice(TRAFFICKING_INDICATORS, 'an indicator')).max(20).optional(),
  exploitationTypes: z.array(choice(EXPLOITATION_TYPES, 'an exploitation type')).max(10).optional(),
  countyLines: z.boolean({ error: 'Say whether county lines are involved: true or false' }).optional(),
  exploitationLocation: choice(EXPLOITATION_LOCATIONS, 'where the exploitation happened').optional(),
};
export const newConcernBody = z.strictObject(concernFields);
export const concernChangesBody = newConcernBody.partial().extend({ version });

export const newTraffickingStatusBody = z.strictObject({
  status: choice(TRAFFICKING_STATUSES, 'the trafficking status'),
  effectiveFrom: isoDate('the date of the status'),
});

const nrmFields = {
  referredOn: isoDate('the date of the NRM referral'),
  firstResponderOrganisation: text('the First Responder organisation'),
  competentAuthority: choice(COMPETENT_AUTHORITIES, 'the competent authority'),
  reasonableGroundsDecision: choice(NRM_DECISIONS, 'the reasonable grounds decision').optional(),
  reasonableGroundsDecidedOn: isoDate('the date of the reasonable grounds decision').nullable().optional(),
  conclusiveGroundsDecision: choice(NRM_DECISIONS, 'the conclusive grounds decision').optional(),
  conclusiveGroundsDecidedOn: isoDate('the date of the conclusive grounds decision').nullable().optional(),
};
export const newNrmReferralBody = z.strictObject(nrmFields);
export const nrmReferralChangesBody = newNrmReferralBody.partial().extend({ version });

const episodeFields = {
  type: choice(MISSING_TYPES, 'whether the child was missing (M) or away from placement without authorisation (A)'),
  startAt: isoInstant('the date and time the child went missing'),
  lastSeenLocation: optionalText('where the child was last seen', 500, 'multi'),
  lastSeenWith: optionalText('who the child was last seen with', 500, 'multi'),
  reportedToPoliceAt: isoInstant('when the child was reported to the police').nullable().optional(),
  policeForce: optionalText('the police force'),
  policeReference: optionalText('the police reference', 60),
  policeRiskLevel: choice(POLICE_RISK_LEVELS, 'the police risk level').nullable().optional(),
  responsibleAuthorityToldAt: isoInstant('when the responsible authority was told').nullable().optional(),
  hostAuthorityToldAt: isoInstant('when the host authority was told').nullable().optional(),
};
const endingFields = {
  endAt: isoInstant('the date and time the child came back'),
  endReason: choice(EPISODE_END_REASONS, 'how the episode ended'),
  harmDisclosed: choice(HARM_DISCLOSED, 'whether harm was disclosed').nullable().optional(),
  exploitationDisclosed: z.boolean({ error: 'Say whether exploitation was disclosed: true or false' }).nullable().optional(),
};
export const newEpisodeBody = z.strictObject({
  ...episodeFields,
  endAt: endingFields.endAt.optional(),
  endReason: endingFields.endReason.optional(),
  harmDisclosed: endingFields.harmDisclosed,
  exploitationDisclosed: endingFields.exploitationDisclosed,
});
export const episodeChangesBody = z
  .strictObject({ ...episodeFields, ...endingFields, endAt: endingFields.endAt.nullable(), endReason: endingFields.endReason.nullable() })
  .partial()
  .extend({
    version,
    reason: optionalText('why you are correcting the episode', 1000, 'multi').meta({
      description: 'Required to change an episode that has ended (a correction): kept on the audit trail',
    }),
  });
export const closeEpisodeBody = z.strictObject({ ...endingFields, version });
export const foundReportBody = z.strictObject({
  agency: choice(FINDING_AGENCIES, 'who found the child'),
  organisation: text('the name of the agency that found the child'),
  foundAt: isoInstant('the date and time the child was found'),
  location: text('where the child was found', 500),
  reference: optionalText('the agency’s reference for its report', 60),
  version,
});

export const episodeListQuery = z.strictObject({
  open: booleanQuery.optional(),
  type: choice(MISSING_TYPES, 'the type').optional(),
  childId: z.uuid({ error: 'childId must be a UUID' }).optional(),
  startedFrom: isoInstant('the earliest start').optional(),
  startedBefore: isoInstant('the latest start').optional(),
  ...paging,
});

export const breakGlassBody = z.strictObject({
  // At least the service's minimum once trimmed, as a pattern (a length in JSON Schema would count the spaces),
  // counting characters as JSON Schema does (`u`: an emoji is one, not two).
  reason: text('the reason you need to open this record', 1000, 'multi').regex(
    new RegExp(`^\\s*\\S[\\s\\S]{${BREAK_GLASS_REASON_MIN_LENGTH - 2},}\\S\\s*$`, 'u'),
    {
      error: BREAK_GLASS_REASON_MESSAGE,
    },
  ),
});
export const reviewBody = z.strictObject({
  note: z
    .string()
    .max(1000, { error: 'The note must be 1000 characters or fewer' })
    .regex(MULTI_LINE_TEXT, { error: hiddenCharactersMessage('The note') })
    .default(''),
});

export const newUserBody = z.strictObject({
  organisationCode: text('the organisation code', 20),
  role: text('the role', 40),
  email: text('the person’s email address', 320),
  displayName: text('the person’s name', 200),
  password: z.string({ error: 'Enter a password of at least 12 characters' }).min(1, { error: 'Enter a password of at least 12 characters' }).max(128),
});

export const recordAccessQuery = z.strictObject({ ...paging });

export const auditSearchQuery = z.strictObject({
  actorId: z.string().max(100).optional(),
  organisationCode: z.string().max(20).optional(),
  childId: z.uuid({ error: 'childId must be a UUID' }).optional(),
  action: z.string().max(40).optional(),
  from: isoInstant('the earliest time').optional(),
  to: isoInstant('the latest time').optional(),
  ...paging,
});

export const returnInterviewBody = z.strictObject({
  response: choice(INTERVIEW_RESPONSES, 'whether the interview was accepted, declined or not offered'),
  offeredAt: isoInstant('when the interview was offered').nullable().optional(),
  notOfferedReason: optionalText('why the interview was not offered', 1000, 'multi'),
  completedAt: isoInstant('when the interview was completed').nullable().optional(),
  interviewerType: choice(INTERVIEWER_TYPES, 'who did the interview').nullable().optional(),
  outcomes: z.array(choice(INTERVIEW_OUTCOMES, 'an outcome')).max(10).optional(),
  version: version.optional().meta({ description: 'Required when an interview is already recorded: the version you read' }),
});
