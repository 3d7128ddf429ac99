import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_NOW } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, selectedOf, summaryOf, tableRows } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import {
  addPartnerOrganisations,
  AN_AGE_ASSESSMENT,
  apiClient,
  createLookedAfterChild,
  CROYDON,
  GUARDIANS,
  KENT,
  KENT_POLICE,
  MEDWAY,
  NATIONAL,
} from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The journeys that keep a child's details up to date, through app.inject: each asks, says what is
// wrong on the question and saves nothing, checks the answers with a Change button per answer,
// saves, confirms, and audits the change with its before and after; only the responsible
// authority's staff who change records may use them. The test clock is 15 June 2025.

let t: TestApp;
let kent: Api;
let worker: WebClient;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  worker = (await signedInClient(t.app, t.services, KENT, 'social_worker')).client;
});
afterAll(async () => {
  await t.close();
});

/** A child looked after by Kent, added (with their age accepted) on 1 May 2025. */
async function aChild() {
  t.clock.set('2025-05-01T09:00:00Z');
  try {
    return await createLookedAfterChild(kent);
  } finally {
    t.clock.set(TEST_NOW);
  }
}

/** Answers the question page, then saves from check your answers: the check page and where saving sent the browser. */
async function complete(url: string, answers: Record<string, string>) {
  const check = await worker.post(url, { ...answers, intent: 'continue' });
  const saved = await worker.post(url, { ...hiddenFieldsOf(check.body), intent: 'save' });
  return { check, saved };
}

const auditOf = (childId: string, entity: string) =>
  t.handle.db
    .selectFrom('auditEvent')
    .select(['action', 'details'])
    .where('childId', '=', childId)
    .where('entity', '=', entity)
    .where('action', 'in', ['CREATE', 'CHANGE'])
    .orderBy('seq')
    .execute();

/** Everyone who may not change the child's record gets "Page not found", asking or saving. */
async function expectRefusedToOthers(url: string, answers: Record<string, string>) {
  for (const [organisation, role] of [
    [MEDWAY, 'social_worker'],
    [KENT_POLICE, 'police_coordinator'],
    [GUARDIANS, 'advocate'],
    [NATIONAL, 'national_analyst'],
    [KENT, 'organisation_administrator'],
  ] as const) {
    const other = (await signedInClient(t.app, t.services, organisation, role)).client;
    expect((await other.get(url)).statusCode, `${organisation} ${role}`).toBe(404);
    expect((await other.post(url, { ...answers, intent: 'save' })).statusCode, `${organisation} ${role}`).toBe(404);
  }
}

describe('the check your answers page', () => {
  it('should give each answer a Change button that goes back to its question with the answers kept', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-status/new`;
    await worker.get(url);
    const check = await worker.post(url, { ...AGE_STATUS, intent: 'continue' });
    const changes = [
      ...check.body.matchAll(/<button[^>]*value="change"[^>]*formaction="([^"]*)"[^>]*>Change<span class="govuk-visually-hidden"> ([^<]*)<\/span>/g),
    ].map((match) => [match[1], match[2]]);
    expect(changes).toEqual([
      [`${url}#status`, 'age status'],
      [`${url}#effectiveFrom-day`, 'from'],
      [`${url}#note`, 'note'],
    ]);
    const back = await worker.post(url, { ...hiddenFieldsOf(check.body), intent: 'change' });
    expect(titleOf(back.body)).toBe('Record the child’s age status – Lantern');
    expect(back.body).toMatch(/value="DISPUTED" checked/);
    expect(back.body).toContain('value="2025"');
  });
});

const AGE_STATUS = {
  status: 'DISPUTED',
  'effectiveFrom-day': '3',
  'effectiveFrom-month': '6',
  'effectiveFrom-year': '2025',
  note: 'The Home Office disputes the date of birth the child gives',
};

