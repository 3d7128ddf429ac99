import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf, inlineErrorOf, selectedOf, summaryOf, textAt, textOf } from '../helpers/html.ts';
import { signedInClient, titleOf, webClient } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The care-period pages: add a care period (placed in or out of area) and end one.

let t: TestApp;
let kentApi: Api;
let worker: WebClient;
let workerId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kentApi = apiClient(t.app, await t.token(KENT, 'social_worker'));
  ({ client: worker, userId: workerId } = await signedInClient(t.app, t.services, KENT, 'team_manager'));
});
afterAll(async () => {
  await t.close();
});

const panelOf = (html: string): string => textAt(html, '.govuk-panel');

const date = (name: string, iso: string): Record<string, string> => {
  const [year, month, day] = iso.split('-') as [string, string, string];
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year };
};

const periodsOf = (childId: string) => t.handle.db.selectFrom('carePeriod').selectAll().where('childId', '=', childId).orderBy('startDate').execute();

/** A Kent child whose care period since 1 January 2024 ended on 31 March 2025. */
async function childLeftCare(): Promise<string> {
  const { id } = await createLookedAfterChild(kentApi);
  const [period] = await periodsOf(id);
  expect((await kentApi('PATCH', `/care-periods/${period!.id}`, { endDate: '2025-03-31', reasonCeased: 'E13', version: period!.version })).status).toBe(200);
  return id;
}

