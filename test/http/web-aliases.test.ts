import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/build-test-app.ts';
import { errorSummaryOf, hiddenFieldsOf } from '../helpers/html.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { createLookedAfterChild, kentSocialWorkerApp, MEDWAY } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// Add an alias through app.inject: the question page drawn from the question list, check your
// answers, the confirmation, and the change audited with its before and after. The test clock is
// 15 June 2025.

let t: TestApp;
let kent: Api;
let worker: WebClient;

beforeAll(async () => {
  ({ t, kent, worker } = await kentSocialWorkerApp());
});
afterAll(async () => t.close());

const ALIAS = {
  givenNames: 'Mimi',
  familyName: '',
  'seenOn-day': '2',
  'seenOn-month': '6',
  'seenOn-year': '2025',
  seenWhere: 'Police record',
  source: 'Kent Police',
};

describe('adding an alias', () => {
  it('should ask, check, save, confirm, and audit the change with its before and after', async () => {
    const { id: childId } = await createLookedAfterChild(kent, { givenNames: 'Almaz', familyName: 'Aliasperson' });
    const form = await worker.get(`/children/${childId}/aliases/new`);
    expect(titleOf(form.body)).toBe('Add a name the child has been known by – Lantern');
    expect(form.body).toContain('Almaz Aliasperson');
    expect(form.body).toContain('Where the name was seen (optional)');

    const check = await worker.post(`/children/${childId}/aliases/new`, { ...ALIAS, intent: 'continue' });
    expect(titleOf(check.body)).toBe('Check your answers before adding the alias – Lantern');
    expect(check.body).toContain('2 June 2025');
    const saved = await worker.post(`/children/${childId}/aliases/new`, { ...hiddenFieldsOf(check.body), intent: 'save' });
    expect(saved.statusCode).toBe(303);
    const confirmation = await worker.get(saved.headers.location!);
    expect(titleOf(confirmation.body)).toBe('Alias added – Lantern');

    const aliases = await t.handle.db.selectFrom('childAlias').selectAll().where('childId', '=', childId).execute();
    expect(aliases).toMatchObject([{ givenNames: 'Mimi', familyName: null, seenOn: '2025-06-02', seenWhere: 'Police record', source: 'Kent Police' }]);
    const [event] = await t.handle.db
      .selectFrom('auditEvent')
      .select(['entity', 'details'])
      .where('childId', '=', childId)
      .where('action', '=', 'CREATE')
      .where('entity', '=', 'alias')
      .execute();
    expect(event?.details).toMatchObject({ givenNames: { before: null, after: 'Mimi' }, seenWhere: { before: null, after: 'Police record' } });
  });

  it('should say what is missing and what is wrong, on the question, and save nothing', async () => {
    const { id: childId } = await createLookedAfterChild(kent);
    const empty = await worker.post(`/children/${childId}/aliases/new`, { intent: 'continue' });
    expect(errorSummaryOf(empty.body)).toEqual([
      { href: '#givenNames', text: 'Enter the given names or family name the child was known by' },
      { href: '#seenOn-day', text: 'Enter the date the name was seen' },
      { href: '#source', text: 'Enter who gave or found the name' },
    ]);
    const future = await worker.post(`/children/${childId}/aliases/new`, { ...ALIAS, 'seenOn-year': '2026', intent: 'save' });
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#seenOn-day', text: 'The date the name was seen must be today or in the past' }]);
    expect(await t.handle.db.selectFrom('childAlias').selectAll().where('childId', '=', childId).execute()).toEqual([]);
  });

  it('should answer "Page not found" to someone who may not change the record', async () => {
    const { id: childId } = await createLookedAfterChild(kent);
    const medway = (await signedInClient(t.app, t.services, MEDWAY, 'social_worker')).client;
    expect((await medway.get(`/children/${childId}/aliases/new`)).statusCode).toBe(404);
    expect((await medway.post(`/children/${childId}/aliases/new`, { ...ALIAS, intent: 'save' })).statusCode).toBe(404);
  });
});
