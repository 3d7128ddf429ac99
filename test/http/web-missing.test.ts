import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, inlineErrorOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { createLookedAfterChild, CROYDON, KENT, kentSocialWorkerApp, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The missing-episode pages through app.inject: report a child missing, record the return, record the
// return home interview; every error on the page it belongs to, and nothing for those who may not.
// The test clock is 15 June 2025 at 12:00 UTC (1pm in the UK, on British Summer Time).

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

let t: TestApp;
let kent: Api;
let worker: WebClient;

beforeAll(async () => {
  ({ t, kent, worker } = await kentSocialWorkerApp());
});
afterAll(async () => t.close());

let children = 0;
async function aChild(overrides: Record<string, unknown> = {}): Promise<string> {
  children += 1;
  return (await createLookedAfterChild(kent, { givenNames: 'Lumi', familyName: `Webtest${children}`, ...overrides })).id;
}

async function placeInMedway(childId: string): Promise<void> {
  const record = await kent('GET', `/children/${childId}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  await kent('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version });
}

/** The record views audited for a child: who has seen it. */
async function viewsOf(childId: string) {
  return t.handle.db.selectFrom('auditEvent').select(['entity', 'details']).where('childId', '=', childId).where('action', '=', 'VIEW_RECORD').execute();
}

async function episodesOf(childId: string) {
  return t.handle.db.selectFrom('missingEpisode').selectAll().where('childId', '=', childId).execute();
}

const date = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

const REPORT = {
  type: 'M',
  ...date('lastSeenDate', '15', '6', '2025'),
  lastSeenTime: '9:30am',
  lastSeenLocation: 'Outside the placement',
  lastSeenWith: 'An older man in a grey car',
  ...date('reportedToPoliceDate', '15', '6', '2025'),
  reportedToPoliceTime: '10:15',
  policeForce: 'Kent Police',
  policeReference: 'KP-WEB-0001',
  policeRiskLevel: 'HIGH',
};

describe('reporting a child missing', () => {
  it('should ask, check the answers, save, and confirm with what happens next', async () => {
    const childId = await aChild({ givenNames: 'Arben', familyName: 'Reportme' });
    const form = await worker.get(`/children/${childId}/missing/new`);
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).toBe('Report a child missing – Lantern');
    expect(form.body).toContain('Arben Reportme');
    // The statutory definitions as hints; no host authority question for a child placed in area.
    expect(form.body).toContain('nobody knows where they are');
    expect(form.body).toContain('Their whereabouts are known');
    expect(form.body).not.toContain('hostAuthorityToldDate');

    const check = await worker.post(`/children/${childId}/missing/new`, { ...REPORT, intent: 'continue' });
    expect(check.statusCode).toBe(200);
    expect(titleOf(check.body)).toBe('Check your answers before reporting the child missing – Lantern');
    expect(check.body).toContain('15 June 2025 at 9:30am');
    expect(check.body).toContain('KP-WEB-0001');
    expect(await episodesOf(childId)).toEqual([]);

    const saved = await worker.post(`/children/${childId}/missing/new`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const location = saved.headers.location!;
    expect(location).toMatch(new RegExp(`^/children/${childId}/missing/new\\?confirmation=${UUID.source}$`));

    const [episode] = await episodesOf(childId);
    // 9:30am in the UK in June is 8:30 UTC.
    expect(episode).toMatchObject({
      type: 'M',
      startAt: '2025-06-15T08:30:00.000Z',
      reportedToPoliceAt: '2025-06-15T09:15:00.000Z',
      policeReference: 'KP-WEB-0001',
      policeRiskLevel: 'HIGH',
      lastSeenWith: 'An older man in a grey car',
      endAt: null,
    });

    const confirmation = await worker.get(location);
    expect(confirmation.statusCode).toBe(200);
    expect(titleOf(confirmation.body)).toBe('Missing episode reported – Lantern');
    expect(confirmation.body).toContain('govuk-panel--confirmation');
    expect(confirmation.body).toContain('Police reference KP-WEB-0001');
    expect(confirmation.body).toContain('within 72 hours of coming back');

    // Opening the question page is the one view of the record: checking, saving and the
    // confirmation read the journey's context again without counting as more views (docs/access.md).
    expect(await viewsOf(childId)).toEqual([{ entity: 'child', details: { view: 'full', journey: 'report-missing' } }]);
  });

  it('should keep the answers when the person changes them from the check page', async () => {
    const childId = await aChild();
    const check = await worker.post(`/children/${childId}/missing/new`, { ...REPORT, intent: 'continue' });
    const change = await worker.post(`/children/${childId}/missing/new`, { ...hiddenFieldsOf(check.body), intent: 'change' });
    expect(titleOf(change.body)).toBe('Report a child missing – Lantern');
    expect(change.body).toContain('value="KP-WEB-0001"');
    expect(change.body).toContain('value="9:30am"');
    expect(change.body).toMatch(/name="lastSeenDate-year" type="text" value="2025"/);
    expect(change.body).toMatch(/value="HIGH" checked/);
    expect(await episodesOf(childId)).toEqual([]);
  });

  it('should show every missing answer in an error summary and beside its question', async () => {
    const childId = await aChild();
    const page = await worker.post(`/children/${childId}/missing/new`, { intent: 'continue' });
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Error: Report a child missing – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#type', text: 'Select whether the child is missing or away from placement without authorisation' },
      { href: '#lastSeenDate-day', text: 'Enter the date the child was last seen' },
      { href: '#lastSeenTime', text: 'Enter the time the child was last seen' },
    ]);
    expect(inlineErrorOf(page.body, 'type')).toBe('Select whether the child is missing or away from placement without authorisation');
    expect(inlineErrorOf(page.body, 'lastSeenDate')).toBe('Enter the date the child was last seen');
    expect(inlineErrorOf(page.body, 'lastSeenTime')).toBe('Enter the time the child was last seen');
  });

  it.each([
    [{ ...date('lastSeenDate', '15', '6', '') }, 'lastSeenDate', 'The date the child was last seen must include a year'],
    [{ ...date('lastSeenDate', '31', '2', '2025') }, 'lastSeenDate', 'The date the child was last seen must be a real date'],
    [{ lastSeenTime: 'teatime' }, 'lastSeenTime', 'Enter the time the child was last seen in the format 14:30 or 2:30pm'],
    [{ lastSeenTime: '25:00' }, 'lastSeenTime', 'The time the child was last seen must be a real time'],
    [{ lastSeenTime: '11pm' }, 'lastSeenDate', 'The date and time the child was last seen must be in the past'],
    [{ reportedToPoliceTime: '' }, 'reportedToPoliceTime', 'Enter the time the child was reported to the police'],
    [{ policeReference: 'X'.repeat(61) }, 'policeReference', 'The police reference must be 60 characters or fewer'],
    [{ policeRiskLevel: 'EXTREME' }, 'policeRiskLevel', 'Select the risk level the police gave, or ‘Not graded yet’'],
  ])('should say what to fix when an answer is wrong (%#)', async (change, field, message) => {
    const childId = await aChild();
    const page = await worker.post(`/children/${childId}/missing/new`, { ...REPORT, ...change, intent: 'continue' });
    expect(titleOf(page.body)).toBe('Error: Report a child missing – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([{ href: `#${field}${field.endsWith('Date') ? '-day' : ''}`, text: message }]);
    expect(inlineErrorOf(page.body, field)).toBe(message);
  });

  it('should put the record’s rules back on the question they concern, and save nothing', async () => {
    const childId = await aChild();
    // Looked after since 1 January 2024: a child cannot go missing from care before that.
    const check = await worker.post(`/children/${childId}/missing/new`, {
      ...REPORT,
      ...date('lastSeenDate', '1', '12', '2023'),
      ...date('reportedToPoliceDate', '1', '12', '2023'),
      intent: 'continue',
    });
    const saved = await worker.post(`/children/${childId}/missing/new`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(200);
    expect(titleOf(saved.body)).toBe('Error: Report a child missing – Lantern');
    const [error] = errorSummaryOf(saved.body);
    expect(error?.href).toBe('#lastSeenDate-day');
    expect(error?.text).toContain('It cannot be before they were first looked after, 1 January 2024');
    expect(saved.body).toContain('value="KP-WEB-0001"');
    expect(await episodesOf(childId)).toEqual([]);
  });

  it('should ask when the host authority was told only for a child placed out of area, and check it', async () => {
    const childId = await aChild();
    await placeInMedway(childId);
    const form = await worker.get(`/children/${childId}/missing/new`);
    expect(form.body).toContain('id="hostAuthorityToldDate"');
    const check = await worker.post(`/children/${childId}/missing/new`, {
      ...REPORT,
      ...date('hostAuthorityToldDate', '14', '6', '2025'),
      hostAuthorityToldTime: '8:00am',
      intent: 'continue',
    });
    // Told before the child was last seen: an error on the question page, before check your answers.
    expect(titleOf(check.body)).toBe('Error: Report a child missing – Lantern');
    expect(errorSummaryOf(check.body)).toEqual([
      {
        href: '#hostAuthorityToldDate-day',
        text: 'The date and time the host authority was told must be after the child was last seen, 15 June 2025 at 9:30am',
      },
    ]);
    // Posted straight to save, the record's rule still refuses it.
    const saved = await worker.post(`/children/${childId}/missing/new`, {
      ...hiddenFieldsOf(check.body),
      ...REPORT,
      ...date('hostAuthorityToldDate', '14', '6', '2025'),
      hostAuthorityToldTime: '8:00am',
      intent: 'save',
    });
    expect(titleOf(saved.body)).toBe('Error: Report a child missing – Lantern');
    expect(await episodesOf(childId)).toEqual([]);
    const checked = await worker.post(`/children/${childId}/missing/new`, {
      ...REPORT,
      ...date('hostAuthorityToldDate', '15', '6', '2025'),
      hostAuthorityToldTime: '11:00',
      intent: 'continue',
    });
    expect(checked.body).toContain('Host authority told');

    const fixed = await worker.post(`/children/${childId}/missing/new`, {
      ...REPORT,
      ...date('hostAuthorityToldDate', '15', '6', '2025'),
      hostAuthorityToldTime: '11:00',
      intent: 'save',
    });
    expect(fixed.statusCode).toBe(303);
    const [episode] = await episodesOf(childId);
    expect(episode).toMatchObject({ hostAuthorityCode: MEDWAY, hostAuthorityToldAt: '2025-06-15T10:00:00.000Z' });
  });

  it('should say the child is already missing instead of asking again', async () => {
    const childId = await aChild();
    await kent('POST', `/children/${childId}/missing-episodes`, { type: 'A', startAt: '2025-06-14T18:00:00Z' });
    const page = await worker.get(`/children/${childId}/missing/new`);
    expect(titleOf(page.body)).toBe('This child is already recorded as missing – Lantern');
    expect(page.body).toContain('14 June 2025 at 7:00pm');
    const posted = await worker.post(`/children/${childId}/missing/new`, { ...REPORT, intent: 'save' });
    expect(titleOf(posted.body)).toBe('This child is already recorded as missing – Lantern');
    expect(await episodesOf(childId)).toHaveLength(1);
  });

  it('should answer "Page not found" to anyone who may not change the record, and save nothing', async () => {
    const childId = await aChild();
    await placeInMedway(childId);
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'social_worker')).client;
    const croydon = (await signedInClient(t.app, t.services, CROYDON, 'team_manager')).client;
    const analyst = (await signedInClient(t.app, t.services, KENT, 'organisation_administrator')).client;
    for (const client of [medway, croydon, analyst]) {
      const page = await client.get(`/children/${childId}/missing/new`);
      expect(page.statusCode).toBe(404);
      expect(titleOf(page.body)).toBe('Page not found – Lantern');
      const posted = await client.post(`/children/${childId}/missing/new`, { ...REPORT, intent: 'save' });
      expect(posted.statusCode).toBe(404);
    }
    expect(await episodesOf(childId)).toEqual([]);
    expect((await worker.get('/children/not-a-uuid/missing/new')).statusCode).toBe(404);
    expect((await worker.get(`/children/${crypto.randomUUID()}/missing/new`)).statusCode).toBe(404);
  });

  it('should refuse a form posted without the CSRF token', async () => {
    const childId = await aChild();
    await worker.get(`/children/${childId}/missing/new`);
    const posted = await worker.post(`/children/${childId}/missing/new`, { ...REPORT, intent: 'save' }, { withCsrf: false });
    expect(posted.statusCode).toBe(403);
    expect(await episodesOf(childId)).toEqual([]);
  });
});

