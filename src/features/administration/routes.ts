import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ukDateOf } from '../../domain/dates.ts';
import { ok } from '../../domain/result.ts';
import { paths } from '../../paths.ts';
import type { AuditSearchResults } from '../../services/audit-queries.ts';
import type { Services } from '../../services/index.ts';
import { initialPassword } from '../../services/initial-password.ts';
import { formErrors, formValues, serviceErrorMessage, textOf } from '../forms.ts';
import type { FormErrors } from '../forms.ts';
import { requireSignIn, signedInActor, uuidIn } from '../guards.ts';
import { registerJourney } from '../journey.ts';
import {
  ACCOUNT_QUESTIONS,
  AUDIT_FILTER_FIELDS,
  pageOf,
  readAccountForm,
  readAuditFilters,
  readReviewForm,
  readYesNo,
  REVIEW_NOTE_MAX,
  rolesOffered,
} from './form-schemas.ts';
import {
  accountLineViewModel,
  accountAddedViewModel,
  apiTokensViewModel,
  canRotate,
  rotateTokenRows,
  tokenRotatedViewModel,
  accountAnswerRows,
  accountsViewModel,
  auditFilterOptions,
  auditResultsViewModel,
  breakGlassReviewsViewModel,
  canDeactivate,
  organisationOptions,
  recordAccessViewModel,
  reviewOpeningViewModel,
  roleItems,
  signInResetViewModel,
} from './view-models.ts';

// Administration and oversight: accounts (administrators), break-glass reviews (team managers),
// who has seen a child's record (the responsible authority's team managers and data officers) and
// the audit trail (administrators). The services authorise and audit every read and change; a
// refusal is "Page not found", exactly as for a page that does not exist.

const REVIEWED_SHOWN = 50;
const RECORD_ACCESS_PAGE_SIZE = 50;
const AUDIT_PAGE_SIZE = 50;

type IdRequest = FastifyRequest<{ Params: Record<string, string | undefined>; Querystring: Record<string, string | undefined> }>;

