import type { FastifyInstance } from 'fastify';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { uuidIn } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import type { ConfirmationPage, NoticePage } from '../journey.ts';
import type { ChildChanges } from '../../services/child-service.ts';
import { isUpnUnknownReason } from '../../domain/ssda903-codes.ts';
import { datePartsOf, formErrors, textOf } from '../forms.ts';
import type { FormBody, FormResult } from '../forms.ts';
import type { AnswerRow } from '../journey.ts';
import { AGE_STATUS_LABELS, upnLabel } from '../labels.ts';
import type { Questions } from '../questions.ts';
import { estimateText, fullName, radioItems, YES_NO_CHOICES } from '../view-models.ts';
import {
  AGE_ASSESSMENT_CHALLENGE_CHOICES,
  AGE_ASSESSMENT_CHALLENGE_RESULT_CHOICES,
  AGE_ASSESSMENT_OUTCOME_CHOICES,
  AGE_ASSESSMENT_RESPONSE_CHOICES,
  AGE_ASSESSOR_CHOICES,
  AGE_STATUS_CHOICES,
  ageAssessmentRows,
  authorityOptions,
  challengeRows,
  DATE_OF_BIRTH_KNOWN_CHOICES,
  DATE_OF_BIRTH_SOURCE_CHOICES,
  languageLabel,
  nationalityLabel,
  nationalityOptions,
  upnUnknownReasonOptions,
} from './view-models.ts';
import {
  AGE_ASSESSMENT_CHALLENGE_QUESTIONS,
  AGE_ASSESSMENT_QUESTIONS,
  AGE_STATUS_QUESTIONS,
  DATE_OF_BIRTH_QUESTIONS,
  estimateValues,
  IDENTIFIER_QUESTIONS,
  LANGUAGE_QUESTIONS,
  NATIONAL_TRANSFER_QUESTIONS,
  NATIONALITY_QUESTIONS,
  readAgeAssessmentChallengeForm,
  readAgeAssessmentForm,
  readAgeStatusForm,
  readDateOfBirthForm,
  readIdentifiersForm,
  readLanguagesForm,
  readNationalTransferForm,
  readNationalityForm,
  readUascEndForm,
  readUascStartForm,
  UASC_END_QUESTIONS,
  UASC_START_QUESTIONS,
} from './record-forms.ts';
import type { JourneyChild, JourneyChildDetails, JourneyNeeds } from '../../domain/journey-child.ts';
import type { NationalTransfer } from '../../domain/child-record.ts';
import type { NationalTransferAnswers } from './record-forms.ts';

/** What every journey here shares: today, the child as a journey reads them, the confirmation, the question page's frame. */
function journeyHelpers(services: Services) {
  const today = (): string => ukDateOf(services.now());

  /** The child, for someone who may change their record; null (a 404) for anyone else. */
  const childFor =
    (journey: string, needs: JourneyNeeds = {}) =>
    async (actor: Actor, childId: string, opening: boolean) => {
      const read = await services.journeyContext.child(actor, childId, { journey, opening, needs });
      return read.ok ? read.value : null;
    };

  /** The confirmation after saving, for a saved id in `?confirmation=`. */
  const confirmed =
    (page: (child: JourneyChild) => Omit<ConfirmationPage, 'caption' | 'panelText'>) =>
    async ({ query, record }: { readonly query: Readonly<Record<string, string | undefined>>; readonly record: () => Promise<JourneyChild | null> }) => {
      const child = await record();
      if (child === null || uuidIn(query, 'confirmation') === null) return null;
      return { panelText: null, caption: fullName(child), ...page(child) };
    };

  const questionPage = (heading: string) => (child: JourneyChild) => ({
    activeNav: 'children',
    heading,
    caption: fullName(child),
    backUrl: paths.child(child.id),
  });
  return { today, childFor, confirmed, questionPage };
}