async function missingChild(startAt = '2025-06-14T20:00:00Z'): Promise<{ childId: string; episodeId: string }> {
  const childId = await aChild({ givenNames: 'Dardan', familyName: `Cameback${children}` });
  const created = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt, policeReference: 'KP-RET-1' });
  return { childId, episodeId: (created.body as { id: string }).id };
}

const RETURN = {
  ...date('endDate', '15', '6', '2025'),
  endTime: '7:45am',
  endReason: 'FOUND_POLICE',
  harmDisclosed: 'SUSPECTED',
  exploitationDisclosed: 'yes',
};

describe('recording that a child came back', () => {
  it('should ask, check, save with the version read, and confirm when the interview is due', async () => {
    const { episodeId } = await missingChild();
    const form = await worker.get(`/missing-episodes/${episodeId}/return`);
    expect(titleOf(form.body)).toBe('Record that the child came back – Lantern');
    expect(form.body).toContain('<input type="hidden" name="version" value="1">');
    expect(form.body).toContain('14 June 2025 at 9:00pm');

    const check = await worker.post(`/missing-episodes/${episodeId}/return`, { ...RETURN, version: '1', intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before recording the return – Lantern');
    expect(check.body).toContain('Found by the police');
    expect(hiddenFieldsOf(check.body)).toMatchObject({ version: ['1'], endReason: ['FOUND_POLICE'] });

    const saved = await worker.post(`/missing-episodes/${episodeId}/return`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/missing-episodes/${episodeId}/return?confirmation=1`);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({
      endAt: '2025-06-15T06:45:00.000Z',
      endReason: 'FOUND_POLICE',
      harmDisclosed: 'SUSPECTED',
      exploitationDisclosed: true,
      version: 2,
    });

    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Return recorded – Lantern');
    // 72 hours after 7:45am on 15 June.
    expect(confirmation.body).toContain('Return home interview due by 18 June 2025 at 7:45am');
    expect(confirmation.body).toContain('consider whether to raise a trafficking concern');
  });

  it('should put "came back before going missing" on the date they came back, before check your answers', async () => {
    const { episodeId } = await missingChild();
    const saved = await worker.post(`/missing-episodes/${episodeId}/return`, {
      ...RETURN,
      ...date('endDate', '13', '6', '2025'),
      version: '1',
      intent: 'continue',
    });
    expect(saved.statusCode).toBe(200);
    expect(titleOf(saved.body)).toBe('Error: Record that the child came back – Lantern');
    expect(errorSummaryOf(saved.body)).toEqual([
      { href: '#endDate-day', text: 'The date and time the child came back must be after they went missing, 14 June 2025 at 9:00pm' },
    ]);
    expect(inlineErrorOf(saved.body, 'endDate')).toContain('must be after they went missing');
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.endAt).toBeNull();
  });

  it('should ask how the episode ended', async () => {
    const { episodeId } = await missingChild();
    const page = await worker.post(`/missing-episodes/${episodeId}/return`, {
      ...date('endDate', '15', '6', '2025'),
      endTime: '10:00',
      version: '1',
      intent: 'continue',
    });
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#endReason', text: 'Select how the missing episode ended' }]);
  });

  it('should show a clear error page and save nothing when someone else changed the episode first', async () => {
    const { episodeId } = await missingChild();
    const check = await worker.post(`/missing-episodes/${episodeId}/return`, { ...RETURN, version: '1', intent: 'continue' });
    // Meanwhile a colleague adds the police risk level.
    await kent('PATCH', `/missing-episodes/${episodeId}`, { policeRiskLevel: 'MEDIUM', version: 1 });
    const saved = await worker.post(`/missing-episodes/${episodeId}/return`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(409);
    expect(titleOf(saved.body)).toBe('Someone else has changed this record – Lantern');
    expect(saved.body).toContain('Nothing has been saved');
    expect(saved.body).toContain(`href="/missing-episodes/${episodeId}/return"`);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({ endAt: null, version: 2 });
  });

  it('should say when the return is already recorded', async () => {
    const { episodeId } = await missingChild();
    await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-06-15T06:00:00Z', endReason: 'RETURNED_SELF', version: 1 });
    const page = await worker.get(`/missing-episodes/${episodeId}/return`);
    expect(titleOf(page.body)).toBe('This child’s return is already recorded – Lantern');
    expect(page.body).toContain(`/missing-episodes/${episodeId}/return-interview`);
  });

  it('should answer "Page not found" to those who may not change the record', async () => {
    const { childId, episodeId } = await missingChild();
    await placeInMedway(childId);
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'team_manager')).client;
    expect((await medway.get(`/missing-episodes/${episodeId}/return`)).statusCode).toBe(404);
    expect((await medway.post(`/missing-episodes/${episodeId}/return`, { ...RETURN, version: '1', intent: 'save' })).statusCode).toBe(404);
    expect((await worker.get(`/missing-episodes/${crypto.randomUUID()}/return`)).statusCode).toBe(404);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.endAt).toBeNull();
  });
});

async function returnedChild(startAt = '2025-06-13T20:00:00Z', endAt = '2025-06-14T09:00:00Z'): Promise<{ childId: string; episodeId: string }> {
  const { childId, episodeId } = await missingChild(startAt);
  const closed = await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt, endReason: 'RETURNED_SELF', version: 1 });
  if (closed.status !== 200) throw new Error(JSON.stringify(closed.body));
  return { childId, episodeId };
}

const INTERVIEW = {
  response: 'ACCEPTED',
  ...date('offeredDate', '14', '6', '2025'),
  offeredTime: '11:00',
  ...date('completedDate', '15', '6', '2025'),
  completedTime: '10:00',
  interviewerType: 'INDEPENDENT_PROVIDER',
  outcomes: ['SAFEGUARDING_REFERRAL', 'POLICE_INTELLIGENCE'],
};

describe('recording a return home interview', () => {
  it('should ask, check, save, and confirm that it was completed within 72 hours', async () => {
    const { episodeId } = await returnedChild();
    const form = await worker.get(`/missing-episodes/${episodeId}/return-interview`);
    expect(titleOf(form.body)).toBe('Record a return home interview – Lantern');
    expect(form.body).toContain('The interview is due by 17 June 2025 at 10:00am');

    const check = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...INTERVIEW, intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before recording the interview – Lantern');
    expect(check.body).toContain('Safeguarding referral, Information shared with the police');
    expect(hiddenFieldsOf(check.body)['outcomes']).toEqual(['SAFEGUARDING_REFERRAL', 'POLICE_INTELLIGENCE']);

    const saved = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/missing-episodes/${episodeId}/return-interview?confirmation=1`);
    const interview = await t.handle.db.selectFrom('returnInterview').selectAll().where('episodeId', '=', episodeId).executeTakeFirstOrThrow();
    expect(interview).toMatchObject({
      response: 'ACCEPTED',
      offeredAt: '2025-06-14T10:00:00.000Z',
      completedAt: '2025-06-15T09:00:00.000Z',
      outcomes: ['SAFEGUARDING_REFERRAL', 'POLICE_INTELLIGENCE'],
      version: 1,
    });

    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Return home interview recorded – Lantern');
    expect(confirmation.body).toContain('Completed within 72 hours');
  });

  it('should confirm an interview completed more than 72 hours after the return as late', async () => {
    const { episodeId } = await returnedChild('2025-06-09T20:00:00Z', '2025-06-10T09:00:00Z');
    const saved = await worker.post(`/missing-episodes/${episodeId}/return-interview`, {
      ...INTERVIEW,
      ...date('offeredDate', '10', '6', '2025'),
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location!);
    expect(confirmation.body).toContain('Completed late');
  });

  it('should record an interview not offered, with the reason', async () => {
    const { episodeId } = await returnedChild();
    const missingReason = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { response: 'NOT_OFFERED', intent: 'continue' });
    expect(errorSummaryOf(missingReason.body)).toEqual([{ href: '#notOfferedReason', text: 'Enter why the return home interview was not offered' }]);
    const saved = await worker.post(`/missing-episodes/${episodeId}/return-interview`, {
      response: 'NOT_OFFERED',
      notOfferedReason: 'Went missing again within hours',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    expect((await worker.get(saved.headers.location!)).body).toContain('Not offered');
  });

  it('should ask when an accepted interview was offered', async () => {
    const { episodeId } = await returnedChild();
    const page = await worker.post(`/missing-episodes/${episodeId}/return-interview`, {
      ...INTERVIEW,
      ...date('offeredDate', '', '', ''),
      offeredTime: '',
      intent: 'continue',
    });
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#offeredDate-day', text: 'Enter the date the interview was offered' },
      { href: '#offeredTime', text: 'Enter the time the interview was offered' },
    ]);
  });

  it.each([
    [{ response: '' }, 'response', 'Select whether the return home interview was accepted, declined or not offered'],
    [
      { ...date('offeredDate', '13', '6', '2025') },
      'offeredDate',
      'The date and time the interview was offered must be after the child came back, 14 June 2025 at 10:00am',
    ],
    [{ response: 'DECLINED' }, 'completedDate', 'Remove the date the interview was completed, or select ‘Offered and accepted’'],
    [
      { ...date('completedDate', '14', '6', '2025'), completedTime: '10:30' },
      'completedDate',
      'The date and time the interview was completed must be after it was offered',
    ],
    [{ outcomes: ['NO_FURTHER_ACTION', 'CARE_PLAN_CHANGE'] }, 'outcomes', 'Select ‘No further action’ on its own, or remove it'],
  ])('should say what to fix when an answer is wrong (%#)', async (change, field, message) => {
    const { episodeId } = await returnedChild();
    const page = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...INTERVIEW, ...change, intent: 'continue' });
    expect(titleOf(page.body)).toBe('Error: Record a return home interview – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([{ href: `#${field}${field.endsWith('Date') ? '-day' : ''}`, text: message }]);
    expect(inlineErrorOf(page.body, field)).toBe(message);
  });

  it('should fill in an interview already recorded and refuse a change made on a stale version', async () => {
    const { episodeId } = await returnedChild();
    await kent('PUT', `/missing-episodes/${episodeId}/return-interview`, { response: 'ACCEPTED', offeredAt: '2025-06-14T10:00:00Z' });
    const form = await worker.get(`/missing-episodes/${episodeId}/return-interview`);
    expect(form.body).toContain('<input type="hidden" name="version" value="1">');
    expect(form.body).toMatch(/value="ACCEPTED" checked/);
    expect(form.body).toMatch(/name="offeredDate-day" type="text" value="14"/);
    expect(form.body).toContain('value="11:00"');

    const check = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...INTERVIEW, version: '1', intent: 'continue' });
    await kent('PUT', `/missing-episodes/${episodeId}/return-interview`, { response: 'DECLINED', offeredAt: '2025-06-14T10:00:00Z', version: 1 });
    const saved = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(409);
    expect(titleOf(saved.body)).toBe('Someone else has changed this record – Lantern');
    const interview = await t.handle.db.selectFrom('returnInterview').selectAll().where('episodeId', '=', episodeId).executeTakeFirstOrThrow();
    expect(interview).toMatchObject({ response: 'DECLINED', version: 2 });
  });

  it('should ask for the return first while the child is still missing', async () => {
    const { episodeId } = await missingChild();
    const page = await worker.get(`/missing-episodes/${episodeId}/return-interview`);
    expect(titleOf(page.body)).toBe('Record that the child came back first – Lantern');
    const posted = await worker.post(`/missing-episodes/${episodeId}/return-interview`, { ...INTERVIEW, intent: 'save' });
    expect(titleOf(posted.body)).toBe('Record that the child came back first – Lantern');
    expect(await t.handle.db.selectFrom('returnInterview').selectAll().where('episodeId', '=', episodeId).execute()).toEqual([]);
  });

  it('should answer "Page not found" to those who may not change the record', async () => {
    const { episodeId } = await returnedChild();
    const croydon = (await signedInClient(t.app, t.services, CROYDON, 'social_worker')).client;
    expect((await croydon.get(`/missing-episodes/${episodeId}/return-interview`)).statusCode).toBe(404);
    expect((await croydon.post(`/missing-episodes/${episodeId}/return-interview`, { ...INTERVIEW, intent: 'save' })).statusCode).toBe(404);
    expect(await t.handle.db.selectFrom('returnInterview').selectAll().where('episodeId', '=', episodeId).execute()).toEqual([]);
  });
});

