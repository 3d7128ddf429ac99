import { foundChildResultsViewModel } from '../matching/view-models.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { formatDate, ukDateOf } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import { BREAK_GLASS_HOURS } from '../../domain/break-glass.ts';
import { BREAK_GLASS_ROLES, listableAuthority } from '../../domain/access/policy.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { CarePeriodDetails, NewChild } from '../../services/child-service.ts';
import type { Services } from '../../services/index.ts';
import { formErrors, formValues, hiddenFields, serviceErrorMessage, textOf } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn, writesRecords } from '../guards.ts';
import { answerRow, registerJourney } from '../journey.ts';
import { recordJourneys } from './record-journeys.ts';
import { fullName, radioItems } from '../view-models.ts';
import {
  ADD_CHILD_QUESTIONS,
  ALIAS_QUESTIONS,
  BREAK_GLASS_REASON_MAX,
  readAddChildForm,
  readAliasForm,
  readBreakGlassForm,
  readSearchForm,
  SEARCH_FIELDS,
} from './form-schemas.ts';
import type { AddChildAnswers } from './form-schemas.ts';
import {
  AGE_STATUS_CHOICES,
  authorityOptions,
  checkAnswersViewModel,
  legalStatusOptions,
  nationalityOptions,
  placementTypeOptions,
  recordViewModel,
  SEARCH_PAGE_SIZE,
  searchResultsViewModel,
  DATE_OF_BIRTH_SOURCE_CHOICES,
  SEX_CHOICES,
  upnUnknownReasonOptions,
} from './view-models.ts';
import { recordJson, recordPdf } from './record-export.ts';

const toNewChild = (answers: AddChildAnswers): NewChild => ({
  laChildId: answers.laChildId,
  givenNames: answers.givenNames,
  familyName: answers.familyName,
  sex: answers.sex,
  dateOfBirthClaimed: answers.dateOfBirth,
  dateOfBirthEstimate: answers.dateOfBirthEstimate,
  ageStatus: answers.ageStatus,
  nationality: answers.nationality,
  languages: answers.languages,
  interpreterNeeded: answers.interpreterNeeded,
  upn: answers.upn,
  homeOfficeReference: answers.homeOfficeReference,
});

const toCarePeriod = (answers: AddChildAnswers): CarePeriodDetails => ({
  startDate: answers.careStartDate,
  legalStatus: answers.legalStatus,
  placementType: answers.placementType,
  hostAuthorityCode: answers.hostAuthority,
});