/** The child's age: their age status, an age assessment, and a legal challenge to the latest assessment. */
function ageJourneys(app: FastifyInstance, services: Services): void {
  const { today, childFor, confirmed, questionPage } = journeyHelpers(services);

  // ---- Age status: accepted, disputed, assessment pending, assessed as a child or an adult ----

  registerJourney(app, {
    param: 'childId',
    url: paths.recordAgeStatus,
    template: 'questions.njk',
    questions: AGE_STATUS_QUESTIONS,
    load: childFor('record-age-status'),
    initialValues: () => ({}),
    formView: (child, values) => ({
      ...questionPage('Record the child’s age status')(child),
      questions: AGE_STATUS_QUESTIONS,
      choices: { status: radioItems(AGE_STATUS_CHOICES, values, 'status') },
    }),
    read: (body) => readAgeStatusForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording the age status',
      rows: [
        answerRow('status', 'Age status', AGE_STATUS_LABELS[answers.status]),
        answerRow('effectiveFrom', 'From', formatDate(answers.effectiveFrom)),
        answerRow('note', 'Note', answers.note ?? 'Not given'),
      ],
      button: 'Record age status',
    }),
    save: (actor, childId, answers) => services.children.recordAgeStatus(actor, childId, answers),
    savedUrl: (childId, entry) => `${paths.recordAgeStatus(childId)}?confirmation=${entry.id}`,
    confirmation: confirmed((child) => ({
      title: 'Age status recorded',
      paragraphs: ['The child’s record shows the new age status, and the earlier ones in its history.'],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    })),
  });

  // ---- An age assessment: when, who, Merton-compliant or not, what it found, and whether the child accepts it ----

  registerJourney(app, {
    param: 'childId',
    url: paths.recordAgeAssessment,
    template: 'questions.njk',
    questions: AGE_ASSESSMENT_QUESTIONS,
    load: childFor('record-age-assessment'),
    initialValues: () => ({}),
    formView: (child, values) => ({
      ...questionPage('Record an age assessment')(child),
      questions: AGE_ASSESSMENT_QUESTIONS,
      choices: {
        assessedBy: radioItems(AGE_ASSESSOR_CHOICES, values, 'assessedBy'),
        mertonCompliant: radioItems(YES_NO_CHOICES, values, 'mertonCompliant'),
        outcome: radioItems(AGE_ASSESSMENT_OUTCOME_CHOICES, values, 'outcome'),
        response: radioItems(AGE_ASSESSMENT_RESPONSE_CHOICES, values, 'response'),
      },
    }),
    read: (body) => readAgeAssessmentForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording the age assessment',
      rows: ageAssessmentRows(answers),
      button: 'Record age assessment',
    }),
    save: (actor, childId, answers) => services.children.recordAgeAssessment(actor, childId, answers),
    savedUrl: (childId, assessment) => `${paths.recordAgeAssessment(childId)}?confirmation=${assessment.id}`,
    confirmation: confirmed((child) => ({
      title: 'Age assessment recorded',
      paragraphs: [
        'The child’s record shows the assessment, and the age status its outcome gives from the day it was decided. ' +
          'Where the child accepts the outcome, the date of birth it gave is now their assessed date of birth.',
      ],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    })),
  });

  // ---- A legal challenge to the latest age assessment (a judicial review or a tribunal appeal), and its result ----

  /** The assessment a challenge is recorded on: the latest outcome, which is the one a child challenges. */
  const latestAssessment = (child: JourneyChild) => child.ageAssessments.at(-1) ?? null;
  registerJourney(app, {
    param: 'childId',
    url: paths.challengeAgeAssessment,
    template: 'questions.njk',
    questions: AGE_ASSESSMENT_CHALLENGE_QUESTIONS,
    load: childFor('challenge-age-assessment', { ageAssessments: true }),
    initialValues: (child) => {
      const assessment = latestAssessment(child);
      if (assessment === null) return {};
      return {
        challenge: assessment.challenge,
        ...datePartsOf('challengedOn', assessment.challengedOn),
        challengeResult: assessment.challenge === 'NONE' ? '' : (assessment.challengeResult ?? 'PENDING'),
        ...datePartsOf('challengeDecidedOn', assessment.challengeDecidedOn),
        version: String(assessment.version),
      };
    },
    formView: (child, values) => {
      const assessment = latestAssessment(child);
      // The heading names the assessment: a child may have had more than one.
      const heading = `Record a legal challenge to the age assessment${assessment === null ? '' : ` decided ${formatDate(assessment.assessedOn)}`}`;
      return {
        ...questionPage(heading)(child),
        questions: AGE_ASSESSMENT_CHALLENGE_QUESTIONS,
        choices: {
          challenge: radioItems(AGE_ASSESSMENT_CHALLENGE_CHOICES, values, 'challenge'),
          challengeResult: radioItems(AGE_ASSESSMENT_CHALLENGE_RESULT_CHOICES, values, 'challengeResult'),
        },
      };
    },
    notice: (child) =>
      latestAssessment(child) !== null
        ? null
        : {
            pageTitle: 'No age assessment is recorded',
            caption: fullName(child),
            paragraphs: ['No age assessment is recorded for this child. Record the assessment first, then its legal challenge.'],
            links: [
              { href: paths.recordAgeAssessment(child.id), text: 'Record an age assessment' },
              { href: paths.child(child.id), text: 'Go to the child’s record' },
            ],
          },
    readAgainst: (body, child) => {
      const assessment = latestAssessment(child);
      return assessment === null
        ? { ok: false, errors: formErrors({ challenge: { text: 'No age assessment is recorded for this child. Record the assessment first' } }) }
        : readAgeAssessmentChallengeForm(body, today(), assessment);
    },
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording the legal challenge',
      rows: challengeRows(answers),
      button: 'Record legal challenge',
    }),
    save: (actor, _childId, { assessmentId, ...answers }) => services.children.recordAgeAssessmentChallenge(actor, assessmentId, answers),
    savedUrl: (childId, assessment) => `${paths.challengeAgeAssessment(childId)}?confirmation=${assessment.id}`,
    conflictMessage: 'Someone else has changed this age assessment’s challenge since you opened this page. Check the answers and try again',
    confirmation: confirmed((child) => ({
      title: 'Legal challenge recorded',
      paragraphs: [
        'The child’s record shows the challenge on the age assessment. Where a court or tribunal found a different age, record it as a new age assessment or age status.',
      ],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    })),
  });
}