describe('recording the age status', () => {
  it('should ask, check, save, confirm, show it on the record, and audit it', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-status/new`;
    const record = await worker.get(`/children/${childId}`);
    expect(record.body).toContain(`href="${url}"`);
    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Record the child’s age status – Lantern');
    expect(form.body).toContain('Age assessment pending');

    const { check, saved } = await complete(url, AGE_STATUS);
    expect(titleOf(check.body)).toBe('Check your answers before recording the age status – Lantern');
    expect(summaryOf(check.body)).toMatchObject({ 'Age status': 'Age disputed', From: '3 June 2025' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Age status recorded – Lantern');

    expect(summaryOf((await worker.get(`/children/${childId}`)).body)['Age status']).toBe('Age disputed');
    const [event] = await auditOf(childId, 'ageStatus');
    expect(event).toMatchObject({
      action: 'CREATE',
      details: { status: { before: null, after: 'DISPUTED' }, effectiveFrom: { before: null, after: '2025-06-03' } },
    });
  });

  it('should say what is missing and what is wrong, on the question, and save nothing', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-status/new`;
    const empty = await worker.post(url, { intent: 'continue' });
    expect(errorSummaryOf(empty.body)).toEqual([
      { href: '#status', text: 'Select the child’s age status' },
      { href: '#effectiveFrom-day', text: 'Enter the date the age status started' },
    ]);
    const wrong = await worker.post(url, { ...AGE_STATUS, status: 'OLD', 'effectiveFrom-year': '2026', note: 'x'.repeat(1001), intent: 'save' });
    expect(errorSummaryOf(wrong.body)).toEqual([
      { href: '#status', text: 'Select the child’s age status' },
      { href: '#note', text: 'Note must be 1000 characters or fewer' },
    ]);
    const future = await worker.post(url, { ...AGE_STATUS, 'effectiveFrom-year': '2026', intent: 'save' });
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#effectiveFrom-day', text: 'The date the age status started must be today or in the past' }]);
    expect(await auditOf(childId, 'ageStatus')).toEqual([]);

    // A second status from the same day is refused by the service, on the date.
    await complete(url, AGE_STATUS);
    const again = await complete(url, { ...AGE_STATUS, status: 'ASSESSMENT_PENDING' });
    expect(errorSummaryOf(again.saved.body)).toEqual([
      { href: '#effectiveFrom-day', text: 'An age status is already recorded for this date. Enter a different date' },
    ]);
    expect(await auditOf(childId, 'ageStatus')).toHaveLength(1);
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    await expectRefusedToOthers(`/children/${childId}/age-status/new`, AGE_STATUS);
    const manager = (await signedInClient(t.app, t.services, KENT, 'team_manager')).client;
    expect((await manager.get(`/children/${childId}/age-status/new`)).statusCode).toBe(200);
  });
});

const AGE_ASSESSMENT = {
  'referredOn-day': '3',
  'referredOn-month': '3',
  'referredOn-year': '2025',
  'assessedOn-day': '12',
  'assessedOn-month': '5',
  'assessedOn-year': '2025',
  assessedBy: 'LOCAL_AUTHORITY',
  mertonCompliant: 'yes',
  outcome: 'CHILD',
  'assessedDateOfBirth-day': '1',
  'assessedDateOfBirth-month': '1',
  'assessedDateOfBirth-year': '2009',
  response: 'ACCEPTED',
};