describe('adding a care period', () => {
  let childId: string;
  beforeAll(async () => {
    childId = await childLeftCare();
  });
  const url = () => `/children/${childId}/care-periods/new`;
  const answers = { ...date('startDate', '2025-04-01'), reasonNewEpisode: 'S', legalStatus: 'V2', placementType: 'U6', hostAuthorityCode: KENT };

  it('should ask the questions with the 903 code lists, placing the child in their own authority unless said otherwise', async () => {
    const page = await worker.get(url());
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Add a care period – Lantern');
    expect(page.body).toContain('<option value="C2">C2: Full care order</option>');
    expect(page.body).toContain('<option value="T">T: Change of placement (but same carer(s)) only</option>');
    expect(page.body).toContain('<option value="K2">K2: Children&#39;s homes subject to Children&#39;s Homes Regulations</option>');
    expect(selectedOf(page.body, 'hostAuthorityCode')).toBe(KENT);
    expect(page.body).toContain('<option value="E06000035">Medway</option>');
    expect(page.body).not.toContain('The current care period started');
  });

  it('should say what is missing', async () => {
    const page = await worker.post(url(), { hostAuthorityCode: '' });
    expect(titleOf(page.body)).toBe('Error: Add a care period – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#startDate-day', text: 'Enter the date the care period started' },
      { href: '#reasonNewEpisode', text: 'Select the reason for the new episode' },
      { href: '#legalStatus', text: 'Select the child’s legal status' },
      { href: '#placementType', text: 'Select the type of placement' },
      { href: '#hostAuthorityCode', text: 'Select the local authority the child is placed in' },
    ]);
    expect(inlineErrorOf(page.body, 'startDate')).toBe('Enter the date the care period started');
    expect(inlineErrorOf(page.body, 'legalStatus')).toBe('Select the child’s legal status');
    expect(inlineErrorOf(page.body, 'placementType')).toBe('Select the type of placement');
    expect(inlineErrorOf(page.body, 'hostAuthorityCode')).toBe('Select the local authority the child is placed in');
  });

  it('should refuse a code that is not on the 903 lists, and an authority that does not exist', async () => {
    const codes = await worker.post(url(), { ...answers, reasonNewEpisode: 'X', legalStatus: 'ZZ', placementType: 'Q9' });
    expect(errorSummaryOf(codes.body).map((error) => error.href)).toEqual(['#reasonNewEpisode', '#legalStatus', '#placementType']);
    const authority = await worker.post(url(), { ...answers, hostAuthorityCode: 'E99999999', intent: 'save' });
    expect(errorSummaryOf(authority.body)).toEqual([
      { href: '#hostAuthorityCode', text: 'Select a local authority from the list: this code is not a UK authority with children’s services' },
    ]);
    expect(await periodsOf(childId)).toHaveLength(1);
  });

  it('should refuse a care period starting before the last one ended, and save nothing', async () => {
    const page = await worker.post(url(), { ...answers, ...date('startDate', '2025-03-01'), intent: 'save' });
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#startDate-day', text: 'This care period overlaps another. A new care period starts on or after the day the previous one ended' },
    ]);
    expect(inlineErrorOf(page.body, 'startDate')).toBe(
      'This care period overlaps another. A new care period starts on or after the day the previous one ended',
    );
    expect(await periodsOf(childId)).toHaveLength(1);
  });

  it('should check the answers, add the care period in area, and confirm it with no out-of-area warning', async () => {
    const check = await worker.post(url(), answers);
    expect(titleOf(check.body)).toBe('Check your answers before adding the care period – Lantern');
    expect(summaryOf(check.body)).toEqual({
      'Start date': '1 April 2025',
      'Reason for the new episode': 'S: Started to be looked after',
      'Legal status': 'V2: Single period of accommodation under section 20 (Children Act 1989)',
      'Placement type': 'U6: Foster placement with other foster carer(s) – not long term or fostering for adoption/concurrent planning',
      'Placed in': 'Kent',
    });
    const changing = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'change' });
    expect(selectedOf(changing.body, 'reasonNewEpisode')).toBe('S');
    expect(selectedOf(changing.body, 'legalStatus')).toBe('V2');
    expect(selectedOf(changing.body, 'placementType')).toBe('U6');
    const saved = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const periods = await periodsOf(childId);
    expect(periods).toHaveLength(2);
    expect(periods[1]).toMatchObject({
      startDate: '2025-04-01',
      endDate: null,
      reasonNewEpisode: 'S',
      legalStatus: 'V2',
      placementType: 'U6',
      hostAuthorityCode: KENT,
      responsibleAuthorityCode: KENT,
    });
    expect(saved.headers.location).toBe(`${url()}?confirmation=${periods[1]!.id}`);
    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Care period added – Lantern');
    expect(panelOf(confirmation.body)).toContain('Care period added');
    expect(confirmation.body).not.toContain('out of area');
  });

  it('should place a child for adoption with their current foster carers (A3), as rule 217 allows with RNE T', async () => {
    const other = await childLeftCare();
    const saved = await worker.post(`/children/${other}/care-periods/new`, {
      ...answers,
      reasonNewEpisode: 'T',
      legalStatus: 'E1',
      placementType: 'A3',
      intent: 'save',
    });
    expect(saved.statusCode).toBe(303);
    const [, period] = await periodsOf(other);
    expect(period).toMatchObject({ reasonNewEpisode: 'T', legalStatus: 'E1', placementType: 'A3' });
  });

  it('should put rule 217 on the reason for the new episode when it does not fit a placement for adoption with current foster carers', async () => {
    const other = await childLeftCare();
    const page = await worker.post(`/children/${other}/care-periods/new`, {
      ...answers,
      reasonNewEpisode: 'P',
      legalStatus: 'E1',
      placementType: 'A5',
      intent: 'save',
    });
    expect(errorSummaryOf(page.body)).toEqual([
      {
        href: '#reasonNewEpisode',
        text: 'Select S, T or U as the reason for the new episode. A child placed for adoption with their current foster carers (A3 or A5) keeps the same carers',
      },
    ]);
    expect(await periodsOf(other)).toHaveLength(1);
  });

  it('should point to the open care period, which must end first', async () => {
    const page = await worker.get(url());
    expect(textOf(page.body)).toContain('The current care period started on 1 April 2025');
    expect(page.body).toMatch(/href="\/care-periods\/[0-9a-f-]{36}\/end"/);
  });

  it('should say on the confirmation when the placement is out of area and that the host authority should be told', async () => {
    const other = await childLeftCare();
    const saved = await worker.post(`/children/${other}/care-periods/new`, { ...answers, hostAuthorityCode: MEDWAY, intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location!);
    expect(textOf(confirmation.body)).toContain(
      'This placement is out of area, in Medway. Tell Medway’s children’s services that the child has been placed in their area.',
    );
    const [, period] = await periodsOf(other);
    expect(period).toMatchObject({ hostAuthorityCode: MEDWAY });
    // A confirmation for a care period of another child is not found.
    expect((await worker.get(`${url()}?confirmation=${period!.id}`)).statusCode).toBe(404);
  });

  it('should show the not found page to anyone who may not change the child’s record, and save nothing', async () => {
    const other = await childLeftCare();
    for (const [organisation, role] of [
      [MEDWAY, 'social_worker'],
      [CROYDON, 'data_officer'],
      [NATIONAL, 'national_analyst'],
      [KENT_POLICE, 'police_coordinator'],
    ] as const) {
      const { client } = await signedInClient(t.app, t.services, organisation, role);
      expect((await client.get(`/children/${other}/care-periods/new`)).statusCode).toBe(404);
      expect((await client.post(`/children/${other}/care-periods/new`, { ...answers, intent: 'save' })).statusCode).toBe(404);
    }
    expect(await periodsOf(other)).toHaveLength(1);
    expect((await worker.get('/children/nope/care-periods/new')).statusCode).toBe(404);
  });
});

