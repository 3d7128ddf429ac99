import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, titleOf, webClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The trafficking concern pages: raise a concern, the concern with its status history and NRM
// referral, record a status, an NRM referral and NRM decisions.

let t: TestApp;
let kentApi: Api;
let worker: WebClient;
let workerId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentApi = apiClient(t.app, await t.token(KENT, 'social_worker'));
  ({ client: worker, userId: workerId } = await signedInClient(t.app, t.services, KENT, 'social_worker'));
});
afterAll(async () => {
  await t.close();
});

// ---- Reading the pages ----

/** The error summary's links: where each goes and what it says. */
function errorSummaryOf(html: string): { href: string; text: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)"[^>]*>([^<]*)<\/a>/g)].map((match) => ({ href: match[1]!, text: decode(match[2]!.trim()) }));
}

/** The inline error message of a field (GOV.UK puts it in `<p id="{id}-error">`). */
function inlineErrorOf(html: string, id: string): string | undefined {
  const message = new RegExp(`<p id="${id}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html)?.[1];
  return message === undefined ? undefined : decode(message.replace(/<span class="govuk-visually-hidden">Error:<\/span>/, '').trim());
}

function hiddenFieldsOf(html: string): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) (fields[match[1]!] ??= []).push(decode(match[2]!));
  delete fields['_csrf'];
  return fields;
}

/** The summary list's rows as key → value text. */
function summaryOf(html: string): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const match of html.matchAll(/<dt class="govuk-summary-list__key">([\s\S]*?)<\/dt>\s*<dd class="govuk-summary-list__value">([\s\S]*?)<\/dd>/g)) {
    rows[decode(match[1]!.trim())] = decode(
      match[2]!
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
  }
  return rows;
}

const decode = (text: string): string =>
  text.replaceAll('&#39;', "'").replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
const textOf = (html: string): string => decode(html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
const panelOf = (html: string): string => textOf(/<div class="govuk-panel[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? '').trim();

/** The date input's three fields. */
const date = (name: string, iso: string): Record<string, string> => {
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

const auditEvents = (filters: { entity: string; entityId: string; actorId: string }) =>
  t.handle.db
    .selectFrom('auditEvent')
    .selectAll()
    .where('entity', '=', filters.entity)
    .where('entityId', '=', filters.entityId)
    .where('actorId', '=', filters.actorId)
    .execute();

/** The views of the child's record a journey wrote: opening its question page is one; its later steps are none. */
async function journeyViews(childId: string, journey: string): Promise<unknown[]> {
  const views = await t.handle.db
    .selectFrom('auditEvent')
    .select(['entity', 'details'])
    .where('childId', '=', childId)
    .where('action', '=', 'VIEW_RECORD')
    .where('actorId', '=', workerId)
    .execute();
  return views.filter((view) => view.entity !== 'child' || (view.details as { journey?: string }).journey === journey);
}

async function concernOf(childId: string, body: Record<string, unknown> = {}): Promise<string> {
  const created = await kentApi('POST', `/children/${childId}/trafficking-concerns`, {
    raisedOn: '2025-01-10',
    raisedBy: 'Social worker',
    exploitationTypes: ['CRIMINAL'],
    ...body,
  });
  expect(created.status).toBe(201);
  return created.body['id'] as string;
}

async function referralOf(concernId: string, body: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const created = await kentApi('POST', `/trafficking-concerns/${concernId}/nrm-referral`, {
    referredOn: '2025-02-01',
    firstResponderOrganisation: 'Kent County Council',
    competentAuthority: 'SCA',
    ...body,
  });
  expect(created.status).toBe(201);
  const referral = created.body['nrmReferral'] as { id: string; version: number };
  return { id: referral.id, version: referral.version };
}

/** A web client signed in as an advocate, allocated to `childIds`. */
async function advocateFor(childIds: readonly string[]): Promise<WebClient> {
  const { client, userId } = await signedInClient(t.app, t.services, GUARDIANS, 'advocate');
  for (const childId of childIds) {
    await t.handle.db
      .insertInto('advocateAllocation')
      .values({
        id: randomUUID(),
        childId,
        advocateId: userId,
        organisationCode: GUARDIANS,
        allocatedOn: '2025-01-01',
        endedOn: null,
        createdAt: '2025-01-01T00:00:00Z',
      })
      .execute();
  }
  return client;
}

async function as(organisationCode: string, role: Role): Promise<WebClient> {
  return (await signedInClient(t.app, t.services, organisationCode, role)).client;
}

const concernAnswers = {
  ...date('raisedOn', '2025-06-01'),
  raisedBy: 'Duty social worker, Kent County Council',
  indicators: ['GOING_MISSING', 'UNEXPLAINED_MONEY_OR_POSSESSIONS'],
  exploitationTypes: ['CRIMINAL'],
  countyLines: 'yes',
  exploitationLocation: 'UK_ONLY',
};

describe('raising a trafficking concern', () => {
  let childId: string;
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi, { givenNames: 'Concernchild', familyName: 'Webtest' })).id;
  });
  const url = () => `/children/${childId}/trafficking-concerns/new`;
  const concernsInDatabase = () => t.handle.db.selectFrom('traffickingConcern').selectAll().where('childId', '=', childId).execute();

  it('should ask the questions, with the child’s name on the page but not in its title', async () => {
    const page = await worker.get(url());
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Raise a trafficking concern – Lantern');
    expect(page.body).toContain('Concernchild Webtest');
    expect(page.body).toContain('value="GOING_MISSING"');
    expect(page.body).toContain('value="NOT_SPECIFIED"');
    expect(page.body).toMatch(new RegExp(`<a href="/children/${childId}" class="govuk-back-link[^"]*">Back</a>`));
  });

  it('should list every unanswered question in the error summary, in page order, with an inline message for each', async () => {
    const page = await worker.post(url(), {});
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Error: Raise a trafficking concern – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#raisedOn-day', text: 'Enter the date the concern was raised' },
      { href: '#raisedBy', text: 'Enter who raised the concern' },
      { href: '#indicators', text: 'Select the indicators of trafficking that were seen, or select another indicator' },
      { href: '#exploitationTypes', text: 'Select the types of exploitation suspected, or select not specified or not known' },
      { href: '#countyLines', text: 'Select yes if county lines exploitation is suspected' },
      { href: '#exploitationLocation', text: 'Select where the exploitation happened, or select not known' },
    ]);
    expect(inlineErrorOf(page.body, 'raisedOn')).toBe('Enter the date the concern was raised');
    expect(inlineErrorOf(page.body, 'raisedBy')).toBe('Enter who raised the concern');
    expect(inlineErrorOf(page.body, 'indicators')).toBe('Select the indicators of trafficking that were seen, or select another indicator');
    expect(inlineErrorOf(page.body, 'exploitationTypes')).toBe('Select the types of exploitation suspected, or select not specified or not known');
    expect(inlineErrorOf(page.body, 'countyLines')).toBe('Select yes if county lines exploitation is suspected');
    expect(inlineErrorOf(page.body, 'exploitationLocation')).toBe('Select where the exploitation happened, or select not known');
  });

  it('should say which part of a date is missing or not real, and keep what was typed', async () => {
    const partial = await worker.post(url(), { ...concernAnswers, 'raisedOn-day': '3', 'raisedOn-month': '', 'raisedOn-year': '' });
    expect(errorSummaryOf(partial.body)).toEqual([{ href: '#raisedOn-day', text: 'The date the concern was raised must include a month and year' }]);
    expect(partial.body).toContain('value="Duty social worker, Kent County Council"');
    expect(partial.body).toMatch(/value="GOING_MISSING" checked/);
    const unreal = await worker.post(url(), { ...concernAnswers, ...date('raisedOn', '2025-02-30') });
    expect(inlineErrorOf(unreal.body, 'raisedOn')).toBe('The date the concern was raised must be a real date');
  });

  it('should refuse a year outside 1900 to 2099, and hidden characters in who raised it, naming each field', async () => {
    for (const year of ['0025', '0099', '1850', '2125']) {
      const page = await worker.post(url(), { ...concernAnswers, ...date('raisedOn', `${year}-02-01`) });
      expect(inlineErrorOf(page.body, 'raisedOn'), year).toMatch(/^The date the concern was raised must (be a real date|be in a year from 1900 to 2099)$/);
    }
    for (const hidden of ['\u202E', '\u2066', '\u0007', '\u0085', '\n']) {
      const page = await worker.post(url(), { ...concernAnswers, raisedBy: `Duty social worker${hidden} Kent` });
      expect(inlineErrorOf(page.body, 'raisedBy'), JSON.stringify(hidden)).toBe(
        'Who raised the concern must not include hidden characters, such as control or text-direction characters. Type it again without them',
      );
    }
  });

  it('should show the answers to check, carried in hidden fields, and save nothing yet', async () => {
    const page = await worker.post(url(), concernAnswers);
    expect(titleOf(page.body)).toBe('Check your answers before raising the concern – Lantern');
    expect(summaryOf(page.body)).toEqual({
      'Date raised': '1 June 2025',
      'Raised by': 'Duty social worker, Kent County Council',
      Indicators: 'Going missing, especially soon after being placed Money or possessions with no plausible explanation',
      'Types of exploitation': 'Criminal exploitation',
      'County lines': 'Yes',
      'Where the exploitation happened': 'In the UK only',
    });
    expect(hiddenFieldsOf(page.body)).toMatchObject({
      'raisedOn-day': ['01'],
      raisedBy: ['Duty social worker, Kent County Council'],
      indicators: ['GOING_MISSING', 'UNEXPLAINED_MONEY_OR_POSSESSIONS'],
    });
    expect(await concernsInDatabase()).toEqual([]);
  });

  it('should go back to the questions, filled in, to change an answer', async () => {
    const page = await worker.post(url(), { ...concernAnswers, intent: 'change' });
    expect(titleOf(page.body)).toBe('Raise a trafficking concern – Lantern');
    expect(page.body).toContain('value="Duty social worker, Kent County Council"');
    expect(page.body).toMatch(/value="UNEXPLAINED_MONEY_OR_POSSESSIONS" checked/);
    expect(page.body).toMatch(/value="yes" checked/);
  });

  it('should show a rule the record breaks against the question, and save nothing', async () => {
    const page = await worker.post(url(), { ...concernAnswers, ...date('raisedOn', '2025-07-01'), intent: 'save' });
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#raisedOn-day', text: 'Enter the date the concern was raised. It must be today or in the past' }]);
    expect(inlineErrorOf(page.body, 'raisedOn')).toBe('Enter the date the concern was raised. It must be today or in the past');
    expect(await concernsInDatabase()).toEqual([]);
  });

  it('should raise the concern as suspected and confirm it', async () => {
    const saved = await worker.post(url(), { ...concernAnswers, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const [concern] = await concernsInDatabase();
    expect(concern).toMatchObject({
      raisedBy: 'Duty social worker, Kent County Council',
      indicators: ['GOING_MISSING', 'UNEXPLAINED_MONEY_OR_POSSESSIONS'],
      exploitationTypes: ['CRIMINAL'],
      countyLines: true,
      exploitationLocation: 'UK_ONLY',
    });
    expect(saved.headers.location).toBe(`${url()}?confirmation=${concern!.id}`);
    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Trafficking concern raised – Lantern');
    expect(panelOf(confirmation.body)).toBe('Trafficking concern raised Status: Suspected');
    expect(confirmation.body).toContain(`href="/trafficking-concerns/${concern!.id}/nrm-referral"`);
  });

  it('should show the not found page to anyone who may not change the child’s record, and save nothing', async () => {
    const before = (await concernsInDatabase()).length;
    const others = [
      await as(MEDWAY, 'social_worker'),
      await as(CROYDON, 'team_manager'),
      await as(NATIONAL, 'national_analyst'),
      await as(KENT, 'organisation_administrator'),
      await advocateFor([childId]),
    ];
    for (const other of others) {
      const page = await other.get(url());
      expect(page.statusCode).toBe(404);
      expect(titleOf(page.body)).toBe('Page not found – Lantern');
      expect(page.body).not.toContain('Concernchild');
      expect((await other.post(url(), concernAnswers)).statusCode).toBe(404);
      expect((await other.post(url(), { ...concernAnswers, intent: 'save' })).statusCode).toBe(404);
    }
    expect((await concernsInDatabase()).length).toBe(before);
  });

  it('should show the not found page for an id that is not a UUID or not a child', async () => {
    expect((await worker.get('/children/not-a-uuid/trafficking-concerns/new')).statusCode).toBe(404);
    expect((await worker.get(`/children/${randomUUID()}/trafficking-concerns/new`)).statusCode).toBe(404);
    expect((await worker.post(`/children/${randomUUID()}/trafficking-concerns/new`, { ...concernAnswers, intent: 'save' })).statusCode).toBe(404);
  });

  it('should send someone who is not signed in to sign in, even from a form post', async () => {
    const anonymous = webClient(t.app);
    const page = await anonymous.get(url());
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in');
    const post = await anonymous.post(url(), { ...concernAnswers, intent: 'save' }, { withCsrf: false });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/sign-in');
  });

  it('should refuse a form posted without its CSRF token', async () => {
    const before = (await concernsInDatabase()).length;
    const post = await worker.post(url(), { ...concernAnswers, intent: 'save' }, { withCsrf: false });
    expect(post.statusCode).toBe(403);
    expect((await concernsInDatabase()).length).toBe(before);
  });
});