describe('recording an age assessment', () => {
  it('should ask, check with a Change button per answer, save, confirm, show it on the record with who recorded it, and audit it', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-assessments/new`;
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);
    expect(titleOf((await worker.get(url)).body)).toBe('Record an age assessment – Lantern');

    const { check, saved } = await complete(url, AGE_ASSESSMENT);
    expect(titleOf(check.body)).toBe('Check your answers before recording the age assessment – Lantern');
    expect(summaryOf(check.body)).toEqual({
      'Asked for on': '3 March 2025',
      'Outcome decided on': '12 May 2025',
      'Assessed by': 'The local authority',
      'Merton-compliant': 'Yes',
      Outcome: 'A child, under 18',
      'Assessed date of birth': '1 January 2009',
      'The child’s response': 'The child accepts the outcome',
      Note: 'Not given',
    });
    const changes = [...check.body.matchAll(/formaction="[^"]*#([^"]*)"/g)].map((match) => match[1]);
    expect(changes).toEqual(['referredOn-day', 'assessedOn-day', 'assessedBy', 'mertonCompliant', 'outcome', 'assessedDateOfBirth-day', 'response', 'note']);
    expect(saved.statusCode).toBe(303);
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Age assessment recorded – Lantern');

    const record = summaryOf((await worker.get(`/children/${childId}`)).body);
    expect(record).toMatchObject({
      'Age status': 'Assessed as a child',
      'Assessed date of birth': '1 January 2009',
      Outcome: 'A child, under 18',
      'Merton-compliant': 'Yes',
      'Last changed': expect.stringMatching(/^15 June 2025 at .+ by /),
    });
    expect((await auditOf(childId, 'ageAssessment')).map((event) => event.details)).toMatchObject([
      { outcome: { before: null, after: 'CHILD' }, assessedDateOfBirth: { before: null, after: '2009-01-01' } },
    ]);
    expect(await auditOf(childId, 'child')).toContainEqual({
      action: 'CHANGE',
      details: expect.objectContaining({ dateOfBirthAssessed: { before: null, after: '2009-01-01' } }),
    });
  });

  it('should say on the question page what contradicts another answer, and save nothing', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-assessments/new`;
    const empty = await worker.post(url, { intent: 'continue' });
    expect(errorSummaryOf(empty.body).map((error) => error.href)).toEqual([
      '#referredOn-day',
      '#assessedOn-day',
      '#assessedBy',
      '#mertonCompliant',
      '#outcome',
      '#response',
    ]);
    const before = await worker.post(url, { ...AGE_ASSESSMENT, 'assessedOn-month': '2', intent: 'continue' });
    expect(errorSummaryOf(before.body)).toEqual([
      { href: '#assessedOn-day', text: 'The date of the outcome must be the same as or after the date the assessment was asked for, 3 March 2025' },
    ]);
    const bornAfter = await worker.post(url, { ...AGE_ASSESSMENT, 'assessedDateOfBirth-year': '2025', 'assessedDateOfBirth-month': '6', intent: 'continue' });
    expect(errorSummaryOf(bornAfter.body)).toEqual([
      { href: '#assessedDateOfBirth-day', text: 'The assessed date of birth must be before the date of the outcome, 12 May 2025' },
    ]);
    const both = await worker.post(url, { ...AGE_ASSESSMENT, assessedAge: '16', intent: 'continue' });
    expect(errorSummaryOf(both.body)).toEqual([{ href: '#assessedAge', text: 'Enter the date of birth or the age the assessment gave, not both' }]);
    const words = await worker.post(url, { ...AGE_ASSESSMENT, assessedAge: 'sixteen', intent: 'continue' });
    expect(errorSummaryOf(words.body)).toEqual([
      { href: '#assessedAge', text: 'Enter the age the assessment gave as a whole number of years from 0 to 40, for example 16' },
    ]);
    expect(await auditOf(childId, 'ageAssessment')).toEqual([]);
  });

  it('should take an age in place of a date of birth through the API, refuse a contradiction naming the field, and be "not found" to others', async () => {
    const { id: childId } = await aChild();
    const body = {
      ...AN_AGE_ASSESSMENT,
      // Decided after the child was added with their age accepted (1 May 2025), so the outcome's status is the latest.
      referredOn: '2025-03-03',
      assessedOn: '2025-05-12',
      assessedBy: 'NAAB',
      mertonCompliant: false,
      outcome: 'ADULT',
      assessedAge: 19,
      response: 'DISPUTED',
      note: 'Judicial review lodged',
    };
    const refused = await kent('POST', `/children/${childId}/age-assessments`, { ...body, assessedAge: 17 });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('assessedAge');
    const saved = await kent('POST', `/children/${childId}/age-assessments`, body);
    expect(saved.status).toBe(201);
    expect(saved.body).toMatchObject({ ...body, assessedDateOfBirth: null });
    // Disputed: the status is the outcome's, the date of birth the child gave stands.
    const read = await kent('GET', `/children/${childId}`);
    expect(read.body['summary']).toMatchObject({ ageStatus: 'ASSESSED_ADULT' });
    expect(read.body['child']).toMatchObject({ dateOfBirthClaimed: '2009-04-12', dateOfBirthAssessed: null });
    await expectRefusedToOthers(`/children/${childId}/age-assessments/new`, AGE_ASSESSMENT);
  });
});

