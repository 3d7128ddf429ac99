import type { FastifyInstance } from 'fastify';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import { isOutOfArea } from '../../domain/record-view.ts';
import { paths } from '../../paths.ts';
import type { Services } from '../../services/index.ts';
import type { LocalAuthorityOption } from '../../services/trafficking-service.ts';
import { datePartsOf } from '../forms.ts';
import { uuidIn } from '../guards.ts';
import { registerJourney } from '../journey.ts';
import { legalStatusLabel, placementTypeLabel } from '../labels.ts';
import { fullName, LEGAL_STATUS_CHOICES, placementTypeChoices, REASON_CEASED_CHOICES, REASON_NEW_EPISODE_CHOICES, selectItems } from '../view-models.ts';
import { CARE_PERIOD_QUESTIONS, END_CARE_PERIOD_QUESTIONS, readCarePeriodForm, readEndCarePeriodForm } from './form-schemas.ts';
import { carePeriodAnswerRows, endCarePeriodAnswerRows } from './view-models.ts';

const nameOf = (authorities: readonly LocalAuthorityOption[]) => {
  const names = new Map(authorities.map((authority) => [authority.code, authority.name]));
  return (code: string): string => names.get(code) ?? code;
};

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Add a care period and end one. */
export function carePeriodRoutes(app: FastifyInstance, services: Services): void {
  registerJourney(app, {
    param: 'childId',
    url: paths.addCarePeriod,
    template: 'trafficking/views/add-care-period.njk',
    questions: CARE_PERIOD_QUESTIONS,
    async load(actor, childId, opening) {
      const read = await services.journeyContext.child(actor, childId, { journey: 'add-care-period', opening, needs: { openCarePeriod: true } });
      return read.ok ? { child: read.value, authorities: await services.trafficking.listLocalAuthorities() } : null;
    },
    // Placed in area unless said otherwise.
    initialValues: ({ child }) => ({ hostAuthorityCode: child.responsibleAuthorityCode }),
    formView: ({ child, authorities }, values) => {
      const open = child.openCarePeriod;
      return {
        caption: fullName(child),
        backUrl: paths.child(child.id),
        openPeriod: open === null ? null : { startDate: formatDate(open.startDate), endUrl: paths.endCarePeriod(open.id) },
        reasonNewEpisodeItems: selectItems(REASON_NEW_EPISODE_CHOICES, asString(values['reasonNewEpisode']), 'Select a reason'),
        legalStatusItems: selectItems(LEGAL_STATUS_CHOICES, asString(values['legalStatus']), 'Select a legal status'),
        placementTypeItems: selectItems(placementTypeChoices(ukDateOf(services.now())), asString(values['placementType']), 'Select a placement type'),
        hostAuthorityItems: selectItems(
          authorities.map((authority) => ({ value: authority.code, text: authority.name })),
          asString(values['hostAuthorityCode']),
          'Select a local authority',
        ),
      };
    },
    read: readCarePeriodForm,
    checkPage: ({ authorities }, answers) => ({
      heading: 'Check your answers before adding the care period',
      rows: carePeriodAnswerRows(answers, nameOf(authorities)),
      button: 'Add the care period',
    }),
    save: (actor, childId, answers) => services.children.addCarePeriod(actor, childId, answers),
    savedUrl: (childId, period) => `${paths.addCarePeriod(childId)}?confirmation=${period.id}`,
    async confirmation({ actor, id: childId, query }) {
      const periodId = uuidIn(query, 'confirmation');
      if (periodId === null) return null;
      const read = await services.journeyContext.child(actor, childId, { journey: 'add-care-period', opening: false, needs: { carePeriods: true } });
      const period = read.ok ? read.value.carePeriods.find((candidate) => candidate.id === periodId) : undefined;
      if (period === undefined) return null;
      const authorityName = nameOf(await services.trafficking.listLocalAuthorities());
      const host = authorityName(period.hostAuthorityCode);
      return {
        title: 'Care period added',
        panelText: `${placementTypeLabel(period.placementType)}, from ${formatDate(period.startDate)}`,
        warning: isOutOfArea(period)
          ? `This placement is out of area, in ${host}. Tell ${host}’s children’s services that the child has been placed in their area.`
          : null,
        paragraphs: [`Legal status: ${legalStatusLabel(period.legalStatus)}.`],
        links: [
          { href: paths.endCarePeriod(period.id), text: 'End this care period' },
          { href: paths.child(childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  registerJourney(app, {
    param: 'carePeriodId',
    url: paths.endCarePeriod,
    template: 'trafficking/views/end-care-period.njk',
    questions: END_CARE_PERIOD_QUESTIONS,
    async load(actor, periodId, opening) {
      const read = await services.journeyContext.childOfPart(actor, 'carePeriod', periodId, { journey: 'end-care-period', opening });
      const period = read.ok ? read.value.carePeriods.find((candidate) => candidate.id === periodId) : undefined;
      return read.ok && period !== undefined ? { child: read.value, period } : null;
    },
    initialValues: ({ period }) => ({
      ...datePartsOf('endDate', period.endDate),
      reasonCeased: period.reasonCeased ?? '',
      version: String(period.version),
    }),
    formView: ({ period, child }, values) => ({
      caption: fullName(child),
      backUrl: paths.child(child.id),
      periodRows: [
        { key: { text: 'Start date' }, value: { text: formatDate(period.startDate) } },
        { key: { text: 'Placement type' }, value: { text: placementTypeLabel(period.placementType) } },
        { key: { text: 'Legal status' }, value: { text: legalStatusLabel(period.legalStatus) } },
      ],
      reasonCeasedItems: selectItems(REASON_CEASED_CHOICES, asString(values['reasonCeased']), 'Select a reason'),
    }),
    read: readEndCarePeriodForm,
    checkPage: (_read, answers) => ({
      heading: 'Check your answers before ending the care period',
      rows: endCarePeriodAnswerRows(answers),
      button: 'End the care period',
    }),
    save: (actor, periodId, answers) => services.children.updateCarePeriod(actor, periodId, answers),
    savedUrl: (periodId) => `${paths.endCarePeriod(periodId)}?confirmation=1`,
    conflictMessage:
      'Someone else changed this care period while you were working on it. The form now shows their changes: check them, and make your change again',
    async confirmation({ record }) {
      const period = (await record())?.period;
      if (period === undefined || period.endDate === null) return null;
      return {
        title: 'Care period ended',
        panelText: `Ended on ${formatDate(period.endDate)}`,
        paragraphs: [],
        links: [{ href: paths.child(period.childId), text: 'Go to the child’s record' }],
      };
    },
  });
}