// The journeys that keep a child's details up to date (issue 12): each a question page drawn from
// its question list, check your answers with a Change button per answer, and a confirmation. Saving
// goes to the child service, which authorises, validates the whole record and audits the change
// with its before and after.

export function recordJourneys(app: FastifyInstance, services: Services): void {
  const { today, childFor, confirmed, questionPage } = journeyHelpers(services);
  ageJourneys(app, services);

  // ---- UASC status: when the child became an unaccompanied asylum-seeking child, and when that ended ----

  const uascNotice = (child: JourneyChild, text: string, link: { href: string; text: string }): NoticePage => ({
    pageTitle: text,
    caption: fullName(child),
    paragraphs: [text],
    links: [link, { href: paths.child(child.id), text: 'Go to the child’s record' }],
  });
  const uascConfirmed = (title: string) =>
    confirmed((child) => ({
      title,
      paragraphs: ['The child’s record shows their UASC periods.'],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    }));

  registerJourney(app, {
    param: 'childId',
    url: paths.startUasc,
    template: 'questions.njk',
    questions: UASC_START_QUESTIONS,
    load: childFor('start-uasc', { openUascPeriod: true }),
    initialValues: () => ({}),
    formView: (child) => ({ ...questionPage('Record that the child is an unaccompanied asylum-seeking child')(child), questions: UASC_START_QUESTIONS }),
    notice: (child) =>
      child.openUascPeriod === null
        ? null
        : uascNotice(child, 'They are already recorded as an unaccompanied asylum-seeking child', {
            href: paths.endUasc(child.id),
            text: 'Record that their UASC status ended',
          }),
    read: (body) => readUascStartForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before recording their UASC status',
      rows: [answerRow('startDate', 'Unaccompanied asylum-seeking child from', formatDate(answers.startDate))],
      button: 'Record UASC status',
    }),
    save: (actor, childId, answers) => services.children.addUascPeriod(actor, childId, answers),
    savedUrl: (childId, period) => `${paths.startUasc(childId)}?confirmation=${period.id}`,
    confirmation: uascConfirmed('UASC status recorded'),
  });

  registerJourney(app, {
    param: 'childId',
    url: paths.endUasc,
    template: 'questions.njk',
    questions: UASC_END_QUESTIONS,
    load: childFor('end-uasc', { openUascPeriod: true }),
    initialValues: (child) => ({ version: String(child.openUascPeriod?.version ?? '') }),
    formView: (child) => ({ ...questionPage('Record that their UASC status ended')(child), questions: UASC_END_QUESTIONS }),
    notice: (child) =>
      child.openUascPeriod !== null
        ? null
        : uascNotice(child, 'They are not recorded as an unaccompanied asylum-seeking child now', {
            href: paths.startUasc(child.id),
            text: 'Record that they are an unaccompanied asylum-seeking child',
          }),
    readAgainst: (body, child) => {
      const form = readUascEndForm(body, today());
      return form.ok ? { ok: true, value: { ...form.value, periodId: child.openUascPeriod?.id ?? '' } } : form;
    },
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before ending their UASC status',
      rows: [answerRow('ceasedDate', 'UASC status ended on', formatDate(answers.ceasedDate))],
      button: 'End UASC status',
    }),
    save: (actor, _childId, { periodId, ceasedDate, version }) => services.children.updateUascPeriod(actor, periodId, { ceasedDate, version }),
    savedUrl: (childId, period) => `${paths.endUasc(childId)}?confirmation=${period.id}`,
    conflictMessage: 'Someone else has changed this UASC period since you opened this page. Check the date and try again',
    confirmation: uascConfirmed('UASC status ended'),
  });

  // ---- The child's details: identifiers, languages and interpreter, nationality ----
  // Each changes the child with the version read when the page opened: a change someone else saved
  // since is refused, and the form shows what is recorded now.

  const detailsJourney = <Answers extends ChildChanges>(journey: {
    readonly name: string;
    readonly url: (childId: string) => string;
    readonly questions: Questions;
    readonly heading: string;
    /** The answers as recorded now, to fill the form in. */
    readonly values: (details: JourneyChildDetails) => FormBody;
    readonly choices: (values: FormBody) => Record<string, unknown>;
    /** The answers, read against the child as the journey loaded them (with `needs`). */
    readonly read: (body: FormBody, child: JourneyChild) => FormResult<Answers>;
    readonly needs?: JourneyNeeds;
    readonly check: { readonly heading: string; readonly rows: (answers: Answers) => AnswerRow[]; readonly button: string };
    readonly saved: string;
  }): void => {
    registerJourney(app, {
      param: 'childId',
      url: journey.url,
      template: 'questions.njk',
      questions: journey.questions,
      load: childFor(journey.name, { ...journey.needs, details: true }),
      initialValues: (child) => ({ ...(child.details === null ? {} : journey.values(child.details)), version: String(child.version) }),
      formView: (child, values) => ({ ...questionPage(journey.heading)(child), questions: journey.questions, choices: journey.choices(values) }),
      readAgainst: journey.read,
      checkPage: (_child, answers) => ({ heading: journey.check.heading, rows: journey.check.rows(answers), button: journey.check.button }),
      save: (actor, childId, answers) => services.children.updateChild(actor, childId, answers),
      savedUrl: (childId, record) => `${journey.url(childId)}?confirmation=${record.child.id}`,
      conflictMessage: 'Someone else has changed the child’s details since you opened this page. Check the answers and try again',
      confirmation: confirmed((child) => ({
        title: journey.saved,
        paragraphs: ['The child’s record shows the change.'],
        links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
      })),
    });
  };

  const notGiven = (value: string | null): string => value ?? 'Not given';

  detailsJourney({
    name: 'change-identifiers',
    url: paths.changeIdentifiers,
    questions: IDENTIFIER_QUESTIONS,
    heading: 'Change the child’s identifiers',
    values: ({ laChildId, upn, homeOfficeReference, nrmReference, policePersonId }) => ({
      laChildId,
      // The 903 keeps the reason a child has no UPN in place of the UPN: the form asks for one or the other.
      ...(upn !== null && isUpnUnknownReason(upn) ? { upnUnknownReason: upn } : { upn: upn ?? '' }),
      homeOfficeReference: homeOfficeReference ?? '',
      nrmReference: nrmReference ?? '',
      policePersonId: policePersonId ?? '',
    }),
    choices: (values) => ({ upnUnknownReason: upnUnknownReasonOptions(textOf(values, 'upnUnknownReason')) }),
    read: readIdentifiersForm,
    check: {
      heading: 'Check your answers before changing the identifiers',
      rows: (answers) => [
        answerRow('laChildId', 'Your authority’s ID for the child', answers.laChildId),
        answerRow('upn', 'Unique pupil number (UPN)', answers.upn === null ? 'Not given' : upnLabel(answers.upn)),
        answerRow('homeOfficeReference', 'Home Office reference', notGiven(answers.homeOfficeReference)),
        answerRow('nrmReference', 'NRM reference', notGiven(answers.nrmReference)),
        answerRow('policePersonId', 'Police person ID', notGiven(answers.policePersonId)),
      ],
      button: 'Save identifiers',
    },
    saved: 'Identifiers changed',
  });

  detailsJourney({
    name: 'change-languages',
    url: paths.changeLanguages,
    questions: LANGUAGE_QUESTIONS,
    heading: 'Change the child’s languages and interpreter',
    values: ({ languages, interpreterNeeded }) => ({ languages: languages.map(languageLabel).join(', '), interpreterNeeded: interpreterNeeded ? 'yes' : 'no' }),
    choices: (values) => ({ interpreterNeeded: radioItems(YES_NO_CHOICES, values, 'interpreterNeeded') }),
    read: readLanguagesForm,
    check: {
      heading: 'Check your answers before changing the languages',
      rows: (answers) => [
        answerRow('languages', 'Languages', answers.languages.length === 0 ? 'Not given' : answers.languages.join(', ')),
        answerRow('interpreterNeeded', 'Interpreter needed', answers.interpreterNeeded ? 'Yes' : 'No'),
      ],
      button: 'Save languages',
    },
    saved: 'Languages changed',
  });

  detailsJourney({
    name: 'change-nationality',
    url: paths.changeNationality,
    questions: NATIONALITY_QUESTIONS,
    heading: 'Change the child’s nationality',
    values: ({ nationality }) => ({ nationality: nationality ?? '' }),
    choices: (values) => ({ nationality: nationalityOptions(textOf(values, 'nationality')) }),
    read: readNationalityForm,
    check: {
      heading: 'Check your answers before changing the nationality',
      rows: (answers) => [answerRow('nationality', 'Nationality', nationalityLabel(answers.nationality))],
      button: 'Save nationality',
    },
    saved: 'Nationality changed',
  });

  // The date of birth the child gave, or where it is not known their estimated age. An assessed date of
  // birth is the age assessment's to set, so it is shown on the record but not asked here.
  detailsJourney({
    name: 'change-date-of-birth',
    url: paths.changeDateOfBirth,
    questions: DATE_OF_BIRTH_QUESTIONS,
    heading: 'Change the child’s date of birth or estimated age',
    needs: { carePeriods: true, missingEpisodes: true },
    values: ({ dateOfBirthClaimed, dateOfBirthEstimate }) => ({
      dateOfBirthKnown: dateOfBirthClaimed !== null ? 'yes' : dateOfBirthEstimate !== null ? 'no' : '',
      ...datePartsOf('dateOfBirth', dateOfBirthClaimed),
      ...(dateOfBirthEstimate === null ? {} : estimateValues(dateOfBirthEstimate)),
    }),
    choices: (values) => ({
      dateOfBirthKnown: radioItems(DATE_OF_BIRTH_KNOWN_CHOICES, values, 'dateOfBirthKnown'),
      estimatedAgeSource: radioItems(DATE_OF_BIRTH_SOURCE_CHOICES, values, 'estimatedAgeSource'),
    }),
    read: (body, child) =>
      readDateOfBirthForm(body, today(), {
        recorded: { dateOfBirthAssessed: child.details?.dateOfBirthAssessed ?? null, dateOfBirthEstimate: child.details?.dateOfBirthEstimate ?? null },
        // Both lists are oldest first.
        firstLookedAfter: child.carePeriods[0]?.startDate ?? null,
        firstMissing: child.missingEpisodes[0] === undefined ? null : ukDateOf(child.missingEpisodes[0].startAt),
      }),
    check: {
      heading: 'Check your answers before changing the date of birth',
      rows: (answers) =>
        answers.dateOfBirthClaimed !== null
          ? [
              answerRow('dateOfBirthKnown', 'Date of birth known', 'Yes'),
              answerRow('dateOfBirth', 'Date of birth given', formatDate(answers.dateOfBirthClaimed)),
            ]
          : [
              answerRow('dateOfBirthKnown', 'Date of birth known', 'No'),
              answerRow('estimatedAgeFrom', 'Estimated age', answers.dateOfBirthEstimate === null ? 'Not given' : estimateText(answers.dateOfBirthEstimate)),
            ],
      button: 'Save date of birth',
    },
    saved: 'Date of birth changed',
  });

  // ---- A National Transfer Scheme transfer: to which authority, the referral, and the transfer once made ----

  type TransferContext = JourneyChild & { readonly authorities: readonly { readonly code: string; readonly name: string }[] };
  registerJourney<TransferContext, NationalTransferAnswers, NationalTransfer>(app, {
    param: 'childId',
    url: paths.addNationalTransfer,
    template: 'questions.njk',
    questions: NATIONAL_TRANSFER_QUESTIONS,
    async load(actor, childId, opening) {
      const child = await childFor('add-national-transfer')(actor, childId, opening);
      if (child === null) return null;
      // The authorities the child may transfer to: every other one.
      const authorities = (await services.children.listAuthorities()).filter((authority) => authority.code !== child.responsibleAuthorityCode);
      return { ...child, authorities };
    },
    initialValues: () => ({}),
    formView: (context, values) => ({
      ...questionPage('Record a National Transfer Scheme transfer')(context),
      questions: NATIONAL_TRANSFER_QUESTIONS,
      choices: { toAuthority: authorityOptions(context.authorities, textOf(values, 'toAuthority')) },
    }),
    read: (body) => readNationalTransferForm(body, today()),
    checkPage: ({ authorities }, answers) => ({
      heading: 'Check your answers before recording the transfer',
      rows: [
        answerRow(
          'toAuthority',
          'Transferring to',
          authorities.find((authority) => authority.code === answers.toAuthorityCode)?.name ?? answers.toAuthorityCode,
        ),
        answerRow('referredOn', 'Referred on', formatDate(answers.referredOn)),
        answerRow('transferredOn', 'Transferred on', answers.transferredOn === null ? 'Not transferred yet' : formatDate(answers.transferredOn)),
      ],
      button: 'Record transfer',
    }),
    save: (actor, childId, answers) => services.children.addNationalTransfer(actor, childId, answers),
    savedUrl: (childId, transfer) => `${paths.addNationalTransfer(childId)}?confirmation=${transfer.id}`,
    confirmation: confirmed((child) => ({
      title: 'Transfer recorded',
      paragraphs: ['The child’s record shows the transfer, and its chronology the referral and the transfer.'],
      links: [{ href: paths.child(child.id), text: 'Go to the child’s record' }],
    })),
  });
}