describe('adding a child with a disputed age and an alias', () => {
  it('should record the disputed age with the child, then the alias, and show both on the record', async () => {
    await worker.get('/children/new');
    const { check, saved } = await complete('/children/new', {
      givenNames: 'Selam',
      familyName: 'Disputedage',
      sex: 'F',
      dateOfBirthKnown: 'no',
      estimatedAgeFrom: '15',
      estimatedAgeTo: '17',
      estimatedAgeSource: 'PROFESSIONAL',
      ageStatus: 'DISPUTED',
      nationality: 'ER',
      laChildId: 'DISPUTE-1',
      upnUnknownReason: 'UN2',
      languages: 'Tigrinya',
      'careStartDate-day': '1',
      'careStartDate-month': '6',
      'careStartDate-year': '2025',
      legalStatus: 'V2',
      placementType: 'U4',
      hostAuthority: KENT,
    });
    expect(summaryOf(check.body)['Age status']).toBe('Age disputed');
    const childId = /\/children\/([0-9a-f-]{36})/.exec(saved.headers.location!)?.[1];
    expect(childId).toBeDefined();

    await worker.get(`/children/${childId}/aliases/new`);
    const alias = await complete(`/children/${childId}/aliases/new`, {
      givenNames: 'Salam',
      'seenOn-day': '2',
      'seenOn-month': '6',
      'seenOn-year': '2025',
      source: 'Home Office',
    });
    expect(alias.saved.statusCode).toBe(303);

    const record = await worker.get(`/children/${childId}`);
    expect(summaryOf(record.body)).toMatchObject({ 'Age status': 'Age disputed' });
    expect(summaryOf(record.body)['Other names']).toContain('Salam');
  });
});

describe('recording UASC status and its end', () => {
  it('should start it, refuse a second, end it, and audit both with before and after', async () => {
    const { id: childId } = await aChild();
    const start = `/children/${childId}/uasc-status/new`;
    const end = `/children/${childId}/uasc-status/end`;
    expect(titleOf((await worker.get(end)).body)).toBe('They are not recorded as an unaccompanied asylum-seeking child now – Lantern');
    expect(titleOf((await worker.get(start)).body)).toBe('Record that the child is an unaccompanied asylum-seeking child – Lantern');
    const empty = await worker.post(start, { intent: 'continue' });
    expect(errorSummaryOf(empty.body)).toEqual([{ href: '#startDate-day', text: 'Enter the date they became an unaccompanied asylum-seeking child' }]);
    const started = await complete(start, { 'startDate-day': '2', 'startDate-month': '5', 'startDate-year': '2025' });
    expect(titleOf((await worker.get(started.saved.headers.location!)).body)).toBe('UASC status recorded – Lantern');
    expect(titleOf((await worker.get(start)).body)).toBe('They are already recorded as an unaccompanied asylum-seeking child – Lantern');

    const form = await worker.get(end);
    const future = await worker.post(end, {
      ...hiddenFieldsOf(form.body),
      'ceasedDate-day': '1',
      'ceasedDate-month': '1',
      'ceasedDate-year': '2026',
      intent: 'continue',
    });
    expect(errorSummaryOf(future.body)).toEqual([
      { href: '#ceasedDate-day', text: 'The date they stopped being an unaccompanied asylum-seeking child must be today or in the past' },
    ]);
    const ended = await complete(end, { ...hiddenFieldsOf(form.body), 'ceasedDate-day': '14', 'ceasedDate-month': '6', 'ceasedDate-year': '2025' });
    expect(titleOf((await worker.get(ended.saved.headers.location!)).body)).toBe('UASC status ended – Lantern');
    const events = await auditOf(childId, 'uascPeriod');
    expect(events).toMatchObject([
      { action: 'CREATE', details: { startDate: { before: null, after: '2025-05-02' } } },
      { action: 'CHANGE', details: { ceasedDate: { before: null, after: '2025-06-14' } } },
    ]);
    // The form read before the end was saved is out of date: nothing more is changed.
    const stale = await worker.post(end, {
      ...hiddenFieldsOf(form.body),
      'ceasedDate-day': '13',
      'ceasedDate-month': '6',
      'ceasedDate-year': '2025',
      intent: 'save',
    });
    expect(titleOf(stale.body)).toBe('They are not recorded as an unaccompanied asylum-seeking child now – Lantern');
    expect(await auditOf(childId, 'uascPeriod')).toHaveLength(2);
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    await expectRefusedToOthers(`/children/${childId}/uasc-status/new`, { 'startDate-day': '2', 'startDate-month': '5', 'startDate-year': '2025' });
  });
});