/** The children pages: find a child, the child's record, add a child. */
export function childrenRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  const today = (): string => ukDateOf(services.now());

  app.addHook('onRequest', requireSignIn);

  // ---- Find a child: a POST, so that names and dates of birth never appear in a URL ----

  const findContext = (user: Actor) => ({ activeNav: 'children', canAdd: writesRecords(user), canSearch: listableAuthority(user) !== null });

  app.get(paths.findChild, (request, reply) => reply.render('children/views/find.njk', { ...findContext(signedInActor(request)), values: {} }));

  app.post(paths.findChild, async (request, reply) => {
    const user = signedInActor(request);
    const values = formValues(request.body, SEARCH_FIELDS);
    const form = readSearchForm(request.body, today());
    const context = { ...findContext(user), values };
    if (!form.ok) return reply.render('children/views/find.njk', { ...context, errors: form.errors });
    const { name, identifier, dateOfBirth, page } = form.value;
    const results = await services.children.listChildren(user, { name, identifier, dateOfBirth, page, pageSize: SEARCH_PAGE_SIZE });
    if (!results.ok) return problem(reply, serviceErrorMessage(results.error));
    return reply.render('children/views/find.njk', { ...context, hidden: hiddenFields(values, SEARCH_FIELDS), results: searchResultsViewModel(results.value) });
  });

  // ---- Add a child: the question page, check your answers, then the confirmation ----

  registerJourney(app, {
    param: null,
    url: () => paths.addChild,
    template: 'children/views/add.njk',
    questions: ADD_CHILD_QUESTIONS,
    async load(actor) {
      if (!writesRecords(actor)) return null;
      return { authorities: await services.children.listAuthorities(), ownAuthority: actor.localAuthorityCode };
    },
    // Placed in area, and their age accepted, unless said otherwise.
    initialValues: ({ ownAuthority }) => ({ hostAuthority: ownAuthority, ageStatus: 'ACCEPTED' }),
    formView: ({ authorities }, values) => {
      const value = (name: string) => textOf(values, name);
      return {
        activeNav: 'children',
        sexItems: radioItems(SEX_CHOICES, values, 'sex'),
        estimatedAgeSourceItems: radioItems(DATE_OF_BIRTH_SOURCE_CHOICES, values, 'estimatedAgeSource'),
        ageStatusItems: radioItems(AGE_STATUS_CHOICES, values, 'ageStatus'),
        nationalityOptions: nationalityOptions(value('nationality')),
        upnUnknownReasonOptions: upnUnknownReasonOptions(value('upnUnknownReason')),
        legalStatusOptions: legalStatusOptions(value('legalStatus')),
        placementTypeOptions: placementTypeOptions(value('placementType'), today()),
        authorityOptions: authorityOptions(authorities, value('hostAuthority')),
      };
    },
    readAgainst: (body) => readAddChildForm(body, today()),
    check: (actor, answers) => services.children.checkNewChild(actor, toNewChild(answers), toCarePeriod(answers)),
    checkPage: ({ authorities, ownAuthority }, answers) => {
      const { childRows, carePeriodRows } = checkAnswersViewModel(answers, authorities, ownAuthority);
      return {
        heading: 'Check your answers before adding the child',
        cards: [
          { title: 'The child’s details', rows: childRows, changeWhat: 'the child’s details' },
          { title: 'Their care period now', rows: carePeriodRows, changeWhat: 'their care period now' },
        ],
        declaration: {
          heading: 'Now add the child',
          text: 'By adding this child you confirm that, to the best of your knowledge, these details are correct.',
        },
        button: 'Add child',
      };
    },
    save: (actor, _id, answers) => services.children.addLookedAfterChild(actor, toNewChild(answers), toCarePeriod(answers)),
    respond: (reply, { child }) => reply.redirect(paths.childAdded(child.id), 303),
  });

  // ---- Add an alias: a name the child has been known by, with where and when it was seen ----

  registerJourney(app, {
    param: 'childId',
    url: paths.addAlias,
    template: 'questions.njk',
    questions: ALIAS_QUESTIONS,
    async load(actor, childId, opening) {
      const read = await services.journeyContext.child(actor, childId, { journey: 'add-alias', opening });
      return read.ok ? read.value : null;
    },
    initialValues: () => ({}),
    formView: (child) => ({
      activeNav: 'children',
      heading: 'Add a name the child has been known by',
      caption: fullName(child),
      backUrl: paths.child(child.id),
      questions: ALIAS_QUESTIONS,
    }),
    read: (body) => readAliasForm(body, today()),
    checkPage: (_child, answers) => ({
      heading: 'Check your answers before adding the alias',
      rows: [
        answerRow('givenNames', 'Given names', answers.givenNames ?? 'Not given'),
        answerRow('familyName', 'Family name', answers.familyName ?? 'Not given'),
        answerRow('seenOn', 'Date seen', formatDate(answers.seenOn)),
        answerRow('seenWhere', 'Where seen', answers.seenWhere ?? 'Not given'),
        answerRow('source', 'Who gave or found the name', answers.source),
      ],
      button: 'Add alias',
    }),
    save: (actor, childId, answers) => services.children.addAlias(actor, childId, answers),
    savedUrl: (childId, alias) => `${paths.addAlias(childId)}?confirmation=${alias.id}`,
    async confirmation({ id: childId, query, record }) {
      const child = await record();
      if (child === null || uuidIn(query, 'confirmation') === null) return null;
      return {
        title: 'Alias added',
        panelText: null,
        caption: fullName(child),
        paragraphs: ['Searches for the child now find them by this name too.'],
        links: [
          { href: paths.addAlias(childId), text: 'Add another alias' },
          { href: paths.child(childId), text: 'Go to the child’s record' },
        ],
      };
    },
  });

  recordJourneys(app, services);

  app.get(paths.childAdded(':childId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    const record = childId === null ? null : await services.children.getChild(user, childId);
    if (childId === null || record === null || !record.ok) return reply.renderNotFound();
    // Records elsewhere that may be this child (issue 13 item 4), for the person who added it to decide on.
    const matches = await services.matching.proposedMatches(user, childId);
    return reply.render('children/views/added.njk', {
      matches: matches.ok ? foundChildResultsViewModel(matches.value, (otherChildId) => paths.childMatch(childId, otherChildId)) : null,
      activeNav: 'children',
      name: fullName(record.value.child),
      laChildId: record.value.child.laChildId,
      hasCarePeriod: record.value.carePeriods.length > 0,
      recordHref: paths.child(childId),
      addCarePeriodHref: paths.addCarePeriod(childId),
    });
  });

  // ---- The child's record ----

  app.get(paths.child(':childId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    // A child the person may not see is "not found", exactly like one that does not exist.
    const record = childId === null ? null : await services.children.getChildRecord(user, childId);
    if (record === null || !record.ok) {
      // The same page for a record that exists and one that does not; only the way to break the glass is added.
      return childId !== null && BREAK_GLASS_ROLES.includes(user.role)
        ? reply.code(404).render('not-found.njk', { breakGlassHref: paths.breakGlass(childId) })
        : reply.renderNotFound();
    }
    return reply.render('children/views/record.njk', { activeNav: 'children', ...recordViewModel(record.value, user) });
  });

  // ---- The whole record, exported for a subject access request or a court (audited by the service) ----

  for (const format of ['json', 'pdf'] as const) {
    app.get(paths.childExport(':childId', format), async (request, reply) => {
      const user = signedInActor(request);
      const childId = uuidIn(request.params, 'childId');
      const record = childId === null ? null : await services.children.exportChildRecord(user, childId, format);
      if (childId === null || record === null || !record.ok) return reply.renderNotFound();
      const exportedAt = services.now();
      const model = recordViewModel(record.value, user);
      const name = `child-record-${childId}.${format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`);
      if (format === 'pdf') return reply.type('application/pdf').send(await recordPdf(model, exportedAt));
      return reply.type('application/json; charset=utf-8').send(recordJson(record.value, model, user, exportedAt));
    });
  }

  // ---- Open a record with break-glass: a reason, then the record, read only, for a few hours ----
  // The page is the same for any id: nothing shows whether the record exists until the reason is given.

  const renderBreakGlass = (reply: FastifyReply, childId: string, values: Record<string, string>, errors?: FormErrors) =>
    reply.render('children/views/break-glass.njk', {
      activeNav: 'children',
      formAction: paths.breakGlass(childId),
      values,
      errors,
      reasonMax: BREAK_GLASS_REASON_MAX,
      hours: BREAK_GLASS_HOURS,
      perDay: services.children.breakGlassPerDay,
    });

  app.get(paths.breakGlass(':childId'), (request, reply) => {
    const childId = uuidIn(request.params, 'childId');
    if (childId === null || !BREAK_GLASS_ROLES.includes(signedInActor(request).role)) return reply.renderNotFound();
    return renderBreakGlass(reply, childId, {});
  });

  app.post(paths.breakGlass(':childId'), async (request, reply) => {
    const user = signedInActor(request);
    const childId = uuidIn(request.params, 'childId');
    if (childId === null || !BREAK_GLASS_ROLES.includes(user.role)) return reply.renderNotFound();
    const values = formValues(request.body, ['reason']);
    const form = readBreakGlassForm(request.body);
    if (!form.ok) return renderBreakGlass(reply, childId, values, form.errors);
    const opened = await services.children.breakGlass(user, childId, form.value.reason);
    if (!opened.ok) {
      if (opened.error.kind === 'not_found') return reply.renderNotFound();
      return renderBreakGlass(reply, childId, values, formErrors({ reason: { text: serviceErrorMessage(opened.error) } }));
    }
    return reply.redirect(paths.child(childId), 303);
  });

  done();
}

function problem(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(500).render('home/views/problem.njk', { pageTitle: 'Sorry, there is a problem with the service', message });
}