describe('the concern page', () => {
  let childId: string;
  let concernId: string;
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi, { givenNames: 'Pagechild', familyName: 'Webtest' })).id;
    concernId = await concernOf(childId, {
      indicators: ['SIGNS_OF_WORK'],
      exploitationTypes: ['LABOUR', 'DOMESTIC_SERVITUDE'],
      exploitationLocation: 'UK_AND_OVERSEAS',
    });
  });
  const url = () => `/trafficking-concerns/${concernId}`;

  it('should show the concern, its status history and that it has no NRM referral, with actions for its authority, and audit the reading', async () => {
    const page = await worker.get(url());
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Trafficking concern – Lantern');
    expect(page.body).toContain('Pagechild Webtest');
    expect(textOf(page.body)).toContain('Status: Suspected');
    expect(summaryOf(page.body)).toMatchObject({
      'Date raised': '10 January 2025',
      'Raised by': 'Social worker',
      Indicators: 'Signs of work, such as tiredness or injuries from manual labour',
      'Types of exploitation': 'Labour exploitation Domestic servitude',
      'County lines': 'No',
      'Where the exploitation happened': 'In the UK and overseas',
    });
    expect(textOf(page.body)).toContain('Suspected 10 January 2025 Concern raised');
    expect(page.body).toContain('No NRM referral is recorded for this concern.');
    expect(page.body).toContain(`href="/trafficking-concerns/${concernId}/status"`);
    expect(page.body).toContain(`href="/trafficking-concerns/${concernId}/nrm-referral"`);
    const events = await auditEvents({ entity: 'traffickingConcern', entityId: concernId, actorId: workerId });
    expect(events.map((event) => [event.action, event.childId])).toEqual([['VIEW_RECORD', childId]]);
  });

  it('should show the concern to the allocated advocate, without actions', async () => {
    const advocate = await advocateFor([childId]);
    const page = await advocate.get(url());
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Status: Suspected');
    expect(page.body).not.toContain(`href="/trafficking-concerns/${concernId}/status"`);
    expect(page.body).not.toContain(`href="/trafficking-concerns/${concernId}/nrm-referral"`);
  });

  it('should show the concern after breaking the glass, and not before', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, CROYDON, 'social_worker');
    expect((await client.get(url())).statusCode).toBe(404);
    const actor: Actor = { id: userId, organisationCode: CROYDON, localAuthorityCode: CROYDON, role: 'social_worker' };
    expect((await t.services.children.breakGlass(actor, childId, 'Child found in Croydon late at night')).ok).toBe(true);
    const page = await client.get(url());
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(`href="/trafficking-concerns/${concernId}/status"`);
  });

  it('should show the not found page to a host authority, other authorities, police and analysts, and audit nothing', async () => {
    const hosted = (await createLookedAfterChild(kentApi, { givenNames: 'Hostedchild', familyName: 'Webtest' })).id;
    const record = await kentApi('GET', `/children/${hosted}`);
    const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
    expect((await kentApi('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version })).status).toBe(200);
    const hostedConcern = await concernOf(hosted);
    const host = await signedInClient(t.app, t.services, MEDWAY, 'social_worker');
    // The host authority reads the child's record, but not the trafficking details.
    expect(
      (await t.services.children.getChild({ id: host.userId, organisationCode: MEDWAY, localAuthorityCode: MEDWAY, role: 'social_worker' }, hosted)).ok,
    ).toBe(true);
    const page = await host.client.get(`/trafficking-concerns/${hostedConcern}`);
    expect(page.statusCode).toBe(404);
    expect(titleOf(page.body)).toBe('Page not found – Lantern');
    expect(page.body).not.toContain('Hostedchild');
    expect(await auditEvents({ entity: 'traffickingConcern', entityId: hostedConcern, actorId: host.userId })).toEqual([]);
    for (const other of [
      await as(CROYDON, 'social_worker'),
      await as(KENT_POLICE, 'police_coordinator'),
      await as(NATIONAL, 'national_analyst'),
      await advocateFor([]),
    ]) {
      expect((await other.get(url())).statusCode).toBe(404);
    }
  });

  it('should show the not found page for an unknown concern or an id that is not a UUID', async () => {
    expect((await worker.get(`/trafficking-concerns/${randomUUID()}`)).statusCode).toBe(404);
    expect((await worker.get('/trafficking-concerns/1')).statusCode).toBe(404);
  });
});

describe('recording a trafficking status', () => {
  let childId: string;
  let concernId: string;
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi)).id;
    concernId = await concernOf(childId);
  });
  const url = () => `/trafficking-concerns/${concernId}/status`;

  it('should ask for the status and its date, and say what is missing', async () => {
    const page = await worker.get(url());
    expect(titleOf(page.body)).toBe('Record a trafficking status – Lantern');
    expect(textOf(page.body)).toContain('The concern’s status is Suspected');
    const errors = await worker.post(url(), {});
    expect(errorSummaryOf(errors.body)).toEqual([
      { href: '#status', text: 'Select the trafficking status' },
      { href: '#effectiveFrom-day', text: 'Enter the date the status took effect' },
    ]);
    expect(inlineErrorOf(errors.body, 'status')).toBe('Select the trafficking status');
    expect(inlineErrorOf(errors.body, 'effectiveFrom')).toBe('Enter the date the status took effect');
  });

  it('should refuse a status dated before the concern was raised, and save nothing', async () => {
    const page = await worker.post(url(), { status: 'NOT_TRAFFICKED', ...date('effectiveFrom', '2025-01-01'), intent: 'save' });
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#effectiveFrom-day', text: 'Enter the date of the status. It must be between 10 January 2025, when the concern was raised, and today' },
    ]);
    const statuses = await t.handle.db.selectFrom('traffickingStatus').select('status').where('concernId', '=', concernId).execute();
    expect(statuses.map((status) => status.status)).toEqual(['SUSPECTED']);
  });

  it('should check the answers, record the status and confirm the status it leaves, counting one view of the record', async () => {
    const viewsBefore = await journeyViews(childId, 'record-trafficking-status');
    expect((await worker.get(url())).statusCode).toBe(200);
    const check = await worker.post(url(), { status: 'NOT_TRAFFICKED', ...date('effectiveFrom', '2025-03-01') });
    expect(titleOf(check.body)).toBe('Check your answers before recording the status – Lantern');
    expect(summaryOf(check.body)).toEqual({ Status: 'Not trafficked', 'Date the status took effect': '1 March 2025' });
    const saved = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?confirmation=1`);
    const confirmation = await worker.get(saved.headers.location!);
    expect(panelOf(confirmation.body)).toBe('Trafficking status recorded The concern’s status is now Not trafficked');
    expect(await journeyViews(childId, 'record-trafficking-status')).toEqual([
      ...viewsBefore,
      { entity: 'child', details: { view: 'full', journey: 'record-trafficking-status' } },
    ]);
    const concern = await worker.get(`/trafficking-concerns/${concernId}`);
    expect(textOf(concern.body)).toContain('Not trafficked 1 March 2025 Recorded by a member of staff');
  });

  it('should show the not found page to the allocated advocate, who may read but not change', async () => {
    const advocate = await advocateFor([childId]);
    expect((await advocate.get(`/trafficking-concerns/${concernId}`)).statusCode).toBe(200);
    expect((await advocate.get(url())).statusCode).toBe(404);
    expect((await advocate.post(url(), { status: 'CONFIRMED', ...date('effectiveFrom', '2025-03-02'), intent: 'save' })).statusCode).toBe(404);
  });
});

describe('recording an NRM referral', () => {
  let childId: string;
  let concernId: string;
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi)).id;
    concernId = await concernOf(childId);
  });
  const url = () => `/trafficking-concerns/${concernId}/nrm-referral`;
  const referralAnswers = {
    ...date('referredOn', '2025-02-03'),
    firstResponderOrganisation: 'Kent Police',
    competentAuthority: 'SCA',
    nrmReference: 'NRM-25-123456',
  };

  it('should ask about the referral, carrying the version of the child’s record read, and audit the reading', async () => {
    const page = await worker.get(url());
    expect(titleOf(page.body)).toBe('Record an NRM referral – Lantern');
    expect(hiddenFieldsOf(page.body)).toEqual({ childVersion: ['1'] });
    const events = await auditEvents({ entity: 'child', entityId: childId, actorId: workerId });
    expect(events.map((event) => [event.action, event.details])).toEqual([['VIEW_RECORD', { view: 'full', journey: 'record-nrm-referral' }]]);
  });

  it('should say what is missing or too long', async () => {
    const page = await worker.post(url(), { childVersion: '1', nrmReference: 'X'.repeat(41) });
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#referredOn-day', text: 'Enter the date of the NRM referral' },
      { href: '#firstResponderOrganisation', text: 'Enter the First Responder organisation that made the referral' },
      { href: '#competentAuthority', text: 'Select the competent authority the referral went to' },
      { href: '#nrmReference', text: 'The NRM reference must be 40 characters or fewer' },
    ]);
    expect(inlineErrorOf(page.body, 'nrmReference')).toBe('The NRM reference must be 40 characters or fewer');
    expect(hiddenFieldsOf(page.body)).toEqual({ childVersion: ['1'] });
  });

  it('should refuse a referral dated in the future, and save nothing', async () => {
    const page = await worker.post(url(), { ...referralAnswers, ...date('referredOn', '2025-06-16'), childVersion: '1', intent: 'save' });
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#referredOn-day', text: 'Enter the date of the NRM referral. It must be today or in the past' }]);
    expect(await t.handle.db.selectFrom('nrmReferral').select('id').where('concernId', '=', concernId).execute()).toEqual([]);
  });

  it('should check the answers, record the referral with the child’s NRM reference, and confirm it', async () => {
    const check = await worker.post(url(), { ...referralAnswers, childVersion: '1' });
    expect(titleOf(check.body)).toBe('Check your answers before recording the NRM referral – Lantern');
    expect(summaryOf(check.body)).toEqual({
      'Date of referral': '3 February 2025',
      'First Responder organisation': 'Kent Police',
      'Competent authority': 'Single Competent Authority (Home Office)',
      'NRM reference': 'NRM-25-123456',
    });
    const saved = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?confirmation=1`);
    const referral = await t.handle.db.selectFrom('nrmReferral').selectAll().where('concernId', '=', concernId).executeTakeFirstOrThrow();
    expect(referral).toMatchObject({
      referredOn: '2025-02-03',
      firstResponderOrganisation: 'Kent Police',
      competentAuthority: 'SCA',
      reasonableGroundsDecision: 'PENDING',
    });
    const child = await t.handle.db.selectFrom('child').select('nrmReference').where('id', '=', childId).executeTakeFirstOrThrow();
    expect(child.nrmReference).toBe('NRM-25-123456');
    const confirmation = await worker.get(saved.headers.location!);
    expect(panelOf(confirmation.body)).toBe('NRM referral recorded The concern’s status is Suspected');
    expect(confirmation.body).toContain(`href="/nrm-referrals/${referral.id}/decision"`);
    const concern = await worker.get(`/trafficking-concerns/${concernId}`);
    expect(summaryOf(concern.body)).toMatchObject({
      'NRM reference': 'NRM-25-123456',
      'Reasonable grounds decision': 'Pending',
      'Competent authority': 'Single Competent Authority (Home Office)',
    });
  });

  it('should not offer a second referral for the concern', async () => {
    const page = await worker.get(url());
    expect(page.body).toContain('This concern already has an NRM referral.');
    expect(page.body).not.toContain('name="firstResponderOrganisation"');
    const again = await worker.post(url(), { ...referralAnswers, childVersion: '2', intent: 'save' });
    expect(errorSummaryOf(again.body)).toEqual([{ href: '#referredOn-day', text: 'This concern already has an NRM referral. Update that referral instead' }]);
  });

  it('should record the referral but say the NRM reference was not saved when the child’s record changed meanwhile', async () => {
    const otherChild = (await createLookedAfterChild(kentApi)).id;
    const otherConcern = await concernOf(otherChild);
    const form = await worker.get(`/trafficking-concerns/${otherConcern}/nrm-referral`);
    const { childVersion } = hiddenFieldsOf(form.body);
    expect((await kentApi('PATCH', `/children/${otherChild}`, { interpreterNeeded: true, version: Number(childVersion![0]) })).status).toBe(200);
    const saved = await worker.post(`/trafficking-concerns/${otherConcern}/nrm-referral`, { ...referralAnswers, childVersion: childVersion!, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location!);
    expect(textOf(confirmation.body)).toContain('The NRM reference was not saved, because someone else changed the child’s record at the same time');
    expect(await t.handle.db.selectFrom('nrmReferral').select('id').where('concernId', '=', otherConcern).execute()).toHaveLength(1);
    expect((await t.handle.db.selectFrom('child').select('nrmReference').where('id', '=', otherChild).executeTakeFirstOrThrow()).nrmReference).toBeNull();
  });
});