describe('changing the child’s identifiers, languages and nationality', () => {
  it('should fill the identifiers in as recorded, check, save, show them on the record, and audit before and after', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/identifiers`;
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);
    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Change the child’s identifiers – Lantern');
    // The child has no UPN for reason UN2: the form asks for one or the other, and shows the reason.
    expect(selectedOf(form.body, 'upnUnknownReason')).toBe('UN2');

    const both = await worker.post(url, { ...hiddenFieldsOf(form.body), laChildId: 'K-1', upn: 'A123456789012', upnUnknownReason: 'UN2', intent: 'continue' });
    expect(errorSummaryOf(both.body)).toEqual([{ href: '#upn', text: 'Enter the child’s UPN, or select why they do not have one, not both' }]);
    const empty = await worker.post(url, { ...hiddenFieldsOf(form.body), laChildId: ' ', intent: 'continue' });
    expect(errorSummaryOf(empty.body)).toEqual([{ href: '#laChildId', text: 'Enter your authority’s ID for the child' }]);

    const { check, saved } = await complete(url, {
      ...hiddenFieldsOf(form.body),
      laChildId: 'K-IDS-1',
      upn: '',
      upnUnknownReason: 'UN2',
      homeOfficeReference: 'HO-1234',
      nrmReference: 'NRM-77',
      policePersonId: '',
    });
    expect(titleOf(check.body)).toBe('Check your answers before changing the identifiers – Lantern');
    expect(summaryOf(check.body)).toMatchObject({
      'Your authority’s ID for the child': 'K-IDS-1',
      'Home Office reference': 'HO-1234',
      'Police person ID': 'Not given',
    });
    expect(saved.statusCode).toBe(303);
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Identifiers changed – Lantern');
    expect(summaryOf((await worker.get(`/children/${childId}`)).body)).toMatchObject({
      'Authority child ID': 'K-IDS-1',
      'Home Office reference': 'HO-1234',
      'NRM reference': 'NRM-77',
    });
    const [event] = await auditOf(childId, 'child').then((events) => events.filter((entry) => entry.action === 'CHANGE'));
    expect(event?.details).toMatchObject({ homeOfficeReference: { before: null, after: 'HO-1234' }, nrmReference: { before: null, after: 'NRM-77' } });
  });

  it('should refuse another child’s authority ID on the question, and a form read before someone else’s change', async () => {
    await createLookedAfterChild(kent, { laChildId: 'TAKEN-1' });
    const { id: childId } = await aChild();
    const url = `/children/${childId}/identifiers`;
    const form = await worker.get(url);
    const taken = await complete(url, { ...hiddenFieldsOf(form.body), laChildId: 'TAKEN-1', upnUnknownReason: 'UN2' });
    expect(errorSummaryOf(taken.saved.body)).toEqual([
      { href: '#laChildId', text: 'A child with this ID is already recorded by your authority. Enter a different ID, or find the existing child' },
    ]);

    // Someone else changes the nationality after the identifiers page was opened: its version is stale.
    const nationality = await worker.get(`/children/${childId}/nationality`);
    await complete(`/children/${childId}/nationality`, { ...hiddenFieldsOf(nationality.body), nationality: 'ER' });
    const stale = await complete(url, { ...hiddenFieldsOf(form.body), laChildId: 'K-STALE', upnUnknownReason: 'UN2' });
    expect(errorSummaryOf(stale.saved.body)).toEqual([
      { href: '#laChildId', text: 'Someone else has changed the child’s details since you opened this page. Check the answers and try again' },
    ]);
    expect(summaryOf((await worker.get(`/children/${childId}`)).body)['Authority child ID']).not.toBe('K-STALE');
  });

  it('should change the languages and interpreter, and the nationality, each audited', async () => {
    const { id: childId } = await aChild();
    const languages = `/children/${childId}/languages`;
    const form = await worker.get(languages);
    expect(titleOf(form.body)).toBe('Change the child’s languages and interpreter – Lantern');
    expect(form.body).toMatch(/value="no" checked/);
    const tooMany = await worker.post(languages, {
      ...hiddenFieldsOf(form.body),
      languages: Array.from({ length: 21 }, (_, i) => `L${i}`).join(','),
      intent: 'continue',
    });
    expect(errorSummaryOf(tooMany.body)).toEqual([
      { href: '#languages', text: 'Enter 20 languages or fewer' },
      { href: '#interpreterNeeded', text: 'Select yes if the child needs an interpreter' },
    ]);
    const saved = await complete(languages, { ...hiddenFieldsOf(form.body), languages: 'Tigrinya, Arabic', interpreterNeeded: 'yes' });
    expect(summaryOf(saved.check.body)).toEqual({ Languages: 'Tigrinya, Arabic', 'Interpreter needed': 'Yes' });
    expect(titleOf((await worker.get(saved.saved.headers.location!)).body)).toBe('Languages changed – Lantern');

    const nationality = `/children/${childId}/nationality`;
    const nationalityForm = await worker.get(nationality);
    expect(selectedOf(nationalityForm.body, 'nationality')).toBe('AL');
    const none = await worker.post(nationality, { ...hiddenFieldsOf(nationalityForm.body), nationality: '', intent: 'continue' });
    expect(errorSummaryOf(none.body)).toEqual([{ href: '#nationality', text: 'Select the child’s nationality, or select Not known' }]);
    const changed = await complete(nationality, { ...hiddenFieldsOf(nationalityForm.body), nationality: 'ER' });
    expect(summaryOf(changed.check.body)).toEqual({ Nationality: 'Eritrea' });
    expect(titleOf((await worker.get(changed.saved.headers.location!)).body)).toBe('Nationality changed – Lantern');

    // The record says when the child's details were last changed, and by whom, from the audit trail.
    expect(summaryOf((await worker.get(`/children/${childId}`)).body)).toMatchObject({
      Nationality: 'Eritrea',
      Languages: 'Tigrinya, Arabic',
      'Interpreter needed': 'Yes',
      'Last changed': '15 June 2025 at 1:00pm by Test social worker',
    });
    const changes = (await auditOf(childId, 'child')).filter((entry) => entry.action === 'CHANGE');
    expect(changes.map((entry) => entry.details)).toMatchObject([
      { languages: { before: [], after: ['Tigrinya', 'Arabic'] }, interpreterNeeded: { before: false, after: true } },
      { nationality: { before: 'AL', after: 'ER' } },
    ]);
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    for (const [path, answers] of [
      ['identifiers', { laChildId: 'X', version: '1' }],
      ['languages', { interpreterNeeded: 'yes', version: '1' }],
      ['nationality', { nationality: 'ER', version: '1' }],
    ] as const) {
      await expectRefusedToOthers(`/children/${childId}/${path}`, answers);
    }
  });
});

describe('recording a legal challenge to an age assessment', () => {
  it('should say there is no assessment to challenge, then record a judicial review, and its result, each audited', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/age-assessments/challenge`;
    expect((await worker.get(`/children/${childId}`)).body).not.toContain(`href="${url}"`);
    expect(titleOf((await worker.get(url)).body)).toBe('No age assessment is recorded – Lantern');

    // An assessment decided on 1 February 2025.
    const assessment = await kent('POST', `/children/${childId}/age-assessments`, AN_AGE_ASSESSMENT);
    expect(assessment.status).toBe(201);
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);
    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Record a legal challenge to the age assessment decided 1 February 2025 – Lantern');
    expect(form.body).toMatch(/value="NONE" checked/);

    const early = await worker.post(url, {
      ...hiddenFieldsOf(form.body),
      challenge: 'JUDICIAL_REVIEW',
      'challengedOn-day': '3',
      'challengedOn-month': '1',
      'challengedOn-year': '2025',
      challengeResult: 'PENDING',
      intent: 'continue',
    });
    expect(errorSummaryOf(early.body)).toEqual([
      { href: '#challengedOn-day', text: 'The date the challenge was brought must be the same as or after the assessment’s outcome, 1 February 2025' },
    ]);
    const brought = { challenge: 'JUDICIAL_REVIEW', 'challengedOn-day': '3', 'challengedOn-month': '3', 'challengedOn-year': '2025' };
    const { check, saved } = await complete(url, { ...hiddenFieldsOf(form.body), ...brought, challengeResult: 'PENDING' });
    expect(summaryOf(check.body)).toEqual({
      'Legal challenge': 'A judicial review',
      'Challenge brought on': '3 March 2025',
      'Result of the challenge': 'Not decided yet',
    });
    expect(saved.statusCode).toBe(303);
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Legal challenge recorded – Lantern');

    // Its result, decided before it was brought, is an error on its question; then upheld.
    const again = await worker.get(url);
    expect(again.body).toMatch(/value="JUDICIAL_REVIEW" checked/);
    const decided = (day: string, month: string) => ({ 'challengeDecidedOn-day': day, 'challengeDecidedOn-month': month, 'challengeDecidedOn-year': '2025' });
    const before = await worker.post(url, { ...hiddenFieldsOf(again.body), ...brought, challengeResult: 'UPHELD', ...decided('2', '3'), intent: 'continue' });
    expect(errorSummaryOf(before.body)).toEqual([
      { href: '#challengeDecidedOn-day', text: 'The date the challenge was decided must be the same as or after it was brought, 3 March 2025' },
    ]);
    const upheld = await complete(url, { ...hiddenFieldsOf(again.body), ...brought, challengeResult: 'UPHELD', ...decided('2', '6') });
    expect(upheld.saved.statusCode).toBe(303);
    expect(summaryOf((await worker.get(`/children/${childId}`)).body)).toMatchObject({
      'Legal challenge': 'A judicial review',
      'Result of the challenge': 'The assessment was upheld on 2 June 2025',
    });
    const changes = (await auditOf(childId, 'ageAssessment')).filter((event) => event.action === 'CHANGE');
    expect(changes.map((event) => event.details)).toMatchObject([
      { challenge: { before: 'NONE', after: 'JUDICIAL_REVIEW' }, challengedOn: { before: null, after: '2025-03-03' } },
      { challengeResult: { before: null, after: 'UPHELD' }, challengeDecidedOn: { before: null, after: '2025-06-02' } },
    ]);

    // Through the API too, at the version read: a stale one is refused, and so is a result with no challenge.
    const id = assessment.body['id'] as string;
    const stale = await kent('PATCH', `/age-assessments/${id}`, {
      challenge: 'NONE',
      challengedOn: null,
      challengeResult: null,
      challengeDecidedOn: null,
      version: 1,
    });
    expect(stale.status).toBe(409);
    const noChallenge = await kent('PATCH', `/age-assessments/${id}`, {
      challenge: 'NONE',
      challengedOn: null,
      challengeResult: 'UPHELD',
      challengeDecidedOn: '2025-06-02',
      version: 3,
    });
    expect(noChallenge.status).toBe(422);
    const appeal = await kent('PATCH', `/age-assessments/${id}`, {
      challenge: 'TRIBUNAL_APPEAL',
      challengedOn: '2025-06-03',
      challengeResult: null,
      challengeDecidedOn: null,
      version: 3,
    });
    expect(appeal.status).toBe(200);
    expect(appeal.body).toMatchObject({ challenge: 'TRIBUNAL_APPEAL', challengedOn: '2025-06-03', version: 4 });
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    await kent('POST', `/children/${childId}/age-assessments`, AN_AGE_ASSESSMENT);
    await expectRefusedToOthers(`/children/${childId}/age-assessments/challenge`, { challenge: 'NONE', version: '1' });
  });
});