describe('changing an open missing episode', () => {
  const CHANGES = {
    type: 'M',
    ...date('lastSeenDate', '14', '6', '2025'),
    lastSeenTime: '9:00pm',
    lastSeenLocation: 'Ashford station',
    ...date('reportedToPoliceDate', '14', '6', '2025'),
    reportedToPoliceTime: '10:30pm',
    policeForce: 'Kent Police',
    policeReference: 'KP-CHG-2',
    policeRiskLevel: 'HIGH',
  };

  it('should fill in what is recorded, check the answers with a Change on each row, save, and audit before and after', async () => {
    const { childId, episodeId } = await missingChild();
    const record = await worker.get(`/children/${childId}`);
    expect(record.body).toContain(`href="/missing-episodes/${episodeId}/change"`);

    const form = await worker.get(`/missing-episodes/${episodeId}/change`);
    expect(form.statusCode).toBe(200);
    expect(titleOf(form.body)).toBe('Change the missing episode – Lantern');
    expect(form.body).toContain('value="KP-RET-1"');
    // 20:00 UTC on 14 June is 9pm in the UK.
    expect(form.body).toContain('value="21:00"');
    expect(hiddenFieldsOf(form.body)['version']).toEqual(['1']);

    const check = await worker.post(`/missing-episodes/${episodeId}/change`, { ...CHANGES, version: '1', intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before changing the missing episode – Lantern');
    expect(check.body).toContain('KP-CHG-2');
    expect(check.body).toContain(`formaction="/missing-episodes/${episodeId}/change#policeReference"`);
    expect(check.body).toContain('Change<span class="govuk-visually-hidden"> police risk level</span>');

    // A row's Change goes back to the question page with every answer kept.
    const change = await worker.post(`/missing-episodes/${episodeId}/change`, { ...hiddenFieldsOf(check.body), intent: 'change' });
    expect(titleOf(change.body)).toBe('Change the missing episode – Lantern');
    expect(change.body).toContain('value="KP-CHG-2"');
    expect(change.body).toContain('value="Ashford station"');

    const saved = await worker.post(`/missing-episodes/${episodeId}/change`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/missing-episodes/${episodeId}/change?confirmation=1`);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({
      policeReference: 'KP-CHG-2',
      policeRiskLevel: 'HIGH',
      reportedToPoliceAt: '2025-06-14T21:30:00.000Z',
      lastSeenLocation: 'Ashford station',
      startAt: '2025-06-14T20:00:00.000Z',
      endAt: null,
      version: 2,
    });

    const [audit] = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'details'])
      .where('entityId', '=', episodeId)
      .where('action', '=', 'CHANGE')
      .execute();
    expect(audit).toMatchObject({
      entity: 'missingEpisode',
      details: { policeReference: { before: 'KP-RET-1', after: 'KP-CHG-2' }, policeRiskLevel: { before: null, after: 'HIGH' } },
    });

    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Missing episode updated – Lantern');
    expect(confirmation.body).toContain('Police reference KP-CHG-2');
    expect(await viewsOf(childId)).toContainEqual({ entity: 'child', details: { view: 'full', journey: 'change-episode' } });
  });

  it('should put a police report before the child was last seen on the question page, and save nothing', async () => {
    const { episodeId } = await missingChild();
    const page = await worker.post(`/missing-episodes/${episodeId}/change`, {
      ...CHANGES,
      ...date('reportedToPoliceDate', '14', '6', '2025'),
      reportedToPoliceTime: '8:59pm',
      version: '1',
      intent: 'continue',
    });
    expect(titleOf(page.body)).toBe('Error: Change the missing episode – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([
      {
        href: '#reportedToPoliceDate-day',
        text: 'The date and time the child was reported to the police must be after the child was last seen, 14 June 2025 at 9:00pm',
      },
    ]);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.version).toBe(1);
  });

  it('should ask when the host authority was told for an episode out of area', async () => {
    const { childId } = await missingChild();
    await placeInMedway(childId);
    // The episode is out of area when it starts from the placement in Medway.
    await kent('POST', `/missing-episodes/${(await episodesOf(childId))[0]!.id}/return`, {
      endAt: '2025-06-14T21:00:00Z',
      endReason: 'RETURNED_SELF',
      version: 1,
    });
    const created = await kent('POST', `/children/${childId}/missing-episodes`, { type: 'M', startAt: '2025-06-15T08:00:00Z' });
    const episodeId = (created.body as { id: string }).id;
    const form = await worker.get(`/missing-episodes/${episodeId}/change`);
    expect(form.body).toContain('id="hostAuthorityToldDate"');
    const saved = await worker.post(`/missing-episodes/${episodeId}/change`, {
      ...CHANGES,
      ...date('lastSeenDate', '15', '6', '2025'),
      lastSeenTime: '9:00',
      ...date('reportedToPoliceDate', '15', '6', '2025'),
      reportedToPoliceTime: '9:30',
      ...date('hostAuthorityToldDate', '15', '6', '2025'),
      hostAuthorityToldTime: '10:00',
      version: '1',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode).toMatchObject({ hostAuthorityCode: MEDWAY, hostAuthorityToldAt: '2025-06-15T09:00:00.000Z' });
  });

  it('should refuse a change made on a stale version, and say the episode has ended once it has', async () => {
    const { episodeId } = await missingChild();
    await kent('PATCH', `/missing-episodes/${episodeId}`, { policeReference: 'KP-OTHER', version: 1 });
    const stale = await worker.post(`/missing-episodes/${episodeId}/change`, { ...CHANGES, version: '1', intent: 'save' });
    expect(stale.statusCode).toBe(409);
    expect(titleOf(stale.body)).toBe('Someone else has changed this record – Lantern');
    await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-06-15T06:00:00Z', endReason: 'RETURNED_SELF', version: 2 });
    const ended = await worker.get(`/missing-episodes/${episodeId}/change`);
    expect(titleOf(ended.body)).toBe('This missing episode has ended – Lantern');
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.policeReference).toBe('KP-OTHER');
  });

  it('should answer "Page not found" to those who may not change the record', async () => {
    const { childId, episodeId } = await missingChild();
    await placeInMedway(childId);
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'team_manager')).client;
    expect((await medway.get(`/missing-episodes/${episodeId}/change`)).statusCode).toBe(404);
    expect((await medway.post(`/missing-episodes/${episodeId}/change`, { ...CHANGES, version: '1', intent: 'save' })).statusCode).toBe(404);
    expect((await worker.get(`/missing-episodes/${crypto.randomUUID()}/change`)).statusCode).toBe(404);
    const episode = await t.handle.db.selectFrom('missingEpisode').selectAll().where('id', '=', episodeId).executeTakeFirstOrThrow();
    expect(episode.version).toBe(1);
  });
});

describe('the missing pages for people not signed in', () => {
  it('should send them to sign in, for pages and forms alike', async () => {
    for (const url of [
      `/children/${crypto.randomUUID()}/missing/new`,
      `/missing-episodes/${crypto.randomUUID()}/return`,
      `/missing-episodes/${crypto.randomUUID()}/return-interview`,
      `/missing-episodes/${crypto.randomUUID()}/change`,
    ]) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await t.app.inject({ method, url });
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toBe('/sign-in');
      }
    }
  });
});