export function administrationRoutes(app: FastifyInstance, { services }: { services: Services }, done: () => void): void {
  app.addHook('onRequest', requireSignIn);

  // ---- Accounts ----

  app.get(paths.accounts, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const accounts = await services.userAdmin.listAccounts(actor);
    if (!accounts.ok) return reply.renderNotFound();
    return reply.render('administration/views/accounts.njk', {
      activeNav: 'accounts',
      ...accountsViewModel(accounts.value, {
        now: services.now(),
        actorId: actor.id,
        showOrganisation: actor.role === 'system_administrator',
        deactivatedId: uuidIn(request.query, 'deactivated'),
      }),
    });
  });

  // Add an account: the question page, check your answers, then the confirmation. The confirmation is
  // the answer to the final post, not a page of its own, so the password and set-up key are shown
  // once and never stored to be shown again.

  registerJourney(app, {
    param: null,
    url: () => paths.addAccount,
    template: 'administration/views/add-account.njk',
    questions: ACCOUNT_QUESTIONS,
    async load(actor) {
      const organisations = await services.userAdmin.organisationsForNewAccounts(actor);
      if (!organisations.ok || organisations.value.length === 0) return null;
      return { organisations: organisations.value, mayAddSystemAdministrators: actor.role === 'system_administrator' };
    },
    initialValues: () => ({}),
    formView: ({ organisations, mayAddSystemAdministrators }, values) => {
      const chosen = textOf(values, 'organisationCode');
      const chooseOrganisation = organisations.length > 1;
      const organisation = chooseOrganisation ? organisations.find((candidate) => candidate.code === chosen) : organisations[0];
      // Until an organisation is chosen, every role it could be; the form checks the role fits on continuing.
      const roles =
        organisation === undefined
          ? [...new Set(organisations.flatMap((candidate) => rolesOffered(candidate.kind, mayAddSystemAdministrators)))]
          : rolesOffered(organisation.kind, mayAddSystemAdministrators);
      return {
        activeNav: 'accounts',
        chooseOrganisation,
        organisationName: organisation?.name,
        organisationOptions: organisationOptions(organisations, chosen),
        roleItems: roleItems(roles, textOf(values, 'role')),
      };
    },
    readAgainst: (body, { organisations, mayAddSystemAdministrators }) => readAccountForm(body, organisations, mayAddSystemAdministrators),
    checkPage: ({ organisations }, answers) => ({
      heading: 'Check your answers before adding the account',
      cards: [{ title: 'The person', rows: accountAnswerRows(answers, organisations.length > 1), changeWhat: 'the person’s details' }],
      declaration: {
        heading: 'Now add the account',
        text: 'Lantern will then show you, once only, a password and a set-up key for their authenticator app. You will need to pass these on to them safely.',
      },
      button: 'Add account',
    }),
    async save(actor, _id, answers) {
      const password = initialPassword(answers);
      const created = await services.userAdmin.createUser(actor, {
        organisationCode: answers.organisation.code,
        role: answers.role,
        email: answers.email,
        displayName: answers.displayName,
        password,
      });
      return created.ok ? ok({ answers, created: created.value, password }) : created;
    },
    respond(reply, { answers, created, password }) {
      reply.request.log.info({ code: 'ACCOUNT_ADDED', userId: created.id }, 'Account added');
      // Shown once: not kept by the browser's cache or history.
      return reply.header('cache-control', 'no-store').render('administration/views/account-added.njk', {
        activeNav: 'accounts',
        ...accountAddedViewModel(answers, created, password),
      });
    },
  });

  // An active account the person administers, not their own: those they may deactivate or reset.
  const actionableAccount = async (request: IdRequest) => {
    const actor = signedInActor(request);
    const userId = uuidIn(request.params, 'userId');
    if (userId === null) return null;
    const account = await services.userAdmin.getAccount(actor, userId);
    return account.ok && canDeactivate(account.value, actor.id) ? account.value : null;
  };

  // Deactivate: a yes or no question, then back to the list with a notification banner.

  app.get(paths.deactivateAccount(':userId'), async (request: IdRequest, reply) => {
    const account = await actionableAccount(request);
    if (account === null) return reply.renderNotFound();
    return reply.render('administration/views/deactivate-account.njk', {
      activeNav: 'accounts',
      values: {},
      formAction: paths.deactivateAccount(account.id),
      ...accountLineViewModel(account),
    });
  });

  app.post(paths.deactivateAccount(':userId'), async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const account = await actionableAccount(request);
    if (account === null) return reply.renderNotFound();
    const answer = readYesNo(request.body, 'confirm', 'Select yes if you want to deactivate this account');
    if (!answer.ok) {
      return reply.render('administration/views/deactivate-account.njk', {
        activeNav: 'accounts',
        values: {},
        errors: answer.errors,
        formAction: paths.deactivateAccount(account.id),
        ...accountLineViewModel(account),
      });
    }
    if (!answer.value) return reply.redirect(paths.accounts, 303);
    const deactivated = await services.userAdmin.deactivateUser(actor, account.id);
    if (!deactivated.ok) return reply.renderNotFound();
    return reply.redirect(`${paths.accounts}?deactivated=${account.id}`, 303);
  });

  // Reset sign-in details: a page that asks, then the new details as the answer to its post, shown
  // once as after adding an account. Same accounts as deactivation; the service checks again.

  app.get(paths.resetSignIn(':userId'), async (request: IdRequest, reply) => {
    const account = await actionableAccount(request);
    if (account === null) return reply.renderNotFound();
    return reply.render('administration/views/reset-sign-in.njk', {
      activeNav: 'accounts',
      formAction: paths.resetSignIn(account.id),
      ...accountLineViewModel(account),
    });
  });

  app.post(paths.resetSignIn(':userId'), async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const account = await actionableAccount(request);
    if (account === null) return reply.renderNotFound();
    const reset = await services.userAdmin.resetSignIn(actor, account.id);
    if (!reset.ok) return reply.renderNotFound();
    request.log.info({ code: 'SIGN_IN_RESET', userId: account.id, sessionsRevoked: reset.value.sessionsRevoked }, 'Sign-in details reset');
    return reply
      .header('cache-control', 'no-store')
      .render('administration/views/sign-in-reset.njk', { activeNav: 'accounts', ...signInResetViewModel(account, reset.value) });
  });

  // ---- Break-glass reviews ----

  app.get(paths.breakGlassReviews, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const list = await services.children.breakGlassReviewList(actor, { reviewedLimit: REVIEWED_SHOWN });
    if (!list.ok) return reply.renderNotFound();
    return reply.render('administration/views/break-glass-reviews.njk', {
      activeNav: 'reviews',
      reviewedShown: REVIEWED_SHOWN,
      ...breakGlassReviewsViewModel(list.value, uuidIn(request.query, 'reviewed')),
    });
  });

  const renderReview = async (request: IdRequest, reply: FastifyReply, values: Record<string, string>, errors?: FormErrors) => {
    const openingId = uuidIn(request.params, 'openingId');
    const opening = openingId === null ? null : await services.children.breakGlassOpeningForReview(signedInActor(request), openingId);
    if (opening === null || !opening.ok) return reply.renderNotFound();
    return reply.render('administration/views/review-break-glass.njk', {
      activeNav: 'reviews',
      values,
      errors,
      noteMax: REVIEW_NOTE_MAX,
      formAction: paths.reviewBreakGlass(opening.value.id),
      ...reviewOpeningViewModel(opening.value, services.now()),
    });
  };

  app.get(paths.reviewBreakGlass(':openingId'), (request: IdRequest, reply) => renderReview(request, reply, {}));

  app.post(paths.reviewBreakGlass(':openingId'), async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const openingId = uuidIn(request.params, 'openingId');
    if (openingId === null) return reply.renderNotFound();
    const values = formValues(request.body, ['note']);
    const form = readReviewForm(request.body);
    if (!form.ok) return renderReview(request, reply, values, form.errors);
    const reviewed = await services.children.reviewBreakGlass(actor, openingId, form.value.note);
    if (!reviewed.ok) {
      if (reviewed.error.kind === 'not_found') return reply.renderNotFound();
      return renderReview(request, reply, values, formErrors({ note: { text: serviceErrorMessage(reviewed.error) } }));
    }
    return reply.redirect(`${paths.breakGlassReviews}?reviewed=${openingId}`, 303);
  });

  // ---- Who has seen this record ----

  app.get(paths.recordAccess(':childId'), async (request: IdRequest, reply) => {
    const childId = uuidIn(request.params, 'childId');
    if (childId === null) return reply.renderNotFound();
    const page = await services.auditQueries.recordAccessPage(signedInActor(request), childId, {
      page: pageOf(request.query),
      pageSize: RECORD_ACCESS_PAGE_SIZE,
    });
    if (!page.ok) return reply.renderNotFound();
    return reply.render('administration/views/record-access.njk', { activeNav: 'children', ...recordAccessViewModel(page.value) });
  });

  // ---- API tokens ----
  // The tokens of the organisations the person administers; rotating one shows its replacement once, as
  // the answer to the post, and the old one stops at once. Another organisation's token is "Page not found".

  app.get(paths.apiTokens, async (request, reply) => {
    const actor = signedInActor(request);
    const tokens = await services.apiTokens.listTokensFor(actor);
    if (!tokens.ok) return reply.renderNotFound();
    const organisations = actor.role === 'system_administrator' ? await services.userAdmin.organisationsForNewAccounts(actor) : null;
    const names = organisations?.ok === true ? Object.fromEntries(organisations.value.map((organisation) => [organisation.code, organisation.name])) : null;
    return reply.render('administration/views/api-tokens.njk', {
      activeNav: 'api-tokens',
      showOrganisation: names !== null,
      ...apiTokensViewModel(tokens.value, names),
    });
  });

  const rotatableToken = async (request: IdRequest) => {
    const tokenId = uuidIn(request.params, 'tokenId');
    if (tokenId === null) return null;
    const token = await services.apiTokens.getTokenFor(signedInActor(request), tokenId);
    return token.ok && canRotate(token.value) ? token.value : null;
  };

  app.get(paths.rotateApiToken(':tokenId'), async (request: IdRequest, reply) => {
    const token = await rotatableToken(request);
    if (token === null) return reply.renderNotFound();
    return reply.render('administration/views/rotate-api-token.njk', {
      activeNav: 'api-tokens',
      formAction: paths.rotateApiToken(token.id),
      description: token.description,
      rows: rotateTokenRows(token),
    });
  });

  app.post(paths.rotateApiToken(':tokenId'), async (request: IdRequest, reply) => {
    const token = await rotatableToken(request);
    if (token === null) return reply.renderNotFound();
    const rotated = await services.apiTokens.rotateTokenFor(signedInActor(request), token.id);
    if (!rotated.ok) return reply.renderNotFound();
    request.log.info({ code: 'API_TOKEN_ROTATED', tokenId: token.id, replacedBy: rotated.value.id }, 'API token rotated');
    // Shown once: not kept by the browser's cache or history.
    return reply
      .header('cache-control', 'no-store')
      .render('administration/views/api-token-rotated.njk', { activeNav: 'api-tokens', ...tokenRotatedViewModel(token, rotated.value) });
  });

  // ---- The audit trail ----

  app.get(paths.auditTrail, async (request: IdRequest, reply) => {
    const actor = signedInActor(request);
    const values = formValues(request.query, AUDIT_FILTER_FIELDS);
    const page = (context: Record<string, unknown>, choices: Pick<AuditSearchResults, 'people' | 'organisations'>) =>
      reply.render('administration/views/audit.njk', {
        activeNav: 'audit',
        values,
        canFilterByOrganisation: choices.organisations.length > 0,
        options: auditFilterOptions(choices, values),
        ...context,
      });
    const filters = readAuditFilters(request.query, ukDateOf(services.now()));
    if (!filters.ok) {
      const choices = await services.auditQueries.auditSearchChoices(actor);
      return choices.ok ? page({ errors: filters.errors }, choices.value) : reply.renderNotFound();
    }
    const { from, to, action, actorId, organisationCode } = filters.value;
    const results = await services.auditQueries.searchAuditPage(actor, {
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      ...(action === undefined ? {} : { action }),
      ...(actorId === undefined ? {} : { actorId }),
      ...(organisationCode === undefined ? {} : { organisationCode }),
      page: filters.value.page,
      pageSize: AUDIT_PAGE_SIZE,
    });
    if (!results.ok) return reply.renderNotFound();
    return page({ results: auditResultsViewModel(results.value, values) }, results.value);
  });

  done();
}