describe('changing the child’s date of birth or estimated age', () => {
  it('should fill the date of birth in, show one after they were first looked after on its question, record an estimated age instead, and audit it', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/date-of-birth`;
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);
    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Change the child’s date of birth or estimated age – Lantern');
    expect(form.body).toMatch(/value="yes" checked/);
    expect(form.body).toContain('value="2009"');

    // The child started being looked after on 1 January 2024: a date of birth after it contradicts the record.
    const late = await worker.post(url, {
      ...hiddenFieldsOf(form.body),
      dateOfBirthKnown: 'yes',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '3',
      'dateOfBirth-year': '2024',
      intent: 'continue',
    });
    expect(errorSummaryOf(late.body)).toEqual([
      { href: '#dateOfBirth-day', text: 'The child’s date of birth must be on or before the day they first started being looked after, 1 January 2024' },
    ]);
    const noEstimate = await worker.post(url, { ...hiddenFieldsOf(form.body), dateOfBirthKnown: 'no', intent: 'continue' });
    expect(errorSummaryOf(noEstimate.body)).toEqual([
      { href: '#estimatedAgeFrom', text: 'Enter the child’s estimated age in years' },
      { href: '#estimatedAgeSource', text: 'Select who estimated the child’s age' },
    ]);

    const { check, saved } = await complete(url, {
      ...hiddenFieldsOf(form.body),
      dateOfBirthKnown: 'no',
      estimatedAgeFrom: '15',
      estimatedAgeTo: '16',
      estimatedAgeSource: 'PROFESSIONAL',
    });
    expect(titleOf(check.body)).toBe('Check your answers before changing the date of birth – Lantern');
    expect(summaryOf(check.body)).toEqual({ 'Date of birth known': 'No', 'Estimated age': expect.stringMatching(/^estimated 15 to 16 years old/) });
    expect(saved.statusCode).toBe(303);
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Date of birth changed – Lantern');
    expect(summaryOf((await worker.get(`/children/${childId}`)).body)['Date of birth given']).toMatch(/^Not known — estimated 15 to 16 years old/);
    const changes = (await auditOf(childId, 'child')).filter((entry) => entry.action === 'CHANGE');
    expect(changes.map((entry) => entry.details)).toMatchObject([
      {
        dateOfBirthClaimed: { before: '2009-04-12', after: null },
        dateOfBirthEstimate: { before: null, after: { earliest: '2008-06-16', latest: '2010-06-15', source: 'PROFESSIONAL', estimatedOn: '2025-06-15' } },
      },
    ]);

    // Opened again, the form gives the estimate as it was made.
    const again = await worker.get(url);
    expect(again.body).toMatch(/value="no" checked/);
    expect(again.body).toMatch(/name="estimatedAgeFrom"[^>]*value="15"/);
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    await expectRefusedToOthers(`/children/${childId}/date-of-birth`, {
      dateOfBirthKnown: 'yes',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '1',
      'dateOfBirth-year': '2010',
      version: '1',
    });
  });
});

describe('recording a National Transfer Scheme transfer', () => {
  const TRANSFER = {
    toAuthority: CROYDON,
    'referredOn-day': '2',
    'referredOn-month': '5',
    'referredOn-year': '2025',
    'transferredOn-day': '20',
    'transferredOn-month': '5',
    'transferredOn-year': '2025',
  };

  it('should ask, check a transfer against its referral on the question, save, show it on the record, and audit it', async () => {
    const { id: childId } = await aChild();
    const url = `/children/${childId}/national-transfers/new`;
    // Offered from the record of an unaccompanied asylum-seeking child.
    expect((await worker.get(`/children/${childId}`)).body).not.toContain(`href="${url}"`);
    await complete(`/children/${childId}/uasc-status/new`, { 'startDate-day': '2', 'startDate-month': '5', 'startDate-year': '2025' });
    expect((await worker.get(`/children/${childId}`)).body).toContain(`href="${url}"`);

    const form = await worker.get(url);
    expect(titleOf(form.body)).toBe('Record a National Transfer Scheme transfer – Lantern');
    // The child's own authority is not offered: a transfer is to another.
    expect(form.body).not.toContain(`value="${KENT}"`);
    const empty = await worker.post(url, { intent: 'continue' });
    expect(errorSummaryOf(empty.body)).toEqual([
      { href: '#toAuthority', text: 'Select the local authority the child is transferring to' },
      { href: '#referredOn-day', text: 'Enter the date of the referral to the National Transfer Scheme' },
    ]);
    const before = await worker.post(url, { ...TRANSFER, 'transferredOn-day': '1', intent: 'continue' });
    expect(errorSummaryOf(before.body)).toEqual([
      { href: '#transferredOn-day', text: 'The date of the transfer must be the same as or after the referral, 2 May 2025' },
    ]);
    const unknown = await complete(url, { ...TRANSFER, toAuthority: 'E99999999' });
    expect(errorSummaryOf(unknown.saved.body)).toEqual([
      { href: '#toAuthority', text: 'Select a local authority from the list: this code is not a UK authority with children’s services' },
    ]);

    const { check, saved } = await complete(url, TRANSFER);
    expect(titleOf(check.body)).toBe('Check your answers before recording the transfer – Lantern');
    expect(summaryOf(check.body)).toEqual({ 'Transferring to': 'Croydon', 'Referred on': '2 May 2025', 'Transferred on': '20 May 2025' });
    expect(titleOf((await worker.get(saved.headers.location!)).body)).toBe('Transfer recorded – Lantern');
    expect(tableRows((await worker.get(`/children/${childId}`)).body, 'National Transfer Scheme transfers, newest first')).toEqual([
      ['2 May 2025', 'Croydon', '20 May 2025'],
    ]);
    const [event] = await auditOf(childId, 'nationalTransfer');
    expect(event).toMatchObject({ action: 'CREATE', details: { toAuthorityCode: { before: null, after: CROYDON }, transferredOn: { after: '2025-05-20' } } });
  });

  it('should answer "Page not found" to everyone who may not change the record', async () => {
    const { id: childId } = await aChild();
    await expectRefusedToOthers(`/children/${childId}/national-transfers/new`, TRANSFER);
  });
});
