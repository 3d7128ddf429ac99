import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TraffickingConcern } from '../../domain/child-record.ts';
import type { TraffickingStatus } from '../../domain/codes.ts';
import { ukDateOf } from '../../domain/dates.ts';
import type { JourneyChild } from '../../domain/journey-child.ts';
import { traffickingStatusAsAt } from '../../domain/trafficking.ts';
import { ok } from '../../domain/result.ts';
import { paths } from '../../paths.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { Services } from '../../services/index.ts';
import { datePartsOf } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { registerJourney } from '../journey.ts';
import { TRAFFICKING_STATUS_LABELS } from '../labels.ts';
import { checkboxItems, fullName, radioItems } from '../view-models.ts';
import { carePeriodRoutes } from './care-period-routes.ts';
import {
  CONCERN_QUESTIONS,
  DECISION_QUESTIONS,
  readConcernForm,
  readDecisionForm,
  readReferralForm,
  readStatusForm,
  REFERRAL_QUESTIONS,
  STATUS_QUESTIONS,
} from './form-schemas.ts';
import {
  COMPETENT_AUTHORITY_OPTIONS,
  concernAnswerRows,
  concernPage,
  decisionAnswerRows,
  EXPLOITATION_LOCATION_OPTIONS,
  EXPLOITATION_TYPE_OPTIONS,
  INDICATOR_OPTIONS,
  NRM_DECISION_OPTIONS,
  referralAnswerRows,
  STATUS_OPTIONS,
  statusAnswerRows,
  YES_NO_OPTIONS,
} from './view-models.ts';

/** A journey's context: the child, and the concern it changes. */
interface ConcernContext {
  readonly child: JourneyChild;
  readonly concern: TraffickingConcern;
}

const statusText = (status: TraffickingStatus | null): string => (status === null ? 'not recorded' : TRAFFICKING_STATUS_LABELS[status]);