describe('ending a care period', () => {
  let childId: string;
  let periodId: string;
  beforeAll(async () => {
    childId = (await createLookedAfterChild(kentApi)).id;
    periodId = (await periodsOf(childId))[0]!.id;
  });
  const url = () => `/care-periods/${periodId}/end`;
  const answers = { ...date('endDate', '2025-06-01'), reasonCeased: 'E13' };

  it('should show the care period, carry the version read, and audit the reading', async () => {
    const page = await worker.get(url());
    expect(titleOf(page.body)).toBe('End a care period – Lantern');
    expect(summaryOf(page.body)).toEqual({
      'Start date': '1 January 2024',
      'Placement type': 'U1: Foster placement with relative(s) or friend(s) – long term fostering',
      'Legal status': 'C2: Full care order',
    });
    expect(hiddenFieldsOf(page.body)).toEqual({ version: ['1'] });
    expect(page.body).toContain('<option value="E13">');
    // The journey's view of the record: the child, named by the journey, not the care period.
    const events = await t.handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'details'])
      .where('childId', '=', childId)
      .where('actorId', '=', workerId)
      .execute();
    expect(events).toEqual([{ action: 'VIEW_RECORD', entity: 'child', details: { view: 'full', journey: 'end-care-period' } }]);
  });

  it('should say what is missing', async () => {
    const page = await worker.post(url(), { version: '1' });
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#endDate-day', text: 'Enter the date the care period ended' },
      { href: '#reasonCeased', text: 'Select the reason the care period ended' },
    ]);
    expect(inlineErrorOf(page.body, 'endDate')).toBe('Enter the date the care period ended');
    expect(inlineErrorOf(page.body, 'reasonCeased')).toBe('Select the reason the care period ended');
    expect(hiddenFieldsOf(page.body)).toEqual({ version: ['1'] });
  });

  it('should refuse an end before the start or in the future, and save nothing', async () => {
    const early = await worker.post(url(), { ...answers, ...date('endDate', '2023-12-31'), version: '1', intent: 'save' });
    expect(errorSummaryOf(early.body)).toEqual([
      { href: '#endDate-day', text: 'Enter the date the care period ended. It must be on or after 1 January 2024, when it started' },
    ]);
    const future = await worker.post(url(), { ...answers, ...date('endDate', '2025-06-16'), version: '1', intent: 'save' });
    expect(inlineErrorOf(future.body, 'endDate')).toBe('Enter the date the care period ended. It must be today or in the past');
    expect((await periodsOf(childId))[0]).toMatchObject({ endDate: null, version: 1 });
  });

  it('should refuse a form read before someone else changed the care period, save nothing, and show their change', async () => {
    const other = (await createLookedAfterChild(kentApi)).id;
    const [period] = await periodsOf(other);
    const form = await worker.get(`/care-periods/${period!.id}/end`);
    expect(hiddenFieldsOf(form.body)).toEqual({ version: ['1'] });
    expect((await kentApi('PATCH', `/care-periods/${period!.id}`, { endDate: '2025-05-01', reasonCeased: 'E8', version: 1 })).status).toBe(200);
    const stale = await worker.post(`/care-periods/${period!.id}/end`, { ...answers, version: '1', intent: 'save' });
    expect(stale.statusCode).toBe(200);
    expect(errorSummaryOf(stale.body)).toEqual([
      {
        href: '#endDate-day',
        text: 'Someone else changed this care period while you were working on it. The form now shows their changes: check them, and make your change again',
      },
    ]);
    expect(hiddenFieldsOf(stale.body)).toEqual({ version: ['2'] });
    expect(selectedOf(stale.body, 'reasonCeased')).toBe('E8');
    expect((await periodsOf(other))[0]).toMatchObject({ endDate: '2025-05-01', reasonCeased: 'E8', version: 2 });
  });

  it('should check the answers, end the care period and confirm it, none of which counts as another view of the record', async () => {
    const views = () =>
      t.handle.db
        .selectFrom('auditEvent')
        .select('id')
        .where('childId', '=', childId)
        .where('actorId', '=', workerId)
        .where('action', '=', 'VIEW_RECORD')
        .execute();
    const viewsBefore = await views();
    const check = await worker.post(url(), { ...answers, version: '1' });
    expect(titleOf(check.body)).toBe('Check your answers before ending the care period – Lantern');
    expect(summaryOf(check.body)).toEqual({
      'End date': '1 June 2025',
      'Reason the care period ended': 'E13: Left care to live with parent(s), relative(s), or other person(s) with no parental responsibility',
    });
    const saved = await worker.post(url(), { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${url()}?confirmation=1`);
    expect((await periodsOf(childId))[0]).toMatchObject({ endDate: '2025-06-01', reasonCeased: 'E13', version: 2 });
    const confirmation = await worker.get(saved.headers.location!);
    expect(panelOf(confirmation.body)).toBe('Care period ended Ended on 1 June 2025');
    expect(confirmation.body).toContain(`href="/children/${childId}"`);
    expect(await views()).toEqual(viewsBefore);
  });

  it('should show the not found page to a host authority, which sees the placement but may not change it', async () => {
    const hosted = (await createLookedAfterChild(kentApi)).id;
    const [period] = await periodsOf(hosted);
    expect((await kentApi('PATCH', `/care-periods/${period!.id}`, { hostAuthorityCode: MEDWAY, version: 1 })).status).toBe(200);
    const { client: host } = await signedInClient(t.app, t.services, MEDWAY, 'social_worker');
    const page = await host.get(`/care-periods/${period!.id}/end`);
    expect(page.statusCode).toBe(404);
    expect(titleOf(page.body)).toBe('Page not found – Lantern');
    expect((await host.post(`/care-periods/${period!.id}/end`, { ...answers, version: '2', intent: 'save' })).statusCode).toBe(404);
    expect((await periodsOf(hosted))[0]).toMatchObject({ endDate: null, version: 2 });
    expect((await worker.get(`/care-periods/${randomUUID()}/end`)).statusCode).toBe(404);
  });

  it('should send someone who is not signed in to sign in', async () => {
    const anonymous = webClient(t.app);
    expect((await anonymous.get(url())).headers.location).toBe('/sign-in');
    const post = await anonymous.post(url(), { ...answers, version: '2', intent: 'save' }, { withCsrf: false });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toBe('/sign-in');
  });
});