describe('recording NRM decisions', () => {
  let childId: string;
  let concernId: string;
  let referral: { id: string; version: number };
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi)).id;
    concernId = await concernOf(childId);
    referral = await referralOf(concernId);
  });
  const url = () => `/nrm-referrals/${referral.id}/decision`;
  const stored = () => t.handle.db.selectFrom('nrmReferral').selectAll().where('id', '=', referral.id).executeTakeFirstOrThrow();

  it('should show the decisions recorded so far, carry the version read, and audit the reading', async () => {
    const page = await worker.get(url());
    expect(titleOf(page.body)).toBe('Record NRM decisions – Lantern');
    expect(page.body).toMatch(/name="reasonableGroundsDecision" type="radio" value="PENDING" checked/);
    expect(hiddenFieldsOf(page.body)).toEqual({ version: ['1'] });
    const events = await auditEvents({ entity: 'child', entityId: childId, actorId: workerId });
    expect(events.map((event) => [event.action, event.details])).toEqual([['VIEW_RECORD', { view: 'full', journey: 'record-nrm-decision' }]]);
  });

  it('should say a decision needs its date, and a pending decision none', async () => {
    const noDate = await worker.post(url(), { reasonableGroundsDecision: 'POSITIVE', conclusiveGroundsDecision: 'PENDING', version: '1', intent: 'save' });
    expect(errorSummaryOf(noDate.body)).toEqual([{ href: '#reasonableGroundsDecidedOn-day', text: 'Enter the date of the reasonable grounds decision' }]);
    expect(inlineErrorOf(noDate.body, 'reasonableGroundsDecidedOn')).toBe('Enter the date of the reasonable grounds decision');
    const pendingWithDate = await worker.post(url(), {
      reasonableGroundsDecision: 'PENDING',
      ...date('reasonableGroundsDecidedOn', '2025-02-10'),
      conclusiveGroundsDecision: 'PENDING',
      version: '1',
      intent: 'save',
    });
    expect(errorSummaryOf(pendingWithDate.body)).toEqual([
      { href: '#reasonableGroundsDecidedOn-day', text: 'Remove the decision date, or select the reasonable grounds decision' },
    ]);
    expect((await stored()).version).toBe(1);
  });

  it('should refuse a conclusive grounds decision without a positive reasonable grounds decision, and dates out of order', async () => {
    const cgFirst = await worker.post(url(), {
      reasonableGroundsDecision: 'PENDING',
      conclusiveGroundsDecision: 'POSITIVE',
      ...date('conclusiveGroundsDecidedOn', '2025-03-01'),
      version: '1',
      intent: 'save',
    });
    expect(errorSummaryOf(cgFirst.body)).toEqual([
      { href: '#conclusiveGroundsDecidedOn-day', text: 'A conclusive grounds decision can only follow a positive reasonable grounds decision' },
    ]);
    const beforeReferral = await worker.post(url(), {
      reasonableGroundsDecision: 'POSITIVE',
      ...date('reasonableGroundsDecidedOn', '2025-01-20'),
      conclusiveGroundsDecision: 'PENDING',
      version: '1',
      intent: 'save',
    });
    expect(errorSummaryOf(beforeReferral.body)).toEqual([
      {
        href: '#reasonableGroundsDecidedOn-day',
        text: 'Enter the date of the reasonable grounds decision. It must be between the referral, 1 February 2025, and today',
      },
    ]);
    const cgBeforeRg = await worker.post(url(), {
      reasonableGroundsDecision: 'POSITIVE',
      ...date('reasonableGroundsDecidedOn', '2025-02-10'),
      conclusiveGroundsDecision: 'NEGATIVE',
      ...date('conclusiveGroundsDecidedOn', '2025-02-05'),
      version: '1',
      intent: 'save',
    });
    expect(errorSummaryOf(cgBeforeRg.body)).toEqual([
      {
        href: '#conclusiveGroundsDecidedOn-day',
        text: 'Enter the date of the conclusive grounds decision. It must be on or after the reasonable grounds decision, and not in the future',
      },
    ]);
    expect(await stored()).toMatchObject({ version: 1, reasonableGroundsDecision: 'PENDING', conclusiveGroundsDecision: 'PENDING' });
  });

  it('should refuse a form read before someone else changed the decisions, save nothing, and show their change', async () => {
    const other = await referralOf(await concernOf(childId));
    const form = await worker.get(`/nrm-referrals/${other.id}/decision`);
    expect(hiddenFieldsOf(form.body)).toEqual({ version: ['1'] });
    expect(
      (await kentApi('PATCH', `/nrm-referrals/${other.id}`, { reasonableGroundsDecision: 'NEGATIVE', reasonableGroundsDecidedOn: '2025-02-20', version: 1 }))
        .status,
    ).toBe(200);
    const stale = await worker.post(`/nrm-referrals/${other.id}/decision`, {
      reasonableGroundsDecision: 'POSITIVE',
      ...date('reasonableGroundsDecidedOn', '2025-02-10'),
      conclusiveGroundsDecision: 'PENDING',
      version: '1',
      intent: 'save',
    });
    expect(stale.statusCode).toBe(200);
    expect(errorSummaryOf(stale.body)).toEqual([
      {
        href: '#reasonableGroundsDecision',
        text: 'Someone else changed these NRM decisions while you were working on them. The form now shows their changes: check them, and make your change again',
      },
    ]);
    expect(stale.body).toMatch(/name="reasonableGroundsDecision" type="radio" value="NEGATIVE" checked/);
    expect(hiddenFieldsOf(stale.body)).toEqual({ version: ['2'] });
    const saved = await t.handle.db.selectFrom('nrmReferral').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ version: 2, reasonableGroundsDecision: 'NEGATIVE', reasonableGroundsDecidedOn: '2025-02-20' });
  });

  it('should check the answers, record a positive reasonable grounds decision, and show the child as identified', async () => {
    const answers = {
      reasonableGroundsDecision: 'POSITIVE',
      ...date('reasonableGroundsDecidedOn', '2025-02-10'),
      conclusiveGroundsDecision: 'PENDING',
      version: '1',
    };
    const check = await worker.post(url(), answers);
    expect(titleOf(check.body)).toBe('Check your answers before recording the NRM decisions – Lantern');
    expect(summaryOf(check.body)).toEqual({
      'Reasonable grounds decision': 'Positive',
      'Date of reasonable grounds decision': '10 February 2025',
      'Conclusive grounds decision': 'Pending',
      'Date of conclusive grounds decision': 'Not decided',
    });
    const saved = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?confirmation=1`);
    expect(panelOf((await worker.get(saved.headers.location!)).body)).toBe('NRM decisions recorded The concern’s status is now Identified');
    const concern = await worker.get(`/trafficking-concerns/${concernId}`);
    expect(textOf(concern.body)).toContain('Status: Identified');
    expect(textOf(concern.body)).toContain('Identified 10 February 2025 Positive reasonable grounds decision');
    expect(summaryOf(concern.body)).toMatchObject({ 'Reasonable grounds decision': 'Positive on 10 February 2025' });
  });

  it('should record a positive conclusive grounds decision and show the child as confirmed', async () => {
    const form = await worker.get(url());
    expect(hiddenFieldsOf(form.body)).toEqual({ version: ['2'] });
    const saved = await worker.post(url(), {
      reasonableGroundsDecision: 'POSITIVE',
      ...date('reasonableGroundsDecidedOn', '2025-02-10'),
      conclusiveGroundsDecision: 'POSITIVE',
      ...date('conclusiveGroundsDecidedOn', '2025-05-20'),
      version: '2',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const concern = await worker.get(`/trafficking-concerns/${concernId}`);
    expect(textOf(concern.body)).toContain('Status: Confirmed');
    expect(textOf(concern.body)).toContain(
      'Suspected 10 January 2025 Concern raised Identified 10 February 2025 Positive reasonable grounds decision Confirmed 20 May 2025 Positive conclusive grounds decision',
    );
  });

  it('should show the not found page to those who may read the referral but not change it, and to others', async () => {
    const advocate = await advocateFor([childId]);
    expect((await advocate.get(url())).statusCode).toBe(404);
    expect(
      (await advocate.post(url(), { reasonableGroundsDecision: 'WITHDRAWN', conclusiveGroundsDecision: 'PENDING', version: '3', intent: 'save' })).statusCode,
    ).toBe(404);
    expect((await (await as(MEDWAY, 'team_manager')).get(url())).statusCode).toBe(404);
    expect((await worker.get(`/nrm-referrals/${randomUUID()}/decision`)).statusCode).toBe(404);
    expect((await stored()).version).toBe(3);
  });
});