/** The trafficking pages (a concern, its statuses, its NRM referral and decisions) and the care-period pages. */
export function traffickingRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  /** The concern's status today. */
  const statusNow = (concern: TraffickingConcern): string => statusText(traffickingStatusAsAt(concern, ukDateOf(services.now())));

  /**
   * The child and the concern a journey changes (by the concern's id, or its NRM referral's), for
   * someone who may change their record; null (a 404) for anyone else.
   */
  const concernFor =
    (journey: string, part: 'traffickingConcern' | 'nrmReferral') =>
    async (actor: Actor, id: string, opening: boolean): Promise<ConcernContext | null> => {
      const read = await services.journeyContext.childOfPart(actor, part, id, { journey, opening });
      const idOf = (concern: TraffickingConcern) => (part === 'nrmReferral' ? concern.nrmReferral?.id : concern.id);
      const concern = read.ok ? read.value.traffickingConcerns.find((candidate) => idOf(candidate) === id) : undefined;
      return read.ok && concern !== undefined ? { child: read.value, concern } : null;
    };

  app.get(paths.concern(':concernId'), async (request: FastifyRequest, reply) => {
    const concernId = uuidIn(request.params, 'concernId');
    if (concernId === null) return reply.renderNotFound();
    const read = await services.trafficking.getConcern(signedInActor(request), concernId);
    if (!read.ok) return reply.renderNotFound();
    const { part: concern, child, canChange } = read.value;
    return reply.render('trafficking/views/concern.njk', { caption: fullName(child), ...concernPage(concern, child, canChange) });
  });

  registerJourney(app, {
    param: 'childId',
    url: paths.raiseConcern,
    template: 'trafficking/views/raise-concern.njk',
    questions: CONCERN_QUESTIONS,
    load: async (actor, childId, opening) => {
      const read = await services.journeyContext.child(actor, childId, { journey: 'raise-concern', opening });
      return read.ok ? read.value : null;
    },
    initialValues: () => ({}),
    formView: (child, values) => ({
      caption: fullName(child),
      backUrl: paths.child(child.id),
      indicatorItems: checkboxItems(INDICATOR_OPTIONS, values, 'indicators'),
      exploitationTypeItems: checkboxItems(EXPLOITATION_TYPE_OPTIONS, values, 'exploitationTypes'),
      countyLinesItems: radioItems(YES_NO_OPTIONS, values, 'countyLines'),
      locationItems: radioItems(EXPLOITATION_LOCATION_OPTIONS, values, 'exploitationLocation'),
    }),
    read: readConcernForm,
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before raising the concern',
      rows: concernAnswerRows(answers),
      button: 'Raise the concern',
    }),
    save: (actor, childId, answers) => services.trafficking.raiseConcern(actor, childId, answers),
    savedUrl: (childId, concern) => `${paths.raiseConcern(childId)}?confirmation=${concern.id}`,
    async confirmation({ actor, id: childId, query }) {
      const concernId = uuidIn(query, 'confirmation');
      if (concernId === null) return null;
      const read = await services.journeyContext.child(actor, childId, { journey: 'raise-concern', opening: false, needs: { traffickingConcerns: true } });
      const concern = read.ok ? read.value.traffickingConcerns.find((candidate) => candidate.id === concernId) : undefined;
      if (concern === undefined) return null;
      return {
        title: 'Trafficking concern raised',
        panelText: `Status: ${statusNow(concern)}`,
        paragraphs: [
          'Every child who may have been trafficked should be referred to the National Referral Mechanism (NRM). A child does not have to consent to a referral.',
        ],
        links: [
          { href: paths.recordNrmReferral(concern.id), text: 'Record the NRM referral' },
          { href: paths.concern(concern.id), text: 'View the concern' },
          { href: paths.child(childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  registerJourney(app, {
    param: 'concernId',
    url: paths.recordTraffickingStatus,
    template: 'trafficking/views/status.njk',
    questions: STATUS_QUESTIONS,
    load: concernFor('record-trafficking-status', 'traffickingConcern'),
    initialValues: () => ({}),
    formView: ({ child, concern }, values) => ({
      caption: fullName(child),
      backUrl: paths.concern(concern.id),
      currentStatus: statusNow(concern),
      statusItems: radioItems(STATUS_OPTIONS, values, 'status'),
    }),
    read: readStatusForm,
    checkPage: (_read, answers) => ({
      heading: 'Check your answers before recording the status',
      rows: statusAnswerRows(answers),
      button: 'Record the status',
    }),
    save: (actor, concernId, answers) => services.trafficking.recordStatus(actor, concernId, answers),
    savedUrl: (concernId) => `${paths.recordTraffickingStatus(concernId)}?confirmation=1`,
    async confirmation({ record }) {
      const read = await record();
      if (read === null) return null;
      const { concern } = read;
      return {
        title: 'Trafficking status recorded',
        panelText: `The concern’s status is now ${statusNow(concern)}`,
        paragraphs: [],
        links: [
          { href: paths.concern(concern.id), text: 'View the concern' },
          { href: paths.child(concern.childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  registerJourney(app, {
    param: 'concernId',
    url: paths.recordNrmReferral,
    template: 'trafficking/views/nrm-referral.njk',
    questions: REFERRAL_QUESTIONS,
    load: concernFor('record-nrm-referral', 'traffickingConcern'),
    initialValues: ({ child }) => ({ nrmReference: child.nrmReference ?? '', childVersion: String(child.version) }),
    formView: ({ child, concern }, values) => ({
      caption: fullName(child),
      backUrl: paths.concern(concern.id),
      askTeamManagerUrl: paths.askTeamManager('NRM_REFERRAL', concern.childId),
      existingReferral:
        concern.nrmReferral === null ? null : { decisionUrl: paths.recordNrmDecision(concern.nrmReferral.id), concernUrl: paths.concern(concern.id) },
      competentAuthorityItems: radioItems(COMPETENT_AUTHORITY_OPTIONS, values, 'competentAuthority'),
    }),
    read: readReferralForm,
    checkPage: (_read, answers) => ({
      heading: 'Check your answers before recording the NRM referral',
      rows: referralAnswerRows(answers),
      button: 'Record the referral',
    }),
    async save(actor, concernId, answers) {
      const { referredOn, firstResponderOrganisation, competentAuthority } = answers;
      const recorded = await services.trafficking.recordNrmReferral(actor, concernId, { referredOn, firstResponderOrganisation, competentAuthority });
      if (!recorded.ok) return recorded;
      // The NRM reference belongs to the child, not the referral, so it is a second change: the
      // referral stands even if someone changed the child's record meanwhile, and the
      // confirmation says the reference was not saved.
      if (answers.nrmReference === null) return ok({ referenceSaved: true });
      const current = await services.journeyContext.childOfPart(actor, 'traffickingConcern', concernId, { journey: 'record-nrm-referral', opening: false });
      if (current.ok && current.value.nrmReference === answers.nrmReference) return ok({ referenceSaved: true });
      const updated = await services.children.updateChild(actor, recorded.value.childId, { nrmReference: answers.nrmReference, version: answers.childVersion });
      return ok({ referenceSaved: updated.ok });
    },
    savedUrl: (concernId, saved) => `${paths.recordNrmReferral(concernId)}?confirmation=1${saved.referenceSaved ? '' : '&reference=not-saved'}`,
    async confirmation({ query, record }) {
      const read = await record();
      const referral = read?.concern.nrmReferral ?? null;
      if (read === null || referral === null) return null;
      const { concern } = read;
      return {
        title: 'NRM referral recorded',
        panelText: `The concern’s status is ${statusNow(concern)}`,
        warning:
          query['reference'] === 'not-saved'
            ? 'The NRM reference was not saved, because someone else changed the child’s record at the same time. Ask them to add it, or add it to the child’s record later.'
            : null,
        paragraphs: [
          'The competent authority makes a reasonable grounds decision first, and later a conclusive grounds decision. Record each decision when you are told of it.',
        ],
        links: [
          { href: paths.recordNrmDecision(referral.id), text: 'Record NRM decisions' },
          { href: paths.concern(concern.id), text: 'View the concern' },
          { href: paths.child(concern.childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  registerJourney(app, {
    param: 'referralId',
    url: paths.recordNrmDecision,
    template: 'trafficking/views/nrm-decision.njk',
    questions: DECISION_QUESTIONS,
    async load(actor, referralId, opening) {
      const read = await concernFor('record-nrm-decision', 'nrmReferral')(actor, referralId, opening);
      const referral = read?.concern.nrmReferral ?? null;
      return read === null || referral === null ? null : { ...read, referral };
    },
    initialValues: ({ referral }) => ({
      reasonableGroundsDecision: referral.reasonableGroundsDecision,
      ...datePartsOf('reasonableGroundsDecidedOn', referral.reasonableGroundsDecidedOn),
      conclusiveGroundsDecision: referral.conclusiveGroundsDecision,
      ...datePartsOf('conclusiveGroundsDecidedOn', referral.conclusiveGroundsDecidedOn),
      version: String(referral.version),
    }),
    formView: ({ child, concern }, values) => ({
      caption: fullName(child),
      backUrl: paths.concern(concern.id),
      reasonableGroundsItems: radioItems(NRM_DECISION_OPTIONS, values, 'reasonableGroundsDecision'),
      conclusiveGroundsItems: radioItems(NRM_DECISION_OPTIONS, values, 'conclusiveGroundsDecision'),
    }),
    read: readDecisionForm,
    checkPage: (_read, answers) => ({
      heading: 'Check your answers before recording the NRM decisions',
      rows: decisionAnswerRows(answers),
      button: 'Record the decisions',
    }),
    save: (actor, referralId, answers) => services.trafficking.updateNrmReferral(actor, referralId, answers),
    savedUrl: (referralId) => `${paths.recordNrmDecision(referralId)}?confirmation=1`,
    conflictMessage:
      'Someone else changed these NRM decisions while you were working on them. The form now shows their changes: check them, and make your change again',
    async confirmation({ record }) {
      const read = await record();
      if (read === null) return null;
      const { concern } = read;
      return {
        title: 'NRM decisions recorded',
        panelText: `The concern’s status is now ${statusNow(concern)}`,
        paragraphs: [],
        links: [
          { href: paths.concern(concern.id), text: 'View the concern' },
          { href: paths.child(concern.childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  carePeriodRoutes(app, services);
  done();
}
